"""Receivables aging (账龄分析): open items as of a date, aged into buckets.

Allocation rules, applied per customer to the documents dated on or before
``as_of`` (all amounts in integer cents, so every sum is exact):

1. A credit document (receipt, credit note, write-off) that references a debit
   document of the same customer settles that document first.
2. Whatever settles a document beyond its amount (over-settlement), and every
   credit document without a usable reference (none, or a document dated after
   ``as_of``), goes into the customer's *pool of unapplied money*.
3. The pool is applied oldest-first — by document date, then document number —
   to the customer's remaining open debit documents.
4. What is left of the pool is the customer's *unapplied credit*
   (预收/未核销). It is reported in its own column and never netted silently
   against the buckets.

So for every customer: ``sum(open) - unapplied == sum(amount_cents)`` of the
documents dated on or before ``as_of`` (the ledger balance).

Aging is by due date (``age = as_of - due_date`` in days; age ≤ 0 is "not
due") or by document date (``age = as_of - doc_date``). Bucket edges are
upper-inclusive: with edges ``(30, 60)`` the buckets are ``1-30``, ``31-60``
and ``>60`` (``0-30`` first when aging by document date).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ..dates import to_date
from ..i18n import label, label_or_name
from ..errors import SchemaError
from ..money import cents_to_yuan
from .schema import CREDIT_TYPES, validate_ledger

__all__ = [
    "DEFAULT_EDGES",
    "OpenItems",
    "AgingResult",
    "parse_buckets",
    "bucket_labels",
    "open_items",
    "age_receivables",
    "aging_table",
    "plot_aging",
    "plot_aging_heatmap",
]

DEFAULT_EDGES = (30, 60, 90, 180, 365)

def parse_buckets(buckets=DEFAULT_EDGES) -> tuple[int, ...]:
    """Validate bucket edges given as a sequence of ints or text ``"30,60,90"``.

    Examples
    --------
    >>> parse_buckets("30, 60,90")
    (30, 60, 90)
    >>> parse_buckets([60, 30])
    Traceback (most recent call last):
    ...
    ValueError: buckets must be strictly increasing positive whole days, got [60, 30]
    """
    raw = buckets
    if isinstance(buckets, str):
        try:
            buckets = [int(x) for x in buckets.replace("，", ",").split(",") if x.strip()]
        except ValueError:
            raise ValueError(f"buckets must be whole days separated by commas, got {raw!r}") from None
    if not hasattr(buckets, "__iter__"):
        raise TypeError(f"buckets must be a sequence of ints or text like '30,60,90', got {type(raw).__name__}")
    edges = list(buckets)
    if not edges or any(not isinstance(e, (int, np.integer)) or isinstance(e, bool) for e in edges):
        raise ValueError(f"buckets must be a non-empty list of whole days, got {raw!r}")
    if edges[0] <= 0 or any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"buckets must be strictly increasing positive whole days, got {raw!r}")
    return tuple(int(e) for e in edges)


def bucket_labels(buckets=DEFAULT_EDGES, *, by="due") -> list[str]:
    """Column labels of the buckets.

    Examples
    --------
    >>> bucket_labels()
    ['not_due', '1-30', '31-60', '61-90', '91-180', '181-365', '>365']
    >>> bucket_labels((30, 60), by="invoice")
    ['0-30', '31-60', '>60']
    """
    edges = parse_buckets(buckets)
    _check_by(by)
    lows = [1] + [e + 1 for e in edges[:-1]]
    if by == "invoice":
        lows[0] = 0
    out = [f"{lo}-{hi}" for lo, hi in zip(lows, edges)] + [f">{edges[-1]}"]
    return (["not_due"] if by == "due" else []) + out


def _check_by(by):
    if by not in ("due", "invoice"):
        raise ValueError(f"by must be 'due' or 'invoice', got {by!r}")


@dataclass(frozen=True)
class OpenItems:
    """Debit documents after allocation, and each customer's unapplied credit.

    Attributes
    ----------
    items : DataFrame
        One row per debit document dated on or before ``as_of``, in ledger
        order: ``customer_id, customer_name, sales_rep, doc_type, doc_no,
        doc_date, due_date, amount_cents, terms`` plus ``settled_cents`` (by reference), ``applied_cents`` (from
        the pool) and ``open_cents``.
    unapplied : DataFrame
        ``customer_id, customer_name, sales_rep, unapplied_cents`` for
        customers with unapplied credit > 0.
    balance : DataFrame
        ``customer_id, customer_name, balance_cents``: the ledger balance of every customer with
        documents (sum of ``amount_cents``) — equal to open minus unapplied.
    as_of : Timestamp
    """

    items: pd.DataFrame
    unapplied: pd.DataFrame
    balance: pd.DataFrame
    as_of: pd.Timestamp


def open_items(ledger, *, as_of) -> OpenItems:
    """Allocate receipts and credits to debit documents as of a date.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger table (see :mod:`creditkit.receivables.schema`).
    as_of : str or date
        Only documents dated on or before it count.

    Returns
    -------
    OpenItems

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"] * 4, "customer_name": ["A"] * 4,
    ...     "doc_type": ["invoice", "invoice", "receipt", "receipt"], "doc_no": ["I1", "I2", "R1", "R2"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-02-01", "2025-02-10", "2025-03-01"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", "2025-03-03", None, None]),
    ...     "amount_cents": [10000, 5000, -12000, -7000], "ref_doc_no": [None, None, "I2", None]})
    >>> oi = open_items(t, as_of="2025-03-31")
    >>> oi.items[["doc_no", "settled_cents", "applied_cents", "open_cents"]].values.tolist()
    [['I1', 0, 10000, 0], ['I2', 12000, 0, 0]]
    >>> int(oi.unapplied["unapplied_cents"].iloc[0])
    4000
    """
    return _open_items(validate_ledger(ledger, unique=False, complete=False), to_date(as_of, name="as_of"))


_ITEM_COLUMNS = ["customer_id", "customer_name", "sales_rep", "doc_type", "doc_no", "doc_date", "due_date",
                 "amount_cents", "terms"]
_DAY_NS = 86_400_000_000_000


# ----------------------------------------------------------------------------- keys as integer codes
#
# The ledger keeps customer codes and document numbers as Python strings. Hashing
# millions of them in a pandas hash table is what an aging of a large ledger would
# spend most of its time on, so every text key is turned into int64 codes once and
# all joins and group sums below run on integer arrays:
#
# * customers: a ledger repeats each customer code on many rows, and a ledger built
#   by pandas often repeats the *same string object* (read_csv, categoricals,
#   ``Series.map``). Rows are then first grouped by object identity — the address
#   held in the object array, read without touching the strings — and only the
#   distinct objects are compared by value (otherwise one pandas factorize);
# * document numbers and references: Python's own string hash (computed once per
#   string object, then cached by Python) gives int64 keys that are sorted and
#   searched with NumPy; every match is confirmed by comparing the strings, so a
#   hash collision can never join two different numbers.


def _addresses(values: np.ndarray) -> np.ndarray:
    """Addresses of the objects of an object array, as int64 (identity only; no object is read)."""
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
    same = _addresses(a)[ia] == _addresses(b)[ib]
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


def _factorize_objects(values: np.ndarray, rows: np.ndarray | None = None):
    """``pd.factorize(values[rows])`` for an object array without missing values, fast for text keys.

    Returns ``codes`` (int64, numbered in order of first appearance), ``uniques``
    (object array) and ``first`` (position in ``values[rows]`` of each unique's
    first occurrence).
    """
    addr = _addresses(values)
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


def _match_references(deb_no: np.ndarray, refs: np.ndarray) -> np.ndarray:
    """Position in ``deb_no`` of the document each reference names (-1: none).

    Raises SchemaError when a debit document number occurs twice.
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
    """:func:`_match_references` with one pandas hash table over the text."""
    codes, uniq = pd.factorize(np.concatenate([deb_no, refs]))
    deb_codes = codes[: len(deb_no)]
    counts = np.bincount(deb_codes, minlength=len(uniq)) if len(deb_no) else np.zeros(len(uniq), dtype="int64")
    if len(deb_no) and counts.max() > 1:
        raise SchemaError(f"ledger: duplicate doc_no {uniq[np.flatnonzero(counts > 1)[0]]!r}")
    pos_of_code = np.full(len(uniq) + 1, -1, dtype="int64")
    pos_of_code[deb_codes] = np.arange(len(deb_no))
    ref_codes = codes[len(deb_no):]
    return pos_of_code[np.where(ref_codes < 0, len(uniq), ref_codes)]


