"""Amounts of money: integer cents inside, yuan with two decimals at the edges.

Rounding happens here and nowhere else: half away from zero (四舍五入), the way
Chinese accounting rounds.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

__all__ = ["round_half_up", "yuan_to_cents", "cents_to_yuan", "parse_amounts", "format_cents", "cents_to_text"]


def round_half_up(value, places: int = 2):
    """Round half away from zero to ``places`` decimals.

    Works on scalars (returns ``float``) and on array-likes / Series (returns the
    same shape). Values are taken through their shortest decimal representation,
    so ``2.675`` rounds to ``2.68`` (binary floats would give ``2.67``).

    Examples
    --------
    >>> round_half_up(2.675)
    2.68
    >>> round_half_up(-0.125)
    -0.13
    >>> round_half_up([1.005, 2.5], places=0).tolist()
    [1.0, 3.0]
    """
    if not isinstance(places, (int, np.integer)) or isinstance(places, bool):
        raise TypeError(f"places must be an int, got {type(places).__name__}")
    quantum = Decimal(1).scaleb(-int(places))

    def one(x):
        if x is None or (isinstance(x, float) and np.isnan(x)):
            return np.nan
        return float(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))

    if np.ndim(value) == 0:
        return one(value)
    if isinstance(value, pd.Series):
        return value.map(one).astype("float64")
    return np.array([one(v) for v in np.asarray(value, dtype="float64").ravel()]).reshape(np.shape(value))


def yuan_to_cents(value):
    """Convert yuan amounts to integer cents, rounding half away from zero.

    Examples
    --------
    >>> yuan_to_cents(1234.505)
    123451
    >>> yuan_to_cents(pd.Series([0.1, 0.2, -3.335])).tolist()
    [10, 20, -334]
    """
    cents = round_half_up(np.multiply(value, 1) if np.ndim(value) else value, places=2)
    if np.ndim(cents) == 0:
        return int(round(cents * 100))
    arr = np.rint(np.asarray(cents, dtype="float64") * 100).astype("int64")
    if isinstance(value, pd.Series):
        return pd.Series(arr, index=value.index, name=value.name)
    return arr


def cents_to_yuan(cents):
    """Convert integer cents to yuan (float with two decimals) for display.

    Examples
    --------
    >>> cents_to_yuan(123451)
    1234.51
    >>> cents_to_yuan(pd.Series([10, -5])).tolist()
    [0.1, -0.05]
    """
    if np.ndim(cents) == 0:
        return int(cents) / 100
    out = np.asarray(cents, dtype="int64") / 100
    if isinstance(cents, pd.Series):
        return pd.Series(out, index=cents.index, name=cents.name)
    return out


_AMOUNT_RE = r"^([+-]?)(\d*)(?:\.(\d*))?([+-]?)$"


def parse_amounts(values, *, name: str = "amount"):
    """Parse messy amount text to integer cents, vectorised.

    Accepts what ledger exports contain: ``1,234.50``, ``￥1,234.50``,
    ``¥ 1 234.50元``, ``(1,234.50)`` (negative), ``-1234.5``, ``1234.50-``
    (trailing minus), full-width digits, and plain numbers (Excel cells).
    Fractions beyond the cent are rounded half away from zero on their decimal
    text, never through a binary float.

    Parameters
    ----------
    values : array-like or Series
        Text or numbers.
    name : str, default "amount"
        Name used in error messages.

    Returns
    -------
    cents : Series of Int64
        Amounts in cents; ``<NA>`` where the value is empty or cannot be read.
    bad : Series of bool
        True where a non-empty value could not be read.

    Examples
    --------
    >>> cents, bad = parse_amounts(["1,234.50", "￥1,234.50", "(1,234.50)", "-1234.5", "2.675", "", "12,3x"])
    >>> cents.tolist()
    [123450, 123450, -123450, -123450, 268, <NA>, <NA>]
    >>> bad.tolist()
    [False, False, False, False, False, False, True]
    """
    s = pd.Series(values)
    if s.dtype.kind in "iu":
        return (s.astype("int64") * 100).astype("Int64"), pd.Series(False, index=s.index)
    if s.dtype.kind == "f":
        txt = s.map(lambda v: "" if pd.isna(v) else format(float(v), ".15g")).astype(object)
    else:
        txt = s.astype(object).where(s.notna(), "")
        txt = txt.map(lambda v: v if isinstance(v, str) else ("" if pd.isna(v) else format(v, ".15g")
                                                                if isinstance(v, float) else str(v)))
    t = pd.Series(txt, index=s.index, dtype=object).astype(str).str.normalize("NFKC").str.strip()
    empty = t.eq("") | t.str.fullmatch(r"(?i)nan|none|null|-{1,2}")
    neg_paren = t.str.startswith("(") & t.str.endswith(")")
    t = t.str.replace(r"^\((.*)\)$", r"\1", regex=True)
    t = t.str.replace(r"(?i)rmb|cny|元|[¥$,\s\u3000']", "", regex=True)
    # exponent notation (e.g. from a float cell) goes through Decimal, rare
    exp = t.str.contains(r"^[+-]?\d*\.?\d+[eE][+-]?\d+$", regex=True)
    if exp.any():
        from decimal import Decimal as _D

        t = t.where(~exp, t[exp].map(lambda v: format(_D(v), "f")))
    parts = t.str.extract(_AMOUNT_RE)
    sign1, whole, frac, sign2 = parts[0], parts[1], parts[2].fillna(""), parts[3]
    ok = parts[1].notna() & ((whole.fillna("") != "") | (frac != "")) & ~(sign1.fillna("").ne("") & sign2.fillna("").ne(""))
    ok &= ~empty
    whole_i = pd.to_numeric(whole.where(ok & whole.ne(""), "0"), errors="coerce").fillna(0).astype("int64")
    f = frac.where(ok, "").str.pad(3, side="right", fillchar="0")
    f2 = pd.to_numeric(f.str.slice(0, 2), errors="coerce").fillna(0).astype("int64")
    f3 = pd.to_numeric(f.str.slice(2, 3), errors="coerce").fillna(0).astype("int64")
    mag = whole_i * 100 + f2 + (f3 >= 5).astype("int64")
    negative = (sign1.eq("-") | sign2.eq("-")).fillna(False) ^ neg_paren
    cents = mag.where(~negative, -mag).astype("Int64").where(ok)
    bad = ~ok & ~empty
    return cents, bad.astype(bool)


def format_cents(cents) -> str:
    """Integer cents as yuan text with two decimals and thousands separators.

    Examples
    --------
    >>> format_cents(123456789)
    '1,234,567.89'
    >>> format_cents(-5)
    '-0.05'
    """
    c = int(cents)
    sign = "-" if c < 0 else ""
    whole, frac = divmod(abs(c), 100)
    return f"{sign}{whole:,}.{frac:02d}"


def cents_to_text(cents) -> pd.Series:
    """Integer cents as plain yuan text with exactly two decimals (no float rounding).

    The vectorised, separator-free twin of :func:`format_cents`, for CSV output.

    Examples
    --------
    >>> cents_to_text([123456, -5, 0]).tolist()
    ['1234.56', '-0.05', '0.00']
    """
    c = pd.Series(cents).astype("int64")
    a = c.abs()
    sign = np.where(c < 0, "-", "")
    return pd.Series(sign, index=c.index) + (a // 100).astype(str) + "." + (a % 100).astype(str).str.zfill(2)
