"""First looks at a credit dataset: class balance and bad rate by attribute.

These are the tables a credit analyst draws before any model: how many bad
customers there are, and how the bad rate moves with one attribute at a time
(the customer analysis of the kit's first workshop).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import SchemaError

__all__ = ["target_summary", "bad_rate_by"]


def _check_target(df: pd.DataFrame, target: str) -> pd.Series:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if target not in df.columns:
        raise SchemaError(f"target column {target!r} not in the table (columns: {', '.join(map(str, df.columns))})")
    y = df[target]
    values = set(pd.unique(y.dropna()))
    if not values <= {0, 1}:
        raise SchemaError(f"target column {target!r} must hold 0/1 (1 = bad), found {sorted(values)[:5]}")
    if y.isna().any():
        raise SchemaError(f"target column {target!r} has {int(y.isna().sum())} missing values")
    return y.astype("int64")


def target_summary(df: pd.DataFrame, target: str = "bad") -> pd.DataFrame:
    """Counts and shares of good (0) and bad (1) rows.

    Returns a table indexed by ``outcome`` ("good", "bad", "total") with columns
    ``count`` and ``share``.

    Examples
    --------
    >>> df = pd.DataFrame({"bad": [0, 0, 0, 1]})
    >>> target_summary(df)
             count  share
    outcome
    good         3   0.75
    bad          1   0.25
    total        4   1.00
    """
    y = _check_target(df, target)
    n_bad = int(y.sum())
    n = len(y)
    counts = pd.Series([n - n_bad, n_bad, n], index=pd.Index(["good", "bad", "total"], name="outcome"))
    share = counts / n if n else counts * np.nan
    return pd.DataFrame({"count": counts.astype("int64"), "share": share})


def _quantile_bins(x: pd.Series, bins: int) -> pd.Series:
    """Right-closed quantile bins; the first bin also holds its lower edge.

    Edges come from ``np.quantile`` and intervals from the edges themselves, so
    tiny or huge values never trip label rounding (as ``pd.qcut`` can).
    """
    values = x.to_numpy(dtype="float64", na_value=np.nan)
    finite = values[~np.isnan(values)]
    edges = np.unique(np.quantile(finite, np.linspace(0, 1, bins + 1)))
    intervals = pd.IntervalIndex.from_breaks(edges, closed="right")
    codes = np.clip(np.searchsorted(edges, values, side="left") - 1, 0, len(intervals) - 1)
    codes = np.where(np.isnan(values), -1, codes)
    return pd.Series(pd.Categorical.from_codes(codes, categories=intervals), index=x.index)


def bad_rate_by(
    df: pd.DataFrame,
    column: str,
    *,
    target: str = "bad",
    bins: int = 5,
) -> pd.DataFrame:
    """Bad rate of each category (or quantile bin) of one column.

    Parameters
    ----------
    df : DataFrame
        One row per customer, with a 0/1 ``target`` (1 = bad).
    column : str
        The attribute to break down. Categorical, text and boolean columns are
        used as they are; numeric columns with more than ``bins`` distinct
        values are cut into ``bins`` quantile bins (right-closed intervals;
        the first also holds its lower edge; tied edges merge bins).
    target : str, default "bad"
    bins : int, default 5
        Number of quantile bins for numeric columns (at least 2).

    Returns
    -------
    DataFrame
        Indexed by the category or bin, with ``count``, ``bad``, ``share``
        (of all rows) and ``bad_rate``. Missing values get their own row
        labelled ``"missing"``. Counts add up to ``len(df)``.

    Examples
    --------
    >>> df = pd.DataFrame({"city": ["a", "a", "b", "b", "b"], "bad": [1, 0, 0, 0, 1]})
    >>> bad_rate_by(df, "city")
          count  bad  share  bad_rate
    city
    a         2    1    0.4  0.500000
    b         3    1    0.6  0.333333
    """
    y = _check_target(df, target)
    if column not in df.columns:
        raise SchemaError(f"column {column!r} not in the table")
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)):
        raise TypeError(f"bins must be an int, got {type(bins).__name__}")
    if bins < 2:
        raise ValueError(f"bins must be at least 2, got {bins}")
    x = df[column]
    numeric = pd.api.types.is_numeric_dtype(x) and not pd.api.types.is_bool_dtype(x)
    if numeric and x.nunique(dropna=True) > bins:
        cut = _quantile_bins(x, bins)
        order = list(cut.cat.categories)
    elif isinstance(x.dtype, pd.CategoricalDtype):
        cut, order = x, list(x.cat.categories)
    else:
        cut, order = x, sorted(pd.unique(x.dropna()), key=lambda v: (str(type(v)), v))
    groups = cut.astype("object").where(cut.notna(), "missing")
    table = (
        pd.DataFrame({column: groups, "bad": y})
        .groupby(column, sort=False)["bad"]
        .agg(count="size", bad="sum")
    )
    order = [c for c in order if c in table.index]
    if "missing" in table.index:
        order.append("missing")
    table = table.loc[order]
    table.index.name = column
    table["count"] = table["count"].astype("int64")
    table["bad"] = table["bad"].astype("int64")
    table["share"] = table["count"] / len(df)
    table["bad_rate"] = table["bad"] / table["count"]
    return table
