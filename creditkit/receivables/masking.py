"""Stable pseudonyms for customers: a ledger that can leave the building without its customers' names.

A report shown in a workshop, sent to a consultant or kept as an example
should not carry the real customers. :func:`pseudonyms` gives every customer
id a code drawn from a keyed hash of the id — the same id always gets the same
code under the same key, whatever else the ledger holds — and a name made from
the code (``客户 K3F9A2`` / ``Customer K3F9A2``). :func:`mask_ledger` applies
it to a ledger before anything is computed: the ids and names, and any
mention of a real id or name inside the other text columns (document numbers,
references, memos) and in the rejected rows of a loaded ledger, so tables,
charts, letters and file names built from the masked ledger name no real
customer.

The key (``key``) is what makes the codes unguessable: with the default key
anyone can recompute the code of an id they know; a company that shares
masked reports outside passes a secret key of its own.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"customer_id": ["C001", "C002", "C001"], "customer_name": ["甲公司", "乙公司", "甲公司"],
...                   "memo": ["甲公司 对账", "", None]})
>>> m = mask_ledger(t)
>>> m["customer_id"].tolist() == [pseudonyms(["C001"])["C001"][0], pseudonyms(["C002"])["C002"][0],
...                               pseudonyms(["C001"])["C001"][0]]
True
>>> "甲公司" in m.to_string()
False
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re

import pandas as pd

from .schema import Ledger

__all__ = ["pseudonyms", "mask_ledger", "mask_text", "is_text", "DEFAULT_KEY"]

#: Key of the pseudonym hash when none is given (codes are stable, not secret).
DEFAULT_KEY = "creditkit"

_ID_COLUMNS = ("customer_id",)
_NAME_COLUMNS = ("customer_name",)


def _code(customer_id: str, key: str, width: int) -> str:
    digest = hmac.new(key.encode("utf-8"), str(customer_id).encode("utf-8"), hashlib.sha256).hexdigest()
    return "K" + digest[:width].upper()


def pseudonyms(ids, *, key: str = DEFAULT_KEY, lang: str = "zh") -> dict:
    """Stable pseudonym (code, name) of every customer id.

    Parameters
    ----------
    ids : iterable of str
        Customer ids (repeats are fine).
    key : str, default :data:`DEFAULT_KEY`
        Key of the hash; the same key always gives the same codes.
    lang : {"zh", "en"}, default "zh"
        Language of the pseudonymous names.

    Returns
    -------
    dict
        ``{id: (code, name)}``. Codes are ``K`` and six hexadecimal digits of
        HMAC-SHA256(key, id), lengthened for all ids together until no two
        ids share a code.

    Raises
    ------
    TypeError
        ``key`` is not text.

    Examples
    --------
    >>> p = pseudonyms(["C001", "C002"], lang="en")
    >>> p["C001"] == pseudonyms(["C001"], lang="en")["C001"], p["C001"][1] == "Customer " + p["C001"][0]
    (True, True)
    """
    if not isinstance(key, str) or not key:
        raise TypeError(f"key must be non-empty text, got {key!r}")
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    unique = sorted({str(i) for i in ids if i is not None and not (isinstance(i, float) and pd.isna(i))})
    width = 6
    while True:
        codes = {i: _code(i, key, width) for i in unique}
        if len(set(codes.values())) == len(codes):
            break
        width += 2
    word = "客户 " if lang == "zh" else "Customer "
    return {i: (c, word + c) for i, c in codes.items()}


def is_text(values: pd.Series) -> bool:
    """Whether a column can hold text (object or string dtype).

    Examples
    --------
    >>> is_text(pd.Series(["a"])), is_text(pd.Series([1]))
    (True, False)
    """
    return values.dtype == object or pd.api.types.is_string_dtype(values)


def mask_text(values: pd.Series, replacements: dict) -> pd.Series:
    """Text with every occurrence of a key of ``replacements`` replaced by its value (longest first).

    Examples
    --------
    >>> mask_text(pd.Series(["付 甲公司 C001 货款", None], dtype=object), {"甲公司": "客户 K1", "C001": "K1"}).tolist()
    ['付 客户 K1 K1 货款', None]
    """
    keys = sorted((k for k in replacements if k), key=len, reverse=True)
    if not keys:
        return values
    pattern = re.compile("|".join(re.escape(k) for k in keys))

    def one(v):
        return pattern.sub(lambda m: replacements[m.group(0)], v) if isinstance(v, str) else v

    return pd.Series([one(v) for v in values], index=values.index, dtype=values.dtype, name=values.name)


def _mask_frame(t: pd.DataFrame, codes: dict, words: dict) -> pd.DataFrame:
    t = t.copy()
    ids = t["customer_id"].astype(str) if "customer_id" in t else None
    for c in _ID_COLUMNS:
        if c in t:
            t[c] = t[c].map(lambda v: codes[str(v)][0] if v is not None and str(v) in codes else v)
    for c in _NAME_COLUMNS:
        if c in t and ids is not None:
            t[c] = [codes[i][1] if i in codes else v for i, v in zip(ids, t[c])]
    for c in t.columns:
        if c not in _ID_COLUMNS + _NAME_COLUMNS and is_text(t[c]):
            t[c] = mask_text(t[c], words)
    return t


def _replacements(frames, codes) -> dict:
    words = {}
    for f in frames:
        if "customer_id" not in f:
            continue
        names = f["customer_name"] if "customer_name" in f else pd.Series([None] * len(f), index=f.index)
        for i, n in zip(f["customer_id"].astype(str), names):
            if i in codes:
                words[i] = codes[i][0]
                if isinstance(n, str) and n.strip():
                    words[n] = codes[i][1]
                    words[n.strip()] = codes[i][1]
    return words


def mask_ledger(ledger, *, key: str = DEFAULT_KEY, lang: str = "zh", extra=None):
    """A copy of a ledger with every customer id and name replaced by its pseudonym.

    Parameters
    ----------
    ledger : DataFrame or Ledger
        A canonical ledger table, or a loaded :class:`~creditkit.receivables.schema.Ledger`
        (its rejected rows are masked too).
    key : str, default :data:`DEFAULT_KEY`
    lang : {"zh", "en"}, default "zh"
        Language of the pseudonymous names.
    extra : iterable of (id, name), optional
        Further customers whose ids and names must not appear (e.g. from a
        customer master that holds customers without documents).

    Returns
    -------
    DataFrame or Ledger
        Same type as ``ledger``. The mapping is in ``.attrs["pseudonyms"]`` of
        the table (``{real id: (code, name)}``) so the caller can mask other
        tables of the same customers with :func:`mask_text`.

    Raises
    ------
    TypeError
        ``ledger`` is neither a DataFrame nor a Ledger.
    """
    if isinstance(ledger, Ledger):
        table = ledger.table
    elif isinstance(ledger, pd.DataFrame):
        table = ledger
    else:
        raise TypeError(f"ledger must be a DataFrame or a Ledger, got {type(ledger).__name__}")
    extra = pd.DataFrame(list(extra or []), columns=["customer_id", "customer_name"])
    codes = pseudonyms(list(table["customer_id"]) + list(extra["customer_id"]), key=key, lang=lang)
    words = _replacements([table, extra], codes)
    masked = _mask_frame(table, codes, words)
    masked.attrs = {**table.attrs, "pseudonyms": codes, "replacements": words}
    if isinstance(ledger, Ledger):
        rejected = ledger.rejected.copy()
        for c in rejected.columns:
            if is_text(rejected[c]):
                rejected[c] = mask_text(rejected[c], words)
        dropped = ledger.dropped.copy()
        for c in dropped.columns:
            if is_text(dropped[c]):
                dropped[c] = mask_text(dropped[c], words)
        return dataclasses.replace(ledger, table=masked, rejected=rejected, dropped=dropped)
    return masked
