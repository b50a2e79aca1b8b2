"""Long-lived kernels that run many reports: start-up paid once, the namespace reset between reports.

A short report spends most of its time starting a Python kernel and importing
pandas, matplotlib and the kit. :class:`PoolKernel` starts one kernel, imports
those once, and then runs report after report on it. Before each report the
kernel's namespace is reset (IPython's ``%reset -f``), open figures are
closed, matplotlib's and pandas' settings are put back as they were after
start-up, and the working folder and the report's environment
(:data:`~creditkit.reports.display.REPORT_DIR_ENV`,
:data:`~creditkit.reports.display.REPORT_STEM_ENV`) are set for the new
report. The reset is then checked: a name left in the namespace that was not
there after start-up stops the run with an error, so nothing one report
defined can be seen by the next.

Parameters are checked, converted and injected as in
:func:`~creditkit.reports.run_notebook` (:mod:`~creditkit.reports.params`),
cells tagged ``widget`` are skipped, the kernel client polls as the report
client does (:class:`~creditkit.reports.kernel.SlicedPolls`), and a failing
cell, a timeout or a dead kernel becomes the same
:class:`~creditkit.errors.NotebookExecutionError` naming the notebook and the
cell. A kernel that died or timed out is started again before the next report.

Examples
--------
>>> with PoolKernel() as k:  # doctest: +SKIP
...     run = k.run("43_customer_file", {"customer_id": "JD0005"}, out_dir="reports")
>>> run.records["credit_file"]["grade"]  # doctest: +SKIP
'D'
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic

import nbformat
from concurrent.futures import ThreadPoolExecutor

from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from .catalogue import notebook_path, read_notebook
from .display import REPORT_DIR_ENV, REPORT_STEM_ENV
from .kernel import SlicedPolls
from .params import coerce_parameters, inject_parameters
from .records import read_records
from .run import DEFAULT_TIMEOUT, _execution_error, _stopped_error, check_timeout

__all__ = ["PoolKernel", "PoolRun", "NamespaceLeakError", "WARM_IMPORTS"]

#: Modules a pool kernel imports once at start-up (what every kit report imports).
WARM_IMPORTS = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "IPython.display", "creditkit",
                "creditkit.cases", "creditkit.receivables", "creditkit.reports")

#: Seconds the kit's own code in a pool kernel (start-up imports, the reset) may take.
_KIT_CODE_TIMEOUT = 120

# Names IPython keeps for its input and output history; they are refilled by every cell.
_HISTORY_NAME = re.compile(r"^_+(i{1,3}|ih|oh|dh)?\d*$|^(In|Out|exit|quit|get_ipython)$")


class NamespaceLeakError(RuntimeError):
    """A name from an earlier report was still in the kernel's namespace after the reset."""


class _PoolClient(SlicedPolls, NotebookClient):
    """nbclient's client on a kernel it does not own; a failing cell is tagged with its index and source."""

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except (CellExecutionError, DeadKernelError, CellTimeoutError, TimeoutError) as ex:
            ex.cell_index = cell_index
            ex.cell_source = ex.source = cell.source
            raise


@dataclass(frozen=True)
class PoolRun:
    """One report run on a pool kernel.

    Attributes
    ----------
    notebook : Path
    parameters : dict
        The run's values, converted to the declared types.
    executed : nbformat.NotebookNode
        The executed notebook (not yet written anywhere).
    records : dict
        What the notebook showed with :func:`~creditkit.reports.record`.
    seconds : float
        Wall time of the run on the kernel, reset included.
    """

    notebook: Path
    parameters: dict
    executed: nbformat.NotebookNode
    records: dict = field(default_factory=dict)
    seconds: float = 0.0


