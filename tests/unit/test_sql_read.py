"""The fast path of a ledger load (creditkit.receivables.sql_read): None, or exactly what load_ledger gives.

The Python path is the oracle: for every file, ``read_ledger_sql`` either
declines (None) or gives the table, reconciliation, rejected and dropped rows
``load_ledger`` gives. Plain files (the benchmark's clean and messy exports,
and the variants below) must take the fast path; hostile ones must never give
a different number.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib.util
import io
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import test_ledger_fuzz as fuzz
from creditkit.receivables.ledger import load_ledger
from creditkit.receivables.sql_read import _why_not, read_ledger_sql

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix.lower() in (".csv", ".txt"))


def _bench():
    spec = importlib.util.spec_from_file_location("aging_bench", ROOT / "benchmarks" / "aging_bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()


def same_or_none(path, con=None, **options):
    """Assert that the fast path declines or agrees with load_ledger; return the fast result."""
    fast = read_ledger_sql(path, con=con, **options)
    try:
        slow = load_ledger(path, **options)
    except Exception as exc:  # noqa: BLE001 - whatever the Python path refuses (or fails on) is not plain
        assert fast is None, f"load_ledger refuses {path} ({exc}) but the fast path read it"
        return None
    if fast is not None:
        got = fast.to_ledger()
        pd.testing.assert_frame_equal(got.table, slow.table)
        assert got.reconciliation == slow.reconciliation
        pd.testing.assert_frame_equal(got.rejected, slow.rejected)
        pd.testing.assert_frame_equal(got.dropped, slow.dropped)
    return fast


def taken(path, con=None, **options):
    """Assert that the fast path reads the file and agrees with load_ledger."""
    fast = same_or_none(path, con=con, **options)
    assert fast is not None, _why_not(path, **options)
    return fast


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    d = tmp_path_factory.mktemp("exports")
    out = {}
    for fmt in ("clean", "messy"):
        out[fmt] = d / f"ledger_{fmt}.csv"
        BENCH.write_export(out[fmt], 1500, 120, 5, fmt)
    return out


def rewrite(src: Path, dst: Path, edit, encoding=None):
    """Write ``dst`` as ``src`` with its text passed through ``edit`` (text → text)."""
    enc = encoding or ("gb18030" if "messy" in src.name else "utf-8")
    dst.write_bytes(edit(src.read_bytes().decode(enc)).encode(enc))
    return dst


def edit_line(n, fn):
    """An edit of line ``n`` (1 = header) of a text."""
    def edit(text):
        lines = text.split("\n")
        lines[n - 1] = fn(lines[n - 1])
        return "\n".join(lines)
    return edit


def edit_cell(n, col, value):
    def cells(line):
        rec = next(csv.reader([line]))
        rec[col] = value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(rec)
        return buf.getvalue()
    return edit_line(n, cells)


# ----------------------------------------------------------------------------- every fixture


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_is_declined_or_read_alike(path):
    same_or_none(path)


# ----------------------------------------------------------------------------- plain files take the fast path


@pytest.mark.parametrize("fmt", ["clean", "messy"])
def test_benchmark_exports_take_the_fast_path(exports, fmt):
    fast = taken(exports[fmt])
    assert fast.reconciliation.rows_read == 1500 and fast.reconciliation.balanced
    n, lines = fast.con.execute("SELECT count(*), max(source_line) FROM ledger").fetchone()
    assert (n, lines) == (1500, 1501)


def test_sql_types_of_the_table(exports):
    fast = taken(exports["clean"])
    types = dict(fast.con.execute("SELECT column_name, data_type FROM duckdb_columns() "
                                  "WHERE table_name = 'ledger'").fetchall())
    assert types["doc_date"] == "DATE" and types["amount_cents"] == "BIGINT" and types["terms"] == "INTEGER"
    assert types["source_line"] == "BIGINT"


def test_variants_of_a_plain_file_take_the_fast_path(exports, tmp_path):
    clean, messy = exports["clean"], exports["messy"]
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + clean.read_bytes())
    taken(bom)
    taken(rewrite(clean, tmp_path / "crlf.csv", lambda t: t.replace("\n", "\r\n")))
    taken(rewrite(clean, tmp_path / "tabs.csv", lambda t: t.replace(",", "\t")))
    taken(rewrite(clean, tmp_path / "semicolons.csv", lambda t: t.replace(",", ";")))
    titled = taken(rewrite(messy, tmp_path / "titled_messy.csv", lambda t: "应收账款明细账,,,,,,,\n单位：元,,,,,,,\n" + t))
    assert titled.reconciliation.notes[-1] == "header found on line 3"
    utf8 = tmp_path / "messy_utf8.csv"
    utf8.write_text(messy.read_bytes().decode("gb18030"), encoding="utf-8")
    taken(utf8)
    no_end = tmp_path / "no_newline.csv"
    no_end.write_bytes(clean.read_bytes().rstrip(b"\n"))
    taken(no_end)
    taken(clean, encoding="utf-8", sep=",")
    taken(messy, encoding="gbk")


def test_a_given_connection_and_extra_columns(exports, tmp_path):
    t = pd.read_csv(exports["clean"], dtype=str, keep_default_na=False)
    t["sales_rep"] = ["张三", "李四", ""] * (len(t) // 3)
    t["memo"] = ["", "=1+1", "备注 有空格"] * (len(t) // 3)
    t["terms"] = ["30", "", "60"] * (len(t) // 3)
    path = tmp_path / "wide.csv"
    t.to_csv(path, index=False)
    con = duckdb.connect()
    con.execute("CREATE TABLE keep AS SELECT 1 AS x")
    fast = taken(path, con=con)
    assert fast.con is con and con.execute("SELECT count(*) FROM keep").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM ledger WHERE terms = 60").fetchone()[0] == len(t) // 3


def test_missing_due_dates_are_derived_as_the_python_path_derives_them(exports, tmp_path):
    t = pd.read_csv(exports["clean"], dtype=str, keep_default_na=False)
    t["terms"] = ["30", "", "60", "", "", "45"] * (len(t) // 6)
    t.loc[t.index % 4 == 0, "due_date"] = ""
    t.loc[t["customer_id"] == "C7", "terms"] = ""  # a customer without terms takes the default
    path = tmp_path / "terms.csv"
    t.to_csv(path, index=False)
    fast = taken(path, default_terms=20)
    assert fast.reconciliation.derived_due_dates > 0
    assert "with the default 20 days" in fast.reconciliation.notes[-1]
    no_due = tmp_path / "no_due.csv"
    t.drop(columns=["due_date"]).to_csv(no_due, index=False)
    taken(no_due)


def test_a_given_date_format(tmp_path):
    t = BENCH.synthetic_ledger(300, 20, 2)
    out = pd.DataFrame({"customer_id": t["customer_id"], "customer_name": t["customer_name"],
                        "doc_type": t["doc_type"], "doc_no": t["doc_no"],
                        "doc_date": t["doc_date"].dt.strftime("%d/%m/%Y"),
                        "due_date": t["due_date"].dt.strftime("%d/%m/%Y").fillna(""),
                        "amount": (t["amount_cents"].abs() / 100).map("{:.2f}".format),
                        "ref_doc_no": t["ref_doc_no"].fillna("")})
    path = tmp_path / "dmy.csv"
    out.to_csv(path, index=False)
    taken(path, date_format="%d/%m/%Y")
    assert read_ledger_sql(path, {"columns": {}, "decimal": ","}, date_format="%d/%m/%Y") is None
    same_or_none(path, columns={"columns": {}, "decimal": ","}, date_format="%d/%m/%Y")
    same_or_none(path)  # without the format the order of day and month is decided from the values


def test_a_failed_read_leaves_the_connection_as_it_was(exports, tmp_path):
    bad = rewrite(exports["clean"], tmp_path / "dup.csv", edit_line(40, lambda line: line + "\n" + line))
    con = duckdb.connect()
    assert read_ledger_sql(bad, con=con) is None
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone() == (0,)


def _numbered_export(path: Path, n: int, encoding: str) -> Path:
    """A plain export of ``n`` documents whose numbers are their lines (I2 on line 2), Chinese dates and amounts."""
    rows = [f"C{k % 97},客户{k % 97},销售发票,I{k},2025年{k % 12 + 1}月{k % 28 + 1}日,,\"￥{k:,}.50\""
            for k in range(2, n + 2)]
    head = "客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额\n"
    path.write_bytes((head + "\n".join(rows) + "\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding,chunk", [("utf-8", None), ("gb18030", 1 << 20)])  # chunk: bytes of a part
def test_a_large_file_keeps_its_order_line_for_line(tmp_path, monkeypatch, encoding, chunk):
    """Read by several DuckDB threads (and, for GBK, appended part by part), every row still has its own line."""
    from creditkit.receivables import sql_scan

    if chunk:
        monkeypatch.setattr(sql_scan, "PART", chunk)
    path = _numbered_export(tmp_path / "big.csv", 300_000, encoding)  # 19 MB: read by several threads
    con = duckdb.connect()
    con.execute("SET threads = 4")
    fast = read_ledger_sql(path, con=con)
    assert fast is not None, _why_not(path)
    assert con.execute("SELECT count(*), count(*) FILTER (WHERE doc_no = 'I' || source_line) FROM ledger").fetchone() \
        == (300_000, 300_000)
    assert fast.reconciliation.derived_due_dates == 300_000


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("where", ["first lines", "last line"])
def test_a_file_found_not_plain_while_duckdb_reads_it_leaves_nothing_behind(tmp_path, encoding, where):
    """The load runs in a thread: a file found not plain during it stops it, and no table or thread is left."""
    import threading

    path = _numbered_export(tmp_path / "big.csv", 300_000, encoding)
    lines = path.read_bytes().decode(encoding).split("\n")
    at = 5 if where == "first lines" else len(lines) - 2
    lines[at] = lines[at].replace("销售发票", "销售发票\x01")  # a control character
    path.write_bytes("\n".join(lines).encode(encoding))
    con = duckdb.connect()
    assert read_ledger_sql(path, con=con) is None
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone() == (0,)
    assert not [t for t in threading.enumerate() if t.name == "creditkit-sql-load"]


def test_an_interrupt_during_the_load_stops_it_and_goes_on(tmp_path, monkeypatch):
    """Ctrl-C (in a notebook, say) while DuckDB reads: the query stops, nothing is left, the interrupt goes on."""
    import threading

    from creditkit.receivables import sql_read

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sql_read, "scan", interrupted)
    path = _numbered_export(tmp_path / "big.csv", 300_000, "utf-8")
    con = duckdb.connect()
    with pytest.raises(KeyboardInterrupt):
        read_ledger_sql(path, con=con)
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
    assert not [t for t in threading.enumerate() if t.name == "creditkit-sql-load"]


def test_a_second_read_on_a_connection_replaces_the_first(exports, tmp_path):
    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE ledger AS SELECT 1 AS x")  # a table of that name is replaced
    first = taken(exports["clean"], con=con)
    assert con.execute("SELECT count(*) FROM ledger").fetchone() == (1500,)
    small = rewrite(exports["messy"], tmp_path / "small.csv", lambda t: "\n".join(t.split("\n")[:11]) + "\n")
    second = taken(small, con=con)
    assert second.con is first.con
    assert con.execute("SELECT count(*) FROM ledger").fetchone() == (10,)
    tables = con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    assert len(tables) == 1 and views == [("ledger",)]


# ----------------------------------------------------------------------------- hostile and odd files


def _hostile():
    """(name, file name of the export it edits, edit) for each hostile case of the issue, and other odd ones."""
    long_cell = "x" * 131_073
    return [
        ("summary-like name", "messy", lambda t: t.replace("客户C1,", "深圳市累计电子有限公司,")),
        ("blank number of a summary-like customer", "messy",
         lambda t: "\n".join(_blank_doc_no(t.split("\n"), 7, name="广州小计贸易"))),
        ("decimal comma", "clean", edit_cell(9, 6, "1.234,56")),
        ("spaced decimal comma", "clean", edit_cell(9, 6, "1 234,56")),
        ("17-digit amount", "clean", edit_cell(9, 6, "12345678901234567")),
        ("20-digit amount", "clean", edit_cell(9, 6, "99999999999999999999")),
        ("three decimals", "clean", edit_cell(9, 6, "12.345")),
        ("thousands only", "clean", edit_cell(9, 6, "1,234")),
        ("long cell", "clean", edit_cell(9, 1, long_cell)),
        ("blank line inside", "clean", edit_line(9, lambda l: l + "\n")),
        ("blank line at the end", "clean", lambda t: t + "\n"),
        ("subtotal row", "messy", edit_line(9, lambda l: l + "\n小计,,,,,,\"￥1,234.00\",")),
        ("grand total row", "clean", lambda t: t + "合计,,,,,,100.00,\n"),
        ("duplicate number", "clean", edit_cell(9, 3, "I0")),
        ("duplicate row", "clean", edit_line(9, lambda line: line + "\n" + line)),
        ("padded cell", "clean", edit_cell(9, 6, " 100.00")),
        ("padded name", "clean", edit_cell(9, 1, "客户X ")),
        ("ideographic space", "messy", edit_cell(9, 1, "宁波\u3000海天")),
        ("no-break space", "clean", edit_cell(9, 1, "客户\u00a0")),
        ("quote inside a cell", "clean", edit_cell(9, 1, '北京"新星"科技, 有限公司')),
        ("quote in an unquoted cell", "clean", edit_line(9, lambda l: l.replace(",客户", ",客\"户", 1))),
        ("spaces around quotes", "clean", edit_line(9, lambda l: l.replace(",客户", ', "客户', 1))),
        ("line break in a cell", "clean", edit_cell(9, 1, "两行\n名称")),
        ("lone carriage return", "clean", edit_line(9, lambda l: l.replace(",", ",\r", 1))),
        ("NUL byte", "clean", edit_cell(9, 1, "a\x00b")),
        ("formula", "clean", edit_cell(9, 1, "=HYPERLINK(\"http://x\",\"y\")")),
        ("unknown type word", "clean", edit_cell(900, 2, "调拨单")),
        ("another spelling of a type", "clean", edit_cell(900, 2, "Sales Invoice")),
        ("negative invoice", "clean", edit_cell(9, 6, "-100.00")),
        ("negative receipt", "clean", _negative("receipt")),
        ("negative credit note", "messy", _negative("红字发票")),
        ("refund", "clean", edit_cell(9, 2, "refund")),
        ("reference to nothing", "clean", edit_cell(1300, 7, "I999999")),
        ("impossible date", "clean", edit_cell(9, 4, "2025-02-30")),
        ("date far away", "clean", edit_cell(9, 4, "2500-01-01")),
        ("other date style", "clean", edit_cell(900, 4, "2024/3/5")),
        ("day-first date", "clean", edit_cell(900, 4, "05/03/2024")),
        ("due before date", "clean", edit_cell(9, 5, "2000-01-01")),
        ("missing due date", "clean", edit_cell(9, 5, "")),
        ("missing customer", "clean", edit_cell(9, 0, "")),
        ("full-width code", "clean", edit_cell(9, 0, "Ｃ1")),
        ("two names for a code", "clean", edit_cell(9, 1, "另一个名字")),
        ("short row", "clean", edit_line(9, lambda l: l.rsplit(",", 1)[0])),
        ("long row", "clean", edit_line(9, lambda l: l + ",extra")),
        ("GBK after UTF-8", "clean", None),
    ]


def _negative(word):
    """An edit writing the amount of the first document of type ``word`` negative."""
    def edit(text):
        lines = text.split("\n")
        n = next(i for i, line in enumerate(lines) if f",{word}," in line)
        rec = next(csv.reader([lines[n]]))
        rec[6] = "-" + rec[6]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(rec)
        lines[n] = buf.getvalue()
        return "\n".join(lines)
    return edit


def _blank_doc_no(lines, n, name):
    rec = next(csv.reader([lines[n - 1]]))
    rec[1], rec[3] = name, ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(rec)
    lines[n - 1] = buf.getvalue()
    return lines


@pytest.mark.parametrize("name,fmt,edit", _hostile(), ids=[h[0] for h in _hostile()])
def test_hostile_files_are_declined_or_read_alike(exports, tmp_path, name, fmt, edit):
    src = exports[fmt]
    path = tmp_path / "hostile.csv"
    if edit is None:  # UTF-8 at the start, GBK bytes further down
        data = src.read_bytes()
        path.write_bytes(data[:-200] + "客户".encode("gbk") + data[-200:])
    else:
        rewrite(src, path, edit)
    same_or_none(path)


def test_summary_like_names_are_customers(exports, tmp_path):
    path = rewrite(exports["messy"], tmp_path / "names.csv",
                   lambda t: t.replace("客户C1,", "深圳市累计电子有限公司,").replace("客户C2,", "广州小计贸易,"))
    taken(path)


def test_workbooks_and_odd_paths_are_declined(tmp_path):
    xlsx = next((ROOT / "tests" / "fixtures" / "erp").glob("*.xlsx"))
    assert read_ledger_sql(xlsx) is None
    assert read_ledger_sql(tmp_path) is None
    assert read_ledger_sql(tmp_path / "missing.csv") is None
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert read_ledger_sql(empty) is None


# ----------------------------------------------------------------------------- generated ledgers


FUZZ = settings(max_examples=25, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(case=fuzz.cases())
def test_generated_ledgers_are_declined_or_read_alike(case, tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "ar.csv"
    fuzz.render(case, path)
    same_or_none(path)


@FUZZ
@given(case=fuzz.cases())
def test_generated_ledgers_without_totals(case, tmp_path_factory):
    """The fuzz suite's ledgers without their subtotal, total and blank rows: plain ones are read alike."""
    case = dataclasses.replace(case, subtotals=[], blanks=[])
    path = tmp_path_factory.mktemp("fuzz") / "ar.csv"
    fuzz.render(case, path)
    enc = "gb18030" if case.encoding == "gbk" else case.encoding
    text = path.read_bytes().decode(enc)
    end = "\r\n" if case.encoding == "gbk" else "\n"
    body = text[: -len(end)] if text.endswith(end) else text
    path.write_bytes((body.rsplit(end, 1)[0] + end).encode(enc))  # without the total row
    same_or_none(path)


