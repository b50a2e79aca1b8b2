"""Receivables ledgers: an ERP export → one canonical, validated document table.

:func:`load_ledger` reads the CSV or Excel export of an ERP's receivables
ledger (应收账款明细账) and returns a :class:`~creditkit.receivables.schema.Ledger`:
the canonical table (columns and sign rules in
:mod:`~creditkit.receivables.schema`), a reconciliation of what was read
against what was kept, and the rows it rejected. :func:`ledger_from_frame`
does the same for a DataFrame whose columns are an export's headers.

A load is a pipeline of small steps, one concern each, in this order:

1. *header*: the header row is found (:func:`~creditkit.receivables.reading.find_header`,
   Chinese and English aliases or a column map) and the required columns are checked;
2. *summary rows*: blank rows and 合计/小计/total rows are dropped and kept aside;
3. *customers*: names are filled down from the customer's other rows; a file
   without customer codes uses the names as codes;
4. *document numbers* and the numbers credit documents reference;
5. *document types*: the export's words (销售发票, 收款单, 红字 …) as canonical types;
6. *amounts*: one amount column, or debit and credit columns;
7. *signs*: the direction of each document from its type; negative invoices and
   opening balances become credit documents;
8. *dates*: document and due dates;
9. *terms*: credit terms in days; missing due dates derived from them;
10. *settlements*: the settled-date and paid-amount columns of invoice-level exports;
11. *duplicates*: document numbers that occur twice;
12. *references*: each reference must name a good invoice of the same customer;
13. *rejection*: every problem found, by line — the first raises, or all are listed;
14. *derived receipts*: one receipt per settled invoice of an invoice-level export;
15. *reconciliation*: rows and amounts read = kept + rejected (+ summary rows dropped).

Every problem a step finds names the row's line, the column's header as the
file writes it, the reason and the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..dates import parse_dates
from ..errors import LedgerError, SchemaError
from ..money import parse_amounts
from .reading import RawRows, canonical_doc_types, find_header, load_column_map, read_rows, rows_from_frame
from .schema import CREDIT_TYPES, DOC_TYPES, Ledger, LedgerReconciliation, canonical_table

__all__ = ["load_ledger", "ledger_from_frame"]

_SUMMARY_RE = re.compile(r"^.{0,8}(合计|小计|总计|累计)\s*[:：]?.*$|^(grand\s*|sub\s*)?totals?\b.*$", re.IGNORECASE)
_TEXT_KEYS = ("customer_id", "customer_name", "doc_type", "doc_no")
_REJECTED_COLUMNS = ["line", "column", "doc_no", "value", "reason"]


def load_ledger(path, columns=None, *, encoding=None, sheet=None, sep=None, errors="raise",
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
    return _build(rows, file=str(p), headers=column_map.headers, errors=errors, default_terms=int(default_terms),
                  date_format=date_format or column_map.date_format, notes=notes)


def ledger_from_frame(frame: pd.DataFrame, columns=None, *, errors="raise", default_terms=30,
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
    return _build(rows_from_frame(frame), file=name, headers=column_map.headers, errors=errors,
                  default_terms=int(default_terms), date_format=date_format or column_map.date_format, notes=[])


def _check_options(errors, default_terms) -> None:
    """Refuse an ``errors`` or ``default_terms`` argument a load cannot use."""
    if errors not in ("raise", "report"):
        raise ValueError(f"errors must be 'raise' or 'report', got {errors!r}")
    if not isinstance(default_terms, (int, np.integer)) or isinstance(default_terms, bool) or default_terms < 0:
        raise ValueError(f"default_terms must be a non-negative int of days, got {default_terms!r}")


# ----------------------------------------------------------------------------- the pipeline


def _build(rows: RawRows, *, file, headers, errors, default_terms, date_format, notes) -> Ledger:
    """Run the steps of the module docstring over the rows of one export."""
    load = _under_header(_clean_cells(rows.cells, file), rows.lines, headers, file=file, notes=notes)
    _drop_summary_rows(load)
    _customers(load)
    _document_numbers(load)
    _document_types(load)
    _amounts(load)
    _signs(load)
    _dates(load, date_format)
    _terms(load, default_terms)
    _settlements(load, date_format)
    _duplicates(load)
    _table(load)
    _references(load)
    rejected = _rejection(load, errors)
    kept, receipts = _with_derived_receipts(load, rejected)
    kept = canonical_table(kept, name=file)
    return Ledger(table=kept, reconciliation=_reconciliation(load, kept, rejected, receipts),
                  rejected=load.rejected, dropped=load.dropped)


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
    problems: _Problems = field(default_factory=_Problems)
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
        return self.body[self.cols[name]] if name in self.cols else pd.Series("", index=self.body.index, dtype=object)

    def head(self, name) -> str:
        """The header the file gives a canonical column (the canonical name when it lacks it)."""
        return self.header[self.cols[name]] if name in self.cols else name


def _clean_cells(cells: pd.DataFrame, file: str) -> pd.DataFrame:
    """Every cell as stripped text, ideographic spaces (U+3000) read as spaces."""
    if cells.empty:
        raise SchemaError(f"{file}: the file is empty")
    cells = cells.astype(object).fillna("")
    for c in cells.columns:
        cells[c] = cells[c].astype(str).str.replace("\u3000", " ", regex=False).str.strip().astype(object)
    return cells


def _under_header(cells: pd.DataFrame, lines: np.ndarray, headers: dict, *, file: str, notes: list) -> _Load:
    """Find the header row, check that the columns a ledger needs are there, and take the rows below it."""
    header_pos, cols = find_header(cells, headers, file=file)
    header_cells = cells.iloc[header_pos].tolist()
    missing_mapped = [f"{k}: {v}" for k, v in headers.items() if k not in cols]
    if missing_mapped:
        raise SchemaError(f"{file}: headers named in columns= not found: {', '.join(missing_mapped)}")
    if header_pos > 0:
        notes.append(f"header found on line {lines[header_pos]}")
    if "customer_id" not in cols and "customer_name" not in cols:
        raise SchemaError(f"{file}: no customer column (客户编码/客户名称); headers are {header_cells}")
    for need in ("doc_no", "doc_date"):
        if need not in cols:
            raise SchemaError(f"{file}: no {need} column; headers are {header_cells}; map it with columns=")
    if "amount" not in cols and "debit" not in cols and "credit" not in cols:
        raise SchemaError(f"{file}: no amount column (金额/价税合计/amount); headers are {header_cells}")
    body = cells.iloc[header_pos + 1:].reset_index(drop=True)
    line = pd.Series(lines[header_pos + 1:], dtype="int64")
    return _Load(file=file, body=body, line=line, cols=cols, header=header_cells, notes=notes)


def _drop_summary_rows(load: _Load) -> None:
    """Drop blank rows and summary rows (合计, 小计, total …), keeping the summary rows aside in ``dropped``.

    A row is a summary row when a text key starts with a summary word and it
    has no document number of its own.
    """
    body, line = load.body, load.line
    n_all = len(body)
    blank = body.eq("").all(axis=1).to_numpy() if n_all else np.zeros(0, bool)
    summary = np.zeros(n_all, bool)
    for k in _TEXT_KEYS:
        if k in load.cols:
            summary |= load.col(k).str.match(_SUMMARY_RE).fillna(False).to_numpy()
    if "doc_no" in load.cols:  # a row with its own document number is a document, whatever its name says
        dn = load.col("doc_no")
        summary &= (dn.eq("") | dn.str.match(_SUMMARY_RE).fillna(False)).to_numpy()
    summary &= ~blank
    dropped = body[summary].copy()
    dropped.columns = [load.header[i] if i < len(load.header) else i for i in dropped.columns]
    dropped.insert(0, "line", line[summary].to_numpy())
    keep = ~blank & ~summary
    load.body = body[keep].reset_index(drop=True)
    load.line = line[keep].reset_index(drop=True)
    load.rows_read, load.blank_rows, load.summary_rows = int((~blank).sum()), int(blank.sum()), int(summary.sum())
    load.dropped = dropped.reset_index(drop=True)


def _customers(load: _Load) -> None:
    """Customer codes and names: names filled from the customer's other rows; names as codes when there are none."""
    cols = load.cols
    cust_id = load.col("customer_id").astype(str).str.normalize("NFKC").str.strip()
    cust_name = load.col("customer_name").astype(str).str.strip()
    if "customer_id" in cols and "customer_name" in cols:
        named = pd.DataFrame({"id": cust_id, "name": cust_name})
        first = named[named["name"].ne("") & named["id"].ne("")].drop_duplicates("id").set_index("id")["name"]
        conflicting = named[named["name"].ne("")].groupby("id")["name"].nunique()
        if (conflicting > 1).any():
            load.notes.append(f"{int((conflicting > 1).sum())} customer codes carry more than one name; "
                              "the first is used")
        cust_name = cust_id.map(first).fillna(cust_name).astype(str)
    if "customer_id" not in cols:
        cust_id = cust_name.copy()
    else:
        cust_id = cust_id.where(cust_id.ne(""), cust_name)
    cust_name = cust_name.where(cust_name.ne(""), cust_id)
    load.problems.add(cust_id.eq(""), load.head("customer_id") if "customer_id" in cols else load.head("customer_name"),
                      "missing customer", cust_id)
    load.customer_id, load.customer_name = cust_id, cust_name


