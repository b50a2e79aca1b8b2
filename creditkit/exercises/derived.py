"""Derived tasks: the reference is computed at check time from the trainee's data.

Each entry of :data:`DERIVED` names the data the check needs, how the kit
computes the right answer from it, and how it computes the typical wrong
answers (each tagged with the hint to give). The values are turned into a
salted record by :func:`~creditkit.exercises.checking.key_record` at once and
compared as digests, like a hashed task; nothing is printed or returned.

AHP weights are compared to 2 decimals, so the column-average
approximation taught by hand and the kit's eigenvector agree.

Every reference is the kit's own: danger signals and the risk level from
:func:`creditkit.receivables.signals.risk_signals` (the rules of
:mod:`~creditkit.receivables.rules`), debtor types from
:func:`creditkit.receivables.collection.classify_debtors`, today's collection
step from :func:`~creditkit.receivables.collection.escalation_calendar` (the
strategy matrix), late interest from
:func:`creditkit.receivables.interest.late_interest` on the invoice and its
receipt, the sales needed to recover a bad debt and the cost of a cash discount
from :mod:`creditkit.policy.trade_credit`. The typical wrong answers are the
same functions with the slip made (a 360-day year, no pace, the axes swapped…).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from .checking import key_record

__all__ = ["Derived", "DERIVED"]


@dataclass(frozen=True)
class Derived:
    """A task whose answer is computed from ``needs`` when it is checked."""

    needs: tuple
    answer: Callable
    variants: Callable | None = None     # data -> {hint_key: wrong value}
    kind: str = "number"
    places: int = 2
    transforms: dict = field(default_factory=dict)
    near: int | None = None
    tip: str | None = None
    judge: Callable | None = None        # (answer, lang, **data) -> (status, hint, extra) for free text

    def record(self, task, data) -> dict:
        missing = [n for n in self.needs if n not in data]
        extra = sorted(set(data) - set(self.needs))
        if missing or extra:
            raise TypeError(f"check({task!r}, ...) needs the data {', '.join(f'{n}=' for n in self.needs)}"
                            + (f"; missing {missing}" if missing else "") + (f"; unexpected {extra}" if extra else ""))
        value = self.answer(**data)
        close = {}
        if self.variants is not None:
            close = {h: v for h, v in self.variants(**data).items() if v is not None}
        return key_record(task, value, kind=self.kind, places=self.places, close=close,
                          transforms=self.transforms, near=self.near if self.kind == "number" else None,
                          tip=self.tip)


# --- aging by hand -----------------------------------------------------------------------

def _aging(ledger, as_of, **kw):
    from ..receivables.aging import age_receivables

    return age_receivables(ledger, as_of=as_of, buckets=(30, 60, 90), **kw)


def _yuan(series) -> dict:
    return {k: int(v) / 100 for k, v in series.items()}


def _bucket_yuan(ledger, as_of):
    r = _aging(ledger, as_of)
    return _yuan(r.totals()[r.labels])


def _table(ledger):
    return ledger.table if hasattr(ledger, "table") else ledger


def _without_pool(ledger):
    t = _table(ledger)
    credit = t["amount_cents"] < 0
    return t[~(credit & t["ref_doc_no"].isna())]


def _aging_variants(ledger, as_of):
    nxt = (pd.Timestamp(as_of) + pd.Timedelta(days=1)).date().isoformat()
    return {
        "ex_hint_upper_inclusive": _bucket_yuan(ledger, nxt),
        "ex_hint_unapplied": _bucket_yuan(_without_pool(ledger), as_of),
    }


def _unapplied(ledger, as_of):
    return int(_aging(ledger, as_of).totals()["unapplied"]) / 100


def _overdue_share(ledger, as_of):
    tot = _aging(ledger, as_of).totals()
    return float((tot["total"] - tot["not_due"]) / tot["total"])


def _overdue_share_net(ledger, as_of):
    tot = _aging(ledger, as_of).totals()
    return float((tot["total"] - tot["not_due"]) / (tot["total"] - tot["unapplied"]))


# --- DSO, ADD, CEI -------------------------------------------------------------------------

def _dso(end_ar, credit_sales, days, **_):
    from ..receivables.metrics import dso

    return dso(end_ar, credit_sales, days)


def _add(end_ar, end_current_ar, credit_sales, days, **_):
    from ..receivables.metrics import average_days_delinquent, best_possible_dso

    return average_days_delinquent(_dso(end_ar, credit_sales, days),
                                   best_possible_dso(end_current_ar, credit_sales, days))


def _cei(begin_ar, credit_sales, end_ar, end_current_ar, **_):
    from ..receivables.metrics import collection_effectiveness_index

    return collection_effectiveness_index(begin_ar, credit_sales, end_ar, end_current_ar)


def _cei_total_denominator(begin_ar, credit_sales, end_ar, end_current_ar, **_):
    return (begin_ar + credit_sales - end_ar) / (begin_ar + credit_sales) * 100


_METRIC_NEEDS = ("begin_ar", "credit_sales", "end_ar", "end_current_ar", "days")


# --- provision -------------------------------------------------------------------------------

def _provision(balances, rates):
    from ..money import yuan_to_cents
    from ..receivables.provision import aging_schedule_provision

    cents = {k: int(yuan_to_cents(v)) for k, v in balances.items()}
    return aging_schedule_provision(cents, rates)


def _provision_total(balances, rates, existing_allowance=None):
    return _provision(balances, rates).total_cents / 100


def _entry(balances, rates, existing_allowance):
    """The kit's adjusting entry (:func:`~creditkit.receivables.provision.allowance_adjustment`)."""
    from ..money import yuan_to_cents
    from ..receivables.provision import allowance_adjustment

    return allowance_adjustment(_provision(balances, rates), int(yuan_to_cents(existing_allowance)))