PLAIN_NAMES = [n for n in fuzz.NAMES if '"' not in n] + fuzz.SUMMARY_LIKE
INJECTIONS = [(6, "(1.00)"), (6, "1.234,56"), (6, "12,3x"), (6, ""), (6, "12345678901234567"), (6, "1,234"),
              (4, "2025-02-30"), (4, ""), (4, "下周一"), (4, "03/04/2025"), (2, "调拨单"), (2, ""), (3, ""),
              (1, " 空格"), (0, "Ｃ001"), (5, "2000-01-01"), (7, "XS99999")]


@st.composite
def plain_files(draw):
    """A ledger written plainly (each document one line, amounts and dates in plain forms), maybe with one odd cell."""
    docs = draw(fuzz.documents(names=PLAIN_NAMES))
    date_fmt = draw(st.sampled_from(["%Y-%m-%d", "{y}年{m}月{d}日", "mixed"]))
    rows = [fuzz.HEADERS[draw(st.sampled_from(["zh", "en"]))]]
    for i, d in enumerate(docs):
        style = fuzz.DATE_STYLES[i % 3 * 2] if date_fmt == "mixed" else date_fmt
        date = (lambda v: "" if v is None else v.strftime(style) if "%" in style
                else style.format(y=v.year, m=v.month, d=v.day))
        amount = draw(st.sampled_from(["", "￥"])) + fuzz._amount(d.cents, draw(st.sampled_from([0, 1])), False, False)
        if not d.debit and draw(st.booleans()):
            amount = "-" + amount
        word = fuzz.WORDS[d.kind][(i + len(d.doc_no)) % len(fuzz.WORDS[d.kind])]
        rows.append([d.customer_id, d.name, word, d.doc_no, date(d.doc_date), date(d.due_date), amount, d.ref or ""])
    bad = draw(st.none() | st.tuples(st.integers(1, len(docs)), st.sampled_from(INJECTIONS)))
    if bad:
        rows[bad[0]][bad[1][0]] = bad[1][1]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    buf = io.StringIO()
    csv.writer(buf, delimiter=draw(st.sampled_from([",", "\t", ";"])),
               lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    return buf.getvalue().encode(encoding), bad


@FUZZ
@given(case=plain_files())
def test_plain_generated_ledgers_take_the_fast_path(case, tmp_path_factory):
    data, bad = case
    path = tmp_path_factory.mktemp("plain") / "ar.csv"
    path.write_bytes(data)
    if bad is None:
        taken(path)
    else:
        same_or_none(path)


@pytest.mark.parametrize("fmt", ["clean", "messy"])
@pytest.mark.parametrize("ending", ["制表人：张三\n", "\n\n"])
def test_a_file_ending_in_a_footer_or_blank_lines_is_told_from_its_last_lines(exports, tmp_path, fmt, ending):
    """The end of the file is looked at before the whole file is read: a footer or blank lines there send the file
    to the Python path at once, which then reads it (the footer set aside, the blank lines counted)."""
    path = rewrite(exports[fmt], tmp_path / f"end_{fmt}.csv", lambda text: text + ending)
    assert "last lines" in _why_not(path)
    assert same_or_none(path) is None


@pytest.mark.parametrize("fmt", ["clean", "messy"])
def test_subtotals_and_a_grand_total_are_read_by_the_fast_path(exports, tmp_path, fmt):
    """Summary rows (小计 under a customer, 合计 at the end) are told by the Python path's own rule, set aside as
    it sets them aside, and the grand total is checked against the rows read, with the same note."""
    def edit(text):
        lines = text.split("\n")
        lines.insert(700, "小计,,,,,,\"1,234.00\",")
        return "\n".join(lines) + "合计,,,,,,\"99,999.00\",\n"

    path = rewrite(exports[fmt], tmp_path / f"totals_{fmt}.csv", edit)
    fast = taken(path)
    rec = fast.reconciliation
    assert (rec.summary_rows, rec.totals_checked, rec.totals_mismatched) == (2, 1, 1)
    assert any(n.startswith("the file's ") and "99,999.00" in n for n in rec.notes)
    assert fast.dropped["kind"].tolist() == ["summary", "summary"]


def test_a_row_without_a_number_that_is_no_summary_sends_the_file_to_the_python_path(exports, tmp_path):
    def edit(text):
        lines = text.split("\n")
        lines.insert(700, lines[700].split(",")[0] + ",客户X,invoice,,2025-01-03,2025-02-02,100.00,")
        return "\n".join(lines)

    path = rewrite(exports["clean"], tmp_path / "blank_number.csv", edit)
    assert "summary row" in _why_not(path)
    same_or_none(path)
