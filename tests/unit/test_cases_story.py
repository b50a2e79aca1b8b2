"""Case facts, sentences, tables and portfolio views: figures from the world, said the way the kit says them."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from creditkit.cases import load_case, payment_features
from creditkit.cases.portfolio import concentration, evaluate_portfolio, score_customers
from creditkit.cases.story import (COLLECTION_LADDER, case_facts, case_sentences, collection_actions,
                                   manufacturing_sentences, retail_sentences)
from creditkit.cases.tables import actions_table, case_table, cost_table, portfolio_table, timeline_table
from creditkit.money import format_cents
from creditkit.receivables import age_receivables, aging_schedule_provision

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small():
    w = load_case("jidian", seed=5, n_customers=20, months=18, as_of="2025-03-31")
    return w, case_facts(w, margin=0.1, cost_of_capital=0.05, top=5)


def test_facts_are_the_tools_figures(small):
    w, f = small
    r = age_receivables(w.ledger, as_of="2025-03-31")
    tot = r.totals()
    assert f.open_cents == int(tot["total"])
    assert f.overdue_cents == int(tot["total"] - tot["not_due"])
    assert f.over_90_cents == int(tot["91-180"] + tot["181-365"] + tot[">365"])
    assert f.provision_cents == aging_schedule_provision(r, [0.01, 0.03, 0.05, 0.10, 0.30, 0.50, 1.00]).total_cents
    # sales needed to earn the provision back at a 10% margin: provision × 10, to the cent
    assert f.cost.sales_to_recover_cents == f.provision_cents * 10
    assert f.n_invoices == int((w.ledger["doc_type"] == "invoice").sum())
    assert len(f.key_customers) == 5
    assert f.key_customers["open_cents"].is_monotonic_decreasing
    assert f.before == pd.Timestamp("2024-03-31")
    exposure = f.features["open_cents"] - w.customers.set_index("customer_id")["limit_cents"].reindex(f.features.index)
    assert f.over_limit == int((exposure > 0).sum())


def test_sentences_state_the_facts_in_both_languages(small):
    _, f = small
    zh, en = case_sentences(f, "zh"), case_sentences(f, "en")
    assert set(zh) == set(en) == {"overview", "nature", "loose_credit", "signals", "statements", "cost", "limits",
                                  "collection", "trainer"}
    for text, unit in ((zh["overview"], " 元"), (en["overview"], "CNY ")):
        assert (f"{format_cents(f.open_cents)} 元" if unit == " 元" else f"CNY {format_cents(f.open_cents)}") in text
        assert f"{f.overdue_share:.1%}" in text
    assert f"{format_cents(f.cost.sales_to_recover_cents)}" in zh["cost"] and "10.0%" in en["cost"]
    assert f.top_rep in zh["loose_credit"] and f.top_rep in en["loose_credit"]
    assert not re.search(r"[\u4e00-\u9fff]{3}", en["signals"])  # English text (names aside) is English
    with pytest.raises(ValueError, match="lang"):
        case_sentences(f, "fr")


def test_another_seed_tells_another_story():
    a = case_sentences(case_facts(load_case("jidian", seed=1, n_customers=15)), "en")["overview"]
    b = case_sentences(case_facts(load_case("jidian", seed=2, n_customers=15)), "en")["overview"]
    assert a != b


def test_collection_actions_follow_the_ladder():
    f = pd.DataFrame({"overdue_cents": [100, 200, 300, 400, 0], "max_days_overdue": [30.0, 31.0, 60.0, 91.0, 0.0]},
                     index=pd.Index(list("ABCDE"), name="customer_id"))
    a = collection_actions(f).set_index("customer_id")["action"].to_dict()
    assert a == {"A": "call_reminder", "B": "statement_and_letter", "C": "statement_and_letter", "D": "legal_action"}
    assert [x for _, x in COLLECTION_LADDER][2] == "stop_shipments_visit"


def test_case_table_formats_money_shares_and_labels():
    t = pd.DataFrame({"customer_id": ["A"], "overdue_cents": [100050], "overdue_share": [0.1234],
                      "hidden_type": ["deteriorating"], "not_due_cents": [5], "flags": [3.0]})
    out = case_table(t, "zh", shares=["overdue_share"], translate=["hidden_type"], days=["flags"])
    assert out.columns.tolist() == ["客户编码", "逾期金额", "逾期占比", "客户类型（答案）", "未到期", "亮灯月数"]
    assert out.iloc[0].tolist() == ["A", "1,000.50", "12.3%", "恶化型", "0.05", "3"]


def test_report_tables_have_labels_and_totals_that_add_up(small):
    w, f = small
    p = portfolio_table(w, f.features, "en")
    assert p["Customers"].astype(int).sum() == 20
    a = actions_table(f.actions, "en")
    assert a["Customers"].astype(int).sum() == len(f.actions)
    assert cost_table(f, "zh").iloc[0].tolist() == ["坏账准备", format_cents(f.provision_cents)]
    t = timeline_table(f.timeline, "en", answer=True)
    assert len(t) == f.flagged and "Hidden type (answer)" in t.columns


def test_manufacturing_views():
    w = load_case("manufacturing", seed=5, n_customers=10, months=18, as_of="2025-03-31")
    feats = payment_features(w.ledger, as_of=w.as_of)
    ratings = evaluate_portfolio(w, feats)
    assert len(ratings) == 10 and ratings["open_cents"].is_monotonic_decreasing
    share = concentration(feats, top=3)
    assert share == pytest.approx(feats["open_cents"].nlargest(3).sum() / feats["open_cents"].sum())
    s = manufacturing_sentences(case_facts(w), ratings, share, lang="en")
    assert f"{share:.1%}" in s["concentration"]
    assert format_cents(int(ratings["granted_limit_cents"].sum())) in s["limits"]
    assert f"{int((ratings['zone'] == 'grey').sum())} in the grey zone" in s["financials"]


def test_retail_score_ranks_the_bad_types_and_says_so():
    w = load_case("retail", seed=9, n_customers=150, months=15, as_of="2025-03-31")
    r = score_customers(w)
    assert r.auc > 0.75
    assert r.bands["flag_rate"].iloc[-1] > r.bands["flag_rate"].iloc[0]
    assert int(r.bands["customers"].sum()) == len(r.table)
    text = retail_sentences(r, "zh")["scoring"]
    assert f"{r.auc:.2f}" in text and f"{r.bands['flag_rate'].iloc[-1]:.1%}" in text
    with pytest.raises(ValueError, match="horizon_months"):
        score_customers(w, horizon_months=14)


def test_score_needs_both_outcomes():
    w = load_case("retail", seed=1, n_customers=20, months=12, bad_share=0.0, as_of="2025-06-30")
    with pytest.raises(ValueError, match="flagged"):
        score_customers(w, folds=5)


def test_readme_excerpt_is_what_the_demo_report_says():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    excerpt = text.split("<!-- case-excerpt:start -->")[1].split("<!-- case-excerpt:end -->")[0]
    quoted = [line[2:] for line in excerpt.strip().splitlines() if line.startswith("> ")]
    from creditkit.cases import early_warning
    from creditkit.cases.plan import case_plan, plan_sentences

    world = load_case("jidian")
    f = case_facts(world)
    said = set(case_sentences(f, "zh").values()) | set(case_sentences(f, "en").values())
    said |= set(early_warning.timeline_sentences(early_warning.world_timeline(world), "zh").values())
    said |= set(plan_sentences(case_plan(world, f, lang="zh"), "zh").values())
    assert quoted and all(q in said for q in quoted), [q for q in quoted if q not in said]
