"""The fast path of a ledger load: a plain CSV export read, parsed and checked in DuckDB SQL.

:func:`read_ledger_sql` reads the same files and takes the same options as
:func:`~creditkit.receivables.ledger.load_ledger`, but only when every row of
the file is *plain*: a row the Python pipeline keeps exactly as written — a
customer, a document number, a document-type word it knows, an amount written
in one of a few strict forms, dates it reads the same way, no heading,
footer, blank or duplicate row, no line item, no derived value but a due date
from terms — or a summary row (合计, 小计, ``Total for …``), told by the Python
path's own rule, set aside as it sets it aside and, for the grand total,
checked against the rows read. Then the whole file is one DuckDB query; the
result is the view ``ledger`` of the connection, with the columns and SQL
types of :mod:`~creditkit.receivables.sql_table`, and the reconciliation the
one ``load_ledger`` makes. For any other file it returns None, and the caller
runs ``load_ledger``, which names the file, the line and the column of every
problem. The two paths give the same table and the same reconciliation.

How a file is read:

1. the first lines (:data:`HEAD_LINES`) go through ``load_ledger`` itself;
   they must load cleanly, and from them come the text encoding, the
   delimiter, the header line, the profile, the column of each canonical
   name and the notes of the reconciliation; the last 64 KiB are read under
   the same header, so a file ending in a footer is told at once;
2. the bytes are checked by :func:`~creditkit.receivables.sql_scan.scan`
   (lines counted, every double quote opening or closing a cell, no cell
   starting or ending with white space, which the Python path strips: what
   two CSV readers could take differently is not plain) while, in a thread,
   one DuckDB query per file reads the cells, computes the canonical columns
   and stops at the first row that is not plain. DuckDB reads UTF-8: a
   GBK/GB18030 file is decoded in parts of whole lines, each part loaded
   (and deleted from the system temp folder) while the next is decoded;
3. the table keeps the file's order, so a row's line comes from its rowid;
   the rows without a document number must all be summary rows (classified
   in Python by :func:`~creditkit.receivables.erp_rows.summary_rows`);
4. whole-table checks: duplicate numbers, references to a debit document of
   the same customer, one name per customer code, text that Unicode NFKC
   would change;
5. missing due dates of debit documents derived as the Python path derives
   them (the row's terms, the customer's most common terms, ``default_terms``).
"""

from __future__ import annotations

import codecs
import os
import queue
import re
import stat
import tempfile
import threading
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .ledger import document_shaped, load_ledger, set_aside
from .erp_profiles import detect_profile
from .erp_rows import summary_rows
from .reading import DOC_TYPE_WORDS, LIMITS, TEXT_DTYPE, canonical_doc_types, find_header_rows, load_column_map, read_rows
from .schema import CREDIT_TYPES, DOC_TYPES, Ledger, LedgerReconciliation
from .sql_scan import NotPlain, scan
from .sql_table import OPTIONAL_TEXT, ledger_frame

__all__ = ["HEAD_LINES", "SqlLedger", "read_ledger_sql"]

#: Lines of a file read by the Python pipeline to learn its layout (the header is looked for in the first 30).
HEAD_LINES = 200
#: Canonical columns the fast path reads; a file mapping any other (debit / credit, open amounts, balances,
#: split dates, settlements, clearing) goes through the Python path.
_FAST_COLUMNS = ("customer_id", "customer_name", "doc_type", "doc_no", "doc_date", "due_date", "amount",
                 "ref_doc_no", "sales_rep", "terms", "memo")
#: Notes of a plain load that hold for the whole file once they hold for its first lines.
_GLOBAL_NOTES = ("text encoding ", "profile ", "no ERP profile fits clearly", "header found on line ",
                 "no document-type column: every row taken as an invoice")
_MAX_SUMMARY_ROWS = 100_000  # rows without a number (totals, subtotals) the fast path classifies in Python
_TOTAL_NOTE = "the file's "  # a total of the file that disagrees with the rows read (ledger.check_file_totals)
_DERIVED_NOTE = re.compile(r"\d+ missing due dates derived as document date \+ terms")
_MAX_LINE_BYTES = 32_767  # a line no longer than this holds no cell over the reader's limit on a cell
_TAIL_BYTES = 1 << 16  # the end of a file loaded first, as its first lines are
_STAGE = "__creditkit_ledger_read"
#: Amounts read alike by every parser: an optional minus and ￥, digits grouped by threes or not (one group only with
#: decimals: ``1,234`` alone reads as thousands or as decimals), 1–2 decimals, at most 15 digits before the mark.
_AMOUNT = (r"(?:-[¥￥]?|[¥￥]-?)?(?:[0-9]{1,3}(?:,[0-9]{3}){2,4}(?:\.[0-9]{1,2})?|[0-9]{1,3},[0-9]{3}\.[0-9]{1,2}"
           r"|[0-9]{1,15}(?:\.[0-9]{1,2})?)")
#: Dates the Python path reads without a format: 2025-01-03, 2025/1/3, 2025.1.3, 2025年1月3日, 20250103.
_AUTO_DATE = r"(?:19|20|21)[0-9]{2}(?:[-/.][0-9]{1,2}[-/.][0-9]{1,2}|年[0-9]{1,2}月[0-9]{1,2}日|[0-9]{4})"
#: A document number the Python path could take for a summary label or a footer is not plain.
_SUMMARY_HINT = r"^(?i:total|grand|sub|percentage|gesamtsumme|summe)|[计*:：]"
_CANDIDATE_SEPS = (",", "\t", ";", "|")


