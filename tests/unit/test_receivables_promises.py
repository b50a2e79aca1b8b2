"""Promise-to-pay tracking: promises matched to receipts in date order, kept / broken / pending."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from creditkit.errors import SchemaError
from creditkit.receivables.promises import keep_rate, promise_status


def _ledger(receipts):
    rows = [("A", "甲", "invoice", "I1", "2025-01-01", "2025-01-31", 10_000_000)]
    rows += [("A", "甲", "receipt", f"R{i}", d, None, -c) for i, (d, c) in enumerate(receipts, 1)]
    t = pd.DataFrame(rows, columns=["customer_id", "customer_name", "doc_type", "doc_no", "doc_date", "due_date",
                                    "amount_cents"])
    t["doc_date"] = pd.to_datetime(t["doc_date"])
    t["due_date"] = pd.to_datetime(t["due_date"])
    return t


def test_receipts_fill_promises_in_date_order_and_split_across_them():
    led = _ledger([("2025-03-01", 150_000), ("2025-03-08", 100_000), ("2025-03-20", 50_000)])
    prom = pd.DataFrame({"customer_id": ["A", "A"], "promise_date": pd.to_datetime(["2025-03-10", "2025-03-25"]),
                         "amount_cents": [200_000, 100_000]})
    s = promise_status(prom, led, as_of="2025-03-31")
    # R1 150,000 + 50,000 of R2 keep the first; the rest of R2 (50,000) + R3 (50,000) keep the second
    assert s[["status", "matched_cents", "receipt_doc_nos"]].values.tolist() == [
        ["kept", 200_000, "R1, R2"], ["kept", 100_000, "R2, R3"]]
    assert s["last_receipt_date"].tolist() == [pd.Timestamp("2025-03-08"), pd.Timestamp("2025-03-20")]


def test_late_money_breaks_the_promise_but_counts_for_the_next():
    led = _ledger([("2025-03-12", 100_000)])
    prom = pd.DataFrame({"customer_id": ["A", "A"], "promise_date": ["2025-03-10", "2025-03-31"],
                         "amount": ["1,000.00", "1,000.00"]})
    s = promise_status(prom, led, as_of="2025-03-20")
    assert s["status"].tolist() == ["broken", "kept"]
    assert promise_status(prom, led, as_of="2025-03-20", grace_days=2)["status"].tolist() == ["kept", "pending"]


def test_tolerance_window_and_made_on():
    led = _ledger([("2025-01-15", 99_950), ("2025-03-09", 50_000)])
    prom = pd.DataFrame({"customer_id": ["A"], "promise_date": ["2025-03-10"], "amount_cents": [100_000]})
    # the January receipt is long before the promise: outside the 30-day window
    s = promise_status(prom, led, as_of="2025-03-31")
    assert s[["status", "matched_cents"]].values.tolist() == [["broken", 50_000]]
    wide = promise_status(prom.assign(made_on="2025-01-10"), led, as_of="2025-03-31", tolerance_cents=50)
    assert wide[["status", "matched_cents"]].values.tolist() == [["kept", 99_950]]


def test_keep_rate_per_customer():
    led = _ledger([("2025-03-05", 100_000)])
    prom = pd.DataFrame({"customer_id": ["A", "A", "A"], "promise_date": ["2025-03-06", "2025-03-20", "2025-04-30"],
                         "amount_cents": [100_000, 100_000, 100_000]})
    k = keep_rate(promise_status(prom, led, as_of="2025-03-31"))
    assert k.iloc[0][["promises", "kept", "broken", "pending", "promised_cents", "kept_cents"]].tolist() == [
        3, 1, 1, 1, 300_000, 100_000]
    assert k["keep_rate"].iloc[0] == 0.5


@pytest.mark.parametrize("frame, match", [
    (pd.DataFrame({"customer_id": ["A"], "amount_cents": [1]}), "promise_date"),
    (pd.DataFrame({"customer_id": ["A"], "promise_date": ["2025-01-01"]}), "amount"),
    (pd.DataFrame({"customer_id": ["A"], "promise_date": ["2025-01-01"], "amount": ["12,3x"]}), "row 1: amount"),
    (pd.DataFrame({"customer_id": ["A"], "promise_date": ["not a day"], "amount_cents": [1]}), "row 1: promise_date"),
    (pd.DataFrame({"customer_id": ["A"], "promise_date": ["2025-01-01"], "amount_cents": [0]}), "above 0"),
])
def test_bad_promise_logs_are_refused_with_the_row(frame, match):
    with pytest.raises(SchemaError, match=match):
        promise_status(frame, _ledger([]), as_of="2025-03-31")


@settings(max_examples=60, deadline=None)
@given(receipts=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 500_000)), max_size=8),
       promises=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 500_000)), min_size=1, max_size=6))
def test_money_is_never_counted_twice(receipts, promises):
    day0 = pd.Timestamp("2025-03-01")
    led = _ledger([((day0 + pd.Timedelta(days=d)).strftime("%Y-%m-%d"), c) for d, c in receipts])
    prom = pd.DataFrame({"customer_id": "A", "promise_date": [day0 + pd.Timedelta(days=d) for d, _ in promises],
                         "amount_cents": [c for _, c in promises]})
    s = promise_status(prom, led, as_of="2025-04-15")
    assert (s["matched_cents"] <= s["amount_cents"]).all()
    assert s["matched_cents"].sum() <= sum(c for _, c in receipts)
    assert set(s["status"]) <= {"kept", "broken", "pending"}
    assert ((s["status"] == "pending") <= (s["deadline"] >= pd.Timestamp("2025-04-15"))).all()
