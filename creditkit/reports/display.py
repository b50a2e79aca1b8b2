"""What a report shows: tables, key figures and sentences, in Chinese or English.

Notebooks call these instead of leaving a DataFrame, a tuple or a number as the
last line of a cell, so that the same call looks finished in JupyterLab and in
the HTML report:

- :func:`table` — a :class:`pandas.io.formats.style.Styler` with money as
  ``¥1,234.50``, shares as ``49.3%``, dates as ``2025-06-30``, integers with
  thousands separators, column labels from :mod:`creditkit.i18n`, kit keys in
  the cells (``worsening``, ``safe``, booleans) as words, an optional total row
  and, when only the first rows are shown, a caption that says so;
- :func:`key_figures` — a small block of labelled figures;
- :class:`Text` and :func:`say` — a sentence whose numbers come from the data;
- :func:`source` — the data a report is about, for its header;
- :func:`artifact` — a file a notebook writes, kept beside the report and linked.

The scalar formatters (:func:`money`, :func:`cents`, :func:`percent`,
:func:`number`, :func:`date`) are the ones the tables use; rounding of money
goes through :func:`creditkit.money.round_half_up`.

Examples
--------
>>> import pandas as pd
>>> from creditkit.reports import display as show
>>> show.money(1749822.8), show.percent(0.492701), show.number(-564014.0, 0)
('¥1,749,822.80', '49.3%', '-564,014')
>>> df = pd.DataFrame({"customer_name": ["甲", "乙"], "amount": [1200.5, 300.0]})
>>> show.table(df, "zh", money=["amount"], total=True).data.iloc[-1].tolist()
['合计', 1500.5]
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from datetime import date as _date
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import check_lang, has_label, label
from ..money import format_cents, format_yuan, round_half_up

__all__ = [
    "money",
    "cents",
    "percent",
    "number",
    "date",
    "value_text",
    "column_label",
    "table",
    "collection_table",
    "Text",
    "say",
    "KeyFigures",
    "key_figures",
    "source",
    "artifact",
    "document",
    "Document",
    "caveats",
    "SOURCE_RECORD",
    "ARTIFACT_MIMETYPE",
]

#: Record name under which :func:`source` leaves the report's data description.
SOURCE_RECORD = "_report_source"
#: Output type of :func:`artifact`; the HTML report lists these files in its footer.
ARTIFACT_MIMETYPE = "application/vnd.creditkit.artifact+json"

_SNAKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+")
_DASH = "—"


def _missing(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return bool(isinstance(x, (float, np.floating)) and math.isnan(x))
    except TypeError:  # pragma: no cover
        return False


# ---------------------------------------------------------------------------
# Scalars
# ---------------------------------------------------------------------------
def money(yuan, decimals: int = 2, *, symbol: str = "¥") -> str:
    """An amount in yuan as ``¥1,234.50``: thousands separators, rounded half-up.

    Parameters
    ----------
    yuan : number or Decimal
        The amount; missing values give ``"—"``.
    decimals : int, default 2
        Places after the point (``0`` for round figures in sentences).
    symbol : str, default "¥"
        Currency sign written before the digits (after the minus sign).

    Examples
    --------
    >>> money(1234.505), money(-564014.0), money(None)
    ('¥1,234.51', '-¥564,014.00', '—')
    >>> money(12345678.9, 0)
    '¥12,345,679'
    """
    if _missing(yuan):
        return _DASH
    text = format_yuan(yuan, decimals)
    return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"


def cents(value, *, symbol: str = "¥") -> str:
    """Integer cents as ``¥1,234.56`` (exact: no float arithmetic).

    Examples
    --------
    >>> cents(123456789), cents(-5)
    ('¥1,234,567.89', '-¥0.05')
    """
    if _missing(value):
        return _DASH
    text = format_cents(value)
    return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"


def percent(share, decimals: int = 1) -> str:
    """A share or rate (``0.4927``) as a percentage (``49.3%``), rounded half-up.

    Examples
    --------
    >>> percent(0.492701), percent(0.01, 2), percent(1), percent(float("nan"))
    ('49.3%', '1.00%', '100.0%', '—')
    """
    if _missing(share):
        return _DASH
    return f"{round_half_up(float(share) * 100, decimals):,.{decimals}f}%"


def number(x, decimals: int = 2) -> str:
    """A number with thousands separators and fixed decimals — never e-notation.

    Examples
    --------
    >>> number(-5.640140e+05), number(72.70735261541986, 1), number(3, 0)
    ('-564,014.00', '72.7', '3')
    """
    if _missing(x):
        return _DASH
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    v = round_half_up(float(x), decimals)
    if v == 0:
        v = 0.0  # no "-0.00"
    return f"{v:,.{decimals}f}"


def date(x) -> str:
    """A date as ``YYYY-MM-DD`` (time of day dropped).

    Examples
    --------
    >>> date(pd.Timestamp("2025-06-30 13:45")), date("2025-6-1"), date(None)
    ('2025-06-30', '2025-06-01', '—')
    """
    if _missing(x):
        return _DASH
    return pd.Timestamp(x).strftime("%Y-%m-%d")


def value_text(x, lang: str = "zh", decimals: int = 2) -> str:
    """Any single value as a reader should see it.

    Booleans become 是/否 (yes/no), kit keys (``"worsening"``) their label,
    numbers get separators, dates ``YYYY-MM-DD``, lists and tuples their items
    joined by commas, mappings ``key: value`` pairs; missing values ``—``.

    Examples
    --------
    >>> value_text(True, "zh"), value_text("worsening", "en"), value_text((1.2, 1.4), "en")
    ('是', 'Worsening', '1.20, 1.40')
    >>> value_text({"five_c": 2}, "en"), value_text(7027, "zh")
    ('5C score: 2', '7,027')
    """
    check_lang(lang)
    if _missing(x):
        return _DASH
    if isinstance(x, (bool, np.bool_)):
        return label("yes" if x else "no", lang)
    if isinstance(x, (int, np.integer)):
        return f"{int(x):,}"
    if isinstance(x, (float, np.floating, Decimal)):
        return number(x, decimals)
    if isinstance(x, (pd.Timestamp, datetime, _date, np.datetime64)):
        return date(x)
    if isinstance(x, str):
        return label(x, lang) if has_label(x) else x
    if isinstance(x, Mapping):
        return "; ".join(f"{value_text(k, lang)}: {value_text(v, lang, decimals)}" for k, v in x.items())
    if isinstance(x, (list, tuple, np.ndarray, pd.Series)):
        return ", ".join(value_text(v, lang, decimals) for v in list(x))
    return str(x)


def column_label(name, lang: str = "zh") -> str:
    """Display label of a table column or index name.

    A kit key (snake_case English, or a lowercase word) takes its catalogue
    label — an unknown one is a missing translation (see
    :func:`creditkit.i18n.label`); any other name (a user's own column, a year,
    a bucket such as ``1-30``) is shown as it is.

    Examples
    --------
    >>> column_label("customer_id", "zh"), column_label("营业收入", "zh"), column_label(2024, "en")
    ('客户编码', '营业收入', '2024')
    """
    check_lang(lang)
    if not isinstance(name, str):
        return str(name)
    if has_label(name) or _SNAKE.fullmatch(name):
        return label(name, lang)
    return name


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------
def _as_list(cols) -> list:
    if cols is None:
        return []
    if isinstance(cols, str):
        return [cols]
    return list(cols)


def _kinds(df: pd.DataFrame, money_cols, cents_cols, percent_cols, date_cols, text_cols) -> dict:
    """Kind of each column: money, cents, percent, date, int, float, bool or text."""
    kinds = {}
    given = {}
    for kind, cols in (("money", money_cols), ("cents", cents_cols), ("percent", percent_cols),
                       ("date", date_cols), ("verbatim", text_cols)):
        for c in cols:
            if c not in df.columns:
                raise KeyError(f"table has no column {c!r} (given as {kind}); it has: {', '.join(map(str, df.columns))}")
            given[c] = kind
    for c in df.columns:
        s = df[c]
        if c in given:
            kinds[c] = given[c]
        elif isinstance(c, str) and c.endswith("_cents") and pd.api.types.is_integer_dtype(s):
            kinds[c] = "cents"
        elif pd.api.types.is_bool_dtype(s):
            kinds[c] = "bool"
        elif pd.api.types.is_datetime64_any_dtype(s):
            kinds[c] = "date"
        elif pd.api.types.is_integer_dtype(s):
            kinds[c] = "int"
        elif pd.api.types.is_float_dtype(s):
            kinds[c] = "float"
        else:
            kinds[c] = "text"
    return kinds


def _formatter(kind: str, lang: str, decimals: int, percent_decimals: int):
    """Function from a cell's value to its escaped display text."""
    plain = _plain_formatter(kind, lang, decimals, percent_decimals)
    return lambda v: html.escape(plain(v))


