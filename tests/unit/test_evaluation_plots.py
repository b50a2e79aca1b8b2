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


def test_show_five_c_with_and_without_chart():
    assert plots.show_five_c(80, 70, 60, 40, 60, lang="en", chart=False) == (64.5, "C")
    assert plots.show_five_c(80, 70, 60, 40, 60, lang="zh") == (64.5, "C")


def test_show_ahp_prints_cr_without_chart(capsys):
    res = plots.show_ahp([3, 1 / 3, 3], ["a", "b", "c"], lang="en", chart=False)
    assert not res.consistent
    assert "inconsistent" in capsys.readouterr().out


def test_show_ahp_wrong_count_is_an_error():
    with pytest.raises(ValueError, match="3 judgements"):
        plots.show_ahp([3, 5], ["a", "b", "c"])


def test_show_ratio_lights():
    t = plots.show_ratio_lights({"current_ratio": 3.0}, "services", chart=False)
    assert t.loc["current_ratio", "light"] == "green"


def test_saaty_choices_cover_the_scale():
    values = [v for _, v in plots.SAATY_CHOICES]
    assert len(values) == 17 and min(values) == pytest.approx(1 / 9) and max(values) == 9
