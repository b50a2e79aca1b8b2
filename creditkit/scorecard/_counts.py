"""Shared low-level pieces: argument checks and the WOE/IV arithmetic.

Private module: the public names are re-exported by :mod:`creditkit.scorecard`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..errors import ScorecardError, SchemaError

__all__ = ["woe_iv", "check_binary_target"]


def check_binary_target(y, name="y"):
    """Return ``y`` as an int64 array of 0/1 (1 = bad), else raise.

    Raises
    ------
    ScorecardError
        Missing values, values other than 0/1, or only one class present.
    """
    if y is None:
        raise ValueError(f"this estimator requires y to be passed, but the target y is None ({name} must hold 0/1)")
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise ValueError(f"{name} must be one column, got {y.shape[1]} columns")
        y = y.iloc[:, 0]
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        from sklearn.exceptions import DataConversionWarning

        warnings.warn(
            f"A column-vector {name} was passed when a 1d array was expected; it is raveled.",
            DataConversionWarning,
            stacklevel=3,
        )
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if arr.dtype.kind == "b":
        arr = arr.astype("int64")
    if arr.dtype.kind not in "iuf":
        try:
            arr = arr.astype("float64")
        except (TypeError, ValueError):
            raise ScorecardError(f"{name} must hold 0/1 (1 = bad), got values of type {arr.dtype}") from None
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ScorecardError(f"{name} has {int(np.isnan(arr).sum())} missing values")
    values = np.unique(arr)
    if not np.isin(values, [0, 1]).all():
        if arr.dtype.kind == "f" and (values != np.round(values)).any():
            raise ScorecardError(f"Unknown label type: continuous {name}; it must hold 0/1 (1 = bad)")
        raise ScorecardError(
            f"Only binary classification is supported: {name} must hold 0/1 (1 = bad), found {values[:5].tolist()}"
        )
    if len(values) < 2:
        raise ScorecardError(
            f"{name} must hold both goods (0) and bads (1): only one class found ({values.tolist()})"
        )
    return arr.astype("int64")


def check_sample_weight(sample_weight, n):
    """None or a non-negative finite float array of length ``n``."""
    if sample_weight is None:
        return None
    w = np.asarray(sample_weight, dtype="float64")
    if w.shape != (n,):
        raise ValueError(f"sample_weight must have shape ({n},), got {w.shape}")
    if not np.isfinite(w).all() or (w < 0).any():
        raise ValueError("sample_weight must be finite and non-negative")
    if n and not w.any():
        raise ValueError("sample_weight: every weight is zero; at least one row needs a positive weight")
    return w


def woe_iv(n_good, n_bad, *, smoothing=0.5):
    """WOE and IV contribution of each bin from its good and bad counts.

    ``woe = ln(good_share / bad_share)`` with the shares smoothed as
    ``(n + smoothing) / (N + k * smoothing)`` over the ``k`` non-empty bins;
    an empty bin (no goods and no bads) gets WOE 0 and IV 0.
    ``iv = (good_share - bad_share) * woe``.
    """
    g = np.asarray(n_good, dtype="float64")
    b = np.asarray(n_bad, dtype="float64")
    filled = (g + b) > 0
    k = int(filled.sum())
    g_tot, b_tot = g.sum(), b.sum()
    if g_tot <= 0 or b_tot <= 0:
        raise ScorecardError(
            f"WOE needs both goods and bads (one class has no weight): got {g_tot:g} goods and {b_tot:g} bads"
        )
    gs = np.where(filled, (g + smoothing) / (g_tot + k * smoothing), 0.0)
    bs = np.where(filled, (b + smoothing) / (b_tot + k * smoothing), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        woe = np.where(filled, np.log(gs / bs), 0.0)
    if not np.isfinite(woe).all():
        raise ScorecardError(
            "a bin has no goods or no bads and smoothing is 0, so its WOE is infinite: use smoothing > 0"
        )
    iv = (gs - bs) * woe
    return woe, iv, gs, bs


def counts_table(labels, n_good, n_bad, *, smoothing=0.5):
    """The binning table: one row per bin with counts, shares, bad rate, WOE and IV."""
    g = np.asarray(n_good)
    b = np.asarray(n_bad)
    n = g + b
    woe, iv, gs, bs = woe_iv(g, b, smoothing=smoothing)
    total = n.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        bad_rate = np.where(n > 0, b / np.where(n > 0, n, 1), np.nan)
    return pd.DataFrame(
        {
            "bin": pd.Series(list(labels), dtype="object"),
            "count": n,
            "count_share": n / total,
            "n_good": g,
            "n_bad": b,
            "bad_rate": bad_rate,
            "good_share": gs,
            "bad_share": bs,
            "woe": woe,
            "iv": iv,
        }
    )


def check_frame(X, name="X"):
    """A DataFrame view of ``X`` (arrays get columns x0, x1, ...)."""
    if hasattr(X, "toarray") or hasattr(X, "tocsr"):
        raise TypeError(f"{name}: sparse input is not supported; pass a dense array or a DataFrame")
    if isinstance(X, pd.DataFrame):
        frame = X
    elif isinstance(X, pd.Series):
        frame = X.to_frame()
    else:
        arr = np.asarray(X)
        if arr.ndim == 1:
            raise ValueError(
                f"{name} must be two-dimensional. Reshape your data with X.reshape(-1, 1) for a single feature"
            )
        if arr.ndim != 2:
            raise ValueError(f"{name} must be two-dimensional, got shape {arr.shape}")
        if arr.dtype.kind == "c":
            raise ValueError(f"{name}: Complex data not supported")
        frame = pd.DataFrame(arr, columns=[f"x{i}" for i in range(arr.shape[1])])
    if frame.shape[1] == 0:
        raise ValueError(f"{name} has 0 feature(s) (shape={frame.shape}) while a minimum of 1 is required.")
    if frame.shape[0] == 0:
        raise ValueError(f"{name} has 0 sample(s) (shape={frame.shape}) while a minimum of 1 is required.")
    return frame


def require_columns(df, columns, what="table"):
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise SchemaError(f"{what} lacks column(s) {missing}; it has {list(df.columns)[:20]}")
