"""Binning of numeric and categorical variables for scorecards.

A variable is cut into a few bins, each with a count, a bad rate and a weight
of evidence (WOE). Regular values are binned by one of four methods; missing
values and each declared special value (such as ``-999`` for "no record") get
bins of their own, so they are never mixed with real values.

Methods
-------
``"optimal"``
    The grouping of pre-bins with the **largest information value** among
    all groupings into at most ``n_bins`` bins that hold at least
    ``min_bin_share`` of the rows each and follow the ``monotonic`` trend
    (``"ascending"``, ``"descending"``, ``"auto"``: the better of the two,
    ``"peak"``, ``"valley"``, ``"auto_unimodal"``: see :func:`bin_variable`).
    It is found exactly by dynamic programming
    over the pre-bin boundaries (``creditkit/scorecard/_optimal.py``), in
    polynomial time and without a MIP solver; optbinning solves the same
    problem as a MIP/CP (Navas-Palencia, 2020, "Optimal binning: mathematical
    programming formulation"). The pre-bins: a variable with at most
    ``EXACT_PREBINS`` (200) distinct values is searched over every cut
    between them. Otherwise the search starts from ``max_prebins``
    quantiles and refines near the chosen cuts, down to quantiles
    ``REFINE**2`` (400) times finer; each step is exact on its candidates
    and keeps the earlier ones, so the result is never worse than the
    optimum on the ``max_prebins`` quantiles.
``"uniform"``
    Equal-width bins between the smallest and largest value.
``"quantile"``
    Equal-frequency bins.
``"tree"``
    Pre-binning into ``max_prebins`` quantiles, then a decision tree (entropy)
    on the pre-bin counts picks up to ``n_bins`` bins, each holding at least
    ``min_bin_share`` of the rows.
``"chimerge"``
    Pre-binning as above, then adjacent bins with the smallest chi-square
    statistic are merged until ``n_bins`` remain (Kerber, 1992).

After the other methods, bins smaller than ``min_bin_share`` are merged into
their neighbour with the closer bad rate, and an optional monotonic trend of
the bad rate is enforced by pooling adjacent violators (the optimal method
meets both constraints by construction).

Everything is vectorised: numeric values are placed in bins with
``np.searchsorted``; a categorical column is factorized once (text by
Arrow's dictionary encoding, a pandas categorical by its codes), its good
and bad counts per category taken by one ``np.bincount``, and new data is
mapped to bins through a lookup on its distinct values. Only the few bins
themselves are merged in a loop.

Bins of numeric variables are left-closed: a bin labelled ``[25, 35)`` holds
``25 <= x < 35``.
"""

from __future__ import annotations

import numbers
import re
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.validation import check_is_fitted

from .._checks import check_choice, check_number
from ..errors import BinningWarning, CreditkitWarning, ScorecardError
from ._counts import (
    EMPTY_BIN, NUMERIC_TEXT_SHARE, check_binary_target, check_finite, check_frame, check_sample_weight, counts_table,
    factorize, is_text, map_values, numeric_values, parse_numbers, woe_iv,
)
from ._optimal import REFINE, SearchCache, optimal_starts, refined_starts

__all__ = ["VariableBinning", "bin_variable", "binning_comparison", "Binner", "METHODS", "MONOTONIC"]

METHODS = ("optimal", "tree", "chimerge", "quantile", "uniform")
MONOTONIC = (None, "ascending", "descending", "auto", "peak", "valley", "auto_unimodal")
#: Up to this many fine pre-bins (a variable with at most this many distinct values) the
#: optimal method searches all of them exactly instead of coarse to fine.
EXACT_PREBINS = 200
#: Trends only the optimal method can enforce.
UNIMODAL = ("peak", "valley", "auto_unimodal")
#: ``monotonic="auto_unimodal"`` takes a peak or valley only when a likelihood-ratio
#: test rejects the best monotonic binning at this level.
UNIMODAL_TEST_LEVEL = 0.05
MISSING_LABEL = "missing"

# --------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class VariableBinning:
    """The bins of one variable and their statistics on the fitting data.

    Attributes
    ----------
    name : str
        Variable name.
    kind : {"numeric", "categorical"}
    splits : tuple of float
        Numeric: cut points; regular bin ``i`` holds ``splits[i-1] <= x < splits[i]``.
    groups : tuple of tuple
        Categorical: the categories of each regular bin.
    special_values : tuple
        Values binned on their own, one bin each, after the regular bins.
    table : DataFrame
        One row per bin (regular bins, special values, then ``missing``) with
        ``bin, count, count_share, n_good, n_bad, bad_rate, good_share,
        bad_share, woe, iv``.
    method : str
        Binning method, or ``"manual"`` when the cut points were given.
    smoothing : float
        Pseudo-count added to each cell when the WOE was computed.
    empty_bin : {"smooth", "one"}
        Rule for a bin without goods or bads (see :func:`bin_variable`).
    unseen_bin : int
        Categorical: bin of categories not seen when fitting (the bin holding
        rare categories, else the missing bin).
    status : str
        ``"ok"``, or why the variable carries no information: ``"constant"``
        (one regular value), ``"all missing"`` (no regular value: every row is
        missing or a special value).
    note : str
        How the values were read when that is not what their dtype says,
        e.g. numbers stored as text that were binned as numbers; else ``""``.
    """

    name: str
    kind: str
    splits: tuple
    groups: tuple
    special_values: tuple
    table: pd.DataFrame
    method: str
    smoothing: float
    unseen_bin: int
    status: str = "ok"
    note: str = ""
    empty_bin: str = "smooth"

    @property
    def n_regular(self) -> int:
        """Number of regular bins (without special and missing bins)."""
        return len(self.splits) + 1 if self.kind == "numeric" else len(self.groups)

    @property
    def iv(self) -> float:
        """Information value of the variable: the sum of the bins' IV."""
        return float(self.table["iv"].sum())

    @property
    def woe_values(self) -> np.ndarray:
        return self.table["woe"].to_numpy(dtype="float64")

    def codes(self, x) -> np.ndarray:
        """Bin index (row of :attr:`table`) of each value of ``x``."""
        n_reg = self.n_regular
        n_spec = len(self.special_values)
        if self.kind == "numeric":
            xf = numeric_values(x, self.name)
            check_finite(xf, self.name, self.special_values)
            codes = np.searchsorted(np.asarray(self.splits, dtype="float64"), xf, side="right")
            for j, s in enumerate(self.special_values):
                codes[xf == s] = n_reg + j
            codes[np.isnan(xf)] = n_reg + n_spec
            return codes
        cats = [c for g in self.groups for c in g]
        bin_of_cat = np.repeat(np.arange(len(self.groups), dtype="int64"), [len(g) for g in self.groups])
        return map_values(
            x, cats, bin_of_cat, other=self.unseen_bin, specials=self.special_values,
            special_values=[n_reg + j for j in range(n_spec)], missing=n_reg + n_spec,
        ).astype("int64", copy=False)

    def woe(self, x) -> np.ndarray:
        """WOE of each value of ``x``."""
        return self.woe_values[self.codes(x)]

    def __repr__(self) -> str:
        return (
            f"VariableBinning(name={self.name!r}, kind={self.kind!r}, method={self.method!r}, "
            f"n_bins={len(self.table)}, iv={self.iv:.4f})"
        )


