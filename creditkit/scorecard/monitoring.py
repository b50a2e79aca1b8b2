"""Stability of a scorecard in use: PSI of the score, CSI of each characteristic.

``PSI = sum over bins of (actual_share - expected_share) * ln(actual_share / expected_share)``

where *expected* is the development sample and *actual* a recent one, both
binned on the same bins. The usual traffic lights: below 0.1 stable
(green), 0.1 to 0.25 worth a look (amber), 0.25 or more unstable (red).
The characteristic stability index (CSI) is the same formula on the bins of
one scorecard variable; multiplied by the points instead of the log ratio it
gives the points shift that variable causes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


from .._checks import check_number
from ._counts import check_frame, require_columns
from .binning import VariableBinning

__all__ = ["psi", "psi_table", "csi", "csi_table", "bin_shift", "distribution_shift", "stability_status",
           "drift_sample", "PSI_THRESHOLDS"]

#: Traffic-light bounds: below the first green, below the second amber, else red.
PSI_THRESHOLDS = (0.1, 0.25)

def stability_status(value, *, thresholds=PSI_THRESHOLDS) -> str:
    """Traffic light of a PSI or CSI value: ``"stable"``, ``"monitor"`` or ``"unstable"``.

    Examples
    --------
    >>> [stability_status(v) for v in (0.05, 0.1, 0.3)]
    ['stable', 'monitor', 'unstable']
    """
    check_number("value", value, low=0)
    lo, hi = thresholds
    if value < lo:
        return "stable"
    if value < hi:
        return "monitor"
    return "unstable"


def _shares(ce, ca, smoothing):
    ce = np.asarray(ce, dtype="float64")
    ca = np.asarray(ca, dtype="float64")
    keep = (ce + ca) > 0
    k = int(keep.sum())
    es = np.where(keep, (ce + smoothing) / (ce.sum() + k * smoothing), 0.0)
    as_ = np.where(keep, (ca + smoothing) / (ca.sum() + k * smoothing), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        contrib = np.where(keep, (as_ - es) * np.log(as_ / es), 0.0)
    if not np.isfinite(contrib).all():
        raise ValueError("a bin is empty in one sample and smoothing is 0, so the PSI is infinite: use smoothing > 0")
    return es, as_, contrib


def psi_table(expected, actual, *, bins=10, edges=None, smoothing=0.5) -> pd.DataFrame:
    """PSI contribution of every bin.

    Parameters
    ----------
    expected, actual : array-like
        Development and recent values (scores or one variable). Numeric
        values are cut on ``edges`` (default: ``bins`` quantiles of
        ``expected``), left-closed; other values are compared category by
        category. Missing values form their own bin.
    bins : int, default 10
    edges : sequence, optional
        Inner cut points.
    smoothing : float, default 0.5
        Pseudo-count added to each non-empty bin of both samples, so a bin
        empty in one sample gives a finite PSI. Use 0 for textbook values.

    Returns
    -------
    DataFrame
        ``bin, expected_count, actual_count, expected_share, actual_share, psi``.

    Examples
    --------
    >>> t = psi_table([1, 2, 3, 4], [1, 1, 1, 2, 2, 3, 4, 4], edges=[2, 3, 4], smoothing=0)
    >>> t[["bin", "expected_share", "actual_share", "psi"]].round(4)
             bin  expected_share  actual_share     psi
    0  [-inf, 2)            0.25         0.375  0.0507
    1     [2, 3)            0.25         0.250  0.0000
    2     [3, 4)            0.25         0.125  0.0866
    3   [4, inf)            0.25         0.250  0.0000
    """
    check_number("smoothing", smoothing, low=0)
    e = pd.Series(np.asarray(expected, dtype="object") if not _numeric(expected) else np.asarray(expected, dtype="float64"))
    a = pd.Series(np.asarray(actual, dtype="object") if not _numeric(actual) else np.asarray(actual, dtype="float64"))
    if len(e) == 0 or len(a) == 0:
        raise ValueError("expected and actual must both hold at least one value")
    if _numeric(expected) and _numeric(actual):
        ev, av = e.to_numpy(dtype="float64"), a.to_numpy(dtype="float64")
        if edges is None:
            check_number("bins", bins, low=2, integer=True)
            valid = ev[~np.isnan(ev)]
            cuts = np.unique(np.quantile(valid, np.linspace(0, 1, bins + 1)[1:-1], method="higher"))
            cuts = cuts[cuts > valid.min()] if len(valid) else cuts
        else:
            cuts = np.asarray(edges, dtype="float64")
            if (np.diff(cuts) <= 0).any() or not np.isfinite(cuts).all():
                raise ValueError(f"edges must be finite and strictly increasing, got {list(edges)!r}")
        k = len(cuts) + 1
        ce = np.bincount(np.where(np.isnan(ev), k, np.searchsorted(cuts, ev, side="right")), minlength=k + 1)
        ca = np.bincount(np.where(np.isnan(av), k, np.searchsorted(cuts, av, side="right")), minlength=k + 1)
        full = np.concatenate([[-np.inf], cuts, [np.inf]])
        labels = [f"[{x:g}, {y:g})" for x, y in zip(full[:-1], full[1:])] + ["missing"]
        if ce[-1] + ca[-1] == 0:
            ce, ca, labels = ce[:-1], ca[:-1], labels[:-1]
    else:
        codes, uniques = pd.factorize(pd.concat([e, a], ignore_index=True), sort=True, use_na_sentinel=False)
        k = len(uniques)
        ce = np.bincount(codes[: len(e)], minlength=k)
        ca = np.bincount(codes[len(e):], minlength=k)
        labels = ["missing" if pd.isna(u) else u for u in uniques]
    es, as_, contrib = _shares(ce, ca, smoothing)
    return pd.DataFrame({"bin": labels, "expected_count": ce, "actual_count": ca,
                         "expected_share": es, "actual_share": as_, "psi": contrib})


def _numeric(x) -> bool:
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        dtype = np.asarray(x).dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def psi(expected, actual, *, bins=10, edges=None, smoothing=0.5) -> float:
    """Population stability index of ``actual`` against ``expected``.

    See :func:`psi_table` for the parameters.

    Examples
    --------
    >>> round(psi([1, 2, 3, 4], [1, 2, 3, 4], edges=[2, 3, 4]), 6)
    0.0
    """
    return float(psi_table(expected, actual, bins=bins, edges=edges, smoothing=smoothing)["psi"].sum())


def _binnings_and_points(binnings, points_table):
    if hasattr(binnings, "woe_"):
        if points_table is None:
            points_table = binnings.points_table_
        binnings = binnings.woe_
    if hasattr(binnings, "binnings_"):
        binnings = binnings.binnings_
    if not isinstance(binnings, dict) or not all(isinstance(b, VariableBinning) for b in binnings.values()):
        raise TypeError("binnings must be a dict of VariableBinning or a fitted Binner, WOETransformer or Scorecard")
    return binnings, points_table


def csi_table(expected_df, actual_df, binnings, *, points_table=None, smoothing=0.5) -> pd.DataFrame:
    """Stability of every attribute (bin) of every scorecard variable.

    The per-bin terms of :func:`csi`: which bin of a drifting variable gained
    or lost customers, and how many points that moved.

    Parameters
    ----------
    expected_df, actual_df : DataFrame
        Development and recent samples.
    binnings : dict or fitted Binner, WOETransformer or Scorecard
        As in :func:`csi`.
    points_table : DataFrame, optional
        A scorecard's points table (taken from a Scorecard when not given);
        adds ``points`` and ``points_shift``,
        ``(actual_share - expected_share) * points`` on the unsmoothed shares.
    smoothing : float, default 0.5

    Returns
    -------
    DataFrame
        One row per variable and bin, in the order of the binning tables:
        ``variable, bin, expected_count, actual_count, expected_share,
        actual_share, csi`` (the bin's term; they add up to the variable's
        CSI), and ``points, points_shift`` with a points table.

    Examples
    --------
    >>> import numpy as np
    >>> from creditkit.scorecard import bin_variable
    >>> dev = pd.DataFrame({"age": [22, 28, 35, 41, 50, 63]})
    >>> vb = bin_variable(dev["age"], [1, 1, 0, 0, 0, 1], splits=[30, 45])
    >>> later = pd.DataFrame({"age": [23, 25, 27, 33, 52, 61]})
    >>> t = csi_table(dev, later, {"age": vb}, smoothing=0)
    >>> t[["bin", "expected_share", "actual_share", "csi"]].round(4)
              bin  expected_share  actual_share     csi
    0  [-inf, 30)          0.3333        0.5000  0.0676
    1    [30, 45)          0.3333        0.1667  0.1155
    2   [45, inf)          0.3333        0.3333  0.0000
    3     missing          0.0000        0.0000  0.0000

    The young bin gained customers and the middle one lost them:
    ``(1/2 - 1/3) ln(3/2) + (1/6 - 1/3) ln(1/2) = 0.1831``, the variable's CSI.

    >>> round(float(csi(dev, later, {"age": vb}, smoothing=0).loc["age", "csi"]), 4)
    0.1831
    """
    check_number("smoothing", smoothing, low=0)
    binnings, points_table = _binnings_and_points(binnings, points_table)
    e_frame, a_frame = check_frame(expected_df, "expected_df"), check_frame(actual_df, "actual_df")
    names = [b.name for b in binnings.values()]
    require_columns(e_frame, names, "expected_df")
    require_columns(a_frame, names, "actual_df")
    parts = []
    for b in binnings.values():
        k = len(b.table)
        ce = np.bincount(b.codes(e_frame[b.name]), minlength=k)
        ca = np.bincount(b.codes(a_frame[b.name]), minlength=k)
        try:
            es, as_, contrib = _shares(ce, ca, smoothing)
        except ValueError:
            raise ValueError(
                f"variable {b.name!r}: a bin is empty in one sample and smoothing is 0, so its CSI is infinite: "
                "use smoothing > 0"
            ) from None
        part = pd.DataFrame({
            "variable": b.name, "bin": b.table["bin"].to_numpy(), "expected_count": ce, "actual_count": ca,
            "expected_share": es, "actual_share": as_, "csi": contrib,
        })
        if points_table is not None:
            pts = points_table.loc[points_table["variable"] == b.name].sort_values("bin_index")["points"].to_numpy()
            if len(pts) != k:
                raise ValueError(f"points_table has {len(pts)} bins for variable {b.name!r}, its binning has {k}")
            raw_e = ce / ce.sum() if ce.sum() else np.zeros(k)
            raw_a = ca / ca.sum() if ca.sum() else np.zeros(k)
            part["points"] = pts
            part["points_shift"] = (raw_a - raw_e) * pts
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def csi(expected_df, actual_df, binnings, *, points_table=None, smoothing=0.5, thresholds=PSI_THRESHOLDS):
    """Characteristic stability index of each scorecard variable.

    Parameters
    ----------
    expected_df, actual_df : DataFrame
        Development and recent samples.
    binnings : dict or fitted Binner, WOETransformer or Scorecard
        The bins to compare on: ``{name: VariableBinning}`` or an estimator
        with ``binnings_`` (a Scorecard's ``woe_``).
    points_table : DataFrame, optional
        A scorecard's points table; adds ``points_shift``, the change of the
        average points of the variable: ``sum (actual_share - expected_share) * points``.
    smoothing : float, default 0.5
    thresholds : tuple, default (0.1, 0.25)

    Returns
    -------
    DataFrame
        Indexed by ``variable``: ``csi``, ``status`` and ``points_shift``
        when a points table is given; sorted by ``csi`` descending. The
        terms of every bin are in :func:`csi_table`.
    """
    table = csi_table(expected_df, actual_df, binnings, points_table=points_table, smoothing=smoothing)
    grouped = table.groupby("variable", sort=False)
    out = pd.DataFrame({"csi": grouped["csi"].sum()})
    out["status"] = [stability_status(v, thresholds=thresholds) for v in out["csi"]]
    if "points_shift" in table.columns:
        out["points_shift"] = grouped["points_shift"].sum()
    out.index.name = "variable"
    return out.sort_values("csi", ascending=False, kind="stable")


def drift_sample(df, *, column, tilt=0.5, n=None, random_state=0):
    """A resampled "later" population whose ``column`` has drifted.

    Rows are drawn with replacement with probability proportional to
    ``exp(tilt * z)``, where ``z`` is the standardised rank of ``column``:
    a positive ``tilt`` makes high values more common. ``tilt=0`` draws a
    plain bootstrap sample. Used to rehearse monitoring on known data.

    Parameters
    ----------
    df : DataFrame
    column : str
    tilt : float, default 0.5
    n : int, optional
        Rows to draw (default ``len(df)``).
    random_state : int, default 0

    Returns
    -------
    DataFrame with a fresh 0..n-1 index.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"age": range(100)})
    >>> later = drift_sample(df, column="age", tilt=1.0, n=2000)
    >>> bool(later["age"].mean() > df["age"].mean())
    True
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a DataFrame, got {type(df).__name__}")
    require_columns(df, [column], "df")
    check_number("tilt", tilt)
    n = len(df) if n is None else check_number("n", n, low=1, integer=True)
    r = df[column].rank(method="average", na_option="keep").to_numpy(dtype="float64")
    z = (r - np.nanmean(r)) / (np.nanstd(r) or 1.0)
    z = np.where(np.isnan(z), 0.0, z)
    p = np.exp(tilt * z)
    p /= p.sum()
    idx = np.random.default_rng(random_state).choice(len(df), size=n, replace=True, p=p)
    return df.iloc[idx].reset_index(drop=True)