def _plain_formatter(kind: str, lang: str, decimals: int, percent_decimals: int):
    if kind == "money":
        return lambda v: money(v) if not isinstance(v, str) else v
    if kind == "cents":
        return lambda v: cents(v) if not isinstance(v, str) else v
    if kind == "percent":
        def share(v):
            if isinstance(v, str):
                return v
            if isinstance(v, (list, tuple, np.ndarray)):  # one share per bin, in order
                return " → ".join(percent(x, percent_decimals) for x in v)
            return percent(v, percent_decimals)
        return share
    if kind == "date":
        return lambda v: date(v) if not isinstance(v, str) else v
    if kind == "float":
        return lambda v: number(v, decimals) if not isinstance(v, str) else v
    if kind == "verbatim":
        return lambda v: _DASH if _missing(v) else str(v)
    return lambda v: value_text(v, lang, decimals)


#: Text cells up to this many characters are kept on one line in a table.
_NOWRAP_CHARS = 24


def table(
    data,
    lang: str = "zh",
    *,
    money=(),
    cents=(),
    percent=(),
    dates=(),
    text=(),
    decimals: int | Mapping = 2,
    percent_decimals: int = 1,
    total: bool | Iterable = False,
    top: int | None = None,
    caption: str | None = None,
    index: bool | None = None,
    labels: Mapping | None = None,
):
    """A DataFrame (or Series) as a finished table, in ``lang``.

    Parameters
    ----------
    data : pandas.DataFrame or pandas.Series
        The table, with the kit's snake_case column names; it is not changed.
    lang : {"zh", "en"}, default "zh"
        Language of column labels, kit keys in the cells, the total row and
        the caption.
    money, cents, percent, dates, text : list of column names
        Columns to show as yuan amounts (``¥1,234.50``), integer cents as yuan,
        shares as percentages (a cell holding a list of shares shows them in
        order, ``12.0% → 30.5%``), dates, or as text exactly as it is (names,
        parameter values: no kit key is translated there). Columns ending in ``_cents``
        are cents; other integer columns get thousands separators, other float
        columns ``decimals`` places, booleans 是/否 (yes/no).
    decimals : int or mapping of column to int, default 2
        Places for plain float columns.
    percent_decimals : int, default 1
        Places of the percentages.
    total : bool or list of column names, default False
        Add a total row. ``True`` sums the money, cents and integer columns and
        the ``share`` columns; a list names the columns to sum. Totals cover
        every row, also those left out by ``top``.
    top : int, optional
        Show only the first ``top`` rows; the caption then says how many of
        how many rows are shown.
    caption : str, optional
        Title above the table.
    index : bool, optional
        Show the index; by default shown unless it is a plain 0, 1, 2, ...
    labels : mapping, optional
        Column labels to use instead of the catalogue's, by column name.

    Returns
    -------
    pandas.io.formats.style.Styler
        ``.data`` is the table as shown (translated cells, total row, top
        rows) before formatting; every cell, label and caption is escaped in
        the HTML. An index name, when shown, is taken through
        :func:`column_label`.

    Raises
    ------
    KeyError
        A column named in ``money`` ... ``text`` or ``total`` is not in the table.
    ValueError
        ``top`` is not a positive integer.

    Examples
    --------
    >>> df = pd.DataFrame({"bucket": ["not_due", "1-30"], "balance": [1749822.8, 5.5],
    ...                    "share": [0.99999, 0.00001]})
    >>> st = table(df, "zh", money=["balance"], percent=["share"], total=True)
    >>> [column_label(c, "zh") for c in st.data.columns]
    ['账龄区间', '余额', '占比']
    >>> st.data["bucket"].tolist()
    ['未到期', '1-30', '合计']
    >>> "¥1,749,828.30" in st.to_html()
    True
    >>> table(pd.Series([1, 2, 3], name="count"), "en", top=2).caption
    'First 2 of 3 rows'
    """
    from ..i18n import label_or_name

    check_lang(lang)
    if isinstance(data, pd.Series):
        data = data.to_frame(name=data.name if data.name is not None else "value")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame or Series, got {type(data).__name__}")
    if top is not None and (not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1):
        raise ValueError(f"top must be a positive integer, got {top!r}")
    df = data.copy()
    n_rows = len(df)
    kinds = _kinds(df, _as_list(money), _as_list(cents), _as_list(percent), _as_list(dates), _as_list(text))

    # Kit keys in text cells and in the index become words.
    for c, kind in kinds.items():
        if kind in ("text", "bool"):
            df[c] = df[c].map(lambda v: value_text(v, lang) if not isinstance(v, (list, tuple, dict))
                              else value_text(v, lang)).astype(object)
    show_index = index if index is not None else not isinstance(df.index, pd.RangeIndex)
    if show_index:
        df.index = pd.Index([label_or_name(i, lang) if isinstance(i, str)
                             else str(i) if isinstance(i, (int, np.integer)) else value_text(i, lang)
                             for i in df.index], name=df.index.name)

    if total is not False:
        if total is True:
            sums = [c for c, k in kinds.items() if k in ("money", "cents", "int")
                    or (k in ("percent", "float") and isinstance(c, str) and c.endswith("share"))]
        else:
            sums = _as_list(total)
            for c in sums:
                if c not in df.columns:
                    raise KeyError(f"total: table has no column {c!r}")
        row = {c: (df[c].sum() if c in sums else "") for c in df.columns}
        for c in sums:
            if kinds[c] in ("int", "cents"):
                row[c] = int(data[c].sum())
        total_word = label("total", lang)
        if not show_index:
            first_text = next((c for c in df.columns if c not in sums), None)
            if first_text is not None:
                row[first_text] = total_word
        totals = pd.DataFrame([row], index=pd.Index([total_word], name=df.index.name))
    else:
        totals = None

    if top is not None and n_rows > top:
        df = df.head(top)
        shown = (f"前 {top} 行（共 {n_rows:,} 行）" if lang == "zh" else f"First {top} of {n_rows:,} rows")
        if totals is not None:
            shown += "；合计为全部行" if lang == "zh" else "; totals cover all rows"
        caption = f"{caption} — {shown}" if caption else shown
    if totals is not None:
        df = pd.concat([df.astype(object), totals.astype(object)])
        if not show_index:
            df = df.reset_index(drop=True)

    names = dict(labels or {})
    col_labels = {c: names.get(c, column_label(c, lang)) for c in df.columns}
    if show_index and df.index.name is not None:
        df.index.name = column_label(df.index.name, lang)
    styler = df.style
    for c in df.columns:
        places = decimals.get(c, 2) if isinstance(decimals, Mapping) else decimals
        styler = styler.format(_formatter(kinds[c], lang, places, percent_decimals), subset=[c], na_rep=_DASH)
    styler = styler.format_index(lambda v: html.escape(col_labels.get(v, str(v))), axis=1)
    if show_index:
        styler = styler.format_index(lambda v: html.escape(str(v)), axis=0)
    else:
        styler = styler.hide(axis="index")
    numeric = [c for c in df.columns if kinds[c] in ("money", "cents", "percent", "int", "float")]
    if numeric:
        styler = styler.set_properties(subset=numeric, **{"text-align": "right", "white-space": "nowrap"})
    # short text (names, codes, words) stays on one line; long text wraps, but never to a column of single characters
    words = [c for c in df.columns if c not in numeric]
    width = {c: int(df[c].map(lambda v: len(str(v))).max()) if len(df) else 0 for c in words}
    short, long_ = [c for c in words if width[c] <= _NOWRAP_CHARS], [c for c in words if width[c] > _NOWRAP_CHARS]
    if short:
        styler = styler.set_properties(subset=short, **{"white-space": "nowrap"})
    if long_:
        styler = styler.set_properties(subset=long_, **{"min-width": "14em"})
    if totals is not None:
        styler = styler.set_properties(subset=pd.IndexSlice[df.index[-1:], :], **{"font-weight": "bold"})
    if caption:
        styler = styler.set_caption(html.escape(caption))
    return styler.set_table_attributes('class="ck-table"')


