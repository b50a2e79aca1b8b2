"""Scaling of a logistic scorecard to points, and scoring from a points table.

A score is a linear function of the log of the good:bad odds:

``points = offset + factor * ln(odds)``, with ``factor = PDO / ln 2`` and
``offset = base_score - factor * ln(base_odds)``,

so the odds double every ``PDO`` points and a score of ``base_score`` means
odds of ``base_odds`` to 1 (Siddiqi, *Credit Risk Scorecards*, ch. 6). The
defaults are 600 points at odds 50:1 and 20 points to double the odds.

With a logistic model of the bad probability on WOE values,
``ln(odds) = -(b0 + sum_i b_i woe_i)``, so each attribute ``j`` of variable
``i`` earns ``-factor * b_i * woe_ij`` points and the intercept gives
``offset - factor * b0`` base points (or spreads them evenly over the
variables when ``spread_intercept=True``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


from .._checks import check_number
from ..errors import ScorecardError
from ._counts import check_finite, check_frame, map_values, numeric_values, require_columns

__all__ = ["Scaling", "pdo_scaling", "points_table", "apply_points", "BASE"]

#: ``variable`` value of the base-points row of a points table.
BASE = "_base_"

_POINTS_COLUMNS = [
    "variable", "kind", "bin_index", "bin", "lower", "upper", "categories",
    "special_value", "is_missing", "unseen", "woe", "coefficient", "points",
]


@dataclass(frozen=True)
class Scaling:
    """Points-to-odds scaling: ``points = offset + factor * ln(odds)``.

    Attributes
    ----------
    base_score : float
        Score at which the good:bad odds equal ``base_odds``.
    base_odds : float
        Good:bad odds at ``base_score`` (50 means 50:1).
    pdo : float
        Points to double the odds.
    """

    base_score: float
    base_odds: float
    pdo: float

    @property
    def factor(self) -> float:
        """``pdo / ln 2``."""
        return self.pdo / math.log(2)

    @property
    def offset(self) -> float:
        """``base_score - factor * ln(base_odds)``."""
        return self.base_score - self.factor * math.log(self.base_odds)

    def score(self, odds):
        """Score of good:bad ``odds``."""
        return self.offset + self.factor * np.log(odds)

    def odds(self, score):
        """Good:bad odds at ``score``."""
        return np.exp((np.asarray(score, dtype="float64") - self.offset) / self.factor)

    def bad_probability(self, score):
        """Probability of bad at ``score``: ``1 / (1 + odds)``."""
        return 1.0 / (1.0 + self.odds(score))


def pdo_scaling(*, base_score=600, base_odds=50, pdo=20) -> Scaling:
    """The scaling with a base score at base odds and points to double the odds.

    Parameters
    ----------
    base_score : float, default 600
    base_odds : float, default 50
        Good:bad odds (> 0) at the base score.
    pdo : float, default 20
        Points to double the odds (> 0).

    Returns
    -------
    Scaling

    Raises
    ------
    TypeError, ValueError
        A parameter that is not a finite number, or odds or PDO not positive.

    Examples
    --------
    >>> s = pdo_scaling()
    >>> round(s.factor, 4), round(s.offset, 4)
    (28.8539, 487.1229)
    >>> round(float(s.score(100)), 6)
    620.0
    """
    check_number("base_score", base_score)
    check_number("base_odds", base_odds, low=0, low_open=True)
    check_number("pdo", pdo, low=0, low_open=True)
    return Scaling(float(base_score), float(base_odds), float(pdo))


def _round_half_up(values, decimals):
    if decimals is None:
        return values
    q = 10.0**decimals
    return np.floor(np.asarray(values, dtype="float64") * q + 0.5) / q


def points_table(binnings, coefficients, intercept, *, scaling=None, spread_intercept=False, decimals=0):
    """Points of every attribute of a logistic scorecard.

    Parameters
    ----------
    binnings : sequence of VariableBinning
        The binned variables, in the order of ``coefficients``.
    coefficients : array-like
        Logistic coefficients of the WOE variables (model of P(bad)).
    intercept : float
    scaling : Scaling, optional
        Default :func:`pdo_scaling` with its defaults.
    spread_intercept : bool, default False
        Spread the base points evenly over the variables instead of keeping
        them in a separate base row.
    decimals : int or None, default 0
        Round points half-up to this many decimals (None: no rounding).

    Returns
    -------
    DataFrame
        One row for the base points (``variable == "_base_"``) then one per
        attribute, with ``variable, kind, bin_index, bin, lower, upper,
        categories, special_value, is_missing, unseen, woe, coefficient,
        points``. The bounds and categories are enough to score new data with
        :func:`apply_points`.

    Examples
    --------
    >>> import numpy as np
    >>> from creditkit.scorecard import bin_variable
    >>> vb = bin_variable(np.arange(8), np.array([1, 1, 0, 1, 0, 0, 0, 0]), name="x",
    ...                   splits=[3], smoothing=0)
    >>> t = points_table([vb], [-1.0], -0.5, decimals=1)
    >>> t[["variable", "bin", "points"]]
      variable        bin  points
    0   _base_       base   501.5
    1        x  [-inf, 3)   -34.7
    2        x   [3, inf)    25.3
    3        x    missing     0.0
    """
    if scaling is None:
        scaling = pdo_scaling()
    if not isinstance(scaling, Scaling):
        raise TypeError(f"scaling must be a Scaling, got {type(scaling).__name__}")
    coefs = np.asarray(coefficients, dtype="float64").ravel()
    binnings = list(binnings)
    if len(coefs) != len(binnings):
        raise ValueError(f"coefficients has {len(coefs)} entries for {len(binnings)} binnings")
    check_number("intercept", float(intercept))
    if decimals is not None:
        check_number("decimals", decimals, low=0, integer=True)
    base = scaling.offset - scaling.factor * float(intercept)
    share = base / len(binnings) if (spread_intercept and binnings) else 0.0
    rows = [{"variable": BASE, "kind": "base", "bin_index": -1, "bin": "base", "lower": np.nan, "upper": np.nan,
             "categories": None, "special_value": None, "is_missing": False, "unseen": False, "woe": np.nan,
             "coefficient": float(intercept), "points": base - share * len(binnings) if binnings else base}]
    for vb, b in zip(binnings, coefs):
        n_reg, n_spec = vb.n_regular, len(vb.special_values)
        edges = np.concatenate([[-np.inf], vb.splits, [np.inf]]) if vb.kind == "numeric" else None
        for k, (label, woe) in enumerate(zip(vb.table["bin"], vb.table["woe"])):
            regular = k < n_reg
            rows.append({
                "variable": vb.name, "kind": vb.kind, "bin_index": k, "bin": label,
                "lower": edges[k] if (regular and edges is not None) else np.nan,
                "upper": edges[k + 1] if (regular and edges is not None) else np.nan,
                "categories": vb.groups[k] if (regular and vb.kind == "categorical") else None,
                "special_value": vb.special_values[k - n_reg] if n_reg <= k < n_reg + n_spec else None,
                "is_missing": k == n_reg + n_spec,
                "unseen": vb.kind == "categorical" and k == vb.unseen_bin,
                "woe": float(woe), "coefficient": float(b),
                "points": -scaling.factor * b * float(woe) + share,
            })
    table = pd.DataFrame(rows, columns=_POINTS_COLUMNS)
    table["points"] = _round_half_up(table["points"].to_numpy(), decimals)
    return table


def _variable_points(x, rows):
    """Points of each value of one variable, from its rows of a points table."""
    pts = rows["points"].to_numpy(dtype="float64")
    kind = rows["kind"].iloc[0]
    is_missing = rows["is_missing"].to_numpy(dtype=bool)
    special = rows["special_value"].notna().to_numpy() & ~is_missing
    regular = ~is_missing & ~special
    miss_pts = pts[is_missing][0] if is_missing.any() else 0.0
    if kind == "numeric":
        xf = numeric_values(x, rows["variable"].iloc[0])
        check_finite(xf, rows["variable"].iloc[0], list(rows["special_value"][special]))
        lowers = rows["lower"].to_numpy(dtype="float64")[regular]
        out = pts[regular][np.searchsorted(lowers[1:], xf, side="right")]
        for s, p in zip(rows["special_value"][special], pts[special]):
            out[xf == s] = p
        out[np.isnan(xf)] = miss_pts
        return out
    cats, cat_pts = [], []
    for group, p in zip(rows["categories"][regular], pts[regular]):
        cats.extend(group)
        cat_pts.extend([p] * len(group))
    unseen = rows["unseen"].to_numpy(dtype=bool)
    unseen_pts = pts[unseen][0] if unseen.any() else miss_pts
    return map_values(
        x, cats, np.asarray(cat_pts, dtype="float64"), other=unseen_pts,
        specials=list(rows["special_value"][special]), special_values=list(pts[special]), missing=miss_pts,
    ).astype("float64", copy=False)


def apply_points(df, table, *, components=False):
    """Score new data from a points table alone.

    Parameters
    ----------
    df : DataFrame
        Must hold every variable of the table.
    table : DataFrame
        As returned by :func:`points_table` (or ``Scorecard.points_table_``).
    components : bool, default False
        Also return the points of each variable.

    Returns
    -------
    Series of total points, or a DataFrame with one column per variable, the
    ``base`` points and the ``score`` when ``components=True``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from creditkit.scorecard import bin_variable
    >>> vb = bin_variable(np.arange(8), np.array([1, 1, 0, 1, 0, 0, 0, 0]), name="x",
    ...                   splits=[3], smoothing=0)
    >>> t = points_table([vb], [-1.0], -0.5, decimals=1)
    >>> apply_points(pd.DataFrame({"x": [0, 5, np.nan]}), t).tolist()
    [466.8, 526.8, 501.5]
    """
    frame = check_frame(df, "df")
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    require_columns(table, _POINTS_COLUMNS, "points table")
    variables = [v for v in pd.unique(table["variable"]) if v != BASE]
    require_columns(frame, variables, "df")
    base_rows = table.loc[table["variable"] == BASE, "points"]
    base = float(base_rows.iloc[0]) if len(base_rows) else 0.0
    parts = {v: _variable_points(frame[v], table[table["variable"] == v]) for v in variables}
    total = np.full(len(frame), base)
    if parts:  # the variables' points added in order, one column at a time
        summed = None
        for p in parts.values():
            summed = p.copy() if summed is None else np.add(summed, p, out=summed)
        total += summed
    if not components:
        return pd.Series(total, index=frame.index, name="score")
    out = pd.DataFrame(parts, index=frame.index)
    out["base"] = base
    out["score"] = total
    return out


def check_points_table(table):
    """Raise ScorecardError unless ``table`` looks like a points table."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
    require_columns(table, _POINTS_COLUMNS, "points table")
    if table["points"].isna().any():
        raise ScorecardError("points table has missing points")
    return table
