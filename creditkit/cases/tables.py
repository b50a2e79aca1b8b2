"""Case tables as a report shows them: money in yuan with separators, shares in per cent, zh/en labels.

:func:`case_table` formats any case table; the named helpers pick and order
the columns of the tables a case report shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import check_lang, has_label, label, label_or_name
from ..money import format_cents

__all__ = ["show", "case_table", "aging_view", "statement_view", "portfolio_table", "key_customer_table", "timeline_table", "actions_table",
           "portfolio_rating_table", "score_band_table",
           "cost_table", "alert_table", "answer_table", "provision_table", "policy_table"]

_MONEY_SUFFIX = "_cents"


def show(table: pd.DataFrame):
    """A display table without its row numbers (a pandas Styler), for a report cell.

    Examples
    --------
    >>> "<table" in show(pd.DataFrame({"a": ["1"]})).to_html()
    True
    """
    return table.style.hide(axis="index")


def case_table(df: pd.DataFrame, lang: str = "zh", *, shares=(), days=(), translate=()) -> pd.DataFrame:
    """Display copy of a table: ``*_cents`` columns as yuan text, ``shares`` as per cent, labels in ``lang``.

    Parameters
    ----------
    df : DataFrame
    lang : {"zh", "en"}
    shares : sequence of str
        Columns holding shares (0–1), shown with one decimal per cent.
    days : sequence of str
        Columns holding days, shown as whole numbers.
    translate : sequence of str
        Columns whose values are kit keys (types, actions, industries) shown by their label.

    Returns
    -------
    DataFrame
        Text cells. Columns are shown by their catalogue label; a ``*_cents``
        column without one by the label (or name) of what precedes the suffix
        (``not_due_cents`` → 未到期); other float columns as whole numbers with
        separators.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"], "open_cents": [123456], "overdue_share": [0.25]})
    >>> case_table(t, "en", shares=["overdue_share"]).iloc[0].tolist()
    ['A', '1,234.56', '25.0%']
    """
    lang = check_lang(lang)
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        v = df[c]
        name = label(c, lang) if has_label(c) else label_or_name(str(c), lang)
        if str(c).endswith(_MONEY_SUFFIX):
            if not has_label(c):
                name = label_or_name(str(c)[: -len(_MONEY_SUFFIX)], lang)
            v = v.map(lambda x: "" if pd.isna(x) else format_cents(int(x)))
        elif c in shares:
            v = v.map(lambda x: "" if pd.isna(x) else f"{x:.1%}")
        elif c in days:
            v = v.map(lambda x: "—" if pd.isna(x) else f"{x:,.0f}")
        elif c in translate:
            v = v.map(lambda x: "" if x == "" or pd.isna(x) else label_or_name(x, lang))
        elif pd.api.types.is_float_dtype(v):
            v = v.map(lambda x: "" if pd.isna(x) else f"{x:,.0f}")
        out[name] = v.to_numpy()
    return out.reset_index(drop=True)


def aging_view(table: pd.DataFrame, labels, lang: str = "zh") -> pd.DataFrame:
    """An aging table (customer or sales-rep rows, bucket columns in cents) for display."""
    money = {c: f"{c}{_MONEY_SUFFIX}" for c in [*labels, "total", "unapplied"]}
    return case_table(table.rename(columns=money), lang)


def statement_view(statement: pd.DataFrame, lang: str = "zh", *, years: int = 2) -> pd.DataFrame:
    """The last ``years`` columns of a statement, line names kept, yuan with separators."""
    t = statement.iloc[:, -years:].reset_index().rename(columns={"index": "item"})
    return case_table(t, lang)


def portfolio_table(world, features: pd.DataFrame, lang: str = "zh", *, by: str = "nature") -> pd.DataFrame:
    """Customers, open and overdue amounts and overdue share by enterprise nature, industry or size.

    Examples
    --------
    >>> from creditkit.cases import load_case, payment_features
    >>> w = load_case("retail", n_customers=20, months=6, start="2025-01-01")
    >>> portfolio_table(w, payment_features(w.ledger, as_of=w.as_of), "en").columns.tolist()[:2]
    ['Enterprise nature', 'Customers']
    """
    c = world.customers.set_index("customer_id")[[by]].join(features[["open_cents", "overdue_cents"]]).fillna(0)
    g = c.groupby(by).agg(customers=(by, "size"), open_cents=("open_cents", "sum"),
                          overdue_cents=("overdue_cents", "sum"))
    g["overdue_share"] = np.where(g["open_cents"] > 0, g["overdue_cents"] / g["open_cents"].where(g["open_cents"] > 0, 1), 0.0)
    g = g.sort_values("open_cents", ascending=False).reset_index()
    g["open_cents"] = g["open_cents"].astype("int64")
    g["overdue_cents"] = g["overdue_cents"].astype("int64")
    return case_table(g, lang, shares=["overdue_share"], translate=[by])


def key_customer_table(key: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The largest balances with grade, limits and terms (from :class:`~creditkit.cases.story.CaseFacts`)."""
    return case_table(key, lang, days=["granted_terms", "recommended_terms"])


