"""Reading ERP exports: file → rows of text cells, headers → canonical names.

The first stage of a ledger load (:func:`~creditkit.receivables.ledger.load_ledger`
builds the canonical table from what this module reads):

* :func:`read_rows` reads a CSV file (its text encoding detected by
  :func:`detect_encoding`: UTF-8, UTF-8 with BOM or GBK/GB18030; its delimiter
  sniffed) or an Excel sheet into rows of text cells, each with the line it
  stood on; :func:`rows_from_frame` does the same for a DataFrame;
* :func:`find_header` finds the header row and names its columns, through the
  Chinese and English aliases of :data:`HEADER_ALIASES` and the headers of a
  column map;
* :func:`load_column_map` reads a column map — for headers the aliases do not
  know — from a YAML file or a dict;
* :func:`canonical_doc_types` turns document-type words (:data:`DOC_TYPE_WORDS`)
  into the canonical document types.

A column map is a YAML file of this shape (or the same as a dict)::

    columns:                 # canonical name: header in the file
      customer_id: customerID
      doc_no: invoiceNumber
      amount: InvoiceAmount
    date_format: "%m/%d/%Y"  # optional: how text dates are written

or the flat form ``customer_id: customerID`` …, where ``date_format`` may stand
among the names. The canonical names are those of :data:`HEADER_ALIASES`. A key
outside them is refused, naming the file, the line and the key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_keys, load_yaml, yaml_where
from ..errors import ConfigError, LedgerError, ParameterError, SchemaError
from ._source import open_source
from .schema import DOC_TYPES

__all__ = [
    "HEADER_ALIASES",
    "INPUT_COLUMNS",
    "DOC_TYPE_WORDS",
    "RawRows",
    "ColumnMap",
    "detect_encoding",
    "read_rows",
    "rows_from_frame",
    "load_column_map",
    "find_header",
    "canonical_doc_types",
]

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
#: The canonical names an export's columns can be mapped to.
INPUT_COLUMNS = tuple(HEADER_ALIASES)

_TYPE_WORDS = {
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
}
#: Document-type words as exports write them → canonical type.
DOC_TYPE_WORDS: dict[str, str] = {word: kind for kind, words in _TYPE_WORDS.items() for word in words}


def _norm_key(text) -> str:
    """Header or word folded for matching: NFKC, lower case, no spaces, underscores, dashes, brackets or colons."""
    t = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return re.sub(r"[\s_\-()（）:：/]+", "", t)


def _alias_index() -> dict:
    """Folded alias → (canonical name, rank of the alias); an alias listed twice keeps its first place."""
    index = {}
    for canon, aliases in HEADER_ALIASES.items():
        for rank, alias in enumerate(aliases):
            index.setdefault(_norm_key(alias), (canon, rank))
    return index


_ALIAS_INDEX = _alias_index()
_DOC_TYPE_INDEX = {_norm_key(k): v for k, v in DOC_TYPE_WORDS.items()} | {_norm_key(t): t for t in DOC_TYPES}
_HEADER_ROWS = 30  # the header is looked for in the first rows only


# ----------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RawRows:
    """The cells of an export as text, one row per row of the file.

    Attributes
    ----------
    cells : DataFrame
        Object columns numbered from 0; every cell is text (``""`` when empty),
        header rows and title rows included.
    lines : ndarray of int64
        The line of the file each row starts on, as a text editor counts it.
    encoding : str or None
        Text encoding of a CSV file; None for an Excel sheet or a DataFrame.
    """

    cells: pd.DataFrame
    lines: np.ndarray
    encoding: str | None = None


def detect_encoding(data: bytes) -> str:
    """Name the text encoding of a CSV export: utf-8-sig, utf-8 or gb18030.

    GB18030 is a superset of GBK and GB2312, so it reads all three.

    Raises
    ------
    LedgerError
        The bytes are neither UTF-8 nor GB18030.

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


