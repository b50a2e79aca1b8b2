"""Workshop exercises: source copies with solutions, student copies without.

An exercise notebook in ``exercises/source/`` marks each solution the way
nbgrader does::

    ### BEGIN SOLUTION
    answer = df["bad"].mean()
    ### END SOLUTION

and checks the answer in a following cell with ``assert`` statements.
:func:`student_copy` replaces every solution block by a stub that raises
``NotImplementedError``, so a trainee's copy stops at the first unsolved task.
CI executes the source copies (they must pass their own checks) and only checks
that student copies are generated clean.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat

__all__ = ["BEGIN", "END", "STUB", "strip_solutions", "student_copy", "release"]

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


def student_copy(nb):
    """Copy of an exercise notebook with every solution replaced by a stub.

    Outputs are cleared so the copy carries no answers.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell(f"{BEGIN}\\ny = 2\\n{END}")]
    >>> "y = 2" in student_copy(nb).cells[0].source
    False
    """
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = strip_solutions(cell.source)
            cell.outputs = []
            cell.execution_count = None
    return nb


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
