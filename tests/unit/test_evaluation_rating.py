"""Rating, credit-limit methods, payment terms and the limit check (creditkit.evaluation.rating)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.errors import SchemaError
from creditkit.evaluation import (
    RATING_SCALES,
    EvaluationError,
    LimitPolicy,
    RatingScale,
    check_credit_limit,
    credit_grade,
    credit_limit_methods,
    payment_terms,
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


def test_payment_terms_by_grade():
    assert [payment_terms(g) for g in "ABCDE"] == [90, 60, 30, 0, 0]
    assert payment_terms("AAA") == 90 and payment_terms("CCC") == 0


def test_payment_terms_unknown_grade_is_an_error():
    with pytest.raises(ValueError, match="grade"):
        payment_terms("Z")


def test_payment_terms_type_error():
    with pytest.raises(TypeError):
        payment_terms(1)


def test_limit_methods_worked_numbers():
    t = credit_limit_methods("B", net_worth=2_000_000, working_capital=800_000,
                             expected_annual_purchases=1_460_000, base_limit=200_000)
    assert t.loc["net_worth", "limit"] == 300_000.0  # 15 %
    assert t.loc["working_capital", "limit"] == 160_000.0  # 20 %
    assert t.loc["expected_purchases", "limit"] == 300_000.0  # 1.46m * (60 + 15) / 365
    assert t.loc["rating_multiplier", "limit"] == 300_000.0  # 1.5x
    assert t.attrs["recommended"] == 160_000.0 and t.attrs["method"] == "working_capital"
    assert t.attrs["terms_days"] == 60


def test_limit_cash_grade_gives_zero_from_purchases():
    t = credit_limit_methods("D", expected_annual_purchases=1_000_000)
    assert t.loc["expected_purchases", "limit"] == 0.0


def test_limit_negative_working_capital_gives_zero():
    assert credit_limit_methods("A", working_capital=-5_000).loc["working_capital", "limit"] == 0.0


def test_limit_rounds_half_up_to_cents():
    t = credit_limit_methods("C", net_worth=100.05)  # 10 % = 10.005 -> 10.01
    assert t.loc["net_worth", "limit"] == 10.01


def test_limit_custom_policy():
    pol = LimitPolicy(net_worth_share={"ok": 0.5}, working_capital_share={"ok": 0.5}, terms_days={"ok": 30},
                      multiplier={"ok": 1.0})
    assert credit_limit_methods("ok", net_worth=100, policy=pol).loc["net_worth", "limit"] == 50


def test_limit_without_basis_is_an_error():
    with pytest.raises(ValueError, match="at least one basis"):
        credit_limit_methods("A")


def test_limit_negative_purchases_is_an_error():
    with pytest.raises(ValueError, match="expected_annual_purchases"):
        credit_limit_methods("A", expected_annual_purchases=-1)


def test_limit_text_basis_is_a_type_error():
    with pytest.raises(TypeError, match="net_worth"):
        credit_limit_methods("A", net_worth="1m")


def test_check_credit_limit_cumulative_exposure():
    orders = pd.DataFrame({"customer_id": ["c1", "c2", "c1", "c1"], "amount": [40.0, 90.0, 30.0, 20.0]})
    out = check_credit_limit(orders, {"c1": 100, "c2": 80}, outstanding={"c1": 20})
    assert out["exposure_after"].tolist() == [60.0, 90.0, 90.0, 110.0]
    assert out["exceeds_limit"].tolist() == [False, True, False, True]
    assert out["headroom"].tolist() == [40.0, -10.0, 10.0, -10.0]


def test_check_credit_limit_single_limit():
    out = check_credit_limit(pd.DataFrame({"customer_id": ["a", "b"], "amount": [5.0, 15.0]}), 10)
    assert out["exceeds_limit"].tolist() == [False, True]


def test_check_credit_limit_missing_limit_is_an_error():
    with pytest.raises(EvaluationError, match="c2"):
        check_credit_limit(pd.DataFrame({"customer_id": ["c2"], "amount": [1.0]}), {"c1": 10})


def test_check_credit_limit_missing_column_is_a_schema_error():
    with pytest.raises(SchemaError, match="amount"):
        check_credit_limit(pd.DataFrame({"customer_id": ["c1"]}), 10)


def test_check_credit_limit_negative_amount_is_an_error():
    with pytest.raises(EvaluationError):
        check_credit_limit(pd.DataFrame({"customer_id": ["c1"], "amount": [-1.0]}), 10)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=20), st.floats(0, 1e7))
def test_exposure_is_monotone_and_flags_match(amounts, limit):
    orders = pd.DataFrame({"customer_id": "c", "amount": amounts})
    out = check_credit_limit(orders, limit)
    assert (out["exposure_after"].diff().dropna() >= -1e-9 * max(1.0, out["exposure_after"].abs().max())).all()
    assert (out["exceeds_limit"] == (out["exposure_after"] > limit)).all()


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(list("abcde")), st.floats(0, 100), min_size=1))
def test_combined_score_lies_between_tool_scores(scores):
    r = rate_customer(scores)
    assert min(scores.values()) - 1e-9 <= r.score <= max(scores.values()) + 1e-9
    assert r.grade in RATING_SCALES["A-E"].grades


def test_scale_resolves_shared_grade_letters():
    assert payment_terms("A") == 90  # A-E scale first
    assert payment_terms("A", scale="AAA-C") == 60
    t = credit_limit_methods("A", net_worth=1_000_000, scale="AAA-C")
    assert t.loc["net_worth", "limit"] == 150_000.0
    with pytest.raises(ValueError, match="scale"):
        payment_terms("A", scale="1-10")
