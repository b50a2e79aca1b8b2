"""Notebook-to-report machinery: parameters are data, failures are named, HTML is code-free."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from creditkit import reports
from creditkit.errors import NotebookExecutionError, ParameterError
from creditkit.reports.records import _jsonable

MARKER = "# CODE-MARKER-7f3a"


def _write(path, cells):
    nb = new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(nb, path)
    return path


@pytest.fixture
def echo_nb(tmp_path):
    """A notebook that records its parameters back."""
    return _write(
        tmp_path / "echo.ipynb",
        [
            new_markdown_cell("# 回显 — Echo"),
            new_code_cell(
                'text = "plain"  # 文本 / some text\ncount = 3  # 个数 / a count\n'
                'ratio = 0.5  # 比例 / a ratio\nflag = False  # 开关 / a switch\n'
                'items = [1, 2]  # 列表 / a list\nlang = "zh"  # 语言 / language',
                metadata={"tags": ["parameters"]},
            ),
            new_code_cell(
                f"{MARKER}\nimport os\nfrom creditkit.reports import record\n"
                "record('params', dict(text=text, count=count, ratio=ratio, flag=flag, items=items, lang=lang))\n"
                "record('cwd', os.getcwd())\nprint('visible output 42')"
            ),
        ],
    )


def test_notebook_parameters_reads_defaults_types_and_help(echo_nb):
    params = reports.notebook_parameters(echo_nb)
    assert list(params) == ["text", "count", "ratio", "flag", "items", "lang"]
    assert params["count"].default == 3 and params["count"].type_name == "int"
    assert params["ratio"].help == "比例 / a ratio"
    assert params["items"].default == [1, 2]


def test_non_literal_default_is_rejected(tmp_path):
    nb = _write(tmp_path / "bad.ipynb", [new_code_cell("x = 1 + 1", metadata={"tags": ["parameters"]})])
    with pytest.raises(ParameterError, match="default of 'x' must be a literal"):
        reports.notebook_parameters(nb)


@pytest.mark.parametrize("n_cells", [0, 2])
def test_exactly_one_parameters_cell_is_required(tmp_path, n_cells):
    cells = [new_code_cell("x = 1", metadata={"tags": ["parameters"]}) for _ in range(n_cells)]
    nb = _write(tmp_path / "p.ipynb", cells or [new_code_cell("x = 1")])
    with pytest.raises(ParameterError, match=f"exactly one cell tagged 'parameters', found {n_cells}"):
        reports.notebook_parameters(nb)


def test_help_may_hold_equals_and_defaults_may_hold_hashes(tmp_path):
    source = 'sample_size = 0  # 抽样行数 / rows to sample, 0 = all rows\ncolour = "#fff"  # 颜色 / colour'
    nb = _write(tmp_path / "p.ipynb", [new_code_cell(source, metadata={"tags": ["parameters"]})])
    params = reports.notebook_parameters(nb)
    assert params["sample_size"].help == "抽样行数 / rows to sample, 0 = all rows"
    assert params["colour"].default == "#fff"
    assert params["colour"].help == "颜色 / colour"


def test_coerce_converts_to_declared_types(echo_nb):
    got = reports.coerce_parameters(
        echo_nb, {"count": "12", "ratio": "0.25", "flag": "yes", "items": "[3, 4]", "text": 7}
    )
    assert got == {"count": 12, "ratio": 0.25, "flag": True, "items": [3, 4], "text": "7"}


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("count", "twelve", "expects an integer"),
        ("count", True, "expects an integer"),
        ("ratio", "nan", "finite number"),
        ("flag", "maybe", "expects true or false"),
        ("items", "{a: 1}", "expects a list"),
        ("text", [1], "expects text"),
        ("colour", "red", "has no parameter 'colour'; it has: text, count"),
    ],
)
def test_coerce_rejects_bad_values(echo_nb, name, value, message):
    with pytest.raises(ParameterError, match=message):
        reports.coerce_parameters(echo_nb, {name: value})


def test_code_like_text_stays_text():
    nasty = "\"); import os; os.system('touch pwned'); (\""
    for value in [nasty, "'''", '"""', "\\", "a\\nb\n\"c\"", "{text}", "__import__('os')"]:
        nb = new_notebook(cells=[new_code_cell("text = ''", metadata={"tags": ["parameters"]})])
        injected = reports.inject_parameters(nb, {"text": value}).cells[1]
        assert injected.metadata["tags"] == ["injected-parameters"]
        scope = {}
        exec(injected.source, {"__builtins__": {}}, scope)  # only literals: needs no builtins
        assert scope == {"text": value}


def test_injected_values_arrive_as_given():
    nb = new_notebook(cells=[new_code_cell("x = None", metadata={"tags": ["parameters"]})])
    for value in [{1: "a", "b": [1.5, None, True]}, "客户 A", -0.0]:
        injected = reports.inject_parameters(nb, {"x": value}).cells[1]
        scope = {}
        exec(injected.source, {"__builtins__": {}}, scope)
        assert scope["x"] == value and repr(scope["x"]) == repr(value)
    with pytest.raises(ParameterError, match="'x' cannot be written as a literal"):
        reports.inject_parameters(nb, {"x": float("nan")})
    with pytest.raises(ParameterError, match="'x' holds a set"):
        reports.inject_parameters(nb, {"x": {1}})


