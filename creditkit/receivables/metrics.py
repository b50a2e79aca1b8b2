"""Collection metrics (回款管理指标): DSO, best possible DSO, ADD, CEI, roll rates, trend.

Definitions (amounts in cents, ``days`` = days in the period):

* DSO, simple: ``receivables / credit_sales × days``.
* DSO, count-back: walk back from the latest month, taking each month's
  credit sales out of the receivables; full months count their days, the last
  (partial) month its share of days. Insensitive to the sales mix of the
  period, so it is the method credit managers prefer.
* Best possible DSO: ``current (not yet due) receivables / credit_sales × days``
  — the DSO if every customer paid on time.
* Average days delinquent: ``ADD = DSO − best possible DSO``.
* Collection effectiveness index:
  ``CEI = (begin AR + credit sales − end AR) / (begin AR + credit sales − end current AR) × 100``.

Receivables are gross open amounts from :func:`creditkit.receivables.aging.age_receivables`
(unapplied credit is reported there, not netted). Credit sales are invoices
and debit notes dated in the period (opening balances and refunds are not sales).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dates import to_date as _to_date
from .aging import DEFAULT_EDGES, age_days, age_receivables, bucket_index, bucket_labels, open_items, parse_buckets
from .schema import validate_ledger

__all__ = [
    "CollectionMetrics",
    "dso",
    "count_back_dso",
    "best_possible_dso",
    "average_days_delinquent",
    "collection_effectiveness_index",
    "monthly_credit_sales",
    "collection_metrics",
    "roll_rates",
    "aging_trend",
]

_SALES_TYPES = ("invoice", "debit_note")


def _nonneg(name, v):
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(v).__name__}")
    if v < 0:
        raise ValueError(f"{name} must not be negative, got {v!r}")
    return v


def dso(receivables, credit_sales, days) -> float:
    """Days sales outstanding, simple method.

    Examples
    --------
    >>> dso(1_200_000, 3_000_000, 90)
    36.0
    """
    _nonneg("receivables", receivables)
    _nonneg("days", days)
    if _nonneg("credit_sales", credit_sales) == 0:
        raise ValueError("credit_sales must be positive to compute DSO, got 0")
    return float(receivables) / float(credit_sales) * float(days)


def best_possible_dso(current_receivables, credit_sales, days) -> float:
    """DSO if all customers paid on time: current (not due) receivables only.

    Examples
    --------
    >>> best_possible_dso(800_000, 3_000_000, 90)
    24.0
    """
    return dso(current_receivables, credit_sales, days)


def average_days_delinquent(dso_value, best_dso) -> float:
    """ADD = DSO − best possible DSO.

    Examples
    --------
    >>> average_days_delinquent(36.0, 24.0)
    12.0
    """
    return float(dso_value) - float(best_dso)


def collection_effectiveness_index(begin_ar, credit_sales, end_ar, end_current_ar, *, months=None) -> float:
    """CEI in percent: what was collected out of what was collectible.

    ``CEI = (begin + sales - end_total) / (begin + sales - end_current) × 100``.

    Parameters
    ----------
    begin_ar, end_ar, end_current_ar : number
        Receivables at the start and end of the period, and the end receivables
        not yet due.
    credit_sales : number
        Credit sales of the period.
    months : int, optional
        The two conventions in use: None (default) takes the period's credit
        sales as they are (a one-year or one-month period); ``months=N`` takes
        the monthly average ``credit_sales / N`` for a period of N months.

    Notes
    -----
    The period convention with the example begin 100,000, sales 1,000,000,
    end 120,000, current 100,000 → 98.0% (Gaviti, "What is Collection
    Effectiveness Index (CEI)"); the ÷ N convention with the Jan-Mar example
    begin 6,200, sales 10,890 over 3 months, end 6,340, current 3,590 → 55.9%
    (CreditGuru, "Collection Effectiveness Index (CEI)": Monthly Credit Sales =
    Credit Sales / N).

    Examples
    --------
    >>> collection_effectiveness_index(1_000_000, 3_000_000, 1_200_000, 800_000)
    87.5
    >>> round(collection_effectiveness_index(6_200, 10_890, 6_340, 3_590, months=3), 1)
    55.9
    """
    for n, v in (("begin_ar", begin_ar), ("credit_sales", credit_sales), ("end_ar", end_ar),
                 ("end_current_ar", end_current_ar)):
        _nonneg(n, v)
    if months is not None:
        if not isinstance(months, int) or isinstance(months, bool) or months < 1:
            raise ValueError(f"months must be a whole number of months ≥ 1, got {months!r}")
        credit_sales = float(credit_sales) / months
    if end_current_ar > end_ar:
        raise ValueError(f"end_current_ar ({end_current_ar}) cannot exceed end_ar ({end_ar})")
    den = float(begin_ar) + float(credit_sales) - float(end_current_ar)
    if den <= 0:
        raise ValueError("begin_ar + credit_sales - end_current_ar must be positive to compute CEI")
    return (float(begin_ar) + float(credit_sales) - float(end_ar)) / den * 100


def count_back_dso(receivables, monthly_sales, *, month_days="calendar") -> float:
    """DSO by the count-back method.

    Starting from the latest month, each month's credit sales are taken off
    the receivables, adding that month's days, until what is left is less than
    a month's sales; that month adds its days pro rata.

    Parameters
    ----------
    receivables : int
        Receivables at the end of the latest month (cents).
    monthly_sales : Series
        Credit sales per month (cents), indexed by month-end dates, oldest first.
    month_days : {"calendar", 30}, default "calendar"
        Days a month counts: its calendar days (28-31), or 30 for every month.

    Raises
    ------
    ValueError
        Receivables exceed all the sales given (more history is needed).

    Notes
    -----
    With 30-day months, receivables 212,000 and sales 70,000 / 80,000 /
    100,000 give 30 + 30 + 32,000 / 70,000 × 30 = 73.7 days (Benji Pays,
    "Mastering DSO Calculation: The Count-Back Method Explained").

    Examples
    --------
    >>> s = pd.Series([900, 1000, 1200], index=pd.to_datetime(["2025-04-30", "2025-05-31", "2025-06-30"]))
    >>> count_back_dso(1700, s)   # June 30 days + half of May's 31 days
    45.5
    >>> q = pd.Series([70_000, 80_000, 100_000], index=pd.to_datetime(["2025-01-31", "2025-02-28", "2025-03-31"]))
    >>> round(count_back_dso(212_000, q, month_days=30), 1)
    73.7
    """
    _nonneg("receivables", receivables)
    if month_days not in ("calendar", 30):
        raise ValueError(f"month_days must be 'calendar' or 30, got {month_days!r}")
    if not isinstance(monthly_sales, pd.Series) or not isinstance(monthly_sales.index, pd.DatetimeIndex):
        raise TypeError("monthly_sales must be a Series indexed by month-end dates")
    remaining = float(receivables)
    days = 0.0
    for month_end, sales in list(monthly_sales.items())[::-1]:
        dim = pd.Timestamp(month_end).days_in_month if month_days == "calendar" else 30
        if sales <= 0:
            days += dim
            continue
        if remaining >= sales:
            remaining -= sales
            days += dim
        else:
            return days + remaining / sales * dim
        if remaining == 0:
            return days
    if remaining > 0:
        raise ValueError(f"receivables exceed the {len(monthly_sales)} months of sales given; give more history")
    return days


def monthly_credit_sales(ledger, *, start, end) -> pd.Series:
    """Credit sales (invoices and debit notes) per calendar month, in cents.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"] * 2, "customer_name": ["A"] * 2, "doc_type": ["invoice"] * 2,
    ...     "doc_no": ["I1", "I2"], "doc_date": pd.to_datetime(["2025-01-05", "2025-03-01"]),
    ...     "due_date": pd.to_datetime(["2025-02-05", "2025-04-01"]), "amount_cents": [100, 300]})
    >>> monthly_credit_sales(t, start="2025-01-01", end="2025-03-31").tolist()
    [100, 0, 300]
    """
    t = validate_ledger(ledger)
    start, end = _to_date(start, name="start"), _to_date(end, name="end")
    if end < start:
        raise ValueError(f"end ({end:%Y-%m-%d}) must not be before start ({start:%Y-%m-%d})")
    s = t[t["doc_type"].isin(_SALES_TYPES) & (t["doc_date"] >= start) & (t["doc_date"] <= end)]
    months = pd.date_range(start, end + pd.offsets.MonthEnd(0), freq="ME")
    per = s.groupby(s["doc_date"] + pd.offsets.MonthEnd(0))["amount_cents"].sum()
    return per.reindex(months, fill_value=0).astype("int64")


@dataclass(frozen=True)
class CollectionMetrics:
    """Collection metrics of a period (amounts in cents, DSO figures in days)."""

    start: pd.Timestamp
    end: pd.Timestamp
    days: int
    begin_ar_cents: int
    end_ar_cents: int
    end_current_ar_cents: int
    credit_sales_cents: int
    dso: float
    count_back_dso: float
    best_possible_dso: float
    add: float
    cei: float

    def as_dict(self) -> dict:
        """Plain dict (dates as text) for reports and records."""
        from dataclasses import asdict

        d = asdict(self)
        d["start"], d["end"] = f"{self.start:%Y-%m-%d}", f"{self.end:%Y-%m-%d}"
        return d


def collection_metrics(ledger, *, start, end) -> CollectionMetrics:
    """DSO (simple and count-back), best possible DSO, ADD and CEI of a period.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    start, end : str or date
        First and last day of the period (inclusive). Beginning receivables are
        those open at the end of the day before ``start``. The count-back DSO
        uses the credit sales of every month in the ledger up to ``end``; it is
        NaN when even those do not cover the receivables. DSO figures are NaN
        when the period has no credit sales, CEI when nothing was collectible.

    Returns
    -------
    CollectionMetrics
    """
    t = validate_ledger(ledger)
    start, end = _to_date(start, name="start"), _to_date(end, name="end")
    if end < start:
        raise ValueError(f"end ({end:%Y-%m-%d}) must not be before start ({start:%Y-%m-%d})")
    days = int((end - start).days) + 1
    begin = age_receivables(t, as_of=start - pd.Timedelta(days=1)).totals()
    fin = age_receivables(t, as_of=end).totals()
    sales = monthly_credit_sales(t, start=start, end=end)
    credit_sales = int(sales.sum())
    end_ar, end_cur = int(fin["total"]), int(fin["not_due"])
    nan = float("nan")
    d = dso(end_ar, credit_sales, days) if credit_sales > 0 else nan
    bp = best_possible_dso(end_cur, credit_sales, days) if credit_sales > 0 else nan
    collectible = int(begin["total"]) + credit_sales - end_cur
    cei = (collection_effectiveness_index(int(begin["total"]), credit_sales, end_ar, end_cur)
           if collectible > 0 else nan)
    history = monthly_credit_sales(t, start=t["doc_date"].min(), end=end)
    try:
        cb = count_back_dso(end_ar, history)
    except ValueError:
        cb = float("nan")
    return CollectionMetrics(
        start=start, end=end, days=days, begin_ar_cents=int(begin["total"]), end_ar_cents=end_ar,
        end_current_ar_cents=end_cur, credit_sales_cents=credit_sales, dso=d, count_back_dso=cb,
        best_possible_dso=bp, add=average_days_delinquent(d, bp),
        cei=cei,
    )


def roll_rates(ledger, *, from_date, to_date, by="due", buckets=DEFAULT_EDGES):
    """Bucket migration of open items between two as-of dates.

    Each debit document open at ``from_date`` is placed in its bucket then and
    in its bucket at ``to_date`` (or ``collected`` for what was settled in
    between).

    Returns
    -------
    matrix : DataFrame
        Rows: bucket at ``from_date``; columns: bucket at ``to_date`` and
        ``collected``; values: cents (rows sum to the balance at ``from_date``).
    rates : DataFrame
        The matrix divided by its row sums.
    """
    edges = parse_buckets(buckets)
    labels = bucket_labels(edges, by=by)
    t = validate_ledger(ledger)
    d1, d2 = _to_date(from_date, name="from_date"), _to_date(to_date, name="to_date")
    if d2 <= d1:
        raise ValueError(f"to_date ({d2:%Y-%m-%d}) must be after from_date ({d1:%Y-%m-%d})")
    a = open_items(t, as_of=d1).items
    a = a[a["open_cents"] > 0]
    b = open_items(t, as_of=d2).items.set_index("doc_no")["open_cents"]
    later = b.reindex(a["doc_no"]).fillna(0).astype("int64").to_numpy()

    def bucket_at(as_of):
        return bucket_index(age_days(a["doc_date"], a["due_date"], as_of=as_of, by=by), edges, by=by)

    i1, i2 = bucket_at(d1), bucket_at(d2)
    cols = labels + ["collected"]
    m = np.zeros((len(labels), len(cols)), dtype="int64")
    np.add.at(m, (i1, i2), later)
    np.add.at(m, (i1, np.full(len(i1), len(labels))), a["open_cents"].to_numpy(dtype="int64") - later)
    matrix = pd.DataFrame(m, index=pd.Index(labels, name="from"), columns=pd.Index(cols, name="to"))
    sums = matrix.sum(axis=1).to_numpy()
    rates = matrix.div(np.where(sums > 0, sums, 1), axis=0)
    return matrix, rates


def aging_trend(ledger, *, start, end, by="due", buckets=DEFAULT_EDGES) -> pd.DataFrame:
    """Aging totals at each month end from ``start`` to ``end`` (cents).

    Returns
    -------
    DataFrame
        Index: month-end as-of dates; columns: bucket labels, ``total``, ``unapplied``.
    """
    t = validate_ledger(ledger)
    s, e = _to_date(start, name="start"), _to_date(end, name="end")
    if e < s:
        raise ValueError(f"end ({e:%Y-%m-%d}) must not be before start ({s:%Y-%m-%d})")
    dates = pd.date_range(s + pd.offsets.MonthEnd(0), e, freq="ME")
    rows = [age_receivables(t, as_of=d, by=by, buckets=buckets).totals() for d in dates]
    out = pd.DataFrame(rows, index=pd.DatetimeIndex(dates, name="as_of"))
    return out.astype("int64")