# ---------------------------------------------------------------------------
# Sentences and key figures
# ---------------------------------------------------------------------------
class Text(str):
    """A sentence for the reader: plain text in a console, an escaped paragraph in HTML.

    Examples
    --------
    >>> t = Text("坏账率 <30%>")
    >>> t._repr_html_()
    '<p class="ck-text">坏账率 &lt;30%&gt;</p>'
    """

    def _repr_html_(self) -> str:
        return f'<p class="ck-text">{html.escape(str(self))}</p>'

    def _repr_pretty_(self, p, cycle):  # IPython's text/plain: the sentence, not its repr
        p.text(str(self))


def say(lang: str, zh: str, en: str, **values) -> Text:
    """The sentence in ``lang`` with ``values`` filled in as a reader should see them.

    Each value is formatted with :func:`value_text` unless it is already text
    (use :func:`money`, :func:`percent` ... for a specific format).

    Examples
    --------
    >>> say("en", "共 {n} 位客户", "{n} customers, bad rate {rate}", n=7027, rate=percent(0.3))
    '7,027 customers, bad rate 30.0%'
    """
    check_lang(lang)
    shown = {k: (v if isinstance(v, str) else value_text(v, lang)) for k, v in values.items()}
    return Text((zh if lang == "zh" else en).format(**shown))