# ----------------------------------------------------------------------------- allocation


@dataclass(frozen=True)
class _Allocation:
    """Allocation in arrays: debit documents (``rows`` of the ledger, ledger order) and customers (codes)."""

    rows: np.ndarray
    cust: np.ndarray
    settled: np.ndarray
    applied: np.ndarray
    open: np.ndarray
    customers: np.ndarray
    names: np.ndarray
    unapplied: np.ndarray
    within: np.ndarray | None
    cust_all: np.ndarray
    amount: np.ndarray


def _allocate(t: pd.DataFrame, as_of: pd.Timestamp) -> _Allocation:
    doc_dates = t["doc_date"].to_numpy(dtype="datetime64[ns]")
    within = doc_dates <= np.datetime64(as_of, "ns")
    sel = None if within.all() else np.flatnonzero(within)

    def take(a):
        return a if sel is None else a[sel]

    cust_codes, customers, first = _factorize_objects(t["customer_id"].to_numpy(dtype=object), sel)
    ncust = len(customers)
    credit = take(t["doc_type"].isin(CREDIT_TYPES).to_numpy())
    amt = take(t["amount_cents"].to_numpy(dtype="int64"))

    deb = np.flatnonzero(~credit)
    deb_rows = deb if sel is None else sel[deb]
    deb_no = t["doc_no"].to_numpy(dtype=object)[deb_rows]
    if "ref_doc_no" in t:
        cre_rows = np.flatnonzero(credit)
        refs = t["ref_doc_no"].to_numpy(dtype=object)[cre_rows if sel is None else sel[cre_rows]]
    else:
        refs = np.full(int(credit.sum()), None, dtype=object)
    pos = _match_references(deb_no, refs)
    deb_cust = cust_codes[deb]
    deb_amt = amt[deb]
    cre_cust = cust_codes[credit]
    cre_amt = -amt[credit]  # magnitudes

    # 1. settlement by reference
    valid = pos >= 0
    valid[valid] = deb_cust[pos[valid]] == cre_cust[valid]
    settled = np.zeros(len(deb), dtype="int64")
    np.add.at(settled, pos[valid], cre_amt[valid])
    open1 = np.maximum(deb_amt - settled, 0)
    over = np.maximum(settled - deb_amt, 0)

    # 2. the pool: over-settlement + unreferenced credits
    pool = np.zeros(ncust, dtype="int64")
    np.add.at(pool, deb_cust[over > 0], over[over > 0])
    np.add.at(pool, cre_cust[~valid], cre_amt[~valid])

    # 3. apply oldest-first
    order = _oldest_first(deb_cust, doc_dates[deb_rows].astype("int64"), deb_no, open1, pool)
    o_cust = deb_cust[order]
    o_open = open1[order]
    cum = np.cumsum(o_open)
    before = cum - o_open
    if len(o_cust):
        starts = np.r_[0, np.flatnonzero(np.diff(o_cust)) + 1]
        before -= np.repeat(before[starts], np.diff(np.r_[starts, len(o_cust)]))
    applied_o = np.clip(pool[o_cust] - before, 0, o_open)
    applied = np.empty_like(applied_o)
    applied[order] = applied_o

    open_by_cust = np.zeros(ncust, dtype="int64")
    np.add.at(open_by_cust, deb_cust, open1)
    unapplied = np.maximum(pool - open_by_cust, 0)
    names = t["customer_name"].to_numpy(dtype=object)[first if sel is None else sel[first]]
    return _Allocation(rows=deb_rows, cust=deb_cust, settled=settled, applied=applied, open=open1 - applied,
                       customers=customers, names=names, unapplied=unapplied, within=sel, cust_all=cust_codes,
                       amount=amt)


