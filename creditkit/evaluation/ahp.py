"""Analytic hierarchy process (AHP): weights from pairwise comparisons.

A credit committee compares criteria two at a time on Saaty's 1–9 scale
("capacity is 3 times as important as collateral"); the principal eigenvector
of the reciprocal comparison matrix gives the criterion weights, and the
consistency ratio tells whether the judgements hang together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_number
from ..errors import EvaluationError

__all__ = ["RANDOM_INDEX", "AHPResult", "ahp_weights", "pairwise_matrix", "ahp_score"]

#: Saaty's random consistency index RI for n = 1 … 10 criteria.
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}

@dataclass(frozen=True)
class AHPResult:
    """Weights and consistency of one pairwise-comparison matrix.

    Attributes
    ----------
    weights : pandas.Series
        Normalised principal eigenvector (sums to 1), indexed by criterion.
    lambda_max : float
        Principal eigenvalue.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)``.
    cr : float
        Consistency ratio ``CI / RI`` (0 when RI is 0, i.e. n ≤ 2).
    consistent : bool
        ``cr < threshold``.
    worst_pair : tuple of (str, str) or None
        The pair whose judgement departs most from the weights, named when the
        matrix is inconsistent.
    worst_pair_suggestion : float or None
        The value ``w_i / w_j`` that would fit the weights for ``worst_pair``.
    threshold : float
        CR threshold used.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    cr: float
    consistent: bool
    worst_pair: tuple | None
    worst_pair_suggestion: float | None
    threshold: float

    @property
    def n(self) -> int:
        """Number of criteria."""
        return len(self.weights)


def _as_matrix(matrix, labels):
    if isinstance(matrix, pd.DataFrame):
        if list(matrix.index) != list(matrix.columns):
            raise EvaluationError(
                "matrix: a DataFrame must have the same labels, in the same order, on rows and "
                f"columns; got rows {list(matrix.index)!r} and columns {list(matrix.columns)!r}"
            )
        found = [str(c) for c in matrix.columns]
        values = matrix.to_numpy()
        labels = found if labels is None else labels
    elif isinstance(matrix, (list, tuple, np.ndarray)):
        values = matrix
    else:
        raise TypeError(
            f"matrix must be a list of lists, ndarray or DataFrame, got {type(matrix).__name__}"
        )
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"matrix must hold numbers only, got {matrix!r}") from None
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] == 0:
        raise EvaluationError(f"matrix must be square and non-empty, got shape {values.shape}")
    n = values.shape[0]
    if labels is None:
        labels = [f"c{i + 1}" for i in range(n)]
    labels = [str(x) for x in labels]
    if len(labels) != n or len(set(labels)) != n:
        raise EvaluationError(f"labels must be {n} distinct names, got {labels!r}")
    return values, labels


def _check_reciprocal(a, labels, rtol):
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        i, j = np.argwhere(~np.isfinite(a) | (a <= 0))[0]
        raise EvaluationError(
            "matrix must hold positive finite judgements; "
            f"entry ({labels[i]!r}, {labels[j]!r}) is {a[i, j]!r}"
        )
    diag_bad = np.flatnonzero(np.abs(np.diag(a) - 1.0) > rtol)
    if diag_bad.size:
        i = diag_bad[0]
        raise EvaluationError(
            f"matrix diagonal must be 1; entry ({labels[i]!r}, {labels[i]!r}) is {a[i, i]!r}"
        )
    product = a * a.T
    bad = np.argwhere(np.abs(product - 1.0) > rtol)
    if bad.size:
        i, j = bad[0]
        raise EvaluationError(
            "matrix must be reciprocal (a[j, i] = 1 / a[i, j]); "
            f"entry ({labels[i]!r}, {labels[j]!r}) is {a[i, j]!r} but "
            f"({labels[j]!r}, {labels[i]!r}) is {a[j, i]!r}, expected {1 / a[i, j]:.4g}"
        )