def _document_numbers(load: _Load) -> None:
    """Each row's document number (required) and the number a credit document settles (optional)."""
    doc_no = load.col("doc_no").astype(str).str.normalize("NFKC").str.strip()
    load.problems.add(doc_no.eq(""), load.head("doc_no"), "missing document number", doc_no)
    ref = load.col("ref_doc_no").astype(str).str.normalize("NFKC").str.strip()
    load.doc_no, load.ref_doc_no = doc_no, ref.where(ref.ne(""), None)


def _document_types(load: _Load) -> None:
    """Canonical document types from the export's words; every row an invoice when there is no type column."""
    if "doc_type" in load.cols:
        raw_type = load.col("doc_type")
        doc_type = canonical_doc_types(raw_type)
        load.problems.add(doc_type.isna(), load.head("doc_type"),
                          "unknown document type (map it to one of " + ", ".join(DOC_TYPES) + ")", raw_type)
        doc_type = doc_type.fillna("invoice")
    else:
        doc_type = pd.Series("invoice", index=load.body.index, dtype=object)
        load.notes.append("no document-type column: every row taken as an invoice")
    load.doc_type = doc_type


def _amounts(load: _Load) -> None:
    """Amounts in cents from one amount column, or from debit minus credit columns."""
    col, head, problems = load.col, load.head, load.problems
    if "amount" in load.cols:
        amount, bad_amt = parse_amounts(col("amount").to_numpy(dtype=object))
        amt_header = head("amount")
        problems.add(bad_amt, amt_header, "unparseable amount", col("amount"))
        problems.add(amount.isna() & ~bad_amt, amt_header, "missing amount", col("amount"))
    else:
        deb, bad_d = parse_amounts(col("debit").to_numpy(dtype=object))
        cre, bad_c = parse_amounts(col("credit").to_numpy(dtype=object))
        problems.add(bad_d, head("debit"), "unparseable amount", col("debit"))
        problems.add(bad_c, head("credit"), "unparseable amount", col("credit"))
        amount = deb.fillna(0) - cre.fillna(0)
        amount = amount.where(deb.notna() | cre.notna())
        amt_header = head("debit") if "debit" in load.cols else head("credit")
        problems.add(amount.isna() & ~bad_d & ~bad_c, amt_header, "missing amount", col("debit"))
        load.credit_side = cre.fillna(0) > 0
    load.amount, load.amount_header = amount.reset_index(drop=True), amt_header