@dataclass(frozen=True, eq=False)
class SqlLedger:
    """A ledger read by the fast path: the DuckDB table and what :func:`load_ledger` would report.

    Attributes
    ----------
    con : duckdb.DuckDBPyConnection
        The connection holding the view ``ledger`` (the canonical columns and SQL types of
        :mod:`~creditkit.receivables.sql_table`; :func:`~creditkit.receivables.sql_aging.age_sql` ages it).
    reconciliation : LedgerReconciliation
        Equal to the reconciliation ``load_ledger`` makes for the file.
    rejected, dropped : DataFrame
        Empty, as ``load_ledger`` makes them for a file of plain rows.
    """

    con: object
    reconciliation: LedgerReconciliation
    rejected: pd.DataFrame = field(repr=False)
    dropped: pd.DataFrame = field(repr=False)

    def to_ledger(self) -> Ledger:
        """The :class:`~creditkit.receivables.schema.Ledger` ``load_ledger`` returns for the file."""
        table = ledger_frame(self.con, sort=True)
        for c in OPTIONAL_TEXT:  # as the Python path's frame infers them: str where any text is there
            if table[c].notna().any():
                table[c] = table[c].astype("str")
        return Ledger(table=table, reconciliation=self.reconciliation, rejected=self.rejected.copy(),
                      dropped=self.dropped.copy())


def read_ledger_sql(path, columns=None, *, profile=None, encoding=None, sep=None, default_terms=30,
                    date_format=None, con=None) -> SqlLedger | None:
    """Read a plain CSV ledger export into DuckDB, or return None when the Python path must read it.

    Parameters
    ----------
    path, columns, profile, encoding, sep, default_terms, date_format
        As for :func:`~creditkit.receivables.ledger.load_ledger`.
    con : duckdb.DuckDBPyConnection, optional
        Where to put the view ``ledger`` (a table or view of that name, and
        the rows of an earlier read, are replaced); default: a new connection
        using the usable cores. On None nothing is left in it.

    Returns
    -------
    SqlLedger or None
        None for a workbook, a file with any row that is not plain, or an
        option the fast path does not cover; ``load_ledger`` then reads the
        file (and names any problem).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ar.csv")
    >>> _ = open(p, "w", encoding="gbk").write("客户编码,单据类型,单据编号,单据日期,到期日,金额,核销单据号\\n"
    ...     "C1,销售发票,XS1,2025-01-03,2025-02-02,\\"￥1,000.00\\",\\nC1,收款单,SK1,2025年1月20日,,400,XS1\\n")
    >>> fast = read_ledger_sql(p)
    >>> fast.con.execute("SELECT doc_no, amount_cents, source_line FROM ledger ORDER BY source_line").fetchall()
    [('XS1', 100000, 2), ('SK1', -40000, 3)]
    >>> fast.to_ledger().reconciliation == load_ledger(p).reconciliation
    True
    >>> _ = open(p, "a", encoding="gbk").write("合计,,,,,1400,\\n")
    >>> read_ledger_sql(p).reconciliation.summary_rows
    1
    >>> _ = open(p, "a", encoding="gbk").write("制表人：张三,,,,,,\\n")
    >>> read_ledger_sql(p) is None
    True
    """
    try:
        return _read(path, columns, profile=profile, encoding=encoding, sep=sep, default_terms=default_terms,
                     date_format=date_format, con=con)
    except (NotPlain, OSError):  # the Python path names what the file is or why it cannot be read
        return None
    except Exception:  # noqa: BLE001 - whatever else goes wrong here, the Python path reads the file
        return None


def _why_not(path, columns=None, **options) -> str:
    """Why a file is not read by the fast path (``""`` when it is): for tests and debugging."""
    try:
        _read(path, columns, **options)
    except NotPlain as exc:
        return str(exc)
    return ""


def _read(path, columns, *, profile=None, encoding=None, sep=None, default_terms=30, date_format=None, con=None):
    if not isinstance(path, (str, Path)):
        raise NotPlain("path is not a file path")
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError:
        raise NotPlain("cannot stat the file") from None
    if not stat.S_ISREG(st.st_mode):
        raise NotPlain("not a regular file")
    with tempfile.TemporaryDirectory(prefix="creditkit-") as tmp:
        layout = _layout(p, Path(tmp), columns, profile=profile, encoding=encoding, sep=sep,
                         default_terms=default_terms, date_format=date_format)
        return _query(p, Path(tmp), layout, con)


# ----------------------------------------------------------------------------- the first lines


@dataclass
class _Layout:
    codec: str | None  # None: UTF-8 (with or without BOM), read as it is; else decoded to a UTF-8 copy
    sep: str
    width: int
    top: int  # rows (= lines) above the first document row
    cols: dict
    types: dict  # document-type word as written → canonical type
    date_format: str | None
    date_style: str
    default_terms: int
    header: list  # the header's text of each column
    extra_types: dict  # type words of the profile and the column map
    head: bytes  # the first lines, as read
    sample: Path  # ... and written to a file of their own
    profile_note: str  # how the profile was chosen, as load_ledger notes it
    load: dict  # the options of load_ledger
    ledger: Ledger | None = None  # the first lines loaded by the Python path (:func:`_confirm`)
    notes: tuple = ()  # the notes of the reconciliation that hold for the whole file (:func:`_confirm`)