# --------------------------------------------------------------------------- helpers


def _is_categorical(x) -> bool:
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        dtype = np.asarray(x).dtype
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(dtype):
        return True
    return not pd.api.types.is_numeric_dtype(dtype)


def _fmt(v) -> str:
    return f"{v:.6g}"


def _merge(left, g, b, i):
    """Merge bin ``i`` with bin ``i + 1``."""
    g = g.copy()
    b = b.copy()
    g[i] += g[i + 1]
    b[i] += b[i + 1]
    return np.delete(left, i + 1), np.delete(g, i + 1), np.delete(b, i + 1)


def _drop_empty(left, g, b):
    keep = (g + b) > 0
    if keep.all() or not keep.any():
        return left, g, b
    kept = np.flatnonzero(keep)
    new_left = np.concatenate([left[:1], left[kept[1:]]])
    return new_left, g[keep], b[keep]


def _tree_reduce(left, g, b, n_bins, min_share):
    k = len(g)
    if k <= 1:
        return left, g, b
    pos = np.arange(k, dtype="float64")
    tree = DecisionTreeClassifier(
        criterion="entropy",
        max_leaf_nodes=max(n_bins, 2),
        min_weight_fraction_leaf=min_share,
        random_state=0,
    )
    w = np.concatenate([g, b]).astype("float64")
    tree.fit(np.concatenate([pos, pos]).reshape(-1, 1), np.repeat([0, 1], k), sample_weight=w)
    thr = tree.tree_.threshold[tree.tree_.feature >= 0]
    starts = np.unique(np.floor(thr).astype("int64") + 1)
    starts = starts[(starts > 0) & (starts < k)]
    bins = np.searchsorted(starts, np.arange(k), side="right")
    n_out = len(starts) + 1
    return (
        np.concatenate([left[:1], left[starts]]),
        np.bincount(bins, weights=g, minlength=n_out).astype(g.dtype),
        np.bincount(bins, weights=b, minlength=n_out).astype(b.dtype),
    )


