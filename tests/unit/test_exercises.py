"""Exercise sources and their generated copies: student, solutions, instructor."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from creditkit.cli import main
from creditkit.exercises import (BEGIN, END, build, instructor_copy, release, solution_code, solutions_copy,
                                 strip_solutions, student_copy, task_ids)

SOURCE = Path(__file__).resolve().parents[2] / "exercises" / "source"
EXERCISES = sorted(SOURCE.glob("*.ipynb"))


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def _check_calls(nb):
    """Task ids named in ``check("...", ...)`` calls (f-strings of the quiz expanded)."""
    ids = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    ids.append(first.value)
                elif isinstance(first, ast.JoinedStr):
                    prefix = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
                    ids += [t for t in task_ids() if t.startswith(prefix)]
    return ids


def test_there_are_at_least_twelve_exercises_and_a_quiz():
    assert len(EXERCISES) >= 13
    assert any("quiz" in p.name for p in EXERCISES)


def test_strip_keeps_indentation_and_other_lines():
    src = f"def f(x):\n    {BEGIN}\n    return x * 2\n    {END}\n\nprint(f)"
    out = strip_solutions(src)
    assert "return x * 2" not in out
    assert out.splitlines()[2] == "    raise NotImplementedError()"
    assert out.endswith("print(f)")


def test_several_blocks_in_one_cell():
    src = f"{BEGIN}\na = 1\n{END}\nb = 2\n{BEGIN}\nc = 3\n{END}"
    out = strip_solutions(src)
    assert out.count("raise NotImplementedError()") == 2 and "b = 2" in out and "c = 3" not in out


def test_unmatched_marker_is_an_error():
    with pytest.raises(ValueError, match="unmatched"):
        strip_solutions(f"{BEGIN}\nx = 1")
    with pytest.raises(ValueError, match="unmatched"):
        solution_code(f"x = 1\n{END}")


def test_solution_code_drops_only_the_markers():
    assert solution_code(f"a = 1\n  {BEGIN}\n  b = 2\n  {END}\nc = 3") == "a = 1\n  b = 2\nc = 3"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_source_anatomy(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    text = "\n".join(c.source for c in code)
    assert text.count(BEGIN) == text.count(END) >= 1
    params = [c for c in code if "parameters" in _tags(c)]
    assert len(params) == 1 and re.search(r'^lang = "zh"  # ', params[0].source, re.M)
    # every solution is followed by a check before the next solution
    roles = ["s" if BEGIN in c.source else "c" if "check(" in c.source else "" for c in code]
    seq = "".join(r for r in roles if r)
    assert seq.startswith("s") and "ss" not in seq and seq.endswith("c"), seq
    # narrative in both languages, trainer notes, widgets skipped headless
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    zh = [c for c in md if "zh" in _tags(c)]
    en = [c for c in md if "en" in _tags(c)]
    assert len(zh) == len(en) >= 3
    assert all(re.search(r"[\u4e00-\u9fff]", c.source) for c in zh)
    assert any("trainer" in _tags(c) for c in md)
    for c in code:
        if "widget" in _tags(c):
            assert "nbval-skip" in _tags(c)
    assert len({c.id for c in nb.cells}) == len(nb.cells)


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_every_check_names_a_known_task(path):
    ids = _check_calls(nbformat.read(path, as_version=4))
    assert ids and set(ids) <= set(task_ids())


def test_every_task_is_used_by_an_exercise():
    used = set()
    for path in EXERCISES:
        used |= set(_check_calls(nbformat.read(path, as_version=4)))
    assert set(task_ids()) == used


def test_copies_keep_cell_ids_and_differ_as_documented():
    nb = nbformat.read(EXERCISES[1], as_version=4)
    student, solutions, instructor = student_copy(nb), solutions_copy(nb), instructor_copy(nb)
    trainer_ids = {c.id for c in nb.cells if "trainer" in _tags(c)}
    assert trainer_ids
    assert [c.id for c in instructor.cells] == [c.id for c in nb.cells]
    assert [c.id for c in student.cells] == [c.id for c in solutions.cells] == \
        [c.id for c in nb.cells if c.id not in trainer_ids]
    for copy in (student, solutions, instructor):
        text = "\n".join(c.source for c in copy.cells)
        assert BEGIN not in text and END not in text
    assert "NotImplementedError" in "\n".join(c.source for c in student.cells)
    assert "NotImplementedError" not in "\n".join(c.source for c in solutions.cells)


def test_build_writes_three_copies_of_every_exercise(tmp_path):
    written = build(SOURCE, tmp_path)
    assert sorted(written) == ["instructor", "solutions", "student"]
    for name, paths in written.items():
        assert [p.name for p in paths] == [p.name for p in EXERCISES]
        assert all(p.parent == tmp_path / name for p in paths)
        for p in paths:
            nb = nbformat.read(p, as_version=4)
            nbformat.validate(nb)
            assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_build_of_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no exercise notebooks"):
        build(tmp_path, tmp_path / "out")


def test_release_writes_student_copies(tmp_path):
    written = release(SOURCE, tmp_path)
    assert [p.name for p in written] == [p.name for p in EXERCISES]
    text = "\n".join(c.source for c in nbformat.read(written[0], as_version=4).cells)
    assert "riskiest = table" not in text


def test_cli_builds_the_copies(tmp_path, capsys):
    assert main(["exercises", "build", "--source", str(SOURCE), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"student: {len(EXERCISES)} notebooks" in out
    assert (tmp_path / "solutions" / EXERCISES[0].name).is_file()


def test_cli_names_a_missing_source_folder(tmp_path, capsys):
    assert main(["exercises", "build", "--source", str(tmp_path / "nope")]) == 2
    assert "--source" in capsys.readouterr().err


@pytest.mark.notebook
def test_student_copy_stops_at_first_task(tmp_path):
    nb = student_copy(nbformat.read(EXERCISES[0], as_version=4))
    nb.cells = [c for c in nb.cells if "widget" not in _tags(c)]
    client = NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError, match="NotImplementedError"):
        client.execute()