def _head_bytes(p: Path) -> bytes:
    """The first :data:`HEAD_LINES` lines of the file (whole lines), or the whole file when shorter."""
    with open(p, "rb") as fh:
        data = fh.read(1 << 20)
        rest = fh.read(1)
    cut, at = 0, -1
    for _ in range(HEAD_LINES):
        at = data.find(b"\n", at + 1)
        if at < 0:
            break
        cut = at + 1
    if at >= 0 or not rest:  # HEAD_LINES lines found, or the file ends within the bytes read
        return data if (at < 0 and not rest) else data[:cut]
    raise NotPlain("the first lines are too long")


def _clean(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells as the Python path cleans them: ideographic spaces as spaces, stripped."""
    return pd.DataFrame({c: cells[c].fillna("").str.replace("\u3000", " ", regex=False).str.strip()
                         for c in cells.columns}, index=cells.index)


def _layout(p: Path, tmp: Path, columns, *, profile, encoding, sep, default_terms, date_format) -> _Layout:
    """What the query needs, from the cells of the first lines (:func:`_confirm` then loads them as the Python path
    does, while DuckDB reads the file)."""
    head = _head_bytes(p)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0")):
        raise NotPlain("a workbook or an archive")
    sample = tmp / "head.csv"
    sample.write_bytes(head)
    try:
        column_map = load_column_map(columns)
        rows = read_rows(sample, encoding=encoding, sep=sep)
    except Exception as exc:  # the Python path reports whatever the first lines hold
        raise NotPlain(f"the first lines do not load: {exc}") from None
    if column_map.decimal == ",":
        raise NotPlain("decimal commas")
    if rows.encoding is None:
        raise NotPlain("not a text file")
    name = codecs.lookup(rows.encoding).name
    codec = None if name in ("utf-8", "utf-8-sig") else rows.encoding
    if codec is not None and name not in ("gb18030", "gbk", "gb2312"):
        raise NotPlain(f"text encoding {rows.encoding}")
    if codec is None and head.startswith(b"\xef\xbb\xbf") != (name == "utf-8-sig"):
        raise NotPlain("a byte-order mark read as a character")
    cells = _clean(rows.cells)
    if sep is None:
        sep = _which_sep(sample, encoding, rows.cells)
    detection = detect_profile(cells, name=profile)
    prof = detection.profile
    if prof is not None and (prof.signs != "type" or prof.same_number != "reject" or prof.customer_headings
                             or prof.open_items):
        raise NotPlain(f"profile {prof.name} has rules on rows")
    aliases = prof.columns if prof else None
    ignore = tuple(column_map.ignore) + (prof.ignore if prof else ())
    h = find_header_rows(cells, column_map.headers, file=str(p), aliases=aliases, ignore=ignore)
    cols = dict(h.columns)
    other = set(cols) - set(_FAST_COLUMNS)
    if other:
        raise NotPlain(f"columns the fast path does not read: {sorted(other)}")
    if "doc_no" not in cols:
        raise NotPlain("no document numbers")
    if prof is not None and prof.type_patterns and "doc_type" not in cols:
        raise NotPlain("document types from number patterns")
    top = h.position + h.rows
    lines = rows.lines
    if len(lines) <= top or not np.array_equal(lines, np.arange(1, len(lines) + 1)):
        raise NotPlain("the first lines are not one row each")
    if len(sep) != 1 or sep in "\"\r\n" or ord(sep) > 127:
        raise NotPlain(f"delimiter {sep!r}")
    extra = {**(prof.types if prof else {}), **column_map.types}
    fmt = date_format or column_map.date_format or (prof.date_format if prof else None)
    types = _type_words(cells.iloc[top:][cols["doc_type"]] if "doc_type" in cols else None, extra)
    dates = pd.concat([cells.iloc[top:][cols[k]] for k in ("doc_date", "due_date") if k in cols], ignore_index=True)
    style = _date_style(dates, fmt)
    load = {"columns": columns, "profile": profile, "encoding": encoding, "sep": sep, "default_terms": default_terms,
            "date_format": date_format, "read_encoding": rows.encoding}
    return _Layout(codec, sep, int(rows.cells.shape[1]), top, cols, types, fmt, style, int(default_terms),
                   list(h.cells), extra, head, sample, detection.describe(), load)


def _confirm(p: Path, tmp: Path, layout: _Layout) -> None:
    """Load the first lines as the Python path does: they must be plain, and give the notes of the reconciliation
    (a profile, a header line, an encoding: notes that hold for the whole file); then read the last lines."""
    o = layout.load
    try:
        led = load_ledger(layout.sample, o["columns"], profile=o["profile"], encoding=o["encoding"], sep=o["sep"],
                          default_terms=o["default_terms"], date_format=o["date_format"])
    except Exception as exc:  # the Python path reports whatever the first lines hold
        raise NotPlain(f"the first lines do not load: {exc}") from None
    rec = led.reconciliation
    if (rec.blank_rows or rec.rejected_rows or rec.derived_receipts or rec.reclassified or rec.heading_rows
            or rec.line_items or rec.unreadable_amounts or rec.documents_from_file + rec.summary_rows != rec.rows_read):
        raise NotPlain(f"the first lines are not plain: {rec}")
    # derived due dates and the file's totals are counted and checked again over the whole file
    notes = tuple(n for n in rec.notes if not (_DERIVED_NOTE.match(n) or n.startswith(_TOTAL_NOTE)))
    if not all(n.startswith(_GLOBAL_NOTES) for n in notes):
        raise NotPlain(f"a note that depends on the rows: {notes}")
    if layout.profile_note not in notes:
        raise NotPlain("the profile of the first lines is not the one found again")
    if layout.date_format is None and any(n.startswith("dates read as") for n in notes):
        raise NotPlain("a date format decided from the values")
    _check_tail(p, layout.head, layout.top, tmp, layout.cols, layout.extra_types, encoding=o["read_encoding"],
                sep=layout.sep)
    layout.ledger, layout.notes = led, notes


def _check_tail(p: Path, head: bytes, top: int, tmp: Path, cols: dict, extra: dict, *, encoding, sep) -> None:
    """Read the last lines of a long file under its header: a file that ends in a footer (制表人：…) or blank
    lines has a row without a document number there that is no summary row (合计, 小计), and is told before
    the whole file is read."""
    size = os.path.getsize(p)
    doc_no = cols.get("doc_no")
    if size <= len(head) or doc_no is None:
        return
    with open(p, "rb") as fh:
        fh.seek(max(len(head), size - _TAIL_BYTES))
        data = fh.read()
    cut = data.find(b"\n")
    if cut < 0 or cut == len(data) - 1:
        return  # one long last line: the whole-file query judges it
    sample = tmp / "tail.csv"
    sample.write_bytes(b"\n".join(head.split(b"\n")[:top]) + b"\n" + data[cut + 1:])
    try:
        cells = _clean(read_rows(sample, encoding=encoding, sep=sep).cells)
    except Exception as exc:
        raise NotPlain(f"the last lines do not read: {exc}") from None
    if doc_no >= cells.shape[1]:
        raise NotPlain("a short row in the last lines")
    body = cells.iloc[top:]
    blank = body[body[doc_no].eq("")]
    if len(blank) and not _all_summary(blank.reset_index(drop=True), cols, extra):
        raise NotPlain("a row without a document number in the last lines that is no summary row (a footer or a "
                        "blank line)")


def _which_sep(sample: Path, encoding, cells: pd.DataFrame) -> str:
    """The delimiter the reader chose for the first lines: the one candidate that gives the same cells."""
    if cells.shape[1] < 2:  # one column: any candidate the lines lack gives the same cells
        raise NotPlain("the delimiter cannot be told from the first lines")
    data = sample.read_bytes()
    same = []
    for d in _CANDIDATE_SEPS:
        if d.encode() not in data:  # one column, not the cells'
            continue
        try:
            other = read_rows(sample, encoding=encoding, sep=d).cells
        except Exception:
            continue
        if other.shape == cells.shape and (other.fillna("").to_numpy() == cells.fillna("").to_numpy()).all():
            same.append(d)
    if len(same) != 1:
        raise NotPlain("the delimiter cannot be told from the first lines")
    return same[0]


def _type_words(seen, extra: dict) -> dict:
    """Document-type words as a file may write them → canonical type, as the Python path maps them."""
    words = set(DOC_TYPE_WORDS) | set(DOC_TYPES) | set(extra)
    words |= {f(w) for w in list(words) for f in (str.lower, str.upper, str.title)}
    if seen is not None:
        words |= set(seen.unique().tolist())
    words = sorted(w for w in words if w and w == w.strip() and "\u3000" not in w)
    kinds = canonical_doc_types(pd.Series(words, dtype=object), extra)
    return {w: k for w, k in zip(words, kinds) if isinstance(k, str)}


# ----------------------------------------------------------------------------- the query


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _date_style(values: pd.Series, fmt: str | None) -> str:
    """How the dates of a file are written, from its first rows: ``iso`` (2025-01-03), ``cn`` (2025年1月3日),
    ``format`` (a given format) or ``any`` (the other forms the Python path reads without a format)."""
    if fmt is not None:
        return "format"
    v = values[values.ne("")]
    if len(v) and v.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "iso"
    if len(v) and v.str.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日").all():
        return "cn"
    return "any"


def _date_sql(v: str, style: str, fmt: str | None) -> str:
    """The date of the text ``v`` of a date column: NULL when empty, an error when it is no plain date.

    Plain dates are those the Python path reads alike without a format
    (:data:`_AUTO_DATE`), or those of a given format of ``%Y``, ``%m``, ``%d``
    (two digits each for day and month) and separators; years 1900 to 2199.
    Every row is held to the style of the file's first rows (:func:`_date_style`).
    """
    fail = "error('not a plain date')"
    if style == "iso":  # positions of the dashes fixed, digits checked by the cast, the year by the text's range
        d = f"CAST({v} AS DATE)"
        return (f"CASE WHEN {v} = '' THEN NULL WHEN {v} LIKE '____-__-__' AND {v} BETWEEN '1900' AND '2199-12-31' "
                f"THEN {d} ELSE {fail} END")
    if style == "cn":
        # the year's two first digits by pattern (so 19xx–21xx, four digits before 年), the rest checked by strptime
        d = f"CAST(strptime({v}, '%Y年%m月%d日') AS DATE)"
        years = " OR ".join(f"{v} LIKE '{c}__年%'" for c in ("19", "20", "21"))
        return f"CASE WHEN {v} = '' THEN NULL WHEN {years} THEN {d} ELSE {fail} END"
    if style == "format":
        return (f"CASE WHEN {v} = '' THEN NULL WHEN regexp_full_match({v}, {_lit(_format_regex(fmt))}) "
                f"THEN CAST(strptime({v}, {_lit(fmt)}) AS DATE) ELSE {fail} END")
    iso = ("CAST(replace(replace(replace(replace(replace(" + v + ", '/', '-'), '.', '-'), '年', '-'), '月', '-'), "
           "'日', '') AS DATE)")
    compact = f"CAST(substr({v}, 1, 4) || '-' || substr({v}, 5, 2) || '-' || substr({v}, 7, 2) AS DATE)"
    return (f"CASE WHEN {v} = '' THEN NULL WHEN regexp_full_match({v}, {_lit(_AUTO_DATE)}) "
            f"THEN CASE WHEN strlen({v}) = 8 AND regexp_full_match({v}, '[0-9]{{8}}') THEN {compact} ELSE {iso} END "
            f"ELSE {fail} END")


def _format_regex(fmt: str) -> str:
    """A strict pattern for the dates of a ``strftime`` format of %Y, %m, %d and separators, or not plain."""
    parts = re.findall(r"%[Ymd]|[-/. 年月日]", fmt)
    if "".join(parts) != fmt or sorted(p for p in parts if p.startswith("%")) != ["%Y", "%d", "%m"]:
        raise NotPlain(f"date format {fmt!r}")
    return "".join("(?:19|20|21)[0-9]{2}" if part == "%Y" else "[0-9]{2}" if part.startswith("%")
                   else re.escape(part) for part in parts)


def _query(p: Path, tmp: Path, layout: _Layout, con):
    import duckdb

    own = con is None
    if own:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        con = duckdb.connect()
        con.execute(f"SET threads = {max(1, cores)}")
        con.execute("SET enable_progress_bar = false")
    stage = _Stage(f"{_STAGE}_{uuid.uuid4().hex[:12]}")
    try:
        return _run(p, tmp, layout, con, stage)
    except BaseException as exc:  # noqa: BLE001 - nothing of the read is left behind, whatever stopped it
        try:
            con.execute(f"DROP VIEW IF EXISTS {stage.view}")
            for table in (stage.rows, stage.terms):
                con.execute(f"DROP TABLE IF EXISTS {table}")
        except duckdb.Error:
            pass
        if own:
            con.close()
        if not isinstance(exc, Exception):  # an interrupt goes on
            raise
        # not plain, a DuckDB error or anything else: the Python path reads the file
        raise NotPlain(f"{type(exc).__name__}: {exc}") from None


@dataclass(frozen=True)
class _Stage:
    """Names of one read's objects: the table of the rows as read, the ledger view over it, a work table."""

    rows: str

    @property
    def view(self) -> str:
        return self.rows + "_view"

    @property
    def terms(self) -> str:
        return self.rows + "_terms"


class _Loader:
    """Loads the rows into the stage table in a thread while :func:`~creditkit.receivables.sql_scan.scan` checks
    the bytes: a UTF-8 file at once, the UTF-8 parts of a GBK file one by one as they are decoded (each appended
    after the one before, so the table keeps the file's order). DuckDB works without the GIL, so the load and
    the scan share the cores."""

    def __init__(self, con, stage: _Stage, select, top: int, tmp: Path):
        self.con, self.stage, self.select, self.top, self.tmp = con, stage, select, top, tmp
        self.queue = queue.Queue(maxsize=2)  # parts waiting: a bound on the memory they hold
        self.error = None
        self.stopped = False
        self.busy = threading.Lock()  # held while a query runs
        self.parts = 0
        self.thread = threading.Thread(target=self._work, name="creditkit-sql-load", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        while not self.stopped and (item := self.queue.get()) is not None:
            if self.error is not None:
                continue
            try:
                self._load(item)
            except BaseException as exc:  # noqa: BLE001 - handed to the scanning thread
                self.error = exc

    def _load(self, item) -> None:
        first = self.parts == 0
        self.parts += 1
        if isinstance(item, Path):
            src = item
        else:
            src = self.tmp / f"part{self.parts}.csv"
            src.write_bytes(item)
        sql = self.select(src, self.top if first else 0)
        with self.busy:
            if not self.stopped:
                self.con.execute(f"CREATE TEMP TABLE {self.stage.rows} AS {sql}" if first
                                 else f"INSERT INTO {self.stage.rows} {sql}")
        if src is not item:
            src.unlink()

    def put(self, item) -> None:
        self._raise_error()
        self.queue.put(item)

    def _raise_error(self) -> None:
        if self.error is not None:
            raise NotPlain(f"{type(self.error).__name__}: {self.error}")

    def finish(self) -> None:
        try:
            self.queue.put(None)
            self.thread.join()
        except BaseException:  # an interrupt while waiting (Ctrl-C in a notebook): stop the query too
            self.abort()
            raise
        self._raise_error()
        if not self.parts:
            raise NotPlain("no rows")

    def abort(self) -> None:
        """Stop at once: the query running is interrupted, the parts waiting are dropped."""
        self.stopped = True
        while self.thread.is_alive():
            try:
                while True:
                    self.queue.get_nowait()
            except queue.Empty:
                pass
            try:
                self.queue.put_nowait(None)
            except queue.Full:
                pass
            if self.busy.locked():
                self.con.interrupt()
            self.thread.join(0.01)


def _run(p: Path, tmp: Path, layout: _Layout, con, stage: _Stage) -> SqlLedger:
    cols = layout.cols
    if not con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]:
        raise NotPlain("the connection does not keep the file's order")
    loader = _Loader(con, stage, _row_select(layout), layout.top, tmp)
    max_lines = LIMITS.max_cells // layout.width - layout.top
    try:
        if layout.codec is None:
            loader.put(p)
        _confirm(p, tmp, layout)
        if layout.codec is None:
            n_lines = scan(p, sep=layout.sep, top=layout.top, max_lines=max_lines)
        else:
            n_lines = scan(p, sep=layout.sep, top=layout.top, max_lines=max_lines, codec=layout.codec,
                           part=loader.put)
    except BaseException:
        loader.abort()
        raise
    loader.finish()
    if n_lines < 1:
        raise NotPlain("no document rows")
    n = con.execute(f"SELECT count(*) FROM {stage.rows}").fetchone()[0]
    if n != n_lines:
        raise NotPlain(f"{n} rows read from {n_lines} lines (blank lines or cells over several lines)")
    view = _view_sql(stage, set(cols), layout.top)
    con.execute(f"CREATE TEMP VIEW {stage.view} AS {view}")
    _check_order(con, layout, stage)
    dropped = _summary_rows(con, layout, stage)
    _whole_table_checks(con, cols, stage.view)
    derived = _derive_due_dates(con, layout, stage)
    result = _result(p, layout, con, derived, dropped, stage.view)
    _replace_ledger(con, stage, view)
    return result


def _row_select(layout: _Layout):
    """The query of the rows of a CSV file (or part), as a function of its path and of the lines to skip.

    One pass from the file to the table: the canonical columns a plain row
    has, and, on a row without a document number, its cells (for the
    summary-row rule of the Python path); any other row that is not plain
    stops the query. Nothing in it reorders rows (no join, no window) and
    DuckDB keeps the insertion order, so a row's rowid is its place in the
    file: the view gives it its line.
    """
    cols, fmt = layout.cols, layout.date_format
    names = [f"c{j}" for j in range(layout.width)]
    struct = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    has = set(cols)
    # empty cells are read as '' (force_not_null), and no cell ends in white space (the scan's check)
    cleaned = ", ".join(f"{names[cols[k]]} AS v_{k}" for k in cols)
    cid = "v_customer_id" if "customer_id" in has else "v_customer_name"
    if "doc_type" in has:  # a constant lookup, not a join: a join would not keep the file's order
        # the word as an ENUM of the known words (a hash lookup), its code an index into their types
        words, kinds = (", ".join(map(_lit, part)) for part in zip(*layout.types.items()))
        kind = f"[{kinds}][enum_code(TRY_CAST(v_doc_type AS ENUM({words}))) + 1]"
    else:
        kind = "'invoice'"
    checks = [f"{cid} <> ''", "v_doc_no <> ''", f"NOT regexp_matches(v_doc_no, {_lit(_SUMMARY_HINT)})",
              "kind IS NOT NULL", f"regexp_full_match(v_amount, {_lit(_AMOUNT)})",
              "(NOT contains(v_amount, '-') OR credit)", "doc_date IS NOT NULL"]
    both = {"customer_name", "customer_id"} <= has
    if both:
        checks.insert(1, "v_customer_name <> ''")
    # the amount's form is checked by the pattern: a plain number casts at once, the others lose ￥ and commas first
    marks = " OR ".join(f"contains(v_amount, '{c}')" for c in (",", "¥", "￥"))
    magnitude = (f"CASE WHEN v_doc_no = '' THEN 0 WHEN {marks} THEN CAST(CAST(replace(replace(replace(replace("
                 "v_amount, '-', ''), '¥', ''), '￥', ''), ',', '') AS DECIMAL(17, 2)) * 100 AS BIGINT) "
                 "ELSE CAST(abs(CAST(v_amount AS DECIMAL(17, 2))) * 100 AS BIGINT) END")
    if "due_date" in has:
        checks.append("(credit OR due_raw IS NULL OR due_raw >= doc_date)")
        due = _date_sql("v_due_date", layout.date_style, fmt)
    else:
        due = "NULL::DATE"
    terms = ""
    if "terms" in has:
        checks += ["(v_terms = '' OR regexp_full_match(v_terms, '[0-9]{1,4}'))", "(terms IS NULL OR terms <= 3650)"]
        terms = ", CASE WHEN v_doc_no = '' THEN NULL ELSE CAST(NULLIF(v_terms, '') AS INTEGER) END AS terms"
    kept = [f"{cid} AS customer_id"] + (["v_customer_name AS customer_name"] if both else [])
    kept += ["kind AS doc_type", "v_doc_no AS doc_no", "doc_date",
             "CASE WHEN credit THEN NULL ELSE due_raw END AS due_date",
             "CASE WHEN credit THEN -magnitude ELSE magnitude END AS amount_cents"]
    kept += [f"NULLIF(v_{k}, '') AS {k}" for k in ("ref_doc_no", "sales_rep", "memo") if k in has]
    kept += ["terms"] if terms else []
    plain = " AND ".join(f"({c})" for c in checks)
    kept.append(f"CASE WHEN v_doc_no = '' THEN [{', '.join(names)}] WHEN {plain} THEN NULL "
                "ELSE error('not plain') END AS blank_cells")
    credit = "kind IN (" + ", ".join(_lit(k) for k in CREDIT_TYPES) + ")"
    parsed = (f"SELECT cells.*, {credit} AS credit, {magnitude} AS magnitude, "
              f"{_unless_blank(_date_sql('v_doc_date', layout.date_style, fmt))} AS doc_date, "
              f"{_unless_blank(due)} AS due_raw{terms} FROM cells")

    quoted = ", ".join(_lit(n) for n in names)

    def select(src: Path, skip: int) -> str:
        read = (f"read_csv({_lit(str(src))}, header = false, skip = {skip}, columns = {struct}, "
                f"delim = {_lit(layout.sep)}, quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, "
                f"null_padding = false, max_line_size = {_MAX_LINE_BYTES}, force_not_null = [{quoted}])")
        return (f"WITH raw AS (SELECT {', '.join(names)}, {cleaned} FROM {read}), "
                f"cells AS (SELECT raw.*, {kind} AS kind FROM raw), parsed AS ({parsed}) "
                f"SELECT {', '.join(kept)} FROM parsed")

    return select


def _view_sql(stage: _Stage, has: set, top: int) -> str:
    """The canonical ledger over the rows read: every canonical column, documents only, each with its line."""
    both = {"customer_name", "customer_id"} <= has
    cols = ["customer_id", "customer_name" if both else "customer_id AS customer_name",
            "doc_type", "doc_no", "doc_date", "due_date", "amount_cents"]
    cols += [k if k in has else f"NULL::VARCHAR AS {k}" for k in ("ref_doc_no", "sales_rep")]
    cols += ["terms" if "terms" in has else "NULL::INTEGER AS terms",
             "memo" if "memo" in has else "NULL::VARCHAR AS memo",
             "NULL::VARCHAR AS clear_key", "NULL::DATE AS clear_date", f"rowid + {1 + top} AS source_line"]
    return f"SELECT {', '.join(cols)} FROM {stage.rows} WHERE doc_no <> ''"


def _replace_ledger(con, stage: _Stage, view: str) -> None:
    """Make the view ``ledger`` of the connection the one over this read (``view``, its SQL), in place of any
    ``ledger`` before it (and the rows of an earlier read that it showed)."""
    old = con.execute("SELECT sql FROM duckdb_views() WHERE view_name = 'ledger' AND temporary").fetchall()
    if not old:
        kind = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ledger' AND temporary").fetchone()
        if kind[0]:
            con.execute("DROP TABLE ledger")
    con.execute(f"CREATE OR REPLACE TEMP VIEW ledger AS {view}")
    for (sql,) in old:
        for table in set(re.findall(rf"{_STAGE}_[0-9a-f]{{12}}", sql or "")):
            con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"DROP VIEW IF EXISTS {stage.view}")


