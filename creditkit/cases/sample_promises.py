"""A seeded promise-to-pay log for the sample ledger: what collectors noted after their calls.

:func:`sample_promises` writes promises the way a collector's log holds them:
some kept by a receipt that came on time, some broken (the money came late,
short or not at all) and some still pending, for customers of the ledger that
have something overdue. The same seed gives the same log.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dates import to_date
from ..receivables.schema import validate_ledger

__all__ = ["sample_promises"]


def sample_promises(ledger, *, as_of, seed=2025, n_customers=8) -> pd.DataFrame:
    """A promise log: ``customer_id, made_on, promise_date, amount_cents, note``.

    Parameters
    ----------
    ledger : DataFrame
        A canonical ledger (e.g. :func:`creditkit.cases.sample_ledger`).
    as_of : str or date
    seed : int, default 2025
    n_customers : int, default 8
        Customers with receipts in the last 120 days that get promises.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> p = sample_promises(sample_ledger(seed=1, n_customers=10), as_of="2025-06-30", seed=1)
    >>> list(p.columns), bool((p["promise_date"] > p["made_on"]).all())
    (['customer_id', 'made_on', 'promise_date', 'amount_cents', 'note'], True)
    """
    as_of = to_date(as_of, name="as_of")
    t = validate_ledger(ledger, unique=False)
    rng = np.random.default_rng(int(seed))
    rec = t[(t["doc_type"] == "receipt") & (t["doc_date"] <= as_of) & (t["doc_date"] > as_of - pd.Timedelta(days=120))]
    custs = sorted(rec["customer_id"].unique())
    if not custs:
        return pd.DataFrame(columns=["customer_id", "made_on", "promise_date", "amount_cents", "note"])
    pick = rng.choice(custs, size=min(n_customers, len(custs)), replace=False)
    rows = []
    for c in sorted(pick):
        r = rec[rec["customer_id"] == c].sort_values("doc_date").iloc[-1]
        amount = int(-r["amount_cents"])
        kind = rng.choice(["kept", "late", "short", "pending"], p=[0.45, 0.2, 0.15, 0.2])
        if kind == "kept":
            date = r["doc_date"] + pd.Timedelta(days=int(rng.integers(0, 4)))
            note = "电话承诺"
        elif kind == "late":
            date = r["doc_date"] - pd.Timedelta(days=int(rng.integers(5, 15)))
            note = "面谈承诺"
        elif kind == "short":
            date = r["doc_date"] + pd.Timedelta(days=2)
            amount = int(round(amount * 1.5 / 100) * 100)
            note = "承诺付清本期欠款"
        else:
            date = as_of + pd.Timedelta(days=int(rng.integers(3, 20)))
            amount = int(round(amount * 0.8 / 100) * 100)
            note = "承诺月底前付款"
        made = min(date, r["doc_date"]) - pd.Timedelta(days=int(rng.integers(3, 10)))
        rows.append((c, made, date, max(amount, 100), note))
    return pd.DataFrame(rows, columns=["customer_id", "made_on", "promise_date", "amount_cents", "note"])
