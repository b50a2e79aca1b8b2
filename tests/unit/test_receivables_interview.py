"""The interview guide: loading and checking, browsing tables, crib sheet and role-play cards."""

from __future__ import annotations

from importlib import resources

import pytest
from markupsafe import escape

from creditkit.errors import ConfigError
from creditkit.receivables import interview as iv

TEXT = (resources.files("creditkit.receivables") / "data" / "interview_guide.yaml").read_text(encoding="utf-8")


def test_guide_has_every_part_the_seeds_name():
    g = iv.load_interview_guide()
    assert [s["id"] for s in g.stages] == ["before", "during", "after"]
    assert all(len(s["checklist"]) >= 4 for s in g.stages)
    assert len(g.six_words) == 6 and [w["letter"] for w in g.pmp] == ["P", "M", "P"]
    assert [w["letter"] for w in g.lscp] == ["L", "S", "C", "P"]
    assert len(g.tactics) == 6 and len(g.excuses) == 4 and len(g.scenarios) == 6
    for section in iv.SECTIONS:
        t = iv.guide_table(section, lang="en")
        assert len(t) and t["detail"].str.len().min() > 3


def test_crib_sheet_holds_the_whole_guide_on_one_page():
    g = iv.load_interview_guide()
    html = iv.crib_sheet(lang="zh")
    for item in g.tactics + g.excuses:
        assert str(escape(item["name"]["zh"])) in html and str(escape(item["response"]["zh"])) in html
    assert "size: A4" in html and "column-count: 2" in html
    assert "Collection interview crib sheet" in iv.crib_sheet(lang="en")


def test_roleplay_cards_are_seeded_and_consistent():
    g = iv.load_interview_guide()
    a = iv.roleplay_cards(8, seed=42)
    assert a.equals(iv.roleplay_cards(8, seed=42)) and not a.equals(iv.roleplay_cards(8, seed=43))
    assert a["debtor_type"].value_counts().tolist() == [2, 2, 2, 2]
    names = {s["name"]["zh"]: s["debtor_type"] for s in g.scenarios}
    from creditkit.i18n import label

    assert all(label(names[s], "zh") == t for s, t in zip(a["scenario"], a["debtor_type"]))
    one = iv.roleplay_cards(3, seed=1, debtor_types=["unwilling_able"])
    assert set(one["debtor_type"]) == {"有能力无意愿"}
    with pytest.raises(ValueError):
        iv.roleplay_cards(0)
    with pytest.raises(ValueError, match="debtor_types"):
        iv.roleplay_cards(2, debtor_types=["rich"])


@pytest.mark.parametrize("old, new, fragment", [
    ("    debtor_type: willing_unable\n", "    debtor_type: poor\n", "key 'debtor_type' must be one of"),
    ("  - id: avoid\n    name:", "  - id: avoid\n    nam:", "unknown key 'nam' in tactics item 1"),
    ("goals:\n", "goals: []\nunused:\n", "unknown key 'unused'"),
])
def test_guide_errors_name_file_line_and_key(tmp_path, old, new, fragment):
    assert old in TEXT
    path = tmp_path / "g.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        iv.load_interview_guide(path)
    assert str(info.value).startswith(f"{path}, line ") and fragment in str(info.value)
