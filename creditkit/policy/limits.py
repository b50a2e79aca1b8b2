"""Credit limits and payment terms: from a customer's grade to a limit, terms and order checks.

The rating (:func:`creditkit.evaluation.rate_customer`) ends in a grade; the
policy turns it into numbers a sales or finance person can act on:

* :class:`LimitPolicy` holds a company's grade-dependent factors, with
  teaching defaults for the A–E (:data:`DEFAULT_LIMIT_POLICY`) and AAA–C
  (:data:`AAA_LIMIT_POLICY`) scales;
* :func:`credit_limit_methods` computes the credit limit by four documented
  methods side by side and recommends the most conservative;
* :func:`payment_terms` gives the terms in days (0 = cash) for a grade;
* :func:`check_credit_limit` flags orders that would take a customer's
  exposure over its limit.

Money: factors are taken from their decimal text and multiplied in decimal
arithmetic; each limit is rounded once, half-up, to the cent by
:func:`creditkit.money.round_half_up`.

Examples
--------
>>> from creditkit import policy
>>> policy.payment_terms("B")
60
>>> policy.credit_limit_methods("B", net_worth=1_234_567.90).attrs["recommended"]
185185.19
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from .._checks import check_choice, check_number
from ..errors import EvaluationError, SchemaError
from ..money import cents_to_yuan, round_half_up, to_decimal, yuan_to_cents

__all__ = [
    "LimitPolicy",
    "DEFAULT_LIMIT_POLICY",
    "AAA_LIMIT_POLICY",
    "payment_terms",
    "credit_limit_methods",
    "check_credit_limit",
]


@dataclass(frozen=True)
class LimitPolicy:
    """Grade-dependent factors of the credit-limit methods and payment terms.

    Attributes
    ----------
    net_worth_share : dict
        Share of the customer's net worth (book equity) granted, by grade.
    working_capital_share : dict
        Share of the customer's working capital granted, by grade.
    terms_days : dict
        Payment terms by grade in days; 0 means cash (现款现货).
    buffer_days : int
        Days of purchases added to the terms in the expected-purchases method
        (time between invoice and booking the payment, order overlap).
    multiplier : dict
        Multiple of the base limit granted, by grade (rating-multiplier method).
    """

    net_worth_share: dict
    working_capital_share: dict
    terms_days: dict
    multiplier: dict
    buffer_days: int = 15


#: Policy for the A–E scale; a teaching default to be replaced by a company's
#: own credit policy.
DEFAULT_LIMIT_POLICY = LimitPolicy(
    net_worth_share={"A": 0.20, "B": 0.15, "C": 0.10, "D": 0.05, "E": 0.0},
    working_capital_share={"A": 0.25, "B": 0.20, "C": 0.10, "D": 0.05, "E": 0.0},
    terms_days={"A": 90, "B": 60, "C": 30, "D": 0, "E": 0},
    multiplier={"A": 2.0, "B": 1.5, "C": 1.0, "D": 0.5, "E": 0.0},
)

#: Policy for the AAA–C scale.
AAA_LIMIT_POLICY = LimitPolicy(
    net_worth_share={"AAA": 0.25, "AA": 0.20, "A": 0.15, "BBB": 0.12, "BB": 0.08, "B": 0.05, "CCC": 0.02, "CC": 0.0, "C": 0.0},
    working_capital_share={"AAA": 0.30, "AA": 0.25, "A": 0.20, "BBB": 0.15, "BB": 0.10, "B": 0.05, "CCC": 0.02, "CC": 0.0, "C": 0.0},
    terms_days={"AAA": 90, "AA": 90, "A": 60, "BBB": 60, "BB": 30, "B": 30, "CCC": 0, "CC": 0, "C": 0},
    multiplier={"AAA": 2.5, "AA": 2.0, "A": 1.5, "BBB": 1.2, "BB": 1.0, "B": 0.7, "CCC": 0.3, "CC": 0.0, "C": 0.0},
)

_POLICIES = {"A-E": DEFAULT_LIMIT_POLICY, "AAA-C": AAA_LIMIT_POLICY}


def _policy_for(grade, policy, scale=None):
    if policy is None:
        if scale is not None:
            check_choice("scale", scale, tuple(_POLICIES))
            policy = _POLICIES[scale]
        else:
            # "A", "B", "C" exist on both scales: the A-E scale is tried first
            policy = next((p for p in _POLICIES.values() if grade in p.terms_days), None)
        if policy is None:
            raise ValueError(f"grade must be a grade of the A-E or AAA-C scale, got {grade!r}")
    elif not isinstance(policy, LimitPolicy):
        raise TypeError(f"policy must be a LimitPolicy, got {type(policy).__name__}")
    if grade not in policy.terms_days:
        raise ValueError(f"grade {grade!r} is not in the policy's grades {list(policy.terms_days)!r}")
    return policy


def payment_terms(grade, *, policy=None, scale=None):
    """Recommended payment terms in days for a grade (0 = cash / 现款现货).

    Parameters
    ----------
    grade : str
    policy : LimitPolicy, optional
        Default: the built-in policy of ``scale``.
    scale : {"A-E", "AAA-C"}, optional
        Scale of the grade; needed for "A", "B" and "C" of the AAA–C scale,
        which the A–E scale also uses (default: A–E first).

    Examples
    --------
    >>> [payment_terms(g) for g in "ABCDE"]
    [90, 60, 30, 0, 0]
    >>> payment_terms("BBB"), payment_terms("A", scale="AAA-C")
    (60, 60)
    """
    if not isinstance(grade, str):
        raise TypeError(f"grade must be a str, got {type(grade).__name__} {grade!r}")
    return int(_policy_for(grade, policy, scale).terms_days[grade])


def credit_limit_methods(
    grade,
    *,
    net_worth=None,
    working_capital=None,
    expected_annual_purchases=None,
    base_limit=None,
    policy=None,
    scale=None,
    days_in_year=365,
):
    """Credit limit by several methods, side by side, and a recommendation.

    Parameters
    ----------
    grade : str
        The customer's grade (see :func:`creditkit.evaluation.rate_customer`).
    net_worth : float, optional
        Book equity of the customer (yuan).
    working_capital : float, optional
        Current assets − current liabilities (yuan).
    expected_annual_purchases : float, optional
        What the customer is expected to buy from us in a year (yuan).
    base_limit : float, optional
        The company's standard limit for a customer of this kind (yuan).
    policy : LimitPolicy, optional
        Default: the built-in policy of ``scale``.
    scale : {"A-E", "AAA-C"}, optional
        Scale of the grade (see :func:`payment_terms`).
    days_in_year : int, default 365

    Returns
    -------
    pandas.DataFrame
        One row per method with a basis given: ``basis`` (the amount the
        method starts from), ``factor`` and ``limit`` (yuan, rounded half-up
        to 2 decimals). ``.attrs["recommended"]`` holds the smallest limit
        (the conservative choice) and ``.attrs["method"]`` the method that
        gave it.

    Raises
    ------
    TypeError
        A grade that is not text, or a basis that is not a number.
    ValueError
        No basis given, a negative basis or an unknown grade.

    Notes
    -----
    * ``net_worth``: ``limit = net_worth × share(grade)`` — a supplier should
      not stake more than a slice of what the owners have at risk.
    * ``working_capital``: ``limit = max(working_capital, 0) × share(grade)``
      — what the customer can pay from its short-term resources.
    * ``expected_purchases``: ``limit = purchases × (terms + buffer) / 365``
      — the receivable balance the granted terms create; zero for cash terms.
    * ``rating_multiplier``: ``limit = base_limit × multiplier(grade)``.

    Bases and factors are taken from their decimal text and multiplied in
    decimal arithmetic (the purchases method divides by ``days_in_year``
    last); each limit is then rounded half-up to the cent, once.

    Examples
    --------
    >>> t = credit_limit_methods("B", net_worth=2_000_000, expected_annual_purchases=1_460_000)
    >>> t["limit"].tolist()
    [300000.0, 300000.0]
    >>> t.attrs["recommended"]
    300000.0

    1,234,567.90 × 15 % is 185,185.185 exactly, so the limit rounds up:

    >>> credit_limit_methods("B", net_worth=1_234_567.90)["limit"].tolist()
    [185185.19]
    """
    if not isinstance(grade, str):
        raise TypeError(f"grade must be a str, got {type(grade).__name__} {grade!r}")
    pol = _policy_for(grade, policy, scale)
    days_in_year = check_number("days_in_year", days_in_year, integer=True, low=1)
    rows = []  # (method, basis, factor, exact limit as Decimal)

    def times_factor(name, value, factors):
        f = to_decimal(factors[grade], name=f"policy factor of grade {grade!r}")
        return (name, value, float(f), max(to_decimal(value, name=name), Decimal(0)) * f)

    if net_worth is not None:
        rows.append(times_factor("net_worth", check_number("net_worth", net_worth), pol.net_worth_share))
    if working_capital is not None:
        rows.append(times_factor("working_capital", check_number("working_capital", working_capital),
                                 pol.working_capital_share))
    if expected_annual_purchases is not None:
        p = check_number("expected_annual_purchases", expected_annual_purchases, low=0)
        days = pol.terms_days[grade]
        covered = days + pol.buffer_days if days > 0 else 0
        rows.append(("expected_purchases", p, covered / days_in_year,
                     to_decimal(p, name="expected_annual_purchases") * covered / days_in_year))
    if base_limit is not None:
        b = check_number("base_limit", base_limit, low=0)
        rows.append(times_factor("rating_multiplier", b, pol.multiplier))
    if not rows:
        raise ValueError(
            "give at least one basis: net_worth, working_capital, expected_annual_purchases or base_limit"
        )
    table = pd.DataFrame([r[:3] for r in rows], columns=["method", "basis", "factor"]).set_index("method")
    table["limit"] = round_half_up(np.array([r[3] for r in rows], dtype=object), 2)
    best = table["limit"].idxmin()
    table.attrs["recommended"] = float(table.loc[best, "limit"])
    table.attrs["method"] = best
    table.attrs["grade"] = grade
    table.attrs["terms_days"] = int(pol.terms_days[grade])
    return table


def check_credit_limit(orders, limits, *, outstanding=None, customer="customer_id", amount="amount"):
    """Flag orders that would take a customer's exposure over its credit limit.

    Orders are taken in the given order; each adds to the customer's exposure
    (outstanding receivables plus the orders before it).

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order with a customer column and an amount column.
    limits : dict, pandas.Series or float
        Credit limit by customer, or one limit for all.
    outstanding : dict, pandas.Series or float, optional
        Receivables already open by customer (default 0).
    customer, amount : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        ``orders`` plus ``limit``, ``exposure_before``, ``exposure_after``,
        ``headroom`` (limit − exposure_after) and ``exceeds_limit``.

    Raises
    ------
    SchemaError
        A column is missing.
    EvaluationError
        A customer has no limit, or an amount is negative.

    Examples
    --------
    >>> import pandas as pd
    >>> o = pd.DataFrame({"customer_id": ["c1", "c1", "c2"], "amount": [60.0, 50.0, 10.0]})
    >>> check_credit_limit(o, {"c1": 100, "c2": 50}, outstanding={"c1": 0})["exceeds_limit"].tolist()
    [False, True, False]
    """
    if not isinstance(orders, pd.DataFrame):
        raise TypeError(f"orders must be a DataFrame, got {type(orders).__name__}")
    for col in (customer, amount):
        if col not in orders.columns:
            raise SchemaError(f"orders lacks column {col!r}; has {list(orders.columns)!r}")
    out = orders.copy()
    amt = pd.to_numeric(out[amount], errors="coerce")
    if amt.isna().any() or (amt < 0).any():
        raise EvaluationError(f"orders[{amount!r}] must be non-negative numbers, got {out[amount].tolist()!r}")

    def per_customer(value, name, default=None):
        if value is None:
            return pd.Series(default, index=out.index, dtype=float)
        if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
            return pd.Series(float(value), index=out.index)
        mapped = out[customer].map(pd.Series(value, dtype=float))
        if default is not None:
            mapped = mapped.fillna(default)
        return mapped

    lim = per_customer(limits, "limits")
    if lim.isna().any():
        missing = out.loc[lim.isna(), customer].unique().tolist()
        raise EvaluationError(f"limits: no credit limit for customers {missing!r}")
    start = per_customer(outstanding, "outstanding", 0.0)
    # sums and the comparison in integer cents: a float running total of yuan can cross the limit by 1e-12
    amt_c, lim_c, start_c = (yuan_to_cents(v.astype("float64")) for v in (amt, lim, start))
    after_c = start_c + amt_c.groupby(out[customer], sort=False).cumsum()
    out["limit"] = lim
    out["exposure_after"] = cents_to_yuan(after_c)
    out["exposure_before"] = cents_to_yuan(after_c - amt_c)
    out["headroom"] = cents_to_yuan(lim_c - after_c)
    out["exceeds_limit"] = after_c > lim_c
    return out
