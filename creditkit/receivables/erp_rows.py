"""What the rows of an ERP report are, from their label and their shape: documents, totals, headings, openings.

ERP reports mix document rows with rows that are not documents:

* *summary rows* — 本月合计, 本年累计, 小计, 合  计, ``Total for …``, ``TOTAL``, SAP's
  ``*`` / ``**`` lines. A row is one when it has no document number of its own
  and its *label* — the first filled cell of the row, or its 摘要 / type cell —
  is a summary word (:data:`SUMMARY_RE`). The label must *be* the word (with a
  short prefix such as ``客户`` or ``C1``), not contain it: a customer named
  深圳市累计电子有限公司 or 扬州市小计五金交电商店 is a customer. A row shaped like a
  document — a known document-type word and a date — is never a summary row,
  even when its customer is called ``Total Solutions Ltd`` or 合计 and its
  number is blank: it is a document missing its number.
* *heading rows* — a group heading (QuickBooks' ``1 - 30 days past due``, a Xero
  contact above its items) or a footer (``制表人：…  打印日期：…``): no document
  number, no date and no readable amount.
* *opening balances* — 期初余额 rows: no document number, 期初 in the label. They
  are documents (the customer's balance brought forward) and are aged.

:func:`title_period` reads the year and the first period from the title lines
(``2025年度``, ``期间：2025.01-2025.06``, ``期间：2025年第1期 至 2025年第7期``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..money import parse_amounts

__all__ = ["numeric_date_format", "SUMMARY_RE", "OPENING_RE", "summary_rows", "shapeless_rows", "opening_rows", "title_period",
           "label_cells"]

#: A summary label: the whole cell is a summary word, optionally after a short prefix (客户, 本月, C1 …).
SUMMARY_RE = re.compile(
    r"^(?:\S{0,4}\s?)?(?:本月|本年|本期|本季|本日|当月|当年|期间|客户|单位|部门|月|年|总)?"
    r"(?:合\s*计|小\s*计|总\s*计|累\s*计|共\s*计)(?:数|额|金额)?\s*[:：]?\s*$"
    r"|^(?:grand\s+|sub\s*)?totals?(?:\s+for\b.*|\s*:?\s*$|\s+\S.*$)"
    r"|^percentage\s+of\s+total\b.*$|^gesamtsumme\b.*$|^summe\b.*$|^\*{1,3}$",
    re.IGNORECASE,
)
#: An opening-balance label (期初余额, 上年结转, Opening balance, Balance brought forward).
OPENING_RE = re.compile(r"^\s*(?:期初(?:余额|应收|数)?|上年结转|上期结转|年初余额|opening\s*balance|"
                        r"balance\s*(?:brought|b/?)\s*f(?:orward|wd)?|b/f)\s*$", re.IGNORECASE)


def label_cells(body: pd.DataFrame, cols: dict) -> list:
    """The cells a row's label can be in: its first filled cell, its customer-name, 摘要 (memo) and type cells.

    A label is matched whole (:data:`SUMMARY_RE`), so a customer whose name merely contains 小计 is a customer.

    Examples
    --------
    >>> body = pd.DataFrame([["", "小计", "", "31134.77"]])
    >>> [c.tolist() for c in label_cells(body, {"customer_id": 0, "customer_name": 1, "memo": 2})]
    [['小计'], ['小计'], ['']]
    """
    first = None
    for c in body.columns:
        col = body[c]
        first = col if first is None else first.where(first.ne(""), col)
    if first is None:
        first = pd.Series([], index=body.index, dtype=object)
    out = [first]
    for k in ("customer_name", "memo", "doc_type"):
        if k in cols and cols[k] is not None:
            out.append(body[cols[k]])
    return out


#: Text every summary label holds (a quick test before :data:`SUMMARY_RE`).
_SUMMARY_HINT = r"(?i)计|total|summe|percentage|\*"
#: Text every opening-balance label holds (a quick test before :data:`OPENING_RE`).
_OPENING_HINT = r"(?i)期初|结转|年初|opening|balance|b/f"


def _matches(cells: pd.Series, regex, hint: str | None = None) -> np.ndarray:
    """Mask of the cells ``regex`` matches from their start; each distinct text is tried once.

    ``hint`` is a pattern every match contains: only the cells holding it are tried.
    """
    out = np.zeros(len(cells), bool)
    if not len(cells):
        return out
    cand = np.ones(len(cells), bool) if hint is None else \
        cells.str.contains(hint, regex=True).fillna(False).to_numpy(dtype=bool)
    if not cand.any():
        return out
    codes, uniques = pd.factorize(cells[cand])
    hit = np.array([bool(regex.match(u)) if isinstance(u, str) else False for u in uniques] + [False], bool)
    out[cand] = hit[codes]
    return out


_FOOTER_LABEL = re.compile(r"[:：]\s*$|^[^\d:：]{1,6}[：]")


def _no_number(body: pd.DataFrame, cols: dict) -> np.ndarray:
    if "doc_no" not in cols:
        return np.ones(len(body), bool)
    dn = body[cols["doc_no"]]
    label = np.zeros(len(dn), bool)  # a footer's 审核人： in the number column
    colon = dn.str.contains(r"[:：]", regex=True).fillna(False).to_numpy(dtype=bool)
    if colon.any():
        label[colon] = _matches(dn[colon], re.compile(r".*?(?:" + _FOOTER_LABEL.pattern + ")", re.DOTALL))
    return dn.eq("").to_numpy(dtype=bool) | _matches(dn, SUMMARY_RE, _SUMMARY_HINT) | label


def summary_rows(body: pd.DataFrame, cols: dict, documents=None) -> np.ndarray:
    """Mask of the summary rows: no document number of their own, and a summary word as their label.

    An English ``Total …`` label alone on its row is a heading (a contact called
    Total Energies), not a total: a total carries figures. ``documents`` marks
    the rows shaped like documents (a known document type and a date): such a
    row is never a summary, whatever its cells are called (a customer named
    Total Solutions Ltd, or 合计通商贸易, with an invoice whose number is blank).

    Examples
    --------
    >>> body = pd.DataFrame([["C2", "深圳市累计电子有限公司", "本年累计", "", "9.00"],
    ...                      ["C2", "深圳市累计电子有限公司", "货款", "X1", "9.00"], ["扬州市小计五金交电商店", "", "", "", ""],
    ...                      ["合  计", "", "", "", "9.00"], ["Total for Current", "", "", "", "9.00"],
    ...                      ["Total Energies Ltd", "", "", "", ""]])
    >>> summary_rows(body, {"customer_id": 0, "customer_name": 1, "memo": 2, "doc_no": 3}).tolist()
    [True, False, False, True, True, False]
    """
    no_number = _no_number(body, cols)
    hit = np.zeros(len(body), bool)
    if not no_number.any():
        return hit
    rows = body[no_number]
    sub = np.zeros(len(rows), bool)
    for cells in label_cells(rows, cols):
        sub |= _matches(cells, SUMMARY_RE, _SUMMARY_HINT)
    # "Total Energies Ltd" alone on its row is a contact heading (Xero), not a total: an English total has figures
    first = label_cells(rows, {})[0]
    alone = rows.ne("").sum(axis=1).to_numpy() <= 1
    worded = _matches(first, re.compile(r"(?i)^(grand\s+|sub\s*)?total\s+\S"), r"(?i)total")
    hit[no_number] = sub & ~(alone & worded)
    if documents is not None:
        hit &= ~np.asarray(documents, dtype=bool)
    return hit


def shapeless_rows(body: pd.DataFrame, cols: dict, amount_cols: list) -> np.ndarray:
    """Mask of heading and footer rows: no document number, no date and no readable amount.

    Examples
    --------
    >>> body = pd.DataFrame([["Bayside Cafe", "", ""], ["5 Jan 2025", "INV-1", "12.00"], ["制表人：王", "", "打印日期：2025-07-18"]])
    >>> shapeless_rows(body, {"doc_date": 0, "doc_no": 1, "amount": 2}, [2]).tolist()
    [True, False, True]
    """
    if not len(body):
        return np.zeros(0, bool)
    shapeless = _no_number(body, cols).copy()
    for name in ("doc_date", "month", "day"):
        if name in cols:
            shapeless &= ~body[cols[name]].str.contains(r"\d", regex=True).fillna(False).to_numpy(dtype=bool)
    for c in amount_cols:
        if shapeless.any():
            cents, _ = parse_amounts(body[c][shapeless].to_numpy(dtype=object))
            shapeless[shapeless] = cents.isna().to_numpy()
    return shapeless & ~opening_rows(body, cols)


def opening_rows(body: pd.DataFrame, cols: dict) -> np.ndarray:
    """Mask of the opening-balance rows: no document number, and 期初余额 (or the like) as their label.

    Examples
    --------
    >>> body = pd.DataFrame([["C1", "期初余额", ""], ["C1", "期初余额调整", "X1"]])
    >>> opening_rows(body, {"customer_id": 0, "memo": 1, "doc_no": 2}).tolist()
    [True, False]
    """
    hit = np.zeros(len(body), bool)
    empty = body[cols["doc_no"]].eq("").to_numpy(dtype=bool) if "doc_no" in cols else np.ones(len(body), bool)
    if not empty.any():
        return hit
    rows = body[empty]
    sub = np.zeros(len(rows), bool)
    for cells in label_cells(rows, cols):
        sub |= _matches(cells, OPENING_RE, _OPENING_HINT)
    hit[empty] = sub
    return hit


_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年\s*度|fiscal\s+year\s+((?:19|20)\d{2})|会计年度\D{0,3}((?:19|20)\d{2})",
                      re.IGNORECASE)
_PERIOD_RE = re.compile(r"(?:期间|会计期间|period)\s*[:：]?\s*((?:19|20)\d{2})\s*(?:年\s*第?\s*|[.\-/]\s*)(\d{1,2})",
                        re.IGNORECASE)


def title_period(title: pd.DataFrame):
    """The year and the first day of the period the title lines name.

    Returns
    -------
    year : int or None
    start : Timestamp or None
        ``期间：2025.01-2025.06`` and ``2025年第1期`` give 2025-01-01 (a period is a
        month); ``2025年度`` gives its 1 January.

    Examples
    --------
    >>> title_period(pd.DataFrame([["客户往来明细账", ""], ["", "2025年度"]]))
    (2025, Timestamp('2025-01-01 00:00:00'))
    >>> title_period(pd.DataFrame([["客户：全部  期间：2025.03-2025.06"]]))
    (2025, Timestamp('2025-03-01 00:00:00'))
    """
    text = " ".join(str(c) for c in title.to_numpy().ravel() if str(c).strip())
    m = _PERIOD_RE.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), pd.Timestamp(int(m.group(1)), int(m.group(2)), 1)
    m = _YEAR_RE.search(text)
    if m:
        year = int(next(g for g in m.groups() if g))
        return year, pd.Timestamp(year, 1, 1)
    return None, None


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def numeric_date_format(values):
    """The ``strftime`` format of dates written ``DD.MM.YYYY`` / ``MM/DD/YYYY`` / ``DD-MM-YYYY``, decided from all values.

    A first part above 12 makes the column day-first, a second part above 12
    month-first; dots are day-first (German, Russian and Chinese practice).

    Returns
    -------
    fmt : str or None
        The format, or None when the values are not such dates (ISO dates,
        ``2025年1月3日`` and Excel cells are read without one).
    why : str
        Why the order cannot be told (the values disagree, or every day is
        12 or less with ``/`` or ``-``); ``""`` otherwise.

    Examples
    --------
    >>> numeric_date_format(["11/15/2024", "02/03/2025"])
    ('%m/%d/%Y', '')
    >>> numeric_date_format(["15.11.2024", "01.02.2025"])
    ('%d.%m.%Y', '')
    >>> numeric_date_format(["2025-01-03"])
    (None, '')
    >>> numeric_date_format(["01/02/2025", "03/04/2025"])[0] is None
    True
    """
    t = pd.Series(np.asarray(pd.unique(pd.Series(values)), dtype=object), dtype=object).astype(str)  # each text once
    parts = t.str.extract(_NUMERIC_DATE)
    parts = parts[parts[0].notna()]
    if not len(parts):
        return None, ""
    sep = parts[1].iloc[0]
    first, second = parts[0].astype(int), parts[2].astype(int)
    year = "%Y" if parts[3].str.len().eq(4).all() else "%y"
    day_first, month_first = (first > 12).any(), (second > 12).any()
    if day_first and month_first:
        return None, (f"some dates are day-first ({t[parts.index[first > 12][0]]!r}) and some month-first "
                      f"({t[parts.index[second > 12][0]]!r})")
    if day_first or (sep == "." and not month_first):
        return f"%d{sep}%m{sep}{year}", ""
    if month_first:
        return f"%m{sep}%d{sep}{year}", ""
    return None, (f"every date such as {t[parts.index[0]]!r} reads both day-first and month-first")
