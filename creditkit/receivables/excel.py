"""Excel and CSV output of receivables views, formatted for finance staff.

Each sheet opens with a header block of :data:`HEADER_ROWS` rows — title, the
source file, the as-of date, the aging parameters — and the table below it
(``pd.read_excel(path, sheet_name=..., header=HEADER_ROWS)`` reads it back).
Money columns (integer cents inside creditkit) are written as yuan numbers
with the ``#,##0.00`` format, so Excel sums them; dates as dates; tables end
with a bold total row where one is asked for; the table's header row is
frozen, with an auto-filter; columns are sized to their text, CJK characters
counting double. Headers and sheet names follow ``lang``: ``"en"`` keeps the
canonical names scripts read, ``"zh"`` shows Chinese labels.

Text that came from an input file is always written as text, never as a
formula: a customer named ``=HYPERLINK(...)`` shows as those characters.
:func:`neutralize_formulas` does the same for CSV output, as OWASP advises
for CSV injection.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import check_lang, has_label, label, label_or_name
from ..money import cents_to_yuan

__all__ = ["write_views", "write_aging_workbook", "neutralize_formulas", "display_name", "MONEY_FORMAT",
           "SHARE_FORMAT", "DATE_FORMAT", "HEADER_ROWS"]

MONEY_FORMAT = "#,##0.00;[Red]-#,##0.00"
SHARE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
#: Rows above each sheet's table: title, source file, as-of date, parameters, one blank row.
HEADER_ROWS = 5
_MAX_SHEET = 31
_MAX_ROWS = 1_048_576  # rows of an Excel sheet
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_BUCKET_RE = re.compile(r"^(>\d+|\d+-\d+)$")


def neutralize_formulas(values) -> pd.Series:
    """Text that a spreadsheet would run as a formula, prefixed with ``'`` so it stays text.

    OWASP's advice for CSV injection: a field starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading apostrophe.
    Missing values stay missing.

    Examples
    --------
    >>> neutralize_formulas(pd.Series(["=HYPERLINK(\\"http://x\\")", "甲公司", "-1+2", None], dtype=object)).tolist()
    ['\\'=HYPERLINK("http://x")', '甲公司', "'-1+2", None]
    """
    s = pd.Series(values, dtype=object)
    return pd.Series(["'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v for v in s],
                     index=s.index, dtype=object)


def display_name(name, lang: str = "en") -> str:
    """A column or bucket name as shown in ``lang``: unchanged in English, its Chinese label in Chinese.

    Bucket labels get 天 (days) in Chinese; ``*_cents`` columns are named
    without the suffix; names the catalogue does not know are kept.

    Examples
    --------
    >>> display_name("customer_id"), display_name("customer_id", "zh"), display_name("31-60", "zh")
    ('customer_id', '客户编码', '31-60天')
    >>> display_name("open_cents", "zh"), display_name("客户自定义列", "zh")
    ('未收金额', '客户自定义列')
    """
    check_lang(lang)
    name = str(name)
    if lang == "en":
        return name
    if _BUCKET_RE.match(name):
        return name + label("days", lang)
    if not has_label(name) and name.endswith("_cents"):
        name = name[: -len("_cents")]
    return label_or_name(name, lang)


def _text_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _money_columns(df: pd.DataFrame, money) -> list:
    if money is not None:
        return [c for c in money if c in df.columns]
    return [c for c in df.columns if isinstance(c, str) and c.endswith("_cents")]


def _safe_sheet_name(name: str, used: set) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:_MAX_SHEET] or "sheet"
    base, k = name, 2
    while name.lower() in used:
        suffix = f"_{k}"
        name, k = base[: _MAX_SHEET - len(suffix)] + suffix, k + 1
    used.add(name.lower())
    return name


def _cell(ws, value, fmt=None, bold=False):
    """One write-only cell; text is always text (never a formula), money and dates formatted."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if value is None or value is pd.NaT or (isinstance(value, float) and value != value) or value is pd.NA:
        value = None
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl takes text starting with "=" for a formula
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = DATE_FORMAT
    if fmt and value is not None and not isinstance(value, str):
        cell.number_format = fmt
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_views(path, views: dict, *, money=None, shares=None, header=None, totals=None, lang="en") -> Path:
    """Write several tables to one workbook, one formatted sheet each.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write.
    views : dict of str → DataFrame
        Sheet name → table. Sheet names are cut to Excel's 31 characters; a
        table longer than a sheet continues on ``<name>_2``, ``<name>_3`` ….
    money : dict of str → list, optional
        Sheet name → columns holding integer cents (written as yuan). By
        default, columns whose names end in ``_cents`` (named without it).
    shares : dict of str → list, optional
        Sheet name → columns holding fractions (written as percentages).
    header : list of str, optional
        Lines of the header block above each table (at most ``HEADER_ROWS - 1``);
        the sheet's title comes first. Without it, tables start on row 1.
    totals : list of str, optional
        Sheets that end with a bold total row summing their money columns.
    lang : {"en", "zh"}, default "en"
        Column headers and sheet names: canonical names, or Chinese labels
        (sheet names from the ``sheet_<name>`` labels).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> p = os.path.join(tempfile.mkdtemp(), "v.xlsx")
    >>> _ = write_views(p, {"open": pd.DataFrame({"doc_no": ["=1+1"], "open_cents": [123456]})})
    >>> ws = openpyxl.load_workbook(p)["open"]
    >>> ws["A2"].value, ws["A2"].data_type, ws["B1"].value, ws["B2"].value, ws["B2"].number_format
    ('=1+1', 's', 'open', 1234.56, '#,##0.00;[Red]-#,##0.00')
    >>> ws.freeze_panes
    'A2'
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    check_lang(lang)
    if not isinstance(views, dict) or not views:
        raise ValueError(f"views must be a non-empty dict of sheet name → DataFrame, got {type(views).__name__}")
    for name, df in views.items():
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"views[{name!r}] must be a DataFrame, got {type(df).__name__}")
    header = list(header or [])
    if len(header) > HEADER_ROWS - 1:
        raise ValueError(f"header holds at most {HEADER_ROWS - 1} lines, got {len(header)}")
    path = Path(path)
    money, shares, totals = money or {}, shares or {}, set(totals or ())
    wb = Workbook(write_only=True)
    used: set = set()
    for name, df in views.items():
        mcols = _money_columns(df, money.get(name))
        scols = [c for c in shares.get(name, []) if c in df.columns]
        out = df.copy()
        for c in mcols:
            out[c] = cents_to_yuan(out[c].astype("Int64") if out[c].dtype == object else out[c])
        if name in totals and len(df):
            total_row = {c: (out[c].sum() if c in mcols else None) for c in out.columns}
            total_row[out.columns[0]] = label("total", lang) if lang == "zh" else "total"
        else:
            total_row = None
        title = label_or_name(f"sheet_{name}", lang) if lang == "zh" else str(name)
        top = [title, *header] if header else []
        first_row = HEADER_ROWS + 1 if header else 1
        per_sheet = _MAX_ROWS - first_row - 1
        chunks = [out.iloc[i:i + per_sheet] for i in range(0, max(len(out), 1), per_sheet)]
        fmts = [MONEY_FORMAT if c in mcols else SHARE_FORMAT if c in scols else None for c in out.columns]
        names = [display_name(c[: -len("_cents")] if c in mcols and str(c).endswith("_cents") else c, lang)
                 for c in out.columns]
        widths = _widths(out, names)
        for k, chunk in enumerate(chunks):
            ws = wb.create_sheet(_safe_sheet_name(title if k == 0 else f"{title}_{k + 1}", used))
            for j, w in enumerate(widths, start=1):
                ws.column_dimensions[get_column_letter(j)].width = w
            if header:
                ws.freeze_panes = f"A{first_row + 1}"
            else:
                ws.freeze_panes = "A2"
            if out.shape[1]:
                last = first_row + len(chunk) + (1 if total_row and k == len(chunks) - 1 else 0)
                ws.auto_filter.ref = f"A{first_row}:{get_column_letter(out.shape[1])}{max(last, first_row)}"
            for i, line in enumerate(top):
                ws.append([_cell(ws, line, bold=i == 0)])
            for _ in range(len(top), first_row - 1):
                ws.append([])
            ws.append([_cell(ws, n, bold=True) for n in names])
            for row in chunk.itertuples(index=False, name=None):
                ws.append([_cell(ws, v, f) for v, f in zip(row, fmts)])
            if total_row and k == len(chunks) - 1:
                ws.append([_cell(ws, total_row[c], f, bold=True) for c, f in zip(out.columns, fmts)])
    wb.save(path)
    return path


def _widths(out: pd.DataFrame, names: list) -> list:
    """Column widths from the header and the first 500 values, CJK characters counting double."""
    widths = []
    for j, c in enumerate(out.columns):
        sample = out[c].head(500)
        texts = [f"{v:,.2f}" if isinstance(v, float) else str(v) for v in sample.tolist() if v is not None]
        w = max([_text_width(names[j])] + [_text_width(t) for t in texts])
        widths.append(min(60, max(8, w + 2)))
    return widths


def _reconciliation_view(rec, lang: str) -> pd.DataFrame:
    """The reconciliation as rows of (item, count, amount in cents, note): counts and money as numbers."""
    from dataclasses import fields

    rows = []
    for f in fields(rec):
        v = getattr(rec, f.name)
        if f.name in ("file", "notes"):
            continue
        is_money = f.name.endswith("_cents")
        rows.append({"item": display_name(f.name, lang), "count": None if is_money else int(v),
                     "amount_cents": int(v) if is_money else None, "text": None})
    rows.append({"item": label_or_name("balanced", lang), "count": None, "amount_cents": None,
                 "text": label("yes" if rec.balanced else "no", lang)})
    for note in rec.notes:
        rows.append({"item": label_or_name("notes", lang), "count": None, "amount_cents": None, "text": note})
    t = pd.DataFrame(rows, columns=["item", "count", "amount_cents", "text"])
    t["count"] = t["count"].astype("Int64")
    t["amount_cents"] = t["amount_cents"].astype("Int64")
    return t


def write_aging_workbook(path, ledger, result, *, provision=None, lang="en", source=None) -> Path:
    """Write every view of an aging to one workbook.

    Sheets: ``aging_by_customer``, ``aging_by_sales_rep``, ``aging_summary``
    (bucket totals and shares), ``open_items``, ``unapplied``, ``provision``
    (when given), ``reconciliation``, ``rejected`` and ``summary_rows`` — in
    Chinese (客户账龄, 业务员账龄 …) with ``lang="zh"``. Each opens with the
    header block (source file, as-of date, aging basis and bucket edges); the
    customer, sales-rep, open-item and unapplied tables end with a total row.

    Parameters
    ----------
    path : str or Path
    ledger : Ledger or DataFrame
        The loaded ledger (its reconciliation and rejections are written when it
        is a :class:`~creditkit.receivables.ledger.Ledger`).
    result : AgingResult
    provision : DataFrame, optional
        A provision table with ``*_cents`` columns.
    lang : {"en", "zh"}, default "en"
    source : str, optional
        The source file named in the header block (default: the ledger's).

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> from creditkit.receivables.aging import age_receivables
    >>> t = pd.DataFrame({"customer_id": ["=cmd|' /C calc'!A0"], "customer_name": ["甲"],
    ...     "doc_type": ["invoice"], "doc_no": ["I1"], "doc_date": pd.to_datetime(["2025-01-01"]),
    ...     "due_date": pd.to_datetime(["2025-01-31"]), "amount_cents": [123456]})
    >>> p = os.path.join(tempfile.mkdtemp(), "aging.xlsx")
    >>> _ = write_aging_workbook(p, t, age_receivables(t, as_of="2025-06-30"), lang="zh", source="ar.csv")
    >>> ws = openpyxl.load_workbook(p)["客户账龄"]
    >>> [ws.cell(r, 1).value for r in (1, 2, 3)]
    ['客户账龄', '数据文件: ar.csv', '基准日: 2025-06-30']
    >>> ws["A6"].value, ws["A7"].value, ws["A7"].data_type, ws["J7"].value, ws["A8"].value, ws["J8"].value
    ('客户编码', "=cmd|' /C calc'!A0", 's', 1234.56, '合计', 1234.56)
    """
    check_lang(lang)
    labels = result.labels + ["total", "unapplied"]
    tot = result.totals()
    shares = result.shares()
    bucket_names = [display_name(b, lang) for b in labels]
    summary = pd.DataFrame({"bucket": bucket_names,
                            "amount_cents": [int(tot[c]) for c in labels],
                            "share": [float(shares[c]) for c in result.labels] + [1.0 if tot["total"] else 0.0,
                                                                                   np.nan]})
    items = result.items.drop(columns=["bucket_index"], errors="ignore")
    views = {
        "aging_by_customer": result.table,
        "aging_by_sales_rep": result.by_sales_rep(),
        "aging_summary": summary,
        "open_items": items,
        "unapplied": result.unapplied,
    }
    money = {"aging_by_customer": labels, "aging_by_sales_rep": labels}
    if provision is not None:
        views["provision"] = provision
    rec = getattr(ledger, "reconciliation", None)
    if rec is not None:
        views["reconciliation"] = _reconciliation_view(rec, lang)
        views["rejected"] = ledger.rejected.astype(object)
        views["summary_rows"] = ledger.dropped.astype(object) if len(ledger.dropped.columns) else pd.DataFrame(
            {"line": []})
    src = source if source is not None else (rec.file if rec is not None else "")
    basis = label("by_due" if result.by == "due" else "by_invoice", lang)
    header = [f"{label('source_file', lang)}: {src}",
              f"{label('as_of', lang)}: {result.as_of:%Y-%m-%d}",
              f"{label('aging_basis', lang)}: {basis}; {label('bucket_edges', lang)}: "
              f"{', '.join(map(str, result.edges))}; {label('money_unit', lang)}"]
    return write_views(path, views, money=money, shares={"aging_summary": ["share"]}, header=header,
                       totals=["aging_by_customer", "aging_by_sales_rep", "open_items", "unapplied"], lang=lang)
