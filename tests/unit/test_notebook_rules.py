"""Every notebook of the kit follows the notebook rules (see README, Contributing)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from creditkit.reports import notebook_parameters

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALL = NOTEBOOKS + sorted(p for p in (ROOT / "exercises").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
MAX_LOGIC_LINES = 15


def _id(path):
    return str(path.relative_to(ROOT))


def _logic_lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip() and not line.strip().startswith("#"))


def test_there_are_notebooks():
    assert any(p.name == "00_welcome.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert not cell.outputs, f"cell {i} has outputs: run `make strip`"
            assert cell.execution_count is None, f"cell {i} has an execution count: run `make strip`"


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_kernel_is_python3(path):
    assert nbformat.read(path, as_version=4).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_parameters_cell_is_typed_commented_and_has_lang(path):
    params = notebook_parameters(path)  # exactly one cell, literal defaults
    assert "lang" in params and params["lang"].default in ("zh", "en")
    for p in params.values():
        assert p.help, f"parameter {p.name!r} needs a trailing comment (its help text)"
        assert p.default is not None or p.help, p.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_anatomy_title_and_goals(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert " — " in first.source.splitlines()[0], "title should read '# 中文标题 — English title'"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## 学习目标" in markdown and "## Learning goals" in markdown
    assert re.search(r"[\u4e00-\u9fff]", markdown), "narrative is in Chinese"


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_headings_are_in_the_language_of_their_cell(path):
    """A ``zh`` cell's headings are Chinese and an ``en`` cell's English, so each report reads in one language."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags") or []
        if cell.cell_type != "markdown" or not {"zh", "en"} & set(tags):
            continue
        for heading in re.findall(r"^#+ (.+)$", cell.source, flags=re.M):
            chinese = re.search(r"[\u4e00-\u9fff]", heading)
            if "zh" in tags:
                assert chinese, f"cell {i} (zh): heading {heading!r} is not in Chinese"
            else:
                assert not chinese, f"cell {i} (en): heading {heading!r} is not in English"


@pytest.mark.parametrize("path", ALL, ids=_id)
def test_cells_are_short_and_load_no_relative_paths(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert _logic_lines(cell.source) <= MAX_LOGIC_LINES, f"cell {i} holds logic that belongs in creditkit"
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not re.match(r"\.{1,2}/", node.value), f"cell {i}: relative path {node.value!r}"
