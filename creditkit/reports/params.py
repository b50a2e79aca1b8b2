"""A notebook's parameters: what it declares, what a run gives, how it is injected.

A notebook of the kit has exactly one code cell tagged ``parameters`` holding
literal defaults, each with a trailing comment that serves as its help text::

    as_of = "2025-06-30"  # 评估基准日 / as-of date
    lang = "zh"  # 报告语言 zh/en / report language

:func:`notebook_parameters` reads them, :func:`coerce_parameters` checks the
values of a run against the type of each default (text from a command line is
parsed, never evaluated) and :func:`inject_parameters` writes them with
papermill into a cell tagged ``injected-parameters`` after the ``parameters``
cell, as Python literals only.
"""

from __future__ import annotations

import ast
import copy
import datetime
import io
import math
import tokenize
from dataclasses import dataclass
from typing import Any

import nbformat
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook
from papermill.translators import PythonTranslator, papermill_translators

from ..errors import ParameterError
from .catalogue import notebook_path, read_notebook

__all__ = [
    "Parameter",
    "notebook_parameters",
    "parameters_table",
    "coerce_parameters",
    "inject_parameters",
    "check_choice_parameter",
    "check_number_parameter",
]

_LITERAL_TYPES = (str, int, float, bool, type(None), list, dict)
_TRUE = {"true", "yes", "y", "1", "on", "是"}
_FALSE = {"false", "no", "n", "0", "off", "否"}


@dataclass(frozen=True)
class Parameter:
    """One entry of a notebook's ``parameters`` cell.

    Examples
    --------
    >>> Parameter("sample_size", 0, "rows to sample").type_name
    'int'
    """

    name: str
    default: Any
    help: str = ""

    @property
    def type_name(self) -> str:
        """Name of the default's type (``"str"``, ``"int"``, ...)."""
        return type(self.default).__name__


def _parameters_cell_index(nb, source: str = "notebook") -> int:
    """Index of the one code cell tagged ``parameters``; any other count is an error."""
    idx = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", [])
    ]
    if len(idx) != 1:
        raise ParameterError(f"{source} must have exactly one cell tagged 'parameters', found {len(idx)}")
    return idx[0]


def _comments_by_line(source: str) -> dict[int, str]:
    """Text of each comment in ``source``, by line number."""
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

    Parameters
    ----------
    notebook : str or Path
        A path, or the name of one of the kit's notebooks (see
        :func:`~creditkit.reports.notebook_path`).

    Returns
    -------
    dict of str to Parameter
        In the order of the ``parameters`` cell.

    Raises
    ------
    ParameterError
        The notebook has no or several ``parameters`` cells, a line of that
        cell is not ``name = literal``, or a default is not a literal.

    Notes
    -----
    The help text is the comment after the default, as ``papermill
    --help-notebook`` shows it. The cell is read with :mod:`ast` and
    :mod:`tokenize` rather than papermill's ``PythonTranslator.inspect``: that
    reader skips every line holding more than one ``=`` (so a help text such
    as ``0 = all rows`` loses its parameter), ends a default at its first
    ``#`` (so ``"#fff"`` is cut short) and ignores lines it cannot read, where
    the kit needs every default as a checked value and a bad line as an error.

    Examples
    --------
    >>> params = notebook_parameters("00_welcome")
    >>> params["lang"].default
    'zh'
    >>> params["sample_size"].help
    '抽样行数，0 表示全部 / rows to sample, 0 = all rows'
    """
    path = notebook_path(notebook)
    nb = read_notebook(path)
    cell = nb.cells[_parameters_cell_index(nb, path.name)]
    source = cell.source
    comments = _comments_by_line(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{path.name}: parameters cell is not valid Python: {exc}") from None
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            target, value = node.target, node.value
        else:
            raise ParameterError(f"{path.name}: line {node.lineno} of the parameters cell is not 'name = literal'")
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

    Parameters
    ----------
    notebook : str or Path
        As for :func:`notebook_parameters`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``name``, with columns ``type``, ``default`` and ``help``.

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
        if isinstance(value, (datetime.date, datetime.datetime)):  # an unquoted YAML date
            return value.isoformat()
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
            from .._checks import load_yaml
            from ..errors import ConfigError

            try:  # the kit's YAML reader: safe, and refuses alias bombs and oversized text
                value = load_yaml(value + "\n", what="parameter value", top=None, name=f"-p {name}")
            except ConfigError as exc:
                raise ParameterError(f"parameter {name!r} expects a {want.__name__}: {exc}") from None
            value = _plain(value)
        if not isinstance(value, want):
            raise ParameterError(f"parameter {name!r} expects a {want.__name__}, got {value!r}")
        _check_literal(name, value)
        return value
    raise ParameterError(f"parameter {name!r} has a default of unsupported type {want.__name__}")


def _plain(value):
    """Plain ``dict`` / ``list`` copies of what the YAML reader returned."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _check_literal(name, value):
    """Refuse anything but text, numbers, booleans, ``None`` and lists / dicts of them."""
    if isinstance(value, dict):
        for k, v in value.items():
            _check_literal(name, k)
            _check_literal(name, v)
    elif isinstance(value, list):
        for v in value:
            _check_literal(name, v)
    elif not isinstance(value, _LITERAL_TYPES):
        raise ParameterError(f"parameter {name!r} holds a {type(value).__name__}; only plain values are allowed")


