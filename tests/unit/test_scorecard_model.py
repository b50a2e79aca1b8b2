"""Scaling (PDO formula), points table, Scorecard, export and reject inference."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from creditkit.errors import CreditkitWarning, ScorecardError, TargetWarning
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.scorecard import (
    BASE,
    DEFAULT_BINNING,
    Binner,
    Scorecard,
    SignWarning,
    apply_points,
    bin_variable,
    fuzzy_augmentation,
    parcelling,
    pdo_scaling,
    points_table,
    roc_auc,
    to_excel,
    to_python,
    to_sql,
    WOETransformer,
)


# ---------------------------------------------------------------- PDO scaling


def test_default_scaling_factor_and_offset():
    s = pdo_scaling()
    factor = 20 / math.log(2)
    assert s.factor == pytest.approx(factor) == pytest.approx(28.853901)
    assert s.offset == pytest.approx(600 - factor * math.log(50)) == pytest.approx(487.122876, abs=1e-6)


@pytest.mark.parametrize("odds, points", [(50, 600), (100, 620), (25, 580), (200, 640)])
def test_odds_double_every_pdo_points(odds, points):
    assert pdo_scaling().score(odds) == pytest.approx(points)
    assert pdo_scaling().odds(points) == pytest.approx(odds)


def test_other_parameters_follow_formula():
    s = pdo_scaling(base_score=500, base_odds=20, pdo=50)
    assert s.score(40) == pytest.approx(550)
    assert s.bad_probability(500) == pytest.approx(1 / 21)


@pytest.mark.parametrize(
    "kwargs, exc",
    [({"pdo": 0}, ValueError), ({"base_odds": -1}, ValueError), ({"base_score": "600"}, TypeError),
     ({"pdo": float("nan")}, ValueError)],
)
def test_scaling_bad_arguments(kwargs, exc):
    with pytest.raises(exc):
        pdo_scaling(**kwargs)


@settings(max_examples=50, deadline=None)
@given(st.floats(300, 900), st.floats(1, 200), st.floats(5, 100), st.floats(0.01, 1000))
def test_scaling_round_trip(base_score, base_odds, pdo, odds):
    s = pdo_scaling(base_score=base_score, base_odds=base_odds, pdo=pdo)
    assert s.odds(s.score(odds)) == pytest.approx(odds, rel=1e-9)
    assert s.score(2 * odds) - s.score(odds) == pytest.approx(pdo)


# ---------------------------------------------------------------- points table


@pytest.fixture
def tiny():
    x = np.arange(8)
    y = np.array([1, 1, 0, 1, 0, 0, 0, 0])
    return bin_variable(x, y, name="x", splits=[3], smoothing=0)


def test_points_follow_the_formula(tiny):
    s = pdo_scaling()
    t = points_table([tiny], [-0.9], -0.4, decimals=None)
    woe = tiny.table["woe"].to_numpy()
    assert t.loc[t["variable"] == BASE, "points"].item() == pytest.approx(s.offset + s.factor * 0.4)
    assert t.loc[t["variable"] == "x", "points"].to_numpy() == pytest.approx(s.factor * 0.9 * woe)
    # total points = offset + factor * ln(odds) with ln(odds) = -(b0 + b1 woe)
    df = pd.DataFrame({"x": [0, 5]})
    logodds = -(-0.4 - 0.9 * woe[[0, 1]])
    assert apply_points(df, t).to_numpy() == pytest.approx(s.offset + s.factor * logodds)


def test_spread_intercept_keeps_totals(tiny):
    a = points_table([tiny], [-0.9], -0.4, decimals=None)
    b = points_table([tiny], [-0.9], -0.4, decimals=None, spread_intercept=True)
    df = pd.DataFrame({"x": [0, 5, np.nan]})
    assert apply_points(df, a).to_numpy() == pytest.approx(apply_points(df, b).to_numpy())
    assert b.loc[b["variable"] == BASE, "points"].item() == pytest.approx(0)


def test_rounding_half_up(tiny):
    t = points_table([tiny], [-1.0], -0.5, decimals=0)
    assert (t["points"] == np.round(t["points"])).all()


def test_points_table_bad_arguments(tiny):
    with pytest.raises(ValueError):
        points_table([tiny], [-1.0, 2.0], 0.0)
    with pytest.raises(TypeError):
        points_table([tiny], [-1.0], 0.0, scaling=600)
    with pytest.raises(ValueError):
        points_table([tiny], [-1.0], 0.0, decimals=-1)
    with pytest.raises(ValueError, match="lacks"):
        apply_points(pd.DataFrame({"y": [1]}), points_table([tiny], [-1.0], 0.0))


# ---------------------------------------------------------------- Scorecard


@pytest.fixture(scope="module")
def credit():
    rng = np.random.default_rng(11)
    n = 3000
    X = pd.DataFrame({
        "income": rng.normal(50, 12, n),
        "debt_ratio": rng.uniform(0, 1, n),
        "region": rng.choice(["north", "south", "east"], n),
    })
    X.loc[rng.random(n) < 0.05, "income"] = np.nan
    logit = -2 - 0.06 * (X["income"].fillna(40) - 50) + 2 * (X["debt_ratio"] - 0.5) + (X["region"] == "east") * 0.8
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int).to_numpy()
    return X, y


def test_scorecard_statsmodels(credit):
    X, y = credit
    sc = Scorecard(binning=WOETransformer(n_bins=5, monotonic="auto")).fit(X, y)
    assert sc.coefficients_["sign_ok"].all()
    assert {"p_value", "std_err"} <= set(sc.coefficients_.columns)
    assert sc.coef_.shape == (1, 3) and sc.intercept_.shape == (1,)
    proba = sc.predict_proba(X)[:, 1]
    points = sc.score_points(X)
    assert roc_auc(y, proba) > 0.7
    # points rank like the model: higher points, lower risk
    assert roc_auc(y, points, higher_is_safer=True) == pytest.approx(roc_auc(y, proba), abs=0.01)
    assert "Logit" in str(sc.summary())


def test_scorecard_unrounded_points_equal_scaled_log_odds(credit):
    X, y = credit
    sc = Scorecard(decimals=None).fit(X, y)
    s = sc.scaling_
    expected = s.offset + s.factor * (-sc.decision_function(X))
    assert sc.score_points(X) == pytest.approx(expected)


def test_scorecard_sklearn_solver_close_to_statsmodels(credit):
    X, y = credit
    a = Scorecard(solver="statsmodels").fit(X, y)
    b = Scorecard(solver="sklearn").fit(X, y)
    assert b.coef_ == pytest.approx(a.coef_, rel=1e-3, abs=1e-3)


def test_scorecard_sign_warning():
    rng = np.random.default_rng(5)
    a = rng.normal(size=2000)
    X = pd.DataFrame({"a": a, "a_copy": a + rng.normal(scale=0.3, size=2000), "b": rng.normal(size=2000)})
    y = (rng.random(2000) < 1 / (1 + np.exp(1 + 2 * a))).astype(int)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc = Scorecard(binning=WOETransformer(user_splits={"a_copy": [-1.5, -0.5, 0.5, 1.5]})).fit(X, y)
    flagged = not sc.coefficients_["sign_ok"].all()
    assert flagged == any(issubclass(w.category, SignWarning) for w in caught)


def test_scorecard_constant_variable_gets_zero(credit):
    X, y = credit
    X = X.assign(flat=1.0)
    with pytest.warns(CreditkitWarning, match=r"constant: \['flat'\]"):
        sc = Scorecard().fit(X, y)
    assert sc.coefficients_.loc["flat", "coefficient"] == 0
    assert not sc.coefficients_.loc["flat", "used"]


@pytest.mark.parametrize(
    "kwargs, exc",
    [({"solver": "glm"}, ValueError), ({"C": -1.0}, ValueError), ({"pdo": 0}, ValueError),
     ({"base_odds": "50"}, TypeError), ({"spread_intercept": "yes"}, TypeError),
     ({"binning": WOETransformer(n_bins=0)}, ValueError), ({"binning": Binner()}, TypeError),
     ({"binning": "tree"}, TypeError)],
)
def test_scorecard_bad_arguments(credit, kwargs, exc):
    X, y = credit
    with pytest.raises(exc):
        Scorecard(**kwargs).fit(X, y)


def test_scorecard_copies_no_binning_parameter():
    # every binning option lives on the WOETransformer alone, so the two cannot drift apart
    own = set(Scorecard().get_params(deep=False))
    assert own.isdisjoint(WOETransformer().get_params()), own & set(WOETransformer().get_params())
    assert "binning" in own


def test_scorecard_default_binning_is_a_monotonic_woe_transformer(credit):
    X, y = credit
    assert DEFAULT_BINNING.get_params() == WOETransformer(monotonic="auto").get_params()
    default = Scorecard().fit(X, y)
    explicit = Scorecard(binning=WOETransformer(monotonic="auto")).fit(X, y)
    assert default.woe_.get_params() == DEFAULT_BINNING.get_params()
    assert default.score_points(X) == pytest.approx(explicit.score_points(X))


def test_scorecard_fits_a_clone_of_its_binning(credit):
    X, y = credit
    binning = WOETransformer(n_bins=3, monotonic="auto").set_output(transform="pandas")
    sc = Scorecard(binning=binning).fit(X, y)
    assert not hasattr(binning, "binnings_")  # the given transformer stays unfitted
    assert sc.woe_ is not binning and sc.woe_.get_params()["n_bins"] == 3
    assert max(b.n_regular for b in sc.woe_.binnings_.values()) <= 3
    assert isinstance(sc.decision_function(X), np.ndarray)
    # nested parameters reach the binning, as in any scikit-learn composite
    sc.set_params(binning__n_bins=2)
    assert sc.binning.n_bins == 2


def test_scorecard_refuses_a_text_target_without_bad_label(credit):
    X, y = credit
    text = np.where(y == 1, "bad", "good")
    with pytest.raises(ScorecardError, match=r"y holds text labels .*bad_label="):
        Scorecard().fit(X, text)
    with pytest.raises(ScorecardError, match=r"bad_label='BAD' is not among the labels of y"):
        Scorecard(bad_label="BAD").fit(X, text)


def test_scorecard_bad_label_gives_the_scores_of_the_0_1_target(credit):
    X, y = credit
    plain = Scorecard().fit(X, y)
    for target, bad in [(np.where(y == 1, "bad", "good"), "bad"), (np.where(y == 1, "good", "bad"), "good"),
                        (y + 1, 2), (pd.Series(np.where(y == 1, "bad", "good")), "bad")]:
        sc = Scorecard(bad_label=bad).fit(X, target)
        np.testing.assert_allclose(sc.score_points(X), plain.score_points(X))
        assert sc.classes_[1] == bad
        assert set(sc.predict(X)) <= set(np.unique(target))
    assert roc_auc(y, -plain.score_points(X)) > 0.6


def test_numeric_target_other_than_0_1_takes_the_greater_label_as_bad_with_a_warning(credit):
    X, y = credit
    plain = Scorecard().fit(X, y)
    with pytest.warns(TargetWarning, match=r"y holds 1 and 2, not 0/1: 2 \(the greater\) is taken as the bad class"):
        coded = Scorecard().fit(X, y + 1)  # the German data's own coding: 1 = good, 2 = bad
    np.testing.assert_allclose(coded.score_points(X), plain.score_points(X))
    assert coded.classes_.tolist() == [1, 2]
    assert set(coded.predict(X)) <= {1, 2}
    with warnings.catch_warnings():
        warnings.simplefilter("error", TargetWarning)
        named = Scorecard(bad_label=1).fit(X, y + 1)  # bad_label= says otherwise, without a warning
    # 1 = bad is the 0/1 target inverted: the same ranking, reversed
    assert roc_auc(1 - y, -named.score_points(X)) == pytest.approx(roc_auc(y, -plain.score_points(X)), abs=1e-3)
    assert named.classes_.tolist() == [2, 1]
    with pytest.raises(ScorecardError, match=r"found \[0, 1, 2\]"):
        Scorecard().fit(X, np.where(np.arange(len(y)) % 3 == 0, 2, y))


# ---------------------------------------------------------------- export


def test_sql_and_python_export_score_like_the_table(credit, tmp_path):
    X, y = credit
    sc = Scorecard(binning=WOETransformer(special_values={"debt_ratio": [0.0]}, monotonic="auto")).fit(X, y)
    sample = X.head(200).copy()
    sample.loc[0, "region"] = "unknown"
    expected = sc.score_points(sample)
    ns = {}
    exec(to_python(sc), ns)
    got = [ns["score"](row) for row in sample.to_dict("records")]
    assert got == pytest.approx(expected)

    import sqlite3

    con = sqlite3.connect(":memory:")
    sample.to_sql("applicants", con, index=False)
    rows = con.execute(f"SELECT {to_sql(sc)} FROM applicants").fetchall()
    assert [r[0] for r in rows] == pytest.approx(expected)

    path = to_excel(sc, tmp_path / "card.xlsx")
    book = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    assert {"points", "scaling", "binning", "coefficients"} <= set(book)
    assert book["points"]["points"].sum() == pytest.approx(sc.points_table_["points"].sum())


def test_python_export_scores_missing_values_like_score_points(credit):
    X, y = credit
    sc = Scorecard().fit(X, y)
    sample = X.head(6).astype(object)
    sample.loc[0, "income"] = pd.NA
    sample.loc[1, "income"] = None
    sample.loc[2, "income"] = np.nan
    sample.loc[3, "region"] = pd.NA
    sample.loc[4, "region"] = None
    sample.loc[5, "debt_ratio"] = pd.NA
    ns = {}
    exec(to_python(sc), ns)
    got = [ns["score"](row) for row in sample.to_dict("records")]
    expected = sc.score_points(sample)
    assert got == pytest.approx(expected)
    missing = sc.points_table_.query("variable == 'income' and is_missing")["points"].iloc[0]
    parts = apply_points(sample, sc.points_table_, components=True)
    assert (parts["income"].iloc[:3] == missing).all()


def test_infinity_is_handled_alike_by_transform_score_points_and_exports(credit):
    X, y = credit
    Xi = X.copy()
    Xi.loc[:50, "income"] = np.inf
    Xi.loc[51:60, "income"] = -np.inf
    with pytest.raises(ScorecardError, match="'income' holds infinite values"):
        Scorecard().fit(Xi, y)
    sc = Scorecard().fit(X, y)
    ns = {}
    exec(to_python(sc), ns)
    for run in (lambda: sc.woe_.transform(Xi), lambda: sc.score_points(Xi), lambda: sc.predict_proba(Xi),
                lambda: apply_points(Xi, sc.points_table_), lambda: ns["score"](Xi.iloc[0].to_dict())):
        with pytest.raises(ValueError, match="'income' holds (an )?infinite value"):
            run()
    special = Scorecard(binning=WOETransformer(special_values={"income": [np.inf, -np.inf]})).fit(Xi, y)
    table = special.woe_.binning_table("income").set_index("bin")
    assert table.loc["special: inf", "count"] == 51 and table.loc["special: -inf", "count"] == 10
    ns = {}
    exec(to_python(special), ns)
    got = [ns["score"](row) for row in Xi.head(80).to_dict("records")]
    assert got == pytest.approx(special.score_points(Xi.head(80)))
    with pytest.raises(ValueError, match="variable 'income' has the special value inf, and SQL has no"):
        to_sql(special)


def test_export_bad_arguments():
    with pytest.raises(ValueError):
        to_python(pd.DataFrame(), name="not an identifier")
    with pytest.raises(ValueError, match="lacks"):
        to_sql(pd.DataFrame({"points": [1.0]}))


# ---------------------------------------------------------------- reject inference


def test_fuzzy_augmentation_weights():
    Xa = pd.DataFrame({"x": [1.0, 2.0]})
    Xr = pd.DataFrame({"x": [3.0, 4.0]})
    s = fuzzy_augmentation(Xa, [0, 1], Xr, [0.2, 0.6], rejected_weight=2.0)
    assert s.y.tolist() == [0, 1, 1, 1, 0, 0]
    assert s.sample_weight.tolist() == pytest.approx([1, 1, 0.4, 1.2, 1.6, 0.8])
    assert s.is_rejected.tolist() == [False, False, True, True, True, True]
    # the rejected rows keep their total weight
    assert s.sample_weight[s.is_rejected].sum() == pytest.approx(2 * 2.0)


def test_fuzzy_augmentation_feeds_a_weighted_scorecard(credit):
    X, y = credit
    acc, rej = X.iloc[:2000], X.iloc[2000:]
    base = Scorecard().fit(acc, y[:2000])
    s = fuzzy_augmentation(acc, y[:2000], rej, base.predict_proba(rej)[:, 1])
    sc = Scorecard().fit(s.X, s.y, sample_weight=s.sample_weight)
    assert sc.coefficients_["sign_ok"].all()


def test_parcelling_rates():
    rng = np.random.default_rng(0)
    score = rng.normal(600, 50, 20000)
    y = (rng.random(20000) < 1 / (1 + np.exp((score - 550) / 30))).astype(int)
    rej = rng.normal(540, 30, 20000)
    y_rej = parcelling(y, score, rej, n_bands=10, bad_rate_factor=1.0)
    y_rej2 = parcelling(y, score, rej, n_bands=10, bad_rate_factor=2.0)
    assert y_rej.mean() > y.mean()  # rejects sit in the riskier bands
    assert y_rej2.mean() > y_rej.mean()
    assert parcelling(y, score, rej).tolist() == parcelling(y, score, rej).tolist()  # repeatable


@pytest.mark.parametrize(
    "args, kwargs",
    [
        (([0, 1], [1.0], [1.0]), {}),
        (([0, 1], [1.0, 2.0], [1.0]), {"n_bands": 0}),
        (([0, 1], [1.0, 2.0], [1.0]), {"bad_rate_factor": -1}),
    ],
)
def test_parcelling_bad_arguments(args, kwargs):
    with pytest.raises(ValueError):
        parcelling(*args, **kwargs)


def test_fuzzy_bad_arguments():
    Xa = pd.DataFrame({"x": [1.0, 2.0]})
    with pytest.raises(ValueError):
        fuzzy_augmentation(Xa, [0, 1], Xa, [0.5, 1.5])
    with pytest.raises(ValueError):
        fuzzy_augmentation(Xa, [0, 1], Xa.rename(columns={"x": "z"}), [0.5, 0.5])
    with pytest.raises(ValueError):
        fuzzy_augmentation(Xa, [0, 1], Xa, [0.5, 0.5], rejected_weight=0)


# ---------------------------------------------------------------- bins fitted before selection


def test_prefit_binning_gives_the_card_of_a_refit_without_binning_again():
    from sklearn.model_selection import train_test_split

    from creditkit import datasets
    from creditkit.scorecard import Scorecard, WOETransformer, reject_inference_comparison

    df = datasets.load_german()
    train, test = train_test_split(df, test_size=0.3, stratify=df["bad"], random_state=42)
    woe = WOETransformer(monotonic="auto").fit(train.drop(columns="bad"), train["bad"])
    cols = ["checking_status", "duration_months", "credit_amount", "age"]
    refit = Scorecard(binning=woe, solver="sklearn", C=1.0).fit(train[cols], train["bad"])
    prefit = Scorecard(binning=woe, solver="sklearn", C=1.0, prefit_binning=True).fit(train[cols], train["bad"])
    pd.testing.assert_frame_equal(prefit.points_table_, refit.points_table_)
    assert list(prefit.woe_.binnings_) == cols and list(prefit.woe_.feature_names_in_) == cols
    assert len(woe.binnings_) == 20  # the binning given is left as it is
    np.testing.assert_array_equal(prefit.score_points(test[cols]), refit.score_points(test[cols]))
    # the reject-inference rehearsal refits the bins on its own rows
    rehearsal = reject_inference_comparison(prefit, train[cols], train["bad"], test[cols], test["bad"])
    assert rehearsal.loc["accepts_only", "auc"] == pytest.approx(
        reject_inference_comparison(refit, train[cols], train["bad"], test[cols], test["bad"]).loc["accepts_only", "auc"])


def test_prefit_binning_refuses_other_rows_and_unfitted_bins():
    from creditkit import datasets
    from creditkit.scorecard import Scorecard, WOETransformer

    df = datasets.load_german()
    woe = WOETransformer().fit(df[["age", "duration_months"]], df["bad"])
    with pytest.raises(ValueError, match="column 'age' were fitted on 1000 rows with 300 bads, X and y have 600"):
        Scorecard(binning=woe, prefit_binning=True).fit(df[["age"]].head(600), df["bad"].head(600))
    with pytest.raises(ValueError, match=r"not fitted on the columns \['credit_amount'\]"):
        Scorecard(binning=woe, prefit_binning=True).fit(df[["age", "credit_amount"]], df["bad"])
    with pytest.raises(ValueError, match="needs binning= a fitted WOETransformer"):
        Scorecard(binning=WOETransformer(), prefit_binning=True).fit(df[["age"]], df["bad"])
    with pytest.raises(TypeError, match="prefit_binning must be a bool"):
        Scorecard(binning=woe, prefit_binning="yes").fit(df[["age"]], df["bad"])
