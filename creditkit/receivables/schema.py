"""The canonical ledger table: its columns, document types, and the checks on it.

Every receivables module (aging, provision, collection metrics, risk signals,
collection, cases, reports) reads this one table, one row per document;
:mod:`~creditkit.receivables.ledger` builds it from an ERP export.

===============  ================  ==================================================
column           dtype             meaning
===============  ================  ==================================================
customer_id      str               customer code (stripped; the name when no code)
customer_name    str               customer name (stripped)
doc_type         str               one of :data:`DOC_TYPES` (see below)
doc_no           str               document number, unique per customer (two customers
                                   may share one, as VAT 发票号码 do)
doc_date         datetime64[ns]    document date, timezone-free
due_date         datetime64[ns]    due date of debit documents; NaT for credit ones
amount_cents     int64             signed effect on the receivable, in cents:
                                   > 0 for debit documents, < 0 for credit ones
ref_doc_no       str or <NA>       debit document a credit document settles
sales_rep        str or <NA>       sales representative (业务员)
terms            Int64             credit terms in days, when known
memo             str or <NA>       free text
clear_key        str or <NA>       settlement group: documents sharing it settle each
                                   other (SAP clearing document, Odoo matching number)
clear_date       datetime64[ns]    when the group was settled (NaT: whenever its
                                   documents are dated)
source_line      Int64             line of the source file (header = line 1)
===============  ================  ==================================================

Document types: debit documents raise what the customer owes —
``invoice`` (销售发票/应收单), ``debit_note`` (借项/调增), ``opening_balance``
(期初余额) and ``refund`` (退款: money paid back out of the customer's credit);
credit documents lower it — ``receipt`` (收款单), ``credit_note``
(红字发票/退货/折让), ``write_off`` (坏账核销) and ``opening_credit`` (a
negative opening balance, i.e. 预收 brought forward).

Signs: the direction of a document comes from its type, so receipts may be
exported positive or negative. A negative invoice or debit note is a red
invoice (红字发票) and is taken as a credit note; the reconciliation counts it.
A negative opening balance becomes ``opening_credit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import SchemaError
from ..money import format_cents

__all__ = [
    "CANONICAL_COLUMNS",
    "DOC_TYPES",
    "DEBIT_TYPES",
    "CREDIT_TYPES",
    "Ledger",
    "LedgerReconciliation",
    "validate_ledger",
    "canonical_table",
]

CANONICAL_COLUMNS = [
    "customer_id", "customer_name", "doc_type", "doc_no", "doc_date", "due_date",
    "amount_cents", "ref_doc_no", "sales_rep", "terms", "memo", "clear_key", "clear_date", "source_line",
]
DEBIT_TYPES = ("invoice", "debit_note", "opening_balance", "refund")
CREDIT_TYPES = ("receipt", "credit_note", "write_off", "opening_credit")
DOC_TYPES = DEBIT_TYPES + CREDIT_TYPES


@dataclass(frozen=True)
class LedgerReconciliation:
    """What a load read, kept, rejected and dropped — amounts in cents.

    ``rows_read`` counts every non-blank data row below the header;
    ``rows_read == documents_from_file + rejected_rows + summary_rows +
    heading_rows + line_items`` (heading rows: group headings and footers;
    line items: rows summed into another row's document), and
    ``read_cents == kept_cents + rejected_cents`` (gross amounts, i.e. the sum
    of absolute values of all readable amounts on non-summary rows). Both
    hold for every load: :attr:`balanced` says so.
    """

    file: str
    rows_read: int
    blank_rows: int
    summary_rows: int
    rejected_rows: int
    documents_from_file: int
    derived_receipts: int
    invoiced_cents: int
    received_cents: int
    credited_cents: int
    refunded_cents: int
    written_off_cents: int
    read_cents: int
    kept_cents: int
    rejected_cents: int
    unreadable_amounts: int
    derived_due_dates: int
    reclassified: int
    notes: tuple = ()
    heading_rows: int = 0
    line_items: int = 0
    totals_checked: int = 0
    totals_mismatched: int = 0

    @property
    def documents(self) -> int:
        """Documents in the canonical table (from file rows plus derived receipts)."""
        return self.documents_from_file + self.derived_receipts

    @property
    def balanced(self) -> bool:
        """True when rows and amounts read equal those kept plus those rejected."""
        rows_ok = self.rows_read == (self.documents_from_file + self.rejected_rows + self.summary_rows
                                     + self.heading_rows + self.line_items)
        return rows_ok and self.read_cents == self.kept_cents + self.rejected_cents

    def summary(self) -> str:
        """Human-readable multi-line reconciliation (for stderr or a report).

        Examples
        --------
        >>> r = LedgerReconciliation("ar.csv", 5, 0, 1, 0, 4, 0, 30000, 10000, 0, 0, 0, 40000, 40000, 0,
        ...                          0, 0, 0)
        >>> print(r.summary().splitlines()[0])
        ar.csv: 5 rows read = 4 documents kept + 0 rejected + 1 summary rows dropped
        """
        f = format_cents
        lines = [
            f"{self.file}: {self.rows_read} rows read = {self.documents_from_file} documents kept + "
            f"{self.rejected_rows} rejected + {self.summary_rows} summary rows dropped"
            + (f" + {self.heading_rows} heading rows" if self.heading_rows else "")
            + (f" + {self.line_items} line items summed" if self.line_items else ""),
            f"  invoiced {f(self.invoiced_cents)}, received {f(self.received_cents)}, "
            f"credited {f(self.credited_cents)}, refunded {f(self.refunded_cents)}, "
            f"written off {f(self.written_off_cents)}",
            f"  amounts read {f(self.read_cents)} = kept {f(self.kept_cents)} + rejected {f(self.rejected_cents)}"
            f" -> {'balanced' if self.balanced else 'NOT BALANCED'}",
        ]
        if self.totals_checked:
            ok = self.totals_checked - self.totals_mismatched
            lines.append(f"  file totals: {ok} of {self.totals_checked} agree with what was read"
                         + (" -> TOTALS DISAGREE (see notes)" if self.totals_mismatched else ""))
        if self.derived_receipts:
            lines.append(f"  {self.derived_receipts} receipts derived from settled dates")
        if self.blank_rows:
            lines.append(f"  {self.blank_rows} blank rows skipped")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


@dataclass(frozen=True)
class Ledger:
    """A ledger read from an export: the result of :func:`~creditkit.receivables.ledger.load_ledger`.

    Attributes
    ----------
    table : DataFrame
        The canonical document table (columns in the module docstring).
    reconciliation : LedgerReconciliation
    rejected : DataFrame
        Rejected rows: ``line, column, doc_no, value, reason`` (one row per problem).
    dropped : DataFrame
        Summary rows dropped: ``line`` and the raw cells.
    """

    table: pd.DataFrame
    reconciliation: LedgerReconciliation
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["line", "column", "doc_no",
                                                                                 "value", "reason"]))
    dropped: pd.DataFrame = field(default_factory=pd.DataFrame)


def _in_canonical_form(t: pd.DataFrame, name: str) -> pd.DataFrame:
    """Canonical column order, dtypes and row order of a table that passed :func:`validate_ledger` (``unique=False``).

    Document numbers are checked to be unique per customer here, on the codes the sort uses.
    """
    cust_codes, cust_uniques = pd.factorize(t["customer_id"], sort=True)
    doc_rank = _rank(t["doc_no"])
    cust_rank = np.where(cust_codes < 0, len(cust_uniques), cust_codes).astype("int64")
    dup = pd.Series(cust_rank * (int(doc_rank.max(initial=0)) + 1) + doc_rank).duplicated().to_numpy()
    if dup.any():
        raise SchemaError(f"{name}: duplicate doc_no {t.loc[dup, 'doc_no'].iloc[0]!r} of customer "
                          f"{t.loc[dup, 'customer_id'].iloc[0]!r}")
    order = np.lexsort((doc_rank, pd.to_datetime(t["doc_date"]).to_numpy().view("int64"), cust_rank))
    out = {}
    for c in CANONICAL_COLUMNS:
        col = t[c]
        if c in ("customer_id", "customer_name", "doc_type", "doc_no"):
            text = (_shared_text(col, order, cust_codes[order], cust_uniques) if c == "customer_id" else
                    col.take(order).to_numpy(dtype=object) if c == "doc_no" else _shared_text(col, order))
            out[c] = pd.Series(text, dtype=object, copy=False)  # Python strings, never inferred as str
        elif c in ("doc_date", "due_date", "clear_date"):
            out[c] = pd.to_datetime(col).to_numpy(dtype="datetime64[ns]")[order]
        elif c == "amount_cents":
            out[c] = col.to_numpy(dtype="int64")[order]
        elif c in ("terms", "source_line"):
            out[c] = col.astype("Int64").array.take(order)
        else:
            out[c] = pd.Series(col.array.take(order), dtype=col.dtype, copy=False)
    return pd.DataFrame(out, copy=False)


def _shared_text(col: pd.Series, order: np.ndarray, codes=None, uniques=None) -> np.ndarray:
    """``col.astype(object)[order]`` in which equal texts are one string object (8 bytes a row).

    A column of Python objects is taken as it is; one held by pyarrow is
    factorized (``codes``, ``uniques`` when already known), so that each
    distinct text becomes one Python string instead of one per row.
    """
    if col.dtype == object:
        return col.to_numpy(dtype=object)[order]
    if codes is None:
        codes, uniques = pd.factorize(col)
        codes = codes[order]
    values = np.append(np.asarray(uniques, dtype=object), getattr(col.dtype, "na_value", None))
    return values.take(np.where(codes < 0, len(values) - 1, codes))


def _rank(values: pd.Series) -> np.ndarray:
    """The sort rank of each value (missing last), hashed and sorted by the column's own engine."""
    codes, uniques = pd.factorize(values, sort=True)
    return np.where(codes < 0, len(uniques), codes)


def canonical_table(frame: pd.DataFrame, *, name: str = "frame") -> pd.DataFrame:
    """Validate a ledger-shaped frame and return it in canonical column order, dtypes and row order.

    Rows are sorted by customer, document date and document number; missing
    optional columns are added empty.

    Parameters
    ----------
    frame : DataFrame
        A table with at least the required canonical columns.
    name : str, default "frame"
        What the table is called in error messages (a file name, for a loaded ledger).

    Returns
    -------
    DataFrame

    Raises
    ------
    TypeError, SchemaError
        As :func:`validate_ledger`.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["B", "A"], "customer_name": ["B", "A"], "doc_type": ["invoice"] * 2,
    ...                   "doc_no": ["I2", "I1"], "doc_date": pd.to_datetime(["2025-01-01"] * 2),
    ...                   "due_date": pd.to_datetime(["2025-01-31"] * 2), "amount_cents": [1, 2]})
    >>> canonical_table(t)["doc_no"].tolist()
    ['I1', 'I2']
    """
    return _in_canonical_form(validate_ledger(frame, name=name, unique=False), name)


def validate_ledger(table, *, name="ledger", unique=True, complete=True) -> pd.DataFrame:
    """Check that ``table`` is a canonical ledger table and return it.

    Accepts a :class:`Ledger` (its ``table`` is used). Optional columns
    (``ref_doc_no``, ``sales_rep``, ``terms``, ``memo``, ``source_line``) are
    added empty when absent.

    Raises
    ------
    TypeError
        ``table`` is not a DataFrame or Ledger.
    SchemaError
        A required column is missing, has the wrong dtype, or the signs or
        document numbers break the rules of the module docstring.
        ``unique=False`` skips the check that document numbers are unique per customer
        (for callers that check the documents they key on themselves);
        ``complete=False`` leaves absent optional columns absent (no copy).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"], "customer_name": ["A"], "doc_type": ["invoice"],
    ...                   "doc_no": ["I1"], "doc_date": pd.to_datetime(["2025-01-01"]),
    ...                   "due_date": pd.to_datetime(["2025-01-31"]), "amount_cents": [100]})
    >>> validate_ledger(t).columns.tolist() == CANONICAL_COLUMNS
    True
    """
    if isinstance(table, Ledger):
        table = table.table
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame or Ledger, got {type(table).__name__}")
    required = ["customer_id", "customer_name", "doc_type", "doc_no", "doc_date", "due_date", "amount_cents"]
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise SchemaError(f"{name} lacks column(s) {missing}; expected the canonical ledger table")
    if table["amount_cents"].dtype.kind not in "iu":
        raise SchemaError(f"{name}.amount_cents must be integer cents, got dtype {table['amount_cents'].dtype}")
    for c in ("doc_date", "due_date"):
        if table[c].dtype.kind != "M":
            raise SchemaError(f"{name}.{c} must be datetime64, got dtype {table[c].dtype}")
    t = table
    extra = [c for c in CANONICAL_COLUMNS if c not in t.columns]
    if extra and complete:
        t = t.copy()
        for c in extra:
            t[c] = (pd.Series(pd.NaT, index=t.index, dtype="datetime64[ns]") if c == "clear_date" else
                    pd.Series(pd.NA, index=t.index, dtype="Int64" if c in ("terms", "source_line") else object))
    bad_type = ~t["doc_type"].isin(DOC_TYPES)
    if bad_type.any():
        raise SchemaError(f"{name}.doc_type has unknown value {t.loc[bad_type, 'doc_type'].iloc[0]!r}")
    credit = t["doc_type"].isin(CREDIT_TYPES)
    wrong = (credit & (t["amount_cents"] > 0)) | (~credit & (t["amount_cents"] < 0))
    if wrong.any():
        raise SchemaError(f"{name}: amount_cents has the wrong sign for document {t.loc[wrong, 'doc_no'].iloc[0]!r}"
                          " (debit documents > 0, credit documents < 0)")
    if t["doc_date"].isna().any():
        raise SchemaError(f"{name}: doc_date is missing for document {t.loc[t['doc_date'].isna(), 'doc_no'].iloc[0]!r}")
    if unique:
        dup = t.duplicated(["customer_id", "doc_no"])
        if dup.any():
            raise SchemaError(f"{name}: duplicate doc_no {t.loc[dup, 'doc_no'].iloc[0]!r} of customer "
                              f"{t.loc[dup, 'customer_id'].iloc[0]!r}")
    return t