def _provision_adjustment(balances, rates, existing_allowance):
    e = _entry(balances, rates, existing_allowance)
    return (-e.amount_cents if e.kind == "reversal" else e.amount_cents) / 100


def _provision_entry(balances, rates, existing_allowance):
    return "冲回" if _entry(balances, rates, existing_allowance).kind == "reversal" else "补提"


def _provision_variants(balances, rates, existing_allowance=None):
    rates = rates if isinstance(rates, dict) else dict(zip(balances, rates))
    overdue_only = {k: v for k, v in balances.items() if k not in ("current", "not_due")}
    return {"ex_hint_all_buckets": _provision_total(overdue_only, [rates[k] for k in overdue_only])}


# --- ratios and Z ----------------------------------------------------------------------------

def _statement(customer_id):
    from ..cases import load_sample_customer

    return load_sample_customer(customer_id).statement


def _ratio(name, days=365):
    def f(customer_id):
        from ..evaluation.ratios import financial_ratios

        return float(financial_ratios(_statement(customer_id), days_in_year=days).loc[name].iloc[-1])

    return f


def _latest(customer_id):
    """The latest year of the case customer's statement under the kit's line names."""
    from ..evaluation.ratios import normalize_statement

    return normalize_statement(_statement(customer_id)).iloc[:, -1]


def _z_inputs(customer_id):
    s = _latest(customer_id)
    return dict(working_capital=s["current_assets"] - s["current_liabilities"], retained_earnings=s["retained_earnings"],
                ebit=s["ebit"], market_value_equity=s["total_equity"], sales=s["revenue"],
                total_assets=s["total_assets"], total_liabilities=s["total_liabilities"])


def _z(variant):
    def f(customer_id):
        from ..evaluation.altman import altman_z

        return float(altman_z(**_z_inputs(customer_id), variant=variant).score)

    return f


# --- 5C and AHP --------------------------------------------------------------------------------

def _five_c(scores):
    from ..evaluation.five_c import five_c_from_dimensions

    return five_c_from_dimensions(scores)


def _ahp(matrix):
    from ..evaluation.ahp import ahp_weights

    return ahp_weights(matrix)