def test_run_notebook_injects_parameters_as_data(echo_nb, tmp_path):
    nasty = "\"); open('pwned', 'w'); (\""
    out = tmp_path / "out"
    rep = reports.run_notebook(echo_nb, {"text": nasty, "count": "5"}, lang="en", out_dir=out)
    assert rep.records["params"] == {
        "text": nasty, "count": 5, "ratio": 0.5, "flag": False, "items": [1, 2], "lang": "en"
    }
    assert not (out / "pwned").exists()
    assert rep.records["cwd"] == str(out.resolve())
    assert rep.ipynb_path.name == rep.html_path.name.replace(".html", ".ipynb")
    assert rep.html_path.name.startswith("echo-en-")


def test_html_report_has_no_code(echo_nb, tmp_path):
    rep = reports.run_notebook(echo_nb, {"count": 9}, out_dir=tmp_path)
    html = rep.html_path.read_text(encoding="utf-8")
    assert "visible output 42" in html
    assert "回显" in html
    assert MARKER not in html
    assert "record(" not in html
    assert "count = 9" not in html  # the injected-parameters cell is hidden
    assert reports.RECORD_MIMETYPE not in html
    assert "<code>9</code>" in html  # ...but the run's parameters are listed at the end


def test_executed_notebook_keeps_outputs_and_records(echo_nb, tmp_path):
    rep = reports.run_notebook(echo_nb, out_dir=tmp_path, html=False)
    assert rep.html_path is None
    nb = nbformat.read(rep.ipynb_path, as_version=4)
    assert reports.read_records(nb)["params"]["text"] == "plain"
    assert rep.ipynb_path.name == "echo.ipynb"


def test_failure_names_notebook_cell_and_exception(tmp_path):
    nb = _write(
        tmp_path / "broken.ipynb",
        [
            new_markdown_cell("# Broken"),
            new_code_cell("n = 0  # n", metadata={"tags": ["parameters"]}),
            new_code_cell("x = 1"),
            new_code_cell("y = 1 / n"),
        ],
    )
    with pytest.raises(NotebookExecutionError) as info:
        reports.run_notebook(nb, {"n": 0}, out_dir=tmp_path / "out")
    err = info.value
    assert err.cell == 3  # as the user's notebook counts cells, without the injected one
    assert err.ename == "ZeroDivisionError"
    assert "broken.ipynb failed in cell 3: ZeroDivisionError: division by zero" in str(err)
    assert "y = 1 / n" in str(err)


def test_lang_must_be_declared_and_valid(tmp_path, echo_nb):
    nb = _write(tmp_path / "nolang.ipynb", [new_code_cell("x = 1  # x", metadata={"tags": ["parameters"]})])
    with pytest.raises(ParameterError, match="has no parameter 'lang'"):
        reports.run_notebook(nb, lang="en", out_dir=tmp_path)
    with pytest.raises(ValueError, match="lang must be one of"):
        reports.run_notebook(echo_nb, lang="fr", out_dir=tmp_path)


def test_report_filename_is_stable_and_distinct():
    a = reports.report_filename("00_welcome", {"lang": "en", "sample_size": 100})
    assert a == reports.report_filename("00_welcome", {"sample_size": 100, "lang": "en"})
    assert a != reports.report_filename("00_welcome", {"lang": "en", "sample_size": 101})
    assert reports.report_filename("00_welcome") == "00_welcome"


def test_notebook_path_errors_list_kit_notebooks():
    with pytest.raises(FileNotFoundError, match="00_welcome"):
        reports.notebook_path("99_missing")
    with pytest.raises(TypeError):
        reports.notebook_path(42)


def test_read_records_accepts_json_text(tmp_path):
    nb = new_notebook()
    out = nbformat.v4.new_output(
        "display_data", data={reports.RECORD_MIMETYPE: json.dumps({"name": "x", "value": [1, 2]})}
    )
    nb.cells = [new_code_cell("", outputs=[out])]
    assert reports.read_records(nb) == {"x": [1, 2]}


def test_record_converts_numpy_and_pandas():
    import numpy as np
    import pandas as pd

    assert _jsonable(np.int64(3)) == 3
    assert _jsonable(float("nan")) is None
    frame = _jsonable(pd.DataFrame({"a": [1]}, index=["r"]))
    assert frame == {"columns": ["a"], "index": ["r"], "data": [[1]]}


def test_catalog_titles_switch_language():
    assert reports.notebook_catalog("zh").loc["00_welcome", "title"] == "欢迎使用 creditkit"
    assert reports.notebook_catalog("en").loc["00_welcome", "title"] == "Welcome tour"


@pytest.mark.parametrize("value, kwargs", [(0.3, {"low": 0, "high": 1, "low_open": True, "high_open": True}),
                                           (0, {"low": 0}), (5, {"low": 2, "integer": True}),
                                           (5.0, {"low": 2, "integer": True}), (-1.5, {})])
def test_check_number_parameter_accepts(value, kwargs):
    from creditkit.reports import check_number_parameter

    assert check_number_parameter("x", value, **kwargs) == value


@pytest.mark.parametrize("value, kwargs, says", [
    (0, {"low": 0, "low_open": True}, "above 0"), (1, {"high": 1, "high_open": True}, "below 1"),
    (1.5, {"high": 1}, "of at most 1"), (2.5, {"integer": True}, "a whole number"),
    ("3", {}, "a number; got '3'"), (True, {}, "got True"), (float("nan"), {}, "got nan"),
    (None, {"low": 0}, "got None")])
def test_check_number_parameter_refuses_naming_the_parameter(value, kwargs, says):
    from creditkit.errors import ParameterError
    from creditkit.reports import check_number_parameter

    with pytest.raises(ParameterError, match="parameter 'x' must be") as err:
        check_number_parameter("x", value, **kwargs)
    assert says in str(err.value)
