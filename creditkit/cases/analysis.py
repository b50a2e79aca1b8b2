"""What the kit's tools find in a case world: payment features, early warnings, evaluations and costs.

* :func:`payment_features` — per customer, from the aging: open and overdue
  amounts, overdue share, days beyond terms, oldest days overdue.
* :func:`warning_timeline` — month by month, when the aging first flagged
  each customer, against the answer key's turn month.
* :func:`evaluate_world_customer` — ratios, industry comparison, Altman Z'
  and payment record combined into a rating, then limit and terms by policy.
* :func:`overdue_cost` — what an overdue balance and a bad debt cost in profit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from .._checks import check_number
from ..dates import to_date
from ..evaluation.altman import AltmanResult, altman_z
from ..evaluation.rating import RatingResult, rate_customer
from ..evaluation.ratios import financial_ratios, industry_comparison, normalize_statement
from ..evaluation.scores import altman_to_100, ratio_score
from ..money import round_half_up, to_decimal
from ..policy import credit_limit_methods, payment_terms
from ..receivables.aging import age_receivables
from .generator import CaseWorld

__all__ = ["payment_features", "warning_timeline", "WorldEvaluation", "evaluate_world_customer", "payment_score",
           "overdue_cost", "OverdueCost", "rank_auc"]

#: Overdue share (of the open balance more than 30 days past due) from which the aging flags a customer.
FLAG_SHARE = 0.25


def payment_features(ledger, *, as_of, sales_days: int = 180) -> pd.DataFrame:
    """Per-customer payment features read from the aging.

    Parameters
    ----------
    ledger : DataFrame or Ledger
        Canonical ledger.
    as_of : str or date
    sales_days : int, default 180
        Days of credit sales over which the daily sales rate is taken.

    Returns
    -------
    DataFrame
        Index ``customer_id``; columns ``open_cents``, ``overdue_cents`` (past
        due), ``overdue_30_cents`` (more than 30 days past due),
        ``overdue_share`` (overdue / open, 0 when nothing is open),
        ``overdue_30_share``, ``days_beyond_terms`` (overdue ÷ average daily
        credit sales of the last ``sales_days``; the open-weighted days overdue
        when there were no sales) and ``max_days_overdue``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A", "A"], "customer_name": ["甲", "甲"], "doc_type": ["invoice"] * 2,
    ...     "doc_no": ["I1", "I2"], "doc_date": pd.to_datetime(["2025-03-01", "2025-06-01"]),
    ...     "due_date": pd.to_datetime(["2025-03-31", "2025-07-01"]), "amount_cents": [30000, 60000]})
    >>> f = payment_features(t, as_of="2025-06-30")
    >>> f.loc["A", ["overdue_share", "max_days_overdue"]].tolist()
    [0.3333333333333333, 91.0]
    >>> float(f.loc["A", "days_beyond_terms"])  # 300 yuan overdue ÷ (900 yuan / 180 days)
    60.0
    """
    as_of = to_date(as_of, name="as_of")
    sales_days = check_number("sales_days", sales_days, low=1, integer=True)
    r = age_receivables(ledger, as_of=as_of)
    it = r.items
    over = it["age_days"] > 0
    g = it.assign(overdue=np.where(over, it["open_cents"], 0),
                  overdue_30=np.where(it["age_days"] > 30, it["open_cents"], 0),
                  weighted=np.where(over, it["open_cents"] * it["age_days"], 0),
                  late_days=np.where(over, it["age_days"], 0)).groupby("customer_id")
    f = pd.DataFrame({"open_cents": g["open_cents"].sum(), "overdue_cents": g["overdue"].sum(),
                      "overdue_30_cents": g["overdue_30"].sum(), "max_days_overdue": g["late_days"].max(),
                      "weighted": g["weighted"].sum()})
    t = ledger.table if hasattr(ledger, "table") else ledger
    recent = t[(t["doc_type"] == "invoice") & (t["doc_date"] > as_of - pd.Timedelta(days=sales_days))
               & (t["doc_date"] <= as_of)]
    daily = recent.groupby("customer_id")["amount_cents"].sum().reindex(f.index, fill_value=0) / sales_days
    ids = pd.Index(sorted(t.loc[t["doc_date"] <= as_of, "customer_id"].unique()), name="customer_id")
    f = f.reindex(ids, fill_value=0)
    daily = daily.reindex(ids, fill_value=0)
    f["overdue_share"] = np.where(f["open_cents"] > 0, f["overdue_cents"] / f["open_cents"].where(f["open_cents"] > 0, 1), 0.0)
    f["overdue_30_share"] = np.where(f["open_cents"] > 0, f["overdue_30_cents"] / f["open_cents"].where(f["open_cents"] > 0, 1), 0.0)
    weighted_age = f["weighted"] / f["overdue_cents"].where(f["overdue_cents"] > 0, 1)
    f["days_beyond_terms"] = np.where(daily > 0, f["overdue_cents"] / daily.where(daily > 0, 1), weighted_age)
    f["max_days_overdue"] = f["max_days_overdue"].astype(float)
    for c in ("open_cents", "overdue_cents", "overdue_30_cents"):
        f[c] = f[c].astype("int64")
    return f.drop(columns="weighted")


def rank_auc(score, bad) -> float:
    """Probability that a random bad ranks above a random good on ``score`` (ties count half).

    Examples
    --------
    >>> rank_auc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0])
    1.0
    """
    s, b = np.asarray(score, float), np.asarray(bad).astype(bool)
    if b.all() or not b.any():
        raise ValueError("bad must hold both bads and goods")
    diff = s[b][:, None] - s[~b][None, :]
    return float(((diff > 0) + 0.5 * (diff == 0)).mean())


def warning_timeline(world: CaseWorld, *, share: float = FLAG_SHARE) -> pd.DataFrame:
    """When the month-end aging first flagged each customer, against its turn month.

    A customer is flagged at a month end when more than ``share`` of its open
    balance is more than 30 days past due. Month ends run from the third month
    of the period to the case's as-of date.

    Returns
    -------
    DataFrame
        One row per customer: ``customer_id, hidden_type, turn_month,
        first_flag`` (``YYYY-MM`` of the first flagged month end, empty if
        never), ``flags`` (number of flagged month ends), ``lag_months``
        (first flag − turn month, NaN when either is missing).
    """
    if not isinstance(world, CaseWorld):
        raise TypeError(f"world must be a CaseWorld, got {type(world).__name__}")
    share = check_number("share", share, low=0, high=1)
    start = pd.Timestamp(world.parameters["start"])
    ends = pd.date_range(start + pd.DateOffset(months=2), world.as_of, freq="ME")
    flagged = {}
    for d in ends:
        f = payment_features(world.ledger, as_of=d)
        flagged[d] = f.index[f["overdue_30_share"] > share]
    key = world.answer_key.set_index("customer_id")
    rows = []
    for cid in key.index:
        months = [d for d in ends if cid in flagged[d]]
        first = f"{months[0]:%Y-%m}" if months else ""
        turn = key.loc[cid, "turn_month"]
        lag = (_month_number(first) - _month_number(turn)) if first and turn else np.nan
        rows.append((cid, key.loc[cid, "hidden_type"], turn, first, len(months), lag))
    return pd.DataFrame(rows, columns=["customer_id", "hidden_type", "turn_month", "first_flag", "flags", "lag_months"])


def _month_number(text: str) -> int:
    y, m = text.split("-")
    return int(y) * 12 + int(m)


def payment_score(features: pd.Series) -> float:
    """Payment record on 0–100: 100 − 100 × overdue-30 share − days beyond terms ÷ 2, clipped.

    A teaching mapping: a customer with nothing more than 30 days overdue and
    no days beyond terms scores 100; half its balance 30+ days overdue costs 50
    points, every 2 days beyond terms one more.

    Examples
    --------
    >>> payment_score(pd.Series({"overdue_30_share": 0.5, "days_beyond_terms": 20.0}))
    40.0
    """
    s = 100 - 100 * float(features["overdue_30_share"]) - float(features["days_beyond_terms"]) / 2
    return float(np.clip(s, 0, 100))


@dataclass(frozen=True)
class WorldEvaluation:
    """One generated customer through the evaluation tools and the policy.

    Attributes
    ----------
    customer_id : str
    ratios : DataFrame
        Ratios by year.
    comparison : DataFrame
        Latest ratios against the industry.
    altman : AltmanResult
        Z'-score of the latest year.
    features : Series
        Payment features (see :func:`payment_features`).
    rating : RatingResult
        ``ratios``, ``altman`` and ``payment`` scores combined.
    limits : DataFrame
        Credit limit by method for the grade (yuan).
    recommended_limit_cents, granted_limit_cents, exposure_cents : int
    terms_days, granted_terms_days : int
    """

    customer_id: str
    ratios: pd.DataFrame
    comparison: pd.DataFrame
    altman: AltmanResult
    features: pd.Series
    rating: RatingResult
    limits: pd.DataFrame
    recommended_limit_cents: int
    granted_limit_cents: int
    exposure_cents: int
    terms_days: int
    granted_terms_days: int


def evaluate_world_customer(world: CaseWorld, customer_id, *, as_of=None, features=None) -> WorldEvaluation:
    """Rate one customer of a world from its statements and payment record; limit and terms by policy.

    Parameters
    ----------
    world : CaseWorld
    customer_id : str
    as_of : str or date, optional
        Default: the world's as-of date.
    features : DataFrame, optional
        :func:`payment_features` of the ledger at ``as_of`` (computed when not given).

    Returns
    -------
    WorldEvaluation

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> w = load_case("manufacturing", n_customers=6, months=12, start="2024-07-01")
    >>> ev = evaluate_world_customer(w, "ZZ0001")
    >>> ev.rating.grade in "ABCDE", ev.terms_days in (0, 30, 60, 90)
    (True, True)
    """
    as_of = world.as_of if as_of is None else to_date(as_of, name="as_of")
    cust = world.customer(customer_id)
    statement = world.statement(customer_id)
    ratios = financial_ratios(statement)
    comparison = industry_comparison(ratios, cust["industry"])
    s = normalize_statement(statement).iloc[:, -1]
    z = altman_z(s["current_assets"] - s["current_liabilities"], s["retained_earnings"], s["ebit"],
                 s["total_equity"], s["revenue"], s["total_assets"], s["total_liabilities"], variant="z_prime")
    features = payment_features(world.ledger, as_of=as_of) if features is None else features
    f = features.loc[customer_id] if customer_id in features.index else pd.Series(
        {"open_cents": 0, "overdue_cents": 0, "overdue_30_cents": 0, "overdue_share": 0.0, "overdue_30_share": 0.0,
         "days_beyond_terms": 0.0, "max_days_overdue": 0.0})
    rating = rate_customer({"ratios": ratio_score(comparison), "altman": altman_to_100(z.score),
                            "payment": payment_score(f)})
    limits = credit_limit_methods(rating.grade, net_worth=max(float(s["total_equity"]), 0.0),
                                  working_capital=float(s["current_assets"] - s["current_liabilities"]),
                                  expected_annual_purchases=float(cust["annual_sales_cents"]) / 100)
    return WorldEvaluation(customer_id, ratios, comparison, z, f, rating, limits,
                           int(round_half_up(limits.attrs["recommended"] * 100, 0)), int(cust["limit_cents"]),
                           int(f["open_cents"]), payment_terms(rating.grade), int(cust["terms"]))


@dataclass(frozen=True)
class OverdueCost:
    """What overdue receivables and a bad debt cost (cents).

    Attributes
    ----------
    bad_debt_cents : int
        The amount written off (or expected to be).
    sales_to_recover_cents : int
        Extra sales needed for their margin to replace the bad debt: bad debt ÷ margin.
    carrying_cost_cents : int
        Financing cost of carrying the overdue balance: overdue × cost of capital × days / 365.
    margin, cost_of_capital : float
    days : float
    """

    bad_debt_cents: int
    sales_to_recover_cents: int
    carrying_cost_cents: int
    margin: float
    cost_of_capital: float
    days: float


def overdue_cost(bad_debt_cents, *, margin, overdue_cents=0, cost_of_capital=0.06, days=0) -> OverdueCost:
    """Profit cost of a bad debt and of carrying an overdue balance.

    Parameters
    ----------
    bad_debt_cents : int
        Bad debt (written off or provided for), cents, ≥ 0.
    margin : float
        Net profit margin on sales, in (0, 1].
    overdue_cents : int, default 0
        Overdue balance carried.
    cost_of_capital : float, default 0.06
        Annual financing rate.
    days : float, default 0
        Days the overdue balance is carried (e.g. days beyond terms).

    Returns
    -------
    OverdueCost

    Notes
    -----
    ``sales_to_recover = bad_debt / margin``: at a 5 % margin a 100,000-yuan bad
    debt takes 2,000,000 yuan of new sales to earn back.
    ``carrying_cost = overdue × cost_of_capital × days / 365``. Both are
    computed in decimal arithmetic and rounded half-up to the cent once.

    Examples
    --------
    >>> c = overdue_cost(10_000_000, margin=0.05, overdue_cents=50_000_000, cost_of_capital=0.06, days=73)
    >>> c.sales_to_recover_cents, c.carrying_cost_cents
    (200000000, 600000)
    """
    for name, v in (("bad_debt_cents", bad_debt_cents), ("overdue_cents", overdue_cents)):
        check_number(name, v, low=0, integer=True)
    margin = check_number("margin", margin, low=0, high=1, low_open=True)
    cost_of_capital = check_number("cost_of_capital", cost_of_capital, low=0, high=1)
    days = check_number("days", days, low=0)
    sales = Decimal(int(bad_debt_cents)) / to_decimal(margin, name="margin")
    carry = Decimal(int(overdue_cents)) * to_decimal(cost_of_capital, name="cost_of_capital") \
        * to_decimal(days, name="days") / 365
    return OverdueCost(int(bad_debt_cents), int(round_half_up(sales, 0)), int(round_half_up(carry, 0)),
                       margin, cost_of_capital, days)