class KeyFigures:
    """A few labelled figures shown side by side (see :func:`key_figures`)."""

    def __init__(self, items: list[tuple[str, str]], title: str | None = None):
        self.items = items
        self.title = title

    def __repr__(self) -> str:
        lines = [self.title] if self.title else []
        lines += [f"{k}: {v}" for k, v in self.items]
        return "\n".join(lines)

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def _repr_html_(self) -> str:
        cards = "".join(
            f'<div class="ck-figure" style="display:inline-block;margin:0 1.5em 0.6em 0;vertical-align:top">'
            f'<div class="ck-figure-label" style="font-size:85%;color:#555">{html.escape(k)}</div>'
            f'<div class="ck-figure-value" style="font-size:140%;font-weight:600">{html.escape(v)}</div></div>'
            for k, v in self.items
        )
        head = f'<div class="ck-figures-title" style="font-weight:600">{html.escape(self.title)}</div>' if self.title else ""
        return f'<div class="ck-figures">{head}{cards}</div>'


def key_figures(figures, lang: str = "zh", *, title: str | None = None) -> KeyFigures:
    """A small block of key figures: label above, value below.

    Parameters
    ----------
    figures : mapping or list of (label, value)
        Labels are kit keys (translated) or text; values are text (already
        formatted, e.g. with :func:`percent`) or values shown with
        :func:`value_text`.
    lang : {"zh", "en"}, default "zh"
    title : str, optional

    Examples
    --------
    >>> key_figures({"rows": 1000, "bad_rate": percent(0.3)}, "en")
    Rows: 1,000
    Bad rate: 30.0%
    """
    from ..i18n import label_or_name

    check_lang(lang)
    pairs = figures.items() if isinstance(figures, Mapping) else figures
    items = [(label_or_name(k, lang), v if isinstance(v, str) else value_text(v, lang)) for k, v in pairs]
    return KeyFigures(items, title)


