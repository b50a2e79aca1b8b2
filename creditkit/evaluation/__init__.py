"""Credit evaluation tools: judging a customer before granting credit.

5C questionnaire and 5W checklist, expert panels and AHP weights, financial
ratios with an industry comparison, Altman Z-scores, expert and learned
decision trees, each tool's result on a common 0–100 scale, and the rating
that combines them into a grade. What a grade means for the credit limit and
payment terms is in :mod:`creditkit.policy`; one case customer through all the
tools is :func:`creditkit.cases.evaluate_customer`. Charts are in
:mod:`creditkit.evaluation.plots` (imported on use, so this package does not
load matplotlib).

Examples
--------
>>> from creditkit import evaluation as ev
>>> ev.altman_z(100, 200, 150, 600, 1200, 1000, 400).zone
'safe'
>>> round(float(ev.ahp_weights([[1, 3], [1/3, 1]]).weights.iloc[0]), 2)
0.75
"""

from ..errors import EvaluationError
from .ahp import RANDOM_INDEX, AHPResult, ahp_score, ahp_weights, pairwise_matrix
from .altman import (
    ALTMAN_VARIANTS,
    AltmanResult,
    altman_separation,
    altman_z,
    altman_z_from_ratios,
    altman_zone,
    polish_altman_ratios,
    zone_confusion,
)
from .expert import (
    ExpertResult,
    KendallW,
    aggregate_ratings,
    coefficient_of_variation,
    delphi_feedback,
    delphi_round,
    delphi_rounds,
    kendall_w,
)
from .five_c import FIVE_C, FiveCResult, Questionnaire, five_c_from_dimensions, five_c_score, load_questionnaire
from .five_w import FIVE_W, FiveWResult, five_w_check, load_five_w_checklist
from .rating import RATING_SCALES, RatingResult, RatingScale, credit_grade, rate_customer, scale_to_100
from .ratios import (
    LINE_ITEMS,
    RATIOS,
    financial_ratios,
    industry_comparison,
    load_benchmarks,
    normalize_statement,
    ratio_trend,
    traffic_light,
)
from .customer import SampleCustomer
from .scores import DECISION_SCORES, altman_to_100, ratio_score
from .trees import (
    UCI_COST_MATRIX,
    RuleTree,
    apply_rule_tree,
    compare_tree_policies,
    cost_threshold,
    credit_cost,
    fit_credit_tree,
    load_rule_tree,
    tree_features,
    tree_rules,
)

__all__ = [
    "EvaluationError",
    # AHP
    "RANDOM_INDEX", "AHPResult", "ahp_weights", "pairwise_matrix", "ahp_score",
    # Altman
    "ALTMAN_VARIANTS", "AltmanResult", "altman_z", "altman_z_from_ratios", "altman_zone",
    "polish_altman_ratios", "altman_separation", "zone_confusion",
    # expert panel
    "ExpertResult", "KendallW", "aggregate_ratings", "coefficient_of_variation", "kendall_w",
    "delphi_feedback", "delphi_round", "delphi_rounds",
    # 5C / 5W
    "FIVE_C", "Questionnaire", "FiveCResult", "load_questionnaire", "five_c_score", "five_c_from_dimensions",
    "FIVE_W", "FiveWResult", "load_five_w_checklist", "five_w_check",
    # ratios
    "LINE_ITEMS", "RATIOS", "normalize_statement", "financial_ratios", "ratio_trend",
    "load_benchmarks", "industry_comparison", "traffic_light",
    # trees
    "RuleTree", "load_rule_tree", "apply_rule_tree", "tree_features", "fit_credit_tree", "tree_rules",
    "UCI_COST_MATRIX", "credit_cost", "cost_threshold", "compare_tree_policies",
    # tool scores on 0–100 and the rating
    "DECISION_SCORES", "altman_to_100", "ratio_score",
    "RatingScale", "RATING_SCALES", "RatingResult", "scale_to_100", "credit_grade", "rate_customer",
    # a customer's evaluation inputs
    "SampleCustomer",
]
