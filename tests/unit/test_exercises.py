"""Student copies carry no solutions and stop at the first unsolved task."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from creditkit.exercises import BEGIN, END, release, strip_solutions, student_copy

SOURCE = Path(__file__).resolve().parents[2] / "exercises" / "source"
EXERCISES = sorted(SOURCE.glob("*.ipynb"))


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


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_every_exercise_has_solutions_and_checks(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert code.count(BEGIN) == code.count(END) >= 1
    assert "assert " in code


def test_release_writes_clean_student_copies(tmp_path):
    written = release(SOURCE, tmp_path)
    assert [p.name for p in written] == [p.name for p in EXERCISES]
    for path in written:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        text = "\n".join(c.source for c in nb.cells)
        assert BEGIN not in text and END not in text
        assert "riskiest = table" not in text


@pytest.mark.notebook
def test_student_copy_stops_at_first_task(tmp_path):
    nb = student_copy(nbformat.read(EXERCISES[0], as_version=4))
    client = NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(tmp_path)}})
    with pytest.raises(CellExecutionError, match="NotImplementedError"):
        client.execute()
