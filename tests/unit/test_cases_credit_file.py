"""Case customers and their credit files: one customer through all the tools (creditkit.cases)."""

import pytest

import creditkit as ck
from creditkit import evaluation as ev
from creditkit.cases import CustomerEvaluation, evaluate_customer


def test_public_names_are_exported():
    for name in ck.cases.__all__:
        assert hasattr(ck.cases, name), name
    assert ck.cases.evaluate_customer is evaluate_customer


def test_sample_customers_load():
    assert ck.cases.sample_customer_ids() == ["C001", "C002"]
    c = ck.cases.load_sample_customer("C002")
    assert c.display_name("en").startswith("Nanfang")
    assert c.five_w["registration_no"] is None  # blank in the file = not answered
    assert c.ahp_matrix.loc["capacity", "character"] == pytest.approx(1 / 2)
    assert list(c.statement.columns) == [2023, 2024]


def test_unknown_sample_customer_is_an_error():
    with pytest.raises(ValueError, match="customer_id"):
        ck.cases.load_sample_customer("C999")


def test_evaluate_customer_ties_the_tools_together():
    c = ck.cases.load_sample_customer("C001")
    e = evaluate_customer(c)
    assert isinstance(e, CustomerEvaluation)
    t = e.rating.table
    assert t.loc["five_c", "score"] == pytest.approx(ev.five_c_score(c.five_c).score)
    assert t.loc["rule_tree", "score"] == ev.DECISION_SCORES[e.rule_tree.loc[0, "decision"]]
    assert t.loc["altman", "score"] == pytest.approx(ev.altman_to_100(e.altman.score))
    assert e.rating.score == pytest.approx(t["score"].mean())
    assert e.terms_days == ck.policy.payment_terms(e.rating.grade)
    assert e.limits.attrs["recommended"] == e.limits["limit"].min()
    agreement = e.agreement()
    assert (agreement["agrees"] == (agreement["grade"] == e.rating.grade)).all()


def test_evaluate_customer_risky_case_gets_cash_terms():
    e = evaluate_customer(ck.cases.load_sample_customer("C002"))
    assert e.rating.grade == "E" and e.terms_days == 0 and e.limits.attrs["recommended"] == 0


def test_evaluate_customer_type_error():
    with pytest.raises(TypeError):
        evaluate_customer({"customer_id": "C001"})


def test_evaluate_customer_limits_follow_the_policy_of_the_scale():
    c = ck.cases.load_sample_customer("C001")
    e = evaluate_customer(c, scale="AAA-C")
    assert e.limits.attrs["grade"] == e.rating.grade
    assert e.terms_days == ck.policy.payment_terms(e.rating.grade, scale="AAA-C")
    half = dict.fromkeys("ABCDE", 0.5)
    own = ck.policy.LimitPolicy(net_worth_share=half, working_capital_share=half,
                                terms_days=dict.fromkeys("ABCDE", 45), multiplier=dict.fromkeys("ABCDE", 1.0))
    assert evaluate_customer(c, policy=own).terms_days == 45
