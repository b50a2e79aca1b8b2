"""Tests of creditkit.receivables.aging: allocation rules, ages, buckets and reconciliation."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.receivables.aging import (
    age_days, age_receivables, aging_table, bucket_index, bucket_labels, open_items, parse_buckets,
)
from creditkit.errors import SchemaError
from creditkit.money import cents_to_text


def L(*rows):
    """Ledger from (customer, type, doc_no, doc_date, due_date, cents, ref[, rep])."""
    recs = []
    for r in rows:
        cust, typ, no, d, due, cents, ref, *rep = r
        recs.append({"customer_id": cust, "customer_name": cust.lower(), "doc_type": typ, "doc_no": no,
                     "doc_date": pd.Timestamp(d), "due_date": pd.Timestamp(due) if due else pd.NaT,
                     "amount_cents": cents, "ref_doc_no": ref, "sales_rep": rep[0] if rep else None})
    t = pd.DataFrame(recs)
    t["doc_date"] = t["doc_date"].astype("datetime64[ns]")
    t["due_date"] = t["due_date"].astype("datetime64[ns]")
    return t


def alloc(t, as_of="2025-12-31"):
    oi = open_items(t, as_of=as_of)
    return oi.items.set_index("doc_no")["open_cents"].to_dict(), oi.unapplied.set_index("customer_id")[
        "unapplied_cents"].to_dict()


def test_referenced_receipt_settles_its_invoice_first():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-01", 100, None),
          ("A", "receipt", "R1", "2025-03-01", None, -60, "I2"))
    assert alloc(t) == ({"I1": 100, "I2": 40}, {})


def test_unreferenced_receipt_applied_oldest_first_by_date_then_number():
    t = L(("A", "invoice", "I9", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I0", "2025-02-01", "2025-03-01", 100, None),
          ("A", "receipt", "R1", "2025-03-01", None, -150, None))
    assert alloc(t)[0] == {"I1": 0, "I9": 50, "I0": 100}


def test_over_settlement_goes_to_pool_then_oldest_open():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-01", 100, None),
          ("A", "receipt", "R1", "2025-03-01", None, -130, "I2"))
    assert alloc(t) == ({"I1": 70, "I2": 0}, {})


def test_leftover_is_unapplied_credit_not_netted():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "receipt", "R1", "2025-03-01", None, -250, None),
          ("B", "invoice", "J1", "2025-01-01", "2025-01-31", 500, None))
    items, un = alloc(t)
    assert items == {"I1": 0, "J1": 500} and un == {"A": 150}
    r = age_receivables(t, as_of="2025-12-31")
    row = r.table.set_index("customer_id").loc["A"]
    assert row["total"] == 0 and row["unapplied"] == 150


def test_credit_note_and_write_off_settle_like_receipts():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I2", "2025-01-05", "2025-01-31", 100, None),
          ("A", "credit_note", "C1", "2025-02-01", None, -30, "I2"),
          ("A", "write_off", "W1", "2025-02-02", None, -100, "I1"))
    assert alloc(t)[0] == {"I1": 0, "I2": 70}


def test_refund_consumes_unapplied_credit():
    t = L(("A", "receipt", "R1", "2025-01-01", None, -300, None),
          ("A", "refund", "F1", "2025-01-10", "2025-01-10", 100, None))
    assert alloc(t) == ({"F1": 0}, {"A": 200})


def test_only_documents_on_or_before_as_of_count():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "receipt", "R1", "2025-02-01", None, -100, "I1"),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-01", 50, None))
    assert alloc(t, "2025-01-31") == ({"I1": 100}, {})
    assert alloc(t, "2025-02-01") == ({"I1": 0, "I2": 50}, {})


def test_receipt_referencing_a_later_invoice_waits_in_the_pool():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "receipt", "R1", "2025-01-10", None, -40, "I2"),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-01", 100, None))
    assert alloc(t, "2025-01-20") == ({"I1": 60}, {})
    assert alloc(t, "2025-02-20") == ({"I1": 100, "I2": 60}, {})


def test_money_never_crosses_customers():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("B", "receipt", "R1", "2025-01-10", None, -40, "I1"))  # wrong customer: stays with B
    assert alloc(t) == ({"I1": 100}, {"B": 40})


def test_bucket_labels_and_edges():
    assert bucket_labels() == ["not_due", "1-30", "31-60", "61-90", "91-180", "181-365", ">365"]
    assert bucket_labels(by="invoice") == ["0-30", "31-60", "61-90", "91-180", "181-365", ">365"]
    assert bucket_labels("15,45") == ["not_due", "1-15", "16-45", ">45"]


@pytest.mark.parametrize("age, bucket", [(-5, "not_due"), (0, "not_due"), (1, "1-30"), (30, "1-30"), (31, "31-60"),
                                          (60, "31-60"), (61, "61-90"), (90, "61-90"), (91, "91-180"),
                                          (180, "91-180"), (181, "181-365"), (365, "181-365"), (366, ">365")])
def test_due_buckets_are_upper_inclusive(age, bucket):
    as_of = pd.Timestamp("2025-06-30")
    due = as_of - pd.Timedelta(days=age)
    t = L(("A", "invoice", "I1", min(due, as_of) - pd.Timedelta(days=1), due, 100, None))
    r = age_receivables(t, as_of=as_of)
    assert r.items["bucket"].tolist() == [bucket] and r.items["age_days"].tolist() == [age]
    assert r.table[bucket].tolist() == [100]


@pytest.mark.parametrize("age, bucket", [(0, "0-30"), (30, "0-30"), (31, "31-60"), (366, ">365")])
def test_invoice_date_buckets(age, bucket):
    as_of = pd.Timestamp("2025-06-30")
    d = as_of - pd.Timedelta(days=age)
    t = L(("A", "invoice", "I1", d, d + pd.Timedelta(days=90), 100, None))
    r = age_receivables(t, as_of=as_of, by="invoice")
    assert r.table[bucket].tolist() == [100] and "not_due" not in r.table


def test_age_days_and_bucket_index_by_hand():
    doc = pd.to_datetime(["2025-01-01", "2025-06-01", "2025-06-30", "2024-06-30"])
    due = pd.to_datetime(["2025-01-31", "2025-07-01", None, "2024-07-30"])
    assert age_days(doc, due, as_of="2025-06-30").tolist() == [150, -1, 0, 335]
    assert age_days(doc, None, as_of="2025-06-30", by="invoice").tolist() == [180, 29, 0, 365]
    assert bucket_index([150, -1, 0, 335], by="due").tolist() == [4, 0, 0, 5]
    assert bucket_index([180, 29, 0, 365, 366], by="invoice").tolist() == [3, 0, 0, 4, 5]
    with pytest.raises(ValueError, match="by must be"):
        age_days(doc, due, as_of="2025-06-30", by="doc")
    with pytest.raises(ValueError, match="as_of must be a valid date"):
        age_days(doc, due, as_of="2025-02-30")
    with pytest.raises(ValueError, match="strictly increasing"):
        bucket_index([1], (60, 30))


@pytest.mark.parametrize("by", ["due", "invoice"])
def test_items_are_aged_by_the_public_rule(by):
    from creditkit.cases import sample_ledger

    r = age_receivables(sample_ledger(seed=3, n_customers=8), as_of="2025-06-30", by=by, buckets=(30, 90))
    age = age_days(r.items["doc_date"], r.items["due_date"], as_of="2025-06-30", by=by)
    assert age.tolist() == r.items["age_days"].tolist()
    idx = bucket_index(age, (30, 90), by=by)
    assert [r.labels[i] for i in idx] == r.items["bucket"].tolist()


def test_table_shape_totals_shares_and_reps():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 10000, None, "张"),
          ("A", "invoice", "I2", "2025-06-01", "2025-07-01", 5000, None, "张"),
          ("B", "invoice", "J1", "2025-05-01", "2025-05-31", 2500, None, "李"),
          ("C", "receipt", "R1", "2025-05-01", None, -700, None, "李"))
    r = age_receivables(t, as_of="2025-06-30")
    assert r.table.columns.tolist() == ["customer_id", "customer_name", *bucket_labels(), "total", "unapplied"]
    assert r.table["customer_id"].tolist() == ["A", "B", "C"]
    tot = r.totals()
    assert tot["total"] == 17500 and tot["not_due"] == 5000 and tot["1-30"] == 2500 and tot["91-180"] == 10000
    assert tot["unapplied"] == 700
    assert r.shares().sum() == pytest.approx(1.0)
    reps = r.by_sales_rep().set_index("sales_rep")
    assert reps.loc["张", "total"] == 15000 and reps.loc["李", "total"] == 2500 and reps.loc["李", "unapplied"] == 700
    assert aging_table(t, as_of="2025-06-30", group="sales_rep").shape[0] == 2
    assert r.in_yuan()["total"].tolist() == [150.0, 25.0, 0.0]
    assert r.with_total_row()["total"].iloc[-1] == 17500


def test_customers_without_open_amount_are_left_out():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "receipt", "R1", "2025-01-10", None, -100, "I1"))
    assert age_receivables(t, as_of="2025-06-30").table.empty


def test_bad_arguments():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None))
    with pytest.raises(ValueError, match="by must be"):
        age_receivables(t, as_of="2025-06-30", by="doc")
    with pytest.raises(ValueError, match="strictly increasing"):
        age_receivables(t, as_of="2025-06-30", buckets=[30, 30])
    with pytest.raises(ValueError, match="strictly increasing"):
        parse_buckets([0, 30])
    with pytest.raises(ValueError, match="whole days"):
        parse_buckets("30,abc")
    with pytest.raises(ValueError, match="whole days"):
        parse_buckets([])
    with pytest.raises(TypeError, match="buckets"):
        parse_buckets(30)
    with pytest.raises(ValueError, match="as_of"):
        age_receivables(t, as_of="2025-02-30")
    with pytest.raises(ValueError, match="group"):
        aging_table(t, as_of="2025-06-30", group="region")
    with pytest.raises(SchemaError):
        age_receivables(t.drop(columns="due_date"), as_of="2025-06-30")


def test_cents_to_text():
    assert cents_to_text([1, -100, 123456789]).tolist() == ["0.01", "-1.00", "1234567.89"]


# ---------------------------------------------------------------- property tests

@st.composite
def ledgers(draw):
    n_inv = draw(st.integers(0, 12))
    n_cre = draw(st.integers(0, 12))
    custs = ["A", "B", "C"]
    rows = []
    for i in range(n_inv):
        d = draw(st.integers(0, 400))
        rows.append((draw(st.sampled_from(custs)), draw(st.sampled_from(["invoice", "refund", "debit_note"])),
                     f"I{i}", pd.Timestamp("2025-01-01") + pd.Timedelta(days=d),
                     pd.Timestamp("2025-01-01") + pd.Timedelta(days=d + draw(st.integers(0, 90))),
                     draw(st.integers(1, 10**9)), None))
    for j in range(n_cre):
        d = draw(st.integers(0, 400))
        cust = draw(st.sampled_from(custs))
        same = [r[2] for r in rows if r[0] == cust and r[1] != "receipt"]
        ref = draw(st.sampled_from([None] + same)) if same else None
        rows.append((cust, draw(st.sampled_from(["receipt", "credit_note", "write_off"])), f"R{j}",
                     pd.Timestamp("2025-01-01") + pd.Timedelta(days=d), None, -draw(st.integers(1, 10**9)), ref))
    if not rows:
        rows.append(("A", "invoice", "I0", pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01"), 1, None))
    return L(*rows)


@settings(max_examples=100, deadline=None)
@given(ledgers(), st.integers(0, 500), st.sampled_from(["due", "invoice"]))
def test_totals_always_reconcile(t, day, by):
    as_of = pd.Timestamp("2025-01-01") + pd.Timedelta(days=day)
    r = age_receivables(t, as_of=as_of, by=by, buckets=(30, 60, 90))
    kept = t[t["doc_date"] <= as_of]
    # buckets sum to the total; open minus unapplied equals the ledger balance, per customer and overall
    assert (r.table[r.labels].sum(axis=1) == r.table["total"]).all()
    bal = kept.groupby("customer_id")["amount_cents"].sum()
    net = r.table.set_index("customer_id").eval("total - unapplied")
    assert net.reindex(bal.index, fill_value=0).tolist() == bal.tolist()
    assert int(r.table["total"].sum() - r.table["unapplied"].sum()) == int(kept["amount_cents"].sum())
    # no negative amounts; no customer has both open items and unapplied credit
    assert (r.table[r.labels + ["unapplied"]] >= 0).all().all()
    assert not ((r.table["total"] > 0) & (r.table["unapplied"] > 0)).any()
    # open never exceeds a document's amount
    oi = open_items(t, as_of=as_of).items
    assert ((oi["open_cents"] >= 0) & (oi["open_cents"] <= oi["amount_cents"])).all()


# ---------------------------------------------------------------- sample ledger and Excel export

def test_sample_ledger_is_canonical_seeded_and_reconciles():
    from creditkit.receivables.schema import CANONICAL_COLUMNS, validate_ledger
    from creditkit.cases import sample_ledger

    t, prof = sample_ledger(seed=7, as_of="2025-06-30", n_customers=40, profiles=True)
    assert t.columns.tolist() == CANONICAL_COLUMNS and validate_ledger(t) is t
    assert t["customer_id"].nunique() == 40 and t["doc_no"].is_unique
    assert t["doc_date"].max() <= pd.Timestamp("2025-06-30")
    assert t["doc_date"].min() >= pd.Timestamp("2023-12-31")
    assert set(t["doc_type"]) >= {"invoice", "receipt", "credit_note"}
    assert t["customer_name"].str.endswith("有限公司").all()
    assert t.equals(sample_ledger(seed=7, as_of="2025-06-30", n_customers=40))
    r = age_receivables(t, as_of="2025-06-30")
    assert int(r.totals()["total"] - r.totals()["unapplied"]) == int(t["amount_cents"].sum())
    # chronic and distressed payers carry more of their balance past 90 days than punctual ones
    late = r.table.set_index("customer_id")
    late_share = (late["91-180"] + late["181-365"] + late[">365"]) / late["total"].where(late["total"] > 0)
    p = prof.set_index("customer_id")["profile"]
    bad = late_share[p.reindex(late_share.index).isin(["chronic", "distressed"])].mean()
    good = late_share[p.reindex(late_share.index) == "punctual"].mean()
    assert bad > good


def test_sample_ledger_bad_arguments():
    from creditkit.cases import sample_ledger

    with pytest.raises(TypeError, match="seed"):
        sample_ledger(seed="1")
    with pytest.raises(ValueError, match="n_customers"):
        sample_ledger(n_customers=0)
    with pytest.raises(TypeError, match="months"):
        sample_ledger(months=1.5)
    with pytest.raises(ValueError, match="as_of"):
        sample_ledger(as_of="2025-13-01")


def test_excel_views_formats(tmp_path):
    import openpyxl

    from creditkit.receivables.excel import HEADER_ROWS, MONEY_FORMAT, write_aging_workbook, write_views
    from creditkit.receivables.provision import aging_schedule_provision
    from creditkit.cases import sample_ledger

    t = sample_ledger(seed=1, n_customers=6, months=6)
    r = age_receivables(t, as_of="2025-06-30")
    prov = aging_schedule_provision(r, [0.01, 0.03, 0.1, 0.2, 0.5, 0.8, 1.0]).table
    p = write_aging_workbook(tmp_path / "a.xlsx", t, r, provision=prov)
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames[:6] == ["aging_by_customer", "aging_by_sales_rep", "aging_summary", "open_items",
                                 "unapplied", "provision"]
    ws = wb["aging_by_customer"]
    head, first = HEADER_ROWS + 1, HEADER_ROWS + 2  # the header block (source, as-of, parameters) comes first
    assert ws["A3"].value == "As of: 2025-06-30"
    assert ws.freeze_panes == f"A{first}" and ws[f"C{head}"].font.bold and ws[f"C{first}"].number_format == MONEY_FORMAT
    assert ws.cell(row=first, column=ws.max_column - 1).value == r.table["total"].iloc[0] / 100
    assert ws.cell(row=ws.max_row, column=ws.max_column - 1).value == r.table["total"].sum() / 100  # total row
    assert wb["open_items"][f"F{first}"].number_format == "yyyy-mm-dd"  # doc_date
    assert wb["aging_summary"][f"C{first}"].number_format == "0.0%"
    with pytest.raises(ValueError, match="views"):
        write_views(tmp_path / "b.xlsx", {})
    with pytest.raises(TypeError, match="must be a DataFrame"):
        write_views(tmp_path / "b.xlsx", {"x": [1]})


def test_duplicate_invoice_numbers_are_refused():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None))
    with pytest.raises(SchemaError, match="duplicate doc_no 'I1'"):
        open_items(t, as_of="2025-06-30")
    with pytest.raises(SchemaError, match="duplicate doc_no 'I1'"):
        age_receivables(t, as_of="2025-06-30")


def test_same_day_invoices_are_applied_by_document_number():
    t = L(("A", "invoice", "X-10", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "X-09", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "X-11", "2025-01-01", "2025-01-31", 100, None),
          ("A", "receipt", "R1", "2025-01-05", None, -150, None))
    assert alloc(t)[0] == {"X-09": 0, "X-10": 50, "X-11": 100}


# ---------------------------------------------------------------- text keys as integer codes

def _fresh(s):
    """An equal string that is a different object (as cells read from a file are)."""
    return "".join(list(s)) if isinstance(s, str) else None


def test_references_match_by_value_not_by_object():
    t = L(("A", "invoice", "INV-1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "INV-2", "2025-01-02", "2025-02-01", 100, None),
          ("A", "receipt", "R1", "2025-01-10", None, -60, "INV-2"))
    t["ref_doc_no"] = np.array([_fresh(x) for x in t["ref_doc_no"]], dtype=object)
    t["customer_id"] = np.array([_fresh(x) for x in t["customer_id"]], dtype=object)
    assert t["ref_doc_no"].iloc[2] is not t["doc_no"].iloc[1]
    assert alloc(t) == ({"INV-1": 100, "INV-2": 40}, {})


def test_missing_references_never_settle():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "receipt", "R1", "2025-01-10", None, -30, None),
          ("A", "receipt", "R2", "2025-01-11", None, -20, None),
          ("A", "receipt", "R3", "2025-01-12", None, -10, None))
    t["ref_doc_no"] = np.array([None, None, np.nan, pd.NA], dtype=object)
    oi = open_items(t, as_of="2025-12-31")
    assert oi.items["settled_cents"].tolist() == [0] and oi.items["applied_cents"].tolist() == [60]


def test_one_number_used_by_two_customers_is_two_documents():
    # VAT 发票号码 repeat across customers: the receipt settles its own customer's invoice
    t = L(("A", "invoice", "00381642", "2025-01-01", "2025-01-31", 100, None),
          ("B", "invoice", "00381642", "2025-02-01", "2025-03-03", 300, None),
          ("B", "invoice", "B-2", "2025-01-01", "2025-01-31", 50, None),
          ("B", "receipt", "R1", "2025-03-01", None, -120, "00381642"))
    oi = open_items(t, as_of="2025-06-30")
    got = dict(zip(oi.items["customer_id"] + ":" + oi.items["doc_no"], oi.items["open_cents"]))
    assert got == {"A:00381642": 100, "B:00381642": 180, "B:B-2": 50}


def test_duplicate_numbers_held_as_different_objects_are_refused():
    t = L(("A", "invoice", "I-7", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I-8", "2025-01-01", "2025-01-31", 100, None))
    t["doc_no"] = np.array(["I-7", _fresh("I-7")], dtype=object)
    with pytest.raises(SchemaError, match="duplicate doc_no 'I-7'"):
        age_receivables(t, as_of="2025-06-30")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["C1", "C2", "客户3", "C10", ""]), min_size=1, max_size=60),
       st.lists(st.booleans(), min_size=60, max_size=60), st.data())
def test_factorize_objects_equals_pandas(words, fresh, data):
    from creditkit.receivables._keys import factorize_objects

    values = np.array([_fresh(w) if f else w for w, f in zip(words, fresh)], dtype=object)
    rows = data.draw(st.none() | st.lists(st.integers(0, len(values) - 1), max_size=60).map(
        lambda r: np.array(sorted(set(r)), dtype="int64")))
    sub = values if rows is None else values[rows]
    codes, uniques, first = factorize_objects(values, rows)
    want_codes, want_uniques = pd.factorize(sub)
    assert codes.tolist() == want_codes.tolist() and list(uniques) == list(want_uniques)
    assert [sub[i] for i in first] == list(want_uniques)


def _reference_allocation(t, as_of):
    """The allocation rules of the module docstring, one document at a time (for small ledgers)."""
    t = t[t["doc_date"] <= as_of]
    credit = t["doc_type"].isin(["receipt", "credit_note", "write_off", "opening_credit"])
    deb = t[~credit]
    open_ = dict(zip(deb["doc_no"], deb["amount_cents"]))
    owner = dict(zip(deb["doc_no"], deb["customer_id"]))
    pool = {}
    for _, r in t[credit].iterrows():
        ref = r["ref_doc_no"]
        if isinstance(ref, str) and owner.get(ref) == r["customer_id"]:
            paid = min(open_[ref], -r["amount_cents"])
            open_[ref] -= paid
            rest = -r["amount_cents"] - paid
        else:
            rest = -r["amount_cents"]
        pool[r["customer_id"]] = pool.get(r["customer_id"], 0) + rest
    for _, d in deb.sort_values(["customer_id", "doc_date", "doc_no"]).iterrows():
        take = min(pool.get(d["customer_id"], 0), open_[d["doc_no"]])
        open_[d["doc_no"]] -= take
        pool[d["customer_id"]] = pool.get(d["customer_id"], 0) - take
    return open_, {c: p for c, p in pool.items() if p > 0}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["A", "B"]), st.integers(0, 3), st.integers(1, 50)), min_size=1,
                max_size=25),
       st.lists(st.tuples(st.sampled_from(["A", "B"]), st.integers(0, 3), st.integers(1, 80), st.integers(-1, 30)),
                max_size=15),
       st.integers(0, 3))
def test_allocation_matches_the_rules_with_many_same_day_ties(invoices, credits, day):
    base = pd.Timestamp("2025-01-01")
    order = np.random.default_rng(len(invoices)).permutation(len(invoices))  # numbers not in ledger order
    rows = [(c, "invoice", f"I{order[i]:02d}", base + pd.Timedelta(days=d), base + pd.Timedelta(days=d + 30), a, None)
            for i, (c, d, a) in enumerate(invoices)]
    for j, (c, d, a, ref) in enumerate(credits):
        rows.append((c, "receipt", f"R{j}", base + pd.Timedelta(days=d), None, -a,
                     _fresh(rows[ref][2]) if 0 <= ref < len(invoices) else None))
    t = L(*rows)
    as_of = base + pd.Timedelta(days=day)
    want_open, want_unapplied = _reference_allocation(t, as_of)
    assert alloc(t, as_of) == (want_open, want_unapplied)


def test_settlement_group_settles_its_members_before_the_pool():
    # rule 0: I2 and R1 share clearing document C1 (cleared by as_of); FIFO would have put R1 on I1
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 100, None),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-03", 300, None),
          ("A", "receipt", "R1", "2025-03-01", None, -300, None),
          ("A", "receipt", "R2", "2025-03-05", None, -40, None))
    t["clear_key"] = [None, "C1", "C1", None]
    t["clear_date"] = pd.to_datetime([None, "2025-03-01", "2025-03-01", None])
    assert alloc(t) == ({"I1": 60, "I2": 0}, {})
    # cleared after as_of: no link yet, every credit goes to the pool oldest-first
    assert alloc(t, as_of="2025-03-10") == ({"I1": 60, "I2": 0}, {})
    t["clear_date"] = pd.to_datetime([None, "2025-04-01", "2025-04-01", None])
    assert alloc(t, as_of="2025-03-10") == ({"I1": 0, "I2": 60}, {})
    # a group whose credits exceed its debits leaves the rest to the pool
    t["clear_key"] = [None, "C1", "C1", "C1"]
    t["clear_date"] = pd.NaT
    t.loc[1, "amount_cents"] = 200
    assert alloc(t) == ({"I1": 0, "I2": 0}, {"A": 40})