def _chi2_adjacent(g, b):
    a, bb, c, d = g[:-1], b[:-1], g[1:], b[1:]
    n = a + bb + c + d
    den = (a + bb) * (c + d) * (a + c) * (bb + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi = np.where(den > 0, n * (a * d - bb * c) ** 2 / np.where(den > 0, den, 1), 0.0)
    return chi


def _chimerge_reduce(left, g, b, n_bins):
    while len(g) > n_bins:
        i = int(np.argmin(_chi2_adjacent(g.astype("float64"), b.astype("float64"))))
        left, g, b = _merge(left, g, b, i)
    return left, g, b


def _min_share_reduce(left, g, b, min_share):
    if min_share <= 0:
        return left, g, b
    while len(g) > 1:
        n = (g + b).astype("float64")
        share = n / n.sum()
        if (share >= min_share).all():
            break
        i = int(np.argmin(share))
        if i == 0:
            j = 0
        elif i == len(g) - 1:
            j = i - 1
        else:
            rate = b / n
            j = i - 1 if abs(rate[i] - rate[i - 1]) <= abs(rate[i] - rate[i + 1]) else i
        left, g, b = _merge(left, g, b, j)
    return left, g, b


def _monotonic_reduce(left, g, b, direction):
    while len(g) > 1:
        rate = b / (g + b)
        d = np.diff(rate)
        viol = d < 0 if direction == "ascending" else d > 0
        if not viol.any():
            break
        left, g, b = _merge(left, g, b, int(np.argmax(viol)))
    return left, g, b


def _iv_of(g, b, smoothing, side=None):
    if side is not None:
        g, b = np.concatenate([g, side[0]]), np.concatenate([b, side[1]])
    if g.sum() <= 0 or b.sum() <= 0:
        return 0.0
    try:
        return float(woe_iv(g, b, smoothing=smoothing)[1].sum())
    except ScorecardError:  # a bin without goods or bads and no smoothing: infinite WOE
        return -np.inf


def _log_likelihood(g, b):
    """Binomial log-likelihood of the bad counts ``b`` when each bin has its own bad rate."""
    n = g + b
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(b > 0, b * np.log(b / n), 0.0) + np.where(g > 0, g * np.log(g / n), 0.0)
    return float(terms.sum())


def _unimodal_is_better(mono, uni):
    """Whether the peak/valley bins ``uni`` fit the bad rates significantly better than the monotonic ``mono``.

    Likelihood-ratio statistic ``2 (logL_uni - logL_mono)`` against the
    chi-square quantile at :data:`UNIMODAL_TEST_LEVEL` with one degree of
    freedom per extra bin (at least one). Both sets of cut points are chosen
    on the same data, so it is a screening rule rather than an exact test.
    """
    from scipy.stats import chi2

    stat = 2.0 * (_log_likelihood(uni[1], uni[2]) - _log_likelihood(mono[1], mono[2]))
    dof = max(len(uni[1]) - len(mono[1]), 1)
    return bool(stat > chi2.ppf(1.0 - UNIMODAL_TEST_LEVEL, dof))


def _optimal_reduce(left, g, b, n_bins, min_share, trend, smoothing, side, n_coarse, cache=None):
    options = dict(
        max_bins=n_bins, min_count=min_share * float((g + b).sum()), trend=trend, smoothing=smoothing,
        side_g=side[0], side_b=side[1], cache=cache,
    )
    if n_coarse is None or len(g) <= max(n_coarse, EXACT_PREBINS):
        starts, _ = optimal_starts(g, b, **options)
    else:
        # the coarse-to-fine search can stop in a local optimum: start it from two
        # coarse grids and keep the better result
        runs = [refined_starts(g, b, n_coarse=k, **options) for k in (n_coarse, 2 * n_coarse)]
        starts, _ = max(runs, key=lambda run: run[1])
    edges = np.concatenate([[0], starts]).astype("int64")
    return left[edges], np.add.reduceat(g, edges), np.add.reduceat(b, edges)


def _better(left, g, b, trends, n_bins, min_share, smoothing, side, n_coarse, cache=None):
    """The optimal bins under each of two trends; the ones with the higher IV (the first on a tie)."""
    first, second = (
        _optimal_reduce(left, g, b, n_bins, min_share, t, smoothing, side, n_coarse, cache) for t in trends
    )
    better = _iv_of(first[1], first[2], smoothing, side) >= _iv_of(second[1], second[2], smoothing, side)
    return first if better else second


def _reduce(left, g, b, *, method, n_bins, min_share, monotonic, smoothing, side=None, n_coarse=None):
    """Bins from pre-bins: method, then minimum share, then monotonic trend.

    ``side`` holds the good and bad counts of the table's other bins (special
    values, missing), which the optimal method needs for the exact IV;
    ``n_coarse`` the number of coarse pre-bins it starts from (None: all).
    """
    left, g, b = _drop_empty(left, g, b)
    if side is None:
        side = (np.zeros(0), np.zeros(0))
    if method == "optimal":
        if len(g) <= 1:
            return left, g, b
        if monotonic in ("auto", "auto_unimodal"):
            # the searches under the trends share the tables of the pre-bin groupings they have in common
            cache = SearchCache()
            best = _better(
                left, g, b, ("ascending", "descending"), n_bins, min_share, smoothing, side, n_coarse, cache
            )
            if monotonic == "auto":
                return best
            uni = _better(left, g, b, ("peak", "valley"), n_bins, min_share, smoothing, side, n_coarse, cache)
            return uni if _unimodal_is_better(best, uni) else best
        return _optimal_reduce(left, g, b, n_bins, min_share, monotonic, smoothing, side, n_coarse)
    if method == "tree":
        left, g, b = _tree_reduce(left, g, b, n_bins, min_share)
    elif method == "chimerge":
        left, g, b = _chimerge_reduce(left, g, b, n_bins)
    left, g, b = _min_share_reduce(left, g, b, min_share)
    if monotonic == "auto":
        up = _monotonic_reduce(left, g, b, "ascending")
        down = _monotonic_reduce(left, g, b, "descending")
        left, g, b = up if _iv_of(up[1], up[2], smoothing) >= _iv_of(down[1], down[2], smoothing) else down
    elif monotonic is not None:
        left, g, b = _monotonic_reduce(left, g, b, monotonic)
    return left, g, b


def _counts(codes, y, w, minlength):
    if w is None:
        n = np.bincount(codes, minlength=minlength)
        nb = np.bincount(codes[y == 1], minlength=minlength)
        return n - nb, nb
    n = np.bincount(codes, weights=w, minlength=minlength)
    nb = np.bincount(codes, weights=w * y, minlength=minlength)
    return n - nb, nb


def _sorted_counts(xs, cuts, ys, ws):
    """Good and bad counts of the bins ``[cuts[i-1], cuts[i])`` of the sorted values ``xs``.

    The same as :func:`_counts` on ``searchsorted(cuts, x, side="right")``, read off
    cumulative sums at the cut positions instead of placing every row.
    """
    edges = np.concatenate([[0], np.searchsorted(xs, cuts, side="left"), [len(xs)]])
    if ws is None:
        n = np.diff(edges)
        nb = np.diff(np.concatenate([[0], np.cumsum(ys, dtype="int64")])[edges])
        return n - nb, nb
    n = np.diff(np.concatenate([[0.0], np.cumsum(ws)])[edges])
    nb = np.diff(np.concatenate([[0.0], np.cumsum(ws * ys)])[edges])
    return n - nb, nb


def _sorted_counts_split(xs, xs_bad, cuts):
    """Good and bad counts of the bins ``[cuts[i-1], cuts[i])``, from the sorted values and the sorted bad values.

    The rows below a cut are the first ``searchsorted(xs, cut)`` sorted rows
    whatever the order of ties, and the bads among them are the bad values
    below the cut: the counts of :func:`_sorted_counts` without sorting row
    indices.
    """
    n = np.diff(np.concatenate([[0], np.searchsorted(xs, cuts, side="left"), [len(xs)]]))
    nb = np.diff(np.concatenate([[0], np.searchsorted(xs_bad, cuts, side="left"), [len(xs_bad)]]))
    return n - nb, nb


def _check_options(method, n_bins, monotonic, min_bin_share, max_prebins, min_category_share, smoothing):
    check_choice("method", method, METHODS)
    check_number("n_bins", n_bins, low=2, integer=True)
    check_choice("monotonic", monotonic, MONOTONIC)
    if monotonic in UNIMODAL and method != "optimal":
        raise ValueError(f"monotonic={monotonic!r} needs method='optimal', got method={method!r}")
    check_number("min_bin_share", min_bin_share, low=0, high=0.5)
    check_number("max_prebins", max_prebins, low=2, integer=True)
    check_number("min_category_share", min_category_share, low=0, high=1, allow_none=True)
    check_number("smoothing", smoothing, low=0)


#: Categories rarer than this share are grouped before binning by the methods that keep each category a bin.
RARE_CATEGORY_SHARE = 0.01


def _rare_share(min_category_share, method):
    """The rare-category share in force: the one given, else 1 % for quantile/uniform and 0 for the merging methods."""
    if min_category_share is not None:
        return min_category_share
    return RARE_CATEGORY_SHARE if method in ("quantile", "uniform") else 0.0


# --------------------------------------------------------------------------- public


def bin_variable(
    x,
    y,
    *,
    name=None,
    method="optimal",
    n_bins=5,
    monotonic=None,
    min_bin_share=0.05,
    max_prebins=50,
    special_values=(),
    min_category_share=None,
    splits=None,
    categorical=None,
    smoothing=0.5,
    sample_weight=None,
    empty_bin="smooth",
) -> VariableBinning:
    """Bin one variable against a 0/1 target and compute its WOE table.

    Parameters
    ----------
    x : array-like
        The variable. Numeric dtypes are binned on cut points; object, string,
        category and boolean dtypes by grouping categories.
    y : array-like of 0/1
        Target, 1 = bad.
    name : str, optional
        Variable name (default: ``x.name`` or ``"x"``).
    method : {"optimal", "tree", "chimerge", "quantile", "uniform"}, default "optimal"
        See the module notes. For categorical variables ``"quantile"`` and
        ``"uniform"`` keep each category (rare ones grouped) as its own bin;
        ``"optimal"``, ``"tree"`` and ``"chimerge"`` merge categories ordered
        by bad rate.
    n_bins : int, default 5
        Number of regular bins (an upper bound for optimal, tree and chimerge).
    monotonic : {None, "ascending", "descending", "auto", "peak", "valley", "auto_unimodal"}, default None
        Trend of the bad rate across numeric bins; ``"auto"`` keeps the
        direction that gives the higher IV; ``"peak"`` (up, then down) and
        ``"valley"`` (down, then up) need ``method="optimal"``, as does
        ``"auto_unimodal"``: the ``"auto"`` bins, unless the better of the
        peak and valley bins fits the bad rates significantly better (a
        likelihood-ratio test at the 5 % level, one degree of freedom per
        extra bin), as a U-shaped risk of credit amount or age often does. The
        cut points are chosen on the same rows, so the screen is lenient: on
        thousands of rows it admits turns that do not hold on new data; use it
        for variables where a U-shape is expected, and check the hold-out AUC.
        Categorical bins are ordered by bad rate, so they are monotonic already.
    min_bin_share : float, default 0.05
        Smallest share of the regular (non-missing, non-special) rows a bin
        may hold; smaller bins are merged into a neighbour. Between 0 and 0.5.
    max_prebins : int, default 50
        Pre-bins (quantiles) for the tree and chimerge methods, and the coarse
        pre-bins the optimal method starts from (see the module notes).
    special_values : sequence, default ()
        Values given a bin each, e.g. ``(-999,)``.
    min_category_share : float, optional
        Categories rarer than this share of all rows are grouped into one
        bin before binning, which also takes categories unseen in fitting.
        Default: 0.01 for ``"quantile"`` and ``"uniform"`` (each category its
        own bin); none for ``"optimal"``, ``"tree"`` and ``"chimerge"``, which
        merge categories ordered by bad rate under ``min_bin_share``: lumping
        the rare ones together first, whatever their bad rates, loses
        information (up to 7 % of the IV on a 50-level column). Without a
        rare bin, an unseen category is scored in the missing bin.
    splits : sequence, optional
        Manual bins: cut points for a numeric variable, or a list of category
        lists for a categorical one. No merging is done then.
    categorical : bool, optional
        Force the variable's kind instead of reading it from the dtype.
    smoothing : float, default 0.5
        Pseudo-count added to the good and bad count of every non-empty bin
        before the WOE is taken, so a bin without bads has a finite WOE.
    sample_weight : array-like, optional
        Row weights for the counts.
    empty_bin : {"smooth", "one"}, default "smooth"
        How the WOE and IV of the table treat a bin without goods or without
        bads. "smooth" adds ``smoothing`` to every cell. "one" is toad's rule:
        a zero count counts as 1 and the shares are plain ``n / N``
        (``smoothing`` then only steers the search for bins), so a model
        ported from toad gets the same WOE and IV on the same bins.

    Returns
    -------
    VariableBinning

    Raises
    ------
    ScorecardError
        The target is not 0/1 with both classes, or manual category groups
        miss a category.
    TypeError, ValueError
        An option of the wrong type or out of range.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([1, 2, 3, 4, 5, 6, 7, 8])
    >>> y = np.array([1, 1, 0, 1, 0, 0, 0, 0])
    >>> vb = bin_variable(x, y, splits=[4], smoothing=0)
    >>> vb.table[["bin", "count", "n_good", "n_bad", "woe"]].round(4)
            bin  count  n_good  n_bad     woe
    0  [-inf, 4)      3       1      2 -1.2040
    1   [4, inf)      5       4      1  0.8755
    2    missing      0       0      0  0.0000
    >>> round(vb.iv, 4)
    0.9704
    """
    _check_options(method, n_bins, monotonic, min_bin_share, max_prebins, min_category_share, smoothing)
    check_choice("empty_bin", empty_bin, EMPTY_BIN)
    if name is None:
        name = getattr(x, "name", None)
        name = "x" if name is None else str(name)
    y = check_binary_target(y)
    n = len(y)
    if len(x) != n:
        raise ValueError(f"x and y must have the same length, got {len(x)} and {n}")
    w = check_sample_weight(sample_weight, n)
    if special_values is None:
        special_values = ()
    if isinstance(special_values, (str, bytes)) or not hasattr(special_values, "__iter__"):
        raise TypeError(f"special_values must be a sequence of values, got {special_values!r}")
    specials = tuple(special_values)
    _check_not_temporal(x, name)
    note = ""
    factorized = None
    if categorical is None:
        categorical = _is_categorical(x)
        if categorical and is_text(x):
            factorized = _factorize(x)
            note, parsed = _numeric_text_note(x, name, factorized)
            categorical = not note
            if note:
                x = parsed  # the numbers, parsed once
    _check_specials(specials, name, categorical)
    if categorical:
        vb = _bin_categorical(
            x, y, w, name, method, n_bins, min_bin_share, specials, _rare_share(min_category_share, method), splits,
            smoothing,
            empty_bin=empty_bin, factorized=factorized,
        )
    else:
        vb = _bin_numeric(
            x, y, w, name, method, n_bins, monotonic, min_bin_share, max_prebins, specials, splits, smoothing,
            empty_bin=empty_bin,
        )
    if note:
        vb = replace(vb, note=note)
        warnings.warn(note, BinningWarning, stacklevel=2)
    if vb.status != "ok":
        warnings.warn(f"variable {name!r} is {vb.status}: {_STATUS_NOTE[vb.status]}", BinningWarning, stacklevel=2)
    return vb


def binning_comparison(x, y, variants, **common) -> pd.DataFrame:
    """The same variable binned several ways, side by side.

    Parameters
    ----------
    x : array-like
        The variable.
    y : array-like of 0/1
        Target, ``1`` = bad.
    variants : mapping of str to dict
        Name of each variant and its :func:`bin_variable` options
        (``{"tree": {"method": "tree"}, "manual": {"splits": [12, 24]}}``).
    **common
        Options shared by every variant (a variant's own options win).

    Returns
    -------
    DataFrame
        Indexed by ``variant`` (the names, in the given order) with
        ``method``, ``n_bins`` (regular bins), ``iv``, ``cut_points``
        (numeric cut points as text, ``"12, 24"``; for a categorical
        variable the number of groups) and ``bad_rates`` (list of the
        regular bins' bad rates, lowest values first).

    Raises
    ------
    ValueError
        ``variants`` is empty; any error of :func:`bin_variable`.

    Examples
    --------
    >>> t = binning_comparison([1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 0, 1, 0, 0, 0, 0],
    ...                        {"at 4": {"splits": [4]}, "at 3, 6": {"splits": [3, 6]}})
    >>> t[["n_bins", "cut_points"]]
             n_bins cut_points
    variant                   
    at 4          2          4
    at 3, 6       3       3, 6
    >>> [round(r, 3) for r in t.loc["at 3, 6", "bad_rates"]]
    [1.0, 0.333, 0.0]
    """
    if not variants:
        raise ValueError("variants must name at least one way of binning")
    rows = []
    for name, options in dict(variants).items():
        vb = bin_variable(x, y, **{**common, **dict(options)})
        cuts = (", ".join(_fmt(v) for v in vb.splits) if vb.kind == "numeric"
                else str(len(vb.groups)))
        rows.append({"variant": name, "method": vb.method, "n_bins": vb.n_regular, "iv": float(vb.iv),
                     "cut_points": cuts,
                     "bad_rates": [float(r) for r in vb.table["bad_rate"].iloc[: vb.n_regular]]})
    return pd.DataFrame(rows).set_index("variant")


def _factorize(x):
    """``(codes, uniques)`` of the values (missing: code -1; see ``factorize``), or None for unhashable values."""
    try:
        return factorize(x)
    except TypeError:
        return None


#: Text that pandas may read as a number other than NaN holds a digit or spells an infinity.
_MAY_BE_NUMBER = re.compile(r"\d|inf", re.IGNORECASE)


def _numeric_text_note(x, name, factorized=None):
    """The warning for a text column of numbers and the numbers, or ``("", None)`` when it is not one."""
    if factorized is not None:  # decide on the distinct values, weighted by their counts
        codes, uniques = factorized
        if all(type(u) is str and not _MAY_BE_NUMBER.search(u) for u in uniques):
            return "", None  # a number has a digit (or is an infinity): words only, nothing to parse
        parsed, _ = parse_numbers(np.asarray(uniques, dtype="object"), name)
        if np.isnan(parsed).all():  # no distinct value is a number: plain text, no pass over the rows
            return "", None
        counts = np.bincount(codes[codes >= 0], minlength=len(parsed))
        if counts[~np.isnan(parsed)].sum() < NUMERIC_TEXT_SHARE * counts.sum():
            return "", None
    values, not_numbers = parse_numbers(x, name, factorized)
    n_values = int((~np.isnan(values)).sum() + not_numbers.sum())
    if n_values == 0 or (~np.isnan(values)).sum() < NUMERIC_TEXT_SHARE * n_values:
        return "", None
    note = f"variable {name!r} holds numbers stored as text; it is binned as numbers"
    if not_numbers.any():
        if factorized is not None:  # codes number the values in order of first appearance
            examples = factorized[1][np.unique(factorized[0][not_numbers])[:3]].tolist()
        else:
            examples = pd.unique(pd.Series(np.asarray(x, dtype="object"), dtype="object")[not_numbers])[:3].tolist()
        note += (f", and its {int(not_numbers.sum())} values that are not numbers "
                 f"(such as {examples}) go to the missing bin")
    return note + " (to bin it as categories, pass categorical=True or name it in categorical_features)", values


_STATUS_NOTE = {
    "constant": "one bin of regular values, WOE 0 there, no information",
    "all missing": "no regular value to bin (every row is missing or special)",
}


def _check_not_temporal(x, name):
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        return
    if (pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype)
            or isinstance(dtype, pd.PeriodDtype)):
        raise TypeError(
            f"variable {name!r} holds dates or durations (dtype {dtype}); bin a number derived from it, "
            "such as the age in days"
        )


