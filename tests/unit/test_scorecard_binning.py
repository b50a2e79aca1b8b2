"""Binning and WOE/IV: hand-worked tables, methods, constraints, properties."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.errors import BinningWarning, CreditkitError, CreditkitWarning
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


def test_optimal_does_not_lump_rare_categories_of_opposite_risk():
    # 10 frequent categories; two rare ones (0.5 % each), one never bad and one always bad
    rng = np.random.default_rng(5)
    frequent = rng.choice([f"f{k}" for k in range(10)], 9900)
    cats = np.concatenate([frequent, ["safe"] * 50, ["risky"] * 50]).astype(object)
    rate = {f"f{k}": 0.1 + 0.04 * k for k in range(10)} | {"safe": 0.0, "risky": 1.0}
    y = (rng.random(len(cats)) < np.array([rate[c] for c in cats])).astype(int)
    default = bin_variable(cats, y, smoothing=0.5)
    lumped = bin_variable(cats, y, smoothing=0.5, min_category_share=0.01)
    assert any({"safe", "risky"} <= set(g) for g in lumped.groups)
    assert not any({"safe", "risky"} <= set(g) for g in default.groups)
    assert default.iv > lumped.iv
    # with no rare bin an unseen category is scored in the missing bin; the lumped binning sends it to the rare bin
    missing = len(default.table) - 1
    assert default.codes(np.array(["zzz"], dtype=object))[0] == missing
    assert lumped.codes(np.array(["zzz"], dtype=object))[0] == lumped.codes(np.array(["safe"], dtype=object))[0]


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
        ({"sample_weight": [0.0, 0.0, 0.0, 0.0]}, ValueError),
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
    iv = information_value(df, target="bad", monotonic="auto")
    assert iv.index.name == "variable"
    assert iv.index[0] == "strong"
    assert (np.diff(iv["iv"]) <= 0).all()
    assert iv.loc["strong", "iv"] == pytest.approx(iv.loc["strong", "binning"].iv)
    assert iv.loc["noise", "strength"] == "unpredictive"
    # without a trend the search for the largest IV finds some in pure noise too,
    # yet far below the real signal
    free = information_value(df, target="bad")
    assert free.loc["noise", "iv"] < 0.05 < 2 < free.loc["strong", "iv"]


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
    st.sampled_from(["optimal", "tree", "chimerge", "quantile", "uniform"]),
    st.floats(0.01, 2.0),
)
def test_properties_counts_add_up_iv_non_negative(rows, method, smoothing):
    x = np.array([r[0] for r in rows])
    y = np.array([r[1] for r in rows])
    if y.min() == y.max():
        y[0] = 1 - y[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CreditkitWarning)  # a constant x is reported, and binned all the same
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


# ---------------------------------------------------------------- optimal binning


def _table_iv(g, b, starts, smoothing, side_g=(), side_b=()):
    edges = [0, *starts]
    G, B = np.add.reduceat(g, edges), np.add.reduceat(b, edges)
    all_g, all_b = np.concatenate([G, side_g]), np.concatenate([B, side_b])
    filled = (all_g + all_b) > 0
    k = filled.sum()
    gs = (all_g + smoothing) / (all_g.sum() + k * smoothing)
    bs = (all_b + smoothing) / (all_b.sum() + k * smoothing)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(filled, (gs - bs) * np.log(gs / bs), 0).sum()), G, B


def _follows(rates, trend):
    d = np.diff(rates)
    up, down = d >= -1e-12, d <= 1e-12
    if trend == "ascending":
        return up.all()
    if trend == "descending":
        return down.all()
    rise, fall = (up, down) if trend == "peak" else (down, up)
    turn = len(d) if rise.all() else int(np.argmin(rise))
    return fall[turn:].all()


def _brute_force(g, b, max_bins, min_count, trend, smoothing, side_g, side_b):
    import itertools

    best = None
    for m in range(1, min(max_bins, len(g)) + 1):
        for starts in itertools.combinations(range(1, len(g)), m - 1):
            iv, G, B = _table_iv(g, b, list(starts), smoothing, side_g, side_b)
            n = G + B
            if (n < min_count * (1 - 1e-12)).any() or (smoothing == 0 and ((G == 0) | (B == 0)).any()):
                continue
            if trend is not None and not _follows(B / n, trend):
                continue
            if best is None or iv > best[0] + 1e-12 * max(1.0, abs(best[0])):
                best = (iv, starts)
    return best


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12)), min_size=2, max_size=7),
    st.integers(2, 5),
    st.integers(0, 25),
    st.sampled_from([None, "ascending", "descending", "peak", "valley"]),
    st.sampled_from([0.0, 0.5, 1.0]),
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 3)), max_size=2),
)
def test_optimal_grouping_is_the_best_of_all_groupings(cells, max_bins, min_count, trend, smoothing, side):
    """The dynamic programme finds the same IV as trying every grouping of the pre-bins."""
    from creditkit.scorecard._optimal import optimal_starts

    g = np.array([max(c[0], 1 if c[0] + c[1] == 0 else 0) for c in cells], dtype=float)
    b = np.array([c[1] for c in cells], dtype=float)
    side_g = np.array([s[0] for s in side], dtype=float)
    side_b = np.array([s[1] for s in side], dtype=float)
    if smoothing == 0 and (g.sum() + side_g.sum() == 0 or b.sum() + side_b.sum() == 0):
        return
    starts, value = optimal_starts(g, b, max_bins=max_bins, min_count=min_count, trend=trend,
                                   smoothing=smoothing, side_g=side_g, side_b=side_b)
    best = _brute_force(g, b, max_bins, min_count, trend, smoothing, side_g, side_b)
    if best is None:
        assert len(starts) == 0  # nothing meets the constraints: one bin
        return
    iv, G, B = _table_iv(g, b, list(starts), smoothing, side_g, side_b)
    assert iv == pytest.approx(best[0], rel=1e-9, abs=1e-12)
    assert value == pytest.approx(iv, rel=1e-9, abs=1e-12)
    assert len(starts) + 1 <= max_bins and ((G + B) >= min_count * (1 - 1e-12)).all()
    if trend is not None:
        assert _follows(B / (G + B), trend)


def test_optimal_on_few_values_tries_every_cut(sample):
    # with 7 distinct values every cut between them is a pre-bin boundary, so the
    # optimal bins are the best of all cut sets
    import itertools

    x, y = sample
    xv = np.digitize(x, [-1.5, -0.8, -0.2, 0.3, 0.9, 1.6]).astype(float)
    vb = bin_variable(xv, y, method="optimal", n_bins=3, min_bin_share=0.05, smoothing=0.5)
    best = max(
        bin_variable(xv, y, splits=list(c), smoothing=0.5).iv
        for k in range(0, 3) for c in itertools.combinations(np.arange(1, 7, dtype=float), k)
        if (bin_variable(xv, y, splits=list(c)).table["count_share"][: k + 1] >= 0.05).all()
    )
    assert vb.iv == pytest.approx(best)
    assert vb.method == "optimal"


@pytest.mark.parametrize("monotonic", [None, "descending", "auto", "peak", "valley"])
def test_optimal_meets_its_constraints_and_beats_the_tree(sample, monotonic):
    x, y = sample
    x = np.where(np.arange(len(x)) % 50 == 0, np.nan, x)  # a missing bin beside the regular ones
    opt = bin_variable(x, y, method="optimal", n_bins=5, min_bin_share=0.08, monotonic=monotonic)
    t = opt.table.iloc[: opt.n_regular]
    assert opt.n_regular <= 5
    assert (t["count"] / t["count"].sum() >= 0.08 - 1e-12).all()
    if monotonic in ("descending", "auto"):
        assert (np.diff(t["bad_rate"]) <= 1e-12).all()  # risk falls with x in this sample
    elif monotonic is not None:
        assert _follows(t["bad_rate"].to_numpy(), monotonic)
    # on continuous data the tree's pre-bin boundaries are among the optimal method's first
    # candidates (peak and valley include the monotonic groupings), so its IV can only be higher
    tree_mono = monotonic if monotonic in (None, "descending", "auto") else "descending"
    tree = bin_variable(x, y, method="tree", n_bins=5, min_bin_share=0.08, monotonic=tree_mono)
    assert opt.iv >= tree.iv - 1e-12


def test_optimal_ascending_against_the_data_gives_one_bin(sample):
    x, y = sample
    assert bin_variable(x, y, method="optimal", monotonic="ascending").n_regular == 1


def test_optimal_groups_categories(sample):
    rng = np.random.default_rng(0)
    cats = rng.choice(list("abcdef"), 3000)
    p = pd.Series({"a": 0.05, "b": 0.06, "c": 0.3, "d": 0.32, "e": 0.6, "f": 0.62})[cats].to_numpy()
    y = (rng.random(3000) < p).astype(int)
    vb = bin_variable(pd.Series(cats, dtype="category"), y, method="optimal", n_bins=3)
    assert {frozenset(g) for g in vb.groups} == {frozenset("ab"), frozenset("cd"), frozenset("ef")}


def test_refined_search_is_never_worse_than_the_coarse_one():
    from creditkit.scorecard._optimal import optimal_starts, refined_starts

    rng = np.random.default_rng(4)
    for _ in range(20):
        g = rng.integers(1, 40, 300).astype(float)
        b = rng.integers(0, 15, 300).astype(float)
        options = dict(max_bins=4, min_count=0.05 * (g + b).sum(), trend="ascending", smoothing=0.5)
        _, fine = refined_starts(g, b, n_coarse=30, **options)
        edges = np.linspace(0, 300, 31).round().astype(int)[:-1]
        _, coarse = optimal_starts(np.add.reduceat(g, edges), np.add.reduceat(b, edges), **options)
        assert fine >= coarse - 1e-12


def test_unimodal_test_hand_example():
    """Likelihood-ratio screen of auto_unimodal on counts worked by hand."""
    from creditkit.scorecard.binning import _log_likelihood, _unimodal_is_better

    # valley bins: bad rates .2 .6 .2; the monotonic bins merge the last two: .2 .4
    uni = (None, np.array([40.0, 20, 40]), np.array([10.0, 30, 10]))
    mono = (None, np.array([40.0, 60]), np.array([10.0, 40]))
    ll_uni = 20 * math.log(0.2) + 80 * math.log(0.8) + 30 * math.log(0.6) + 20 * math.log(0.4)
    ll_mono = 10 * math.log(0.2) + 40 * math.log(0.8) + 40 * math.log(0.4) + 60 * math.log(0.6)
    assert _log_likelihood(uni[1], uni[2]) == pytest.approx(ll_uni, rel=1e-12)
    assert _log_likelihood(mono[1], mono[2]) == pytest.approx(ll_mono, rel=1e-12)
    assert 2 * (ll_uni - ll_mono) == pytest.approx(17.2609, abs=1e-4)  # > 3.8415, chi-square(1) at 5 %
    assert _unimodal_is_better(mono, uni)
    # a tenth of the counts: the statistic is a tenth too, 1.726 < 3.8415, and the monotonic bins stay
    assert not _unimodal_is_better((None, mono[1] / 10, mono[2] / 10), (None, uni[1] / 10, uni[2] / 10))
    # an empty cell adds nothing to the log-likelihood
    assert _log_likelihood(np.array([5.0, 0]), np.array([0.0, 3])) == 0.0


def test_auto_unimodal_takes_a_valley_only_when_the_data_show_one(sample):
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, 4000)
    y = (rng.random(4000) < 0.1 + 0.6 * (x - 0.5) ** 2 * 4).astype(int)  # U-shaped risk
    uni = bin_variable(x, y, monotonic="auto_unimodal")
    assert uni.splits == bin_variable(x, y, monotonic="valley").splits
    assert uni.iv > 2 * bin_variable(x, y, monotonic="auto").iv
    rates = uni.table["bad_rate"].to_numpy()[: uni.n_regular]
    assert _follows(rates, "valley") and not _follows(rates, "descending")
    # the fixture's risk falls with x: the auto bins are kept as they are
    xs, ys = sample
    assert bin_variable(xs, ys, monotonic="auto_unimodal").splits == bin_variable(xs, ys, monotonic="auto").splits


@pytest.mark.parametrize("method", ["tree", "chimerge", "quantile"])
@pytest.mark.parametrize("trend", ["peak", "auto_unimodal"])
def test_peak_and_valley_need_the_optimal_method(method, trend):
    with pytest.raises(ValueError, match=f"monotonic='{trend}' needs method='optimal'"):
        bin_variable(np.arange(8.0), np.array([0, 1] * 4), method=method, monotonic=trend)


# ---------------------------------------------------------------- odd inputs: each message names the column


def _y20():
    return np.array([0, 1] * 10)


@pytest.mark.parametrize(
    "x",
    [
        pd.Series(pd.date_range("2020-01-01", periods=20), name="signed_on"),
        pd.Series(pd.to_timedelta(np.arange(20), "D"), name="signed_on"),
        pd.Series(pd.period_range("2020-01", periods=20, freq="M"), name="signed_on"),
    ],
)
def test_dates_and_durations_are_refused_not_binned_as_categories(x):
    with pytest.raises(TypeError, match="variable 'signed_on' holds dates or durations"):
        bin_variable(x, _y20())


def test_special_value_of_the_wrong_type_is_refused():
    # "-999" never equals a number: the special bin would stay empty and -999 be binned as a value
    x = pd.Series(np.r_[np.arange(18.0), -999, -999], name="months_on_book")
    with pytest.raises(TypeError, match="numeric variable 'months_on_book' must be numbers, got str '-999'"):
        bin_variable(x, _y20(), special_values=["-999"])
    assert bin_variable(x, _y20(), special_values=[-999]).table["count"].iloc[-2] == 2


@pytest.mark.parametrize("special", [np.nan, None])
def test_missing_value_as_special_value_is_refused(special):
    x = pd.Series(np.r_[np.arange(18.0), np.nan, np.nan], name="income")
    with pytest.raises(ValueError, match="special_values of variable 'income' hold a missing value"):
        bin_variable(x, _y20(), special_values=[special])
    with pytest.raises(ValueError, match="variable 'region' hold a missing value"):
        bin_variable(pd.Series(list("ab") * 10, name="region"), _y20(), special_values=[special])


def test_duplicate_column_names_are_refused():
    X = pd.DataFrame(np.arange(40.0).reshape(20, 2), columns=["income", "income"])
    with pytest.raises(ValueError, match=r"duplicate column names \['income'\]"):
        Binner().fit(X, _y20())


@pytest.mark.parametrize("option", ["user_splits", "special_values"])
def test_options_naming_unknown_columns_are_refused(option):
    X = pd.DataFrame({"income": np.arange(20.0)})
    with pytest.raises(ValueError, match=rf"{option} names columns not in X: \['incme'\]"):
        Binner(**{option: {"incme": [3.0]}}).fit(X, _y20())


def test_manual_splits_of_the_wrong_kind_name_the_column():
    cats = pd.Series(list("abcd") * 5, name="purpose")
    with pytest.raises(TypeError, match="categorical variable 'purpose' must be a list of category lists"):
        bin_variable(cats, _y20(), splits=[1.5])
    with pytest.raises(TypeError, match="categorical variable 'purpose'"):
        bin_variable(cats, _y20(), splits=["ab", "cd"])  # strings, not lists of categories
    with pytest.raises(ScorecardError, match=r"'purpose' put categories \['b'\] in more than one bin"):
        bin_variable(cats, _y20(), splits=[["a", "b"], ["b", "c", "d"]])
    with pytest.raises(TypeError, match="numeric variable 'age' must be numbers"):
        bin_variable(pd.Series(np.arange(20.0), name="age"), _y20(), splits=["thirty"])
    with pytest.raises(ValueError, match="numeric variable 'age' must be finite"):
        bin_variable(pd.Series(np.arange(20.0), name="age"), _y20(), splits=[np.nan])


@pytest.mark.parametrize(
    "x, status",
    [
        (pd.Series(np.full(20, 3.0), name="branch_code"), "constant"),
        (pd.Series(np.full(20, np.nan), name="branch_code"), "all missing"),
        (pd.Series(np.r_[np.full(10, -1.0), np.full(10, np.nan)], name="branch_code"), "all missing"),
        (pd.Series(["north"] * 20, name="branch_code"), "constant"),
        (pd.Series([None] * 20, dtype="object", name="branch_code"), "all missing"),
    ],
)
def test_constant_and_all_missing_variables_are_reported(x, status):
    with pytest.warns(CreditkitWarning, match=f"variable 'branch_code' is {status}"):
        vb = bin_variable(x, _y20(), special_values=[-1] if x.dtype.kind == "f" else ())
    assert vb.status == status and vb.iv == pytest.approx(0.0)


def test_binner_reports_uninformative_columns_once():
    X = pd.DataFrame({"income": np.arange(20.0), "flat": 1.0, "empty": np.nan})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        b = Binner().fit(X, _y20())
    messages = [str(w.message) for w in caught if issubclass(w.category, CreditkitWarning)]
    assert len(messages) == 1
    assert "constant: ['flat']" in messages[0] and "all missing: ['empty']" in messages[0]
    assert {c: v.status for c, v in b.binnings_.items()} == {"income": "ok", "flat": "constant", "empty": "all missing"}


@pytest.mark.parametrize("fit", [
    lambda X, y: WOETransformer().fit(X, y),
    lambda X, y: Binner().fit(X, y),
    lambda X, y: bin_variable(X["a"], y),
])
def test_text_target_is_refused_by_every_binning_entry(fit):
    X = pd.DataFrame({"a": np.arange(40.0)})
    y = np.where(np.arange(40) % 3 == 0, "bad", "good")
    with pytest.raises(ScorecardError, match=r"y holds text labels \['bad', 'good'\], not 0/1"):
        fit(X, y)


# ---------------------------------------------------------------- odd input: text numbers, infinity, smoothing 0


@pytest.fixture(scope="module")
def ages():
    rng = np.random.default_rng(5)
    age = rng.integers(18, 75, 3000).astype(float)
    y = (rng.random(3000) < 1 / (1 + np.exp(-(-1 - 0.05 * (age - 40))))).astype(int)
    return age, y


def test_numbers_stored_as_text_are_binned_as_numbers_with_a_warning(ages):
    age, y = ages
    text = pd.Series(age.astype(int).astype(str), name="age")
    with pytest.warns(BinningWarning, match="variable 'age' holds numbers stored as text; it is binned as numbers"):
        vb = bin_variable(text, y)
    plain = bin_variable(pd.Series(age, name="age"), y)
    assert vb.kind == "numeric" and vb.splits == plain.splits
    assert vb.iv == pytest.approx(plain.iv)
    assert "text" in vb.note
    np.testing.assert_array_equal(vb.woe(text), plain.woe(age))


def test_high_cardinality_numeric_text_keeps_its_information(ages):
    age, y = ages
    rng = np.random.default_rng(0)
    amount = age * 1000 + rng.integers(0, 1000, len(age))  # thousands of distinct values
    X = pd.DataFrame({"amount": amount.astype(str)})
    with pytest.warns(BinningWarning, match="'amount' holds numbers stored as text"):
        t = WOETransformer().fit(X, y)
    assert t.iv_["amount"] == pytest.approx(WOETransformer().fit(pd.DataFrame({"amount": amount}), y).iv_["amount"])
    assert t.iv_["amount"] > 0.2


def test_text_that_is_not_a_number_goes_to_missing_and_is_named(ages):
    age, y = ages
    text = pd.Series(age.astype(int).astype(str), name="age")
    text[:20] = "n/a"
    with pytest.warns(BinningWarning, match=r"its 20 values that are not numbers \(such as \['n/a'\]\) go to the missing"):
        vb = bin_variable(text, y)
    assert vb.table["count"].iloc[-1] == 20
    assert (vb.codes(pd.Series(["n/a", "30", None])) == [len(vb.table) - 1, vb.codes(np.array([30.0]))[0],
                                                         len(vb.table) - 1]).all()


def test_mostly_text_stays_categorical_and_categorical_true_is_kept(ages):
    age, y = ages
    codes = pd.Series(np.where(age > 40, "A1", "B2"), name="grade")
    with warnings.catch_warnings():
        warnings.simplefilter("error", BinningWarning)
        assert bin_variable(codes, y).kind == "categorical"
        text = pd.Series(age.astype(int).astype(str), name="age")
        assert bin_variable(text, y, categorical=True).kind == "categorical"


def test_infinity_declared_special_gets_its_own_bin(ages):
    age, y = ages
    x = age.copy()
    x[:40] = np.inf
    x[40:50] = -np.inf
    vb = bin_variable(x, y, name="ratio", special_values=[np.inf, -np.inf])
    table = vb.table.set_index("bin")
    assert table.loc["special: inf", "count"] == 40 and table.loc["special: -inf", "count"] == 10
    codes = vb.codes(np.array([np.inf, -np.inf, 30.0]))
    assert codes[0] == vb.n_regular and codes[1] == vb.n_regular + 1 and codes[2] < vb.n_regular


def test_infinity_not_declared_is_refused_when_fitting_and_when_transforming(ages):
    age, y = ages
    x = age.copy()
    x[7] = -np.inf
    with pytest.raises(ScorecardError, match=r"variable 'ratio' holds infinite values \(-inf in 1 row, the first at position 7\)"):
        bin_variable(x, y, name="ratio")
    t = WOETransformer(special_values={"ratio": [np.inf]}).fit(pd.DataFrame({"ratio": age}), y)
    t.transform(pd.DataFrame({"ratio": [np.inf]}))  # declared: its bin
    with pytest.raises(ScorecardError, match=r"variable 'ratio' holds infinite values \(-inf"):
        t.transform(pd.DataFrame({"ratio": x}))


def test_smoothing_zero_names_the_variable_and_the_bin():
    x = pd.DataFrame({"income": np.arange(20.0), "debt": np.arange(20.0)})
    y = np.array([0] * 10 + [1, 0] * 5)
    with pytest.raises(ScorecardError, match=r"variable 'income': bin '\[-inf, 10\)' has no bads; with smoothing 0"):
        WOETransformer(user_splits={"income": [10.0]}, smoothing=0).fit(x, y)
    with pytest.raises(ScorecardError, match=r"bin 'low' has no goods"):
        woe_table([0, 5], [3, 5], labels=["low", "high"], smoothing=0)


# ---------------------------------------------------------------- toad's zero-count rule

# Bins A, B, C with goods 10, 20, 10 and bads 0, 5, 15. toad 0.1.7 (toad.stats.IV on a
# categorical feature holding these rows, return_sub=True; total 1.0444805219608613) gives the IVs below: its
# probability() counts a zero cell as 1 and divides by the plain class totals (40 goods, 20 bads).
TOAD_IV = {"A": 0.3218875824868201, "B": 0.17328679513998632, "C": 0.5493061443340549}


def test_empty_bin_one_reproduces_toad_iv():
    t = woe_table([10, 20, 10], [0, 5, 15], labels=list("ABC"), empty_bin="one")
    assert t["iv"].tolist() == pytest.approx(list(TOAD_IV.values()), rel=1e-12)
    assert t["iv"].sum() == pytest.approx(sum(TOAD_IV.values()), rel=1e-12)
    x = np.repeat(list("ABC"), [10, 25, 25])
    y = np.array([0] * 10 + [0] * 20 + [1] * 5 + [0] * 10 + [1] * 15)
    vb = bin_variable(x, y, splits=[["A"], ["B"], ["C"]], empty_bin="one")
    assert vb.iv == pytest.approx(sum(TOAD_IV.values()), rel=1e-12)
    assert vb.empty_bin == "one"
    with pytest.raises(ValueError, match="empty_bin"):
        woe_table([1, 2], [2, 1], empty_bin="zero")


# ---------------------------------------------------------------- categorical fast paths


def test_factorize_reads_every_kind_of_text_column_alike():
    from creditkit.scorecard._counts import factorize

    values = ["b", "a", None, "b", np.nan, "c", pd.NA, "a"]
    expected = ["b", "a", None, "b", None, "c", None, "a"]
    kinds = {
        "object": pd.Series(values, dtype="object"),
        "str": pd.Series(values, dtype="str"),
        "string[python]": pd.Series(values, dtype=pd.StringDtype("python")),
        "string[pyarrow]": pd.Series(values, dtype=pd.StringDtype("pyarrow")),
        "category": pd.Series(values, dtype="object").astype("category"),
        "list": values,
    }
    for kind, x in kinds.items():
        codes, uniques = factorize(x)
        assert codes.dtype == np.int64, kind
        assert [None if c < 0 else uniques[c] for c in codes] == expected, kind
        assert sorted(uniques.tolist()) == ["a", "b", "c"], kind
    codes, uniques = factorize(np.array(["x", "y", "x"]))  # a NumPy text array
    assert codes.tolist() == [0, 1, 0] and uniques.tolist() == ["x", "y"]
    codes, uniques = factorize(["a", 1, "1", "a"])  # a list keeps its numbers apart from text
    assert codes.tolist() == [0, 1, 2, 0] and uniques.tolist() == ["a", 1, "1"]


def test_factorize_drops_unused_categories_and_leaves_mixed_values_to_pandas():
    from creditkit.scorecard._counts import factorize

    x = pd.Series(pd.Categorical(["lo", "hi", None, "hi"], categories=["unused", "hi", "lo", "spare"]))
    codes, uniques = factorize(x)
    assert uniques.tolist() == ["hi", "lo"]
    assert codes.tolist() == [1, 0, -1, 0]
    # integer categories stay integers when cells are missing (a NumPy copy of the column would make them floats)
    codes, uniques = factorize(pd.Series(pd.Categorical([2, np.nan, 1], categories=[1, 2, 3])))
    assert uniques.tolist() == [1, 2] and all(type(u) is int for u in uniques)
    assert codes.tolist() == [1, -1, 0]
    # numbers and text together, bytes, NaT: not text for Arrow, factorized by pandas with the same meaning
    for values in (["a", 1, None, "a", 1], [b"a", "a", b"a"], ["a", pd.NaT, "a"]):
        codes, uniques = factorize(pd.Series(values, dtype="object"))
        decoded = [None if c < 0 else uniques[c] for c in codes]
        assert decoded == [None if pd.isna(v) else v for v in values]
    with pytest.raises(TypeError):
        factorize(pd.Series([["a"], ["b"]], dtype="object"))


def test_categorical_binning_is_the_same_for_object_category_and_arrow_input():
    rng = np.random.default_rng(3)
    levels = np.array([f"L{k:02d}" for k in range(30)])
    codes = rng.choice(30, 20_000, p=rng.dirichlet(np.full(30, 2.0)))
    y = (rng.random(20_000) < 0.1 + 0.6 * codes / 30).astype(int)
    x = levels[codes].astype(object)
    x[rng.random(20_000) < 0.05] = None
    w = rng.uniform(0.5, 2.0, 20_000)
    for options in ({}, {"special_values": ("L03",)}, {"sample_weight": w, "special_values": ("L03", "L07")},
                    {"method": "quantile"}, {"method": "chimerge", "smoothing": 0}):
        ref = bin_variable(pd.Series(x, dtype="object"), y, **options)
        for dtype in ("category", "str", pd.StringDtype("pyarrow")):
            vb = bin_variable(pd.Series(x, dtype="object").astype(dtype), y, **options)
            assert vb.groups == ref.groups, (options, dtype)
            assert vb.unseen_bin == ref.unseen_bin
            pd.testing.assert_frame_equal(vb.table, ref.table)
    # the counts behind the table, by hand
    vb = bin_variable(pd.Series(x, dtype="object"), y, special_values=("L03",), smoothing=0)
    present = pd.Series(x).notna().to_numpy()
    assert vb.table["count"].iloc[-1] == (~present).sum()
    assert vb.table["n_bad"].iloc[-2] == y[x == "L03"].sum()
    for group, n_bad in zip(vb.groups, vb.table["n_bad"]):
        assert n_bad == y[np.isin(x, list(group))].sum()


def test_codes_and_points_of_unseen_special_and_missing_values():
    from creditkit.scorecard import Scorecard, apply_points

    rng = np.random.default_rng(4)
    x = rng.choice(["a", "b", "c", "d", "s"], 4000)
    y = (rng.random(4000) < pd.Series({"a": .05, "b": .2, "c": .4, "d": .6, "s": .3})[x].to_numpy()).astype(int)
    vb = bin_variable(x, y, special_values=("s",), n_bins=2, min_bin_share=0.1)
    bin_of = {c: k for k, g in enumerate(vb.groups) for c in g}
    missing, special = len(vb.table) - 1, vb.n_regular
    new = np.array(["d", "new", None, "s", "a", np.nan, "other", "b"], dtype=object)
    expected = [bin_of["d"], vb.unseen_bin, missing, special, bin_of["a"], missing, vb.unseen_bin, bin_of["b"]]
    for form in (new, pd.Series(new, dtype="str"), pd.Series(new).astype("category"), list(new)):
        assert vb.codes(form).tolist() == expected
    assert vb.unseen_bin == missing  # no rare bin: an unseen category is scored in the missing bin
    frame = pd.DataFrame({"x": x})
    card = Scorecard(binning=WOETransformer(special_values={"x": ["s"]}, n_bins=2)).fit(frame, y)
    rows = card.points_table_[card.points_table_["variable"] == "x"].reset_index(drop=True)
    points = apply_points(pd.DataFrame({"x": new}), card.points_table_, components=True)["x"].to_numpy()
    miss_pts = rows.loc[rows["is_missing"], "points"].iloc[0]
    assert points[2] == points[5] == points[1] == points[6] == miss_pts
    assert points[3] == rows.loc[rows["special_value"].notna() & ~rows["is_missing"], "points"].iloc[0]
    assert points[0] == rows.loc[rows["bin"] == vb.table["bin"].iloc[bin_of["d"]], "points"].iloc[0]
    total = card.score_points(pd.DataFrame({"x": new}))
    assert card.score_points(pd.DataFrame({"x": pd.Series(new, dtype="str")})).tolist() == total.tolist()
    assert card.score_points(pd.DataFrame({"x": pd.Series(new).astype("category")})).tolist() == total.tolist()


def test_prebin_counts_from_sorted_values_equal_counts_of_placed_rows():
    from creditkit.scorecard.binning import _counts, _sorted_counts, _sorted_counts_split

    rng = np.random.default_rng(6)
    x = rng.integers(0, 40, 5000).astype("float64")  # many ties at every cut
    y = (rng.random(5000) < 0.1 + x / 60).astype("int64")
    cuts = np.array([3.0, 10.0, 10.5, 25.0, 39.0])
    expected = _counts(np.searchsorted(cuts, x, side="right"), y, None, len(cuts) + 1)
    g, b = _sorted_counts_split(np.sort(x), np.sort(x[y == 1]), cuts)
    assert g.tolist() == expected[0].tolist() and b.tolist() == expected[1].tolist()
    order = np.argsort(x)
    g2, b2 = _sorted_counts(x[order], cuts, y[order], None)
    assert g2.tolist() == g.tolist() and b2.tolist() == b.tolist()


_CELLS = st.one_of(st.text(max_size=3), st.sampled_from(["a", "b", "1", " 2 "]), st.none(), st.just(np.nan),
                   st.integers(-2, 2))


@settings(max_examples=150, deadline=None)
@given(st.lists(_CELLS, min_size=1, max_size=40), st.sampled_from(["object", "str"]))
def test_factorize_and_lookup_agree_with_a_row_by_row_reading(cells, dtype):
    from creditkit.scorecard._counts import factorize, map_values

    if dtype == "str":  # a string column: text only
        cells = [c if c is None or (isinstance(c, float) and np.isnan(c)) else str(c) for c in cells]
    x = pd.Series(cells, dtype="object").astype(dtype)
    values = x.to_numpy(dtype="object")
    missing = pd.isna(values)
    codes, uniques = factorize(x)
    assert (codes < 0).tolist() == missing.tolist()
    decoded = [uniques[c] for c in codes[~missing]]
    assert all(d == v and type(d) is type(v) for d, v in zip(decoded, values[~missing]) if isinstance(v, str))
    assert decoded == list(values[~missing])
    if dtype == "object":  # the same cells as a plain list
        list_codes, list_uniques = factorize(list(cells))
        assert [list_uniques[c] for c in list_codes[~missing]] == decoded
    keys = ["a", "1", 2]
    got = map_values(x, keys, [10, 11, 12], other=-1, specials=["b"], special_values=[7], missing=0)
    def one(v, m):
        if m:
            return 0
        if v == "b":
            return 7
        if isinstance(v, str):
            return {"a": 10, "1": 11}.get(v, -1)
        return 12 if v == 2 else -1

    want = [one(v, m) for v, m in zip(values, missing)]
    assert got.tolist() == want
