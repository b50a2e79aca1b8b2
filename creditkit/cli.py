"""The ``creditkit`` command.

Subcommands::

    creditkit notebooks                      list the kit's notebooks
    creditkit params NOTEBOOK                show a notebook's parameters
    creditkit report NOTEBOOK [-p NAME VALUE ...] [--params file.yaml]
                              [--lang zh|en] [--out DIR] [--timeout SECONDS] [--pdf]
    creditkit report case jidian|manufacturing|retail [--customer ID] [--as-of DATE] [--lang zh|en]
                              [--mask] [--trainer] [-p NAME VALUE ...] [--out DIR]
    creditkit report ledger FILE --as-of DATE [--columns map.yaml] [--profile NAME]
                              [--lang zh|en] [--mask] [--out DIR]
    creditkit report batch (case NAME | ledger FILE) [--customers all|ID,ID...] [--workers N]
                           [--as-of DATE] [--lang zh|en] [--out DIR] [--force] [--resume]
                           [--scheduler ADDRESS]     one credit file per customer, an index, a manifest
    creditkit doctor                         check kernel, fonts, widgets, converters
    creditkit aging FILE --as-of YYYY-MM-DD [--by due|invoice]
                         [--buckets 30,60,90,180,365] [--columns map.yaml]
                         [--profile NAME] [--out aging.csv|aging.xlsx] [--lang en|zh]
    creditkit signals FILE --as-of YYYY-MM-DD [--columns map.yaml]
                           [--profile NAME] [--rules rules.yaml] [--out signals.csv|signals.xlsx]
                           [--lang zh|en]
    creditkit profiles                       list the ERP export profiles

Exit status: 0 on success, 2 on bad input (with a one-line message on stderr),
1 when a notebook fails while it runs (a cell raised, ran past the timeout or
stopped the kernel: the message names the notebook and the cell). ``doctor``
exits 1 when a required part is missing. ``report batch`` exits 1 when some
customers failed (named on stderr; the others are written), 130 when
interrupted (continue with ``--resume``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import __version__
from ._checks import load_yaml, yaml_where
from .errors import ConfigError, CreditkitError, NotebookExecutionError

__all__ = ["main", "build_parser"]


def _load_params_file(path: str) -> dict:
    """Parameter values from a YAML file of ``name: value`` lines (an empty file gives none).

    Raises
    ------
    ConfigError
        The file cannot be read or is not valid YAML, it is not a mapping, or
        a parameter name is not text (file, line and key named).
    """
    what = "parameters file"
    data = load_yaml(Path(path), what=what, top=(dict, type(None)))
    if data is None:
        return {}
    for name in data:
        if not isinstance(name, str):
            raise ConfigError(f"{yaml_where(data, name)}: parameter names must be text, got {name!r}")
    return {name: _plain_parameter(value) for name, value in data.items()}


def _plain_parameter(value):
    """A value read from a parameters file as plain text, numbers, lists and dicts.

    YAML reads an unquoted date (``as_of: 2025-06-30``) as a date; it becomes
    ISO text again, the form in which the notebooks take dates.

    Examples
    --------
    >>> import datetime as dt
    >>> _plain_parameter(dt.date(2025, 6, 30))
    '2025-06-30'
    >>> _plain_parameter({"dates": [dt.date(2025, 1, 31), dt.datetime(2025, 2, 1, 8, 30)], "n": 3})
    {'dates': ['2025-01-31', '2025-02-01T08:30:00'], 'n': 3}
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {_plain_parameter(k): _plain_parameter(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_parameter(v) for v in value]
    return value


def _cmd_notebooks(args) -> int:
    from .reports import list_notebooks, notebook_path

    for name in list_notebooks():
        print(f"{name}\t{notebook_path(name)}")
    return 0


def _cmd_params(args) -> int:
    from .reports import notebook_parameters

    for p in notebook_parameters(args.notebook).values():
        print(f"{p.name} ({p.type_name}, default {p.default!r})  {p.help}")
    return 0


_font_warned = False


def _warn_font_once(lang: str) -> None:
    """One line on stderr when a Chinese report will have no CJK font in its charts."""
    global _font_warned
    if lang != "zh" or _font_warned:
        return
    import warnings

    from .plotting import find_cjk_font
    from .reports.doctor import FONT_HINT

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = find_cjk_font()
    if not found:
        _font_warned = True
        print(f"creditkit: warning: no CJK font found, Chinese text in charts will show as boxes; {FONT_HINT}",
              file=sys.stderr)


def _check_timeout_option(timeout: int) -> None:
    if timeout < 1:
        raise CreditkitError(f"--timeout must be at least 1 second, got {timeout} "
                             f"(a cell that runs longer than this fails the report)")


def _cmd_report(args) -> int:
    params = _load_params_file(args.params) if args.params else {}
    for name, value in args.param or []:
        params[name] = value  # text; converted to the declared type, never evaluated
    return _run_report(args.notebook, params, args, pdf=args.pdf)


def _batch_form(p) -> None:
    p.add_argument("kind", nargs="?", choices=["case", "ledger"], help="what to report on: a case or a ledger file")
    p.add_argument("name", nargs="?", help="case name (jidian, manufacturing, retail) or ledger file (CSV/XLSX)")
    p.add_argument("--customers", default="all", metavar="all|ID,ID...",
                   help="customers to report on (default: all)")
    p.add_argument("--workers", type=int, default=2, metavar="N", help="kernels run side by side (default: 2)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="as-of date (default: the notebook's)")
    p.add_argument("--lang", choices=["zh", "en"], default=None, help="report language (default: zh)")
    p.add_argument("--columns", metavar="MAP.yaml", help="column map of the ledger file")
    p.add_argument("--notebook", default=None, metavar="NAME|PATH",
                   help="notebook to run per customer (default: 43_customer_file)")
    p.add_argument("--out", default="reports/batch", metavar="DIR", help="output folder (default: reports/batch)")
    p.add_argument("--force", action="store_true", help="rerun every report, also those with unchanged inputs")
    p.add_argument("--resume", action="store_true",
                   help="continue the interrupted batch in --out (source, customers and date from its manifest)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (tcp://host:8786); needs pip install 'creditkit[dask]'")
    p.add_argument("--timeout", type=int, default=60, metavar="SECONDS",
                   help="seconds a cell may run before that report fails (default: 60)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.add_argument("--mask", action="store_true",
                   help="replace customer names and ids with stable pseudonyms in every report, file name and the index")


def _cmd_report_batch(args) -> int:
    from .reports.batch import DEFAULT_NOTEBOOK, MANIFEST, run_batch

    parser = build_report_form_parser("batch")
    if args.kind is None and not args.resume:
        parser.error("give case NAME or ledger FILE (or --resume to continue a batch)")
    if args.kind is not None and args.name is None:
        parser.error(f"{args.kind}: give the {'case name' if args.kind == 'case' else 'ledger file'}")
    _check_timeout_option(args.timeout)
    if not args.resume:
        _warn_font_once(args.lang or "zh")
    try:
        result = run_batch(case=args.name if args.kind == "case" else None,
                           ledger=args.name if args.kind == "ledger" else None, columns=args.columns,
                           customers=args.customers, as_of=args.as_of,
                           lang=args.lang or "zh", notebook=args.notebook or DEFAULT_NOTEBOOK,
                           workers=args.workers, out_dir=args.out, force=args.force, resume=args.resume,
                           scheduler=args.scheduler, timeout=args.timeout, progress=not args.no_progress,
                           mask=args.mask)
    except KeyboardInterrupt:
        print(f"creditkit: interrupted; finished reports are kept. Continue with: "
              f"creditkit report batch --resume --out {args.out}", file=sys.stderr)
        return 130
    print(result.index_path)
    if result.failed:
        shown = ", ".join(result.failed[:20]) + (", ..." if len(result.failed) > 20 else "")
        total = len(result.ran) + len(result.failed) + len(result.unchanged)
        print(f"creditkit: {len(result.failed)} of {total} credit files failed: {shown} "
              f"(errors in {result.out_dir / MANIFEST}); the others were written", file=sys.stderr)
        return 1
    return 0


#: The case reports: case key → notebook.
CASE_NOTEBOOKS = {"jidian": "40_case_jidian", "manufacturing": "41_case_manufacturing", "retail": "42_case_retail"}
#: The notebook of ``creditkit report case NAME --customer ID`` (and of each file of a batch).
CUSTOMER_NOTEBOOK = "43_customer_file"
#: The notebook of ``creditkit report ledger``.
LEDGER_NOTEBOOK = "25_ledger_health"


def _run_report(notebook: str, params: dict, args, *, pdf: bool = False) -> int:
    """Run a notebook as a report with the common options of the report commands; print the HTML path.

    ``-p`` values fill parameters the command did not set itself; ``--lang`` wins over all.
    """
    from .reports import notebook_parameters, run_notebook

    _check_timeout_option(args.timeout)
    for name, value in args.param or []:
        params.setdefault(name, value)  # text; converted to the declared type, never evaluated
    if args.lang:
        params["lang"] = args.lang
    declared = notebook_parameters(notebook)
    _warn_font_once(str(params.get("lang") or (declared["lang"].default if "lang" in declared else "zh")))
    report = run_notebook(notebook, params, out_dir=args.out, timeout=args.timeout,
                          notify=lambda msg: print(f"creditkit: {msg}", file=sys.stderr))
    print(report.html_path)
    if pdf:
        from .reports.pdf import to_pdf

        print(to_pdf(report.html_path))
    return 0


def _cmd_report_case(args) -> int:
    params = {}
    if args.as_of:
        from .dates import to_date

        params["as_of"] = f"{to_date(args.as_of, name='--as-of'):%Y-%m-%d}"
    if args.mask:
        params["mask"] = True
    if args.customer:  # one customer's credit file within the case
        if args.trainer:
            raise CreditkitError("--trainer belongs to the case report; a customer's credit file has no trainer notes")
        customer = args.customer
        if args.mask:  # the file names its customer by the pseudonym: the real id is nowhere in the report
            from .cases import load_case
            from .cases.masking import mask_customer

            world = load_case(args.case, **({"as_of": params["as_of"]} if "as_of" in params else {}))
            if customer not in set(world.ledger["customer_id"]):
                raise CreditkitError(f"--customer {customer}: no such customer in case {args.case}")
            customer = mask_customer(world, world.ledger, customer, lang=args.lang or "zh")[2]
        return _run_report(CUSTOMER_NOTEBOOK, {**params, "case": args.case, "customer_id": customer}, args)
    if args.trainer:
        params["trainer"] = True
    return _run_report(CASE_NOTEBOOKS[args.case], params, args)


def _cmd_report_ledger(args) -> int:
    from .dates import to_date
    from .receivables.ledger import load_ledger

    as_of = to_date(args.as_of, name="--as-of")
    path = Path(args.file).expanduser()
    if not path.is_file():
        raise FileNotFoundError(f"ledger file {args.file} not found")
    columns = str(Path(args.columns).expanduser().resolve()) if args.columns else ""
    # read it here first: a file that cannot be read stops with its own message, before a kernel starts
    ledger = load_ledger(path, columns=columns or None, profile=args.profile, errors=args.errors,
                         default_terms=args.default_terms)
    print(ledger.reconciliation.summary(), file=sys.stderr)
    if ledger.reconciliation.rejected_rows and not len(ledger.table):
        print(f"creditkit: every row of {args.file} was rejected; name the columns with --columns FILE.yaml or the "
              "export's family with --profile NAME (`creditkit profiles` lists them)", file=sys.stderr)
        return 2
    first = ledger.table["doc_date"].min()
    if as_of < first:
        raise CreditkitError(f"--as-of {as_of:%Y-%m-%d} is before the first document of {args.file} "
                             f"({first:%Y-%m-%d}); pass a later --as-of")
    params = {"ledger_path": str(path.resolve()), "columns_path": columns, "profile": args.profile or "",
              "errors": args.errors, "default_terms": args.default_terms, "as_of": f"{as_of:%Y-%m-%d}"}
    if args.mask:
        params["mask"] = True
    return _run_report(LEDGER_NOTEBOOK, params, args)


def _report_common_options(p) -> None:
    p.add_argument("--lang", choices=["zh", "en"], help="report language (default: the notebook's, zh)")
    p.add_argument("--mask", action="store_true",
                   help="replace customer names and ids with stable pseudonyms everywhere in the report")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set another parameter of the report's notebook (repeatable; `creditkit params NOTEBOOK`)")
    p.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    p.add_argument("--timeout", type=int, default=120, metavar="SECONDS",
                   help="seconds a cell may run before the report fails (default: 120)")


def _case_form(p) -> None:
    p.add_argument("case", choices=sorted(CASE_NOTEBOOKS), help="the case: " + ", ".join(
        f"{k} ({v})" for k, v in CASE_NOTEBOOKS.items()))
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="as-of date of the case (default: the notebook's)")
    p.add_argument("--trainer", action="store_true", help="include the trainer's notes and the answer key")
    p.add_argument("--customer", metavar="ID", help=f"one customer's credit file within the case ({CUSTOMER_NOTEBOOK})")
    _report_common_options(p)


def _ledger_form(p) -> None:
    p.add_argument("file", help="ledger export: .csv (UTF-8 or GBK) or .xlsx")
    p.add_argument("--as-of", required=True, metavar="YYYY-MM-DD", help="date the report is drawn up at")
    p.add_argument("--columns", metavar="MAP.yaml", help="YAML mapping of canonical names to the file's headers")
    p.add_argument("--profile", metavar="NAME", help="ERP export profile (default: detected; see `creditkit profiles`)")
    p.add_argument("--errors", choices=["raise", "report"], default="report",
                   help="reject bad rows and list them in the report (default) or stop at the first one")
    p.add_argument("--default-terms", type=int, default=30, metavar="DAYS",
                   help="credit terms for missing due dates when a customer has none (default: 30)")
    _report_common_options(p)


#: ``creditkit report WORD …`` forms: first word → (options, command, description). A bare notebook name or a
#: path is any other first word.
REPORT_FORMS = {
    "case": (_case_form, _cmd_report_case, "the case report of a workshop case"),
    "ledger": (_ledger_form, _cmd_report_ledger, "a receivables-health report on a ledger export"),
    "batch": (_batch_form, _cmd_report_batch,
              "one credit file per customer of a case or a ledger, run on a pool of long-lived kernels: an "
              "index.html linking them, a manifest.json of successes and failures; reports whose notebook, "
              "parameters and input file are unchanged are kept (use --force to rerun them)"),
}


def build_report_form_parser(form: str) -> argparse.ArgumentParser:
    """The parser of ``creditkit report FORM …`` (one entry of :data:`REPORT_FORMS`)."""
    options, command, description = REPORT_FORMS[form]
    p = argparse.ArgumentParser(prog=f"creditkit report {form}", description=description[0].upper() + description[1:])
    options(p)
    p.set_defaults(func=command)
    return p


def _cmd_doctor(args) -> int:
    from .reports.doctor import run_checks

    checks = run_checks(kernel=not args.no_kernel)
    width = max(len(c.name) for c in checks)
    for c in checks:
        mark = "ok     " if c.ok else ("MISSING" if c.required else "missing")
        line = f"{mark}  {c.name:<{width}}  {c.found}"
        if not c.ok and c.fix:
            line += f"\n         {'':<{width}}  fix: {c.fix}"
        print(line)
    return 1 if any(c.required and not c.ok for c in checks) else 0


def _cmd_aging(args) -> int:
    from .dates import to_date
    from .receivables.aging import age_receivables, parse_buckets
    from .receivables.ledger import load_ledger

    as_of = to_date(args.as_of, name="--as-of")
    edges = parse_buckets(args.buckets)
    out = args.out
    to_excel = bool(out) and Path(out).suffix.lower() in (".xlsx", ".xlsm")
    fast = _sql_ledger(args) if args.engine == "auto" else None
    if fast is not None and not to_excel:
        return _write_aging(_sql_aging(fast, args, as_of, edges), out)
    if fast is not None:  # the workbook needs the pandas ledger: the SQL read's, which is load_ledger's
        ledger = fast.to_ledger()
    else:
        ledger = load_ledger(args.file, columns=args.columns, profile=args.profile, encoding=args.encoding,
                             sheet=args.sheet, errors=args.errors, default_terms=args.default_terms)
    print(ledger.reconciliation.summary(), file=sys.stderr)
    if len(ledger.rejected):
        for row in ledger.rejected.itertuples(index=False):
            print(f"  rejected: line {row.line}, column {row.column!r}, document {row.doc_no}: "
                  f"{row.reason} (value {row.value!r})", file=sys.stderr)
    if ledger.reconciliation.rejected_rows and not len(ledger.table):
        print(f"creditkit: every row of {args.file} was rejected; name the columns with --columns FILE.yaml or the "
              "export's family with --profile NAME (`creditkit profiles` lists them)", file=sys.stderr)
        return 2
    result = age_receivables(ledger, as_of=as_of, by=args.by, buckets=edges)
    if to_excel:
        from .receivables.excel import write_aging_workbook

        write_aging_workbook(out, ledger, result, lang=args.lang, source=args.file)
        print(out)
        return 0
    return _write_aging(_aging_csv_table(result.table, result.labels, args.lang), out)


def _sql_ledger(args):
    """The ledger read by the SQL engine, or None when the file needs the Python reader.

    A file whose every row is plain (:func:`~creditkit.receivables.sql_read.read_ledger_sql`)
    is read in DuckDB; its table and reconciliation are the Python reader's.
    """
    from .receivables.sql_read import read_ledger_sql

    if args.sheet is not None:
        return None
    return read_ledger_sql(args.file, columns=args.columns, profile=args.profile, encoding=args.encoding,
                           default_terms=args.default_terms)


def _sql_aging(fast, args, as_of, edges):
    """The aging CSV cells of a ledger the SQL engine read, aged in DuckDB (the Python aging's to the cent)."""
    from .receivables.aging import bucket_labels
    from .receivables.sql_aging import age_sql

    print(fast.reconciliation.summary(), file=sys.stderr)
    table = age_sql(fast.con, "ledger", as_of=as_of, by=args.by, buckets=edges)
    if table is None:  # a rule the SQL aging leaves to the Python one
        from .receivables.aging import age_receivables

        table = age_receivables(fast.to_ledger(), as_of=as_of, by=args.by, buckets=edges).table
    return _aging_csv_table(table, bucket_labels(edges, by=args.by), args.lang)


def _write_aging(table, out) -> int:
    """Write the aging CSV cells to ``out`` (UTF-8 with BOM) or to stdout."""
    if out:
        table.to_csv(out, index=False, encoding="utf-8-sig")  # the BOM makes Excel read the Chinese right
        print(out)
    else:
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _cmd_exercises(args) -> int:
    from .exercises import build

    source = Path(args.source)
    if not source.is_dir():
        raise FileNotFoundError(f"exercise folder {source} not found: run from the repository root or pass --source DIR")
    written = build(source, args.out, execute=args.execute, timeout=args.timeout)
    for name, paths in written.items():
        print(f"{name}: {len(paths)} notebooks in {Path(args.out) / name}")
    return 0


def _cmd_exercise_cards(args) -> int:
    from .exercises.cards import write_trainer_materials

    if not 1 <= args.per_type <= 12:
        raise CreditkitError(f"--per-type must be from 1 to 12 cards per debtor type, got {args.per_type}")
    for lang in (["zh", "en"] if args.lang == "both" else [args.lang]):
        for path in write_trainer_materials(args.out, lang=lang, per_type=args.per_type, seed=args.seed).values():
            print(path)
    return 0


def _cmd_signals(args) -> int:
    from .dates import to_date
    from .money import cents_to_text
    from .receivables import load_ledger, load_rules, risk_signals

    as_of = to_date(args.as_of, name="--as-of")
    rules = load_rules(args.rules)  # a bad rules file stops before the ledger is read
    ledger = load_ledger(args.file, columns=args.columns, encoding=args.encoding, sheet=args.sheet,
                         errors=args.errors, default_terms=args.default_terms, profile=args.profile)
    print(ledger.reconciliation.summary(), file=sys.stderr)
    for row in ledger.rejected.itertuples(index=False):
        print(f"  rejected: line {row.line}, column {row.column!r}, document {row.doc_no}: "
              f"{row.reason} (value {row.value!r})", file=sys.stderr)
    result = risk_signals(ledger, as_of=as_of, rules=rules)
    table = result.watch_list(args.lang, levels=("red", "amber", "green"))
    table.insert(table.columns.get_loc("exposure_cents"), "max_days_overdue",
                 result.table["max_days_overdue"].to_numpy())
    for c in ("exposure_cents", "overdue_cents"):
        table[c] = cents_to_text(table[c]).to_numpy()
    table = table.rename(columns={"exposure_cents": "exposure", "overdue_cents": "overdue"})
    counts = result.level_counts()
    print(f"as of {as_of:%Y-%m-%d}: {counts['red']} red, {counts['amber']} amber, {counts['green']} green",
          file=sys.stderr)
    out = args.out
    if out and Path(out).suffix.lower() in (".xlsx", ".xlsm"):
        table.to_excel(out, index=False, sheet_name="signals")
    elif out:
        table.to_csv(out, index=False, encoding="utf-8")
    else:
        table.to_csv(sys.stdout, index=False, lineterminator="\n")
    if out:
        print(out)
    return 0


def _cmd_profiles(args) -> int:
    from .receivables.erp_profiles import profiles

    for p in profiles().values():
        print(f"{p.name}\t{p.product}\t{p.reads}")
    return 0


def _aging_csv_table(table, labels, lang):
    """The customer aging as CSV cells: yuan with two decimals, text that cannot run as a formula, headers in ``lang``."""
    from .money import cents_to_text
    from .receivables.excel import display_name, neutralize_formulas

    table = table.copy()
    for c in list(labels) + ["total", "unapplied"]:
        table[c] = cents_to_text(table[c]).to_numpy()
    for c in ("customer_id", "customer_name"):
        table[c] = neutralize_formulas(table[c]).to_numpy()
    table.columns = [display_name(c, lang) for c in table.columns]
    return table


def _add_reading_options(p) -> None:
    """The options of every command that reads a ledger export."""
    p.add_argument("--encoding", help="text encoding of a CSV file (default: detected)")
    p.add_argument("--sheet", help="Excel sheet name (default: the first)")
    p.add_argument("--errors", choices=["raise", "report"], default="raise",
                   help="stop at the first bad row (default) or reject bad rows and go on")
    p.add_argument("--default-terms", type=int, default=30, metavar="DAYS",
                   help="credit terms for missing due dates when a customer has none (default: 30)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``creditkit`` command."""
    parser = argparse.ArgumentParser(prog="creditkit", description="Customer credit and receivables kit.")
    parser.add_argument("--version", action="version", version=f"creditkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("notebooks", help="list the kit's notebooks")
    p.set_defaults(func=_cmd_notebooks)

    p = sub.add_parser("params", help="show the parameters a notebook takes")
    p.add_argument("notebook", help="notebook name (e.g. 00_welcome) or path")
    p.set_defaults(func=_cmd_params)

    p = sub.add_parser(
        "report", help="run a notebook with parameters and write an HTML report",
        description="Run a notebook with parameters and write a code-free, offline HTML report. A bare name "
                    "(00_welcome) is one of the kit's notebooks; any other notebook must be given as an explicit "
                    "path (./my.ipynb), and running it executes its code. Other forms: "
                    + "; ".join(f"`creditkit report {k} …` — {v[2]} (--help for its options)"
                                for k, v in REPORT_FORMS.items()) + ".",
    )
    p.add_argument("notebook", help="kit notebook name (e.g. 00_welcome), or an explicit path (./my.ipynb)")
    p.add_argument(
        "-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable); the value is converted to the parameter's declared type",
    )
    p.add_argument("--params", metavar="FILE.yaml", help="YAML file of parameter values")
    p.add_argument("--lang", choices=["zh", "en"], help="report language")
    p.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    p.add_argument("--timeout", type=int, default=60, metavar="SECONDS",
                   help="seconds a cell may run before the report fails, at least 1 (default: 60); "
                        "a timed-out run is tried once more")
    p.add_argument("--pdf", action="store_true", help="also write a PDF (needs Chromium or WeasyPrint)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("doctor", help="check the kernel, CJK fonts, widgets and converters; print what is missing")
    p.add_argument("--no-kernel", action="store_true", help="do not start a kernel")
    p.set_defaults(func=_cmd_doctor)

    p = sub.add_parser("aging", help="age a receivables ledger export (CSV or Excel) as of a date")
    p.add_argument("file", help="ledger export: .csv (UTF-8 or GBK) or .xlsx")
    p.add_argument("--as-of", required=True, metavar="YYYY-MM-DD", help="aging date")
    p.add_argument("--by", choices=["due", "invoice"], default="due", help="age by due date (default) or invoice date")
    p.add_argument("--buckets", default="30,60,90,180,365", help="bucket edges in days (default: 30,60,90,180,365)")
    p.add_argument("--columns", metavar="MAP.yaml", help="YAML mapping of canonical names to the file's headers")
    p.add_argument("--profile", metavar="NAME",
                   help="read the file as this ERP export family (default: detected; `creditkit profiles` lists them)")
    p.add_argument("--out", metavar="FILE", help="write aging.csv (UTF-8 with BOM) or aging.xlsx "
                                                 "(default: CSV to stdout)")
    p.add_argument("--lang", choices=["en", "zh"], default="en",
                   help="column headers and sheet names: en = canonical names (default), zh = Chinese labels")
    _add_reading_options(p)
    p.add_argument("--engine", choices=["auto", "python"], default="auto",
                   help="auto (default): a file whose every row is plain is read (and, unless --out is a workbook, aged) "
                        "in DuckDB SQL, any other file by the Python reader, which names each bad row; python: "
                        "always the Python reader")
    p.set_defaults(func=_cmd_aging)

    p = sub.add_parser("exercises", help="workshop exercises: build the student, solutions and instructor copies")
    ex = p.add_subparsers(dest="action", required=True)
    b = ex.add_parser("build", help="write student/, solutions/ and instructor/ copies of every exercise source")
    b.add_argument("--source", default="exercises/source", metavar="DIR",
                   help="folder of exercise sources (default: exercises/source)")
    b.add_argument("--out", default="build/exercises", metavar="DIR", help="output folder (default: build/exercises)")
    b.add_argument("--execute", action="store_true", help="run the instructor copies so they show every output")
    b.add_argument("--timeout", type=int, default=120, help="seconds a cell may run with --execute (default: 120)")
    b.set_defaults(func=_cmd_exercises)
    c = ex.add_parser("cards", help="write the printable role-play cards and the interview crib sheet (A4 HTML)")
    c.add_argument("--out", default="build/exercises/cards", metavar="DIR",
                   help="output folder (default: build/exercises/cards)")
    c.add_argument("--lang", choices=["zh", "en", "both"], default="zh", help="language of the cards (default: zh)")
    c.add_argument("--per-type", type=int, default=2, metavar="N",
                   help="role-play cards per debtor type, 1-12 (default: 2, eight cards)")
    c.add_argument("--seed", type=int, default=0, help="the same seed deals the same cards (default: 0)")
    c.set_defaults(func=_cmd_exercise_cards)

    p = sub.add_parser("signals", help="risk signals of every customer of a ledger export as of a date")
    p.add_argument("file", help="ledger export: .csv (UTF-8 or GBK) or .xlsx")
    p.add_argument("--as-of", required=True, metavar="YYYY-MM-DD", help="date the signals are computed at")
    p.add_argument("--columns", metavar="MAP.yaml", help="YAML mapping of canonical names to the file's headers")
    p.add_argument("--profile", metavar="NAME", help="ERP export profile (default: detected; see `creditkit profiles`)")
    p.add_argument("--rules", metavar="RULES.yaml", help="risk rules (default: the kit's rules)")
    p.add_argument("--out", metavar="FILE", help="write signals.csv or signals.xlsx (default: CSV to stdout)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the signals text (default: zh)")
    _add_reading_options(p)
    p.set_defaults(func=_cmd_signals)

    p = sub.add_parser("profiles", help="list the ERP export profiles (name, product, what it reads)")
    p.set_defaults(func=_cmd_profiles)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``creditkit`` command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) >= 2 and argv[0] == "report" and argv[1] in REPORT_FORMS:
        args = build_report_form_parser(argv[1]).parse_args(argv[2:])
    else:
        args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NotebookExecutionError as exc:
        print(f"creditkit: {exc}", file=sys.stderr)
        return 1
    except (CreditkitError, FileNotFoundError, ValueError, TypeError) as exc:
        print(f"creditkit: {exc}", file=sys.stderr)
        return 2


def run() -> None:
    """The ``creditkit`` console script: :func:`main` in a process of its own, its exit status the process's."""
    import gc

    # What is loaded by now lives as long as the process: the collector need not walk it again and again (about
    # 5 % of a two-second `creditkit aging` run went to walking pandas' objects).
    gc.freeze()
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