def _check_order(con, layout: _Layout, stage: _Stage) -> None:
    """The rows of the first lines, loaded by the Python path, are the table's first rows, line for line."""
    head = layout.ledger.table[["doc_no", "source_line"]].sort_values("source_line")
    want = list(zip(head["doc_no"].tolist(), head["source_line"].astype("int64").tolist()))
    last = want[-1][1] if want else 0
    got = con.execute(f"SELECT doc_no, source_line FROM {stage.view} WHERE source_line <= ? ORDER BY source_line",
                      [last]).fetchall()
    if [(d, int(line)) for d, line in got] != want:
        raise NotPlain("the table's rows are not in the file's order")


def _unless_blank(expr: str) -> str:
    """``expr`` on a row with a document number; NULL on one without (a summary row, told apart in Python)."""
    return f"CASE WHEN v_doc_no = '' THEN NULL ELSE {expr} END"


def _summary_rows(con, layout: _Layout, stage: _Stage) -> pd.DataFrame:
    """The rows without a document number (the view leaves them out): they must all be summary rows (合计, 小计,
    Total for …) by the Python path's own rule (:func:`~creditkit.receivables.erp_rows.summary_rows`), and come
    back as the ``dropped`` frame ``load_ledger`` makes; any other such row is not plain."""
    n = con.execute(f"SELECT count(*) FROM {stage.rows} WHERE doc_no = ''").fetchone()[0]
    if n > _MAX_SUMMARY_ROWS:
        raise NotPlain(f"{n} rows without a document number")
    width = layout.width
    if not n:  # no summary row in the file, none in its first lines: their (empty) frame is the file's
        return layout.ledger.dropped
    got = con.execute(f"SELECT rowid + {1 + layout.top} AS line, "
                      f"{', '.join(f'blank_cells[{j + 1}]' for j in range(width))} FROM {stage.rows} "
                      "WHERE doc_no = '' ORDER BY line").fetchall()
    lines = np.array([r[0] for r in got], dtype="int64")
    body = _clean(pd.DataFrame([r[1:] for r in got], columns=range(width), dtype=object))
    if not _all_summary(body, layout.cols, layout.extra_types):
        raise NotPlain("a row without a document number that is not a summary row")
    return set_aside(body.astype(TEXT_DTYPE), layout.header, lines, np.full(n, "summary"))


