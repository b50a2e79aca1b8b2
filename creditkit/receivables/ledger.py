"""Receivables ledgers: ERP export files → one canonical, validated document table.

:func:`load_ledger` reads the CSV or Excel export of an ERP's receivables
ledger (应收账款明细账), recognises its headers and document types in Chinese
or English, parses messy amounts and dates, drops summary rows, checks every
row and returns a :class:`Ledger`: the canonical table, a reconciliation of
what was read against what was kept, and the rows it rejected.

The canonical ledger table
--------------------------
Every later module (aging, provision, collection metrics, risk signals,
collection, cases, reports) reads this one table; one row per document.

===============  ================  ==================================================
column           dtype             meaning
===============  ================  ==================================================
customer_id      str               customer code (stripped; the name when no code)
customer_name    str               customer name (stripped)
doc_type         str               one of :data:`DOC_TYPES` (see below)
doc_no           str               document number, unique in the table
doc_date         datetime64[ns]    document date, timezone-free
due_date         datetime64[ns]    due date of debit documents; NaT for credit ones
amount_cents     int64             signed effect on the receivable, in cents:
                                   > 0 for debit documents, < 0 for credit ones
ref_doc_no       str or <NA>       debit document a credit document settles
sales_rep        str or <NA>       sales representative (业务员)
terms            Int64             credit terms in days, when known
memo             str or <NA>       free text
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

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..dates import parse_dates
from ..errors import LedgerError, ParameterError, SchemaError
from ..money import format_cents, parse_amounts

__all__ = [
    "CANONICAL_COLUMNS",
    "DOC_TYPES",
    "DEBIT_TYPES",
    "CREDIT_TYPES",
    "HEADER_ALIASES",
    "DOC_TYPE_WORDS",
    "Ledger",
    "LedgerReconciliation",
    "load_ledger",
    "ledger_from_frame",
    "validate_ledger",
    "canonical_table",
    "detect_encoding",
]

CANONICAL_COLUMNS = [
    "customer_id", "customer_name", "doc_type", "doc_no", "doc_date", "due_date",
    "amount_cents", "ref_doc_no", "sales_rep", "terms", "memo", "source_line",
]
DEBIT_TYPES = ("invoice", "debit_note", "opening_balance", "refund")
CREDIT_TYPES = ("receipt", "credit_note", "write_off", "opening_credit")
DOC_TYPES = DEBIT_TYPES + CREDIT_TYPES

#: Header aliases by canonical name, in order of preference (first found wins).
HEADER_ALIASES: dict[str, list[str]] = {
    "customer_id": ["客户编码", "客户编号", "客户代码", "客户号", "客户ID", "往来单位编码", "单位编码",
                    "customer_id", "customer id", "customer code", "customer no", "customerid", "cust id",
                    "account no"],
    "customer_name": ["客户名称", "客户全称", "往来单位名称", "往来单位", "单位名称", "购货单位", "客户",
                      "customer_name", "customer name", "customer"],
    "doc_type": ["单据类型", "单据类别", "单据名称", "业务类型", "类型", "doc_type", "document type",
                 "transaction type", "type"],
    "doc_no": ["单据编号", "单据号", "单据号码", "单号", "发票号码", "发票号", "编号", "doc_no", "document no",
               "document number", "invoice no", "invoice number", "number"],
    "doc_date": ["单据日期", "开票日期", "业务日期", "发票日期", "记账日期", "日期", "doc_date", "document date",
                 "invoice date", "posting date", "date"],
    "due_date": ["到期日", "到期日期", "收款到期日", "应收日期", "due_date", "due date", "net due date"],
    "amount": ["金额", "本币金额", "价税合计", "含税金额", "单据金额", "发票金额", "原币金额", "amount",
               "local amount", "invoice amount"],
    "debit": ["借方金额", "借方", "应收金额", "本期应收", "debit"],
    "credit": ["贷方金额", "贷方", "收款金额", "本期收回", "credit"],
    "ref_doc_no": ["核销单据号", "核销单号", "核销发票号", "对应发票号", "源单编号", "源单号", "关联单号", "应收单号",
                   "ref_doc_no", "applies to", "applied to", "invoice ref", "reference"],
    "sales_rep": ["业务员", "销售员", "销售代表", "业务员名称", "负责人", "sales_rep", "sales rep",
                  "salesperson", "sales person"],
    "terms": ["账期", "信用期", "信用天数", "付款条件", "收款条件", "terms", "payment terms", "credit terms"],
    "memo": ["备注", "摘要", "说明", "memo", "remark", "remarks", "note", "description"],
    "settled_date": ["结清日期", "回款日期", "收款日期", "核销日期", "付款日期", "settled_date", "settled date",
                     "paid date", "payment date", "cleared date"],
    "paid_amount": ["已收金额", "回款金额", "已核销金额", "paid_amount", "paid amount", "amount paid"],
}
_INPUT_NAMES = tuple(HEADER_ALIASES)

#: Document-type words as exports write them → canonical type.
DOC_TYPE_WORDS: dict[str, str] = {}
for _t, _words in {
    "invoice": ["销售发票", "发票", "应收单", "其他应收单", "应收", "增值税专用发票", "增值税普通发票", "专票", "普票",
                "蓝字发票", "销售单", "invoice", "inv", "sales invoice", "bill"],
    "debit_note": ["借项通知单", "调增", "应收调增", "debit note", "debit memo", "dn"],
    "opening_balance": ["期初", "期初余额", "期初应收", "opening balance", "opening", "ob"],
    "refund": ["退款", "退款单", "收款退款单", "退预收", "refund"],
    "receipt": ["收款单", "收款", "回款", "回款单", "银行收款", "现金收款", "预收款", "预收单", "预收", "票据收款",
                "承兑汇票", "receipt", "payment", "pmt", "cash receipt", "rcpt"],
    "credit_note": ["红字发票", "红字应收单", "红冲", "红字", "销售退货", "退货", "退货单", "折让", "销售折让",
                    "贷项通知单", "credit note", "credit memo", "cn", "return"],
    "write_off": ["坏账核销", "核销坏账", "坏账", "write-off", "write off", "writeoff", "bad debt"],
    "opening_credit": ["期初预收", "opening credit"],
}.items():
    for _w in _words:
        DOC_TYPE_WORDS[_w] = _t

_SUMMARY_RE = re.compile(r"^.{0,8}(合计|小计|总计|累计)\s*[:：]?.*$|^(grand\s*|sub\s*)?totals?\b.*$", re.IGNORECASE)
_TEXT_KEYS = ("customer_id", "customer_name", "doc_type", "doc_no")


def _norm_key(text) -> str:
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s_\-()（）:：/]+", "", t)


_ALIAS_INDEX = {}
for _canon, _aliases in HEADER_ALIASES.items():
    for _rank, _a in enumerate(_aliases):
        _ALIAS_INDEX.setdefault(_norm_key(_a), (_canon, _rank))
_DOC_TYPE_INDEX = {_norm_key(k): v for k, v in DOC_TYPE_WORDS.items()}
_DOC_TYPE_INDEX.update({_norm_key(t): t for t in DOC_TYPES})


@dataclass(frozen=True)
class LedgerReconciliation:
    """What a load read, kept, rejected and dropped — amounts in cents.

    ``rows_read`` counts every non-blank data row below the header;
    ``rows_read == documents_from_file + rejected_rows + summary_rows``, and
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

    @property
    def documents(self) -> int:
        """Documents in the canonical table (from file rows plus derived receipts)."""
        return self.documents_from_file + self.derived_receipts

    @property
    def balanced(self) -> bool:
        """True when rows and amounts read equal those kept plus those rejected."""
        rows_ok = self.rows_read == self.documents_from_file + self.rejected_rows + self.summary_rows
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
            f"{self.rejected_rows} rejected + {self.summary_rows} summary rows dropped",
            f"  invoiced {f(self.invoiced_cents)}, received {f(self.received_cents)}, "
            f"credited {f(self.credited_cents)}, refunded {f(self.refunded_cents)}, "
            f"written off {f(self.written_off_cents)}",
            f"  amounts read {f(self.read_cents)} = kept {f(self.kept_cents)} + rejected {f(self.rejected_cents)}"
            f" -> {'balanced' if self.balanced else 'NOT BALANCED'}",
        ]
        if self.derived_receipts:
            lines.append(f"  {self.derived_receipts} receipts derived from settled dates")
        if self.blank_rows:
            lines.append(f"  {self.blank_rows} blank rows skipped")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


