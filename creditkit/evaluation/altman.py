"""Altman Z-score models of bankruptcy risk.

Four published forms of the Z-score, each a weighted sum of accounting ratios
with its own cut-offs separating a *safe*, a *grey* and a *distress* zone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_choice
from ..errors import EvaluationError
from ._common import as_float_array

__all__ = [
    "ALTMAN_VARIANTS",
    "AltmanResult",
    "altman_z",
    "altman_z_from_ratios",
    "altman_zone",
    "polish_altman_ratios",
    "altman_separation",
    "zone_confusion",
]

#: Coefficients of X1..X5 (None = ratio not used), additive constant and the
#: (distress, safe) cut-offs of each variant.
ALTMAN_VARIANTS = {
    "z": {
        "coefficients": (1.2, 1.4, 3.3, 0.6, 1.0),
        "constant": 0.0,
        "cutoffs": (1.81, 2.99),
        "source": "Altman (1968), J. Finance 23(4): public manufacturers, X4 = market equity / total liabilities",
    },
    "z_prime": {
        "coefficients": (0.717, 0.847, 3.107, 0.420, 0.998),
        "constant": 0.0,
        "cutoffs": (1.23, 2.90),
        "source": "Altman (1983), Corporate Financial Distress: private firms, X4 = book equity / total liabilities",
    },
    "z_double_prime": {
        "coefficients": (6.56, 3.26, 6.72, 1.05, None),
        "constant": 0.0,
        "cutoffs": (1.10, 2.60),
        "source": "Altman (1983/1993): non-manufacturers, X4 = book equity / total liabilities, no X5",
    },
    "z_double_prime_em": {
        "coefficients": (6.56, 3.26, 6.72, 1.05, None),
        "constant": 3.25,
        "cutoffs": (4.35, 5.85),
        "source": (
            "Altman, Hartzell & Peck (1995); Altman (2005), Emerging Markets Review 6: "
            "Z'' + 3.25 (EM score); cut-offs are the Z'' cut-offs 1.10 / 2.60 plus 3.25"
        ),
    },
}

ZONES = ("distress", "grey", "safe")

@dataclass(frozen=True)
class AltmanResult:
    """Z-score(s), zone(s) and the ratios behind them.

    Attributes
    ----------
    score : float or numpy.ndarray
        Z-score; a float for scalar input, an array otherwise (NaN where an
        input ratio is missing).
    zone : str or numpy.ndarray
        ``"safe"``, ``"grey"`` or ``"distress"`` (``"unknown"`` for a NaN score).
    components : pandas.Series or pandas.DataFrame
        The ratios ``x1`` … ``x5`` (``x5`` absent for the Z'' variants).
    contributions : pandas.Series or pandas.DataFrame
        Coefficient × ratio for each component (plus ``constant``).
    variant : str
        Name of the model, a key of :data:`ALTMAN_VARIANTS`.
    """

    score: object
    zone: object
    components: object
    contributions: object
    variant: str


def altman_zone(score, *, variant="z"):
    """Zone of a Z-score under a variant's cut-offs.

    Below the distress cut-off is ``"distress"``, above the safe cut-off is
    ``"safe"``, in between (cut-offs included) is ``"grey"``; NaN gives
    ``"unknown"``.

    Examples
    --------
    >>> altman_zone(1.5), altman_zone(1.81), altman_zone(3.2)
    ('distress', 'grey', 'safe')
    >>> altman_zone([0.5, 5.0], variant="z_double_prime_em").tolist()
    ['distress', 'grey']
    """
    check_choice("variant", variant, tuple(ALTMAN_VARIANTS))
    low, high = ALTMAN_VARIANTS[variant]["cutoffs"]
    s = as_float_array("score", score)
    zone = np.select([np.isnan(s), s < low, s > high], ["unknown", "distress", "safe"], "grey")
    zone = zone.astype(object)
    return str(zone) if zone.ndim == 0 else zone


def altman_z_from_ratios(x1, x2, x3, x4, x5=None, *, variant="z"):
    """Altman Z-score from the ratios X1 … X5.

    Parameters
    ----------
    x1 : float or array-like
        Working capital / total assets.
    x2 : float or array-like
        Retained earnings / total assets.
    x3 : float or array-like
        EBIT / total assets.
    x4 : float or array-like
        Equity / total liabilities: market value of equity for ``"z"``,
        book value for the other variants.
    x5 : float or array-like, optional
        Sales / total assets; required by ``"z"`` and ``"z_prime"``, ignored
        by the Z'' variants.
    variant : {"z", "z_prime", "z_double_prime", "z_double_prime_em"}, default "z"

    Returns
    -------
    AltmanResult

    Raises
    ------
    TypeError
        A ratio is not numeric.
    ValueError
        Unknown ``variant``; ``x5`` missing for a variant that uses it; ratio
        arrays of different lengths.

    Notes
    -----
    ======================  =================================  ========  ===============
    variant                 coefficients of X1 … X5            constant  distress / safe
    ======================  =================================  ========  ===============
    ``z``                   1.2, 1.4, 3.3, 0.6, 1.0            0         1.81 / 2.99
    ``z_prime``             0.717, 0.847, 3.107, 0.420, 0.998  0         1.23 / 2.90
    ``z_double_prime``      6.56, 3.26, 6.72, 1.05, —          0         1.10 / 2.60
    ``z_double_prime_em``   6.56, 3.26, 6.72, 1.05, —          3.25      4.35 / 5.85
    ======================  =================================  ========  ===============

    Sources: Altman (1968) *J. Finance* 23(4) 589–609; Altman (1983)
    *Corporate Financial Distress*; Altman, Hartzell & Peck (1995) and Altman
    (2005) *Emerging Markets Review* 6 311–323 for the EM score. The EM
    cut-offs are the Z'' cut-offs shifted by the constant (5.85 is also the
    BBB− level of Altman's EM-score rating table; some texts use 4.15, its
    B− level, as the lower cut-off).

    Examples
    --------
    >>> r = altman_z_from_ratios(0.1, 0.2, 0.15, 1.5, 1.2)
    >>> round(r.score, 4), r.zone
    (2.995, 'safe')
    >>> r = altman_z_from_ratios([0.1, -0.2], [0.2, -0.5], [0.15, -0.1], [1.5, 0.2],
    ...                          variant="z_double_prime")
    >>> r.score.round(3).tolist(), r.zone.tolist()
    ([3.891, -3.404], ['safe', 'distress'])
    """
    check_choice("variant", variant, tuple(ALTMAN_VARIANTS))
    spec = ALTMAN_VARIANTS[variant]
    coefs = spec["coefficients"]
    uses_x5 = coefs[4] is not None
    if uses_x5 and x5 is None:
        raise ValueError(f"x5 (sales / total assets) is required by variant {variant!r}, got None")
    index = next((v.index for v in (x1, x2, x3, x4, x5) if isinstance(v, pd.Series)), None)
    raw = {"x1": x1, "x2": x2, "x3": x3, "x4": x4}
    if uses_x5:
        raw["x5"] = x5
    arrays = {k: as_float_array(k, v) for k, v in raw.items()}
    try:
        stacked = np.broadcast_arrays(*arrays.values())
    except ValueError:
        shapes = {k: v.shape for k, v in arrays.items()}
        raise ValueError(f"ratios must have the same length, got shapes {shapes}") from None
    scalar = all(a.ndim == 0 for a in arrays.values())
    comp = dict(zip(arrays, stacked))
    contrib = {k: c * comp[k] for k, c in zip(arrays, [c for c in coefs if c is not None])}
    score = spec["constant"] + sum(contrib.values())
    zone = altman_zone(score, variant=variant)
    if scalar:
        components = pd.Series({k: float(v) for k, v in comp.items()}, name=variant)
        contributions = pd.Series({k: float(v) for k, v in contrib.items()}, name=variant)
        contributions["constant"] = spec["constant"]
        return AltmanResult(float(score), zone, components, contributions, variant)
    components = pd.DataFrame({k: np.ravel(v) for k, v in comp.items()}, index=index)
    contributions = pd.DataFrame({k: np.ravel(v) for k, v in contrib.items()}, index=index)
    contributions["constant"] = spec["constant"]
    return AltmanResult(np.ravel(score), np.ravel(zone), components, contributions, variant)


def altman_z(
    working_capital,
    retained_earnings,
    ebit,
    market_value_equity,
    sales,
    total_assets,
    total_liabilities,
    *,
    variant="z",
):
    """Altman Z-score from statement amounts.

    Parameters
    ----------
    working_capital, retained_earnings, ebit : float or array-like
        Current assets − current liabilities; retained earnings; earnings
        before interest and taxes.
    market_value_equity : float or array-like
        Market value of equity for ``"z"``; for the other variants pass the
        book value of equity (that is what they were estimated on).
    sales : float, array-like or None
        Net sales; may be None for the Z'' variants, which do not use it.
    total_assets, total_liabilities : float or array-like
        Must be positive.
    variant : {"z", "z_prime", "z_double_prime", "z_double_prime_em"}, default "z"

    Returns
    -------
    AltmanResult
        See :func:`altman_z_from_ratios` for coefficients and cut-offs.

    Raises
    ------
    EvaluationError
        ``total_assets`` or ``total_liabilities`` is zero or negative
        (the ratios are undefined).

    Examples
    --------
    A hand-checked firm (amounts in 10k yuan): X1 = 100/1000 = 0.10,
    X2 = 0.20, X3 = 0.15, X4 = 600/400 = 1.5, X5 = 1.2, so
    Z = 1.2·0.10 + 1.4·0.20 + 3.3·0.15 + 0.6·1.5 + 1.0·1.2 = 2.995:

    >>> r = altman_z(100, 200, 150, 600, 1200, 1000, 400)
    >>> round(r.score, 3), r.zone
    (2.995, 'safe')
    >>> round(altman_z(100, 200, 150, 600, 1200, 1000, 400, variant="z_prime").score, 5)
    2.53475
    """
    check_choice("variant", variant, tuple(ALTMAN_VARIANTS))
    ta = as_float_array("total_assets", total_assets)
    tl = as_float_array("total_liabilities", total_liabilities)
    for name, arr in (("total_assets", ta), ("total_liabilities", tl)):
        bad = np.flatnonzero(np.atleast_1d(arr) <= 0)
        if bad.size:
            value = np.atleast_1d(arr)[bad[0]]
            where = "" if arr.ndim == 0 else f" at position {int(bad[0])}"
            raise EvaluationError(f"{name} must be positive{where}, got {value!r}")
    index = next(
        (
            v.index
            for v in (working_capital, retained_earnings, ebit, market_value_equity, sales, total_assets)
            if isinstance(v, pd.Series)
        ),
        None,
    )

    def ratio(name, value, denom):
        r = as_float_array(name, value) / denom
        return pd.Series(np.ravel(r), index=index) if index is not None else r

    x5 = None if sales is None else ratio("sales", sales, ta)
    return altman_z_from_ratios(
        ratio("working_capital", working_capital, ta),
        ratio("retained_earnings", retained_earnings, ta),
        ratio("ebit", ebit, ta),
        ratio("market_value_equity", market_value_equity, tl),
        x5,
        variant=variant,
    )


#: Columns of the Polish bankruptcy data holding Altman's ratios.
POLISH_COLUMNS = {"x1": "Attr3", "x2": "Attr6", "x3": "Attr7", "x4": "Attr8", "x5": "Attr9"}


def polish_altman_ratios(data):
    """Altman's X1 … X5 from the Polish bankruptcy data's ratio columns.

    The UCI Polish companies data (Tomczak, 2016) already holds the ratios:
    X1 = Attr3 (working capital / total assets), X2 = Attr6 (retained earnings
    / total assets), X3 = Attr7 (EBIT / total assets), X4 = Attr8 (book value
    of equity / total liabilities), X5 = Attr9 (sales / total assets).

    Returns
    -------
    pandas.DataFrame
        Columns ``x1`` … ``x5`` with the index of ``data``.

    Raises
    ------
    SchemaError
        A required ``AttrN`` column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"Attr3": [0.1], "Attr6": [0.2], "Attr7": [0.15], "Attr8": [1.5], "Attr9": [1.2]})
    >>> polish_altman_ratios(df).columns.tolist()
    ['x1', 'x2', 'x3', 'x4', 'x5']
    """
    from ..errors import SchemaError

    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame, got {type(data).__name__}")
    missing = [c for c in POLISH_COLUMNS.values() if c not in data.columns]
    if missing:
        raise SchemaError(f"data lacks the Polish ratio columns {missing!r}")
    out = data[list(POLISH_COLUMNS.values())].astype(float)
    out.columns = list(POLISH_COLUMNS)
    return out


def altman_separation(ratios, bankrupt, *, variants=None):
    """How well each Z-score variant separates bankrupt from surviving firms.

    Parameters
    ----------
    ratios : pandas.DataFrame
        Columns ``x1`` … ``x5`` (see :func:`polish_altman_ratios`).
    bankrupt : array-like of {0, 1}
        1 = the firm went bankrupt.
    variants : list of str, optional
        Default: all of :data:`ALTMAN_VARIANTS`.

    Returns
    -------
    pandas.DataFrame
        One row per variant: ``n`` scored firms, ``auc`` (probability that a
        bankrupt firm scores lower than a survivor), the share of firms in each
        zone and the bankruptcy rate in each zone.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"x1": [0.3, -0.2, 0.2, -0.1], "x2": [0.3, -0.4, 0.1, 0.0],
    ...                   "x3": [0.2, -0.1, 0.1, 0.0], "x4": [2.0, 0.1, 1.0, 0.3],
    ...                   "x5": [1.5, 0.5, 1.2, 0.8]})
    >>> altman_separation(r, [0, 1, 0, 1], variants=["z"])["auc"].tolist()
    [1.0]
    """
    from sklearn.metrics import roc_auc_score

    variants = list(ALTMAN_VARIANTS) if variants is None else list(variants)
    y = as_float_array("bankrupt", bankrupt)
    if y.shape != (len(ratios),):
        raise ValueError(f"bankrupt must have {len(ratios)} values, got shape {y.shape}")
    rows = []
    for variant in variants:
        res = altman_z_from_ratios(*(ratios[c] for c in ("x1", "x2", "x3", "x4")),
                                   ratios["x5"] if "x5" in ratios else None, variant=variant)
        ok = ~np.isnan(res.score) & ~np.isnan(y)
        s, yy, z = res.score[ok], y[ok], res.zone[ok]
        row = {"variant": variant, "n": int(ok.sum())}
        row["auc"] = float(roc_auc_score(yy, -s)) if len(np.unique(yy)) == 2 else np.nan
        for zone in ZONES:
            inz = z == zone
            row[f"share_{zone}"] = float(inz.mean()) if len(z) else np.nan
            row[f"bankrupt_rate_{zone}"] = float(yy[inz].mean()) if inz.any() else np.nan
        rows.append(row)
    return pd.DataFrame(rows).set_index("variant")


def zone_confusion(result, bankrupt):
    """Cross-table of zones against outcome: firms per zone and bankrupt or not.

    Parameters
    ----------
    result : AltmanResult
        Scores of several firms.
    bankrupt : array-like of {0, 1}

    Returns
    -------
    pandas.DataFrame
        Index ``zone`` (distress, grey, safe, and unknown if any), columns
        ``survived``, ``bankrupt``, ``total``, ``bankrupt_rate``.

    Examples
    --------
    >>> r = altman_z_from_ratios([0.3, -0.2, 0.2], [0.3, -0.4, 0.1], [0.2, -0.1, 0.1],
    ...                          [2.0, 0.1, 1.0], [1.5, 0.5, 1.2])
    >>> zone_confusion(r, [0, 1, 0])["bankrupt"].tolist()
    [1, 0, 0]
    """
    if not isinstance(result, AltmanResult):
        raise TypeError(f"result must be an AltmanResult, got {type(result).__name__}")
    zone = np.atleast_1d(result.zone)
    y = np.atleast_1d(as_float_array("bankrupt", bankrupt))
    if y.shape != zone.shape:
        raise ValueError(f"bankrupt must have {zone.size} values, got shape {y.shape}")
    order = list(ZONES) + (["unknown"] if (zone == "unknown").any() else [])
    df = pd.DataFrame({"zone": zone, "bankrupt": y == 1})
    table = pd.crosstab(pd.Categorical(df["zone"], categories=order), df["bankrupt"]).reindex(
        columns=[False, True], fill_value=0
    )
    table.columns = ["survived", "bankrupt"]
    table.index = pd.Index(order, name="zone")
    table["total"] = table["survived"] + table["bankrupt"]
    table["bankrupt_rate"] = table["bankrupt"] / table["total"].where(table["total"] > 0)
    return table
