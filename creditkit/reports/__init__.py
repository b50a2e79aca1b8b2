"""Run the kit's notebooks as parameterized reports.

A notebook of the kit has exactly one code cell tagged ``parameters`` holding
literal defaults, each with a trailing comment that serves as its help text::

    as_of = "2025-06-30"  # 评估基准日 / as-of date
    lang = "zh"  # 报告语言 zh/en / report language

:func:`run_notebook` checks the values a user gives against those defaults,
injects them as Python literals (a value is data: text stays text, it is never
evaluated), executes the notebook with papermill on the ``python3`` kernel and
writes the executed notebook and a code-free HTML report under ``out_dir``.

Inside a notebook, :func:`record` shows a value in a machine-readable form that
tests and batch jobs read back with :func:`read_records`; reports do not show it.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import io
import json
import math
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from .._paths import kit_dirs
from ..errors import NotebookExecutionError, ParameterError

__all__ = [
    "Parameter",
    "Report",
    "notebooks_dir",
    "list_notebooks",
    "notebook_path",
    "notebook_parameters",
    "parameters_table",
    "notebook_catalog",
    "coerce_parameters",
    "inject_parameters",
    "report_filename",
    "run_notebook",
    "to_html",
    "record",
    "read_records",
    "RECORD_MIMETYPE",
]

#: Output type of :func:`record`; reports drop it, tests read it.
RECORD_MIMETYPE = "application/vnd.creditkit.record+json"
_WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"
_HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell"}
_LITERAL_TYPES = (str, int, float, bool, type(None), list, dict)


@dataclass(frozen=True)
class Parameter:
    """One entry of a notebook's ``parameters`` cell."""

    name: str
    default: Any
    help: str = ""

    @property
    def type_name(self) -> str:
        """Name of the default's type (``"str"``, ``"int"``, ...)."""
        return type(self.default).__name__


@dataclass(frozen=True)
class Report:
    """What :func:`run_notebook` produced."""

    notebook: Path
    parameters: dict
    ipynb_path: Path
    html_path: Path | None
    records: dict = field(default_factory=dict)


def notebooks_dir() -> Path:
    """Folder holding the kit's notebooks (source checkout or installed wheel).

    Examples
    --------
    >>> (notebooks_dir() / "00_welcome.ipynb").exists()
    True
    """
    installed, source = kit_dirs("notebooks")
    if installed.is_dir() and any(installed.glob("*.ipynb")):
        return installed
    return source


def list_notebooks() -> list[str]:
    """Names (file stems) of the kit's notebooks, in order.

    Examples
    --------
    >>> "00_welcome" in list_notebooks()
    True
    """
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))


def notebook_path(notebook) -> Path:
    """Resolve a notebook given as a path, a file name or a kit notebook's stem.

    Examples
    --------
    >>> notebook_path("00_welcome").name
    '00_welcome.ipynb'
    """
    if not isinstance(notebook, (str, Path)):
        raise TypeError(f"notebook must be a path or a name, got {type(notebook).__name__}")
    path = Path(notebook).expanduser()
    if path.is_file():
        return path.resolve()
    name = path.name if path.suffix == ".ipynb" else path.name + ".ipynb"
    kit = notebooks_dir() / name
    if kit.is_file():
        return kit
    known = ", ".join(list_notebooks()) or "none"
    raise FileNotFoundError(f"notebook {str(notebook)!r} not found (kit notebooks: {known})")


def _parameters_cell_index(nb, source: str = "notebook") -> int:
    idx = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    if len(idx) != 1:
        raise ParameterError(f"{source} must have exactly one cell tagged 'parameters', found {len(idx)}")
    return idx[0]


def _comments_by_line(source: str) -> dict[int, str]:
    comments = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return comments