def _all_summary(body: pd.DataFrame, cols: dict, extra: dict) -> bool:
    """Whether every row of ``body`` (cleaned cells, columns by position) is a summary row to the Python path:
    no number, a summary word as its label, and not shaped like a document (a known type word and a date)."""
    return bool(summary_rows(body, cols, document_shaped(body, cols, extra)).all())


def _derive_due_dates(con, layout: _Layout, stage: _Stage) -> int:
    """Due dates of the debit documents that lack one, as the Python path derives them; returns how many.

    The document date plus the row's terms, else the customer's most common
    terms (the smallest of equally common ones), else ``default_terms``. A
    note says how many, and how many took the default.
    """
    s, terms = stage.rows, stage.terms
    has_terms = "terms" in layout.cols
    credit = ", ".join(_lit(k) for k in CREDIT_TYPES)
    need = f"doc_no <> '' AND due_date IS NULL AND doc_type NOT IN ({credit})"
    n = con.execute(f"SELECT count(*) FROM {s} WHERE {need}").fetchone()[0]
    if not n:
        return 0
    if has_terms:
        con.execute(f"""
CREATE OR REPLACE TEMP TABLE {terms} AS
SELECT customer_id, terms FROM (SELECT customer_id, terms, count(*) AS n FROM {s}
                                WHERE doc_no <> '' AND terms IS NOT NULL GROUP BY customer_id, terms)
QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, terms) = 1""")
        n_default = con.execute(f"SELECT count(*) FROM {s} l WHERE {need} AND terms IS NULL AND NOT EXISTS "
                                f"(SELECT 1 FROM {terms} c WHERE c.customer_id = l.customer_id)").fetchone()[0]
        con.execute(f"""
UPDATE {s} SET due_date = doc_date + CAST(coalesce({s}.terms, c.terms, {layout.default_terms}) AS INTEGER)
FROM (SELECT l.rowid AS r, c.terms FROM {s} l LEFT JOIN {terms} c ON c.customer_id = l.customer_id
      WHERE l.{need}) c
WHERE {s}.rowid = c.r""")
        con.execute(f"DROP TABLE {terms}")
    else:
        n_default = n
        con.execute(f"UPDATE {s} SET due_date = doc_date + {layout.default_terms} WHERE {need}")
    layout.notes = layout.notes + (f"{n} missing due dates derived as document date + terms"
                                   + (f" ({n_default} with the default {layout.default_terms} days)" if n_default
                                      else ""),)
    return n


