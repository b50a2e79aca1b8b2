"""Functions behind the notebooks' interactive widgets.

Each function here draws or returns a result for one choice of inputs; a
notebook first calls it with its defaults (so a report shows real output), then
offers it through ``ipywidgets.interact`` for trainees to explore.
"""

from __future__ import annotations

from .explore import bad_rate_by
from .i18n import translate_columns

__all__ = ["show_bad_rate"]


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
