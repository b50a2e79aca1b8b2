"""Danger signals over time: when each customer first showed them, what they were, and what followed.

:func:`signal_timeline` runs the kit's risk signals
(:func:`creditkit.receivables.signals.risk_signals`, the packaged rules by
default) at every month end of a period and reads, per customer, the month
end of its first amber and first red light, the signals with their evidence at
the first alert, and what was still invoiced to it after its first red light.
It works on any canonical ledger: a case world's or a user's own export.

:func:`answer_check` sets the result against a case's answer key — hidden
payer type and turn month — and :func:`recovery_scores` sums up how well the
signals recovered them: how many bad payers are red, how many good ones
green, the accuracy of reading a level as a type against the chance of
guessing the commonest type, and how many months after its turn each
deteriorating customer first turned red.

Examples
--------
>>> from creditkit.cases import load_case
>>> w = load_case("jidian", n_customers=12, months=12, start="2024-07-01")
>>> tl = signal_timeline(w.ledger, start="2024-09-30", end=w.as_of, limits=world_limits(w))
>>> set(tl.table["level"]) <= {"green", "amber", "red"}
True
>>> s = recovery_scores(answer_check(tl, w.answer_key))
>>> 0 <= s["accuracy"] <= 1 and 0 < s["chance"] <= 1
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dates import to_date
from ..i18n import check_lang
from ..money import format_cents
from ..receivables.aging import open_items
from ..receivables.rules import load_rules
from ..receivables.signals import SignalResult, risk_signals, signal_history
from .generator import BAD_TYPES, CaseWorld

__all__ = ["SignalTimeline", "signal_timeline", "world_limits", "world_timeline", "answer_check",
           "recovery_scores", "LEVEL_AS_TYPE", "timeline_sentences", "answer_sentence"]

#: How a level reads as a payer type: green = pays on time, amber = slow, red = a credit-risk bad.
LEVEL_AS_TYPE = {"green": "good", "amber": "slow", "red": "bad"}


@dataclass(frozen=True)
class SignalTimeline:
    """Risk signals at every month end of a period, and each customer's first alerts.

    Attributes
    ----------
    result : SignalResult
        The signals at the last date (``end``).
    history : DataFrame
        :func:`~creditkit.receivables.signals.signal_history`: level and score
        of every customer at every month end.
    table : DataFrame
        One row per customer at ``end``, in the watch-list order of ``result``:
        ``customer_id, customer_name, sales_rep, level, score, exposure_cents,
        overdue_cents, first_alert`` (first month end at amber or red, NaT if
        never), ``first_red`` (NaT if never), ``alert_months`` (month ends at
        amber or red), ``first_signals_zh`` / ``first_signals_en`` (the signals
        with evidence at the first alert), ``invoiced_after_red_cents``
        (invoices and debit notes dated after the first red month end) and
        ``open_after_red_cents`` (what of those is still open at ``end``).
    start, end : Timestamp
    """

    result: SignalResult
    history: pd.DataFrame
    table: pd.DataFrame
    start: pd.Timestamp
    end: pd.Timestamp

    def alerted(self) -> pd.DataFrame:
        """Customers ever at amber or red, earliest first alert first."""
        t = self.table[self.table["first_alert"].notna()]
        return t.sort_values(["first_alert", "customer_id"], kind="stable").reset_index(drop=True)


def signal_timeline(ledger, *, start, end, rules=None, limits=None, months=3) -> SignalTimeline:
    """Month-end risk signals from ``start`` to ``end`` and each customer's first amber and red light.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        Canonical ledger.
    start, end : str or date
        The month ends on or after ``start`` up to ``end`` (``end`` itself
        included when it is not a month end).
    rules : str, Path or RuleSet, optional
        Risk rules (default: the kit's rules).
    limits : Series or DataFrame, optional
        Credit limits in cents (see :func:`~creditkit.receivables.features.signal_features`).
    months : int, default 3
        Window of the change features.

    Returns
    -------
    SignalTimeline

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> tl = signal_timeline(sample_ledger(seed=1, n_customers=8), start="2025-01-01", end="2025-06-30")
    >>> red = tl.table.dropna(subset=["first_red"])
    >>> bool((red["first_red"] >= red["first_alert"]).all())
    True
    """
    start, end = to_date(start, name="start"), to_date(end, name="end")
    rs = load_rules(rules)
    history = signal_history(ledger, start=start, end=end, rules=rs, months=months, limits=limits)
    result = risk_signals(ledger, as_of=end, rules=rs, months=months, limits=limits)
    alert = history[history["level"] != "green"]
    first_alert = alert.groupby("customer_id")["month_end"].min()
    first_red = history[history["level"] == "red"].groupby("customer_id")["month_end"].min()
    n_alert = alert.groupby("customer_id").size()
    t = result.table[["customer_id", "customer_name", "sales_rep", "level", "score", "exposure_cents",
                      "overdue_cents"]].copy()
    ids = t["customer_id"]
    t["first_alert"] = pd.to_datetime(ids.map(dict(first_alert)), errors="coerce").to_numpy()
    t["first_red"] = pd.to_datetime(ids.map(dict(first_red)), errors="coerce").to_numpy()
    t["alert_months"] = ids.map(n_alert).fillna(0).astype("int64").to_numpy()
    # the signals each customer showed at its first alert, with their evidence
    texts = {"zh": {}, "en": {}}
    for d, who in first_alert.groupby(first_alert).groups.items():
        r = result if d == end else risk_signals(ledger, as_of=d, rules=rs, months=months, limits=limits)
        for lang in ("zh", "en"):
            s = r.signals_text(lang)
            s.index = r.table["customer_id"].to_numpy()
            texts[lang].update({c: s.get(c, "") for c in who})
    for lang in ("zh", "en"):
        t[f"first_signals_{lang}"] = [texts[lang].get(c, "") for c in ids]
    items = open_items(ledger, as_of=end).items
    red_at = pd.to_datetime(items["customer_id"].map(dict(first_red)), errors="coerce")
    after = items[red_at.notna() & (items["doc_date"] > red_at)]
    t["invoiced_after_red_cents"] = ids.map(after.groupby("customer_id")["amount_cents"].sum()).fillna(0) \
        .astype("int64").to_numpy()
    t["open_after_red_cents"] = ids.map(after.groupby("customer_id")["open_cents"].sum()).fillna(0) \
        .astype("int64").to_numpy()
    return SignalTimeline(result, history, t.reset_index(drop=True), start, end)


def world_limits(world: CaseWorld) -> pd.Series:
    """The granted credit limits of a case world's customers, in cents, by customer id.

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> world_limits(load_case("manufacturing", n_customers=5, months=6, start="2025-01-01")).index.name
    'customer_id'
    """
    return world.customers.set_index("customer_id")["limit_cents"].astype("int64")


def world_timeline(world: CaseWorld, *, rules=None, months=3) -> SignalTimeline:
    """:func:`signal_timeline` of a case world over its period, with its granted limits.

    Month ends run from the third month of the period (when the first invoices
    can be past due) to the world's as-of date.
    """
    if not isinstance(world, CaseWorld):
        raise TypeError(f"world must be a CaseWorld, got {type(world).__name__}")
    first = pd.Timestamp(world.parameters["start"]) + pd.DateOffset(months=2)
    return signal_timeline(world.ledger, start=first, end=world.as_of, rules=rules, limits=world_limits(world),
                           months=months)


def _month_gap(later: pd.Series, turn: pd.Series) -> pd.Series:
    """Whole months from ``turn`` (``YYYY-MM``) to the month of ``later`` (a date); NaN when either is missing."""
    t = pd.to_datetime(turn.where(turn.astype(str) != ""), format="%Y-%m", errors="coerce")
    return (later.dt.year - t.dt.year) * 12 + (later.dt.month - t.dt.month)


def answer_check(timeline: SignalTimeline, answer_key: pd.DataFrame) -> pd.DataFrame:
    """Each customer's level and first red light against its hidden type and turn month.

    Parameters
    ----------
    timeline : SignalTimeline
    answer_key : DataFrame
        ``customer_id, hidden_type, turn_month`` (a world's answer key).

    Returns
    -------
    DataFrame
        ``customer_id, hidden_type, bad, turn_month, level, read_as`` (the
        level read as a type, :data:`LEVEL_AS_TYPE`), ``first_red``,
        ``red_after_turn`` (first red month end in or after the turn month) and
        ``lag_months`` (months from the turn month to it; NaN without a turn or
        a red light after it).
    """
    if not isinstance(timeline, SignalTimeline):
        raise TypeError(f"timeline must be a SignalTimeline, got {type(timeline).__name__}")
    key = answer_key[["customer_id", "hidden_type", "turn_month"]].copy()
    t = key.merge(timeline.table[["customer_id", "level", "first_red"]], on="customer_id", how="left")
    t["level"] = t["level"].fillna("green")
    t["bad"] = t["hidden_type"].isin(BAD_TYPES).astype("int64")
    t["read_as"] = t["level"].map(LEVEL_AS_TYPE)
    h = timeline.history[timeline.history["level"] == "red"][["customer_id", "month_end"]]
    turn = pd.to_datetime(key.set_index("customer_id")["turn_month"].replace("", None), format="%Y-%m")
    h = h.assign(turn=h["customer_id"].map(turn))
    after = h[h["turn"].notna() & (h["month_end"] >= h["turn"])].groupby("customer_id")["month_end"].min()
    t["red_after_turn"] = t["customer_id"].map(after)
    t["lag_months"] = _month_gap(t["red_after_turn"], t["turn_month"]).astype("float64")
    return t[["customer_id", "hidden_type", "bad", "turn_month", "level", "read_as", "first_red", "red_after_turn",
              "lag_months"]]


def recovery_scores(check: pd.DataFrame, *, within_months: int = 6) -> dict:
    """How well the levels recovered the hidden types (from :func:`answer_check`).

    Parameters
    ----------
    check : DataFrame
    within_months : int, default 6
        A deteriorating customer counts as caught in time when its first red
        light in or after its turn month came at most this many months later.

    Returns
    -------
    dict
        ``customers``; ``bads`` and ``bad_recall`` (share of deteriorating and
        defaulting customers at red); ``goods`` and ``good_green`` (share of
        good customers at green); ``good_red`` (share of goods at red);
        ``accuracy`` (share whose level read as a type — green good, amber slow,
        red bad — is right, counting deteriorating and defaulting as bad and
        leaving the disputing out) and ``chance`` (the share of the commonest of
        those three types: the accuracy of always guessing it);
        ``deteriorating``, ``caught`` (caught in time), ``median_lag`` and
        ``max_lag`` (months, over those caught at all), ``within_months``.

    Examples
    --------
    >>> c = pd.DataFrame({"hidden_type": ["good", "good", "slow", "deteriorating"], "level": ["green", "amber",
    ...     "amber", "red"], "read_as": ["good", "slow", "slow", "bad"], "lag_months": [np.nan, np.nan, np.nan, 2.0]})
    >>> s = recovery_scores(c)
    >>> s["accuracy"], s["chance"], s["bad_recall"], s["caught"], s["median_lag"]
    (0.75, 0.5, 1.0, 1, 2.0)
    """
    truth = check["hidden_type"].where(~check["hidden_type"].isin(BAD_TYPES), "bad")
    scored = truth != "disputing"
    bads = check["hidden_type"].isin(BAD_TYPES)
    goods = check["hidden_type"] == "good"
    det = check[check["hidden_type"] == "deteriorating"]
    lags = det["lag_months"].dropna()

    def share(x):
        return float(x.mean()) if len(x) else float("nan")

    return {"customers": int(len(check)), "bads": int(bads.sum()),
            "bad_recall": share(check.loc[bads, "level"] == "red"),
            "goods": int(goods.sum()), "good_green": share(check.loc[goods, "level"] == "green"),
            "good_red": share(check.loc[goods, "level"] == "red"),
            "accuracy": share(check.loc[scored, "read_as"] == truth[scored]),
            "chance": float(truth[scored].value_counts(normalize=True).max()) if scored.any() else float("nan"),
            "deteriorating": int(len(det)), "caught": int((lags <= within_months).sum()),
            "median_lag": float(lags.median()) if len(lags) else float("nan"),
            "max_lag": float(lags.max()) if len(lags) else float("nan"), "within_months": int(within_months)}


def _ym(d) -> str:
    return f"{d:%Y-%m}"


def timeline_sentences(timeline: SignalTimeline, lang: str = "zh") -> dict:
    """What the month-end signals show, in sentences computed from the timeline.

    Returns
    -------
    dict
        ``levels`` (the kit's summary of the levels at the end date),
        ``when`` (how many customers were ever alerted, the earliest, how long
        before the end date today's red customers first showed a signal, the
        commonest first signal) and ``after_red`` (what was still invoiced to
        customers after their first red light, and how much of it is unpaid).

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> tl = signal_timeline(sample_ledger(seed=1, n_customers=8), start="2025-01-01", end="2025-06-30")
    >>> sorted(timeline_sentences(tl, "en"))
    ['after_red', 'levels', 'when']
    """
    lang = check_lang(lang)
    t, end = timeline.table, timeline.end
    n_months = int(timeline.history["month_end"].nunique())
    alerted = timeline.alerted()
    red_now = t[t["level"] == "red"]
    lead = ((end.year - red_now["first_alert"].dt.year) * 12 + (end.month - red_now["first_alert"].dt.month)).dropna()
    first_rules = []
    for row in alerted.itertuples(index=False):
        first_rules.append(row.first_signals_en.split(" (")[0] if row.first_signals_en else "")
    y = (lambda c: f"{format_cents(c)} 元") if lang == "zh" else (lambda c: f"CNY {format_cents(c)}")
    out = {"levels": timeline.result.summary(lang)}
    d0, d1 = _ym(timeline.history["month_end"].min()), f"{end:%Y-%m-%d}"
    if not len(alerted):
        out["when"] = (f"{d0} 至 {d1} 的 {n_months} 个月末，没有一家客户亮过黄灯或红灯。" if lang == "zh" else
                       f"At none of the {n_months} month ends from {d0} to {d1} was any customer at amber or red.")
    else:
        first = alerted.iloc[0]
        common = pd.Series([r for r in first_rules if r]).value_counts()
        top_rule = common.index[0] if len(common) else ""
        top_n = int(common.iloc[0]) if len(common) else 0
        rule_id = {r.reason["en"]: r for r in timeline.result.rules.rules}.get(top_rule)
        rule_text = rule_id.reason[lang] if rule_id is not None else top_rule
        med = f"{lead.median():.0f}" if len(lead) else "—"
        if lang == "zh":
            out["when"] = (f"{d0} 至 {d1} 的 {n_months} 个月末中，共有 {len(alerted)} 家客户至少亮过一次黄灯或红灯；"
                           f"最早的是 {first['customer_name']}，{_ym(first['first_alert'])} 就已亮灯"
                           f"（{first['first_signals_zh'] or '—'}）。今天亮红灯的 {len(red_now)} 家客户，第一次亮灯距今"
                           f"的中位数是 {med} 个月。第一次亮灯时最常见的信号是\"{rule_text}\"（{top_n} 家）。")
        else:
            out["when"] = (f"Of the {n_months} month ends from {d0} to {d1}, {len(alerted)} customers were at amber or "
                           f"red at least once; the first was {first['customer_name']}, already flagged in "
                           f"{_ym(first['first_alert'])} ({first['first_signals_en'] or '—'}). The {len(red_now)} "
                           f"customers at red today first showed a signal a median of {med} months ago. The commonest "
                           f"first signal was \"{rule_text}\" ({top_n} customers).")
    inv, still = int(t["invoiced_after_red_cents"].sum()), int(t["open_after_red_cents"].sum())
    n_inv = int((t["invoiced_after_red_cents"] > 0).sum())
    if lang == "zh":
        out["after_red"] = (f"第一次亮红灯之后，公司仍向 {n_inv} 家客户开票 {y(inv)}，其中到 {d1} 仍未收回 {y(still)}。"
                            f"如果红灯一亮就暂停新订单，这部分风险本可以不承担。"
                            if n_inv else f"没有客户在第一次亮红灯之后还有新的发票。")
    else:
        out["after_red"] = (f"After their first red light, {n_inv} customers were still invoiced {y(inv)}, of which "
                            f"{y(still)} is unpaid on {d1}. Holding new orders at the first red light would have kept "
                            f"that exposure off the books." if n_inv else
                            "No customer was invoiced again after its first red light.")
    return out


def answer_sentence(scores: dict, lang: str = "zh") -> str:
    """The trainer's answer: how well the signals recovered the hidden types (from :func:`recovery_scores`).

    Examples
    --------
    >>> s = {"bads": 4, "bad_recall": 0.75, "goods": 10, "good_green": 0.9, "accuracy": 0.8, "chance": 0.5,
    ...      "deteriorating": 2, "caught": 2, "median_lag": 3.0, "within_months": 6}
    >>> answer_sentence(s, "en").split(";")[0]
    'Against the answer key: 3 of the 4 deteriorating or defaulting customers are red today'
    """
    lang = check_lang(lang)
    s = scores
    recall_n = int(round(s["bad_recall"] * s["bads"])) if s["bads"] else 0
    green_n = int(round(s["good_green"] * s["goods"])) if s["goods"] else 0
    med = "—" if np.isnan(s["median_lag"]) else f"{s['median_lag']:.0f}"
    if lang == "zh":
        return (f"对照答案：{s['bads']} 家\"恶化\"或\"违约\"客户中 {recall_n} 家今天亮红灯；{s['goods']} 家正常客户中 "
                f"{green_n} 家是绿灯。把绿灯读作正常、黄灯读作慢付、红灯读作问题客户，准确率 {s['accuracy']:.0%}"
                f"（全部猜最常见的类型只有 {s['chance']:.0%}）。{s['deteriorating']} 家\"恶化\"客户中，"
                f"{s['caught']} 家在转折后 {s['within_months']} 个月内亮起红灯，中位数 {med} 个月。")
    return (f"Against the answer key: {recall_n} of the {s['bads']} deteriorating or defaulting customers are red "
            f"today; {green_n} of the {s['goods']} good customers are green. Reading green as good, amber as slow and "
            f"red as a problem payer is right for {s['accuracy']:.0%} of them (always guessing the commonest type: "
            f"{s['chance']:.0%}). Of the {s['deteriorating']} deteriorating customers, {s['caught']} turned red within "
            f"{s['within_months']} months of their turn, a median of {med} months after it.")
