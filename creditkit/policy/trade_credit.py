"""What trade credit costs: cash discounts, carrying receivables, bad debts and policy changes.

Every formula works in :class:`~decimal.Decimal` from the decimal text of its
inputs; money results are rounded once, half-up to the cent, by
:func:`creditkit.money.round_half_up`. Rates are returned unrounded as
Decimals (shown as percentages with two decimals).

Break-even solvers
------------------
The incremental profit of a credit-policy change (Brigham & Ehrhardt,
*Financial Management: Theory and Practice*, ch. 27, equations 27-1 to 27-3
for ΔI and ΔP; the same analysis in Brigham & Houston, *Fundamentals of
Financial Management*, ch. "Receivables management") is linear in the new bad-debt rate and in the new
discount, so the rate or discount at which the change stops paying is found
exactly: :func:`break_even_bad_debt_rate` and :func:`break_even_discount`.
Each result carries a sensitivity table and a sentence in Chinese and English
built from the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from .._checks import check_choice, check_number
from ..i18n import check_lang
from ..money import format_cents, round_half_up, to_decimal, yuan_to_cents

__all__ = [
    "DiscountCost",
    "PolicyChange",
    "BreakEven",
    "cost_of_forgoing_discount",
    "sales_to_recover_bad_debt",
    "receivables_carrying_cost",
    "credit_policy_change",
    "break_even_bad_debt_rate",
    "break_even_discount",
]


def _dec(name, value, *, low=None, high=None, low_open=False):
    """A number argument as a Decimal from its decimal text, checked like :func:`check_number`."""
    if isinstance(value, Decimal):
        d = to_decimal(value, name=name)  # refuses NaN and infinities
        if (low is not None and (d < low or (low_open and d == low))) or (high is not None and d > high):
            check_number(name, float(d), low=low, high=high, low_open=low_open)  # the usual message
        return d
    check_number(name, value, low=low, high=high, low_open=low_open)
    return to_decimal(value, name=name)


def _yuan(d: Decimal) -> float:
    """Decimal yuan rounded half-up to the cent (the one rounding of a money result)."""
    return float(round_half_up(d, 2))


def money_text(value) -> str:
    """Yuan as text with thousands separators and two decimals, rounded half-up once.

    Examples
    --------
    >>> money_text(Decimal("15931.5068"))
    '15,931.51'
    >>> money_text(-1234.5)
    '-1,234.50'
    """
    return format_cents(yuan_to_cents(round_half_up(to_decimal(value) if not isinstance(value, Decimal) else value, 2)))


def pct_text(rate, places: int = 2) -> str:
    """A rate as a percentage with ``places`` decimals (``0.372449`` → ``'37.24%'``).

    Examples
    --------
    >>> pct_text(Decimal("0.3724489"))
    '37.24%'
    """
    return f"{float(round_half_up(to_decimal(rate) * 100, places)):.{places}f}%"


# ----------------------------------------------------------------------------- cash discounts


@dataclass(frozen=True)
class DiscountCost:
    """Annual cost of not taking a cash discount.

    Attributes
    ----------
    discount, discount_days, net_days, pay_day : Decimal, int, int, int
        Terms ``d/D net N`` and the day the buyer actually pays (``M``).
    simple : Decimal
        Nominal annual rate ``d/(1−d) · Y/(M−D)``.
    compound : Decimal
        Effective annual rate ``(1 + d/(1−d))^(Y/(M−D)) − 1``.
    days_in_year : int
    """

    discount: Decimal
    discount_days: int
    net_days: int
    pay_day: int
    simple: Decimal
    compound: Decimal
    days_in_year: int

    def table(self, lang: str = "zh") -> pd.DataFrame:
        """The two rates, labelled, as percentages with two decimals."""
        check_lang(lang)
        names = {"zh": ["名义年利率（单利）", "实际年利率（复利）"], "en": ["Nominal annual rate (simple)",
                                                                 "Effective annual rate (compound)"]}[lang]
        return pd.DataFrame({"method": names, "formula": ["d/(1−d) × Y/(M−D)", "(1 + d/(1−d))^(Y/(M−D)) − 1"],
                             "rate": [pct_text(self.simple), pct_text(self.compound)]})

    def sentence(self, lang: str = "zh") -> str:
        """What the rate means for the buyer, from the numbers."""
        check_lang(lang)
        d, D, N, M = pct_text(self.discount, 0 if self.discount * 100 == int(self.discount * 100) else 2), \
            self.discount_days, self.net_days, self.pay_day
        late = M - N
        if lang == "zh":
            s = (f"条件 {d}/{D} 天、{N} 天付清：放弃折扣、到第 {M} 天付款，等于以年利率 {pct_text(self.simple)}"
                 f"（单利）/ {pct_text(self.compound)}（复利）借了 {M - D} 天的钱；"
                 "只要能以更低的利率借到资金，就应当在折扣期内付款。")
            if late > 0:
                s += f"（拖到第 {M} 天，比约定晚 {late} 天，成本虽降低，但损害信用记录。）"
            return s
        s = (f"On {d}/{D} net {N}, skipping the discount and paying on day {M} borrows for {M - D} days at "
             f"{pct_text(self.simple)} a year (simple) / {pct_text(self.compound)} (compound): take the discount "
             "whenever money can be borrowed for less.")
        if late > 0:
            s += f" (Paying {late} days after the net date lowers the cost but damages the payment record.)"
        return s


def cost_of_forgoing_discount(discount, discount_days, net_days, *, pay_day=None, days_in_year=365) -> DiscountCost:
    """Annual cost of not taking a cash discount ``d/D net N`` and paying on day ``M``.

    Parameters
    ----------
    discount : float, str or Decimal
        Discount as a fraction (``0.02`` for 2 %), ``0 < d < 1``.
    discount_days : int
        Days within which the discount may be taken (``D``).
    net_days : int
        Days by which the full amount is due (``N``), ``N > D``.
    pay_day : int, optional
        Day the buyer actually pays (``M``, default ``N``); ``M > N`` is paying
        late instead ("stretching"), which lowers the cost.
    days_in_year : int, default 365

    Returns
    -------
    DiscountCost

    Notes
    -----
    Simple (nominal): ``d/(1−d) · Y/(M−D)``; compound (effective):
    ``(1 + d/(1−d))^(Y/(M−D)) − 1`` (Brigham & Houston, "cost of trade
    credit"). Forgoing the discount means paying ``d/(1−d)`` of the net price
    to keep the money ``M − D`` more days.

    Examples
    --------
    >>> c = cost_of_forgoing_discount(0.02, 10, 30)
    >>> pct_text(c.simple), pct_text(c.compound)
    ('37.24%', '44.59%')
    >>> pct_text(cost_of_forgoing_discount(0.02, 10, 30, pay_day=60).simple)
    '14.90%'
    """
    d = _dec("discount", discount, low=0, high=1, low_open=True)
    if d >= 1:
        raise ValueError(f"discount must be below 1 (a fraction such as 0.02), got {discount!r}")
    D = check_number("discount_days", discount_days, integer=True, low=0)
    N = check_number("net_days", net_days, integer=True, low=1)
    if N <= D:
        raise ValueError(f"net_days must be after discount_days, got net_days={N} and discount_days={D}")
    M = N if pay_day is None else check_number("pay_day", pay_day, integer=True, low=1)
    if M <= D:
        raise ValueError(f"pay_day must be after discount_days ({D}), got {M}")
    Y = check_number("days_in_year", days_in_year, integer=True, low=1)
    per = d / (1 - d)
    periods = Decimal(Y) / Decimal(M - D)
    simple = per * periods
    compound = (1 + per) ** periods - 1
    return DiscountCost(d, int(D), int(N), int(M), simple, compound, int(Y))


def sales_to_recover_bad_debt(write_off, margin) -> float:
    """Sales needed to earn back a bad debt at a profit margin: ``write_off ÷ margin``.

    Parameters
    ----------
    write_off : float
        Amount written off (yuan), ≥ 0.
    margin : float
        Profit margin on sales as a fraction, ``0 < margin ≤ 1``.

    Returns
    -------
    float
        Yuan, rounded half-up to the cent.

    Examples
    --------
    A 10,000 yuan bad debt at a 5 % net margin takes 200,000 yuan of new sales:

    >>> sales_to_recover_bad_debt(10_000, 0.05)
    200000.0
    """
    w = _dec("write_off", write_off, low=0)
    m = _dec("margin", margin, low=0, high=1, low_open=True)
    return _yuan(w / m)


def receivables_carrying_cost(cost_of_sales, dso, cost_of_capital, *, days_in_year=365) -> float:
    """Annual cost of the money tied up in receivables: ``cost of sales × DSO/Y × k``.

    The receivable is financed at what the goods cost, not at their price, so
    the basis is the cost of sales (sales × variable-cost ratio).

    Parameters
    ----------
    cost_of_sales : float
        Annual cost of the goods sold on credit (yuan).
    dso : float
        Days sales outstanding.
    cost_of_capital : float
        Annual cost of capital as a fraction.
    days_in_year : int, default 365

    Examples
    --------
    7.3 million of annual cost of sales, DSO 45 days, capital at 10 %:

    >>> receivables_carrying_cost(7_300_000, 45, 0.10)
    90000.0
    """
    c = _dec("cost_of_sales", cost_of_sales, low=0)
    d = _dec("dso", dso, low=0)
    k = _dec("cost_of_capital", cost_of_capital, low=0)
    Y = check_number("days_in_year", days_in_year, integer=True, low=1)
    return _yuan(c * d / Y * k)


# ----------------------------------------------------------------------------- credit-policy change


_CHANGE_ARGS = ("sales_old", "sales_new", "variable_cost_ratio", "cost_of_capital", "dso_old", "dso_new",
                "bad_debt_old", "bad_debt_new", "discount_old", "discount_new", "discount_share_old",
                "discount_share_new", "days_in_year", "investment_basis")

INVESTMENT_BASES = ("incremental", "variable_cost")


@dataclass(frozen=True)
class PolicyChange:
    """Incremental analysis of a credit-policy change (Brigham & Houston).

    Attributes
    ----------
    inputs : dict
        The arguments, numbers as Decimals.
    investment_change : Decimal
        ΔI, the change in money tied up in receivables (yuan, exact).
    components : dict
        Exact yuan amounts: ``extra_contribution``, ``carrying_cost``,
        ``extra_bad_debt``, ``extra_discount`` and ``profit_change``
        (= contribution − carrying cost − bad debt − discount).
    """

    inputs: dict
    investment_change: Decimal
    components: dict

    @property
    def profit_change(self) -> float:
        """ΔP in yuan, rounded half-up to the cent."""
        return _yuan(self.components["profit_change"])

    def table(self, lang: str = "zh") -> pd.DataFrame:
        """The components with their sign, in yuan (rounded once each), and labels."""
        check_lang(lang)
        names = {
            "zh": {"extra_contribution": "增量边际贡献", "carrying_cost": "增量应收账款占用资金成本",
                   "extra_bad_debt": "增量坏账损失", "extra_discount": "增量现金折扣",
                   "profit_change": "税前利润变化"},
            "en": {"extra_contribution": "Extra contribution", "carrying_cost": "Carrying cost of extra receivables",
                   "extra_bad_debt": "Extra bad debts", "extra_discount": "Extra discounts",
                   "profit_change": "Change in pre-tax profit"}}[lang]
        sign = {"extra_contribution": 1, "carrying_cost": -1, "extra_bad_debt": -1, "extra_discount": -1,
                "profit_change": 1}
        rows = [(names[k], sign[k] * _yuan(v) if k != "profit_change" else _yuan(v),
                 money_text(sign[k] * v if k != "profit_change" else v)) for k, v in self.components.items()]
        return pd.DataFrame(rows, columns=["item", "yuan", "shown"])

    def sentence(self, lang: str = "zh") -> str:
        """Whether the change pays, from the numbers."""
        check_lang(lang)
        p = self.components["profit_change"]
        c = self.components
        if lang == "zh":
            verdict = "值得实施" if p > 0 else "不划算"
            return (f"新政策带来增量边际贡献 {money_text(c['extra_contribution'])} 元，扣除应收账款占用资金成本 "
                    f"{money_text(c['carrying_cost'])} 元、增量坏账 {money_text(c['extra_bad_debt'])} 元和增量折扣 "
                    f"{money_text(c['extra_discount'])} 元后，税前利润变化 {money_text(p)} 元：{verdict}。")
        verdict = "worth making" if p > 0 else "not worth making"
        return (f"The new policy adds {money_text(c['extra_contribution'])} of contribution; after "
                f"{money_text(c['carrying_cost'])} of carrying cost, {money_text(c['extra_bad_debt'])} of extra bad "
                f"debts and {money_text(c['extra_discount'])} of extra discounts, pre-tax profit changes by "
                f"{money_text(p)}: the change is {verdict}.")


def _change_inputs(kw) -> dict:
    v = {}
    for name in ("sales_old", "sales_new"):
        v[name] = _dec(name, kw[name], low=0)
    v["variable_cost_ratio"] = _dec("variable_cost_ratio", kw["variable_cost_ratio"], low=0, high=1)
    v["cost_of_capital"] = _dec("cost_of_capital", kw["cost_of_capital"], low=0)
    for name in ("dso_old", "dso_new"):
        v[name] = _dec(name, kw[name], low=0)
    for name in ("bad_debt_old", "bad_debt_new", "discount_old", "discount_new", "discount_share_old",
                 "discount_share_new"):
        v[name] = _dec(name, kw[name], low=0, high=1)
    v["days_in_year"] = Decimal(check_number("days_in_year", kw["days_in_year"], integer=True, low=1))
    v["investment_basis"] = check_choice("investment_basis", kw["investment_basis"], INVESTMENT_BASES)
    return v


def _profit(v) -> tuple[Decimal, dict]:
    S0, SN, V, r = v["sales_old"], v["sales_new"], v["variable_cost_ratio"], v["cost_of_capital"]
    Y = v["days_in_year"]
    if v["investment_basis"] == "variable_cost":  # every receivable at its variable cost
        dI = V * (v["dso_new"] * SN - v["dso_old"] * S0) / Y
    elif SN >= S0:  # old sales at full value, extra sales at their variable cost
        dI = (v["dso_new"] - v["dso_old"]) * S0 / Y + V * v["dso_new"] * (SN - S0) / Y
    else:  # sales fall: the lost sales release their variable cost at the old DSO
        dI = (v["dso_new"] - v["dso_old"]) * SN / Y + V * v["dso_old"] * (SN - S0) / Y
    comp = {
        "extra_contribution": (SN - S0) * (1 - V),
        "carrying_cost": r * dI,
        "extra_bad_debt": v["bad_debt_new"] * SN - v["bad_debt_old"] * S0,
        "extra_discount": v["discount_new"] * SN * v["discount_share_new"]
        - v["discount_old"] * S0 * v["discount_share_old"],
    }
    comp["profit_change"] = comp["extra_contribution"] - comp["carrying_cost"] - comp["extra_bad_debt"] \
        - comp["extra_discount"]
    return dI, comp


def credit_policy_change(*, sales_old, sales_new, variable_cost_ratio, cost_of_capital, dso_old, dso_new,
                         bad_debt_old=0, bad_debt_new=0, discount_old=0, discount_new=0, discount_share_old=0,
                         discount_share_new=0, days_in_year=365, investment_basis="incremental") -> PolicyChange:
    """Incremental pre-tax profit of a change in credit policy (Brigham & Houston).

    Parameters
    ----------
    sales_old, sales_new : float
        Annual gross sales before and after the change (yuan).
    variable_cost_ratio : float
        Variable costs as a share of sales (``V``).
    cost_of_capital : float
        Annual cost of the money invested in receivables (``r``).
    dso_old, dso_new : float
        Days sales outstanding before and after.
    bad_debt_old, bad_debt_new : float, default 0
        Bad debts as a share of *total* sales before and after (``B₀``, ``B_N``).
    discount_old, discount_new : float, default 0
        Cash discount offered (``D₀``, ``D_N``).
    discount_share_old, discount_share_new : float, default 0
        Share of sales on which customers take the discount (``P₀``, ``P_N``).
    days_in_year : int, default 365
    investment_basis : {"incremental", "variable_cost"}, default "incremental"
        How the money tied up in receivables is valued. ``"incremental"``:
        Brigham's incremental equations (below), the receivables of the old
        sales at their full value and those of the extra sales at their
        variable cost. ``"variable_cost"``: every receivable at its variable
        cost, ``I = V·DSO·S/Y`` under each policy, as in the income-statement
        approach (pro forma statements under the old and new policy, "cost of
        carrying receivables = DSO × sales/Y × V × r").

    Returns
    -------
    PolicyChange

    Notes
    -----
    When sales rise, ``ΔI = (DSO_N − DSO₀)·S₀/Y + V·DSO_N·(S_N − S₀)/Y``;
    when they fall, ``ΔI = (DSO_N − DSO₀)·S_N/Y + V·DSO₀·(S_N − S₀)/Y``. Then
    ``ΔP = (S_N − S₀)(1 − V) − r·ΔI − (B_N·S_N − B₀·S₀) − (D_N·S_N·P_N − D₀·S₀·P₀)``.
    With ``investment_basis="variable_cost"``,
    ``ΔI = V·(DSO_N·S_N − DSO₀·S₀)/Y`` whichever way sales move.

    Examples
    --------
    Brigham's Stylish Fashions: a cash-only shop offers 30-day terms; sales
    rise from 100,000 to 150,000, V = 60 %, r = 10 %, bad debts 2 % of sales:

    >>> c = credit_policy_change(sales_old=100_000, sales_new=150_000, variable_cost_ratio=0.6,
    ...                          cost_of_capital=0.10, dso_old=0, dso_new=30, bad_debt_new=0.02)
    >>> round(float(c.investment_change), 2), c.profit_change
    (10684.93, 15931.51)
    """
    v = _change_inputs(dict(sales_old=sales_old, sales_new=sales_new, variable_cost_ratio=variable_cost_ratio,
                            cost_of_capital=cost_of_capital, dso_old=dso_old, dso_new=dso_new,
                            bad_debt_old=bad_debt_old, bad_debt_new=bad_debt_new, discount_old=discount_old,
                            discount_new=discount_new, discount_share_old=discount_share_old,
                            discount_share_new=discount_share_new, days_in_year=days_in_year,
                            investment_basis=investment_basis))
    dI, comp = _profit(v)
    return PolicyChange(v, dI, comp)


# ----------------------------------------------------------------------------- break-even solvers


@dataclass(frozen=True)
class BreakEven:
    """Where a decision stops paying, with a sensitivity table and a sentence.

    Attributes
    ----------
    name : str
        What was solved for (``"bad_debt_new"``, ``"discount_new"``, ``"premium_rate"``).
    value : Decimal or None
        The break-even value (None when no value in the admissible range works).
    table : DataFrame
        ``value`` (the rate tried), ``shown`` (as a percentage), ``net_yuan``
        (the resulting profit or net benefit) and ``pays`` (net > 0).
    zh, en : str
        The sentences (see :meth:`sentence`).
    """

    name: str
    value: Decimal | None
    table: pd.DataFrame
    zh: str
    en: str

    def sentence(self, lang: str = "zh") -> str:
        """What the break-even means, in ``lang``."""
        return {"zh": self.zh, "en": self.en}[check_lang(lang)]


def _grid(center, *, low=Decimal(0), high=Decimal(1), n=9) -> list[Decimal]:
    """Rates around ``center``: ``center × (0.25, 0.5, …, 1.75)``, inside [low, high], in 4 decimals."""
    base = center if center is not None and center > 0 else Decimal("0.01")
    points = {min(max((base * Decimal(k) / 4).quantize(Decimal("0.0001")), low), high) for k in range(1, n + 1)}
    points.add(base.quantize(Decimal("0.0001")) if base <= high else high)
    return sorted(points)


def _sensitivity(name, values, net_of):
    nets = [net_of(x) for x in values]
    return pd.DataFrame({"value": [float(x) for x in values], "shown": [pct_text(x) for x in values],
                         "net_yuan": [_yuan(n) for n in nets], "pays": [bool(n > 0) for n in nets]})


def _change_kwargs(kw, drop):
    if drop in kw:
        raise TypeError(f"{drop} is what the break-even solves for; leave it out")
    full = dict(bad_debt_old=0, bad_debt_new=0, discount_old=0, discount_new=0, discount_share_old=0,
                discount_share_new=0, days_in_year=365, investment_basis="incremental")
    full.update(kw)
    unknown = set(full) - set(_CHANGE_ARGS)
    if unknown:
        raise TypeError(f"unexpected argument(s) {sorted(unknown)!r}; expected the arguments of credit_policy_change")
    missing = [k for k in _CHANGE_ARGS if k not in full and k != drop]
    if missing:
        raise TypeError(f"missing argument(s) {missing!r}")
    full[drop] = 0
    return full


def break_even_bad_debt_rate(**policy) -> BreakEven:
    """The highest bad-debt rate a looser credit policy can bear before it stops paying.

    Parameters
    ----------
    **policy
        The arguments of :func:`credit_policy_change` except ``bad_debt_new``.

    Returns
    -------
    BreakEven
        ``value`` is ``B_N*`` with ``ΔP(B_N*) = 0``; ``None`` when even a zero
        bad-debt rate loses money. The table shows ΔP for rates around it.

    Notes
    -----
    ΔP is linear in ``B_N``: ``B_N* = (ΔP(B_N = 0)) / S_N``.

    Examples
    --------
    >>> b = break_even_bad_debt_rate(sales_old=100_000, sales_new=150_000, variable_cost_ratio=0.6,
    ...                              cost_of_capital=0.10, dso_old=0, dso_new=30)
    >>> pct_text(b.value)
    '12.62%'
    """
    kw = _change_kwargs(policy, "bad_debt_new")
    v = _change_inputs(kw)
    _, comp0 = _profit(v)
    SN = v["sales_new"]
    if SN == 0:
        raise ValueError("sales_new must be above 0 to solve for the bad-debt rate")
    star = comp0["profit_change"] / SN
    value = star if 0 <= star <= 1 else (Decimal(1) if star > 1 else None)

    def net(x):
        return comp0["profit_change"] - x * SN

    table = _sensitivity("bad_debt_new", _grid(value), net)
    one_point = money_text(SN / 100)
    if value is None:
        zh = "即使新政策下没有任何坏账，放宽信用政策也会减少利润：增量边际贡献不足以抵付资金占用和折扣成本。"
        en = ("Even with no bad debts at all the looser policy loses money: the extra contribution does not cover "
              "the carrying cost and discounts.")
    else:
        zh = (f"只要新政策下坏账率不超过 {pct_text(value)}（占全部销售额），放宽信用政策就仍然划算；"
              f"坏账率每高 1 个百分点，税前利润减少 {one_point} 元。")
        en = (f"The looser policy pays as long as bad debts stay at or below {pct_text(value)} of total sales; "
              f"each extra percentage point of bad debts costs {one_point} of pre-tax profit.")
    return BreakEven("bad_debt_new", value, table, zh, en)


def break_even_discount(**policy) -> BreakEven:
    """The cash discount that just pays for itself under a proposed policy.

    Parameters
    ----------
    **policy
        The arguments of :func:`credit_policy_change` except ``discount_new``;
        ``discount_share_new`` (the share of sales expected to take the
        discount) must be above 0.

    Returns
    -------
    BreakEven
        ``value`` is the largest discount ``D_N*`` with ``ΔP ≥ 0``: what the
        faster collection, lower bad debts and extra sales are worth per yuan of
        discounted sales. ``None`` when the change loses money with no discount.

    Examples
    --------
    Offering a discount cuts DSO from 60 to 20 days on 10 million of sales,
    half of which takes it, with capital at 12 %:

    >>> b = break_even_discount(sales_old=10_000_000, sales_new=10_000_000, variable_cost_ratio=0.7,
    ...                         cost_of_capital=0.12, dso_old=60, dso_new=20, discount_share_new=0.5)
    >>> pct_text(b.value)
    '2.63%'
    """
    kw = _change_kwargs(policy, "discount_new")
    v = _change_inputs(kw)
    SP = v["sales_new"] * v["discount_share_new"]
    if SP == 0:
        raise ValueError("discount_share_new and sales_new must be above 0 to solve for the discount")
    _, comp0 = _profit(v)
    star = comp0["profit_change"] / SP
    value = star if 0 <= star < 1 else (None if star < 0 else Decimal("0.9999"))

    def net(x):
        return comp0["profit_change"] - x * SP

    table = _sensitivity("discount_new", _grid(value, high=Decimal("0.9999")), net)
    if value is None:
        zh = "即使不给折扣，这一政策调整也会减少利润，折扣无从谈起。"
        en = "The change loses money even without a discount, so no discount can pay for itself."
    else:
        zh = (f"现金折扣不超过 {pct_text(value)} 时，提前回款（DSO 从 {float(v['dso_old']):g} 天降到 "
              f"{float(v['dso_new']):g} 天）、坏账与销量的变化带来的收益足以抵付折扣成本；"
              f"超过这一水平，折扣就是在白送钱。")
        en = (f"A cash discount of up to {pct_text(value)} pays for itself through faster collection (DSO from "
              f"{float(v['dso_old']):g} to {float(v['dso_new']):g} days) and the changes in bad debts and sales; "
              "a larger discount gives money away.")
    return BreakEven("discount_new", value, table, zh, en)
