"""The ``creditkit`` command.

Subcommands::

    creditkit notebooks                      list the kit's notebooks
    creditkit params NOTEBOOK                show a notebook's parameters
    creditkit report NOTEBOOK [-p NAME VALUE ...] [--params file.yaml]
                              [--lang zh|en] [--out DIR]

Exit status: 0 on success, 2 on bad input (with a one-line message on stderr),
1 when a notebook fails while it runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import CreditkitError, NotebookExecutionError

__all__ = ["main", "build_parser"]


def _load_params_file(path: str) -> dict:
    import yaml

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CreditkitError(f"cannot read parameters file {path}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise CreditkitError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CreditkitError(f"{path}: expected a mapping of parameter names to values, got {type(data).__name__}")
    return data


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


def _cmd_report(args) -> int:
    from .reports import run_notebook

    params = _load_params_file(args.params) if args.params else {}
    for name, value in args.param or []:
        params[name] = value  # text; converted to the declared type, never evaluated
    report = run_notebook(args.notebook, params, lang=args.lang, out_dir=args.out, timeout=args.timeout)
    print(report.html_path)
    return 0


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

    p = sub.add_parser("report", help="run a notebook with parameters and write an HTML report")
    p.add_argument("notebook", help="notebook name (e.g. 00_welcome) or path")
    p.add_argument(
        "-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
        help="set a parameter (repeatable); the value is converted to the parameter's declared type",
    )
    p.add_argument("--params", metavar="FILE.yaml", help="YAML file of parameter values")
    p.add_argument("--lang", choices=["zh", "en"], help="report language")
    p.add_argument("--out", default="reports", metavar="DIR", help="output folder (default: reports)")
    p.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (default: 600)")
    p.set_defaults(func=_cmd_report)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``creditkit`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except NotebookExecutionError as exc:
        print(f"creditkit: {exc}", file=sys.stderr)
        return 1
    except (CreditkitError, FileNotFoundError, ValueError, TypeError) as exc:
        print(f"creditkit: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
