"""Scorecards: binning, WOE/IV, selection, logistic model, points, validation.

The steps of an internal scoring system: choose indicators
(:func:`information_value`, :func:`select_features`), set weights
(:class:`Scorecard`), scale to points (:func:`pdo_scaling`), backtest
(:func:`ks_statistic`, :func:`gains_table`), and watch it in use
(:func:`psi`, :func:`csi`).

Conventions: ``bad == 1`` means bad; ``WOE = ln(share of goods / share of
bads)``, so higher WOE and higher points mean lower risk. Charts live in
:mod:`creditkit.scorecard.plots` (loaded on first use: it imports matplotlib).
"""

from importlib import import_module

from ..errors import ScorecardError
from .binning import METHODS, MONOTONIC, Binner, VariableBinning, bin_variable, binning_comparison
from .export import to_excel, to_python, to_sql
from .metrics import (
    HosmerLemeshow,
    best_cutoff,
    calibration_table,
    cutoff_table,
    gains_table,
    gini,
    hosmer_lemeshow,
    ks_statistic,
    roc_auc,
    score_band_edges,
    score_bands,
)
from ..errors import BinningWarning, TargetWarning
from .model import DEFAULT_BINNING, Scorecard, SignWarning, coefficient_table, fit_logit
from .monitoring import (PSI_THRESHOLDS, bin_shift, csi, csi_table, distribution_shift, drift_sample, psi,
                         psi_table, stability_status)
from .reject import AugmentedSample, fuzzy_augmentation, parcelling, reject_inference_comparison
from .scaling import BASE, Scaling, apply_points, pdo_scaling, points_table
from .selection import SelectionResult, select_features, stepwise_logit, vif
from .woe import IV_STRENGTH, WOETransformer, binning_report, information_value, iv_strength, woe_table

__all__ = [
    # binning and WOE
    "ScorecardError", "METHODS", "MONOTONIC", "Binner", "VariableBinning", "bin_variable", "binning_comparison",
    "IV_STRENGTH", "WOETransformer", "binning_report", "information_value", "iv_strength", "woe_table",
    # selection
    "SelectionResult", "select_features", "stepwise_logit", "vif",
    # model and points
    "DEFAULT_BINNING", "Scorecard", "SignWarning", "BinningWarning", "TargetWarning", "coefficient_table", "fit_logit",
    "BASE", "Scaling", "apply_points", "pdo_scaling", "points_table",
    # validation and monitoring
    "HosmerLemeshow", "calibration_table", "cutoff_table", "gains_table", "gini", "hosmer_lemeshow",
    "ks_statistic", "roc_auc", "score_bands", "best_cutoff", "score_band_edges",
    "PSI_THRESHOLDS", "csi", "csi_table", "bin_shift", "distribution_shift", "drift_sample", "psi", "psi_table", "stability_status",
    # reject inference and export
    "AugmentedSample", "fuzzy_augmentation", "parcelling", "reject_inference_comparison", "to_excel", "to_python", "to_sql",
    "plots",
]


def __getattr__(name):
    if name == "plots":
        module = import_module(".plots", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'creditkit.scorecard' has no attribute {name!r}")
