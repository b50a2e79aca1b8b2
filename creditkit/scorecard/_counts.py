"""Shared low-level pieces: argument checks and the WOE/IV arithmetic.

Private module: the public names are re-exported by :mod:`creditkit.scorecard`.
"""

from __future__ import annotations

import numbers
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import ScorecardError, SchemaError

__all__ = ["woe_iv", "check_binary_target", "numeric_values", "check_finite", "factorize", "map_values"]

#: A text column is taken as numbers when at least this share of its
#: non-missing values parse as numbers.
NUMERIC_TEXT_SHARE = 0.95


def is_text(x) -> bool:
    """True for an object or string column that is not categorical or boolean."""
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        dtype = np.asarray(x).dtype
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(dtype):
        return False
    return dtype == object or pd.api.types.is_string_dtype(dtype)


def _arrow_strings(x):
    """``x`` as one Arrow string array when it holds only text and missing values, else None.

    Arrow-backed pandas strings are taken as they are; object and NumPy text
    arrays are converted by Arrow, which reads the characters without hashing
    Python objects. A column holding anything but ``str`` (numbers, bytes,
    booleans) is left to pandas.
    """
    dtype = getattr(x, "dtype", None)
    try:
        if isinstance(dtype, (pd.StringDtype, pd.ArrowDtype)):
            arr = pa.array(x.array if isinstance(x, (pd.Series, pd.Index)) else x)
        else:
            if isinstance(x, (pd.Series, pd.Index)):
                values = x.to_numpy()
            else:  # a list stays a list of objects: NumPy would turn ["a", 1] into text
                values = x if isinstance(x, np.ndarray) else np.asarray(x, dtype="object")
            if values.dtype != object and values.dtype.kind != "U":
                return None
            arr = pa.array(values, from_pandas=True)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    except Exception:  # anything Arrow cannot read as one text array (mixed types, lone surrogates): pandas decides
        return None
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    return arr


def factorize(x):
    """Codes and distinct values of ``x``: text in order of first appearance, a categorical in its categories' order.

    Returns ``(codes, uniques)``: ``codes`` an int64 array with ``-1`` for a
    missing value (None, NaN, ``pd.NA``, NaT), ``uniques`` an object array
    with ``uniques[codes[i]] == x[i]``. Text goes through Arrow's dictionary
    encoding, a categorical column through its codes (unused categories
    dropped), anything else through :func:`pandas.factorize`.

    Raises
    ------
    TypeError
        ``x`` holds unhashable values (lists, dicts).

    Examples
    --------
    >>> codes, uniques = factorize(["b", "a", None, "b"])
    >>> codes.tolist(), uniques.tolist()
    ([0, 1, -1, 0], ['b', 'a'])
    """
    dtype = getattr(x, "dtype", None)
    if isinstance(dtype, pd.CategoricalDtype):
        cat = x.array if isinstance(x, (pd.Series, pd.Index)) else pd.Categorical(x)
        codes = np.asarray(cat.codes, dtype="int64")
        uniques = np.asarray(cat.categories, dtype="object")
        used = np.bincount(codes[codes >= 0], minlength=len(uniques)) > 0
        if not used.all():
            new = np.append(np.cumsum(used) - 1, -1)  # old code -> new code; -1 stays -1
            codes, uniques = new[codes], uniques[used]
        return codes, uniques
    arr = _arrow_strings(x)
    if arr is not None:
        encoded = pc.dictionary_encode(arr)
        codes = pc.fill_null(encoded.indices, -1).to_numpy().astype("int64")
        return codes, encoded.dictionary.to_numpy(zero_copy_only=False).astype("object", copy=False)
    codes, uniques = pd.factorize(pd.Series(np.asarray(x, dtype="object"), dtype="object"))
    return codes.astype("int64", copy=False), np.asarray(uniques, dtype="object")


