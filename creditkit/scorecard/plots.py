"""Charts of the scorecard steps; every function takes ``lang`` for its labels.

Only this module of :mod:`creditkit.scorecard` imports matplotlib. Call
:func:`creditkit.plotting.setup` first for the kit's style and a CJK font.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..i18n import check_lang, label

from .metrics import _cumulative, _inputs

__all__ = ["plot_binning", "plot_ks", "plot_gains", "plot_lift", "plot_score_distribution", "plot_psi", "plot_calibration"]

def _ax(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_binning(table, *, lang="zh", ax=None, title=None):
    """Bars of each bin's share of rows with its bad rate as a line; the IV in the title.

    Parameters
    ----------
    table : DataFrame
        A binning table (``VariableBinning.table``).
    lang : {"zh", "en"}, default "zh"
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    Axes
    """
    check_lang(lang)
    ax = _ax(ax)
    t = table[table["count"] > 0]
    x = np.arange(len(t))
    ax.bar(x, t["count_share"], color="#8ab17d", label=label("count_share", lang))
    ax.set_xticks(x, [str(b) for b in t["bin"]], rotation=30, ha="right")
    ax.set_ylabel(label("count_share", lang))
    ax2 = ax.twinx()
    ax2.plot(x, t["bad_rate"], color="#b23a48", marker="o", label=label("bad_rate", lang))
    ax2.set_ylabel(label("bad_rate", lang))
    ax2.set_ylim(0, max(0.05, float(t["bad_rate"].max()) * 1.2))
    ax2.grid(False)
    iv = float(table["iv"].sum())
    ax.set_title(f"{title or label('binning_chart', lang)}  (IV = {iv:.3f})")
    return ax


def plot_ks(y, score, *, higher_is_safer=False, lang="zh", ax=None):
    """Cumulative shares of bads and goods over the score, with the KS gap marked."""
    check_lang(lang)
    yy, risk = _inputs(y, score, higher_is_safer)
    cb, cg, pop = _cumulative(yy, risk)
    ax = _ax(ax)
    ax.plot(pop, cb, label=label("cum_bad_share", lang), color="#b23a48")
    ax.plot(pop, cg, label=label("cum_good_share", lang), color="#2a9d8f")
    i = int(np.argmax(np.abs(cb - cg)))
    ax.vlines(pop[i], cg[i], cb[i], colors="k", linestyles="--")
    ax.set_title(f"{label('ks_curve', lang)}  (KS = {abs(cb[i] - cg[i]):.3f})")
    ax.set_xlabel(label("population_share", lang))
    ax.legend()
    return ax


def plot_gains(gains, *, lang="zh", ax=None):
    """Cumulative share of bads captured against share of population (a gains table)."""
    check_lang(lang)
    ax = _ax(ax)
    x = np.r_[0, gains["cum_count_share"]]
    ax.plot(x, np.r_[0, gains["cum_bad_share"]], marker="o", label=label("cum_bad_share", lang))
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label=label("random_model", lang))
    ax.set_xlabel(label("population_share", lang))
    ax.set_title(label("gains_chart", lang))
    ax.legend()
    return ax


def plot_lift(gains, *, lang="zh", ax=None):
    """Lift of each group (bars) and cumulative lift (line) from a gains table, riskiest group first."""
    check_lang(lang)
    ax = _ax(ax)
    x = gains["group"].to_numpy()
    ax.bar(x, gains["lift"], color="#e9c46a", label=label("lift", lang))
    ax.plot(x, gains["cum_lift"], marker="o", color="#b23a48", label=label("cum_lift", lang))
    ax.axhline(1.0, ls="--", color="grey")
    ax.set_xlabel(label("group", lang))
    ax.set_title(label("lift_chart", lang))
    ax.legend()
    return ax


def plot_score_distribution(y, score, *, bins=30, lang="zh", ax=None):
    """Histograms of the score of goods and of bads."""
    check_lang(lang)
    yy = np.asarray(y)
    s = np.asarray(score, dtype="float64")
    ax = _ax(ax)
    edges = np.histogram_bin_edges(s, bins=bins)
    ax.hist(s[yy == 0], bins=edges, alpha=0.6, density=True, label=label("good", lang), color="#2a9d8f")
    ax.hist(s[yy == 1], bins=edges, alpha=0.6, density=True, label=label("bad", lang), color="#b23a48")
    ax.set_xlabel(label("score", lang))
    ax.set_title(label("score_distribution", lang))
    ax.legend()
    return ax


def plot_psi(table, *, lang="zh", ax=None):
    """Development and recent shares of each bin of a PSI table, PSI in the title."""
    check_lang(lang)
    ax = _ax(ax)
    x = np.arange(len(table))
    ax.bar(x - 0.2, table["expected_share"], width=0.4, label=label("expected_share", lang))
    ax.bar(x + 0.2, table["actual_share"], width=0.4, label=label("actual_share", lang))
    ax.set_xticks(x, [str(b) for b in table["bin"]], rotation=30, ha="right")
    ax.set_title(f"{label('psi', lang)} = {float(table['psi'].sum()):.3f}")
    ax.legend()
    return ax


def plot_calibration(table, *, lang="zh", ax=None):
    """Observed against mean predicted bad rate per group (a calibration table)."""
    check_lang(lang)
    ax = _ax(ax)
    top = float(max(table["mean_predicted"].max(), table["bad_rate"].max())) * 1.05
    ax.plot([0, top], [0, top], ls="--", color="grey")
    ax.plot(table["mean_predicted"], table["bad_rate"], marker="o")
    ax.set_xlabel(label("mean_predicted", lang))
    ax.set_ylabel(label("bad_rate", lang))
    ax.set_title(label("calibration", lang))
    return ax
