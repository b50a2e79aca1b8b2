"""The facts of a case, computed from its world, and the sentences a case report says about them.

:func:`case_facts` runs the kit's tools over a world — aging and its trend,
provision, the evaluation of the largest customers, the month-end warning
timeline, the profit cost of the overdue, collection actions — and
:func:`case_sentences` turns the figures into short paragraphs in Chinese or
English. Nothing in a sentence is typed in by hand: another seed gives another
world and another true story.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_number
from ..i18n import check_lang, label_or_name
from ..money import format_cents
from ..receivables.aging import age_receivables
from ..receivables.metrics import aging_trend
from ..receivables.provision import aging_schedule_provision
from .analysis import (FLAG_SHARE, OverdueCost, evaluate_world_customer, overdue_cost, payment_features,
                       warning_timeline)
from .generator import BAD_TYPES, CaseWorld

__all__ = ["PROVISION_RATES", "COLLECTION_LADDER", "CaseFacts", "case_facts", "case_sentences",
           "manufacturing_sentences", "retail_sentences",
           "collection_actions"]

#: Provision rate of each default aging bucket (not due, 1-30, 31-60, 61-90, 91-180, 181-365, >365).
PROVISION_RATES = (0.01, 0.03, 0.05, 0.10, 0.30, 0.50, 1.00)

#: Collection escalation by the oldest days overdue: (up to days, action key).
COLLECTION_LADDER = ((30, "call_reminder"), (60, "statement_and_letter"), (90, "stop_shipments_visit"),
                     (10**6, "legal_action"))


def collection_actions(features: pd.DataFrame) -> pd.DataFrame:
    """The next collection action for every customer with an overdue balance, by its oldest days overdue.

    Escalation (:data:`COLLECTION_LADDER`): up to 30 days a reminder call; 31–60
    a statement of account and a collection letter; 61–90 stop shipments and
    visit; beyond 90 a lawyer's letter, suit or insurance claim.

    Parameters
    ----------
    features : DataFrame
        :func:`~creditkit.cases.analysis.payment_features`.

    Returns
    -------
    DataFrame
        ``customer_id, overdue_cents, max_days_overdue, action``, largest overdue first.

    Examples
    --------
    >>> f = pd.DataFrame({"overdue_cents": [500, 0, 900], "max_days_overdue": [45.0, 0.0, 120.0]},
    ...                  index=pd.Index(["A", "B", "C"], name="customer_id"))
    >>> collection_actions(f)[["customer_id", "action"]].values.tolist()
    [['C', 'legal_action'], ['A', 'statement_and_letter']]
    """
    f = features[features["overdue_cents"] > 0]
    edges = [e for e, _ in COLLECTION_LADDER]
    step = np.searchsorted(edges, f["max_days_overdue"].to_numpy(), side="left")
    out = pd.DataFrame({"customer_id": f.index, "overdue_cents": f["overdue_cents"].to_numpy(dtype="int64"),
                        "max_days_overdue": f["max_days_overdue"].to_numpy(),
                        "action": [COLLECTION_LADDER[i][1] for i in step]})
    return out.sort_values(["overdue_cents", "customer_id"], ascending=[False, True], kind="stable") \
        .reset_index(drop=True)


@dataclass(frozen=True)
class CaseFacts:
    """Every figure a case report states, in cents, shares and months.

    Attributes
    ----------
    company, case : str
    start, as_of : Timestamp
    months, n_customers, n_invoices : int
    sales_cents, open_cents, overdue_cents, over_90_cents : int
    overdue_share, over_90_share : float
    overdue_share_before : float
        Overdue share at the month end twelve months before ``as_of`` (or the
        third month end of the period when it is shorter).
    before : Timestamp
        That month end.
    over_limit : int
        Customers whose open balance exceeds their granted limit.
    over_limit_cents : int
        By how much, in total.
    top_rep, top_rep_share : str, float
        The sales rep with the largest overdue balance and its share of all overdue.
    aging : AgingResult
    trend : DataFrame
        Month-end aging totals over the period.
    provision_cents : int
    cost : OverdueCost
        Profit cost of the provision and of carrying the overdue.
    key_customers : DataFrame
        The largest balances evaluated: ``customer_id, customer_name, grade,
        open_cents, granted_limit_cents, recommended_limit_cents, granted_terms,
        recommended_terms``.
    looser_than_policy : int
        Key customers granted more than the policy recommends.
    excess_limit_cents : int
        Granted minus recommended, summed over those.
    shorter_terms : int
        Key customers whose recommended terms are shorter than granted.
    timeline : DataFrame
        :func:`~creditkit.cases.analysis.warning_timeline`.
    flagged : int
        Customers the month-end aging flagged at least once.
    flagged_now : int
        Customers flagged at ``as_of``.
    actions : DataFrame
        :func:`collection_actions`.
    features : DataFrame
        Payment features at ``as_of``.
    nature_overdue : DataFrame
        Open and overdue amounts and overdue share by enterprise nature
        (``nature, open_cents, overdue_cents, overdue_share``), highest share first.
    weakening : dict
        Statements of the customers flagged at ``as_of`` against the others:
        ``flagged`` and ``others`` (counts), ``flagged_cr_down`` / ``others_cr_down``
        (share whose current ratio fell in the latest year),
        ``flagged_profit_down`` / ``others_profit_down`` (share whose net profit fell).
    answer : dict
        From the answer key, for the trainer: ``bads`` (deteriorating and
        defaulting customers), ``bads_flagged``, ``median_lag`` (months from
        turn to first flag), ``flagged_before_turn``, ``false_alarms`` (good
        customers ever flagged), ``top_rep_bads`` (bad payers among the top
        rep's customers).
    margin, cost_of_capital : float
    """

    company: str
    case: str
    start: pd.Timestamp
    as_of: pd.Timestamp
    months: int
    n_customers: int
    n_invoices: int
    sales_cents: int
    open_cents: int
    overdue_cents: int
    over_90_cents: int
    overdue_share: float
    over_90_share: float
    overdue_share_before: float
    before: pd.Timestamp
    over_limit: int
    over_limit_cents: int
    top_rep: str
    top_rep_share: float
    aging: object
    trend: pd.DataFrame
    provision_cents: int
    cost: OverdueCost
    key_customers: pd.DataFrame
    looser_than_policy: int
    excess_limit_cents: int
    shorter_terms: int
    timeline: pd.DataFrame
    flagged: int
    flagged_now: int
    actions: pd.DataFrame
    features: pd.DataFrame
    nature_overdue: pd.DataFrame
    weakening: dict
    answer: dict
    margin: float
    cost_of_capital: float

    def record(self) -> dict:
        """The figures as plain values (for ``ck.reports.record`` and tests)."""
        keys = ("months", "n_customers", "n_invoices", "sales_cents", "open_cents", "overdue_cents", "over_90_cents",
                "overdue_share", "over_90_share", "overdue_share_before", "over_limit", "over_limit_cents",
                "top_rep", "top_rep_share", "provision_cents", "looser_than_policy", "excess_limit_cents",
                "shorter_terms", "flagged", "flagged_now")
        out = {k: getattr(self, k) for k in keys}
        out["sales_to_recover_cents"] = self.cost.sales_to_recover_cents
        out["carrying_cost_cents"] = self.cost.carrying_cost_cents
        out["actions"] = self.actions["action"].value_counts().sort_index().to_dict()
        out["weakening"] = dict(self.weakening)
        out["nature_overdue"] = self.nature_overdue.to_dict(orient="records")
        out["answer"] = dict(self.answer)
        return out


def _overdue_share(row: pd.Series) -> float:
    return float((row["total"] - row["not_due"]) / row["total"]) if row["total"] else 0.0


def case_facts(world: CaseWorld, *, margin: float = 0.05, cost_of_capital: float = 0.06, top: int = 8) -> CaseFacts:
    """Run the kit's tools over a case world and collect the figures its report states.

    Parameters
    ----------
    world : CaseWorld
    margin : float, default 0.05
        The selling company's net margin on sales (for the sales needed to
        recover a bad debt).
    cost_of_capital : float, default 0.06
        Annual financing rate (for the cost of carrying the overdue).
    top : int, default 8
        How many of the largest balances are evaluated in full.

    Returns
    -------
    CaseFacts

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> f = case_facts(load_case("manufacturing", n_customers=6, months=12, start="2024-07-01"))
    >>> f.open_cents == int(f.aging.totals()["total"]), 0 <= f.overdue_share <= 1
    (True, True)
    """
    if not isinstance(world, CaseWorld):
        raise TypeError(f"world must be a CaseWorld, got {type(world).__name__}")
    margin = check_number("margin", margin, low=0, high=1, low_open=True)
    cost_of_capital = check_number("cost_of_capital", cost_of_capital, low=0, high=1)
    top = check_number("top", top, low=1, integer=True)
    t, as_of = world.ledger, world.as_of
    start = pd.Timestamp(world.parameters["start"])
    inv = t[t["doc_type"] == "invoice"]
    aging = age_receivables(t, as_of=as_of)
    tot = aging.totals()
    over_90 = int(sum(tot[c] for c in aging.labels[4:]))
    trend = aging_trend(t, start=start + pd.DateOffset(months=2), end=as_of)
    before = max(trend.index[0], (as_of - pd.DateOffset(months=12)) + pd.offsets.MonthEnd(0))
    before = trend.index[trend.index.get_indexer([before], method="nearest")[0]]

    features = payment_features(t, as_of=as_of)
    cust = world.customers.set_index("customer_id")
    over = features["open_cents"] - cust["limit_cents"].reindex(features.index)
    reps = aging.by_sales_rep()
    reps["overdue"] = reps["total"] - reps["not_due"]
    top_rep = reps.sort_values(["overdue", "sales_rep"], ascending=[False, True]).iloc[0]
    all_overdue = int(reps["overdue"].sum())

    prov = aging_schedule_provision(aging, list(PROVISION_RATES[: len(aging.labels)]))
    overdue = int(tot["total"] - tot["not_due"])
    weighted_days = float((features["days_beyond_terms"] * features["overdue_cents"]).sum() / overdue) if overdue else 0.0
    cost = overdue_cost(prov.total_cents, margin=margin, overdue_cents=overdue, cost_of_capital=cost_of_capital,
                        days=round(weighted_days, 1))

    biggest = features.sort_values(["open_cents"], ascending=False).head(top).index
    rows = []
    for cid in biggest:
        ev = evaluate_world_customer(world, cid, features=features)
        rows.append((cid, cust.loc[cid, "customer_name"], ev.rating.grade, ev.exposure_cents, ev.granted_limit_cents,
                     ev.recommended_limit_cents, ev.granted_terms_days, ev.terms_days))
    key = pd.DataFrame(rows, columns=["customer_id", "customer_name", "grade", "open_cents", "granted_limit_cents",
                                      "recommended_limit_cents", "granted_terms", "recommended_terms"])
    loose = key["granted_limit_cents"] > key["recommended_limit_cents"]

    tl = warning_timeline(world)
    now = features.index[features["overdue_30_share"] > FLAG_SHARE]
    bads = tl[tl["hidden_type"].isin(BAD_TYPES)]
    ak = world.answer_key.set_index("customer_id")
    top_rep_customers = cust.index[cust["sales_rep"] == top_rep["sales_rep"]]
    answer = {
        "bads": int(len(bads)), "bads_flagged": int((bads["first_flag"] != "").sum()),
        "median_lag": float(bads["lag_months"].median()) if bads["lag_months"].notna().any() else float("nan"),
        "flagged_before_turn": int((bads["lag_months"] < 0).sum()),
        "false_alarms": int(((tl["hidden_type"] == "good") & (tl["flags"] > 0)).sum()),
        "top_rep_customers": int(len(top_rep_customers)),
        "top_rep_bads": int(ak.loc[top_rep_customers, "hidden_type"].isin([*BAD_TYPES, "disputing"]).sum()),
    }
    nat = world.customers.set_index("customer_id")[["nature"]].join(features[["open_cents", "overdue_cents"]])
    nat = nat.fillna(0).groupby("nature")[["open_cents", "overdue_cents"]].sum().astype("int64")
    nat = nat[nat["open_cents"] > 0]
    nat["overdue_share"] = nat["overdue_cents"] / nat["open_cents"]
    nat = nat.sort_values(["overdue_share"], ascending=False).reset_index()
    weakening = _weakening(world, set(now))
    return CaseFacts(
        company=world.company, case=world.case, start=start, as_of=as_of, months=int(world.parameters["months"]),
        n_customers=int(len(world.customers)), n_invoices=int(len(inv)), sales_cents=int(inv["amount_cents"].sum()),
        open_cents=int(tot["total"]), overdue_cents=overdue, over_90_cents=over_90,
        overdue_share=overdue / int(tot["total"]) if tot["total"] else 0.0,
        over_90_share=over_90 / int(tot["total"]) if tot["total"] else 0.0,
        overdue_share_before=_overdue_share(trend.loc[before]), before=before,
        over_limit=int((over > 0).sum()), over_limit_cents=int(over[over > 0].sum()),
        top_rep=str(top_rep["sales_rep"]), top_rep_share=int(top_rep["overdue"]) / all_overdue if all_overdue else 0.0,
        aging=aging, trend=trend, provision_cents=int(prov.total_cents), cost=cost, key_customers=key,
        looser_than_policy=int(loose.sum()),
        excess_limit_cents=int((key["granted_limit_cents"] - key["recommended_limit_cents"])[loose].sum()),
        shorter_terms=int((key["recommended_terms"] < key["granted_terms"]).sum()), timeline=tl,
        flagged=int((tl["flags"] > 0).sum()), flagged_now=int(len(now)), actions=collection_actions(features),
        features=features, nature_overdue=nat, weakening=weakening, answer=answer, margin=margin, cost_of_capital=cost_of_capital,
    )


def _weakening(world: CaseWorld, flagged: set) -> dict:
    st = world.statements
    years = sorted(st["year"].unique())
    if len(years) < 2:
        return {"flagged": 0, "others": 0, "flagged_cr_down": float("nan"), "others_cr_down": float("nan"),
                "flagged_profit_down": float("nan"), "others_profit_down": float("nan")}
    w = st[st["year"].isin(years[-2:])].pivot_table(index="customer_id", columns=["item", "year"], values="value")
    cr = w["流动资产合计"] / w["流动负债合计"]
    cr_down = cr[years[-1]] < cr[years[-2]]
    profit_down = w["净利润"][years[-1]] < w["净利润"][years[-2]]
    is_flagged = cr_down.index.isin(sorted(flagged))

    def share(x, m):
        return float(x[m].mean()) if m.any() else float("nan")

    return {"flagged": int(is_flagged.sum()), "others": int((~is_flagged).sum()),
            "flagged_cr_down": share(cr_down, is_flagged), "others_cr_down": share(cr_down, ~is_flagged),
            "flagged_profit_down": share(profit_down, is_flagged), "others_profit_down": share(profit_down, ~is_flagged)}


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _yuan(cents: int, lang: str) -> str:
    return f"{format_cents(cents)} 元" if lang == "zh" else f"CNY {format_cents(cents)}"


def case_sentences(facts: CaseFacts, lang: str = "zh") -> dict:
    """The paragraphs of a case report, built from its facts.

    Returns
    -------
    dict
        ``overview``, ``nature``, ``loose_credit``, ``signals``, ``statements``, ``cost``, ``limits``,
        ``collection`` (for everyone) and ``trainer`` (uses the answer key):
        Markdown text in ``lang``.

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> s = case_sentences(case_facts(load_case("manufacturing", n_customers=6, months=12, start="2024-07-01")), "en")
    >>> s["overview"].startswith("From 2024-07-01 to 2025-06-30")
    True
    """
    lang = check_lang(lang)
    f, y = facts, (lambda c: _yuan(c, lang))
    d0, d1, before = f"{f.start:%Y-%m-%d}", f"{f.as_of:%Y-%m-%d}", f"{f.before:%Y-%m-%d}"
    up = f.overdue_share > f.overdue_share_before
    acts = f.actions["action"].value_counts()
    legal = int(acts.get("legal_action", 0))
    legal_cents = int(f.actions.loc[f.actions["action"] == "legal_action", "overdue_cents"].sum())
    a = f.answer
    nat, wk = f.nature_overdue, f.weakening
    hi, lo = nat.iloc[0], nat.iloc[-1]
    lag = "—" if np.isnan(a["median_lag"]) else f"{a['median_lag']:.0f}"
    if lang == "zh":
        return {
            "overview": (f"{d0} 至 {d1} 的 {f.months} 个月里，{f.company}向 {f.n_customers} 家客户开出 "
                         f"{f.n_invoices:,} 张发票，合计 {y(f.sales_cents)}。到 {d1}，应收余额 {y(f.open_cents)}，"
                         f"其中已逾期 {y(f.overdue_cents)}（{_pct(f.overdue_share)}），逾期 90 天以上 "
                         f"{y(f.over_90_cents)}（{_pct(f.over_90_share)}）。{before} 时逾期占比为 "
                         f"{_pct(f.overdue_share_before)}，此后{'上升' if up else '没有上升'}。"),
            "nature": (f"按企业性质看，逾期占比最高的是{label_or_name(hi['nature'], lang)}客户"
                       f"（{_pct(hi['overdue_share'])}），最低的是{label_or_name(lo['nature'], lang)}客户"
                       f"（{_pct(lo['overdue_share'])}）。"),
            "statements": (f"{d1} 亮灯的 {wk['flagged']} 家客户中，{_pct(wk['flagged_cr_down'])} 最近一年的流动比率"
                           f"比上一年低，{_pct(wk['flagged_profit_down'])} 净利润下降；其余 {wk['others']} 家客户中，"
                           f"这两个比例是 {_pct(wk['others_cr_down'])} 和 {_pct(wk['others_profit_down'])}。"),
            "loose_credit": (f"{f.over_limit} 家客户的欠款已超过授信额度，合计超出 {y(f.over_limit_cents)}。"
                             f"逾期最多的业务员是{f.top_rep}，其名下客户的逾期占全部逾期的 {_pct(f.top_rep_share)}。"),
            "signals": (f"按\"余额中逾期 30 天以上的部分超过 {FLAG_SHARE:.0%}\"这一条账龄规则，逐月回看，"
                        f"共有 {f.flagged} 家客户至少有一个月末亮过灯，{d1} 仍亮灯的有 {f.flagged_now} 家。"),
            "cost": (f"按账龄分析法计提坏账准备 {y(f.provision_cents)}。净利率 {_pct(f.margin)} 时，要多做 "
                     f"{y(f.cost.sales_to_recover_cents)}的销售才能把这笔损失赚回来；逾期余额按年资金成本 "
                     f"{_pct(f.cost_of_capital)}、平均超期 {f.cost.days:.0f} 天计，资金占用成本又是 "
                     f"{y(f.cost.carrying_cost_cents)}。"),
            "limits": (f"余额最大的 {len(f.key_customers)} 家客户中，{f.looser_than_policy} 家的授信额度高于按评级和"
                       f"信用政策推荐的额度，合计多给了 {y(f.excess_limit_cents)}；{f.shorter_terms} 家应缩短账期"
                       f"或改为现款现货。"),
            "collection": (f"{len(f.actions)} 家客户有逾期余额需要催收，其中 {legal} 家逾期超过 90 天、合计 "
                           f"{y(legal_cents)}，已到发律师函、起诉或向保险公司索赔的阶段。"),
            "trainer": (f"答案：{a['bads']} 家客户属于\"恶化\"或\"违约\"类型，月末账龄规则发现了其中 "
                        f"{a['bads_flagged']} 家，从转折到第一次亮灯的中位数为 {lag} 个月，有 "
                        f"{a['flagged_before_turn']} 家在转折之前就已亮灯；正常客户中误报 {a['false_alarms']} 家。"
                        f"业务员{f.top_rep}负责的 {a['top_rep_customers']} 家客户中有 {a['top_rep_bads']} 家是问题客户。"),
        }
    return {
        "overview": (f"From {d0} to {d1} ({f.months} months) {f.company} issued {f.n_invoices:,} invoices to "
                     f"{f.n_customers} customers, {y(f.sales_cents)} in all. On {d1} receivables stood at "
                     f"{y(f.open_cents)}, of which {y(f.overdue_cents)} ({_pct(f.overdue_share)}) was overdue and "
                     f"{y(f.over_90_cents)} ({_pct(f.over_90_share)}) more than 90 days overdue. On {before} the "
                     f"overdue share was {_pct(f.overdue_share_before)}; it has {'risen' if up else 'not risen'} since."),
        "nature": (f"By enterprise nature, the overdue share is highest for {label_or_name(hi['nature'], lang)} "
                   f"customers ({_pct(hi['overdue_share'])}) and lowest for {label_or_name(lo['nature'], lang)} "
                   f"customers ({_pct(lo['overdue_share'])})."),
        "statements": (f"Of the {wk['flagged']} customers flagged on {d1}, {_pct(wk['flagged_cr_down'])} show a lower "
                       f"current ratio in their latest year than the year before and {_pct(wk['flagged_profit_down'])} "
                       f"a lower net profit; of the other {wk['others']}, {_pct(wk['others_cr_down'])} and "
                       f"{_pct(wk['others_profit_down'])}."),
        "loose_credit": (f"{f.over_limit} customers owe more than their credit limit, {y(f.over_limit_cents)} above "
                         f"it in all. The sales rep with the most overdue is {f.top_rep}: {_pct(f.top_rep_share)} of "
                         f"all overdue sits with that rep's customers."),
        "signals": (f"Looking back month by month with one aging rule (more than {FLAG_SHARE:.0%} of the balance over "
                    f"30 days past due), {f.flagged} customers were flagged at least at one month end; "
                    f"{f.flagged_now} are still flagged on {d1}."),
        "cost": (f"The aging-schedule provision is {y(f.provision_cents)}. At a net margin of {_pct(f.margin)} it takes "
                 f"{y(f.cost.sales_to_recover_cents)} of extra sales to earn that loss back; carrying the overdue "
                 f"balance at {_pct(f.cost_of_capital)} a year for {f.cost.days:.0f} days beyond terms on average "
                 f"costs another {y(f.cost.carrying_cost_cents)}."),
        "limits": (f"Of the {len(f.key_customers)} largest balances, {f.looser_than_policy} were granted more credit "
                   f"than their rating and the credit policy recommend, {y(f.excess_limit_cents)} too much in all; "
                   f"{f.shorter_terms} should get shorter terms or pay cash."),
        "collection": (f"{len(f.actions)} customers have overdue balances to collect; {legal} of them, "
                       f"{y(legal_cents)} in all, are more than 90 days overdue and due for a lawyer's letter, "
                       f"a suit or an insurance claim."),
        "trainer": (f"Answer: {a['bads']} customers are deteriorating or defaulting types; the month-end aging rule "
                    f"found {a['bads_flagged']} of them, a median of {lag} months after they turned, and "
                    f"{a['flagged_before_turn']} before they turned; {a['false_alarms']} good customers were flagged "
                    f"by mistake. Of the {a['top_rep_customers']} customers of {f.top_rep}, {a['top_rep_bads']} "
                    f"{'is a problem customer' if a['top_rep_bads'] == 1 else 'are problem customers'}."),
    }


def manufacturing_sentences(facts: CaseFacts, portfolio: pd.DataFrame, concentration: float, *, top: int = 3,
                            lang: str = "zh") -> dict:
    """Paragraphs on a portfolio of few large customers: concentration, financial zones, limits.

    Parameters
    ----------
    facts : CaseFacts
    portfolio : DataFrame
        :func:`~creditkit.cases.portfolio.evaluate_portfolio`.
    concentration : float
        Share of the receivables held by the ``top`` largest customers.
    top : int, default 3
    lang : {"zh", "en"}

    Returns
    -------
    dict
        ``concentration``, ``financials``, ``limits``: Markdown text.
    """
    lang = check_lang(lang)
    y = (lambda c: _yuan(c, lang))
    n = len(portfolio)
    zones = portfolio["zone"].value_counts()
    distress, grey = int(zones.get("distress", 0)), int(zones.get("grey", 0))
    weak = int(portfolio["grade"].isin(["D", "E"]).sum())
    falling = int((portfolio["current_ratio_change"] < 0).sum())
    granted, rec = int(portfolio["granted_limit_cents"].sum()), int(portfolio["recommended_limit_cents"].sum())
    biggest = portfolio.iloc[0]
    if lang == "zh":
        return {
            "concentration": (f"前 {top} 大客户占应收余额的 {_pct(concentration)}；最大的一家是"
                              f"{biggest['customer_name']}（{biggest['grade']} 级），欠款 {y(int(biggest['open_cents']))}。"
                              f"客户少而大时，一家出问题就是全年利润的问题。"),
            "financials": (f"{n} 家客户中，Altman Z′ 值处于困境区的 {distress} 家、灰色区的 {grey} 家；"
                           f"{falling} 家最近一年的流动比率比上一年下降；{weak} 家综合评为 D 或 E 级，"
                           f"按信用政策只能现款现货。"),
            "limits": (f"已给的授信额度合计 {y(granted)}，按评级和信用政策推荐的额度合计 {y(rec)}，"
                       f"{'多给了 ' + y(granted - rec) if granted > rec else '没有超出'}。"),
        }
    return {
        "concentration": (f"The {top} largest customers hold {_pct(concentration)} of the receivables; the largest, "
                          f"{biggest['customer_name']} (grade {biggest['grade']}), owes {y(int(biggest['open_cents']))}. "
                          f"With few large customers, one of them failing is the year's profit."),
        "financials": (f"Of the {n} customers, {distress} have an Altman Z' score in the distress zone and {grey} in the "
                       f"grey zone; {falling} show a lower current ratio in their latest year than the year before; "
                       f"{weak} are rated D or E overall, which the credit policy puts on cash terms."),
        "limits": (f"Granted limits add up to {y(granted)}; the limits the rating and the credit policy recommend add up "
                   f"to {y(rec)}, {('so ' + y(granted - rec) + ' too much was granted') if granted > rec else 'so nothing was granted beyond them'}."),
    }


def retail_sentences(scoring, lang: str = "zh") -> dict:
    """Paragraphs on a score learned from many small customers' payment records.

    Parameters
    ----------
    scoring : ScoringResult
        :func:`~creditkit.cases.portfolio.score_customers`.
    lang : {"zh", "en"}

    Returns
    -------
    dict
        ``scoring``: Markdown text.
    """
    lang = check_lang(lang)
    b = scoring.bands.set_index("band")
    hi, lo = b.loc[b.index.max()], b.loc[b.index.min()]
    then, now = f"{scoring.then:%Y-%m-%d}", f"{scoring.now:%Y-%m-%d}"
    n, flagged = len(scoring.table), int(scoring.table["flagged_now"].sum())
    if lang == "zh":
        return {"scoring": (f"用 {then} 的付款记录给当时有余额的 {n} 家客户打分（模型没有见过被打分的客户），到 {now} "
                            f"其中 {flagged} 家亮灯。风险最高的五分之一客户中 {_pct(hi['flag_rate'])} 亮灯，最低的五分之一中 "
                            f"{_pct(lo['flag_rate'])}；样本外 AUC 为 {scoring.auc:.2f}。")}
    return {"scoring": (f"Scoring the {n} customers with a balance on {then} from their payment records (each by a model "
                        f"that had not seen it), {flagged} of them are flagged by {now}. In the riskiest fifth "
                        f"{_pct(hi['flag_rate'])} are flagged, in the safest fifth {_pct(lo['flag_rate'])}; the "
                        f"out-of-sample AUC is {scoring.auc:.2f}.")}
