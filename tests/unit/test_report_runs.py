"""Report runs: widget cells, files beside the report, and one clear message for every failure."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from creditkit.cli import main
from creditkit.errors import ParameterError
from creditkit.reports import coerce_parameters, notebook_path, run_notebook


def _write(path, *cells, params='who = "world"  # 名字 / name\nlang = "zh"  # 语言 / language'):
    book = new_notebook(cells=[new_code_cell(params, metadata={"tags": ["parameters"]}), *cells])
    book.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(book, path)
    return path


def test_widget_cells_are_skipped_in_reports_and_run_in_tests(tmp_path):
    nb = _write(tmp_path / "w.ipynb",
                new_code_cell("import creditkit as ck\nck.reports.record('ran', 'plain')"),
                new_code_cell("ck.reports.record('widget', 'ran')", metadata={"tags": ["widget"]}))
    assert "widget" not in run_notebook(nb, out_dir=tmp_path / "r", html=False).records
    assert run_notebook(nb, out_dir=tmp_path / "t", html=False, widgets=True).records["widget"] == "ran"


def test_exported_files_land_beside_the_report_and_are_linked(tmp_path):
    nb = _write(tmp_path / "a.ipynb", new_code_cell(
        "import creditkit as ck\npath = ck.show.artifact('table.csv', description='The table')\n"
        "path.write_text('a,b\\n1,2\\n')"))
    rep = run_notebook(nb, {"who": "x"}, out_dir=tmp_path / "out")
    written = list((tmp_path / "out").glob("*table.csv"))
    assert len(written) == 1 and written[0].name == f"{rep.html_path.stem}-table.csv"
    page = rep.html_path.read_text(encoding="utf-8")
    assert f'href="./{written[0].name}"' in page and "The table" in page


def test_dead_kernel_is_one_message_naming_notebook_and_cell(tmp_path, capsys):
    nb = _write(tmp_path / "dies.ipynb", new_markdown_cell("text"), new_code_cell("import os\nos._exit(1)"))
    assert main(["report", str(nb), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].endswith("dies.ipynb failed in cell 2: KernelDied: the Python kernel stopped while this cell ran")
    assert len(err) == 2 and "Traceback" not in "\n".join(err)


def test_cell_timeout_is_retried_once_then_named(tmp_path, capsys):
    nb = _write(tmp_path / "slow.ipynb", new_code_cell("import time\ntime.sleep(30)"))
    assert main(["report", str(nb), "--out", str(tmp_path), "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert "cell 1 gave no result after 2 s; running the report again" in err
    assert "slow.ipynb failed in cell 1: CellTimeout: no result after 2 s" in err and "Traceback" not in err


@pytest.mark.parametrize("value", ["0", "-5"])
def test_timeout_below_one_second_is_refused(tmp_path, capsys, value):
    assert main(["report", "00_welcome", "--out", str(tmp_path), "--timeout", value]) == 2
    assert "--timeout must be at least 1 second" in capsys.readouterr().err
    with pytest.raises(ParameterError):
        run_notebook("00_welcome", out_dir=tmp_path, timeout=0)


def test_value_only_the_notebook_rejects_is_a_bad_parameter(tmp_path, capsys):
    assert main(["report", "00_welcome", "-p", "dataset", "x" * 300, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "00_welcome.ipynb: parameter 'dataset' must be one of 'german'" in err
    assert "x" * 60 not in err and "KeyError" not in err and len(err.splitlines()) == 1


def test_a_file_that_is_not_a_notebook_is_refused_without_its_content(tmp_path, capsys):
    secret = tmp_path / "notes.ipynb"
    secret.write_text("password=hunter2 " * 50, encoding="utf-8")
    assert main(["report", str(secret), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "notes.ipynb is not a Jupyter notebook" in err and "hunter2" not in err


def test_a_bare_name_is_a_kit_notebook_whatever_the_folder_holds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "00_welcome")  # a file named like a kit notebook, without a path
    assert notebook_path("00_welcome").parent.name == "notebooks"
    mine = _write(tmp_path / "mine.ipynb")
    assert notebook_path("./mine.ipynb") == mine.resolve() and notebook_path("mine.ipynb") == mine.resolve()
    with pytest.raises(FileNotFoundError):
        notebook_path("mine")


def test_yaml_values_of_p_go_through_the_kit_loader():
    bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 15)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    with pytest.raises(ParameterError, match="-p tool_weights"):
        coerce_parameters("07_evaluation_summary", {"tool_weights": bomb})
    assert coerce_parameters("07_evaluation_summary", {"tool_weights": '{"five_c": 2}'}) == {
        "tool_weights": {"five_c": 2}}
    assert type(coerce_parameters("07_evaluation_summary", {"tool_weights": "five_c: 2"})["tool_weights"]) is dict


def test_a_date_is_accepted_for_a_text_parameter():
    import datetime

    assert coerce_parameters("20_aging", {"as_of": datetime.date(2025, 6, 30)}) == {"as_of": "2025-06-30"}


def test_doctor_prints_each_check(capsys):
    assert main(["doctor", "--no-kernel"]) in (0, 1)
    out = capsys.readouterr().out
    for name in ("cjk font", "widgets", "formulas", "pdf"):
        assert name in out


def test_missing_cjk_font_is_said_once_on_the_command_line(monkeypatch, capsys):
    from creditkit import cli, plotting

    monkeypatch.setattr(plotting, "find_cjk_font", lambda *a, **k: None)
    monkeypatch.setattr(cli, "_font_warned", False)
    cli._warn_font_once("en")
    cli._warn_font_once("zh")
    cli._warn_font_once("zh")
    err = capsys.readouterr().err
    assert err.count("no CJK font found") == 1 and "fonts-noto-cjk" in err
