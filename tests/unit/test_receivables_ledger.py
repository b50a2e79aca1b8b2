"""Tests of creditkit.receivables.reading and .ledger: reading messy ERP exports into the canonical table."""

from pathlib import Path

import pandas as pd
import pytest

from creditkit.errors import LedgerError, ParameterError, SchemaError
from creditkit.receivables.ledger import ledger_from_frame, load_ledger
from creditkit.receivables.schema import CANONICAL_COLUMNS, validate_ledger

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"
HEAD = "客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额,核销单据号\n"


def write(tmp_path, text, name="ar.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_messy_gbk_fixture():
    led = load_ledger(FIX / "messy_gbk.csv")
    t = led.table
    assert t.columns.tolist() == CANONICAL_COLUMNS
    assert t["amount_cents"].dtype == "int64"
    assert len(t) == 10
    row = t.set_index("doc_no").loc["XS-0001"]
    assert row["customer_id"] == "C001" and row["customer_name"] == "上海华东机电有限公司"
    assert row["amount_cents"] == 1130000 and row["doc_date"] == pd.Timestamp("2025-01-03")
    assert row["sales_rep"] == "张伟" and row["terms"] == 30 and row["source_line"] == 3
    by = t.set_index("doc_no")
    assert by.loc["SK-0001", "amount_cents"] == -600000 and by.loc["SK-0001", "ref_doc_no"] == "XS-0001"
    assert by.loc["HZ-0001", "doc_type"] == "credit_note" and by.loc["HZ-0001", "amount_cents"] == -260000
    assert by.loc["SK-0002", "amount_cents"] == -2500000  # positive in the file, direction from the type
    assert by.loc["XS-0003", "doc_date"] == pd.Timestamp("2025-02-12")  # Excel serial 45700
    assert by.loc["XS-0002", "due_date"] == pd.Timestamp("2025-04-14")  # 2025-03-15 + 30 days terms
    assert by.loc["TK-0001", "doc_type"] == "refund" and by.loc["TK-0001", "due_date"] == pd.Timestamp("2025-06-24")
    assert pd.isna(by.loc["SK-0004", "due_date"])
    r = led.reconciliation
    assert (r.rows_read, r.documents, r.rejected_rows, r.summary_rows, r.blank_rows) == (11, 10, 0, 1, 1)
    assert (r.invoiced_cents, r.received_cents, r.credited_cents, r.refunded_cents) == (4755000, 3500000, 260000, 50000)
    assert r.derived_due_dates == 2 and r.balanced
    assert led.dropped["line"].tolist() == [14]
    assert "gb18030" in r.summary()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings(tmp_path, encoding):
    p = write(tmp_path, HEAD + "C1,甲公司,销售发票,X1,2025-01-01,2025-01-31,100,\n", encoding=encoding)
    assert load_ledger(p).table["customer_name"].tolist() == ["甲公司"]


def test_encoding_override(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲公司,销售发票,X1,2025-01-01,2025-01-31,100,\n", encoding="gbk")
    with pytest.raises(LedgerError, match="cannot decode"):
        load_ledger(p, encoding="utf-8")


def test_english_headers_and_tabs(tmp_path):
    text = ("Customer ID\tCustomer Name\tType\tDocument No\tDate\tDue Date\tAmount\tApplies To\tSales Rep\n"
            "A\tAcme\tInvoice\tI1\t2025-01-01\t2025-01-31\t1,000.00\t\tBob\n"
            "A\tAcme\tPayment\tP1\t2025-01-10\t\t-250\tI1\tBob\n")
    t = load_ledger(write(tmp_path, text)).table
    assert t["doc_type"].tolist() == ["invoice", "receipt"]
    assert t["amount_cents"].tolist() == [100000, -25000]


@pytest.mark.parametrize(
    "word, canon",
    [("应收单", "invoice"), ("增值税专用发票", "invoice"), ("收款单", "receipt"), ("预收款", "receipt"),
     ("红字发票", "credit_note"), ("销售退货", "credit_note"), ("退款", "refund"), ("期初余额", "opening_balance"),
     ("坏账核销", "write_off"), ("Credit Memo", "credit_note"), (" 借项通知单 ", "debit_note")],
)
def test_doc_type_words(tmp_path, word, canon):
    p = write(tmp_path, HEAD + f"C1,甲,{word},D1,2025-01-01,2025-01-31,100,\n")
    assert load_ledger(p).table["doc_type"].tolist() == [canon]


def test_negative_invoice_is_red_invoice(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,2025-01-01,2025-01-31,100,\nC1,甲,销售发票,X2,2025-01-05,,-30,X1\n")
    led = load_ledger(p)
    assert led.table.set_index("doc_no").loc["X2", "doc_type"] == "credit_note"
    assert led.reconciliation.reclassified == 1


def test_header_aliases_preference(tmp_path):
    # 价税合计 preferred over 金额 when only one is an alias; 开票日期 recognised
    text = "客户编号,客户,单据类型,单号,开票日期,到期日期,本币金额,业务员\nC1,甲,发票,X1,2025-01-01,2025-01-31,100,李\n"
    t = load_ledger(write(tmp_path, text)).table
    assert t.iloc[0][["customer_id", "customer_name", "doc_no", "sales_rep"]].tolist() == ["C1", "甲", "X1", "李"]


def test_stray_spaces_and_fullwidth_codes(tmp_path):
    p = write(tmp_path, HEAD + " Ｃ1 ,\u3000甲公司 , 销售发票 , X1 ,2025-01-01,2025-01-31, 100 ,\n")
    t = load_ledger(p).table
    assert t.iloc[0][["customer_id", "customer_name", "doc_no"]].tolist() == ["C1", "甲公司", "X1"]


def test_names_filled_and_ids_from_names(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,2025-01-01,2025-01-31,100,\nC1,,收款单,R1,2025-01-02,,100,X1\n")
    assert load_ledger(p).table["customer_name"].tolist() == ["甲", "甲"]
    text = "客户名称,单据类型,单据编号,单据日期,到期日,金额\n乙公司,发票,X1,2025-01-01,2025-01-31,5\n"
    assert load_ledger(write(tmp_path, text, "b.csv")).table["customer_id"].tolist() == ["乙公司"]


def test_summary_rows_dropped(tmp_path):
    text = HEAD + ("C1,甲,销售发票,X1,2025-01-01,2025-01-31,100,\n"
                   "C1 小计,,,,,,100,\n"
                   ",客户合计,,,,,100,\n"
                   "Total,,,,,,100,\n"
                   "总计：,,,,,,100,\n")
    led = load_ledger(write(tmp_path, text))
    assert len(led.table) == 1
    assert led.reconciliation.summary_rows == 4
    assert led.dropped["line"].tolist() == [3, 4, 5, 6]


def test_missing_due_date_uses_customer_terms_then_default(tmp_path):
    text = ("客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额,账期\n"
            "C1,甲,发票,X1,2025-01-01,,100,月结60天\n"
            "C1,甲,发票,X2,2025-01-01,,100,\n"
            "C2,乙,发票,X3,2025-01-01,,100,\n")
    led = load_ledger(write(tmp_path, text), default_terms=10)
    due = led.table.set_index("doc_no")["due_date"].dt.strftime("%Y-%m-%d").to_dict()
    assert due == {"X1": "2025-03-02", "X2": "2025-03-02", "X3": "2025-01-11"}
    assert led.reconciliation.derived_due_dates == 3
    assert any("1 with the default 10 days" in n for n in led.reconciliation.notes)


def test_debit_credit_columns(tmp_path):
    text = "客户编码,客户名称,单据类型,单据编号,单据日期,到期日,借方金额,贷方金额,核销单据号\n" \
           "C1,甲,发票,X1,2025-01-01,2025-01-31,100,,\nC1,甲,收款单,R1,2025-01-05,,,60,X1\n"
    assert load_ledger(write(tmp_path, text)).table["amount_cents"].tolist() == [10000, -6000]


def test_invoice_level_export_with_yaml_map():
    led = load_ledger(FIX / "invoice_level.csv", columns=FIX / "invoice_level.yaml")
    t = led.table
    derived = t[t["doc_type"] == "receipt"]
    assert len(derived) == 3 and led.reconciliation.derived_receipts == 3
    r = derived.set_index("ref_doc_no").loc["7900770"]
    assert r["doc_date"] == pd.Timestamp("2013-03-03") and r["amount_cents"] == -6174
    assert led.reconciliation.documents == 8 and led.reconciliation.balanced


def test_invoice_level_paid_amount(tmp_path):
    text = "客户编码,客户名称,单据编号,单据日期,到期日,金额,回款日期,已收金额\n" \
           "C1,甲,X1,2025-01-01,2025-01-31,100,2025-02-10,40\nC1,甲,X2,2025-01-01,2025-01-31,100,,\n"
    t = load_ledger(write(tmp_path, text)).table
    assert t.loc[t["doc_type"] == "receipt", "amount_cents"].tolist() == [-4000]


def test_columns_dict_and_errors(tmp_path):
    text = "cust,no,dt,amt\nA,1,2025-01-01,5\n"
    p = write(tmp_path, text)
    led = load_ledger(p, columns={"customer_id": "cust", "doc_no": "no", "doc_date": "dt", "amount": "amt"})
    assert led.table["amount_cents"].tolist() == [500]
    with pytest.raises(ParameterError, match="unknown canonical name 'customer'"):
        load_ledger(p, columns={"customer": "cust"})
    with pytest.raises(SchemaError, match="not found: doc_no: nope"):
        load_ledger(p, columns={"customer_id": "cust", "doc_no": "nope", "doc_date": "dt", "amount": "amt"})
    with pytest.raises(TypeError, match="columns must be"):
        load_ledger(p, columns=5)


def test_excel_sheet(tmp_path):
    p = tmp_path / "ar.xlsx"
    df = pd.DataFrame({"客户编码": ["C1", "C1"], "客户名称": ["甲", "甲"], "单据类型": ["销售发票", "收款单"],
                       "单据编号": ["X1", "R1"], "单据日期": [pd.Timestamp("2025-01-03"), 45700],
                       "到期日": [pd.Timestamp("2025-02-02"), None], "价税合计": [1234.5, 200],
                       "核销单据号": [None, "X1"]})
    with pd.ExcelWriter(p) as w:
        pd.DataFrame({"x": [1]}).to_excel(w, sheet_name="说明", index=False)
        df.to_excel(w, sheet_name="明细", index=False)
    t = load_ledger(p, sheet="明细").table
    assert t["amount_cents"].tolist() == [123450, -20000]
    assert t["doc_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-03", "2025-02-12"]
    assert t["source_line"].tolist() == [2, 3]


BAD_CASES = [
    ("C1,甲,销售发票,X1,2025-02-30,2025-03-31,100,\n", 2, "单据日期", "X1", "2025-02-30", "impossible"),
    ("C1,甲,销售发票,X1,2025-01-01,2025-01-31,12.3.4,\n", 2, "金额", "X1", "12.3.4", "unparseable amount"),
    ("C1,甲,调拨单,X1,2025-01-01,2025-01-31,100,\n", 2, "单据类型", "X1", "调拨单", "unknown document type"),
    ("C1,甲,销售发票,X1,2025-01-01,2025-01-31,100,\nC1,甲,销售发票,X1,2025-01-02,2025-01-31,5,\n",
     3, "单据编号", "X1", "X1", "duplicate document number"),
    ("C1,甲,收款单,R1,2025-01-01,,100,X9\n", 2, "核销单据号", "R1", "X9", "unknown invoice"),
    ("C1,甲,销售发票,X1,2025-01-01,2025-01-31,100,\nC2,乙,收款单,R1,2025-01-05,,100,X1\n",
     3, "核销单据号", "R1", "X1", "another customer"),
    ("C1,甲,销售发票,X1,2025-01-05,2025-01-01,100,\n", 2, "到期日", "X1", "2025-01-01", "due date before"),
    ("C1,甲,销售发票,,2025-01-01,2025-01-31,100,\n", 2, "单据编号", None, "", "missing document number"),
    ("C1,甲,销售发票,X1,2025-01-01,2025-01-31,,\n", 2, "金额", "X1", "", "missing amount"),
]


@pytest.mark.parametrize("rows, line, column, doc_no, value, reason", BAD_CASES)
def test_bad_rows_raise_with_location(tmp_path, rows, line, column, doc_no, value, reason):
    p = write(tmp_path, HEAD + rows, encoding="gbk")
    with pytest.raises(LedgerError, match=reason) as exc:
        load_ledger(p)
    e = exc.value
    assert (e.file, e.line, e.column, e.doc_no, e.value) == (str(p), line, column, doc_no, value)
    assert str(p) in str(e) and f"line {line}" in str(e)


@pytest.mark.parametrize("rows, line, column, doc_no, value, reason", BAD_CASES)
def test_bad_rows_reported(tmp_path, rows, line, column, doc_no, value, reason):
    p = write(tmp_path, HEAD + rows + "C7,丙,销售发票,OK1,2025-01-01,2025-01-31,7,\n")
    led = load_ledger(p, errors="report")
    assert line in led.rejected["line"].tolist()
    assert led.rejected["reason"].str.contains(reason).any()
    assert "OK1" in led.table["doc_no"].tolist()
    r = led.reconciliation
    assert r.balanced and r.rejected_rows >= 1
    assert r.rows_read == r.documents_from_file + r.rejected_rows + r.summary_rows


def test_reference_to_rejected_invoice_is_rejected(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,2025-01-01,2025-01-31,1x,\nC1,甲,收款单,R1,2025-01-05,,100,X1\n")
    led = load_ledger(p, errors="report")
    assert led.table.empty
    assert sorted(led.rejected["reason"]) == ["references a rejected document", "unparseable amount"]
    assert led.reconciliation.rejected_cents == 10000 and led.reconciliation.balanced


def test_error_message_counts_more_rows(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,2025-02-30,2025-03-31,100,\nC1,甲,销售发票,X2,2025-01-01,2025-01-31,x,\n")
    with pytest.raises(LedgerError, match=r"1 more bad rows"):
        load_ledger(p)


def test_bad_arguments(tmp_path):
    p = write(tmp_path, HEAD)
    with pytest.raises(ValueError, match="errors must be"):
        load_ledger(p, errors="ignore")
    with pytest.raises(ValueError, match="default_terms"):
        load_ledger(p, default_terms=-1)
    with pytest.raises(TypeError, match="path must be"):
        load_ledger(5)
    with pytest.raises(FileNotFoundError):
        load_ledger(tmp_path / "nope.csv")
    with pytest.raises(SchemaError, match="no header row"):
        load_ledger(write(tmp_path, "a,b\n1,2\n", "x.csv"))
    with pytest.raises(SchemaError, match="no doc_date"):
        load_ledger(write(tmp_path, "客户编码,单据编号,金额\nC1,X1,5\n", "y.csv"))


def test_ledger_from_frame_and_validate():
    raw = pd.DataFrame({"customer_id": ["A"], "doc_type": ["invoice"], "doc_no": ["I1"],
                        "doc_date": ["2025-01-01"], "due_date": ["2025-01-31"], "amount": ["1.5"]})
    t = ledger_from_frame(raw).table
    assert validate_ledger(t) is t
    with pytest.raises(TypeError):
        ledger_from_frame("x")
    with pytest.raises(TypeError):
        validate_ledger([1])
    with pytest.raises(SchemaError, match="lacks column"):
        validate_ledger(t.drop(columns="doc_no"))
    with pytest.raises(SchemaError, match="integer cents"):
        validate_ledger(t.assign(amount_cents=1.5))
    with pytest.raises(SchemaError, match="wrong sign"):
        validate_ledger(t.assign(amount_cents=-150))
    with pytest.raises(SchemaError, match="unknown value"):
        validate_ledger(t.assign(doc_type="memo"))
    with pytest.raises(SchemaError, match="duplicate"):
        validate_ledger(pd.concat([t, t]))
    with pytest.raises(SchemaError, match="datetime64"):
        validate_ledger(t.assign(doc_date="2025-01-01"))


# ---------------------------------------------------------------- property test: every load reconciles

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_words = st.sampled_from(["销售发票", "收款单", "红字发票", "退款", "应收单", "调拨单"])
_dates = st.sampled_from(["2025-01-03", "2025/2/28", "2025年3月1日", "20250401", "45700", "2025-02-30", ""])
_amounts = st.one_of(st.integers(-10**8, 10**8).map(lambda c: f"{c / 100:,.2f}"),
                     st.sampled_from(["(1,234.50)", "￥99.90", "12,3x", ""]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["C1", "C2", "C3"]), _words, st.integers(0, 15), _dates, _amounts,
                          st.sampled_from(["", "D0", "D1", "D2"])), min_size=1, max_size=25),
       st.booleans())
@example(rows=[("C1", "调拨单", 0, "2025-01-03", "0.00", "")] * 3, with_total=False)
def test_every_load_reconciles(tmp_path, rows, with_total):
    lines = [HEAD.strip()]
    for cust, word, no, d, amt, ref in rows:
        lines.append(f'{cust},{cust}名,{word},D{no},{d},,"{amt}",{ref}')
    if with_total:
        lines.append("合计,,,,,,1,")
    p = tmp_path / "prop.csv"
    p.write_text("\n".join(lines) + "\n", encoding="gbk")
    if len(rows) >= 3 and all(word == "调拨单" for _, word, *_ in rows):
        # a type column none of whose words is known stops the run, naming the column and the fix
        with pytest.raises(SchemaError, match=r"no document type could be read in column '单据类型'.*--columns"):
            load_ledger(p, errors="report")
        return
    led = load_ledger(p, errors="report")
    r = led.reconciliation
    assert r.balanced
    assert r.rows_read == len(rows) + with_total
    assert r.summary_rows == int(with_total)
    assert r.documents_from_file + r.rejected_rows + r.summary_rows == r.rows_read
    assert r.rejected_rows == led.rejected["line"].nunique()
    # what was kept is exactly the document table, and it ages to its own balance
    if len(led.table):
        from creditkit.receivables.aging import age_receivables

        res = age_receivables(led, as_of="2025-12-31")
        tot = res.totals()
        assert int(tot["total"] - tot["unapplied"]) == int(led.table["amount_cents"].sum())
        kept = led.table[led.table["doc_type"] != "receipt"]
        assert (r.invoiced_cents + r.refunded_cents - r.credited_cents
                == int(kept["amount_cents"].sum()))


def test_customer_named_like_a_total_is_kept(tmp_path):
    text = HEAD + "C1,合计电子有限公司,销售发票,X1,2025-01-01,2025-01-31,100,\n合计,,,,,,100,\n"
    led = load_ledger(write(tmp_path, text))
    assert led.table["customer_name"].tolist() == ["合计电子有限公司"]
    assert led.reconciliation.summary_rows == 1


def test_terms_text_and_paid_without_date_column(tmp_path):
    text = ("客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额,账期\n"
            "C1,甲,发票,X1,2025-01-01,,100,2/10 net 30\nC2,乙,发票,X2,2025-01-01,,100,Net 45\n")
    t = load_ledger(write(tmp_path, text)).table
    assert t["terms"].tolist() == [30, 45]
    text = "客户编码,客户名称,单据编号,单据日期,到期日,金额,已收金额\nC1,甲,X1,2025-01-01,2025-01-31,100,40\n"
    with pytest.raises(SchemaError, match="needs a settled-date column"):
        load_ledger(write(tmp_path, text, "p.csv"))


@pytest.mark.parametrize("name", ["深圳市累计电子有限公司", "广州小计贸易", "合计", "Total Solutions Ltd"])
def test_blank_numbered_invoice_of_a_summary_like_customer_is_refused_not_dropped(tmp_path, name):
    text = ("客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额\n"
            f"C1,{name},销售发票,XS1,2025-01-03,,100\n"
            f"C1,{name},销售发票,,2025-01-04,,250\n"
            "合计,,,,,,350\n")
    with pytest.raises(LedgerError, match=r"ar\.csv, line 3, column '单据编号'.*missing document number"):
        load_ledger(write(tmp_path, text))
    led = load_ledger(write(tmp_path, text), errors="report")
    assert led.reconciliation.summary_rows == 1 and led.rejected["line"].tolist() == [3]


@pytest.mark.parametrize("terms, reason", [("99999999999999999999", "credit terms out of range"),
                                           ("30天" * 40 + "9" * 25, "credit terms out of range"),
                                           ("-45", "negative credit terms"), ("现结", "unreadable credit terms")])
def test_junk_terms_are_refused_naming_line_and_column(tmp_path, terms, reason):
    text = ("客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额,账期\n"
            "C1,甲,发票,X1,2025-01-01,,100,30\n"
            f"C1,甲,发票,X2,2025-01-01,,100,{terms}\n")
    with pytest.raises(LedgerError, match=rf"ar\.csv, line 3, column '账期'.*{reason}"):
        load_ledger(write(tmp_path, text))


def _two_customers(doc_nos, dtype):
    return pd.DataFrame({
        "customer_id": pd.array(["B", "A", "B"], dtype=dtype), "customer_name": pd.array(["乙", "甲", "乙"], dtype=dtype),
        "doc_type": pd.array(["invoice"] * 3, dtype=dtype), "doc_no": pd.array(doc_nos, dtype=dtype),
        "doc_date": pd.to_datetime(["2025-01-02", "2025-01-05", "2025-01-01"]),
        "due_date": pd.to_datetime(["2025-02-01"] * 3), "amount_cents": [300, 100, 200]})


@pytest.mark.parametrize("dtype", [object, "str"])
def test_canonical_table_sorts_and_shares_one_string_per_customer(dtype):
    from creditkit.receivables.schema import canonical_table

    t = canonical_table(_two_customers(["I1", "I1", "I2"], dtype))
    assert t["doc_no"].tolist() == ["I1", "I2", "I1"] and t["amount_cents"].tolist() == [100, 200, 300]
    assert [t[c].dtype for c in ("customer_id", "customer_name", "doc_type", "doc_no")] == [object] * 4
    assert t["customer_id"].iat[1] is t["customer_id"].iat[2]  # one object per distinct code, whatever the input
    assert t.columns.tolist() == CANONICAL_COLUMNS


@pytest.mark.parametrize("dtype", [object, "str"])
def test_canonical_table_refuses_a_number_twice_for_one_customer(dtype):
    from creditkit.receivables.schema import canonical_table

    with pytest.raises(SchemaError, match="ar.csv: duplicate doc_no 'I1' of customer 'B'"):
        canonical_table(_two_customers(["I1", "I9", "I1"], dtype), name="ar.csv")