def bin_shift(csi_table_, variable) -> pd.DataFrame:
    """One variable's rows of a :func:`csi_table`, with the change of each bin's share.

    Parameters
    ----------
    csi_table_ : DataFrame
        The result of :func:`csi_table`.
    variable : str
        A variable of that table.

    Returns
    -------
    DataFrame
        The variable's bins in scorecard order with ``bin, expected_share,
        actual_share, share_change`` (recent minus development), ``csi,
        points, points_shift``; ``share_change.idxmax()`` is the bin that
        gained most.

    Raises
    ------
    KeyError
        ``variable`` is not in the table.

    Examples
    --------
    >>> t = pd.DataFrame({"variable": ["age", "age"], "bin": ["[-inf, 30)", "[30, inf)"],
    ...                   "expected_count": [50, 50], "actual_count": [30, 70],
    ...                   "expected_share": [0.5, 0.5], "actual_share": [0.3, 0.7],
    ...                   "csi": [0.1, 0.07], "points": [-10.0, 5.0], "points_shift": [2.0, 1.0]})
    >>> bin_shift(t, "age")[["bin", "share_change"]].round(2)
              bin  share_change
    0  [-inf, 30)          -0.2
    1   [30, inf)           0.2
    """
    require_columns(csi_table_, ["variable", "bin", "expected_share", "actual_share"], "csi table")
    rows = csi_table_[csi_table_["variable"] == variable]
    if rows.empty:
        known = ", ".join(map(str, pd.unique(csi_table_["variable"])))
        raise KeyError(f"the csi table has no variable {variable!r}; it has: {known}")
    out = rows.drop(columns="variable").reset_index(drop=True)
    out.insert(out.columns.get_loc("actual_share") + 1, "share_change", out["actual_share"] - out["expected_share"])
    return out


