"""Charts of the risk signals and the late-payment predictor, labelled in zh or en."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import check_lang, label
from .late_payment import LatePaymentResult
from .signals import LEVEL_COLOURS, SignalResult

__all__ = ["plot_levels", "plot_signal_history", "plot_late_payment"]


def plot_levels(result: SignalResult, *, lang="zh", ax=None):
    """Traffic lights: customers and exposure at each level.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from creditkit.cases import sample_ledger
    >>> from creditkit.receivables.signals import risk_signals
    >>> ax = plot_levels(risk_signals(sample_ledger(seed=1, n_customers=6), as_of="2025-06-30"), lang="en")
    >>> ax.get_title()
    'Customers by level'
    """
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    counts = result.level_counts()
    exposure = result.table.groupby("level")["exposure_cents"].sum().reindex(counts.index, fill_value=0) / 100
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))
    names = [label(c, lang) for c in counts.index]
    bars = ax.bar(names, counts.to_numpy(), color=[LEVEL_COLOURS[c] for c in counts.index])
    for b, e in zip(bars, exposure):
        ax.annotate(label("exposure_on_bar", lang).format(v=f"{e:,.0f}"), (b.get_x() + b.get_width() / 2, b.get_height()),
                    ha="center", va="bottom", fontsize=8)
    ax.set_title(label("customers_by_level", lang))
    ax.set_ylabel(label("count", lang))
    ax.margins(y=0.15)
    return ax


def plot_signal_history(history: pd.DataFrame, customer_id, *, lang="zh", ax=None):
    """One customer's monthly score, each month coloured by its level.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from creditkit.cases import sample_ledger
    >>> from creditkit.plotting import setup
    >>> from creditkit.receivables.signals import signal_history
    >>> _ = setup("zh")  # a CJK font for the customer's name
    >>> h = signal_history(sample_ledger(seed=1, n_customers=4), start="2025-04-01", end="2025-06-30")
    >>> plot_signal_history(h, "KH0001", lang="en").get_ylabel()
    'Risk score'
    """
    import matplotlib.pyplot as plt

    lang = check_lang(lang)
    h = history[history["customer_id"] == customer_id].sort_values("month_end")
    if h.empty:
        raise ValueError(f"customer {customer_id!r} is not in the history")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3))
    ax.plot(h["month_end"], h["score"], color="#555555", lw=1)
    ax.scatter(h["month_end"], h["score"], c=[LEVEL_COLOURS[v] for v in h["level"]], s=60, zorder=3)
    ax.set_title(f"{label('level_history', lang)}：{h['customer_name'].iloc[-1]}" if lang == "zh"
                 else f"{label('level_history', lang)}: {h['customer_name'].iloc[-1]}")
    ax.set_ylabel(label("risk_score", lang))
    ax.set_xlabel(label("month_end", lang))
    ax.figure.tight_layout()
    return ax


def plot_late_payment(result: LatePaymentResult, *, lang="zh", top=10):
    """ROC curves of the model and the baseline, and the permutation importances.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from creditkit.cases import sample_ledger
    >>> from creditkit.receivables.late_payment import fit_late_payment
    >>> fig = plot_late_payment(fit_late_payment(sample_ledger(seed=1, n_customers=12)), lang="en")
    >>> [a.get_title() for a in fig.axes]
    ['ROC curve (test set)', 'Feature importance (drop in AUC when shuffled)']
    """
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve

    lang = check_lang(lang)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4))
    y = result.test["late"].to_numpy(int)
    for col, key, colour in (("p_late", "model", "#b23a48"), ("baseline_p_late", "baseline", "#355070")):
        fpr, tpr, _ = roc_curve(y, result.test[col])
        a1.plot(fpr, tpr, color=colour, label=f"{label(key, lang)} AUC {result.metrics.loc[key, 'auc']:.3f}")
    a1.plot([0, 1], [0, 1], color="#aaaaaa", ls="--", lw=1)
    a1.set_title(label("roc_curve", lang))
    a1.set_xlabel(label("false_positive_rate", lang))
    a1.set_ylabel(label("true_positive_rate", lang))
    a1.legend(loc="lower right", fontsize=8)
    imp = result.importance.head(top).iloc[::-1]
    a2.barh([label(f"lp_{f}", lang) for f in imp["feature"]], imp["importance"], xerr=imp["std"], color="#2a9d8f")
    a2.set_title(label("feature_importance", lang))
    fig.tight_layout()
    return fig