def check_choice_parameter(name: str, value, choices):
    """Inside a notebook: refuse a parameter value the notebook cannot use.

    A report run turns the :class:`~creditkit.errors.ParameterError` into a
    bad-parameter message (exit status 2 on the command line), not a failure.

    Parameters
    ----------
    name : str
        The parameter's name.
    value : object
        Its value.
    choices : iterable
        Allowed values (a mapping's keys count).

    Returns
    -------
    object
        ``value``, when allowed.

    Examples
    --------
    >>> check_choice_parameter("dataset", "german", ["german", "taiwan"])
    'german'
    >>> check_choice_parameter("dataset", "x" * 100, ["german", "taiwan"])
    Traceback (most recent call last):
    ...
    creditkit.errors.ParameterError: parameter 'dataset' must be one of 'german', 'taiwan'; got 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'
    """
    allowed = list(choices)
    if value in allowed:
        return value
    shown = repr(value) if len(repr(value)) <= 50 else repr(value)[:48] + "...'"
    known = ", ".join(repr(c) for c in allowed[:20]) + (", ..." if len(allowed) > 20 else "")
    raise ParameterError(f"parameter {name!r} must be one of {known}; got {shown}")


def check_number_parameter(name: str, value, *, low=None, high=None, integer: bool = False,
                           low_open: bool = False, high_open: bool = False):
    """Inside a notebook: refuse a number the notebook cannot use (out of range, not an integer).

    Like :func:`check_choice_parameter`, the error is a
    :class:`~creditkit.errors.ParameterError`, so a report run ends with a
    bad-parameter message (exit status 2) naming the parameter and the range.

    Parameters
    ----------
    name : str
        The parameter's name.
    value : object
        Its value.
    low, high : float, optional
        Bounds, inclusive unless ``low_open`` / ``high_open``.
    integer : bool, default False
        Require a whole number.

    Returns
    -------
    int or float
        ``value``, when allowed.

    Examples
    --------
    >>> check_number_parameter("test_size", 0.3, low=0, high=1, low_open=True, high_open=True)
    0.3
    >>> check_number_parameter("test_size", 1.5, low=0, high=1, low_open=True, high_open=True)
    Traceback (most recent call last):
    ...
    creditkit.errors.ParameterError: parameter 'test_size' must be a number above 0 and below 1; got 1.5
    >>> check_number_parameter("n_bins", 2.5, low=2, integer=True)
    Traceback (most recent call last):
    ...
    creditkit.errors.ParameterError: parameter 'n_bins' must be a whole number of at least 2; got 2.5
    """
    kind = "a whole number" if integer else "a number"
    bounds = []
    if low is not None:
        bounds.append(f"above {low:g}" if low_open else f"of at least {low:g}")
    if high is not None:
        bounds.append(f"below {high:g}" if high_open else f"of at most {high:g}")
    wanted = kind + (" " + " and ".join(bounds) if bounds else "")
    shown = repr(value) if len(repr(value)) <= 50 else repr(value)[:48] + "..."
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if ok and integer:
        ok = float(value).is_integer()
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        raise ParameterError(f"parameter {name!r} must be {wanted}; got {shown}")
    return int(value) if integer else value


