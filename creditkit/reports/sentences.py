"""Sentences about the data, built from the data, for the notebooks' reports.

Each function takes a result of the kit and returns a :class:`~creditkit.reports.display.Text`
in Chinese or English: the numbers, names and the conclusion all come from the
result, so a report on other data (another dataset, a user's own customer)
says true things about that data.

Examples
--------
>>> check_sentence(0.25, 0.25, "en", what="bad rate of group A", kind="percent", decimals=1)
'By hand: bad rate of group A = 25.0%; the kit: 25.0%. The two agree.'
"""

from __future__ import annotations

import math

import pandas as pd

from ..i18n import check_lang, label, label_or_name
from .display import Text, number, percent, say

__all__ = [
    "check_sentence",
    "dataset_sentence",
    "group_sentence",
    "five_c_sentence",
    "five_w_sentence",
    "ahp_sentence",
    "panel_sentence",
    "delphi_sentence",
    "trend_sentence",
    "lights_sentence",
    "zone_sentence",
    "separation_sentence",
    "confusion_sentence",
    "rules_sentence",
    "policies_sentence",
    "history_months",
    "ledger_sentence",
    "reconciliation_sentence",
    "hold_sentence",
    "profile_flags_sentence",
    "late_history_sentence",
    "open_invoices_sentence",
    "promises_sentence",
]


def _fmt(x, kind: str, decimals: int) -> str:
    return percent(x, decimals) if kind == "percent" else number(x, decimals)


def _names(keys, lang) -> str:
    sep = "、" if lang == "zh" else ", "
    return sep.join(label_or_name(k, lang) for k in keys)


def check_sentence(hand, kit, lang: str = "zh", *, what: str, kind: str = "number", decimals: int = 4,
                   tol: float = 1e-9) -> Text:
    """Hand calculation against the kit's result: both values and whether they agree.

    Parameters
    ----------
    hand, kit : number, text or list of numbers
        The two results.
    what : str
        What was computed, in ``lang``.
    kind : {"number", "percent"}
    decimals : int, default 4
    tol : float
        Largest difference that counts as agreement.

    Examples
    --------
    >>> check_sentence(1.7698, 1.76984, "zh", what="流动比率", tol=1e-3)
    '手算 流动比率 = 1.7698；工具箱计算 = 1.7698：两者一致。'
    """
    check_lang(lang)

    def show(v):
        if isinstance(v, (list, tuple, pd.Series)):
            return ", ".join(show(x) for x in list(v))
        if isinstance(v, str):
            return label_or_name(v, lang)
        return _fmt(v, kind, decimals)

    def same(a, b):
        if isinstance(a, (list, tuple, pd.Series)):
            a, b = list(a), list(b)
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        if isinstance(a, str) or isinstance(b, str):
            return a == b
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=tol)

    agree = same(hand, kit)
    return say(lang, "手算 {what} = {a}；工具箱计算 = {b}：" + ("两者一致。" if agree else "两者不一致，请检查。"),
               "By hand: {what} = {a}; the kit: {b}. " + ("The two agree." if agree else "They differ: check."),
               what=what, a=show(hand), b=show(kit))


def dataset_sentence(df, target: str, lang: str = "zh", *, name: str | None = None) -> Text:
    """How many rows, how many bad (``target == 1``), and the bad rate.

    Examples
    --------
    >>> df = pd.DataFrame({"bad": [1, 0, 0, 0]})
    >>> dataset_sentence(df, "bad", "en", name="german")
    'german: 4 customers, of whom 1 defaulted (bad): a bad rate of 25.0%.'
    """
    n = len(df)
    bad = int(df[target].sum())
    rate = bad / n if n else float("nan")
    return say(lang, "{name}：共 {n} 位客户，其中 {bad} 位违约（坏客户），坏账率 {rate}。",
               "{name}: {n} customers, of whom {bad} defaulted (bad): a bad rate of {rate}.",
               name=name or ("数据" if lang == "zh" else "The data"), n=n, bad=bad, rate=percent(rate))


