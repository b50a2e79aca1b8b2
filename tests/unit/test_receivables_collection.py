"""Debtor types, the strategy matrix, escalation calendars and the collection plan."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest

import creditkit as ck
from creditkit.cases import sample_ledger
from creditkit.errors import ConfigError, SchemaError
from creditkit.receivables import collection as col

STRATEGY_TEXT = (resources.files("creditkit.receivables") / "data" / "collection_strategy.yaml").read_text(encoding="utf-8")


def _invoice(amount_cents, due="2025-05-31", customer="A"):
    t = pd.DataFrame({"customer_id": [customer], "customer_name": ["甲"], "doc_type": ["invoice"], "doc_no": ["I1"],
                      "doc_date": pd.to_datetime(["2025-05-01"]), "due_date": pd.to_datetime([due]),
                      "amount_cents": [amount_cents]})
    return t


@pytest.fixture(scope="module")
def samples():
    out = []
    for seed in (2025, 7, 11):
        t, prof = sample_ledger(seed, n_customers=60, profiles=True)
        c = col.classify_debtors(t, as_of="2025-06-30").merge(prof[["customer_id", "profile"]])
        out.append(c)
    return pd.concat(out, ignore_index=True)


def test_hidden_bad_and_slow_payers_are_not_classed_willing_and_able(samples):
    share_good = samples.groupby("profile")["debtor_type"].apply(lambda s: (s == "willing_able").mean())
    assert share_good["punctual"] >= 0.95
    assert share_good["chronic"] <= 0.2 and share_good["distressed"] == 0.0
    chronic = samples[samples["profile"] == "chronic"]["debtor_type"].value_counts(normalize=True)
    assert chronic.get("unwilling_able", 0) >= 0.6  # late on purpose while paying: able but unwilling
    distressed = samples[samples["profile"] == "distressed"]
    assert (~distressed["able"]).mean() >= 0.9


def test_evidence_quotes_the_numbers(samples):
    row = samples[samples["debtor_type"] == "unwilling_able"].iloc[0]
    assert f"{row['avg_days_late']:.0f} 天" in row["evidence_zh"] and "days late" in row["evidence_en"]


def test_features_use_only_documents_up_to_the_date():
    t = sample_ledger(4, n_customers=10)
    cut = "2025-03-31"
    later = col.debtor_features(t, as_of=cut)
    earlier = col.debtor_features(t[t["doc_date"] <= cut], as_of=cut)
    pd.testing.assert_frame_equal(later, earlier)


def test_answers_override_the_ledger_reading():
    t = sample_ledger(3, n_customers=8)
    base = col.classify_debtors(t, as_of="2025-06-30").set_index("customer_id")
    cid = base.index[0]
    c = col.classify_debtors(t, as_of="2025-06-30", answers={cid: {"willing": False, "able": False}})
    row = c.set_index("customer_id").loc[cid]
    assert row["debtor_type"] == "unwilling_unable" and row["source"] == "answers"
    with pytest.raises(SchemaError, match="true, false"):
        col.classify_debtors(t, as_of="2025-06-30", answers={cid: {"willing": "yes"}})
    with pytest.raises(SchemaError, match="not in the ledger"):
        col.classify_debtors(t, as_of="2025-06-30", answers={"nobody": {"able": True}})


def test_calendar_times_steps_from_due_and_previous_and_paces_large_amounts():
    cal = col.escalation_calendar(_invoice(8_000_000), "A", as_of="2025-06-30", debtor_type="unwilling_able")
    # due 05-31: reminder −3 → 05-28, call +1 → 06-01, statement prev+5 → 06-06, stop prev+7 → 06-13,
    # visit prev+7 → 06-20, lawyer prev+14 → 07-04, litigation (medium band) prev+30 → 08-03; agency is small-only
    assert cal["action"].tolist() == ["reminder_before_due", "call", "statement", "stop_shipments", "visit",
                                      "lawyer_letter", "litigation"]
    assert cal["date"].dt.strftime("%m-%d").tolist() == ["05-28", "06-01", "06-06", "06-13", "06-20", "07-04", "08-03"]
    assert cal["status"].tolist() == ["done"] * 4 + ["current", "next", "planned"]
    assert cal.attrs["band"] == "medium" and cal.attrs["overdue_cents"] == 8_000_000
    big = col.escalation_calendar(_invoice(80_000_000), "A", as_of="2025-06-30", debtor_type="unwilling_able")
    # large band: every gap × 0.7 (5 → 4, 7 → 5, 14 → 10, 30 → 21)
    assert big["date"].dt.strftime("%m-%d").tolist() == ["05-28", "06-01", "06-05", "06-10", "06-15", "06-25", "07-16"]
    small = col.escalation_calendar(_invoice(1_000_000), "A", as_of="2025-06-30", debtor_type="unwilling_able")
    assert small["action"].iloc[-1] == "agency" and "litigation" not in small["action"].tolist()


def test_plan_orders_by_expected_recovery_with_exact_cents():
    t = pd.concat([_invoice(8_000_000, customer="A"), _invoice(3_000_000, due="2025-06-20", customer="B")
                   .assign(doc_no="I2", customer_name="乙")], ignore_index=True)
    debtors = pd.DataFrame({"customer_id": ["A", "B"], "customer_name": ["甲", "乙"], "sales_rep": [None, None],
                            "open_cents": [8_000_000, 3_000_000], "max_days_overdue": [30, 10],
                            "debtor_type": ["unwilling_unable", "willing_able"], "evidence_zh": ["a", "b"],
                            "evidence_en": ["a", "b"]})
    plan = col.collection_plan(t, as_of="2025-06-30", debtors=debtors)
    # A: 80,000 aged 30 days × 0.60 = 48,000; B: 30,000 aged 10 days × 0.99 = 29,700
    assert plan[["customer_id", "expected_recovery_cents"]].values.tolist() == [["A", 4_800_000], ["B", 2_970_000]]
    assert plan.loc[0, "hold_orders"]  # unwilling_unable: stop shipments reached on day 1
    # B, due 06-20: reminder 06-15, call 06-23, statement (call + 7) 06-30 = today
    assert plan.loc[1, "action"] == "statement" and plan.loc[1, "action_text"] == "寄送对账单（邮件，平和）"
    assert plan.loc[1, "act_now"] and plan.loc[1, "next_action"] == "stop_shipments"  # visit is for medium+ bands


def test_plan_for_one_rep_and_the_policy_hold():
    t = sample_ledger(2025)
    rep = t["sales_rep"].iloc[0]
    plan = col.collection_plan(t, as_of="2025-06-30", sales_rep=rep, lang="en")
    assert set(plan["sales_rep"]) == {rep} and plan["expected_recovery_cents"].is_monotonic_decreasing
    assert (plan["expected_recovery_cents"] <= plan["overdue_cents"]).all()
    grades = {cid: "D" for cid in plan["customer_id"]}
    held = col.collection_plan(t, as_of="2025-06-30", sales_rep=rep, grades=grades,
                              policy=ck.policy.differentiated_policy(scale="A-E"))
    assert held["hold_orders"].sum() >= plan["hold_orders"].sum()
    with pytest.raises(ValueError, match="has no customers"):
        col.collection_plan(t, as_of="2025-06-30", sales_rep="nobody")


@pytest.mark.parametrize("old, new, fragment", [
    ("action: visit, from: previous, days: 14, channel: in_person, tone: neutral, min_band: medium}",
     "action: visit, from: previous, days: 14, channel: pigeon, tone: neutral, min_band: medium}",
     "key 'channel' must be one of"),
    ("{action: call, from: due, days: 3,", "{action: call, from: due, days: three,", "key 'days' must be a whole number"),
    ("{action: call, from: due, days: 3,", "{action: call, from: due, dayz: 3,", "unknown key 'dayz'"),
    ("pace: {small: 1.0, medium: 1.0, large: 0.7}", "pace: {small: 1.0, medium: 1.0}", "lacks the required key 'large'"),
    ("  willing_able: [0.99, 0.97, 0.90, 0.75, 0.50]", "  willing_able: [0.99, 0.97]", "needs 5 shares"),
])
def test_strategy_file_errors_name_file_line_and_key(tmp_path, old, new, fragment):
    assert old in STRATEGY_TEXT
    path = tmp_path / "s.yaml"
    path.write_text(STRATEGY_TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        col.load_strategy(path)
    assert str(info.value).startswith(f"{path}, line ") and fragment in str(info.value)


def test_debtor_type_file_errors(tmp_path):
    text = (resources.files("creditkit.receivables") / "data" / "debtor_types.yaml").read_text(encoding="utf-8")
    path = tmp_path / "d.yaml"
    path.write_text(text.replace("  able_ratio: 0.35", "  able_ratio: half"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"d\.yaml, line 21: thresholds key 'able_ratio' must be a number"):
        col.load_debtor_types(path)
