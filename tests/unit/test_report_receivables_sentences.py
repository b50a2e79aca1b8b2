"""Sentences of the receivables and policy reports say what the kit computed, in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from creditkit.cases import sample_ledger
from creditkit.receivables import late_payment as lp, promises as pm, signals as sg
from creditkit.reports import display as show, sentences as st
from creditkit.reports.html import help_in


@pytest.fixture(scope="module")
def ledger():
    return sample_ledger(3, as_of="2025-06-30", n_customers=20)


def test_hold_sentence_counts_the_held_customers_and_their_trigger(ledger):
    hold = sg.credit_hold_advice(ledger, as_of="2025-06-30", grace_days=30)
    held = hold[hold["hold"]]
    assert len(held) > 0
    zh = st.hold_sentence(hold, "zh")
    assert f"{len(hold)} 家客户中有 {len(held)} 家" in zh
    assert show.cents(int(held["trigger_overdue_cents"].sum())) in zh
    en = st.hold_sentence(hold.assign(hold=False), "en")
    assert en == f"None of the {len(hold)} customers needs an order hold."


def test_profile_flags_sentence_says_when_the_rules_fail():
    f = pd.Series({"punctual": 0.6, "chronic": 0.4})
    assert "check the rules" in st.profile_flags_sentence(f, "en")
    assert "规则没有把它们分开" in st.profile_flags_sentence(f, "zh")
    assert "“按时付款型”客户中亮黄灯或红灯的占 60.0%" in st.profile_flags_sentence(f, "zh")


def test_late_payment_sentences_follow_the_history(ledger):
    history = lp.invoice_history(ledger, late_after=5)
    known = history["late"].dropna()
    en = st.late_history_sentence(history, "en", late_after=5)
    assert en.startswith(f"Of {len(history):,} invoices {len(known):,} have a known outcome; ")
    assert show.percent(known.mean()) in en and "more than 5 days" in en
    res = lp.fit_late_payment(history, late_after=5)
    open_now = lp.predict_open(res, ledger)
    likely = open_now[open_now["p_late"] >= 0.3]
    zh = st.open_invoices_sentence(open_now, "zh", threshold=0.3)
    assert f"{len(open_now):,} 张未付发票中，{len(likely):,} 张晚付概率不低于 30.0%" in zh
    assert show.cents(int(likely["amount_cents"].sum())) in zh


def test_promises_sentence_agrees_with_keep_rate():
    status = pd.DataFrame({"customer_id": ["A", "A", "B", "B", "B"],
                           "status": ["kept", "broken", "kept", "kept", "pending"],
                           "amount_cents": [100, 200, 300, 400, 500], "matched_cents": [100, 0, 300, 400, 0]})
    rates = pm.keep_rate(status)
    overall = rates["kept"].sum() / (rates["kept"].sum() + rates["broken"].sum())
    assert st.promises_sentence(status, "en") == (
        f"5 promises to pay: 3 kept, 1 broken, 1 pending; keep rate {show.percent(overall)}.")
    assert st.promises_sentence(status.assign(status="pending"), "zh").endswith("兑现率 —。")


def test_short_text_columns_stay_on_one_line():
    df = pd.DataFrame({"customer_name": ["甲公司"], "signals": ["很长的依据" * 10]})
    html = show.table(df, "zh").to_html()
    cell_css = html.split("</style>")[0]
    assert "white-space: nowrap" in cell_css
    assert show.table(df[["signals"]], "zh").to_html().count("nowrap") == 0  # long text wraps, at a width
    short_only = pd.DataFrame({"customer_name": ["甲公司"], "action_text": ["诉讼（法院，正式严肃）"]})
    # short words never break into a column of single characters, even in a wide table with nothing long
    assert show.table(short_only, "zh").to_html().count("white-space: nowrap") == 1


@pytest.mark.parametrize("text, zh, en", [
    ("折扣期（天）/ discount period, days", "折扣期（天）", "discount period, days"),
    ("评估基准日 / as-of date", "评估基准日", "as-of date"),
    ("路径 a/b / path a/b", "路径 a/b", "path a/b"),
    ("只有中文", "只有中文", "只有中文"),
])
def test_parameter_help_is_split_at_its_slash(text, zh, en):
    assert (help_in(text, "zh"), help_in(text, "en")) == (zh, en)


def test_a_letter_in_a_report_keeps_its_styles_to_itself(ledger):
    from creditkit.receivables import letters

    who = ledger.loc[ledger["doc_type"] == "invoice", "customer_id"].iloc[0]
    letter = letters.dunning_letter(ledger, who, as_of="2025-06-30", tone="firm", lang="zh")
    doc = show.document(letter.html, title="催款函")
    page = doc._repr_html_()
    assert "<html" not in page and "<head" not in page and "<body" not in page and "<script" not in page
    css = page.split("<style>", 1)[1].split("</style>", 1)[0]
    for line in css.splitlines():
        selectors = line.split("{", 1)[0]
        if selectors.strip().startswith("@"):
            continue
        assert all(s.strip().startswith(f".ck-document.{doc.scope}") for s in selectors.split(",")), line
    assert f".ck-document.{doc.scope} {{ font-family" in css  # the letter's body rule applies to its frame
    assert "@page" not in show.document("<style>@page { size: A4 } p { color: red }</style><p>x</p>").css
    assert repr(show.document("<p>a &amp; b</p><script>alert(1)</script>")) == "a & b"
    with pytest.raises(TypeError, match="page must be str"):
        show.document(None)
