"""Validation metrics against scikit-learn, monitoring (PSI worked example), selection."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score, roc_curve

from creditkit.scorecard import (
    Binner,
    WOETransformer,
    binning_report,
    csi_table,
    Scorecard,
    calibration_table,
    csi,
    cutoff_table,
    drift_sample,
    gains_table,
    gini,
    hosmer_lemeshow,
    ks_statistic,
    psi,
    psi_table,
    roc_auc,
    score_bands,
    select_features,
    stability_status,
    stepwise_logit,
    vif,
)


@pytest.fixture(scope="module")
def scored():
    rng = np.random.default_rng(2)
    n = 4000
    score = rng.normal(size=n).round(2)  # ties on purpose
    y = (rng.random(n) < 1 / (1 + np.exp(-(score - 1.5)))).astype(int)
    return y, score


# ---------------------------------------------------------------- discrimination


def test_auc_and_gini_match_sklearn(scored):
    y, s = scored
    assert roc_auc(y, s) == pytest.approx(roc_auc_score(y, s), abs=1e-12)
    assert gini(y, s) == pytest.approx(2 * roc_auc_score(y, s) - 1, abs=1e-12)
    points = 600 - 40 * s
    assert roc_auc(y, points, higher_is_safer=True) == pytest.approx(roc_auc_score(y, s), abs=1e-12)


def test_ks_matches_sklearn_roc_curve(scored):
    y, s = scored
    fpr, tpr, _ = roc_curve(y, s)
    assert ks_statistic(y, s) == pytest.approx(np.max(tpr - fpr), abs=1e-12)
    assert ks_statistic(y, -s, higher_is_safer=True) == pytest.approx(np.max(tpr - fpr), abs=1e-12)


def test_ks_hand_example_with_ties():
    """3 bads and 5 goods; tied scores are one cut-off, so the gap is read after the whole tie."""
    y = [1, 1, 0, 1, 0, 0, 0, 0]
    # riskiest first: after 8, 7 the bad share is 2/3 and the good share 0; after 5 it is 1 against 1/5
    assert ks_statistic(y, [8, 7, 6, 5, 4, 3, 2, 1]) == pytest.approx(0.8, abs=1e-15)
    # 8 and 8 are tied, and so are a bad and a good at 5: the gaps are 2/3, 2/3 - 1/5 and 1 - 2/5
    assert ks_statistic(y, [8, 8, 6, 5, 5, 3, 2, 1]) == pytest.approx(2 / 3, abs=1e-15)
    # the same as scorecard points, higher = safer
    points = [500, 500, 540, 560, 560, 600, 620, 640]
    assert ks_statistic(y, points, higher_is_safer=True) == pytest.approx(2 / 3, abs=1e-15)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 1)), min_size=3, max_size=60))
def test_auc_ks_property_against_sklearn(rows):
    s = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows])
    if y.min() == y.max():
        y[0] = 1 - y[0]
    fpr, tpr, _ = roc_curve(y, s)
    assert roc_auc(y, s) == pytest.approx(roc_auc_score(y, s))
    assert ks_statistic(y, s) == pytest.approx(np.max(np.abs(tpr - fpr)))


@pytest.mark.parametrize(
    "y, s, kwargs, exc",
    [
        ([0, 1], [0.1], {}, ValueError),
        ([0, 1], [0.1, np.nan], {}, ValueError),
        ([0, 0], [0.1, 0.2], {}, ValueError),
        ([0, 1], [0.1, 0.2], {"higher_is_safer": "yes"}, TypeError),
    ],
)
def test_auc_bad_arguments(y, s, kwargs, exc):
    with pytest.raises(exc):
        roc_auc(y, s, **kwargs)


def test_gains_table_hand_example():
    y = [1, 1, 0, 1, 0, 0, 0, 0]
    t = gains_table(y, [8, 7, 6, 5, 4, 3, 2, 1], n_groups=4)
    assert t["n_bad"].tolist() == [2, 1, 0, 0]
    assert t["cum_bad_share"].tolist() == pytest.approx([2 / 3, 1, 1, 1])
    assert t["cum_good_share"].tolist() == pytest.approx([0, 0.2, 0.6, 1.0])
    assert t["ks"].max() == pytest.approx(0.8)
    assert t["lift"].tolist() == pytest.approx([(2 / 2) / (3 / 8), (1 / 2) / (3 / 8), 0, 0])
    assert t["cum_lift"].iloc[-1] == pytest.approx(1.0)


def test_gains_table_totals(scored):
    y, s = scored
    t = gains_table(y, s, n_groups=10)
    assert t["count"].sum() == len(y) and t["n_bad"].sum() == y.sum()
    assert t["ks"].max() == pytest.approx(ks_statistic(y, s), abs=0.02)
    with pytest.raises(ValueError):
        gains_table(y, s, n_groups=0)


def test_score_bands_hand_example():
    t = score_bands([1, 0, 1, 0, 0, 0], [480, 520, 530, 560, 610, 640], edges=[500, 600])
    assert t["count"].tolist() == [1, 3, 2]
    assert t["bad_rate"].tolist() == pytest.approx([1, 1 / 3, 0])
    assert t["cum_bad_share"].tolist() == pytest.approx([0.5, 1, 1])
    with pytest.raises(ValueError):
        score_bands([1, 0], [1.0, 2.0], edges=[3, 2])


def test_calibration_and_hosmer_lemeshow():
    rng = np.random.default_rng(4)
    p = rng.uniform(0.01, 0.5, 20000)
    y = (rng.random(20000) < p).astype(int)
    t = calibration_table(y, p, n_groups=10)
    assert t["bad_rate"].to_numpy() == pytest.approx(t["mean_predicted"].to_numpy(), abs=0.03)
    assert hosmer_lemeshow(y, p).p_value > 0.01
    assert hosmer_lemeshow(y, np.clip(p * 1.6, 0, 1)).p_value < 1e-6  # miscalibrated
    with pytest.raises(ValueError):
        calibration_table(y, p + 1)
    with pytest.raises(ValueError):
        hosmer_lemeshow(y, p, n_groups=2)


def test_cutoff_table_german_costs():
    y = [1, 0, 1, 0, 0, 0]
    s = [480, 520, 530, 560, 610, 640]
    t = cutoff_table(y, s)
    # accept-all costs 2 bads x 5 = 10; cut-off 540 rejects one good (1) and both bads
    row = t.set_index("cutoff").loc[540 if 540 in t["cutoff"].values else 560]
    assert t.iloc[0]["expected_cost"] == 10
    assert row["expected_cost"] == 1
    assert t.loc[t["expected_cost"].idxmin(), "cutoff"] == 560
    assert t.iloc[-1]["approval_rate"] == 0
    with pytest.raises(ValueError):
        cutoff_table(y, s, cost_bad_accepted=-1)


# ---------------------------------------------------------------- PSI / CSI


def test_psi_worked_example():
    # Development shares 25/25/25/25 %, recent 10/20/30/40 %:
    # (0.10-0.25)ln(0.10/0.25) + (0.20-0.25)ln(0.20/0.25) + (0.30-0.25)ln(0.30/0.25) + (0.40-0.25)ln(0.40/0.25)
    # = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228218
    expected = np.repeat([1, 2, 3, 4], 25)
    actual = np.repeat([1, 2, 3, 4], [10, 20, 30, 40])
    t = psi_table(expected, actual, edges=[2, 3, 4], smoothing=0)
    assert t["psi"].tolist() == pytest.approx([0.137444, 0.011157, 0.009116, 0.070501], abs=1e-6)
    value = psi(expected, actual, edges=[2, 3, 4], smoothing=0)
    assert value == pytest.approx(0.228218, abs=1e-6)
    assert stability_status(value) == "monitor"


def test_psi_identical_samples_is_zero_and_categorical_works():
    x = np.random.default_rng(0).normal(size=1000)
    assert psi(x, x) == pytest.approx(0, abs=1e-12)
    t = psi_table(np.array(["a", "b", "b", None], dtype=object), np.array(["a", "a", "c", "b"], dtype=object))
    assert set(t["bin"]) == {"a", "b", "c", "missing"}
    assert np.isfinite(t["psi"]).all()


def test_psi_bad_arguments():
    with pytest.raises(ValueError, match="smoothing"):
        psi([1, 2, 3], [1, 1, 1], edges=[2, 3], smoothing=0)
    with pytest.raises(ValueError):
        psi([1, 2], [], bins=2)
    with pytest.raises(ValueError):
        psi([1, 2], [1, 2], bins=1)
    with pytest.raises(ValueError):
        psi([1, 2], [1, 2], edges=[2, 1])


def test_traffic_lights():
    assert [stability_status(v) for v in (0.0, 0.099, 0.1, 0.249, 0.25)] == [
        "stable", "stable", "monitor", "monitor", "unstable",
    ]
    with pytest.raises(ValueError):
        stability_status(-1)


def test_csi_flags_the_drifted_variable():
    rng = np.random.default_rng(8)
    n = 4000
    df = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = (rng.random(n) < 1 / (1 + np.exp(1 + df["a"] - df["b"]))).astype(int).to_numpy()
    sc = Scorecard().fit(df, y)
    later = drift_sample(df, column="a", tilt=1.0, n=4000, random_state=1)
    table = csi(df, later, sc)
    assert table.index[0] == "a"
    assert table.loc["a", "status"] != "stable" and table.loc["b", "status"] == "stable"
    assert table.loc["a", "points_shift"] > 0  # higher a = safer here: points rise
    with pytest.raises(TypeError):
        csi(df, later, {"a": 1})


# ---------------------------------------------------------------- selection


@pytest.fixture(scope="module")
def woe_frame():
    rng = np.random.default_rng(0)
    n = 3000
    a = rng.normal(size=n)
    b = rng.normal(size=n)
    X = pd.DataFrame({
        "a": a, "a_twin": a + rng.normal(scale=0.05, size=n), "b": b,
        "noise": rng.normal(size=n), "c": rng.normal(size=n),
    })
    y = (rng.random(n) < 1 / (1 + np.exp(1.5 + a + 0.7 * b))).astype(int)
    iv = {"a": 0.6, "a_twin": 0.58, "b": 0.3, "noise": 0.03, "c": 0.01}
    return X, y, iv


def test_select_features_report(woe_frame):
    X, y, iv = woe_frame
    r = select_features(X, y, iv=iv, stepwise="bic")
    rep = r.report.set_index("variable")
    assert r.selected == ("a", "b")
    assert rep.loc["c", "step"] == "iv"
    assert rep.loc["a_twin", "step"] == "correlation" and "a" in rep.loc["a_twin", "reason"]
    assert rep.loc["noise", "step"] == "stepwise"
    assert rep["kept"].sum() == 2


def test_vif_known_values():
    rng = np.random.default_rng(1)
    a = rng.normal(size=5000)
    b = 0.8 * a + 0.6 * rng.normal(size=5000)  # corr 0.8 -> VIF = 1 / (1 - 0.64)
    v = vif(pd.DataFrame({"a": a, "b": b}))
    assert v.to_numpy() == pytest.approx([1 / 0.36, 1 / 0.36], rel=0.05)


def test_vif_filter_drops_collinear(woe_frame):
    X, y, _ = woe_frame
    X = X.assign(sum_ab=X["a"] + X["b"] + 0.01 * X["c"])
    r = select_features(X, y, corr_max=None, vif_max=10, stepwise=None, iv_min=0)
    assert "vif" in set(r.report["step"])


def test_stepwise_forward_backward(woe_frame):
    X, y, _ = woe_frame
    assert set(stepwise_logit(X[["a", "b", "noise"]], y, criterion="bic", direction="forward")) == {"a", "b"}
    assert set(stepwise_logit(X[["a", "b", "noise"]], y, criterion="bic", direction="backward")) == {"a", "b"}


@pytest.mark.parametrize(
    "kwargs, exc",
    [({"iv_min": -1}, ValueError), ({"corr_max": 1.5}, ValueError), ({"vif_max": 0.5}, ValueError),
     ({"stepwise": "r2"}, ValueError), ({"iv_max": "x"}, TypeError)],
)
def test_select_features_bad_arguments(woe_frame, kwargs, exc):
    X, y, iv = woe_frame
    with pytest.raises(exc):
        select_features(X, y, iv=iv, **kwargs)


# ---------------------------------------------------------------- stepwise agrees with statsmodels


def _stepwise_with_statsmodels(X, y, criterion, direction):
    """The stepwise rule with every candidate refitted by statsmodels (the reference)."""
    import statsmodels.api as sm

    def value(cols):
        exog = sm.add_constant(X[list(cols)], has_constant="add") if cols else np.ones((len(y), 1))
        try:
            res = sm.Logit(y, exog).fit(disp=0, maxiter=100)
        except np.linalg.LinAlgError:  # a constant WOE column (one bin) makes the design singular
            return np.inf
        return res.aic if criterion == "aic" else res.bic

    current = [] if direction != "backward" else list(X.columns)
    best = value(current)
    while True:
        moves = []
        if direction in ("both", "forward"):
            moves += [(value(current + [c]), current + [c]) for c in X.columns if c not in current]
        if direction in ("both", "backward") and current:
            moves += [(value([d for d in current if d != c]), [d for d in current if d != c]) for c in current]
        if not moves:
            return current
        v, cols = min(moves, key=lambda m: m[0])
        if v >= best - 1e-9:
            return current
        best, current = v, cols


@pytest.fixture(scope="module")
def german_woe():
    from creditkit.datasets import load_german

    df = load_german()
    cols = ["checking_status", "duration_months", "credit_history", "purpose", "savings_status",
            "installment_rate", "age", "housing", "telephone", "foreign_worker"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X = WOETransformer(monotonic="auto").set_output(transform="pandas").fit_transform(df[cols], df["bad"])
    return X, df["bad"].to_numpy()


@pytest.mark.parametrize("criterion, direction", [("aic", "both"), ("bic", "both"), ("bic", "backward")])
def test_stepwise_chooses_what_statsmodels_refits_choose(german_woe, criterion, direction):
    X, y = german_woe
    got = stepwise_logit(X, y, criterion=criterion, direction=direction)
    assert got == _stepwise_with_statsmodels(X, y, criterion, direction)
    assert 3 <= len(got) < X.shape[1]  # a real choice, neither everything nor nothing


def test_logit_loglik_matches_statsmodels():
    import statsmodels.api as sm

    from creditkit.scorecard._logit import information_criterion, logit_loglik

    rng = np.random.default_rng(2)
    X = np.column_stack([np.ones(3000), rng.normal(size=(3000, 4))])
    y = (rng.random(3000) < 1 / (1 + np.exp(1 - X[:, 1] + 0.5 * X[:, 2]))).astype(float)
    res = sm.Logit(y, X).fit(disp=0)
    loglik, beta = logit_loglik(X, y)
    assert loglik == pytest.approx(res.llf, rel=1e-12)
    assert beta == pytest.approx(res.params, rel=1e-6, abs=1e-9)
    assert information_criterion(loglik, 5, 3000, "aic") == pytest.approx(res.aic, rel=1e-12)
    assert information_criterion(loglik, 5, 3000, "bic") == pytest.approx(res.bic, rel=1e-12)
    # a warm start reaches the same maximum
    assert logit_loglik(X, y, start=beta + 0.3)[0] == pytest.approx(res.llf, rel=1e-12)
    # a singular design is never chosen: its criterion is infinite
    singular = np.column_stack([X, X[:, 1]])
    assert logit_loglik(singular, y)[0] == -np.inf


# ---------------------------------------------------------------- CSI of every attribute


def test_csi_table_terms_add_up_to_csi_and_points_shift():
    rng = np.random.default_rng(8)
    n = 4000
    df = pd.DataFrame({"a": rng.normal(size=n), "b": rng.normal(size=n)})
    y = (rng.random(n) < 1 / (1 + np.exp(1 + df["a"] - df["b"]))).astype(int).to_numpy()
    card = Scorecard().fit(df, y)
    later = drift_sample(df, column="a", tilt=1.0, n=4000, random_state=1)
    per_bin = csi_table(df, later, card)
    per_var = csi(df, later, card)
    sums = per_bin.groupby("variable")[["csi", "points_shift"]].sum()
    assert sums["csi"].to_dict() == pytest.approx(per_var["csi"].to_dict())
    assert sums["points_shift"].to_dict() == pytest.approx(per_var["points_shift"].to_dict())
    # the high values of a became more common: its lowest bin lost share, its two highest gained
    a = per_bin[per_bin["variable"] == "a"].iloc[:-1]
    gain = (a["actual_share"] - a["expected_share"]).to_numpy()
    assert gain[0] < 0 and (gain[-2:] > 0).all()
    assert per_bin["expected_count"].groupby(per_bin["variable"]).sum().tolist() == [n, n]
    assert list(per_bin.columns) == ["variable", "bin", "expected_count", "actual_count", "expected_share",
                                     "actual_share", "csi", "points", "points_shift"]


def test_csi_table_bad_arguments():
    with pytest.raises(TypeError, match="binnings"):
        csi_table(pd.DataFrame({"a": [1.0]}), pd.DataFrame({"a": [1.0]}), {"a": 1})
    vb = Binner(user_splits={"age": [30]}).fit(pd.DataFrame({"age": [20.0, 40.0]}), [0, 1])
    with pytest.raises(ValueError, match="variable 'age': a bin is empty"):
        csi_table(pd.DataFrame({"age": [20.0, 40.0]}), pd.DataFrame({"age": [20.0, 25.0]}), vb, smoothing=0)
    with pytest.raises(ValueError, match="lacks"):
        csi_table(pd.DataFrame({"x": [1.0]}), pd.DataFrame({"age": [1.0]}), vb)


# ---------------------------------------------------------------- binning decision report


def test_binning_report_states_what_each_column_got():
    rng = np.random.default_rng(5)
    n = 3000
    x = rng.normal(size=n)
    X = pd.DataFrame({
        "risk_falls": x,
        "u_shape": x,
        "flat": 1.0,
        "empty": np.nan,
        "region": rng.choice(["n", "s"], n),
        "with_special": np.where(rng.random(n) < 0.1, -999.0, x),
    })
    y = (rng.random(n) < 1 / (1 + np.exp(1.5 + 1.2 * x))).astype(int)
    binner = WOETransformer(monotonic="descending", special_values={"with_special": [-999]},
                            user_splits={"u_shape": [-1.0, 1.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        binner.fit(X, y)
    rep = binner.report()
    assert rep.index.tolist() == list(X.columns)
    assert rep.loc["risk_falls", "bad_rate_trend"] == "descending"
    assert rep.loc["u_shape", "method"] == "manual"
    assert rep.loc[["flat", "empty"], "status"].tolist() == ["constant", "all missing"]
    assert rep.loc["empty", "missing_share"] == 1.0
    assert rep.loc["with_special", "n_special"] == 1
    assert rep.loc["with_special", "special_share"] == pytest.approx((X["with_special"] == -999).mean())
    assert rep.loc["region", "kind"] == "categorical"
    assert (rep["smallest_bin_share"].dropna() >= 0.05 - 1e-12).all()
    assert rep["iv"].to_dict() == pytest.approx(binner.iv_.to_dict())
    assert binning_report(Scorecard(binning=WOETransformer()).fit(X[["risk_falls"]], y)).shape == (1, 11)


@pytest.mark.parametrize(
    "rates, trend",
    [([0.1], "one bin"), ([0.1, 0.1], "flat"), ([0.1, 0.2, 0.2], "ascending"), ([0.3, 0.2], "descending"),
     ([0.1, 0.3, 0.2], "peak"), ([0.3, 0.1, 0.2], "valley"), ([0.1, 0.3, 0.2, 0.4], "mixed")],
)
def test_bad_rate_trend_names(rates, trend):
    from creditkit.scorecard.woe import _trend

    assert _trend(rates) == trend
