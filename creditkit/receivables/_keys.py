"""Ledger keys as integer codes: the speed code behind :mod:`~creditkit.receivables.aging` (private).

The ledger keeps customer codes and document numbers as Python strings. Hashing
millions of them in a pandas hash table is what an aging of a large ledger would
spend most of its time on, so every text key is turned into int64 codes once and
all joins and group sums of the allocation run on integer arrays:

* customers (:func:`factorize_objects`): a ledger repeats each customer code on
  many rows, and a ledger built by pandas often repeats the *same string object*
  (read_csv, categoricals, ``Series.map``). Rows are then first grouped by object
  identity — the address held in the object array (:func:`addresses`), read
  without touching the strings — and only the distinct objects are compared by
  value (otherwise one pandas factorize);
* document numbers and references (:func:`match_references`): Python's own string
  hash (computed once per string object, then cached by Python) gives int64 keys
  that are sorted and searched with NumPy; every match is confirmed by comparing
  the strings, so a hash collision can never join two different numbers;
* the oldest-first order of the allocation (:func:`oldest_first`): customer and
  day packed into one int64 sort key; document numbers are compared as text only
  among ties, and only where their order changes the allocation.

Each function gives what the plain pandas/NumPy expression named in its
docstring gives; ``benchmarks/aging_bench.py`` measures them on large ledgers.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from ..errors import SchemaError

__all__ = ["addresses", "factorize_objects", "match_references", "oldest_first"]

_DAY_NS = 86_400_000_000_000


def addresses(values: np.ndarray) -> np.ndarray:
    """Addresses of the objects of an object array, as int64 (identity only; no object is read).

    Examples
    --------
    >>> code = "C1"
    >>> a = addresses(np.array([code, code, "C1" * 1], dtype=object))
    >>> bool(a[0] == a[1])
    True
    """
    values = np.ascontiguousarray(values, dtype=object)
    if len(values) == 0:
        return np.zeros(0, dtype="int64")
    view = SimpleNamespace(__array_interface__={"shape": (len(values),), "typestr": np.dtype(np.intp).str,
                                                "data": (values.ctypes.data, True), "version": 3})
    return np.array(view, copy=True).astype("int64", copy=False)  # copied while ``values`` is alive


def _hashes(values: np.ndarray) -> np.ndarray:
    """Python's hash of every value, as int64 (equal values have equal hashes)."""
    return np.fromiter(map(hash, values), dtype="int64", count=len(values))


def _first_of_codes(codes: np.ndarray) -> np.ndarray:
    """Position of the first occurrence of each code, for codes numbered in order of first appearance."""
    if len(codes) == 0:
        return np.zeros(0, dtype="int64")
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    np.greater(codes[1:], np.maximum.accumulate(codes)[:-1], out=new[1:])
    return np.flatnonzero(new)


