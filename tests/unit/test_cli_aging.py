"""Tests of the `creditkit aging` command (a contract other tools depend on)."""

from pathlib import Path

import pandas as pd
import pytest

from creditkit.cli import main
from creditkit.receivables.excel import HEADER_ROWS

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"
HEADER = "customer_id,customer_name,not_due,1-30,31-60,61-90,91-180,181-365,>365,total,unapplied"

# Hand-checked aging of messy_gbk.csv as of 2025-06-30 (see tests/fixtures/ledgers/README.md)
EXPECTED_DUE = [
    HEADER,
    "C001,上海华东机电有限公司,0.00,0.00,0.00,5650.00,5300.00,0.00,0.00,10950.00,0.00",
    "C002,苏州精工设备厂,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,5000.00",
    "C003,杭州恒达电气,0.00,0.00,0.00,0.00,0.00,7000.00,0.00,7000.00,0.00",
    "C004,无锡宏远电机,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,2500.00",
]


def test_messy_gbk_fixture_through_cli(capsys):
    assert main(["aging", str(FIX / "messy_gbk.csv"), "--as-of", "2025-06-30"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == EXPECTED_DUE
    assert "11 rows read = 10 documents kept + 0 rejected + 1 summary rows dropped" in err
    assert "balanced" in err


def test_by_invoice_and_buckets(capsys):
    assert main(["aging", str(FIX / "messy_gbk.csv"), "--as-of", "2025-06-30", "--by", "invoice"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "customer_id,customer_name,0-30,31-60,61-90,91-180,181-365,>365,total,unapplied"
    assert lines[1] == "C001,上海华东机电有限公司,0.00,0.00,0.00,10950.00,0.00,0.00,10950.00,0.00"
    assert lines[3] == "C003,杭州恒达电气,0.00,0.00,0.00,0.00,7000.00,0.00,7000.00,0.00"
    assert main(["aging", str(FIX / "messy_gbk.csv"), "--as-of", "2025-06-30", "--buckets", "90,180"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "customer_id,customer_name,not_due,1-90,91-180,>180,total,unapplied"
    assert lines[1] == "C001,上海华东机电有限公司,0.00,5650.00,5300.00,0.00,10950.00,0.00"


def test_out_csv_and_xlsx(tmp_path, capsys):
    out = tmp_path / "aging.csv"
    assert main(["aging", str(FIX / "messy_gbk.csv"), "--as-of", "2025-06-30", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # so Excel reads the Chinese as UTF-8
    assert out.read_text(encoding="utf-8-sig").splitlines() == EXPECTED_DUE
    xl = tmp_path / "aging.xlsx"
    assert main(["aging", str(FIX / "messy_gbk.csv"), "--as-of", "2025-06-30", "--out", str(xl)]) == 0
    sheets = pd.read_excel(xl, sheet_name=None, header=HEADER_ROWS, engine="openpyxl")
    assert "aging_by_customer" in sheets
    assert sheets["aging_by_customer"]["total"].tolist() == [10950.0, 0.0, 7000.0, 0.0, 17950.0]


def test_columns_map(capsys):
    assert main(["aging", str(FIX / "invoice_level.csv"), "--as-of", "2013-06-30",
                 "--columns", str(FIX / "invoice_level.yaml")]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[1] == "0379-NEVHP,0379-NEVHP,0.00,1200.10,0.00,0.00,0.00,0.00,0.00,1200.10,0.00"
    assert "3 receipts derived from settled dates" in err


def test_bad_input_exit_2_one_line(capsys):
    path = str(FIX / "bad_date_gbk.csv")
    assert main(["aging", path, "--as-of", "2025-06-30"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == (f"creditkit: {path}, line 7, column '单据日期', document HZ-0001: "
                           "impossible or unreadable date (value '2025-02-30')")
    assert len(err.strip().splitlines()) == 1


def test_errors_report_goes_on(capsys):
    assert main(["aging", str(FIX / "bad_date_gbk.csv"), "--as-of", "2025-06-30", "--errors", "report"]) == 0
    out, err = capsys.readouterr()
    assert "rejected: line 7" in err
    # without the credit note the over-settlement of XS-0003 is 2,400.00
    assert "C002,苏州精工设备厂,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,2400.00" in out.splitlines()


@pytest.mark.parametrize("args", [["--as-of", "2025-02-30"], ["--as-of", "2025-06-30", "--buckets", "60,30"]])
def test_bad_arguments_exit_2(args, capsys):
    assert main(["aging", str(FIX / "messy_gbk.csv"), *args]) == 2
    assert capsys.readouterr().err.startswith("creditkit: ")


def test_missing_file_exit_2(tmp_path, capsys):
    assert main(["aging", str(tmp_path / "none.csv"), "--as-of", "2025-06-30"]) == 2


def test_a_plain_export_gives_the_same_workbook_on_both_engines(tmp_path, capsys):
    """A plain file is read by the SQL engine for a workbook too (then aged in pandas): every sheet's cells are the
    Python reader's, apart from the time the workbook was made."""
    import openpyxl

    src = tmp_path / "plain.csv"
    src.write_text("客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额,核销单据号\n"
                   "C1,甲公司,销售发票,XS1,2025-01-03,2025-02-02,\"1,000.00\",\n"
                   "C1,甲公司,收款单,SK1,2025-01-20,,400.00,XS1\n"
                   "C2,乙公司,销售发票,XS2,2025-05-03,2025-06-02,250.50,\n"
                   "合计,,,,,,\"1,650.50\",\n", encoding="gbk")
    from creditkit.receivables.sql_read import read_ledger_sql

    assert read_ledger_sql(src) is not None
    books = {}
    for engine in ("auto", "python"):
        out = tmp_path / f"aging_{engine}.xlsx"
        assert main(["aging", str(src), "--as-of", "2025-06-30", "--out", str(out), "--engine", engine]) == 0
        books[engine] = openpyxl.load_workbook(out)
    errs = capsys.readouterr().err
    assert errs.count("4 rows read = 3 documents kept + 0 rejected + 1 summary rows dropped") == 2
    assert errs.count("the rows read sum to 850.50") == 2  # the grand total checked alike
    auto, python = books["auto"], books["python"]
    assert auto.sheetnames == python.sheetnames
    for name in auto.sheetnames:
        a = [[c for c in row] for row in auto[name].iter_rows(values_only=True)]
        b = [[c for c in row] for row in python[name].iter_rows(values_only=True)]
        assert len(a) == len(b), name
        for ra, rb in zip(a, b):
            if any(isinstance(c, str) and "UTC" in c for c in ra):  # the time the workbook was made
                continue
            assert ra == rb, (name, ra, rb)
