"""Validation of a scorecard: discrimination, gains, score bands, calibration, cut-off.

Scores follow scikit-learn's convention by default: a higher ``score`` means
a higher risk (a probability of bad). Pass ``higher_is_safer=True`` for
scorecard points, where a higher score means a safer customer.

- AUC: probability that a random bad is ranked riskier than a random good
  (ties count half); Gini = 2 AUC - 1.
- KS: largest gap between the cumulative shares of bads and of goods over
  all cut-offs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, rankdata


from .._checks import check_number
from ..datasets import GERMAN_COST_MATRIX
from ._counts import check_binary_target

__all__ = [
    "roc_auc",
    "gini",
    "ks_statistic",
    "gains_table",
    "score_bands",
    "calibration_table",
    "hosmer_lemeshow",
    "HosmerLemeshow",
    "cutoff_table",
    "best_cutoff",
    "score_band_edges",
]

def _inputs(y, score, higher_is_safer):
    y = check_binary_target(y)
    s = np.asarray(score, dtype="float64")
    if s.shape != y.shape:
        raise ValueError(f"score must have the same length as y, got {s.shape} and {y.shape}")
    if not np.isfinite(s).all():
        raise ValueError("score must be finite (no NaN or inf)")
    if not isinstance(higher_is_safer, (bool, np.bool_)):
        raise TypeError(f"higher_is_safer must be a bool, got {higher_is_safer!r}")
    return y, (-s if higher_is_safer else s)


def roc_auc(y, score, *, higher_is_safer=False) -> float:
    """Area under the ROC curve, from ranks (Mann-Whitney).

    Examples
    --------
    >>> roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    >>> roc_auc([0, 0, 1, 1], [700, 640, 650, 600], higher_is_safer=True)
    0.75
    """
    y, risk = _inputs(y, score, higher_is_safer)
    ranks = rankdata(risk)
    n1 = int(y.sum())
    n0 = len(y) - n1
    return float((ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def gini(y, score, *, higher_is_safer=False) -> float:
    """Gini coefficient (accuracy ratio): ``2 * AUC - 1``.

    Examples
    --------
    >>> gini([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.5
    """
    return 2.0 * roc_auc(y, score, higher_is_safer=higher_is_safer) - 1.0


def _cumulative(y, risk):
    order = np.argsort(-risk, kind="stable")
    ys, rs = y[order], risk[order]
    last = np.r_[rs[1:] != rs[:-1], True]
    cb = np.cumsum(ys)[last] / ys.sum()
    cg = np.cumsum(1 - ys)[last] / (len(ys) - ys.sum())
    pop = (np.flatnonzero(last) + 1) / len(ys)
    return cb, cg, pop


def ks_statistic(y, score, *, higher_is_safer=False) -> float:
    """Kolmogorov-Smirnov statistic: max gap of cumulative bad and good shares.

    Examples
    --------
    >>> ks_statistic([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.5
    """
    y, risk = _inputs(y, score, higher_is_safer)
    cb, cg, _ = _cumulative(y, risk)
    return float(np.max(np.abs(cb - cg)))


def gains_table(y, score, *, n_groups=10, higher_is_safer=False) -> pd.DataFrame:
    """Gains, lift and KS by group of equal size, riskiest group first.

    Rows are sorted from the riskiest score down and cut into ``n_groups``
    groups of (nearly) equal size; tied scores may fall in two groups.

    Returns
    -------
    DataFrame
        ``group, min_score, max_score, count, n_bad, n_good, bad_rate,
        cum_count_share, cum_bad_share, cum_good_share, ks, lift, cum_lift``.

    Examples
    --------
    >>> t = gains_table([1, 1, 0, 1, 0, 0, 0, 0], [8, 7, 6, 5, 4, 3, 2, 1], n_groups=4)
    >>> t[["group", "n_bad", "cum_bad_share", "lift"]]
       group  n_bad  cum_bad_share      lift
    0      1      2       0.666667  2.666667
    1      2      1       1.000000  1.333333
    2      3      0       1.000000  0.000000
    3      4      0       1.000000  0.000000
    """
    y, risk = _inputs(y, score, higher_is_safer)
    check_number("n_groups", n_groups, low=1, integer=True)
    raw = np.asarray(score, dtype="float64")
    order = np.argsort(-risk, kind="stable")
    n = len(y)
    group = np.empty(n, dtype="int64")
    group[order] = np.minimum((np.arange(n) * n_groups) // n, n_groups - 1)
    df = pd.DataFrame({"group": group + 1, "y": y, "score": raw})
    t = df.groupby("group").agg(
        min_score=("score", "min"), max_score=("score", "max"), count=("y", "size"), n_bad=("y", "sum")
    ).reset_index()
    t["n_good"] = t["count"] - t["n_bad"]
    t["bad_rate"] = t["n_bad"] / t["count"]
    t["cum_count_share"] = t["count"].cumsum() / n
    t["cum_bad_share"] = t["n_bad"].cumsum() / y.sum()
    t["cum_good_share"] = t["n_good"].cumsum() / (n - y.sum())
    t["ks"] = t["cum_bad_share"] - t["cum_good_share"]
    overall = y.mean()
    t["lift"] = t["bad_rate"] / overall
    t["cum_lift"] = t["cum_bad_share"] / t["cum_count_share"]
    return t


def score_bands(y, score, *, edges, higher_is_safer=True) -> pd.DataFrame:
    """Counts and bad rates of score bands ``[edge_i, edge_{i+1})``.

    Parameters
    ----------
    y : array-like of 0/1
    score : array-like
    edges : sequence of float
        Increasing band edges; ``-inf`` and ``inf`` are added at the ends.
    higher_is_safer : bool, default True
        Only used to order the cumulative columns from the riskiest band.

    Returns
    -------
    DataFrame
        ``score_band, lower, upper, count, share, n_bad, bad_rate,
        cum_bad_share`` (cumulated from the riskiest band).

    Examples
    --------
    >>> t = score_bands([1, 0, 1, 0, 0, 0], [480, 520, 530, 560, 610, 640], edges=[500, 600])
    >>> t[["score_band", "count", "n_bad", "bad_rate"]]
        score_band  count  n_bad  bad_rate
    0  [-inf, 500)      1      1  1.000000
    1   [500, 600)      3      1  0.333333
    2   [600, inf)      2      0  0.000000
    """
    y, _ = _inputs(y, score, higher_is_safer)
    s = np.asarray(score, dtype="float64")
    e = np.asarray(edges, dtype="float64")
    if e.ndim != 1 or len(e) == 0 or (np.diff(e) <= 0).any() or not np.isfinite(e).all():
        raise ValueError(f"edges must be finite and strictly increasing, got {list(edges)!r}")
    full = np.concatenate([[-np.inf], e, [np.inf]])
    band = np.searchsorted(e, s, side="right")
    k = len(full) - 1
    count = np.bincount(band, minlength=k)
    nb = np.bincount(band, weights=y, minlength=k).astype("int64")
    labels = [f"[{a:g}, {b:g})" for a, b in zip(full[:-1], full[1:])]
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(count > 0, nb / np.maximum(count, 1), np.nan)
    t = pd.DataFrame({"score_band": labels, "lower": full[:-1], "upper": full[1:], "count": count,
                      "share": count / len(y), "n_bad": nb, "bad_rate": rate})
    cum = np.cumsum(nb if higher_is_safer else nb[::-1])
    t["cum_bad_share"] = (cum if higher_is_safer else cum[::-1]) / y.sum()
    return t


def calibration_table(y, proba, *, n_groups=10) -> pd.DataFrame:
    """Mean predicted and observed bad rate by group of predicted probability.

    Returns ``group, count, mean_predicted, bad_rate, n_bad, expected_bad``
    (groups of nearly equal size, lowest probability first).

    Examples
    --------
    >>> t = calibration_table([0, 0, 1, 0, 1, 1], [0.1, 0.2, 0.3, 0.5, 0.7, 0.9], n_groups=2)
    >>> t[["group", "mean_predicted", "bad_rate"]].round(3)
       group  mean_predicted  bad_rate
    0      1             0.2     0.333
    1      2             0.7     0.667
    """
    y = check_binary_target(y)
    p = np.asarray(proba, dtype="float64")
    if p.shape != y.shape:
        raise ValueError(f"proba must have the same length as y, got {p.shape} and {y.shape}")
    if not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError("proba must hold probabilities between 0 and 1")
    check_number("n_groups", n_groups, low=1, integer=True)
    n = len(y)
    order = np.argsort(p, kind="stable")
    group = np.empty(n, dtype="int64")
    group[order] = np.minimum((np.arange(n) * n_groups) // n, n_groups - 1)
    df = pd.DataFrame({"group": group + 1, "y": y, "p": p})
    t = df.groupby("group").agg(count=("y", "size"), mean_predicted=("p", "mean"), bad_rate=("y", "mean"),
                                n_bad=("y", "sum"), expected_bad=("p", "sum")).reset_index()
    return t


@dataclass(frozen=True)
class HosmerLemeshow:
    """Hosmer-Lemeshow goodness-of-fit test result."""

    statistic: float
    dof: int
    p_value: float


def hosmer_lemeshow(y, proba, *, n_groups=10) -> HosmerLemeshow:
    """Hosmer-Lemeshow test: ``sum (O - E)^2 / (E (1 - E/n))`` over groups.

    Degrees of freedom are ``n_groups - 2``; a small p-value says predicted
    and observed bad rates differ.

    Examples
    --------
    >>> r = hosmer_lemeshow([0, 0, 1, 0, 1, 1], [0.1, 0.2, 0.3, 0.5, 0.7, 0.9], n_groups=3)
    >>> r.dof
    1
    """
    check_number("n_groups", n_groups, low=3, integer=True)
    t = calibration_table(y, proba, n_groups=n_groups)
    e = t["expected_bad"].to_numpy()
    o = t["n_bad"].to_numpy()
    n = t["count"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(e * (1 - e / n) > 0, (o - e) ** 2 / (e * (1 - e / n)), 0.0)
    stat = float(terms.sum())
    dof = len(t) - 2
    return HosmerLemeshow(stat, dof, float(chi2.sf(stat, dof)))


_BAD_ACCEPTED = float(GERMAN_COST_MATRIX[1, 0])
_GOOD_REJECTED = float(GERMAN_COST_MATRIX[0, 1])


def cutoff_table(y, score, *, cost_bad_accepted=_BAD_ACCEPTED, cost_good_rejected=_GOOD_REJECTED,
                 cutoffs=None) -> pd.DataFrame:
    """Approval rate, errors and misclassification cost at each points cut-off.

    An applicant is accepted when ``score >= cutoff`` (points: higher is
    safer). The cost defaults are the German credit cost matrix
    (:data:`creditkit.datasets.GERMAN_COST_MATRIX`): accepting a bad costs 5,
    rejecting a good costs 1.

    Parameters
    ----------
    y : array-like of 0/1
    score : array-like
        Points.
    cost_bad_accepted, cost_good_rejected : float, default 5 and 1
    cutoffs : sequence, optional
        Cut-offs to evaluate (default: every distinct score, plus one above
        the maximum, i.e. reject all).

    Returns
    -------
    DataFrame
        ``cutoff, approval_rate, n_accepted, bads_accepted, goods_rejected,
        bad_rate_accepted, expected_cost, cost_per_applicant``, sorted by
        cut-off; :meth:`DataFrame.idxmin` on ``expected_cost`` gives the best.

    Examples
    --------
    >>> t = cutoff_table([1, 0, 1, 0, 0, 0], [480, 520, 530, 560, 610, 640], cutoffs=[500, 540])
    >>> t[["cutoff", "n_accepted", "bads_accepted", "goods_rejected", "expected_cost"]]
       cutoff  n_accepted  bads_accepted  goods_rejected  expected_cost
    0   500.0           5              1               0            5.0
    1   540.0           3              0               1            1.0
    """
    y, _ = _inputs(y, score, True)
    check_number("cost_bad_accepted", cost_bad_accepted, low=0)
    check_number("cost_good_rejected", cost_good_rejected, low=0)
    s = np.asarray(score, dtype="float64")
    if cutoffs is None:
        u = np.unique(s)
        cut = np.concatenate([u, [u[-1] + 1]])
    else:
        cut = np.unique(np.asarray(cutoffs, dtype="float64"))
    order = np.argsort(s, kind="stable")
    ss, ys = s[order], y[order]
    rejected = np.searchsorted(ss, cut, side="left")
    bads_before = np.concatenate([[0], np.cumsum(ys)])
    n = len(y)
    n_bad = int(y.sum())
    bads_rejected = bads_before[rejected]
    goods_rejected = rejected - bads_rejected
    n_acc = n - rejected
    bads_acc = n_bad - bads_rejected
    cost = cost_bad_accepted * bads_acc + cost_good_rejected * goods_rejected
    with np.errstate(divide="ignore", invalid="ignore"):
        bra = np.where(n_acc > 0, bads_acc / np.maximum(n_acc, 1), np.nan)
    return pd.DataFrame({
        "cutoff": cut, "approval_rate": n_acc / n, "n_accepted": n_acc, "bads_accepted": bads_acc,
        "goods_rejected": goods_rejected, "bad_rate_accepted": bra,
        "expected_cost": cost.astype("float64"), "cost_per_applicant": cost / n,
    })


def best_cutoff(y, score, *, cost_bad_accepted=_BAD_ACCEPTED, cost_good_rejected=_GOOD_REJECTED) -> float:
    """The points cut-off with the lowest misclassification cost on ``(y, score)``.

    Every distinct score is tried (see :func:`cutoff_table`); among equal
    costs the lowest cut-off wins, i.e. the one that approves most
    applicants.

    Parameters
    ----------
    y : array-like of 0/1
    score : array-like
        Points (higher is safer); applicants with ``score >= cutoff`` are accepted.
    cost_bad_accepted, cost_good_rejected : float, default 5 and 1

    Returns
    -------
    float

    Examples
    --------
    >>> best_cutoff([1, 0, 1, 0, 0, 0], [480, 520, 530, 560, 610, 640])
    560.0
    >>> best_cutoff([1, 0, 1, 0, 0, 0], [480, 520, 530, 560, 610, 640], cost_bad_accepted=0.5)
    520.0
    """
    t = cutoff_table(y, score, cost_bad_accepted=cost_bad_accepted, cost_good_rejected=cost_good_rejected)
    return float(t.loc[t["expected_cost"].idxmin(), "cutoff"])


def score_band_edges(score, *, width) -> np.ndarray:
    """Round band edges every ``width`` points inside the range of ``score``.

    The edges are multiples of ``width`` strictly between the lowest and the
    highest score, so that :func:`score_bands` gives bands such as
    ``[500, 520)`` with no empty band at either end (the first and last
    bands are open: ``[-inf, ...)`` and ``[..., inf)``).

    Parameters
    ----------
    score : array-like
        Points.
    width : float
        Width of a band, in points (> 0).

    Returns
    -------
    numpy.ndarray
        Increasing edges; empty when all scores fall inside one band.

    Raises
    ------
    ValueError
        ``width`` is not positive, or ``score`` is empty or not finite.

    Examples
    --------
    >>> score_band_edges([487, 512, 569, 601], width=20).tolist()
    [500.0, 520.0, 540.0, 560.0, 580.0, 600.0]
    >>> score_band_edges([505, 511], width=20).tolist()
    []
    """
    check_number("width", width, low=0, low_open=True)
    s = np.asarray(score, dtype="float64")
    if s.size == 0 or not np.isfinite(s).all():
        raise ValueError("score must be a non-empty array of finite points")
    lo = np.floor(s.min() / width) * width
    edges = np.arange(lo + width, s.max(), width, dtype="float64")
    return edges[edges > s.min()]
