"""When each debit document of a ledger was settled, replaying the ledger in date order.

:func:`settlement_dates` walks each customer's documents in date order: a
credit document first settles the debit document it references, and what is
left of it — or a credit with no usable reference — goes to a pool that pays
the oldest open debit documents first, the order the aging uses. A debit
document is *settled* on the date its open amount reaches zero.

Because the replay never revises the past, the state it gives on any date
depends only on documents dated on or before that date: the settled date of
an invoice paid by ``d`` is the same whether or not the ledger holds
documents after ``d``. That is what lets the risk signals and the
late-payment predictor compute features "as of" a date without leakage.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pandas as pd

from .aging import open_items
from .schema import CREDIT_TYPES
from ..dates import to_date

__all__ = ["settlement_dates", "BEHAVIOUR_TYPES"]

#: Debit documents whose payment behaviour the signals and the predictor study.
BEHAVIOUR_TYPES = ("invoice", "debit_note", "opening_balance")



def ledger_table(ledger) -> pd.DataFrame:
    """The canonical table of a Ledger or DataFrame, checked by the aging's own validation."""
    table = getattr(ledger, "table", ledger)
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"ledger must be a Ledger or a canonical ledger DataFrame, got {type(ledger).__name__}")
    open_items(table.iloc[:0], as_of="2000-01-01")  # the canonical-table check, on no rows
    return table


def settlement_dates(ledger, *, as_of=None) -> pd.DataFrame:
    """Settled date, payment parts and open amount of every debit document.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger table.
    as_of : str or date, optional
        Only documents dated on or before it count (default: all).

    Returns
    -------
    DataFrame
        One row per debit document, in ledger order: ``customer_id, doc_no,
        doc_type, doc_date, due_date, amount_cents, settled_date`` (NaT while
        anything is open), ``open_cents`` (what is open after the last
        document), ``parts`` (how many credit documents paid into it) and
        ``first_credit_date`` (date of the first of them, NaT if none).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"] * 4, "customer_name": ["A"] * 4,
    ...     "doc_type": ["invoice", "invoice", "receipt", "receipt"], "doc_no": ["I1", "I2", "R1", "R2"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-02-10", "2025-03-01"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", "2025-03-03", None, None]),
    ...     "amount_cents": [10000, 5000, -12000, -3000], "ref_doc_no": [None, None, "I2", None]})
    >>> s = settlement_dates(t)
    >>> s[["doc_no", "settled_date", "parts", "open_cents"]].astype(str).values.tolist()
    [['I1', '2025-03-01', '2', '0'], ['I2', '2025-02-10', '1', '0']]
    >>> settlement_dates(t, as_of="2025-02-28")["open_cents"].tolist()
    [3000, 0]
    """
    t = ledger_table(ledger)
    if as_of is not None:
        t = t[t["doc_date"] <= to_date(as_of, name="as_of")]
    n = len(t)
    is_debit = (t["amount_cents"].to_numpy() > 0) & ~t["doc_type"].isin(CREDIT_TYPES).to_numpy()
    ref = t["ref_doc_no"].to_numpy(dtype=object) if "ref_doc_no" in t else np.full(n, None, dtype=object)
    dates = t["doc_date"].to_numpy(dtype="datetime64[ns]")
    amounts = t["amount_cents"].to_numpy(dtype="int64")
    doc_no = t["doc_no"].to_numpy(dtype=object)
    settled = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    first_credit = settled.copy()
    parts = np.zeros(n, dtype="int64")
    remaining = np.where(is_debit, amounts, 0).astype("int64")
    # debit first on a day, then ledger order
    order = np.lexsort((np.arange(n), ~is_debit, dates, pd.factorize(t["customer_id"])[0]))
    cust = t["customer_id"].to_numpy(dtype=object)

    def pay(i, amount, day):
        take = min(int(remaining[i]), amount)
        if take <= 0:
            return amount
        remaining[i] -= take
        parts[i] += 1
        if np.isnat(first_credit[i]):
            first_credit[i] = day
        if remaining[i] == 0:
            settled[i] = day
        return amount - take

    start = 0
    while start < n:
        c = cust[order[start]]
        stop = start
        while stop < n and cust[order[stop]] == c:
            stop += 1
        queue, pool, by_no = deque(), 0, {}
        for i in order[start:stop]:
            day = dates[i]
            if is_debit[i]:
                queue.append(i)
                by_no.setdefault(doc_no[i], i)
                amount = pool
            else:
                amount = -int(amounts[i])
                r = ref[i]
                if isinstance(r, str) and r in by_no:
                    amount = pay(by_no[r], amount, day)
            pool = 0
            while amount > 0 and queue:
                amount = pay(queue[0], amount, day)
                if remaining[queue[0]] == 0:
                    queue.popleft()
            while queue and remaining[queue[0]] == 0:  # settled by reference out of turn
                queue.popleft()
            pool = max(amount, 0)
        start = stop
    keep = np.flatnonzero(is_debit)
    out = t.iloc[keep][["customer_id", "doc_no", "doc_type", "doc_date", "due_date", "amount_cents"]].reset_index(drop=True)
    out["settled_date"] = settled[keep]
    out["open_cents"] = remaining[keep]
    out["parts"] = parts[keep]
    out["first_credit_date"] = first_credit[keep]
    return out
