"""Credit insurance and guarantees: what the cover costs against the loss it is expected to take.

The comparison is on expected values for one year of insured sales: premium
(or guarantee fee) against the part of the expected credit loss the cover
pays, less the cost of waiting for the claim. Cover also cuts the spread of
losses (one large default hurts more than many small ones); that is worth
something beyond the expected value and is left to judgement — the sentences
say so.

Money in Decimal from the inputs' decimal text, each shown amount rounded once
(half-up, to the cent) by :func:`creditkit.money.round_half_up`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from .._checks import check_number
from ..i18n import check_lang
from .trade_credit import BreakEven, _dec, _grid, _sensitivity, _yuan, money_text, pct_text

__all__ = ["CoverResult", "credit_insurance", "break_even_premium_rate", "guarantee_value"]


@dataclass(frozen=True)
class CoverResult:
    """Expected cost and benefit of credit cover.

    Attributes
    ----------
    components : dict
        Exact yuan amounts (Decimal): ``expected_loss``, ``expected_claim``,
        ``waiting_cost``, ``cost`` (premium or fee), ``retained_loss`` and
        ``net_benefit`` (= claim − waiting cost − cost).
    zh, en : str
        The sentences.
    """

    components: dict
    zh: str
    en: str

    @property
    def net_benefit(self) -> float:
        """Expected net benefit in yuan (rounded half-up to the cent)."""
        return _yuan(self.components["net_benefit"])

    @property
    def pays(self) -> bool:
        """True when the cover is worth more than it costs on expected values."""
        return self.components["net_benefit"] > 0

    def table(self, lang: str = "zh") -> pd.DataFrame:
        """The components in yuan with labels and separators."""
        check_lang(lang)
        names = {"zh": {"expected_loss": "预期信用损失", "expected_claim": "预期理赔/代偿", "waiting_cost": "等待期资金成本",
                        "cost": "保费/担保费", "retained_loss": "自留损失", "net_benefit": "预期净收益"},
                 "en": {"expected_loss": "Expected credit loss", "expected_claim": "Expected claim paid",
                        "waiting_cost": "Cost of the waiting period", "cost": "Premium / fee",
                        "retained_loss": "Loss kept", "net_benefit": "Expected net benefit"}}[lang]
        return pd.DataFrame([(names[k], _yuan(v), money_text(v)) for k, v in self.components.items()],
                            columns=["item", "yuan", "shown"])

    def sentence(self, lang: str = "zh") -> str:
        return {"zh": self.zh, "en": self.en}[check_lang(lang)]


def _insurance_parts(insured_sales, premium_rate, expected_loss_rate, coverage, deductible, waiting_days,
                     cost_of_capital, days_in_year):
    S = _dec("insured_sales", insured_sales, low=0)
    q = _dec("premium_rate", premium_rate, low=0, high=1)
    L = _dec("expected_loss_rate", expected_loss_rate, low=0, high=1)
    c = _dec("coverage", coverage, low=0, high=1)
    ded = _dec("deductible", deductible, low=0)
    w = Decimal(check_number("waiting_days", waiting_days, integer=True, low=0))
    k = _dec("cost_of_capital", cost_of_capital, low=0)
    Y = Decimal(check_number("days_in_year", days_in_year, integer=True, low=1))
    loss = S * L
    claim = c * max(loss - ded, Decimal(0))
    waiting = claim * k * w / Y
    return S, q, {"expected_loss": loss, "expected_claim": claim, "waiting_cost": waiting}


def credit_insurance(insured_sales, *, premium_rate, expected_loss_rate, coverage=0.9, deductible=0,
                     waiting_days=180, cost_of_capital=0.0, days_in_year=365) -> CoverResult:
    """Expected cost and benefit of trade-credit insurance for a year of insured sales.

    Parameters
    ----------
    insured_sales : float
        Credit sales the policy covers (yuan); the premium is charged on them.
    premium_rate : float
        Premium as a share of insured sales (e.g. 0.003 for 0.3 %).
    expected_loss_rate : float
        Expected credit loss as a share of insured sales (from the
        provision or the company's write-off history).
    coverage : float, default 0.9
        Share of an admitted loss the insurer pays (commonly 80–95 %).
    deductible : float, default 0
        Aggregate first loss kept by the insured each year (yuan).
    waiting_days : int, default 180
        Days from the loss to the claim payment (the policy's waiting period).
    cost_of_capital : float, default 0
        Annual cost of the money waiting for the claim.
    days_in_year : int, default 365

    Returns
    -------
    CoverResult

    Notes
    -----
    ``premium = S·q``; ``expected loss = S·L``; ``claim = c·max(S·L − deductible, 0)``;
    ``waiting cost = claim·k·w/Y``; ``net = claim − waiting cost − premium``.

    Examples
    --------
    20 million of insured sales, 0.3 % premium, 0.8 % expected loss, 90 % cover,
    a 20,000 first loss and 150 days' wait at 6 %:

    >>> r = credit_insurance(20_000_000, premium_rate=0.003, expected_loss_rate=0.008, coverage=0.9,
    ...                      deductible=20_000, waiting_days=150, cost_of_capital=0.06)
    >>> r.table("en")["shown"].tolist()
    ['160,000.00', '126,000.00', '3,106.85', '60,000.00', '34,000.00', '62,893.15']
    """
    S, q, parts = _insurance_parts(insured_sales, premium_rate, expected_loss_rate, coverage, deductible,
                                   waiting_days, cost_of_capital, days_in_year)
    premium = S * q
    comp = {"expected_loss": parts["expected_loss"], "expected_claim": parts["expected_claim"],
            "waiting_cost": parts["waiting_cost"], "cost": premium,
            "retained_loss": parts["expected_loss"] - parts["expected_claim"],
            "net_benefit": parts["expected_claim"] - parts["waiting_cost"] - premium}
    net = comp["net_benefit"]
    if net > 0:
        zh = (f"保费 {money_text(premium)} 元低于预期理赔 {money_text(comp['expected_claim'])} 元（扣除等待期成本后），"
              f"投保每年预期多得 {money_text(net)} 元，同时把大额坏账的冲击转给了保险公司。")
        en = (f"The premium of {money_text(premium)} is below the expected claim of {money_text(comp['expected_claim'])} "
              f"net of waiting: insuring gains {money_text(net)} a year on expectation and passes the shock of a large "
              "default to the insurer.")
    else:
        zh = (f"保费 {money_text(premium)} 元高于预期理赔 {money_text(comp['expected_claim'])} 元（扣除等待期成本后），"
              f"按期望值每年多花 {money_text(-net)} 元；只有当一笔大额坏账足以危及现金流时，这笔钱才值得花。")
        en = (f"The premium of {money_text(premium)} exceeds the expected claim of {money_text(comp['expected_claim'])} "
              f"net of waiting, costing {money_text(-net)} a year on expectation; it is worth paying only if one large "
              "default would endanger cash flow.")
    return CoverResult(comp, zh, en)


def break_even_premium_rate(insured_sales, *, expected_loss_rate, coverage=0.9, deductible=0, waiting_days=180,
                            cost_of_capital=0.0, days_in_year=365) -> BreakEven:
    """The premium rate at which credit insurance stops paying on expected values.

    Parameters
    ----------
    insured_sales, expected_loss_rate, coverage, deductible, waiting_days, cost_of_capital, days_in_year
        As in :func:`credit_insurance`.

    Returns
    -------
    BreakEven
        ``value`` = (expected claim − waiting cost) / insured sales; the table
        shows the net benefit at premium rates around it.

    Examples
    --------
    >>> b = break_even_premium_rate(20_000_000, expected_loss_rate=0.008, deductible=20_000,
    ...                             waiting_days=150, cost_of_capital=0.06)
    >>> pct_text(b.value, 4)
    '0.6145%'
    """
    S, _, parts = _insurance_parts(insured_sales, 0, expected_loss_rate, coverage, deductible, waiting_days,
                                   cost_of_capital, days_in_year)
    if S == 0:
        raise ValueError("insured_sales must be above 0 to solve for the premium rate")
    gain = parts["expected_claim"] - parts["waiting_cost"]
    value = gain / S

    def net(x):
        return gain - S * x

    table = _sensitivity("premium_rate", _grid(value if value > 0 else None), net)
    zh = (f"保费率低于 {pct_text(value, 3)}（每百万元投保销售额 {money_text(value * 1_000_000)} 元）时，按期望值投保划算；"
          "高于这一水平，投保的价值只在于防范大额坏账的冲击。")
    en = (f"Below a premium rate of {pct_text(value, 3)} ({money_text(value * 1_000_000)} per million of insured sales) "
          "the insurance pays on expected values; above it, its value lies only in guarding against a large default.")
    return BreakEven("premium_rate", value, table, zh, en)


def guarantee_value(exposure, *, fee_rate, default_probability, loss_given_default=1.0, coverage=1.0,
                    guarantor_default_probability=0.0) -> CoverResult:
    """Expected cost and benefit of a guarantee (担保) for one exposure.

    Parameters
    ----------
    exposure : float
        Amount at risk (yuan).
    fee_rate : float
        Guarantee fee as a share of the exposure.
    default_probability : float
        Probability the customer defaults within the period.
    loss_given_default : float, default 1.0
        Share of the exposure lost if it does.
    coverage : float, default 1.0
        Share of the loss the guarantee covers.
    guarantor_default_probability : float, default 0
        Probability the guarantor cannot pay when called.

    Returns
    -------
    CoverResult
        ``expected_claim`` is the loss the guarantee is expected to take over.

    Examples
    --------
    >>> g = guarantee_value(1_000_000, fee_rate=0.015, default_probability=0.05, loss_given_default=0.6,
    ...                     coverage=0.8, guarantor_default_probability=0.1)
    >>> g.net_benefit, g.pays
    (6600.0, True)
    """
    E = _dec("exposure", exposure, low=0)
    f = _dec("fee_rate", fee_rate, low=0, high=1)
    pd_ = _dec("default_probability", default_probability, low=0, high=1)
    lgd = _dec("loss_given_default", loss_given_default, low=0, high=1)
    c = _dec("coverage", coverage, low=0, high=1)
    pg = _dec("guarantor_default_probability", guarantor_default_probability, low=0, high=1)
    loss = E * pd_ * lgd
    claim = loss * c * (1 - pg)
    fee = E * f
    comp = {"expected_loss": loss, "expected_claim": claim, "waiting_cost": Decimal(0), "cost": fee,
            "retained_loss": loss - claim, "net_benefit": claim - fee}
    net = comp["net_benefit"]
    word_zh, word_en = ("划算", "pays") if net > 0 else ("不划算", "does not pay")
    zh = (f"担保费 {money_text(fee)} 元，预期由担保方承担的损失 {money_text(claim)} 元，按期望值{word_zh}"
          f"（净额 {money_text(net)} 元）；担保还能促使客户更重视付款。")
    en = (f"The guarantee fee of {money_text(fee)} against {money_text(claim)} of expected loss taken over by the "
          f"guarantor: it {word_en} on expected values (net {money_text(net)}); a guarantee also makes the customer "
          "take payment more seriously.")
    return CoverResult(comp, zh, en)
