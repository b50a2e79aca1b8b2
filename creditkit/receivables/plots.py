"""Charts of an aging; every function takes ``lang`` for its labels.

Only this module of :mod:`creditkit.receivables` imports matplotlib. Call
:func:`creditkit.plotting.setup` first for the kit's style and a CJK font.

Examples
--------
>>> from creditkit.cases import sample_ledger
>>> from creditkit.receivables.aging import age_receivables
>>> result = age_receivables(sample_ledger(seed=1, n_customers=5), as_of="2025-06-30")
>>> ax = plot_aging(result, lang="en", top=3)
>>> len(ax.get_yticklabels()) <= 3
True
>>> plt.close("all")
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import label, label_or_name
from ..money import cents_to_yuan
from .aging import AgingResult

__all__ = ["plot_aging", "plot_aging_heatmap"]


def _display_labels(labels, lang):
    """Bucket labels as shown in ``lang`` (``not_due`` → 未到期 in Chinese)."""
    return [label_or_name(x, lang) for x in labels]


def plot_aging(result: AgingResult, *, lang="zh", top=15, ax=None):
    """Stacked bars of the aging of the ``top`` largest customers (yuan).

    Parameters
    ----------
    result : AgingResult
        From :func:`~creditkit.receivables.aging.age_receivables`.
    lang : {"zh", "en"}, default "zh"
    top : int, default 15
        Customers shown, largest total first.
    ax : matplotlib Axes, optional
        Drawn on a new figure when not given.

    Returns
    -------
    matplotlib Axes
    """
    t = result.table.sort_values("total", ascending=False).head(top)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, max(3, 0.35 * len(t) + 1)))
    left = np.zeros(len(t))
    cmap = plt.get_cmap("RdYlGn_r", len(result.labels))
    names = t["customer_name"].astype(str).tolist()
    for i, (lab, disp) in enumerate(zip(result.labels, _display_labels(result.labels, lang))):
        vals = cents_to_yuan(t[lab].to_numpy())
        ax.barh(names, vals, left=left, label=disp, color=cmap(i))
        left += vals
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel(label("amount_yuan", lang))
    ax.set_title(f"{label('aging_by_customer', lang)} ({label('as_of', lang)} {result.as_of:%Y-%m-%d})")
    ax.legend(title=label("aging_bucket", lang), fontsize="small", loc="lower right")
    return ax


def plot_aging_heatmap(result: AgingResult, *, lang="zh", top=20, ax=None):
    """Heat map of each customer's overdue bucket shares (rows: the ``top`` largest customers).

    Cells are the share of the customer's open amount in each bucket; the
    not-due bucket is left out, so dark cells mean old debt. Parameters and
    return value as :func:`plot_aging`; only customers with open items are shown.
    """
    t = result.table[result.table["total"] > 0].sort_values("total", ascending=False).head(top)
    labels = [x for x in result.labels if x != "not_due"]
    shares = t[labels].to_numpy() / t["total"].to_numpy()[:, None]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, max(3, 0.3 * len(t) + 1)))
    im = ax.imshow(shares, aspect="auto", cmap="Reds", vmin=0, vmax=1)
    ax.grid(False)
    ax.set_xticks(range(len(labels)), _display_labels(labels, lang), rotation=30)
    ax.set_yticks(range(len(t)), t["customer_name"].astype(str).tolist())
    ax.set_title(label("aging_heatmap", lang))
    ax.figure.colorbar(im, ax=ax, fraction=0.03)
    return ax
