"""00_welcome runs as a report with non-default parameters and shows the right numbers."""

from __future__ import annotations

import pytest

import creditkit as ck

pytestmark = pytest.mark.notebook


def test_welcome_on_taiwan_sample_in_english(run_nb):
    rep = run_nb("00_welcome", html=True, dataset="taiwan", column="PAY_0", sample_size=2000, lang="en")
    df = ck.datasets.load_taiwan().sample(n=2000, random_state=0)
    assert rep.records["rows"] == 2000
    assert rep.records["bad_rate"] == pytest.approx(df["default"].mean())
    assert rep.records["toy_bad_rates"] == [0.25, 0.5]
    assert rep.records["column_rows"] == 2000

    html = rep.html_path.read_text(encoding="utf-8")
    assert rep.html_path.name.startswith("00_welcome-en-")
    assert "Welcome tour" in html and "What the kit holds" in html
    assert "欢迎使用" not in html and "learning goals" in html.lower()  # English narrative only
    assert "Welcome tour" in html.split("<main>", 1)[1][:2000]  # the header's title
    assert html.count("<div class=\"jp-RenderedImage") == 1  # the bad-rate chart (the widget is left out)
    assert "ck.datasets.load" not in html  # no code in the report
    assert "Bad rate" in html  # English labels


def test_welcome_defaults_on_german(run_nb):
    rep = run_nb("00_welcome", lang="zh")
    assert rep.records["rows"] == 1000
    assert rep.records["bad_rate"] == pytest.approx(0.3)
