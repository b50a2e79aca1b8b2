"""Tables of the collection modules as a reader sees them: money with separators, labels, percentages."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..i18n import check_lang, label_or_name, translate_columns
from ..money import format_cents

#: Status values whose label key differs (a kept promise is not a kept scorecard variable).
_STATUS_KEYS = {"kept": "promise_kept"}
#: Columns whose values are kit keys shown through their labels.
_KEYED = ("debtor_type", "action", "next_action", "channel", "tone", "status", "basis", "band", "doc_type")


def display_table(df: pd.DataFrame, lang: str = "zh", *, columns=None) -> pd.DataFrame:
    """A copy of ``df`` for display: ``*_cents`` as yuan text with separators, rates as percentages,
    dates as ``YYYY-MM-DD``, true/false as yes/no, kit keys (debtor type, action, channel, tone,
    status…) and column names as labels in ``lang``; rows numbered from 1 (a plan's rank).

    Parameters
    ----------
    df : DataFrame
    lang : {"zh", "en"}, default "zh"
    columns : list of str, optional
        Only these columns, in this order.

    Examples
    --------
    >>> t = pd.DataFrame({"debtor_type": ["unwilling_able"], "overdue_cents": [123456789],
    ...                   "rate": [Decimal("0.05775")], "due_date": pd.to_datetime(["2025-06-30"])})
    >>> display_table(t, "zh").values.tolist()
    [['有能力无意愿', '1,234,567.89', '5.775%', '2025-06-30']]
    >>> display_table(t, "en").columns.tolist()
    ['Debtor type', 'Overdue amount', 'Rate applied', 'Due date']
    >>> display_table(pd.DataFrame({"hold_orders": [True, False], "evidence_en": ["a", "b"]}), "zh").values.tolist()
    [['是', 'a'], ['否', 'b']]
    """
    check_lang(lang)
    out = df.copy() if columns is None else df[list(columns)].copy()
    for c in out.columns:
        s = out[c]
        if str(c).endswith("_cents"):
            out[c] = s.map(lambda v: "" if pd.isna(v) else format_cents(int(v)))
        elif s.dtype.kind == "b":
            out[c] = s.map(lambda v: label_or_name("yes" if v else "no", lang))
        elif s.dtype.kind == "M":
            out[c] = s.dt.strftime("%Y-%m-%d").fillna("")
        elif len(s) and s.map(lambda v: isinstance(v, Decimal)).all():
            out[c] = s.map(lambda v: f"{(v * 100).normalize():f}%")
        elif c in _KEYED:
            keys = _STATUS_KEYS if c == "status" else {}
            out[c] = s.map(lambda v: "" if v is None or (not isinstance(v, str) and pd.isna(v))
                           else label_or_name(keys.get(v, v), lang))
    out = out.rename(columns={c: "evidence" for c in out.columns if c in ("evidence_zh", "evidence_en")})
    out.index = pd.RangeIndex(1, len(out) + 1)
    return translate_columns(out, lang)
