"""One call to make charts look alike and show Chinese text.

:func:`setup` applies the kit's style and picks an installed CJK font. With no
CJK font on the machine it warns once (:class:`~creditkit.errors.FontWarning`)
and falls back to the default font: charts still draw, but Chinese characters
show as boxes. The README says how to install a font.
"""

from __future__ import annotations

import re
import warnings

import matplotlib
import matplotlib.font_manager as fm

from .errors import FontWarning
from .i18n import check_lang

__all__ = ["CJK_FONTS", "find_cjk_font", "setup", "PALETTE"]

#: Font families tried in order: Linux packages first, then macOS and Windows.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Microsoft YaHei",
    "SimHei",
    "SimSun",
    "Arial Unicode MS",
)

# File names of the same fonts, to register fonts installed after matplotlib
# built its font cache.
_FILE_PATTERN = re.compile(
    r"(NotoSansCJK|NotoSerifCJK|NotoSansSC|SourceHanSans|wqy-microhei|wqy-zenhei|DroidSansFallback"
    r"|uming|PingFang|Hiragino Sans GB|STHeiti|msyh|simhei|simsun|Arial Unicode)",
    re.IGNORECASE,
)

#: Colours used across the kit's charts (good → bad).
PALETTE = ["#2a9d8f", "#8ab17d", "#e9c46a", "#f4a261", "#e76f51", "#b23a48", "#6d597a", "#355070"]

_warned = False


def find_cjk_font(candidates=CJK_FONTS) -> str | None:
    """Name of the first installed CJK font family among ``candidates``, or None.

    Examples
    --------
    >>> name = find_cjk_font()
    >>> name is None or isinstance(name, str)
    True
    """
    installed = {f.name for f in fm.fontManager.ttflist}
    for name in candidates:
        if name in installed:
            return name
    # A font installed after matplotlib cached its list: register it and retry.
    added = False
    for path in fm.findSystemFonts():
        if _FILE_PATTERN.search(path):
            try:
                fm.fontManager.addfont(path)
                added = True
            except (OSError, RuntimeError, ValueError):
                continue
    if added:
        installed = {f.name for f in fm.fontManager.ttflist}
        for name in candidates:
            if name in installed:
                return name
    return None


def setup(lang: str = "zh", *, font: str | None = None, style: bool = True) -> str | None:
    """Apply the kit's chart style and choose a font that can show ``lang``.

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
        Language of the labels the charts will show.
    font : str, optional
        A font family to use instead of searching :data:`CJK_FONTS`.
    style : bool, default True
        Also set the kit's colours, grid and figure size.

    Returns
    -------
    str or None
        The CJK font family in use, or None when none was found.

    Warns
    -----
    FontWarning
        Once per session, when ``lang="zh"`` and no CJK font is installed.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     chosen = setup("en")
    >>> matplotlib.rcParams["axes.unicode_minus"]
    False
    """
    global _warned
    check_lang(lang)
    if style:
        matplotlib.rcParams.update(
            {
                "figure.figsize": (7.5, 4.2),
                "figure.dpi": 100,
                "axes.grid": True,
                "grid.alpha": 0.3,
                "axes.spines.top": False,
                "axes.spines.right": False,
                "axes.titleweight": "bold",
                "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
            }
        )
    matplotlib.rcParams["axes.unicode_minus"] = False
    chosen = font if font is not None else find_cjk_font()
    if chosen is not None:
        fallback = [f for f in matplotlib.rcParams["font.sans-serif"] if f != chosen]
        matplotlib.rcParams["font.family"] = "sans-serif"
        matplotlib.rcParams["font.sans-serif"] = [chosen, *fallback]
    elif lang == "zh" and not _warned:
        _warned = True
        warnings.warn(
            "no CJK font found: Chinese labels will show as boxes. Install one "
            "(Debian/Ubuntu: apt-get install fonts-noto-cjk) or use lang='en'.",
            FontWarning,
            stacklevel=2,
        )
    # matplotlib warns per missing glyph; one FontWarning above says it all.
    warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
    return chosen


def bad_rate_chart(table, *, lang: str = "zh", ax=None, title: str | None = None):
    """Bars of counts with the bad rate as a line, from :func:`creditkit.explore.bad_rate_by`.

    Parameters
    ----------
    table : DataFrame
        With columns ``count`` and ``bad_rate``, indexed by category or bin.
    lang : {"zh", "en"}, default "zh"
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"count": [10, 30], "bad_rate": [0.5, 0.1]}, index=["a", "b"])
    >>> fig = bad_rate_chart(t, lang="en")
    >>> [a.get_ylabel() for a in fig.axes]
    ['Count', 'Bad rate']
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from .i18n import label, label_or_name

    check_lang(lang)
    missing = {"count", "bad_rate"} - set(table.columns)
    if missing:
        raise ValueError(f"table lacks column(s) {sorted(missing)}; expected output of bad_rate_by")
    if ax is None:
        fig, ax = plt.subplots()
    else:
        fig = ax.figure
    names = [str(i) for i in table.index]
    positions = range(len(names))
    ax.bar(positions, table["count"], color=PALETTE[0], alpha=0.8)
    ax.set_ylabel(label("count", lang))
    ax.set_xticks(list(positions), names, rotation=30 if max(map(len, names), default=0) > 8 else 0, ha="right")
    ax.grid(False)
    rate = ax.twinx()
    rate.plot(list(positions), table["bad_rate"], color=PALETTE[5], marker="o", linewidth=2)
    rate.yaxis.set_major_formatter(PercentFormatter(1.0))
    rate.set_ylim(0, max(float(table["bad_rate"].max()) * 1.2, 0.05))
    rate.set_ylabel(label("bad_rate", lang))
    rate.spines["right"].set_visible(True)
    axis_name = table.index.name
    if axis_name:
        ax.set_xlabel(label_or_name(str(axis_name), lang))
    ax.set_title(title or f"{label('bad_rate', lang)} — {label_or_name(str(axis_name), lang) if axis_name else ''}".rstrip(" —"))
    fig.tight_layout()
    return fig
