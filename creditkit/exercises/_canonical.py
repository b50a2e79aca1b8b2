"""Canonical text and salted digests of answers: the only form an answer key takes."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from numbers import Number

import numpy as np
import pandas as pd

__all__ = ["KINDS", "canonical", "digest", "as_number"]

KINDS = ("number", "text", "choices", "mapping")


def as_number(value):
    """``value`` as a float, or None when it is not a plain finite number."""
    if isinstance(value, (bool, np.bool_)) or value is None:
        return None
    if isinstance(value, (np.ndarray, pd.Series)) and value.size == 1:
        value = value.reshape(-1)[0] if isinstance(value, np.ndarray) else value.iloc[0]
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, Number):
        x = float(value)
        return x if math.isfinite(x) else None
    return None


def _number(value, places: int) -> str:
    x = as_number(value)
    if x is None:
        raise TypeError(f"expected a number, got {type(value).__name__}")
    d = value if isinstance(value, Decimal) else Decimal(repr(x))
    try:
        q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - only for absurd magnitudes
        raise TypeError(f"number out of range: {value!r}") from exc
    text = f"{q:.{places}f}"
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return re.sub(r"\s+", " ", value.strip()).casefold()


def _value(value, places: int) -> str:
    return _text(value) if isinstance(value, str) else _number(value, places)


def canonical(value, kind: str, places: int = 2) -> str:
    """The text an answer is hashed as.

    Numbers are rounded half-up to ``places`` decimals (``-0`` becomes ``0``);
    text is stripped, whitespace collapsed and case-folded; choices are the
    sorted set of their texts; a mapping is ``key=value`` pairs in key order
    (values are numbers or text).

    Examples
    --------
    >>> canonical(0.30000000000000004, "number", 4)
    '0.3000'
    >>> canonical(2.675, "number", 2)
    '2.68'
    >>> canonical({"b", " A "}, "choices")
    'a|b'
    >>> canonical({"31-60": 1500, "1-30": 200.004}, "mapping", 2)
    '1-30=200.00;31-60=1500.00'
    """
    if kind == "number":
        return _number(value, places)
    if kind == "text":
        return _text(value)
    if kind == "choices":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple, set, frozenset, pd.Index, pd.Series, np.ndarray)):
            raise TypeError(f"expected a list or set of choices, got {type(value).__name__}")
        return "|".join(sorted({_text(str(v)) for v in value}))
    if kind == "mapping":
        if isinstance(value, pd.Series):
            value = value.to_dict()
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a dict, got {type(value).__name__}")
        pairs = sorted(value.items(), key=lambda kv: str(kv[0]).casefold())
        return ";".join(f"{_text(str(k))}={_value(v, places)}" for k, v in pairs)
    raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")


def digest(salt: str, task: str, text: str) -> str:
    """Salted SHA-256 of an answer's canonical text (first 24 hex digits).

    Examples
    --------
    >>> len(digest("s", "t", "1.00"))
    24
    >>> digest("s", "t", "1.00") == digest("other", "t", "1.00")
    False
    """
    return hashlib.sha256(f"{salt}\x1f{task}\x1f{text}".encode()).hexdigest()[:24]
