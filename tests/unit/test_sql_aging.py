"""The aging in DuckDB SQL (creditkit.receivables.sql_aging) gives age_receivables' table to the cent."""

import importlib.util
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditkit.cases import load_case, sample_ledger
from creditkit.receivables.aging import age_receivables, bucket_labels
from creditkit.receivables.schema import CREDIT_TYPES, DEBIT_TYPES, canonical_table
from creditkit.receivables.sql_aging import _SPACE_CLASS, age_sql, aging_query
from creditkit.receivables.sql_table import register_ledger

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "aging_bench.py"


def synthetic_ledger(n, customers):
    spec = importlib.util.spec_from_file_location("aging_bench_for_tests", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, mod)
    spec.loader.exec_module(mod)
    return mod.synthetic_ledger(n, customers)


def L(*rows, **columns):
    """Canonical ledger from (customer, type, doc_no, doc_date, due_date, cents, ref) rows, plus whole columns."""
    recs = [{"customer_id": c, "customer_name": c.lower(), "doc_type": typ, "doc_no": no,
             "doc_date": pd.Timestamp(d), "due_date": pd.Timestamp(due) if due else pd.NaT,
             "amount_cents": cents, "ref_doc_no": ref} for c, typ, no, d, due, cents, ref in rows]
    t = pd.DataFrame(recs).assign(**columns)
    for c in ("doc_date", "due_date", "clear_date"):
        if c in t:
            t[c] = pd.to_datetime(t[c]).astype("datetime64[ns]")
    return canonical_table(t)


def aged(con, t, as_of="2025-06-30", by="due", buckets=(30, 60)):
    """age_sql's table, checked equal to age_receivables' table, indexed by customer."""
    register_ledger(con, t)
    got = age_sql(con, as_of=as_of, by=by, buckets=buckets)
    assert got is not None
    pd.testing.assert_frame_equal(got, age_receivables(t, as_of=as_of, by=by, buckets=buckets).table)
    return got.set_index("customer_id").drop(columns="customer_name")


def row(table, customer):
    return table.loc[customer].tolist()


# ----------------------------------------------------------------------------- the kit's ledgers


@pytest.mark.parametrize("case", ["jidian", "manufacturing", "retail"])
def test_the_case_worlds_age_alike(con, case):
    t = load_case(case).ledger
    register_ledger(con, t)
    for as_of in ("2024-03-31", "2024-12-31", "2025-06-30"):
        for by in ("due", "invoice"):
            for buckets in ((30, 60, 90, 180, 365), (15, 45)):
                expected = age_receivables(t, as_of=as_of, by=by, buckets=buckets).table
                pd.testing.assert_frame_equal(age_sql(con, as_of=as_of, by=by, buckets=buckets), expected)
    assert len(expected) > 0


def test_the_sample_ledger_ages_alike(con):
    t = sample_ledger()
    register_ledger(con, t)
    for as_of in ("2024-01-31", "2025-03-15", "2025-06-30"):
        for by in ("due", "invoice"):
            pd.testing.assert_frame_equal(age_sql(con, as_of=as_of, by=by),
                                          age_receivables(t, as_of=as_of, by=by).table)


def test_the_benchmark_ledger_ages_alike(con):
    t = canonical_table(synthetic_ledger(50_000, 500))
    register_ledger(con, t)
    for by in ("due", "invoice"):
        expected = age_receivables(t, as_of="2025-06-30", by=by).table
        assert len(expected) == 500
        pd.testing.assert_frame_equal(age_sql(con, as_of="2025-06-30", by=by), expected)


def test_a_table_of_another_name(con):
    t = sample_ledger(n_customers=5, months=6)
    register_ledger(con, t, name="ar 2025")
    pd.testing.assert_frame_equal(age_sql(con, "ar 2025", as_of="2025-06-30"),
                                  age_receivables(t, as_of="2025-06-30").table)


