"""Batch credit files against separate report runs: the same notebook, the same customers, one machine, one run.

What is timed is what a user runs, from the command line:

* separate: ``creditkit report 43_customer_file -p case C -p customer_id ID --out DIR`` once per
  customer, one after the other (each run starts a kernel, imports the kit, runs, writes the HTML);
* batch: ``creditkit report batch case C --customers ID,ID,... --workers N --force --out DIR`` once
  (kernels started once per worker, namespace reset between customers, HTML written off the kernel's path).

Both write the same HTML reports; the script checks that every pair is identical once the time of the
run ("Generated") and pandas' random table ids (``T_xxxxx``) are taken out, and prints the figures as
JSON. Run from the repository root::

    python benchmarks/report_bench.py --case retail --customers 100 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?( [A-Z]{2,5}|[+-]\d{2}:?\d{2})?")
_STYLER_ID = re.compile(r"T_[0-9a-f]{5}")


def normalised(html: str) -> str:
    """HTML with the time of the run and pandas' random table ids replaced by fixed text."""
    return _STYLER_ID.sub("T_id", _STAMP.sub("<time>", html))


def cli(*args) -> list[str]:
    return [sys.executable, "-m", "creditkit.cli", *args]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default="retail")
    ap.add_argument("--customers", type=int, default=100, help="number of customers (the case's first ones)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--as-of", default="2025-06-30")
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--out", default=None, help="folder for the reports (default: a temporary folder)")
    ap.add_argument("--json", default=None, help="also write the figures to this file")
    args = ap.parse_args(argv)

    from creditkit.cases import load_case
    from creditkit.cases.customer_file import ledger_customer_ids

    ids = ledger_customer_ids(load_case(args.case, as_of=args.as_of).ledger)[: args.customers]
    root = Path(args.out or tempfile.mkdtemp(prefix="creditkit-report-bench-"))
    sep_dir, batch_dir = root / "separate", root / "batch"
    env = dict(os.environ)

    sep_times, sep_html = [], {}
    t0 = time.perf_counter()
    for i, cid in enumerate(ids, 1):
        start = time.perf_counter()
        done = subprocess.run(cli("report", "43_customer_file", "-p", "case", args.case, "-p", "customer_id", cid,
                                  "-p", "as_of", args.as_of, "--lang", args.lang, "--out", str(sep_dir)),
                              capture_output=True, text=True, env=env)
        sep_times.append(time.perf_counter() - start)
        if done.returncode != 0:
            print(f"separate run of {cid} failed: {done.stderr.strip()}", file=sys.stderr)
            return 1
        sep_html[cid] = Path(done.stdout.strip().splitlines()[-1])
        print(f"\rseparate runs: {i}/{len(ids)}", end="", file=sys.stderr)
    separate_total = time.perf_counter() - t0
    print(file=sys.stderr)

    start = time.perf_counter()
    done = subprocess.run(cli("report", "batch", "case", args.case, "--customers", ",".join(ids), "--as-of",
                              args.as_of, "--lang", args.lang, "--workers", str(args.workers), "--force",
                              "--no-progress", "--out", str(batch_dir)), capture_output=True, text=True, env=env)
    batch_total = time.perf_counter() - start
    if done.returncode != 0:
        print(f"batch failed: {done.stderr.strip()}", file=sys.stderr)
        return 1

    from creditkit.reports.batch import customer_file_name

    differ = [cid for cid in ids
              if normalised(sep_html[cid].read_text(encoding="utf-8"))
              != normalised((batch_dir / f"{customer_file_name(cid)}.html").read_text(encoding="utf-8"))]
    figures = {
        "case": args.case, "customers": len(ids), "workers": args.workers, "as_of": args.as_of, "lang": args.lang,
        "separate_total_s": round(separate_total, 1),
        "separate_per_report_s": {"mean": round(sum(sep_times) / len(sep_times), 2),
                                  "min": round(min(sep_times), 2), "max": round(max(sep_times), 2)},
        "batch_total_s": round(batch_total, 1),
        "batch_per_report_s": round(batch_total / len(ids), 2),
        "ratio": round(batch_total / separate_total, 3),
        "target_ratio": 0.25,
        "html_identical": not differ, "html_differ": differ,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_at_end": os.getloadavg()},
        "reports": str(root),
    }
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0 if not differ else 1


if __name__ == "__main__":
    sys.exit(main())