def _prepare_namespace(folder: str, stem: str, baseline: frozenset | None) -> None:
    """Inside a pool kernel, after ``%reset -f``: check the namespace, reset settings, set the report's folder.

    Called by :meth:`PoolKernel.run` in the kernel, not by users.
    """
    import warnings

    from IPython import get_ipython

    ip = get_ipython()
    if baseline is not None:
        left = sorted(n for n in set(ip.user_ns) - set(baseline) if not _HISTORY_NAME.match(n))
        if left:
            raise NamespaceLeakError(f"names from an earlier report survived the reset: {', '.join(left[:10])}")
    import sys

    state = sys.modules[__name__].__dict__.setdefault("_KERNEL_STATE", {})
    if "matplotlib" in sys.modules:
        import matplotlib
        import matplotlib.pyplot as plt

        plt.close("all")
        if "rc" in state:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                matplotlib.rcParams.update(state["rc"])
        else:
            state["rc"] = dict(matplotlib.rcParams)
    if "pandas" in sys.modules:
        import pandas as pd

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.reset_option("all")
    os.chdir(folder)
    os.environ[REPORT_DIR_ENV] = folder
    os.environ[REPORT_STEM_ENV] = stem


def _namespace_names() -> list:
    """Inside a pool kernel: the names now in the user namespace (for the baseline after start-up)."""
    from IPython import get_ipython

    return sorted(get_ipython().user_ns)