def _check_specials(specials, name, categorical):
    for s in specials:
        if s is None or (isinstance(s, (float, np.floating)) and np.isnan(s)) or s is pd.NA or s is pd.NaT:
            raise ValueError(
                f"special_values of variable {name!r} hold a missing value ({s!r}); missing values "
                "get their own bin already"
            )
        if not categorical and (isinstance(s, (bool, np.bool_)) or not isinstance(s, (numbers.Real, np.number))):
            raise TypeError(
                f"special_values of numeric variable {name!r} must be numbers, got {type(s).__name__} {s!r}"
            )


def _finish(
    name, kind, method, smoothing, splits, groups, specials, labels, g_reg, b_reg, spec_g, spec_b, miss, unseen,
    status="ok", empty_bin="smooth",
):
    g = np.concatenate([g_reg, spec_g, [miss[0]]])
    b = np.concatenate([b_reg, spec_b, [miss[1]]])
    labels = list(labels) + [f"special: {s}" for s in specials] + [MISSING_LABEL]
    table = counts_table(labels, g, b, smoothing=smoothing, empty_bin=empty_bin, name=name)
    return VariableBinning(
        name=name,
        kind=kind,
        splits=splits,
        groups=groups,
        special_values=specials,
        table=table,
        method=method,
        smoothing=float(smoothing),
        unseen_bin=int(unseen),
        status=status,
        empty_bin=empty_bin,
    )