def group_sentence(table, column: str, lang: str = "zh", *, overall: float | None = None,
                   min_count: int = 30) -> Text:
    """Which group of a :func:`~creditkit.explore.bad_rate_by` table is riskiest, and whether it is large enough.

    Examples
    --------
    >>> t = pd.DataFrame({"count": [274, 394], "bad_rate": [0.4927, 0.1168]}, index=["< 0 DM", "none"])
    >>> group_sentence(t, "checking_status", "en", overall=0.3)
    'By checking_status, the highest bad rate is in “< 0 DM” (49.3%, 274 customers) and the lowest in “none” (11.7%); overall: 30.0%.'
    """
    t = table[table["count"] > 0]
    hi, lo = t["bad_rate"].idxmax(), t["bad_rate"].idxmin()
    text = say(lang, "按 {col} 分组，坏账率最高的是“{hi}”（{hr}，{hn} 位客户），最低的是“{lo}”（{lr}）",
               "By {col}, the highest bad rate is in “{hi}” ({hr}, {hn} customers) and the lowest in “{lo}” ({lr})",
               col=column, hi=str(hi), hr=percent(t.loc[hi, "bad_rate"]), hn=int(t.loc[hi, "count"]),
               lo=str(lo), lr=percent(t.loc[lo, "bad_rate"]))
    if overall is not None:
        text += say(lang, "；整体为 {o}。", "; overall: {o}.", o=percent(overall))
    else:
        text += "。" if lang == "zh" else "."
    small = t[t["count"] < min_count]
    if len(small):
        text += say(lang, " 注意：{k} 个组不足 {m} 位客户，这些组的坏账率不稳定。",
                    " Note: {k} groups have fewer than {m} customers; their bad rates are unstable.",
                    k=len(small), m=min_count)
    return Text(text)


def five_c_sentence(result, lang: str = "zh") -> Text:
    """Score, grade, weakest dimension and the answer that cost most points.

    Examples
    --------
    >>> from creditkit import cases, evaluation as ev
    >>> five_c_sentence(ev.five_c_score(cases.load_sample_customer("C001").five_c), "en")
    '5C score 77.50, grade B; the weakest dimension is Collateral (50.0), and the answer that cost most is “Security offered?” (5.25 points).'
    """
    dims = result.dimension_scores
    weakest = dims.idxmin()
    text = say(lang, "5C 总分 {s} 分，等级 {g}；得分最低的维度是{d}（{ds} 分）",
               "5C score {s}, grade {g}; the weakest dimension is {d} ({ds})",
               s=number(result.score), g=str(result.grade), d=label(weakest, lang), ds=number(dims[weakest], 1))
    reasons = result.reasons
    if len(reasons):
        top = reasons.iloc[0]
        text += say(lang, "，失分最多的回答是“{q}”（失 {p} 分）。", ", and the answer that cost most is “{q}” ({p} points).",
                    q=str(top[f"text_{lang}"]), p=number(top["points_lost"]))
    else:
        text += "，没有失分的回答。" if lang == "zh" else ", with no points lost."
    return Text(text)


def five_w_sentence(check, lang: str = "zh") -> Text:
    """What the 5W checklist found and what follows for the application.

    Examples
    --------
    >>> class C: n_missing, n_risky = 0, 2
    >>> five_w_sentence(C(), "en")
    '5W checklist: 0 missing, 2 risky. The application can go to approval, with the risks shown to the approver.'
    """
    m, r = int(check.n_missing), int(check.n_risky)
    if m:
        then = ("信息不完整：先补齐缺失项，再进入审批。", "Information is incomplete: fill in the missing items before approval.")
    elif r:
        then = ("可以进入审批，但审批人必须看到这些风险。", "The application can go to approval, with the risks shown to the approver.")
    else:
        then = ("信息完整，没有风险项，可以进入审批。", "Complete, with nothing risky: the application can go to approval.")
    return say(lang, "5W 清单：缺失 {m} 项，有风险 {r} 项。" + then[0], "5W checklist: {m} missing, {r} risky. " + then[1],
               m=m, r=r)


