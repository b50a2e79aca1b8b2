"""The case notebooks run as reports with other seeds, sizes and languages, and say what the package computes."""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import pytest

from creditkit.cases import load_case
from creditkit.cases.story import case_facts, case_sentences
from creditkit.money import format_cents

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
pytestmark = pytest.mark.notebook

# text that must never reach a report: code, tracebacks, raw reprs
FORBIDDEN = ("Traceback", "Error:", "load_case(", "import creditkit", "ck.reports", "dtype:", "object at 0x",
             "Timestamp(", "<pandas.", "DataFrame(", "np.float64", "np.int64", "NaN")


def _visible_text(html: str) -> str:
    body = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def _check_report(rep, case, lang, *, trainer=False, **params):
    rec = rep.records
    world = load_case(case, **params)
    facts = case_facts(world, **{k: v for k, v in rec["options"].items()})
    assert rec["facts"] == _plain(facts.record())
    text = case_sentences(facts, lang)
    assert rec["sentences"] == text
    html = rep.html_path.read_text(encoding="utf-8")
    visible = _visible_text(html.replace("</header>", " ck-header-end </header>", 1))
    for bad in FORBIDDEN:
        assert bad not in visible, bad
    # the figures the narrative states appear in the report as the package computed them
    for cents in (facts.open_cents, facts.overdue_cents, facts.provision_cents, facts.cost.sales_to_recover_cents,
                  facts.cost.carrying_cost_cents):
        assert format_cents(cents) in visible
    assert f"{facts.overdue_share:.1%}" in visible
    assert html.count('<div class="jp-RenderedImage') >= 2
    _check_signals_and_plan(rec, world, facts, lang, visible, trainer)
    return rec, facts, visible


def _check_signals_and_plan(rec, world, facts, lang, visible, trainer):
    """The kit's signals, plan, provision and policy sections say what the package computes on the same world."""
    from creditkit.cases import early_warning
    from creditkit.cases.plan import case_plan, plan_sentences

    tl = early_warning.world_timeline(world)
    text = early_warning.timeline_sentences(tl, lang)
    assert rec["signal_text"] == text
    assert rec["signal_levels"] == {k: int(v) for k, v in tl.result.level_counts().items()}
    for key in ("levels", "when", "after_red"):
        assert text[key] in visible or _squash(text[key]) in _squash(visible), key
    assert rec["after_red_cents"] == [int(tl.table["invoiced_after_red_cents"].sum()),
                                      int(tl.table["open_after_red_cents"].sum())]
    first = tl.alerted().iloc[0]
    assert first["customer_name"] in visible and f"{first['first_alert']:%Y-%m}" in visible
    plan = case_plan(world, facts, lang=lang)
    ptext = plan_sentences(plan, lang)
    assert rec["plan_text"] == ptext and rec["plan_customers"] == len(plan.plan)
    for key in ("plan", "provision", "policy"):
        assert _squash(ptext[key]) in _squash(visible), key
    for cents in plan.provision.table["provision_cents"]:
        assert format_cents(int(cents)) in visible
    if len(plan.plan):
        assert plan.plan["customer_name"].iloc[0] in visible
    # the trainer's answers appear only in a trainer's report
    marks = ("培训师备注", "答案", "Trainer notes", "Against the answer key", "hidden type")
    if trainer:
        assert "recovery" in rec
        s = early_warning.recovery_scores(early_warning.answer_check(tl, world.answer_key))
        assert _squash(early_warning.answer_sentence(s, lang)) in _squash(visible)
    else:
        assert "recovery" not in rec
        body = visible.split("ck-header-end", 1)[-1].lower()  # the header's parameter help names the option
        assert not any(m.lower() in body for m in marks), [m for m in marks if m.lower() in body]


def _squash(text: str) -> str:
    """Text with HTML escapes undone and runs of white space made one space (as a page shows it)."""
    import html as _html

    return re.sub(r"\s+", " ", _html.unescape(text)).strip()


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

    rep = run_nb("42_case_retail", html=True, lang=lang, margin=0.04, cost_of_capital=0.06, trainer=True, **params)
    rec, facts, visible = _check_report(rep, "retail", lang, trainer=True, **params)
    scoring = score_customers(load_case("retail", **params), horizon_months=6)
    assert rec["auc"] == pytest.approx(scoring.auc)
    assert rec["retail"] == retail_sentences(scoring, lang)
    assert rec["auc_vs_answer"] > 0.7  # the score learned from the ledger finds the hidden bad types
    assert f"{scoring.auc:.2f}" in visible
    assert rec["bands"]["data"][-1][1] == int(scoring.bands["customers"].iloc[-1])


def test_jidian_trainer_report_shows_the_answer_key(run_nb):
    params = dict(seed=11, n_customers=30, as_of="2025-06-30", months=18, bad_share=0.35)
    rep = run_nb("40_case_jidian", html=True, lang="zh", trainer=True, **params)
    rec, facts, visible = _check_report(rep, "jidian", "zh", trainer=True, **params)
    assert "培训师备注" in visible and "客户类型（答案）" in visible
    assert rec["recovery"]["bad_recall"] >= 0.8  # the signals find the bad payers of this world too


@pytest.mark.parametrize("name, case, lang", [("40_case_jidian", "jidian", "en"),
                                              ("41_case_manufacturing", "manufacturing", "zh")])
def test_masked_case_report_names_no_real_customer(run_nb, tmp_path, name, case, lang):
    params = dict(seed=13, n_customers=12, as_of="2025-06-30", months=18, bad_share=0.3)
    rep = run_nb(name, html=True, lang=lang, mask=True, trainer=True, **params)
    world = load_case(case, **params)
    from output_scan import real_names_in

    found = real_names_in(tmp_path, world.customers["customer_id"], world.customers["customer_name"])
    assert found == {}, found
    # the same scan finds the pseudonyms: it can see what a report holds
    from creditkit.receivables.masking import pseudonyms

    codes = [c for c, _ in pseudonyms(world.customers["customer_id"], lang=lang).values()]
    assert rep.html_path.name in real_names_in(tmp_path, codes, [])
    visible = _visible_text(rep.html_path.read_text(encoding="utf-8"))
    assert ("客户 K" if lang == "zh" else "Customer K") in visible
    assert world.company in visible  # the selling company is not a customer: it keeps its name
