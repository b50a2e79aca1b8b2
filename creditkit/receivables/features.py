"""Per-customer risk features of a receivables ledger, as of a date.

:func:`signal_features` turns the canonical ledger into one row of numbers
per customer, computed strictly from documents dated on or before ``as_of``;
a receipt dated later does not count as paid (see
:mod:`~creditkit.receivables.settlement`). The risk rules
(:mod:`~creditkit.receivables.rules`) are written over these names.

Feature groups
--------------
* **Exposure and overdue** (from the aging's own allocation): ``open_cents``,
  ``balance_cents``, ``overdue_cents``, ``share_overdue``,
  ``max_days_overdue``, ``dbt`` — days beyond terms, the open-amount
  weighted mean of days past due over the open items (not-due items count
  0) — and ``dbt_change``, its change over the last ``months`` months.
* **Payment history** (Zeng et al. 2008, Table 2 of "Using predictive analysis
  to improve invoice-to-cash collection", KDD '08, doi:10.1145/1401890.1402014:
  counts, amounts and ratios of paid and outstanding invoices that were late,
  and their average days late): ``n_paid``, ``n_paid_late``,
  ``ratio_paid_late``, ``amount_paid_cents``, ``amount_paid_late_cents``,
  ``ratio_amount_paid_late``, ``avg_days_late``, ``n_outstanding``,
  ``n_outstanding_late``, ``ratio_outstanding_late``,
  ``amount_outstanding_cents``, ``amount_outstanding_late_cents``,
  ``ratio_amount_outstanding_late``, ``avg_days_late_outstanding``.
* **Behaviour drift**: ``partial_share`` (invoices of the last 12 months paid
  in parts), ``days_since_last_payment``, ``median_payment_interval`` and
  ``payment_interval_change`` (receipts of the last 6 months against the 6
  before), ``balance_growth``, ``sales_growth`` and
  ``balance_growth_vs_sales`` (last ``months`` months against the same span
  before), ``unapplied_cents``, ``limit_use``, ``concentration``.
* **Given facts**, when supplied: ``promise_keep_rate`` and
  ``promises_broken`` (a promises-to-pay table); financial ratios and their
  change, ``altman_distress`` and ``altman_zone_down`` (a financials table);
  qualitative flags from the seeds' danger signals (:data:`QUALITATIVE_FLAGS`).

A feature that cannot be computed (no paid invoice yet, no limit given) is
NaN, and a rule comparing it is false.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aging import open_items
from ..dates import to_date
from .settlement import BEHAVIOUR_TYPES, ledger_table, settlement_dates

__all__ = ["signal_features", "FEATURE_KINDS", "QUALITATIVE_FLAGS", "FINANCIAL_COLUMNS", "feature_names"]

#: Qualitative danger signals a credit analyst can record per customer (1 = observed).
QUALITATIVE_FLAGS = ("legal_dispute", "management_change", "slow_replies", "bank_account_change",
                     "address_change", "multiple_borrowing")

#: Columns a financials table may hold (one row per customer and statement date).
FINANCIAL_COLUMNS = ("current_ratio", "quick_ratio", "debt_ratio", "interest_coverage", "altman_z")

#: Every feature and how its value is shown: days, share, cents, count, number or flag.
FEATURE_KINDS: dict[str, str] = {
    "open_cents": "cents", "balance_cents": "cents", "overdue_cents": "cents", "share_overdue": "share",
    "max_days_overdue": "days", "dbt": "days", "dbt_change": "days_change",
    "n_paid": "count", "n_paid_late": "count", "ratio_paid_late": "share", "amount_paid_cents": "cents",
    "amount_paid_late_cents": "cents", "ratio_amount_paid_late": "share", "avg_days_late": "days",
    "n_outstanding": "count", "n_outstanding_late": "count", "ratio_outstanding_late": "share",
    "amount_outstanding_cents": "cents", "amount_outstanding_late_cents": "cents",
    "ratio_amount_outstanding_late": "share", "avg_days_late_outstanding": "days",
    "partial_share": "share", "days_since_last_payment": "days", "median_payment_interval": "days",
    "payment_interval_change": "days_change", "balance_growth": "share_change", "sales_growth": "share_change",
    "balance_growth_vs_sales": "share_change", "unapplied_cents": "cents", "limit_use": "share",
    "concentration": "share", "promise_keep_rate": "share", "promises_broken": "count",
    **{c: "number" for c in FINANCIAL_COLUMNS}, **{f"{c}_change": "number_change" for c in FINANCIAL_COLUMNS},
    "altman_distress": "flag", "altman_zone_down": "flag",
    **{f: "flag" for f in QUALITATIVE_FLAGS},
}

_ZONE_RANK = {"safe": 0, "grey": 1, "distress": 2}


def feature_names() -> list[str]:
    """Names of all features, in table order.

    Examples
    --------
    >>> "dbt" in feature_names() and "legal_dispute" in feature_names()
    True
    """
    return list(FEATURE_KINDS)


def _div(a, b):
    a, b = np.asarray(a, dtype="float64"), np.asarray(b, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b == 0, 1, b), np.nan)


def _open_summary(t: pd.DataFrame, as_of: pd.Timestamp, ids: pd.Index) -> pd.DataFrame:
    oi = open_items(t, as_of=as_of)
    it = oi.items[oi.items["open_cents"] > 0]
    due = it["due_date"].fillna(it["doc_date"])
    past = (as_of - due).dt.days.clip(lower=0).astype("float64")
    w = it["open_cents"].astype("float64")
    g = pd.DataFrame({"c": it["customer_id"].to_numpy(), "open": w.to_numpy(), "od": np.where(past > 0, w, 0.0),
                      "wd": (w * past).to_numpy(), "past": past.to_numpy()}).groupby("c")
    out = pd.DataFrame(index=ids)
    out["open_cents"] = g["open"].sum().reindex(ids).fillna(0)
    out["overdue_cents"] = g["od"].sum().reindex(ids).fillna(0)
    out["max_days_overdue"] = g["past"].max().reindex(ids).fillna(0)
    out["dbt"] = _div(g["wd"].sum().reindex(ids).fillna(0), out["open_cents"])
    out.loc[out["open_cents"] == 0, "dbt"] = 0.0
    out["unapplied_cents"] = oi.unapplied.set_index("customer_id")["unapplied_cents"].reindex(ids).fillna(0)
    out["balance_cents"] = out["open_cents"] - out["unapplied_cents"]
    return out


def _history(s: pd.DataFrame, as_of: pd.Timestamp, ids: pd.Index) -> pd.DataFrame:
    s = s[s["doc_type"].isin(BEHAVIOUR_TYPES) & s["due_date"].notna()]
    paid = s["settled_date"].notna()
    late_days = (s["settled_date"] - s["due_date"]).dt.days
    open_late_days = (as_of - s["due_date"]).dt.days
    amt = s["amount_cents"].astype("float64")
    f = pd.DataFrame({
        "c": s["customer_id"].to_numpy(),
        "paid": paid.to_numpy(), "paid_late": (paid & (late_days > 0)).to_numpy(),
        "amt_paid": np.where(paid, amt, 0.0), "amt_paid_late": np.where(paid & (late_days > 0), amt, 0.0),
        "days_late": np.where(paid & (late_days > 0), late_days, np.nan),
        "out": (~paid).to_numpy(), "out_late": (~paid & (open_late_days > 0)).to_numpy(),
        "amt_out": np.where(~paid, amt, 0.0), "amt_out_late": np.where(~paid & (open_late_days > 0), amt, 0.0),
        "days_out": np.where(~paid & (open_late_days > 0), open_late_days, np.nan),
        "partial": (((s["parts"] >= 2) | ((s["open_cents"] > 0) & (s["parts"] >= 1)))
                    & (s["doc_date"] > as_of - pd.DateOffset(months=12))).to_numpy(),
        "recent": (s["doc_date"] > as_of - pd.DateOffset(months=12)).to_numpy(),
    })
    g = f.groupby("c")
    sums = g.sum(numeric_only=True).reindex(ids).fillna(0)
    means = g[["days_late", "days_out"]].mean().reindex(ids)
    out = pd.DataFrame(index=ids)
    out["n_paid"], out["n_paid_late"] = sums["paid"], sums["paid_late"]
    out["ratio_paid_late"] = _div(sums["paid_late"], sums["paid"])
    out["amount_paid_cents"], out["amount_paid_late_cents"] = sums["amt_paid"], sums["amt_paid_late"]
    out["ratio_amount_paid_late"] = _div(sums["amt_paid_late"], sums["amt_paid"])
    out["avg_days_late"] = means["days_late"].fillna(0).where(sums["paid"] > 0)
    out["n_outstanding"], out["n_outstanding_late"] = sums["out"], sums["out_late"]
    out["ratio_outstanding_late"] = _div(sums["out_late"], sums["out"])
    out["amount_outstanding_cents"], out["amount_outstanding_late_cents"] = sums["amt_out"], sums["amt_out_late"]
    out["ratio_amount_outstanding_late"] = _div(sums["amt_out_late"], sums["amt_out"])
    out["avg_days_late_outstanding"] = means["days_out"].fillna(0).where(sums["out"] > 0)
    out["partial_share"] = _div(sums["partial"], sums["recent"])
    return out


def _payments(t: pd.DataFrame, as_of: pd.Timestamp, ids: pd.Index) -> pd.DataFrame:
    r = t[(t["doc_type"] == "receipt")].sort_values(["customer_id", "doc_date"])
    first_debit = t[t["amount_cents"] > 0].groupby("customer_id")["doc_date"].min().reindex(ids)
    last = r.groupby("customer_id")["doc_date"].max().reindex(ids)
    out = pd.DataFrame(index=ids)
    out["days_since_last_payment"] = (as_of - last.fillna(first_debit)).dt.days.astype("float64")
    gap = r.groupby("customer_id")["doc_date"].diff().dt.days
    r = r.assign(gap=gap)
    recent = r["doc_date"] > as_of - pd.DateOffset(months=6)
    before = ~recent & (r["doc_date"] > as_of - pd.DateOffset(months=12))
    out["median_payment_interval"] = r[recent | before].groupby("customer_id")["gap"].median().reindex(ids)
    out["payment_interval_change"] = (r[recent].groupby("customer_id")["gap"].mean().reindex(ids)
                                      - r[before].groupby("customer_id")["gap"].mean().reindex(ids))
    return out


def _growth(t, as_of, prev, prev_balance, balance, ids):
    inv = t[t["doc_type"].isin(BEHAVIOUR_TYPES) & (t["amount_cents"] > 0)]
    span = as_of - prev
    now = inv[inv["doc_date"] > prev].groupby("customer_id")["amount_cents"].sum().reindex(ids).fillna(0)
    was = inv[(inv["doc_date"] > prev - span) & (inv["doc_date"] <= prev)].groupby("customer_id")["amount_cents"] \
        .sum().reindex(ids).fillna(0)
    out = pd.DataFrame(index=ids)
    out["balance_growth"] = _div(balance - prev_balance, prev_balance.where(prev_balance > 0, 0))
    out["sales_growth"] = _div(now - was, was)
    out["balance_growth_vs_sales"] = out["balance_growth"] - out["sales_growth"]
    return out


def _frame_arg(name, value, required):
    if not isinstance(value, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame, got {type(value).__name__}")
    missing = [c for c in required if c not in value.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(map(repr, missing))}; it has {list(value.columns)}")
    return value


def _promises(promises, as_of, ids):
    p = _frame_arg("promises", promises, ("customer_id", "promise_date", "status"))
    bad = ~p["status"].isin(["pending", "kept", "broken"])
    if bad.any():
        raise ValueError(f"promises row {int(np.flatnonzero(bad)[0])}: status must be pending, kept or broken, "
                         f"got {p['status'][bad].iloc[0]!r}")
    p = p[pd.to_datetime(p["promise_date"]) <= as_of]
    kept = (p["status"] == "kept").groupby(p["customer_id"]).sum().reindex(ids).fillna(0)
    broken = (p["status"] == "broken").groupby(p["customer_id"]).sum().reindex(ids).fillna(0)
    return pd.DataFrame({"promise_keep_rate": _div(kept, kept + broken), "promises_broken": broken}, index=ids)


def _financials(fin, as_of, ids):
    f = _frame_arg("financials", fin, ("customer_id", "date"))
    extra = [c for c in f.columns if c not in ("customer_id", "date", "altman_zone") + FINANCIAL_COLUMNS]
    if extra:
        raise ValueError(f"financials has unknown column(s) {', '.join(map(repr, extra))}; "
                         f"expected {', '.join(FINANCIAL_COLUMNS)} or altman_zone")
    f = f.assign(date=pd.to_datetime(f["date"]))
    f = f[f["date"] <= as_of].sort_values(["customer_id", "date"])
    last = f.groupby("customer_id").tail(1).set_index("customer_id")
    prev = f.groupby("customer_id").nth(-2).set_index("customer_id")
    out = pd.DataFrame(index=ids)
    for c in FINANCIAL_COLUMNS:
        if c in f:
            out[c] = pd.to_numeric(last[c], errors="coerce").reindex(ids)
            out[f"{c}_change"] = out[c] - pd.to_numeric(prev[c], errors="coerce").reindex(ids)
    if "altman_zone" in f:
        z_now = last["altman_zone"].map(_ZONE_RANK).reindex(ids)
        z_was = prev["altman_zone"].map(_ZONE_RANK).reindex(ids)
        out["altman_distress"] = (z_now == 2).astype("float64").where(z_now.notna())
        out["altman_zone_down"] = (z_now > z_was).astype("float64").where(z_now.notna() & z_was.notna())
    return out


def _qualitative(q, ids):
    q = _frame_arg("qualitative", q, ("customer_id",))
    extra = [c for c in q.columns if c != "customer_id" and c not in QUALITATIVE_FLAGS]
    if extra:
        raise ValueError(f"qualitative has unknown column(s) {', '.join(map(repr, extra))}; "
                         f"expected {', '.join(QUALITATIVE_FLAGS)}")
    q = q.drop_duplicates("customer_id", keep="last").set_index("customer_id")
    out = pd.DataFrame(index=ids)
    for c in q.columns:
        out[c] = q[c].astype("float64").reindex(ids).fillna(0.0).clip(0, 1)
    return out


def signal_features(ledger, *, as_of, months=3, promises=None, limits=None, financials=None,
                    qualitative=None) -> pd.DataFrame:
    """One row of risk features per customer, from documents dated on or before ``as_of``.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger table.
    as_of : str or date
    months : int, default 3
        Window of the change features (``dbt_change``, ``balance_growth``...).
    promises : DataFrame, optional
        Promises to pay: ``customer_id, promise_date, amount_cents, status``
        with status ``pending``, ``kept`` or ``broken``; gives
        ``promise_keep_rate`` = kept / (kept + broken) and ``promises_broken``.
    limits : DataFrame or Series, optional
        Credit limits in cents: a Series indexed by customer_id or a frame with
        ``customer_id, credit_limit_cents``; gives ``limit_use`` = balance / limit.
    financials : DataFrame, optional
        ``customer_id, date`` and any of :data:`FINANCIAL_COLUMNS` and
        ``altman_zone``; the latest statement on or before ``as_of`` and its
        change from the one before.
    qualitative : DataFrame, optional
        ``customer_id`` and any of :data:`QUALITATIVE_FLAGS` (1 = observed);
        customers without a row count 0 for the columns given.

    Returns
    -------
    DataFrame
        Indexed by ``customer_id``: ``customer_name, sales_rep`` then the
        features of :data:`FEATURE_KINDS` (absent groups are NaN).

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A", "A", "A"], "customer_name": ["甲"] * 3,
    ...     "doc_type": ["invoice", "invoice", "receipt"], "doc_no": ["I1", "I2", "R1"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-02-20"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", "2025-03-31", None]),
    ...     "amount_cents": [10000, 20000, -10000], "ref_doc_no": ["", "", "I1"]})
    >>> f = signal_features(t, as_of="2025-04-30")
    >>> f.loc["A", ["overdue_cents", "dbt", "n_paid_late", "avg_days_late"]].tolist()
    [20000.0, 30.0, 1.0, 20.0]
    """
    as_of = to_date(as_of, name="as_of")
    if not isinstance(months, (int, np.integer)) or isinstance(months, bool) or not 1 <= months <= 24:
        raise ValueError(f"months must be a whole number from 1 to 24, got {months!r}")
    t = ledger_table(ledger)
    t = t[t["doc_date"] <= as_of]
    last = t.sort_values("doc_date", kind="stable").groupby("customer_id").tail(1).set_index("customer_id")
    ids = pd.Index(sorted(last.index), name="customer_id")
    prev = as_of - pd.DateOffset(months=int(months))
    now = _open_summary(t, as_of, ids)
    was = _open_summary(t[t["doc_date"] <= prev], prev, ids)
    f = pd.DataFrame(index=ids)
    f["customer_name"] = last["customer_name"].reindex(ids)
    f["sales_rep"] = last["sales_rep"].reindex(ids) if "sales_rep" in last else pd.NA
    for c in ("open_cents", "balance_cents", "overdue_cents"):
        f[c] = now[c]
    f["share_overdue"] = _div(now["overdue_cents"], now["open_cents"])
    f["max_days_overdue"], f["dbt"] = now["max_days_overdue"], now["dbt"]
    f["dbt_change"] = now["dbt"] - was["dbt"]
    f = f.join(_history(settlement_dates(t), as_of, ids))
    f = f.join(_payments(t, as_of, ids))
    f = f.join(_growth(t, as_of, prev, was["balance_cents"], now["balance_cents"], ids))
    f["unapplied_cents"] = now["unapplied_cents"]
    f["limit_use"] = np.nan
    if limits is not None:
        lim = limits
        if isinstance(lim, pd.DataFrame):
            lim = _frame_arg("limits", lim, ("customer_id", "credit_limit_cents")) \
                .set_index("customer_id")["credit_limit_cents"]
        if not isinstance(lim, pd.Series):
            raise TypeError(f"limits must be a DataFrame or a Series, got {type(limits).__name__}")
        f["limit_use"] = _div(now["balance_cents"].clip(lower=0), lim.reindex(ids).astype("float64"))
    total_open = float(now["open_cents"].sum())
    f["concentration"] = now["open_cents"] / total_open if total_open > 0 else 0.0
    f["promise_keep_rate"], f["promises_broken"] = np.nan, np.nan
    if promises is not None:
        f.update(_promises(promises, as_of, ids))
    given = {}
    if financials is not None:
        given.update(_financials(financials, as_of, ids))
    if qualitative is not None:
        given.update(_qualitative(qualitative, ids))
    for name in FEATURE_KINDS:
        if name not in f:
            f[name] = given.get(name, np.nan)
    f = f[["customer_name", "sales_rep"] + list(FEATURE_KINDS)]
    num = list(FEATURE_KINDS)
    f[num] = f[num].astype("float64")
    f.attrs["as_of"] = as_of
    f.attrs["months"] = int(months)
    return f