def _item_frame(t: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    present = [c for c in _ITEM_COLUMNS if c in t.columns]
    items = t[present].take(rows).reset_index(drop=True)
    for c in _ITEM_COLUMNS:
        if c not in items.columns:
            items[c] = pd.Series(pd.NA, index=items.index, dtype="Int64" if c == "terms" else object)
    return items[_ITEM_COLUMNS]


def _customer_reps(t: pd.DataFrame, al: _Allocation) -> pd.Series:
    """The rep of each customer's latest document that names one (index: customer_id)."""
    if "sales_rep" not in t:
        return pd.Series(dtype=object)
    rep_col = t["sales_rep"].to_numpy(dtype=object)
    if al.within is not None:
        rep_col = rep_col[al.within]
    has_rep = pd.notna(rep_col)
    if not has_rep.any():
        return pd.Series(dtype=object)
    dts = t["doc_date"].to_numpy(dtype="datetime64[ns]").astype("int64")
    if al.within is not None:
        dts = dts[al.within]
    rows = np.flatnonzero(has_rep)
    latest = pd.Series(dts[rows]).groupby(al.cust_all[rows]).idxmax()
    return pd.Series(rep_col[rows[latest.to_numpy()]], index=al.customers[latest.index.to_numpy()], dtype=object)


def _unapplied_frame(t: pd.DataFrame, al: _Allocation) -> pd.DataFrame:
    mask = al.unapplied > 0
    ua_ids = al.customers[mask]
    reps = _customer_reps(t, al) if mask.any() else pd.Series(dtype=object)
    return pd.DataFrame({
        "customer_id": pd.Series(ua_ids, dtype=object),
        "customer_name": pd.Series(al.names[mask], dtype=object),
        "sales_rep": pd.Series(reps.reindex(pd.Index(ua_ids, dtype=object)).to_numpy(), dtype=object),
        "unapplied_cents": al.unapplied[mask].astype("int64"),
    })


def _open_items(t: pd.DataFrame, as_of: pd.Timestamp) -> OpenItems:
    al = _allocate(t, as_of)
    items = _item_frame(t, al.rows)
    items["settled_cents"] = al.settled
    items["applied_cents"] = al.applied
    items["open_cents"] = al.open.astype("int64")
    bal = np.zeros(len(al.customers), dtype="int64")
    np.add.at(bal, al.cust_all, al.amount)
    balance = pd.DataFrame({"customer_id": pd.Series(al.customers, dtype=object),
                            "customer_name": al.names, "balance_cents": bal})
    return OpenItems(items=items, unapplied=_unapplied_frame(t, al), balance=balance, as_of=as_of)


def _oldest_first(cust: np.ndarray, dates: np.ndarray, doc_no: np.ndarray, open_cents: np.ndarray | None = None,
                  pool: np.ndarray | None = None) -> np.ndarray:
    """Order by customer, date, then document number (text compared only among ties).

    Given each document's open amount and each customer's pool, documents of the
    same customer and date are put in number order only where the order changes
    the allocation: in the one run of ties per customer that the pool runs out in.
    Elsewhere they stay in ledger order, which allocates exactly the same.
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


@dataclass(frozen=True)
class AgingResult:
    """An aging of receivables as of a date.

    Attributes
    ----------
    table : DataFrame
        One row per customer with an open amount or unapplied credit:
        ``customer_id, customer_name, <bucket labels>, total, unapplied``,
        amounts in integer cents. ``total`` is the sum of the buckets (gross
        open amount); ``unapplied`` is the customer's unapplied credit.
    items : DataFrame
        Open debit documents with ``age_days`` and ``bucket``.
    unapplied : DataFrame
        As in :class:`OpenItems`.
    labels : list of str
    as_of : Timestamp
    by : str
    edges : tuple of int
    """

    table: pd.DataFrame
    items: pd.DataFrame
    unapplied: pd.DataFrame
    labels: list
    as_of: pd.Timestamp
    by: str
    edges: tuple

    def totals(self) -> pd.Series:
        """Bucket, total and unapplied sums over all customers (cents)."""
        return self.table[self.labels + ["total", "unapplied"]].sum().astype("int64")

    def shares(self) -> pd.Series:
        """Share of each bucket in the total open amount (0 when nothing is open)."""
        tot = self.totals()
        denom = tot["total"]
        return (tot[self.labels] / denom) if denom else tot[self.labels] * 0.0

    def by_sales_rep(self) -> pd.DataFrame:
        """Aging per sales rep (open items by the invoice's rep; unapplied by the customer's rep)."""
        it = self.items.assign(sales_rep=self.items["sales_rep"].fillna("").astype(str))
        rows = _pivot(it, "sales_rep", self.labels)
        ua = self.unapplied.assign(sales_rep=self.unapplied["sales_rep"].fillna("").astype(str)) \
            .groupby("sales_rep")["unapplied_cents"].sum()
        out = rows.reindex(rows.index.union(ua.index), fill_value=0)
        out["total"] = out[self.labels].sum(axis=1)
        out["unapplied"] = ua.reindex(out.index, fill_value=0).astype("int64")
        out = out.astype("int64").reset_index().rename(columns={"index": "sales_rep"})
        return out

    def in_yuan(self, table: pd.DataFrame | None = None) -> pd.DataFrame:
        """Copy of ``table`` (default: the customer table) with cents as yuan (2 decimals)."""
        t = (self.table if table is None else table).copy()
        for c in self.labels + ["total", "unapplied"]:
            if c in t:
                t[c] = cents_to_yuan(t[c].astype("int64"))
        return t

    def with_total_row(self, lang: str = "en") -> pd.DataFrame:
        """The customer table with a final total row and a share row (for display)."""
        t = self.table.copy()
        tot = self.totals()
        total_row = {"customer_id": label("total", lang), "customer_name": "", **tot.to_dict()}
        return pd.concat([t, pd.DataFrame([total_row])], ignore_index=True)


def _pivot(items: pd.DataFrame, key: str, labels: list) -> pd.DataFrame:
    if len(items) == 0:
        return pd.DataFrame(columns=labels, dtype="int64")
    codes, uniq = pd.factorize(items[key].to_numpy())
    nb = len(labels)
    grid = np.zeros((len(uniq), nb), dtype="int64")
    np.add.at(grid, (codes, items["bucket_index"].to_numpy()), items["open_cents"].to_numpy(dtype="int64"))
    return pd.DataFrame(grid, index=pd.Index(uniq, dtype=object), columns=labels)


def _bucket_index(age: np.ndarray, edges, by) -> np.ndarray:
    e = np.asarray(edges, dtype="int64")
    idx = np.searchsorted(e, age, side="left")
    if by == "due":
        idx = np.where(age <= 0, 0, idx + 1)
    return idx


def age_receivables(ledger, *, as_of, by="due", buckets=DEFAULT_EDGES) -> AgingResult:
    """Age the open items of a ledger as of a date.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger table.
    as_of : str or date
    by : {"due", "invoice"}, default "due"
        Age by days past due date, or by days since the document date.
    buckets : sequence of int or str, default (30, 60, 90, 180, 365)
        Upper-inclusive bucket edges in days.

    Returns
    -------
    AgingResult

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A", "A", "B"], "customer_name": ["甲", "甲", "乙"],
    ...     "doc_type": ["invoice", "invoice", "receipt"], "doc_no": ["I1", "I2", "R1"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-05-01", "2025-05-05"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", "2025-05-31", None]),
    ...     "amount_cents": [10000, 5000, -300]})
    >>> r = age_receivables(t, as_of="2025-06-30", buckets=(30, 60, 90, 180))
    >>> r.table.values.tolist()
    [['A', '甲', 0, 5000, 0, 0, 10000, 0, 15000, 0], ['B', '乙', 0, 0, 0, 0, 0, 0, 0, 300]]
    """
    _check_by(by)
    edges = parse_buckets(buckets)
    labels = bucket_labels(edges, by=by)
    t = validate_ledger(ledger, unique=False, complete=False)
    as_of = to_date(as_of, name="as_of")
    al = _allocate(t, as_of)
    keep = np.flatnonzero(al.open > 0)
    rows = al.rows[keep]
    items = _item_frame(t, rows)
    items["settled_cents"] = al.settled[keep]
    items["applied_cents"] = al.applied[keep]
    items["open_cents"] = al.open[keep].astype("int64")
    ref = t["doc_date"].to_numpy(dtype="datetime64[ns]")[rows]
    if by == "due":
        due = t["due_date"].to_numpy(dtype="datetime64[ns]")[rows]
        ref = np.where(np.isnat(due), ref, due)
    age = (np.datetime64(as_of, "ns") - ref).astype("timedelta64[D]").astype("int64")
    bucket = _bucket_index(age, edges, by)
    items["age_days"] = age
    items["bucket_index"] = bucket
    items["bucket"] = np.asarray(labels, dtype=object)[bucket]

    nb, ncust = len(labels), len(al.customers)
    grid = np.zeros(ncust * nb, dtype="int64")
    np.add.at(grid, al.cust[keep] * nb + bucket, al.open[keep])
    grid = grid.reshape(ncust, nb)
    total = grid.sum(axis=1)
    shown = np.flatnonzero((total > 0) | (al.unapplied > 0))
    shown = shown[np.argsort(al.customers[shown], kind="stable")]
    table = pd.DataFrame(grid[shown], columns=labels)
    table.insert(0, "customer_id", pd.Series(al.customers[shown], dtype=object))
    table.insert(1, "customer_name", al.names[shown])
    table["total"] = total[shown]
    table["unapplied"] = al.unapplied[shown].astype("int64")
    return AgingResult(table=table, items=items, unapplied=_unapplied_frame(t, al), labels=labels, as_of=as_of,
                       by=by, edges=edges)


def aging_table(ledger, *, as_of, by="due", buckets=DEFAULT_EDGES, group="customer") -> pd.DataFrame:
    """Aging table in cents, per customer or per sales rep.

    Shortcut for ``age_receivables(...).table`` or ``.by_sales_rep()``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"], "customer_name": ["甲"], "doc_type": ["invoice"],
    ...     "doc_no": ["I1"], "doc_date": pd.to_datetime(["2025-01-01"]),
    ...     "due_date": pd.to_datetime(["2025-01-31"]), "amount_cents": [10000]})
    >>> aging_table(t, as_of="2025-03-15", buckets=(30, 60))[["31-60", "total"]].values.tolist()
    [[10000, 10000]]
    """
    if group not in ("customer", "sales_rep"):
        raise ValueError(f"group must be 'customer' or 'sales_rep', got {group!r}")
    r = age_receivables(ledger, as_of=as_of, by=by, buckets=buckets)
    return r.table if group == "customer" else r.by_sales_rep()


def _display_labels(labels, lang):
    return [label_or_name(x, lang) for x in labels]


def plot_aging(result: AgingResult, *, lang="zh", top=15, ax=None):
    """Stacked bars of the aging of the ``top`` largest customers (yuan).

    Returns the matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    t = result.table.sort_values("total", ascending=False).head(top)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, max(3, 0.35 * len(t) + 1)))
    left = np.zeros(len(t))
    cmap = plt.get_cmap("RdYlGn_r", len(result.labels))
    names = t["customer_name"].astype(str).tolist()
    for i, (lab, disp) in enumerate(zip(result.labels, _display_labels(result.labels, lang))):
        vals = cents_to_yuan(t[lab].to_numpy())
        ax.barh(names, vals, left=left, label=disp, color=cmap(i))
        left += vals
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel(label("amount_yuan", lang))
    ax.set_title(f"{label('aging_by_customer', lang)} ({label('as_of', lang)} {result.as_of:%Y-%m-%d})")
    ax.legend(title=label("aging_bucket", lang), fontsize="small", loc="lower right")
    return ax


def plot_aging_heatmap(result: AgingResult, *, lang="zh", top=20, ax=None):
    """Heat map of each customer's overdue bucket shares (rows: the ``top`` largest customers).

    Cells are the share of the customer's open amount in each bucket; the
    not-due bucket is left out, so dark cells mean old debt.
    """
    import matplotlib.pyplot as plt

    t = result.table[result.table["total"] > 0].sort_values("total", ascending=False).head(top)
    labels = [x for x in result.labels if x != "not_due"]
    shares = t[labels].to_numpy() / t["total"].to_numpy()[:, None]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(3, 0.3 * len(t) + 1)))
    im = ax.imshow(shares, aspect="auto", cmap="Reds", vmin=0, vmax=1)
    ax.grid(False)
    ax.set_xticks(range(len(labels)), _display_labels(labels, lang), rotation=30)
    ax.set_yticks(range(len(t)), t["customer_name"].astype(str).tolist())
    ax.set_title(label("aging_heatmap", lang))
    ax.figure.colorbar(im, ax=ax, fraction=0.03)
    return ax