def _signs(load: _Load) -> None:
    """Signed amounts: the direction of each document comes from its type.

    Without a type column, a credit amount makes a receipt. A negative invoice
    or debit note is a red invoice (credit note); a negative opening balance is
    an opening credit; a negative refund is a problem.
    """
    doc_type = load.doc_type
    if load.credit_side is not None and "doc_type" not in load.cols:
        doc_type = doc_type.where(~load.credit_side, "receipt")
    amt = load.amount.fillna(0).astype("int64")
    reclass = (doc_type.isin(["invoice", "debit_note"]) & (amt < 0))
    doc_type = doc_type.where(~reclass, "credit_note")
    neg_open = doc_type.eq("opening_balance") & (amt < 0)
    doc_type = doc_type.where(~neg_open, "opening_credit")
    load.problems.add(doc_type.eq("refund") & (amt < 0), load.amount_header, "a refund must not be negative",
                      load.col("amount"))
    is_credit = doc_type.isin(CREDIT_TYPES)
    load.reclassified = int(reclass.sum() + neg_open.sum())
    if load.reclassified:
        load.notes.append(f"{load.reclassified} negative invoices / opening balances taken as credit documents")
    load.doc_type, load.is_credit = doc_type, is_credit
    load.amount_cents = amt.abs().where(~is_credit, -amt.abs())


