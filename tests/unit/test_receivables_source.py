"""Hostile and odd files: every one stops with one clear line naming the file (exit 2), or is read right.

The files are built here, in tmp_path; the bombs are small on disk and would
expand to hundreds of megabytes or millions of rows if a reader let them.
"""

import csv
import io
import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from creditkit.cli import main
from creditkit.errors import LedgerError
from creditkit.receivables import _source, sql_read
from creditkit.receivables._source import Limits, open_source
from creditkit.receivables.ledger import load_ledger

ERP = Path(__file__).parents[1] / "fixtures" / "erp"
LEDGER = ("客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额,核销单据号\n"
          "C1,甲公司,销售发票,XS1,2025-01-03,2025-02-02,\"1,000.00\",\n"
          "C1,甲公司,收款单,SK1,2025-01-20,,400,XS1\n")
HEADER_ZH = LEDGER.splitlines()[0].split(",")
AGED = "C1,甲公司,0.00,0.00,0.00,0.00,600.00,0.00,0.00,600.00,0.00"


def aging(path, capsys, *extra):
    """Exit status, stdout and stderr of `creditkit aging PATH --as-of 2025-06-30`."""
    code = main(["aging", str(path), "--as-of", "2025-06-30", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def refused(path, capsys, *words, extra=()):
    """The run exits 2 with one line on stderr that names the file and holds every one of ``words``."""
    code, out, err = aging(path, capsys, *extra)
    assert code == 2 and out == ""
    line = err.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in err, err
    assert line.startswith(f"creditkit: {path}"), line
    for w in words:
        assert w in line, line
    return line


# ----------------------------------------------------------------------------- what the path is


def test_missing_file(tmp_path, capsys):
    line = refused(tmp_path / "none.csv", capsys, "no such file")
    assert "folder" not in line
    refused(tmp_path / "nodir" / "none.csv", capsys, "no such file", "does not exist either")
    with pytest.raises(FileNotFoundError):  # still a FileNotFoundError for callers that catch that
        load_ledger(tmp_path / "none.csv")


def test_directory_is_not_called_missing(tmp_path, capsys):
    line = refused(tmp_path, capsys, "is a directory, not a file")
    assert "not found" not in line and "no such" not in line


def test_fifo_is_named_and_not_opened(tmp_path, capsys):
    fifo = tmp_path / "ar.csv"
    os.mkfifo(fifo)  # opening it for reading would wait forever for a writer
    refused(fifo, capsys, "named pipe (FIFO)")


def test_device_is_named(capsys):
    refused(Path("/dev/null"), capsys, "is a device")


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    p = tmp_path / "ar.csv"
    p.write_text(LEDGER, encoding="utf-8")
    p.chmod(0)
    if os.access(p, os.R_OK):  # root reads anything: make the open fail as it does for a user
        real_open = open

        def denied(file, *args, **kwargs):
            if Path(file) == p:
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr(_source, "open", denied, raising=False)
        monkeypatch.setattr(sql_read, "open", denied, raising=False)
    refused(p, capsys, "cannot be read: permission denied")
    p.chmod(0o644)


# ----------------------------------------------------------------------------- what the bytes are


def test_renamed_zip(tmp_path, capsys):
    for name in ("ar.xlsx", "ar.csv"):
        p = tmp_path / name
        with zipfile.ZipFile(p, "w") as zf:
            zf.writestr("ar.csv", LEDGER)
        refused(p, capsys, "is a ZIP archive, not an Excel workbook", "unzip it")


def test_old_excel_xls_is_read_like_its_xlsx():
    xls, xlsx = open_source(ERP / "kingdee_ar_detail.xls"), open_source(ERP / "kingdee_ar_detail.xlsx")
    assert xls.kind == "xls" and xlsx.kind == "xlsx"
    assert xls.rows == xlsx.rows and xls.lines == xlsx.lines
    assert xls.rows[3][:5] == ["客户编码", "客户名称", "业务日期", "单据类型", "单据编号"]


def ole2(tmp_path, name, *streams):
    """An OLE2 container's first bytes and directory entries naming ``streams`` (enough for the sniffing)."""
    p = tmp_path / name
    entries = b"".join(s.encode("utf-16-le").ljust(128, b"\0") for s in ("Root Entry", *streams))
    p.write_bytes(_source._OLE2_MAGIC + b"\0" * 504 + entries + b"\0" * 1024)
    return p


def test_encrypted_xlsx(tmp_path, capsys):
    p = ole2(tmp_path, "ar.xlsx", "EncryptionInfo", "EncryptedPackage")
    refused(p, capsys, "password-protected Excel workbook", "remove the password")


def test_ole2_that_is_no_workbook(tmp_path, capsys):
    refused(ole2(tmp_path, "ar.xls", "WordDocument"), capsys, "is a Word document, not an Excel workbook")


def test_damaged_xls(tmp_path, capsys):
    refused(ole2(tmp_path, "ar.xls", "Workbook"), capsys, "cannot read the old Excel workbook", "save it as .xlsx")


@pytest.mark.parametrize("data, words", [
    (bytes(range(256)) * 64, "is a binary file"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is a PDF document"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 64, "gzip-compressed"),
    ("<html><body><table><tr><td>客户</td></tr></table></body></html>".encode(), "is an HTML or XML page"),
])
def test_binary_files_are_named(tmp_path, capsys, data, words):
    p = tmp_path / "ar.xls"
    p.write_bytes(data)
    refused(p, capsys, words)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "gbk"])
def test_text_encodings_are_read(tmp_path, capsys, encoding):
    p = tmp_path / "ar.csv"
    p.write_bytes(LEDGER.encode(encoding))
    code, out, err = aging(p, capsys)
    assert code == 0 and out.splitlines()[1] == AGED, err


def test_gbk_after_an_ascii_start_is_read(tmp_path):
    header, rest = LEDGER.split("\n", 1)
    ascii_rows = "".join(f"C0,Zero Ltd,invoice,X{i},2025-01-01,2025-01-31,1,\n" for i in range(3000))
    p = tmp_path / "ar.csv"
    p.write_bytes(header.encode("gbk") + b"\n" + ascii_rows.encode() + rest.encode("gbk"))
    src = open_source(p)
    assert src.encoding == "gb18030" and src.rows[-1][1] == "甲公司"


def test_undecodable_text_names_file(tmp_path, capsys):
    p = tmp_path / "ar.csv"
    p.write_bytes(LEDGER.encode("utf-8") + b"C2,\x80\xff\xfe,x\n")
    refused(p, capsys, "cannot decode the text as UTF-8 and GB18030", "--encoding")
    refused(p, capsys, "unknown text encoding 'latin-9x'", extra=("--encoding", "latin-9x"))


# ----------------------------------------------------------------------------- bounded work


def test_a_million_columns(tmp_path, capsys):
    p = tmp_path / "wide.csv"
    p.write_bytes(b"a" + b",a" * 1_000_000 + b"\n")  # 2 MB
    refused(p, capsys, "line 1", "a row of 1,000,001 columns; a ledger has at most 2,000")


@pytest.mark.parametrize("size", [40_000, 131_073])
def test_a_long_cell_names_line_and_column(tmp_path, capsys, size):
    p = tmp_path / "ar.csv"
    p.write_text(LEDGER + f'C1,甲公司,销售发票,XS2,2025-01-03,2025-02-02,1,"{"x" * size}"\n', encoding="utf-8")
    refused(p, capsys, "line 4, column 8", f"a cell of {size:,} characters; a cell holds at most 32,767")


def test_an_unclosed_quote(tmp_path, capsys):
    p = tmp_path / "ar.csv"
    p.write_text(LEDGER + 'C1,甲公司,销售发票,"XS2\n' + "C1,x,y\n" * 200_000, encoding="utf-8")
    refused(p, capsys, "line 4", "opening quote without its closing quote")


def test_cell_count_limit():
    reader = csv.reader(io.StringIO("a,a,a,a\nb,b,b,b\nc,c,c,c\n"))
    with pytest.raises(LedgerError, match="line 3: more than 10 cells"):
        _source._csv_rows(Path("ar.csv"), reader, "utf-8", Limits(max_cells=10))


def xlsx(tmp_path, rows, name="ar.xlsx"):
    p = tmp_path / name
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(p)
    return p


def rewrite_part(src: Path, dst: Path, part: str, data: bytes):
    """Copy a workbook with one part replaced by ``data``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == part else zin.read(info.filename))
    return dst


def deflated_part(src: Path, dst: Path, part: str, head: bytes, filler: bytes, repeat: int, tail: bytes):
    """Copy a workbook with ``part`` = head + filler * repeat + tail, deflated (a few hundred KB on disk)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != part:
                zout.writestr(info, zin.read(info.filename))
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(info, "w", force_zip64=True) as fh:
            fh.write(head)
            block = filler * 10_000
            for _ in range(repeat // 10_000):
                fh.write(block)
            fh.write(tail)
    return dst


def test_shared_strings_bomb(tmp_path, capsys):
    base = xlsx(tmp_path, [["客户编码", "单据编号", "金额"], ["C1", "X1", 5]], "base.xlsx")
    head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    bomb = deflated_part(base, tmp_path / "bomb.xlsx", "xl/sharedStrings.xml", head, b"A" * 100, 3_000_000,
                         b"</t></si></sst>")  # 300 MB of XML in well under 1 MB
    assert bomb.stat().st_size < 1_000_000
    refused(bomb, capsys, "xl/sharedStrings.xml would expand", "ZIP bomb")


def test_shared_strings_size_limit(tmp_path):
    base = xlsx(tmp_path, [["客户编码", "单据编号", "金额"], ["C1", "X1", 5]], "base.xlsx")
    p = deflated_part(base, tmp_path / "ar.xlsx", "xl/sharedStrings.xml", b"<sst><si><t>", b"x", 30_000,
                      b"</t></si></sst>")
    with pytest.raises(LedgerError, match="shared strings of the workbook would take"):
        open_source(p, limits=Limits(max_shared_strings_bytes=2000))


def test_declared_15_million_rows(tmp_path, capsys):
    base = xlsx(tmp_path, [["客户编码", "单据编号", "金额"], ["C1", "X1", 5]], "base.xlsx")
    with zipfile.ZipFile(base) as zf:
        sheet = re.sub(rb'<dimension ref="A1:C2"\s*/>', b'<dimension ref="A1:C15000000"/>',
                       zf.read("xl/worksheets/sheet1.xml"))
    assert b"C15000000" in sheet
    p = rewrite_part(base, tmp_path / "tall.xlsx", "xl/worksheets/sheet1.xml", sheet)
    refused(p, capsys, "declares 15,000,000 rows; a sheet holds at most 1,048,576")


def test_rows_past_the_sheet_limit_stop_the_stream(tmp_path, capsys):
    base = xlsx(tmp_path, [["客户编码", "单据编号", "金额"], ["C1", "X1", 5]], "base.xlsx")
    with zipfile.ZipFile(base) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'<dimension ref="A1:C2"\s*/>', b"", sheet).replace(
        b"</sheetData>", b'<row r="15000000"><c r="A15000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
    p = rewrite_part(base, tmp_path / "sparse.xlsx", "xl/worksheets/sheet1.xml", sheet)
    refused(p, capsys, "line 1048577: more than 1,048,576 rows in the sheet")


def test_wide_sheet(tmp_path):
    p = xlsx(tmp_path, [["客户编码", "单据编号", "金额"] + ["x"] * 30])
    with pytest.raises(LedgerError, match=r"line 1: a row of 33 columns; a ledger has at most 20"):
        open_source(p, limits=Limits(max_columns=20))


def test_xlsx_named_csv_and_csv_named_xlsx_are_read_by_content(tmp_path, capsys):
    p = tmp_path / "ar.csv"
    rows = [r.split(",") for r in LEDGER.replace('"1,000.00"', "1000").splitlines()]
    xlsx(tmp_path, rows, "ar.csv")
    code, out, err = aging(p, capsys)
    assert code == 0 and out.splitlines()[1] == AGED, err
    q = tmp_path / "ar.xlsx"
    q.write_text(LEDGER, encoding="utf-8")
    code, out, err = aging(q, capsys)
    assert code == 0 and out.splitlines()[1] == AGED, err


def test_unknown_sheet_lists_the_sheets(tmp_path, capsys):
    p = xlsx(tmp_path, [["a"]])
    refused(p, capsys, "no sheet '应收' (sheets: Sheet)", "--sheet", extra=("--sheet", "应收"))


def test_formula_cells_are_read_as_their_values(tmp_path):
    p = tmp_path / "ar.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["客户编码", "单据编号", "金额"])
    wb.active.append(["C1", "X1", "=1+1"])
    wb.save(p)
    assert open_source(p).rows[1] == ["C1", "X1"]  # never evaluated: no cached value, an empty cell


def test_tab_separated_with_commas_in_cells(tmp_path, capsys):
    """More commas than tabs (in names and amounts): counting characters would pick the comma."""
    p = tmp_path / "ar.txt"
    rows = [r.split(",") for r in LEDGER.replace('"1,000.00"', "1000.00").splitlines()]
    rows[1][6] = "1,000.00"
    for r in rows[1:]:
        r[1] = ",".join("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉") + "贸易有限公司"
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    p.write_text(text, encoding="utf-8")
    assert text.count(",") > text.count("\t")
    src = open_source(p)
    assert src.rows[0] == HEADER_ZH and src.rows[1][6] == "1,000.00"
    code, out, err = aging(p, capsys)
    assert code == 0 and out.splitlines()[1].startswith('C1,"甲,乙,丙'), err


def test_tab_separated_with_subtotal_rows_one_cell_short(tmp_path):
    header = "客户编码\t客户名称\t单据类型\t单据编号\t单据日期\t到期日\t金额\t核销单据号\t备注"
    row = "C1\t甲\t发票\tXS{0}\t2025-01-03\t\t1,000.00\t\t"
    sub = "小计\t\t\t\t\t\t1,234.00\t"
    p = tmp_path / "ar.txt"
    p.write_text("\n".join([header, sub, sub, sub, row.format(1), row.format(2), sub]) + "\n", encoding="utf-8")
    assert open_source(p).rows[0] == header.split("\t")


# ----------------------------------------------------------------------------- the columnar path


def _big(rows: int = 3000, *, title=("应收账款明细账",), crlf=False, extra="") -> str:
    """A ledger export well over the 64 KiB the csv module's path reads alone."""
    nl = "\r\n" if crlf else "\n"
    body = [",".join(HEADER_ZH)]
    for i in range(rows):
        body.append(f'C{i % 7},"客户{i % 7}, 有限公司",销售发票,XS{i},2025-01-{1 + i % 28:02d},,"￥{i:,}.5{i % 10}",')
    return nl.join([*title, *body]) + nl + extra


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("crlf", [False, True])
@pytest.mark.parametrize("title", [(), ("应收账款明细账", "期间：2025年1月")])
def test_columnar_path_gives_the_cells_and_lines_of_the_csv_path(tmp_path, monkeypatch, encoding, crlf, title):
    p = tmp_path / "big.csv"
    p.write_bytes(_big(title=title, crlf=crlf).encode(encoding))
    with monkeypatch.context() as m:  # the csv module's path is not taken
        m.setattr(_source, "open_source", lambda *a, **k: pytest.fail("read line by line"))
        fast = _source.open_table(p)
    slow = open_source(p)
    assert fast.cells.values.tolist() == [r + [""] * (fast.cells.shape[1] - len(r)) for r in slow.rows]
    assert fast.lines.tolist() == slow.lines and fast.encoding == slow.encoding
    assert str(fast.cells.dtypes.iloc[0]) == "str"


@pytest.mark.parametrize("extra, why", [
    ("\nC1,甲,销售发票,X9,2025-01-01,,5,\n", "a blank line"),
    ('C1,"两行\n客户",销售发票,X9,2025-01-01,,5,\n', "a cell spanning two lines"),
    ("C1,甲,销售发票,X9,2025-01-01,,5\n", "a short row"),
    ("C1,甲,销售发票,X9,2025-01-01,,5,,\n", "a long row"),
])
def test_irregular_big_files_are_read_line_by_line(tmp_path, extra, why):
    p = tmp_path / "big.csv"
    p.write_text(_big(extra=extra), encoding="utf-8")
    t = _source.open_table(p)
    slow = open_source(p)
    assert t.lines.tolist() == slow.lines, why
    assert t.cells.values.tolist() == [r + [""] * (t.cells.shape[1] - len(r)) for r in slow.rows], why


def test_a_long_cell_in_a_big_file_names_line_and_column(tmp_path, capsys):
    p = tmp_path / "big.csv"
    p.write_text(_big(extra="C1,甲,销售发票,X9,2025-01-01,,5," + "x" * 40_000 + "\n"), encoding="utf-8")
    refused(p, capsys, "line 3003", "column 8", "40,000 characters")


def test_big_gbk_file_ages_like_its_utf8_twin(tmp_path, capsys):
    text = _big()
    a, b = tmp_path / "u.csv", tmp_path / "g.csv"
    a.write_text(text, encoding="utf-8")
    b.write_bytes(text.encode("gb18030"))
    code_a, out_a, _ = aging(a, capsys)
    code_b, out_b, _ = aging(b, capsys)
    assert code_a == code_b == 0 and out_a == out_b and len(out_a.splitlines()) == 8
