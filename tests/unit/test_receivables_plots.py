"""Charts of an aging draw the aging's numbers in both languages (creditkit.receivables.plots)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from creditkit.cases import sample_ledger  # noqa: E402
from creditkit.receivables.aging import age_receivables  # noqa: E402
from creditkit.receivables.plots import plot_aging, plot_aging_heatmap  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def result():
    return age_receivables(sample_ledger(seed=2, n_customers=10), as_of="2025-06-30")


@pytest.mark.parametrize("lang, not_due, title", [("zh", "未到期", "客户应收账款账龄分布"),
                                                  ("en", "Not due", "Receivables aging by customer")])
def test_bars_stack_to_each_customer_total(result, lang, not_due, title):
    ax = plot_aging(result, lang=lang, top=4)
    top = result.table.sort_values("total", ascending=False).head(4)
    widths = np.zeros(4)
    for bars in ax.containers:
        widths += [b.get_width() for b in bars]
    assert widths == pytest.approx(top["total"].to_numpy() / 100)
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == not_due
    assert ax.get_title().startswith(title) and "2025-06-30" in ax.get_title()


def test_heatmap_rows_are_overdue_shares(result):
    ax = plot_aging_heatmap(result, lang="en", top=5)
    cells = np.asarray(ax.images[0].get_array())
    top = result.table[result.table["total"] > 0].sort_values("total", ascending=False).head(5)
    overdue = [x for x in result.labels if x != "not_due"]
    assert cells.shape == (len(top), len(overdue))
    assert cells.sum(axis=1).tolist() == pytest.approx((top[overdue].sum(axis=1) / top["total"]).tolist())
    assert [t.get_text() for t in ax.get_xticklabels()] == overdue