class PoolKernel:
    """One long-lived kernel that runs report after report.

    Parameters
    ----------
    kernel_name : str, default "python3"
    timeout : int, default 60
        Seconds a single cell may run.
    widgets : bool, default False
        Also run the cells tagged ``widget``.
    env : dict, optional
        Environment of the kernel (default: this process's).
    warm : sequence of str, default :data:`WARM_IMPORTS`
        Modules imported once at start-up.

    Notes
    -----
    A kernel is driven from one thread at a time. Use it as a context manager,
    or call :meth:`shutdown` when done.
    """

    def __init__(self, *, kernel_name: str = "python3", timeout: int = DEFAULT_TIMEOUT, widgets: bool = False,
                 env: dict | None = None, warm=WARM_IMPORTS):
        check_timeout(timeout)
        self.kernel_name = kernel_name
        self.timeout = timeout
        self.widgets = widgets
        self.env = dict(os.environ if env is None else env)
        self.warm = tuple(warm)
        self.km = None
        self.kc = None
        self._baseline = None
        self.reports_run = 0
        self.starts = 0
        self._thread = None

    # -- kernel life ---------------------------------------------------------------------------
    def _call(self, fn, *args, **kwargs):
        """Run ``fn`` on the kernel's own thread (its event loop and sockets live there)."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="creditkit-kernel")
        return self._thread.submit(fn, *args, **kwargs).result()

    def start(self) -> "PoolKernel":
        """Start the kernel, import :attr:`warm`, record the namespace after a reset."""
        self._call(self._start)
        return self

    def _start(self):
        if self.km is not None:
            return
        self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        boot = _PoolClient(nbformat.v4.new_notebook(), km=self.km, kernel_name=self.kernel_name,
                           extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        boot.start_new_kernel(env=self.env)
        self.kc = boot.start_new_kernel_client()
        self.starts += 1
        imports = "\n".join(f"import {m}" for m in self.warm)
        self._run_code(f"{imports}\n%reset -f", "start-up")
        names = self._run_code(f"__import__({__name__!r}, fromlist=['_'])._namespace_names()", "start-up",
                               result=True)
        self._baseline = frozenset(names)

    def shutdown(self) -> None:
        """Stop the kernel and its thread (nothing happens when it is not running)."""
        if self._thread is not None:
            self._call(self._shutdown)
            self._thread.shutdown()
            self._thread = None

    def _shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except RuntimeError:
                pass
        self.km = self.kc = None
        self._baseline = None

    def restart(self) -> None:
        """Start a fresh kernel in place of this one."""
        self._call(self._restart)

    def _restart(self) -> None:
        self._shutdown()
        self._start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.shutdown()

    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return self.km is not None and run_sync(self.km.is_alive)()

    # -- running -------------------------------------------------------------------------------
    def _client(self, nb, timeout=None) -> _PoolClient:
        client = _PoolClient(nb, km=self.km, timeout=timeout or self.timeout, kernel_name=self.kernel_name,
                             skip_cells_with_tag="skip-execution" if self.widgets else "widget",
                             record_timing=False)
        client.kc = self.kc
        return client

    def _run_code(self, source: str, what: str, *, result: bool = False):
        """Run kit code (not report code) in the kernel; its error is raised here."""
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        try:  # the kit's own code (imports at start-up, the reset) is not held to a report cell's timeout
            self._client(nb, timeout=max(self.timeout, _KIT_CODE_TIMEOUT)).execute()
        except CellExecutionError as exc:
            if exc.ename == "NamespaceLeakError":
                raise NamespaceLeakError(exc.evalue) from None
            raise RuntimeError(f"pool kernel {what} failed: {exc.ename}: {exc.evalue}") from None
        if result:
            import ast

            for out in nb.cells[0].outputs:
                if out.get("output_type") == "execute_result":
                    return ast.literal_eval(out["data"]["text/plain"])
            raise RuntimeError(f"pool kernel {what} gave no result")
        return None

    def run(self, notebook, parameters: dict | None = None, *, out_dir, stem: str) -> PoolRun:
        """Run one report on this kernel.

        Parameters
        ----------
        notebook : str or Path
            A kit notebook's name or a path (as for :func:`~creditkit.reports.run_notebook`).
        parameters : dict, optional
            Values for the notebook's declared parameters.
        out_dir : str or Path
            The report's folder: the notebook runs there and exports files there.
        stem : str
            File stem of the report (prefix of the files it exports).

        Returns
        -------
        PoolRun

        Raises
        ------
        ParameterError
            As :func:`~creditkit.reports.run_notebook`.
        NotebookExecutionError
            A cell raised, ran past the timeout or the kernel died; the kernel
            is started again before the next run.
        NamespaceLeakError
            The reset left a name of an earlier report in the namespace.
        """
        path = notebook_path(notebook)
        params = coerce_parameters(path, dict(parameters or {}))
        nb = inject_parameters(read_notebook(path), params)
        return self.run_prepared(path, params, nb, out_dir, stem)

    def run_prepared(self, path, parameters: dict, nb, out_dir, stem: str) -> PoolRun:
        """Run a notebook whose parameters are already checked and injected (see :meth:`run`).

        ``path`` only names the notebook in errors; ``nb`` is what runs.
        """
        folder = str(Path(out_dir).expanduser().resolve())
        Path(folder).mkdir(parents=True, exist_ok=True)
        return self._call(self._run, Path(path), dict(parameters), nb, folder, stem)

    def _run(self, path, params, nb, folder, stem) -> PoolRun:
        started = monotonic()
        if not self._alive():
            self._restart()
        def reset():
            # into the new folder first: the last report's folder may be gone, and the reset reads the cwd
            self._run_code(f"__import__('os').chdir({folder!r})\n%reset -f\n"
                           f"__import__({__name__!r}, fromlist=['_'])._prepare_namespace("
                           f"{folder!r}, {stem!r}, {sorted(self._baseline)!r})", "reset")

        try:
            reset()
        except (CellTimeoutError, DeadKernelError, TimeoutError):  # a kernel that cannot reset is replaced
            self._restart()
            reset()
        work = copy.deepcopy(nb)
        try:
            self._client(work).execute()
        except CellExecutionError as exc:
            exc.cell_index = getattr(exc, "cell_index", None)
            raise _execution_error(path, exc, nb) from None
        except (CellTimeoutError, DeadKernelError, TimeoutError) as exc:
            self._restart()
            raise _stopped_error(path, exc, nb, self.timeout) from None
        finally:
            self.reports_run += 1
        return PoolRun(path, params, work, read_records(work), monotonic() - started)
