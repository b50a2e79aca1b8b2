"""Expert evaluation: several raters score a customer on several criteria.

Scores are aggregated (weighted or trimmed mean), agreement is measured per
criterion (coefficient of variation) and overall (Kendall's W), and Delphi
rounds feed the panel's median back to the raters until agreement passes a
threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_choice, check_number
from ..errors import EvaluationError

__all__ = [
    "ExpertResult",
    "KendallW",
    "aggregate_ratings",
    "coefficient_of_variation",
    "kendall_w",
    "delphi_feedback",
    "delphi_round",
    "delphi_rounds",
]

def _ratings(ratings):
    if not isinstance(ratings, pd.DataFrame):
        if isinstance(ratings, (list, np.ndarray)):
            ratings = pd.DataFrame(ratings)
        else:
            raise TypeError(f"ratings must be a DataFrame (raters × criteria), got {type(ratings).__name__}")
    try:
        r = ratings.astype(float)
    except (TypeError, ValueError):
        raise EvaluationError("ratings must hold numbers only") from None
    if r.shape[0] < 2 or r.shape[1] < 1:
        raise EvaluationError(f"ratings need at least 2 raters (rows) and 1 criterion, got shape {r.shape}")
    if r.isna().any().any():
        where = r.isna().stack()
        first = where[where].index[0]
        raise EvaluationError(f"ratings: missing score for rater {first[0]!r}, criterion {first[1]!r}")
    return r


def coefficient_of_variation(ratings):
    """Coefficient of variation of each criterion: sample std / mean.

    Below 0.2 is commonly read as "the panel agrees" in Delphi studies;
    NaN where the mean is 0.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"capacity": [80, 90, 70], "collateral": [50, 50, 50]})
    >>> coefficient_of_variation(r).round(4).to_dict()
    {'capacity': 0.125, 'collateral': 0.0}
    """
    r = _ratings(ratings)
    mean = r.mean()
    return (r.std(ddof=1) / mean.where(mean != 0)).rename("cv")


@dataclass(frozen=True)
class KendallW:
    """Kendall's coefficient of concordance.

    Attributes
    ----------
    w : float
        0 (no agreement) … 1 (all raters rank the items the same way).
    chi2 : float
        ``m (n − 1) W``, approximately χ² with ``n − 1`` degrees of freedom.
    df : int
    p_value : float
    m, n : int
        Raters and ranked items.
    tie_correction : float
        ``Σ (t³ − t)`` over all groups of tied ranks.
    """

    w: float
    chi2: float
    df: int
    p_value: float
    m: int
    n: int
    tie_correction: float


def kendall_w(ratings, *, ties=True):
    """Kendall's W of raters (rows) ranking items (columns).

    Parameters
    ----------
    ratings : pandas.DataFrame
        Raters × items; scores are ranked within each rater (ties get the
        average rank), so raw scores or ranks may be given.
    ties : bool, default True
        Apply the tie correction.

    Returns
    -------
    KendallW

    Raises
    ------
    EvaluationError
        Fewer than 2 raters or 2 items, or a rater gives all items the same
        score while ``ties=False`` is not chosen and no other rater varies.

    Notes
    -----
    With ``m`` raters, ``n`` items, rank sums ``R_i`` and ``T_j = Σ (t³ − t)``
    over the tie groups of rater ``j``:

    ``W = (12 Σ R_i² − 3 m² n (n + 1)²) / (m² n (n² − 1) − m Σ_j T_j)``
    (Kendall & Babington Smith 1939; Siegel & Castellan 1988, §9.4).

    Examples
    --------
    Four raters rank eight strawberry farms (influentialpoints.com worked
    example, W = 0.744):

    >>> import pandas as pd
    >>> r = pd.DataFrame([[8, 4, 2, 3, 5, 1, 6, 7], [7, 3, 1, 4, 5, 2, 6, 8],
    ...                   [8, 2, 5, 6, 7, 1, 4, 3], [8, 3, 4, 2, 5, 1, 6, 7]])
    >>> round(kendall_w(r).w, 3)
    0.744
    """
    from scipy.stats import chi2 as chi2_dist

    r = _ratings(ratings)
    m, n = r.shape
    if n < 2:
        raise EvaluationError(f"kendall_w needs at least 2 items (columns), got {n}")
    ranks = r.rank(axis=1, method="average")
    rank_sums = ranks.sum(axis=0).to_numpy()
    t = 0.0
    if ties:
        counts = r.apply(lambda row: row.value_counts().to_numpy(), axis=1)
        t = float(sum(np.sum(c.astype(float) ** 3 - c) for c in counts))
    denom = m**2 * n * (n**2 - 1) - m * t
    if denom <= 0:
        raise EvaluationError("kendall_w: every rater gave all items the same score; W is undefined")
    w = (12.0 * np.sum(rank_sums**2) - 3.0 * m**2 * n * (n + 1) ** 2) / denom
    w = float(np.clip(w, 0.0, 1.0))
    chi2 = m * (n - 1) * w
    return KendallW(w, float(chi2), n - 1, float(chi2_dist.sf(chi2, n - 1)), m, n, t)


@dataclass(frozen=True)
class ExpertResult:
    """Aggregated panel scores.

    Attributes
    ----------
    criterion_scores : pandas.Series
        Aggregated score of each criterion.
    score : float
        Criterion-weighted total.
    cv : pandas.Series
        Coefficient of variation per criterion.
    kendall : KendallW or None
        Concordance of the raters' orderings of the criteria (None when
        undefined, e.g. a single criterion).
    method : str
    """

    criterion_scores: pd.Series
    score: float
    cv: pd.Series
    kendall: KendallW | None
    method: str


def aggregate_ratings(ratings, *, criterion_weights=None, rater_weights=None, method="mean", trim=0.2):
    """Aggregate a panel's scores of one customer.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Raters (rows) × criteria (columns).
    criterion_weights : dict or pandas.Series, optional
        Weight of each criterion (e.g. from :func:`~creditkit.evaluation.ahp_weights`);
        default equal. Normalised to sum to 1.
    rater_weights : dict or pandas.Series, optional
        Weight of each rater (seniority, track record); only with ``method="mean"``.
    method : {"mean", "trimmed"}, default "mean"
        Weighted mean, or trimmed mean dropping ``trim`` of the raters at each end.
    trim : float, default 0.2
        Share cut from each end for ``"trimmed"`` (0 ≤ trim < 0.5).

    Returns
    -------
    ExpertResult

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"capacity": [80, 90, 70, 20, 85], "collateral": [60, 60, 70, 50, 60]},
    ...                  index=["li", "wang", "zhang", "zhao", "chen"])
    >>> aggregate_ratings(r).criterion_scores.tolist()
    [69.0, 60.0]
    >>> aggregate_ratings(r, method="trimmed", trim=0.2).criterion_scores.tolist()
    [78.33333333333333, 60.0]
    """
    r = _ratings(ratings)
    check_choice("method", method, ("mean", "trimmed"))
    trim = check_number("trim", trim, low=0)
    if trim >= 0.5:
        raise ValueError(f"trim must be < 0.5, got {trim!r}")
    if method == "trimmed" and rater_weights is not None:
        raise ValueError("rater_weights apply only to method='mean'")
    if method == "mean":
        if rater_weights is None:
            rw = pd.Series(1.0, index=r.index)
        else:
            rw = pd.Series(rater_weights, dtype=float).reindex(r.index)
            if rw.isna().any() or (rw < 0).any() or rw.sum() <= 0:
                raise EvaluationError(f"rater_weights must give a weight ≥ 0 to every rater {list(r.index)!r}")
        crit = r.mul(rw, axis=0).sum() / rw.sum()
    else:
        from scipy.stats import trim_mean

        crit = pd.Series(trim_mean(r.to_numpy(), trim, axis=0), index=r.columns)
    if criterion_weights is None:
        cw = pd.Series(1.0, index=r.columns)
    else:
        cw = pd.Series(criterion_weights, dtype=float).reindex(r.columns)
        if cw.isna().any() or (cw < 0).any() or cw.sum() <= 0:
            raise EvaluationError(f"criterion_weights must give a weight ≥ 0 to every criterion {list(r.columns)!r}")
    cw = cw / cw.sum()
    kw = None
    if r.shape[1] >= 2:
        try:
            kw = kendall_w(r)
        except EvaluationError:
            kw = None
    return ExpertResult(crit.rename("score"), float((crit * cw).sum()), coefficient_of_variation(r), kw, method)


def delphi_feedback(ratings):
    """What the panel sees between Delphi rounds: median, quartiles, outliers.

    Returns
    -------
    pandas.DataFrame
        One row per criterion: ``median``, ``q1``, ``q3``, ``cv`` and
        ``outside_iqr`` (the raters whose score lies outside [q1, q3], who are
        asked to reconsider or explain).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"capacity": [80, 90, 70, 20]}, index=["a", "b", "c", "d"])
    >>> delphi_feedback(r).loc["capacity", "outside_iqr"]
    ['b', 'd']
    """
    r = _ratings(ratings)
    q1, med, q3 = r.quantile(0.25), r.median(), r.quantile(0.75)
    outside = {c: [str(i) for i in r.index[(r[c] < q1[c]) | (r[c] > q3[c])]] for c in r.columns}
    return pd.DataFrame(
        {"median": med, "q1": q1, "q3": q3, "cv": coefficient_of_variation(r), "outside_iqr": pd.Series(outside)}
    )


def delphi_round(ratings, *, pull=0.5):
    """Next round's scores if each rater moves ``pull`` of the way to the panel median.

    A simple model of a Delphi round for the workshop: after seeing the
    feedback, raters revise towards the group view.

    Examples
    --------
    >>> import pandas as pd
    >>> delphi_round(pd.DataFrame({"c": [60.0, 80.0, 100.0]}))["c"].tolist()
    [70.0, 80.0, 90.0]
    """
    r = _ratings(ratings)
    pull = check_number("pull", pull, low=0, high=1)
    return r + pull * (r.median() - r)


def delphi_rounds(first_round, *, revise=None, cv_threshold=0.15, w_threshold=None, max_rounds=5):
    """Run Delphi rounds until the panel agrees or ``max_rounds`` is reached.

    Parameters
    ----------
    first_round : pandas.DataFrame
        Raters × criteria scores of round 1.
    revise : callable, optional
        ``revise(ratings, round_no) -> DataFrame`` giving the next round's
        scores (in practice: the panel's answers after feedback). Default:
        :func:`delphi_round` with ``pull=0.5``.
    cv_threshold : float, default 0.15
        Agreement when every criterion's CV is at most this.
    w_threshold : float, optional
        Also require Kendall's W ≥ this.
    max_rounds : int, default 5

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        A summary per round (``round``, ``max_cv``, ``mean_cv``, ``kendall_w``,
        ``score``, ``agreed``) and the last round's ratings.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"capacity": [50, 80, 90], "capital": [40, 70, 60]})
    >>> summary, last = delphi_rounds(r, cv_threshold=0.1)
    >>> summary["agreed"].tolist()
    [False, False, True]
    """
    r = _ratings(first_round)
    cv_threshold = check_number("cv_threshold", cv_threshold, low=0)
    if not isinstance(max_rounds, int) or isinstance(max_rounds, bool) or max_rounds < 1:
        raise ValueError(f"max_rounds must be a positive int, got {max_rounds!r}")
    revise = revise or (lambda ratings, k: delphi_round(ratings, pull=0.5))
    rows = []
    for k in range(1, max_rounds + 1):
        agg = aggregate_ratings(r)
        w = agg.kendall.w if agg.kendall is not None else np.nan
        max_cv = float(agg.cv.max())
        agreed = max_cv <= cv_threshold and (w_threshold is None or (np.isfinite(w) and w >= w_threshold))
        rows.append({"round": k, "max_cv": max_cv, "mean_cv": float(agg.cv.mean()), "kendall_w": w,
                     "score": agg.score, "agreed": bool(agreed)})
        if agreed or k == max_rounds:
            break
        r = _ratings(revise(r, k + 1))
    return pd.DataFrame(rows).set_index("round", drop=False), r