def ahp_sentence(ahp, lang: str = "zh") -> Text:
    """Heaviest and lightest criterion, CR against its threshold, and the pair to revisit.

    Examples
    --------
    >>> from creditkit import evaluation as ev
    >>> ahp_sentence(ev.ahp_weights([[1, 2], [0.5, 1]], labels=["capacity", "capital"]), "en")
    'Heaviest: Capacity (66.7%); lightest: Capital (33.3%). CR = 0.000, below the threshold 0.10: the judgements are consistent.'
    """
    w = ahp.weights
    hi, lo = w.idxmax(), w.idxmin()
    text = say(lang, "权重最高的是{hi}（{hw}），最低的是{lo}（{lw}）。", "Heaviest: {hi} ({hw}); lightest: {lo} ({lw}). ",
               hi=label_or_name(hi, lang), hw=percent(w[hi]), lo=label_or_name(lo, lang), lw=percent(w[lo]))
    if ahp.consistent:
        text += say(lang, "CR = {cr}，低于阈值 {t}：判断一致，可以使用。",
                    "CR = {cr}, below the threshold {t}: the judgements are consistent.",
                    cr=number(ahp.cr, 3), t=number(ahp.threshold, 2))
    else:
        pair = ahp.worst_pair
        shown = "/".join(label_or_name(p, lang) for p in pair) if pair else "—"
        text += say(lang, "CR = {cr}，超过阈值 {t}：判断自相矛盾，应重新讨论偏离最大的一对 {p}（按当前权重约为 {s}）。",
                    "CR = {cr}, above the threshold {t}: the judgements contradict each other; revisit the pair "
                    "{p} (about {s} by the current weights).",
                    cr=number(ahp.cr, 3), t=number(ahp.threshold, 2), p=shown,
                    s=number(ahp.worst_pair_suggestion, 2) if ahp.worst_pair_suggestion is not None else "—")
    return Text(text)


def panel_sentence(mean_agg, trimmed_agg, lang: str = "zh") -> Text:
    """The panel's two totals and how far the raters agree (Kendall's W and the largest CV).

    Examples
    --------
    >>> class K: w, p_value = 0.968, 0.0007
    >>> class A: score, kendall, cv = 71.52, K(), pd.Series({"collateral": 0.158})
    >>> panel_sentence(A(), A(), "en")
    'Weighted mean 71.52, trimmed mean 71.52. Kendall’s W = 0.968 (p = 0.0007): the raters rank the criteria alike; the widest spread is on Collateral (CV 15.8%).'
    """
    w = mean_agg.kendall.w
    agree = ("评审对各指标的排序高度一致", "the raters rank the criteria alike") if w >= 0.7 else (
        ("评审意见有分歧", "the raters disagree on the ranking"))
    cv = mean_agg.cv
    return say(lang, "加权平均 {m} 分，截尾平均 {t} 分。W = {w}（p = {p}）：{a}；分歧最大的是{c}（变异系数 {cv}）。",
               "Weighted mean {m}, trimmed mean {t}. Kendall’s W = {w} (p = {p}): {a}; the widest spread is on {c} "
               "(CV {cv}).", m=number(mean_agg.score), t=number(trimmed_agg.score), w=number(w, 3),
               p=number(mean_agg.kendall.p_value, 4), a=agree[0] if lang == "zh" else agree[1],
               c=label_or_name(cv.idxmax(), lang), cv=percent(cv.max()))


