"""Receivables aging (账龄分析): open items as of a date, aged into buckets.

Allocation rules, applied per customer to the documents dated on or before
``as_of`` (all amounts in integer cents, so every sum is exact):

0. Documents of one customer that share a settlement group (``clear_key``: a
   SAP clearing document, an Odoo matching number) whose ``clear_date`` is on
   or before ``as_of`` (or not given) settle each other: the group's credits go
   to its debit documents oldest-first; what is left over goes into the pool
   of rule 2. A group cleared after ``as_of`` links nothing yet.
1. A credit document (receipt, credit note, write-off) outside such a group
   that references a debit document of the same customer settles that
   document first. Document numbers are matched within the customer, so two
   customers may use the same number.
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
due") or by document date (``age = as_of - doc_date``): :func:`age_days`.
Bucket edges are upper-inclusive: with edges ``(30, 60)`` the buckets are
``1-30``, ``31-60`` and ``>60`` (``0-30`` first when aging by document date):
:func:`bucket_labels` and :func:`bucket_index`.

The rules are written here with NumPy arrays; turning text keys into integer
codes fast, and the oldest-first order, is the work of the private
``_keys`` module. Charts of an aging are in :mod:`~creditkit.receivables.plots`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dates import to_date
from ..i18n import label
from ..money import cents_to_yuan
from ._keys import factorize_objects, match_references, oldest_first
from ..errors import SchemaError
from .schema import CREDIT_TYPES, validate_ledger

__all__ = [
    "DEFAULT_EDGES",
    "OpenItems",
    "AgingResult",
    "parse_buckets",
    "bucket_labels",
    "age_days",
    "bucket_index",
    "open_items",
    "age_receivables",
    "aging_table",
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


def age_days(doc_date, due_date, *, as_of, by="due") -> np.ndarray:
    """Age in whole days of documents as of a date.

    Parameters
    ----------
    doc_date, due_date : array-like of datetime64
        Document and due dates; a missing due date (NaT) ages from the
        document date. ``due_date`` may be None when ``by="invoice"``.
    as_of : str or date
    by : {"due", "invoice"}, default "due"
        ``age = as_of - due_date`` (days past due; ≤ 0 is not due), or
        ``age = as_of - doc_date`` (days since the document).

    Returns
    -------
    ndarray of int64

    Examples
    --------
    >>> doc = pd.to_datetime(["2025-05-01", "2025-06-20"])
    >>> due = pd.to_datetime(["2025-05-31", None])
    >>> age_days(doc, due, as_of="2025-06-30").tolist()
    [30, 10]
    >>> age_days(doc, due, as_of="2025-06-30", by="invoice").tolist()
    [60, 10]
    """
    _check_by(by)
    as_of = to_date(as_of, name="as_of")
    ref = np.asarray(doc_date, dtype="datetime64[ns]")
    if by == "due" and due_date is not None:
        due = np.asarray(due_date, dtype="datetime64[ns]")
        ref = np.where(np.isnat(due), ref, due)
    return (np.datetime64(as_of, "ns") - ref).astype("timedelta64[D]").astype("int64")


def bucket_index(age, buckets=DEFAULT_EDGES, *, by="due") -> np.ndarray:
    """Position in :func:`bucket_labels` of the bucket each age falls in.

    Edges are upper-inclusive; by due date, ages ≤ 0 are the not-due bucket 0.

    Examples
    --------
    >>> bucket_index([-5, 0, 1, 30, 31, 61], (30, 60)).tolist()
    [0, 0, 1, 1, 2, 3]
    >>> bucket_index([0, 30, 31], (30, 60), by="invoice").tolist()
    [0, 0, 1]
    """
    edges = parse_buckets(buckets)
    _check_by(by)
    age = np.asarray(age, dtype="int64")
    idx = np.searchsorted(np.asarray(edges, dtype="int64"), age, side="left")
    if by == "due":
        idx = np.where(age <= 0, 0, idx + 1)
    return idx


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

    cust_codes, customers, first = factorize_objects(t["customer_id"].to_numpy(dtype=object), sel)
    ncust = len(customers)
    credit = take(t["doc_type"].isin(CREDIT_TYPES).to_numpy())
    amt = take(t["amount_cents"].to_numpy(dtype="int64"))

    deb = np.flatnonzero(~credit)
    deb_rows = deb if sel is None else sel[deb]
    deb_no = t["doc_no"].to_numpy(dtype=object)[deb_rows]
    cre_rows = np.flatnonzero(credit)
    cre_rows = cre_rows if sel is None else sel[cre_rows]
    if "ref_doc_no" in t:
        refs = t["ref_doc_no"].to_numpy(dtype=object)[cre_rows]
    else:
        refs = np.full(int(credit.sum()), None, dtype=object)
    deb_cust = cust_codes[deb]
    deb_amt = amt[deb]
    cre_cust = cust_codes[credit]
    cre_amt = -amt[credit]  # magnitudes

    # 0. settlement groups
    groups = _grouped(t, take, as_of)
    group_settled = np.zeros(len(deb), dtype="int64")
    pool = np.zeros(ncust, dtype="int64")
    if groups is not None:
        group_settled, left = _settle_groups(groups, cust_codes, credit, amt, doc_dates[within], deb, deb_no)
        np.add.at(pool, left[0], left[1])
        refs = np.where(groups[0][credit], None, refs)

    # 1. settlement by reference, within the customer
    pos = _match_within_customer(t, deb_rows, deb_no, cre_rows, refs)
    valid = pos >= 0
    valid[valid] = deb_cust[pos[valid]] == cre_cust[valid]
    ungrouped_credit = np.ones(len(cre_amt), bool) if groups is None else ~groups[0][credit]
    settled = group_settled.copy()
    np.add.at(settled, pos[valid], cre_amt[valid])
    open1 = np.maximum(deb_amt - settled, 0)
    over = np.maximum(settled - np.maximum(deb_amt, group_settled), 0)

    # 2. the pool: over-settlement + unreferenced credits
    np.add.at(pool, deb_cust[over > 0], over[over > 0])
    unlinked = ~valid & ungrouped_credit
    np.add.at(pool, cre_cust[unlinked], cre_amt[unlinked])

    # 3. apply oldest-first
    order = oldest_first(deb_cust, doc_dates[deb_rows].astype("int64"), deb_no, open1, pool)
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


def _grouped(t: pd.DataFrame, take, as_of: pd.Timestamp):
    """Settlement groups of the documents dated ≤ as_of: (mask of those in a group settled by as_of, keys).

    None when the ledger has no groups.
    """
    if "clear_key" not in t or not t["clear_key"].notna().any():
        return None
    key = take(t["clear_key"].to_numpy(dtype=object))
    when = take(t["clear_date"].to_numpy(dtype="datetime64[ns]")) if "clear_date" in t else \
        np.full(len(key), np.datetime64("NaT"), dtype="datetime64[ns]")
    text = pd.Series(key, dtype=object).where(pd.notna(key), "").astype(str).str.strip().to_numpy(dtype=object)
    mask = (text != "") & (np.isnat(when) | (when <= np.datetime64(as_of, "ns")))
    return mask, text


def _settle_groups(groups, cust_codes, credit, amt, doc_dates, deb_rows, deb_no):
    """Rule 0: each group's credits applied oldest-first (date, then number) to its debit documents.

    Returns what each debit document (in ``deb_rows`` order) is settled by its
    group, and ``(customer codes, cents)`` of the credit the groups leave over.
    """
    in_group, text = groups
    codes = np.full(len(in_group), -1, dtype="int64")
    pairs = pd.Series(cust_codes[in_group].astype(str), dtype=object) + "\x1f" + pd.Series(text[in_group])
    codes[in_group] = pd.factorize(pairs)[0]
    ngroups = int(codes.max()) + 1 if in_group.any() else 0
    credits = np.zeros(ngroups, dtype="int64")
    gc = in_group & credit
    np.add.at(credits, codes[gc], -amt[gc])
    deb = np.flatnonzero(~credit)
    settled = np.zeros(len(deb), dtype="int64")
    gd = np.flatnonzero(in_group[deb])
    if len(gd):
        dates = doc_dates[deb_rows[gd]].astype("int64")
        order = np.lexsort((deb_no[gd].astype(str), dates, codes[deb[gd]]))
        g = codes[deb[gd]][order]
        a = amt[deb[gd]][order]
        run = np.cumsum(a) - a
        starts = np.r_[0, np.flatnonzero(np.diff(g)) + 1]
        before = run - np.repeat(run[starts], np.diff(np.r_[starts, len(g)]))
        got = np.clip(credits[g] - before, 0, a)
        settled[gd[order]] = got
        used = np.zeros(ngroups, dtype="int64")
        np.add.at(used, g, got)
        credits = credits - used
    group_cust = np.zeros(ngroups, dtype="int64")
    group_cust[codes[in_group]] = cust_codes[in_group]
    keep = credits > 0
    return settled, (group_cust[keep], credits[keep])


def _match_within_customer(t, deb_rows, deb_no, cre_rows, refs) -> np.ndarray:
    """Position in ``deb_no`` of the document each reference names, numbers keyed by customer when two share one."""
    try:
        return match_references(deb_no, refs)
    except SchemaError:
        pass
    cust = t["customer_id"].to_numpy(dtype=object)
    deb_key = pd.Series(cust[deb_rows], dtype=object).astype(str) + "\x1f" + pd.Series(deb_no, dtype=object).astype(str)
    dup = deb_key.duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise SchemaError(f"ledger: duplicate doc_no {deb_no[i]!r} of customer {cust[deb_rows[i]]!r}")
    ref_key = pd.Series(cust[cre_rows], dtype=object).astype(str) + "\x1f" + pd.Series(refs, dtype=object).astype(str)
    ref_key = ref_key.where(pd.notna(pd.Series(refs, dtype=object)), None)
    return match_references(deb_key.to_numpy(dtype=object), ref_key.to_numpy(dtype=object))


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
    age = age_days(t["doc_date"].to_numpy(dtype="datetime64[ns]")[rows],
                   t["due_date"].to_numpy(dtype="datetime64[ns]")[rows], as_of=as_of, by=by)
    bucket = bucket_index(age, edges, by=by)
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


