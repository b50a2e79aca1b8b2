"""Rating scales, grades and the combined score (creditkit.evaluation.rating)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit import evaluation as ev
from creditkit.evaluation import (
    RATING_SCALES,
    EvaluationError,
    RatingScale,
    credit_grade,
    rate_customer,
    scale_to_100,
)


@pytest.mark.parametrize("score, grade", [(100, "A"), (85, "A"), (84.99, "B"), (70, "B"), (55, "C"), (40, "D"), (39.9, "E"), (0, "E")])
def test_a_to_e_bounds(score, grade):
    assert credit_grade(score) == grade


@pytest.mark.parametrize("score, grade", [(95, "AAA"), (80, "AA"), (61, "BBB"), (45, "B"), (10, "C")])
def test_aaa_to_c_bounds(score, grade):
    assert credit_grade(score, scale="AAA-C") == grade


def test_custom_scale():
    s = RatingScale(("low risk", "high risk"), (60, 0))
    assert credit_grade([70, 50], scale=s).tolist() == ["low risk", "high risk"]


def test_bad_scale_bounds_are_an_error():
    with pytest.raises(EvaluationError):
        RatingScale(("A", "B"), (0, 50))


def test_unknown_scale_name_is_an_error():
    with pytest.raises(ValueError, match="scale"):
        credit_grade(50, scale="1-10")


def test_scale_to_100():
    assert scale_to_100(3, low=1, high=5) == 50.0
    assert scale_to_100(0.3, low=0.8, high=0.2) == pytest.approx(83.3333, abs=1e-4)  # lower is better
    assert scale_to_100([0, 10], low=1, high=5).tolist() == [0.0, 100.0]
    with pytest.raises(ValueError):
        scale_to_100(1, low=2, high=2)


def test_rate_customer_weighted_mean():
    r = rate_customer({"five_c": 80, "ahp": 70, "altman": 40}, weights={"five_c": 0.5, "ahp": 0.3, "altman": 0.2})
    assert r.score == pytest.approx(0.5 * 80 + 0.3 * 70 + 0.2 * 40)  # 69
    assert r.grade == "C"
    assert r.table["contribution"].sum() == pytest.approx(r.score)
    assert r.table.loc["five_c", "grade"] == "B"


def test_rate_customer_skips_nan_scores():
    r = rate_customer({"a": 90, "b": np.nan})
    assert r.score == 90 and r.table.loc["b", "weight"] == 0


def test_rate_customer_score_out_of_range_is_an_error():
    with pytest.raises(EvaluationError, match="0–100"):
        rate_customer({"a": 120})


def test_rate_customer_unknown_weight_is_an_error():
    with pytest.raises(EvaluationError, match="without a score"):
        rate_customer({"a": 50}, weights={"b": 1})


def test_rate_customer_negative_weight_is_an_error():
    with pytest.raises(EvaluationError):
        rate_customer({"a": 50, "b": 60}, weights={"a": -1, "b": 1})


def test_rate_customer_empty_is_an_error():
    with pytest.raises(EvaluationError):
        rate_customer({})


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(list("abcde")), st.floats(0, 100), min_size=1))
def test_combined_score_lies_between_tool_scores(scores):
    r = rate_customer(scores)
    assert min(scores.values()) - 1e-9 <= r.score <= max(scores.values()) + 1e-9
    assert r.grade in RATING_SCALES["A-E"].grades


def test_policy_names_live_in_creditkit_policy_only():
    for name in ("LimitPolicy", "DEFAULT_LIMIT_POLICY", "credit_limit_methods", "payment_terms",
                 "check_credit_limit", "evaluate_customer", "CustomerEvaluation"):
        assert not hasattr(ev, name), name