@dataclass(frozen=True)
class Ledger:
    """Result of :func:`load_ledger`.

    Attributes
    ----------
    table : DataFrame
        The canonical document table (schema in the module docstring).
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


# ----------------------------------------------------------------------------- reading

def detect_encoding(data: bytes) -> str:
    """Name the text encoding of a CSV export: utf-8-sig, utf-8 or gb18030.

    GB18030 is a superset of GBK and GB2312, so it reads all three.

    Examples
    --------
    >>> detect_encoding("客户".encode("gbk"))
    'gb18030'
    >>> detect_encoding("\\ufeffa,b".encode("utf-8"))
    'utf-8-sig'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        raise LedgerError("cannot tell the text encoding (tried UTF-8 and GB18030); pass encoding=") from None


def _read_csv_rows(path: Path, encoding, sep):
    data = path.read_bytes()
    enc = encoding or detect_encoding(data)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError) as exc:
        raise LedgerError(f"cannot decode as {enc}: {exc}", file=str(path)) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if sep is None:
        head = text[:4096].splitlines()[:30]
        counts = {d: sum(line.count(d) for line in head) for d in (",", "\t", ";")}
        sep = max(counts, key=counts.get)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows, lines = [], []
    start = 1
    for rec in reader:
        rows.append(rec)
        lines.append(start)
        start = reader.line_num + 1
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object) if rows else pd.DataFrame()
    return frame, np.asarray(lines, dtype="int64"), enc