def _side_counts(masks, y, w):
    dtype = "float64" if w is not None else "int64"
    g = np.zeros(len(masks), dtype=dtype)
    b = np.zeros(len(masks), dtype=dtype)
    for j, m in enumerate(masks):
        if w is None:
            nb = int(y[m].sum())
            b[j], g[j] = nb, int(m.sum()) - nb
        else:
            b[j] = float((w[m] * y[m]).sum())
            g[j] = float(w[m].sum()) - b[j]
    return g, b


def _bin_numeric(
    x, y, w, name, method, n_bins, monotonic, min_share, max_prebins, specials, splits, smoothing, empty_bin="smooth",
):
    xf = numeric_values(x, name)
    check_finite(xf, name, specials)
    missing = np.isnan(xf)
    spec_masks = [(xf == s) & ~missing for s in specials]
    regular = ~missing
    for m in spec_masks:
        regular &= ~m
    all_regular = bool(regular.all())
    xr = xf if all_regular else xf[regular]
    yr = y if all_regular else y[regular]
    wr = w if (w is None or all_regular) else w[regular]
    spec_g, spec_b = _side_counts(spec_masks, y, w)
    miss_g, miss_b = _side_counts([missing], y, w)
    side = (np.concatenate([spec_g, miss_g]), np.concatenate([spec_b, miss_b]))
    status = "all missing" if len(xr) == 0 else ("constant" if xr.min() == xr.max() else "ok")
    if splits is not None:
        try:
            cuts = np.unique(np.asarray(splits, dtype="float64"))
        except (TypeError, ValueError):
            raise TypeError(f"splits of numeric variable {name!r} must be numbers, got {splits!r}") from None
        if cuts.ndim != 1 or not np.isfinite(cuts).all():
            raise ValueError(f"splits of numeric variable {name!r} must be finite numbers, got {list(splits)!r}")
        used = "manual"
        codes = np.searchsorted(cuts, xr, side="right")
        g_reg, b_reg = _counts(codes, yr, wr, len(cuts) + 1)
    elif len(xr) == 0:
        cuts, used = np.array([]), method
        g_reg, b_reg = _counts(np.zeros(0, dtype="int64"), yr, wr, 1)
    else:
        used = method
        lo, hi = float(xr.min()), float(xr.max())
        if method == "uniform":
            pre = np.linspace(lo, hi, n_bins + 1)[1:-1]
        elif method == "optimal":
            # fine pre-bins for the coarse-to-fine search: many quantiles, read off one sort
            # (np.quantile's partition slows down with the number of quantiles)
            k = max_prebins * REFINE * REFINE
            if wr is None:  # sorting values is many times faster than sorting indices
                xs = np.sort(xr)
                xs_bad = np.sort(xr[yr == 1])
            else:
                order = np.argsort(xr)
                xs = xr[order]
            pre = xs[np.ceil(np.linspace(0, 1, k + 1)[1:-1] * (len(xs) - 1)).astype("int64")]
        else:
            k = n_bins if method == "quantile" else max_prebins
            pre = np.quantile(xr, np.linspace(0, 1, k + 1)[1:-1], method="higher")
        pre = np.unique(pre)
        pre = pre[pre > lo]
        if method == "optimal" and wr is None:
            g_pre, b_pre = _sorted_counts_split(xs, xs_bad, pre)
        elif method == "optimal":
            g_pre, b_pre = _sorted_counts(xs, pre, yr[order], wr[order])
        else:
            codes = np.searchsorted(pre, xr, side="right")
            g_pre, b_pre = _counts(codes, yr, wr, len(pre) + 1)
        left = np.concatenate([[-np.inf], pre])
        left, g_reg, b_reg = _reduce(
            left, g_pre, b_pre, method=method, n_bins=n_bins, min_share=min_share,
            monotonic=monotonic, smoothing=smoothing, side=side, n_coarse=max_prebins,
        )
        cuts = left[1:]
    edges = np.concatenate([[-np.inf], cuts, [np.inf]])
    labels = [f"[{_fmt(a)}, {_fmt(b)})" for a, b in zip(edges[:-1], edges[1:])]
    return _finish(
        name, "numeric", used, smoothing, tuple(float(c) for c in cuts), (), specials, labels,
        g_reg, b_reg, spec_g, spec_b, (miss_g[0], miss_b[0]), len(cuts) + 1 + len(specials), status,
        empty_bin=empty_bin,
    )