def map_values(x, keys, values, *, other, specials=(), special_values=(), missing):
    """``values[i]`` where ``x == keys[i]``, ``special_values[j]`` where ``x == specials[j]``,
    ``missing`` for a missing value and ``other`` for anything else.

    ``x`` is factorized once (:func:`factorize`); the lookups are made on its
    distinct values, so a million rows with a few unseen categories cost one
    pass. A special value wins over a key equal to it; a missing value wins
    over both.

    Examples
    --------
    >>> map_values(["a", "z", None, "b"], ["a", "b"], [10, 20], other=-1, missing=0).tolist()
    [10, -1, 0, 20]
    """
    codes, uniques = factorize(x)
    values = np.asarray(values)
    idx = pd.Index(list(keys), dtype="object").get_indexer(uniques) if len(uniques) else np.zeros(0, "int64")
    dtype = np.result_type(values, np.asarray(other), np.asarray(missing), *map(np.asarray, special_values))
    lookup = np.full(len(uniques) + 1, other, dtype=dtype)  # the last entry: missing (code -1)
    found = idx >= 0
    lookup[:-1][found] = values[idx[found]]
    for s, v in zip(specials, special_values):
        lookup[:-1][(pd.Series(uniques, dtype="object") == s).to_numpy(dtype=bool)] = v
    lookup[-1] = missing
    return lookup[codes]


def parse_numbers(x, name="x", factorized=None):
    """``x`` as float64 with text parsed as numbers; returns (values, not_numbers).

    ``not_numbers`` marks the non-missing values that are not numbers (they
    are NaN in ``values``). Values that are neither text nor numbers (a dict,
    a list, ...) raise TypeError naming the variable. ``factorized``, the
    ``(codes, uniques)`` of ``pd.factorize(x)`` when the caller has them,
    saves factorizing again.
    """
    # parse each distinct value once
    if factorized is not None:
        codes, uniques = factorized
    else:
        s = pd.Series(np.asarray(x, dtype="object"), dtype="object")  # no conversion to a string dtype
        try:
            codes, uniques = pd.factorize(s, use_na_sentinel=True)
        except TypeError:
            codes, uniques = None, s
    uniques = pd.Series(np.asarray(uniques, dtype="object"))
    odd = ~uniques.map(lambda v: v is None or isinstance(v, (str, numbers.Number, np.generic)) or v is pd.NA)
    if odd.any():
        v = uniques[odd].iloc[0]
        raise TypeError(
            f"variable {name!r}: argument must be a string or a number, got {type(v).__name__} {v!r:.60}"
        )
    uniques = uniques.where(~uniques.map(lambda v: isinstance(v, (bool, np.bool_))), np.nan)  # True is not 1 here
    parsed = pd.to_numeric(uniques.map(lambda v: v.strip() if isinstance(v, str) else v), errors="coerce")
    parsed = parsed.to_numpy(dtype="float64", na_value=np.nan)
    if codes is None:
        values, present = parsed, ~pd.isna(s).to_numpy()
    else:
        values = np.where(codes >= 0, parsed[np.maximum(codes, 0)] if len(parsed) else np.nan, np.nan)
        present = codes >= 0
    return values, np.isnan(values) & present


def numeric_values(x, name) -> np.ndarray:
    """``x`` as float64; text is parsed as numbers and text that is not a number counts as missing."""
    if is_text(x):
        return parse_numbers(x, name)[0]
    if isinstance(x, (pd.Series, pd.Index)):
        try:
            return x.to_numpy(dtype="float64", na_value=np.nan)
        except (TypeError, ValueError):
            raise TypeError(f"variable {name!r} is not numeric (dtype {x.dtype})") from None
    try:
        return np.array(x, dtype="float64")
    except (TypeError, ValueError):
        raise TypeError(f"variable {name!r} is not numeric") from None


