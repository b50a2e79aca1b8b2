"""Run a notebook with parameters and write it as a report.

:func:`run_notebook` checks the values a user gives against the notebook's
declared parameters, injects them as Python literals, executes the notebook
with papermill (on the kit's :mod:`~creditkit.reports.kernel` client) and
writes the executed notebook and a code-free HTML report under names given by
:func:`report_filename`. Cells tagged ``widget`` are not run. A cell that
raises, runs past the timeout (after one more try of the whole run) or kills
the kernel becomes a :class:`~creditkit.errors.NotebookExecutionError` naming
the notebook, the cell (as the user's notebook counts cells) and what happened.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from nbclient.exceptions import DeadKernelError
from papermill import execute_notebook
from papermill.exceptions import PapermillExecutionError
from papermill.utils import find_first_tagged_cell_index

from ..errors import NotebookExecutionError, ParameterError
from .catalogue import notebook_path, read_notebook
from .html import to_html, without_trainer_cells
from .params import coerce_parameters, inject_parameters, notebook_parameters
from .records import read_records

__all__ = ["Report", "report_filename", "run_notebook", "DEFAULT_TIMEOUT"]


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


def _user_cell(nb, index):
    """``index`` of the executed notebook as the user's notebook counts cells."""
    if index is None:
        return None
    injected = find_first_tagged_cell_index(nb, "injected-parameters")
    if 0 <= injected < index:
        return index - 1
    return index


def check_timeout(timeout) -> None:
    """Refuse a cell timeout below one second (0 must not silently mean "no limit")."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout >= 1:
        raise ParameterError(f"timeout must be at least 1 second, got {timeout!r}")


def _absolute_paths(params: dict) -> dict:
    """File parameters (``*_path``) made absolute against the caller's folder.

    The kernel runs in the output folder (so exported files land beside the
    report); a relative ``-p ledger_path my.csv`` must still mean the file the
    user sees from where they typed the command.
    """
    return {name: (str(Path(value).expanduser().resolve())
                   if name.endswith("_path") and isinstance(value, str) and value.strip() else value)
            for name, value in params.items()}


def _execution_error(path: Path, exc, nb):
    """The kit's error for papermill's ``exc`` raised while running ``nb`` (from ``path``).

    A cell that raised the kit's :class:`~creditkit.errors.ParameterError` (a
    value only the notebook could check) is a bad parameter, not a failure.
    """
    cell = _user_cell(nb, getattr(exc, "cell_index", None))
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    if ename == "ParameterError":
        return ParameterError(f"{path.name}: {evalue}")
    return NotebookExecutionError(path, cell=cell, ename=ename, evalue=evalue, source=getattr(exc, "source", ""))


def _stopped_error(path: Path, exc, nb, timeout) -> NotebookExecutionError:
    """The kit's error for a dead kernel or a cell that ran past ``timeout``."""
    cell = _user_cell(nb, getattr(exc, "cell_index", None))
    source = getattr(exc, "cell_source", "")
    if isinstance(exc, DeadKernelError):
        return NotebookExecutionError(path, cell=cell, ename="KernelDied",
                                      evalue="the Python kernel stopped while this cell ran", source=source)
    return NotebookExecutionError(path, cell=cell, ename="CellTimeout",
                                  evalue=f"no result after {timeout} s (raise the limit with --timeout SECONDS)",
                                  source=source)


#: Seconds a cell of a report may run by default: every kit notebook's cells take a few seconds.
DEFAULT_TIMEOUT = 60


