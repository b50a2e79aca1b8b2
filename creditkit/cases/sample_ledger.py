"""A seeded sample ledger of an electromechanical company (机电公司).

:func:`sample_ledger` builds a realistic receivables ledger in canonical form
(see :mod:`creditkit.receivables.schema`): customers with Chinese names, sales reps,
credit terms, invoices, receipts (referenced, partial and lump-sum
unreferenced), credit notes for returns and discounts, a few advance receipts
and refunds, over the months before ``as_of``. Payment behaviour differs by
customer: most pay on time or a little late, some are chronic late payers, and
a few stop paying. The same seed always gives the same ledger.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dates import to_date
from ..receivables.schema import canonical_table

__all__ = ["sample_ledger", "SALES_REPS", "PAYER_PROFILES"]

SALES_REPS = ("张伟", "李娜", "王强", "刘洋", "陈静", "赵磊")

_CITIES = ("上海", "苏州", "无锡", "杭州", "宁波", "南京", "常州", "合肥", "青岛", "济南", "武汉", "长沙",
           "郑州", "天津", "佛山", "东莞", "温州", "嘉兴", "绍兴", "南通")
_BRANDS = ("华东", "恒达", "宏远", "精工", "鼎盛", "永安", "金桥", "瑞丰", "新昌", "博远", "振华", "同力",
           "海川", "天成", "国泰", "联创", "中联", "汇通", "明阳", "盛世")
_TRADES = ("机电设备", "电气", "自动化", "电机", "机械制造", "工控技术", "液压", "泵业", "输配电", "数控机床")

#: Payer profile → (share of customers, (min, max) days paid after the due date,
#: probability an invoice is paid in two parts, probability it is never paid).
PAYER_PROFILES = {
    "punctual": (0.55, (-10, 5), 0.02, 0.0),
    "slow": (0.25, (10, 45), 0.10, 0.005),
    "chronic": (0.15, (30, 120), 0.35, 0.02),
    "distressed": (0.05, (60, 240), 0.40, 0.30),
}


def sample_ledger(seed: int = 2025, *, as_of="2025-06-30", n_customers: int = 40, months: int = 18,
                  profiles: bool = False) -> pd.DataFrame:
    """A realistic canonical ledger of a 机电公司's receivables.

    Parameters
    ----------
    seed : int, default 2025
        Random seed; the same seed gives the same ledger.
    as_of : str or date, default "2025-06-30"
        Last day of the ledger: no document is dated after it.
    n_customers : int, default 40
    months : int, default 18
        Months of history before ``as_of``.
    profiles : bool, default False
        Also return a table ``customer_id, customer_name, sales_rep, terms, profile``.

    Returns
    -------
    DataFrame, or (DataFrame, DataFrame) when ``profiles`` is True
        The canonical ledger table.

    Examples
    --------
    >>> t = sample_ledger(seed=1, n_customers=5, months=6)
    >>> t["customer_id"].nunique(), t["doc_date"].max() <= pd.Timestamp("2025-06-30")
    (5, True)
    >>> sorted(t["doc_type"].unique())[:3]
    ['credit_note', 'invoice', 'receipt']
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    for name, v, lo, hi in (("n_customers", n_customers, 1, len(_CITIES) * len(_BRANDS)), ("months", months, 1, 240)):
        if not isinstance(v, (int, np.integer)) or isinstance(v, bool):
            raise TypeError(f"{name} must be an int, got {type(v).__name__}")
        if not lo <= v <= hi:
            raise ValueError(f"{name} must be between {lo} and {hi}, got {v}")
    as_of = to_date(as_of, name="as_of")
    rng = np.random.default_rng(int(seed))
    start = (as_of - pd.DateOffset(months=months)).normalize() + pd.Timedelta(days=1)
    span = int((as_of - start).days) + 1

    # customers
    pairs = rng.choice(len(_CITIES) * len(_BRANDS), size=n_customers, replace=False)
    trades = rng.integers(0, len(_TRADES), n_customers)
    names = [f"{_CITIES[p // len(_BRANDS)]}{_BRANDS[p % len(_BRANDS)]}{_TRADES[t]}有限公司" for p, t in zip(pairs, trades)]
    ids = [f"KH{i + 1:04d}" for i in range(n_customers)]
    reps = rng.choice(SALES_REPS, n_customers)
    terms = rng.choice([30, 45, 60, 90], n_customers, p=[0.35, 0.2, 0.3, 0.15])
    pnames = list(PAYER_PROFILES)
    prof = rng.choice(len(pnames), n_customers, p=[PAYER_PROFILES[k][0] for k in pnames])
    size = rng.lognormal(mean=np.log(60_000), sigma=0.6, size=n_customers)  # typical invoice, yuan
    rate = rng.uniform(0.8, 4.0, n_customers)  # invoices per month

    # invoices
    n_inv = rng.poisson(rate * months)
    if n_customers >= 5:
        n_inv[-1] = 0  # a new customer that has paid a deposit (预收) before its first delivery
    cust = np.repeat(np.arange(n_customers), n_inv)
    n = len(cust)
    inv_day = rng.integers(0, span, n)
    inv_date = start + pd.to_timedelta(inv_day, unit="D")
    yuan = np.maximum(500, rng.lognormal(np.log(size[cust]), 0.5))
    inv_cents = (np.round(yuan / 10) * 1000 + rng.choice([0, 0, 0, 50, 99, 30], n)).astype("int64")
    due = inv_date + pd.to_timedelta(terms[cust], unit="D")
    order = np.lexsort((inv_day, cust))
    cust, inv_date, inv_cents, due = cust[order], inv_date[order], inv_cents[order], due[order]

    docs = []
    seq = iter(range(1, 10**7))

    def no(prefix, d):
        return f"{prefix}{d:%Y%m}{next(seq):05d}"

    inv_no = [no("XS", d) for d in inv_date]
    docs.append(pd.DataFrame({"customer_id": np.asarray(ids, dtype=object)[cust], "doc_type": "invoice",
                              "doc_no": inv_no, "doc_date": inv_date, "due_date": due, "amount_cents": inv_cents,
                              "ref_doc_no": None, "terms": terms[cust]}))

    # credit notes for returns and discounts (about 6% of invoices)
    cn = rng.random(n) < 0.06
    cn_date = inv_date[cn] + pd.to_timedelta(rng.integers(3, 25, cn.sum()), unit="D")
    cn_amt = -(np.round(inv_cents[cn] * rng.uniform(0.02, 0.12, cn.sum()) / 100) * 100).astype("int64")
    cn_keep = cn_date <= as_of
    docs.append(pd.DataFrame({"customer_id": np.asarray(ids, dtype=object)[cust[cn]][cn_keep], "doc_type": "credit_note",
                              "doc_no": [no("HZ", d) for d in cn_date[cn_keep]], "doc_date": cn_date[cn_keep],
                              "due_date": pd.NaT, "amount_cents": cn_amt[cn_keep],
                              "ref_doc_no": np.asarray(inv_no, dtype=object)[cn][cn_keep], "terms": pd.NA}))
    net = inv_cents.copy()
    net[cn] += cn_amt  # what remains to be paid

    # receipts by payer profile
    p = prof[cust]
    lo = np.array([PAYER_PROFILES[k][1][0] for k in pnames])[p]
    hi = np.array([PAYER_PROFILES[k][1][1] for k in pnames])[p]
    late = rng.integers(lo, hi + 1)
    # distressed customers get worse over time: later invoices are paid later
    frac_time = (inv_date - start).days.to_numpy() / span
    late = late + np.where(pnames.index("distressed") == p, (frac_time * 90).astype(int), 0)
    pay_date = due + pd.to_timedelta(late, unit="D")
    pay_date = pd.DatetimeIndex(np.maximum(pay_date.values, (inv_date + pd.Timedelta(days=1)).values))
    never = rng.random(n) < np.array([PAYER_PROFILES[k][3] for k in pnames])[p]
    split = rng.random(n) < np.array([PAYER_PROFILES[k][2] for k in pnames])[p]
    first_part = np.where(split, (np.round(net * rng.uniform(0.3, 0.7, n) / 100) * 100).astype("int64"), net)
    second_date = pay_date + pd.to_timedelta(rng.integers(20, 90, n), unit="D")
    referenced = rng.random(n) < 0.8
    rows = []
    for part_amt, pdate, mask in ((first_part, pay_date, ~never),
                                  (net - first_part, second_date, ~never & split)):
        m = mask & (pdate <= as_of) & (part_amt > 0)
        rows.append(pd.DataFrame({
            "customer_id": np.asarray(ids, dtype=object)[cust[m]], "doc_type": "receipt",
            "doc_no": [no("SK", d) for d in pdate[m]], "doc_date": pdate[m], "due_date": pd.NaT,
            "amount_cents": -part_amt[m], "ref_doc_no": np.where(referenced[m], np.asarray(inv_no, dtype=object)[m], None),
            "terms": pd.NA}))
    docs.extend(rows)

    # a few advance receipts (预收) and refunds of part of them
    adv_c = rng.choice(n_customers, size=max(1, n_customers // 10), replace=False)
    adv_date = as_of - pd.to_timedelta(rng.integers(5, 120, len(adv_c)), unit="D")
    adv_amt = (np.round(size[adv_c] * 0.3) * 100).astype("int64")
    if n_customers >= 5 and n_customers - 1 not in adv_c:
        adv_c[0] = n_customers - 1
    docs.append(pd.DataFrame({"customer_id": np.asarray(ids, dtype=object)[adv_c], "doc_type": "receipt",
                              "doc_no": [no("YS", d) for d in adv_date], "doc_date": adv_date, "due_date": pd.NaT,
                              "amount_cents": -adv_amt, "ref_doc_no": None, "terms": pd.NA}))
    rf = adv_c[: max(1, len(adv_c) // 3)]
    rf_date = adv_date[: len(rf)] + pd.Timedelta(days=3)
    rf_keep = rf_date <= as_of
    docs.append(pd.DataFrame({"customer_id": np.asarray(ids, dtype=object)[rf][rf_keep], "doc_type": "refund",
                              "doc_no": [no("TK", d) for d in rf_date[rf_keep]], "doc_date": rf_date[rf_keep],
                              "due_date": rf_date[rf_keep], "amount_cents": (adv_amt[: len(rf)] // 4)[rf_keep],
                              "ref_doc_no": None, "terms": pd.NA}))

    t = pd.concat([d for d in docs if len(d)], ignore_index=True)
    by_id = dict(zip(ids, range(n_customers)))
    k = t["customer_id"].map(by_id).to_numpy()
    t["customer_name"] = np.asarray(names, dtype=object)[k]
    t["sales_rep"] = reps[k].astype(object)
    t["terms"] = pd.array(terms[k], dtype="Int64")
    t["memo"] = None
    t["source_line"] = pd.array([pd.NA] * len(t), dtype="Int64")
    t["doc_date"] = pd.to_datetime(t["doc_date"]).astype("datetime64[ns]")
    t["due_date"] = pd.to_datetime(t["due_date"]).astype("datetime64[ns]")
    t["amount_cents"] = t["amount_cents"].astype("int64")
    t = t[t["doc_date"] <= as_of]
    table = canonical_table(t)
    if profiles:
        prof_table = pd.DataFrame({"customer_id": ids, "customer_name": names, "sales_rep": reps, "terms": terms,
                                   "profile": [pnames[i] for i in prof]})
        return table, prof_table
    return table
