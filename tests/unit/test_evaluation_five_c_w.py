"""5C questionnaire scoring and 5W checklist (creditkit.evaluation.five_c / five_w)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.evaluation import (
    FIVE_C,
    FIVE_W,
    EvaluationError,
    five_c_from_dimensions,
    five_c_score,
    five_w_check,
    load_five_w_checklist,
    load_questionnaire,
)

Q = load_questionnaire()


def answers_with(points_rank):
    """Answer every question with the option of the given rank (0 = worst, -1 = best)."""
    out = {}
    for qid in Q.questions.index:
        opts = Q.answers[Q.answers["question"] == qid].sort_values("points")
        out[qid] = opts["key"].iloc[points_rank]
    return out


def test_questionnaire_structure():
    assert tuple(Q.dimensions.index) == FIVE_C
    assert Q.dimensions["weight"].sum() == pytest.approx(1)
    assert Q.questions.groupby("dimension")["weight"].sum().tolist() == pytest.approx([1] * 5)
    assert Q.questions["overall_weight"].sum() == pytest.approx(1)


def test_best_and_worst_answers():
    best, worst = five_c_score(answers_with(-1)), five_c_score(answers_with(0))
    assert (best.score, best.grade) == (100.0, "A")
    # the worst answer to "dependence" still earns 1 of 4 points: 0.15 * 0.4 * 25 = 1.5
    assert (worst.score, worst.grade) == (pytest.approx(1.5), "E")
    assert len(worst.reasons) == 3


def test_worked_score_and_reasons():
    a = answers_with(-1)
    a["payment_history"] = "often_late"  # 1 of 4 points
    a["security"] = "none"  # 0 of 4 points
    r = five_c_score(a)
    # payment_history: overall weight 0.25*0.5 = 0.125, loses 75 -> 9.375
    # security: overall weight 0.15*0.7 = 0.105, loses 100 -> 10.5
    assert r.score == pytest.approx(100 - 9.375 - 10.5)
    assert r.grade == "B"
    assert r.reasons.index.tolist() == ["security", "payment_history"]
    assert r.reasons["points_lost"].tolist() == pytest.approx([10.5, 9.375])
    assert r.dimension_scores["character"] == pytest.approx(100 - 0.5 * 75)
    assert r.dimension_scores["collateral"] == pytest.approx(30)


def test_unanswered_question_is_an_error():
    a = answers_with(-1)
    del a["security"]
    with pytest.raises(EvaluationError, match="security"):
        five_c_score(a)


def test_answer_off_the_scale_is_an_error():
    a = answers_with(-1)
    a["security"] = "a handshake"
    with pytest.raises(EvaluationError, match="security"):
        five_c_score(a)


def test_unknown_question_is_an_error():
    a = answers_with(-1)
    a["favourite_colour"] = "red"
    with pytest.raises(EvaluationError, match="favourite_colour"):
        five_c_score(a)


def test_answers_type_error():
    with pytest.raises(TypeError):
        five_c_score(["always_on_time"])


def test_edited_questionnaire(tmp_path):
    p = tmp_path / "q.yaml"
    p.write_text(
        "dimensions:\n"
        "  character:\n    weight: 1\n    questions:\n"
        "      - id: pays\n        weight: 1\n        answers:\n"
        "          - {key: 'yes', points: 2}\n          - {key: 'no', points: 0}\n"
        "          - {key: partly, points: 1}\n",
        encoding="utf-8",
    )
    q = load_questionnaire(p)
    assert five_c_score({"pays": "partly"}, questionnaire=q).score == 50


def test_questionnaire_without_weight_is_an_error(tmp_path):
    p = tmp_path / "q.yaml"
    p.write_text("dimensions:\n  character:\n    weight: 0\n    questions: []\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="weight"):
        load_questionnaire(p)


def test_dimension_sliders():
    score, grade = five_c_from_dimensions(dict(zip(FIVE_C, [80, 70, 60, 40, 60])))
    assert score == pytest.approx(0.25 * 80 + 0.25 * 70 + 0.2 * 60 + 0.15 * 40 + 0.15 * 60)
    assert grade == "C"


def test_dimension_sliders_out_of_range_is_an_error():
    with pytest.raises(EvaluationError, match="0–100"):
        five_c_from_dimensions(dict(zip(FIVE_C, [180, 70, 60, 40, 60])))


def test_dimension_sliders_missing_dimension_is_an_error():
    with pytest.raises(EvaluationError, match="five Cs"):
        five_c_from_dimensions({"character": 50})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=len(Q.questions), max_size=len(Q.questions)))
def test_score_between_0_and_100(picks):
    a = {}
    for qid, pick in zip(Q.questions.index, picks):
        keys = Q.answers.loc[Q.answers["question"] == qid, "key"].tolist()
        a[qid] = keys[pick % len(keys)]
    r = five_c_score(a)
    assert 0 <= r.score <= 100
    assert r.score == pytest.approx(100 - r.table["points_lost"].sum())


# ---------------------------------------------------------------- 5W

GOOD_5W = {
    "legal_name": "华东机电有限公司", "registration_no": "91310000MA1FL0000X", "years_in_business": 8,
    "decision_maker_met": True, "product": "伺服电机", "order_amount": 250_000, "order_vs_usual": 1.1,
    "credit_reason": "industry_practice", "requested_days": 60, "payment_date_fixed": True,
    "payment_source": "operating_cash_flow", "payment_method": "bank_transfer",
}


def test_checklist_covers_all_five_ws():
    assert set(load_five_w_checklist()["w"]) == set(FIVE_W)


def test_clean_answers_pass():
    r = five_w_check(GOOD_5W)
    assert r.complete and r.n_risky == 0 and r.n_missing == 0 and r.flags.empty


def test_missing_and_risky_answers_are_flagged():
    a = {**GOOD_5W, "registration_no": "", "credit_reason": "refinancing_other_debt", "requested_days": 120,
         "payment_source": "unknown"}
    del a["product"]
    r = five_w_check(a, lang="en")
    assert set(r.flags.index) == {"registration_no", "product", "credit_reason", "requested_days", "payment_source"}
    assert r.n_missing == 2 and r.n_risky == 3 and not r.complete
    assert r.by_w.loc["how", "risky"] == 1
    assert "refinance" in r.table.loc["credit_reason", "note"]


def test_optional_item_may_be_blank():
    a = dict(GOOD_5W)
    del a["order_vs_usual"]
    assert five_w_check(a).complete


def test_invalid_choice_is_flagged_invalid():
    r = five_w_check({**GOOD_5W, "payment_method": "bitcoin"})
    assert r.table.loc["payment_method", "status"] == "invalid" and not r.complete


def test_text_for_a_number_is_invalid():
    assert five_w_check({**GOOD_5W, "years_in_business": "eight"}).table.loc["years_in_business", "status"] == "invalid"


def test_unknown_item_is_an_error():
    with pytest.raises(EvaluationError, match="shoe_size"):
        five_w_check({**GOOD_5W, "shoe_size": 42})


def test_bad_lang_is_an_error():
    with pytest.raises(ValueError, match="lang"):
        five_w_check(GOOD_5W, lang="fr")