def delphi_sentence(rounds, cv_threshold: float, lang: str = "zh") -> Text:
    """How many Delphi rounds it took, and whether the panel agreed.

    Examples
    --------
    >>> r = pd.DataFrame({"max_cv": [0.158, 0.079], "score": [66.48, 66.44], "agreed": [False, True]})
    >>> delphi_sentence(r, 0.15, "en")
    'After 2 rounds every CV is at most 15.0% (largest 7.9%): the panel agrees, on a score of 66.44.'
    """
    last = rounds.iloc[-1]
    if bool(last["agreed"]):
        return say(lang, "经过 {n} 轮，所有变异系数都不超过 {t}（最大 {c}）：意见收敛，总分 {s}。",
                   "After {n} rounds every CV is at most {t} (largest {c}): the panel agrees, on a score of {s}.",
                   n=len(rounds), t=percent(cv_threshold), c=percent(last["max_cv"]), s=number(last["score"]))
    return say(lang, "经过 {n} 轮仍有变异系数超过 {t}（最大 {c}）：意见没有收敛。",
               "After {n} rounds a CV is still above {t} (largest {c}): the panel does not agree.",
               n=len(rounds), t=percent(cv_threshold), c=percent(last["max_cv"]))


def trend_sentence(trend, lang: str = "zh") -> Text:
    """Which ratios got worse and how many improved.

    Examples
    --------
    >>> t = pd.DataFrame({"trend": ["worsening", "improving", "stable"]}, index=["roa", "current_ratio", "roe"])
    >>> trend_sentence(t, "en")
    '1 ratios worsened (Return on assets); 1 improved, 1 stable.'
    """
    counts = trend["trend"].value_counts()
    worse = list(trend.index[trend["trend"] == "worsening"])
    n_w, n_i, n_s = int(counts.get("worsening", 0)), int(counts.get("improving", 0)), int(counts.get("stable", 0))
    if worse:
        return say(lang, "{w} 项指标恶化（{names}）；{i} 项改善，{s} 项持平。",
                   "{w} ratios worsened ({names}); {i} improved, {s} stable.", w=n_w, names=_names(worse, lang),
                   i=n_i, s=n_s)
    return say(lang, "没有指标恶化；{i} 项改善，{s} 项持平。", "No ratio worsened; {i} improved, {s} stable.", i=n_i, s=n_s)


def lights_sentence(comparison, industry: str, lang: str = "zh") -> Text:
    """Green, amber and red counts against the industry, naming the reds.

    Examples
    --------
    >>> c = pd.DataFrame({"light": ["green", "red", "amber"]}, index=["current_ratio", "roa", "roe"])
    >>> lights_sentence(c, "manufacturing", "en")
    'Against Manufacturing: 1 green, 1 amber, 1 red — red: Return on assets.'
    """
    counts = comparison["light"].value_counts()
    reds = list(comparison.index[comparison["light"] == "red"])
    text = say(lang, "与{ind}行业相比：绿灯 {g} 项、黄灯 {a} 项、红灯 {r} 项", "Against {ind}: {g} green, {a} amber, {r} red",
               ind=label_or_name(industry, lang), g=int(counts.get("green", 0)), a=int(counts.get("amber", 0)),
               r=int(counts.get("red", 0)))
    if reds:
        text += say(lang, "，红灯：{n}。", " — red: {n}.", n=_names(reds, lang))
    else:
        text += "，没有红灯。" if lang == "zh" else ", no red."
    return Text(text)


def zone_sentence(result, lang: str = "zh") -> Text:
    """A Z-score, its zone and the zone's cut-offs.

    Examples
    --------
    >>> from creditkit import evaluation as ev
    >>> zone_sentence(ev.altman_z(100, 200, 150, 600, 1200, 1000, 400), "en")
    'Z = 2.995 (Altman Z): Safe; the cut-offs are 1.81 and 2.99.'
    """
    from ..evaluation import ALTMAN_VARIANTS

    lo, hi = ALTMAN_VARIANTS[result.variant]["cutoffs"]
    return say(lang, "Z = {z}（{v}）：{zone}；分界线为 {lo} 和 {hi}。", "Z = {z} ({v}): {zone}; the cut-offs are {lo} and {hi}.",
               z=number(result.score, 3), v=label(result.variant, lang), zone=label(result.zone, lang),
               lo=number(lo, 2), hi=number(hi, 2))