def _bin_categorical(
    x, y, w, name, method, n_bins, min_share, specials, min_cat_share, splits, smoothing, empty_bin="smooth",
    factorized=None,
):
    # One factorization of every row (missing: code -1); special values are then whole codes,
    # and every count is a sum over codes, not over rows.
    if factorized is None:
        factorized = _factorize(x)
    if factorized is None:
        raise TypeError(f"variable {name!r}: argument must be a string or a number, not an unhashable value")
    codes, raw_uniques = factorized
    # good and bad counts of every distinct value and of the missing rows (code -1) in one pass
    k = len(raw_uniques)
    if w is None:
        gb = np.bincount((codes + 1) * 2 + y, minlength=2 * (k + 1)).reshape(k + 1, 2)
        g_all, b_all = gb[:, 0], gb[:, 1]
    else:
        n_all = np.bincount(codes + 1, weights=w, minlength=k + 1)
        b_all = np.bincount(codes + 1, weights=w * y, minlength=k + 1)
        g_all = n_all - b_all
    # distinct values in sorted order (as pandas sorts them), the order ties in bad rate keep
    if all(type(u) is str for u in raw_uniques):  # distinct strings: one order, however sorted
        order = np.argsort(raw_uniques)  # sorted position -> code
        all_uniques = raw_uniques[order].tolist()
    else:
        rank, all_uniques = pd.factorize(pd.Series(raw_uniques, dtype="object"), sort=True)
        order = np.argsort(rank, kind="stable")
        all_uniques = list(all_uniques)
    g_sorted, b_sorted = g_all[1:][order], b_all[1:][order]
    is_special = np.array([any(u == s for s in specials) for u in all_uniques], dtype=bool)
    uniques = [u for u, sp in zip(all_uniques, is_special) if not sp]
    g_cat, b_cat = g_sorted[~is_special], b_sorted[~is_special]
    of_special = [np.array([u == s for u in all_uniques], dtype=bool) for s in specials]
    if w is None:
        spec_g = np.array([g_sorted[m].sum() for m in of_special], dtype="int64")
        spec_b = np.array([b_sorted[m].sum() for m in of_special], dtype="int64")
        miss_g, miss_b = g_all[:1].copy(), b_all[:1].copy()
    else:  # weighted sums over the rows themselves, as for numeric variables
        spec_g, spec_b = _side_counts([np.isin(codes, order[m]) for m in of_special], y, w)
        miss_g, miss_b = _side_counts([codes < 0], y, w)
    side = (np.concatenate([spec_g, miss_g]), np.concatenate([spec_b, miss_b]))
    n_total = float(len(y) if w is None else w.sum())
    n_spec = len(specials)
    status = "all missing" if len(uniques) == 0 else ("constant" if len(uniques) == 1 else "ok")
    if splits is not None:
        if isinstance(splits, (str, bytes)) or not all(
            hasattr(gr, "__iter__") and not isinstance(gr, (str, bytes)) for gr in splits
        ):
            raise TypeError(
                f"splits of categorical variable {name!r} must be a list of category lists, "
                f"e.g. [['a'], ['b', 'c']], got {splits!r}"
            )
        groups = [tuple(gr) for gr in splits]
        flat = [c for gr in groups for c in gr]
        twice = sorted({c for c in flat if flat.count(c) > 1}, key=str)
        if twice:
            raise ScorecardError(f"splits of {name!r} put categories {twice[:10]} in more than one bin")
        uncovered = sorted(set(uniques) - set(flat), key=str)
        if uncovered:
            raise ScorecardError(f"splits for {name!r} leave categories {uncovered[:10]} without a bin")
        pos = pd.Index(flat, dtype="object").get_indexer(uniques)
        bin_of = np.repeat(np.arange(len(groups)), [len(gr) for gr in groups])[pos]
        g_reg = np.bincount(bin_of, weights=g_cat, minlength=len(groups)).astype(g_cat.dtype)
        b_reg = np.bincount(bin_of, weights=b_cat, minlength=len(groups)).astype(b_cat.dtype)
        unseen = len(groups) + n_spec
        used = "manual"
    else:
        used = method
        share = (g_cat + b_cat) / n_total if n_total > 0 else np.zeros(len(uniques))
        rare = share < min_cat_share
        units = [(u,) for u, r in zip(uniques, rare) if not r]
        ug = list(g_cat[~rare])
        ub = list(b_cat[~rare])
        if rare.any():
            units.append(tuple(u for u, r in zip(uniques, rare) if r))
            ug.append(g_cat[rare].sum())
            ub.append(b_cat[rare].sum())
        ug, ub = np.asarray(ug, dtype=g_cat.dtype), np.asarray(ub, dtype=b_cat.dtype)
        rare_unit = len(units) - 1 if rare.any() else -1
        if len(units) == 0:
            groups, g_reg, b_reg, unseen = [], ug, ub, n_spec
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                rate = ub / (ug + ub)
            order = np.argsort(rate, kind="stable")
            left = np.arange(len(units), dtype="float64")
            reduce_method = method if method in ("optimal", "tree", "chimerge") else "none"
            left_f, g_reg, b_reg = _reduce(
                left, ug[order], ub[order], method=reduce_method, n_bins=n_bins,
                min_share=min_share, monotonic=None, smoothing=smoothing, side=side,
            )
            bin_of_pos = np.searchsorted(left_f, left, side="right") - 1
            groups = [[] for _ in range(len(left_f))]
            for p, u in enumerate(order):
                groups[bin_of_pos[p]].extend(units[u])
            unseen = (
                int(bin_of_pos[np.flatnonzero(order == rare_unit)[0]]) if rare_unit >= 0 else len(groups) + n_spec
            )
    groups = tuple(tuple(gr) for gr in groups)
    labels = [", ".join(str(c) for c in gr) for gr in groups]
    return _finish(
        name, "categorical", used, smoothing, (), groups, specials, labels,
        g_reg, b_reg, spec_g, spec_b, (miss_g[0], miss_b[0]), unseen, status, empty_bin=empty_bin,
    )


