"""A customer's credit file: hand-checked figures on a tiny ledger, and the same file from portfolio-wide inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from creditkit.cases import load_case
from creditkit.cases.customer_file import credit_file_sentences, customer_credit_file, ledger_customer_ids
from creditkit.receivables import collection as col
from creditkit.receivables import signals as sg


@pytest.fixture(scope="module")
def tiny():
    # A: 100,000.00 due 2025-03-31 (91 days overdue on 2025-06-30) and 50,000.00 not yet due;
    # B: 20,000.00 not yet due.
    return pd.DataFrame({"customer_id": ["A", "A", "B"], "customer_name": ["甲公司", "甲公司", "乙公司"],
                         "doc_type": ["invoice"] * 3, "doc_no": ["I1", "I2", "I3"],
                         "doc_date": pd.to_datetime(["2025-03-01", "2025-06-01", "2025-06-10"]),
                         "due_date": pd.to_datetime(["2025-03-31", "2025-07-01", "2025-07-10"]),
                         "amount_cents": [10_000_000, 5_000_000, 2_000_000]})


def test_a_late_payer_gets_grade_e_cash_terms_and_a_letter_for_the_overdue_invoice(tiny):
    cf = customer_credit_file(tiny, "A", as_of="2025-06-30", lang="en")
    # payment score = 100 − 100 × 100,000 / 150,000 − (100,000 ÷ (150,000 / 180 days)) / 2 = 100 − 66.7 − 60 → 0
    assert (cf.open_cents, cf.overdue_cents, cf.rating.score, cf.grade) == (15_000_000, 10_000_000, 0.0, "E")
    assert (cf.recommended_limit_cents, cf.terms_days, cf.evaluation) == (0, 0, None)
    assert cf.items["doc_no"].tolist() == ["I1", "I2"] and cf.items["age_days"].tolist() == [91, -1]
    assert cf.aging[["61-90", "91-180", "not_due", "total_cents"]].iloc[0].tolist() == [0, 10_000_000, 5_000_000,
                                                                                          15_000_000]
    assert cf.level == "red" and "overdue_over_90" in set(cf.signals["rule_id"])
    assert cf.letter is not None and cf.letter.context["cents"]["overdue"] == 10_000_000
    assert cf.plan is not None and bool(cf.plan["hold_orders"])
    text = credit_file_sentences(cf, "en")
    assert text["overview"] == ("甲公司 (A). As of 2025-06-30 the open balance is CNY 150,000.00, of which "
                                "CNY 100,000.00 (66.7%) is overdue; the oldest item is 91 days past due.")
    assert text["limit"].startswith("By the credit policy a grade-E customer gets a limit of CNY 0.00 and trades "
                                    "cash in advance (no terms).")
    assert "Debt more than 90 days past due (oldest item 91 days past due, 100,000.00 overdue)" in text["signals"]


def test_a_customer_with_nothing_overdue_gets_the_purchases_limit_and_no_letter(tiny):
    cf = customer_credit_file(tiny, "B", as_of="2025-06-30", lang="zh")
    # grade A: 90-day terms; limit = 20,000.00 × (90 + 15) / 365 = 5,753.42
    assert (cf.grade, cf.terms_days, cf.recommended_limit_cents) == ("A", 90, 575_342)
    assert cf.letter is None and cf.plan is None and cf.level == "green" and cf.signals.empty
    text = credit_file_sentences(cf, "zh")
    assert text["signals"] == "风险信号：绿灯，没有规则触发。"
    assert text["collection"] == "目前没有需要催收的款项。"
    assert "建议额度 5,753.42 元、账期 90 天" in text["limit"]


def test_unknown_customer_is_refused_naming_the_known_ones(tiny):
    with pytest.raises(ValueError, match="customer_id"):
        customer_credit_file(tiny, "Z", as_of="2025-06-30")
    assert ledger_customer_ids(tiny) == ["A", "B"]


def test_the_file_is_the_same_built_from_portfolio_wide_signals_and_plan():
    w = load_case("jidian", n_customers=10, months=12, start="2024-07-01")
    sig = sg.risk_signals(w.ledger, as_of=w.as_of)
    plan = col.collection_plan(w.ledger, as_of=w.as_of, lang="zh")
    for cid in w.customers["customer_id"]:
        a = customer_credit_file(w.ledger, cid, as_of=w.as_of, world=w)
        b = customer_credit_file(w.ledger, cid, as_of=w.as_of, world=w, signals=sig, plan=plan)
        assert a.record() == b.record()
        assert a.signals.equals(b.signals) and a.calendar.equals(b.calendar)
        assert (a.letter.html if a.letter else None) == (b.letter.html if b.letter else None)


def test_a_case_customer_file_carries_the_profile_and_what_was_granted():
    w = load_case("jidian", n_customers=8, months=12, start="2024-07-01")
    cf = customer_credit_file(w.ledger, "JD0001", as_of=w.as_of, world=w)
    cust = w.customer("JD0001")
    assert cf.granted_limit_cents == int(cust["limit_cents"]) and cf.granted_terms_days == int(cust["terms"])
    assert cf.profile["sales_rep"] == cust["sales_rep"] and list(cf.rating.table.index) == ["ratios", "altman",
                                                                                             "payment"]
    text = credit_file_sentences(cf, "zh")
    assert f"现有额度 {cust['limit_cents'] // 100:,}.{cust['limit_cents'] % 100:02d} 元" in text["limit"]
