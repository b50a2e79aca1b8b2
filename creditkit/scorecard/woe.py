"""Weight of evidence (WOE) and information value (IV).

Sign convention
---------------
``WOE = ln(share of goods / share of bads)`` in each bin, so a bin with
relatively more goods has a positive WOE: **higher WOE = lower risk**. This
is the usual scorecard convention (Siddiqi, *Credit Risk Scorecards*, 2006).
Some libraries use the opposite sign; creditkit uses this one everywhere.

``IV = sum over bins of (share of goods - share of bads) * WOE``; it is never
negative. A common reading (Siddiqi): below 0.02 not predictive, 0.02-0.1
weak, 0.1-0.3 medium, 0.3-0.5 strong, above 0.5 suspiciously strong.

Smoothing
---------
A bin with no bads (or no goods) would have an infinite WOE. Each non-empty
bin's good and bad counts get a pseudo-count ``smoothing`` (default 0.5)
before the shares are taken: ``share_i = (n_i + s) / (N + k s)``. With
``smoothing=0`` the textbook values are returned, and an empty cell raises.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.utils.validation import check_is_fitted

from .._checks import check_choice, check_number
from ._counts import EMPTY_BIN, check_binary_target, counts_table, require_columns
from .binning import VariableBinning, _BaseBinner, bin_variable

__all__ = ["woe_table", "information_value", "iv_strength", "binning_report", "WOETransformer", "IV_STRENGTH"]

#: Upper bounds of Siddiqi's IV reading, with their names.
IV_STRENGTH = ((0.02, "unpredictive"), (0.1, "weak"), (0.3, "medium"), (0.5, "strong"), (np.inf, "suspicious"))


def woe_table(n_good, n_bad, *, labels=None, smoothing=0.5, empty_bin="smooth") -> pd.DataFrame:
    """WOE table from good and bad counts per bin.

    Parameters
    ----------
    n_good, n_bad : array-like
        Counts (or weights) of goods and bads in each bin.
    labels : sequence, optional
        Bin labels (default 0, 1, ...).
    smoothing : float, default 0.5
        Pseudo-count added to each cell of every non-empty bin.
    empty_bin : {"smooth", "one"}, default "smooth"
        "one" is toad's rule instead of smoothing: a zero good or bad count
        in a non-empty bin counts as 1, shares are plain ``n / N``.

    Returns
    -------
    DataFrame
        ``bin, count, count_share, n_good, n_bad, bad_rate, good_share,
        bad_share, woe, iv``.

    Notes
    -----
    ``woe_i = ln(g_i / G) - ln(b_i / B)`` and ``iv_i = (g_i/G - b_i/B) woe_i``.

    Examples
    --------
    Two bins, 100 goods and 20 bads in all:

    >>> t = woe_table([60, 40], [5, 15], labels=["low", "high"], smoothing=0)
    >>> t[["bin", "bad_rate", "woe", "iv"]].round(4)
        bin  bad_rate     woe      iv
    0   low    0.0769  0.8755  0.3064
    1  high    0.2727 -0.6286  0.2200
    """
    check_number("smoothing", smoothing, low=0)
    check_choice("empty_bin", empty_bin, EMPTY_BIN)
    g = np.asarray(n_good)
    b = np.asarray(n_bad)
    if g.shape != b.shape or g.ndim != 1:
        raise ValueError(f"n_good and n_bad must be 1-D of the same length, got shapes {g.shape} and {b.shape}")
    if (g < 0).any() or (b < 0).any():
        raise ValueError("n_good and n_bad must be non-negative")
    if labels is None:
        labels = range(len(g))
    labels = list(labels)
    if len(labels) != len(g):
        raise ValueError(f"labels must have {len(g)} entries, got {len(labels)}")
    return counts_table(labels, g, b, smoothing=smoothing, empty_bin=empty_bin)


def iv_strength(iv) -> str:
    """Siddiqi's name for an information value.

    Examples
    --------
    >>> iv_strength(0.15)
    'medium'
    """
    check_number("iv", iv, low=0)
    for bound, name in IV_STRENGTH:
        if iv < bound:
            return name
    return IV_STRENGTH[-1][1]


def information_value(
    df: pd.DataFrame,
    target: str = "bad",
    *,
    features=None,
    method="optimal",
    n_bins=5,
    monotonic=None,
    min_bin_share=0.05,
    special_values=None,
    smoothing=0.5,
) -> pd.DataFrame:
    """Information value of every feature, strongest first.

    Parameters
    ----------
    df : DataFrame
        One row per customer, with the 0/1 ``target`` (1 = bad).
    target : str, default "bad"
    features : list of str, optional
        Columns to assess (default: all but the target).
    method, n_bins, monotonic, min_bin_share, smoothing
        Passed to :func:`~creditkit.scorecard.bin_variable`.
    special_values : sequence or dict, optional
        Special values for all columns or ``{column: values}``.

    Returns
    -------
    DataFrame
        Indexed by ``variable``, sorted by ``iv`` descending, with columns
        ``iv``, ``strength``, ``n_bins`` (rows of the binning table, special
        and missing bins included) and ``binning`` (the
        :class:`~creditkit.scorecard.VariableBinning` used).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": [1, 2, 3, 4, 5, 6, 7, 8], "z": list("aabbaabb"),
    ...                    "bad": [1, 1, 0, 1, 0, 0, 0, 0]})
    >>> iv = information_value(df, method="quantile", n_bins=2, min_bin_share=0)
    >>> iv.index.tolist()
    ['x', 'z']
    >>> iv["strength"].tolist()
    ['suspicious', 'medium']
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    require_columns(df, [target])
    y = check_binary_target(df[target], name=f"target column {target!r}")
    if features is None:
        features = [c for c in df.columns if c != target]
    else:
        features = list(features)
        require_columns(df, features)
    if special_values is not None and not isinstance(special_values, dict):
        special_values = {c: special_values for c in features}
    rows = []
    for col in features:
        vb = bin_variable(
            df[col], y, name=str(col), method=method, n_bins=n_bins, monotonic=monotonic,
            min_bin_share=min_bin_share, smoothing=smoothing,
            special_values=(special_values or {}).get(col, ()),
        )
        rows.append({"variable": str(col), "iv": vb.iv, "strength": iv_strength(max(vb.iv, 0.0)),
                     "n_bins": len(vb.table), "binning": vb})
    out = pd.DataFrame(rows, columns=["variable", "iv", "strength", "n_bins", "binning"]).set_index("variable")
    return out.sort_values("iv", ascending=False, kind="stable")


