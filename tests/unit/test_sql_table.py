"""The canonical ledger table to DuckDB and back (creditkit.receivables.sql_table)."""

import numpy as np
import pandas as pd
import pytest

from creditkit.cases import load_case, sample_ledger
from creditkit.errors import SchemaError
from creditkit.receivables.ledger import load_ledger
from creditkit.receivables.schema import CANONICAL_COLUMNS, canonical_table
from creditkit.receivables.sql_table import SQL_TYPES, ledger_frame, register_ledger

TEXT = ["customer_id", "customer_name", "doc_type", "doc_no", "ref_doc_no", "sales_rep", "memo", "clear_key"]


def as_loaded(t: pd.DataFrame) -> pd.DataFrame:
    """A canonical table with text as object columns and missing text as NaN, as load_ledger gives it."""
    t = t.copy()
    for c in TEXT:
        values = np.array(t[c].to_numpy(dtype=object), dtype=object)
        values[pd.isna(values)] = np.nan
        t[c] = pd.Series(values, dtype=object, index=t.index)
    return t.reset_index(drop=True)


def ledgers():
    yield "sample", sample_ledger()
    for case in ("jidian", "manufacturing", "retail"):
        yield case, load_case(case, n_customers=30, months=12).ledger


@pytest.mark.parametrize("name,table", list(ledgers()), ids=lambda v: v if isinstance(v, str) else "")
def test_round_trip_of_the_case_ledgers(con, name, table):
    register_ledger(con, table)
    back = ledger_frame(con)
    pd.testing.assert_frame_equal(back, as_loaded(table))
    assert back.columns.tolist() == CANONICAL_COLUMNS


def test_the_sql_types_are_the_contract(con):
    register_ledger(con, sample_ledger(n_customers=3, months=3))
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'ledger' ORDER BY ordinal_position").fetchall())
    assert types == SQL_TYPES
    assert list(types) == CANONICAL_COLUMNS


def test_round_trip_of_a_loaded_ledger(con, tmp_path):
    p = tmp_path / "ar.csv"
    p.write_text("客户编码,客户名称,单据类型,单据号,单据日期,到期日,金额,核销单号,业务员,账期,备注\n"
                 "C2,乙公司,销售发票,I9,2025-02-01,2025-03-03,\"1,000.50\",,李娜,30,首单\n"
                 "C1,甲公司,销售发票,I1,2025-01-01,2025-01-31,200.00,,张伟,,\n"
                 "C1,甲公司,收款单,R1,2025-01-15,,150.00,I1,,,\n", encoding="utf-8")
    t = load_ledger(p).table
    register_ledger(con, t)
    pd.testing.assert_frame_equal(ledger_frame(con), as_loaded(t))


def test_nulls_and_keys_survive(con):
    t = canonical_table(pd.DataFrame({
        "customer_id": ["A", "A", "B"], "customer_name": ["甲", "甲", "乙"],
        "doc_type": ["invoice", "receipt", "opening_credit"], "doc_no": ["I1", "R1", "OC"],
        "doc_date": pd.to_datetime(["2025-01-01", "2025-01-05", "2024-12-31"]),
        "due_date": pd.to_datetime(["2025-01-31", None, None]), "amount_cents": [10_000, -4_000, -99],
        "ref_doc_no": [None, "I1", None], "terms": pd.array([30, None, None], dtype="Int64"),
        "clear_key": [pd.NA, "K1", pd.NA], "clear_date": pd.to_datetime([None, "2025-01-06", None]),
        "source_line": pd.array([2, 3, 4], dtype="Int64")}))
    register_ledger(con, t)
    rows = con.execute("SELECT doc_no, due_date IS NULL, ref_doc_no, terms, clear_key, clear_date, source_line "
                       "FROM ledger").fetchall()
    assert [r[:5] for r in rows] == [("I1", False, None, 30, None), ("R1", True, "I1", None, "K1"),
                                     ("OC", True, None, None, None)]
    assert [r[6] for r in rows] == [2, 3, 4]
    back = ledger_frame(con)
    assert back["terms"].dtype == "Int64" and back["source_line"].dtype == "Int64"
    assert back["ref_doc_no"].isna().tolist() == [True, False, True]
    pd.testing.assert_frame_equal(back, as_loaded(t))


def test_an_empty_ledger_round_trips(con):
    t = sample_ledger(n_customers=2, months=2).iloc[:0]
    register_ledger(con, t)
    back = ledger_frame(con)
    assert len(back) == 0 and back.columns.tolist() == CANONICAL_COLUMNS
    assert back["doc_date"].dtype == "datetime64[ns]" and back["amount_cents"].dtype == "int64"


def test_registering_replaces_a_table_of_that_name(con):
    register_ledger(con, sample_ledger(n_customers=3, months=3), name="my ledger")
    register_ledger(con, sample_ledger(n_customers=2, months=2).iloc[:5], name="my ledger")
    assert con.execute('SELECT count(*) FROM "my ledger"').fetchone()[0] == 5


def test_values_that_do_not_fit_the_sql_types_are_refused(con):
    t = sample_ledger(n_customers=2, months=2)
    timed = t.assign(doc_date=t["doc_date"] + pd.Timedelta(hours=5))
    with pytest.raises(SchemaError, match="doc_date holds a time of day"):
        register_ledger(con, timed)
    big = t.assign(terms=pd.array([2**40] * len(t), dtype="Int64"))
    with pytest.raises(SchemaError, match="terms cannot be held as SQL INTEGER"):
        register_ledger(con, big)
    with pytest.raises(SchemaError, match=r"lacks column\(s\) \['source_line'\]"):
        register_ledger(con, t.drop(columns="source_line"))