def _ahp_row_sum_weights(matrix):
    a = np.asarray(matrix, dtype=float)
    labels = list(matrix.index) if isinstance(matrix, pd.DataFrame) else [f"c{i + 1}" for i in range(len(a))]
    w = a.sum(axis=1) / a.sum()
    return dict(zip(labels, w))


def _ahp_weights_dict(matrix):
    r = _ahp(matrix)
    return {str(k): float(v) for k, v in r.weights.items()}


# --- danger signals, debtor types, collection steps -------------------------------------------

def _signals(ledger, as_of, qualitative):
    from ..receivables.signals import risk_signals

    return risk_signals(ledger, as_of=as_of, qualitative=qualitative)


def _fired(ledger, as_of, qualitative, customer_id):
    """Ids of the kit's danger-signal rules that fire for the customer."""
    flags = _signals(ledger, as_of, qualitative).flags
    return sorted(flags.loc[flags["customer_id"] == customer_id, "rule_id"])


def _level(ledger, as_of, qualitative, customer_id):
    t = _signals(ledger, as_of, qualitative).table
    return str(t.loc[t["customer_id"] == customer_id, "level"].item())


def _level_variants(ledger, as_of, qualitative, customer_id):
    """The worst colour among the fired rules, without the score that escalates several signals."""
    from ..receivables.rules import COLOURS

    flags = _signals(ledger, as_of, qualitative).flags
    colours = flags.loc[flags["customer_id"] == customer_id, "colour"]
    worst = max(colours, key=COLOURS.index) if len(colours) else "green"
    return {"ex_hint_level_score": worst}


def _debtors(ledger, as_of):
    from ..receivables.collection import classify_debtors

    return classify_debtors(ledger, as_of=as_of).set_index("customer_id")


def _debtor_types(ledger, as_of):
    return {str(k): str(v) for k, v in _debtors(ledger, as_of)["debtor_type"].items()}


_SWAP = {"willing_unable": "unwilling_able", "unwilling_able": "willing_unable"}


def _debtor_swapped(ledger, as_of):
    return {k: _SWAP.get(v, v) for k, v in _debtor_types(ledger, as_of).items()}


def _ability(ledger, as_of, customer_id):
    return float(_debtors(ledger, as_of).loc[customer_id, "ability_ratio"])


def _ability_no_backlog(ledger, as_of, customer_id):
    f = _debtors(ledger, as_of).loc[customer_id]
    due = f["fell_due_in_window_cents"]
    return float(f["paid_in_window_cents"] / due) if due else None


def _steps(ledger, as_of, debtor_types, *, strategy=None):
    """Today's step of each customer's collection ladder (the kit's escalation calendar)."""
    from ..receivables.collection import escalation_calendar

    out = {}
    for cid, t in dict(debtor_types).items():
        cal = escalation_calendar(ledger, cid, as_of=as_of, debtor_type=t, strategy=strategy)
        cur = cal.loc[cal["status"] == "current", "action"]
        out[str(cid)] = str(cur.iloc[0]) if len(cur) else "none"
    return out


def _steps_without_pace(ledger, as_of, debtor_types):
    import dataclasses

    from ..receivables.collection import load_strategy

    s = load_strategy()
    return _steps(ledger, as_of, debtor_types, strategy=dataclasses.replace(s, pace={b: 1 for b in s.pace}))


# --- late interest, bad-debt recovery, cash discount --------------------------------------------

def _invoice_ledger(principal, invoice_date, due_date, paid_date):
    """One invoice and the receipt that paid it, as a canonical ledger table."""
    from ..money import yuan_to_cents

    cents = int(yuan_to_cents(principal))
    return pd.DataFrame({"customer_id": ["X", "X"], "customer_name": ["X", "X"], "doc_type": ["invoice", "receipt"],
                         "doc_no": ["INV", "RC"], "doc_date": pd.to_datetime([invoice_date, paid_date]),
                         "due_date": pd.to_datetime([due_date, None]), "amount_cents": [cents, -cents],
                         "ref_doc_no": [None, "INV"]})