def caveats(lang: str = "zh", *, months_of_history=None, n_customers=None, rejected_rows=None,
            total_rows=None, min_months: int = 12, min_customers: int = 30,
            max_rejected_share: float = 0.05) -> list[Text]:
    """Warnings that hold for this data: short history, few customers, many rejected rows.

    Parameters
    ----------
    lang : {"zh", "en"}
    months_of_history : number, optional
        Months between the first and the last document.
    n_customers : int, optional
    rejected_rows, total_rows : int, optional
        Rows the reader rejected, and rows read.
    min_months, min_customers, max_rejected_share
        The thresholds; a caveat appears below (or above) them.

    Returns
    -------
    list of Text
        Empty when no condition holds.

    Examples
    --------
    >>> caveats("en", months_of_history=6, n_customers=200)
    ['Only 6 months of history: roll rates and seasonal patterns need at least 12 months and are indicative only.']
    >>> caveats("zh", n_customers=12, rejected_rows=0, total_rows=500)
    ['只有 12 位客户：按客户的比较和排名波动很大，请谨慎解读。']
    """
    out = []
    if months_of_history is not None and months_of_history < min_months:
        out.append(say(lang, "只有 {m} 个月的历史数据：迁徙率和季节性至少需要 {k} 个月，这里的结果仅供参考。",
                       "Only {m} months of history: roll rates and seasonal patterns need at least {k} months "
                       "and are indicative only.", m=number(months_of_history, 0), k=min_months))
    if n_customers is not None and n_customers < min_customers:
        out.append(say(lang, "只有 {n} 位客户：按客户的比较和排名波动很大，请谨慎解读。",
                       "Only {n} customers: comparisons and rankings between customers are unstable; "
                       "read them with care.", n=int(n_customers)))
    if rejected_rows and total_rows and rejected_rows / total_rows > max_rejected_share:
        out.append(say(lang, "读入时拒绝了 {r} 行（占 {s}）：结果不含这些行，请先核对被拒绝的行。",
                       "{r} rows ({s}) were rejected when the file was read: the results leave them out; "
                       "check the rejected rows first.", r=int(rejected_rows), s=percent(rejected_rows / total_rows)))
    return out