def separation_sentence(separation, lang: str = "zh") -> Text:
    """Which Z-score version separates bankrupt firms best, on how many firms.

    Examples
    --------
    >>> s = pd.DataFrame({"n": [7001, 7001], "auc": [0.6465, 0.6894]}, index=["z", "z_double_prime"])
    >>> separation_sentence(s, "en")
    "On 7,001 firms, Altman Z'' separates bankrupt firms best (AUC 0.689); the weakest is Altman Z (0.647)."
    """
    best, worst = separation["auc"].idxmax(), separation["auc"].idxmin()
    return say(lang, "在 {n} 家企业上，区分破产企业最好的是 {b}（AUC {ba}），最弱的是 {w}（{wa}）。",
               "On {n} firms, {b} separates bankrupt firms best (AUC {ba}); the weakest is {w} ({wa}).",
               n=int(separation["n"].max()), b=label(best, lang), ba=number(separation.loc[best, "auc"], 3),
               w=label(worst, lang), wa=number(separation.loc[worst, "auc"], 3))


def confusion_sentence(confusion, lang: str = "zh") -> Text:
    """Bankruptcy rate in the distress zone against the safe zone, and the share of distress firms that survived.

    Examples
    --------
    >>> c = pd.DataFrame({"survived": [620, 3128], "bankrupt": [72, 80], "total": [692, 3208],
    ...                   "bankrupt_rate": [0.104, 0.0249]}, index=["distress", "safe"])
    >>> confusion_sentence(c, "en")
    'Bankruptcy rate 10.4% in the distress zone against 2.5% in the safe zone; yet 89.6% of distress-zone firms did not go bankrupt.'
    """
    d, s = confusion.loc["distress"], confusion.loc["safe"]
    return say(lang, "困境区的破产率为 {d}，安全区为 {s}；但困境区里仍有 {k} 的企业没有破产。",
               "Bankruptcy rate {d} in the distress zone against {s} in the safe zone; yet {k} of distress-zone "
               "firms did not go bankrupt.", d=percent(d["bankrupt_rate"]), s=percent(s["bankrupt_rate"]),
               k=percent(d["survived"] / d["total"] if d["total"] else float("nan")))


def rules_sentence(rules, lang: str = "zh") -> Text:
    """The riskiest leaf of a learned tree and how many customers it holds.

    Examples
    --------
    >>> r = pd.DataFrame({"rule": ["a", "b"], "n": [100, 40], "bad_rate": [0.2, 0.6]})
    >>> rules_sentence(r, "en")
    'The tree has 2 rules; the riskiest (b) holds 40 customers with a bad rate of 60.0%.'
    """
    worst = rules["bad_rate"].idxmax()
    return say(lang, "这棵树共有 {k} 条规则；风险最高的一条（{r}）覆盖 {n} 位客户，坏账率 {b}。",
               "The tree has {k} rules; the riskiest ({r}) holds {n} customers with a bad rate of {b}.",
               k=len(rules), r=str(rules.loc[worst, "rule"]), n=int(rules.loc[worst, "n"]),
               b=percent(rules.loc[worst, "bad_rate"]))


