"""Promise-to-pay tracking (承诺付款): promises matched to the receipts that keep them.

A collector's promise log — who promised how much by when — is matched to the
ledger's receipts in date order:

1. Each customer's promises are taken by promised date (then by the order
   given); its receipts dated on or before ``as_of`` by date, then number.
2. A receipt counts toward a promise when it is dated on or after the day the
   promise was made (``made_on``; when it is not given, ``window_days`` before
   the promised date) and no later than
   the promised date plus ``grace_days``. It fills the earliest such promise
   still short; what is left over goes on to the next one.
3. A promise is **kept** when receipts covering its amount (less
   ``tolerance_cents``) arrived in time, **broken** when its deadline has
   passed without that, and **pending** while the deadline is on or after
   ``as_of``.

The result is the table risk signals read: ``customer_id, promise_date,
amount_cents, status`` plus what was received for it (``matched_cents``,
``receipt_doc_nos``, ``last_receipt_date``). :func:`keep_rate` summarises it
per customer.
"""

from __future__ import annotations

import pandas as pd

from ..dates import parse_dates, to_date
from ..errors import SchemaError
from ..money import parse_amounts
from .schema import validate_ledger

__all__ = ["PROMISE_STATUSES", "promise_status", "keep_rate"]

#: Status of a promise.
PROMISE_STATUSES = ("pending", "kept", "broken")


def _promise_frame(promises) -> pd.DataFrame:
    if not isinstance(promises, pd.DataFrame):
        raise TypeError(f"promises must be a DataFrame, got {type(promises).__name__}")
    p = promises.copy()
    for c in ("customer_id", "promise_date"):
        if c not in p.columns:
            raise SchemaError(f"promises lacks column {c!r}; has {list(p.columns)!r}")
    if "amount_cents" not in p.columns:
        if "amount" not in p.columns:
            raise SchemaError("promises needs amount_cents (integer cents) or amount (yuan)")
        cents, bad = parse_amounts(p["amount"], name="amount")
        if bad.any() or cents.isna().any():
            i = int((bad | cents.isna()).to_numpy().argmax())
            raise SchemaError(f"promises row {i + 1}: amount {p['amount'].iloc[i]!r} is not an amount of money")
        p["amount_cents"] = cents.astype("int64")
    elif p["amount_cents"].dtype.kind not in "iu":
        raise SchemaError(f"promises.amount_cents must be integer cents, got dtype {p['amount_cents'].dtype}")
    if (p["amount_cents"] <= 0).any():
        i = int((p["amount_cents"] <= 0).to_numpy().argmax())
        raise SchemaError(f"promises row {i + 1}: a promise must be for an amount above 0, got {p['amount_cents'].iloc[i]}")
    for c in ("promise_date", "made_on"):
        if c in p.columns and p[c].dtype.kind != "M":
            parsed, bad = parse_dates(p[c], name=c)
            if bad.any():
                i = int(bad.to_numpy().argmax())
                raise SchemaError(f"promises row {i + 1}: {c} {p[c].iloc[i]!r} is not a date")
            p[c] = parsed
    if p["promise_date"].isna().any():
        i = int(p["promise_date"].isna().to_numpy().argmax())
        raise SchemaError(f"promises row {i + 1}: promise_date is missing")
    if "made_on" not in p.columns:
        p["made_on"] = pd.NaT
    p["customer_id"] = p["customer_id"].astype(str).str.strip()
    return p


