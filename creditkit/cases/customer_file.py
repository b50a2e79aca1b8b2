"""One customer's credit file on a ledger: evaluation, aging, signals, limit and terms, collection, the letter.

:func:`customer_credit_file` gathers for one customer what a credit manager
reads before deciding: the rating (from the statements and the payment record
in a case world; from the payment record alone on a user's ledger), the
recommended limit and terms by the credit policy against what was granted,
the customer's aging and open items, the risk signals that fired with their
evidence, the next collection step with its calendar, and the dunning letter
in the tone of that step. :func:`credit_file_sentences` says it in Chinese or
English, every figure taken from the file.

Examples
--------
>>> from creditkit.cases import load_case
>>> w = load_case("jidian", n_customers=8, months=12, start="2024-07-01")
>>> cf = customer_credit_file(w.ledger, "JD0001", as_of=w.as_of, world=w)
>>> cf.customer_id, cf.grade in "ABCDE", cf.level in ("green", "amber", "red")
('JD0001', True, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .._checks import check_choice
from ..dates import to_date
from ..errors import EvaluationError
from ..i18n import check_lang, label, label_or_name
from ..money import format_cents, round_half_up
from ..policy import credit_limit_methods, payment_terms
from ..receivables import collection as col
from ..receivables.aging import age_receivables
from ..receivables.letters import Document, dunning_letter
from ..receivables.signals import risk_signals
from ..evaluation.rating import RatingResult, rate_customer
from .analysis import WorldEvaluation, evaluate_world_customer, payment_features, payment_score
from .generator import CaseWorld

__all__ = ["CreditFile", "customer_credit_file", "credit_file_sentences", "ledger_customer_ids", "largest_balance_customer",
           "credit_file_data"]


@dataclass(frozen=True)
class CreditFile:
    """Everything a credit file shows about one customer as of a date.

    Attributes
    ----------
    customer_id, customer_name : str
    as_of : Timestamp
    profile : dict
        ``industry, nature, size, city`` (case worlds only) and ``sales_rep``.
    rating : RatingResult
        Tool scores combined; ``rating.table`` holds each tool's score.
    evaluation : WorldEvaluation or None
        The full evaluation (ratios, industry comparison, Altman Z') of a case
        customer; ``None`` on a ledger without statements.
    limits : DataFrame
        Credit limit by method for the grade (yuan); ``.attrs["recommended"]``.
    recommended_limit_cents, terms_days : int
    granted_limit_cents, granted_terms_days : int or None
        What the customer has now (``None`` when the data does not say).
    aging : DataFrame
        One row: open cents by bucket (the bucket labels), ``total_cents`` and
        ``unapplied_cents`` (receipts and credits not matched to any invoice).
    items : DataFrame
        Open items, oldest due first: ``doc_no, doc_date, due_date, age_days, open_cents``.
    level : str
        ``green``, ``amber`` or ``red``.
    score : int
        Sum of the severities of the fired rules.
    signals : DataFrame
        Fired rules, most severe first: ``rule_id, colour, severity, reason_zh,
        reason_en, evidence_zh, evidence_en``.
    plan : Series or None
        The customer's row of :func:`~creditkit.receivables.collection.collection_plan`
        (``None`` when there is nothing to chase).
    calendar : DataFrame
        Its escalation calendar (empty when nothing is open).
    letter : Document or None
        The dunning letter in the tone of the current step (``None`` when nothing is overdue).
    """

    customer_id: str
    customer_name: str
    as_of: pd.Timestamp
    profile: dict
    rating: RatingResult
    evaluation: WorldEvaluation | None
    limits: pd.DataFrame
    recommended_limit_cents: int
    terms_days: int
    granted_limit_cents: int | None
    granted_terms_days: int | None
    aging: pd.DataFrame
    items: pd.DataFrame
    level: str
    score: int
    signals: pd.DataFrame
    plan: pd.Series | None
    calendar: pd.DataFrame
    letter: Document | None

    @property
    def grade(self) -> str:
        """The combined grade."""
        return self.rating.grade

    @property
    def open_cents(self) -> int:
        """Open balance (cents)."""
        return int(self.items["open_cents"].sum())

    @property
    def unapplied_cents(self) -> int:
        """Receipts and credits not matched to an invoice (cents; the customer's credit with us)."""
        return int(self.aging["unapplied_cents"].iloc[0])

    @property
    def overdue_cents(self) -> int:
        """Past-due part of the open balance (cents)."""
        return int(self.items.loc[self.items["age_days"] > 0, "open_cents"].sum())

    def record(self) -> dict:
        """Plain figures for tests and summaries."""
        return {"customer_id": self.customer_id, "customer_name": self.customer_name,
                "as_of": f"{self.as_of:%Y-%m-%d}", "grade": self.grade, "score": round(float(self.rating.score), 1),
                "level": self.level, "signal_score": int(self.score), "n_signals": int(len(self.signals)),
                "open_cents": self.open_cents, "overdue_cents": self.overdue_cents,
                "unapplied_cents": self.unapplied_cents,
                "recommended_limit_cents": int(self.recommended_limit_cents),
                "granted_limit_cents": self.granted_limit_cents, "terms_days": int(self.terms_days),
                "granted_terms_days": self.granted_terms_days,
                "action": None if self.plan is None else str(self.plan["action"]),
                "letter_overdue_cents": None if self.letter is None else int(self.letter.context["cents"]["overdue"])}


def ledger_customer_ids(ledger) -> list[str]:
    """The customer ids of a ledger, sorted.

    Examples
    --------
    >>> ledger_customer_ids(pd.DataFrame({"customer_id": ["B", "A", "B"]}))
    ['A', 'B']
    """
    t = ledger.table if hasattr(ledger, "table") else ledger
    return sorted(str(c) for c in pd.unique(t["customer_id"].dropna()))


def credit_file_data(*, case: str = "jidian", ledger_path: str = "", columns_path: str = "", as_of=None,
                     mask: bool = False, lang: str = "zh"):
    """The world and ledger a credit file is drawn from: a case's, or the user's own ledger file.

    Parameters
    ----------
    case : str, default "jidian"
        A case of :data:`~creditkit.cases.CASES` (ignored with ``ledger_path``).
    ledger_path : str, optional
        The user's ledger export; its file is read with
        :func:`~creditkit.receivables.load_ledger` (and ``columns_path``, a column map).
    as_of : str or date
        As-of date of the case world.
    mask : bool, default False
        Replace every customer id and name by its pseudonym before anything is computed.
    lang : {"zh", "en"}
        Language of the pseudonymous names.

    Returns
    -------
    tuple
        ``(world, ledger)``: the :class:`CaseWorld` (None for a user's file) and the ledger table.

    Examples
    --------
    >>> world, ledger = credit_file_data(case="manufacturing", as_of="2025-06-30", mask=True, lang="en")
    >>> ledger["customer_name"].str.startswith("Customer K").all()
    np.True_
    """
    from ..receivables.ledger import load_ledger
    from .catalog import load_case
    from .masking import mask_customer

    if ledger_path:
        world, ledger = None, load_ledger(ledger_path, columns=columns_path or None).table
    else:
        world = load_case(case, as_of=as_of)
        ledger = world.ledger
    if mask:
        world, ledger, _ = mask_customer(world, ledger, lang=lang)
    return world, ledger


def largest_balance_customer(ledger, as_of) -> str:
    """The customer with the largest open balance (documents dated up to ``as_of``); ties go to the smaller id.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A", "B", "B"], "amount_cents": [500, 900, -100],
    ...                   "doc_date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-03-01"])})
    >>> largest_balance_customer(t, "2025-02-01"), largest_balance_customer(t, "2025-06-30")
    ('B', 'B')
    >>> largest_balance_customer(t.assign(amount_cents=[800, 900, -100]), "2025-06-30")
    'A'
    """
    t = ledger.table if hasattr(ledger, "table") else ledger
    kept = t[t["doc_date"] <= to_date(as_of, name="as_of")]
    if not len(kept):
        raise EvaluationError(f"no document is dated on or before {as_of}")
    balance = kept.groupby(kept["customer_id"].astype(str))["amount_cents"].sum()
    return str(balance[balance == balance.max()].index.min())


def _ledger_rating(ledger, customer_id, as_of) -> tuple[RatingResult, pd.DataFrame, int]:
    """Payment-record rating of a ledger customer; limit from the last year's credit sales."""
    f = payment_features(ledger, as_of=as_of)
    row = f.loc[customer_id] if customer_id in f.index else pd.Series(
        {"overdue_30_share": 0.0, "days_beyond_terms": 0.0})
    rating = rate_customer({"payment": payment_score(row)})
    t = ledger.table if hasattr(ledger, "table") else ledger
    year = t[(t["customer_id"] == customer_id) & (t["doc_type"] == "invoice") & (t["doc_date"] <= as_of)
             & (t["doc_date"] > as_of - pd.DateOffset(years=1))]
    limits = credit_limit_methods(rating.grade, expected_annual_purchases=int(year["amount_cents"].sum()) / 100)
    return rating, limits, int(round_half_up(limits.attrs["recommended"] * 100, 0))


def customer_credit_file(ledger, customer_id, *, as_of, world: CaseWorld | None = None, lang: str = "zh",
                         signals=None, plan=None) -> CreditFile:
    """One customer's credit file as of a date.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger (a case world's ``ledger`` or a user's export).
    customer_id : str
        A customer of the ledger.
    as_of : str or date
    world : CaseWorld, optional
        The case world of the ledger: adds the customer's profile, statements
        (ratios, Altman Z') and the granted limit and terms.
    lang : {"zh", "en"}, default "zh"
        Language of the plan's action text and the letter.
    signals : SignalResult, optional
        :func:`~creditkit.receivables.signals.risk_signals` of the ledger at
        ``as_of`` (computed when not given; pass it to build many files).
    plan : DataFrame, optional
        :func:`~creditkit.receivables.collection.collection_plan` of the
        ledger at ``as_of`` in ``lang`` (default: computed from the
        customer's own documents).

    Returns
    -------
    CreditFile

    Raises
    ------
    ValueError
        ``customer_id`` is not a customer of the ledger.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> t = sample_ledger(seed=1, n_customers=5)
    >>> cf = customer_credit_file(t, ledger_customer_ids(t)[0], as_of="2025-06-30")
    >>> cf.evaluation is None, list(cf.rating.table.index)
    (True, ['payment'])
    """
    lang = check_lang(lang)
    as_of = to_date(as_of, name="as_of")
    t = ledger.table if hasattr(ledger, "table") else ledger
    check_choice("customer_id", customer_id, tuple(ledger_customer_ids(t)))
    mine = t[(t["customer_id"] == customer_id) & (t["doc_date"] <= as_of)]
    names = t.loc[t["customer_id"] == customer_id, "customer_name"].dropna()
    name = str(names.iloc[-1]) if len(names) else str(customer_id)

    if world is not None:
        ev = evaluate_world_customer(world, customer_id, as_of=as_of)
        cust = world.customer(customer_id)
        profile = {k: cust[k] for k in ("industry", "nature", "size", "city", "sales_rep")}
        rating, limits, rec_limit = ev.rating, ev.limits, ev.recommended_limit_cents
        granted_limit, granted_terms = ev.granted_limit_cents, ev.granted_terms_days
    else:
        ev = None
        reps = mine["sales_rep"].dropna() if "sales_rep" in mine else pd.Series(dtype=object)
        profile = {"sales_rep": str(reps.iloc[-1]) if len(reps) else ""}
        rating, limits, rec_limit = _ledger_rating(t, customer_id, as_of)
        terms = mine["terms"].dropna() if "terms" in mine else pd.Series(dtype=object)
        granted_limit, granted_terms = None, (int(terms.iloc[-1]) if len(terms) else None)

    aging = age_receivables(mine, as_of=as_of) if len(mine) else None
    if aging is not None and len(aging.table):
        row = aging.table.iloc[0]
        aging_row = pd.DataFrame({f"{b}": [int(row[b])] for b in aging.labels} | {"total_cents": [int(row["total"])]}
                                 | {"unapplied_cents": [int(row.get("unapplied", 0))]})
        items = aging.items.sort_values(["due_date", "doc_no"], kind="stable")
        items = items[items["open_cents"] != 0][["doc_no", "doc_date", "due_date", "age_days", "open_cents"]]
    else:
        aging_row = pd.DataFrame({"total_cents": [0], "unapplied_cents": [0]})
        items = pd.DataFrame({"doc_no": [], "doc_date": pd.to_datetime([]), "due_date": pd.to_datetime([]),
                              "age_days": pd.Series([], dtype="int64"), "open_cents": pd.Series([], dtype="int64")})
    items = items.reset_index(drop=True)

    # Some signal rules compare the customer with the portfolio (its share of all receivables), so the
    # signals read the whole ledger; every collection step reads the customer's own documents only.
    own = t[t["customer_id"] == customer_id]
    sig = risk_signals(t, as_of=as_of) if signals is None else signals
    srow = sig.table[sig.table["customer_id"] == customer_id]
    level = str(srow["level"].iloc[0]) if len(srow) else "green"
    score = int(srow["score"].iloc[0]) if len(srow) else 0
    fired = sig.flags[sig.flags["customer_id"] == customer_id].sort_values(
        ["severity", "rule_id"], ascending=[False, True], kind="stable").drop(columns="customer_id")

    plan = col.collection_plan(own, as_of=as_of, lang=lang) if plan is None else plan
    prow = plan[plan["customer_id"] == customer_id]
    prow = prow.iloc[0] if len(prow) else None
    calendar = col.escalation_calendar(own, customer_id, as_of=as_of,
                                       debtor_type=None if prow is None else prow["debtor_type"])
    overdue = int(items.loc[items["age_days"] > 0, "open_cents"].sum())
    letter = None
    if overdue > 0:
        tone = "neutral" if prow is None else str(prow["tone"])
        letter = dunning_letter(own, customer_id, as_of=as_of, tone=tone, lang=lang)
    return CreditFile(str(customer_id), name, as_of, profile, rating, ev, limits, int(rec_limit),
                      int(payment_terms(rating.grade)), granted_limit, granted_terms, aging_row, items, level, score,
                      fired.reset_index(drop=True), prow, calendar, letter)


def _yuan(cents, lang: str) -> str:
    return f"{format_cents(int(cents))} 元" if lang == "zh" else f"CNY {format_cents(int(cents))}"


def credit_file_sentences(cf: CreditFile, lang: str = "zh") -> dict:
    """Short paragraphs on a credit file, every figure taken from it.

    Returns
    -------
    dict
        ``overview``, ``rating``, ``limit``, ``signals``, ``collection``: one
        paragraph each, in ``lang``.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> t = sample_ledger(seed=1, n_customers=5)
    >>> cf = customer_credit_file(t, ledger_customer_ids(t)[0], as_of="2025-06-30")
    >>> sorted(credit_file_sentences(cf, "en"))
    ['collection', 'limit', 'overview', 'rating', 'signals']
    """
    lang = check_lang(lang)
    zh = lang == "zh"
    as_of = f"{cf.as_of:%Y-%m-%d}"
    oldest = int(cf.items["age_days"].max()) if len(cf.items) else 0
    share = cf.overdue_cents / cf.open_cents if cf.open_cents > 0 else 0.0
    p = cf.profile
    who = "、".join(label_or_name(str(p[k]), lang) for k in ("nature", "industry", "city") if p.get(k)) if zh else \
        ", ".join(label_or_name(str(p[k]), lang) for k in ("nature", "industry", "city") if p.get(k))
    rep = p.get("sales_rep") or ""
    if zh:
        overview = (f"{cf.customer_name}（{cf.customer_id}）" + (f"，{who}" if who else "")
                    + (f"，业务员{rep}" if rep else "") + f"。截至 {as_of}，"
                    + ((f"未结余额 {_yuan(cf.open_cents, lang)}，"
                        + (f"其中逾期 {_yuan(cf.overdue_cents, lang)}（占 {share:.1%}），最早一笔已逾期 {oldest} 天。"
                           if cf.overdue_cents > 0 else "没有逾期款项。"))
                       if cf.open_cents else "没有未结发票。")
                    + (f"另有未核销的收款或贷项 {_yuan(cf.unapplied_cents, lang)}。" if cf.unapplied_cents else ""))
    else:
        overview = (f"{cf.customer_name} ({cf.customer_id})" + (f", {who}" if who else "")
                    + (f", sales rep {rep}" if rep else "") + f". As of {as_of} "
                    + ((f"the open balance is {_yuan(cf.open_cents, lang)}"
                        + (f", of which {_yuan(cf.overdue_cents, lang)} ({share:.1%}) is overdue; the oldest item "
                           f"is {oldest} days past due." if cf.overdue_cents > 0 else "; nothing is overdue."))
                       if cf.open_cents else "no invoice is open.")
                    + (f" Receipts and credits of {_yuan(cf.unapplied_cents, lang)} are not matched to any invoice."
                       if cf.unapplied_cents else ""))
    tools = cf.rating.table["score"]
    parts = [f"{label(k, lang)} {v:.0f}" for k, v in tools.items()]
    if zh:
        rating = (f"综合评分 {cf.rating.score:.1f}，信用等级 {cf.grade}（" + "，".join(parts) + "）。"
                  + ("" if cf.evaluation is not None else "台账没有客户的财务报表，评级只依据付款记录。"))
    else:
        rating = (f"Combined score {cf.rating.score:.1f}, grade {cf.grade} (" + ", ".join(parts) + ")."
                  + ("" if cf.evaluation is not None else
                     " The ledger has no statements of the customer: the rating rests on the payment record alone."))
    rec, terms = cf.recommended_limit_cents, cf.terms_days
    if zh:
        limit = f"按信用政策，{cf.grade} 级客户建议额度 {_yuan(rec, lang)}、" + (f"账期 {terms} 天" if terms else "现款交易（不给账期）")
        if cf.granted_limit_cents is not None:
            gap = cf.granted_limit_cents - rec
            limit += f"；现有额度 {_yuan(cf.granted_limit_cents, lang)}" + (
                f"，比建议多 {_yuan(gap, lang)}" if gap > 0 else "，未超过建议")
        if cf.granted_terms_days is not None:
            limit += f"；现有账期 {cf.granted_terms_days} 天"
        limit += "。"
        if cf.open_cents > rec:
            limit += f"未结余额已超过建议额度 {_yuan(cf.open_cents - rec, lang)}：新订单应先收款或暂停。"
    else:
        limit = (f"By the credit policy a grade-{cf.grade} customer gets a limit of {_yuan(rec, lang)} "
                 + (f"on {terms}-day terms" if terms else "and trades cash in advance (no terms)"))
        if cf.granted_limit_cents is not None:
            gap = cf.granted_limit_cents - rec
            limit += f"; the granted limit is {_yuan(cf.granted_limit_cents, lang)}" + (
                f", {_yuan(gap, lang)} above it" if gap > 0 else ", within it")
        if cf.granted_terms_days is not None:
            limit += f"; granted terms are {cf.granted_terms_days} days"
        limit += "."
        if cf.open_cents > rec:
            limit += (f" The open balance exceeds the recommended limit by {_yuan(cf.open_cents - rec, lang)}:"
                      " new orders should be prepaid or held.")
    n = len(cf.signals)
    if zh:
        signals = (f"风险信号：{label(cf.level, lang)}（得分 {cf.score}），触发 {n} 条规则。" if n else
                   f"风险信号：{label(cf.level, lang)}，没有规则触发。")
        if n:
            top = cf.signals.iloc[0]
            signals += f"最重的一条：{top['reason_zh']}（{top['evidence_zh']}）。"
    else:
        signals = (f"Risk signals: {label(cf.level, lang)} (score {cf.score}), {n} rule{'s' if n != 1 else ''} fired."
                   if n else f"Risk signals: {label(cf.level, lang)}, no rule fired.")
        if n:
            top = cf.signals.iloc[0]
            signals += f" The most severe: {top['reason_en']} ({top['evidence_en']})."
    if cf.plan is None:
        collection = ("目前没有需要催收的款项。" if zh else "Nothing needs chasing now.")
    else:
        pr = cf.plan
        debtor = label(str(pr["debtor_type"]), lang)
        if zh:
            collection = (f"欠款人类型：{debtor}。当前催收步骤：{label(str(pr['action']), lang)}（{pr['action_date']:%Y-%m-%d}）"
                          + (f"，下一步：{label(str(pr['next_action']), lang)}（{pr['next_date']:%Y-%m-%d}）"
                             if isinstance(pr["next_action"], str) else "")
                          + f"；预计可收回 {_yuan(pr['expected_recovery_cents'], lang)}"
                          + ("，并暂停新订单。" if bool(pr["hold_orders"]) else "。"))
        else:
            collection = (f"Debtor type: {debtor}. Current collection step: {label(str(pr['action']), lang)} "
                          f"({pr['action_date']:%Y-%m-%d})"
                          + (f", next: {label(str(pr['next_action']), lang)} ({pr['next_date']:%Y-%m-%d})"
                             if isinstance(pr["next_action"], str) else "")
                          + f"; expected recovery {_yuan(pr['expected_recovery_cents'], lang)}"
                          + ("; hold new orders." if bool(pr["hold_orders"]) else "."))
    return {"overview": overview, "rating": rating, "limit": limit, "signals": signals, "collection": collection}