# ----------------------------------------------------------------------------- one rule each

def test_a_referenced_receipt_settles_its_invoice_first(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 10_000, None),
          ("A", "invoice", "I2", "2025-05-01", "2025-05-31", 10_000, None),
          ("A", "receipt", "R1", "2025-06-01", None, -6_000, "I2"))
    # by due: not_due, 1-30, 31-60, >60
    assert row(aged(con, t), "A") == [0, 4_000, 0, 10_000, 14_000, 0]


def test_references_are_matched_within_the_customer(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 10_000, None),
          ("B", "invoice", "I1", "2025-06-10", "2025-07-10", 8_000, None),
          ("B", "invoice", "I0", "2025-01-01", "2025-01-31", 5_000, None),
          ("B", "receipt", "R1", "2025-06-20", None, -8_000, "I1"))
    a = aged(con, t)
    assert row(a, "A") == [0, 0, 0, 10_000, 10_000, 0]
    assert row(a, "B") == [0, 0, 0, 5_000, 5_000, 0]  # B's own I1 is paid, B's older I0 is not


def test_a_reference_to_another_customers_document_goes_to_the_pool(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 10_000, None),
          ("B", "invoice", "J1", "2025-06-10", "2025-07-10", 3_000, None),
          ("B", "receipt", "R1", "2025-06-20", None, -8_000, "I1"))
    a = aged(con, t)
    assert row(a, "A") == [0, 0, 0, 10_000, 10_000, 0]
    assert row(a, "B") == [0, 0, 0, 0, 0, 5_000]


def test_references_to_credit_missing_or_later_documents_go_to_the_pool(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 10_000, None),
          ("A", "invoice", "I2", "2025-06-01", "2025-07-01", 10_000, None),
          ("A", "invoice", "I3", "2025-07-05", "2025-08-05", 10_000, None),
          ("A", "credit_note", "C1", "2025-02-01", None, -1_000, None),
          ("A", "receipt", "R1", "2025-06-05", None, -2_000, "C1"),
          ("A", "receipt", "R2", "2025-06-06", None, -3_000, "NOPE"),
          ("A", "receipt", "R3", "2025-06-07", None, -500, "I3"))
    # the pool (6,500) pays the oldest invoice I1, not the referenced-later I3 or the newer I2
    assert row(aged(con, t), "A") == [10_000, 0, 0, 3_500, 13_500, 0]


def test_documents_after_as_of_do_not_count(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 10_000, None),
          ("A", "receipt", "R1", "2025-07-01", None, -10_000, "I1"),
          ("B", "invoice", "J1", "2025-07-01", "2025-07-31", 10_000, None))
    a = aged(con, t)
    assert row(a, "A") == [0, 0, 0, 10_000, 10_000, 0]
    assert "B" not in a.index


def test_over_settlement_is_pooled_and_applied_oldest_first(con):
    t = L(("A", "invoice", "I1", "2025-03-01", "2025-03-31", 10_000, None),
          ("A", "invoice", "I2", "2025-06-01", "2025-07-01", 5_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -9_000, "I2"),
          ("A", "receipt", "R2", "2025-06-11", None, -2_000, "I2"))
    # 6,000 over on I2 pays I1 down to 4,000 (91 days past due)
    assert row(aged(con, t), "A") == [0, 0, 0, 4_000, 4_000, 0]


def test_the_pool_left_over_is_unapplied_credit(con):
    t = L(("A", "invoice", "I1", "2025-06-01", "2025-07-01", 10_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -15_000, None),
          ("Z", "invoice", "Z1", "2025-01-01", "2025-01-31", 100, None),
          ("Z", "receipt", "ZR", "2025-01-02", None, -100, "Z1"))
    a = aged(con, t)
    assert row(a, "A") == [0, 0, 0, 0, 0, 5_000]
    assert "Z" not in a.index  # nothing open, nothing unapplied: not shown


