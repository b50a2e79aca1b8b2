"""Values a notebook shows for machines: tests and batch jobs read them back.

Inside a notebook, :func:`record` shows a value under :data:`RECORD_MIMETYPE`;
:func:`read_records` collects those values from the executed notebook. HTML
reports leave them out.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import nbformat

__all__ = ["RECORD_MIMETYPE", "record", "read_records"]

#: Output type of :func:`record`; reports drop it, tests read it.
RECORD_MIMETYPE = "application/vnd.creditkit.record+json"


def _jsonable(value):
    """Turn numpy / pandas values into JSON-compatible Python values.

    Frames become ``{"columns", "index", "data"}``, series and mappings become
    dicts with text keys, numpy scalars become Python scalars, timestamps
    become ISO text, and NaN, infinities, ``NA`` and ``NaT`` become ``None``.

    Examples
    --------
    >>> import numpy as np
    >>> _jsonable({"n": np.int64(3), "rate": float("nan")})
    {'n': 3, 'rate': None}
    """
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover - both are dependencies
        return value
    if isinstance(value, pd.DataFrame):
        return {
            "columns": [str(c) for c in value.columns],
            "index": [_jsonable(i) for i in value.index],
            "data": [[_jsonable(v) for v in row] for row in value.itertuples(index=False)],
        }
    if isinstance(value, pd.Series):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def record(name: str, value):
    """Show ``value`` as a named, machine-readable output of the current cell.

    Tests and batch jobs read these back from the executed notebook with
    :func:`read_records`; HTML reports leave them out. Outside a running
    kernel nothing is shown.

    Parameters
    ----------
    name : str
        Name the value is read back under; not empty.
    value : object
        Any value; numpy and pandas values are turned into plain JSON values.

    Returns
    -------
    object
        ``value`` itself, so a cell can record and use it in one line.

    Raises
    ------
    TypeError
        ``name`` is not a non-empty str.

    Examples
    --------
    >>> record("n_customers", 42)
    42
    """
    if not isinstance(name, str) or not name:
        raise TypeError("record name must be a non-empty str")
    payload = {"name": name, "value": _jsonable(value)}
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        return value
    if get_ipython() is not None:
        display({RECORD_MIMETYPE: payload}, raw=True)
    return value


def read_records(nb) -> dict:
    """Values shown with :func:`record` in an executed notebook (or its path).

    Parameters
    ----------
    nb : nbformat.NotebookNode, str or Path
        The executed notebook, or the path of its ``.ipynb`` file.

    Returns
    -------
    dict
        Record name to value; a name recorded twice keeps the later value.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> out = nbformat.v4.new_output("display_data", data={RECORD_MIMETYPE: {"name": "a", "value": 1}})
    >>> nb.cells = [nbformat.v4.new_code_cell("", outputs=[out])]
    >>> read_records(nb)
    {'a': 1}
    """
    if isinstance(nb, (str, Path)):
        nb = nbformat.read(nb, as_version=4)
    found = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RECORD_MIMETYPE in data:
                item = data[RECORD_MIMETYPE]
                if isinstance(item, str):
                    item = json.loads(item)
                found[item["name"]] = item["value"]
    return found