def _equal_objects(a: np.ndarray, ia: np.ndarray, b: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Element-wise ``a[ia] == b[ib]`` for object arrays; identical objects are not read."""
    same = addresses(a)[ia] == addresses(b)[ib]
    rest = np.flatnonzero(~same)
    if len(rest):
        x, y = a[ia[rest]], b[ib[rest]]
        try:
            same[rest] = np.asarray(x == y, dtype=bool)
        except TypeError:  # a missing value such as pd.NA: equal to nothing
            same[rest] = [bool(pd.notna(u) and pd.notna(v) and u == v) for u, v in zip(x, y)]
    return same


def _address_codes(addr: np.ndarray, sorted_addr: np.ndarray, n_objects: int) -> np.ndarray:
    """Codes of object addresses in order of first appearance (``pd.factorize(addr)[0]``)."""
    lo, hi = int(sorted_addr[0]), int(sorted_addr[-1])
    shift = 4 if not (sorted_addr & 15).any() else 3  # objects are 16-byte aligned on common platforms
    span = ((hi - lo) >> shift) + 1
    if span > 8 * len(addr) or n_objects >= 2**31:  # objects spread over too much memory for a direct table
        codes, _ = pd.factorize(addr)
        return codes.astype("int64", copy=False)
    uniq = sorted_addr[np.r_[True, sorted_addr[1:] != sorted_addr[:-1]]]
    table = np.zeros(span, dtype="int32")  # slot of each address → rank of the address
    table[(uniq - lo) >> shift] = np.arange(len(uniq), dtype="int32")
    by_address = table[(addr - lo) >> shift]
    first = np.full(len(uniq), len(addr), dtype="int64")
    np.minimum.at(first, by_address, np.arange(len(addr), dtype="int64"))
    rank = np.empty(len(uniq), dtype="int64")
    rank[np.argsort(first)] = np.arange(len(uniq))
    return rank[by_address]


def factorize_objects(values: np.ndarray, rows: np.ndarray | None = None):
    """``pd.factorize(values[rows])`` for an object array without missing values, fast for text keys.

    Returns ``codes`` (int64, numbered in order of first appearance), ``uniques``
    (object array) and ``first`` (position in ``values[rows]`` of each unique's
    first occurrence).

    Examples
    --------
    >>> codes, uniques, first = factorize_objects(np.array(["B", "A", "B", "C"], dtype=object), np.array([0, 1, 2]))
    >>> codes.tolist(), uniques.tolist(), first.tolist()
    ([0, 1, 0], ['B', 'A'], [0, 1])
    """
    addr = addresses(values)
    if rows is not None:
        addr = addr[rows]
    n = len(addr)
    if n == 0:
        return np.zeros(0, dtype="int64"), np.empty(0, dtype=object), np.zeros(0, dtype="int64")
    s = np.sort(addr)
    n_objects = 1 + int(np.count_nonzero(s[1:] != s[:-1]))
    at = (lambda pos: values[pos]) if rows is None else (lambda pos: values[rows[pos]])
    if n_objects * 4 <= n:  # repeated objects: group by identity, then compare the distinct objects by value
        obj_codes = _address_codes(addr, s, n_objects)
        obj_first = _first_of_codes(obj_codes)
        val_codes, uniques = pd.factorize(at(obj_first))
        codes = val_codes[obj_codes].astype("int64", copy=False)
        return codes, np.asarray(uniques, dtype=object), obj_first[_first_of_codes(val_codes)]
    codes, uniques = pd.factorize(values if rows is None else values[rows])  # distinct objects: by value
    codes = codes.astype("int64", copy=False)
    return codes, np.asarray(uniques, dtype=object), _first_of_codes(codes)


def match_references(deb_no: np.ndarray, refs: np.ndarray) -> np.ndarray:
    """Position in ``deb_no`` of the document each reference names (-1: none).

    Raises
    ------
    SchemaError
        A debit document number occurs twice.

    Examples
    --------
    >>> match_references(np.array(["I1", "I2"], dtype=object), np.array(["I2", None, "I9"], dtype=object)).tolist()
    [1, -1, -1]
    """
    pos = np.full(len(refs), -1, dtype="int64")
    hd = _hashes(deb_no)
    nbits = max(int(len(hd) - 1).bit_length(), 1)
    if nbits <= 40:  # sort hashes and positions together (one int64 sort), then mend ties of the top bits
        low = np.int64((1 << nbits) - 1)
        order = np.sort((hd & ~low) | np.arange(len(hd), dtype="int64")) & low
        sh = hd[order]
        if len(sh) > 1 and (sh[1:] < sh[:-1]).any():
            fix = np.argsort(sh, kind="stable")  # nearly sorted already: a few short runs to merge
            order, sh = order[fix], sh[fix]
    else:
        order = np.argsort(hd, kind="stable")
        sh = hd[order]
    if len(sh) > 1 and (sh[1:] == sh[:-1]).any():
        return _match_references_exact(deb_no, refs)  # a duplicate number, or a rare clash of hashes
    if len(refs) == 0 or len(sh) == 0:
        return pos
    hr = _hashes(refs)
    nbits = max(int(len(hr) - 1).bit_length(), 1)
    if nbits <= 40:  # search in (nearly) ascending order: NumPy then narrows each search by the previous one
        low = np.int64((1 << nbits) - 1)
        ask = np.sort((hr & ~low) | np.arange(len(hr), dtype="int64")) & low
    else:
        ask = np.arange(len(hr))
    i = np.searchsorted(sh, hr[ask])
    i[i == len(sh)] = 0
    hit = np.flatnonzero(sh[i] == hr[ask])
    cand = order[i[hit]]
    ref_pos = ask[hit]
    if pd.api.types.infer_dtype(deb_no, skipna=False) != "string":  # missing numbers never match
        real = np.flatnonzero(pd.notna(deb_no[cand]))
        cand, ref_pos = cand[real], ref_pos[real]
    ok = _equal_objects(deb_no, cand, refs, ref_pos)
    pos[ref_pos[ok]] = cand[ok]
    return pos


def _match_references_exact(deb_no: np.ndarray, refs: np.ndarray) -> np.ndarray:
    """:func:`match_references` with one pandas hash table over the text."""
    codes, uniq = pd.factorize(np.concatenate([deb_no, refs]))
    deb_codes = codes[: len(deb_no)]
    counts = np.bincount(deb_codes, minlength=len(uniq)) if len(deb_no) else np.zeros(len(uniq), dtype="int64")
    if len(deb_no) and counts.max() > 1:
        raise SchemaError(f"ledger: duplicate doc_no {uniq[np.flatnonzero(counts > 1)[0]]!r}")
    pos_of_code = np.full(len(uniq) + 1, -1, dtype="int64")
    pos_of_code[deb_codes] = np.arange(len(deb_no))
    ref_codes = codes[len(deb_no):]
    return pos_of_code[np.where(ref_codes < 0, len(uniq), ref_codes)]


def oldest_first(cust: np.ndarray, dates: np.ndarray, doc_no: np.ndarray, open_cents: np.ndarray | None = None,
                  pool: np.ndarray | None = None) -> np.ndarray:
    """Order by customer, date, then document number (text compared only among ties).

    Given each document's open amount and each customer's pool, documents of the
    same customer and date are put in number order only where the order changes
    the allocation: in the one run of ties per customer that the pool runs out in.
    Elsewhere they stay in ledger order, which allocates exactly the same.
    ``dates`` are datetime64[ns] values as int64.

    Examples
    --------
    >>> days = np.array(["2025-01-02", "2025-01-01", "2025-01-01"], dtype="datetime64[ns]").astype("int64")
    >>> oldest_first(np.array([0, 0, 0]), days, np.array(["I1", "I3", "I2"], dtype=object)).tolist()
    [2, 1, 0]
    """
    n = len(cust)
    if n < 2:
        return np.arange(n)
    day = dates // _DAY_NS
    day = day - day.min()
    span = int(day.max()) + 1
    key = cust.astype("int64") * span + day
    nbits = int(n - 1).bit_length()
    if (int(key.max()) << nbits) < 2**62:  # key and position in one int64: a plain sort is a stable argsort
        packed = np.sort((key << nbits) | np.arange(n, dtype="int64"))
        order = packed & np.int64((1 << nbits) - 1)
        k = packed >> nbits
    else:
        order = np.argsort(key, kind="stable")
        k = key[order]
    same = k[1:] == k[:-1]
    if not same.any():
        return order
    tied = np.zeros(n, dtype=bool)
    tied[1:] |= same
    tied[:-1] |= same
    if open_cents is not None:
        first = tied.copy()
        first[1:] &= ~same
        last = tied.copy()
        last[:-1] &= ~same
        o_open = open_cents[order]
        cum = np.cumsum(o_open)
        o_cust = cust[order]
        cs = np.r_[0, np.flatnonzero(o_cust[1:] != o_cust[:-1]) + 1]
        base = np.zeros(len(pool), dtype="int64")
        base[o_cust[cs]] = cum[cs] - o_open[cs]
        fs, ls = np.flatnonzero(first), np.flatnonzero(last)
        limit = base[o_cust[fs]] + pool[o_cust[fs]]  # where the customer's pool runs out, on the running sum
        straddles = (cum[fs] - o_open[fs] < limit) & (cum[ls] > limit)
        tied[:] = False
        if straddles.any():
            run_len = ls[straddles] - fs[straddles] + 1
            at = np.repeat(fs[straddles] - np.cumsum(np.r_[0, run_len[:-1]]), run_len) + np.arange(run_len.sum())
            tied[at] = True
        if not tied.any():
            return order
    pos = order[tied]  # tied rows sit in runs of equal key; sort only them, by key then number
    text = doc_no[pos]
    try:
        plain = "\x00" not in "".join(text)  # TypeError: not all text
    except TypeError:
        plain = False
    if plain:
        rank = text.astype(str)  # fixed-width text sorts like Python's str (no NUL characters to trim)
    else:
        rank, _ = pd.factorize(pd.Series(text, dtype=object).astype(str), sort=True)
    order[tied] = pos[np.lexsort((rank, k[tied]))]
    return order