def test_equal_dates_are_ordered_by_document_number_as_text(con):
    t = L(("A", "invoice", "I9", "2025-03-01", "2025-03-31", 10_000, None),
          ("A", "invoice", "I10", "2025-03-01", "2025-06-20", 10_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -12_000, None))
    # "I10" < "I9": I10 (1-30 days past due) is paid first, then 2,000 of I9 (91 days)
    assert row(aged(con, t), "A") == [0, 0, 0, 8_000, 8_000, 0]


def test_every_document_type_counts_with_its_sign(con):
    t = L(("A", "opening_balance", "OB", "2024-12-31", None, 7_000, None),
          ("A", "invoice", "I1", "2025-05-01", "2025-05-31", 10_000, None),
          ("A", "debit_note", "D1", "2025-06-01", "2025-06-30", 1_000, None),
          ("A", "write_off", "W1", "2025-06-02", None, -3_000, "OB"),
          ("A", "credit_note", "C1", "2025-06-03", None, -500, "D1"),
          ("B", "opening_credit", "OC", "2024-12-31", None, -4_000, None),
          ("B", "refund", "F1", "2025-06-15", None, 1_500, None),
          ("B", "invoice", "J1", "2025-06-20", "2025-07-20", 1_000, None))
    a = aged(con, t)
    # A: OB 4,000 left (181 days from its date: no due date), I1 10,000 (30 days), D1 500 not due
    assert row(a, "A") == [500, 10_000, 0, 4_000, 14_500, 0]
    # B: the opening credit pays the refund (older) and the invoice; 1,500 unapplied
    assert row(a, "B") == [0, 0, 0, 0, 0, 1_500]


def test_a_missing_due_date_ages_from_the_document_date(con):
    t = L(("A", "debit_note", "D1", "2025-04-15", None, 1_000, None),
          ("A", "invoice", "I1", "2025-04-15", "2025-07-15", 2_000, None))
    assert row(aged(con, t), "A") == [2_000, 0, 0, 1_000, 3_000, 0]


def test_by_invoice_date(con):
    t = L(("A", "invoice", "I1", "2025-06-30", "2025-07-30", 1_000, None),
          ("A", "invoice", "I2", "2025-05-31", "2025-06-30", 2_000, None),
          ("A", "invoice", "I3", "2025-05-30", "2025-06-29", 4_000, None),
          ("A", "invoice", "I4", "2025-01-01", "2025-01-31", 8_000, None),
          ("A", "receipt", "R1", "2025-06-01", None, -9_000, None))
    # 0-30, 31-60, >60: the pool pays I4 then 1,000 of I3
    assert row(aged(con, t, by="invoice"), "A") == [3_000, 3_000, 0, 6_000, 0]
    assert bucket_labels((30, 60), by="invoice") == ["0-30", "31-60", ">60"]


def test_settlement_groups_settle_each_other_oldest_first(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-03", 5_000, None),
          ("A", "invoice", "I3", "2025-06-01", "2025-07-01", 5_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -7_000, "I3"),
          clear_key=[None, "K1", " K1\u3000", "K1"], clear_date=[None, None, "2025-06-15", None])
    # canonical order: I1, I2, I3, R1. The group {I2, I3, R1} settles I2 then 2,000 of I3; R1's reference is not used
    assert row(aged(con, t), "A") == [3_000, 0, 0, 5_000, 8_000, 0]


def test_a_group_leaves_its_surplus_to_the_pool_and_keys_are_per_customer(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "invoice", "I2", "2025-06-01", "2025-07-01", 1_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -4_000, None),
          ("B", "invoice", "J1", "2025-06-01", "2025-07-01", 2_000, None),
          clear_key=["", "K", "K", "K"], clear_date=[None, "2025-06-30", "2025-06-30", None])
    a = aged(con, t)
    assert row(a, "A") == [0, 0, 0, 2_000, 2_000, 0]  # 3,000 surplus pays the ungrouped I1
    assert row(a, "B") == [2_000, 0, 0, 0, 2_000, 0]  # B's own "K" has no credit


