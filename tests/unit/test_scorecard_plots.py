"""The chart functions draw with both languages and return their Axes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from creditkit import scorecard as sc  # noqa: E402


@pytest.fixture
def scored():
    rng = np.random.default_rng(0)
    s = rng.normal(600, 40, 800)
    y = (rng.random(800) < 1 / (1 + np.exp((s - 560) / 20))).astype(int)
    return y, s


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plots_draw(scored, lang):
    y, s = scored
    vb = sc.bin_variable(s, y, n_bins=4)
    axes = [
        sc.plots.plot_binning(vb.table, lang=lang),
        sc.plots.plot_ks(y, s, higher_is_safer=True, lang=lang),
        sc.plots.plot_gains(sc.gains_table(y, s, higher_is_safer=True), lang=lang),
        sc.plots.plot_lift(sc.gains_table(y, s, higher_is_safer=True), lang=lang),
        sc.plots.plot_score_distribution(y, s, lang=lang),
        sc.plots.plot_psi(sc.psi_table(s, s + 10), lang=lang),
        sc.plots.plot_calibration(sc.calibration_table(y, 1 / (1 + np.exp((s - 560) / 20))), lang=lang),
    ]
    assert all(a.get_title() for a in axes)
    assert "KS = " in axes[1].get_title()
    plt.close("all")


def test_plots_reject_unknown_language(scored):
    y, s = scored
    with pytest.raises(ValueError):
        sc.plots.plot_ks(y, s, lang="fr")