# ---------------------------------------------------------------------------
# Report header: the data; files beside the report
# ---------------------------------------------------------------------------
def source(lang: str = "zh", *, dataset: str | None = None, file=None, reconciliation: str | None = None,
           rows: int | None = None, as_of=None, description: str | None = None):
    """Name the data this notebook reports on; the report header shows it.

    In JupyterLab the line is shown where it is called; in the HTML report it
    moves into the header, next to the parameters.

    Parameters
    ----------
    lang : {"zh", "en"}
    dataset : str, optional
        A shipped dataset's name (``"german"``).
    file : str or Path, optional
        A user's file; only its name is shown.
    reconciliation : str, optional
        The reader's reconciliation line for that file (rows read, rejected,
        totals).
    rows : int, optional
    as_of : date-like, optional
    description : str, optional
        Any other description (a case customer's name).

    Returns
    -------
    None
        The line is displayed when called inside a kernel (and returned by
        nothing, so a cell ending with this call shows it once).

    Examples
    --------
    >>> source("en", dataset="german", rows=1000) is None
    True
    """
    check_lang(lang)
    parts = []
    if dataset:
        parts.append(str(dataset))
    if file:
        parts.append(Path(str(file)).name)
    if description:
        parts.append(str(description))
    if rows is not None:
        parts.append(f"{int(rows):,} 行" if lang == "zh" else f"{int(rows):,} rows")
    line = ("数据：" if lang == "zh" else "Data: ") + "，".join(parts) if lang == "zh" else "Data: " + ", ".join(parts)
    if as_of is not None:
        line += (f"；基准日 {date(as_of)}" if lang == "zh" else f"; as of {date(as_of)}")
    if reconciliation:
        line += ("。" if lang == "zh" else ". ") + str(reconciliation)
    text = Text(line)
    payload = {"name": SOURCE_RECORD, "value": {
        "text": str(text), "dataset": dataset, "file": Path(str(file)).name if file else None,
        "reconciliation": reconciliation, "rows": int(rows) if rows is not None else None,
        "as_of": date(as_of) if as_of is not None else None, "description": description}}
    _display({"application/vnd.creditkit.record+json": payload, "text/html": text._repr_html_(),
              "text/plain": str(text)})


def _display(bundle: dict) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover
        return
    if get_ipython() is not None:
        display(bundle, raw=True)


#: Environment variables a report run sets for its kernel.
REPORT_DIR_ENV = "CREDITKIT_REPORT_DIR"
REPORT_STEM_ENV = "CREDITKIT_REPORT_STEM"