def _interest(principal, invoice_date, due_date, paid_date, *, day_count=365, **basis):
    """The kit's late interest (:func:`~creditkit.receivables.interest.late_interest`) on the one invoice."""
    from ..receivables.interest import late_interest

    r = late_interest(_invoice_ledger(principal, invoice_date, due_date, paid_date), as_of=paid_date,
                      day_count=day_count, **basis)
    return r.invoices


def _interest_yuan(principal, invoice_date, due_date, paid_date, **kw):
    inv = _interest(principal, invoice_date, due_date, paid_date, **kw)
    return int(inv["interest_cents"].sum()) / 100


def _late_interest(principal, annual_rate, invoice_date, due_date, paid_date, **kw):
    return _interest_yuan(principal, invoice_date, due_date, paid_date, basis="contract", rate=annual_rate, **kw)


def _late_variants(principal, annual_rate, invoice_date, due_date, paid_date):
    one_more = (pd.Timestamp(paid_date) + pd.Timedelta(days=1)).date().isoformat()
    return {
        "ex_hint_day_basis": _late_interest(principal, annual_rate, invoice_date, due_date, paid_date, day_count=360),
        "ex_hint_day_count": _late_interest(principal, annual_rate, invoice_date, due_date, one_more),
        "ex_hint_interest_start": _late_interest(principal, annual_rate, invoice_date, invoice_date, paid_date),
    }


def _late_days(invoice_date, due_date, paid_date, **_):
    inv = _interest(1000, invoice_date, due_date, paid_date, basis="contract", rate=0.1)
    return int(inv["days"].max()) if len(inv) else 0


def _statutory_rate(due_date):
    from ..receivables.interest import cn_late_payment_rate

    breach = pd.Timestamp(due_date) + pd.Timedelta(days=1)
    return cn_late_payment_rate(breach)


def _statutory_variants(principal, invoice_date, due_date, paid_date):
    from ..receivables.interest import cn_late_payment_rate

    base = float(_statutory_rate(due_date)[0])
    at_payment = cn_late_payment_rate(pd.Timestamp(paid_date))[1]
    return {
        "ex_hint_lpr_uplift": _interest_yuan(principal, invoice_date, due_date, paid_date, basis="contract", rate=base),
        "ex_hint_lpr_date": _interest_yuan(principal, invoice_date, due_date, paid_date, basis="contract",
                                           rate=at_payment),
    }


def _recovery_sales(bad_debt, net_margin):
    from ..policy.trade_credit import sales_to_recover_bad_debt

    return float(sales_to_recover_bad_debt(bad_debt, net_margin))


def _discount_cost(discount, discount_days, net_days, **kw):
    from ..policy.trade_credit import cost_of_forgoing_discount

    return float(cost_of_forgoing_discount(discount, discount_days, net_days, **kw).simple)


def _discount_variants(discount, discount_days, net_days):
    return {
        "ex_hint_day_basis": _discount_cost(discount, discount_days, net_days, days_in_year=360),
        # d × 365 / (N − D): the discount divided by the full price instead of the net price
        "ex_hint_discount_net": _discount_cost(discount, discount_days, net_days) * (1 - float(discount)),
        # the whole credit period instead of the extra days: as if paying on day N + D
        "ex_hint_discount_period": _discount_cost(discount, discount_days, net_days, pay_day=net_days + discount_days),
    }


# --- credit limit ---------------------------------------------------------------------------------

def _limit_inputs(customer_id):
    from ..cases import load_sample_customer

    c = load_sample_customer(customer_id)
    s = _latest(customer_id)
    return dict(net_worth=float(s["total_equity"]),
                working_capital=float(s["current_assets"] - s["current_liabilities"]),
                expected_annual_purchases=float(c.trade["expected_annual_purchases"]),
                base_limit=float(c.trade["base_limit"]))


def _limits(customer_id, grade):
    from ..policy import credit_limit_methods

    return credit_limit_methods(grade, **_limit_inputs(customer_id))