def _dates(load: _Load, date_format) -> None:
    """Document dates (required) and due dates (not before the document date)."""
    col, head, problems = load.col, load.head, load.problems
    doc_date, bad_dd = parse_dates(col("doc_date").to_numpy(dtype=object), date_format=date_format)
    doc_date = doc_date.reset_index(drop=True)
    problems.add(bad_dd, head("doc_date"), "impossible or unreadable date", col("doc_date"))
    problems.add(doc_date.isna() & ~bad_dd, head("doc_date"), "missing document date", col("doc_date"))
    due_date, bad_due = parse_dates(col("due_date").to_numpy(dtype=object), date_format=date_format)
    due_date = due_date.reset_index(drop=True)
    problems.add(bad_due, head("due_date"), "impossible or unreadable date", col("due_date"))
    problems.add((due_date < doc_date).fillna(False) & ~load.is_credit, head("due_date"),
                 "due date before document date", col("due_date"))
    load.doc_date, load.due_date, load.bad_due = doc_date, due_date, bad_due


def _terms(load: _Load, default_terms: int) -> None:
    """Credit terms in days, and the due dates of debit documents that lack one.

    Terms are the largest number in the text ("30", "月结60天", "Net 45",
    "2/10 net 30" → 30). A missing due date is the document date plus the
    row's terms, else the customer's most common terms, else ``default_terms``.
    Credit documents have no due date.
    """
    n = len(load.body)
    cust_id, doc_date, due_date, is_credit = load.customer_id, load.doc_date, load.due_date, load.is_credit
    terms_txt = load.col("terms").astype(str)
    nums = terms_txt.reset_index(drop=True).str.normalize("NFKC").str.extractall(r"(\d+)")[0].astype("int64")
    terms = nums.groupby(level=0).max().reindex(range(n)).astype("Int64")
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


def _settlements(load: _Load, date_format) -> None:
    """Settled dates and paid amounts of invoice-level exports (the receipts are derived after rejection)."""
    col, head, problems, cols = load.col, load.head, load.problems, load.cols
    settled, bad_set = parse_dates(col("settled_date").to_numpy(dtype=object), date_format=date_format)
    settled = settled.reset_index(drop=True)
    problems.add(bad_set, head("settled_date"), "impossible or unreadable date", col("settled_date"))
    if "paid_amount" in cols:
        paid, bad_paid = parse_amounts(col("paid_amount").to_numpy(dtype=object))
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
    """Document numbers that occur more than once: every occurrence is a problem."""
    dup = load.doc_no.ne("") & load.doc_no.duplicated(keep=False)
    load.problems.add(dup, load.head("doc_no"), "duplicate document number", load.doc_no)


