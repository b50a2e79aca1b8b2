"""Exercise notebooks: one source each, three generated copies.

A source in ``exercises/source/`` marks each solution the way nbgrader does::

    ### BEGIN SOLUTION
    answer = df["bad"].mean()
    ### END SOLUTION

and checks it in a following cell with :func:`creditkit.exercises.check`.
:func:`build` writes, for every source,

* the **student** copy — every solution block replaced by :data:`STUB` (which
  raises ``NotImplementedError``, so a trainee's run stops at the first
  unsolved task), cells tagged ``trainer`` removed, outputs cleared;
* the **solutions** copy — the solution code without the marker lines, cells
  tagged ``trainer`` removed, outputs cleared; this is the copy CI executes;
* the **instructor** copy — the solutions copy with the trainer's notes kept,
  executed when ``execute=True`` so a trainer sees every expected output.

Cell ids, tags and metadata are kept, so a cell has the same id in all three
copies and in the source. The generated copies are not committed (they live in
``build/exercises/``); the test suite executes the sources, which differ from
the solutions copies only by the marker comments.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

__all__ = ["BEGIN", "END", "STUB", "COPIES", "strip_solutions", "solution_code", "student_copy", "solutions_copy",
           "instructor_copy", "build", "release"]

COPIES = ("student", "solutions", "instructor")
TRAINER_TAG = "trainer"

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "# 在这里写你的答案 / your answer here\nraise NotImplementedError()"
_BLOCK = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[ \t]*\n.*?^[ \t]*{re.escape(END)}[ \t]*$", re.S | re.M)


def strip_solutions(source: str) -> str:
    """Replace each solution block of a cell's source by the student stub.

    The stub keeps the block's indentation. An unmatched marker is an error.

    Examples
    --------
    >>> print(strip_solutions("x = 1\\n### BEGIN SOLUTION\\nanswer = x + 1\\n### END SOLUTION"))
    x = 1
    # 在这里写你的答案 / your answer here
    raise NotImplementedError()
    """

    def stub(match):
        indent = match.group(1)
        return "\n".join(indent + line for line in STUB.splitlines())

    out = _BLOCK.sub(stub, source)
    if BEGIN in out or END in out:
        raise ValueError(f"unmatched {BEGIN!r} / {END!r} marker in cell:\n{source[:200]}")
    return out


def solution_code(source: str) -> str:
    """A cell's source with the solution marker lines removed (the solution kept).

    Examples
    --------
    >>> print(solution_code("### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION\\nprint(x)"))
    x = 1
    print(x)
    """
    strip_solutions(source)  # same marker checks
    return "\n".join(line for line in source.splitlines() if line.strip() not in (BEGIN, END))


def _copy(nb, transform, *, keep_trainer: bool):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if keep_trainer or TRAINER_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = transform(cell.source)
            cell.outputs = []
            cell.execution_count = None
    return nb


def solutions_copy(nb):
    """Copy with the solutions in place, marker lines and trainer notes removed, outputs cleared."""
    return _copy(nb, solution_code, keep_trainer=False)


def instructor_copy(nb):
    """Copy with the solutions in place and the trainer's notes (cells tagged ``trainer``) kept."""
    return _copy(nb, solution_code, keep_trainer=True)


def student_copy(nb):
    """Copy of an exercise notebook with every solution replaced by a stub.

    Outputs are cleared so the copy carries no answers; trainer notes are removed.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell(f"{BEGIN}\\ny = 2\\n{END}")]
    >>> "y = 2" in student_copy(nb).cells[0].source
    False
    """
    return _copy(nb, strip_solutions, keep_trainer=False)


def _execute(nb, path: Path, timeout: int):
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from ..errors import NotebookExecutionError

    run = copy.deepcopy(nb)
    run.cells = [c for c in run.cells if "widget" not in c.get("metadata", {}).get("tags", [])]
    try:
        NotebookClient(run, kernel_name="python3", timeout=timeout,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except CellExecutionError as exc:
        failed = next((i for i, c in enumerate(run.cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        raise NotebookExecutionError(path, failed, exc.ename, exc.evalue,
                                     run.cells[failed].source if failed is not None else "") from None
    done = {c.get("id"): c for c in run.cells}
    for cell in nb.cells:
        if cell.get("id") in done and cell.cell_type == "code":
            cell.outputs = done[cell["id"]].outputs
            cell.execution_count = done[cell["id"]].execution_count
    return nb


def build(source_dir="exercises/source", out_dir="build/exercises", *, execute=False, timeout=120) -> dict:
    """Write the student, solutions and instructor copies of every exercise.

    Parameters
    ----------
    source_dir : path, default "exercises/source"
    out_dir : path, default "build/exercises"
        Gets ``student/``, ``solutions/`` and ``instructor/`` folders.
    execute : bool, default False
        Run each instructor copy (widget cells skipped) so it shows outputs.
    timeout : int, default 120
        Seconds a cell may run when executing.

    Returns
    -------
    dict
        ``{copy: [paths written]}``.

    Raises
    ------
    FileNotFoundError
        ``source_dir`` holds no notebook.
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    sources = sorted(source_dir.glob("*.ipynb"))
    if not sources:
        raise FileNotFoundError(f"no exercise notebooks in {source_dir} (run from the repository root or pass the folder)")
    makers = {"student": student_copy, "solutions": solutions_copy, "instructor": instructor_copy}
    written = {name: [] for name in COPIES}
    for path in sources:
        nb = nbformat.read(path, as_version=4)
        for name in COPIES:
            target = out_dir / name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            out = makers[name](nb)
            if name == "instructor" and execute:
                out = _execute(out, source_dir.resolve() / path.name, timeout)
            nbformat.write(out, target)
            written[name].append(target)
    return written


def release(source_dir, out_dir) -> list[Path]:
    """Write student copies of every notebook in ``source_dir`` to ``out_dir``.

    Returns the paths written.
    """
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source_dir.glob("*.ipynb")):
        target = out_dir / path.name
        nbformat.write(student_copy(nbformat.read(path, as_version=4)), target)
        written.append(target)
    return written
