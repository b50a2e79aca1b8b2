"""Expert panel aggregation, agreement and Delphi rounds (creditkit.evaluation.expert)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import friedmanchisquare

from creditkit.evaluation import (
    EvaluationError,
    aggregate_ratings,
    coefficient_of_variation,
    delphi_feedback,
    delphi_round,
    delphi_rounds,
    kendall_w,
)

# influentialpoints.com worked example: 4 raters rank the strawberries of 8 farms; W = 0.744
STRAWBERRIES = pd.DataFrame(
    [[8, 4, 2, 3, 5, 1, 6, 7], [7, 3, 1, 4, 5, 2, 6, 8], [8, 2, 5, 6, 7, 1, 4, 3], [8, 3, 4, 2, 5, 1, 6, 7]],
    index=list("ABCD"), columns=[f"farm{i}" for i in range(1, 9)],
)


def test_kendall_w_published_example():
    res = kendall_w(STRAWBERRIES)
    assert res.w == pytest.approx(500 / (504 * 16 / 12))  # 0.744
    assert round(res.w, 3) == 0.744
    assert res.chi2 == pytest.approx(20.83, abs=0.01)
    assert res.df == 7 and res.m == 4 and res.n == 8
    assert res.p_value == pytest.approx(0.004, abs=0.001)


def test_kendall_w_tie_correction_by_hand():
    # rater 2 ties the first two items: ranks 1.5, 1.5, 3; T = 2^3 - 2 = 6
    r = pd.DataFrame([[1, 2, 3], [1, 1, 3], [2, 1, 3]])
    # R = 4.5, 4.5, 9; 12*121.5 - 3*9*3*16 = 162; denominators 216 - 3*6 = 198 vs 216
    assert kendall_w(r).w == pytest.approx(162 / 198)
    assert kendall_w(r, ties=False).w == pytest.approx(162 / 216)
    assert kendall_w(r).tie_correction == 6


def test_kendall_w_matches_tie_corrected_friedman():
    rng = np.random.default_rng(3)
    r = pd.DataFrame(rng.integers(1, 5, size=(6, 5)))
    res = kendall_w(r)
    chi2_f = friedmanchisquare(*[r[c] for c in r.columns]).statistic
    assert res.chi2 == pytest.approx(chi2_f)


def test_kendall_w_perfect_agreement():
    r = pd.DataFrame([[1, 2, 3, 4]] * 3)
    assert kendall_w(r).w == pytest.approx(1.0)


def test_kendall_w_all_tied_is_an_error():
    with pytest.raises(EvaluationError, match="undefined"):
        kendall_w(pd.DataFrame([[5, 5, 5], [3, 3, 3]]))


def test_kendall_w_single_item_is_an_error():
    with pytest.raises(EvaluationError, match="2 items"):
        kendall_w(pd.DataFrame({"a": [1, 2, 3]}))


def test_cv_per_criterion():
    r = pd.DataFrame({"capacity": [80, 90, 70], "collateral": [50, 50, 50]})
    cv = coefficient_of_variation(r)
    assert cv["capacity"] == pytest.approx(10 / 80)
    assert cv["collateral"] == 0


PANEL = pd.DataFrame({"capacity": [80, 90, 70, 20, 85], "collateral": [60, 60, 70, 50, 60]},
                     index=["li", "wang", "zhang", "zhao", "chen"])


def test_mean_and_trimmed_mean():
    assert aggregate_ratings(PANEL).criterion_scores.tolist() == [69.0, 60.0]
    # trim 20 % of 5 raters = 1 each end: capacity keeps 70, 80, 85
    assert aggregate_ratings(PANEL, method="trimmed").criterion_scores["capacity"] == pytest.approx(235 / 3)


def test_rater_and_criterion_weights():
    res = aggregate_ratings(PANEL, rater_weights={"li": 2, "wang": 1, "zhang": 1, "zhao": 0, "chen": 0},
                            criterion_weights={"capacity": 0.75, "collateral": 0.25})
    assert res.criterion_scores["capacity"] == pytest.approx((160 + 90 + 70) / 4)
    assert res.score == pytest.approx(0.75 * 80 + 0.25 * 62.5)


def test_missing_score_is_an_error():
    bad = PANEL.astype(float)
    bad.loc["li", "capacity"] = np.nan
    with pytest.raises(EvaluationError, match="li"):
        aggregate_ratings(bad)


def test_single_rater_is_an_error():
    with pytest.raises(EvaluationError, match="2 raters"):
        aggregate_ratings(PANEL.iloc[:1])


def test_bad_method_is_an_error():
    with pytest.raises(ValueError, match="method"):
        aggregate_ratings(PANEL, method="median")


def test_bad_trim_is_an_error():
    with pytest.raises(ValueError, match="trim"):
        aggregate_ratings(PANEL, method="trimmed", trim=0.5)


def test_rater_weights_with_trimmed_is_an_error():
    with pytest.raises(ValueError):
        aggregate_ratings(PANEL, method="trimmed", rater_weights={"li": 1})


def test_missing_rater_weight_is_an_error():
    with pytest.raises(EvaluationError):
        aggregate_ratings(PANEL, rater_weights={"li": 1})


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError):
        aggregate_ratings("scores")


def test_delphi_feedback_flags_outliers():
    fb = delphi_feedback(PANEL)
    assert fb.loc["capacity", "median"] == 80
    assert "zhao" in fb.loc["capacity", "outside_iqr"]


def test_delphi_round_pulls_to_median():
    nxt = delphi_round(PANEL, pull=1.0)
    assert (nxt["capacity"] == 80).all()


def test_delphi_rounds_until_agreement():
    summary, last = delphi_rounds(PANEL, cv_threshold=0.1, max_rounds=6)
    assert summary["agreed"].iloc[-1]
    assert not summary["agreed"].iloc[:-1].any()
    assert summary["max_cv"].is_monotonic_decreasing
    assert coefficient_of_variation(last).max() <= 0.1


def test_delphi_rounds_stop_at_max_rounds():
    summary, _ = delphi_rounds(PANEL, cv_threshold=0.0001, max_rounds=2)
    assert len(summary) == 2 and not summary["agreed"].any()


def test_delphi_bad_max_rounds_is_an_error():
    with pytest.raises(ValueError, match="max_rounds"):
        delphi_rounds(PANEL, max_rounds=0)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 6), st.integers(2, 6), st.integers(0, 10_000))
def test_w_in_unit_interval(m, n, seed):
    r = pd.DataFrame(np.random.default_rng(seed).integers(1, 6, size=(m, n)))
    try:
        w = kendall_w(r).w
    except EvaluationError:
        return
    assert 0.0 <= w <= 1.0