# --------------------------------------------------------------------------- estimator


class _BaseBinner(TransformerMixin, BaseEstimator):
    """Shared fit logic of :class:`Binner` and :class:`~creditkit.scorecard.WOETransformer`."""

    def __init__(
        self,
        *,
        method="optimal",
        n_bins=5,
        monotonic=None,
        min_bin_share=0.05,
        max_prebins=50,
        special_values=None,
        min_category_share=None,
        user_splits=None,
        categorical_features=None,
        smoothing=0.5,
        empty_bin="smooth",
    ):
        self.method = method
        self.n_bins = n_bins
        self.monotonic = monotonic
        self.min_bin_share = min_bin_share
        self.max_prebins = max_prebins
        self.special_values = special_values
        self.min_category_share = min_category_share
        self.user_splits = user_splits
        self.categorical_features = categorical_features
        self.smoothing = smoothing
        self.empty_bin = empty_bin

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.target_tags.required = True
        return tags


    def _option(self, value, column, what):
        if value is None:
            return None
        if isinstance(value, dict):
            return value.get(column)
        if what == "special_values":
            return value
        raise TypeError(f"{what} must be a dict {{column: value}}, got {type(value).__name__}")

    def fit(self, X, y, sample_weight=None):
        """Bin every column of ``X`` against ``y`` (1 = bad).

        Parameters
        ----------
        X : DataFrame or 2-D array
        y : array-like of 0/1
        sample_weight : array-like, optional

        Returns
        -------
        self
        """
        _check_options(
            self.method, self.n_bins, self.monotonic, self.min_bin_share,
            self.max_prebins, self.min_category_share, self.smoothing,
        )
        frame = check_frame(X)
        y = check_binary_target(y)
        if len(y) != len(frame):
            raise ValueError(f"X and y have different numbers of rows: {len(frame)} and {len(y)}")
        for opt in ("user_splits",):
            if getattr(self, opt) is not None and not isinstance(getattr(self, opt), dict):
                raise TypeError(f"{opt} must be a dict {{column: splits}}, got {type(getattr(self, opt)).__name__}")
        dups = frame.columns[frame.columns.duplicated()].unique().tolist()
        if dups:
            raise ValueError(f"X has duplicate column names {dups[:10]}: each column needs a name of its own")
        cat_cols = set(self.categorical_features or ())
        for opt, keys in (("categorical_features", cat_cols), ("user_splits", self.user_splits),
                          ("special_values", self.special_values if isinstance(self.special_values, dict) else None)):
            unknown = set(keys or ()) - set(frame.columns)
            if unknown:
                raise ValueError(f"{opt} names columns not in X: {sorted(map(str, unknown))}")
        self.n_features_in_ = frame.shape[1]
        if isinstance(X, pd.DataFrame) and all(isinstance(c, str) for c in X.columns):
            self.feature_names_in_ = np.asarray(X.columns, dtype="object")
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.binnings_ = {}
        with warnings.catch_warnings():  # one warning for all the columns, below
            warnings.simplefilter("ignore", CreditkitWarning)
            for col in frame.columns:
                self.binnings_[col] = self._bin_column(frame[col], col, y, cat_cols, sample_weight)
        self.iv_ = pd.Series({str(c): b.iv for c, b in self.binnings_.items()}, name="iv", dtype="float64")
        odd = {status: [str(c) for c, b in self.binnings_.items() if b.status == status] for status in _STATUS_NOTE}
        odd = {k: v for k, v in odd.items() if v}
        if odd:
            text = "; ".join(f"{status}: {cols[:20]} ({_STATUS_NOTE[status]})" for status, cols in odd.items())
            warnings.warn(f"columns without information: {text}", BinningWarning, stacklevel=2)
        for b in self.binnings_.values():
            if b.note:
                warnings.warn(b.note, BinningWarning, stacklevel=2)
        return self

    def _bin_column(self, x, col, y, cat_cols, sample_weight):
        specials = self._option(self.special_values, col, "special_values") or ()
        return bin_variable(
            x,
            y,
            name=str(col),
            method=self.method,
            n_bins=self.n_bins,
            monotonic=self.monotonic,
            min_bin_share=self.min_bin_share,
            max_prebins=self.max_prebins,
            special_values=specials,
            min_category_share=self.min_category_share,
            splits=self._option(self.user_splits, col, "user_splits"),
            categorical=True if col in cat_cols else None,
            smoothing=self.smoothing,
            sample_weight=sample_weight,
            empty_bin=self.empty_bin,
        )

    def _frame_for_transform(self, X):
        check_is_fitted(self, "binnings_")
        frame = check_frame(X)
        if frame.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {frame.shape[1]} features, but {type(self).__name__} is expecting "
                f"{self.n_features_in_} features as input."
            )
        if hasattr(self, "feature_names_in_") and isinstance(X, pd.DataFrame):
            if list(X.columns) != list(self.feature_names_in_):
                raise ValueError("The feature names should match those that were passed during fit.")
        return frame

    def binning_table(self, column) -> pd.DataFrame:
        """The binning table of one fitted column (see :class:`VariableBinning`)."""
        check_is_fitted(self, "binnings_")
        if column not in self.binnings_:
            raise KeyError(f"no fitted column {column!r}; fitted: {list(self.binnings_)[:20]}")
        return self.binnings_[column].table

    def report(self) -> pd.DataFrame:
        """What the binning did with each column (see :func:`~creditkit.scorecard.binning_report`)."""
        from .woe import binning_report

        check_is_fitted(self, "binnings_")
        return binning_report(self.binnings_)

    def get_feature_names_out(self, input_features=None):
        """Output column names: the input column names."""
        check_is_fitted(self, "binnings_")
        if input_features is not None:
            names = np.asarray(input_features, dtype="object")
            if len(names) != self.n_features_in_:
                raise ValueError(f"input_features should have length {self.n_features_in_}, got {len(names)}")
            if hasattr(self, "feature_names_in_") and not np.array_equal(names, self.feature_names_in_):
                raise ValueError("input_features is not equal to feature_names_in_")
            return names
        return np.asarray([str(c) for c in self.binnings_], dtype="object")


