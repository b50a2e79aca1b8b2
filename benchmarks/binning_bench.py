"""Binning + WOE/IV speed of creditkit against optbinning, scorecardpy and toad.

One run generates a data set once (default 1,000,000 rows x 10 numeric
columns and a 0/1 target), saves it as ``.npz`` in a temporary folder, times
creditkit in this process and each peer in a subprocess run by the peer
virtualenv's Python on the same file, and prints one table of times, ratios
and IV agreement with optbinning. See ``benchmarks/README.md`` for setting up
the peer virtualenv (the peers do not install next to pandas 3).

Usage::

    .venv/bin/python benchmarks/binning_bench.py                    # full run
    .venv/bin/python benchmarks/binning_bench.py --rows 100000      # quicker
    .venv/bin/python benchmarks/binning_bench.py --peers optbinning toad

Each library bins every column with a decision-tree / optimal method into at
most ``--bins`` bins of at least ``--min-share`` of the rows, and computes the
WOE and IV of every column. Timings start from NumPy arrays in memory (reading
the file is not timed) and follow a warm-up on 1,000 rows, so imports and
first-call costs are left out. The best of ``--repeat`` runs is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PEERS = ("optbinning", "scorecardpy", "toad")
ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- data


def make_data(n_rows: int, n_cols: int, seed: int = 0):
    """Numeric features of several shapes and a 0/1 target (about 20 % bad)."""
    rng = np.random.default_rng(seed)
    cols = []
    for j in range(n_cols):
        kind = j % 5
        if kind == 0:
            cols.append(rng.normal(size=n_rows))
        elif kind == 1:
            cols.append(rng.lognormal(mean=8, sigma=1, size=n_rows).round(2))  # skewed amounts
        elif kind == 2:
            cols.append(rng.uniform(18, 75, size=n_rows).round())  # ages, many ties
        elif kind == 3:
            cols.append(rng.poisson(2.0, size=n_rows).astype("float64"))  # counts, few values
        else:
            cols.append(rng.beta(2, 5, size=n_rows))  # ratios
    X = np.column_stack(cols)
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    strength = np.linspace(0.9, 0.0, n_cols)  # strong to pure noise
    logit = -1.6 + (np.tanh(z) * strength).sum(axis=1)
    y = (rng.random(n_rows) < 1 / (1 + np.exp(-logit))).astype("int8")
    return X, y


# --------------------------------------------------------------------------- runners


def run_creditkit(X, y, n_bins, min_share):
    from creditkit.scorecard import bin_variable

    out = {}
    for j in range(X.shape[1]):
        vb = bin_variable(X[:, j], y, method="tree", n_bins=n_bins, min_bin_share=min_share, smoothing=0.5)
        out[f"x{j}"] = {"iv": vb.iv, "splits": list(vb.splits)}
    return out


def run_optbinning(X, y, n_bins, min_share):
    from optbinning import OptimalBinning

    out = {}
    for j in range(X.shape[1]):
        ob = OptimalBinning(name=f"x{j}", dtype="numerical", max_n_bins=n_bins, min_bin_size=min_share)
        ob.fit(X[:, j], y)
        table = ob.binning_table.build()
        out[f"x{j}"] = {"iv": float(table.loc["Totals", "IV"]), "splits": [float(s) for s in ob.splits]}
    return out


def run_scorecardpy(X, y, n_bins, min_share):
    import pandas as pd
    import scorecardpy as scp

    df = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    df["y"] = y
    bins = scp.woebin(df, y="y", method="tree", bin_num_limit=n_bins, count_distr_limit=min_share, print_info=False)
    return {k: {"iv": float(v["total_iv"].iloc[0]), "splits": None} for k, v in bins.items()}


def run_toad(X, y, n_bins, min_share):
    import pandas as pd
    import toad

    df = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    comb = toad.transform.Combiner().fit(df, y, method="dt", n_bins=n_bins, min_samples=min_share)
    binned = comb.transform(df)
    rules = comb.export()
    return {c: {"iv": float(toad.stats.IV(binned[c], y)), "splits": [float(s) for s in rules[c]]} for c in df.columns}


RUNNERS = {"creditkit": run_creditkit, "optbinning": run_optbinning, "scorecardpy": run_scorecardpy, "toad": run_toad}


def timed(name, X, y, n_bins, min_share, repeat):
    """Warm up on 1,000 rows, then the best of ``repeat`` timed runs."""
    import warnings

    warnings.simplefilter("ignore")
    runner = RUNNERS[name]
    runner(X[:1000], y[:1000], n_bins, min_share)
    best, result = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = runner(X, y, n_bins, min_share)
        best = min(best, time.perf_counter() - t0)
    return best, result


def worker(name, path, n_bins, min_share, repeat):
    """Subprocess entry point: time one peer and print a JSON line."""
    import contextlib
    import io

    data = np.load(path)
    try:
        import importlib.metadata as md

        version = md.version(name)
        with contextlib.redirect_stdout(io.StringIO()):
            seconds, result = timed(name, data["X"], data["y"], n_bins, min_share, repeat)
        payload = {"seconds": seconds, "result": result, "version": version}
    except Exception as exc:  # report, do not fake
        payload = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    print("BENCH-JSON " + json.dumps(payload))


# --------------------------------------------------------------------------- driver


def peer_python(arg):
    if arg:
        return arg
    env = os.environ.get("CREDITKIT_BENCH_PYTHON")
    if env:
        return env
    default = ROOT / ".venv-bench" / "bin" / "python"
    return str(default) if default.exists() else None


def run_peer(python, name, path, args):
    cmd = [python, str(Path(__file__).resolve()), "--worker", name, "--data", str(path),
           "--bins", str(args.bins), "--min-share", str(args.min_share), "--repeat", str(args.repeat)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout} s"}
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH-JSON "):
            return json.loads(line[len("BENCH-JSON "):])
    return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]}


def iv_gaps(result, reference, min_iv):
    """Relative IV differences on the columns whose optbinning IV is at least ``min_iv``."""
    gaps = [abs(result[c]["iv"] - ref["iv"]) / ref["iv"] for c, ref in reference.items() if ref["iv"] >= min_iv]
    return max(gaps) if gaps else float("nan"), float(np.mean(gaps)) if gaps else float("nan")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--cols", type=int, default=10)
    p.add_argument("--bins", type=int, default=5)
    p.add_argument("--min-share", type=float, default=0.05)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--peers", nargs="*", default=list(PEERS), choices=PEERS)
    p.add_argument("--peer-python", default=None, help="python of the peer virtualenv")
    p.add_argument("--timeout", type=int, default=1800, help="seconds allowed per peer")
    p.add_argument("--tolerance", type=float, default=0.05, help="allowed relative IV gap to optbinning")
    p.add_argument("--min-iv", type=float, default=0.02, help="IV gaps are checked on columns at least this strong")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    p.add_argument("--data", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data, args.bins, args.min_share, args.repeat)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="creditkit-bench-"))
    X, y = make_data(args.rows, args.cols, args.seed)
    path = tmp / "data.npz"
    np.savez(path, X=X, y=y)
    print(f"data: {args.rows:,} rows x {args.cols} numeric columns, bad rate {y.mean():.3f}, file {path}")
    print(f"task: tree/optimal binning into <= {args.bins} bins of >= {args.min_share:.0%} rows, WOE and IV of every column")

    import creditkit

    rows = {}
    seconds, result = timed("creditkit", X, y, args.bins, args.min_share, args.repeat)
    rows["creditkit"] = {"seconds": seconds, "result": result, "version": creditkit.__version__}
    python = peer_python(args.peer_python)
    for name in args.peers:
        if python is None or not Path(python).exists():
            rows[name] = {"error": "no peer virtualenv (see benchmarks/README.md)"}
            continue
        print(f"running {name} ...", flush=True)
        rows[name] = run_peer(python, name, path, args)

    ref = rows.get("optbinning", {}).get("result")
    same_bins = None
    if ref:
        from creditkit.scorecard import bin_variable

        gaps = []
        for j in range(args.cols):
            c = f"x{j}"
            vb = bin_variable(X[:, j], y, splits=ref[c]["splits"], smoothing=0)
            gaps.append(abs(vb.iv - ref[c]["iv"]) / max(ref[c]["iv"], 1e-12))
        same_bins = max(gaps)

    ok = [r["seconds"] for n, r in rows.items() if n != "creditkit" and "seconds" in r]
    fastest_peer = min(ok) if ok else None
    ck_time = rows["creditkit"]["seconds"]
    print()
    head = f"{'library':<12} {'version':<9} {'seconds':>9} {'x creditkit':>12} {'max IV gap':>11} {'mean IV gap':>12}  note"
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        if "error" in r:
            print(f"{name:<12} {'-':<9} {'-':>9} {'-':>12} {'-':>11} {'-':>12}  not run: {r['error']}")
            continue
        gap_max, gap_mean = iv_gaps(r["result"], ref, args.min_iv) if ref else (float("nan"),) * 2
        note = "reference" if name == "optbinning" else ""
        if ref and name != "optbinning":
            note = "IV within tolerance" if gap_max <= args.tolerance else f"IV gap above {args.tolerance:.0%}"
        print(f"{name:<12} {r['version']:<9} {r['seconds']:>9.2f} {r['seconds'] / ck_time:>11.1f}x "
              f"{gap_max:>10.2%} {gap_mean:>11.2%}  {note}")
    print()
    if same_bins is not None:
        print(f"creditkit WOE/IV on optbinning's own cut points (smoothing=0): max relative IV difference {same_bins:.2e}")
    if fastest_peer is not None:
        verdict = "faster" if ck_time < fastest_peer else "NOT faster"
        print(f"creditkit {ck_time:.2f} s vs fastest peer {fastest_peer:.2f} s: {fastest_peer / ck_time:.1f}x, {verdict}")
    print(f"IV gaps are relative to optbinning on columns with optbinning IV >= {args.min_iv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