def _whole_table_checks(con, cols: dict, view: str) -> None:
    n, distinct = con.execute(f"SELECT count(*), count(DISTINCT doc_no) FROM {view}").fetchone()
    if not n:
        raise NotPlain("no document rows")
    if distinct < n:  # a number used twice, for one customer (a duplicate) or for two (told by a second look)
        dup = con.execute(f"SELECT count(*) - count(DISTINCT (customer_id, doc_no)) FROM {view}").fetchone()[0]
        if dup:
            raise NotPlain("duplicate document numbers")
    credit = ", ".join(_lit(k) for k in CREDIT_TYPES)
    if "ref_doc_no" in cols:
        refs = f"SELECT customer_id, ref_doc_no FROM {view} WHERE ref_doc_no IS NOT NULL AND doc_type IN ({credit})"
        debits = f"SELECT customer_id, doc_no FROM {view} WHERE doc_type NOT IN ({credit})"
        if distinct == n:  # every number names one document: join on the number, then compare the customers
            sql = (f"SELECT count(*) FROM ({refs}) c LEFT JOIN ({debits}) d ON d.doc_no = c.ref_doc_no "
                   "WHERE d.customer_id IS DISTINCT FROM c.customer_id")
        else:
            sql = (f"SELECT count(*) FROM ({refs}) c WHERE NOT EXISTS (SELECT 1 FROM ({debits}) d "
                   "WHERE d.customer_id = c.customer_id AND d.doc_no = c.ref_doc_no)")
        if con.execute(sql).fetchone()[0]:
            raise NotPlain("a reference to no debit document of the same customer")
    if "customer_id" in cols and "customer_name" in cols:
        names = con.execute(f"SELECT count(*) FROM (SELECT customer_id FROM {view} GROUP BY customer_id "
                            "HAVING min(customer_name) <> max(customer_name))").fetchone()[0]
        if names:
            raise NotPlain("customer codes with several names")
    for k in ("customer_id", "doc_no", "ref_doc_no"):
        if k == "ref_doc_no" and k not in cols:
            continue
        odd = con.execute(f"SELECT DISTINCT {k} FROM {view} WHERE {k} IS NOT NULL AND strlen({k}) <> length({k}) "
                          "LIMIT 100001").fetchall()
        if len(odd) > 100_000 or any(unicodedata.normalize("NFKC", v).strip() != v for (v,) in odd):
            raise NotPlain(f"{k} text that Unicode NFKC changes")


