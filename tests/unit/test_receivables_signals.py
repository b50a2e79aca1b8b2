"""Risk signals: features as of a date, levels, watch list, history and credit-hold advice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from creditkit.cases import sample_ledger
from creditkit.receivables import load_ledger
from creditkit.receivables.features import FEATURE_KINDS, signal_features
from creditkit.receivables.settlement import settlement_dates
from creditkit.receivables.signals import credit_hold_advice, risk_signals, signal_history

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"


def _toy():
    return pd.DataFrame({
        "customer_id": ["A"] * 4 + ["B"] * 2, "customer_name": ["甲"] * 4 + ["乙"] * 2,
        "doc_type": ["invoice", "invoice", "receipt", "receipt", "invoice", "receipt"],
        "doc_no": ["I1", "I2", "R1", "R2", "I3", "R3"],
        "doc_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-02-10", "2025-04-01", "2025-03-01", "2025-03-20"]),
        "due_date": pd.to_datetime(["2025-01-31", "2025-03-03", None, None, "2025-03-31", None]),
        "amount_cents": [10000, 5000, -12000, -3000, 8000, -8000], "ref_doc_no": [None, None, "I2", None, None, "I3"]})


def test_settlement_by_reference_then_oldest_first():
    s = settlement_dates(_toy()).set_index("doc_no")
    # R1 12,000 → I2 5,000 (settled 02-10), 7,000 to the pool → I1 (7,000 of 10,000); R2 3,000 closes I1 on 04-01
    assert s.loc["I2", "settled_date"] == pd.Timestamp("2025-02-10")
    assert s.loc["I1", "settled_date"] == pd.Timestamp("2025-04-01") and s.loc["I1", "parts"] == 2
    assert s.loc["I3", "settled_date"] == pd.Timestamp("2025-03-20")
    assert s["open_cents"].sum() == 0


@pytest.mark.parametrize("seed", [2025, 3])
def test_settlement_is_causal(seed):
    t = sample_ledger(seed)
    full = settlement_dates(t)
    for d in ("2024-09-30", "2025-01-15", "2025-05-31"):
        cut = settlement_dates(t, as_of=d).set_index("doc_no")["settled_date"]
        later = full.set_index("doc_no").loc[cut.index, "settled_date"]
        same = (cut == later) | (cut.isna() & (later.isna() | (later > pd.Timestamp(d))))
        assert same.all()


def test_settlement_open_amounts_agree_with_aging():
    from creditkit.receivables import open_items

    t = sample_ledger(2025)
    s = settlement_dates(t, as_of="2025-06-30").set_index("doc_no")["open_cents"]
    oi = open_items(t, as_of="2025-06-30").items.set_index("doc_no")["open_cents"]
    assert int(s.sum()) == int(oi.sum())


def test_features_of_the_messy_gbk_export_by_hand():
    f = signal_features(load_ledger(FIX / "messy_gbk.csv"), as_of="2025-06-30")
    c1 = f.loc["C001"]
    # open XS-0001 5,300.00 148 days past due and XS-0002 5,650.00 77 days past due
    assert c1["max_days_overdue"] == 148 and c1["overdue_cents"] == 1_095_000
    assert c1["dbt"] == pytest.approx((5300 * 148 + 5650 * 77) / 10950)
    # as of 2025-03-30: XS-0001 5,300.00 56 days past due, XS-0002 not due
    assert c1["dbt_change"] == pytest.approx((5300 * 148 + 5650 * 77) / 10950 - 5300 * 56 / 10950)
    assert c1["days_since_last_payment"] == 140  # SK-0001 on 2025-02-10
    assert c1["share_overdue"] == 1.0
    assert f.loc["C002", "unapplied_cents"] == 500_000 and f.loc["C004", "balance_cents"] == -250_000
    assert f.loc["C001", "concentration"] == pytest.approx(10950 / 17950)


def test_zeng_history_features_by_hand():
    f = signal_features(_toy(), as_of="2025-04-30")
    a, b = f.loc["A"], f.loc["B"]
    # A: I2 paid 02-10 (due 03-03, early), I1 paid 04-01 (due 01-31, 60 days late)
    assert (a["n_paid"], a["n_paid_late"], a["ratio_paid_late"], a["avg_days_late"]) == (2, 1, 0.5, 60)
    assert a["ratio_amount_paid_late"] == pytest.approx(10000 / 15000)
    assert a["partial_share"] == pytest.approx(0.5)  # I1 paid in two parts
    assert (b["n_paid"], b["n_paid_late"], b["avg_days_late"]) == (1, 0, 0)
    assert np.isnan(a["ratio_outstanding_late"]) and a["n_outstanding"] == 0


def test_later_documents_change_nothing_as_of_a_date():
    t = sample_ledger(11, as_of="2025-06-30")
    as_of = "2025-03-31"
    before = signal_features(t[t["doc_date"] <= as_of], as_of=as_of)
    # documents after as_of: the full ledger, plus a receipt paying everything and a new invoice
    extra = pd.DataFrame({"customer_id": ["KH0001", "KH0002"], "customer_name": t["customer_name"].iloc[:2].tolist(),
                          "doc_type": ["receipt", "invoice"], "doc_no": ["LATE-R", "LATE-I"],
                          "doc_date": pd.to_datetime(["2025-04-01", "2025-04-02"]),
                          "due_date": pd.to_datetime([None, "2025-05-02"]),
                          "amount_cents": [-10**10, 123_400]})
    after = signal_features(pd.concat([t, extra], ignore_index=True), as_of=as_of)
    pd.testing.assert_frame_equal(before, after)
    assert risk_signals(t, as_of=as_of).table.equals(risk_signals(pd.concat([t, extra]), as_of=as_of).table)


def test_every_feature_is_a_float_column_in_catalogue_order():
    f = signal_features(sample_ledger(1, n_customers=8), as_of="2025-06-30")
    assert f.columns.tolist() == ["customer_name", "sales_rep"] + list(FEATURE_KINDS)
    assert all(f[c].dtype == "float64" for c in FEATURE_KINDS)


@pytest.mark.parametrize("seed", [2025, 1, 7])
def test_bad_and_slow_customers_come_out_amber_or_red_far_more_than_good_ones(seed):
    t, prof = sample_ledger(seed, profiles=True)
    res = risk_signals(t, as_of="2025-06-30")
    m = res.table.merge(prof[["customer_id", "profile"]], on="customer_id")
    flagged = m["level"].isin(["amber", "red"])
    bad = m["profile"].isin(["slow", "chronic", "distressed"])
    assert flagged[bad].mean() >= 0.8
    assert flagged[~bad].mean() <= 0.2
    worst = m["profile"].isin(["chronic", "distressed"])
    assert (m.loc[worst, "level"] == "red").mean() >= 0.75
    assert (m.loc[~bad, "level"] == "red").sum() == 0


def test_watch_list_is_ordered_by_risk_times_exposure_with_evidence():
    res = risk_signals(sample_ledger(2025), as_of="2025-06-30")
    pr = res.table["priority"].to_numpy()
    assert (np.diff(pr) <= 0).all()
    assert (res.table["priority"] == res.table["score"] * res.table["exposure_cents"] / 100).all()
    w = res.watch_list("zh")
    assert set(w["level"]) <= {"red", "amber"} and (w["signals"] != "").all()
    assert w["signals"].str.contains(r"（[^）]*\d[^）]*）").all()  # every signal with its numbers
    top = res.flags[res.flags["customer_id"] == w["customer_id"].iloc[0]]
    assert top["rule_id"].isin(["overdue_over_90", "dbt_severe"]).any()
    shown = res.display_table("en")
    assert "Level" in shown.columns and shown["Exposure"].str.contains(",").any()


def test_level_is_the_worst_colour_raised_by_the_score():
    rules = """
