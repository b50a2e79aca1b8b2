"""A receivables-health check of any ledger: aging, DSO/ADD/CEI, provision, signals, watch list, collection plan.

:func:`ledger_health` runs the kit's receivables tools over one canonical
ledger as of a date and keeps every result a report shows;
:func:`health_sentences` states the findings in Chinese or English, each
figure computed from that ledger — so the report on a user's own ERP export
says true things about it. Notebook ``25_ledger_health`` and
``creditkit report ledger FILE --as-of DATE`` show it.

Examples
--------
>>> from creditkit.cases import sample_ledger
>>> h = ledger_health(sample_ledger(seed=3, n_customers=10), as_of="2025-06-30", history_months=3)
>>> h.open_cents == int(h.aging.totals()["total"])
True
>>> sorted(health_sentences(h, "en"))
['after_red', 'aging', 'levels', 'metrics', 'plan', 'provision', 'when']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..dates import to_date
from ..i18n import check_lang
from ..money import format_cents
from ..receivables.aging import AgingResult, age_receivables
from ..receivables.collection import collection_plan, plan_summary
from ..receivables.metrics import CollectionMetrics, collection_metrics
from ..receivables.provision import ProvisionResult, aging_schedule_provision
from ..receivables.schema import Ledger
from .reader_notes import note_in

__all__ = ["LedgerHealth", "ledger_health", "health_sentences", "reconciliation_notes", "DEFAULT_RATES"]

#: Provision rate of each default aging bucket (not due, 1-30, 31-60, 61-90, 91-180, 181-365, >365).
DEFAULT_RATES = (0.01, 0.03, 0.05, 0.10, 0.30, 0.50, 1.00)


@dataclass(frozen=True)
class LedgerHealth:
    """Everything a receivables-health report states about one ledger as of a date.

    Attributes
    ----------
    table : DataFrame
        The canonical ledger.
    as_of : Timestamp
    aging : AgingResult
    open_cents, overdue_cents, over_90_cents : int
    metrics : CollectionMetrics
        DSO, count-back DSO, best possible DSO, ADD and CEI of the last
        ``metric_months`` months.
    provision : ProvisionResult
    timeline : SignalTimeline
        Month-end risk signals over the last ``history_months`` months.
    plan : DataFrame
        The collection plan.
    """

    table: pd.DataFrame
    as_of: pd.Timestamp
    aging: AgingResult
    open_cents: int
    overdue_cents: int
    over_90_cents: int
    metrics: CollectionMetrics
    provision: ProvisionResult
    timeline: object
    plan: pd.DataFrame


def ledger_health(ledger, *, as_of, rates=DEFAULT_RATES, metric_months: int = 3, history_months: int = 12,
                  rules=None, lang: str = "zh") -> LedgerHealth:
    """Run the receivables tools over a ledger as of a date.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        A loaded export or a canonical ledger table.
    as_of : str or date
    rates : sequence of float, default :data:`DEFAULT_RATES`
        Provision rate per aging bucket; missing trailing rates are 100 %.
    metric_months : int, default 3
        Length of the DSO/CEI period ending on ``as_of``.
    history_months : int, default 12
        Months of month-end signals looked back over.
    rules : str, Path or RuleSet, optional
        Risk rules (default: the kit's).
    lang : {"zh", "en"}, default "zh"
        Language of the plan's action text and evidence.

    Returns
    -------
    LedgerHealth

    Raises
    ------
    ValueError
        ``as_of`` is before the ledger's first document (nothing to report on).
    """
    from ..cases.early_warning import signal_timeline

    lang = check_lang(lang)
    as_of = to_date(as_of, name="as_of")
    t = ledger.table if isinstance(ledger, Ledger) else ledger
    first = pd.to_datetime(t["doc_date"]).min()
    if pd.isna(first) or as_of < first:
        raise ValueError(f"as_of {as_of:%Y-%m-%d} is before the ledger's first document "
                         f"({'none' if pd.isna(first) else f'{first:%Y-%m-%d}'}); pass a later --as-of")
    aging = age_receivables(t, as_of=as_of)
    tot = aging.totals()
    over_90 = int(sum(int(tot[c]) for c in aging.labels[4:]))
    start = max(first, as_of + pd.Timedelta(days=1) - pd.DateOffset(months=int(metric_months)))
    metrics = collection_metrics(t, start=start, end=as_of)
    rates = list(rates)[: len(aging.labels)]
    rates += [1.0] * (len(aging.labels) - len(rates))
    provision = aging_schedule_provision(aging, rates)
    hist_start = max(first, as_of - pd.DateOffset(months=int(history_months)))
    timeline = signal_timeline(t, start=hist_start, end=as_of, rules=rules)
    plan = collection_plan(t, as_of=as_of, lang=lang)
    return LedgerHealth(t, as_of, aging, int(tot["total"]), int(tot["total"] - tot["not_due"]), over_90, metrics,
                        provision, timeline, plan)


def _days(x, lang):
    if x != x:  # NaN
        return "—"
    return f"{x:,.1f} 天" if lang == "zh" else f"{x:,.1f} days"


def health_sentences(h: LedgerHealth, lang: str = "zh") -> dict:
    """The findings of a health check as sentences computed from it.

    Returns
    -------
    dict
        ``aging``, ``metrics``, ``provision``, ``levels``, ``when``,
        ``after_red`` (see :func:`creditkit.cases.early_warning.timeline_sentences`)
        and ``plan`` (:func:`creditkit.receivables.collection.plan_summary`).
    """
    from ..cases.early_warning import timeline_sentences

    lang = check_lang(lang)
    y = (lambda c: f"{format_cents(c)} 元") if lang == "zh" else (lambda c: f"CNY {format_cents(c)}")
    d = f"{h.as_of:%Y-%m-%d}"
    share = h.overdue_cents / h.open_cents if h.open_cents else 0.0
    share90 = h.over_90_cents / h.open_cents if h.open_cents else 0.0
    top = h.aging.table.assign(overdue=h.aging.table["total"] - h.aging.table["not_due"]) \
        .sort_values(["overdue", "customer_id"], ascending=[False, True]).iloc[0]
    top_share = int(top["overdue"]) / h.overdue_cents if h.overdue_cents else 0.0
    m = h.metrics
    p = h.provision
    late = int(p.table["provision_cents"].iloc[4:].sum())
    late_share = late / p.total_cents if p.total_cents else 0.0
    cei = "—" if m.cei != m.cei else f"{m.cei:.1f}%"
    if lang == "zh":
        aging = (f"截至 {d}，应收余额 {y(h.open_cents)}，其中已逾期 {y(h.overdue_cents)}（{share:.1%}），逾期 90 天以上 "
                 f"{y(h.over_90_cents)}（{share90:.1%}）。"
                 + (f"逾期最多的客户是 {top['customer_name']}，逾期 {y(int(top['overdue']))}，占全部逾期的 {top_share:.1%}。"
                    if h.overdue_cents else "没有逾期的欠款。"))
        metrics = (f"{m.start:%Y-%m-%d} 至 {m.end:%Y-%m-%d}（{m.days} 天）赊销 {y(m.credit_sales_cents)}；DSO 为 "
                   f"{_days(m.dso, lang)}，若客户都按期付款可低至 {_days(m.best_possible_dso, lang)}，"
                   f"平均拖欠天数 ADD {_days(m.add, lang)}；回款有效性指数 CEI {cei}。")
        provision = (f"按账龄分析法计提坏账准备 {y(p.total_cents)}，占应收余额的 {p.coverage:.1%}；其中 {late_share:.1%} "
                     f"来自逾期 90 天以上的账龄段。")
    else:
        aging = (f"On {d} receivables stand at {y(h.open_cents)}, of which {y(h.overdue_cents)} ({share:.1%}) is overdue "
                 f"and {y(h.over_90_cents)} ({share90:.1%}) more than 90 days overdue. "
                 + (f"The customer with the most overdue is {top['customer_name']}: {y(int(top['overdue']))}, "
                    f"{top_share:.1%} of all overdue." if h.overdue_cents else "Nothing is overdue."))
        metrics = (f"From {m.start:%Y-%m-%d} to {m.end:%Y-%m-%d} ({m.days} days) credit sales were "
                   f"{y(m.credit_sales_cents)}; DSO is {_days(m.dso, lang)} against a best possible "
                   f"{_days(m.best_possible_dso, lang)} if every customer paid on time, so average days delinquent "
                   f"(ADD) are {_days(m.add, lang)}; the collection effectiveness index (CEI) is {cei}.")
        provision = (f"The aging-schedule provision is {y(p.total_cents)}, {p.coverage:.1%} of receivables; "
                     f"{late_share:.1%} of it comes from the buckets more than 90 days past due.")
    if m.credit_sales_cents == 0:
        metrics = (f"{m.start:%Y-%m-%d} 至 {m.end:%Y-%m-%d}（{m.days} 天）没有赊销，DSO 和 ADD 无从计算；"
                   f"回款有效性指数 CEI {cei}。" if lang == "zh" else
                   f"There were no credit sales from {m.start:%Y-%m-%d} to {m.end:%Y-%m-%d} ({m.days} days), so DSO "
                   f"and ADD cannot be computed; the collection effectiveness index (CEI) is {cei}.")
    out = {"aging": aging, "metrics": metrics, "provision": provision}
    out.update(timeline_sentences(h.timeline, lang))
    out["plan"] = plan_summary(h.plan, lang=lang)
    return out


def reconciliation_notes(rec, lang: str = "zh") -> list[str]:
    """What the reader found beyond the row count: the file's own totals against what was read, and its notes.

    Parameters
    ----------
    rec : LedgerReconciliation
        ``load_ledger(...).reconciliation``.

    Returns
    -------
    list of str
        A sentence on the totals check (when the file had total rows), one on
        derived due dates and blank rows, then the reader's notes (encoding,
        profile, header line, each total that disagrees), in ``lang``
        (:func:`~creditkit.reports.reader_notes.note_in`).

    Examples
    --------
    >>> from creditkit.receivables.schema import LedgerReconciliation
    >>> r = LedgerReconciliation("ar.csv", 5, 0, 1, 0, 4, 0, 30000, 10000, 0, 0, 0, 40000, 40000, 0, 0, 2, 0,
    ...                          notes=("header found on line 2",), totals_checked=1, totals_mismatched=1)
    >>> reconciliation_notes(r, "en")[0]
    'The file has 1 total rows; 0 agree with the rows read: check the notes below before trusting the totals.'
    """
    lang = check_lang(lang)
    out = []
    if rec.totals_checked:
        ok = rec.totals_checked - rec.totals_mismatched
        if lang == "zh":
            out.append(f"文件自带 {rec.totals_checked} 个合计行，其中 {ok} 个与读入的明细一致"
                       + ("：合计对不上，请先看下面的说明。" if rec.totals_mismatched else "。"))
        else:
            out.append(f"The file has {rec.totals_checked} total rows; {ok} agree with the rows read"
                       + (": check the notes below before trusting the totals." if rec.totals_mismatched else "."))
    if rec.derived_due_dates or rec.blank_rows:
        out.append(f"{rec.derived_due_dates} 个缺失的到期日按单据日期 + 账期补出；跳过空行 {rec.blank_rows} 行。"
                   if lang == "zh" else
                   f"{rec.derived_due_dates} missing due dates were derived as document date + terms; "
                   f"{rec.blank_rows} blank rows were skipped.")
    prefix = "读取说明：" if lang == "zh" else "Reader's note: "
    out.extend(prefix + note_in(n, lang) for n in rec.notes)
    return out
