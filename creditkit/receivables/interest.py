"""Late-payment interest on overdue invoices, with the legal basis explicit and every figure traced.

Three bases:

``"contract"``
    The rate the contract agrees: an annual ``rate`` or a ``daily_rate``
    (合同约定的违约金, e.g. 每日万分之五).
``"cn_lpr"``
    China, no agreed late-payment penalty (《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》
    (2020 修正) 第十八条第四款): for a breach on or after 2019-08-20, the one-year
    loan prime rate (LPR) published when the breach occurred, plus 30–50 %
    (``uplift``, multiplied: LPR × 1.5 at the top); for a breach before it,
    the central bank's benchmark lending rate of the same kind, on the
    overdue-penalty standard (the benchmark plus the same 30–50 %). The
    rate is fixed at the breach for the whole delay.
``"cn_lpr_floating"``
    China, "同期" LPR as courts award it for 资金占用损失 / 利息损失 ("按同期全国
    银行间同业拆借中心公布的一年期贷款市场报价利率计算"): the one-year LPR in force
    on each day of the delay, changing with each fixing (the benchmark lending
    rate for days before 2019-08-20), times ``1 + uplift`` with ``uplift``
    from 0 (the LPR itself) to 0.5 (LPR 加计 50%).
``"eu_directive"``
    EU Late Payment Directive 2011/7/EU: the ECB main refinancing rate in
    force on 1 January (for the first half-year) or 1 July (for the second)
    plus 8 points, changing with each half-year of the delay, and a fixed
    €40 compensation per invoice paid late (Art. 6).

Interest is simple, ``principal × rate × days / day_count`` with
``day_count`` 365 or 360, from the day after the due date to the day the
money arrived (or ``as_of`` while open). A principal is traced in *slices*:
each receipt that references the invoice and came after the due date closes a
slice on its date; what is still open at ``as_of`` runs to ``as_of``. Money
applied from unreferenced receipts has no known date for the invoice and
accrues nothing (the claim never overstates); :attr:`LateInterest.untraced_cents`
reports how much that was. Each row's interest is computed exactly and rounded
once, half-up to the cent, by :func:`creditkit.money.cents_times`.

Rate tables ship in ``creditkit/receivables/data/interest_rates.yaml`` with
their sources; a date after a table's ``confirmed_through`` is refused, never
guessed.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .._checks import check_choice, check_keys, load_yaml, yaml_value
from ..dates import to_date
from ..errors import ConfigError, ParameterError
from ..i18n import check_lang
from ..money import cents_times, format_cents, to_decimal
from .aging import open_items
from .schema import validate_ledger

__all__ = ["RateTable", "LateInterest", "rate_table", "rate_on", "cn_late_payment_rate", "eu_reference_rate",
           "late_interest", "LPR_REFORM_DATE", "EU_COMPENSATION_CENTS"]

#: First day the one-year LPR replaced the benchmark lending rate (中国人民银行公告〔2019〕第15号).
LPR_REFORM_DATE = pd.Timestamp("2019-08-20")
#: Fixed compensation for recovery costs per invoice under Directive 2011/7/EU, Art. 6 (€40, in cents).
EU_COMPENSATION_CENTS = 4000
_EU_POINTS = Decimal("0.08")
_BASES = ("contract", "cn_lpr", "cn_lpr_floating", "eu_directive")


@dataclass(frozen=True)
class RateTable:
    """A published reference rate: the dates it changed and the rate from each (fractions a year).

    Attributes
    ----------
    key : str
    name : dict
        ``{"zh": ..., "en": ...}``.
    source : str
    confirmed_through : Timestamp
        Last date the table is known to be complete for.
    changes : Series
        Rate (Decimal fraction, 0.0425 for 4.25 %) indexed by the first day it applied.
    """

    key: str
    name: dict
    source: str
    confirmed_through: pd.Timestamp
    changes: pd.Series


def _read_table(key, entry, where) -> RateTable:
    what = f"rate table {key!r}"
    check_keys(entry, ("name", "source", "confirmed_through", "changes"), required=("source", "confirmed_through",
                                                                                    "changes"), what=what)
    name = yaml_value(entry, "name", "mapping", what=what, default={"zh": key, "en": key})
    source = yaml_value(entry, "source", "text", what=what)
    through = entry["confirmed_through"]
    if not isinstance(through, (_dt.date, str)):
        raise ConfigError(f"{where}: {what} confirmed_through must be a date, got {through!r}")
    changes = yaml_value(entry, "changes", "mapping", what=what)
    dates, rates = [], []
    for d, r in changes.items():
        if not isinstance(d, (_dt.date, str)):
            raise ConfigError(f"{where}: {what} change date must be a date (YYYY-MM-DD), got {d!r}")
        value = yaml_value(changes, d, "number", what=f"{what} change {d}")
        if not 0 <= value <= 100:
            raise ConfigError(f"{where}: {what} rate on {d} must be a percentage between 0 and 100, got {value!r}")
        dates.append(pd.Timestamp(d))
        rates.append(to_decimal(value) / 100)
    if not dates:
        raise ConfigError(f"{where}: {what} has no rate changes")
    s = pd.Series(rates, index=pd.DatetimeIndex(dates), dtype=object).sort_index()
    if s.index.has_duplicates:
        raise ConfigError(f"{where}: {what} lists a date twice")
    return RateTable(key, dict(name), str(source).strip(), pd.Timestamp(through), s)


@lru_cache(maxsize=8)
def _shipped() -> dict:
    path = resources.files("creditkit.receivables") / "data" / "interest_rates.yaml"
    data = load_yaml(path, what="rate tables")
    return {k: _read_table(k, v, "interest_rates.yaml") for k, v in data.items()}


def rate_table(key="lpr_1y", *, path=None) -> RateTable:
    """A reference-rate table: ``"lpr_1y"``, ``"benchmark_1y"`` or ``"ecb_mro"``.

    Parameters
    ----------
    key : str, default "lpr_1y"
    path : str or Path, optional
        A YAML file with the same layout as the kit's ``interest_rates.yaml``
        (e.g. with fixings published after the kit's table ends).

    Examples
    --------
    >>> t = rate_table("lpr_1y")
    >>> str(t.changes.iloc[0]), t.changes.index[0].date()
    ('0.0425', datetime.date(2019, 8, 20))
    """
    if path is None:
        tables = _shipped()
    else:
        data = load_yaml(path, what="rate tables")
        tables = {k: _read_table(k, v, str(path)) for k, v in data.items()}
    if key not in tables:
        raise ValueError(f"key must be one of {sorted(tables)!r}, got {key!r}")
    return tables[key]


def rate_on(table: RateTable, date) -> Decimal:
    """The rate of ``table`` in force on ``date`` (a fraction a year).

    Raises
    ------
    ParameterError
        The date is before the table's first change or after ``confirmed_through``.

    Examples
    --------
    >>> str(rate_on(rate_table("lpr_1y"), "2020-07-01"))
    '0.0385'
    >>> str(rate_on(rate_table("benchmark_1y"), "2019-03-31"))
    '0.0435'
    """
    d = to_date(date, name="date")
    if d < table.changes.index[0]:
        raise ParameterError(f"{table.name.get('en', table.key)}: the kit's table starts on "
                             f"{table.changes.index[0].date()}, no rate for {d.date()}; pass the rate yourself")
    if d > table.confirmed_through:
        raise ParameterError(f"{table.name.get('en', table.key)}: the kit's table is confirmed through "
                             f"{table.confirmed_through.date()}, no rate for {d.date()}; pass base_rate= or "
                             "rates= a table with the newer fixings")
    return table.changes.iloc[int(table.changes.index.searchsorted(d, side="right")) - 1]


def cn_late_payment_rate(breach_date, *, uplift=0.5, rates=None) -> tuple[Decimal, Decimal, str]:
    """China's rate for late-payment losses without an agreed penalty (买卖合同司法解释第十八条).

    Parameters
    ----------
    breach_date : str or date
        First day of the breach (the day after the due date).
    uplift : float, default 0.5
        The 30–50 % added to the base (``0.3`` to ``0.5``).
    rates : str or Path, optional
        A rate file replacing the kit's tables.

    Returns
    -------
    (base, rate, table key)
        ``rate = base × (1 + uplift)``; the base is the one-year LPR for a
        breach on or after 2019-08-20, else the benchmark lending rate.

    Examples
    --------
    >>> base, rate, key = cn_late_payment_rate("2020-07-01")
    >>> str(base), str(rate), key
    ('0.0385', '0.05775', 'lpr_1y')
    >>> [str(x) for x in cn_late_payment_rate("2019-04-01", uplift=0.3)[:2]]
    ['0.0435', '0.05655']
    """
    u = to_decimal(uplift, name="uplift")
    if not Decimal("0.3") <= u <= Decimal("0.5"):
        raise ValueError(f"uplift must be between 0.3 and 0.5 (the rule's 30–50 %), got {uplift!r}")
    d = to_date(breach_date, name="breach_date")
    key = "lpr_1y" if d >= LPR_REFORM_DATE else "benchmark_1y"
    base = rate_on(rate_table(key, path=rates), d)
    return base, base * (1 + u), key


def eu_reference_rate(date, *, rates=None) -> Decimal:
    """The Directive 2011/7/EU reference rate for the half-year containing ``date``.

    The ECB main refinancing rate in force on 1 January applies to January–June,
    the one in force on 1 July to July–December.

    Examples
    --------
    >>> str(eu_reference_rate("2024-05-15")), str(eu_reference_rate("2024-09-15"))
    ('0.045', '0.0425')
    """
    d = to_date(date, name="date")
    start = pd.Timestamp(d.year, 1 if d.month <= 6 else 7, 1)
    return rate_on(rate_table("ecb_mro", path=rates), start)


@dataclass(frozen=True)
class LateInterest:
    """Late-payment interest traced to invoices.

    Attributes
    ----------
    table : DataFrame
        One row per slice of principal and rate period: ``customer_id,
        customer_name, doc_no, doc_date, due_date, principal_cents, start, end,
        days, settled_by`` (receipt number, or ``"open"``), ``base_rate``,
        ``rate`` (Decimal fractions), ``basis``, ``day_count``,
        ``interest_cents``.
    invoices : DataFrame
        One row per invoice paid or still open late: ``customer_id,
        customer_name, doc_no, due_date, principal_cents`` (late principal),
        ``days`` (longest), ``interest_cents``, ``compensation_cents`` (€40
        under the Directive, else 0) and ``claim_cents``.
    basis : str
    as_of : Timestamp
    untraced_cents : int
        Money applied to late invoices from unreferenced receipts, which
        accrues nothing because its date for the invoice is unknown.
    """

    table: pd.DataFrame
    invoices: pd.DataFrame
    basis: str
    as_of: pd.Timestamp
    untraced_cents: int

    @property
    def total_cents(self) -> int:
        """Interest plus compensation over all invoices (cents)."""
        return int(self.invoices["claim_cents"].sum())

    def by_customer(self) -> pd.DataFrame:
        """Interest, compensation and claim per customer (cents), largest claim first."""
        cols = ["principal_cents", "interest_cents", "compensation_cents", "claim_cents"]
        g = self.invoices.groupby(["customer_id", "customer_name"], sort=False)[cols].sum().reset_index()
        return g.sort_values("claim_cents", ascending=False, kind="stable").reset_index(drop=True)

    def note(self, lang: str = "zh") -> str:
        """The basis of the computation in one paragraph, for the report's method notes."""
        check_lang(lang)
        n = len(self.invoices)
        total = format_cents(self.total_cents)
        text = {
            "contract": {"zh": "按合同约定的违约金利率计算。", "en": "At the rate agreed in the contract."},
            "cn_lpr": {"zh": "合同未约定逾期付款违约金，依《最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释》（2020 修正）"
                             "第十八条：违约行为发生在 2019-08-20 之后的，以违约时一年期 LPR 为基础加计 30%–50%；之前的，以中国人民银行同期"
                             "同类贷款基准利率为基础，参照逾期罚息利率标准计算。利率在违约时确定，整个逾期期间不变。",
                       "en": "No agreed late-payment penalty: per the Supreme People's Court interpretation on sales "
                             "contracts (2020 amendment), art. 18, the one-year LPR at the breach plus 30–50 % "
                             "(breaches from 2019-08-20), or the PBOC benchmark lending rate on the overdue-penalty "
                             "standard (earlier breaches); the rate is fixed at the breach."},
            "cn_lpr_floating": {"zh": "按同期一年期贷款市场报价利率（LPR）计算，利率随每次报价调整（2019-08-20 之前的天数按中国人民银行"
                                      f"同期贷款基准利率）{self._uplift_zh()}。",
                                "en": "At the one-year loan prime rate (LPR) of each period, changing with each fixing "
                                      f"(the PBOC benchmark lending rate for days before 2019-08-20){self._uplift_en()}."},
            "eu_directive": {"zh": "依欧盟《逾期付款指令》2011/7/EU：欧洲央行主要再融资利率（1 月 1 日或 7 月 1 日有效者，逐半年调整）"
                                   "加 8 个百分点，另每张逾期发票固定补偿 40 欧元。",
                             "en": "Directive 2011/7/EU: the ECB main refinancing rate in force on 1 January or "
                                   "1 July (per half-year) plus 8 points, and a fixed €40 compensation per late "
                                   "invoice."},
        }[self.basis][lang]
        if lang == "zh":
            return (f"{text}单利，按 {self._day_count()} 天计年，自到期日次日起算至收款日（未收者至 {self.as_of.date()}）。"
                    f"共 {n} 张逾期发票，合计 {total}。未指定发票的收款核销部分（{format_cents(self.untraced_cents)}）"
                    "因无法确定其对应日期，不计利息。")
        return (f"{text} Simple interest on a {self._day_count()}-day year, from the day after the due date to the "
                f"day the money arrived (open items to {self.as_of.date()}). {n} late invoices, {total} in all. "
                f"Money applied from unreferenced receipts ({format_cents(self.untraced_cents)}) has no date for "
                "the invoice and accrues nothing.")

    def _uplift(self):
        if not len(self.table):
            return Decimal(0)
        r, b = self.table["rate"].iloc[0], self.table["base_rate"].iloc[0]
        return r / b - 1 if b else Decimal(0)

    def _uplift_zh(self):
        u = self._uplift()
        return f"，加计 {(u * 100).normalize():f}%" if u else ""

    def _uplift_en(self):
        u = self._uplift()
        return f", plus {(u * 100).normalize():f} %" if u else ""

    def _day_count(self):
        return int(self.table["day_count"].iloc[0]) if len(self.table) else 365


def _slices(t: pd.DataFrame, as_of: pd.Timestamp) -> tuple[pd.DataFrame, int]:
    """Late principal slices: (invoice, amount, end, settled_by), and the untraced applied amount."""
    oi = open_items(t, as_of=as_of).items
    inv = oi[oi["due_date"].notna() & oi["doc_type"].isin(["invoice", "debit_note"])].copy()
    inv = inv[inv["due_date"] < as_of]
    late_receipts = t[(t["doc_type"] == "receipt") & t["ref_doc_no"].notna() & (t["doc_date"] <= as_of)]
    late_receipts = late_receipts[["doc_no", "doc_date", "amount_cents", "ref_doc_no"]].rename(
        columns={"doc_no": "receipt_no", "doc_date": "receipt_date", "amount_cents": "receipt_cents"})
    m = late_receipts.merge(inv[["doc_no", "due_date", "amount_cents"]], left_on="ref_doc_no", right_on="doc_no")
    m = m.sort_values(["doc_no", "receipt_date", "receipt_no"], kind="stable")
    paid = -m["receipt_cents"].astype("int64")
    before = m.groupby("doc_no")["receipt_cents"].cumsum().mul(-1) - paid
    m["slice_cents"] = np.minimum(paid, np.maximum(m["amount_cents"] - before, 0)).astype("int64")
    m = m[(m["receipt_date"] > m["due_date"]) & (m["slice_cents"] > 0)]
    paid_rows = pd.DataFrame({"doc_no": m["doc_no"], "principal_cents": m["slice_cents"], "end": m["receipt_date"],
                              "settled_by": m["receipt_no"]})
    open_rows = pd.DataFrame({"doc_no": inv["doc_no"], "principal_cents": inv["open_cents"].astype("int64"),
                              "end": as_of, "settled_by": "open"})
    open_rows = open_rows[open_rows["principal_cents"] > 0]
    rows = pd.concat([paid_rows, open_rows], ignore_index=True)
    keys = ["customer_id", "customer_name", "doc_no", "doc_date", "due_date"]
    rows = rows.merge(inv[keys], on="doc_no", how="inner")[keys + ["principal_cents", "end", "settled_by"]]
    untraced = int(inv.loc[inv["due_date"] < as_of, "applied_cents"].sum())
    return rows, untraced


def _periods(start: pd.Timestamp, end: pd.Timestamp, half_years: bool):
    """[start, end] split at 1 January / 1 July when ``half_years``."""
    if not half_years:
        return [(start, end)]
    out, a = [], start
    while a <= end:
        nxt = pd.Timestamp(a.year, 7, 1) if a.month <= 6 else pd.Timestamp(a.year + 1, 1, 1)
        b = min(end, nxt - pd.Timedelta(days=1))
        out.append((a, b))
        a = nxt
    return out


def _lpr_periods(start: pd.Timestamp, end: pd.Timestamp, rates):
    """[start, end] split at each change of the rate in force (benchmark before the LPR reform, LPR from it)."""
    cuts = set()
    for key, lo, hi in (("benchmark_1y", start, min(end, LPR_REFORM_DATE - pd.Timedelta(days=1))),
                        ("lpr_1y", max(start, LPR_REFORM_DATE), end)):
        if lo > hi:
            continue
        idx = rate_table(key, path=rates).changes.index
        cuts.update(d for d in idx if lo < d <= hi)
        if key == "lpr_1y" and lo > start:
            cuts.add(lo)
    out, a = [], start
    for c in sorted(cuts):
        out.append((a, c - pd.Timedelta(days=1)))
        a = c
    out.append((a, end))
    return out


def _floating_rate(day, uplift, rates):
    key = "lpr_1y" if day >= LPR_REFORM_DATE else "benchmark_1y"
    base = rate_on(rate_table(key, path=rates), day)
    return base, base * (1 + uplift)


def late_interest(ledger, *, as_of, basis="cn_lpr", rate=None, daily_rate=None, uplift=0.5, day_count=365,
                  compensation=True, rates=None, customers=None) -> LateInterest:
    """Late-payment interest on a ledger's overdue invoices, traced per invoice.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger.
    as_of : str or date
        Open items accrue to this day; receipts after it are not seen.
    basis : {"cn_lpr", "cn_lpr_floating", "contract", "eu_directive"}, default "cn_lpr"
        The legal basis (see the module notes).
    rate : float, optional
        Contract basis: the agreed annual rate (0.12 for 12 % a year).
    daily_rate : float, optional
        Contract basis: the agreed daily rate instead (0.0005 for 万分之五 a day);
        interest is then ``principal × daily_rate × days``.
    uplift : float, default 0.5
        ``cn_lpr``: the 30–50 % added to the base (0.3–0.5);
        ``cn_lpr_floating``: 0 (the LPR itself) to 0.5.
    day_count : {365, 360}, default 365
    compensation : bool, default True
        ``eu_directive``: add the fixed €40 per late invoice.
    rates : str or Path, optional
        A rate file replacing the kit's tables (same layout).
    customers : list of str, optional
        Only these customer codes.

    Returns
    -------
    LateInterest

    Raises
    ------
    ParameterError
        A rate is needed for a date the shipped tables do not cover, or the
        contract basis lacks its rate.

    Examples
    --------
    100,000.00 due 2020-06-30 and unpaid a year later, no agreed penalty:
    LPR at the breach 3.85 % × 1.5 = 5.775 % for 365 days:

    >>> t = pd.DataFrame({"customer_id": ["K1"], "customer_name": ["甲公司"], "doc_type": ["invoice"],
    ...     "doc_no": ["I1"], "doc_date": pd.to_datetime(["2020-05-31"]), "due_date": pd.to_datetime(["2020-06-30"]),
    ...     "amount_cents": [10_000_000]})
    >>> r = late_interest(t, as_of="2021-06-30")
    >>> r.table[["days", "interest_cents"]].values.tolist(), str(r.table["rate"].iloc[0])
    ([[365, 577500]], '0.05775')
    """
    check_choice("basis", basis, _BASES)
    check_choice("day_count", day_count, (365, 360))
    as_of = to_date(as_of, name="as_of")
    t = validate_ledger(ledger, unique=False)
    if customers is not None:
        t = t[t["customer_id"].isin(list(customers))]
    if basis == "contract":
        if (rate is None) == (daily_rate is None):
            raise ParameterError("the contract basis needs exactly one of rate= (annual) or daily_rate=")
        fixed = to_decimal(rate if rate is not None else daily_rate, name="rate" if rate is not None else "daily_rate")
        if fixed < 0:
            raise ValueError(f"the contract rate must be ≥ 0, got {fixed}")
    elif rate is not None or daily_rate is not None:
        raise ParameterError(f"rate= and daily_rate= belong to basis='contract', not {basis!r}")
    if basis == "cn_lpr_floating":
        up = to_decimal(uplift, name="uplift")
        if not 0 <= up <= Decimal("0.5"):
            raise ValueError(f"uplift must be between 0 and 0.5 for basis='cn_lpr_floating', got {uplift!r}")
    slices, untraced = _slices(t, as_of)
    rows = []
    for s in slices.itertuples(index=False):
        start = s.due_date + pd.Timedelta(days=1)
        periods = _lpr_periods(start, s.end, rates) if basis == "cn_lpr_floating" and start <= s.end \
            else _periods(start, s.end, basis == "eu_directive")
        for a, b in periods:
            days = int((b - a).days) + 1
            if days <= 0:
                continue
            if basis == "contract":
                base, r = fixed, fixed
                factor = fixed * days if daily_rate is not None else fixed * days / day_count
            elif basis == "cn_lpr":
                base, r, _ = cn_late_payment_rate(start, uplift=uplift, rates=rates)
                factor = r * days / day_count
            elif basis == "cn_lpr_floating":
                base, r = _floating_rate(a, up, rates)
                factor = r * days / day_count
            else:
                base = eu_reference_rate(a, rates=rates)
                r = base + _EU_POINTS
                factor = r * days / day_count
            rows.append((s.customer_id, s.customer_name, s.doc_no, s.doc_date, s.due_date, int(s.principal_cents), a,
                         b, days, s.settled_by, base, r, basis, day_count,
                         cents_times(int(s.principal_cents), factor)))
    cols = ["customer_id", "customer_name", "doc_no", "doc_date", "due_date", "principal_cents", "start", "end",
            "days", "settled_by", "base_rate", "rate", "basis", "day_count", "interest_cents"]
    table = pd.DataFrame(rows, columns=cols)
    table["interest_cents"] = table["interest_cents"].astype("int64")
    table["principal_cents"] = table["principal_cents"].astype("int64")
    first = table.drop_duplicates(["doc_no", "start", "end", "settled_by"]) if len(table) else table
    keys = ["customer_id", "customer_name", "doc_no", "due_date"]
    inv = table.groupby(keys, sort=False).agg(interest_cents=("interest_cents", "sum"), days=("days", "max")) \
        .reset_index() if len(table) else pd.DataFrame(columns=keys + ["interest_cents", "days"])
    # a slice split into half-years is one principal: count it once (its first period)
    principal = first[first["start"] == first["due_date"] + pd.Timedelta(days=1)].groupby("doc_no")["principal_cents"].sum()
    if basis in ("eu_directive", "cn_lpr_floating"):
        span = table.groupby(["doc_no", "settled_by"])["days"].sum().groupby("doc_no").max()
        inv["days"] = inv["doc_no"].map(span).astype("int64")
    inv.insert(4, "principal_cents", inv["doc_no"].map(principal).fillna(0).astype("int64"))
    comp = EU_COMPENSATION_CENTS if basis == "eu_directive" and compensation else 0
    inv["compensation_cents"] = np.int64(comp)
    inv["interest_cents"] = inv["interest_cents"].astype("int64")
    inv["claim_cents"] = (inv["interest_cents"] + inv["compensation_cents"]).astype("int64")
    return LateInterest(table, inv.reset_index(drop=True), basis, as_of, untraced)
