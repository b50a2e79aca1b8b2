"""A seeded, agent-style generator of a case world: a company, its customers, reps, statements and ledger.

:func:`generate_world` draws a coherent world for a workshop case. Each
customer is an agent with an industry, an enterprise nature (企业性质), a size,
a sales rep, credit terms and a granted limit, and a *hidden type* that
drives both its payment behaviour in the ledger and its financial statements:

=============  ============================================================
type           behaviour
=============  ============================================================
good           pays around the due date
slow           pays 10–45 days late, month after month, but pays
deteriorating  pays like a good customer until its *turn month* (often after
               losing a big client of its own); then orders fall, payments
               come later and later, in parts, and some never
defaulting     pays late, orders more and more in the months before its
               *turn month* (default), then stops paying
disputing      pays most invoices on time, but contests some (quality, short
               delivery): a credit note after weeks, the rest paid late or not
=============  ============================================================

Random shocks are part of the world: a seasonal squeeze (payments falling due
around the Spring Festival, and in December–January for construction, come
later for everyone) and, for deteriorating customers, the loss of a big
client. Statements (Chinese line names read by
:func:`creditkit.evaluation.ratios.normalize_statement`) follow the same type:
a deteriorating customer's last years weaken, a defaulting one is thin on
equity and cash.

The answer key (:attr:`CaseWorld.answer_key`: hidden type, turn month, cause)
is shipped with the world so a trainer can check what the kit's tools find.
The same parameters always give the same world; :func:`write_case` writes it
to files that are the same byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .._checks import check_choice, check_number
from ..dates import to_date
from ..receivables.schema import canonical_table
from .statements import STATEMENT_LINES, statements_for

__all__ = ["HIDDEN_TYPES", "BAD_TYPES", "INDUSTRIES", "NATURES", "CaseWorld", "generate_world", "write_case"]

#: Hidden payer types, from safest to worst.
HIDDEN_TYPES = ("good", "slow", "disputing", "deteriorating", "defaulting")
#: Types that are credit-risk bads (``bad == 1`` in the answer key).
BAD_TYPES = ("deteriorating", "defaulting")
#: Industry keys (those of the packaged industry benchmarks).
INDUSTRIES = ("manufacturing", "construction", "wholesale_retail", "services")
#: Enterprise natures (企业性质) and how much more often than a 民营 firm each is a bad payer.
NATURES = {"国有": 0.4, "外资": 0.6, "合资": 0.8, "民营": 1.0, "个体": 1.6}

_CITIES = ("上海", "苏州", "无锡", "杭州", "宁波", "南京", "常州", "合肥", "青岛", "济南", "武汉", "长沙", "郑州",
           "天津", "佛山", "东莞", "温州", "嘉兴", "绍兴", "南通", "厦门", "福州", "成都", "重庆", "西安", "昆山",
           "扬州", "徐州", "烟台", "潍坊")
_BRANDS = ("华东", "恒达", "宏远", "精工", "鼎盛", "永安", "金桥", "瑞丰", "新昌", "博远", "振华", "同力", "海川",
           "天成", "国泰", "联创", "中联", "汇通", "明阳", "盛世", "嘉禾", "泰和", "兴业", "广源", "长城", "东方",
           "华信", "锦程", "安达", "宝丰")
_TRADES = {
    "manufacturing": ("机械制造", "电气", "自动化", "电机", "数控机床", "液压", "泵业", "输配电"),
    "construction": ("建设工程", "建筑安装", "路桥工程", "机电安装", "市政工程"),
    "wholesale_retail": ("商贸", "五金机电", "贸易", "设备销售", "物资"),
    "services": ("物业管理", "工程技术服务", "设备维修", "技术服务"),
}
_SUFFIX = {"国有": "集团有限公司", "外资": "（中国）有限公司", "合资": "有限公司", "民营": "有限公司", "个体": "经营部"}
_SIZES = ("微型", "小型", "中型", "大型")

_TYPE_SHARES_OF_BAD = {"deteriorating": 0.45, "defaulting": 0.30, "disputing": 0.25}


@dataclass(frozen=True)
class CaseWorld:
    """A generated case: the company, its customers, reps, statements, ledger and answer key.

    Attributes
    ----------
    case : str
        Case key (``"jidian"``, ``"manufacturing"``, ``"retail"`` or ``"custom"``).
    company : str
        Name of the selling company.
    parameters : dict
        The generator's parameters (plain values), enough to rebuild the world.
    customers : DataFrame
        One row per customer: ``customer_id, customer_name, industry, nature, size,
        city, sales_rep, terms, limit_cents, annual_sales_cents`` (expected sales to
        the customer a year).
    reps : DataFrame
        ``rep_id, sales_rep, region, customers``.
    statements : DataFrame
        Long table ``customer_id, item, year, value`` (yuan, whole units; ``item``
        in Chinese line names); :meth:`statement` gives one customer's table.
    ledger : DataFrame
        The document ledger in canonical form (:mod:`creditkit.receivables.schema`).
    answer_key : DataFrame
        ``customer_id, hidden_type, bad, turn_month, cause``: the truth the tools
        should recover. ``turn_month`` (``YYYY-MM``, empty when none) is when a
        deteriorating customer turned or a defaulting one stopped paying.
    shocks : DataFrame
        ``customer_id, kind, month``: the random shocks (``customer_id`` empty
        for a shock that hits everyone).
    """

    case: str
    company: str
    parameters: dict
    customers: pd.DataFrame
    reps: pd.DataFrame
    statements: pd.DataFrame
    ledger: pd.DataFrame
    answer_key: pd.DataFrame
    shocks: pd.DataFrame
    as_of: pd.Timestamp = field(default=None)

    def statement(self, customer_id) -> pd.DataFrame:
        """One customer's statements: Chinese line names × years (yuan).

        Raises
        ------
        ValueError
            Unknown ``customer_id``.
        """
        check_choice("customer_id", customer_id, tuple(self.customers["customer_id"]))
        s = self.statements[self.statements["customer_id"] == customer_id]
        t = s.pivot(index="item", columns="year", values="value").reindex(STATEMENT_LINES)
        t.columns = pd.Index([int(c) for c in t.columns])
        t.index.name = None
        return t.astype(float)

    def customer(self, customer_id) -> pd.Series:
        """One customer's row of :attr:`customers`."""
        check_choice("customer_id", customer_id, tuple(self.customers["customer_id"]))
        return self.customers.set_index("customer_id").loc[customer_id]

    def names(self) -> pd.DataFrame:
        """Every real name in the world: ``kind, id, name`` (customers, reps, the company).

        The table a masking step replaces, one row per name.
        """
        rows = [pd.DataFrame({"kind": "company", "id": "", "name": [self.company]}),
                pd.DataFrame({"kind": "customer", "id": self.customers["customer_id"],
                              "name": self.customers["customer_name"]}),
                pd.DataFrame({"kind": "sales_rep", "id": self.reps["rep_id"], "name": self.reps["sales_rep"]})]
        return pd.concat(rows, ignore_index=True)


