"""Never silently wrong: every rule by which a load stops, or reports, instead of taking a wrong number."""

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from creditkit.cli import main
from creditkit.errors import LedgerError, SchemaError
from creditkit.receivables.ledger import load_ledger

FIX_ERP = Path(__file__).resolve().parents[1] / "fixtures" / "erp"

HEAD = "客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额\n"


def write(tmp_path, text, name="ar.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_text(text, encoding=encoding)
    return p


def run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def test_decimal_comma_decided_from_the_whole_column(tmp_path):
    # "1.500" alone could be 1.5 or 1500; "2.345,60" in the same column says the comma is the decimal mark
    text = "Kunde;Belegart;Belegnummer;Belegdatum;Betrag\n" \
           "K1;RV;1;01.02.2025;1.500\nK1;RV;2;02.02.2025;2.345,60\nK1;DZ;3;03.02.2025;50.000,00-\n"
    p = write(tmp_path, text)
    t = load_ledger(p, columns={"columns": {"customer_id": "Kunde", "doc_type": "Belegart", "doc_no": "Belegnummer",
                                "doc_date": "Belegdatum", "amount": "Betrag"}, "types": {"RV": "invoice", "DZ": "receipt"}}).table
    assert t["amount_cents"].tolist() == [150000, 234560, -5000000]


def test_undecidable_decimal_mark_stops_naming_the_column(tmp_path):
    p = write(tmp_path, HEAD + 'C1,甲,销售发票,X1,2025-01-01,2025-01-31,"1,234"\nC1,甲,销售发票,X2,2025-01-02,2025-02-01,"2,500"\n')
    code, out, err = run_cli("aging", p, "--as-of", "2025-06-30")
    assert code == 2 and out == ""
    assert "decimal mark of column '金额'" in err and "--columns FILE.yaml" in err and 'decimal: ","' in err
    yaml_map = write(tmp_path, 'decimal: "."\n', "map.yaml")
    assert load_ledger(p, columns=yaml_map).table["amount_cents"].tolist() == [123400, 250000]


def test_decimal_marks_that_disagree_stop(tmp_path):
    p = write(tmp_path, HEAD + 'C1,甲,销售发票,X1,2025-01-01,2025-01-31,"1,234.50"\n'
                             'C1,甲,销售发票,X2,2025-01-02,2025-02-01,"1.234,50"\n')
    with pytest.raises(SchemaError, match="values that disagree: '1,234.50' and '1.234,50'"):
        load_ledger(p)


def test_amounts_out_of_range_are_refused_with_their_place(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,2025-01-01,2025-01-31,100\n"
                             "C1,甲,销售发票,X2,2025-01-01,2025-01-31,12345678901234567.00\n")
    with pytest.raises(LedgerError) as exc:
        load_ledger(p)
    assert exc.value.line == 3 and exc.value.column == "金额" and "out of range" in str(exc.value)


def test_a_type_like_column_that_is_not_read_stops(tmp_path):
    text = "客户编码,单据编号,单据日期,金额,Voucher Type\nC1,X1,2025-01-01,100,Sales Invoice\nC1,R1,2025-01-05,40,Payment\n"
    with pytest.raises(SchemaError, match="column 'Voucher Type' looks like document types") as exc:
        load_ledger(write(tmp_path, text))
    assert "--columns FILE.yaml" in str(exc.value) and "doc_type: Voucher Type" in str(exc.value)


def test_a_file_where_no_type_could_be_read_stops(tmp_path):
    rows = "".join(f"C1,甲,{w},X{i},2025-01-0{i + 1},2025-02-01,10\n" for i, w in enumerate(["甲类", "乙类", "丙类"]))
    with pytest.raises(SchemaError, match="no document type could be read in column '单据类型'") as exc:
        load_ledger(write(tmp_path, HEAD + rows))
    assert "types:\n    甲类: invoice" in str(exc.value)
    yaml_map = write(tmp_path, "types:\n  甲类: invoice\n  乙类: invoice\n  丙类: receipt\n", "map.yaml")
    t = load_ledger(write(tmp_path, HEAD + rows), columns=yaml_map).table
    assert t["doc_type"].tolist() == ["invoice", "invoice", "receipt"]


def test_the_files_own_total_is_checked_and_a_mismatch_reported(tmp_path):
    ok = HEAD + "C1,甲,销售发票,X1,2025-01-01,2025-01-31,100\nC1,甲,收款单,R1,2025-01-05,,40\n合计,,,,,,60\n"
    led = load_ledger(write(tmp_path, ok))
    assert (led.reconciliation.totals_checked, led.reconciliation.totals_mismatched) == (1, 0)
    code, out, err = run_cli("aging", write(tmp_path, ok.replace(",60\n", ",600\n"), "bad.csv"), "--as-of",
                             "2025-06-30")
    assert code == 0
    assert "says 600.00 but the rows read sum to 60.00" in err and "TOTALS DISAGREE" in err


def test_a_running_balance_that_disagrees_is_reported(tmp_path):
    text = ("客户编码,客户名称,单据类型,单据编号,业务日期,摘要,到期日,借方,贷方,方向,余额\n"
            "C1,甲,,,2025-01-01,期初余额,,,,借,100\n"
            "C1,甲,销售发票,X1,2025-01-03,货款,2025-02-02,50,,借,150\n"
            "C1,甲,收款单,R1,2025-01-09,收款,,,30,借,120\n")
    led = load_ledger(write(tmp_path, text))
    assert led.reconciliation.totals_mismatched == 0, led.reconciliation.summary()
    assert led.table.set_index("doc_no").loc["期初余额", "amount_cents"] == 10000
    led = load_ledger(write(tmp_path, text.replace("借,120", "借,102"), "b.csv"))
    assert led.reconciliation.totals_mismatched == 1
    assert any("says 102.00, the rows read give 120.00" in n for n in led.reconciliation.notes)


def test_errors_report_that_rejects_every_row_exits_2(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,2025-02-30,2025-01-31,100\nC1,甲,销售发票,X2,2025-13-01,,100\n")
    code, out, err = run_cli("aging", p, "--as-of", "2025-06-30", "--errors", "report")
    assert code == 2 and out == ""
    assert "every row of" in err and "--columns FILE.yaml" in err and "--profile NAME" in err


def test_errors_name_the_cli_flags(tmp_path):
    p = write(tmp_path, "a,b\n1,2\n")
    code, out, err = run_cli("aging", p, "--as-of", "2025-06-30")
    assert code == 2 and "--columns FILE.yaml" in err and "--profile NAME" in err and "columns=" not in err
    p = write(tmp_path, HEAD.replace("单据编号,", "") + "C1,甲,销售发票,2025-01-01,2025-01-31,1\n", "c.csv")
    code, out, err = run_cli("aging", p, "--as-of", "2025-06-30")
    assert code == 2 and "no doc_no column" in err and "'doc_no: 发票号'" in err
    bad = HEAD + "C1,甲,销售发票,X1,2025-02-30,2025-03-31,100\nC1,甲,销售发票,X2,2025-02-31,2025-03-31,100\n"
    code, out, err = run_cli("aging", write(tmp_path, bad, "d.csv"), "--as-of", "2025-06-30")
    assert code == 2 and "--errors report lists them" in err


def test_ambiguous_day_month_order_stops(tmp_path):
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,01/02/2025,03/04/2025,100\n")
    with pytest.raises(SchemaError, match="order of day and month") as exc:
        load_ledger(p)
    assert 'date_format: "%d/%m/%Y"' in str(exc.value)
    p = write(tmp_path, HEAD + "C1,甲,销售发票,X1,01/02/2025,03/04/2025,100\nC1,甲,销售发票,X2,25/02/2025,,5\n", "b.csv")
    assert load_ledger(p).table["doc_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-02-01", "2025-02-25"]


def test_column_map_types_ignore_split_dates_and_open_amount(tmp_path):
    # the map of the README: numbers named, the open balance chosen, split dates, type words, a column ignored
    text = ("客户,单据,发票号,年,月,日,金额,未收金额,原币金额\n"
            "甲,调拨单,F1,2025,3,1,\"1.000,00\",\"400,00\",9\n"
            "甲,收款单,R1,2025,3,5,\"50,00\",\"50,00\",9\n")
    p = write(tmp_path, text)
    m = write(tmp_path, "columns:\n  doc_no: 发票号\n  doc_type: 单据\n  open_amount: 未收金额\n  year: 年\n"
                        "  month: 月\n  day: 日\ntypes:\n  调拨单: invoice\nignore: [原币金额]\ndecimal: \",\"\n",
              "map.yaml")
    led = load_ledger(p, columns=m)
    t = led.table
    assert t["amount_cents"].tolist() == [40000, -5000]
    assert t["doc_date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-01", "2025-03-05"]
    assert any("'未收金额' is what is owed" in n for n in led.reconciliation.notes)
    bad = write(tmp_path, "types:\n  调拨单: transfer\n", "bad.yaml")
    with pytest.raises(Exception, match=r"bad.yaml, line 2.*'调拨单' must map to one of invoice"):
        load_ledger(p, columns=bad)


def test_xero_contact_named_total_is_a_contact(tmp_path):
    text = ("Aged Receivables Detail\nDemo Co\nAs at 31 March 2025\nAgeing by due date\n\n"
            "Invoice Date,Invoice Number,Invoice Reference,Due Date,Current,< 1 Month,1 Month,2 Months,3 Months,"
            "Older,Total\n"
            "Total Energies Ltd,,,,,,,,,,\n5 Jan 2025,INV-1,,20 Jan 2025,,,,100.00,,,100.00\n"
            "Total Total Energies Ltd,,,,,,,100.00,,,100.00\n\nTotal,,,,,,,100.00,,,100.00\n")
    led = load_ledger(write(tmp_path, text))
    assert led.table["customer_name"].tolist() == ["Total Energies Ltd"]
    assert led.reconciliation.summary_rows == 2 and led.reconciliation.heading_rows == 1


def test_quickbooks_desktop_layout_and_sap_short_german_headings(tmp_path):
    qbd = ("Harbor Supply Co.\nA/R Aging Detail\nAs of June 30, 2025\n"
           ",Type,Date,Num,P. O. #,Name,Terms,Due Date,Class,Aging,Open Balance\n"
           "Current,,,,,,,,,,\n,Invoice,06/16/2025,1090,,Patel,Net 30,07/16/2025,,,\"5,432.19\"\n"
           ",Payment,06/20/2025,,,Patel,,06/20/2025,,,-432.19\n"
           "Total Current,,,,,,,,,,\"5,000.00\"\nTOTAL,,,,,,,,,,\"5,000.00\"\n")
    led = load_ledger(write(tmp_path, qbd, "qbd.csv"))
    assert any("quickbooks_ar_aging_detail detected" in n for n in led.reconciliation.notes)
    assert led.table["amount_cents"].tolist() == [543219, -43219]
    assert led.reconciliation.totals_mismatched == 0
    sap = ("Konto;Belegnr.;Art;Belegdatum;Nettofälligk.;Betrag in HW;Ausgl.beleg;Ausgleich\n"
           "200010;90005011;RV;10.01.2025;09.02.2025;14.875,43;1400000512;05.02.2025\n"
           "200010;1400000512;DZ;05.02.2025;05.02.2025;14.875,43-;1400000512;05.02.2025\n"
           "200010;90005064;RV;20.02.2025;22.03.2025;7.650,30;;\n")
    led = load_ledger(write(tmp_path, sap, "sap.csv"))
    assert any("sap_fbl5n detected" in n for n in led.reconciliation.notes)
    assert led.table["amount_cents"].tolist() == [1487543, -1487543, 765030]
    from creditkit.receivables.aging import age_receivables

    assert age_receivables(led, as_of="2025-03-31").items["doc_no"].tolist() == ["90005064"]


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_a_file_that_is_not_a_workbook_is_a_message_not_a_traceback(tmp_path, suffix):
    p = tmp_path / f"ar{suffix}"
    p.write_bytes(b"\xd0\xcf\x11\xe0 truncated" if suffix == ".xls" else b"not a workbook")
    code, out, err = run_cli("aging", p, "--as-of", "2025-06-30")
    # one line naming the file (the opening layer says what the bytes really are), never a traceback
    assert code == 2 and p.name in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_sap_list_exported_unconverted_with_bars_and_rules(tmp_path):
    # the ALV list as "unconverted" text: '|' between cells, dashed rules, a title and the key date above
    src = (FIX_ERP / "sap_fbl5n_us.txt").read_text(encoding="utf-8").splitlines()
    rule = "-" * 120
    lines = ["Customer Line Item Display", "", rule] + ["|" + line.replace("\t", "|") + "|" for line in src[:1]] + \
            [rule] + ["|" + line.replace("\t", "|") + "|" for line in src[1:]] + [rule]
    p = write(tmp_path, "\n".join(lines) + "\n", "fbl5n_unconverted.txt")
    from creditkit.receivables.aging import age_receivables

    got = age_receivables(load_ledger(p), as_of="2025-06-30").totals()
    want = age_receivables(load_ledger(FIX_ERP / "sap_fbl5n_us.txt"), as_of="2025-06-30").totals()
    assert got.equals(want)
