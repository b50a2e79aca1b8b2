"""The `creditkit` command: report, params, notebooks; exit codes and messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from creditkit.cli import main
from creditkit.reports import read_records


@pytest.fixture
def nb(tmp_path):
    path = tmp_path / "tiny.ipynb"
    book = new_notebook(
        cells=[
            new_code_cell('who = "world"  # 名字 / name\nlang = "zh"  # 语言 / language', metadata={"tags": ["parameters"]}),
            new_code_cell("print(f'hello {who} {lang}')\n1 / (who != 'zero')"),
        ]
    )
    book.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(book, path)
    return path


def test_report_prints_html_path(nb, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", str(nb), "-p", "who", "雨", "--lang", "en", "--out", str(out)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == out.resolve() and printed.suffix == ".html"
    assert "hello 雨 en" in printed.read_text(encoding="utf-8")


def test_params_file_and_flag_combine(nb, tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("who: from-file\nlang: en\n", encoding="utf-8")
    assert main(["report", str(nb), "--params", str(params), "--out", str(tmp_path)]) == 0
    html = Path(capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    assert "hello from-file en" in html


def test_bad_yaml_names_file_line_and_column(nb, tmp_path, capsys):
    params = tmp_path / "p.yaml"
    params.write_text("who: ok\nlang: [en\n", encoding="utf-8")
    assert main(["report", str(nb), "--params", str(params), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert str(params) in err and "line 3" in err and "column 1" in err


def test_unknown_parameter_exits_2(nb, tmp_path, capsys):
    assert main(["report", str(nb), "-p", "colour", "red", "--out", str(tmp_path)]) == 2
    assert "has no parameter 'colour'; it has: who, lang" in capsys.readouterr().err


def test_failing_notebook_exits_1_with_cell(nb, tmp_path, capsys):
    assert main(["report", str(nb), "-p", "who", "zero", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "tiny.ipynb failed in cell 1: ZeroDivisionError" in err


def test_params_lists_help(capsys):
    assert main(["params", "00_welcome"]) == 0
    out = capsys.readouterr().out
    assert "lang (str, default 'zh')  报告语言 zh/en / report language" in out


def test_notebooks_lists_welcome(capsys):
    assert main(["notebooks"]) == 0
    assert capsys.readouterr().out.startswith("00_welcome\t")


def test_console_script_is_installed():
    exe = Path(sys.executable).with_name("creditkit")
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.strip().startswith("creditkit ")


def test_the_command_exits_with_the_status_main_returns(tmp_path):
    done = subprocess.run([sys.executable, "-m", "creditkit.cli", "aging", str(tmp_path / "none.csv"),
                           "--as-of", "2025-06-30"], capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("creditkit: ") and "none.csv" in done.stderr


@pytest.mark.notebook
def test_params_file_with_an_unquoted_date_runs_the_aging_report(tmp_path, capsys):
    # YAML reads `as_of: 2025-03-31` as a date; the text parameter takes it as ISO text
    params = tmp_path / "p.yaml"
    params.write_text("as_of: 2025-03-31\nn_customers: 6\nseed: 7\nlang: en\n", encoding="utf-8")
    assert main(["report", "20_aging", "--params", str(params), "--out", str(tmp_path)]) == 0
    executed = nbformat.read(Path(capsys.readouterr().out.strip()).with_suffix(".ipynb"), as_version=4)
    injected = [c.source for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert "as_of = '2025-03-31'" in injected[0] and "n_customers = 6" in injected[0]
    assert read_records(executed)["reconciles"] is True