def artifact(name: str, lang: str = "zh", *, description: str | None = None) -> Path:
    """Path for a file the notebook exports, kept beside the report and linked from it.

    In a report run the file goes into the report's folder, its name prefixed
    with the report's own name (two runs do not overwrite each other's files);
    elsewhere into the current folder. A link is shown where it is called and
    in the report's list of files.

    Parameters
    ----------
    name : str
        File name, without folders (``"scorecard.xlsx"``).
    lang : {"zh", "en"}
    description : str, optional
        What the file holds, shown beside the link.

    Returns
    -------
    Path
        Where to write the file.

    Raises
    ------
    ValueError
        ``name`` is empty or has a folder part.

    Examples
    --------
    >>> artifact("scorecard.xlsx").name
    'scorecard.xlsx'
    """
    check_lang(lang)
    if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
        raise ValueError(f"artifact name must be a plain file name, got {name!r}")
    folder = Path(os.environ.get(REPORT_DIR_ENV) or ".")
    stem = os.environ.get(REPORT_STEM_ENV)
    path = folder / (f"{stem}-{name}" if stem else name)
    what = description or ("导出文件" if lang == "zh" else "Exported file")
    link = (f'<p class="ck-artifact">{html.escape(what)}: '
            f'<a href="./{html.escape(path.name, quote=True)}">{html.escape(path.name)}</a></p>')
    _display({ARTIFACT_MIMETYPE: json.dumps({"file": path.name, "description": what}),
              "text/html": link, "text/plain": f"{what}: {path.name}"})
    return path


# ---------------------------------------------------------------------------
# Documents inside a report: letters, statements, crib sheets
# ---------------------------------------------------------------------------
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)
_DROP = re.compile(r"<script\b.*?</script\s*>|<(?:head|title)\b.*?</(?:head|title)\s*>|<!DOCTYPE[^>]*>|</?html[^>]*>",
                   re.DOTALL | re.IGNORECASE)
_ROOT = re.compile(r"^(?:html\s+)?(?:body|html|:root)\b")


def _scope_selector(selector: str, scope: str) -> str:
    if _ROOT.match(selector):
        return _ROOT.sub(scope, selector, count=1)
    return f"{scope} {selector}"


def _scope_css(css: str, scope: str) -> str:
    """``css`` with every rule limited to the elements under ``scope``.

    ``body``/``html`` rules apply to the scope element itself; ``@media`` and
    ``@supports`` blocks are scoped inside; ``@page``, ``@import`` and other
    at-rules that would reach the whole page are dropped.
    """
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    out, i, n = [], 0, len(css)
    while i < n:
        j = css.find("{", i)
        if j < 0:
            break
        head = css[i:j].strip()
        head = head.rsplit(";", 1)[-1].strip()  # an @import ...; before the rule is dropped
        depth, k = 1, j + 1
        while k < n and depth:
            depth += {"{": 1, "}": -1}.get(css[k], 0)
            k += 1
        body = css[j + 1:k - 1]
        if head.startswith(("@media", "@supports")):
            out.append(f"{head} {{ {_scope_css(body, scope)} }}")
        elif head.startswith("@font-face"):
            out.append(f"{head} {{{body}}}")
        elif head and not head.startswith("@"):
            selectors = [_scope_selector(x.strip(), scope) for x in head.split(",") if x.strip()]
            out.append(f"{', '.join(selectors)} {{{body}}}")
        i = k
    return "\n".join(out)