def _trend(rates) -> str:
    """Shape of a sequence of bad rates: ascending, descending, peak, valley, flat or mixed."""
    rates = np.asarray(rates, dtype="float64")
    if len(rates) <= 1:
        return "one bin"
    d = np.diff(rates)
    tol = 1e-12
    up, down = d > tol, d < -tol
    if not (up | down).any():
        return "flat"
    if not down.any():
        return "ascending"
    if not up.any():
        return "descending"
    moves = np.sign(d[up | down])
    turns = int((np.diff(moves) != 0).sum())
    if turns == 1:
        return "peak" if moves[0] > 0 else "valley"
    return "mixed"


def binning_report(binnings) -> pd.DataFrame:
    """One row per variable saying what the binning did and what it found.

    Parameters
    ----------
    binnings : dict of VariableBinning, or a fitted Binner, WOETransformer or Scorecard

    Returns
    -------
    DataFrame
        Indexed by ``variable``, in the fitted order: ``kind``, ``method``,
        ``status`` (``ok``, ``constant``, ``all missing``), ``n_bins``
        (regular bins), ``n_special`` (special-value bins), ``missing_share``
        and ``special_share`` (of all rows), ``smallest_bin_share`` (the
        smallest regular bin, as a share of the regular rows),
        ``bad_rate_trend`` (``ascending``, ``descending``, ``peak``,
        ``valley``, ``flat``, ``mixed`` or ``one bin``, over the non-empty
        regular bins), ``iv`` and ``strength``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> X = pd.DataFrame({"age": [22, 25, 31, 38, 45, 52, 60, 65], "flag": 1})
    >>> y = [1, 1, 0, 1, 0, 0, 0, 0]
    >>> from creditkit.scorecard import Binner
    >>> b = Binner(user_splits={"age": [30, 50]}).fit(X, y)  # warns: flag is constant
    >>> binning_report(b)[["status", "n_bins", "bad_rate_trend"]]
                status  n_bins bad_rate_trend
    variable
    age             ok       3     descending
    flag      constant       1        one bin
    """
    if hasattr(binnings, "woe_"):
        binnings = binnings.woe_
    if hasattr(binnings, "binnings_"):
        binnings = binnings.binnings_
    if not isinstance(binnings, dict) or not all(isinstance(b, VariableBinning) for b in binnings.values()):
        raise TypeError("binnings must be a dict of VariableBinning or a fitted Binner, WOETransformer or Scorecard")
    rows = []
    for vb in binnings.values():
        t = vb.table
        n_reg, n_spec = vb.n_regular, len(vb.special_values)
        counts = t["count"].to_numpy(dtype="float64")
        total = counts.sum()
        regular = counts[:n_reg]
        filled = regular > 0
        rates = t["bad_rate"].to_numpy()[:n_reg][filled]
        rows.append({
            "variable": vb.name,
            "kind": vb.kind,
            "method": vb.method,
            "status": vb.status,
            "n_bins": n_reg,
            "n_special": n_spec,
            "missing_share": counts[-1] / total if total else 0.0,
            "special_share": counts[n_reg:n_reg + n_spec].sum() / total if total else 0.0,
            "smallest_bin_share": regular[filled].min() / regular.sum() if filled.any() else np.nan,
            "bad_rate_trend": _trend(rates),
            "iv": vb.iv,
            "strength": iv_strength(max(vb.iv, 0.0)),
        })
    return pd.DataFrame(rows).set_index("variable")