def run_notebook(
    notebook,
    parameters: dict | None = None,
    *,
    lang: str | None = None,
    out_dir="reports",
    html: bool = True,
    timeout: int = DEFAULT_TIMEOUT,
    widgets: bool = False,
    retries: int = 1,
    kernel_name: str = "python3",
    notify=None,
) -> Report:
    """Execute a notebook with parameters and write it as a report.

    Parameters
    ----------
    notebook : str or Path
        The name of one of the kit's notebooks (``"00_welcome"``), or an
        explicit path to a notebook (``./my.ipynb``); a notebook given by path
        runs its own code.
    parameters : dict, optional
        Values for the notebook's declared parameters; converted to the type of
        each default (see :func:`~creditkit.reports.coerce_parameters`). A
        relative file name in a ``*_path`` parameter is taken from the
        current working directory (the notebook itself runs in ``out_dir``).
    lang : {"zh", "en"}, optional
        Shortcut for ``parameters["lang"]``.
    out_dir : str or Path, default "reports"
        Where the executed ``.ipynb``, the ``.html`` and any files the notebook
        exports go; created if needed. The notebook runs with this folder as its
        working directory.
    html : bool, default True
        Also write the code-free HTML report.
    timeout : int, default 60
        Seconds a single cell may run; at least 1.
    widgets : bool, default False
        Also run the cells tagged ``widget`` (the notebook tests do; reports
        never wait on a widget).
    retries : int, default 1
        How many times a run whose cell timed out is started again.
    kernel_name : str, default "python3"
    notify : callable, optional
        Called with a one-line message when a run is started again.

    Returns
    -------
    Report
        Paths of what was written and the notebook's
        :func:`~creditkit.reports.record` values.

    Raises
    ------
    ParameterError
        Unknown parameter, a value of the wrong type, a timeout below one
        second, or a value the notebook itself refused.
    NotebookExecutionError
        A cell raised, ran past ``timeout`` (twice) or the kernel died; the
        message names the notebook and the cell.

    Examples
    --------
    >>> import tempfile
    >>> rep = run_notebook("00_welcome", {"sample_size": 100}, lang="en",
    ...                    out_dir=tempfile.mkdtemp())  # doctest: +SKIP
    >>> rep.html_path.name  # doctest: +SKIP
    '00_welcome-en-....html'
    """
    import os

    from nbclient.exceptions import CellTimeoutError

    from ..i18n import check_lang
    from . import kernel  # noqa: F401 - registers the engine with papermill

    check_timeout(timeout)
    path = notebook_path(notebook)
    params = dict(parameters or {})
    if lang is not None:
        params["lang"] = check_lang(lang)
    params = _absolute_paths(coerce_parameters(path, params))
    if "lang" in params:
        check_lang(params["lang"])
    declared = notebook_parameters(path)
    run_lang = params.get("lang", declared["lang"].default if "lang" in declared else "zh")

    out = Path(out_dir).expanduser().resolve()
    out.mkdir(parents=True, exist_ok=True)
    stem = report_filename(path, params)
    ipynb_path = out / f"{stem}.ipynb"

    shown = dict(params)
    if "trainer" in declared:
        shown.setdefault("trainer", declared["trainer"].default)
    # the trainer's notes and answers neither run nor reach the notebook written, unless asked for
    nb = inject_parameters(without_trainer_cells(read_notebook(path), shown), params)
    env = dict(os.environ, CREDITKIT_REPORT_DIR=str(out), CREDITKIT_REPORT_STEM=stem)
    options = dict(
        kernel_name=kernel_name,
        cwd=str(out),
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
        execution_timeout=timeout,
        engine_name=kernel.ENGINE,
        kernel_env=env,
        # The kernel's own start-up log (transport notices) is noise in a report run.
        extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
    )
    if not widgets:
        options["skip_cells_with_tag"] = "widget"
    attempt = 0
    while True:
        try:
            executed = execute_notebook(copy.deepcopy(nb), str(ipynb_path), **options)
            break
        except PapermillExecutionError as exc:
            raise _execution_error(path, exc, nb) from None
        except CellTimeoutError as exc:
            if attempt < retries:
                attempt += 1
                if notify is not None:
                    cell = _user_cell(nb, getattr(exc, "cell_index", None))
                    notify(f"{path.name}: cell {cell} gave no result after {timeout} s; running the report again")
                continue
            raise _stopped_error(path, exc, nb, timeout) from None
        except DeadKernelError as exc:
            raise _stopped_error(path, exc, nb, timeout) from None
    html_path = None
    if html:
        html_path = out / f"{stem}.html"
        page = to_html(executed, parameters=params, lang=run_lang, declared=declared, notebook_name=path.name)
        html_path.write_text(page, encoding="utf-8")
    return Report(path, params, ipynb_path, html_path, read_records(executed))