def policies_sentence(policies, lang: str = "zh") -> Text:
    """The approval policy with the lowest average cost, against the plain tree.

    Examples
    --------
    >>> p = pd.DataFrame({"accuracy": [0.74, 0.66], "average_cost": [0.79, 0.61]}, index=["plain", "cost_weighted"])
    >>> policies_sentence(p, "en")
    'Lowest average cost: Cost-weighted tree (0.61 per customer, accuracy 66.0%), against 0.79 for the plain tree (accuracy 74.0%).'
    """
    best = policies["average_cost"].idxmin()
    first = policies.index[0]
    return say(lang, "平均成本最低的是{b}（每位客户 {bc}，准确率 {ba}），普通决策树为 {pc}（准确率 {pa}）。",
               "Lowest average cost: {b} ({bc} per customer, accuracy {ba}), against {pc} for the plain tree "
               "(accuracy {pa}).", b=label_or_name(best, lang), bc=number(policies.loc[best, "average_cost"]),
               ba=percent(policies.loc[best, "accuracy"]), pc=number(policies.loc[first, "average_cost"]),
               pa=percent(policies.loc[first, "accuracy"]))


def history_months(ledger, as_of=None) -> int:
    """Months of history in a ledger, from its first document to ``as_of`` (days / 30.4375, rounded).

    Parameters
    ----------
    ledger : pandas.DataFrame
        A ledger table with a ``doc_date`` column.
    as_of : date-like, optional
        End of the history; by default the last document's date.

    Examples
    --------
    >>> led = pd.DataFrame({"doc_date": pd.to_datetime(["2024-10-08", "2025-05-25"])})
    >>> history_months(led, "2025-06-30")
    9
    """
    dates = pd.to_datetime(ledger["doc_date"]).dropna()
    if dates.empty:
        return 0
    end = pd.Timestamp(as_of) if as_of is not None else dates.max()
    first = dates.min()
    return max(int(round((end - first).days / 30.4375)), 0)


def ledger_sentence(ledger, lang: str = "zh", *, as_of=None) -> Text:
    """What the ledger holds: documents, customers, sales reps, the period and the balance.

    Parameters
    ----------
    ledger : pandas.DataFrame
        A ledger table (``customer_id``, ``doc_date``, ``amount_cents``;
        ``sales_rep`` when known).
    as_of : date-like, optional
        The balance counts the documents up to this date.

    Examples
    --------
    >>> led = pd.DataFrame({"customer_id": ["A", "A", "B"], "sales_rep": ["王", "王", None],
    ...                     "doc_date": pd.to_datetime(["2025-01-05", "2025-03-01", "2025-06-20"]),
    ...                     "amount_cents": [100_000, -40_000, 250_000]})
    >>> ledger_sentence(led, "en", as_of="2025-06-30")
    'The ledger holds 3 documents of 2 customers and 1 sales rep, dated 2025-01-05 to 2025-06-20 (6 months of history); the balance on 2025-06-30 is ¥3,100.00.'
    """
    from .display import cents, date

    check_lang(lang)
    end = pd.Timestamp(as_of) if as_of is not None else pd.to_datetime(ledger["doc_date"]).max()
    balance = int(ledger.loc[pd.to_datetime(ledger["doc_date"]) <= end, "amount_cents"].sum())
    reps = ledger["sales_rep"].dropna().nunique() if "sales_rep" in ledger else 0
    n_docs, n_cust = len(ledger), int(ledger["customer_id"].nunique())
    rep_zh = f"、{reps} 名业务员" if reps else ""
    rep_en = f" and {reps} sales rep{'s' if reps != 1 else ''}" if reps else ""
    return say(lang,
               "台账共 {n} 张单据，涉及 {c} 家客户" + rep_zh + "，单据日期 {a} 至 {b}（{m} 个月的历史）；"
               "截至 {d} 的应收余额为 {bal}。",
               "The ledger holds {n} documents of {c} customer" + ("s" if n_cust != 1 else "") + rep_en
               + ", dated {a} to {b} ({m} months of history); the balance on {d} is {bal}.",
               n=f"{n_docs:,}", c=n_cust, a=date(ledger["doc_date"].min()), b=date(ledger["doc_date"].max()),
               m=history_months(ledger, as_of), d=date(end), bal=cents(balance))