def timeline_table(timeline: pd.DataFrame, lang: str = "zh", *, answer: bool = False) -> pd.DataFrame:
    """Customers the month-end aging flagged, first month and number of months; with ``answer`` the type and turn."""
    t = timeline[timeline["flags"] > 0].sort_values(["first_flag", "customer_id"])
    cols = ["customer_id", "first_flag", "flags"] + (["hidden_type", "turn_month", "lag_months"] if answer else [])
    return case_table(t[cols], lang, days=["flags", "lag_months"], translate=["hidden_type"])


def portfolio_rating_table(portfolio: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Every customer's grade, Altman Z' zone, current ratio, limits and terms (from ``evaluate_portfolio``)."""
    t = portfolio.copy()
    t["altman_z"] = t["altman_z"].map(lambda v: f"{v:.2f}")
    t["current_ratio"] = t["current_ratio"].map(lambda v: f"{v:.2f}")
    t["current_ratio_change"] = t["current_ratio_change"].map(lambda v: "—" if pd.isna(v) else f"{v:+.2f}")
    t["score"] = t["score"].map(lambda v: f"{v:.1f}")
    return case_table(t, lang, days=["granted_terms", "recommended_terms"], translate=["zone"])


def score_band_table(bands: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Customers, flagged customers and flag rate by score band (1 = safest)."""
    return case_table(bands, lang, shares=["flag_rate"])


def actions_table(actions: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Collection actions: customers and overdue amount by action, in escalation order."""
    from .story import COLLECTION_LADDER

    order = [a for _, a in COLLECTION_LADDER]
    g = actions.groupby("action").agg(customers=("customer_id", "size"), overdue_cents=("overdue_cents", "sum"))
    g = g.reindex([a for a in order if a in g.index]).reset_index()
    return case_table(g, lang, translate=["action"])


def cost_table(facts, lang: str = "zh") -> pd.DataFrame:
    """Provision, sales needed to recover it and carrying cost of the overdue, one row each."""
    rows = pd.DataFrame({"item": ["provision", "sales_to_recover", "carrying_cost"],
                         "amount": [facts.provision_cents, facts.cost.sales_to_recover_cents,
                                          facts.cost.carrying_cost_cents]})
    rows["amount"] = rows["amount"].map(lambda c: format_cents(int(c)))
    return case_table(rows, lang, translate=["item"])


def _month(v) -> str:
    return "" if pd.isna(v) else f"{pd.Timestamp(v):%Y-%m}"


def alert_table(timeline, lang: str = "zh", *, top: int | None = 12) -> pd.DataFrame:
    """Customers ever at amber or red, earliest first: first alert, first red, the signals then, level today.

    Parameters
    ----------
    timeline : SignalTimeline
        :func:`~creditkit.cases.early_warning.signal_timeline`.
    lang : {"zh", "en"}
    top : int, optional
        At most this many rows (default 12; None for all).
    """
    t = timeline.alerted()
    t = t if top is None else t.head(int(top))
    out = pd.DataFrame({"customer_name": t["customer_name"], "first_alert": t["first_alert"].map(_month),
                        "first_red": t["first_red"].map(_month), "level": t["level"],
                        "first_signals": t[f"first_signals_{check_lang(lang)}"],
                        "invoiced_after_red_cents": t["invoiced_after_red_cents"],
                        "open_after_red_cents": t["open_after_red_cents"]})
    return case_table(out, lang, translate=["level"])


def answer_table(check: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Hidden type against today's level: customers in each cell (from :func:`~creditkit.cases.early_warning.answer_check`)."""
    from .generator import HIDDEN_TYPES

    g = pd.crosstab(check["hidden_type"], check["level"]).reindex(index=[t for t in HIDDEN_TYPES
                                                                        if t in set(check["hidden_type"])],
                                                                 columns=["green", "amber", "red"], fill_value=0)
    g = g.reset_index()
    return case_table(g, lang, translate=["hidden_type"])


def provision_table(provision, lang: str = "zh") -> pd.DataFrame:
    """Balance, rate and provision of every aging bucket, with a total row."""
    t = provision.table.copy()
    total = pd.DataFrame({"bucket": [label("total", lang)], "balance_cents": [int(t["balance_cents"].sum())],
                          "rate": [float("nan")], "provision_cents": [int(provision.total_cents)]})
    t["bucket"] = [label_or_name(b, lang) for b in t["bucket"]]
    t["rate"] = t["rate"].astype(float)
    return case_table(pd.concat([t, total], ignore_index=True), lang, shares=["rate"])


def policy_table(policy: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Key customers' grade, debtor type, granted and allowed terms and limits (from :class:`~creditkit.cases.plan.CasePlan`)."""
    t = policy.copy()
    t["guarantee"] = [label("yes" if bool(v) else "no", lang) for v in t["guarantee"].fillna(False)]
    t = t.drop(columns=["customer_id", "hold_orders_after"])
    return case_table(t, lang, days=["granted_terms", "terms_days"], translate=["debtor_type"])