def _cell_text(v) -> str:
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp) or hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return format(v, ".15g")
    return str(v)


def _read_excel_rows(path: Path, sheet):
    try:
        frame = pd.read_excel(path, sheet_name=sheet if sheet is not None else 0, header=None, dtype=object)
    except ValueError as exc:
        raise LedgerError(f"cannot read sheet {sheet!r}: {exc}", file=str(path)) from None
    frame = frame.map(_cell_text)
    return frame, np.arange(1, len(frame) + 1, dtype="int64")


def _load_columns_spec(columns):
    """Return (mapping canonical→header, date_format) from a YAML path or a dict."""
    if columns is None:
        return {}, None
    if isinstance(columns, (str, Path)):
        import yaml

        p = Path(columns)
        try:
            spec = yaml.safe_load(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ParameterError(f"columns: cannot read {columns}: {exc.strerror}") from None
        except yaml.YAMLError as exc:
            raise ParameterError(f"columns: {columns} is not valid YAML ({exc})") from None
    elif isinstance(columns, dict):
        spec = columns
    else:
        raise TypeError(f"columns must be a YAML file path or a dict, got {type(columns).__name__}")
    if not isinstance(spec, dict):
        raise ParameterError(f"columns: expected a mapping, got {type(spec).__name__}")
    date_format = spec.get("date_format")
    mapping = spec.get("columns", spec if "date_format" not in spec else {})
    if not isinstance(mapping, dict):
        raise ParameterError(f"columns: 'columns' must map canonical names to headers, got {mapping!r}")
    mapping = {k: v for k, v in mapping.items() if k != "date_format"}
    for k in mapping:
        if k not in _INPUT_NAMES:
            raise ParameterError(f"columns: unknown canonical name {k!r}; expected one of {', '.join(_INPUT_NAMES)}")
    return {k: str(v).strip() for k, v in mapping.items()}, date_format


def _match_headers(row, mapping):
    """Map canonical names to column positions for one candidate header row."""
    cells = [str(c).strip() for c in row]
    found = {}
    for canon, header in mapping.items():
        for i, c in enumerate(cells):
            if c == header or _norm_key(c) == _norm_key(header):
                found[canon] = i
                break
    best = {}
    for i, c in enumerate(cells):
        if i in found.values():
            continue
        hit = _ALIAS_INDEX.get(_norm_key(c))
        if hit and hit[0] not in found:
            canon, rank = hit
            if canon not in best or rank < best[canon][1]:
                best[canon] = (i, rank)
    found.update({k: v[0] for k, v in best.items()})
    return found


# ----------------------------------------------------------------------------- loading

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
        same as a dict.
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
    if errors not in ("raise", "report"):
        raise ValueError(f"errors must be 'raise' or 'report', got {errors!r}")
    if not isinstance(default_terms, (int, np.integer)) or isinstance(default_terms, bool) or default_terms < 0:
        raise ValueError(f"default_terms must be a non-negative int of days, got {default_terms!r}")
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a file path, got {type(path).__name__}")
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"ledger file not found: {p}")
    mapping, spec_format = _load_columns_spec(columns)
    notes = []
    if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        raw, lines = _read_excel_rows(p, sheet)
    else:
        raw, lines, enc = _read_csv_rows(p, encoding, sep)
        if enc != "utf-8":
            notes.append(f"text encoding {enc}")
    return _build(raw, lines, file=str(p), mapping=mapping, errors=errors, default_terms=int(default_terms),
                  date_format=date_format or spec_format, notes=notes)


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
    mapping, spec_format = _load_columns_spec(columns)
    header = pd.DataFrame([list(map(str, frame.columns))], dtype=object)
    body = frame.astype(object).map(_cell_text)
    body.columns = range(frame.shape[1])
    raw = pd.concat([header, body], ignore_index=True)
    lines = np.arange(1, len(raw) + 1, dtype="int64")
    return _build(raw, lines, file=name, mapping=mapping, errors=errors, default_terms=default_terms,
                  date_format=date_format or spec_format, notes=[])