def _limit_recommended(customer_id, grade, **_):
    return float(_limits(customer_id, grade).attrs["recommended"])


def _limit_largest(customer_id, grade, **_):
    return float(_limits(customer_id, grade)["limit"].max())


def _limit_decision(customer_id, grade, requested):
    return "approve" if float(requested) <= _limit_recommended(customer_id, grade) else "reduce"


# --- binning and IV ---------------------------------------------------------------------------------

def _woe_table(data, variable, edges, *, right=True, target="bad"):
    from ..scorecard.woe import woe_table

    bins = pd.cut(data[variable], [-math.inf, *edges, math.inf], right=right)
    counts = data.groupby(bins, observed=False)[target].agg(["size", "sum"])
    return woe_table(counts["size"] - counts["sum"], counts["sum"], smoothing=0)


def _first_woe(data, variable, edges, **kw):
    return float(_woe_table(data, variable, edges, **kw)["woe"].iloc[0])


def _iv(data, variable, edges, **kw):
    return float(_woe_table(data, variable, edges, **kw)["iv"].sum())


def _iv_strength(data, variable, edges):
    from ..scorecard.woe import iv_strength

    return iv_strength(_iv(data, variable, edges))


def _iv_variants(data, variable, edges):
    return {"ex_hint_upper_inclusive": _iv(data, variable, edges, right=False),
            "ex_hint_log_base": _iv(data, variable, edges) / math.log(10)}


# --- KS -----------------------------------------------------------------------------------------------

def _ks(y, score):
    from ..scorecard.metrics import ks_statistic

    return ks_statistic(y, score, higher_is_safer=True)


def _ks_decile(y, score):
    from ..scorecard.metrics import gains_table

    g = gains_table(y, score, n_groups=10, higher_is_safer=True)
    return int(np.argmax(g["ks"].to_numpy()) + 1)


# --- the opening of a collection conversation -------------------------------------------------

_GREETING = ("您好", "你好", "感谢", "谢谢", "hello", "good morning", "thank", "dear", "hi ")
_ASK = ("？", "?", "哪天", "什么时候", "何时", "能否", "可否", "安排", "when", "could you", "can you", "arrange")


def _amount_forms(amount) -> list[str]:
    x = float(amount)
    forms = {f"{x:,.2f}", f"{x:.2f}", f"{x:,.0f}", f"{x:.0f}"}
    if x >= 10_000:
        w = x / 10_000
        forms |= {f"{w:g}万", f"{w:.1f}万", f"{w:.2f}万"}
    return sorted(forms)


def _judge_opening(answer, lang, *, customer, invoice_no, amount, due_date):
    """Right when the opening greets, states the facts (invoice, amount) and asks for a date."""
    if not isinstance(answer, str) or not answer.strip():
        return "missing", None, ""
    text = answer.casefold()
    due = pd.Timestamp(due_date)
    dates = {due.date().isoformat(), f"{due.month}月{due.day}日", f"{due.month}/{due.day}"}
    missing = []
    if not any(w in text for w in _GREETING):
        missing.append("ex_part_greeting")
    if str(invoice_no).casefold() not in text:
        missing.append("ex_part_invoice")
    if not any(f.casefold() in text for f in _amount_forms(amount)):
        missing.append("ex_part_amount")
    if not any(d in text for d in dates):
        missing.append("ex_part_due_date")
    if not any(w in text for w in _ASK):
        missing.append("ex_part_ask")
    if not missing:
        return "right", None, ""
    return ("close" if len(missing) <= 2 else "wrong"), "ex_tip_opening", missing