class Document:
    """A stand-alone HTML page shown as a framed part of a report (see :func:`document`)."""

    _count = 0

    def __init__(self, page: str, title: str | None = None):
        Document._count += 1
        self.scope = f"ck-doc-{Document._count}"
        self.title = title
        styles = "\n".join(_STYLE.findall(page))
        m = _BODY.search(page)
        body = m.group(1) if m else _STYLE.sub("", page)
        self.body = _DROP.sub("", _STYLE.sub("", body))
        # two classes, so the page's rules outrank the report's own (JupyterLab's table alignment stops
        # at the frame); its rules come after the reset and win over it
        where = f".ck-document.{self.scope}"
        self.css = f"{where} th, {where} td {{ text-align: left }}\n" + _scope_css(styles, where)

    def __repr__(self) -> str:
        text = re.sub(r"<[^>]+>", " ", self.body)
        return re.sub(r"\s+", " ", html.unescape(text)).strip()

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def _repr_html_(self) -> str:
        head = (f'<div class="ck-document-title" style="font-size:85%;color:#555;margin-bottom:.3em">'
                f"{html.escape(self.title)}</div>") if self.title else ""
        return (f'<div class="ck-document-frame" style="margin:1em 0">{head}'
                f'<style>{self.css}</style>'
                f'<div class="ck-document {self.scope}" style="border:1px solid #bbb;background:#fff;'
                f'padding:1em 1.5em;box-shadow:0 1px 3px rgba(0,0,0,.12)">{self.body}</div></div>')


def document(page: str, *, title: str | None = None) -> Document:
    """Show a stand-alone HTML page (a letter, a statement, a crib sheet) inside a report.

    The page's own styles are limited to it, so its ``body``, ``h1`` or
    ``table`` rules do not restyle the report around it; scripts are dropped.
    The page is shown in a frame, as a document handed out with the report.

    Parameters
    ----------
    page : str
        A complete HTML page, or a fragment.
    title : str, optional
        A line above the frame (the file the page is also saved as).

    Returns
    -------
    Document
        Shown as HTML in a notebook and the report; as its text in a console.

    Examples
    --------
    >>> d = document("<html><head><style>body { color: red } h1, p { margin: 0 }</style></head>"
    ...              "<body><h1>催款函</h1><p>请付款</p></body></html>")
    >>> d.css.replace(".ck-document." + d.scope, "S").splitlines()[1:]
    ['S { color: red }', 'S h1, S p { margin: 0 }']
    >>> d
    催款函 请付款
    """
    if not isinstance(page, str):
        raise TypeError(f"page must be str (an HTML page), got {type(page).__name__}")
    return Document(page, title)


#: Text columns of the collection tables (names, numbers and free text, shown as they are).
_COLLECTION_TEXT = ("customer_id", "customer_name", "sales_rep", "doc_no", "settled_by", "receipt_doc_nos",
                    "evidence", "action_text", "description", "approach")


def collection_table(df: pd.DataFrame, lang: str = "zh", columns=None, **options):
    """A collection plan, calendar, interest or promise table as :func:`table` shows it.

    Kit keys become words (a kept promise reads "promise kept", an unpaid slice
    of interest "not yet received"), ``evidence_zh`` / ``evidence_en`` becomes
    one ``evidence`` column in ``lang``, rates show as percentages with three
    decimals, and row numbers left over from sorting are not shown.

    Parameters
    ----------
    df : DataFrame
    lang : {"zh", "en"}
    columns : list of str, optional
        Only these columns, in this order.
    **options
        Passed to :func:`table` (``total``, ``top``, ``caption``…).

    Examples
    --------
    >>> t = pd.DataFrame({"doc_no": ["I1"], "settled_by": ["open"], "rate": [0.05775]},
    ...                  index=pd.Index([4]))
    >>> st = collection_table(t, "en")
    >>> st.data.values.tolist()
    [['I1', 'not yet received', 0.05775]]
    >>> "5.775%" in st.to_html()
    True
    """
    t = (df if columns is None else df[list(columns)]).rename(columns={f"evidence_{lang}": "evidence"})
    if t.index.name is None:  # row numbers left by sorting are not shown
        t = t.reset_index(drop=True)
    if "status" in t:  # a kept promise, not a kept variable
        t = t.assign(status=t["status"].replace({"kept": "promise_kept"}))
    if "settled_by" in t:  # principal still open at the as-of date
        t = t.assign(settled_by=t["settled_by"].replace({"open": label("not_yet_received", lang)}))
    rates = [c for c in ("base_rate", "rate") if c in t]
    t = t.assign(**{c: t[c].astype(float) for c in rates})
    names = [c for c in _COLLECTION_TEXT if c in t]
    return table(t, lang, percent=rates, percent_decimals=3, text=names, **options)
