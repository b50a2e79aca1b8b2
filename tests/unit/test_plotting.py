"""Chart setup: a CJK font when one is installed, one warning when none is."""

from __future__ import annotations

import warnings

import matplotlib
import pandas as pd
import pytest

from creditkit import plotting
from creditkit.errors import FontWarning


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(plotting, "_warned", False)
    with matplotlib.rc_context():
        yield


def test_no_cjk_font_warns_once_and_falls_back(monkeypatch):
    monkeypatch.setattr(plotting, "find_cjk_font", lambda *a, **k: None)
    before = list(matplotlib.rcParams["font.sans-serif"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert plotting.setup("zh") is None
        assert plotting.setup("zh") is None
    fonts = [w for w in caught if issubclass(w.category, FontWarning)]
    assert len(fonts) == 1
    assert "fonts-noto-cjk" in str(fonts[0].message)
    assert matplotlib.rcParams["font.sans-serif"] == before


def test_english_needs_no_cjk_font(monkeypatch):
    monkeypatch.setattr(plotting, "find_cjk_font", lambda *a, **k: None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FontWarning)
        plotting.setup("en")


def test_found_font_goes_first(monkeypatch):
    monkeypatch.setattr(plotting, "find_cjk_font", lambda *a, **k: "Fake CJK Sans")
    assert plotting.setup("zh") == "Fake CJK Sans"
    assert matplotlib.rcParams["font.sans-serif"][0] == "Fake CJK Sans"
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_find_cjk_font_picks_first_installed_candidate(monkeypatch):
    class Entry:
        def __init__(self, name):
            self.name = name

    monkeypatch.setattr(plotting.fm.fontManager, "ttflist", [Entry("DejaVu Sans"), Entry("SimHei"), Entry("Noto Sans CJK SC")])
    assert plotting.find_cjk_font() == "Noto Sans CJK SC"
    assert plotting.find_cjk_font(("SimHei", "Noto Sans CJK SC")) == "SimHei"


def test_real_machine_font_renders_chinese_if_installed():
    name = plotting.find_cjk_font()
    if name is None:
        pytest.skip("no CJK font on this machine (covered by the fallback test)")
    from matplotlib.font_manager import FontProperties, findfont

    path = findfont(FontProperties(family=name), fallback_to_default=False)
    from matplotlib.ft2font import FT2Font

    font = FT2Font(path)
    assert font.get_char_index(ord("账")) != 0


def test_bad_rate_chart_labels_follow_lang():
    table = pd.DataFrame({"count": [5, 15], "bad_rate": [0.4, 0.2]}, index=pd.Index(["a", "b"], name="age"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = plotting.bad_rate_chart(table, lang="zh")
    bars, line = fig.axes
    assert bars.get_ylabel() == "数量" and line.get_ylabel() == "坏账率"
    assert bars.get_xlabel() == "年龄"
    assert [p.get_height() for p in bars.patches] == [5, 15]
    assert list(line.lines[0].get_ydata()) == [0.4, 0.2]


def test_bad_rate_chart_rejects_other_tables():
    with pytest.raises(ValueError, match="lacks column"):
        plotting.bad_rate_chart(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="lang must be one of"):
        plotting.setup("de")
