"""Tool results on the common 0–100 scale (creditkit.evaluation.scores) and the evaluation package's names."""

import pandas as pd

from creditkit import evaluation as ev


def test_public_names_are_exported():
    for name in ev.__all__:
        assert hasattr(ev, name), name


def test_altman_to_100_anchors():
    assert ev.altman_to_100(1.23) == 25.0 and ev.altman_to_100(2.90) == 75.0
    assert ev.altman_to_100(-10) == 0.0 and ev.altman_to_100(1.81, variant="z") == 25.0


def test_ratio_score_is_mean_goodness():
    assert ev.ratio_score(pd.DataFrame({"goodness": [10.0, 30.0]})) == 20.0


def test_decision_scores_order_the_decisions():
    s = ev.DECISION_SCORES
    assert s["approve"] > s["approve_reduced"] > s["approve_secured"] > s["cash_only"]
