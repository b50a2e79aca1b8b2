"""Functions behind the notebooks' interactive widgets.

Each function here returns the result for one choice of inputs and draws it;
a notebook first calls it with its defaults (so a report shows real output),
then offers it through ``ipywidgets.interact`` for trainees to explore. Those
that take ``chart`` are offered with ``chart=False``: images displayed inside a
widget's output area make headless notebook execution hang now and then
(jupyter/nbclient#312), while text and tables do not. The charts themselves
live in the plot modules (:mod:`creditkit.plotting`,
:mod:`creditkit.evaluation.plots`); matplotlib is imported on first use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .explore import bad_rate_by
from .i18n import label, translate_columns

__all__ = ["show_bad_rate", "SAATY_CHOICES", "show_five_c", "show_ahp", "show_ratio_lights"]


def show_bad_rate(df, column: str, *, target: str = "bad", bins: int = 5, lang: str = "zh"):
    """Draw the bad-rate chart of one column and return its table with display labels.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"x": ["a", "b", "b"], "bad": [1, 0, 1]})
    >>> show_bad_rate(df, "x", lang="en")["Bad rate"].tolist()
    [1.0, 0.5]
    """
    import matplotlib.pyplot as plt

    from .plotting import bad_rate_chart

    table = bad_rate_by(df, column, target=target, bins=bins)
    fig = bad_rate_chart(table, lang=lang)
    plt.show()
    plt.close(fig)
    return translate_columns(table, lang)


#: Saaty's 1–9 scale and its reciprocals, as (label, value) pairs for a drop-down.
SAATY_CHOICES = [(f"1/{k}", 1.0 / k) for k in range(9, 1, -1)] + [(str(k), float(k)) for k in range(1, 10)]


def show_five_c(character=70.0, capacity=70.0, capital=70.0, collateral=50.0, conditions=60.0, *, lang="zh",
                chart=True):
    """5C sliders: return (score, grade) of five dimension scores; draw their radar when ``chart``.

    Examples
    --------
    >>> show_five_c(80, 70, 60, 40, 60, lang="en")
    (64.5, 'C')
    """
    import matplotlib.pyplot as plt

    from .evaluation.five_c import five_c_from_dimensions
    from .evaluation.plots import plot_five_c

    scores = dict(zip(("character", "capacity", "capital", "collateral", "conditions"),
                      (character, capacity, capital, collateral, conditions)))
    score, grade = five_c_from_dimensions(scores)
    if chart:
        ax = plot_five_c(pd.Series(scores), lang=lang)
        ax.set_title(f"{label('score', lang)} {score:.1f} · {label('grade', lang)} {grade}")
        plt.show()
    return score, grade


def show_ahp(matrix_upper, labels, *, lang="zh", chart=True):
    """Editable AHP matrix: weights, λmax and CR of the judgements above the diagonal.

    With ``chart`` the weights are drawn with λmax and CR in the title;
    otherwise one line with CR and the verdict is printed.

    Parameters
    ----------
    matrix_upper : list of float
        The ``n (n − 1) / 2`` judgements above the diagonal, row by row.
    labels : list of str

    Returns
    -------
    AHPResult

    Examples
    --------
    >>> round(show_ahp([3, 5, 2], ["a", "b", "c"], lang="en").cr, 4)
    0.0032
    """
    import matplotlib.pyplot as plt

    from .evaluation.ahp import ahp_weights, pairwise_matrix
    from .evaluation.plots import plot_ahp_weights

    n = len(labels)
    iu = list(zip(*np.triu_indices(n, 1)))
    if len(matrix_upper) != len(iu):
        raise ValueError(f"matrix_upper must hold {len(iu)} judgements for {n} criteria, got {len(matrix_upper)}")
    m = pairwise_matrix({(labels[i], labels[j]): v for (i, j), v in zip(iu, matrix_upper)}, labels)
    res = ahp_weights(m)
    if chart:
        plot_ahp_weights(res, lang=lang)
        plt.show()
    else:
        verdict = {("zh", True): "通过一致性检验", ("zh", False): "不一致，请检查",
                   ("en", True): "consistent", ("en", False): "inconsistent, please revise"}[(lang, res.consistent)]
        worst = f" · {res.worst_pair[0]} / {res.worst_pair[1]} → {res.worst_pair_suggestion:.2f}" if res.worst_pair else ""
        print(f"λmax = {res.lambda_max:.3f}  CR = {res.cr:.3f}  {verdict}{worst}")
    return res


def show_ratio_lights(ratios, industry, *, lang="zh", chart=True):
    """Ratio inputs → industry traffic lights: the comparison table (drawn when ``chart``).

    Examples
    --------
    >>> show_ratio_lights({"current_ratio": 1.0, "debt_to_assets": 0.5}, "manufacturing", lang="en")["light"].tolist()
    ['red', 'green']
    """
    import matplotlib.pyplot as plt

    from .evaluation.plots import plot_traffic_lights
    from .evaluation.ratios import industry_comparison

    table = industry_comparison(ratios, industry)
    if chart:
        plot_traffic_lights(table, lang=lang)
        plt.show()
    return table