def test_a_group_cleared_after_as_of_links_nothing_yet(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "invoice", "I2", "2025-06-01", "2025-07-01", 5_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -5_000, "I2"),
          clear_key=[pd.NA, "K", "K"], clear_date=[None, "2025-07-02", "2025-07-02"])
    assert row(aged(con, t), "A") == [0, 0, 0, 5_000, 5_000, 0]  # R1 settles I2 by its reference
    assert row(aged(con, t, as_of="2025-07-02"), "A") == [0, 0, 0, 5_000, 5_000, 0]


def test_blank_keys_are_no_group(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "invoice", "I2", "2025-06-01", "2025-07-01", 5_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -5_000, "I2"),
          clear_key=[" ", "\u3000\t", "\xa0"])
    assert row(aged(con, t), "A") == [0, 0, 0, 5_000, 5_000, 0]


def test_the_customer_name_is_that_of_its_first_document_of_the_period(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-03", 5_000, None))
    t["customer_name"] = pd.Series(["甲旧名", "甲公司"], dtype=object)
    register_ledger(con, t)
    assert age_sql(con, as_of="2025-06-30")["customer_name"].tolist() == ["甲旧名"]


def test_a_view_is_taken_in_the_order_of_its_source_lines(con):
    """A view (the SQL reader's ledger is one) has no rowid: its source_line orders the rows (here the table's
    rows are stored backwards), for the first name of a customer and the oldest-first settlement of a group."""
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "invoice", "I2", "2025-02-01", "2025-03-03", 5_000, None),
          ("A", "invoice", "I3", "2025-06-01", "2025-07-01", 5_000, None),
          ("A", "receipt", "R1", "2025-06-10", None, -7_000, "I3"),
          clear_key=[None, "K1", "K1", "K1"])
    t["customer_name"] = pd.Series(["甲旧名", "甲公司", "甲公司", "甲公司"], dtype=object)
    t["source_line"] = pd.array([2, 3, 4, 5], dtype="Int64")
    register_ledger(con, t.iloc[::-1].reset_index(drop=True), "stored")
    con.execute("CREATE VIEW shown AS SELECT * FROM stored")
    got = age_sql(con, "shown", as_of="2025-06-30", buckets=(30, 60))
    pd.testing.assert_frame_equal(got, age_receivables(t, as_of="2025-06-30", buckets=(30, 60)).table)
    assert got["customer_name"].tolist() == ["甲旧名"]


def test_nothing_to_show_is_an_empty_table_alike(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "receipt", "R1", "2025-01-10", None, -5_000, "I1"))
    got = aged(con, t)
    assert len(got) == 0
    register_ledger(con, t)
    assert age_sql(con, as_of="2024-12-31", buckets=(30, 60)).columns.tolist() == \
        ["customer_id", "customer_name", "not_due", "1-30", "31-60", ">60", "total", "unapplied"]


def test_documents_without_customer_or_number_are_left_to_the_python_aging(con):
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 5_000, None),
          ("A", "receipt", "R1", "2025-01-10", None, -1_000, None))
    for broken in (t.assign(doc_no=pd.Series([None, "R1"], dtype=object)),
                   t.assign(customer_id=pd.Series(["A", None], dtype=object))):
        register_ledger(con, broken)
        assert age_sql(con, as_of="2025-06-30") is None
    register_ledger(con, t.assign(doc_no=pd.Series([None, "R1"], dtype=object)))
    assert age_sql(con, as_of="2024-12-31") is not None  # the documents are after as_of
    register_ledger(con, t.assign(doc_no=pd.Series(["I1", None], dtype=object)))
    assert age_sql(con, as_of="2025-06-30") is not None  # a credit document needs no number


