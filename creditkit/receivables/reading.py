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

or the flat form ``customer_id: customerID`` …, where the other keys may stand
among the names. Besides ``columns`` and ``date_format`` a map may hold
``types`` (the file's document-type words → canonical types, ``调拨单: invoice``),
``ignore`` (headers not to use though an alias knows them) and ``decimal``
(``","`` or ``"."`` when the amounts cannot tell); split dates are named as
``year`` / ``month`` / ``day`` and the open balance of a file with two amount
columns as ``open_amount``. The canonical names are those of :data:`HEADER_ALIASES`. A key
outside them is refused, naming the file, the line and the key.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_keys, load_yaml, yaml_where
from ..errors import ConfigError, LedgerError, ParameterError, SchemaError
from ._source import LIMITS, TEXT_DTYPE, open_table
from .schema import DOC_TYPES

__all__ = [
    "HEADER_ALIASES",
    "INPUT_COLUMNS",
    "DOC_TYPE_WORDS",
    "RawRows",
    "ColumnMap",
    "Header",
    "norm_key",
    "detect_encoding",
    "read_rows",
    "rows_from_frame",
    "load_column_map",
    "find_header",
    "find_header_rows",
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
    "debit": ["借方金额", "借方", "本期应收本币", "应收金额", "本期应收", "debit"],
    "credit": ["贷方金额", "贷方", "本期收回本币", "收款金额", "本期收回", "credit"],
    "ref_doc_no": ["核销单据号", "核销单号", "核销发票号", "对应发票号", "源单编号", "源单号", "关联单号", "应收单号",
                   "ref_doc_no", "applies to", "applied to", "invoice ref", "reference"],
    "sales_rep": ["业务员", "销售员", "销售代表", "业务员名称", "负责人", "sales_rep", "sales rep",
                  "salesperson", "sales person"],
    "terms": ["账期", "信用期", "信用天数", "付款条件", "收款条件", "terms", "payment terms", "credit terms"],
    "memo": ["备注", "摘要", "说明", "memo", "remark", "remarks", "note", "description"],
    "settled_date": ["结清日期", "回款日期", "收款日期", "核销日期", "付款日期", "settled_date", "settled date",
                     "paid date", "payment date", "cleared date"],
    "paid_amount": ["已收金额", "回款金额", "已核销金额", "paid_amount", "paid amount", "amount paid"],
    "open_amount": ["未核销金额", "未核销余额", "未收金额", "未收款金额", "未结金额", "open_amount", "open amount",
                    "open balance", "outstanding amount", "amount due", "balance due"],
    "balance": ["余额", "余额本币", "本币余额", "期末余额", "balance", "running balance"],
    "direction": ["方向", "借贷方向", "余额方向", "direction", "dr/cr"],
    "year": ["年", "年度", "year"],
    "month": ["月", "月份", "month"],
    "day": ["日", "day"],
    "clear_key": ["核销号", "核销批次", "clear_key", "clearing document", "matching number", "matching"],
    "clear_date": ["clear_date", "clearing date"],
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


def norm_key(text) -> str:
    """Header or word folded for matching: NFKC, lower case, no spaces, underscores, dashes, brackets or colons.

    Examples
    --------
    >>> norm_key("Net due date"), norm_key("账龄（天）")
    ('netduedate', '账龄天')
    """
    return _fold(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:  # header cells and words repeat: each is folded once
    return _KEY_MARKS.sub("", unicodedata.normalize("NFKC", text).strip().lower())


_KEY_MARKS = re.compile(r"[\s_\-()（）:：/]+")


_norm_key = norm_key


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
        Text columns numbered from 0; every cell is text (``""`` when empty),
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
        raise LedgerError("cannot tell the text encoding (tried UTF-8 and GB18030); name it with --encoding "
                          "(such as --encoding big5)") from None


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
        CSV delimiter (default: the most frequent of ``,``, tab, ``;`` and ``|`` in
        the first 30 lines; SAP lists exported "unconverted" use ``|``).

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
    src = open_table(path, encoding=encoding, sheet=sheet, sep=sep)
    return RawRows(src.cells, src.lines, src.encoding)


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
    cells = pd.concat([header, body], ignore_index=True).astype(TEXT_DTYPE)
    return RawRows(cells, np.arange(1, len(cells) + 1, dtype="int64"))


# ----------------------------------------------------------------------------- column maps


@dataclass(frozen=True)
class ColumnMap:
    """Headers of an export named by canonical name, and what else a column map says about the file.

    Attributes
    ----------
    headers : dict
        Canonical name (one of :data:`INPUT_COLUMNS`) → header in the file.
    date_format : str or None
        ``strftime`` format of the file's text dates.
    types : dict
        Document-type words of the file → canonical type (``调拨单: invoice``).
    ignore : tuple
        Headers of columns not to use, even where an alias would recognise them.
    decimal : str or None
        ``"."`` or ``","``: the decimal mark of the amounts, for files where it
        cannot be told from the values.
    """

    headers: dict
    date_format: str | None = None
    types: dict = field(default_factory=dict)
    ignore: tuple = ()
    decimal: str | None = None


_MAP_KEYS = ("columns", "date_format", "types", "ignore", "decimal")


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
    >>> load_column_map({"columns": {"customer_id": "客户"}, "date_format": "%d/%m/%Y"})  # doctest: +ELLIPSIS
    ColumnMap(headers={'customer_id': '客户'}, date_format='%d/%m/%Y', ...)
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
        check_keys(spec, _MAP_KEYS, what="column map")
        headers = spec["columns"]
        if not isinstance(headers, dict):
            raise ConfigError(f"{yaml_where(spec, 'columns')}: 'columns' must map canonical names to headers, "
                              f"got {headers!r}")
        check_keys(headers, INPUT_COLUMNS, what="column map")
    else:
        headers = check_keys(spec, (*INPUT_COLUMNS, *_MAP_KEYS[1:]), what="column map")
    out = {}
    for key, header in headers.items():
        if key in _MAP_KEYS and headers is spec:
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
    types = spec.get("types", {})
    if not isinstance(types, dict):
        raise ConfigError(f"{yaml_where(spec, 'types')}: types must map the file's words to document types, "
                          f"e.g. '调拨单: invoice'")
    for word, kind in types.items():
        if kind not in DOC_TYPES:
            raise ConfigError(f"{yaml_where(types, word)}: {word!r} must map to one of {', '.join(DOC_TYPES)}, "
                              f"got {kind!r}")
    ignore = spec.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(h, (str, int)) for h in ignore):
        raise ConfigError(f"{yaml_where(spec, 'ignore')}: ignore must be a list of headers, e.g. '[Amount]'")
    decimal = spec.get("decimal")
    if decimal not in (None, ".", ","):
        raise ConfigError(f"{yaml_where(spec, 'decimal')}: decimal must be '.' or ',' (quoted), got {decimal!r}")
    return ColumnMap(out, date_format, {str(k): v for k, v in types.items()}, tuple(str(h) for h in ignore),
                     decimal)


def _dict_column_map(spec: dict) -> ColumnMap:
    """Column map from a dict given as the ``columns`` argument."""
    if "columns" in spec:
        for key in spec:
            if key not in _MAP_KEYS:
                raise ParameterError(f"columns: unknown key {key!r}; a column map holds 'columns' and "
                                     "optionally 'date_format', 'types', 'ignore' and 'decimal'")
        headers = spec["columns"]
        if not isinstance(headers, dict):
            raise ParameterError(f"columns: 'columns' must map canonical names to headers, got {headers!r}")
    else:
        headers = {k: v for k, v in spec.items() if k not in _MAP_KEYS}
    for k in headers:
        if k not in INPUT_COLUMNS:
            raise ParameterError(f"columns: unknown canonical name {k!r}; expected one of {', '.join(INPUT_COLUMNS)}")
    types = dict(spec.get("types") or {})
    bad = {w: k for w, k in types.items() if k not in DOC_TYPES}
    if bad:
        raise ParameterError(f"columns: types maps {next(iter(bad))!r} to an unknown type; expected one of "
                             f"{', '.join(DOC_TYPES)}")
    if spec.get("decimal") not in (None, ".", ","):
        raise ParameterError(f"columns: decimal must be '.' or ',', got {spec.get('decimal')!r}")
    return ColumnMap({k: str(v).strip() for k, v in headers.items()}, spec.get("date_format"),
                     {str(k): v for k, v in types.items()}, tuple(str(h) for h in spec.get("ignore") or ()),
                     spec.get("decimal"))


# ----------------------------------------------------------------------------- headers and words


def _match_headers(row, headers: dict, aliases: dict | None = None, ignore=()) -> dict:
    """Canonical name → column position, for one candidate header row.

    Headers of the column map are matched first (exactly, then folded); then
    the aliases of a profile (``aliases``: canonical name → headers, in order);
    the other cells by the general aliases, the best-ranked alias winning when
    several cells name the same column. Cells whose header is in ``ignore``
    are never matched by an alias.
    """
    cells = [str(c).strip() for c in row]
    folded = [_norm_key(c) for c in cells]
    skip = {_norm_key(h) for h in ignore} - {_norm_key(h) for h in headers.values()}
    found = {}
    for canon, header in headers.items():
        for i, c in enumerate(cells):
            if c == header or folded[i] == _norm_key(header):
                found[canon] = i
                break
    taken = set(found.values())
    for canon, names in (aliases or {}).items():
        if canon in found:
            continue
        for name in names:
            hit = [i for i, f in enumerate(folded) if f == _norm_key(name) and i not in taken and f not in skip]
            if hit:
                found[canon] = hit[0]
                taken.add(hit[0])
                break
    best = {}
    for i, c in enumerate(cells):
        if i in taken or folded[i] in skip:
            continue
        hit = _ALIAS_INDEX.get(folded[i])
        if hit and hit[0] not in found:
            canon, rank = hit
            if canon not in best or rank < best[canon][1]:
                best[canon] = (i, rank)
    found.update({k: v[0] for k, v in best.items()})
    return found


#: Words of the second row of a two-row header (金额 columns split by currency or quantity).
_SUBHEADER_WORDS = {_norm_key(w) for w in ("原币", "本币", "本位币", "外币", "人民币", "金额", "数量", "单价",
                                            "借方", "贷方", "方向", "余额", "original", "local", "quantity")}


@dataclass(frozen=True)
class Header:
    """Where the header of an export is and what its columns are.

    ``position`` is the row of the (first) header row, ``rows`` how many rows
    it spans (2 for a merged two-row header), ``cells`` the header text of
    each column (two rows joined: ``本期应收本币``) and ``columns`` canonical
    name → column position.
    """

    position: int
    rows: int
    cells: list
    columns: dict


def _two_row_header(cells: pd.DataFrame, i: int):
    """The joined header when row ``i + 1`` holds only sub-headers (原币 / 本币 …) under merged cells, else None."""
    if i + 1 >= len(cells):
        return None
    top = [str(c).strip() for c in cells.iloc[i].tolist()]
    sub = [str(c).strip() for c in cells.iloc[i + 1].tolist()]
    words = [s for s in sub if s]
    if not words or not all(_norm_key(s) in _SUBHEADER_WORDS for s in words):
        return None
    joined, last = [], ""
    for t, s in zip(top, sub):
        last = t or last
        joined.append((t or last) + s if s else t)
    return joined


def find_header_rows(cells: pd.DataFrame, headers: dict, *, file: str, aliases: dict | None = None,
                     ignore=()) -> Header:
    """Find the header: the first of the top 30 rows naming at least two known columns.

    A header must name the document number, the amount or the customer code;
    title rows above it (company name, period, printed date) are passed over.
    A row of sub-headers under it (``原币 | 本币`` under a merged ``本期应收``)
    is joined to it.

    Parameters
    ----------
    cells : DataFrame
        Text cells, as :attr:`RawRows.cells`.
    headers : dict
        Headers of a column map (:attr:`ColumnMap.headers`).
    file : str
        File name for the message.
    aliases : dict, optional
        A profile's header aliases (canonical name → headers), tried before the general ones.
    ignore : sequence of str
        Headers of columns not to use.

    Returns
    -------
    Header

    Raises
    ------
    SchemaError
        No such row.

    Examples
    --------
    >>> cells = pd.DataFrame([["客户编码", "单据号", "本期应收", ""], ["", "", "原币", "本币"]])
    >>> h = find_header_rows(cells, {}, file="ar.xlsx")
    >>> h.rows, h.cells, h.columns
    (2, ['客户编码', '单据号', '本期应收原币', '本期应收本币'], {'customer_id': 0, 'doc_no': 1, 'debit': 3})
    """
    for i in range(min(_HEADER_ROWS, len(cells))):
        row = [str(c).strip() for c in cells.iloc[i].tolist()]
        joined = _two_row_header(cells, i)
        found = _match_headers(joined or row, headers, aliases, ignore)
        if len(found) >= 2 and ("doc_no" in found or "amount" in found or "customer_id" in found
                                or "open_amount" in found):
            return Header(i, 2 if joined else 1, joined or row, found)
    raise SchemaError(f"{file}: no header row with known column names in the first {_HEADER_ROWS} rows "
                      f"(first row: {cells.iloc[0].tolist()[:8]}); name the columns with --columns FILE.yaml "
                      "(a line such as 'doc_no: 发票号') or the export's family with --profile NAME "
                      "(`creditkit profiles` lists them)")


def find_header(cells: pd.DataFrame, headers: dict, *, file: str) -> tuple[int, dict]:
    """Find the header row and name its columns (see :func:`find_header_rows`).

    Returns
    -------
    position : int
        Row of ``cells`` holding the header.
    columns : dict
        Canonical name → column position.

    Examples
    --------
    >>> cells = pd.DataFrame([["应收账款明细账", "", ""], ["客户编码", "单据编号", "价税合计"]])
    >>> find_header(cells, {}, file="ar.csv")
    (1, {'customer_id': 0, 'doc_no': 1, 'amount': 2})
    """
    h = find_header_rows(cells, headers, file=file)
    return h.position, h.columns


def canonical_doc_types(words: pd.Series, extra: dict | None = None) -> pd.Series:
    """The canonical document type of each document-type word (missing where the word is unknown).

    Words are matched as :data:`DOC_TYPE_WORDS` lists them or as the canonical
    types themselves, ignoring case, width, spaces, dashes and brackets;
    ``extra`` (word → type: a profile's or a column map's ``types``) comes first.

    Examples
    --------
    >>> words = pd.Series(["销售发票", "收款单", "Credit Memo", "红字", "调拨单"])
    >>> canonical_doc_types(words).fillna("?").tolist()
    ['invoice', 'receipt', 'credit_note', 'credit_note', '?']
    """
    index = _DOC_TYPE_INDEX | {_norm_key(k): v for k, v in (extra or {}).items()}
    known = {u: index.get(_norm_key(u)) for u in words.unique()}
    return words.map(known).astype(object)
