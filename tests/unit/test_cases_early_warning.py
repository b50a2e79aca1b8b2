"""The kit's risk signals recover the generator's hidden payer types, and catch deterioration soon after the turn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from creditkit.cases import load_case, rank_auc
from creditkit.receivables.schema import DEBIT_TYPES
from creditkit.cases.early_warning import (LEVEL_AS_TYPE, answer_check, answer_sentence, recovery_scores,
                                           signal_timeline, timeline_sentences, world_timeline)

#: Months after its turn within which a deteriorating customer must be at red.
WITHIN = 6

WORLDS = [("jidian", 1, {}), ("jidian", 2, {}), ("jidian", 3, {}),
          ("retail", 1, dict(n_customers=120, months=18)), ("retail", 2, dict(n_customers=120, months=18))]


@pytest.fixture(scope="module")
def checks():
    out = {}
    for case, seed, kw in WORLDS:
        w = load_case(case, seed=seed, **kw)
        tl = world_timeline(w)
        c = answer_check(tl, w.answer_key)
        out[(case, seed)] = (w, tl, c.merge(tl.table[["customer_id", "score"]], on="customer_id", how="left"))
    return out


@pytest.mark.parametrize("case, seed", [(c, s) for c, s, _ in WORLDS])
def test_levels_recover_the_hidden_types(checks, case, seed):
    w, tl, c = checks[(case, seed)]
    s = recovery_scores(c, within_months=WITHIN)
    assert s["customers"] == len(w.customers)
    # nearly every deteriorating or defaulting customer is red on the as-of date
    assert s["bad_recall"] >= 0.8, s
    # few good customers are red, most are green
    assert s["good_red"] <= 0.25 and s["good_green"] >= 0.7, s
    # reading the level as a type beats guessing the commonest type
    assert s["accuracy"] >= s["chance"] + 0.08, s
    # the score ranks bads above goods far better than chance (0.5)
    assert rank_auc(c["score"].fillna(0), c["bad"]) >= 0.9


def test_jidian_levels_read_as_types_clearly(checks):
    pooled = pd.concat([c for (case, _), (_, _, c) in checks.items() if case == "jidian"])
    s = recovery_scores(pooled)
    assert s["accuracy"] >= 0.85 and s["chance"] < 0.6, s


def test_deterioration_is_caught_within_months_of_the_turn(checks):
    pooled = pd.concat([c for _, _, c in checks.values()])
    s = recovery_scores(pooled, within_months=WITHIN)
    assert s["deteriorating"] >= 30
    # at least 80% of the deteriorating customers are at red within WITHIN months of their turn
    assert s["caught"] / s["deteriorating"] >= 0.8, s
    assert s["median_lag"] <= 4, s
    det = pooled[pooled["hidden_type"] == "deteriorating"]
    assert (det["lag_months"].dropna() >= 0).all()  # counted from the turn month on


def test_answer_check_reads_levels_and_lags():
    # a customer turning in 2025-02 first at red at the end of 2025-04: two months
    hist = pd.DataFrame({"month_end": pd.to_datetime(["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30"] * 2),
                         "customer_id": ["A"] * 4 + ["B"] * 4, "customer_name": ["甲"] * 4 + ["乙"] * 4,
                         "level": ["red", "green", "amber", "red", "green", "green", "green", "green"],
                         "score": 0, "n_signals": 0, "exposure_cents": 0})
    from creditkit.cases.early_warning import SignalTimeline

    table = pd.DataFrame({"customer_id": ["A", "B"], "level": ["red", "green"],
                          "first_red": pd.to_datetime(["2025-01-31", None])})
    tl = SignalTimeline(None, hist, table, pd.Timestamp("2025-01-31"), pd.Timestamp("2025-04-30"))
    key = pd.DataFrame({"customer_id": ["A", "B"], "hidden_type": ["deteriorating", "good"], "turn_month": ["2025-02", ""]})
    c = answer_check(tl, key)
    a = c.set_index("customer_id").loc["A"]
    assert a["red_after_turn"] == pd.Timestamp("2025-04-30") and a["lag_months"] == 2.0
    assert np.isnan(c.set_index("customer_id").loc["B", "lag_months"])
    assert c["read_as"].tolist() == [LEVEL_AS_TYPE["red"], LEVEL_AS_TYPE["green"]]
    s = recovery_scores(c)
    assert (s["bad_recall"], s["good_green"], s["accuracy"], s["chance"], s["caught"]) == (1.0, 1.0, 1.0, 0.5, 1)


def test_timeline_sentences_state_the_timeline(checks):
    w, tl, c = checks[("jidian", 1)]
    for lang in ("zh", "en"):
        text = timeline_sentences(tl, lang)
        alerted = tl.alerted()
        assert str(len(alerted)) in text["when"]
        assert alerted["customer_name"].iloc[0] in text["when"]
        assert f"{alerted['first_alert'].iloc[0]:%Y-%m}" in text["when"]
        from creditkit.money import format_cents

        assert format_cents(int(tl.table["invoiced_after_red_cents"].sum())) in text["after_red"]
        assert format_cents(int(tl.table["open_after_red_cents"].sum())) in text["after_red"]
        assert text["levels"] == tl.result.summary(lang)
    s = recovery_scores(c)
    assert f"{s['accuracy']:.0%}" in answer_sentence(s, "en")


def test_first_red_is_never_before_first_alert_and_invoices_after_red_add_up(checks):
    w, tl, _ = checks[("jidian", 2)]
    t = tl.table.dropna(subset=["first_red"])
    assert (t["first_red"] >= t["first_alert"]).all()
    assert (tl.table["open_after_red_cents"] <= tl.table["invoiced_after_red_cents"]).all()
    one = t.iloc[0]
    inv = w.ledger[(w.ledger["customer_id"] == one["customer_id"]) & (w.ledger["doc_type"].isin(DEBIT_TYPES))
                   & (w.ledger["doc_date"] > one["first_red"]) & (w.ledger["doc_date"] <= w.as_of)]
    assert int(inv["amount_cents"].sum()) == int(one["invoiced_after_red_cents"])


def test_signal_timeline_on_a_quiet_ledger_says_so():
    t = pd.DataFrame({"customer_id": ["A", "A"], "customer_name": ["甲", "甲"], "doc_type": ["invoice", "receipt"],
                      "doc_no": ["I1", "R1"], "doc_date": pd.to_datetime(["2025-01-05", "2025-02-01"]),
                      "due_date": pd.to_datetime(["2025-02-04", None]), "amount_cents": [100_000, -100_000],
                      "ref_doc_no": [None, "I1"]})
    tl = signal_timeline(t, start="2025-01-31", end="2025-03-31")
    assert tl.alerted().empty
    text = timeline_sentences(tl, "en")
    assert "none of the 3 month ends" in text["when"]
    assert text["after_red"] == "No customer was invoiced again after its first red light."
