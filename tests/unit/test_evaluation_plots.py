"""Charts of the evaluation tools draw in both languages (creditkit.evaluation.plots)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from creditkit import evaluation as ev  # noqa: E402
from creditkit.evaluation import plots  # noqa: E402
from creditkit.policy import credit_limit_methods  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_all_charts_draw(lang):
    plots.plot_ahp_weights(ev.ahp_weights([[1, 3], [1 / 3, 1]], labels=["capacity", "capital"]), lang=lang)
    plots.plot_five_c(pd.Series(dict(zip(ev.FIVE_C, [80, 60, 70, 30, 50]))), lang=lang)
    plots.plot_traffic_lights(ev.industry_comparison({"current_ratio": 2.0, "roa": -0.1}, "services"), lang=lang)
    plots.plot_altman_scores([0.5, 2.0, 3.5, 1.0], [1, 0, 0, 1], lang=lang)
    ax = plots.plot_rule_tree(ev.load_rule_tree(), lang=lang)
    texts = " ".join(t.get_text() for t in ax.texts)
    assert ("流动比率" in texts) == (lang == "zh")
    plots.plot_limit_methods(credit_limit_methods("B", net_worth=1e6, base_limit=1e5), lang=lang)
    plots.plot_tool_agreement(ev.rate_customer({"five_c": 80, "altman": 40}).table, lang=lang)


def test_bad_lang_is_an_error():
    with pytest.raises(ValueError, match="lang"):
        plots.plot_five_c(pd.Series(dict(zip(ev.FIVE_C, [1] * 5))), lang="de")
