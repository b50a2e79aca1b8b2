"""The kit installs from pyproject.toml, environment.yml agrees with it, and the wheel carries its data."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return requirement.strip()[len(_name(requirement)):].replace(" ", "")


def _pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_environment_yml_mirrors_pyproject():
    project = _pyproject()["project"]
    wanted = {_name(r): _spec(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    env = _environment()
    listed = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for r in dep.get("pip", []):
                if not r.startswith("-e"):
                    listed[_name(r)] = _spec(r)
        elif _name(dep) != "python" and dep != "pip":
            listed[_name(dep)] = _spec(dep)
    assert listed == wanted


def test_environment_python_matches_requires_python():
    python = [d for d in _environment()["dependencies"] if isinstance(d, str) and _name(d) == "python"]
    assert python == ["python" + _pyproject()["project"]["requires-python"]]


def test_environment_installs_the_kit_itself():
    pip = [d for d in _environment()["dependencies"] if isinstance(d, dict)][0]["pip"]
    assert "-e ." in pip


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "creditkit").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert {"creditkit._data", "creditkit._notebooks"} <= listed


def test_runtime_dependencies_cover_the_stack():
    names = {_name(r) for r in _pyproject()["project"]["dependencies"]}
    assert {"pandas", "numpy", "scikit-learn", "statsmodels", "matplotlib", "openpyxl", "pyyaml",
            "jupyterlab", "ipywidgets", "papermill", "nbconvert"} <= names
    pandas = [r for r in _pyproject()["project"]["dependencies"] if _name(r) == "pandas"][0]
    assert ">=3" in pandas


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("creditkit-*.whl"))


def test_wheel_ships_datasets_and_notebooks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "creditkit/_data/german_credit.csv.gz" in names
    assert "creditkit/_data/SHA256SUMS" in names
    assert "creditkit/_notebooks/00_welcome.ipynb" in names
    assert "creditkit/evaluation/data/five_c_questionnaire.yaml" in names
    assert "creditkit/receivables/data/signal_rules.yaml" in names
    assert "creditkit/cases/data/ibm_ar_columns.yaml" in names
    assert "creditkit/_data/README.md" in names  # the dataset card travels with the data
    assert sum(n.endswith(".csv.gz") for n in names if n.startswith("creditkit/_data/")) >= 4


def test_loaders_work_from_the_installed_wheel_in_another_directory(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import creditkit, creditkit.datasets as d, creditkit.reports as r;"
        "assert creditkit.__file__.startswith(%r), creditkit.__file__;"
        "import creditkit.evaluation as ev; ev.load_questionnaire(); ev.load_benchmarks();"
        "print(len(d.load_german()), r.notebook_path('00_welcome').parent.name)" % str(site)
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        cwd=work, capture_output=True, text=True, check=True,
    )
    assert done.stdout.split() == ["1000", "_notebooks"]
