"""Run a notebook with parameters and write it as a report.

:func:`run_notebook` checks the values a user gives against the notebook's
declared parameters, injects them as Python literals, executes the notebook
with papermill and writes the executed notebook and a code-free HTML report
under names given by :func:`report_filename`. A cell that raises becomes a
:class:`~creditkit.errors.NotebookExecutionError` naming the notebook, the cell
(as the user's notebook counts cells) and the exception.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from papermill import execute_notebook
from papermill.exceptions import PapermillExecutionError
from papermill.utils import find_first_tagged_cell_index

from ..errors import NotebookExecutionError
from .catalogue import notebook_path
from .html import to_html
from .params import coerce_parameters, inject_parameters, notebook_parameters
from .records import read_records

__all__ = ["Report", "report_filename", "run_notebook"]


@dataclass(frozen=True)
class Report:
    """What :func:`run_notebook` produced.

    Attributes
    ----------
    notebook : Path
        The notebook that ran.
    parameters : dict
        The run's values, converted to the declared types.
    ipynb_path : Path
        The executed notebook.
    html_path : Path or None
        The HTML report, if one was written.
    records : dict
        What the notebook showed with :func:`~creditkit.reports.record`.
    """

    notebook: Path
    parameters: dict
    ipynb_path: Path
    html_path: Path | None
    records: dict = field(default_factory=dict)


def report_filename(notebook, parameters: dict | None = None) -> str:
    """Stable file stem of a run: the notebook's stem, the language, a hash of the rest.

    The same notebook and parameters always give the same name; runs that differ
    in any parameter get different names.

    Parameters
    ----------
    notebook : str or Path
        A path or a kit notebook's name; its file stem starts the name.
    parameters : dict, optional
        The run's values; ``lang`` is written out, the others are hashed.

    Returns
    -------
    str
        ``<stem>[-<lang>][-<8 hex digits>]``.

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


def _execution_error(path: Path, exc, nb) -> NotebookExecutionError:
    """The kit's error for papermill's ``exc`` raised while running ``nb`` (from ``path``)."""
    cell = getattr(exc, "cell_index", None)
    injected = find_first_tagged_cell_index(nb, "injected-parameters")
    if cell is not None and 0 <= injected < cell:
        cell -= 1  # count cells as the user's notebook has them, without the injected one
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
        each default (see :func:`~creditkit.reports.coerce_parameters`).
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
        Paths of what was written and the notebook's
        :func:`~creditkit.reports.record` values.

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

    nb = inject_parameters(nbformat.read(path, as_version=4), params)
    try:
        executed = execute_notebook(
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
        raise _execution_error(path, exc, nb) from None
    html_path = None
    if html:
        html_path = out / f"{stem}.html"
        html_path.write_text(to_html(executed, parameters=params, lang=run_lang), encoding="utf-8")
    return Report(path, params, ipynb_path, html_path, read_records(executed))