class Binner(_BaseBinner):
    """Bin every column of a table; ``transform`` gives each value's bin index.

    Parameters
    ----------
    method : {"optimal", "tree", "chimerge", "quantile", "uniform"}, default "optimal"
    n_bins : int, default 5
    monotonic : {None, "ascending", "descending", "auto", "peak", "valley", "auto_unimodal"}, default None
        See :func:`bin_variable`.
    min_bin_share : float, default 0.05
    max_prebins : int, default 50
    special_values : sequence or dict, optional
        Special values for every column, or ``{column: values}``.
    min_category_share : float, optional
        See :func:`bin_variable` (default: 0.01 for quantile/uniform, none otherwise).
    user_splits : dict, optional
        ``{column: splits}`` to fix bins by hand (see :func:`bin_variable`).
    categorical_features : list, optional
        Columns to bin as categories even if numeric.
    smoothing : float, default 0.5
    empty_bin : {"smooth", "one"}, default "smooth"
        Rule for a bin without goods or bads; "one" is toad's (see :func:`bin_variable`).

    Attributes
    ----------
    binnings_ : dict of VariableBinning
        One per column, keyed by column name.
    iv_ : Series
        Information value per column.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when ``X`` was a DataFrame with string column names.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"age": [22, 25, 31, 38, 45, 52, 60, 65]})
    >>> y = [1, 1, 0, 1, 0, 0, 0, 0]
    >>> b = Binner(user_splits={"age": [30, 50]}).set_output(transform="pandas").fit(X, y)
    >>> b.transform(X)["age"].tolist()
    [0, 0, 1, 1, 1, 2, 2, 2]
    >>> b.binning_table("age")["bin"].tolist()
    ['[-inf, 30)', '[30, 50)', '[50, inf)', 'missing']
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = []
        return tags

    def transform(self, X):
        """Bin index of each value (row of the column's binning table).

        Returns
        -------
        ndarray of int64, shape (n_samples, n_features)
            A DataFrame after ``set_output(transform="pandas")``.
        """
        frame = self._frame_for_transform(X)
        out = {col: self.binnings_[fcol].codes(frame[col]) for col, fcol in zip(frame.columns, self.binnings_)}
        return np.column_stack(list(out.values()))