def read_rows(path, *, encoding=None, sheet=None, sep=None) -> RawRows:
    """Read the rows of a CSV file or an Excel sheet as text cells.

    What the file is comes from its bytes, not its name (see
    :mod:`creditkit.receivables._source`, which also bounds the work a file
    may ask for and refuses directories, pipes, archives, encrypted workbooks
    and binary files with a message naming the file).

    Parameters
    ----------
    path : str or Path
        An ``.xlsx`` / ``.xlsm`` or old ``.xls`` workbook, or delimited text
        (UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16).
    encoding : str, optional
        Text encoding of a CSV file (default: detected).
    sheet : str or int, optional
        Excel sheet name or 0-based position (default: the first).
    sep : str, optional
        CSV delimiter (default: the most frequent of ``,``, tab and ``;`` in
        the first 30 lines).

    Returns
    -------
    RawRows

    Raises
    ------
    LedgerError
        The file cannot be read, is not a ledger file, or exceeds a limit (the
        file, and the line and column where there is one, are named).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ar.csv")
    >>> _ = open(p, "w", encoding="gbk").write('编号;金额\\nA1;"1,5"\\n')
    >>> rows = read_rows(p)
    >>> rows.cells.values.tolist(), rows.lines.tolist(), rows.encoding
    ([['编号', '金额'], ['A1', '1,5']], [1, 2], 'gb18030')
    """
    src = open_source(path, encoding=encoding, sheet=sheet, sep=sep)
    width = max((len(r) for r in src.rows), default=0)
    frame = (pd.DataFrame([r + [""] * (width - len(r)) for r in src.rows], dtype=object) if src.rows
             else pd.DataFrame())
    return RawRows(frame, np.asarray(src.lines, dtype="int64"), src.encoding)


