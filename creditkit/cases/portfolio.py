"""Portfolio views that set the manufacturing and retail cases apart.

* Few large customers (manufacturing): :func:`evaluate_portfolio` rates every
  customer from its statements and payment record, and
  :func:`concentration` measures how much of the receivables a handful of
  customers hold.
* Many small customers (retail): :func:`score_customers` learns from the
  ledger itself — payment features six months ago against whether the
  customer is flagged today — and scores every customer; financial analysis of
  each sole trader would cost more than it saves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_number
from .analysis import FLAG_SHARE, evaluate_world_customer, payment_features, rank_auc
from .generator import CaseWorld

__all__ = ["concentration", "evaluate_portfolio", "ScoringResult", "score_customers", "SCORE_FEATURES"]

#: Features the retail score is learned from (payment features plus recent sales and the customer's nature).
SCORE_FEATURES = ("overdue_share", "overdue_30_share", "days_beyond_terms", "max_days_overdue", "log_sales",
                  "sole_trader")


def concentration(features: pd.DataFrame, *, top: int = 3) -> float:
    """Share of the open receivables held by the ``top`` largest customers (0 when nothing is open).

    Examples
    --------
    >>> f = pd.DataFrame({"open_cents": [600, 300, 100]}, index=["A", "B", "C"])
    >>> concentration(f, top=1)
    0.6
    """
    top = check_number("top", top, low=1, integer=True)
    total = int(features["open_cents"].sum())
    return float(features["open_cents"].nlargest(top).sum() / total) if total else 0.0


def evaluate_portfolio(world: CaseWorld, features: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every customer rated: grade, Altman Z' zone, latest current ratio, limits and terms.

    Returns
    -------
    DataFrame
        One row per customer, largest open balance first: ``customer_id,
        customer_name, grade, score, altman_z, zone, current_ratio,
        current_ratio_change`` (latest minus previous year), ``open_cents,
        granted_limit_cents, recommended_limit_cents, granted_terms,
        recommended_terms``.

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> w = load_case("manufacturing", n_customers=6, months=12, start="2024-07-01")
    >>> t = evaluate_portfolio(w)
    >>> len(t), set(t["zone"]) <= {"safe", "grey", "distress"}
    (6, True)
    """
    features = payment_features(world.ledger, as_of=world.as_of) if features is None else features
    rows = []
    for cid, name in zip(world.customers["customer_id"], world.customers["customer_name"]):
        ev = evaluate_world_customer(world, cid, features=features)
        cr = ev.ratios.loc["current_ratio"]
        rows.append((cid, name, ev.rating.grade, round(ev.rating.score, 1), round(float(ev.altman.score), 2),
                     ev.altman.zone, round(float(cr.iloc[-1]), 2),
                     round(float(cr.iloc[-1] - cr.iloc[-2]), 2) if len(cr) > 1 else np.nan,
                     ev.exposure_cents, ev.granted_limit_cents, ev.recommended_limit_cents, ev.granted_terms_days,
                     ev.terms_days))
    cols = ["customer_id", "customer_name", "grade", "score", "altman_z", "zone", "current_ratio",
            "current_ratio_change", "open_cents", "granted_limit_cents", "recommended_limit_cents", "granted_terms",
            "recommended_terms"]
    t = pd.DataFrame(rows, columns=cols)
    return t.sort_values(["open_cents", "customer_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ScoringResult:
    """A score learned from the ledger: features then, flag now.

    Attributes
    ----------
    then, now : Timestamp
        When the features were read and when the outcome was observed.
    table : DataFrame
        One row per customer with a balance then: the :data:`SCORE_FEATURES`,
        ``flagged_now`` (1 when more than :data:`~creditkit.cases.analysis.FLAG_SHARE`
        of its balance is over 30 days past due at ``now``), ``probability``
        (out-of-fold) and ``band`` (1 = safest fifth … 5 = riskiest).
    bands : DataFrame
        ``band, customers, flagged, flag_rate`` by score band.
    auc : float
        Out-of-fold AUC of the probability against ``flagged_now``.
    coefficients : Series
        Logistic-regression coefficients on standardised features.
    """

    then: pd.Timestamp
    now: pd.Timestamp
    table: pd.DataFrame
    bands: pd.DataFrame
    auc: float
    coefficients: pd.Series


def _score_features(world: CaseWorld, as_of: pd.Timestamp) -> pd.DataFrame:
    f = payment_features(world.ledger, as_of=as_of)
    t = world.ledger
    recent = t[(t["doc_type"] == "invoice") & (t["doc_date"] > as_of - pd.Timedelta(days=180)) & (t["doc_date"] <= as_of)]
    sales = recent.groupby("customer_id")["amount_cents"].sum().reindex(f.index, fill_value=0)
    f["log_sales"] = np.log1p(sales / 100)
    nature = world.customers.set_index("customer_id")["nature"].reindex(f.index)
    f["sole_trader"] = (nature == "个体").astype(float)
    return f


def score_customers(world: CaseWorld, *, horizon_months: int = 6, folds: int = 5, seed: int = 0) -> ScoringResult:
    """Learn a payment score from the ledger and check it out of sample.

    Features are read ``horizon_months`` before the world's as-of date; the
    outcome is whether the customer is flagged at the as-of date. A logistic
    regression on standardised features is fitted with ``folds``-fold
    cross-validation, so every customer's probability comes from a model that
    did not see it.

    Raises
    ------
    ValueError
        Too few customers or outcomes of one kind only.

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> r = score_customers(load_case("retail", n_customers=80, months=12, start="2024-07-01"))
    >>> 0.5 < r.auc <= 1.0, int(r.bands["customers"].sum()) == len(r.table)
    (True, True)
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    horizon_months = check_number("horizon_months", horizon_months, low=1, high=24, integer=True)
    folds = check_number("folds", folds, low=2, high=20, integer=True)
    now = world.as_of
    then = (now - pd.DateOffset(months=horizon_months)) + pd.offsets.MonthEnd(0)
    if then < pd.Timestamp(world.parameters["start"]) + pd.DateOffset(months=2):
        raise ValueError(f"horizon_months={horizon_months} reaches before the third month of the ledger")
    x = _score_features(world, then)
    x = x[x["open_cents"] > 0]
    later = payment_features(world.ledger, as_of=now).reindex(x.index)
    y = (later["overdue_30_share"].fillna(0) > FLAG_SHARE).astype(int)
    if y.sum() < folds or (1 - y).sum() < folds:
        raise ValueError(f"need at least {folds} flagged and {folds} unflagged customers to score, "
                         f"got {int(y.sum())} and {int((1 - y).sum())}")
    X = x[list(SCORE_FEATURES)].to_numpy(dtype=float)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    p = cross_val_predict(model, X, y.to_numpy(), cv=cv, method="predict_proba")[:, 1]
    model.fit(X, y.to_numpy())
    coef = pd.Series(model[-1].coef_[0], index=list(SCORE_FEATURES))
    table = x[list(SCORE_FEATURES)].assign(flagged_now=y, probability=p)
    rank = table["probability"].rank(method="first")
    table["band"] = np.ceil(rank / len(table) * 5).astype(int).clip(1, 5)
    bands = table.groupby("band").agg(customers=("flagged_now", "size"), flagged=("flagged_now", "sum"))
    bands["flag_rate"] = bands["flagged"] / bands["customers"]
    return ScoringResult(then, now, table, bands.reset_index(), rank_auc(p, y), coef)
