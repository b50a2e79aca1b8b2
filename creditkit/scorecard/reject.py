"""Reject inference: giving rejected applicants an outcome to learn from.

A scorecard built on accepted applicants only has never seen how the
rejected ones would have behaved. Two classic remedies (Siddiqi, ch. 6):

- **Fuzzy augmentation**: each rejected applicant enters the sample twice,
  once as bad with weight ``p`` and once as good with weight ``1 - p``,
  where ``p`` is its probability of bad from the accepts-only model.
- **Parcelling**: rejected applicants are given outcomes at random, band
  by band of score, at the accepted bad rate of their band times a factor
  (rejects are usually worse than accepts of the same score).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_number
from ._counts import check_binary_target, check_frame

__all__ = ["AugmentedSample", "fuzzy_augmentation", "parcelling", "reject_inference_comparison"]


@dataclass(frozen=True)
class AugmentedSample:
    """Accepted and inferred rejected rows, ready for ``fit(X, y, sample_weight=...)``.

    Attributes
    ----------
    X : DataFrame
    y : ndarray of 0/1
    sample_weight : ndarray
    is_rejected : ndarray of bool
    """

    X: pd.DataFrame
    y: np.ndarray
    sample_weight: np.ndarray
    is_rejected: np.ndarray


def fuzzy_augmentation(X_accepted, y_accepted, X_rejected, p_bad_rejected, *, rejected_weight=1.0):
    """Fuzzy augmentation of the accepted sample with weighted rejects.

    Parameters
    ----------
    X_accepted : DataFrame
    y_accepted : array-like of 0/1
    X_rejected : DataFrame
        Same columns as ``X_accepted``.
    p_bad_rejected : array-like
        Probability of bad of each rejected row (e.g. from an accepts-only
        ``Scorecard.predict_proba(X_rejected)[:, 1]``).
    rejected_weight : float, default 1.0
        Extra weight of the rejected rows (e.g. their share in the
        through-the-door population over their share in the sample).

    Returns
    -------
    AugmentedSample
        Accepted rows (weight 1) then each rejected row twice: as bad with
        weight ``p * rejected_weight`` and as good with ``(1 - p) * rejected_weight``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = fuzzy_augmentation(pd.DataFrame({"x": [1, 2]}), [0, 1], pd.DataFrame({"x": [3]}), [0.3])
    >>> s.y.tolist(), s.sample_weight.tolist()
    ([0, 1, 1, 0], [1.0, 1.0, 0.3, 0.7])
    """
    Xa = check_frame(X_accepted, "X_accepted")
    Xr = check_frame(X_rejected, "X_rejected")
    if list(Xa.columns) != list(Xr.columns):
        raise ValueError("X_accepted and X_rejected must have the same columns")
    ya = np.asarray(y_accepted)
    if ya.shape != (len(Xa),) or not np.isin(ya, [0, 1]).all():
        raise ValueError(f"y_accepted must hold one 0/1 value per accepted row ({len(Xa)})")
    p = np.asarray(p_bad_rejected, dtype="float64")
    if p.shape != (len(Xr),) or not np.isfinite(p).all() or (p < 0).any() or (p > 1).any():
        raise ValueError(f"p_bad_rejected must hold one probability in [0, 1] per rejected row ({len(Xr)})")
    check_number("rejected_weight", rejected_weight, low=0, low_open=True)
    X = pd.concat([Xa, Xr, Xr], ignore_index=True)
    y = np.concatenate([ya.astype("int64"), np.ones(len(Xr), "int64"), np.zeros(len(Xr), "int64")])
    w = np.concatenate([np.ones(len(Xa)), p * rejected_weight, (1 - p) * rejected_weight])
    rej = np.concatenate([np.zeros(len(Xa), bool), np.ones(2 * len(Xr), bool)])
    return AugmentedSample(X, y, w, rej)


def parcelling(y_accepted, score_accepted, score_rejected, *, n_bands=10, bad_rate_factor=1.0, random_state=0):
    """Random outcomes for rejected applicants at their score band's bad rate.

    Bands are ``n_bands`` quantiles of the accepted scores. In each band a
    rejected applicant is bad with probability ``min(1, factor * bad rate of
    the accepted in that band)``.

    Parameters
    ----------
    y_accepted : array-like of 0/1
    score_accepted, score_rejected : array-like
        Scores (any direction) of the same model.
    n_bands : int, default 10
    bad_rate_factor : float, default 1.0
        Rejects are usually riskier than accepts with the same score: 1.5 to 3
        is common.
    random_state : int, default 0

    Returns
    -------
    ndarray of 0/1, one per rejected applicant.

    Examples
    --------
    >>> y = parcelling([0, 0, 1, 1], [700, 650, 560, 540], [550, 545, 720], n_bands=2)
    >>> y.tolist()
    [1, 1, 0]
    """
    y = check_binary_target(y_accepted, "y_accepted")
    sa = np.asarray(score_accepted, dtype="float64")
    sr = np.asarray(score_rejected, dtype="float64")
    if sa.shape != y.shape:
        raise ValueError("score_accepted must have one value per accepted applicant")
    check_number("n_bands", n_bands, low=1, integer=True)
    check_number("bad_rate_factor", bad_rate_factor, low=0)
    cuts = np.unique(np.quantile(sa, np.linspace(0, 1, n_bands + 1)[1:-1]))
    band_a = np.searchsorted(cuts, sa, side="right")
    k = len(cuts) + 1
    rate = np.bincount(band_a, weights=y, minlength=k) / np.maximum(np.bincount(band_a, minlength=k), 1)
    p = np.minimum(1.0, bad_rate_factor * rate[np.searchsorted(cuts, sr, side="right")])
    rng = np.random.default_rng(random_state)
    return (rng.random(len(sr)) < p).astype("int64")


def reject_inference_comparison(scorecard, X_train, y_train, X_test, y_test, *, reject_share=0.2):
    """Rehearse reject inference on known outcomes: how much does fuzzy augmentation recover?

    The fitted ``scorecard`` plays the approval policy: the ``reject_share``
    of training applicants with the lowest points (ties in row order) are treated as rejected,
    their outcomes hidden. Two scorecards with the same settings are then
    fitted: one on the accepted applicants only, one on the accepted plus
    the rejected by :func:`fuzzy_augmentation` (probabilities from the
    accepts-only card). All three are scored on the hold-out sample.

    Parameters
    ----------
    scorecard : Scorecard
        Fitted on ``(X_train, y_train)``; it is not changed (copies are fitted).
    X_train, X_test : DataFrame
        The scorecard's variables.
    y_train, y_test : array-like of 0/1
    reject_share : float, default 0.2
        Share of training applicants treated as rejected, in (0, 1).

    Returns
    -------
    DataFrame
        Indexed by ``model`` (``all_applicants``: the card on every
        outcome, which a lender never has; ``accepts_only``;
        ``fuzzy_augmentation``) with ``n_rows`` (training rows, a rejected
        applicant counted once), ``auc`` and ``gini`` on the hold-out sample.

    Raises
    ------
    ValueError
        ``reject_share`` is not in (0, 1), or the scorecard is not fitted.

    Examples
    --------
    >>> from creditkit import datasets
    >>> from creditkit.scorecard import Scorecard, WOETransformer
    >>> df = datasets.load_german()
    >>> cols = ["checking_status", "duration_months", "credit_history"]
    >>> train, test = df.iloc[:700], df.iloc[700:]
    >>> card = Scorecard(binning=WOETransformer(n_bins=4)).fit(train[cols], train["bad"])
    >>> t = reject_inference_comparison(card, train[cols], train["bad"], test[cols], test["bad"], reject_share=0.3)
    >>> t.index.tolist(), t["n_rows"].tolist()
    (['all_applicants', 'accepts_only', 'fuzzy_augmentation'], [700, 490, 700])
    """
    from sklearn.base import clone

    from .metrics import roc_auc

    check_number("reject_share", reject_share, low=0, high=1, low_open=True)
    if reject_share >= 1:
        raise ValueError(f"reject_share must be below 1, got {reject_share!r}")
    if not hasattr(scorecard, "points_table_"):
        raise ValueError("scorecard must be fitted first (call fit)")
    Xtr, Xte = check_frame(X_train, "X_train"), check_frame(X_test, "X_test")
    ytr, yte = check_binary_target(y_train, "y_train"), check_binary_target(y_test, "y_test")
    points = np.asarray(scorecard.score_points(Xtr), dtype="float64")
    rejected = np.zeros(len(points), dtype=bool)
    rejected[np.argsort(points, kind="stable")[: int(round(reject_share * len(points)))]] = True
    acc, rej = Xtr[~rejected], Xtr[rejected]
    # each card bins its own rows: a card that reused prefitted bins refits them here
    fresh = clone(scorecard)
    if fresh.get_params().get("prefit_binning"):
        fresh.set_params(prefit_binning=False)
    accepts_only = clone(fresh).fit(acc, ytr[~rejected])
    aug = fuzzy_augmentation(acc, ytr[~rejected], rej, accepts_only.predict_proba(rej)[:, 1])
    augmented = clone(fresh).fit(aug.X, aug.y, sample_weight=aug.sample_weight)
    rows = {"all_applicants": (len(Xtr), scorecard), "accepts_only": (int((~rejected).sum()), accepts_only),
            "fuzzy_augmentation": (len(Xtr), augmented)}
    auc = {k: roc_auc(yte, m.score_points(Xte), higher_is_safer=True) for k, (_, m) in rows.items()}
    t = pd.DataFrame({"n_rows": [n for n, _ in rows.values()], "auc": list(auc.values())},
                     index=pd.Index(list(rows), name="model"))
    t["gini"] = 2 * t["auc"] - 1
    return t