DERIVED: dict[str, Derived] = {
    "collection.opening": Derived(("customer", "invoice_no", "amount", "due_date"), None, judge=_judge_opening,
                                  kind="text"),
    "aging.buckets": Derived(("ledger", "as_of"), _bucket_yuan, _aging_variants, kind="mapping",
                             transforms={"cents": None}, tip="ex_tip_aging"),
    "aging.unapplied": Derived(("ledger", "as_of"), _unapplied, transforms={"cents": None, "sign": None},
                               tip="ex_tip_unapplied"),
    "aging.overdue_share": Derived(("ledger", "as_of"), _overdue_share,
                                   lambda ledger, as_of: {"ex_hint_gross": _overdue_share_net(ledger, as_of)},
                                   places=4, transforms={"percent": None}, tip="ex_tip_overdue_share"),
    "dso.dso": Derived(_METRIC_NEEDS, _dso,
                       lambda begin_ar, credit_sales, days, **_: {"ex_hint_end_ar": _dso(begin_ar, credit_sales, days)},
                       places=1, tip="ex_tip_dso"),
    "dso.add": Derived(_METRIC_NEEDS, _add,
                       lambda end_ar, end_current_ar, credit_sales, days, **_: {
                           "ex_hint_best_dso": _dso(end_current_ar, credit_sales, days)},
                       places=1, transforms={"sign": "ex_hint_add_sign"}, tip="ex_tip_add"),
    "dso.cei": Derived(_METRIC_NEEDS, _cei, lambda **kw: {"ex_hint_cei_current": _cei_total_denominator(**kw)},
                       places=1, transforms={"percent": None}, tip="ex_tip_cei"),
    "provision.required": Derived(("balances", "rates"), _provision_total, _provision_variants,
                                  transforms={"cents": None}, near=3, tip="ex_tip_provision"),
    "provision.adjustment": Derived(("balances", "rates", "existing_allowance"), _provision_adjustment,
                                    lambda balances, rates, existing_allowance: {
                                        "ex_hint_adjust_difference": _provision_total(balances, rates)},
                                    transforms={"sign": "ex_hint_adjust_sign", "cents": None}, tip="ex_tip_adjustment"),
    "provision.entry": Derived(("balances", "rates", "existing_allowance"), _provision_entry, kind="text",
                               tip="ex_tip_entry"),
    "ratios.current_ratio": Derived(("customer_id",), _ratio("current_ratio"), places=2,
                                    tip="ex_tip_current_ratio"),
    "ratios.debt_to_assets": Derived(("customer_id",), _ratio("debt_to_assets"), places=4,
                                     transforms={"percent": None}, tip="ex_tip_debt_to_assets"),
    "ratios.receivable_days": Derived(("customer_id",), _ratio("receivable_days"),
                                      lambda customer_id: {"ex_hint_day_basis": _ratio("receivable_days", 360)(customer_id)},
                                      places=1, tip="ex_tip_receivable_days"),
    "ratios.z_prime": Derived(("customer_id",), _z("z_prime"),
                              lambda customer_id: {"ex_hint_z_variant": _z("z")(customer_id)},
                              places=2, near=2, tip="ex_tip_z"),
    "five_c.score": Derived(("scores",), lambda scores: _five_c(scores)[0],
                            lambda scores: {"ex_hint_weighted": float(np.mean(list(scores.values())))},
                            places=2, tip="ex_tip_five_c"),
    "five_c.grade": Derived(("scores",), lambda scores: _five_c(scores)[1], kind="text", tip="ex_tip_grade"),
    "ahp.weights": Derived(("matrix",), _ahp_weights_dict,
                           lambda matrix: {"ex_hint_ahp_normalise": _ahp_row_sum_weights(matrix)},
                           kind="mapping", places=2, transforms={"percent": None}, tip="ex_tip_ahp_weights"),
    "ahp.cr": Derived(("matrix",), lambda matrix: float(_ahp(matrix).cr),
                      lambda matrix: {"ex_hint_ci_cr": float(_ahp(matrix).ci)}, places=3, tip="ex_tip_ahp_cr"),
    "late_interest.days": Derived(("invoice_date", "due_date", "paid_date"), _late_days,
                                  lambda invoice_date, due_date, paid_date: {
                                      "ex_hint_interest_start": _late_days(invoice_date, invoice_date, paid_date),
                                      "ex_hint_day_count": _late_days(invoice_date, due_date, paid_date) + 1},
                                  places=0, tip="ex_tip_late_days"),
    "late_interest.amount": Derived(("principal", "annual_rate", "invoice_date", "due_date", "paid_date"),
                                    _late_interest, _late_variants, transforms={"percent": "ex_hint_rate_percent"},
                                    tip="ex_tip_late_interest"),
    "late_interest.statutory_rate": Derived(("due_date",), lambda due_date: float(_statutory_rate(due_date)[1]),
                                            lambda due_date: {"ex_hint_lpr_uplift": float(_statutory_rate(due_date)[0])},
                                            places=5, transforms={"percent": None}, tip="ex_tip_statutory_rate"),
    "late_interest.statutory": Derived(("principal", "invoice_date", "due_date", "paid_date"),
                                       lambda **kw: _interest_yuan(**kw, basis="cn_lpr"), _statutory_variants,
                                       tip="ex_tip_statutory"),
    "signals.fired": Derived(("ledger", "as_of", "qualitative", "customer_id"), _fired, kind="choices",
                             tip="ex_tip_signals"),
    "signals.level": Derived(("ledger", "as_of", "qualitative", "customer_id"), _level, _level_variants, kind="text",
                             tip="ex_tip_level"),
    "debtor.ability": Derived(("ledger", "as_of", "customer_id"), _ability,
                              lambda **kw: {"ex_hint_ability_backlog": _ability_no_backlog(**kw)}, places=3,
                              transforms={"percent": None}, tip="ex_tip_ability"),
    "debtor.rule": Derived(("ledger", "as_of"), _debtor_types,
                           lambda **kw: {"ex_hint_debtor_axes": _debtor_swapped(**kw)}, kind="mapping",
                           tip="ex_tip_debtor_rule"),
    "collection.steps": Derived(("ledger", "as_of", "debtor_types"), _steps,
                                lambda **kw: {"ex_hint_pace": _steps_without_pace(**kw)}, kind="mapping",
                                tip="ex_tip_actions"),
    "policy.recovery_sales": Derived(("bad_debt", "net_margin"), _recovery_sales,
                                     lambda bad_debt, net_margin: {"ex_hint_margin_inverse": float(bad_debt) * float(net_margin)},
                                     transforms={"percent": "ex_hint_rate_percent"}, tip="ex_tip_recovery"),
    "policy.discount_cost": Derived(("discount", "discount_days", "net_days"), _discount_cost, _discount_variants,
                                    places=4, transforms={"percent": None}, tip="ex_tip_discount"),
    "limit.net_worth": Derived(("customer_id",), lambda customer_id: _limit_inputs(customer_id)["net_worth"],
                               transforms={"cents": None}, tip="ex_tip_net_worth"),
    "limit.working_capital": Derived(("customer_id",),
                                     lambda customer_id: _limit_inputs(customer_id)["working_capital"],
                                     transforms={"cents": None}, tip="ex_tip_working_capital"),
    "limit.recommended": Derived(("customer_id", "grade"), _limit_recommended,
                                 lambda **kw: {"ex_hint_limit_smallest": _limit_largest(**kw)},
                                 tip="ex_tip_limit"),
    "limit.decision": Derived(("customer_id", "grade", "requested"), _limit_decision, kind="text",
                              tip="ex_tip_decision"),
    "iv.first_woe": Derived(("data", "variable", "edges"), _first_woe,
                            lambda data, variable, edges: {
                                "ex_hint_upper_inclusive": _first_woe(data, variable, edges, right=False)},
                            places=3, transforms={"sign": "ex_hint_woe_sign"}, tip="ex_tip_woe"),
    "iv.total": Derived(("data", "variable", "edges"), _iv, _iv_variants, places=3, tip="ex_tip_iv"),
    "iv.strength": Derived(("data", "variable", "edges"), _iv_strength, kind="text", tip="ex_tip_iv_strength"),
    "ks.value": Derived(("y", "score"), _ks, places=3, transforms={"percent": None}, tip="ex_tip_ks"),
    "ks.decile": Derived(("y", "score"), _ks_decile, places=0, tip="ex_tip_ks_decile"),
}