def reconciliation_sentence(rec, lang: str = "zh") -> Text:
    """A ledger file's reconciliation in one line: rows read = kept + rejected + summary rows.

    Parameters
    ----------
    rec : LedgerReconciliation
        ``load_ledger(...).reconciliation``.

    Examples
    --------
    >>> from creditkit.receivables.schema import LedgerReconciliation
    >>> r = LedgerReconciliation("ar.csv", 5, 0, 1, 0, 4, 0, 30000, 10000, 0, 0, 0, 40000, 40000, 0, 0, 0, 0)
    >>> reconciliation_sentence(r, "en")
    'Read 5 rows = 4 documents kept + 0 rejected + 1 summary rows dropped; amounts read ¥400.00 = kept ¥400.00 + rejected ¥0.00.'
    """
    from .display import cents

    check_lang(lang)
    return say(lang, "读入 {r} 行 = 保留 {k} 张单据 + 拒收 {x} 行 + 删除合计行 {s} 行；"
                     "读入金额 {rc} = 保留 {kc} + 拒收 {xc}。",
               "Read {r} rows = {k} documents kept + {x} rejected + {s} summary rows dropped; "
               "amounts read {rc} = kept {kc} + rejected {xc}.",
               r=rec.rows_read, k=rec.documents_from_file, x=rec.rejected_rows, s=rec.summary_rows,
               rc=cents(rec.read_cents), kc=cents(rec.kept_cents), xc=cents(rec.rejected_cents))


# ---------------------------------------------------------------------------
# Receivables notebooks: holds, hidden profiles, late payment, promises
# ---------------------------------------------------------------------------
def hold_sentence(hold, lang: str = "zh") -> Text:
    """How many customers to put on order hold, and the overdue amount that triggered it.

    Parameters
    ----------
    hold : pandas.DataFrame
        :func:`creditkit.receivables.signals.credit_hold_advice` per customer
        (``hold``, ``trigger_overdue_cents``).

    Examples
    --------
    >>> h = pd.DataFrame({"hold": [True, False, True], "trigger_overdue_cents": [150_000, 0, 2_500_000]})
    >>> hold_sentence(h, "en")
    'Hold new orders of 2 of 3 customers; the overdue amounts that triggered the holds total ¥26,500.00.'
    >>> hold_sentence(h.assign(hold=False), "zh")
    '3 家客户都不需要暂停新订单。'
    """
    from .display import cents

    check_lang(lang)
    held = hold[hold["hold"].astype(bool)]
    if held.empty:
        return say(lang, "{n} 家客户都不需要暂停新订单。", "None of the {n} customers needs an order hold.", n=len(hold))
    return say(lang, "{n} 家客户中有 {k} 家建议暂停新订单，触发的逾期金额合计 {amount}。",
               "Hold new orders of {k} of {n} customers; the overdue amounts that triggered the holds total {amount}.",
               n=len(hold), k=len(held), amount=cents(int(held["trigger_overdue_cents"].sum())))


def profile_flags_sentence(flagged, lang: str = "zh", *, good: str = "punctual", bad: str = "chronic") -> Text:
    """Share of customers flagged (amber or red) among the good and the bad hidden profiles.

    Parameters
    ----------
    flagged : pandas.Series
        Share of customers not green, by hidden profile.
    good, bad : str
        The two profiles compared.

    Examples
    --------
    >>> f = pd.Series({"punctual": 0.1, "slow": 0.5, "chronic": 0.9})
    >>> profile_flags_sentence(f, "en")
    'Of the customers of profile “Punctual” 10.0% come out amber or red, of “Chronic late payer” 90.0%: the rules, which do not see the profiles, tell them apart.'
    """
    check_lang(lang)
    g, b = float(flagged.get(good, float("nan"))), float(flagged.get(bad, float("nan")))
    apart = b > g
    return say(lang, "“{gn}”客户中亮黄灯或红灯的占 {g}，“{bn}”客户中占 {b}："
               + ("规则并不知道这些类型，却把它们分开了。" if apart else "规则没有把它们分开，请检查规则。"),
               "Of the customers of profile “{gn}” {g} come out amber or red, of “{bn}” {b}: "
               + ("the rules, which do not see the profiles, tell them apart." if apart
                  else "the rules do not tell them apart; check the rules."),
               gn=label_or_name(good, lang), g=percent(g), bn=label_or_name(bad, lang), b=percent(b))