def notebook_parameters(notebook) -> dict[str, Parameter]:
    """Parameters a notebook declares, with their defaults and help text.

    Raises :class:`~creditkit.errors.ParameterError` if the notebook has no or
    several ``parameters`` cells or a default that is not a literal.

    Examples
    --------
    >>> params = notebook_parameters("00_welcome")
    >>> params["lang"].default
    'zh'
    """
    path = notebook_path(notebook)
    nb = nbformat.read(path, as_version=4)
    cell = nb.cells[_parameters_cell_index(nb, path.name)]
    source = cell.source
    comments = _comments_by_line(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{path.name}: parameters cell is not valid Python: {exc}") from None
    out = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                target, value = node.target, node.value
            else:
                raise ParameterError(
                    f"{path.name}: line {node.lineno} of the parameters cell is not 'name = literal'"
                )
        else:
            target, value = node.targets[0], node.value
        try:
            default = ast.literal_eval(value)
        except ValueError:
            raise ParameterError(
                f"{path.name}: default of {target.id!r} must be a literal, got {ast.unparse(value)!r}"
            ) from None
        out[target.id] = Parameter(target.id, default, comments.get(node.lineno, ""))
    return out


def parameters_table(notebook):
    """A notebook's parameters as a table: ``name``, ``type``, ``default``, ``help``.

    Examples
    --------
    >>> parameters_table("00_welcome").loc["lang", "default"]
    'zh'
    """
    import pandas as pd

    params = notebook_parameters(notebook).values()
    return pd.DataFrame(
        {
            "type": [p.type_name for p in params],
            "default": [p.default for p in params],
            "help": [p.help for p in params],
        },
        index=pd.Index([p.name for p in params], name="name"),
    )


def notebook_catalog(lang: str = "zh"):
    """The kit's notebooks with their titles in ``lang``.

    A title written ``中文标题 — English title`` is split at the dash.

    Examples
    --------
    >>> notebook_catalog("en").loc["00_welcome", "title"]
    'Welcome tour'
    """
    import pandas as pd

    from ..i18n import check_lang

    check_lang(lang)
    titles = []
    names = list_notebooks()
    for name in names:
        title = _title(nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4), name)
        zh, sep, en = title.partition(" — ")
        titles.append((en if lang == "en" else zh).strip() if sep else title)
    return pd.DataFrame({"title": titles}, index=pd.Index(names, name="notebook"))


_TRUE = {"true", "yes", "y", "1", "on", "是"}
_FALSE = {"false", "no", "n", "0", "off", "否"}


