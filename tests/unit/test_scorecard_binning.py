"""Binning and WOE/IV: hand-worked tables, methods, constraints, properties."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.errors import CreditkitError
from creditkit.scorecard import (
    Binner,
    ScorecardError,
    WOETransformer,
    bin_variable,
    information_value,
    iv_strength,
    woe_table,
)

# ---------------------------------------------------------------- hand-worked WOE/IV

# 100 goods and 50 bads in four bins; shares of goods .4 .3 .2 .1, of bads .1 .2 .3 .4.
GOOD = [40, 30, 20, 10]
BAD = [5, 10, 15, 20]


def test_woe_table_matches_hand_computation():
    t = woe_table(GOOD, BAD, smoothing=0)
    # WOE = ln(good share / bad share): ln 4, ln 1.5, ln(2/3), ln(1/4)
    assert t["woe"].tolist() == pytest.approx([math.log(4), math.log(1.5), math.log(2 / 3), math.log(0.25)])
    # IV contributions (g - b) * WOE: 0.3 ln4, 0.1 ln1.5, 0.1 ln1.5, 0.3 ln4
    assert t["iv"].tolist() == pytest.approx([0.415888, 0.040547, 0.040547, 0.415888], abs=1e-6)
    assert t["iv"].sum() == pytest.approx(0.912869, abs=1e-6)
    assert t["bad_rate"].tolist() == pytest.approx([5 / 45, 10 / 40, 15 / 35, 20 / 30])
    assert t["count"].tolist() == [45, 40, 35, 30]
    assert t["count_share"].sum() == pytest.approx(1.0)


def test_woe_sign_higher_is_safer():
    t = woe_table(GOOD, BAD, smoothing=0)
    # bad rate rises down the table, WOE falls
    assert (np.diff(t["bad_rate"]) > 0).all() and (np.diff(t["woe"]) < 0).all()


def test_smoothing_formula_and_finite_for_empty_cell():
    t = woe_table([40, 10], [0, 20], smoothing=0.5)
    gs0, bs0 = 40.5 / 51, 0.5 / 21
    assert t["woe"][0] == pytest.approx(math.log(gs0 / bs0))
    assert np.isfinite(t["woe"]).all()
    with pytest.raises(ScorecardError, match="smoothing"):
        woe_table([40, 10], [0, 20], smoothing=0)


def test_empty_bin_gets_zero_woe():
    t = woe_table([10, 0, 5], [5, 0, 10], smoothing=0.5)
    assert t.loc[1, "woe"] == 0 and t.loc[1, "iv"] == 0


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"n_good": [1, 2], "n_bad": [1]}, ValueError),
        ({"n_good": [1, -2], "n_bad": [1, 1]}, ValueError),
        ({"n_good": [1, 2], "n_bad": [1, 1], "labels": ["a"]}, ValueError),
        ({"n_good": [1, 2], "n_bad": [1, 1], "smoothing": -1}, ValueError),
        ({"n_good": [1, 2], "n_bad": [1, 1], "smoothing": "0.5"}, TypeError),
        ({"n_good": [1, 2], "n_bad": [0, 0]}, ScorecardError),
    ],
)
def test_woe_table_bad_arguments(kwargs, exc):
    with pytest.raises(exc):
        woe_table(**kwargs)


def test_bin_variable_manual_splits_table():
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8])
    y = np.array([1, 1, 0, 1, 0, 0, 0, 0])
    vb = bin_variable(x, y, splits=[4], smoothing=0)
    t = vb.table
    assert t["bin"].tolist() == ["[-inf, 4)", "[4, inf)", "missing"]
    assert t["n_good"].tolist() == [1, 4, 0] and t["n_bad"].tolist() == [2, 1, 0]
    # G = 5, B = 3: ln((1/5)/(2/3)) and ln((4/5)/(1/3))
    assert t["woe"].tolist() == pytest.approx([math.log(0.3), math.log(2.4), 0.0])
    assert vb.iv == pytest.approx((0.2 - 2 / 3) * math.log(0.3) + (0.8 - 1 / 3) * math.log(2.4))
    assert vb.method == "manual"
    assert vb.codes(np.array([3.99, 4.0, np.nan])).tolist() == [0, 1, 2]  # left-closed bins


# ---------------------------------------------------------------- methods and constraints


@pytest.fixture(scope="module")
def sample():
    rng = np.random.default_rng(7)
    n = 5000
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(1.5 + 1.2 * x))).astype(int)  # risk falls with x
    return x, y


@pytest.mark.parametrize("method", ["tree", "chimerge", "quantile", "uniform"])
def test_methods_give_at_most_n_bins_and_count_all_rows(sample, method):
    x, y = sample
    vb = bin_variable(x, y, method=method, n_bins=5, min_bin_share=0.02)
    assert 2 <= vb.n_regular <= 5
    assert vb.table["count"].sum() == len(x)
    assert vb.table["n_bad"].sum() == y.sum()
    assert vb.iv > 0.3


def test_quantile_bins_have_equal_counts(sample):
    x, y = sample
    vb = bin_variable(x, y, method="quantile", n_bins=4, min_bin_share=0)
    assert vb.table["count"][:4].tolist() == [1250, 1250, 1250, 1250]


def test_uniform_bins_have_equal_width(sample):
    x, y = sample
    vb = bin_variable(x, y, method="uniform", n_bins=4, min_bin_share=0)
    assert np.diff(vb.splits) == pytest.approx([(x.max() - x.min()) / 4] * 2)


@pytest.mark.parametrize("direction", ["descending", "auto"])
def test_monotonic_trend(sample, direction):
    x, y = sample
    vb = bin_variable(x, y, method="chimerge", n_bins=8, monotonic=direction, min_bin_share=0.01)
    rate = vb.table["bad_rate"][: vb.n_regular].to_numpy()
    assert (np.diff(rate) <= 0).all()


def test_ascending_constraint_against_the_data_merges_to_one_bin(sample):
    x, y = sample
    vb = bin_variable(x, y, method="tree", n_bins=6, monotonic="ascending")
    assert vb.n_regular == 1


def test_min_bin_share(sample):
    x, y = sample
    vb = bin_variable(x, y, method="chimerge", n_bins=10, min_bin_share=0.15)
    assert (vb.table["count_share"][: vb.n_regular] >= 0.15).all()


def test_missing_and_special_values_get_their_own_bins():
    x = np.array([1.0, 2, 3, 4, -999, -999, np.nan, 5, 6, 7])
    y = np.array([0, 0, 0, 1, 1, 1, 1, 0, 0, 1])
    vb = bin_variable(x, y, splits=[4], special_values=[-999])
    assert vb.table["bin"].tolist() == ["[-inf, 4)", "[4, inf)", "special: -999", "missing"]
    assert vb.table["count"].tolist() == [3, 4, 2, 1]
    assert vb.codes(np.array([-999.0, np.nan, 0.0])).tolist() == [2, 3, 0]


def test_infinite_values_rejected():
    with pytest.raises(ValueError, match="infinite"):
        bin_variable(np.array([1.0, np.inf, 2.0, 3.0]), np.array([0, 1, 0, 1]))


def test_categorical_rare_categories_grouped_and_unseen_go_with_them():
    cats = np.array(["a"] * 50 + ["b"] * 45 + ["c"] * 3 + ["d"] * 2)
    y = np.array([0] * 40 + [1] * 10 + [0] * 30 + [1] * 15 + [1, 0, 1] + [1, 1])
    vb = bin_variable(cats, y, method="quantile", min_category_share=0.05, min_bin_share=0)
    assert vb.kind == "categorical"
    groups = {frozenset(g) for g in vb.groups}
    assert frozenset({"c", "d"}) in groups
    codes = vb.codes(np.array(["c", "zzz", None, "a"], dtype=object))
    assert codes[0] == codes[1]  # unseen category goes to the rare bin
    assert codes[2] == len(vb.table) - 1  # missing bin
    assert vb.table["count"].sum() == 100


def test_categorical_tree_merges_by_bad_rate():
    rng = np.random.default_rng(0)
    cats = rng.choice(list("abcdef"), 3000)
    p = pd.Series({"a": 0.05, "b": 0.06, "c": 0.3, "d": 0.32, "e": 0.6, "f": 0.62})[cats].to_numpy()
    y = (rng.random(3000) < p).astype(int)
    vb = bin_variable(pd.Series(cats, dtype="category"), y, method="tree", n_bins=3)
    assert {frozenset(g) for g in vb.groups} == {frozenset("ab"), frozenset("cd"), frozenset("ef")}
    rate = vb.table["bad_rate"][:3].to_numpy()
    assert (np.diff(rate) > 0).all()


def test_categorical_manual_groups():
    x = np.array(["a", "b", "c", "a", "b", "c"], dtype=object)
    y = np.array([0, 1, 1, 0, 0, 1])
    vb = bin_variable(x, y, splits=[["a"], ["b", "c"]])
    assert vb.table["count"].tolist() == [2, 4, 0]
    with pytest.raises(ScorecardError, match="without a bin"):
        bin_variable(x, y, splits=[["a"], ["b"]])


def test_sample_weight_counts():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([0, 1, 0, 1])
    vb = bin_variable(x, y, splits=[2.5], sample_weight=[2.0, 1.0, 0.5, 3.0])
    assert vb.table["n_good"].tolist()[:2] == [2.0, 0.5]
    assert vb.table["n_bad"].tolist()[:2] == [1.0, 3.0]


@pytest.mark.parametrize(
    "kwargs, exc",
    [
        ({"method": "kmeans"}, ValueError),
        ({"n_bins": 1}, ValueError),
        ({"n_bins": 2.5}, TypeError),
        ({"monotonic": "up"}, ValueError),
        ({"min_bin_share": 0.6}, ValueError),
        ({"max_prebins": 1}, ValueError),
        ({"min_category_share": -0.1}, ValueError),
        ({"smoothing": -1}, ValueError),
        ({"special_values": -999}, TypeError),
        ({"splits": [1.0, np.inf]}, ValueError),
        ({"sample_weight": [1.0, -1.0, 1.0, 1.0]}, ValueError),
    ],
)
def test_bin_variable_bad_arguments(kwargs, exc):
    with pytest.raises(exc):
        bin_variable(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0, 1, 0, 1]), **kwargs)


@pytest.mark.parametrize(
    "y, match",
    [([0, 1, 2, 1], "binary"), ([0, 0, 0, 0], "one class"), ([0, 1, np.nan, 1], "missing"), ([0, 1, 0], "same length")],
)
def test_bin_variable_bad_target(y, match):
    with pytest.raises(ValueError, match=match):
        bin_variable(np.array([1.0, 2.0, 3.0, 4.0]), np.array(y))


def test_errors_are_creditkit_errors():
    with pytest.raises(CreditkitError):
        bin_variable(np.array([1.0, 2.0]), np.array([0, 2]))


# ---------------------------------------------------------------- information_value


def test_information_value_sorted_with_binning():
    rng = np.random.default_rng(1)
    n = 2000
    df = pd.DataFrame({"noise": rng.normal(size=n), "strong": rng.normal(size=n), "cat": rng.choice(list("xyz"), n)})
    df["bad"] = (rng.random(n) < 1 / (1 + np.exp(1 + 2 * df["strong"]))).astype(int)
    iv = information_value(df, target="bad")
    assert iv.index.name == "variable"
    assert iv.index[0] == "strong"
    assert (np.diff(iv["iv"]) <= 0).all()
    assert iv.loc["strong", "iv"] == pytest.approx(iv.loc["strong", "binning"].iv)
    assert iv.loc["noise", "strength"] == "unpredictive"


def test_information_value_bad_arguments():
    df = pd.DataFrame({"x": [1, 2, 3, 4], "bad": [0, 1, 0, 1]})
    with pytest.raises(TypeError):
        information_value(df.to_numpy())
    with pytest.raises(ValueError, match="lacks"):
        information_value(df, target="default")
    with pytest.raises(ValueError, match="lacks"):
        information_value(df, features=["nope"])


def test_iv_strength_bands():
    assert [iv_strength(v) for v in (0.01, 0.05, 0.2, 0.4, 0.9)] == [
        "unpredictive", "weak", "medium", "strong", "suspicious",
    ]
    with pytest.raises(ValueError):
        iv_strength(-0.1)


# ---------------------------------------------------------------- estimators


def test_binner_and_woe_transformer_agree_with_tables(sample):
    x, y = sample
    X = pd.DataFrame({"x": x, "z": np.where(x > 0, "p", "q")})
    b = Binner(n_bins=4).fit(X, y)
    t = WOETransformer(n_bins=4).fit(X, y)
    codes = b.transform(X)
    woe = t.transform(X)
    table = t.binning_table("x")
    # transformed WOE = table WOE of each row's bin
    assert woe[:, 0] == pytest.approx(table["woe"].to_numpy()[codes[:, 0]])
    assert t.iv_["x"] == pytest.approx(table["iv"].sum())
    assert set(t.woe_map()["variable"]) == {"x", "z"}


def test_binner_user_splits_and_special_values_dict():
    X = pd.DataFrame({"a": [1.0, 2, 3, -1, 5, 6], "b": [1.0, 2, 3, 4, 5, 6]})
    y = [0, 1, 0, 1, 0, 1]
    b = Binner(user_splits={"a": [3]}, special_values={"a": [-1]}, min_bin_share=0).fit(X, y)
    assert b.binnings_["a"].splits == (3.0,)
    assert b.binnings_["a"].special_values == (-1,)
    assert b.binnings_["b"].special_values == ()
    with pytest.raises(TypeError):
        Binner(user_splits=[3]).fit(X, y)
    with pytest.raises(ValueError, match="categorical_features"):
        Binner(categorical_features=["zz"]).fit(X, y)


# ---------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-1e6, 1e6, allow_nan=False), st.integers(0, 1)), min_size=4, max_size=80),
    st.sampled_from(["tree", "chimerge", "quantile", "uniform"]),
    st.floats(0.01, 2.0),
)
def test_properties_counts_add_up_iv_non_negative(rows, method, smoothing):
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    if y.min() == y.max():
        y[0] = 1 - y[0]
    vb = bin_variable(x, y, method=method, n_bins=4, smoothing=smoothing, min_bin_share=0.05)
    t = vb.table
    assert t["count"].sum() == len(x)
    assert t["n_bad"].sum() == y.sum()
    assert (t["iv"] >= -1e-12).all()
    assert np.isfinite(t["woe"]).all()
    # every row lands in the bin the table counts it in
    assert np.bincount(vb.codes(x), minlength=len(t)).tolist() == t["count"].tolist()


def test_categorical_features_forces_grouping_of_a_numeric_code():
    X = pd.DataFrame({"region_code": [1, 2, 3, 1, 2, 3, 1, 2, 3, 1]})
    y = [0, 1, 0, 0, 1, 0, 1, 1, 0, 0]
    b = Binner(method="quantile", categorical_features=["region_code"], min_bin_share=0).fit(X, y)
    vb = b.binnings_["region_code"]
    assert vb.kind == "categorical"
    assert sorted(c for g in vb.groups for c in g) == [1, 2, 3]


def test_information_value_special_values_for_all_columns():
    df = pd.DataFrame({"x": [1.0, 2, 3, 4, -999, -999, 5, 6], "bad": [0, 0, 1, 0, 1, 1, 0, 1]})
    iv = information_value(df, special_values=[-999], method="quantile", n_bins=2, min_bin_share=0)
    table = iv.loc["x", "binning"].table
    assert "special: -999" in table["bin"].tolist()
    assert table.loc[table["bin"] == "special: -999", "count"].item() == 2