def check_finite(xf, name, specials=()):
    """Raise ScorecardError if ``xf`` holds ±inf that is not one of ``specials``."""
    inf = np.isinf(xf)
    if not inf.any():
        return
    for s in specials:
        inf &= xf != s
    if inf.any():
        signs = sorted({"+inf" if v > 0 else "-inf" for v in xf[inf]})
        raise ScorecardError(
            f"variable {name!r} holds infinite values ({' and '.join(signs)} in {int(inf.sum())} row{'s' if inf.sum() > 1 else ''}, the "
            f"first at position {int(np.flatnonzero(inf)[0])}); no bin is meant for them: replace them, or declare them "
            f"special when fitting (special_values={{{name!r}: [np.inf, -np.inf]}})"
        )


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
            labels = pd.unique(pd.Series(arr[~pd.isna(arr)], dtype="object"))[:5].tolist()
            raise ScorecardError(
                f"{name} holds text labels {labels}, not 0/1: say which label is the bad class "
                f"(map {name} to 0/1 with 1 = bad, or pass bad_label= to Scorecard)"
            ) from None
    if arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ScorecardError(f"{name} has {int(np.isnan(arr).sum())} missing values")
    if arr.dtype.kind in "iu" and arr.size and 0 <= arr.min() and arr.max() <= 1:
        values = np.unique([arr.min(), arr.max()])  # 0/1 integers: the classes are the least and greatest value
    else:
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


#: Rules for a bin without goods or without bads: "smooth" adds ``smoothing``
#: to every cell; "one" counts the empty cell as 1, as toad does.
EMPTY_BIN = ("smooth", "one")


def woe_iv(n_good, n_bad, *, smoothing=0.5, empty_bin="smooth", labels=None, name=None):
    """WOE and IV contribution of each bin from its good and bad counts.

    With ``empty_bin="smooth"`` the shares are smoothed as
    ``(n + smoothing) / (N + k * smoothing)`` over the ``k`` non-empty bins.
    With ``empty_bin="one"`` (toad's rule) a zero good or bad count in a
    non-empty bin counts as 1 and the shares are ``n / N`` (``smoothing`` is
    not used). An empty bin (no goods and no bads) gets WOE 0 and IV 0.
    ``woe = ln(good_share / bad_share)``, ``iv = (good_share - bad_share) * woe``.
    ``labels`` and ``name`` (bin labels, variable name) only serve the messages.
    """
    g = np.asarray(n_good, dtype="float64")
    b = np.asarray(n_bad, dtype="float64")
    filled = (g + b) > 0
    k = int(filled.sum())
    g_tot, b_tot = g.sum(), b.sum()
    of = f" of variable {name!r}" if name is not None else ""
    if g_tot <= 0 or b_tot <= 0:
        raise ScorecardError(
            f"WOE{of} needs both goods and bads (one class has no weight): got {g_tot:g} goods and {b_tot:g} bads"
        )
    if empty_bin == "one":
        gs = np.where(filled, np.where(g > 0, g, 1.0) / g_tot, 0.0)
        bs = np.where(filled, np.where(b > 0, b, 1.0) / b_tot, 0.0)
    else:
        gs = np.where(filled, (g + smoothing) / (g_tot + k * smoothing), 0.0)
        bs = np.where(filled, (b + smoothing) / (b_tot + k * smoothing), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        woe = np.where(filled, np.log(gs / bs), 0.0)
    if not np.isfinite(woe).all():
        bad = np.flatnonzero(~np.isfinite(woe))
        names = [str(labels[i]) if labels is not None else str(i) for i in bad]
        lacking = ["goods" if g[i] == 0 else "bads" for i in bad]
        which = "; ".join(f"bin {n!r} has no {w}" for n, w in zip(names[:5], lacking[:5]))
        raise ScorecardError(
            f"{f'variable {name!r}: ' if name is not None else ''}{which}; with smoothing 0 its WOE is infinite: "
            "use smoothing > 0, "
            "empty_bin='one', or fewer bins"
        )
    iv = (gs - bs) * woe
    return woe, iv, gs, bs


def counts_table(labels, n_good, n_bad, *, smoothing=0.5, empty_bin="smooth", name=None):
    """The binning table: one row per bin with counts, shares, bad rate, WOE and IV."""
    g = np.asarray(n_good)
    b = np.asarray(n_bad)
    n = g + b
    labels = list(labels)
    woe, iv, gs, bs = woe_iv(g, b, smoothing=smoothing, empty_bin=empty_bin, labels=labels, name=name)
    total = n.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        bad_rate = np.where(n > 0, b / np.where(n > 0, n, 1), np.nan)
    return pd.DataFrame(
        {
            "bin": pd.Series(labels, dtype="object"),
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
