"""Charts of the evaluation tools; each takes ``lang`` to pick its labels.

Only this module of :mod:`creditkit.evaluation` imports matplotlib. The
functions behind the notebooks' widgets, which call these charts, are in
:mod:`creditkit.widgets`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import check_lang, label, label_or_name

__all__ = [
    "plot_ahp_weights",
    "plot_five_c",
    "plot_traffic_lights",
    "plot_altman_scores",
    "plot_rule_tree",
    "plot_learned_tree",
    "plot_limit_methods",
    "plot_tool_agreement",
]

_LIGHT_COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "n/a": "#9e9e9e"}
_ZONE_COLOURS = {"distress": "#c62828", "grey": "#9e9e9e", "safe": "#2e7d32"}


def _thousands():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v:,.0f}")


def _ax(ax, figsize=(6, 3.5)):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_ahp_weights(result, *, lang="zh", ax=None):
    """Bar chart of AHP weights with λmax and CR in the title.

    Examples
    --------
    >>> from creditkit.evaluation.ahp import ahp_weights
    >>> ax = plot_ahp_weights(ahp_weights([[1, 3], [1/3, 1]]), lang="en")
    >>> ax.get_ylabel()
    'Weight'
    """
    check_lang(lang)
    ax = _ax(ax)
    w = result.weights
    ax.bar([label_or_name(k, lang) for k in w.index], w.to_numpy(), color="#1565c0")
    ax.set_ylabel(label("ahp_weight", lang))
    flag = "" if result.consistent else (" ✗" if lang == "en" else "（不一致）")
    ax.set_title(f"λmax = {result.lambda_max:.3f}, CR = {result.cr:.3f}{flag}")
    return ax


def plot_five_c(dimension_scores, *, lang="zh", ax=None):
    """Radar chart of the five C scores (0–100).

    Examples
    --------
    >>> import pandas as pd
    >>> ax = plot_five_c(pd.Series({"character": 80, "capacity": 60, "capital": 70,
    ...                             "collateral": 30, "conditions": 50}), lang="en")
    """
    import matplotlib.pyplot as plt

    check_lang(lang)
    s = pd.Series(dimension_scores, dtype=float)
    angles = np.linspace(0, 2 * np.pi, len(s), endpoint=False)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5), subplot_kw={"projection": "polar"})
    closed = np.r_[s.to_numpy(), s.iloc[0]]
    ax.plot(np.r_[angles, angles[0]], closed, color="#1565c0")
    ax.fill(np.r_[angles, angles[0]], closed, color="#1565c0", alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels([label_or_name(k, lang) for k in s.index])
    ax.set_ylim(0, 100)
    return ax


def plot_traffic_lights(comparison, *, lang="zh", ax=None):
    """Horizontal bars of each ratio's goodness percentile, coloured by light.

    Examples
    --------
    >>> from creditkit.evaluation.ratios import industry_comparison
    >>> ax = plot_traffic_lights(industry_comparison({"current_ratio": 2.0}, "manufacturing"), lang="en")
    """
    check_lang(lang)
    ax = _ax(ax, (6, 0.4 * max(len(comparison), 3) + 1))
    names = [label_or_name(k, lang) for k in comparison.index]
    ax.barh(names, comparison["goodness"], color=[_LIGHT_COLOURS.get(x, "#9e9e9e") for x in comparison["light"]])
    for x in (25, 50):
        ax.axvline(x, color="black", lw=0.6, ls="--")
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel(label("percentile", lang) + (" (higher = better)" if lang == "en" else "（越高越好）"))
    return ax


def plot_altman_scores(scores, bankrupt, *, variant="z", lang="zh", ax=None, clip=(-5, 10)):
    """Histograms of Z-scores of survivors and bankrupt firms with the zone cut-offs.

    Examples
    --------
    >>> ax = plot_altman_scores([0.5, 2.0, 3.5, 1.0], [1, 0, 0, 1], lang="en")
    """
    from .altman import ALTMAN_VARIANTS

    check_lang(lang)
    ax = _ax(ax)
    s = np.clip(np.asarray(scores, dtype=float), *clip)
    y = np.asarray(bankrupt)
    ok = ~np.isnan(s)
    bins = np.linspace(clip[0], clip[1], 46)
    ax.hist(s[ok & (y == 0)], bins=bins, alpha=0.6, density=True, label=label("survived", lang))
    ax.hist(s[ok & (y == 1)], bins=bins, alpha=0.6, density=True, label=label("bankrupt", lang))
    low, high = ALTMAN_VARIANTS[variant]["cutoffs"]
    ax.axvline(low, color=_ZONE_COLOURS["distress"], ls="--")
    ax.axvline(high, color=_ZONE_COLOURS["safe"], ls="--")
    ax.set_xlabel(f"{label('altman_z', lang)} ({variant})")
    ax.legend()
    return ax


def plot_rule_tree(tree, *, lang="zh", ax=None):
    """Draw an expert rule tree: questions as boxes, decisions as coloured leaves.

    Examples
    --------
    >>> from creditkit.evaluation.trees import load_rule_tree
    >>> ax = plot_rule_tree(load_rule_tree(), lang="en")
    """
    check_lang(lang)
    counter = [0]

    def layout(nid, depth):
        """Nested (node id, x, y, children) of the tree drawn as a pure tree."""
        spec = tree.nodes[nid]
        if "decision" in spec:
            x = counter[0]
            counter[0] += 1
            return (nid, x, -depth, [])
        kids = [layout(spec["if_yes"], depth + 1), layout(spec["if_no"], depth + 1)]
        return (nid, (kids[0][1] + kids[1][1]) / 2, -depth, kids)

    root = layout(tree.root, 0)
    n_leaves = counter[0]

    def max_depth(node):
        return max([max_depth(k) for k in node[3]] or [-node[2]])

    depth = max_depth(root) + 1
    ax = _ax(ax, (max(8, 2.2 * n_leaves), 1.6 * depth + 1))

    def draw(node, parent_xy=None, edge=None):
        nid, x, y, kids = node
        spec = tree.nodes[nid]
        leaf = "decision" in spec
        text = spec.get("text", {}).get(lang, nid)
        colour = "#e8f5e9" if leaf and spec["decision"].startswith("approve") else ("#ffebee" if leaf else "#e3f2fd")
        ax.text(x, y, _wrap(text, 10 if lang == "zh" else 20), ha="center", va="center", fontsize=8,
                bbox={"boxstyle": "round", "fc": colour, "ec": "#555555"})
        if parent_xy is not None:
            ax.annotate("", xy=(x, y + 0.18), xytext=(parent_xy[0], parent_xy[1] - 0.18),
                        arrowprops={"arrowstyle": "->", "color": "#555555"})
            ax.text((x + parent_xy[0]) / 2, (y + parent_xy[1]) / 2, label_or_name(edge, lang), fontsize=8, color="#333333")
        for kid, word in zip(kids, ("yes", "no")):
            draw(kid, (x, y), word)

    draw(root)
    ax.set_xlim(-0.7, n_leaves - 0.3)
    ax.set_ylim(-depth + 0.5, 0.6)
    ax.axis("off")
    return ax


def _wrap(text, width):
    return "\n".join(text[i : i + width] for i in range(0, len(text), width)) if " " not in text else _wrap_words(text, width)


def _wrap_words(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def plot_learned_tree(model, *, lang="zh", ax=None):
    """Plot a fitted scikit-learn tree with class names in ``lang``.

    Examples
    --------
    >>> import pandas as pd
    >>> from creditkit.evaluation.trees import fit_credit_tree
    >>> m = fit_credit_tree(pd.DataFrame({"x": [1, 2, 3, 4] * 5}), [0, 0, 1, 1] * 5, min_samples_leaf=2)
    >>> ax = plot_learned_tree(m, lang="en")
    """
    from sklearn.tree import plot_tree

    check_lang(lang)
    ax = _ax(ax, (14, 6))
    plot_tree(model, feature_names=list(getattr(model, "feature_names_in_", [])) or None,
              class_names=[label("good", lang), label("bad", lang)], filled=True, impurity=False,
              proportion=True, fontsize=7, ax=ax)
    return ax


def plot_limit_methods(table, *, lang="zh", ax=None):
    """Bar chart comparing the credit limit of each method.

    Parameters
    ----------
    table : pandas.DataFrame
        Limit by method (index = method, column ``limit``), as from
        :func:`creditkit.policy.credit_limit_methods`; a red line marks
        ``table.attrs["recommended"]`` when set.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"limit": [150_000.0, 300_000.0]}, index=["net_worth", "rating_multiplier"])
    >>> t.attrs["recommended"] = 150_000.0
    >>> ax = plot_limit_methods(t, lang="en")
    >>> ax.get_ylabel()
    'Credit limit'
    """
    check_lang(lang)
    ax = _ax(ax)
    ax.bar([label_or_name(m, lang) for m in table.index], table["limit"], color="#1565c0")
    rec = table.attrs.get("recommended")
    if rec is not None:
        ax.axhline(rec, color="#c62828", ls="--")
    ax.set_ylabel(label("credit_limit", lang))
    ax.yaxis.set_major_formatter(_thousands())
    return ax


def plot_tool_agreement(table, *, lang="zh", ax=None):
    """Scores of each evaluation tool (0–100) with grade bands.

    Parameters
    ----------
    table : pandas.DataFrame
        ``RatingResult.table`` (index = tool, column ``score``).

    Examples
    --------
    >>> from creditkit.evaluation.rating import rate_customer
    >>> ax = plot_tool_agreement(rate_customer({"a": 80, "b": 40}).table, lang="en")
    """
    check_lang(lang)
    ax = _ax(ax)
    ax.barh([label_or_name(t, lang) for t in table.index], table["score"], color="#1565c0")
    for x in (40, 55, 70, 85):
        ax.axvline(x, color="#999999", lw=0.6, ls=":")
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.set_xlabel(label("score", lang))
    return ax
