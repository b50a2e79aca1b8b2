"""Late-payment predictor: will an open invoice be paid late, and how many days late?

Following Zeng et al., "Using predictive analysis to improve invoice-to-cash
collection" (KDD '08, doi:10.1145/1401890.1402014), each invoice is described
at the moment it is issued by its customer's payment history up to that day —
the counts, amounts and ratios of paid and outstanding invoices that were
late and their average days late (their Table 2) — plus the invoice's own
amount and terms. :func:`invoice_history` builds that table without leakage:
an invoice's features use only documents dated on or before its own date, and
a receipt dated later does not count as paid.

:func:`fit_late_payment` splits the invoices in time (train on the earlier
ones, with labels as known at the split date; test on the later ones),
fits two scikit-learn gradient-boosting models — P(paid late), weighted
for the rarer class and corrected back to calibrated probabilities, and
days late with an absolute-error loss — and reports AUC, Brier score and MAE
in days against the baseline "same delay as this customer's last paid
invoice", with permutation importances of the features.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..dates import to_date
from .settlement import BEHAVIOUR_TYPES, ledger_table, settlement_dates

__all__ = ["invoice_history", "fit_late_payment", "LatePaymentResult", "HISTORY_FEATURES", "predict_open"]

#: Model inputs: Zeng et al.'s history features, the last and mean delay, and the invoice's own facts.
HISTORY_FEATURES = [
    "n_paid", "n_paid_late", "ratio_paid_late", "amount_paid", "amount_paid_late", "ratio_amount_paid_late",
    "avg_days_late", "n_outstanding", "n_outstanding_late", "ratio_outstanding_late", "amount_outstanding",
    "amount_outstanding_late", "ratio_amount_outstanding_late", "avg_days_late_outstanding",
    "last_delay", "mean_delay", "amount", "terms_days",
]

_BLOCK = 512


def _customer_features(d, due, settled, amt):
    """History features of each invoice of one customer (arrays in date order)."""
    n = len(d)
    out = np.full((n, 16), np.nan)
    delay = (settled - due).astype("timedelta64[D]").astype("float64")  # NaN where unsettled
    delay[np.isnat(settled)] = np.nan
    for lo in range(0, n, _BLOCK):
        rows = slice(lo, min(n, lo + _BLOCK))
        di = d[rows][:, None]
        prior = (d[None, :] <= di) & (np.arange(n)[None, :] != np.arange(n)[rows][:, None])
        paid = prior & ~np.isnat(settled)[None, :] & (settled[None, :] <= di)
        late_paid = paid & (delay[None, :] > 0)
        outst = prior & ~paid
        od = (di - due[None, :]).astype("timedelta64[D]").astype("float64")
        out_late = outst & (od > 0)
        a = amt[None, :]
        np_, npl = paid.sum(1), late_paid.sum(1)
        ap, apl = (a * paid).sum(1), (a * late_paid).sum(1)
        no, nol = outst.sum(1), out_late.sum(1)
        ao, aol = (a * outst).sum(1), (a * out_late).sum(1)
        dl = np.where(late_paid, delay[None, :], 0).sum(1)
        dol = np.where(out_late, od, 0).sum(1)
        with np.errstate(divide="ignore", invalid="ignore"):
            block = np.column_stack([
                np_, npl, npl / np_, ap, apl, apl / ap, np.where(npl > 0, dl / npl, np.where(np_ > 0, 0, np.nan)),
                no, nol, nol / no, ao, aol, aol / ao, np.where(nol > 0, dol / nol, np.where(no > 0, 0, np.nan)),
            ])
        # the last paid invoice: the one settled most recently by the invoice date
        s_days = np.where(paid, (settled[None, :] - np.datetime64("1970-01-01")).astype("timedelta64[D]").astype(
            "float64"), -np.inf)
        last = np.argmax(s_days, axis=1)
        last_delay = np.where(np_ > 0, delay[last], np.nan)
        mean_delay = np.where(np_ > 0, np.where(paid, delay[None, :], 0).sum(1) / np.maximum(np_, 1), np.nan)
        out[rows] = np.column_stack([block, last_delay, mean_delay])
    return out


def invoice_history(ledger, *, as_of=None, late_after: int = 0) -> pd.DataFrame:
    """One row per invoice: its outcome as known at ``as_of`` and its history features at issue.

    Parameters
    ----------
    ledger : Ledger or DataFrame
        The canonical ledger table.
    as_of : str or date, optional
        Documents dated after it are ignored (default: the last document date).
    late_after : int, default 0
        Days past due after which a payment counts as late.

    Returns
    -------
    DataFrame
        ``customer_id, doc_no, doc_date, due_date, amount_cents,
        settled_date, days_late`` (settled − due, NaN while open), ``late``
        (1 paid late or open past due, 0 paid on time, NaN while open and not
        late yet), ``open`` (bool), then :data:`HISTORY_FEATURES`.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"] * 5, "customer_name": ["A"] * 5,
    ...     "doc_type": ["invoice", "receipt", "invoice", "receipt", "invoice"],
    ...     "doc_no": ["I1", "R1", "I2", "R2", "I3"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-02-10", "2025-02-15", "2025-03-20", "2025-04-01"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", None, "2025-03-17", None, "2025-05-01"]),
    ...     "amount_cents": [10000, -10000, 5000, -5000, 7000], "ref_doc_no": [None, "I1", None, "I2", None]})
    >>> h = invoice_history(t, as_of="2025-04-30")
    >>> h[["doc_no", "days_late", "late", "n_paid", "last_delay", "avg_days_late"]].values.tolist()
    [['I1', 10.0, 1.0, 0.0, nan, nan], ['I2', 3.0, 1.0, 1.0, 10.0, 10.0], ['I3', nan, nan, 2.0, 3.0, 6.5]]
    """
    t = ledger_table(ledger)
    as_of = t["doc_date"].max() if as_of is None else to_date(as_of, name="as_of")
    s = settlement_dates(t, as_of=as_of)
    s = s[s["doc_type"].isin(BEHAVIOUR_TYPES) & s["due_date"].notna()]
    s = s.sort_values(["customer_id", "doc_date", "doc_no"], kind="stable").reset_index(drop=True)
    feats = np.full((len(s), 16), np.nan)
    codes, _ = pd.factorize(s["customer_id"])
    bounds = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1], True])
    d = s["doc_date"].to_numpy("datetime64[ns]")
    due = s["due_date"].to_numpy("datetime64[ns]")
    st = s["settled_date"].to_numpy("datetime64[ns]")
    amt = s["amount_cents"].to_numpy("float64") / 100.0
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        feats[lo:hi] = _customer_features(d[lo:hi], due[lo:hi], st[lo:hi], amt[lo:hi])
    h = s[["customer_id", "doc_no", "doc_date", "due_date", "amount_cents", "settled_date"]].copy()
    h["days_late"] = (h["settled_date"] - h["due_date"]).dt.days.astype("float64")
    h["open"] = h["settled_date"].isna()
    past_due = (as_of - h["due_date"]).dt.days > late_after
    h["late"] = np.where(h["open"], np.where(past_due, 1.0, np.nan), (h["days_late"] > late_after).astype("float64"))
    for j, name in enumerate(HISTORY_FEATURES[:16]):
        h[name] = feats[:, j]
    h["amount"] = amt
    h["terms_days"] = (h["due_date"] - h["doc_date"]).dt.days.astype("float64")
    h.attrs.update(as_of=as_of, late_after=int(late_after))
    return h


@dataclass(frozen=True)
class LatePaymentResult:
    """A fitted late-payment predictor and its test against the baseline.

    Attributes
    ----------
    metrics : DataFrame
        Index ``model``, ``baseline``; columns ``auc``, ``brier``, ``mae_days``.
    importance : DataFrame
        ``feature, importance, std``: mean drop of the test AUC when the
        feature is shuffled (permutation importance), largest first.
    test : DataFrame
        Test invoices with ``p_late``, ``expected_days_late``,
        ``baseline_p_late``, ``baseline_days_late``.
    split_date : Timestamp
        Train on invoices dated on or before it, test on the later ones.
    n_train, n_test : int
    late_rate : float
        Share of late invoices in the training set.
    classifier, regressor
        The fitted scikit-learn models; the regressor predicts the
        correction to the baseline's days late.
    median_days : float
        Median days late of the settled training invoices (the baseline for
        a customer with no paid invoice).
    late_after : int
    days_from : {"direct", "last_delay"}
        Whether the regressor predicts days late directly or as a
        correction to the customer's last delay.
    """

    metrics: pd.DataFrame
    importance: pd.DataFrame
    test: pd.DataFrame
    split_date: pd.Timestamp
    n_train: int
    n_test: int
    late_rate: float
    classifier: object
    regressor: object
    median_days: float = 0.0
    late_after: int = 0
    days_from: str = "direct"

    def predict(self, history: pd.DataFrame) -> pd.DataFrame:
        """``p_late`` (calibrated) and ``expected_days_late`` for rows of an :func:`invoice_history` table."""
        from threadpoolctl import threadpool_limits

        X = history[HISTORY_FEATURES].to_numpy("float64")
        _, start = _baseline(history, self.late_rate, self.median_days, self.late_after)
        start = start if self.days_from == "last_delay" else 0.0
        with threadpool_limits(1):  # small data: one thread is faster than contended OpenMP threads
            p_w = self.classifier.predict_proba(X)[:, 1]
            days = start + self.regressor.predict(X)
        odds = p_w / np.maximum(1 - p_w, 1e-12) * self.late_rate / (1 - self.late_rate)  # undo the class weights
        return pd.DataFrame({"p_late": odds / (1 + odds), "expected_days_late": np.maximum(0.0, days)},
                            index=history.index)

    def summary(self, lang: str = "zh") -> str:
        """One sentence comparing the model with the baseline on the test invoices."""
        from ..i18n import check_lang, label

        lang = check_lang(lang)
        m, b = self.metrics.loc["model"], self.metrics.loc["baseline"]
        return label("late_payment_summary", lang).format(
            split=f"{self.split_date:%Y-%m-%d}", n=self.n_test, auc=m["auc"], auc_b=b["auc"], brier=m["brier"],
            brier_b=b["brier"], mae=m["mae_days"], mae_b=b["mae_days"],
            verdict=label("beats_baseline" if self.beats_baseline() else "not_beats_baseline", lang))

    def beats_baseline(self) -> bool:
        """True when the model is better than the baseline on all three metrics."""
        m, b = self.metrics.loc["model"], self.metrics.loc["baseline"]
        return bool(m["auc"] > b["auc"] and m["brier"] < b["brier"] and m["mae_days"] < b["mae_days"])


def _baseline(h, late_rate, median_days, late_after):
    last = h["last_delay"].to_numpy("float64")
    p = np.where(np.isnan(last), late_rate, (last > late_after).astype("float64"))
    days = np.where(np.isnan(last), median_days, np.maximum(last, 0))
    return p, days


def fit_late_payment(ledger, *, as_of=None, train_share=0.7, late_after=0, random_state=0,
                     max_iter=200) -> LatePaymentResult:
    """Fit and test the late-payment predictor with a time-ordered split.

    Parameters
    ----------
    ledger : Ledger, DataFrame or the table of :func:`invoice_history`
    as_of : str or date, optional
        Date the outcomes are known at (default: the last document date).
    train_share : float, default 0.7
        Share of the invoices with a known outcome, oldest first, in training.
        Training labels are those known at the split date: an invoice settled
        later, or still open and not yet due then, is not trained on.
    late_after : int, default 0
        Days past due after which a payment counts as late.
    random_state : int, default 0
    max_iter : int, default 200
        Boosting iterations of both models.

    Returns
    -------
    LatePaymentResult

    Notes
    -----
    The classifier is a ``HistGradientBoostingClassifier`` with
    ``class_weight="balanced"`` (cost-sensitive to the rarer class); its
    probabilities are corrected back to the training prior by multiplying
    the odds by n_late / n_on_time (Elkan 2001, "The foundations of
    cost-sensitive learning"), so that the Brier score measures calibrated
    probabilities. Days late are fitted on settled invoices with
    ``loss="absolute_error"`` on max(0, days late), either directly or as a
    correction to the customer's last delay — trees cannot extrapolate when
    a customer drifts beyond the training range, a correction to the last
    delay can; the form with the smaller error on the latest fifth of the
    training invoices is kept (``days_from``). The baseline
    predicts the delay of the customer's last paid invoice (late if it was
    late); a customer with no paid invoice gets the training late rate and
    median days late. MAE is over the test invoices that are settled.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> res = fit_late_payment(sample_ledger(seed=1, n_customers=12))
    >>> res.metrics.columns.tolist(), res.metrics.index.tolist()
    (['auc', 'brier', 'mae_days'], ['model', 'baseline'])
    >>> bool(res.metrics.loc["model", "auc"] > 0.5), (res.test["doc_date"] > res.split_date).all()
    (True, np.True_)
    """
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.inspection import permutation_importance
    from sklearn.metrics import brier_score_loss, roc_auc_score
    from threadpoolctl import threadpool_limits

    if not 0.1 <= float(train_share) <= 0.9:
        raise ValueError(f"train_share must be between 0.1 and 0.9, got {train_share!r}")
    h = ledger if isinstance(ledger, pd.DataFrame) and "last_delay" in ledger else \
        invoice_history(ledger, as_of=as_of, late_after=late_after)
    as_of = h.attrs.get("as_of", h["doc_date"].max())
    known = h[h["late"].notna()].sort_values("doc_date", kind="stable")
    if len(known) < 50:
        raise ValueError(f"the ledger has {len(known)} invoices with a known outcome; the predictor needs at least 50")
    split = known["doc_date"].iloc[int(len(known) * float(train_share)) - 1]
    tr = h[h["doc_date"] <= split]
    settled_by = tr["settled_date"].notna() & (tr["settled_date"] <= split)
    due_by = (split - tr["due_date"]).dt.days > late_after
    y_tr = np.where(settled_by, (tr["days_late"] > late_after).astype(float), np.where(due_by, 1.0, np.nan))
    keep = ~np.isnan(y_tr)
    X_tr, y_tr = tr.loc[keep, HISTORY_FEATURES].to_numpy("float64"), y_tr[keep].astype(int)
    if len(np.unique(y_tr)) < 2:
        raise ValueError("the training invoices are all late or all on time; a predictor needs both")
    te = known[known["doc_date"] > split]
    y_te = te["late"].to_numpy(int)
    if len(te) < 20 or len(np.unique(y_te)) < 2:
        raise ValueError(f"the test period holds {len(te)} invoices with a known outcome and needs both outcomes")
    late_rate = float(y_tr.mean())
    clf = HistGradientBoostingClassifier(class_weight="balanced", max_iter=max_iter, learning_rate=0.05,
                                         max_leaf_nodes=15, l2_regularization=1.0, random_state=random_state)
    with threadpool_limits(1):
        clf.fit(X_tr, y_tr)
    reg_rows = settled_by.to_numpy()
    target = np.maximum(0, tr.loc[settled_by, "days_late"].to_numpy("float64"))
    median_days = float(np.median(target))
    X_reg = tr.loc[reg_rows, HISTORY_FEATURES].to_numpy("float64")
    _, last = _baseline(tr[reg_rows], late_rate, median_days, late_after)

    def regressor():
        return HistGradientBoostingRegressor(loss="absolute_error", max_iter=max_iter, learning_rate=0.05,
                                             max_leaf_nodes=15, random_state=random_state)

    # direct days late, or a correction to the last delay: chosen on the latest fifth of the training invoices
    cut = int(len(target) * 0.8)
    errors = {}
    with threadpool_limits(1):
        for name, base in (("direct", np.zeros(len(target))), ("last_delay", last)):
            fit = regressor().fit(X_reg[:cut], target[:cut] - base[:cut])
            errors[name] = float(np.mean(np.abs(base[cut:] + fit.predict(X_reg[cut:]) - target[cut:])))
        mode = min(errors, key=errors.get)
        start = last if mode == "last_delay" else np.zeros(len(target))
        reg = regressor().fit(X_reg, target - start)
    res = LatePaymentResult(metrics=pd.DataFrame(), importance=pd.DataFrame(), test=pd.DataFrame(), split_date=split,
                            n_train=int(len(y_tr)), n_test=int(len(te)), late_rate=late_rate, classifier=clf,
                            regressor=reg, median_days=median_days, days_from=mode)
    pred = res.predict(te)
    bp, bd = _baseline(te, late_rate, median_days, late_after)
    settled = te["settled_date"].notna().to_numpy()
    actual_days = np.maximum(0, te["days_late"].to_numpy("float64"))
    metrics = pd.DataFrame({
        "auc": [roc_auc_score(y_te, pred["p_late"]), roc_auc_score(y_te, bp)],
        "brier": [brier_score_loss(y_te, pred["p_late"]), brier_score_loss(y_te, bp)],
        "mae_days": [float(np.mean(np.abs(pred["expected_days_late"].to_numpy()[settled] - actual_days[settled]))),
                     float(np.mean(np.abs(bd[settled] - actual_days[settled])))],
    }, index=pd.Index(["model", "baseline"], name="predictor"))
    with threadpool_limits(1):
        imp = permutation_importance(clf, te[HISTORY_FEATURES].to_numpy("float64"), y_te, scoring="roc_auc",
                                     n_repeats=5, random_state=random_state)
    importance = pd.DataFrame({"feature": HISTORY_FEATURES, "importance": imp.importances_mean,
                               "std": imp.importances_std}).sort_values("importance", ascending=False,
                                                                        ignore_index=True)
    test = te.assign(p_late=pred["p_late"].to_numpy(), expected_days_late=pred["expected_days_late"].to_numpy(),
                     baseline_p_late=bp, baseline_days_late=bd)
    return LatePaymentResult(metrics=metrics, importance=importance, test=test, split_date=split,
                             n_train=res.n_train, n_test=res.n_test, late_rate=late_rate, classifier=clf,
                             regressor=reg, median_days=median_days, late_after=int(late_after), days_from=mode)


def predict_open(result: LatePaymentResult, ledger, *, as_of=None) -> pd.DataFrame:
    """Open invoices as of a date with their P(paid late) and expected days late, most likely late first.

    Returns
    -------
    DataFrame
        ``customer_id, doc_no, doc_date, due_date, amount_cents, p_late,
        expected_days_late``.

    Examples
    --------
    >>> from creditkit.cases import sample_ledger
    >>> t = sample_ledger(seed=1, n_customers=12)
    >>> o = predict_open(fit_late_payment(t), t, as_of="2025-06-30")
    >>> bool(o["p_late"].is_monotonic_decreasing), bool((o["expected_days_late"] >= 0).all())
    (True, True)
    """
    h = invoice_history(ledger, as_of=as_of)
    h = h[h["open"]]
    pred = result.predict(h)
    out = h[["customer_id", "doc_no", "doc_date", "due_date", "amount_cents"]].join(pred)
    return out.sort_values(["p_late", "amount_cents"], ascending=False, ignore_index=True)