def _coerce(name: str, value, default):
    """Convert ``value`` to the type of ``default``; text from a command line is parsed."""
    want = type(default)
    if default is None:
        if not isinstance(value, _LITERAL_TYPES):
            raise ParameterError(f"parameter {name!r} must be a plain value, got {type(value).__name__}")
        return value
    if want is str:
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        raise ParameterError(f"parameter {name!r} expects text, got {value!r}")
    if want is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ParameterError(f"parameter {name!r} expects true or false, got {value!r}")
    if want is int:
        if isinstance(value, bool):
            raise ParameterError(f"parameter {name!r} expects an integer, got {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, str):
            try:
                return int(value.strip().replace("_", ""))
            except ValueError:
                pass
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise ParameterError(f"parameter {name!r} expects an integer, got {value!r}")
    if want is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out = float(value)
        elif isinstance(value, str):
            try:
                out = float(value.strip())
            except ValueError:
                raise ParameterError(f"parameter {name!r} expects a number, got {value!r}") from None
        else:
            raise ParameterError(f"parameter {name!r} expects a number, got {value!r}")
        if not math.isfinite(out):
            raise ParameterError(f"parameter {name!r} expects a finite number, got {value!r}")
        return out
    if want in (list, dict):
        if isinstance(value, str):
            import yaml

            try:
                value = yaml.safe_load(value)
            except yaml.YAMLError:
                raise ParameterError(f"parameter {name!r} expects a {want.__name__}, got {value!r}") from None
        if not isinstance(value, want):
            raise ParameterError(f"parameter {name!r} expects a {want.__name__}, got {value!r}")
        _check_literal(name, value)
        return value
    raise ParameterError(f"parameter {name!r} has a default of unsupported type {want.__name__}")


def _check_literal(name, value):
    if isinstance(value, dict):
        for k, v in value.items():
            _check_literal(name, k)
            _check_literal(name, v)
    elif isinstance(value, list):
        for v in value:
            _check_literal(name, v)
    elif not isinstance(value, _LITERAL_TYPES):
        raise ParameterError(f"parameter {name!r} holds a {type(value).__name__}; only plain values are allowed")


def coerce_parameters(notebook, parameters: dict | None = None) -> dict:
    """Check ``parameters`` against a notebook's declared ones and convert types.

    Each value is converted to the type of the declared default: ``"500"`` for
    an ``int`` parameter becomes ``500``; anything for a ``str`` parameter stays
    text. An unknown name is an error that lists the known ones.

    Examples
    --------
    >>> coerce_parameters("00_welcome", {"sample_size": "200", "lang": "en"})
    {'sample_size': 200, 'lang': 'en'}
    >>> coerce_parameters("00_welcome", {"colour": "red"})
    Traceback (most recent call last):
    ...
    creditkit.errors.ParameterError: 00_welcome.ipynb has no parameter 'colour'; it has: dataset, column, sample_size, lang
    """
    declared = notebook_parameters(notebook)
    out = {}
    for name, value in (parameters or {}).items():
        if name not in declared:
            raise ParameterError(
                f"{notebook_path(notebook).name} has no parameter {name!r}; it has: {', '.join(declared)}"
            )
        out[name] = _coerce(name, value, declared[name].default)
    return out


def inject_parameters(nb, parameters: dict):
    """Copy of ``nb`` with a cell tagged ``injected-parameters`` after ``parameters``.

    Values are written with ``repr`` and checked to read back unchanged with
    ``ast.literal_eval``, so no value can become code.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    >>> out = inject_parameters(nb, {"x": '"); import os; ("'})
    >>> out.cells[1].source
    'x = \\'"); import os; ("\\''
    """
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    where = _parameters_cell_index(nb)
    lines = ["# Parameters of this run"] if parameters else []
    for name, value in parameters.items():
        if not name.isidentifier():
            raise ParameterError(f"parameter name {name!r} is not a Python identifier")
        _check_literal(name, value)
        text = repr(value)
        if ast.literal_eval(text) != value and not (isinstance(value, float) and math.isnan(value)):
            raise ParameterError(f"parameter {name!r} cannot be written as a literal: {value!r}")
        lines.append(f"{name} = {text}")
    if parameters:
        cell = nbformat.v4.new_code_cell("\n".join(lines[1:]), metadata={"tags": ["injected-parameters"]})
        nb.cells.insert(where + 1, cell)
    return nb


def report_filename(notebook, parameters: dict | None = None) -> str:
    """Stable file stem of a run: the notebook's stem, the language, a hash of the rest.

    The same notebook and parameters always give the same name; runs that differ
    in any parameter get different names.

    Examples
    --------
    >>> report_filename("00_welcome")
    '00_welcome'
    >>> report_filename("00_welcome", {"lang": "en"})
    '00_welcome-en'
    >>> report_filename("00_welcome", {"lang": "en", "sample_size": 50})
    '00_welcome-en-3eeae6ca'
    """
    stem = notebook_path(notebook).stem
    params = dict(parameters or {})
    lang = params.pop("lang", None)
    parts = [stem]
    if lang:
        parts.append(str(lang))
    if params:
        blob = json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)
        parts.append(hashlib.sha256(blob.encode("utf-8")).hexdigest()[:8])
    return "-".join(parts)