def _table(load: _Load) -> None:
    """The rows as a ledger table in canonical columns, bad rows still in."""
    col = load.col
    load.table = pd.DataFrame({
        "customer_id": load.customer_id.astype(str).to_numpy(dtype=object),
        "customer_name": load.customer_name.astype(str).to_numpy(dtype=object),
        "doc_type": load.doc_type.astype(str).to_numpy(dtype=object),
        "doc_no": load.doc_no.to_numpy(dtype=object),
        "doc_date": load.doc_date.to_numpy(),
        "due_date": load.due_date.to_numpy(),
        "amount_cents": load.amount_cents.to_numpy(dtype="int64"),
        "ref_doc_no": load.ref_doc_no.to_numpy(dtype=object),
        "sales_rep": col("sales_rep").where(col("sales_rep").ne(""), None).to_numpy(dtype=object),
        "terms": load.terms.to_numpy(),
        "memo": col("memo").where(col("memo").ne(""), None).to_numpy(dtype=object),
        "source_line": load.line.to_numpy(dtype="int64"),
    })


def _references(load: _Load) -> None:
    """A credit document's reference must name a debit document, without other problems, of the same customer."""
    table, ref, cust_id = load.table, load.ref_doc_no, load.customer_id
    is_credit = load.is_credit.to_numpy()
    bad_rows = load.problems.rows(len(table))
    ok_debit = table.loc[~bad_rows & ~is_credit, ["doc_no", "customer_id"]].set_index("doc_no")["customer_id"]
    all_debit = set(table.loc[~is_credit, "doc_no"])
    credit_nos = set(table.loc[is_credit, "doc_no"])
    has_ref = ref.notna().to_numpy() & is_credit
    ref_owner = ref.map(ok_debit)
    unknown = has_ref & ref_owner.isna().to_numpy()
    refs_credit = unknown & ref.isin(credit_nos).to_numpy()
    refs_rejected = unknown & ~refs_credit & ref.isin(all_debit).to_numpy()
    refs_unknown = unknown & ~refs_credit & ~refs_rejected
    other = has_ref & ref_owner.notna().to_numpy() & (ref_owner != cust_id).fillna(False).to_numpy()
    rh = load.head("ref_doc_no")
    load.problems.add(refs_unknown, rh, "references an unknown invoice", ref)
    load.problems.add(refs_credit, rh, "references a credit document, not an invoice", ref)
    load.problems.add(refs_rejected, rh, "references a rejected document", ref)
    load.problems.add(other, rh, "references an invoice of another customer", ref)


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
        reason = first["reason"] + (f" [{more} more bad rows; errors='report' lists them]" if more > 0 else "")
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
    kept = load.table[~rejected_rows].reset_index(drop=True)
    keep_settled = load.settled[~rejected_rows].reset_index(drop=True)
    keep_paid = load.paid[~rejected_rows].reset_index(drop=True)
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
    clash = receipts["doc_no"].isin(set(kept["doc_no"]))
    if clash.any():
        raise LedgerError("derived receipt number clashes with a document in the file", file=load.file,
                          doc_no=receipts.loc[clash, "doc_no"].iloc[0])
    return pd.concat([kept, receipts], ignore_index=True), int(len(receipts))


def _reconciliation(load: _Load, kept: pd.DataFrame, rejected_rows: np.ndarray, receipts: int) -> LedgerReconciliation:
    """Rows and amounts read against those kept and rejected, and the totals by kind of document."""
    by = kept.groupby("doc_type")["amount_cents"].sum()

    def gross(*types):
        return sum(int(abs(by.get(t, 0))) for t in types)

    amounts = load.amount.abs().fillna(0).astype("int64").to_numpy()
    return LedgerReconciliation(
        file=load.file,
        rows_read=load.rows_read,
        blank_rows=load.blank_rows,
        summary_rows=load.summary_rows,
        rejected_rows=int(rejected_rows.sum()),
        documents_from_file=int((~rejected_rows).sum()),
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
    )
