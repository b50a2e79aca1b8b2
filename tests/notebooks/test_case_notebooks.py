"""The case notebooks run as reports with other seeds, sizes and languages, and say what the package computes."""

from __future__ import annotations

import math
import re

import pytest

from creditkit.cases import load_case
from creditkit.cases.story import case_facts, case_sentences
from creditkit.money import format_cents

pytestmark = pytest.mark.notebook

# text that must never reach a report: code, tracebacks, raw reprs
FORBIDDEN = ("Traceback", "Error:", "load_case(", "import creditkit", "ck.reports", "dtype:", "object at 0x",
             "Timestamp(", "<pandas.", "DataFrame(", "np.float64", "np.int64", "NaN")


def _visible_text(html: str) -> str:
    body = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _check_report(rep, case, lang, **params):
    rec = rep.records
    world = load_case(case, **params)
    facts = case_facts(world, **{k: v for k, v in rec["options"].items()})
    assert rec["facts"] == _plain(facts.record())
    text = case_sentences(facts, lang)
    assert rec["sentences"] == text
    html = rep.html_path.read_text(encoding="utf-8")
    visible = _visible_text(html)
    for bad in FORBIDDEN:
        assert bad not in visible, bad
    # the figures the narrative states appear in the report as the package computed them
    for cents in (facts.open_cents, facts.overdue_cents, facts.provision_cents, facts.cost.sales_to_recover_cents,
                  facts.cost.carrying_cost_cents):
        assert format_cents(cents) in visible
    assert f"{facts.overdue_share:.1%}" in visible
    assert html.count('<div class="jp-RenderedImage') >= 1
    return rec, facts, visible


def _plain(v):
    """A value as it reads back from a record: plain types, NaN as None."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


@pytest.mark.parametrize("params, lang", [
    (dict(seed=7, n_customers=25, as_of="2025-03-31", months=18, bad_share=0.4), "en"),
    (dict(seed=2024, n_customers=60, as_of="2024-12-31", months=24, bad_share=0.25), "zh"),
])
def test_jidian_case_report(run_nb, params, lang):
    rep = run_nb("40_case_jidian", html=True, lang=lang, margin=0.08, cost_of_capital=0.05, **params)
    rec, facts, visible = _check_report(rep, "jidian", lang, **params)
    assert rec["options"] == {"margin": 0.08, "cost_of_capital": 0.05}
    assert facts.n_customers == params["n_customers"]
    assert f"{facts.as_of:%Y-%m-%d}" == params["as_of"]
    # the hand-worked ratio is the first key customer's latest current ratio
    st = load_case("jidian", **params).statement(facts.key_customers["customer_id"].iloc[0])
    assert rec["hand_current_ratio"] == pytest.approx(st.loc["流动资产合计"].iloc[-1] / st.loc["流动负债合计"].iloc[-1])
    assert ("Danger signals" in visible) and (("亮灯" in visible) if lang == "zh" else ("flagged" in visible))
    assert facts.key_customers["customer_name"].iloc[0] in visible


@pytest.mark.parametrize("params, lang", [
    (dict(seed=5, n_customers=10, as_of="2025-03-31", months=18, bad_share=0.3), "en"),
    (dict(seed=41, n_customers=16, as_of="2024-12-31", months=24, bad_share=0.25), "zh"),
])
def test_manufacturing_case_report(run_nb, params, lang):
    from creditkit.cases.portfolio import concentration, evaluate_portfolio
    from creditkit.cases.story import manufacturing_sentences

    rep = run_nb("41_case_manufacturing", html=True, lang=lang, margin=0.1, cost_of_capital=0.07, **params)
    rec, facts, visible = _check_report(rep, "manufacturing", lang, **params)
    world = load_case("manufacturing", **params)
    ratings = evaluate_portfolio(world, facts.features)
    share = concentration(facts.features, top=3)
    assert rec["concentration"] == pytest.approx(share)
    assert rec["manufacturing"] == manufacturing_sentences(facts, ratings, share, top=3, lang=lang)
    assert f"{share:.1%}" in visible
    assert rec["z_by_hand"] == pytest.approx(ratings["altman_z"].iloc[0], abs=0.006)
    assert format_cents(int(ratings["granted_limit_cents"].sum())) in visible
    for name in world.customers["customer_name"]:
        assert name in visible  # every customer has its line in the rating table


@pytest.mark.parametrize("params, lang", [
    (dict(seed=9, n_customers=150, as_of="2025-03-31", months=15, bad_share=0.25), "en"),
])
def test_retail_case_report(run_nb, params, lang):
    from creditkit.cases.portfolio import score_customers
    from creditkit.cases.story import retail_sentences

    rep = run_nb("42_case_retail", html=True, lang=lang, margin=0.04, cost_of_capital=0.06, **params)
    rec, facts, visible = _check_report(rep, "retail", lang, **params)
    scoring = score_customers(load_case("retail", **params), horizon_months=6)
    assert rec["auc"] == pytest.approx(scoring.auc)
    assert rec["retail"] == retail_sentences(scoring, lang)
    assert rec["auc_vs_answer"] > 0.7  # the score learned from the ledger finds the hidden bad types
    assert f"{scoring.auc:.2f}" in visible
    assert rec["bands"]["data"][-1][1] == int(scoring.bands["customers"].iloc[-1])