class _Problems:
    """Collects row problems: (position, column header, reason, value)."""

    def __init__(self):
        self.items = []

    def add(self, mask, header, reason, values=None):
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if len(idx) == 0:
            return
        vals = [None] * len(idx) if values is None else list(np.asarray(values, dtype=object)[idx])
        for i, v in zip(idx, vals):
            self.items.append((int(i), header, reason, v))


def _build(raw, lines, *, file, mapping, errors, default_terms, date_format, notes) -> Ledger:
    if raw.empty:
        raise SchemaError(f"{file}: the file is empty")
    raw = raw.astype(object).fillna("")
    for c in raw.columns:
        raw[c] = raw[c].astype(str).str.replace("\u3000", " ", regex=False).str.strip().astype(object)
    # header: the first of the top 30 rows naming at least two known columns
    header_pos, cols = None, {}
    for i in range(min(30, len(raw))):
        found = _match_headers(raw.iloc[i].tolist(), mapping)
        if len(found) >= 2 and ("doc_no" in found or "amount" in found or "customer_id" in found):
            header_pos, cols = i, found
            break
    if header_pos is None:
        raise SchemaError(f"{file}: no header row with known column names in the first 30 rows "
                          f"(first row: {raw.iloc[0].tolist()[:8]}); map them with columns=")
    header_cells = raw.iloc[header_pos].tolist()
    missing_mapped = [f"{k}: {v}" for k, v in mapping.items() if k not in cols]
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

    body = raw.iloc[header_pos + 1:].reset_index(drop=True)
    line = pd.Series(lines[header_pos + 1:], dtype="int64")
    n_all = len(body)
    blank = body.eq("").all(axis=1).to_numpy() if n_all else np.zeros(0, bool)

    def col(name):
        return body[cols[name]] if name in cols else pd.Series("", index=body.index, dtype=object)

    def head(name):
        return header_cells[cols[name]] if name in cols else name

    summary = np.zeros(n_all, bool)
    for k in _TEXT_KEYS:
        if k in cols:
            summary |= col(k).str.match(_SUMMARY_RE).fillna(False).to_numpy()
    if "doc_no" in cols:  # a row with its own document number is a document, whatever its name says
        dn = col("doc_no")
        summary &= (dn.eq("") | dn.str.match(_SUMMARY_RE).fillna(False)).to_numpy()
    summary &= ~blank
    dropped = body[summary].copy()
    dropped.columns = [header_cells[i] if i < len(header_cells) else i for i in dropped.columns]
    dropped.insert(0, "line", line[summary].to_numpy())
    keep = ~blank & ~summary
    body = body[keep].reset_index(drop=True)
    line = line[keep].reset_index(drop=True)
    n = len(body)
    probs = _Problems()

    cust_id = col("customer_id").astype(str).str.normalize("NFKC").str.strip()
    cust_name = col("customer_name").astype(str).str.strip()
    # fill names from the customer's other rows; a file without codes uses names as codes
    if "customer_id" in cols and "customer_name" in cols:
        named = pd.DataFrame({"id": cust_id, "name": cust_name})
        first = named[named["name"].ne("") & named["id"].ne("")].drop_duplicates("id").set_index("id")["name"]
        conflicting = named[named["name"].ne("")].groupby("id")["name"].nunique()
        if (conflicting > 1).any():
            notes.append(f"{int((conflicting > 1).sum())} customer codes carry more than one name; the first is used")
        cust_name = cust_id.map(first).fillna(cust_name).astype(str)
    if "customer_id" not in cols:
        cust_id = cust_name.copy()
    else:
        cust_id = cust_id.where(cust_id.ne(""), cust_name)
    cust_name = cust_name.where(cust_name.ne(""), cust_id)
    probs.add(cust_id.eq(""), head("customer_id") if "customer_id" in cols else head("customer_name"),
              "missing customer", cust_id)

    doc_no = col("doc_no").astype(str).str.normalize("NFKC").str.strip()
    probs.add(doc_no.eq(""), head("doc_no"), "missing document number", doc_no)

    # document types
    if "doc_type" in cols:
        raw_type = col("doc_type")
        words = {u: _DOC_TYPE_INDEX.get(_norm_key(u)) for u in raw_type.unique()}
        doc_type = raw_type.map(words).astype(object)
        probs.add(doc_type.isna(), head("doc_type"),
                  "unknown document type (map it to one of " + ", ".join(DOC_TYPES) + ")", raw_type)
        doc_type = doc_type.fillna("invoice")
    else:
        doc_type = pd.Series("invoice", index=body.index, dtype=object)
        notes.append("no document-type column: every row taken as an invoice")

    # amounts
    if "amount" in cols:
        amount, bad_amt = parse_amounts(col("amount").to_numpy(dtype=object))
        amt_header = head("amount")
        probs.add(bad_amt, amt_header, "unparseable amount", col("amount"))
        probs.add(amount.isna() & ~bad_amt, amt_header, "missing amount", col("amount"))
    else:
        deb, bad_d = parse_amounts(col("debit").to_numpy(dtype=object))
        cre, bad_c = parse_amounts(col("credit").to_numpy(dtype=object))
        probs.add(bad_d, head("debit"), "unparseable amount", col("debit"))
        probs.add(bad_c, head("credit"), "unparseable amount", col("credit"))
        amount = deb.fillna(0) - cre.fillna(0)
        amount = amount.where(deb.notna() | cre.notna())
        amt_header = head("debit") if "debit" in cols else head("credit")
        probs.add(amount.isna() & ~bad_d & ~bad_c, amt_header, "missing amount", col("debit"))
        if "doc_type" not in cols:
            doc_type = doc_type.where(~(cre.fillna(0) > 0), "receipt")
    amount = amount.reset_index(drop=True)
    amt = amount.fillna(0).astype("int64")

    # direction from type
    reclass = (doc_type.isin(["invoice", "debit_note"]) & (amt < 0))
    doc_type = doc_type.where(~reclass, "credit_note")
    neg_open = doc_type.eq("opening_balance") & (amt < 0)
    doc_type = doc_type.where(~neg_open, "opening_credit")
    probs.add(doc_type.eq("refund") & (amt < 0), amt_header, "a refund must not be negative", col("amount"))
    is_credit = doc_type.isin(CREDIT_TYPES)
    signed = amt.abs().where(~is_credit, -amt.abs())
    n_reclass = int(reclass.sum() + neg_open.sum())
    if n_reclass:
        notes.append(f"{n_reclass} negative invoices / opening balances taken as credit documents")

    # dates
    doc_date, bad_dd = parse_dates(col("doc_date").to_numpy(dtype=object), date_format=date_format)
    doc_date = doc_date.reset_index(drop=True)
    probs.add(bad_dd, head("doc_date"), "impossible or unreadable date", col("doc_date"))
    probs.add(doc_date.isna() & ~bad_dd, head("doc_date"), "missing document date", col("doc_date"))
    due_date, bad_due = parse_dates(col("due_date").to_numpy(dtype=object), date_format=date_format)
    due_date = due_date.reset_index(drop=True)
    probs.add(bad_due, head("due_date"), "impossible or unreadable date", col("due_date"))
    probs.add((due_date < doc_date).fillna(False) & ~is_credit, head("due_date"),
              "due date before document date", col("due_date"))

    terms_txt = col("terms").astype(str)
    # the largest number in the text: "30", "月结60天", "Net 45", "2/10 net 30" → 30
    nums = terms_txt.reset_index(drop=True).str.normalize("NFKC").str.extractall(r"(\d+)")[0].astype("int64")
    terms = nums.groupby(level=0).max().reindex(range(n)).astype("Int64")
    cust_terms = pd.DataFrame({"c": cust_id, "t": terms}).dropna().groupby("c")["t"].agg(
        lambda s: s.mode().iloc[0]) if terms.notna().any() else pd.Series(dtype="Int64")
    need_due = due_date.isna() & ~bad_due & ~is_credit & doc_date.notna()
    use_terms = terms.fillna(cust_id.map(cust_terms)).astype("Float64")
    n_default = int((need_due & use_terms.isna()).sum())
    use_terms = use_terms.fillna(default_terms)
    derived = doc_date + pd.to_timedelta(use_terms.astype("float64"), unit="D")
    due_date = due_date.where(~need_due, derived)
    due_date = due_date.where(~is_credit, pd.NaT)
    n_derived = int(need_due.sum())
    if n_derived:
        notes.append(f"{n_derived} missing due dates derived as document date + terms"
                     + (f" ({n_default} with the default {default_terms} days)" if n_default else ""))

    ref = col("ref_doc_no").astype(str).str.normalize("NFKC").str.strip()
    ref = ref.where(ref.ne(""), None)

    # invoice-level exports: settled date / paid amount → derived receipts
    settled, bad_set = parse_dates(col("settled_date").to_numpy(dtype=object), date_format=date_format)
    settled = settled.reset_index(drop=True)
    probs.add(bad_set, head("settled_date"), "impossible or unreadable date", col("settled_date"))
    if "paid_amount" in cols:
        paid, bad_paid = parse_amounts(col("paid_amount").to_numpy(dtype=object))
        paid = paid.reset_index(drop=True)
        probs.add(bad_paid, head("paid_amount"), "unparseable amount", col("paid_amount"))
        probs.add(paid.notna() & (paid != 0) & settled.isna() & ~bad_set & ("settled_date" in cols),
                  head("paid_amount"), "paid amount without a settled date", col("paid_amount"))
        if "settled_date" not in cols:
            raise SchemaError(f"{file}: a paid-amount column ({head('paid_amount')}) needs a settled-date column "
                              "(结清日期/回款日期) to tell when the money came in")
    else:
        paid = pd.Series(pd.NA, index=body.index, dtype="Int64")
    probs.add(settled.notna() & is_credit, head("settled_date"),
              "a settled date belongs on an invoice, not on a credit document", col("settled_date"))

    # duplicates (all occurrences are rejected; raise names the second)
    dup = doc_no.ne("") & doc_no.duplicated(keep=False)
    probs.add(dup, head("doc_no"), "duplicate document number", doc_no)

    table = pd.DataFrame({
        "customer_id": cust_id.astype(str).to_numpy(dtype=object),
        "customer_name": cust_name.astype(str).to_numpy(dtype=object),
        "doc_type": doc_type.astype(str).to_numpy(dtype=object),
        "doc_no": doc_no.to_numpy(dtype=object),
        "doc_date": doc_date.to_numpy(),
        "due_date": due_date.to_numpy(),
        "amount_cents": signed.to_numpy(dtype="int64"),
        "ref_doc_no": ref.to_numpy(dtype=object),
        "sales_rep": col("sales_rep").where(col("sales_rep").ne(""), None).to_numpy(dtype=object),
        "terms": terms.to_numpy(),
        "memo": col("memo").where(col("memo").ne(""), None).to_numpy(dtype=object),
        "source_line": line.to_numpy(dtype="int64"),
    })

    # references, checked against documents without other problems
    bad_rows = np.zeros(n, bool)
    bad_rows[[i for i, *_ in probs.items]] = True
    ok_debit = table.loc[~bad_rows & ~is_credit.to_numpy(), ["doc_no", "customer_id"]].set_index("doc_no")["customer_id"]
    all_debit = set(table.loc[~is_credit.to_numpy(), "doc_no"])
    credit_nos = set(table.loc[is_credit.to_numpy(), "doc_no"])
    has_ref = ref.notna().to_numpy() & is_credit.to_numpy()
    ref_owner = ref.map(ok_debit)
    unknown = has_ref & ref_owner.isna().to_numpy()
    refs_credit = unknown & ref.isin(credit_nos).to_numpy()
    refs_rejected = unknown & ~refs_credit & ref.isin(all_debit).to_numpy()
    refs_unknown = unknown & ~refs_credit & ~refs_rejected
    other = has_ref & ref_owner.notna().to_numpy() & (ref_owner != cust_id).fillna(False).to_numpy()
    rh = head("ref_doc_no")
    probs.add(refs_unknown, rh, "references an unknown invoice", ref)
    probs.add(refs_credit, rh, "references a credit document, not an invoice", ref)
    probs.add(refs_rejected, rh, "references a rejected document", ref)
    probs.add(other, rh, "references an invoice of another customer", ref)

    rejected_rows = np.zeros(n, bool)
    rejected_rows[[i for i, *_ in probs.items]] = True
    if probs.items:
        items = sorted(probs.items, key=lambda t: (line.iat[t[0]], t[0]))
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
            raise LedgerError(reason, file=file, line=int(first["line"]), column=first["column"],
                              doc_no=first["doc_no"], value=first["value"])
    else:
        rej = pd.DataFrame(columns=["line", "column", "doc_no", "value", "reason"])

    gross = amount.abs().fillna(0).astype("int64").to_numpy()
    kept = table[~rejected_rows].reset_index(drop=True)
    keep_settled = settled[~rejected_rows].reset_index(drop=True)
    keep_paid = paid[~rejected_rows].reset_index(drop=True)
    derived_receipts = kept[keep_settled.notna().to_numpy()].copy()
    if len(derived_receipts):
        pd_amt = keep_paid[keep_settled.notna()].reset_index(drop=True)
        inv_amt = derived_receipts["amount_cents"].reset_index(drop=True)
        receipt_amt = pd_amt.abs().fillna(inv_amt).astype("int64").clip(upper=None)
        derived_receipts = derived_receipts.reset_index(drop=True)
        derived_receipts["ref_doc_no"] = derived_receipts["doc_no"]
        derived_receipts["doc_no"] = derived_receipts["doc_no"] + "/paid"
        derived_receipts["doc_type"] = "receipt"
        derived_receipts["doc_date"] = keep_settled[keep_settled.notna()].to_numpy()
        derived_receipts["due_date"] = pd.NaT
        derived_receipts["amount_cents"] = -receipt_amt.to_numpy()
        derived_receipts["memo"] = "derived from settled date"
        derived_receipts = derived_receipts[derived_receipts["amount_cents"] != 0]
        clash = derived_receipts["doc_no"].isin(set(kept["doc_no"]))
        if clash.any():
            raise LedgerError("derived receipt number clashes with a document in the file", file=file,
                              doc_no=derived_receipts.loc[clash, "doc_no"].iloc[0])
        kept = pd.concat([kept, derived_receipts], ignore_index=True)
    kept = _finish(kept)

    by = kept.groupby("doc_type")["amount_cents"].sum()
    g = lambda t: int(abs(by.get(t, 0)))  # noqa: E731
    recon = LedgerReconciliation(
        file=file,
        rows_read=int((~blank).sum()),
        blank_rows=int(blank.sum()),
        summary_rows=int(summary.sum()),
        rejected_rows=int(rejected_rows.sum()),
        documents_from_file=int((~rejected_rows).sum()),
        derived_receipts=int(len(derived_receipts)),
        invoiced_cents=g("invoice") + g("debit_note") + g("opening_balance"),
        received_cents=g("receipt"),
        credited_cents=g("credit_note") + g("opening_credit"),
        refunded_cents=g("refund"),
        written_off_cents=g("write_off"),
        read_cents=int(gross.sum()),
        kept_cents=int(gross[~rejected_rows].sum()),
        rejected_cents=int(gross[rejected_rows].sum()),
        unreadable_amounts=int(amount.isna().sum()),
        derived_due_dates=n_derived,
        reclassified=n_reclass,
        notes=tuple(notes),
    )
    return Ledger(table=kept, reconciliation=recon, rejected=rej, dropped=dropped.reset_index(drop=True))