def _check_mix(name, mix, keys):
    if not isinstance(mix, dict) or not mix:
        raise TypeError(f"{name} must be a non-empty dict {{key: weight}}, got {type(mix).__name__}")
    for k, v in mix.items():
        check_choice(f"{name} key", k, keys)
        check_number(f"{name}[{k!r}]", v, low=0)
    if sum(mix.values()) <= 0:
        raise ValueError(f"{name} weights must not all be zero, got {mix!r}")
    w = np.array([float(mix.get(k, 0)) for k in keys])
    return w / w.sum()


def generate_world(
    seed: int = 1,
    *,
    n_customers: int = 40,
    start="2023-07-01",
    months: int = 24,
    as_of=None,
    bad_share: float = 0.3,
    industry_mix=None,
    nature_mix=None,
    company: str = "华东机电设备有限公司",
    case: str = "custom",
    id_prefix: str = "KH",
    reps=("张伟", "李娜", "王强", "刘洋", "陈静", "赵磊"),
    invoice_yuan: float = 60_000.0,
    invoices_per_month: float = 2.0,
    terms_choices=(30, 60, 90),
    terms_weights=(0.4, 0.4, 0.2),
    limit_looseness: float = 1.0,
    pushy_rep_weight: float = 1.0,
) -> CaseWorld:
    """Generate a case world.

    Parameters
    ----------
    seed : int, default 1
        Random seed; the same parameters always give the same world.
    n_customers : int, default 40
        Between 5 and 900.
    start : str or date, default "2023-07-01"
        First day of the ledger (taken to the first of its month).
    months : int, default 24
        Months of trading, 6 to 120.
    as_of : str or date, optional
        Date of the case: nothing is dated after it. Default: the last day of the period.
    bad_share : float, default 0.3
        Share of customers that are not good or slow payers (deteriorating,
        defaulting, disputing), 0 to 0.8.
    industry_mix, nature_mix : dict, optional
        Weights of the industries (:data:`INDUSTRIES`) and enterprise natures
        (:data:`NATURES`). Default: mostly manufacturing; mostly 民营.
    company : str
        Name of the selling company.
    case : str, default "custom"
        Case key recorded in the world.
    id_prefix : str, default "KH"
        Customer ids are ``<prefix>0001``, ``<prefix>0002``, …
    reps : sequence of str
        Names of the sales reps.
    invoice_yuan : float, default 60000
        Typical invoice of a customer of median size, in yuan.
    invoices_per_month : float, default 2
        Invoices a median customer receives a month.
    terms_choices, terms_weights : sequences
        Credit terms in days and how often each is granted.
    limit_looseness : float, default 1.0
        Granted limit as a multiple of what the customer's expected purchases
        over its terms justify (a loose credit policy grants more than 1).
    pushy_rep_weight : float, default 1.0
        How much more likely the first rep is to have signed the bad payers (a
        rep who wins orders with credit).

    Returns
    -------
    CaseWorld

    Raises
    ------
    TypeError, ValueError
        A parameter of the wrong type or out of range; the message names it.

    Examples
    --------
    >>> w = generate_world(7, n_customers=10, months=12, start="2024-07-01")
    >>> len(w.customers), w.ledger["doc_date"].max() <= pd.Timestamp("2025-06-30")
    (10, True)
    >>> sorted(w.answer_key["hidden_type"].unique())[:2]
    ['defaulting', 'deteriorating']
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    n = check_number("n_customers", n_customers, low=5, high=len(_CITIES) * len(_BRANDS), integer=True)
    months = check_number("months", months, low=6, high=120, integer=True)
    bad_share = check_number("bad_share", bad_share, low=0, high=0.8)
    check_number("invoice_yuan", invoice_yuan, low=100, low_open=False)
    check_number("invoices_per_month", invoices_per_month, low=0.1, high=200)
    check_number("limit_looseness", limit_looseness, low=0.1, high=10)
    check_number("pushy_rep_weight", pushy_rep_weight, low=0.1, high=20)
    for name, v in (("company", company), ("case", case), ("id_prefix", id_prefix)):
        if not isinstance(v, str) or not v.strip():
            raise TypeError(f"{name} must be a non-empty str, got {v!r}")
    reps = tuple(reps)
    if not reps or not all(isinstance(r, str) and r for r in reps) or len(set(reps)) != len(reps):
        raise ValueError(f"reps must be distinct non-empty names, got {reps!r}")
    terms_choices = tuple(int(check_number("terms_choices", t, low=0, high=365, integer=True)) for t in terms_choices)
    tw = np.array([check_number("terms_weights", x, low=0) for x in terms_weights], dtype=float)
    if len(tw) != len(terms_choices) or tw.sum() <= 0:
        raise ValueError("terms_weights must give one non-negative weight per terms choice, not all zero")
    ind_w = _check_mix("industry_mix", industry_mix or {"manufacturing": 0.6, "construction": 0.2,
                                                         "wholesale_retail": 0.15, "services": 0.05}, INDUSTRIES)
    nat_keys = tuple(NATURES)
    nat_w = _check_mix("nature_mix", nature_mix or {"国有": 0.15, "外资": 0.1, "合资": 0.1, "民营": 0.55, "个体": 0.1},
                       nat_keys)
    start = to_date(start, name="start").replace(day=1)
    end = start + pd.DateOffset(months=months) - pd.Timedelta(days=1)
    as_of = end if as_of is None else to_date(as_of, name="as_of")
    if not start + pd.DateOffset(months=3) <= as_of <= end:
        raise ValueError(f"as_of must lie between {start + pd.DateOffset(months=3):%Y-%m-%d} and {end:%Y-%m-%d}"
                         f" (at least three months into the period), got {as_of:%Y-%m-%d}")
    n_months = months_until(start, as_of)
    rng = np.random.default_rng(int(seed))

    # --- customers: who they are
    industry = rng.choice(len(INDUSTRIES), n, p=ind_w)
    nature = rng.choice(len(nat_keys), n, p=nat_w)
    scale = rng.lognormal(0.0, 0.8, n)  # size relative to the median customer
    scale[nature == nat_keys.index("国有")] *= 2.0
    scale[nature == nat_keys.index("个体")] *= 0.3
    size = np.digitize(scale, [0.3, 0.8, 2.5])
    pairs = rng.choice(len(_CITIES) * len(_BRANDS), n, replace=False)
    city = np.array(_CITIES, dtype=object)[pairs // len(_BRANDS)]
    names = []
    for i in range(n):
        trades = _TRADES[INDUSTRIES[industry[i]]]
        trade = trades[rng.integers(len(trades))]
        names.append(f"{city[i]}{_BRANDS[pairs[i] % len(_BRANDS)]}{trade}{_SUFFIX[nat_keys[nature[i]]]}")
    ids = [f"{id_prefix}{i + 1:04d}" for i in range(n)]

    # --- hidden types: bad payers drawn with their nature's weight
    n_bad = int(round(n * bad_share))
    nat_risk = np.array([NATURES[nat_keys[k]] for k in nature])
    bad_idx = rng.choice(n, n_bad, replace=False, p=nat_risk / nat_risk.sum()) if n_bad else np.array([], int)
    kinds = list(_TYPE_SHARES_OF_BAD)
    counts = _split_counts(n_bad, [_TYPE_SHARES_OF_BAD[k] for k in kinds])
    htype = np.array(["good"] * n, dtype=object)
    htype[bad_idx] = np.repeat(kinds, counts)
    rest = np.setdiff1d(np.arange(n), bad_idx)
    slow = rng.choice(rest, int(round(len(rest) * 0.25)), replace=False) if len(rest) else rest
    htype[slow] = "slow"
    turn = np.full(n, -1)
    det = np.flatnonzero(htype == "deteriorating")
    dft = np.flatnonzero(htype == "defaulting")
    turn[det] = rng.integers(max(3, n_months // 4), max(4, n_months - 4), len(det))
    turn[dft] = rng.integers(max(3, n_months // 2), max(4, n_months - 3), len(dft))
    cause = np.array([""] * n, dtype=object)
    cause[det] = np.where(rng.random(len(det)) < 0.6, "lost_big_client", "cash_squeeze")
    cause[dft] = np.where(rng.random(len(dft)) < 0.5, "over_expansion", "fraud_risk")
    cause[htype == "disputing"] = "quality_dispute"

    # --- reps, terms, limits
    is_bad = np.isin(htype, ("deteriorating", "defaulting", "disputing"))
    rep_w = np.ones(len(reps))
    rep_w[0] = pushy_rep_weight
    rep = np.where(is_bad, rng.choice(len(reps), n, p=rep_w / rep_w.sum()), rng.choice(len(reps), n))
    terms = np.array(terms_choices)[rng.choice(len(terms_choices), n, p=tw / tw.sum())]
    monthly_yuan = invoice_yuan * invoices_per_month * scale
    limit_yuan = monthly_yuan * (terms / 30 + 1) * limit_looseness
    limit_cents = (np.round(limit_yuan / 1000) * 100_000).astype("int64")  # whole thousands of yuan

    # --- the ledger
    ledger = _ledger(rng, start=start, as_of=as_of, n_months=n_months, ids=ids, names=names,
                     reps=np.array(reps, dtype=object)[rep], terms=terms, htype=htype, turn=turn,
                     industry=np.array(INDUSTRIES, dtype=object)[industry], scale=scale,
                     invoice_yuan=invoice_yuan, invoices_per_month=invoices_per_month, id_prefix=id_prefix)

    # --- statements, consistent with the type
    years = list(range(min(start.year - 1, as_of.year - 2), as_of.year))  # at least two full years
    turn_year = np.array([(start + pd.DateOffset(months=int(t))).year if t >= 0 else 0 for t in turn])
    statements = statements_for(rng, ids=ids, years=years, htype=htype, turn_year=turn_year,
                                annual_sales_yuan=monthly_yuan * 12, industry=[INDUSTRIES[k] for k in industry])

    def month_text(t):
        return f"{start + pd.DateOffset(months=int(t)):%Y-%m}" if t >= 0 else ""

    customers = pd.DataFrame({
        "customer_id": ids, "customer_name": names, "industry": [INDUSTRIES[k] for k in industry],
        "nature": [nat_keys[k] for k in nature], "size": [_SIZES[k] for k in size], "city": city,
        "sales_rep": np.array(reps, dtype=object)[rep], "terms": terms.astype("int64"),
        "limit_cents": limit_cents, "annual_sales_cents": (np.round(monthly_yuan * 12) * 100).astype("int64"),
    })
    answer = pd.DataFrame({"customer_id": ids, "hidden_type": htype, "bad": np.isin(htype, BAD_TYPES).astype("int64"),
                           "turn_month": [month_text(t) for t in turn], "cause": cause})
    squeeze = [f"{d:%Y-%m}" for d in pd.date_range(start, as_of, freq="MS") if d.month in (1, 2)]
    shocks = pd.DataFrame({"customer_id": [""] * len(squeeze), "kind": "seasonal_squeeze", "month": squeeze})
    lost = answer[answer["cause"] == "lost_big_client"]
    shocks = pd.concat([shocks, pd.DataFrame({"customer_id": lost["customer_id"], "kind": "lost_big_client",
                                              "month": lost["turn_month"]})], ignore_index=True)
    rep_table = pd.DataFrame({"rep_id": [f"YW{i + 1:02d}" for i in range(len(reps))], "sales_rep": list(reps),
                              "region": [_CITIES[i % len(_CITIES)] for i in range(len(reps))],
                              "customers": np.bincount(rep, minlength=len(reps)).astype("int64")})
    params = {"case": case, "seed": int(seed), "n_customers": n, "start": f"{start:%Y-%m-%d}", "months": months,
              "as_of": f"{as_of:%Y-%m-%d}", "bad_share": float(bad_share), "company": company,
              "industry_mix": {k: float(v) for k, v in zip(INDUSTRIES, ind_w)},
              "nature_mix": {k: float(v) for k, v in zip(nat_keys, nat_w)},
              "id_prefix": id_prefix, "reps": list(reps), "invoice_yuan": float(invoice_yuan),
              "invoices_per_month": float(invoices_per_month), "terms_choices": list(terms_choices),
              "terms_weights": [float(x) for x in tw], "limit_looseness": float(limit_looseness),
              "pushy_rep_weight": float(pushy_rep_weight)}
    return CaseWorld(case=case, company=company, parameters=params, customers=customers, reps=rep_table,
                     statements=statements, ledger=ledger, answer_key=answer, shocks=shocks, as_of=as_of)


def months_until(start: pd.Timestamp, date: pd.Timestamp) -> int:
    """Number of calendar months from ``start``'s month to ``date``'s month, inclusive."""
    return (date.year - start.year) * 12 + date.month - start.month + 1


def _split_counts(total: int, shares) -> np.ndarray:
    """Split ``total`` by ``shares`` with the largest-remainder rule (at least one each when possible)."""
    shares = np.asarray(shares, float) / np.sum(shares)
    if total >= len(shares):
        base = np.ones(len(shares), int)
        raw = shares * (total - len(shares))
    else:
        base = np.zeros(len(shares), int)
        raw = shares * total
    out = base + np.floor(raw).astype(int)
    left = total - out.sum()
    out[np.argsort(-(raw - np.floor(raw)), kind="stable")[:left]] += 1
    return out


def _ledger(rng, *, start, as_of, n_months, ids, names, reps, terms, htype, turn, industry, scale, invoice_yuan,
            invoices_per_month, id_prefix) -> pd.DataFrame:
    n = len(ids)
    m = np.arange(n_months)
    # order intensity by customer and month: seasonality, a surge before default, a fall after a turn
    season = 1.0 + 0.25 * np.cos((m + start.month - 4) / 12 * 2 * np.pi)
    rate = invoices_per_month * np.sqrt(scale)[:, None] * season[None, :]
    k = m[None, :] - turn[:, None]  # months since the turn (negative before)
    det = (htype == "deteriorating")[:, None]
    dft = (htype == "defaulting")[:, None]
    rate = np.where(det & (k >= 0), rate * 0.6, rate)
    rate = np.where(dft & (k >= -6) & (k < 0), rate * 1.8, rate)
    rate = np.where(dft & (k >= 0), rate * 0.3, rate)
    count = rng.poisson(rate)
    cust = np.repeat(np.repeat(np.arange(n), n_months), count.ravel())
    month = np.repeat(np.tile(m, n), count.ravel())
    month_start = pd.DatetimeIndex([start + pd.DateOffset(months=int(x)) for x in range(n_months)])
    days_in = month_start.days_in_month.to_numpy()
    inv_date = month_start[month] + pd.to_timedelta((rng.random(len(cust)) * days_in[month]).astype(int), unit="D")
    typical = invoice_yuan * np.sqrt(scale)
    yuan = np.maximum(200, rng.lognormal(np.log(typical[cust]), 0.5))
    inv_cents = (np.round(yuan / 10) * 1000 + rng.choice([0, 0, 0, 50, 99, 30], len(cust))).astype("int64")
    due = inv_date + pd.to_timedelta(terms[cust], unit="D")
    keep = inv_date <= as_of
    cust, month, inv_date, inv_cents, due = cust[keep], month[keep], inv_date[keep], inv_cents[keep], due[keep]
    order = np.lexsort((inv_cents, inv_date.to_numpy(), cust))
    cust, month, inv_date, inv_cents, due = cust[order], month[order], inv_date[order], inv_cents[order], due[order]
    nd = len(cust)
    t = htype[cust]
    since = month - turn[cust]

    # days paid after the due date, by type
    late = rng.integers(-7, 6, nd).astype(float)
    late = np.where(t == "slow", rng.integers(10, 46, nd), late)
    late = np.where(t == "defaulting", rng.integers(5, 41, nd), late)
    after = (t == "deteriorating") & (since >= 0)
    late = np.where(after, 15 + 20 * since + rng.integers(0, 21, nd), late)
    # the seasonal squeeze: what falls due in January–February (and December for construction) comes later
    due_month = due.month.to_numpy()
    squeezed = np.isin(due_month, (1, 2)) | ((industry[cust] == "construction") & (due_month == 12))
    late = late + np.where(squeezed, np.where(t == "good", rng.integers(0, 11, nd), rng.integers(10, 31, nd)), 0)
    never = np.zeros(nd, bool)
    never |= after & (rng.random(nd) < np.minimum(0.85, 0.12 * (since + 1)))
    never |= (t == "defaulting") & (since >= 0) & (rng.random(nd) < 0.95)
    never |= (t == "defaulting") & (since >= -2) & (since < 0) & (rng.random(nd) < 0.5)
    disputed = (t == "disputing") & (rng.random(nd) < 0.3)
    late = np.where(disputed, rng.integers(60, 181, nd), late)
    never |= disputed & (rng.random(nd) < 0.3)
    split = (after | disputed) & ~never & (rng.random(nd) < 0.5)

    seq = iter(range(1, 10**8))
    inv_no = np.array([f"XS{d:%Y%m}{next(seq):06d}" for d in inv_date], dtype=object)
    idx = np.asarray(ids, dtype=object)
    frames = [pd.DataFrame({"customer_id": idx[cust], "doc_type": "invoice", "doc_no": inv_no, "doc_date": inv_date,
                            "due_date": due, "amount_cents": inv_cents, "ref_doc_no": None,
                            "memo": None})]
    net = inv_cents.copy()
    # credit notes: disputed invoices get a price reduction or a return, a few others a small discount
    cn = disputed | (~disputed & (rng.random(nd) < 0.04))
    cn_share = np.where(disputed, rng.uniform(0.05, 0.25, nd), rng.uniform(0.01, 0.05, nd))
    cn_amt = (np.round(inv_cents * cn_share / 100) * 100).astype("int64")
    cn_date = inv_date + pd.to_timedelta(np.where(disputed, rng.integers(30, 61, nd), rng.integers(3, 20, nd)), unit="D")
    ok = cn & (cn_date <= as_of) & (cn_amt > 0)
    frames.append(pd.DataFrame({"customer_id": idx[cust[ok]], "doc_type": "credit_note",
                                "doc_no": [f"HZ{d:%Y%m}{next(seq):06d}" for d in cn_date[ok]], "doc_date": cn_date[ok],
                                "due_date": pd.NaT, "amount_cents": -cn_amt[ok], "ref_doc_no": inv_no[ok],
                                "memo": np.where(disputed[ok], "质量异议折让", "现金折扣")}))
    net = net - np.where(ok, cn_amt, 0)
    pay_date = due + pd.to_timedelta(late.astype(int), unit="D")
    pay_date = pd.DatetimeIndex(np.maximum(pay_date.to_numpy(), (inv_date + pd.Timedelta(days=1)).to_numpy()))
    first = np.where(split, (np.round(net * rng.uniform(0.3, 0.7, nd) / 100) * 100).astype("int64"), net)
    second_date = pay_date + pd.to_timedelta(rng.integers(30, 91, nd), unit="D")
    second_never = split & (rng.random(nd) < 0.4)
    referenced = rng.random(nd) < 0.85
    for amount, date, mask in ((first, pay_date, ~never), (net - first, second_date, split & ~second_never)):
        ok = mask & (date <= as_of) & (amount > 0)
        frames.append(pd.DataFrame({"customer_id": idx[cust[ok]], "doc_type": "receipt",
                                    "doc_no": [f"SK{d:%Y%m}{next(seq):06d}" for d in date[ok]], "doc_date": date[ok],
                                    "due_date": pd.NaT, "amount_cents": -amount[ok],
                                    "ref_doc_no": np.where(referenced[ok], inv_no[ok], None), "memo": None}))
    out = pd.concat([f for f in frames if len(f)], ignore_index=True)
    k = out["customer_id"].map(dict(zip(ids, range(n)))).to_numpy()
    out["customer_name"] = np.asarray(names, dtype=object)[k]
    out["sales_rep"] = reps[k]
    out["terms"] = pd.array(terms[k], dtype="Int64")
    out["source_line"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["doc_date"] = pd.to_datetime(out["doc_date"]).astype("datetime64[ns]")
    out["due_date"] = pd.to_datetime(out["due_date"]).astype("datetime64[ns]")
    out["amount_cents"] = out["amount_cents"].astype("int64")
    return canonical_table(out, name="generated ledger")


def write_case(world: CaseWorld, folder) -> dict:
    """Write a world to ``folder``: CSV tables (UTF-8) and a YAML description; the same world gives the same bytes.

    Files: ``world.yaml`` (company and parameters), ``customers.csv``,
    ``reps.csv``, ``statements.csv``, ``ledger.csv`` (canonical columns, amounts
    in cents, dates ``YYYY-MM-DD``), ``answer_key.csv`` and ``shocks.csv``.

    Returns
    -------
    dict
        ``{file name: Path}`` of the files written.

    Examples
    --------
    >>> import tempfile
    >>> w = generate_world(3, n_customers=5, months=6, start="2025-01-01")
    >>> sorted(write_case(w, tempfile.mkdtemp()))[:3]
    ['answer_key.csv', 'customers.csv', 'ledger.csv']
    """
    if not isinstance(world, CaseWorld):
        raise TypeError(f"world must be a CaseWorld, got {type(world).__name__}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}

    def csv(name, df):
        path = folder / name
        path.write_bytes(df.to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d").encode("utf-8"))
        written[name] = path

    meta = {"case": world.case, "company": world.company, "parameters": world.parameters,
            "files": ["customers.csv", "reps.csv", "statements.csv", "ledger.csv", "answer_key.csv", "shocks.csv"]}
    path = folder / "world.yaml"
    path.write_bytes(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True).encode("utf-8"))
    written["world.yaml"] = path
    csv("customers.csv", world.customers)
    csv("reps.csv", world.reps)
    csv("statements.csv", world.statements)
    csv("ledger.csv", world.ledger)
    csv("answer_key.csv", world.answer_key)
    csv("shocks.csv", world.shocks)
    return written

