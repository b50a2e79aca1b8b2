"""Evaluation notebooks (01, 02, 04–08) run as reports with non-default parameters.

Each test runs one notebook through papermill and checks the numbers it
recorded against the package functions on the same inputs.
"""

from __future__ import annotations

import pandas as pd
import pytest

import creditkit as ck
from creditkit import evaluation as ev

pytestmark = pytest.mark.notebook


def test_five_c_five_w_for_the_risky_customer_in_english(run_nb):
    rep = run_nb("01_five_c_five_w", customer_id="C002", scale="AAA-C", lang="en")
    r = rep.records
    customer = ck.cases.load_sample_customer("C002")
    expected = ev.five_c_score(customer.five_c, scale="AAA-C")
    assert r["hand_score"] == pytest.approx(80.125) and r["toy_score"] == pytest.approx(80.125)
    assert r["five_c_score"] == pytest.approx(expected.score)
    assert r["five_c_grade"] == expected.grade
    assert r["dimension_scores"] == pytest.approx(expected.dimension_scores.round(4).to_dict())
    assert r["top_reason"] == expected.reasons.index[0]
    check = ev.five_w_check(customer.five_w)
    assert (r["five_w_missing"], r["five_w_risky"], r["five_w_complete"]) == (check.n_missing, check.n_risky, False)
    assert r["slider_score"] == pytest.approx(
        ev.five_c_from_dimensions(expected.dimension_scores.round(0).to_dict())[0]
    )


def test_expert_ahp_with_stricter_thresholds(run_nb):
    rep = run_nb("02_expert_ahp", customer_id="C002", cr_threshold=0.01, trim=0.4, cv_threshold=0.05, lang="en")
    r = rep.records
    customer = ck.cases.load_sample_customer("C002")
    ahp = ev.ahp_weights(customer.ahp_matrix, threshold=0.01)
    assert r["toy_weights"] == pytest.approx([0.5714, 0.2857, 0.1429])
    assert r["ahp_cr"] == pytest.approx(ahp.cr)
    assert r["ahp_consistent"] is False  # CR 0.0117 fails the stricter 0.01 threshold
    assert r["ahp_weights"] == pytest.approx(ahp.weights.round(4).to_dict())
    assert r["cycle_consistent"] is False and r["cycle_cr"] > 1
    trimmed = ev.aggregate_ratings(customer.expert_ratings, criterion_weights=ahp.weights, method="trimmed", trim=0.4)
    assert r["expert_trimmed_score"] == pytest.approx(trimmed.score)
    assert r["kendall_w"] == pytest.approx(ev.kendall_w(customer.expert_ratings).w)
    rounds, _ = ev.delphi_rounds(customer.expert_ratings, cv_threshold=0.05)
    assert r["delphi_rounds"] == len(rounds) and r["delphi_agreed"] is True
    assert r["live_cr"] == pytest.approx(ahp.cr)


def test_financial_ratios_against_another_industry(run_nb):
    rep = run_nb("03_financial_ratios", customer_id="C002", industry="construction", lang="en")
    r = rep.records
    customer = ck.cases.load_sample_customer("C002")
    ratios = ev.financial_ratios(customer.statement)
    assert r["hand_current_ratio"] == pytest.approx(6_300_000 / 6_400_000)
    assert r["current_ratio"] == pytest.approx(r["hand_current_ratio"])
    assert r["ratios_latest"] == pytest.approx(ratios[2024].round(6).to_dict())
    comparison = ev.industry_comparison(ratios, "construction")
    assert r["lights"] == comparison["light"].value_counts().to_dict()
    assert r["ratio_score"] == pytest.approx(ev.ratio_score(comparison))
    assert r["n_worsening"] == int((ev.ratio_trend(ratios)["trend"] == "worsening").sum())


def test_altman_on_polish_year5_with_original_z(run_nb):
    rep = run_nb("04_altman_z", polish_year=5, variant="z", lang="en")
    r = rep.records
    assert r["hand_z"] == pytest.approx(2.995) and r["firm_z"] == pytest.approx(2.995)
    assert r["firm_zones"] == {"z": "safe", "z_prime": "grey", "z_double_prime": "safe", "z_double_prime_em": "safe"}
    data = ck.datasets.load_polish(5)
    ratios = ev.polish_altman_ratios(data)
    separation = ev.altman_separation(ratios, data["bankrupt"])
    assert r["auc"] == pytest.approx(separation["auc"].to_dict(), abs=1e-6)
    assert r["auc"]["z_double_prime"] == pytest.approx(r["auc"]["z_double_prime_em"])
    result = ev.altman_z_from_ratios(*(ratios[c] for c in ["x1", "x2", "x3", "x4", "x5"]), variant="z")
    confusion = ev.zone_confusion(result, data["bankrupt"])
    assert r["confusion"]["bankrupt"] == confusion["bankrupt"].to_dict()
    assert sum(r["confusion"]["bankrupt"].values()) == int(data["bankrupt"].sum())