def late_history_sentence(history, lang: str = "zh", *, late_after: int = 0) -> Text:
    """How many invoices have a known outcome and what share of them was paid late.

    Parameters
    ----------
    history : pandas.DataFrame
        :func:`creditkit.receivables.late_payment.invoice_history` (``late``:
        1 late, 0 on time, missing while unknown).
    late_after : int
        Days past due after which a payment counts as late.

    Examples
    --------
    >>> h = pd.DataFrame({"late": [1.0, 0.0, 0.0, float("nan")]})
    >>> late_history_sentence(h, "en", late_after=5)
    'Of 4 invoices 3 have a known outcome; 33.3% of them were paid late (more than 5 days past due).'
    """
    check_lang(lang)
    known = history["late"].dropna()
    return say(lang, "{n} 张发票中有 {k} 张结果已知，其中 {s} 晚付（逾期超过 {d} 天）。",
               "Of {n} invoices {k} have a known outcome; {s} of them were paid late (more than {d} days past due).",
               n=len(history), k=len(known), s=percent(known.mean() if len(known) else float("nan")), d=int(late_after))


def open_invoices_sentence(open_invoices, lang: str = "zh", *, threshold: float = 0.5) -> Text:
    """How many open invoices are likely to be paid late, and how much money they hold.

    Parameters
    ----------
    open_invoices : pandas.DataFrame
        :func:`creditkit.receivables.late_payment.predict_open` (``p_late``, ``amount_cents``).
    threshold : float, default 0.5
        Probability from which an invoice counts as likely late.

    Examples
    --------
    >>> o = pd.DataFrame({"p_late": [0.9, 0.2, 0.5], "amount_cents": [100_000, 50_000, 20_000]})
    >>> open_invoices_sentence(o, "en")
    'Of 3 open invoices, 2 are at least 50.0% likely to be paid late: ¥1,200.00 in all.'
    """
    from .display import cents

    check_lang(lang)
    likely = open_invoices[open_invoices["p_late"] >= threshold]
    return say(lang, "{n} 张未付发票中，{k} 张晚付概率不低于 {t}，金额合计 {amount}。",
               "Of {n} open invoices, {k} are at least {t} likely to be paid late: {amount} in all.",
               n=len(open_invoices), k=len(likely), t=percent(threshold),
               amount=cents(int(likely["amount_cents"].sum())))


def promises_sentence(status, lang: str = "zh") -> Text:
    """Promises to pay kept, broken and pending, and the keep rate kept / (kept + broken).

    Parameters
    ----------
    status : pandas.DataFrame
        :func:`creditkit.receivables.promises.promise_status` (``status``).

    Examples
    --------
    >>> s = pd.DataFrame({"status": ["kept", "broken", "broken", "pending"]})
    >>> promises_sentence(s, "en")
    '4 promises to pay: 1 kept, 2 broken, 1 pending; keep rate 33.3%.'
    """
    check_lang(lang)
    n = status["status"].value_counts()
    kept, broken, pending = int(n.get("kept", 0)), int(n.get("broken", 0)), int(n.get("pending", 0))
    rate = kept / (kept + broken) if kept + broken else float("nan")
    return say(lang, "共 {n} 个付款承诺：已兑现 {k} 个，已违约 {b} 个，待兑现 {p} 个；兑现率 {r}。",
               "{n} promises to pay: {k} kept, {b} broken, {p} pending; keep rate {r}.",
               n=len(status), k=kept, b=broken, p=pending, r=percent(rate))
