"""Stall benchmark: run each widget notebook many times as a report and compare the slowest run with the median.

A report run must never sit idle on a widget cell (jupyter/nbclient#312). Each
run is what a user types — ``creditkit report NAME --out DIR`` from the file on
disk, in a fresh process — timed from start to exit. The peer is papermill's
own nbclient engine (``--peer``), run on the same notebooks in the same session
with the same parameters, so the kit's client is measured against the one it
replaces.

Target: for every notebook, slowest run ≤ 2 × median and no failed run.

    python benchmarks/report_stall_bench.py                # every widget notebook, 30 runs each
    python benchmarks/report_stall_bench.py --runs 10 02_expert_ahp 20_aging
    python benchmarks/report_stall_bench.py --peer         # also papermill's engine, 60 s cell limit
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_PEER = """
import sys, papermill
from creditkit.reports import inject_parameters, notebook_path, read_notebook
nb = inject_parameters(read_notebook(notebook_path(sys.argv[1])), {})
papermill.execute_notebook(nb, sys.argv[2], progress_bar=False, execution_timeout=60, cwd=sys.argv[3],
                           extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
"""


def widget_notebooks() -> list[str]:
    """Kit notebooks with a cell that opens a widget (``interact``, ``interact_manual``, a control)."""
    from creditkit.reports import list_notebooks, notebook_path, read_notebook

    names = []
    for name in list_notebooks():
        nb = read_notebook(notebook_path(name))
        if any(c.cell_type == "code" and ("interact" in c.source or "ipywidgets" in c.source) for c in nb.cells):
            names.append(name)
    return names


def one_run(cmd, timeout) -> tuple[float, bool]:
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
        ok = done.returncode == 0
    except subprocess.TimeoutExpired:
        ok = False
    return time.perf_counter() - start, ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: every widget notebook)")
    parser.add_argument("--runs", type=int, default=30, help="runs per notebook (default: 30)")
    parser.add_argument("--peer", action="store_true", help="also run papermill's nbclient engine")
    parser.add_argument("--run-timeout", type=int, default=900, help="seconds one run may take before it counts as stalled")
    args = parser.parse_args(argv)
    names = args.notebooks or widget_notebooks()
    py = sys.executable
    rows, missed = [], False
    with tempfile.TemporaryDirectory() as out:
        for name in names:
            engines = {"creditkit": [py, "-m", "creditkit.cli", "report", name, "--out", out]}
            if args.peer:
                engines["papermill"] = [py, "-c", _PEER, name, str(Path(out) / f"{name}-peer.ipynb"), out]
            for engine, cmd in engines.items():
                times, failed = [], 0
                for i in range(args.runs):
                    seconds, ok = one_run(cmd, args.run_timeout)
                    times.append(seconds)
                    failed += not ok
                    print(f"  {name} {engine} run {i + 1}/{args.runs}: {seconds:.1f} s{'' if ok else ' FAILED'}",
                          file=sys.stderr, flush=True)
                median, slowest = statistics.median(times), max(times)
                ok = slowest <= 2 * median and failed == 0
                missed |= engine == "creditkit" and not ok
                rows.append((name, engine, len(times), median, slowest, slowest / median, failed, ok))
    print(f"{'notebook':<26}{'engine':<11}{'runs':>5}{'median s':>10}{'slowest s':>11}{'ratio':>7}{'failed':>8}  target")
    for name, engine, n, median, slowest, ratio, failed, ok in rows:
        print(f"{name:<26}{engine:<11}{n:>5}{median:>10.1f}{slowest:>11.1f}{ratio:>7.2f}{failed:>8}  "
              f"{'met' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
