"""From tool scores to a rating: rating scales, grades and the combined score.

The evaluation tools (5C, expert panel, AHP, ratios, Z-score, trees) each end
in a score on 0–100 (:func:`scale_to_100` puts a measure on that scale).
:func:`rate_customer` combines them into one score and a grade on a
configurable :class:`RatingScale` (built-in: :data:`RATING_SCALES`). What the
grade means for the credit limit and the payment terms is credit policy, in
:mod:`creditkit.policy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import EvaluationError
from .._checks import check_choice, check_number
from ._common import as_float_array

__all__ = [
    "RatingScale",
    "RATING_SCALES",
    "RatingResult",
    "scale_to_100",
    "credit_grade",
    "rate_customer",
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