class WOETransformer(_BaseBinner):
    """Replace each value by the WOE of its bin (scikit-learn transformer).

    Bins are found as in :class:`~creditkit.scorecard.Binner`; the WOE of a
    bin is ``ln(share of goods / share of bads)`` with ``smoothing``
    pseudo-counts (higher = lower risk). Works in a ``Pipeline``, with
    cross-validation and with ``set_output(transform="pandas")``.

    Parameters
    ----------
    method : {"optimal", "tree", "chimerge", "quantile", "uniform"}, default "optimal"
    n_bins : int, default 5
    monotonic : {None, "ascending", "descending", "auto", "peak", "valley", "auto_unimodal"}, default None
        See :func:`~creditkit.scorecard.bin_variable`.
    min_bin_share : float, default 0.05
    max_prebins : int, default 50
    special_values : sequence or dict, optional
    min_category_share : float, optional
        See :func:`~creditkit.scorecard.bin_variable` (default: 0.01 for
        quantile/uniform, none otherwise).
    user_splits : dict, optional
    categorical_features : list, optional
    smoothing : float, default 0.5
    empty_bin : {"smooth", "one"}, default "smooth"
        Rule for a bin without goods or bads; "one" is toad's (see
        :func:`~creditkit.scorecard.bin_variable`).

    Attributes
    ----------
    binnings_ : dict of VariableBinning
    iv_ : Series
        Information value per column.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when fitted on a DataFrame with string column names.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"age": [22, 25, 31, 38, 45, 52, 60, 65]})
    >>> y = [1, 1, 0, 1, 0, 0, 0, 0]
    >>> t = WOETransformer(user_splits={"age": [30]}, smoothing=0.5).fit(X, y)
    >>> t.transform(X).round(3).ravel().tolist()
    [-2.015, -2.015, 0.894, 0.894, 0.894, 0.894, 0.894, 0.894]
    """

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64"]
        return tags

    def transform(self, X):
        """WOE of each value.

        Returns
        -------
        ndarray of float64, shape (n_samples, n_features)
            A DataFrame after ``set_output(transform="pandas")``.
        """
        frame = self._frame_for_transform(X)
        cols = [self.binnings_[fcol].woe(frame[col]) for col, fcol in zip(frame.columns, self.binnings_)]
        return np.column_stack(cols).astype("float64", copy=False)

    def woe_map(self) -> pd.DataFrame:
        """All binning tables stacked, with a ``variable`` column first."""
        check_is_fitted(self, "binnings_")
        parts = [b.table.assign(variable=b.name) for b in self.binnings_.values()]
        out = pd.concat(parts, ignore_index=True)
        return out[["variable", *[c for c in out.columns if c != "variable"]]]