def test_bad_arguments_are_refused_as_age_receivables_refuses_them(con):
    register_ledger(con, sample_ledger(n_customers=2, months=2))
    with pytest.raises(ValueError, match="by must be 'due' or 'invoice'"):
        age_sql(con, as_of="2025-06-30", by="doc")
    with pytest.raises(ValueError, match="strictly increasing"):
        age_sql(con, as_of="2025-06-30", buckets=(60, 30))
    with pytest.raises(ValueError, match="as_of must be a valid date"):
        age_sql(con, as_of="2025-02-30")
    with pytest.raises(duckdb.CatalogException):
        age_sql(con, "no_such_table", as_of="2025-06-30")


def test_the_blank_class_is_what_str_strip_removes():
    blanks = {chr(i) for i in range(0x110000) if chr(i).isspace()}
    listed = {chr(int(h, 16)) for h in _SPACE_CLASS.strip("[]").replace("\\x{", " ").replace("}", "").split()}
    assert listed == blanks
    assert "regexp_replace(clear_key" in aging_query(as_of="2025-06-30")
    assert "regexp_replace" not in aging_query(as_of="2025-06-30", groups=False)


# ----------------------------------------------------------------------------- any canonical table

DAYS = list(pd.date_range("2025-01-01", periods=8, freq="15D"))
NUMBERS = ["I1", "I2", "I9", "I10", "R1", "R2", "N1", "W1", "X", "é1"]


@st.composite
def ledgers(draw):
    customers = draw(st.lists(st.sampled_from(["A", "B", "C0", "客户甲"]), min_size=1, max_size=3, unique=True))
    rows = []
    for cust in customers:
        numbers = draw(st.lists(st.sampled_from(NUMBERS), min_size=1, max_size=7, unique=True))
        for no in numbers:
            typ = draw(st.sampled_from(DEBIT_TYPES + CREDIT_TYPES))
            cents = draw(st.integers(0, 20_000) | st.sampled_from([0, 1, 5_000, 10_000]))
            debit = typ in DEBIT_TYPES
            day = draw(st.sampled_from(DAYS))
            due = draw(st.none() | st.integers(0, 90)) if debit else None
            ref = None if debit else draw(st.none() | st.sampled_from(NUMBERS + ["MISSING"]))
            key = draw(st.none() | st.sampled_from(["K1", " K1", "K2", "", "\u3000"]))
            clear = draw(st.none() | st.sampled_from(DAYS)) if key is not None else None
            rows.append({"customer_id": cust, "customer_name": draw(st.sampled_from([cust, cust + "公司"])),
                         "doc_type": typ, "doc_no": no, "doc_date": day,
                         "due_date": pd.NaT if due is None else day + pd.Timedelta(days=due),
                         "amount_cents": cents if debit else -cents, "ref_doc_no": ref,
                         "clear_key": key, "clear_date": clear})
    t = pd.DataFrame(rows)
    for c in ("doc_date", "due_date", "clear_date"):
        t[c] = pd.to_datetime(t[c]).astype("datetime64[ns]")
    t["clear_key"] = t["clear_key"].astype(object)
    if draw(st.booleans()):
        t = t.drop(columns=["clear_key", "clear_date"])
    return canonical_table(t)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(t=ledgers(), as_of=st.sampled_from(DAYS + [pd.Timestamp("2024-12-31"), pd.Timestamp("2025-12-31")]),
       by=st.sampled_from(["due", "invoice"]), buckets=st.sampled_from([(30, 60), (1, 15, 45), (30, 60, 90, 180, 365)]))
def test_any_canonical_table_ages_as_age_receivables_ages_it(con, t, as_of, by, buckets):
    register_ledger(con, t)
    got = age_sql(con, as_of=as_of, by=by, buckets=buckets)
    assert got is not None
    pd.testing.assert_frame_equal(got, age_receivables(t, as_of=as_of, by=by, buckets=buckets).table)
