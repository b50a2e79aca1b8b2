"""23_collection, 24_collection_interview and 30_credit_policy run as reports with non-default parameters."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditkit import policy
from creditkit.cases import sample_ledger
from creditkit.receivables import collection as col, interest as li, interview as iv, letters

pytestmark = pytest.mark.notebook

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"


def test_collection_notebook_for_one_rep_on_contract_interest(run_nb, tmp_path):
    t = sample_ledger(7, as_of="2025-03-31", n_customers=25)
    rep = sorted(t["sales_rep"].unique())[1]
    params = dict(seed=7, n_customers=25, as_of="2025-03-31", sales_rep=rep, basis="contract", contract_rate=0.09,
                  day_count=360, out_dir=str(tmp_path / "letters"), lang="en")
    rep_ = run_nb("23_collection", html=True, **params)
    rec = rep_.records
    plan = col.collection_plan(t, as_of="2025-03-31", sales_rep=rep, lang="en")
    assert rec["documents"] == len(t)
    assert rec["plan_customers"] == len(plan) and rec["plan_top"] == plan["customer_id"].head(5).tolist()
    assert rec["plan_recovery_cents"] == int(plan["expected_recovery_cents"].sum())
    assert rec["plan_overdue_cents"] == int(plan["overdue_cents"].sum())
    claim = li.late_interest(t, as_of="2025-03-31", basis="contract", rate=0.09, day_count=360,
                             customers=plan["customer_id"].tolist())
    assert rec["interest_total_cents"] == claim.total_cents and rec["interest_invoices"] == len(claim.invoices)
    assert rec["worked_interest_cents"] == 462_949 and rec["toy_type"] == ["willing_unable", 0.3]
    assert rec["toy_calendar"] == ["visit", "lawyer_letter"]
    top = plan.iloc[0]
    letter = letters.dunning_letter(t, top["customer_id"], as_of="2025-03-31", tone=top["tone"], lang="en")
    assert rec["letter"]["customer_id"] == top["customer_id"] and rec["letter"]["tone"] == top["tone"]
    assert rec["letter"]["overdue_cents"] == letter.context["cents"]["overdue"]
    assert any(name.endswith(".html") for name in rec["written"])
    assert all((tmp_path / "letters" / name).stat().st_size > 0 for name in rec["written"])
    assert set(rec["type_counts"]) == set(col.DEBTOR_TYPES)
    html = rep_.html_path.read_text(encoding="utf-8")
    assert "Collection plan" in html and "Statement of account" in html and top["customer_name"] in html
    import html as h

    page = h.unescape(html)
    assert "sample ledger of an electromechanical firm (seed 7, 25 customers)" in page and "as of 2025-03-31" in page
    assert col.plan_summary(plan, lang="en") in page
    assert claim.note("en") in page and "3.850%" in page and "5.775%" in page  # the worked case: rates as percentages
    # the letter is a framed document: its own page styles do not leak into the report
    assert 'class="ck-document ck-doc-' in html and "<body>" not in html.split("<main>", 1)[1]


def test_collection_notebook_on_a_messy_gbk_export(run_nb):
    rep_ = run_nb("23_collection", ledger_path=str(FIX / "messy_gbk.csv"), as_of="2025-06-30", lang="zh")
    rec = rep_.records
    from creditkit.receivables.ledger import load_ledger

    t = load_ledger(FIX / "messy_gbk.csv").table
    plan = col.collection_plan(t, as_of="2025-06-30")
    assert rec["plan_customers"] == len(plan) and rec["plan_recovery_cents"] == int(plan["expected_recovery_cents"].sum())
    assert rec["interest_total_cents"] == li.late_interest(t, as_of="2025-06-30",
                                                           customers=plan["customer_id"].tolist()).total_cents


def test_interview_notebook_deals_the_cards_of_one_type(run_nb, tmp_path):
    rep_ = run_nb("24_collection_interview", html=True, n_cards=5, seed=11, debtor_type="unwilling_unable",
                  out_dir=str(tmp_path / "out"), lang="en")
    rec = rep_.records
    cards = iv.roleplay_cards(5, seed=11, lang="en", debtor_types=["unwilling_unable"])
    assert rec["cards"] == cards[["debtor_type", "scenario", "excuse", "tactic"]].values.tolist()
    assert {c[0] for c in rec["cards"]} == {"Neither willing nor able"}
    assert rec["pmp_check"] == ["kept", "broken", "pending"]
    assert rec["sections"] == {"stages": 3, "six_words": 6, "pmp": 3, "lscp": 4, "tactics": 6, "excuses": 4,
                               "scenarios": 6, "goals": 5}
    assert rec["written"] == ["crib_sheet_en.html", "roleplay_cards_en.html"]
    assert "Collection interview crib sheet" in (tmp_path / "out" / "crib_sheet_en.html").read_text(encoding="utf-8")
    html = rep_.html_path.read_text(encoding="utf-8")
    assert "Checklists of the three stages" in html and "Evasion tactics" in html
    assert html.count('class="ck-document ck-doc-') == 2  # crib sheet and cards, framed


def test_policy_notebook_with_another_policy(run_nb):
    params = dict(discount=0.01, discount_days=10, net_days=45, sales_old=2_000_000.0,
                  sales_new=2_600_000.0, variable_cost_ratio=0.75, cost_of_capital=0.12, dso_old=35.0, dso_new=55.0,
                  bad_debt_old=0.01, bad_debt_new=0.025, insured_sales=5_000_000.0, premium_rate=0.004,
                  expected_loss_rate=0.006, lang="en")
    rep_ = run_nb("30_credit_policy", html=True, **params)
    rec = rep_.records
    c = policy.cost_of_forgoing_discount(0.01, 10, 45)
    # 1/99 × 365/35 = 10.53 %; (1 + 1/99)^(365/35) − 1 = 11.05 %
    assert rec["discount_cost"] == [policy.pct_text(c.simple), policy.pct_text(c.compound)] == ["10.53%", "11.05%"]
    change = dict(sales_old=2_000_000.0, sales_new=2_600_000.0, variable_cost_ratio=0.75, cost_of_capital=0.12,
                  dso_old=35.0, dso_new=55.0, bad_debt_old=0.01)
    assert rec["profit_change"] == policy.credit_policy_change(**change, bad_debt_new=0.025).profit_change
    assert rec["break_even_bad_debt"] == pytest.approx(float(policy.break_even_bad_debt_rate(**change).value))
    ins = policy.credit_insurance(5_000_000, premium_rate=0.004, expected_loss_rate=0.006,
                                  cost_of_capital=0.12)
    assert rec["insurance_net"] == ins.net_benefit
    assert rec["carrying_cost"] == policy.receivables_carrying_cost(2_600_000 * 0.75, 55, 0.12)
    assert rec["policy_rows"] == 20
    html = rep_.html_path.read_text(encoding="utf-8")
    assert "Credit policy calculators" in html and "jp-RenderedImage" in html
    import html as h

    page = h.unescape(html)
    assert c.sentence("en") in page and "Simple annual rate" in page
    assert policy.credit_policy_change(**change, bad_debt_new=0.025).sentence("en") in page
    assert ins.sentence("en") in page and "¥" in page and ">True<" not in html and ">False<" not in html
