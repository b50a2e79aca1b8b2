"""Risk signals: traffic lights, a watch list with evidence, monthly history, credit-hold advice.

:func:`risk_signals` computes the features of every customer as of a date
(:func:`~creditkit.receivables.features.signal_features`), runs the rules
(:mod:`~creditkit.receivables.rules`, default
``creditkit/receivables/data/signal_rules.yaml``) and gives each customer a
level — green, amber or red: the worst colour among the rules that fired,
raised by the score thresholds — a score (the sum of the severities of the
rules that fired) and the signals with their evidence. The watch list is
ordered by risk × exposure: score times the customer's positive balance.

:func:`signal_history` repeats it at month ends so a customer's level can be
followed; :func:`credit_hold_advice` says which customers' *new orders* to
hold, in the way of the ERPs' overdue blocks.

Examples
--------
>>> from creditkit.cases import sample_ledger
>>> res = risk_signals(sample_ledger(seed=1, n_customers=8), as_of="2025-06-30")
>>> sorted(res.table["level"].unique()) <= ["amber", "green", "red"]
True
>>> res.watch_list(lang="en").columns.tolist()
['customer_id', 'customer_name', 'sales_rep', 'level', 'score', 'exposure_cents', 'overdue_cents', 'signals']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_number
from .aging import open_items
from ..dates import to_date
from ..i18n import check_lang, label
from ..money import format_cents
from .features import signal_features
from .rules import COLOURS, RuleSet, load_rules
from .settlement import ledger_table

__all__ = ["SignalResult", "risk_signals", "signal_history", "credit_hold_advice", "LEVEL_COLOURS"]

#: Display colours of the levels (traffic lights).
LEVEL_COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828"}

_RANK = {c: i for i, c in enumerate(COLOURS)}


@dataclass(frozen=True)
class SignalResult:
    """Levels, scores and fired rules of every customer as of a date.

    Attributes
    ----------
    table : DataFrame
        One row per customer, ordered by priority (risk × exposure):
        ``customer_id, customer_name, sales_rep, level, score, n_signals,
        exposure_cents`` (positive balance), ``overdue_cents,
        max_days_overdue, priority``.
    flags : DataFrame
        Fired rules (see :meth:`~creditkit.receivables.rules.RuleSet.evaluate`).
    features : DataFrame
        The feature table the rules read.
    rules : RuleSet
    as_of : Timestamp
    """

    table: pd.DataFrame
    flags: pd.DataFrame
    features: pd.DataFrame
    rules: RuleSet
    as_of: pd.Timestamp

    def signals_text(self, lang: str = "zh") -> pd.Series:
        """Readable signals per customer: reason and evidence of each fired rule, most severe first."""
        lang = check_lang(lang)
        f = self.flags.sort_values(["customer_id", "severity"], ascending=[True, False], kind="stable")
        if lang == "zh":
            parts = f["reason_zh"] + "（" + f["evidence_zh"] + "）"
            sep = "；"
        else:
            parts = f["reason_en"] + " (" + f["evidence_en"] + ")"
            sep = "; "
        text = parts.groupby(f["customer_id"]).agg(sep.join)
        return text.reindex(self.table["customer_id"]).fillna("")

    def watch_list(self, lang: str = "zh", *, levels=("red", "amber"), top: int | None = None) -> pd.DataFrame:
        """Customers at the given levels, by priority, with their signals as text.

        Returns
        -------
        DataFrame
            ``customer_id, customer_name, sales_rep, level, score,
            exposure_cents, overdue_cents, signals``.
        """
        text = self.signals_text(lang)
        t = self.table.assign(signals=text.to_numpy())
        t = t[t["level"].isin(levels)]
        t = t[["customer_id", "customer_name", "sales_rep", "level", "score", "exposure_cents", "overdue_cents",
               "signals"]].reset_index(drop=True)
        return t if top is None else t.head(int(top))

    def level_counts(self) -> pd.Series:
        """Number of customers at each level (green, amber, red)."""
        return self.table["level"].value_counts().reindex(list(COLOURS), fill_value=0)

    def summary(self, lang: str = "zh") -> str:
        """One sentence on the levels and the red exposure, built from the result.

        Examples
        --------
        >>> t = pd.DataFrame({"customer_id": ["A", "B"], "customer_name": ["甲公司", "乙公司"],
        ...     "doc_type": ["invoice", "invoice"], "doc_no": ["I1", "I2"],
        ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-06-01"]),
        ...     "due_date": pd.to_datetime(["2025-01-31", "2025-07-01"]), "amount_cents": [1_230_000, 500_000]})
        >>> risk_signals(t, as_of="2025-06-30").summary("zh")
        '截至 2025-06-30，2 家客户中红灯 1 家、黄灯 0 家、绿灯 1 家；红灯客户的风险敞口合计 12,300.00 元，占全部应收余额的 71.1%。观察名单首位：甲公司。'
        """
        lang = check_lang(lang)
        n = self.level_counts()
        t = self.table
        red_exp = int(t.loc[t["level"] == "red", "exposure_cents"].sum())
        total = int(t["exposure_cents"].sum())
        w = self.watch_list(lang)
        return label("signals_summary", lang).format(
            as_of=f"{self.as_of:%Y-%m-%d}", n=len(t), red=n["red"], amber=n["amber"], green=n["green"],
            red_exposure=format_cents(red_exp), red_share=f"{red_exp / total:.1%}" if total else "0.0%",
            top=w["customer_name"].iloc[0] if len(w) else label("nobody", lang))

    def display_table(self, lang: str = "zh", *, top: int | None = 15) -> pd.DataFrame:
        """The watch list for a report: amounts as money text, levels and headers in ``lang``."""
        w = self.watch_list(lang, top=top)
        w["level"] = [label(v, lang) for v in w["level"]]
        for c in ("exposure_cents", "overdue_cents"):
            w[c] = [format_cents(int(v)) for v in w[c]]
        return w.rename(columns={c: label(c, lang) for c in w.columns})


def _levels(scores: np.ndarray, worst: np.ndarray, levels: dict) -> np.ndarray:
    rank = worst.copy()
    rank = np.maximum(rank, np.where(scores >= levels["red"], 2, np.where(scores >= levels["amber"], 1, 0)))
    return np.asarray(COLOURS, dtype=object)[rank]


def risk_signals(ledger, *, as_of, rules=None, months=3, promises=None, limits=None, financials=None,
                 qualitative=None) -> SignalResult:
    """Levels, scores and evidence of every customer's risk signals as of a date.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger table.
    as_of : str or date
        Only documents dated on or before it count.
    rules : str, Path or RuleSet, optional
        A rules file (default: the packaged rules).
    months, promises, limits, financials, qualitative
        Passed to :func:`~creditkit.receivables.features.signal_features`.

    Returns
    -------
    SignalResult

    Raises
    ------
    ConfigError
        The rules file is wrong (file, line, rule and field named).
    """
    rs = load_rules(rules)
    f = signal_features(ledger, as_of=as_of, months=months, promises=promises, limits=limits,
                        financials=financials, qualitative=qualitative)
    flags = rs.evaluate(f)
    ids = f.index
    score = flags.groupby("customer_id")["severity"].sum().reindex(ids).fillna(0).astype("int64")
    worst = flags["colour"].map(_RANK).groupby(flags["customer_id"]).max().reindex(ids).fillna(0).astype("int64")
    n = flags.groupby("customer_id").size().reindex(ids).fillna(0).astype("int64")
    exposure = f["balance_cents"].clip(lower=0).astype("int64")
    table = pd.DataFrame({
        "customer_id": ids.to_numpy(dtype=object), "customer_name": f["customer_name"].to_numpy(dtype=object),
        "sales_rep": f["sales_rep"].to_numpy(dtype=object),
        "level": _levels(score.to_numpy(), worst.to_numpy(), rs.score_levels),
        "score": score.to_numpy(), "n_signals": n.to_numpy(), "exposure_cents": exposure.to_numpy(),
        "overdue_cents": f["overdue_cents"].astype("int64").to_numpy(),
        "max_days_overdue": f["max_days_overdue"].astype("int64").to_numpy(),
    })
    table["priority"] = table["score"] * table["exposure_cents"] / 100.0
    table["_rank"] = table["level"].map(_RANK)
    table = table.sort_values(["priority", "_rank", "exposure_cents", "customer_id"],
                              ascending=[False, False, False, True], kind="stable")
    table = table.drop(columns="_rank").reset_index(drop=True)
    return SignalResult(table=table, flags=flags, features=f, rules=rs, as_of=to_date(as_of, name="as_of"))


def signal_history(ledger, *, start, end, rules=None, months=3, **given) -> pd.DataFrame:
    """Level and score of every customer at each month end from ``start`` to ``end``.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    start, end : str or date
        Month ends on or after ``start`` and on or before ``end`` (``end``
        itself is included when it is not a month end).
    rules, months, **given
        As in :func:`risk_signals`.

    Returns
    -------
    DataFrame
        ``month_end, customer_id, customer_name, level, score, n_signals,
        exposure_cents``, one row per customer with documents by that date.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> h = signal_history(sample_ledger(seed=1, n_customers=6), start="2025-04-01", end="2025-06-30")
    >>> sorted(h["month_end"].dt.strftime("%m-%d").unique())
    ['04-30', '05-31', '06-30']
    """
    start, end = to_date(start, name="start"), to_date(end, name="end")
    if end < start:
        raise ValueError(f"end ({end:%Y-%m-%d}) is before start ({start:%Y-%m-%d})")
    rs = load_rules(rules)
    ends = list(pd.date_range(start, end, freq="ME"))
    if not ends or ends[-1] != end:
        ends.append(end)
    frames = []
    for d in ends:
        r = risk_signals(ledger, as_of=d, rules=rs, months=months, **given)
        frames.append(r.table[["customer_id", "customer_name", "level", "score", "n_signals", "exposure_cents"]]
                      .assign(month_end=d))
    h = pd.concat(frames, ignore_index=True)
    return h[["month_end", "customer_id", "customer_name", "level", "score", "n_signals", "exposure_cents"]]


def credit_hold_advice(ledger, *, as_of, grace_days=30, tolerance_cents=100_000, limits=None, signals=None,
                       orders=None):
    """Which customers' new orders to hold, and why, in the manner of an ERP overdue block.

    A customer is on hold when the items more than ``grace_days`` past due
    add up to at least ``tolerance_cents``; when its balance is over its
    credit limit (``limits``); or when ``signals`` puts it at red. The hold
    applies to new *orders*: goods already shipped are still invoiced, and a
    prepaid order is released, since it adds no credit exposure.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    as_of : str or date
    grace_days : int, default 30
        Days past due tolerated before an item blocks (SAP's "days overdue" tolerance).
    tolerance_cents : int, default 100000
        Overdue amount below which nothing is blocked (1,000.00 yuan).
    limits : Series or DataFrame, optional
        Credit limits in cents, as in :func:`signal_features`.
    signals : SignalResult, optional
        Red customers are held too.
    orders : DataFrame, optional
        New orders: ``order_no, customer_id, amount_cents`` and optionally
        ``prepaid`` (bool). With a limit, an order that would take the
        balance over it is held.

    Returns
    -------
    DataFrame
        Per customer (without ``orders``): ``customer_id, customer_name,
        hold, trigger_overdue_cents, trigger_days, reason_zh, reason_en``;
        per order (with ``orders``): ``order_no, customer_id, amount_cents,
        prepaid, decision`` (``hold``, ``release`` or ``exempt_prepaid``),
        ``reason_zh, reason_en``.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A", "B"], "customer_name": ["甲", "乙"],
    ...     "doc_type": ["invoice", "invoice"], "doc_no": ["I1", "I2"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-05-01"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", "2025-05-31"]), "amount_cents": [1_230_000, 500_000]})
    >>> a = credit_hold_advice(t, as_of="2025-06-30")
    >>> a[["customer_id", "hold", "trigger_overdue_cents", "trigger_days"]].values.tolist()
    [['A', True, 1230000, 150], ['B', False, 0, 0]]
    >>> a["reason_zh"].iloc[0]
    '逾期 12,300.00 元，最长逾期 150 天（宽限 30 天）'
    >>> o = pd.DataFrame({"order_no": ["SO1", "SO2", "SO3"], "customer_id": ["A", "A", "B"],
    ...                   "amount_cents": [100, 200, 300], "prepaid": [False, True, False]})
    >>> credit_hold_advice(t, as_of="2025-06-30", orders=o)["decision"].tolist()
    ['hold', 'exempt_prepaid', 'release']
    """
    as_of = to_date(as_of, name="as_of")
    grace_days = check_number("grace_days", grace_days, low=0, integer=True)
    tolerance_cents = check_number("tolerance_cents", tolerance_cents, low=0, integer=True)
    t = ledger_table(ledger)
    oi = open_items(t, as_of=as_of)
    it = oi.items[oi.items["open_cents"] > 0]
    past = (as_of - it["due_date"].fillna(it["doc_date"])).dt.days
    blocking = it[past > grace_days].assign(past=past[past > grace_days])
    ids = pd.Index(sorted(oi.balance["customer_id"].unique()), name="customer_id")
    trig = blocking.groupby("customer_id")["open_cents"].sum().reindex(ids).fillna(0).astype("int64")
    days = blocking.groupby("customer_id")["past"].max().reindex(ids).fillna(0).astype("int64")
    balance = oi.balance.set_index("customer_id")["balance_cents"].reindex(ids).fillna(0).astype("int64")
    names = oi.balance.set_index("customer_id")["customer_name"].reindex(ids)
    lim = None
    if limits is not None:
        lim = limits.set_index("customer_id")["credit_limit_cents"] if isinstance(limits, pd.DataFrame) else limits
        lim = lim.reindex(ids)
    red = set(signals.table.loc[signals.table["level"] == "red", "customer_id"]) if signals is not None else set()
    rows = []
    for c in ids:
        zh, en = [], []
        if trig[c] >= tolerance_cents and trig[c] > 0:
            zh.append(label("hold_overdue", "zh").format(amount=format_cents(trig[c]), days=days[c], grace=grace_days))
            en.append(label("hold_overdue", "en").format(amount=format_cents(trig[c]), days=days[c], grace=grace_days))
        if lim is not None and pd.notna(lim[c]) and balance[c] > lim[c]:
            for out, lang in ((zh, "zh"), (en, "en")):
                out.append(label("hold_limit", lang).format(amount=format_cents(balance[c]), limit=format_cents(int(lim[c]))))
        if c in red:
            zh.append(label("hold_red", "zh"))
            en.append(label("hold_red", "en"))
        rows.append((c, names[c], bool(zh), int(trig[c]), int(days[c]), "；".join(zh), "; ".join(en)))
    advice = pd.DataFrame(rows, columns=["customer_id", "customer_name", "hold", "trigger_overdue_cents",
                                         "trigger_days", "reason_zh", "reason_en"])
    if orders is None:
        return advice
    if not isinstance(orders, pd.DataFrame):
        raise TypeError(f"orders must be a DataFrame, got {type(orders).__name__}")
    missing = [c for c in ("order_no", "customer_id", "amount_cents") if c not in orders.columns]
    if missing:
        raise ValueError(f"orders lacks the column(s) {', '.join(map(repr, missing))}; it has {list(orders.columns)}")
    by = advice.set_index("customer_id")
    out = []
    for o in orders.itertuples(index=False):
        prepaid = bool(getattr(o, "prepaid", False))
        c = o.customer_id
        held = c in by.index and bool(by.at[c, "hold"])
        zh = by.at[c, "reason_zh"] if held else ""
        en = by.at[c, "reason_en"] if held else ""
        if not held and lim is not None and c in lim.index and pd.notna(lim[c]) \
                and balance.get(c, 0) + int(o.amount_cents) > lim[c]:
            held = True
            zh = label("hold_limit", "zh").format(amount=format_cents(balance.get(c, 0) + int(o.amount_cents)),
                                                  limit=format_cents(int(lim[c])))
            en = label("hold_limit", "en").format(amount=format_cents(balance.get(c, 0) + int(o.amount_cents)),
                                                  limit=format_cents(int(lim[c])))
        decision = "exempt_prepaid" if prepaid else ("hold" if held else "release")
        out.append((o.order_no, c, int(o.amount_cents), prepaid, decision, zh, en))
    return pd.DataFrame(out, columns=["order_no", "customer_id", "amount_cents", "prepaid", "decision",
                                      "reason_zh", "reason_en"])
