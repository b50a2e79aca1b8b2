"""One report per customer, at scale: kernel pools, skip-on-unchanged, a manifest, an index page.

:func:`run_batch` runs a customer-level notebook (by default
``43_customer_file``) once for each customer of a case or of a user's ledger:

* the reports run on a pool of long-lived kernels, one per worker
  (:class:`~creditkit.reports.pool.PoolKernel`), the namespace reset between
  customers; the HTML of each finished report is written by a converter
  thread while the kernel already runs the next customer;
* file names are stable: ``<customer id>.html`` and ``.ipynb`` in the output
  folder (characters a file name cannot hold are replaced, and a short hash
  of the id keeps such names apart);
* ``manifest.json`` lists every customer with its status (``ok`` or
  ``failed`` with the error), the content hash of its inputs, the seconds it
  took and its key figures; it is rewritten after every report, so an
  interrupted run can be resumed;
* a customer whose notebook, parameters and input file are unchanged since
  its last successful report is not run again (its content hash is the same)
  unless ``force`` is given; ``resume`` takes the run's definition (source,
  customers, date, language) from the manifest of an interrupted run and
  runs what is missing;
* one failing customer never stops the others: the failures are in the
  manifest and in :attr:`BatchResult.failed`;
* ``index.html`` links every report, with a summary table through the
  display layer (:mod:`creditkit.reports.display`).

With ``scheduler`` the reports run on a Dask distributed cluster
(``pip install creditkit[dask]``): each Dask worker holds its own kernel
pool, and files are written here.

Examples
--------
>>> res = run_batch(case="jidian", customers=["JD0001", "JD0005"], as_of="2025-06-30", workers=2,
...                 out_dir="reports/batch")  # doctest: +SKIP
>>> res.failed, res.index_path.name  # doctest: +SKIP
([], 'index.html')
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from queue import Empty, Queue
from time import monotonic

import nbformat

from .. import __version__
from ..errors import CreditkitError, NotebookExecutionError, ParameterError
from .catalogue import notebook_path, read_notebook
from .html import to_html
from .params import coerce_parameters, inject_parameters, notebook_parameters
from .records import RECORD_MIMETYPE
from .run import DEFAULT_TIMEOUT

__all__ = ["BatchResult", "run_batch", "customer_file_name", "content_key", "read_manifest", "write_index",
           "DEFAULT_NOTEBOOK", "MANIFEST"]

#: The notebook a batch runs unless told otherwise: one customer's credit file.
DEFAULT_NOTEBOOK = "43_customer_file"
#: File name of the manifest in the output folder.
MANIFEST = "manifest.json"
_FORMAT = 1
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


# ---------------------------------------------------------------------------------------------
# Names, hashes, manifest
# ---------------------------------------------------------------------------------------------
def customer_file_name(customer_id) -> str:
    """Stable file stem of a customer's report.

    The id itself where it is a safe file name; otherwise the unsafe
    characters replaced by ``_`` and the first 8 hex digits of the id's
    SHA-256 appended, so two ids never share a name.

    Examples
    --------
    >>> customer_file_name("JD0005"), customer_file_name("客户-7")
    ('JD0005', '客户-7')
    >>> customer_file_name("A/B")
    'A_B-998d3ed8'
    """
    text = str(customer_id)
    safe = _UNSAFE.sub("_", text).strip()
    if safe != text or not safe or safe.startswith(".") or len(safe.encode("utf-8")) > 150:
        safe = (safe.lstrip(".")[:40] or "customer") + "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return safe


def _file_digest(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def content_key(notebook_digest: str, parameters: dict, inputs: dict) -> str:
    """Content hash of one report: the notebook's bytes, its parameters and its input files.

    Parameters
    ----------
    notebook_digest : str
        SHA-256 of the notebook file.
    parameters : dict
        The report's parameters (converted values).
    inputs : dict
        What the data is: file digests by parameter name, or a case's
        generator parameters.

    Returns
    -------
    str
        64 hex digits; the same inputs always give the same key.

    Examples
    --------
    >>> a = content_key("ab", {"customer_id": "A", "lang": "zh"}, {"case": "jidian"})
    >>> a == content_key("ab", {"lang": "zh", "customer_id": "A"}, {"case": "jidian"}), len(a)
    (True, 64)
    >>> a == content_key("ab", {"customer_id": "A", "lang": "en"}, {"case": "jidian"})
    False
    """
    blob = json.dumps({"kit": __version__, "notebook": notebook_digest, "parameters": parameters, "inputs": inputs},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def read_manifest(out_dir) -> dict | None:
    """The manifest of a batch folder, or ``None`` when there is none.

    Raises
    ------
    CreditkitError
        The file is not a batch manifest (named, with what is wrong).
    """
    path = Path(out_dir) / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CreditkitError(f"{path}: not a batch manifest ({exc}); delete it or use another --out folder") from None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("reports"), dict):
        raise CreditkitError(f"{path}: not a batch manifest of this kit version; delete it or use another --out folder")
    return data


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------
# The jobs
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Job:
    customer_id: str
    stem: str
    parameters: dict
    key: str


@dataclass
class BatchResult:
    """What :func:`run_batch` did.

    Attributes
    ----------
    out_dir : Path
    manifest : dict
        As written to ``manifest.json``.
    ran, unchanged, failed : list of str
        Customer ids run in this call, kept because their inputs were
        unchanged, and failed (in this call).
    index_path : Path
    seconds : float
        Wall time of the call.
    """

    out_dir: Path
    manifest: dict
    ran: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    index_path: Path | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """No customer failed."""
        return not self.failed


def _source_of(case, ledger, columns) -> dict:
    if (case is None) == (ledger is None):
        raise ParameterError("give either a case (case NAME) or a ledger file (ledger FILE), not both or neither")
    if case is not None:
        from ..cases import CASES

        if case not in CASES:
            raise ParameterError(f"unknown case {case!r}; the cases are: {', '.join(CASES)}")
        return {"case": case}
    path = Path(ledger).expanduser().resolve()
    if not path.is_file():
        raise FileNotFoundError(f"ledger file not found: {ledger}")
    out = {"ledger": str(path)}
    if columns:
        cpath = Path(columns).expanduser().resolve()
        if not cpath.is_file():
            raise FileNotFoundError(f"column map not found: {columns} (--columns)")
        out["columns"] = str(cpath)
    return out


def _source_customers(source: dict, as_of: str) -> list[str]:
    from ..cases.customer_file import ledger_customer_ids

    if "case" in source:
        from ..cases import load_case

        return ledger_customer_ids(load_case(source["case"], as_of=as_of).ledger)
    from ..receivables import load_ledger

    return ledger_customer_ids(load_ledger(source["ledger"], columns=source.get("columns")).table)


def _pseudonym_codes(source: dict, as_of: str, lang: str) -> tuple[dict, list[str]]:
    """``{real id: pseudonymous id}`` as the notebook's ``mask`` makes them, and the masked ledger's customers."""
    from ..cases.customer_file import credit_file_data, ledger_customer_ids

    _, ledger = credit_file_data(case=source.get("case", "jidian"), ledger_path=source.get("ledger", ""),
                                 columns_path=source.get("columns", ""), as_of=as_of, mask=True, lang=lang)
    codes = {real: code for real, (code, _name) in ledger.attrs["pseudonyms"].items()}
    return codes, ledger_customer_ids(ledger)


def _pick_customers(customers, known: list[str]) -> list[str]:
    if customers is None or customers == "all" or customers == ["all"]:
        return list(known)
    wanted = [c.strip() for c in customers.split(",")] if isinstance(customers, str) else [str(c) for c in customers]
    wanted = [c for c in dict.fromkeys(wanted) if c]
    if not wanted:
        raise ParameterError("--customers is empty; give all or a list of ids separated by commas")
    unknown = [c for c in wanted if c not in set(known)]
    if unknown:
        shown = ", ".join(known[:10]) + (", ..." if len(known) > 10 else "")
        raise ParameterError(f"--customers: no customer {', '.join(unknown[:10])} in the data; its customers are: {shown}")
    return wanted


def _inputs_of(source: dict) -> dict:
    if "case" in source:
        from ..cases import CASES

        return {"case": source["case"], "generator": CASES[source["case"]]["parameters"]}
    out = {"ledger": _file_digest(source["ledger"])}
    if "columns" in source:
        out["columns"] = _file_digest(source["columns"])
    return out


def _jobs(path: Path, source: dict, ids: list[str], *, as_of: str, lang: str, extra: dict) -> list[_Job]:
    declared = notebook_parameters(path)
    if "customer_id" not in declared:
        raise ParameterError(f"{path.name} has no parameter 'customer_id': a batch runs a notebook once per customer")
    given = {"as_of": as_of, "lang": lang, **extra}
    if "case" in source:
        given["case"] = source["case"]
    else:
        given["ledger_path"] = source["ledger"]
        if "columns" in source:
            given["columns_path"] = source["columns"]
    for name in ("ledger_path", "case"):
        if name in given and name not in declared:
            raise ParameterError(f"{path.name} has no parameter {name!r}: it cannot report on this data")
    base = {k: v for k, v in given.items() if k in declared and v is not None}
    digest = _file_digest(path)
    inputs = _inputs_of(source)
    jobs, stems = [], {}
    for cid in ids:
        params = coerce_parameters(path, {**base, "customer_id": cid})
        stem = customer_file_name(cid)
        if stem in stems:  # two ids that differ only by case on a case-insensitive disk stay apart
            stem = f"{stem}-{hashlib.sha256(cid.encode('utf-8')).hexdigest()[:8]}"
        stems[stem] = cid
        jobs.append(_Job(cid, stem, params, content_key(digest, params, inputs)))
    return jobs


# ---------------------------------------------------------------------------------------------
# Writing a finished report
# ---------------------------------------------------------------------------------------------
def _write_report(out: Path, path: Path, job: _Job, executed, declared, files: dict | None = None) -> str:
    """Write the executed notebook and its HTML; returns the HTML file name."""
    for name, data in (files or {}).items():
        (out / Path(name).name).write_bytes(data)
    nbformat.write(executed, str(out / f"{job.stem}.ipynb"))
    lang = job.parameters.get("lang", declared["lang"].default if "lang" in declared else "zh")
    page = to_html(executed, parameters=job.parameters, lang=lang, declared=declared, notebook_name=path.name)
    html_path = out / f"{job.stem}.html"
    html_path.write_text(page, encoding="utf-8")
    return html_path.name


def _entry_record(records: dict) -> dict:
    """The figures of a report the index shows (the credit file's record, when it has one)."""
    rec = records.get("credit_file")
    return dict(rec) if isinstance(rec, dict) else {}


def _error_text(exc) -> str:
    text = str(exc)
    return text if len(text) <= 2000 else text[:2000] + " ..."


# ---------------------------------------------------------------------------------------------
# Executors: local kernel pools, or a Dask cluster
# ---------------------------------------------------------------------------------------------
def _run_local(path, jobs, out, declared, *, workers, timeout, widgets, finish):
    """Run ``jobs`` on ``workers`` pool kernels; ``finish(job, outcome)`` is called in the main thread."""
    from .pool import PoolKernel

    todo: Queue = Queue()
    for job in jobs:
        todo.put(job)
    stop = threading.Event()
    done: Queue = Queue()
    converter = ThreadPoolExecutor(max(1, workers), thread_name_prefix="creditkit-html")
    kernels = [PoolKernel(timeout=timeout, widgets=widgets) for _ in range(workers)]

    def convert(job, run):
        try:
            name = _write_report(out, path, job, run.executed, declared)
            return {"status": "ok", "html": name, "seconds": round(run.seconds, 3), "record": _entry_record(run.records)}
        except Exception as exc:  # noqa: BLE001 - a report that cannot be written is that customer's failure
            return {"status": "failed", "error": f"writing the report failed: {type(exc).__name__}: {exc}"}

    def drive(kernel):
        try:
            kernel.start()
        except Exception as exc:  # noqa: BLE001 - no kernel: every job this driver would take fails, named
            while not stop.is_set():
                try:
                    job = todo.get_nowait()
                except Empty:
                    return
                done.put((job, {"status": "failed", "error": f"the kernel did not start: {exc}"}))
            return
        while not stop.is_set():
            try:
                job = todo.get_nowait()
            except Empty:
                return
            try:
                run = kernel.run(path, job.parameters, out_dir=out, stem=job.stem)
            except (NotebookExecutionError, ParameterError) as exc:
                done.put((job, {"status": "failed", "error": _error_text(exc)}))
                continue
            except Exception as exc:  # noqa: BLE001 - a failing customer never stops the others
                done.put((job, {"status": "failed", "error": f"{type(exc).__name__}: {_error_text(exc)}"}))
                continue
            done.put((job, converter.submit(convert, job, run)))

    drivers = [threading.Thread(target=drive, args=(k,), name=f"creditkit-batch-{i}", daemon=True)
               for i, k in enumerate(kernels)]
    try:
        for t in drivers:
            t.start()
        remaining = len(jobs)
        pending = []
        while remaining:
            try:
                job, outcome = done.get(timeout=0.2)
            except Empty:
                outcome = None
            if outcome is not None:
                if isinstance(outcome, dict):
                    finish(job, outcome)
                    remaining -= 1
                else:
                    pending.append((job, outcome))
            for item in [p for p in pending if p[1].done()]:
                pending.remove(item)
                finish(item[0], item[1].result())
                remaining -= 1
            if not any(t.is_alive() for t in drivers) and done.empty() and not pending and remaining:
                break  # every driver stopped (nothing left they could take)
    finally:
        stop.set()
        for t in drivers:
            t.join(timeout=timeout + 30)
        converter.shutdown(wait=True)
        for k in kernels:
            try:
                k.shutdown()
            except Exception:  # noqa: BLE001 - a kernel that will not stop must not hide the run's outcome
                pass


# Kernel pools of a Dask worker process: idle kernels, handed to one task at a time.
_WORKER_KERNELS: Queue = Queue()
_WORKER_LOCK = threading.Lock()


def _dask_task(notebook_name: str, nb_json: str, parameters: dict, stem: str, timeout: int, widgets: bool,
               kit_version: str) -> dict:
    """Run one prepared report on this Dask worker's kernel pool; returns the executed notebook as JSON."""
    import tempfile

    from .. import __version__ as here
    from .pool import PoolKernel

    if here != kit_version:
        return {"status": "failed", "error": f"the worker has creditkit {here}, the batch was started with "
                                              f"{kit_version}: install the same version on every machine"}
    try:
        kernel = _WORKER_KERNELS.get_nowait()
    except Empty:
        kernel = PoolKernel(timeout=timeout, widgets=widgets)
    try:
        with tempfile.TemporaryDirectory(prefix="creditkit-batch-") as folder:
            nb = nbformat.reads(nb_json, as_version=4)
            run = kernel.run_prepared(Path(notebook_name), parameters, nb, folder, stem)
            files = {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.is_file()}
        return {"status": "ran", "executed": nbformat.writes(run.executed), "records": run.records,
                "seconds": run.seconds, "files": files}
    except (NotebookExecutionError, ParameterError) as exc:
        return {"status": "failed", "error": _error_text(exc)}
    except Exception as exc:  # noqa: BLE001 - a failing customer never stops the others
        return {"status": "failed", "error": f"{type(exc).__name__}: {_error_text(exc)}"}
    finally:
        _WORKER_KERNELS.put(kernel)


def _run_dask(path, jobs, out, declared, *, scheduler, timeout, widgets, finish):
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise CreditkitError("--scheduler needs Dask: pip install 'creditkit[dask]'") from None
    client = scheduler if hasattr(scheduler, "submit") else Client(scheduler, timeout="30s")
    nb = read_notebook(path)
    converter = ThreadPoolExecutor(2, thread_name_prefix="creditkit-html")
    futures = {}
    try:
        for job in jobs:
            prepared = nbformat.writes(inject_parameters(nb, job.parameters))
            fut = client.submit(_dask_task, path.name, prepared, job.parameters, job.stem, timeout, widgets,
                                __version__, pure=False, key=f"creditkit-report-{job.key[:16]}-{job.stem}")
            futures[fut] = job
        pending = []
        for fut in as_completed(list(futures)):
            job = futures[fut]
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails that customer only
                res = {"status": "failed", "error": f"the Dask task failed: {type(exc).__name__}: {exc}"}
            if res["status"] != "ran":
                finish(job, res)
                continue
            executed = nbformat.reads(res["executed"], as_version=4)

            def convert(job=job, executed=executed, res=res):
                name = _write_report(out, path, job, executed, declared, res.get("files"))
                return {"status": "ok", "html": name, "seconds": round(res["seconds"], 3),
                        "record": _entry_record(res["records"])}

            pending.append((job, converter.submit(convert)))
            for item in [p for p in pending if p[1].done()]:
                pending.remove(item)
                finish(item[0], _outcome(item[1]))
        for job, f in pending:
            finish(job, _outcome(f))
    finally:
        for f in futures:
            f.cancel()
        converter.shutdown(wait=True)
        if client is not scheduler:
            client.close()


def _outcome(future) -> dict:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001
        return {"status": "failed", "error": f"writing the report failed: {type(exc).__name__}: {exc}"}


# ---------------------------------------------------------------------------------------------
# The batch
# ---------------------------------------------------------------------------------------------
def run_batch(
    *,
    case: str | None = None,
    ledger=None,
    columns=None,
    customers="all",
    as_of: str | None = None,
    lang: str = "zh",
    notebook=DEFAULT_NOTEBOOK,
    workers: int = 2,
    out_dir="reports/batch",
    force: bool = False,
    resume: bool = False,
    scheduler=None,
    timeout: int = DEFAULT_TIMEOUT,
    widgets: bool = False,
    progress: bool = False,
    on_report=None,
    mask: bool = False,
) -> BatchResult:
    """Run a customer-level notebook once per customer; write the reports, a manifest and an index.

    Parameters
    ----------
    case : str, optional
        A case of :data:`creditkit.cases.CASES` (``"jidian"``).
    ledger : str or Path, optional
        A ledger export (CSV or Excel) instead of a case.
    columns : str or Path, optional
        Column map YAML of the ledger.
    customers : "all", str or list of str, default "all"
        ``"all"``, ids separated by commas, or a list of ids.
    as_of : str, optional
        As-of date; default the notebook's own default.
    lang : {"zh", "en"}, default "zh"
    notebook : str or Path, default "43_customer_file"
        The notebook to run; it must have a ``customer_id`` parameter (and
        ``case`` or ``ledger_path`` for the data it reports on).
    workers : int, default 2
        Kernels run side by side (each one runs many reports).
    out_dir : str or Path, default "reports/batch"
    force : bool, default False
        Run every customer, also those whose inputs are unchanged.
    resume : bool, default False
        Continue the interrupted batch of ``out_dir``: its source, customers,
        date, language and notebook are read from the manifest (arguments
        given here must agree with it).
    scheduler : str or distributed.Client, optional
        Address of a Dask scheduler (``tcp://host:8786``) or a client: the
        reports run on the cluster's workers.
    timeout : int, default 60
        Seconds a cell may run.
    widgets : bool, default False
        Also run cells tagged ``widget``.
    progress : bool, default False
        Show a progress bar on stderr.
    on_report : callable, optional
        Called with ``(customer_id, entry)`` after each customer (``entry`` as
        in the manifest).
    mask : bool, default False
        Replace every customer id and name by its stable pseudonym everywhere:
        the reports (the notebook's ``mask`` parameter), their file names, the
        manifest and the index. ``customers`` may name real ids; they are
        turned into pseudonyms before anything is written.

    Returns
    -------
    BatchResult

    Raises
    ------
    ParameterError
        No or both sources, an unknown case or customer, a notebook without a
        ``customer_id`` parameter, ``workers`` below 1, or ``resume``
        without a manifest or with arguments that disagree with it.
    KeyboardInterrupt
        The run was interrupted; the manifest says so and ``resume``
        continues it.
    """
    from ..i18n import check_lang

    started_clock = monotonic()
    out = Path(out_dir).expanduser().resolve()
    previous = read_manifest(out)
    if resume:
        if previous is None:
            raise ParameterError(f"--resume: no {MANIFEST} in {out}; start the batch without --resume")
        src = previous["source"]
        given = _source_of(case, ledger, columns) if (case is not None or ledger is not None) else src
        if given != src:
            raise ParameterError(f"--resume: the batch in {out} reports on {src}, not {given}")
        customers = previous["customers"] if customers in (None, "all") else customers
        as_of = previous["as_of"] if as_of is None else as_of
        lang = previous["lang"]
        notebook = previous["notebook_path"]
        mask = bool(previous.get("mask", False))
        source = src
    else:
        source = _source_of(case, ledger, columns)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"--workers must be a whole number of at least 1, got {workers!r}")
    lang = check_lang(lang)
    path = notebook_path(notebook)
    declared = notebook_parameters(path)
    if as_of is None:
        as_of = declared["as_of"].default if "as_of" in declared else None
    if mask:
        if "mask" not in declared:
            raise ParameterError(f"{path.name} has no parameter 'mask': it cannot hide the customers' names")
        codes, known = _pseudonym_codes(source, as_of, lang)
        if customers not in (None, "all", ["all"]):
            wanted = customers.split(",") if isinstance(customers, str) else customers
            customers = [codes.get(str(c).strip(), str(c).strip()) for c in wanted]
    else:
        known = _source_customers(source, as_of)
    ids = _pick_customers(customers, known)
    jobs = _jobs(path, source, ids, as_of=as_of, lang=lang, extra={"mask": True} if mask else {})
    out.mkdir(parents=True, exist_ok=True)

    entries = dict(previous["reports"]) if previous else {}
    if previous and previous.get("source") != source:
        entries = {}  # another data source: nothing of the old batch can be kept
    manifest = {"format": _FORMAT, "kit": __version__, "notebook": path.name, "notebook_path": str(path),
                "source": source, "as_of": as_of, "lang": lang, "mask": bool(mask),
                "customers": "all" if customers in (None, "all", ["all"]) else ids,
                "status": "running", "started_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "finished_at": None, "reports": entries}
    result = BatchResult(out, manifest)
    todo = []
    for job in jobs:
        old = entries.get(job.customer_id)
        if (not force and old and old.get("status") == "ok" and old.get("key") == job.key
                and (out / str(old.get("html", ""))).is_file()):
            result.unchanged.append(job.customer_id)
        else:
            todo.append(job)
    _write_json(out / MANIFEST, manifest)

    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(jobs), initial=len(result.unchanged), file=sys.stderr, unit="report",
                   desc="credit files" if lang == "en" else "信用档案", dynamic_ncols=True)
    lock = threading.Lock()

    def finish(job: _Job, outcome: dict) -> None:
        entry = {"status": outcome["status"], "key": job.key, "stem": job.stem,
                 "finished_at": datetime.now().astimezone().isoformat(timespec="seconds")}
        entry.update({k: v for k, v in outcome.items() if k != "status"})
        if entry["status"] == "ok":
            result.ran.append(job.customer_id)
        else:
            result.failed.append(job.customer_id)
        with lock:
            entries[job.customer_id] = entry
            _write_json(out / MANIFEST, manifest)
        if bar is not None:
            bar.update(1)
            if result.failed:
                bar.set_postfix_str(("failed " if lang == "en" else "失败 ") + str(len(result.failed)))
        if on_report is not None:
            on_report(job.customer_id, entry)

    try:
        if todo:
            if scheduler is not None:
                _run_dask(path, todo, out, declared, scheduler=scheduler, timeout=timeout, widgets=widgets,
                          finish=finish)
            else:
                _run_local(path, todo, out, declared, workers=min(workers, len(todo)), timeout=timeout,
                           widgets=widgets, finish=finish)
        for job in todo:  # a job no executor finished (every kernel gone) is a failure, named
            if job.customer_id not in result.ran and job.customer_id not in result.failed:
                finish(job, {"status": "failed", "error": "the report was not run (no kernel was left to run it)"})
    except KeyboardInterrupt:
        manifest["status"] = "interrupted"
        _write_json(out / MANIFEST, manifest)
        raise
    finally:
        if bar is not None:
            bar.close()
    manifest["status"] = "finished"
    manifest["finished_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
    _write_json(out / MANIFEST, manifest)
    result.index_path = write_index(out, manifest, ids=ids, ran=result.ran, unchanged=result.unchanged)
    result.seconds = monotonic() - started_clock
    return result


# ---------------------------------------------------------------------------------------------
# The index page
# ---------------------------------------------------------------------------------------------
def _display_output(obj) -> dict:
    """A notebook display output of a display-layer object (its HTML and its text)."""
    html = obj.to_html() if hasattr(obj, "to_html") else obj._repr_html_()
    return nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": str(getattr(obj, "data", obj))})


def write_index(out_dir, manifest: dict, *, ids=None, ran=(), unchanged=()) -> Path:
    """Write ``index.html``: the batch's header, a sentence, key figures and a table linking every report.

    Parameters
    ----------
    out_dir : str or Path
        The batch folder (links are relative to it).
    manifest : dict
        As :func:`run_batch` writes it.
    ids : list of str, optional
        Customers to list, in order (default: every customer of the manifest).
    ran, unchanged : sequence of str
        Customers run in this call and kept unchanged (shown in the status column).

    Returns
    -------
    Path
    """
    import html as _html

    import pandas as pd

    from . import display as show
    from .display import SOURCE_RECORD

    lang = manifest.get("lang", "zh")
    out = Path(out_dir)
    entries = manifest["reports"]
    ids = list(entries) if ids is None else [i for i in ids if i in entries]
    kept = set(unchanged)
    rows = []
    for cid in ids:
        e = entries[cid]
        rec = e.get("record") or {}
        status = "failed" if e["status"] != "ok" else ("unchanged" if cid in kept else "succeeded")
        rows.append({"customer_id": cid, "customer_name": rec.get("customer_name", ""),
                     "grade": rec.get("grade", ""), "level": rec.get("level", ""),
                     "open_cents": rec.get("open_cents"), "overdue_cents": rec.get("overdue_cents"),
                     "recommended_limit_cents": rec.get("recommended_limit_cents"), "action": rec.get("action") or "",
                     "report_status": status, "report_file": e.get("html", "") if e["status"] == "ok" else ""})
    t = pd.DataFrame(rows, columns=["customer_id", "customer_name", "grade", "level", "open_cents", "overdue_cents",
                                    "recommended_limit_cents", "action", "report_status", "report_file"])
    for c in ("open_cents", "overdue_cents", "recommended_limit_cents"):
        t[c] = t[c].astype("Int64")
    n_ok = int((t["report_status"] != "failed").sum())
    n_failed = int((t["report_status"] == "failed").sum())
    n_kept = int((t["report_status"] == "unchanged").sum())
    red = int((t["level"] == "red").sum())
    overdue = int(t["overdue_cents"].fillna(0).sum())
    sentence = show.say(lang, "共 {n} 位客户：{ok} 份信用档案（其中 {kept} 份输入未变、沿用上次结果），{failed} 份失败；"
                        "红灯客户 {red} 位，逾期合计 {overdue}。",
                        "{n} customers: {ok} credit files ({kept} kept because their inputs were unchanged), "
                        "{failed} failed; {red} red customers, {overdue} overdue in all.",
                        n=len(t), ok=n_ok, kept=n_kept, failed=n_failed, red=red, overdue=show.cents(overdue))
    figures = show.key_figures({"customers": len(t), "succeeded": n_ok, "failed": n_failed,
                                "overdue_cents": show.cents(overdue)}, lang)

    def link(name):
        if not name:
            return "—"
        return f'<a href="./{_html.escape(str(name), quote=True)}">{_html.escape(str(name))}</a>'

    table = show.table(t, lang, text=["customer_id", "customer_name", "report_file", "grade"]).format(
        link, subset=["report_file"])
    outputs = [nbformat.v4.new_output("display_data", data={RECORD_MIMETYPE: {"name": SOURCE_RECORD, "value": {
        "text": _source_text(manifest, lang), "as_of": manifest.get("as_of")}}}),
        _display_output(sentence), _display_output(figures), _display_output(table)]
    failed = t[t["report_status"] == "failed"]
    if len(failed):
        errs = pd.DataFrame({"customer_id": failed["customer_id"],
                             "report_error": [entries[c].get("error", "") for c in failed["customer_id"]]})
        outputs.append(_display_output(show.table(errs, lang, text=["customer_id", "report_error"],
                                                  caption="失败的报告" if lang == "zh" else "Failed reports")))
    title = "批量信用档案 — Credit files of a portfolio"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}"),
                                         nbformat.v4.new_code_cell("", outputs=outputs)])
    chosen = manifest.get("customers")
    if chosen != "all":
        chosen = list(chosen or [])
        chosen = (",".join(chosen) if len(chosen) <= 8 else
                  f"{','.join(chosen[:3])},…,{chosen[-1]} ({len(chosen)})")
    params = {"source": _source_text(manifest, lang), "notebook": manifest.get("notebook"),
              "as_of": manifest.get("as_of"), "lang": lang, "customers": chosen}
    page = to_html(nb, parameters=params, lang=lang)
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _source_text(manifest: dict, lang: str) -> str:
    src = manifest.get("source", {})
    if "case" in src:
        from ..cases import CASES

        return CASES[src["case"]]["title"][lang] if src["case"] in CASES else str(src["case"])
    return Path(src.get("ledger", "")).name
