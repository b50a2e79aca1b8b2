"""Each evaluation tool's result on a common 0–100 scale (higher = safer).

:func:`~creditkit.evaluation.rating.rate_customer` combines tool scores on
0–100. The mappings are simple, documented teaching choices:

* ``five_c``: the 5C score itself.
* ``expert_ahp``: the panel's criterion scores (0–100) weighted by the AHP weights.
* ``ratios``: mean goodness percentile of the ratios against the industry
  (:func:`ratio_score`).
* ``altman``: the Z'-score (private firms, book equity) mapped linearly so that
  the distress cut-off 1.23 → 25 and the safe cut-off 2.90 → 75, clipped to
  0–100 (:func:`altman_to_100`).
* ``rule_tree``: the expert tree's decision (:data:`DECISION_SCORES`):
  approve 90, approve_reduced 65, approve_secured 50, cash_only 20.
"""

from __future__ import annotations

import numpy as np

from .altman import ALTMAN_VARIANTS

__all__ = ["DECISION_SCORES", "altman_to_100", "ratio_score"]

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
