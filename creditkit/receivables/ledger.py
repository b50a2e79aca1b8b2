"""Receivables ledgers: an ERP export → one canonical, validated document table.

:func:`load_ledger` reads the CSV or Excel export of an ERP's receivables
ledger (应收账款明细账) and returns a :class:`~creditkit.receivables.schema.Ledger`:
the canonical table (columns and sign rules in
:mod:`~creditkit.receivables.schema`), a reconciliation of what was read
against what was kept, and the rows it rejected. :func:`ledger_from_frame`
does the same for a DataFrame whose columns are an export's headers.

A load is a pipeline of small steps, one concern each, in this order:

0. *profile*: the ERP export family is detected from the headers and title
   lines (:mod:`~creditkit.receivables.erp_profiles`) or named (``profile=``);
1. *header*: the header row (or two-row header) is found
   (:func:`~creditkit.receivables.reading.find_header_rows`: a column map, the
   profile's aliases, then the general ones) and the required columns are checked;
2. *summary rows*: blank rows, summary rows (合计, 本月合计, ``Total for …``) and
   heading / footer rows are set aside (:mod:`~creditkit.receivables.erp_rows`);
   a customer given as a heading row names the rows under it;
3. *customers*: names are filled down from the customer's other rows; a file
   without customer codes uses the names as codes;
4. *document numbers* and the numbers credit documents reference;
5. *document types*: the export's words (销售发票, 收款单, 红字 …), a profile's
   words and number patterns; 期初余额 rows are opening balances;
6. *amounts*: the open amount, one amount column, or debit minus credit, each
   column's decimal mark decided from all its values; an opening balance
   without a movement takes its 余额 and 方向;
7. *line items*: several rows with one number for one customer summed, or
   numbered apart, as the profile says;
8. *signs*: the direction of each document, from its type or from its sign;
9. *missing numbers*: opening balances and unnumbered credits are numbered;
10. *dates*: document, due and clearing dates (split 年 / 月 / 日 columns combined);
11. *terms*: credit terms in days (negative terms, more than 3,650 days or
    text without a number are refused); missing due dates derived from them;
12. *settlements*: the settled-date and paid-amount columns of invoice-level exports;
13. *duplicates*: document numbers that occur twice for one customer;
14. *references*: each reference must name a good invoice of the same customer;
15. *rejection*: every problem found, by line — the first raises, or all are listed;
16. *derived receipts*: one receipt per settled invoice of an invoice-level export;
17. *file totals*: the file's grand total and running 余额 against what was read;
18. *reconciliation*: rows and amounts read = kept + rejected (+ rows set aside).

Every problem a step finds names the row's line, the column's header as the
file writes it, the reason and the value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..dates import parse_dates
from ..errors import LedgerError, SchemaError
from ..money import decimal_mark, format_cents, nfkc, parse_amounts
from .erp_profiles import Profile, detect_profile
from .erp_rows import label_cells, numeric_date_format, opening_rows, shapeless_rows, summary_rows, title_period
from .reading import (TEXT_DTYPE, ColumnMap, RawRows, canonical_doc_types, find_header_rows, load_column_map, read_rows,
                      rows_from_frame)
from .schema import CREDIT_TYPES, DOC_TYPES, Ledger, LedgerReconciliation, canonical_table

__all__ = ["load_ledger", "ledger_from_frame"]

_TEXT_KEYS = ("customer_id", "customer_name", "doc_type", "doc_no")
_REJECTED_COLUMNS = ["line", "column", "doc_no", "value", "reason"]


def load_ledger(path, columns=None, *, profile=None, encoding=None, sheet=None, sep=None, errors="raise",
                default_terms=30, date_format=None) -> Ledger:
    """Read an ERP receivables export into the canonical ledger table.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` / ``.txt`` file (UTF-8, UTF-8 with BOM, GBK/GB18030) or an
        ``.xlsx`` / ``.xlsm`` workbook.
    columns : str, Path or dict, optional
        Header mapping for headers the alias table does not know: a YAML file
        (``columns: {canonical: header}`` and optional ``date_format``) or the
        same as a dict; see :func:`~creditkit.receivables.reading.load_column_map`.
    profile : str, optional
        Name of the ERP profile to read the file with
        (:mod:`~creditkit.receivables.erp_profiles`); default: detected from
        the headers and title lines (the choice is in the reconciliation's notes).
    encoding : str, optional
        Overrides the detected text encoding of a CSV file.
    sheet : str or int, optional
        Excel sheet name or 0-based position (default: the first).
    sep : str, optional
        CSV delimiter (default: sniffed among ``,``, tab and ``;``).
    errors : {"raise", "report"}, default "raise"
        ``"raise"`` stops at the first bad row (by line) with a
        :class:`~creditkit.errors.LedgerError`; ``"report"`` keeps going and
        lists bad rows in :attr:`Ledger.rejected`.
    default_terms : int, default 30
        Credit terms in days used to derive a missing due date when neither the
        row nor the customer's other rows give terms. Every derived due date is
        counted in the reconciliation.
    date_format : str, optional
        ``strftime`` format of text dates (overrides the YAML one).

    Returns
    -------
    Ledger

    Raises
    ------
    LedgerError
        A bad row (file, line, column, document number and value are named).
    SchemaError
        No header with the required columns was found.
    ConfigError
        The YAML column map cannot be used (file, line and key are named).

    Examples
    --------
    >>> import tempfile, os
    >>> text = "客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额,核销单据号\\n" \\
    ...        "C1,甲公司,销售发票,XS1,2025/1/3,2025-02-02,\\"1,000.00\\",\\n" \\
    ...        "C1,甲公司,收款单,SK1,2025年1月20日,,400,XS1\\n" \\
    ...        "合计,,,,,,1400,\\n"
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "ar.csv")
    >>> _ = open(p, "w", encoding="gbk").write(text)
    >>> led = load_ledger(p)
    >>> led.table[["doc_no", "doc_type", "amount_cents"]].values.tolist()
    [['XS1', 'invoice', 100000], ['SK1', 'receipt', -40000]]
    >>> led.reconciliation.summary_rows, led.reconciliation.balanced
    (1, True)
    """
    _check_options(errors, default_terms)
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a file path, got {type(path).__name__}")
    p = Path(path)  # read_rows says what a path that is no readable file is
    column_map = load_column_map(columns)
    rows = read_rows(p, encoding=encoding, sheet=sheet, sep=sep)
    notes = [f"text encoding {rows.encoding}"] if rows.encoding not in (None, "utf-8") else []
    return _build(rows, file=str(p), column_map=column_map, profile=profile, errors=errors,
                  default_terms=int(default_terms), date_format=date_format, notes=notes)


def ledger_from_frame(frame: pd.DataFrame, columns=None, *, profile=None, errors="raise", default_terms=30,
                      date_format=None, name="<frame>") -> Ledger:
    """Same as :func:`load_ledger` for a DataFrame whose columns are the export's headers.

    Line numbers count the header as line 1, as if the frame had been a CSV file.

    Examples
    --------
    >>> raw = pd.DataFrame({"customer_id": ["A", "A"], "doc_type": ["invoice", "receipt"],
    ...                     "doc_no": ["I1", "R1"], "doc_date": ["2025-01-01", "2025-01-15"],
    ...                     "due_date": ["2025-01-31", ""], "amount": ["100", "40"],
    ...                     "ref_doc_no": ["", "I1"]})
    >>> ledger_from_frame(raw).table["amount_cents"].tolist()
    [10000, -4000]
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a DataFrame, got {type(frame).__name__}")
    _check_options(errors, default_terms)
    column_map = load_column_map(columns)
    return _build(rows_from_frame(frame), file=name, column_map=column_map, profile=profile, errors=errors,
                  default_terms=int(default_terms), date_format=date_format, notes=[])


def _check_options(errors, default_terms) -> None:
    """Refuse an ``errors`` or ``default_terms`` argument a load cannot use."""
    if errors not in ("raise", "report"):
        raise ValueError(f"errors must be 'raise' or 'report', got {errors!r}")
    if not isinstance(default_terms, (int, np.integer)) or isinstance(default_terms, bool) or default_terms < 0:
        raise ValueError(f"default_terms must be a non-negative int of days, got {default_terms!r}")


# ----------------------------------------------------------------------------- the pipeline


def _build(rows: RawRows, *, file, column_map, profile, errors, default_terms, date_format, notes) -> Ledger:
    """Run the steps of the module docstring over the rows of one export."""
    cells = _clean_cells(rows.cells, file)
    detection = detect_profile(cells, name=profile)
    notes.append(detection.describe())
    load = _under_header(cells, rows.lines, column_map, detection.profile, file=file, notes=notes)
    del cells  # the rows under the header are load.body from here on
    load.date_format = (date_format or column_map.date_format or (load.profile.date_format if load.profile else None)
                        or _date_format(load))
    _drop_summary_rows(load)
    _customers(load)
    _document_numbers(load)
    _document_types(load)
    _amounts(load)
    _line_items(load)
    _signs(load)
    _missing_numbers(load)
    _dates(load, load.date_format)
    _terms(load, default_terms)
    _settlements(load, load.date_format)
    _duplicates(load)
    _table(load)
    _references(load)
    rejected = _rejection(load, errors)
    kept, receipts = _with_derived_receipts(load, rejected)
    load.body = load.table = None  # the text cells are in ``kept`` now
    kept = canonical_table(kept, name=file)
    check_file_totals(load, kept)
    reconciliation = _reconciliation(load, kept, rejected, receipts)
    return Ledger(table=kept, reconciliation=reconciliation, rejected=load.rejected, dropped=load.dropped)


class _Problems:
    """Collects row problems: (position, column header, reason, value), in the order the steps find them."""

    def __init__(self):
        self.items = []

    def add(self, mask, header, reason, values=None):
        """Record ``reason`` for every row where ``mask`` holds, with the row's value from ``values``."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(idx) == 0:
            return
        vals = [None] * len(idx) if values is None else list(np.asarray(values, dtype=object)[idx])
        for i, v in zip(idx, vals):
            self.items.append((int(i), header, reason, v))

    def rows(self, n: int) -> np.ndarray:
        """Mask of the ``n`` rows with at least one problem."""
        bad = np.zeros(n, bool)
        bad[[i for i, *_ in self.items]] = True
        return bad


@dataclass(eq=False)
class _Load:
    """One load under way: the data rows under the header and what the steps have found in them.

    ``body`` holds the text cells (columns numbered as in the file) and
    ``line`` the source line of each row; the steps of :func:`_build` fill the
    other fields in order, each row field a Series aligned with ``body``.
    """

    file: str
    body: pd.DataFrame
    line: pd.Series
    cols: dict
    header: list
    notes: list
    profile: Profile | None = None
    column_map: ColumnMap | None = None
    title: pd.DataFrame | None = None
    date_format: str | None = None
    problems: _Problems = field(default_factory=_Problems)
    heading_rows: int = 0
    heading_customer: pd.Series | None = None
    opening: pd.Series | None = None
    merged: pd.Series | None = None  # line items folded into the first row of their document
    decimal: dict = field(default_factory=dict)  # amount column → decimal mark
    untyped: pd.Series | None = None  # rows whose type the words did not give
    balance: pd.Series | None = None  # the 余额 column, signed by 方向
    line_amount: pd.Series | None = None  # each row's own amount, where line items were summed
    clear_date: pd.Series | None = None
    totals: list = field(default_factory=list)  # (what, file's figure, figure read) of every total checked
    rows_read: int = 0
    blank_rows: int = 0
    summary_rows: int = 0
    dropped: pd.DataFrame | None = None
    customer_id: pd.Series | None = None
    customer_name: pd.Series | None = None
    doc_no: pd.Series | None = None
    ref_doc_no: pd.Series | None = None
    doc_type: pd.Series | None = None
    amount: pd.Series | None = None  # cents as read, before signs; missing where unreadable
    amount_header: str | None = None
    credit_side: pd.Series | None = None  # with debit/credit columns: a credit amount was given
    amount_cents: pd.Series | None = None
    is_credit: pd.Series | None = None
    reclassified: int = 0
    doc_date: pd.Series | None = None
    due_date: pd.Series | None = None
    bad_due: pd.Series | None = None
    terms: pd.Series | None = None
    derived_due_dates: int = 0
    settled: pd.Series | None = None
    paid: pd.Series | None = None
    table: pd.DataFrame | None = None
    rejected: pd.DataFrame | None = None

    def col(self, name) -> pd.Series:
        """The text cells of a canonical column (empty text when the file lacks it)."""
        return self.body[self.cols[name]] if name in self.cols else pd.Series("", index=self.body.index, dtype=TEXT_DTYPE)

    def head(self, name) -> str:
        """The header the file gives a canonical column (the canonical name when it lacks it)."""
        return self.header[self.cols[name]] if name in self.cols else name


def _clean_cells(cells: pd.DataFrame, file: str) -> pd.DataFrame:
    """Every cell as stripped text, ideographic spaces (U+3000) read as spaces.

    The columns are taken out of ``cells`` one by one as they are cleaned (the
    raw text is never held twice); ``cells`` is left without columns.
    """
    if cells.empty:
        raise SchemaError(f"{file}: the file is empty")
    out, index = {}, cells.index
    for c in list(cells.columns):
        col = cells.pop(c)
        col = col if col.dtype == TEXT_DTYPE else col.astype(object).fillna("").astype(str).astype(TEXT_DTYPE)
        out[c] = col.fillna("").str.replace("\u3000", " ", regex=False).str.strip()
        del col
    return pd.DataFrame(out, index=index)


def _under_header(cells: pd.DataFrame, lines: np.ndarray, column_map: ColumnMap, profile, *, file: str,
                  notes: list) -> _Load:
    """Find the header row(s), check that the columns a ledger needs are there, and take the rows below them."""
    headers = column_map.headers
    aliases = profile.columns if profile else None
    ignore = tuple(column_map.ignore) + (profile.ignore if profile else ())
    h = find_header_rows(cells, headers, file=file, aliases=aliases, ignore=ignore)
    cols, header_cells = dict(h.columns), h.cells
    missing_mapped = [f"{k}: {v}" for k, v in headers.items() if k not in cols]
    if missing_mapped:
        raise SchemaError(f"{file}: headers named in --columns not found: {', '.join(missing_mapped)}; the "
                          f"file's headers are {_shown(header_cells)}")
    if h.position > 0:
        notes.append(f"header found on line {lines[h.position]}" + (" (two rows)" if h.rows == 2 else ""))
    fix = "; name it in --columns FILE.yaml with a line such as"
    if "customer_id" not in cols and "customer_name" not in cols and not (profile and profile.customer_headings):
        raise SchemaError(f"{file}: no customer column (客户编码/客户名称); headers are {_shown(header_cells)}"
                          f"{fix} 'customer_id: 客户'")
    if "doc_no" not in cols:
        raise SchemaError(f"{file}: no doc_no column (document number); headers are {_shown(header_cells)}{fix} "
                          "'doc_no: 发票号'")
    if "doc_date" not in cols and "month" not in cols:
        raise SchemaError(f"{file}: no doc_date column (document date); headers are {_shown(header_cells)}{fix} "
                          "'doc_date: 日期' (or year / month / day for split dates)")
    if not {"amount", "debit", "credit", "open_amount"} & set(cols):
        raise SchemaError(f"{file}: no amount column (金额/价税合计/amount); headers are {_shown(header_cells)}"
                          f"{fix} 'amount: 发生额'")
    if "open_amount" in cols:
        unused = [header_cells[cols.pop(k)] for k in ("amount", "debit", "credit", "paid_amount", "settled_date")
                  if k in cols and k not in headers]
        notes.append(f"open items: {header_cells[cols['open_amount']]!r} is what is owed"
                     + (f" ({', '.join(map(repr, unused))} not used)" if unused else ""))
    top = h.position + h.rows
    body = cells.iloc[top:].reset_index(drop=True)
    line = pd.Series(lines[top:], dtype="int64")
    return _Load(file=file, body=body, line=line, cols=cols, header=header_cells, notes=notes, profile=profile,
                 column_map=column_map, title=cells.iloc[:h.position].astype(object).astype(TEXT_DTYPE))


def _shown(header_cells) -> str:
    return "[" + ", ".join(repr(c) for c in header_cells if c) + "]"


def _amount_columns(load: _Load) -> list:
    return [load.cols[k] for k in ("amount", "debit", "credit", "open_amount", "balance") if k in load.cols]


def _drop_summary_rows(load: _Load) -> None:
    """Drop blank rows, summary rows (合计, 本月合计, Total for …) and heading / footer rows, keeping them aside.

    A summary row has no document number and a summary word as its label
    (:func:`~creditkit.receivables.erp_rows.summary_rows`); a heading or footer
    row has no number, date or amount. Where the customer is a heading row
    (a profile's ``customer_headings``), the heading names the rows under it.
    """
    body, line = load.body, load.line
    n_all = len(body)
    blank = body.eq("").all(axis=1).to_numpy() if n_all else np.zeros(0, bool)
    summary = summary_rows(body, load.cols, _document_shaped(load)) & ~blank
    heading = shapeless_rows(body, load.cols, _amount_columns(load)) & ~blank & ~summary
    if load.profile is not None and load.profile.customer_headings:
        first = label_cells(body, {})[0].to_numpy(dtype=object)
        mark = pd.Series(np.where(heading, first, np.where(summary, "", None)), dtype=object)
        load.heading_customer = mark.ffill().fillna("")
    drop = summary | heading
    dropped = set_aside(body[drop], load.header, line[drop].to_numpy(), np.where(summary[drop], "summary", "heading"))
    keep = ~blank & ~drop
    if not keep.all():  # a file of documents only is kept as read, without a copy
        load.body = body[keep].reset_index(drop=True)
        load.line = line[keep].reset_index(drop=True)
    if load.heading_customer is not None:
        load.heading_customer = load.heading_customer[keep].reset_index(drop=True)
    load.rows_read, load.blank_rows = int((~blank).sum()), int(blank.sum())
    load.summary_rows, load.heading_rows = int(summary.sum()), int(heading.sum())
    if load.heading_rows:
        load.notes.append(f"{load.heading_rows} heading / footer rows (no number, date or amount) set aside")
    load.dropped = dropped
    load.opening = pd.Series(opening_rows(load.body, load.cols))


def set_aside(rows: pd.DataFrame, header: list, lines: np.ndarray, kinds: np.ndarray) -> pd.DataFrame:
    """The rows a load sets aside (:attr:`Ledger.dropped`): line, kind, then the cells under the header's names.

    Examples
    --------
    >>> rows = pd.DataFrame([["合计", "9.00"]])
    >>> set_aside(rows, ["客户", "金额"], np.array([7]), np.array(["summary"])).values.tolist()
    [[7, 'summary', '合计', '9.00']]
    """
    out = rows.copy()
    out.columns = [header[i] if i < len(header) else i for i in out.columns]
    out.insert(0, "line", lines)
    out.insert(1, "kind", kinds)
    return out.reset_index(drop=True)


def _document_shaped(load: _Load) -> np.ndarray:
    """Mask of the rows shaped like documents (:func:`document_shaped`) under the load's columns and type words."""
    return document_shaped(load.body, load.cols, {**(load.profile.types if load.profile else {}),
                                                  **load.column_map.types})


def document_shaped(body: pd.DataFrame, cols: dict, extra_types: dict) -> np.ndarray:
    """Mask of the rows shaped like documents: a known document-type word and a document date.

    ``body`` holds the cleaned cells by column position, ``cols`` the position
    of each canonical name, ``extra_types`` the type words of a profile and a
    column map. Such a row is never a summary row, whatever its cells say.

    Examples
    --------
    >>> body = pd.DataFrame([["合计", "", ""], ["C1", "销售发票", "2025-01-03"]])
    >>> document_shaped(body, {"customer_id": 0, "doc_type": 1, "doc_date": 2}, {}).tolist()
    [False, True]
    """
    if "doc_type" not in cols or not len(body):
        return np.zeros(len(body), bool)
    typed = canonical_doc_types(body[cols["doc_type"]], extra_types).notna().to_numpy()
    date_col = cols.get("doc_date", cols.get("day"))
    if date_col is None:
        return np.zeros(len(body), bool)
    dated = body[date_col].str.contains(r"\d", regex=True).fillna(False).to_numpy(dtype=bool)
    return typed & dated


def _customers(load: _Load) -> None:
    """Customer codes and names: names filled from the customer's other rows; names as codes when there are none."""
    cols = load.cols
    cust_id = nfkc(load.col("customer_id")).str.strip()
    cust_name = load.col("customer_name").astype(str).str.strip()
    if load.heading_customer is not None and "customer_name" not in cols:
        cust_name = load.heading_customer.astype(str).str.strip()
        cols = {**cols, "customer_name": None}
    if "customer_id" in cols and "customer_name" in cols:
        cust_name = cust_name.astype(TEXT_DTYPE)
        ids, _ = pd.factorize(cust_id.astype(TEXT_DTYPE))
        names, name_text = pd.factorize(cust_name)
        named = cust_name.ne("").to_numpy(dtype=bool) & (ids >= 0)
        pairs = np.unique(ids[named].astype("int64") * (len(name_text) + 1) + names[named])
        conflicting = int((np.bincount(pairs // (len(name_text) + 1)) > 1).sum()) if len(pairs) else 0
        if conflicting:
            load.notes.append(f"{conflicting} customer codes carry more than one name; the first is used")
        with_id = np.flatnonzero(named & cust_id.ne("").to_numpy(dtype=bool))
        first_name = np.full(int(ids.max(initial=-1)) + 1, -1, dtype="int64")  # each code's first name
        seen, at = np.unique(ids[with_id], return_index=True)
        first_name[seen] = names[with_id[at]]
        given = np.where(ids >= 0, first_name[np.maximum(ids, 0)] if len(first_name) else -1, -1)
        cust_name = pd.Series(name_text.take(np.where(given >= 0, given, names), allow_fill=True),
                              index=cust_id.index).astype(str)
    if "customer_id" not in cols:
        cust_id = cust_name.copy()
    else:
        cust_id = cust_id.where(cust_id.ne(""), cust_name)
    cust_name = cust_name.where(cust_name.ne(""), cust_id)
    head = load.head("customer_id") if "customer_id" in load.cols else load.head("customer_name")
    load.problems.add(cust_id.eq(""), head, "missing customer", cust_id)
    load.customer_id, load.customer_name = cust_id, cust_name


def _document_numbers(load: _Load) -> None:
    """Each row's document number and the number a credit document settles (optional).

    A missing number is checked once the document's type is known (:func:`_missing_numbers`).
    """
    load.doc_no = nfkc(load.col("doc_no")).str.strip()
    ref = nfkc(load.col("ref_doc_no")).str.strip()
    load.ref_doc_no = ref.where(ref.ne(""), None)


_TYPE_LIKE = re.compile(r"类型|类别|种类|type|belegart|\bart\b|typ\b", re.IGNORECASE)


def _document_types(load: _Load) -> None:
    """Canonical document types from the export's words (a profile's and the column map's first).

    Without a type column the type comes from the debit / credit side, a
    profile's number patterns or its sign rule; a file with none of these and
    a column that looks like types but is not read stops the run, as does a
    type column none of whose words is known.
    """
    extra = {**(load.profile.types if load.profile else {}), **load.column_map.types}
    n = len(load.body)
    opening = load.opening.to_numpy()
    fix = "--columns FILE.yaml"
    if "doc_type" in load.cols:
        raw_type = load.col("doc_type")
        doc_type = canonical_doc_types(raw_type, extra)
        doc_type = doc_type.where(~opening | doc_type.notna(), "opening_balance")
        words = raw_type[raw_type.ne("") & ~opening]
        if len(words) >= 3 and doc_type[raw_type.ne("") & ~opening].isna().all():
            shown = ", ".join(repr(w) for w in words.unique()[:4])
            raise SchemaError(f"{load.file}: no document type could be read in column {load.head('doc_type')!r} "
                              f"(values {shown}); map them in {fix} with lines such as\n  types:\n"
                              f"    {words.iloc[0]}: invoice")
        unknown = doc_type.isna() & raw_type.ne("")
        load.problems.add(unknown, load.head("doc_type"),
                          f"unknown document type (map it under 'types:' in {fix} to one of "
                          + ", ".join(DOC_TYPES) + ")", raw_type)
        untyped = doc_type.isna() & raw_type.eq("")
        doc_type = doc_type.where(~unknown, "invoice")
        load.untyped = untyped
    else:
        doc_type = pd.Series(np.where(opening, "opening_balance", None), dtype=object)
        load.untyped = doc_type.isna()
    patterns = load.profile.type_patterns if load.profile else {}
    for pat, kind in patterns.items():
        hit = load.untyped & load.doc_no.map(re.compile(pat).search).notna()
        doc_type = doc_type.where(~hit, kind)
        load.untyped = load.untyped & ~hit
    by_side = {"debit", "credit"} & set(load.cols) or (load.profile and load.profile.signs == "amount")
    if load.untyped.any() and not by_side:
        if "doc_type" in load.cols:
            load.problems.add(load.untyped, load.head("doc_type"), "missing document type", load.col("doc_type"))
        else:
            typelike = [h for i, h in enumerate(load.header) if h and _TYPE_LIKE.search(h)
                        and i not in load.cols.values()]
            if typelike:
                raise SchemaError(f"{load.file}: column {typelike[0]!r} looks like document types but is not read; "
                                  f"name it in {fix} with the line 'doc_type: {typelike[0]}' (and its words under "
                                  f"'types:'), or list it under 'ignore:'")
            load.notes.append("no document-type column: every row taken as an invoice")
        doc_type = doc_type.fillna("invoice")
        load.untyped = pd.Series(False, index=doc_type.index)
    load.doc_type = doc_type.fillna("invoice").astype(object)


def _amount_of(load: _Load, name: str):
    """Cents of one amount column, its decimal mark decided once from all its values."""
    values = load.col(name)
    mark = load.column_map.decimal
    if mark is None:
        mark, why = decimal_mark(values)
        if mark is None and "disagree" not in why and load.decimal:
            mark = next(iter(load.decimal.values()))  # the other amount columns of the file decide
        if mark is None:
            raise SchemaError(f"{load.file}: cannot tell the decimal mark of column {load.head(name)!r}: {why}; "
                              f"say it in --columns FILE.yaml with the line  decimal: \",\"  (or \".\")")
    load.decimal[name] = mark
    cents, bad, why = parse_amounts(values, decimal=mark, reasons=True)
    cents, bad = cents.reset_index(drop=True), bad.reset_index(drop=True)
    why = why.reset_index(drop=True)
    for reason in why[bad].unique():
        load.problems.add(bad & why.eq(reason), load.head(name), reason, load.col(name))
    return cents, bad


def _amounts(load: _Load) -> None:
    """Amounts in cents: the open amount of an open-items report, one amount column, or debit minus credit.

    An opening-balance row without debit or credit takes the 余额 (balance)
    column, signed by its 方向 (借 / 贷) where the file has one.
    """
    col, head, problems, cols = load.col, load.head, load.problems, load.cols
    name = "open_amount" if "open_amount" in cols else "amount" if "amount" in cols else None
    if name:
        amount, bad = _amount_of(load, name)
        amt_header = head(name)
        problems.add(amount.isna() & ~bad & ~load.opening, amt_header, "missing amount", col(name))
    else:
        deb, bad_d = _amount_of(load, "debit") if "debit" in cols else (pd.Series(pd.NA, dtype="Int64",
                                                                                  index=load.body.index), None)
        cre, bad_c = _amount_of(load, "credit") if "credit" in cols else (pd.Series(pd.NA, dtype="Int64",
                                                                                   index=load.body.index), None)
        amount = deb.fillna(0) - cre.fillna(0)
        amount = amount.where(deb.notna() | cre.notna())
        amt_header = head("debit") if "debit" in cols else head("credit")
        bad = (bad_d if bad_d is not None else False) | (bad_c if bad_c is not None else False)
        problems.add(amount.isna() & ~bad & ~load.opening, amt_header, "missing amount", col("debit"))
        load.credit_side = cre.fillna(0) != 0
    if "balance" in cols:
        balance, _ = _amount_of(load, "balance")
        if "direction" in cols:
            d = col("direction").str.strip()
            balance = balance.where(~d.str.startswith("贷") & ~d.str.lower().isin(["cr", "credit", "c"]), -balance)
            balance = balance.where(~d.eq("平"), 0)
        load.balance = balance
        use = load.opening & (amount.isna() | amount.eq(0)).fillna(True)
        amount = amount.where(~use, balance)
        problems.add(load.opening & amount.isna(), head("balance"), "opening balance without an amount",
                     col("balance"))
    else:
        problems.add(load.opening & amount.isna(), amt_header, "opening balance without an amount", col(name or "debit"))
    load.amount, load.amount_header = amount.reset_index(drop=True), amt_header


def _line_items(load: _Load) -> None:
    """Several rows with one number for one customer: line items summed into one document, or separate postings.

    A profile's ``same_number`` says which: ``sum`` folds the rows into the
    first (its amount the sum of the lines'); ``separate`` numbers the later
    rows ``NO#2``, ``NO#3`` …; otherwise they are duplicates (a problem).
    """
    rule = load.profile.same_number if load.profile else "reject"
    load.merged = pd.Series(False, index=load.body.index)
    if rule == "reject":
        return
    key = load.customer_id + "\x1f" + load.doc_no
    has = load.doc_no.ne("")
    if rule == "sum":
        load.line_amount = load.amount.copy()
        first = ~key.duplicated() | ~has
        total = load.amount.groupby(key).transform(lambda v: v.sum(min_count=1))
        load.amount = load.amount.where(~(first & has), total)
        load.merged = ~first & has
        if load.merged.any():
            load.notes.append(f"{int(load.merged.sum())} line-item rows summed into their documents "
                              f"({int(key[load.merged].nunique())} documents with several lines)")
    else:
        nth = key.groupby(key).cumcount()
        again = has & (nth > 0)
        load.doc_no = load.doc_no.where(~again, load.doc_no + "#" + (nth + 1).astype(str))
        if again.any():
            load.notes.append(f"{int(again.sum())} postings share a number with another of the same customer: "
                              "numbered NO#2 …")


_DEBIT_OF = {"receipt": "refund", "credit_note": "debit_note", "write_off": "debit_note",
             "opening_credit": "opening_balance"}
_CREDIT_OF = {"invoice": "credit_note", "debit_note": "credit_note", "opening_balance": "opening_credit",
              "refund": "receipt"}


def _signs(load: _Load) -> None:
    """Signed amounts: the direction of each document.

    With debit and credit columns, or a profile whose ``signs`` is ``amount``,
    the sign of the amount is the direction and the type only says what kind
    of document it is: a negative invoice is a credit note, a negative refund a
    receipt, a positive receipt a refund. Otherwise the type decides (receipts
    may be written positive); a negative invoice or debit note is still a red
    invoice, a negative opening balance an opening credit, a negative refund a
    problem. Without a type, a credit amount makes a receipt and a negative
    amount a credit note.
    """
    doc_type = load.doc_type.copy()
    amt = load.amount.fillna(0).astype("int64")
    by_amount = load.credit_side is not None or (load.profile is not None and load.profile.signs == "amount")
    untyped = load.untyped.to_numpy()
    if load.credit_side is not None:
        doc_type = doc_type.where(~(untyped & (amt < 0).to_numpy()), "receipt")
    elif by_amount:
        doc_type = doc_type.where(~(untyped & (amt < 0).to_numpy()), "credit_note")
    before = doc_type.copy()
    if by_amount:
        credit = doc_type.isin(CREDIT_TYPES)
        doc_type = doc_type.where(~(credit & (amt > 0)), doc_type.map(_DEBIT_OF))
        doc_type = doc_type.where(~(~credit & (amt < 0)), doc_type.map(_CREDIT_OF))
        doc_type = doc_type.fillna(before)
    else:
        reclass = (doc_type.isin(["invoice", "debit_note"]) & (amt < 0))
        doc_type = doc_type.where(~reclass, "credit_note")
        neg_open = doc_type.eq("opening_balance") & (amt < 0)
        doc_type = doc_type.where(~neg_open, "opening_credit")
        load.problems.add(doc_type.eq("refund") & (amt < 0), load.amount_header, "a refund must not be negative",
                          load.col("amount"))
    changed = doc_type.ne(before) & ~(untyped & doc_type.isin(["receipt", "credit_note"]))
    is_credit = doc_type.isin(CREDIT_TYPES)
    load.reclassified = int(changed.sum())
    if load.reclassified:
        load.notes.append(f"{load.reclassified} documents whose sign is against their type (red invoices, "
                          "negative receipts, opening credits) taken by their sign")
    load.doc_type, load.is_credit = doc_type, is_credit
    load.amount_cents = amt.abs().where(~is_credit, -amt.abs())


def _missing_numbers(load: _Load) -> None:
    """Documents without a number: opening balances are numbered 期初余额, credit documents and the open items of
    an open-items report by their line; any other is a problem."""
    empty = load.doc_no.eq("")
    opening = empty & load.opening
    by_line = empty & ~opening & (load.is_credit | bool(load.profile and load.profile.open_items))
    load.doc_no = load.doc_no.where(~opening, "期初余额")
    load.doc_no = load.doc_no.where(~by_line, "(line " + load.line.astype(str) + ")")
    if (opening | by_line).any():
        load.notes.append(f"{int(opening.sum())} opening balances and {int(by_line.sum())} unnumbered credits "
                          "numbered by what they are / their line")
    load.problems.add(empty & ~opening & ~by_line, load.head("doc_no"), "missing document number", load.doc_no)


def _dates(load: _Load, date_format) -> None:
    """Document dates (required) and due dates (not before the document date).

    Split dates (年 / 月 / 日 columns, or 月 / 日 with the year in a title line
    such as ``2025年度``) are combined. An opening balance without a date is
    dated at the start of the period the title names, and is due that day.
    """
    col, head, problems = load.col, load.head, load.problems
    if "doc_date" in load.cols:
        doc_date, bad_dd = parse_dates(col("doc_date"), date_format=date_format)
        doc_date, bad_dd = doc_date.reset_index(drop=True), bad_dd.reset_index(drop=True)
        date_head, date_cells = head("doc_date"), col("doc_date")
    else:
        doc_date, bad_dd, date_head, date_cells = _split_dates(load)
    year, start = title_period(load.title) if load.title is not None else (None, None)
    undated_opening = load.opening & doc_date.isna() & ~bad_dd
    if undated_opening.any():
        if start is None:
            problems.add(undated_opening, date_head, "opening balance without a date and no period in the title "
                         "lines (add the date to the row)", date_cells)
        else:
            doc_date = doc_date.where(~undated_opening, start)
            load.notes.append(f"{int(undated_opening.sum())} opening balances dated at the period start "
                              f"{start:%Y-%m-%d} (title lines)")
    problems.add(bad_dd, date_head, "impossible or unreadable date", date_cells)
    problems.add(doc_date.isna() & ~bad_dd, date_head, "missing document date", date_cells)
    due_date, bad_due = parse_dates(col("due_date"), date_format=date_format)
    due_date = due_date.reset_index(drop=True)
    due_date = due_date.where(~(load.opening & due_date.isna()), doc_date)
    problems.add(bad_due, head("due_date"), "impossible or unreadable date", col("due_date"))
    problems.add((due_date < doc_date).fillna(False) & ~load.is_credit, head("due_date"),
                 "due date before document date", col("due_date"))
    clear, bad_clear = parse_dates(col("clear_date"), date_format=date_format)
    problems.add(bad_clear.reset_index(drop=True), head("clear_date"), "impossible or unreadable date",
                 col("clear_date"))
    load.doc_date, load.due_date, load.bad_due = doc_date, due_date, bad_due
    load.clear_date = clear.reset_index(drop=True)


def _date_format(load: _Load):
    """The order of numeric dates (``11/15/2024``, ``15.11.2024``), decided once from every date column of the file."""
    values = pd.concat([load.col(k) for k in ("doc_date", "due_date", "clear_date", "settled_date")
                        if k in load.cols] or [pd.Series([], dtype=TEXT_DTYPE)], ignore_index=True)
    fmt, why = numeric_date_format(values)
    if why:
        raise SchemaError(f"{load.file}: cannot tell the order of day and month in the dates: {why}; say it in "
                          "--columns FILE.yaml with the line  date_format: \"%d/%m/%Y\"  (or \"%m/%d/%Y\")")
    if fmt:
        load.notes.append(f"dates read as {fmt}")
    return fmt


def _split_dates(load: _Load):
    """Document dates from 年 / 月 / 日 columns (the year from the title lines when there is no 年 column)."""
    col, cols = load.col, load.cols
    year, _ = title_period(load.title) if load.title is not None else (None, None)
    n = len(load.body)
    parts = {}
    for k in ("year", "month", "day"):
        parts[k] = pd.to_numeric(col(k).str.normalize("NFKC").str.extract(r"^(\d{1,4})$")[0], errors="coerce")
    if "year" not in cols:
        if year is None:
            raise SchemaError(f"{load.file}: the dates are split into {load.head('month')!r} / {load.head('day')!r} "
                              "columns and no year was found in the title lines (such as '2025年度'); name a year "
                              "column in --columns FILE.yaml ('year: 年')")
        parts["year"] = pd.Series(float(year), index=load.body.index)
        load.notes.append(f"year {year} taken from the title lines for the month / day columns")
    frame = pd.DataFrame({k: parts[k] for k in ("year", "month", "day")})
    given = col("month").ne("") | col("day").ne("") | (col("year").ne("") if "year" in cols else False)
    ok = frame.notna().all(axis=1) & frame["month"].between(1, 12) & frame["day"].between(1, 31)
    dates = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    if ok.any():
        dates[ok.to_numpy()] = pd.to_datetime(frame[ok].astype("int64"), errors="coerce").to_numpy()
    bad = (given & dates.isna()).reset_index(drop=True)
    cells = (col("year") + "-" if "year" in cols else "") + col("month") + "-" + col("day")
    return dates.reset_index(drop=True), bad, load.head("month"), cells


def _terms(load: _Load, default_terms: int) -> None:
    """Credit terms in days, and the due dates of debit documents that lack one.

    Terms are the largest number in the text ("30", "月结60天", "Net 45",
    "2/10 net 30" → 30). A missing due date is the document date plus the
    row's terms, else the customer's most common terms, else ``default_terms``.
    Credit documents have no due date.
    """
    n = len(load.body)
    cust_id, doc_date, due_date, is_credit = load.customer_id, load.doc_date, load.due_date, load.is_credit
    terms_txt = load.col("terms").reset_index(drop=True)
    codes, uniques = pd.factorize(terms_txt) if "terms" in load.cols else (np.zeros(n, "int64"), [""])
    read = [_terms_days(u) for u in uniques]
    days = pd.array([d for d, _ in read] + [None], dtype="Int64")
    terms = pd.Series(days[codes], index=terms_txt.index)
    why = np.array([w for _, w in read] + [""], dtype=object)[codes]
    for reason in sorted(set(why) - {""}):
        load.problems.add(why == reason, load.head("terms"), reason, terms_txt)
    cust_terms = pd.DataFrame({"c": cust_id, "t": terms}).dropna().groupby("c")["t"].agg(
        lambda s: s.mode().iloc[0]) if terms.notna().any() else pd.Series(dtype="Int64")
    need_due = due_date.isna() & ~load.bad_due & ~is_credit & doc_date.notna()
    use_terms = terms.fillna(cust_id.map(cust_terms)).astype("Float64")
    n_default = int((need_due & use_terms.isna()).sum())
    use_terms = use_terms.fillna(default_terms)
    derived = doc_date + pd.to_timedelta(use_terms.astype("float64"), unit="D")
    due_date = due_date.where(~need_due, derived)
    load.due_date = due_date.where(~is_credit, pd.NaT)
    load.terms = terms
    load.derived_due_dates = int(need_due.sum())
    if load.derived_due_dates:
        load.notes.append(f"{load.derived_due_dates} missing due dates derived as document date + terms"
                          + (f" ({n_default} with the default {default_terms} days)" if n_default else ""))


#: Longest credit terms read, in days (ten years); a larger number is a misread cell, not terms.
MAX_TERMS_DAYS = 3650
_NEGATIVE_TERMS = re.compile(r"(?:^|\s)[-−]\s*\d")


def _terms_days(text: str) -> tuple:
    """Days of one terms cell and why it cannot be read (``""`` when it can): the largest number in the text.

    >>> _terms_days("2/10 net 30"), _terms_days("-45")[1], _terms_days("9" * 20)[1][:20]
    ((30, ''), 'negative credit terms', 'credit terms out of ')
    """
    t = unicodedata.normalize("NFKC", str(text)).strip()
    if not t:
        return None, ""
    numbers = [int(x) for x in re.findall(r"\d+", t)]
    if not numbers:
        return None, "unreadable credit terms (write the days, such as 30 or 月结60天)"
    if _NEGATIVE_TERMS.search(t):
        return None, "negative credit terms"
    if max(numbers) > MAX_TERMS_DAYS:
        return None, f"credit terms out of range (more than {MAX_TERMS_DAYS} days)"
    return max(numbers), ""


def _settlements(load: _Load, date_format) -> None:
    """Settled dates and paid amounts of invoice-level exports (the receipts are derived after rejection)."""
    col, head, problems, cols = load.col, load.head, load.problems, load.cols
    settled, bad_set = parse_dates(col("settled_date"), date_format=date_format)
    settled = settled.reset_index(drop=True)
    problems.add(bad_set, head("settled_date"), "impossible or unreadable date", col("settled_date"))
    if "paid_amount" in cols:
        paid, bad_paid = parse_amounts(col("paid_amount"))
        paid = paid.reset_index(drop=True)
        problems.add(bad_paid, head("paid_amount"), "unparseable amount", col("paid_amount"))
        problems.add(paid.notna() & (paid != 0) & settled.isna() & ~bad_set & ("settled_date" in cols),
                     head("paid_amount"), "paid amount without a settled date", col("paid_amount"))
        if "settled_date" not in cols:
            raise SchemaError(f"{load.file}: a paid-amount column ({head('paid_amount')}) needs a settled-date "
                              "column (结清日期/回款日期) to tell when the money came in")
    else:
        paid = pd.Series(pd.NA, index=load.body.index, dtype="Int64")
    problems.add(settled.notna() & load.is_credit, head("settled_date"),
                 "a settled date belongs on an invoice, not on a credit document", col("settled_date"))
    load.settled, load.paid = settled, paid


def _duplicates(load: _Load) -> None:
    """Document numbers that occur more than once for one customer: every occurrence is a problem.

    Two customers may use one number (VAT 发票号码 are numbered per issuer): they are two documents.
    """
    merged = load.merged.to_numpy(dtype=bool)
    (cust,), (doc,) = _codes(load.customer_id), _codes(load.doc_no)
    key = _pair_keys(cust, doc, int(doc.max(initial=-1)) + 2)
    key[merged] = -1 - np.arange(int(merged.sum()))  # a folded line item is no document of its own
    dup = load.doc_no.ne("").to_numpy() & ~merged & pd.Series(key).duplicated(keep=False).to_numpy()
    load.problems.add(dup, load.head("doc_no"), "duplicate document number", load.doc_no)


def _table(load: _Load) -> None:
    """The rows as a ledger table in canonical columns, bad rows still in."""
    col = load.col
    clear_key = col("clear_key").astype(str).str.strip()
    load.table = pd.DataFrame({
        "customer_id": load.customer_id.astype(TEXT_DTYPE).array,
        "customer_name": load.customer_name.astype(TEXT_DTYPE).array,
        "doc_type": load.doc_type.astype(TEXT_DTYPE).array,
        "doc_no": load.doc_no.astype(TEXT_DTYPE).array,
        "doc_date": load.doc_date.to_numpy(),
        "due_date": load.due_date.to_numpy(),
        "amount_cents": load.amount_cents.to_numpy(dtype="int64"),
        "ref_doc_no": load.ref_doc_no.to_numpy(dtype=object),
        "sales_rep": col("sales_rep").where(col("sales_rep").ne(""), None).to_numpy(dtype=object),
        "terms": load.terms.to_numpy(),
        "memo": col("memo").where(col("memo").ne(""), None).to_numpy(dtype=object),
        "clear_key": clear_key.where(clear_key.ne(""), None).to_numpy(dtype=object),
        "clear_date": load.clear_date.to_numpy(),
        "source_line": load.line.to_numpy(dtype="int64"),
    })


def _references(load: _Load) -> None:
    """A credit document's reference must name a debit document, without other problems, of the same customer.

    In an open-items report a reference to a document absent from the file
    (settled in an earlier period) is no link: the credit's open money goes to
    the customer's pool, never dropped.
    """
    table, ref, cust_id = load.table, load.ref_doc_no, load.customer_id
    is_credit = load.is_credit.to_numpy()
    live = ~load.merged.to_numpy()
    bad_rows = load.problems.rows(len(table))
    has_ref = ref.notna().to_numpy() & is_credit & live
    (cust,) = _codes(cust_id)
    doc, ref_no = _codes(load.doc_no, ref.astype(TEXT_DTYPE).fillna(""))
    span = int(max(doc.max(initial=-1), ref_no.max(initial=-1))) + 2
    key, ref_key = _pair_keys(cust, doc, span), _pair_keys(cust, ref_no, span)
    known = has_ref & _isin(ref_key, key[~bad_rows & ~is_credit & live])
    refs_credit = has_ref & ~known & _isin(ref_key, key[is_credit & live])
    refs_rejected = has_ref & ~known & ~refs_credit & _isin(ref_key, key[~is_credit & live])
    other = has_ref & ~known & ~refs_credit & ~refs_rejected & _isin(ref_no, doc[~is_credit & live])
    refs_unknown = has_ref & ~known & ~refs_credit & ~refs_rejected & ~other
    rh = load.head("ref_doc_no")
    if load.profile is not None and load.profile.open_items:
        if refs_unknown.any():
            load.notes.append(f"{int(refs_unknown.sum())} credits refer to documents absent from the file (settled "
                              "earlier): their open money goes to the customer's unapplied pool")
            load.ref_doc_no = ref.where(~pd.Series(refs_unknown), None)
            load.table["ref_doc_no"] = load.ref_doc_no.to_numpy(dtype=object)
    else:
        load.problems.add(refs_unknown, rh, "references an unknown invoice", ref)
    load.problems.add(refs_credit, rh, "references a credit document, not an invoice", ref)
    load.problems.add(refs_rejected, rh, "references a rejected document", ref)
    load.problems.add(other, rh, "references an invoice of another customer", ref)


def _codes(*texts: pd.Series) -> list:
    """Integer codes of text columns in one numbering (equal texts, equal codes; missing: -1), hashed by pyarrow."""
    sizes = [len(t) for t in texts]
    joint = texts[0] if len(texts) == 1 else pd.concat([t.astype(TEXT_DTYPE) for t in texts], ignore_index=True)
    codes, _ = pd.factorize(joint.astype(TEXT_DTYPE) if joint.dtype != TEXT_DTYPE else joint)
    codes = codes.astype("int64", copy=False)
    return np.split(codes, np.cumsum(sizes)[:-1])


def _pair_keys(a: np.ndarray, b: np.ndarray, span: int) -> np.ndarray:
    """One int64 per pair of codes (``a``, ``b`` < ``span`` - 1), equal exactly when both codes are (missing: -1)."""
    return (a + 1) * span + (b + 1)


def _isin(values: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Mask of the codes of ``values`` that are among ``among``."""
    return pd.Index(among).unique().get_indexer(values) >= 0 if len(among) else np.zeros(len(values), bool)


def _rejection(load: _Load, errors: str) -> np.ndarray:
    """List every problem by line in ``load.rejected``; with ``errors="raise"`` raise the first.

    Of a duplicate number the second occurrence is named. Returns the mask of
    rejected rows.
    """
    line, doc_no, items = load.line, load.doc_no, load.problems.items
    rejected_rows = load.problems.rows(len(load.body))
    if not items:
        load.rejected = pd.DataFrame(columns=_REJECTED_COLUMNS)
        return rejected_rows
    items = sorted(items, key=lambda t: (line.iat[t[0]], t[0]))
    rej = pd.DataFrame({
        "line": [int(line.iat[i]) for i, *_ in items],
        "column": [h for _, h, _, _ in items],
        "doc_no": [doc_no.iat[i] or None for i, *_ in items],
        "value": [v for *_, v in items],
        "reason": [r for _, _, r, _ in items],
    })
    if errors == "raise":
        first = rej.iloc[0]
        if first["reason"] == "duplicate document number":
            dups = rej[(rej["reason"] == first["reason"]) & (rej["doc_no"] == first["doc_no"])]
            first = dups.iloc[1] if len(dups) > 1 else first
        more = int(rejected_rows.sum()) - 1
        reason = first["reason"] + (f" [{more} more bad rows; --errors report lists them]" if more > 0 else "")
        raise LedgerError(reason, file=load.file, line=int(first["line"]), column=first["column"],
                          doc_no=first["doc_no"], value=first["value"])
    load.rejected = rej
    return rejected_rows


def _with_derived_receipts(load: _Load, rejected_rows: np.ndarray) -> tuple[pd.DataFrame, int]:
    """The kept rows plus one receipt per kept invoice with a settled date.

    The receipt is numbered ``<invoice>/paid``, dated the settled date and
    references the invoice; its amount is the paid amount, else the invoice's.
    Returns the table and the number of receipts added.
    """
    keep = ~rejected_rows & ~load.merged.to_numpy()
    if keep.all():  # nothing rejected or folded: the table as built, without a copy
        kept, keep_settled, keep_paid = load.table, load.settled, load.paid
    else:
        kept = load.table[keep].reset_index(drop=True)
        keep_settled = load.settled[keep].reset_index(drop=True)
        keep_paid = load.paid[keep].reset_index(drop=True)
    receipts = kept[keep_settled.notna().to_numpy()].copy()
    if not len(receipts):
        return kept, 0
    pd_amt = keep_paid[keep_settled.notna()].reset_index(drop=True)
    inv_amt = receipts["amount_cents"].reset_index(drop=True)
    receipt_amt = pd_amt.abs().fillna(inv_amt).astype("int64")
    receipts = receipts.reset_index(drop=True)
    receipts["ref_doc_no"] = receipts["doc_no"]
    receipts["doc_no"] = receipts["doc_no"] + "/paid"
    receipts["doc_type"] = "receipt"
    receipts["doc_date"] = keep_settled[keep_settled.notna()].to_numpy()
    receipts["due_date"] = pd.NaT
    receipts["amount_cents"] = -receipt_amt.to_numpy()
    receipts["memo"] = "derived from settled date"
    receipts = receipts[receipts["amount_cents"] != 0]
    clash = (receipts["customer_id"] + "\x1f" + receipts["doc_no"]).isin(set(kept["customer_id"] + "\x1f" + kept["doc_no"]))
    if clash.any():
        raise LedgerError("derived receipt number clashes with a document in the file", file=load.file,
                          doc_no=receipts.loc[clash, "doc_no"].iloc[0])
    return pd.concat([kept, receipts], ignore_index=True), int(len(receipts))


def check_file_totals(load: _Load, kept: pd.DataFrame) -> None:
    """Check the file's own totals against what was read, and report every mismatch with both figures.

    * the grand total — the last summary row, when it names no customer (合计,
      TOTAL, ``**``): its amount (open amount, amount or 余额) must equal the
      sum of every document read (the documents after the as-of date included,
      as the file's total includes them);
    * a running 余额: on every document row, the customer's balance so far
      (opening balance plus the movements read, in file order).
    """
    if load.rejected is not None and len(load.rejected):
        return
    signed = load.amount_cents.where(~load.merged, 0)
    if load.balance is not None:
        running = signed.groupby(load.customer_id).cumsum()
        has = load.balance.notna() & ~load.merged
        off = has & (running != load.balance.fillna(0))
        load.totals.append(("running 余额", int(off.sum()), 0))
        if off.any():
            i = int(np.flatnonzero(off.to_numpy())[0])
            load.notes.append(f"{int(off.sum())} running balances disagree with the movements read; the first, line "
                              f"{int(load.line.iat[i])}: the file's {load.head('balance')} says "
                              f"{format_cents(int(load.balance.iat[i]))}, the rows read give "
                              f"{format_cents(int(running.iat[i]))}")
    dropped = load.dropped
    summary = dropped[dropped["kind"] == "summary"] if dropped is not None and len(dropped) else dropped
    if summary is None or not len(summary):
        return
    last = summary.iloc[-1]
    cell = {k: str(last.iloc[load.cols[k] + 2]) for k in load.cols if load.cols[k] is not None
            and load.cols[k] + 2 < len(last)}
    label = next((v for v in last.iloc[2:] if str(v).strip()), "")
    if any(cell.get(k, "") not in ("", label) for k in ("customer_id", "customer_name")):
        return  # a customer's subtotal, not the file's grand total
    name = next((k for k in ("open_amount", "amount", "balance") if k in load.cols), None)
    if name is None:
        return
    figure, _ = parse_amounts([cell.get(name, "")], decimal=load.decimal.get(name))
    if pd.isna(figure.iloc[0]):
        return
    figure = int(figure.iloc[0])
    if name == "balance" and "direction" in load.cols:
        d = cell.get("direction", "")
        figure = -figure if d.startswith("贷") else 0 if d.startswith("平") else figure
    read = int(signed.sum())
    what = f"{load.head(name)} total on line {int(last['line'])}"
    load.totals.append((what, figure, read))
    if figure != read:
        load.notes.append(f"the file's {what} says {format_cents(figure)} but the rows read sum to "
                          f"{format_cents(read)} (difference {format_cents(figure - read)})")


def _reconciliation(load: _Load, kept: pd.DataFrame, rejected_rows: np.ndarray, receipts: int) -> LedgerReconciliation:
    """Rows and amounts read against those kept and rejected, and the totals by kind of document."""
    by = kept.groupby("doc_type")["amount_cents"].sum()

    def gross(*types):
        return sum(int(abs(by.get(t, 0))) for t in types)

    per_row = load.line_amount if load.line_amount is not None else load.amount
    amounts = per_row.abs().fillna(0).astype("int64").to_numpy()
    merged = load.merged.to_numpy()
    return LedgerReconciliation(
        file=load.file,
        rows_read=load.rows_read,
        blank_rows=load.blank_rows,
        summary_rows=load.summary_rows,
        rejected_rows=int(rejected_rows.sum()),
        documents_from_file=int((~rejected_rows & ~merged).sum()),
        derived_receipts=receipts,
        invoiced_cents=gross("invoice", "debit_note", "opening_balance"),
        received_cents=gross("receipt"),
        credited_cents=gross("credit_note", "opening_credit"),
        refunded_cents=gross("refund"),
        written_off_cents=gross("write_off"),
        read_cents=int(amounts.sum()),
        kept_cents=int(amounts[~rejected_rows].sum()),
        rejected_cents=int(amounts[rejected_rows].sum()),
        unreadable_amounts=int(load.amount.isna().sum()),
        derived_due_dates=load.derived_due_dates,
        reclassified=load.reclassified,
        notes=tuple(load.notes),
        heading_rows=load.heading_rows,
        line_items=int((merged & ~rejected_rows).sum()),
        totals_checked=len(load.totals),
        totals_mismatched=sum(1 for _, a, b in load.totals if a != b),
    )
