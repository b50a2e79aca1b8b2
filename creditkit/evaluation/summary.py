"""One customer through every evaluation tool: where the tools agree and disagree.

Each tool's result is put on a common 0–100 scale (higher = safer) so that
:func:`~creditkit.evaluation.rating.rate_customer` can combine them. The
mappings are simple, documented teaching choices:

* ``five_c``: the 5C score itself.
* ``expert_ahp``: the panel's criterion scores (0–100) weighted by the AHP weights.
* ``ratios``: mean goodness percentile of the ratios against the industry.
* ``altman``: the Z'-score (private firms, book equity) mapped linearly so that
  the distress cut-off 1.23 → 25 and the safe cut-off 2.90 → 75 (clipped to 0–100).
* ``rule_tree``: the expert tree's decision: approve 90, approve_reduced 65,
  approve_secured 50, cash_only 20.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .ahp import AHPResult, ahp_score, ahp_weights
from .altman import ALTMAN_VARIANTS, AltmanResult, altman_z
from .expert import ExpertResult, aggregate_ratings
from .five_c import FiveCResult, five_c_score
from .five_w import FiveWResult, five_w_check
from .rating import RatingResult, credit_limit_methods, payment_terms, rate_customer
from .ratios import financial_ratios, industry_comparison, normalize_statement
from .customer import SampleCustomer
from .trees import apply_rule_tree, load_rule_tree

__all__ = ["DECISION_SCORES", "altman_to_100", "ratio_score", "CustomerEvaluation", "evaluate_customer"]

#: 0–100 score of each expert-tree decision.
DECISION_SCORES = {"approve": 90.0, "approve_reduced": 65.0, "approve_secured": 50.0, "cash_only": 20.0}

def altman_to_100(score, *, variant="z_prime"):
    """Map a Z-score to 0–100: distress cut-off → 25, safe cut-off → 75, clipped.

    Examples
    --------
    >>> altman_to_100(1.23), altman_to_100(2.90), altman_to_100(10.0)
    (25.0, 75.0, 100.0)
    """
    low, high = ALTMAN_VARIANTS[variant]["cutoffs"]
    s = np.asarray(score, dtype=float)
    out = np.clip(25.0 + (s - low) / (high - low) * 50.0, 0.0, 100.0)
    return float(out) if out.ndim == 0 else out


def ratio_score(comparison):
    """Mean goodness percentile of an industry comparison (0–100; NaN rows ignored).

    Examples
    --------
    >>> import pandas as pd
    >>> ratio_score(pd.DataFrame({"goodness": [80.0, 40.0, float("nan")]}))
    60.0
    """
    return float(np.nanmean(comparison["goodness"].to_numpy(dtype=float)))


@dataclass(frozen=True)
class CustomerEvaluation:
    """Every tool's result for one customer, and the rating built from them.

    Attributes
    ----------
    five_c, five_w, ahp, expert, altman : tool results
    ratios : pandas.DataFrame
        Ratios by period.
    comparison : pandas.DataFrame
        Latest ratios against the industry.
    rule_tree : pandas.DataFrame
        Decision and path of the expert tree.
    rating : RatingResult
        Tool scores combined; ``rating.table`` shows each tool's score and grade.
    limits : pandas.DataFrame
        Credit limit by method for the combined grade.
    terms_days : int
    """

    five_c: FiveCResult
    five_w: FiveWResult
    ahp: AHPResult
    expert: ExpertResult
    ratios: pd.DataFrame
    comparison: pd.DataFrame
    altman: AltmanResult
    rule_tree: pd.DataFrame
    rating: RatingResult
    limits: pd.DataFrame
    terms_days: int

    def agreement(self) -> pd.DataFrame:
        """Tool scores and grades with how far each lies from the combined score."""
        t = self.rating.table[["score", "grade"]].copy()
        t["gap"] = t["score"] - self.rating.score
        t["agrees"] = t["grade"] == self.rating.grade
        return t


def evaluate_customer(customer, *, weights=None, scale="A-E", policy=None, lang="zh"):
    """Run one customer through all tools, rate it and recommend a limit and terms.

    Parameters
    ----------
    customer : SampleCustomer
        See :func:`~creditkit.cases.load_sample_customer`.
    weights : dict, optional
        Weight of each tool in the rating (default equal).
    scale : {"A-E", "AAA-C"} or RatingScale, default "A-E"
    policy : LimitPolicy, optional
        Limit and terms policy; required with a custom RatingScale.
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    CustomerEvaluation

    Examples
    --------
    >>> from creditkit.cases import load_sample_customer
    >>> ev = evaluate_customer(load_sample_customer("C001"))
    >>> ev.rating.grade in {"A", "B", "C", "D", "E"}
    True
    """
    if not isinstance(customer, SampleCustomer):
        raise TypeError(f"customer must be a SampleCustomer, got {type(customer).__name__}")
    fc = five_c_score(customer.five_c, scale=scale)
    fw = five_w_check(customer.five_w, lang=lang)
    ahp = ahp_weights(customer.ahp_matrix)
    expert = aggregate_ratings(customer.expert_ratings, criterion_weights=ahp.weights)
    ratios = financial_ratios(customer.statement)
    comparison = industry_comparison(ratios, customer.industry)
    s = normalize_statement(customer.statement).iloc[:, -1]
    z = altman_z(
        s["current_assets"] - s["current_liabilities"], s["retained_earnings"], s["ebit"],
        s["total_equity"], s["revenue"], s["total_assets"], s["total_liabilities"], variant="z_prime",
    )
    facts = {**customer.facts, "current_ratio": float(ratios.loc["current_ratio"].iloc[-1])}
    tree = apply_rule_tree(load_rule_tree(), facts, lang=lang)
    scores = {
        "five_c": fc.score,
        "expert_ahp": ahp_score(ahp, expert.criterion_scores),
        "ratios": ratio_score(comparison),
        "altman": altman_to_100(z.score),
        "rule_tree": DECISION_SCORES.get(tree["decision"].iloc[0], np.nan),
    }
    rating = rate_customer(scores, weights=weights, scale=scale)
    scale_name = scale if isinstance(scale, str) else None
    limits = credit_limit_methods(
        rating.grade,
        policy=policy,
        scale=scale_name if policy is None else None,
        net_worth=float(s["total_equity"]),
        working_capital=float(s["current_assets"] - s["current_liabilities"]),
        expected_annual_purchases=customer.trade.get("expected_annual_purchases"),
        base_limit=customer.trade.get("base_limit"),
    )
    terms = payment_terms(rating.grade, policy=policy, scale=scale_name if policy is None else None)
    return CustomerEvaluation(fc, fw, ahp, expert, ratios, comparison, z, tree, rating, limits, terms)