def _file_total(layout: _Layout, dropped: pd.DataFrame, signed_cents: int) -> tuple[list, list]:
    """The file's grand total (its last summary row) checked against the documents read, by the Python path's own
    check (:func:`~creditkit.receivables.ledger.check_file_totals`): the totals checked and the notes it makes."""
    from types import SimpleNamespace

    from .ledger import check_file_totals

    cols = layout.cols
    load = SimpleNamespace(rejected=None, amount_cents=pd.Series([signed_cents], dtype="int64"),
                           merged=pd.Series([False]), balance=None, dropped=dropped, cols=cols,
                           decimal={"amount": "."}, head=lambda k: layout.header[cols[k]], totals=[], notes=[])
    check_file_totals(load, None)
    return load.totals, load.notes


def _result(p: Path, layout: _Layout, con, derived: int, dropped: pd.DataFrame, view: str) -> SqlLedger:
    sums = con.execute(f"SELECT doc_type, sum(abs(amount_cents))::HUGEINT, sum(amount_cents)::HUGEINT, count(*) "
                       f"FROM {view} GROUP BY doc_type").fetchall()
    by, signed = {t: g for t, g, _, _ in sums}, {t: v for t, _, v, _ in sums}
    n = int(sum(k for *_, k in sums))
    gross = lambda *types: int(sum(by.get(t, 0) for t in types))  # noqa: E731
    read_cents = int(sum(by.values()))
    totals, notes = _file_total(layout, dropped, int(sum(v for v in signed.values()))) if len(dropped) else ([], [])
    rec = LedgerReconciliation(
        file=str(p), rows_read=n + len(dropped), blank_rows=0, summary_rows=len(dropped), rejected_rows=0,
        documents_from_file=n,
        derived_receipts=0, invoiced_cents=gross("invoice", "debit_note", "opening_balance"),
        received_cents=gross("receipt"), credited_cents=gross("credit_note", "opening_credit"),
        refunded_cents=gross("refund"), written_off_cents=gross("write_off"), read_cents=read_cents,
        kept_cents=read_cents, rejected_cents=0, unreadable_amounts=0, derived_due_dates=derived, reclassified=0,
        notes=layout.notes + tuple(notes), heading_rows=0, line_items=0, totals_checked=len(totals),
        totals_mismatched=sum(1 for _, a, b in totals if a != b))
    return SqlLedger(con, rec, layout.ledger.rejected, dropped)