def distribution_shift(expected, actual) -> pd.DataFrame:
    """How a variable's distribution moved between the development and a recent sample.

    Parameters
    ----------
    expected, actual : pandas.Series
        The variable in the development sample and in the recent sample.

    Returns
    -------
    DataFrame
        Numeric variable: indexed by ``sample`` (``development``,
        ``recent``) with ``count, mean, q1, median, q3``. Other variables:
        indexed by category with ``expected_share, actual_share,
        share_change``, categories by development share, largest first.

    Examples
    --------
    >>> distribution_shift(pd.Series([1, 2, 3, 4]), pd.Series([3, 4, 5, 6]))[["count", "mean", "median"]]
                 count  mean  median
    sample
    development      4   2.5     2.5
    recent           4   4.5     4.5
    >>> distribution_shift(pd.Series(list("aab")), pd.Series(list("abb")))["share_change"].round(3).tolist()
    [-0.333, 0.333]
    """
    e, a = pd.Series(expected), pd.Series(actual)
    if pd.api.types.is_numeric_dtype(e) and pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(e):
        def stats(s):
            s = s.dropna().astype("float64")
            return {"count": int(len(s)), "mean": s.mean(), "q1": s.quantile(0.25), "median": s.median(),
                    "q3": s.quantile(0.75)}
        return pd.DataFrame([stats(e), stats(a)], index=pd.Index(["development", "recent"], name="sample"))
    es, as_ = e.value_counts(normalize=True), a.value_counts(normalize=True)
    cats = list(es.index) + [c for c in as_.index if c not in es.index]
    t = pd.DataFrame({"expected_share": es.reindex(cats, fill_value=0.0),
                      "actual_share": as_.reindex(cats, fill_value=0.0)})
    t["share_change"] = t["actual_share"] - t["expected_share"]
    t.index.name = "category"
    return t
