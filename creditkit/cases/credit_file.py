"""A customer's credit file: one case customer through every evaluation tool, then limit and terms.

:func:`evaluate_customer` reads a case customer's facts (5C and 5W answers,
statements, the expert panel and its AHP judgements, facts for the rule tree,
trade data), runs each evaluation tool, puts every result on 0–100
(:mod:`creditkit.evaluation.scores`), combines them into a rating
(:func:`creditkit.evaluation.rate_customer`) and applies the credit policy
(:mod:`creditkit.policy`) for the recommended limit and payment terms. The
:class:`CustomerEvaluation` it returns shows where the tools agree and where
they disagree.

Examples
--------
>>> from creditkit.cases import evaluate_customer, load_sample_customer
>>> ev = evaluate_customer(load_sample_customer("C002"))
>>> ev.rating.grade, ev.terms_days, ev.limits.attrs["recommended"]
('E', 0, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..evaluation.ahp import AHPResult, ahp_score, ahp_weights
from ..evaluation.altman import AltmanResult, altman_z
from ..evaluation.customer import SampleCustomer
from ..evaluation.expert import ExpertResult, aggregate_ratings
from ..evaluation.five_c import FiveCResult, five_c_score
from ..evaluation.five_w import FiveWResult, five_w_check
from ..evaluation.rating import RatingResult, rate_customer
from ..evaluation.ratios import financial_ratios, industry_comparison, normalize_statement
from ..evaluation.scores import DECISION_SCORES, altman_to_100, ratio_score
from ..evaluation.trees import apply_rule_tree, load_rule_tree
from ..policy import credit_limit_methods, payment_terms

__all__ = ["CustomerEvaluation", "evaluate_customer"]


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
