"""Charts of a case: the overdue building up month by month.

Call :func:`creditkit.plotting.setup` first for the kit's style and a CJK font.

Examples
--------
>>> from creditkit.cases import load_case
>>> from creditkit.cases.story import case_facts
>>> f = case_facts(load_case("manufacturing", n_customers=6, months=12, start="2024-07-01"))
>>> ax = plot_overdue_trend(f.trend, lang="en")
>>> ax.get_ylabel()
'Amount (CNY)'
>>> plt.close("all")
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import label, label_or_name
from ..money import cents_to_yuan

__all__ = ["plot_overdue_trend"]


def plot_overdue_trend(trend, *, lang="zh", ax=None):
    """Stacked areas of month-end receivables by aging bucket (yuan), overdue share on a second axis.

    Parameters
    ----------
    trend : DataFrame
        :func:`creditkit.receivables.aging_trend` (month ends × bucket labels, ``total``, ``unapplied``).
    lang : {"zh", "en"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    buckets = [c for c in trend.columns if c not in ("total", "unapplied")]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4))
    cmap = plt.get_cmap("RdYlGn_r", len(buckets))
    values = [cents_to_yuan(trend[b].to_numpy()) for b in buckets]
    ax.stackplot(trend.index, values, labels=[label_or_name(b, lang) for b in buckets],
                 colors=[cmap(i) for i in range(len(buckets))])
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_ylabel(label("amount_yuan", lang))
    ax.set_title(label("overdue_trend", lang))
    total = trend["total"].to_numpy(dtype=float)
    share = np.divide(total - trend["not_due"].to_numpy(dtype=float), total, out=np.zeros_like(total),
                      where=total > 0)
    ax2 = ax.twinx()
    ax2.plot(trend.index, share * 100, color="black", linewidth=1.5, label=label("overdue_share", lang))
    ax2.set_ylabel(f"{label('overdue_share', lang)} (%)")
    ax2.set_ylim(0, 100)
    ax.legend(title=label("aging_bucket", lang), fontsize="small", loc="upper left", bbox_to_anchor=(1.1, 1.0))
    ax2.legend(fontsize="small", loc="lower left", bbox_to_anchor=(1.1, 0.0))
    return ax