def promise_status(promises, ledger, *, as_of, grace_days=0, tolerance_cents=0, window_days=30) -> pd.DataFrame:
    """Mark each promise to pay kept, broken or pending from the ledger's receipts.

    Parameters
    ----------
    promises : DataFrame
        ``customer_id``, ``promise_date`` and ``amount_cents`` (or ``amount``
        in yuan text/numbers); optionally ``made_on`` (the day of the promise)
        and any other columns (kept as they are).
    ledger : Ledger or DataFrame
        The canonical ledger.
    as_of : str or date
    grace_days : int, default 0
        Days after the promised date a payment still counts as on time.
    tolerance_cents : int, default 0
        A shortfall up to this much still counts as kept (bank charges).
    window_days : int, default 30
        For promises without ``made_on``: receipts count from this many days
        before the promised date (money paid long before is not a kept promise).

    Returns
    -------
    DataFrame
        The promises in their order with ``deadline``, ``matched_cents``,
        ``receipt_doc_nos`` (comma-separated), ``last_receipt_date`` and
        ``status`` (one of :data:`PROMISE_STATUSES`).

    Examples
    --------
    >>> led = pd.DataFrame({"customer_id": ["A"] * 3, "customer_name": ["甲"] * 3,
    ...     "doc_type": ["invoice", "receipt", "receipt"], "doc_no": ["I1", "R1", "R2"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-03-05", "2025-04-20"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", None, None]), "amount_cents": [900_000, -300_000, -200_000]})
    >>> prom = pd.DataFrame({"customer_id": ["A", "A", "A"], "promise_date": ["2025-03-10", "2025-04-10", "2025-05-15"],
    ...                      "amount": ["3,000", "3,000", "3,000"]})
    >>> promise_status(prom, led, as_of="2025-05-10")[["status", "matched_cents"]].values.tolist()
    [['kept', 300000], ['broken', 0], ['pending', 200000]]
    """
    p = _promise_frame(promises)
    as_of = to_date(as_of, name="as_of")
    if not isinstance(grace_days, int) or isinstance(grace_days, bool) or grace_days < 0:
        raise ValueError(f"grace_days must be a whole number of days ≥ 0, got {grace_days!r}")
    if not isinstance(window_days, int) or isinstance(window_days, bool) or window_days < 0:
        raise ValueError(f"window_days must be a whole number of days ≥ 0, got {window_days!r}")
    if not isinstance(tolerance_cents, int) or isinstance(tolerance_cents, bool) or tolerance_cents < 0:
        raise ValueError(f"tolerance_cents must be whole cents ≥ 0, got {tolerance_cents!r}")
    t = validate_ledger(ledger, unique=False, complete=False)
    rec = t[(t["doc_type"] == "receipt") & (t["doc_date"] <= as_of)]
    rec = rec[rec["customer_id"].isin(set(p["customer_id"]))].sort_values(["doc_date", "doc_no"], kind="stable")
    p["deadline"] = p["promise_date"] + pd.Timedelta(days=grace_days)
    matched = [0] * len(p)
    nos = [[] for _ in range(len(p))]
    last = [pd.NaT] * len(p)
    amount = p["amount_cents"].to_numpy()
    deadline = p["deadline"].to_numpy()
    made = p["made_on"].fillna(p["promise_date"] - pd.Timedelta(days=window_days)).to_numpy()
    for cust, idx in p.groupby("customer_id", sort=False).indices.items():
        queue = sorted(idx, key=lambda i: (deadline[i], i))
        for r in rec[rec["customer_id"] == cust].itertuples(index=False):
            left = -int(r.amount_cents)
            day = r.doc_date.to_datetime64()
            for i in queue:
                if left <= 0:
                    break
                short = int(amount[i]) - tolerance_cents - matched[i]
                if short <= 0 or day > deadline[i] or day < made[i]:
                    continue
                take = min(left, int(amount[i]) - matched[i])
                matched[i] += take
                left -= take
                nos[i].append(str(r.doc_no))
                last[i] = r.doc_date
    p["matched_cents"] = pd.array(matched, dtype="int64")
    p["receipt_doc_nos"] = [", ".join(n) for n in nos]
    p["last_receipt_date"] = pd.to_datetime(pd.Series(last, index=p.index, dtype="datetime64[ns]"))
    kept = p["matched_cents"] >= p["amount_cents"] - tolerance_cents
    p["status"] = "pending"
    p.loc[kept, "status"] = "kept"
    p.loc[~kept & (p["deadline"] < as_of), "status"] = "broken"
    return p


def keep_rate(status: pd.DataFrame) -> pd.DataFrame:
    """Promises kept per customer: counts, amounts and the keep rate.

    Parameters
    ----------
    status : DataFrame
        The result of :func:`promise_status`.

    Returns
    -------
    DataFrame
        ``customer_id, promises, kept, broken, pending, promised_cents,
        kept_cents, keep_rate`` where ``keep_rate = kept / (kept + broken)``
        (NaN while every promise is pending).

    Examples
    --------
    >>> s = pd.DataFrame({"customer_id": ["A", "A", "A", "B"], "status": ["kept", "broken", "pending", "kept"],
    ...                   "amount_cents": [100, 200, 300, 50], "matched_cents": [100, 0, 0, 50]})
    >>> keep_rate(s)[["customer_id", "kept", "broken", "keep_rate"]].values.tolist()
    [['A', 1, 1, 0.5], ['B', 1, 0, 1.0]]
    """
    for c in ("customer_id", "status", "amount_cents", "matched_cents"):
        if c not in status.columns:
            raise SchemaError(f"status lacks column {c!r}: pass the result of promise_status")
    s = status
    counts = pd.crosstab(s["customer_id"], s["status"]).reindex(columns=list(PROMISE_STATUSES), fill_value=0)
    out = pd.DataFrame({"promises": counts.sum(axis=1), "kept": counts["kept"], "broken": counts["broken"],
                        "pending": counts["pending"]})
    out["promised_cents"] = s.groupby("customer_id")["amount_cents"].sum().astype("int64")
    out["kept_cents"] = s[s["status"] == "kept"].groupby("customer_id")["matched_cents"].sum() \
        .reindex(out.index, fill_value=0).astype("int64")
    decided = out["kept"] + out["broken"]
    out["keep_rate"] = (out["kept"] / decided.where(decided > 0)).astype("float64")
    return out.reset_index()