def coerce_parameters(notebook, parameters: dict | None = None) -> dict:
    """Check ``parameters`` against a notebook's declared ones and convert types.

    Each value is converted to the type of the declared default: ``"500"`` for
    an ``int`` parameter becomes ``500``; anything for a ``str`` parameter stays
    text. An unknown name is an error that lists the known ones.

    Parameters
    ----------
    notebook : str or Path
        As for :func:`notebook_parameters`.
    parameters : dict, optional
        Values by parameter name, as Python values or as text.

    Returns
    -------
    dict
        The same names with converted values.

    Raises
    ------
    ParameterError
        An unknown name, or a value that does not fit the default's type.

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


class _LiteralTranslator(PythonTranslator):
    """Papermill translator that writes every value as a checked Python literal.

    Papermill's ``PythonTranslator`` renders values its own way: text through
    ``unicode_escape`` (``"客户"`` arrives as ``"\\u5ba2\\u6237"``), every dict
    key as text (``{1: "a"}`` arrives as ``{"1": "a"}``), NaN and infinities
    as calls (``float('nan')``), an object of any other type as its ``str``
    between quotes with nothing escaped, and the whole cell reformatted by
    black where black is installed. Here each value is written with ``repr``
    and must read back equal through :func:`ast.literal_eval`; anything else is
    refused. The injected cell is then pure data whatever a text contains, and
    every value arrives in the notebook exactly as given.
    """

    @classmethod
    def translate(cls, val):
        """``repr`` of the value; :meth:`codify` checks that it is a literal."""
        return repr(val)

    @classmethod
    def codify(cls, parameters, comment="Parameters"):
        """One ``name = literal`` line per parameter, no comment line."""
        lines = []
        for name, value in parameters.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise ParameterError(f"parameter name {name!r} is not a Python identifier")
            _check_literal(name, value)
            text = cls.translate(value)
            try:
                same = ast.literal_eval(text) == value
            except ValueError:  # nan and infinities have no literal
                same = False
            if not same:
                raise ParameterError(f"parameter {name!r} cannot be written as a literal: {value!r}")
            lines.append(cls.assign(name, text))
        return "\n".join(lines)


#: Name the kit's translator is registered under with papermill; no kernel has it.
_TRANSLATOR = "creditkit-literals"
papermill_translators.register(_TRANSLATOR, _LiteralTranslator)


def inject_parameters(nb, parameters: dict):
    """Copy of ``nb`` with a cell tagged ``injected-parameters`` after ``parameters``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        A notebook with exactly one cell tagged ``parameters``; not changed.
    parameters : dict
        Values by name: text, numbers, booleans, ``None`` and lists / dicts
        of them. With none, no cell is added.

    Returns
    -------
    nbformat.NotebookNode
        The copy, prepared for papermill; an ``injected-parameters`` cell of
        an earlier run is dropped.

    Raises
    ------
    ParameterError
        No or several ``parameters`` cells, a name that is not an identifier,
        or a value that cannot be written as a literal.

    Notes
    -----
    Papermill's :func:`~papermill.parameterize.parameterize_notebook` places
    and tags the cell and records the values in the notebook's ``papermill``
    metadata; the values are written by a translator of the kit's own (see
    ``_LiteralTranslator``): ``repr``, checked to read back unchanged with
    :func:`ast.literal_eval`, so no value can become code.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
    >>> out = inject_parameters(nb, {"x": '"); import os; ("'})
    >>> out.cells[1].source
    'x = \\'"); import os; ("\\''
    >>> out.cells[1].metadata.tags
    ['injected-parameters']
    """
    nb = load_notebook_node(nb)  # a copy, with the metadata and cell tags papermill expects
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.tags]
    _parameters_cell_index(nb)
    if not parameters:
        return nb
    nb = parameterize_notebook(nb, copy.deepcopy(parameters), kernel_name=_TRANSLATOR, language="python")
    for cell in nb.cells:  # a fixed id (papermill draws a random one): the same run writes the same files
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return nb