def _jsonable(value):
    """Turn numpy / pandas values into JSON-compatible Python values."""
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
    :func:`read_records`; HTML reports leave them out. Returns ``value``.

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


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def to_html(nb, *, parameters: dict | None = None, lang: str = "zh", title: str | None = None) -> str:
    """Code-free HTML of an executed notebook.

    Input cells, prompts, the ``parameters`` and ``injected-parameters`` cells,
    widget views and :func:`record` outputs are left out. A closing note lists
    the parameters of the run.
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    from ..i18n import label

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not _HIDDEN_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RECORD_MIMETYPE in data or _WIDGET_MIMETYPE in data:
                continue
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                continue
            kept.append(output)
        cell.outputs = kept
    if parameters:
        rows = "\n".join(f"| `{k}` | `{v!r}` |" for k, v in parameters.items())
        head = f"| {label('parameters', lang)} | |\n|---|---|\n"
        nb.cells.append(nbformat.v4.new_markdown_cell(f"---\n\n{head}{rows}"))
    nb.metadata["title"] = title or _title(nb, "creditkit")
    config = Config()
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    body, _ = HTMLExporter(config=config).from_notebook_node(nb)
    return body


def _execution_error(path: Path, exc, injected: bool) -> NotebookExecutionError:
    cell = getattr(exc, "cell_index", None)
    if cell is not None and injected:
        # Count cells as the user's notebook has them (without the injected one).
        nb = nbformat.read(path, as_version=4)
        if cell > _parameters_cell_index(nb, path.name):
            cell -= 1
    return NotebookExecutionError(
        path,
        cell=cell,
        ename=getattr(exc, "ename", type(exc).__name__),
        evalue=getattr(exc, "evalue", str(exc)),
        source=getattr(exc, "source", ""),
    )


def run_notebook(
    notebook,
    parameters: dict | None = None,
    *,
    lang: str | None = None,
    out_dir="reports",
    html: bool = True,
    timeout: int = 600,
    kernel_name: str = "python3",
) -> Report:
    """Execute a notebook with parameters and write it as a report.

    Parameters
    ----------
    notebook : str or Path
        A path, or the name of one of the kit's notebooks (``"00_welcome"``).
    parameters : dict, optional
        Values for the notebook's declared parameters; converted to the type of
        each default (see :func:`coerce_parameters`).
    lang : {"zh", "en"}, optional
        Shortcut for ``parameters["lang"]``.
    out_dir : str or Path, default "reports"
        Where the executed ``.ipynb`` and the ``.html`` go; created if needed.
        The notebook runs with this folder as its working directory.
    html : bool, default True
        Also write the code-free HTML report.
    timeout : int, default 600
        Seconds a single cell may run.
    kernel_name : str, default "python3"

    Returns
    -------
    Report
        Paths of what was written and the notebook's :func:`record` values.

    Raises
    ------
    ParameterError
        Unknown parameter or a value of the wrong type.
    NotebookExecutionError
        A cell raised; the message names the notebook, the cell and the exception.

    Examples
    --------
    >>> import tempfile
    >>> rep = run_notebook("00_welcome", {"sample_size": 100}, lang="en",
    ...                    out_dir=tempfile.mkdtemp())  # doctest: +SKIP
    >>> rep.html_path.name  # doctest: +SKIP
    '00_welcome-en-....html'
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    from ..i18n import check_lang

    path = notebook_path(notebook)
    params = dict(parameters or {})
    if lang is not None:
        params["lang"] = check_lang(lang)
    params = coerce_parameters(path, params)
    if "lang" in params:
        check_lang(params["lang"])
    declared = notebook_parameters(path)
    run_lang = params.get("lang", declared["lang"].default if "lang" in declared else "zh")

    out = Path(out_dir).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    stem = report_filename(path, params)
    ipynb_path = out / f"{stem}.ipynb"

    source_nb = nbformat.read(path, as_version=4)
    nb = inject_parameters(source_nb, params)
    try:
        executed = papermill.execute_notebook(
            nb,
            str(ipynb_path),
            kernel_name=kernel_name,
            cwd=str(out),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout,
            # The kernel's own start-up log (transport notices) is noise in a report run.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
    except PapermillExecutionError as exc:
        raise _execution_error(path, exc, bool(params)) from None
    html_path = None
    if html:
        html_path = out / f"{stem}.html"
        html_path.write_text(to_html(executed, parameters=params, lang=run_lang), encoding="utf-8")
    return Report(path, params, ipynb_path, html_path, read_records(executed))
