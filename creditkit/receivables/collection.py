"""Collection (催收): the four debtor types, a strategy matrix, escalation calendars and a plan.

* :func:`classify_debtors` sorts customers into the four debtor types of
  ``data/debtor_types.yaml`` — willingness × ability (有意愿有能力 / 有意愿无能力 /
  有能力无意愿 / 无意愿无能力) — from ledger behaviour as of a date
  (:func:`debtor_features`), with answers from a visit or interview overriding
  the ledger's reading.
* :func:`load_strategy` reads the strategy matrix (``data/collection_strategy.yaml``):
  per debtor type a ladder of steps (action, channel, tone), each timed from the
  due date or from the previous step, paced and filtered by the amount band.
* :func:`escalation_calendar` dates one customer's ladder; :func:`collection_plan`
  gives a sales rep's portfolio with today's step, the next one, the expected
  recovery and, with grades, the order-hold advice of the differentiated policy
  (the table of :func:`creditkit.policy.differentiated_policy`, handed in), ordered by expected recovery.

All amounts are integer cents; the expected recovery of each open item is its
open amount times the recovery share of its debtor type and age, rounded once
by :func:`creditkit.money.cents_times`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .._checks import check_keys, load_yaml, yaml_value, yaml_where
from ..dates import to_date
from ..errors import ConfigError, SchemaError
from ..i18n import check_lang, label
from ..money import cents_times, format_cents, to_decimal
from ._display import display_table
from .aging import open_items
from .schema import validate_ledger

__all__ = [
    "DEBTOR_TYPES", "ACTIONS", "CHANNELS", "TONES", "Strategy",
    "load_debtor_types", "load_strategy", "ladder_table", "debtor_features", "classify_debtors", "escalation_calendar",
    "collection_plan", "plan_summary", "display_table",
]

#: The four kinds of debtor (willingness to pay × ability to pay); see ``data/debtor_types.yaml``.
DEBTOR_TYPES = ("willing_able", "willing_unable", "unwilling_able", "unwilling_unable")

#: Collection actions a ladder may use, mildest first.
ACTIONS = ("reminder_before_due", "call", "statement", "visit", "guarantee", "stop_shipments", "agency",
           "lawyer_letter", "litigation")
#: Channels of a step.
CHANNELS = ("email", "sms", "phone", "letter", "in_person", "lawyer", "agency", "court")
#: Tones of a step, mildest first.
TONES = ("friendly", "neutral", "firm", "formal")

_DATA = "data"


def _data_file(name):
    return resources.files("creditkit.receivables") / _DATA / name


# ----------------------------------------------------------------------------- debtor types


@lru_cache(maxsize=4)
def _debtor_types_cached(path):
    return _read_debtor_types(path)


def _read_debtor_types(path):
    source = _data_file("debtor_types.yaml") if path is None else path
    data = load_yaml(source, what="debtor types")
    check_keys(data, ("thresholds", "types"), required=("thresholds", "types"), what="debtor types")
    th = yaml_value(data, "thresholds", "mapping", what="debtor types")
    keys = ("grace_days", "window_days", "able_ratio", "willing_days_late", "paying_ratio", "partial_share")
    check_keys(th, keys, required=keys, what="thresholds")
    thresholds = {k: yaml_value(th, k, "integer" if k.endswith("days") or k == "grace_days" else "number",
                                what="thresholds") for k in keys}
    types = yaml_value(data, "types", "mapping", what="debtor types")
    out = {}
    for t in DEBTOR_TYPES:
        entry = yaml_value(types, t, "mapping", what="types")
        check_keys(entry, ("name", "description", "signs", "approach"), required=("name",), what=f"type {t!r}")
        row = {}
        for k in ("name", "description", "signs", "approach"):
            m = yaml_value(entry, k, "mapping", what=f"type {t!r}", default={"zh": "", "en": ""})
            check_keys(m, ("zh", "en"), required=("zh", "en"), what=f"type {t!r} {k}")
            row[k] = {"zh": str(m["zh"]), "en": str(m["en"])}
        out[t] = row
    for t in types:
        if t not in DEBTOR_TYPES:
            raise ConfigError(f"{yaml_where(types, t)}: unknown debtor type {t!r}; expected one of "
                              + ", ".join(repr(x) for x in DEBTOR_TYPES))
    return {"thresholds": thresholds, "types": out}


def load_debtor_types(path=None) -> dict:
    """The debtor-type definitions and classifier thresholds (default: the kit's file).

    Returns
    -------
    dict
        ``{"thresholds": {...}, "types": {type: {"name", "description", "signs", "approach"}}}``,
        each text as ``{"zh": ..., "en": ...}``.

    Examples
    --------
    >>> d = load_debtor_types()
    >>> d["types"]["unwilling_able"]["name"]["zh"], d["thresholds"]["able_ratio"]
    ('有能力无意愿', 0.35)
    """
    return _debtor_types_cached(None) if path is None else _read_debtor_types(path)


def debtor_features(ledger, *, as_of, window_days=90, grace_days=10) -> pd.DataFrame:
    """Payment-behaviour features per customer, from documents dated on or before ``as_of``.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    as_of : str or date
    window_days : int, default 90
        Look-back window for the ability ratio and recent receipts.
    grace_days : int, default 10
        Overdue up to this many days counts as on time (``overdue_cents``
        counts only items beyond it).

    Returns
    -------
    DataFrame
        One row per customer with a document: ``customer_id, customer_name,
        sales_rep, open_cents, overdue_cents, max_days_overdue, overdue_at_start_cents,
        fell_due_in_window_cents, paid_in_window_cents``, ``ability_ratio`` (paid ÷
        (overdue at the window's start + fell due in it), capped at 1; NaN when
        nothing was owed),
        ``avg_days_late`` (amount-weighted, over invoices paid by referenced
        receipts in the last year and what is overdue now), ``partial_share``
        (share of recent referenced receipts that pay less than the invoice),
        ``days_since_receipt`` and ``invoiced_in_window_cents``.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> f = debtor_features(sample_ledger(seed=3, n_customers=6), as_of="2025-06-30")
    >>> list(f.columns[:5])
    ['customer_id', 'customer_name', 'sales_rep', 'open_cents', 'overdue_cents']
    """
    as_of = to_date(as_of, name="as_of")
    t = validate_ledger(ledger, unique=False)
    t = t[t["doc_date"] <= as_of]
    start = as_of - pd.Timedelta(days=int(window_days))
    year = as_of - pd.Timedelta(days=365)
    custs = t.groupby("customer_id", sort=True).agg(customer_name=("customer_name", "last"),
                                                    sales_rep=("sales_rep", "last"))
    now = open_items(t, as_of=as_of).items
    age_now = (as_of - now["due_date"]).dt.days
    late_now = now[(now["open_cents"] > 0) & (age_now > grace_days)]
    f = pd.DataFrame(index=custs.index)
    f["open_cents"] = now.groupby("customer_id")["open_cents"].sum()
    f["overdue_cents"] = late_now.groupby("customer_id")["open_cents"].sum()
    f["max_days_overdue"] = age_now[now["open_cents"] > 0].groupby(now["customer_id"]).max().clip(lower=0)
    before = open_items(t, as_of=start).items
    od_start = before[(before["open_cents"] > 0) & (before["due_date"] < start)].groupby("customer_id")["open_cents"].sum()
    debit = t[t["due_date"].notna() & (t["amount_cents"] > 0)]
    fell_due = debit[(debit["due_date"] > start) & (debit["due_date"] <= as_of)].groupby("customer_id")["amount_cents"].sum()
    receipts = t[t["doc_type"] == "receipt"]
    paid = -receipts[receipts["doc_date"] > start].groupby("customer_id")["amount_cents"].sum()
    f["overdue_at_start_cents"] = od_start
    f["fell_due_in_window_cents"] = fell_due
    f["paid_in_window_cents"] = paid
    f = f.fillna(0).astype("int64")
    # what was paid against what was owed in the window: the overdue backlog at its start plus what fell due
    owed = f["overdue_at_start_cents"] + f["fell_due_in_window_cents"]
    f["ability_ratio"] = (f["paid_in_window_cents"] / owed.where(owed > 0)).clip(upper=1.0)
    # days late: invoices paid by referenced receipts in the last year, and what is overdue now
    inv = t[t["doc_type"].isin(["invoice", "debit_note"])][["doc_no", "due_date", "amount_cents"]]
    ref = receipts[receipts["ref_doc_no"].notna() & (receipts["doc_date"] > year)]
    m = ref.merge(inv, left_on="ref_doc_no", right_on="doc_no", suffixes=("", "_inv"))
    late_paid = (m["doc_date"] - m["due_date_inv"]).dt.days.clip(lower=0)
    w_paid = -m["amount_cents"]
    num = (late_paid * w_paid).groupby(m["customer_id"]).sum()
    den = w_paid.groupby(m["customer_id"]).sum()
    od = now[(now["open_cents"] > 0) & (age_now > 0)]
    num = num.add((age_now[od.index] * od["open_cents"]).groupby(od["customer_id"]).sum(), fill_value=0)
    den = den.add(od.groupby("customer_id")["open_cents"].sum(), fill_value=0)
    f["avg_days_late"] = (num / den.where(den > 0)).reindex(f.index).fillna(0.0)
    recent = m[m["doc_date"] > start]
    part = (-recent["amount_cents"] < recent["amount_cents_inv"]).groupby(recent["customer_id"]).mean()
    f["partial_share"] = part.reindex(f.index).fillna(0.0)
    last = receipts.groupby("customer_id")["doc_date"].max()
    f["days_since_receipt"] = (as_of - last).dt.days.reindex(f.index).astype("Int64")
    inv_w = t[(t["doc_type"] == "invoice") & (t["doc_date"] > start)].groupby("customer_id")["amount_cents"].sum()
    f["invoiced_in_window_cents"] = inv_w.reindex(f.index).fillna(0).astype("int64")
    out = custs.join(f).reset_index()
    return out


def _answers_frame(answers) -> pd.DataFrame:
    if answers is None:
        return pd.DataFrame(columns=["willing", "able"])
    if isinstance(answers, dict):
        a = pd.DataFrame.from_dict(answers, orient="index")
    elif isinstance(answers, pd.DataFrame):
        if "customer_id" not in answers.columns:
            raise SchemaError("answers needs a customer_id column (and willing / able columns)")
        a = answers.set_index("customer_id")
    else:
        raise TypeError(f"answers must be a dict or DataFrame, got {type(answers).__name__}")
    unknown = [c for c in a.columns if c not in ("willing", "able", "note")]
    if unknown:
        raise SchemaError(f"answers: unknown column(s) {unknown!r}; expected willing, able (true/false) and note")
    for c in ("willing", "able"):
        if c not in a.columns:
            a[c] = None
        bad = a[c].map(lambda v: not (v is None or isinstance(v, (bool, np.bool_)) or pd.isna(v)))
        if bad.any():
            raise SchemaError(f"answers: {c} of customer {bad.idxmax()!r} must be true, false or empty, "
                              f"got {a.loc[bad.idxmax(), c]!r}")
    return a


def classify_debtors(ledger, *, as_of, answers=None, path=None) -> pd.DataFrame:
    """The debtor type of every customer, with the evidence behind it.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    as_of : str or date
    answers : dict or DataFrame, optional
        Qualitative answers from a visit or interview: per customer
        ``willing`` and/or ``able`` (True/False); a given answer overrides the
        ledger's reading of that axis.
    path : str or Path, optional
        Debtor-type file replacing the kit's (see :func:`load_debtor_types`).

    Returns
    -------
    DataFrame
        :func:`debtor_features` plus ``willing``, ``able`` (bool), ``source``
        (``"ledger"`` or ``"answers"``), ``debtor_type`` and ``evidence_zh`` /
        ``evidence_en`` (the numbers that decided it).

    Notes
    -----
    Rules (thresholds in the file): no overdue beyond the grace days → willing
    and able. Otherwise *able* when the customer paid at least ``able_ratio`` of
    what it owed in the window (backlog plus what fell due); an able customer is *willing* when its average
    days late is at most ``willing_days_late``; an unable one is *willing* when
    it still pays at least ``paying_ratio`` of what it owed or part-pays
    (``partial_share``); one that has all but stopped paying is neither.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> c = classify_debtors(sample_ledger(seed=3, n_customers=8), as_of="2025-06-30",
    ...                      answers={"KH0001": {"willing": False}})
    >>> c.loc[c["customer_id"] == "KH0001", ["willing", "source"]].values.tolist()
    [[False, 'answers']]
    """
    spec = load_debtor_types(path)
    th = spec["thresholds"]
    f = debtor_features(ledger, as_of=as_of, window_days=th["window_days"], grace_days=th["grace_days"])
    clean = f["overdue_cents"] == 0
    ratio = f["ability_ratio"]
    able = clean | ratio.isna() | (ratio >= th["able_ratio"])
    willing_if_able = f["avg_days_late"] <= th["willing_days_late"]
    willing_if_unable = (ratio.fillna(0) >= th["paying_ratio"]) | (f["partial_share"] >= th["partial_share"])
    willing = clean | np.where(able, willing_if_able, willing_if_unable)
    f["willing"] = pd.Series(willing, index=f.index).astype(bool)
    f["able"] = able.astype(bool)
    f["source"] = "ledger"
    a = _answers_frame(answers)
    if len(a):
        unknown = sorted(set(a.index) - set(f["customer_id"]))
        if unknown:
            raise SchemaError(f"answers name customer(s) not in the ledger: {unknown[:5]!r}")
        for axis in ("willing", "able"):
            given = f["customer_id"].map(a[axis])
            mask = given.notna()
            f.loc[mask, axis] = given[mask].astype(bool)
            f.loc[mask, "source"] = "answers"
    f["debtor_type"] = np.select(
        [f["willing"] & f["able"], f["willing"] & ~f["able"], ~f["willing"] & f["able"]],
        ["willing_able", "willing_unable", "unwilling_able"], "unwilling_unable")
    zh, en = [], []
    for r in f.itertuples(index=False):
        ratio_txt = "—" if pd.isna(r.ability_ratio) else f"{r.ability_ratio:.0%}"
        owed = r.fell_due_in_window_cents + r.overdue_at_start_cents
        zh.append(f"逾期 {format_cents(r.overdue_cents)}，最长 {int(r.max_days_overdue)} 天；近 {th['window_days']} 天"
                  f"应付 {format_cents(owed)}、实付 {format_cents(r.paid_in_window_cents)}（{ratio_txt}）；"
                  f"平均逾期 {r.avg_days_late:.0f} 天；部分付款占 {r.partial_share:.0%}"
                  + ("；依访谈结论" if r.source == "answers" else ""))
        en.append(f"overdue {format_cents(r.overdue_cents)}, oldest {int(r.max_days_overdue)} days; last "
                  f"{th['window_days']} days owed {format_cents(owed)}, paid "
                  f"{format_cents(r.paid_in_window_cents)} ({ratio_txt}); {r.avg_days_late:.0f} days late on average; "
                  f"{r.partial_share:.0%} part payments" + ("; interview answers" if r.source == "answers" else ""))
    f["evidence_zh"] = zh
    f["evidence_en"] = en
    return f


# ----------------------------------------------------------------------------- strategy matrix


@dataclass(frozen=True)
class Strategy:
    """The collection strategy matrix.

    Attributes
    ----------
    bands : list of (id, upper yuan or None)
    pace : dict
        Band id → multiplier of every gap (days) of the ladder.
    ladders : dict
        Debtor type → list of steps (``action, from, days, channel, tone, min_band, max_band``).
    recovery_edges : tuple of int
    recovery : dict
        Debtor type → recovery shares (Decimal) per age bucket.
    """

    bands: list
    pace: dict
    ladders: dict
    recovery_edges: tuple
    recovery: dict

    def band_of(self, overdue_cents: int) -> str:
        """The amount band of an overdue total in cents."""
        for band, upper in self.bands:
            if upper is None or overdue_cents <= upper * 100:
                return band
        return self.bands[-1][0]


def _choice(container, key, choices, what, default=None):
    v = yaml_value(container, key, "text", what=what, default=default)
    if v is not None and v not in choices:
        raise ConfigError(f"{yaml_where(container, key)}: {what} key {key!r} must be one of "
                          + ", ".join(repr(c) for c in choices) + f", got {v!r}")
    return v


def load_strategy(path=None) -> Strategy:
    """Read the strategy matrix (default: the kit's ``collection_strategy.yaml``).

    Raises
    ------
    ConfigError
        An unknown key, action, channel, tone or band, a missing debtor type or
        a value of the wrong kind — naming file, line and key.

    Examples
    --------
    >>> s = load_strategy()
    >>> s.ladders["unwilling_able"][0]["action"], s.band_of(60_000_00)
    ('reminder_before_due', 'medium')
    >>> bad = "amount_bands: [{id: small}]\\npace: {small: 1}\\nladders:\\n  willing_able:\\n    - {action: shout, from: due, days: 1, channel: phone, tone: firm}\\n"
    >>> load_strategy(bad)
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: <string>, line 5: step 1 of ladder 'willing_able' key 'action' must be one of ...
    """
    data = load_yaml(_data_file("collection_strategy.yaml") if path is None else path, what="collection strategy")
    check_keys(data, ("amount_bands", "pace", "ladders", "recovery"), required=("amount_bands", "pace", "ladders"),
               what="collection strategy")
    bands = []
    for i, b in enumerate(yaml_value(data, "amount_bands", "list", what="collection strategy")):
        what = f"amount band {i + 1}"
        check_keys(b, ("id", "up_to"), required=("id",), what=what)
        upper = yaml_value(b, "up_to", "number", what=what, default=None)
        bands.append((yaml_value(b, "id", "text", what=what), upper))
    band_ids = [b for b, _ in bands]
    if not bands:
        raise ConfigError(f"{yaml_where(data, 'amount_bands')}: give at least one amount band")
    uppers = [u for _, u in bands[:-1]]
    if any(u is None for u in uppers) or uppers != sorted(uppers):
        raise ConfigError(f"{yaml_where(data, 'amount_bands')}: amount bands must rise, with no bound only on the last")
    pace_map = yaml_value(data, "pace", "mapping", what="collection strategy")
    check_keys(pace_map, band_ids, required=band_ids, what="pace")
    pace = {b: to_decimal(yaml_value(pace_map, b, "number", what="pace")) for b in band_ids}
    ladders_map = yaml_value(data, "ladders", "mapping", what="collection strategy")
    check_keys(ladders_map, DEBTOR_TYPES, what="ladders")
    ladders = {}
    for t in DEBTOR_TYPES:
        steps = yaml_value(ladders_map, t, "list", what="ladders", default=[])
        out = []
        for i, st in enumerate(steps):
            what = f"step {i + 1} of ladder {t!r}"
            check_keys(st, ("action", "from", "days", "channel", "tone", "min_band", "max_band"),
                       required=("action", "from", "days", "channel", "tone"), what=what)
            out.append({"action": _choice(st, "action", ACTIONS, what),
                        "from": _choice(st, "from", ("due", "previous"), what),
                        "days": int(yaml_value(st, "days", "integer", what=what)),
                        "channel": _choice(st, "channel", CHANNELS, what),
                        "tone": _choice(st, "tone", TONES, what),
                        "min_band": _choice(st, "min_band", band_ids, what),
                        "max_band": _choice(st, "max_band", band_ids, what)})
            if i == 0 and out[0]["from"] == "previous":
                raise ConfigError(f"{yaml_where(st, 'from')}: {what} has no previous step; time it from the due date")
        ladders[t] = out
    rec = yaml_value(data, "recovery", "mapping", what="collection strategy", default=None)
    edges, recovery = (30, 90, 180, 365), {t: [to_decimal(x) for x in (1, 1, 1, 1, 1)] for t in DEBTOR_TYPES}
    if rec is not None:
        check_keys(rec, ("edges",) + DEBTOR_TYPES, required=("edges",) + DEBTOR_TYPES, what="recovery")
        edges = tuple(int(yaml_value(yaml_value(rec, "edges", "list", what="recovery"), i, "integer",
                                     what="recovery edges")) for i in range(len(rec["edges"])))
        if list(edges) != sorted(set(edges)) or not edges or edges[0] < 1:
            raise ConfigError(f"{yaml_where(rec, 'edges')}: recovery edges must be rising whole days ≥ 1")
        for t in DEBTOR_TYPES:
            shares = yaml_value(rec, t, "list", what="recovery")
            if len(shares) != len(edges) + 1:
                raise ConfigError(f"{yaml_where(rec, t)}: recovery {t!r} needs {len(edges) + 1} shares (one per age "
                                  f"bucket), got {len(shares)}")
            vals = [to_decimal(yaml_value(shares, i, "number", what=f"recovery {t!r}")) for i in range(len(shares))]
            if any(not 0 <= v <= 1 for v in vals):
                raise ConfigError(f"{yaml_where(rec, t)}: recovery shares must be between 0 and 1")
            recovery[t] = vals
    return Strategy(bands, pace, ladders, edges, recovery)


def ladder_table(strategy=None, *, debtor_types=None, lang=None) -> pd.DataFrame:
    """The ladders of the strategy matrix as one table, a row per step, for reading in a workshop.

    Parameters
    ----------
    strategy : Strategy, optional
        Default: :func:`load_strategy`.
    debtor_types : list of str, optional
        Only these types (default: all four, in :data:`DEBTOR_TYPES` order).
    lang : {"zh", "en"}, optional
        Add ``action_text`` (the action's label) and ``bands`` (the amount
        bands the step applies to) in that language.

    Returns
    -------
    DataFrame
        ``debtor_type, step_no, action, from, days, channel, tone, min_band,
        max_band`` (``days`` before the band's pace; ``from`` is ``due`` or
        ``previous``).

    Examples
    --------
    >>> t = ladder_table(debtor_types=["unwilling_unable"], lang="en")
    >>> t[["step_no", "action", "from", "days"]].values.tolist()[:2]
    [[1, 'call', 'due', 1], [2, 'stop_shipments', 'due', 1]]
    >>> t["action_text"].iloc[0]
    'Call'
    """
    s = strategy if strategy is not None else load_strategy()
    types = list(DEBTOR_TYPES if debtor_types is None else debtor_types)
    for t in types:
        if t not in DEBTOR_TYPES:
            raise ValueError(f"debtor_types: {t!r} is not one of {DEBTOR_TYPES!r}")
    rows = [{"debtor_type": t, "step_no": i + 1, **{k: st[k] for k in ("action", "from", "days", "channel", "tone",
                                                                        "min_band", "max_band")}}
            for t in types for i, st in enumerate(s.ladders[t])]
    out = pd.DataFrame(rows, columns=["debtor_type", "step_no", "action", "from", "days", "channel", "tone",
                                      "min_band", "max_band"])
    if lang is not None:
        check_lang(lang)
        ids = [b for b, _ in s.bands]
        out["action_text"] = [label(a, lang) for a in out["action"]]
        out["bands"] = ["、".join(label(b, lang) for b in ids if _applies(st, b, ids)) if lang == "zh"
                        else ", ".join(label(b, lang) for b in ids if _applies(st, b, ids))
                        for st in rows]
    return out


def _applies(step, band, band_ids):
    r = band_ids.index(band)
    if step["min_band"] is not None and r < band_ids.index(step["min_band"]):
        return False
    if step["max_band"] is not None and r > band_ids.index(step["max_band"]):
        return False
    return True


def _ladder_dates(steps, anchor: pd.Timestamp, pace):
    out, prev = [], None
    for st in steps:
        gap = int((to_decimal(st["days"]) * pace).to_integral_value()) if st["days"] > 0 else st["days"]
        base = anchor if st["from"] == "due" or prev is None else prev
        d = base + pd.Timedelta(days=gap)
        if prev is not None and d < prev:
            d = prev  # a step never comes before the one it follows
        out.append(d)
        prev = d
    return out


def escalation_calendar(ledger, customer_id, *, as_of, debtor_type=None, strategy=None, pace=1.0) -> pd.DataFrame:
    """One customer's collection ladder with dates, from its oldest overdue (or next due) invoice.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    customer_id : str
    as_of : str or date
    debtor_type : str, optional
        Default: the type :func:`classify_debtors` gives.
    strategy : Strategy, optional
        Default: :func:`load_strategy`.
    pace : float, default 1.0
        Extra multiplier of every gap (the differentiated policy's pace).

    Returns
    -------
    DataFrame
        ``step_no, action, channel, tone, date, status`` (``done`` before
        ``as_of``, ``current`` for the last step reached, ``next``, ``planned``);
        ``.attrs`` holds ``anchor`` (the due date it is timed from), ``band``,
        ``overdue_cents`` and ``debtor_type``. Empty when nothing is open.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"], "customer_name": ["甲"], "doc_type": ["invoice"], "doc_no": ["I1"],
    ...     "doc_date": pd.to_datetime(["2025-05-01"]), "due_date": pd.to_datetime(["2025-05-31"]),
    ...     "amount_cents": [8_000_000]})
    >>> cal = escalation_calendar(t, "A", as_of="2025-06-30", debtor_type="unwilling_able")
    >>> cal[["action", "date", "status"]].head(4).astype(str).values.tolist()
    [['reminder_before_due', '2025-05-28', 'done'], ['call', '2025-06-01', 'done'], ['statement', '2025-06-06', 'done'], ['stop_shipments', '2025-06-13', 'done']]
    """
    as_of = to_date(as_of, name="as_of")
    strategy = strategy or load_strategy()
    t = validate_ledger(ledger, unique=False)
    mine = t[t["customer_id"] == customer_id]
    if mine.empty:
        raise ValueError(f"customer_id {customer_id!r} is not in the ledger")
    items = open_items(mine, as_of=as_of).items
    items = items[(items["open_cents"] > 0) & items["due_date"].notna()]
    cols = ["step_no", "action", "channel", "tone", "date", "status"]
    if items.empty:
        return pd.DataFrame(columns=cols)
    overdue = items[items["due_date"] < as_of]
    anchor = overdue["due_date"].min() if len(overdue) else items["due_date"].min()
    overdue_cents = int(overdue["open_cents"].sum())
    if debtor_type is None:
        c = classify_debtors(mine, as_of=as_of)
        debtor_type = c["debtor_type"].iloc[0]
    if debtor_type not in DEBTOR_TYPES:
        raise ValueError(f"debtor_type must be one of {DEBTOR_TYPES!r}, got {debtor_type!r}")
    band = strategy.band_of(overdue_cents)
    ids = [b for b, _ in strategy.bands]
    steps = [s for s in strategy.ladders[debtor_type] if _applies(s, band, ids)]
    dates = _ladder_dates(steps, anchor, strategy.pace[band] * to_decimal(pace, name="pace"))
    rows = [(i + 1, s["action"], s["channel"], s["tone"], d) for i, (s, d) in enumerate(zip(steps, dates))]
    cal = pd.DataFrame(rows, columns=cols[:-1])
    reached = cal["date"] <= as_of
    status = np.where(reached, "done", "planned").astype(object)
    if reached.any():
        status[int(np.flatnonzero(reached)[-1])] = "current"
    if (~reached).any():
        status[int(np.flatnonzero(~reached)[0])] = "next"
    cal["status"] = status
    cal.attrs.update(anchor=anchor, band=band, overdue_cents=overdue_cents, debtor_type=debtor_type)
    return cal


def _recovery_cents(items: pd.DataFrame, types: pd.Series, strategy: Strategy, as_of) -> pd.Series:
    age = (as_of - items["due_date"]).dt.days.to_numpy()
    bucket = np.searchsorted(np.asarray(strategy.recovery_edges), age, side="left")
    t = items["customer_id"].map(types).to_numpy()
    shares = [strategy.recovery[tt][b] for tt, b in zip(t, bucket)]
    rec = cents_times(items["open_cents"].to_numpy(dtype="int64"), np.array(shares, dtype=object)) if len(items) \
        else np.zeros(0, dtype="int64")
    return pd.Series(rec, index=items.index).groupby(items["customer_id"]).sum()


def collection_plan(ledger, *, as_of, sales_rep=None, debtors=None, answers=None, strategy=None, grades=None,
                    policy=None, horizon_days=7, lang="zh") -> pd.DataFrame:
    """Who to chase, how, and what it is expected to bring in: a sales rep's collection plan.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    as_of : str or date
    sales_rep : str, optional
        Only this rep's customers (by the customer's latest document).
    debtors : DataFrame, optional
        A :func:`classify_debtors` result to use (default: computed here, with ``answers``).
    answers : dict or DataFrame, optional
        Passed to :func:`classify_debtors`.
    strategy : Strategy, optional
    grades : dict or Series, optional
        Customer → grade; adds the differentiated policy's order hold
        (``hold_orders``) and pace for each customer's grade and debtor type.
    policy : DataFrame, optional
        The differentiated policy table (grade × debtor type), required with
        ``grades``: :func:`creditkit.policy.differentiated_policy` gives the
        kit's default. Collection comes before policy in the kit, so the
        table is handed in rather than looked up here.
    horizon_days : int, default 7
        Customers with nothing overdue appear when an invoice falls due within
        this many days (their step is the reminder before due).
    lang : {"zh", "en"}, default "zh"
        Language of ``action_text`` and ``evidence``.

    Returns
    -------
    DataFrame
        One row per customer to contact, ordered by ``expected_recovery_cents``
        (largest first): ``customer_id, customer_name, sales_rep, debtor_type,
        open_cents, overdue_cents, max_days_overdue, band, action, channel, tone,
        action_date, next_action, next_date, act_now`` (the current step fell in
        the last ``horizon_days``), ``expected_recovery_cents``, ``hold_orders``,
        ``action_text`` and ``evidence``.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> plan = collection_plan(sample_ledger(seed=5, n_customers=12), as_of="2025-06-30")
    >>> bool(plan["expected_recovery_cents"].is_monotonic_decreasing)
    True
    """
    check_lang(lang)
    as_of = to_date(as_of, name="as_of")
    strategy = strategy or load_strategy()
    t = validate_ledger(ledger, unique=False)
    t = t[t["doc_date"] <= as_of]
    deb = debtors if debtors is not None else classify_debtors(t, as_of=as_of, answers=answers)
    if sales_rep is not None:
        deb = deb[deb["sales_rep"] == sales_rep]
        if deb.empty:
            raise ValueError(f"sales_rep {sales_rep!r} has no customers in the ledger; reps: "
                             f"{sorted(t['sales_rep'].dropna().unique().tolist())!r}")
    items = open_items(t[t["customer_id"].isin(deb["customer_id"])], as_of=as_of).items
    items = items[(items["open_cents"] > 0) & items["due_date"].notna()]
    soon = items["due_date"] <= as_of + pd.Timedelta(days=int(horizon_days))
    wanted = set(items.loc[soon, "customer_id"])
    deb = deb[deb["customer_id"].isin(wanted)].set_index("customer_id")
    types = deb["debtor_type"]
    overdue_items = items[items["due_date"] < as_of]
    recovery = _recovery_cents(overdue_items[overdue_items["customer_id"].isin(types.index)], types, strategy, as_of)
    if grades is not None:
        if policy is None:
            raise TypeError("grades need a policy table: pass policy=creditkit.policy.differentiated_policy(...)")
        g = pd.Series(grades, dtype=object)
        policy = policy.set_index(["grade", "debtor_type"])
    else:
        policy = None
    rows = []
    for cid, r in deb.iterrows():
        pace, hold = 1.0, False
        if policy is not None and cid in g.index and (g[cid], r["debtor_type"]) in policy.index:
            p = policy.loc[(g[cid], r["debtor_type"])]
            pace = p["pace"]
            hold = p["hold_orders_after"] is not None and not pd.isna(p["hold_orders_after"]) and \
                r["max_days_overdue"] > p["hold_orders_after"]
        cal = escalation_calendar(t, cid, as_of=as_of, debtor_type=r["debtor_type"], strategy=strategy, pace=pace)
        cur = cal[cal["status"] == "current"]
        nxt = cal[cal["status"] == "next"]
        step = cur.iloc[0] if len(cur) else nxt.iloc[0]
        act_now = bool(len(cur)) and step["date"] > as_of - pd.Timedelta(days=int(horizon_days))
        if not len(cur):  # nothing due yet: the reminder is the next step
            act_now = step["date"] <= as_of + pd.Timedelta(days=int(horizon_days))
        if any(cal.loc[cal["status"].isin(["done", "current"]), "action"] == "stop_shipments"):
            hold = True
        text = {"zh": f"{label(step['action'], 'zh')}（{label(step['channel'], 'zh')}，{label(step['tone'], 'zh')}）",
                "en": f"{label(step['action'], 'en')} ({label(step['channel'], 'en')}, {label(step['tone'], 'en')})"}[lang]
        rows.append({"customer_id": cid, "customer_name": r["customer_name"], "sales_rep": r["sales_rep"],
                     "debtor_type": r["debtor_type"], "open_cents": int(r["open_cents"]),
                     "overdue_cents": int(cal.attrs["overdue_cents"]), "max_days_overdue": int(r["max_days_overdue"]),
                     "band": cal.attrs["band"], "action": step["action"], "channel": step["channel"],
                     "tone": step["tone"], "action_date": step["date"],
                     "next_action": nxt.iloc[0]["action"] if len(nxt) and len(cur) else None,
                     "next_date": nxt.iloc[0]["date"] if len(nxt) and len(cur) else pd.NaT,
                     "act_now": bool(act_now), "expected_recovery_cents": int(recovery.get(cid, 0)),
                     "hold_orders": bool(hold), "action_text": text, "evidence": r[f"evidence_{lang}"]})
    cols = ["customer_id", "customer_name", "sales_rep", "debtor_type", "open_cents", "overdue_cents",
            "max_days_overdue", "band", "action", "channel", "tone", "action_date", "next_action", "next_date",
            "act_now", "expected_recovery_cents", "hold_orders", "action_text", "evidence"]
    plan = pd.DataFrame(rows, columns=cols)
    plan = plan.sort_values(["expected_recovery_cents", "overdue_cents", "customer_id"],
                            ascending=[False, False, True], kind="stable").reset_index(drop=True)
    return plan


def plan_summary(plan: pd.DataFrame, *, lang="zh") -> str:
    """What a collection plan says, in one sentence computed from it.

    Examples
    --------
    >>> p = pd.DataFrame({"customer_id": ["A", "B"], "customer_name": ["甲", "乙"], "overdue_cents": [5_000_00, 0],
    ...     "expected_recovery_cents": [4_000_00, 0], "act_now": [True, True], "hold_orders": [True, False],
    ...     "debtor_type": ["unwilling_able", "willing_able"]})
    >>> plan_summary(p)
    '催收计划共 2 家客户，逾期合计 5,000.00 元，预期可回收 4,000.00 元（80%）；本周需处理 2 家，建议暂停新订单 1 家。预期回收最多的是 甲（4,000.00 元，有能力无意愿）。'
    """
    check_lang(lang)
    need = ["customer_name", "overdue_cents", "expected_recovery_cents", "act_now", "hold_orders", "debtor_type"]
    missing = [c for c in need if c not in plan.columns]
    if missing:
        raise SchemaError(f"plan lacks column(s) {missing!r}: pass the result of collection_plan")
    n = len(plan)
    od = int(plan["overdue_cents"].sum())
    rec = int(plan["expected_recovery_cents"].sum())
    share = f"{rec / od:.0%}" if od else "—"
    now, hold = int(plan["act_now"].sum()), int(plan["hold_orders"].sum())
    if n == 0:
        return {"zh": "没有需要催收的客户：没有逾期，也没有近期到期的发票。",
                "en": "No customer to chase: nothing is overdue or about to fall due."}[lang]
    top = plan.iloc[0]
    if lang == "zh":
        return (f"催收计划共 {n} 家客户，逾期合计 {format_cents(od)} 元，预期可回收 {format_cents(rec)} 元（{share}）；"
                f"本周需处理 {now} 家，建议暂停新订单 {hold} 家。预期回收最多的是 {top['customer_name']}"
                f"（{format_cents(int(top['expected_recovery_cents']))} 元，{label(top['debtor_type'], 'zh')}）。")
    return (f"The plan covers {n} customers with {format_cents(od)} overdue and {format_cents(rec)} ({share}) expected "
            f"back; {now} need action this week and {hold} should have new orders held. The largest expected recovery "
            f"is {top['customer_name']} ({format_cents(int(top['expected_recovery_cents']))}, "
            f"{label(top['debtor_type'], 'en')}).")
