"""A seeded invoice-level receivables export in the IBM accounts-receivable sample layout.

IBM's "WA_Fn-UseC_-Accounts-Receivable" sample (used in Watson Analytics and
many invoice-to-cash tutorials) has one row per invoice::

    countryCode, customerID, PaperlessDate, invoiceNumber, InvoiceDate, DueDate,
    InvoiceAmount, Disputed, SettledDate, PaperlessBill, DaysToSettle, DaysLate

with US ``m/d/Y`` dates, 30-day terms, and ``SettledDate`` blank while an
invoice is open. :func:`invoice_export` writes data of that shape with
customer-level behaviour — each customer has its own typical delay, a few
worsen over time, disputed invoices and paper bills are paid later — so a
late-payment model has something to learn and the "same delay as last time"
baseline something to be beaten on. :data:`COLUMN_MAP` is the column map
that reads it into the canonical ledger.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..dates import to_date

__all__ = ["invoice_export", "invoice_export_ledger", "COLUMN_MAP", "IBM_COLUMNS"]

#: The column map (a YAML file) that reads the export with ``load_ledger(path, columns=INVOICE_EXPORT_COLUMNS)``.
COLUMN_MAP = Path(__file__).with_name("data") / "ibm_ar_columns.yaml"

IBM_COLUMNS = ["countryCode", "customerID", "PaperlessDate", "invoiceNumber", "InvoiceDate", "DueDate",
               "InvoiceAmount", "Disputed", "SettledDate", "PaperlessBill", "DaysToSettle", "DaysLate"]

_COUNTRIES = (391, 406, 770, 818, 897)
_LETTERS = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _us(d: pd.Series) -> pd.Series:
    return d.dt.month.astype(str) + "/" + d.dt.day.astype(str) + "/" + d.dt.year.astype(str)


def invoice_export(seed: int = 2013, *, n_customers: int = 100, n_invoices: int = 3000, start="2012-01-01",
                   end="2013-12-31") -> pd.DataFrame:
    """Invoices of ``n_customers`` customers between ``start`` and ``end``, in the IBM layout.

    Parameters
    ----------
    seed : int, default 2013
    n_customers : int, default 100
    n_invoices : int, default 3000
    start, end : str or date
        First and last invoice date; ``end`` is also the extraction date:
        invoices settled after it are open (blank ``SettledDate``).

    Returns
    -------
    DataFrame
        Text columns as an export holds them, in :data:`IBM_COLUMNS` order.

    Examples
    --------
    >>> t = invoice_export(seed=1, n_customers=5, n_invoices=40)
    >>> t.columns.tolist() == IBM_COLUMNS, len(t), t["customerID"].nunique() <= 5
    (True, 40, True)
    >>> int((t["SettledDate"] == "").sum()) < 40
    True
    """
    for name, v, lo, hi in (("n_customers", n_customers, 1, 10_000), ("n_invoices", n_invoices, 1, 1_000_000)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool):
            raise TypeError(f"{name} must be an int, got {type(v).__name__}")
        if not lo <= v <= hi:
            raise ValueError(f"{name} must be between {lo} and {hi}, got {v}")
    start, end = to_date(start, name="start"), to_date(end, name="end")
    if end <= start:
        raise ValueError(f"end ({end:%Y-%m-%d}) must be after start ({start:%Y-%m-%d})")
    rng = np.random.default_rng(int(seed))
    span = int((end - start).days) + 1

    # customers: id, country, typical delay, spread, drift, dispute rate, paperless since
    nums = rng.choice(10_000, n_customers, replace=n_customers > 10_000)
    ids = [f"{k:04d}-{''.join(rng.choice(_LETTERS, 5))}" for k in nums]
    kind = rng.choice(3, n_customers, p=[0.55, 0.3, 0.15])
    mean_delay = np.select([kind == 0, kind == 1], [rng.uniform(-20, -3, n_customers), rng.uniform(0, 12, n_customers)],
                           rng.uniform(10, 35, n_customers))
    spread = rng.uniform(2, 8, n_customers)
    drift = np.where(rng.random(n_customers) < 0.15, rng.uniform(10, 30, n_customers), 0.0)  # days per year
    dispute_p = rng.uniform(0.05, 0.35, n_customers)
    country = rng.choice(_COUNTRIES, n_customers)
    paperless_since = start + pd.to_timedelta(rng.integers(-400, span, n_customers), unit="D")
    size = rng.lognormal(np.log(60), 0.4, n_customers)
    weight = rng.gamma(2.0, 1.0, n_customers)

    # invoices
    c = np.sort(rng.choice(n_customers, n_invoices, p=weight / weight.sum()))
    inv_date = start + pd.to_timedelta(rng.integers(0, span, n_invoices), unit="D")
    due = inv_date + pd.Timedelta(days=30)
    amount = np.round(np.maximum(5, rng.lognormal(np.log(size[c]), 0.35)), 2)
    disputed = rng.random(n_invoices) < dispute_p[c]
    paperless = inv_date >= paperless_since[c]
    years = (inv_date - start).days.to_numpy() / 365.0
    delay = (mean_delay[c] + drift[c] * years + rng.normal(0, spread[c]) + np.where(disputed, rng.uniform(8, 20, n_invoices), 0)
             + np.where(paperless, -2.0, 2.0))
    to_settle = np.maximum(0, np.round(30 + delay)).astype(int)
    settled = inv_date + pd.to_timedelta(to_settle, unit="D")
    is_open = settled > end
    numbers = rng.choice(np.arange(100_000, 9_999_999), n_invoices, replace=False)

    t = pd.DataFrame({"c": c, "d": inv_date}).sort_values(["d", "c"], kind="stable").index.to_numpy()
    s_settled = pd.Series(settled[t])
    s_due = pd.Series(due[t])
    out = pd.DataFrame({
        "countryCode": country[c[t]].astype(str),
        "customerID": np.asarray(ids, dtype=object)[c[t]],
        "PaperlessDate": _us(pd.Series(paperless_since[c[t]])).to_numpy(),
        "invoiceNumber": numbers[t].astype(str),
        "InvoiceDate": _us(pd.Series(inv_date[t])).to_numpy(),
        "DueDate": _us(s_due).to_numpy(),
        "InvoiceAmount": [f"{a:.2f}" for a in amount[t]],
        "Disputed": np.where(disputed[t], "Yes", "No"),
        "SettledDate": np.where(is_open[t], "", _us(s_settled).to_numpy()),
        "PaperlessBill": np.where(paperless[t], "Electronic", "Paper"),
        "DaysToSettle": np.where(is_open[t], "", to_settle[t].astype(str)),
        "DaysLate": np.where(is_open[t], "", np.maximum(0, (s_settled - s_due).dt.days.to_numpy()).astype(str)),
    })
    return out[IBM_COLUMNS]


def invoice_export_ledger(seed: int = 2013, *, n_invoices: int = 3000, folder=None):
    """The export of :func:`invoice_export` written to a CSV file and read back as a user's file would be.

    The file goes through :func:`creditkit.receivables.load_ledger` with
    :data:`COLUMN_MAP`, so the reading (US dates, blank settled dates, the
    column map) is exercised exactly as on a real export.

    Parameters
    ----------
    seed : int, default 2013
    n_invoices : int, default 3000
    folder : str or Path, optional
        Where ``ar_invoices.csv`` is written; a new temporary folder by default.

    Returns
    -------
    creditkit.receivables.Ledger

    Examples
    --------
    >>> led = invoice_export_ledger(7, n_invoices=200)
    >>> led.reconciliation.balanced, int((led.table["doc_type"] == "invoice").sum())
    (True, 200)
    """
    import tempfile

    from ..receivables.ledger import load_ledger

    path = Path(folder if folder is not None else tempfile.mkdtemp(prefix="creditkit-")) / "ar_invoices.csv"
    invoice_export(seed, n_invoices=n_invoices).to_csv(path, index=False)
    return load_ledger(path, columns=COLUMN_MAP)