def test_decision_trees_with_other_depth_and_cost(run_nb):
    rep = run_nb("05_decision_trees", customer_id="C002", max_depth=4, cost_bad_accepted=3.0, seed=1, lang="en")
    r = rep.records
    assert r["hand_decision"] == r["tree_decision"] == "cash_only"
    assert r["tree_path"] == "history:no > guarantee:no"
    assert r["toy_cost"] == 13.0
    assert r["threshold"] == pytest.approx(0.25)
    from sklearn.model_selection import train_test_split

    X, y = ev.tree_features(ck.datasets.load_german())
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=1)
    expected = ev.compare_tree_policies(X_train, y_train, X_test, y_test, max_depth=4, min_samples_leaf=30,
                                        cost_bad_accepted=3.0, random_state=1)
    got = pd.DataFrame(r["policies"]).T
    pd.testing.assert_frame_equal(got[expected.columns].astype(float), expected.round(6).astype(float),
                                  check_names=False, check_index_type=False)
    assert r["n_train"] == 700 and r["n_rules"] >= 2


def test_rating_limits_on_aaa_scale_with_big_order(run_nb):
    rep = run_nb("06_rating_limits", customer_id="C001", scale="AAA-C", new_order_amount=500000.0, lang="en")
    r = rep.records
    assert (r["toy_score"], r["toy_grade"]) == (pytest.approx(69.0), "C")
    evaluation = ck.cases.evaluate_customer(ck.cases.load_sample_customer("C001"), scale="AAA-C")
    assert r["grade"] == evaluation.rating.grade and r["score"] == pytest.approx(evaluation.rating.score)
    assert r["terms_days"] == ck.policy.payment_terms(evaluation.rating.grade, scale="AAA-C")
    assert r["limits"] == pytest.approx(evaluation.limits["limit"].to_dict())
    assert r["recommended_limit"] == pytest.approx(evaluation.limits.attrs["recommended"])
    assert r["hand_net_worth_limit"] == r["limits"]["net_worth"]  # both rounded half-up to the cent
    # outstanding 260,000 + 120,000 + 150,000 + 110,000 + 500,000 against the limit
    exposure = 260_000 + pd.Series([120_000, 150_000, 110_000, 500_000]).cumsum()
    assert r["exceeds"] == (exposure > r["recommended_limit"]).tolist()


def test_summary_with_weights_for_the_risky_customer(run_nb):
    weights = {"five_c": 2.0, "expert_ahp": 1.0, "ratios": 1.0, "altman": 1.0, "rule_tree": 1.0}
    rep = run_nb("07_evaluation_summary", html=True, customer_id="C002", scale="AAA-C", tool_weights=weights, lang="en")
    r = rep.records
    evaluation = ck.cases.evaluate_customer(ck.cases.load_sample_customer("C002"), weights=weights, scale="AAA-C")
    assert r["score"] == pytest.approx(evaluation.rating.score)
    assert r["hand_score"] == pytest.approx(evaluation.rating.score)
    assert r["grade"] == evaluation.rating.grade
    assert r["tool_scores"] == pytest.approx(evaluation.rating.table["score"].round(6).to_dict())
    assert r["terms_days"] == 0 and r["recommended_limit"] == 0.0
    assert set(r["disagreeing_tools"]) == set(evaluation.agreement().index[~evaluation.agreement()["agrees"]])
    html = rep.html_path.read_text(encoding="utf-8")
    assert "One customer, all the tools" in html  # an English report carries the English title
    assert "Expert rule tree" in html  # English labels
    assert "evaluate_customer" not in html  # no code in the report


def test_summary_refuses_an_unknown_customer_as_a_bad_parameter(tmp_path):
    from creditkit.errors import ParameterError
    from creditkit.reports import run_notebook

    with pytest.raises(ParameterError, match="customer_id"):
        run_notebook("07_evaluation_summary", {"customer_id": "C999"}, out_dir=tmp_path)