def ahp_weights(matrix, *, labels=None, threshold=0.10, rtol=0.01):
    """Criterion weights, λmax, CI and CR of a reciprocal pairwise-comparison matrix.

    Parameters
    ----------
    matrix : list of lists, numpy.ndarray or pandas.DataFrame
        Square matrix with ``a[i, j]`` = importance of criterion *i* over
        criterion *j* on Saaty's 1–9 scale, ``a[j, i] = 1 / a[i, j]`` and ones
        on the diagonal. A DataFrame's index (equal to its columns) names the
        criteria.
    labels : list of str, optional
        Criterion names (default: the DataFrame labels, else ``c1, c2, ...``).
    threshold : float, default 0.10
        CR at or above which the matrix is flagged as inconsistent.
    rtol : float, default 0.01
        Tolerance of the reciprocity check, so that 0.333 is taken as 1/3.

    Returns
    -------
    AHPResult

    Raises
    ------
    TypeError
        ``matrix`` is not a matrix of numbers.
    EvaluationError
        The matrix is not square, has a non-positive entry, a diagonal other
        than 1, is not reciprocal, or has more than 10 criteria (no RI).

    Notes
    -----
    Saaty's eigenvector method: ``A w = λmax w`` with ``w`` the principal
    eigenvector scaled to sum to 1; ``CI = (λmax − n) / (n − 1)``;
    ``CR = CI / RI(n)`` with Saaty's random index :data:`RANDOM_INDEX`
    (0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 for n = 1…10).
    The most inconsistent pair is the one with the largest
    ``|ln(a_ij · w_j / w_i)|``: the judgement furthest from what the weights
    imply (Saaty, *The Analytic Hierarchy Process*, 1980).

    Examples
    --------
    >>> res = ahp_weights([[1, 3], [1/3, 1]], labels=["capacity", "collateral"])
    >>> res.weights.round(3).tolist()
    [0.75, 0.25]
    >>> res.cr, res.consistent
    (0.0, True)
    """
    threshold = check_number("threshold", threshold, low=0, low_open=True)
    rtol = check_number("rtol", rtol, low=0)
    a, labels = _as_matrix(matrix, labels)
    n = a.shape[0]
    if n > 10:
        raise EvaluationError(f"matrix: Saaty's random index is tabulated for n ≤ 10, got n = {n}")
    _check_reciprocal(a, labels, rtol)
    eigvals, eigvecs = np.linalg.eig(a)
    k = int(np.argmax(eigvals.real))
    lam = float(eigvals[k].real)
    w = np.abs(eigvecs[:, k].real)
    w = w / w.sum()
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ci = max(ci, 0.0) if abs(ci) < 1e-12 else ci
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    consistent = bool(cr < threshold)
    worst, suggestion = None, None
    if n > 2:
        eps = np.abs(np.log(a * w[None, :] / w[:, None]))
        iu = np.triu_indices(n, 1)
        m = int(np.argmax(eps[iu]))
        i, j = iu[0][m], iu[1][m]
        if not consistent:
            worst, suggestion = (labels[i], labels[j]), float(w[i] / w[j])
    weights = pd.Series(w, index=pd.Index(labels, name="criterion"), name="weight")
    return AHPResult(
        weights=weights,
        lambda_max=lam,
        ci=float(ci),
        cr=float(cr),
        consistent=consistent,
        worst_pair=worst,
        worst_pair_suggestion=suggestion,
        threshold=threshold,
    )


def pairwise_matrix(judgements, labels):
    """Build a reciprocal comparison matrix from the judgements above the diagonal.

    Parameters
    ----------
    judgements : dict
        ``{(label_i, label_j): value}`` meaning *i* is ``value`` times as
        important as *j*; every pair must be given once (either order).
    labels : list of str
        Criterion names, in matrix order.

    Returns
    -------
    pandas.DataFrame
        Reciprocal matrix with ``labels`` on rows and columns.

    Raises
    ------
    EvaluationError
        A pair is missing, repeated, names an unknown criterion or has a
        non-positive value.

    Examples
    --------
    >>> pairwise_matrix({("a", "b"): 3, ("c", "b"): 2, ("a", "c"): 1}, ["a", "b", "c"]).round(3)
           a    b    c
    a  1.000  3.0  1.0
    b  0.333  1.0  0.5
    c  1.000  2.0  1.0
    """
    if not isinstance(judgements, dict):
        raise TypeError(f"judgements must be a dict {{(i, j): value}}, got {type(judgements).__name__}")
    labels = [str(x) for x in labels]
    pos = {name: k for k, name in enumerate(labels)}
    n = len(labels)
    a = np.eye(n)
    seen = set()
    for key, value in judgements.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise EvaluationError(f"judgements: keys must be (label_i, label_j) pairs, got {key!r}")
        i_name, j_name = str(key[0]), str(key[1])
        if i_name not in pos or j_name not in pos or i_name == j_name:
            raise EvaluationError(f"judgements: unknown or self pair {key!r}; labels are {labels!r}")
        v = check_number(f"judgements[{key!r}]", value, low=0, low_open=True)
        pair = frozenset((i_name, j_name))
        if pair in seen:
            raise EvaluationError(f"judgements: pair {key!r} is given twice")
        seen.add(pair)
        i, j = pos[i_name], pos[j_name]
        a[i, j], a[j, i] = v, 1.0 / v
    expected = n * (n - 1) // 2
    if len(seen) != expected:
        missing = [
            (labels[i], labels[j])
            for i in range(n)
            for j in range(i + 1, n)
            if frozenset((labels[i], labels[j])) not in seen
        ]
        raise EvaluationError(f"judgements: missing pairs {missing!r}")
    return pd.DataFrame(a, index=labels, columns=labels)


def ahp_score(weights, scores):
    """Weighted score of one customer: ``Σ weight_i × score_i``.

    Parameters
    ----------
    weights : pandas.Series or AHPResult
        Criterion weights (summing to 1).
    scores : dict or pandas.Series
        The customer's score on each criterion (same names as the weights).

    Returns
    -------
    float

    Examples
    --------
    >>> import pandas as pd
    >>> ahp_score(pd.Series({"a": 0.75, "b": 0.25}), {"a": 80, "b": 40})
    70.0
    """
    if isinstance(weights, AHPResult):
        weights = weights.weights
    weights = pd.Series(weights, dtype=float)
    scores = pd.Series(scores, dtype=float)
    missing = sorted(set(weights.index) - set(scores.index))
    if missing:
        raise EvaluationError(f"scores: missing criteria {missing!r}")
    return float((weights * scores.reindex(weights.index)).sum())