def _cell_text(v) -> str:
    """One cell as text: dates as ``YYYY-MM-DD``, floats without a binary tail, empty for missing."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp) or hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        return format(v, ".15g")
    return str(v)


def rows_from_frame(frame: pd.DataFrame) -> RawRows:
    """The rows a CSV file of ``frame`` would hold: its column names as the header on line 1, then the cells as text.

    Examples
    --------
    >>> rows = rows_from_frame(pd.DataFrame({"编号": ["A1"], "金额": [1.5]}))
    >>> rows.cells.values.tolist(), rows.lines.tolist()
    ([['编号', '金额'], ['A1', '1.5']], [1, 2])
    """
    header = pd.DataFrame([list(map(str, frame.columns))], dtype=object)
    body = frame.astype(object).map(_cell_text)
    body.columns = range(frame.shape[1])
    cells = pd.concat([header, body], ignore_index=True)
    return RawRows(cells, np.arange(1, len(cells) + 1, dtype="int64"))


# ----------------------------------------------------------------------------- column maps


@dataclass(frozen=True)
class ColumnMap:
    """Headers of an export named by canonical name, and how its text dates are written.

    Attributes
    ----------
    headers : dict
        Canonical name (one of :data:`INPUT_COLUMNS`) → header in the file.
    date_format : str or None
        ``strftime`` format of the file's text dates.
    """

    headers: dict
    date_format: str | None = None


def load_column_map(columns) -> ColumnMap:
    """Read a column map from a YAML file or a dict (format in the module docstring).

    Parameters
    ----------
    columns : str, Path, dict or None
        A YAML file, or the same mapping as a dict; None for no map.

    Returns
    -------
    ColumnMap

    Raises
    ------
    TypeError
        ``columns`` is neither a path nor a dict.
    ConfigError
        The YAML file cannot be read or is not a column map; the message names
        the file, the line and the key (an unknown canonical name, say).
    ParameterError
        A dict that is not a column map.

    Examples
    --------
    >>> load_column_map({"columns": {"customer_id": "客户"}, "date_format": "%d/%m/%Y"})
    ColumnMap(headers={'customer_id': '客户'}, date_format='%d/%m/%Y')
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "map.yaml")
    >>> _ = open(p, "w", encoding="utf-8").write("columns:\\n  customer_id: 客户\\n  customer: 名称\\n")
    >>> load_column_map(p)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: .../map.yaml, line 3: unknown key 'customer' in column map; expected one of ...
    """
    if columns is None:
        return ColumnMap({})
    if isinstance(columns, (str, Path)):
        return _yaml_column_map(load_yaml(Path(columns), what="column map"))
    if isinstance(columns, dict):
        return _dict_column_map(columns)
    raise TypeError(f"columns must be a YAML file path or a dict, got {type(columns).__name__}")


def _yaml_column_map(spec) -> ColumnMap:
    """Column map from a mapping read by :func:`~creditkit._checks.load_yaml`: every key checked, with its line."""
    if "columns" in spec:
        check_keys(spec, ("columns", "date_format"), what="column map")
        headers = spec["columns"]
        if not isinstance(headers, dict):
            raise ConfigError(f"{yaml_where(spec, 'columns')}: 'columns' must map canonical names to headers, "
                              f"got {headers!r}")
        check_keys(headers, INPUT_COLUMNS, what="column map")
    else:
        headers = check_keys(spec, (*INPUT_COLUMNS, "date_format"), what="column map")
    out = {}
    for key, header in headers.items():
        if key == "date_format" and headers is spec:
            continue
        if header is None or isinstance(header, (bool, dict, list)) or not str(header).strip():
            hint = " (YAML reads yes/no/on/off as true/false: quote the header)" if isinstance(header, bool) else ""
            raise ConfigError(f"{yaml_where(headers, key)}: the header of {key!r} in the column map must be "
                              f"the column's name in the file, got {header!r}{hint}")
        out[key] = str(header).strip()
    date_format = spec.get("date_format")
    if date_format is not None and not isinstance(date_format, str):
        raise ConfigError(f"{yaml_where(spec, 'date_format')}: date_format must be text such as '%m/%d/%Y', "
                          f"got {date_format!r}")
    return ColumnMap(out, date_format)


def _dict_column_map(spec: dict) -> ColumnMap:
    """Column map from a dict given as the ``columns`` argument."""
    if "columns" in spec:
        for key in spec:
            if key not in ("columns", "date_format"):
                raise ParameterError(f"columns: unknown key {key!r}; a column map holds 'columns' and "
                                     "optionally 'date_format'")
        headers = spec["columns"]
        if not isinstance(headers, dict):
            raise ParameterError(f"columns: 'columns' must map canonical names to headers, got {headers!r}")
    else:
        headers = {k: v for k, v in spec.items() if k != "date_format"}
    for k in headers:
        if k not in INPUT_COLUMNS:
            raise ParameterError(f"columns: unknown canonical name {k!r}; expected one of {', '.join(INPUT_COLUMNS)}")
    return ColumnMap({k: str(v).strip() for k, v in headers.items()}, spec.get("date_format"))


# ----------------------------------------------------------------------------- headers and words


def _match_headers(row, headers: dict) -> dict:
    """Canonical name → column position, for one candidate header row.

    Headers of the column map are matched first (exactly, then folded); the
    other cells by alias, the best-ranked alias winning when several cells
    name the same column.
    """
    cells = [str(c).strip() for c in row]
    found = {}
    for canon, header in headers.items():
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


def find_header(cells: pd.DataFrame, headers: dict, *, file: str) -> tuple[int, dict]:
    """Find the header row: the first of the top 30 rows naming at least two known columns.

    A header must name the document number, the amount or the customer code;
    title rows above it (company name, period, printed date) are passed over.

    Parameters
    ----------
    cells : DataFrame
        Text cells, as :attr:`RawRows.cells`.
    headers : dict
        Headers of a column map (:attr:`ColumnMap.headers`).
    file : str
        File name for the message.

    Returns
    -------
    position : int
        Row of ``cells`` holding the header.
    columns : dict
        Canonical name → column position.

    Raises
    ------
    SchemaError
        No such row.

    Examples
    --------
    >>> cells = pd.DataFrame([["应收账款明细账", "", ""], ["客户编码", "单据编号", "价税合计"]])
    >>> find_header(cells, {}, file="ar.csv")
    (1, {'customer_id': 0, 'doc_no': 1, 'amount': 2})
    """
    for i in range(min(_HEADER_ROWS, len(cells))):
        found = _match_headers(cells.iloc[i].tolist(), headers)
        if len(found) >= 2 and ("doc_no" in found or "amount" in found or "customer_id" in found):
            return i, found
    raise SchemaError(f"{file}: no header row with known column names in the first {_HEADER_ROWS} rows "
                      f"(first row: {cells.iloc[0].tolist()[:8]}); map them with columns=")


def canonical_doc_types(words: pd.Series) -> pd.Series:
    """The canonical document type of each document-type word (missing where the word is unknown).

    Words are matched as :data:`DOC_TYPE_WORDS` lists them or as the canonical
    types themselves, ignoring case, width, spaces, dashes and brackets.

    Examples
    --------
    >>> words = pd.Series(["销售发票", "收款单", "Credit Memo", "红字", "调拨单"])
    >>> canonical_doc_types(words).fillna("?").tolist()
    ['invoice', 'receipt', 'credit_note', 'credit_note', '?']
    """
    known = {u: _DOC_TYPE_INDEX.get(_norm_key(u)) for u in words.unique()}
    return words.map(known).astype(object)