def _finish(t: pd.DataFrame) -> pd.DataFrame:
    t = t[CANONICAL_COLUMNS].copy()
    for c in ("customer_id", "customer_name", "doc_type", "doc_no"):
        t[c] = t[c].astype(object)
    for c in ("doc_date", "due_date"):
        t[c] = pd.to_datetime(t[c]).astype("datetime64[ns]")
    t["amount_cents"] = t["amount_cents"].astype("int64")
    t["terms"] = t["terms"].astype("Int64")
    t["source_line"] = t["source_line"].astype("Int64")
    return t.sort_values(["customer_id", "doc_date", "doc_no"], kind="stable").reset_index(drop=True)


def canonical_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a ledger-shaped frame and return it in canonical column order, dtypes and row order.

    Rows are sorted by customer, document date and document number; missing
    optional columns are added empty.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["B", "A"], "customer_name": ["B", "A"], "doc_type": ["invoice"] * 2,
    ...                   "doc_no": ["I2", "I1"], "doc_date": pd.to_datetime(["2025-01-01"] * 2),
    ...                   "due_date": pd.to_datetime(["2025-01-31"] * 2), "amount_cents": [1, 2]})
    >>> canonical_table(t)["doc_no"].tolist()
    ['I1', 'I2']
    """
    return _finish(validate_ledger(frame, name="frame"))


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
        ``unique=False`` skips the check that document numbers are unique
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
            t[c] = pd.Series(pd.NA, index=t.index, dtype="Int64" if c in ("terms", "source_line") else object)
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
    if unique and t["doc_no"].duplicated().any():
        raise SchemaError(f"{name}: duplicate doc_no {t.loc[t['doc_no'].duplicated(), 'doc_no'].iloc[0]!r}")
    return t
