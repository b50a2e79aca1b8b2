"""From tool scores to a rating, and from the rating to a credit limit and payment terms.

The evaluation tools (5C, expert panel, AHP, ratios, Z-score, trees) each end
in a score on 0–100. :func:`rate_customer` combines them into one score and
a grade on a configurable scale; the grade then drives the recommended credit
limit (several documented methods, side by side) and the payment terms;
:func:`check_credit_limit` flags orders that would take the customer over
its limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import EvaluationError, SchemaError
from ..money import round_half_up
from .._checks import check_choice, check_number
from ._common import as_float_array

__all__ = [
    "RatingScale",
    "RATING_SCALES",
    "RatingResult",
    "scale_to_100",
    "credit_grade",
    "rate_customer",
    "LimitPolicy",
    "DEFAULT_LIMIT_POLICY",
    "credit_limit_methods",
    "payment_terms",
    "check_credit_limit",
]


@dataclass(frozen=True)
class RatingScale:
    """Grades, best first, with the lowest score (0–100) that earns each.

    The last grade takes everything below the previous bound; its own bound
    must be 0.

    Examples
    --------
    >>> RatingScale(("good", "bad"), (50, 0)).grade(70)
    'good'
    """

    grades: tuple
    lower_bounds: tuple
    name: str = "custom"

    def __post_init__(self):
        if len(self.grades) != len(self.lower_bounds) or len(self.grades) < 2:
            raise EvaluationError(
                f"RatingScale needs as many lower_bounds as grades (≥ 2); got {self.grades!r} and {self.lower_bounds!r}"
            )
        b = np.asarray(self.lower_bounds, dtype=float)
        if np.any(np.diff(b) >= 0) or b[-1] != 0:
            raise EvaluationError(
                f"lower_bounds must be strictly decreasing and end at 0, got {self.lower_bounds!r}"
            )

    def grade(self, score):
        """Grade(s) of a score or an array of scores (NaN → ``None``)."""
        s = as_float_array("score", score)
        b = np.asarray(self.lower_bounds, dtype=float)[::-1]
        idx = np.searchsorted(b, np.clip(s, 0, 100), side="right") - 1
        grades = np.asarray(self.grades, dtype=object)[::-1][np.clip(idx, 0, len(b) - 1)]
        grades = np.where(np.isnan(s), None, grades)
        return grades.item() if grades.ndim == 0 else grades


#: Built-in scales: ``"A-E"`` (five grades) and ``"AAA-C"`` (nine grades).
RATING_SCALES = {
    "A-E": RatingScale(("A", "B", "C", "D", "E"), (85, 70, 55, 40, 0), "A-E"),
    "AAA-C": RatingScale(
        ("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C"), (90, 80, 70, 60, 50, 40, 30, 20, 0), "AAA-C"
    ),
}

def _scale(scale):
    if isinstance(scale, RatingScale):
        return scale
    check_choice("scale", scale, tuple(RATING_SCALES))
    return RATING_SCALES[scale]


def scale_to_100(value, *, low, high):
    """Map ``value`` linearly from ``[low, high]`` onto 0–100 (clipped).

    ``low`` may exceed ``high`` for measures where lower is better.

    Examples
    --------
    >>> scale_to_100(4, low=1, high=5)
    75.0
    >>> scale_to_100(1.0, low=1.81, high=2.99)  # a Z-score below the distress cut-off
    0.0
    """
    low = check_number("low", low)
    high = check_number("high", high)
    if low == high:
        raise ValueError(f"low and high must differ, got {low!r} and {high!r}")
    v = as_float_array("value", value)
    out = np.clip((v - low) / (high - low) * 100.0, 0.0, 100.0)
    return float(out) if out.ndim == 0 else out


def credit_grade(score, *, scale="A-E"):
    """Grade of a 0–100 score on a rating scale.

    Examples
    --------
    >>> credit_grade(72), credit_grade(72, scale="AAA-C")
    ('B', 'A')
    >>> credit_grade([90, 30]).tolist()
    ['A', 'E']
    """
    return _scale(scale).grade(score)


@dataclass(frozen=True)
class RatingResult:
    """Combined score, grade and what each tool contributed.

    Attributes
    ----------
    score : float
        Weighted mean of the tool scores (0–100).
    grade : str
    table : pandas.DataFrame
        One row per tool: ``score``, ``weight`` (normalised), ``contribution``,
        ``grade`` (the grade that tool alone would give).
    scale : RatingScale
    """

    score: float
    grade: str
    table: pd.DataFrame
    scale: RatingScale = field(repr=False)


def rate_customer(tool_scores, *, weights=None, scale="A-E"):
    """Combine the scores of several evaluation tools into one rating.

    Parameters
    ----------
    tool_scores : dict or pandas.Series
        ``{tool: score}`` with scores on 0–100 (see :func:`scale_to_100`);
        NaN scores are left out and the weights of the others renormalised.
    weights : dict or pandas.Series, optional
        Weight of each tool (default: equal). Need not sum to 1.
    scale : {"A-E", "AAA-C"} or RatingScale, default "A-E"

    Returns
    -------
    RatingResult

    Raises
    ------
    EvaluationError
        A score outside 0–100, a negative weight, a weight for an unknown
        tool, or no usable score.

    Examples
    --------
    >>> r = rate_customer({"five_c": 80, "altman": 60}, weights={"five_c": 3, "altman": 1})
    >>> r.score, r.grade
    (75.0, 'B')
    """
    sc = _scale(scale)
    scores = pd.Series(tool_scores, dtype=float)
    if scores.empty:
        raise EvaluationError("tool_scores must name at least one tool")
    bad = scores[(scores < 0) | (scores > 100)]
    if len(bad):
        raise EvaluationError(f"tool_scores must be on 0–100; got {bad.to_dict()!r}")
    if weights is None:
        w = pd.Series(1.0, index=scores.index)
    else:
        w = pd.Series(weights, dtype=float)
        unknown = sorted(set(w.index) - set(scores.index))
        if unknown:
            raise EvaluationError(f"weights name tools without a score: {unknown!r}")
        if (w < 0).any() or not np.isfinite(w).all():
            raise EvaluationError(f"weights must be finite and ≥ 0, got {w.to_dict()!r}")
        w = w.reindex(scores.index, fill_value=0.0)
    usable = scores.notna() & (w > 0)
    if not usable.any():
        raise EvaluationError("no tool has both a score and a positive weight")
    wn = (w.where(usable, 0.0)) / w[usable].sum()
    contrib = wn * scores.fillna(0.0)
    total = float(contrib.sum())
    table = pd.DataFrame(
        {"score": scores, "weight": wn, "contribution": contrib, "grade": sc.grade(scores.to_numpy())},
        index=pd.Index(scores.index, name="tool"),
    )
    return RatingResult(total, sc.grade(total), table, sc)


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
        The customer's grade (see :func:`rate_customer`).
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

    Examples
    --------
    >>> t = credit_limit_methods("B", net_worth=2_000_000, expected_annual_purchases=1_460_000)
    >>> t["limit"].tolist()
    [300000.0, 300000.0]
    >>> t.attrs["recommended"]
    300000.0
    """
    if not isinstance(grade, str):
        raise TypeError(f"grade must be a str, got {type(grade).__name__} {grade!r}")
    pol = _policy_for(grade, policy, scale)
    rows = []
    if net_worth is not None:
        nw = check_number("net_worth", net_worth)
        f = pol.net_worth_share[grade]
        rows.append(("net_worth", nw, f, max(nw, 0.0) * f))
    if working_capital is not None:
        wc = check_number("working_capital", working_capital)
        f = pol.working_capital_share[grade]
        rows.append(("working_capital", wc, f, max(wc, 0.0) * f))
    if expected_annual_purchases is not None:
        p = check_number("expected_annual_purchases", expected_annual_purchases, low=0)
        days = pol.terms_days[grade]
        f = (days + pol.buffer_days) / days_in_year if days > 0 else 0.0
        rows.append(("expected_purchases", p, f, p * f))
    if base_limit is not None:
        b = check_number("base_limit", base_limit, low=0)
        f = pol.multiplier[grade]
        rows.append(("rating_multiplier", b, f, b * f))
    if not rows:
        raise ValueError(
            "give at least one basis: net_worth, working_capital, expected_annual_purchases or base_limit"
        )
    table = pd.DataFrame(rows, columns=["method", "basis", "factor", "limit"]).set_index("method")
    table["limit"] = round_half_up(table["limit"].to_numpy(), 2)
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
    cum = amt.groupby(out[customer], sort=False).cumsum()
    out["limit"] = lim
    out["exposure_after"] = start + cum
    out["exposure_before"] = out["exposure_after"] - amt
    out["headroom"] = lim - out["exposure_after"]
    out["exceeds_limit"] = out["exposure_after"] > lim
    return out
