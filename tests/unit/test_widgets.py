"""Functions behind the notebooks' widgets (creditkit.widgets)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from creditkit import widgets  # noqa: E402
from creditkit.evaluation import plots  # noqa: E402
from creditkit.scorecard import plots as scorecard_plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_public_names_are_exported():
    for name in widgets.__all__:
        assert hasattr(widgets, name), name


@pytest.mark.parametrize("module", [plots, scorecard_plots], ids=["evaluation", "scorecard"])
def test_plot_modules_hold_only_charts(module):
    assert all(name.startswith("plot_") for name in module.__all__), module.__all__


def test_show_bad_rate_table_in_both_languages():
    df = pd.DataFrame({"x": ["a", "b", "b", "a"], "bad": [1, 0, 1, 0]})
    assert widgets.show_bad_rate(df, "x", lang="en")["Bad rate"].tolist() == [0.5, 0.5]
    assert "坏账率" in widgets.show_bad_rate(df, "x", lang="zh").columns


def test_show_five_c_with_and_without_chart():
    assert widgets.show_five_c(80, 70, 60, 40, 60, lang="en", chart=False) == (64.5, "C")
    assert widgets.show_five_c(80, 70, 60, 40, 60, lang="zh") == (64.5, "C")


def test_show_ahp_prints_cr_without_chart(capsys):
    res = widgets.show_ahp([3, 1 / 3, 3], ["a", "b", "c"], lang="en", chart=False)
    assert not res.consistent
    assert "inconsistent" in capsys.readouterr().out


def test_show_ahp_wrong_count_is_an_error():
    with pytest.raises(ValueError, match="3 judgements"):
        widgets.show_ahp([3, 5], ["a", "b", "c"])


def test_show_ratio_lights():
    t = widgets.show_ratio_lights({"current_ratio": 3.0}, "services", chart=False)
    assert t.loc["current_ratio", "light"] == "green"


def test_saaty_choices_cover_the_scale():
    values = [v for _, v in widgets.SAATY_CHOICES]
    assert len(values) == 17 and min(values) == pytest.approx(1 / 9) and max(values) == 9