score_levels: {amber: 3, red: 5}
rules:
  - {id: a, when: dbt > 0, severity: 3, colour: amber, reason: {zh: 甲, en: a}}
  - {id: b, when: max_days_overdue > 0, severity: 2, colour: amber, reason: {zh: 乙, en: b}}
  - {id: c, when: unapplied_cents > 0, severity: 1, colour: red, reason: {zh: 丙, en: c}}
"""
    res = risk_signals(load_ledger(FIX / "messy_gbk.csv"), as_of="2025-06-30", rules=rules)
    lv = res.table.set_index("customer_id")
    assert lv.loc["C001", "score"] == 5 and lv.loc["C001", "level"] == "red"  # 3 + 2 reaches red
    assert lv.loc["C002", "score"] == 1 and lv.loc["C002", "level"] == "red"  # a red rule
    assert res.level_counts().to_dict() == {"green": 0, "amber": 0, "red": 4}


def test_promises_qualitative_and_financial_facts_feed_the_rules():
    t = load_ledger(FIX / "messy_gbk.csv")
    promises = pd.DataFrame({"customer_id": ["C002"] * 3 + ["C004"], "promise_date": ["2025-04-01", "2025-05-01",
                             "2025-06-01", "2025-06-01"], "amount_cents": [100, 100, 100, 100],
                             "status": ["broken", "broken", "kept", "pending"]})
    qual = pd.DataFrame({"customer_id": ["C004"], "legal_dispute": [1]})
    fin = pd.DataFrame({"customer_id": ["C002", "C002"], "date": ["2023-12-31", "2024-12-31"],
                        "current_ratio": [1.3, 0.9], "altman_zone": ["grey", "distress"]})
    res = risk_signals(t, as_of="2025-06-30", promises=promises, qualitative=qual, financials=fin)
    f = res.features
    assert f.loc["C002", "promise_keep_rate"] == pytest.approx(1 / 3) and f.loc["C002", "promises_broken"] == 2
    assert np.isnan(f.loc["C004", "promise_keep_rate"])  # only a pending promise
    assert f.loc["C002", "current_ratio_change"] == pytest.approx(-0.4)
    fired = res.flags.groupby("customer_id")["rule_id"].apply(set)
    assert {"broken_promises", "altman_distress", "altman_zone_down", "liquidity_falling"} <= fired["C002"]
    assert "legal_dispute" in fired["C004"] and f.loc["C001", "legal_dispute"] == 0
    ev = res.flags.set_index(["customer_id", "rule_id"])
    assert ev.loc[("C002", "broken_promises"), "evidence_zh"] == "未兑现承诺 2 次，承诺兑现率 33.3%"


@pytest.mark.parametrize("arg, value, match", [
    ("qualitative", pd.DataFrame({"customer_id": ["C1"], "lawsuit": [1]}), "unknown column.*'lawsuit'"),
    ("financials", pd.DataFrame({"customer_id": ["C1"], "date": ["2024-12-31"], "roe": [1]}), "unknown column.*'roe'"),
    ("promises", pd.DataFrame({"customer_id": ["C1"], "promise_date": ["2025-01-01"], "status": ["late"]}),
     "status must be pending, kept or broken"),
    ("promises", pd.DataFrame({"customer_id": ["C1"]}), "lacks the column"),
    ("limits", [1, 2], "limits must be a DataFrame or a Series"),
])
def test_bad_given_tables_are_refused(arg, value, match):
    with pytest.raises((ValueError, TypeError), match=match):
        signal_features(load_ledger(FIX / "messy_gbk.csv"), as_of="2025-06-30", **{arg: value})


def test_limits_give_limit_use_and_a_red_over_limit():
    lim = pd.Series({"C001": 1_000_000, "C003": 2_000_000})
    res = risk_signals(load_ledger(FIX / "messy_gbk.csv"), as_of="2025-06-30", limits=lim)
    assert res.features.loc["C001", "limit_use"] == pytest.approx(1.095)
    assert res.features.loc["C003", "limit_use"] == pytest.approx(0.35)
    assert "over_limit" in set(res.flags.loc[res.flags["customer_id"] == "C001", "rule_id"])


def test_signal_history_follows_a_customer_month_by_month():
    t = sample_ledger(2025)
    h = signal_history(t, start="2025-01-01", end="2025-06-30")
    assert list(h["month_end"].drop_duplicates().dt.strftime("%Y-%m-%d")) == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"]
    last = h[h["month_end"] == "2025-06-30"].set_index("customer_id")["level"]
    now = risk_signals(t, as_of="2025-06-30").table.set_index("customer_id")["level"]
    assert last.sort_index().equals(now.sort_index())
    with pytest.raises(ValueError, match="before start"):
        signal_history(t, start="2025-06-30", end="2025-01-01")


def test_credit_hold_names_amount_and_age_and_exempts_prepaid_orders():
    t = load_ledger(FIX / "messy_gbk.csv")
    a = credit_hold_advice(t, as_of="2025-06-30").set_index("customer_id")
    assert a.loc["C001", "hold"] and a.loc["C001", "trigger_overdue_cents"] == 1_095_000
    assert a.loc["C001", "trigger_days"] == 148
    assert a.loc["C001", "reason_zh"] == "逾期 10,950.00 元，最长逾期 148 天（宽限 30 天）"
    assert a.loc["C003", "reason_en"] == "7,000.00 overdue, oldest 235 days past due (grace 30 days)"
    assert not a.loc["C002", "hold"] and not a.loc["C004", "hold"]
    # a 200-day grace releases C001 (148 days) but not C003 (235 days)
    b = credit_hold_advice(t, as_of="2025-06-30", grace_days=200).set_index("customer_id")
    assert not b.loc["C001", "hold"] and b.loc["C003", "hold"] and b.loc["C003", "trigger_overdue_cents"] == 700_000
    orders = pd.DataFrame({"order_no": ["SO1", "SO2", "SO3", "SO4"], "customer_id": ["C001", "C001", "C002", "C004"],
                           "amount_cents": [500_000, 500_000, 900_000, 100_000], "prepaid": [False, True, False, False]})
    lim = pd.Series({"C002": 300_000})
    o = credit_hold_advice(t, as_of="2025-06-30", orders=orders, limits=lim).set_index("order_no")
    assert o["decision"].to_dict() == {"SO1": "hold", "SO2": "exempt_prepaid", "SO3": "hold", "SO4": "release"}
    assert o.loc["SO3", "reason_zh"] == "欠款 4,000.00 元超过额度 3,000.00 元"  # −5,000.00 + 9,000.00 > 3,000.00


def test_credit_hold_follows_red_signals_and_checks_arguments():
    t = load_ledger(FIX / "messy_gbk.csv")
    res = risk_signals(t, as_of="2025-06-30")
    a = credit_hold_advice(t, as_of="2025-06-30", grace_days=365, signals=res).set_index("customer_id")
    assert a.loc["C001", "hold"] and a.loc["C001", "reason_en"] == "red risk level"
    with pytest.raises(ValueError, match="grace_days"):
        credit_hold_advice(t, as_of="2025-06-30", grace_days=-1)
    with pytest.raises(TypeError, match="orders must be a DataFrame"):
        credit_hold_advice(t, as_of="2025-06-30", orders=[1])
