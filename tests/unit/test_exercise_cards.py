"""Trainer materials: role-play cards and the interview crib sheet, generated from the kit's data."""

from __future__ import annotations

import html as htmllib
import re
import shutil
import subprocess

import pytest

from creditkit.cli import main
from creditkit.exercises.cards import CARDS_PER_PAGE, crib_page, roleplay_deck, roleplay_sheet, write_trainer_materials
from creditkit.receivables.collection import DEBTOR_TYPES, load_debtor_types, load_strategy
from creditkit.receivables.interview import load_interview_guide


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_debtor_type_has_the_same_number_of_cards(lang):
    deck = roleplay_deck(3, seed=5, lang=lang)
    assert len(deck) == 12
    assert deck["debtor_type"].value_counts().to_dict() == {t: 3 for t in DEBTOR_TYPES}
    assert deck["card"].tolist() == list(range(1, 13))


def test_cards_hold_the_kit_texts_of_their_debtor_type():
    types = load_debtor_types()["types"]
    guide = load_interview_guide()
    strategy = load_strategy()
    deck = roleplay_deck(2, seed=0, lang="zh")
    excuses = {e["name"]["zh"]: e["response"]["zh"] for e in guide.excuses}
    tactics = {t["name"]["zh"]: t["response"]["zh"] for t in guide.tactics}
    for r in deck.itertuples(index=False):
        t = types[r.debtor_type]
        assert (r.type_name, r.type_description, r.type_signs, r.approach) == (
            t["name"]["zh"], t["description"]["zh"], t["signs"]["zh"], t["approach"]["zh"])
        # the scenario fits the debtor type; the collector's answers are the guide's answers to that excuse and tactic
        fits = {s["name"]["zh"] for s in guide.scenarios if s["debtor_type"] == r.debtor_type}
        assert r.scenario in fits
        assert r.excuse_response == excuses[r.excuse] and r.tactic_response == tactics[r.tactic]
        assert r.goal in {g["zh"] for g in guide.goals}
        assert r.lscp.startswith("L 倾听") and r.pmp.count("·") == 2
        first = strategy.ladders[r.debtor_type][0]["action"]
        assert r.first_steps.split(" → ")[0] == {"reminder_before_due": "到期前提醒", "call": "电话催收"}[first]


def test_deck_is_seeded_and_checks_its_arguments():
    assert roleplay_deck(2, seed=4).equals(roleplay_deck(2, seed=4))
    assert not roleplay_deck(2, seed=4).equals(roleplay_deck(2, seed=5))
    with pytest.raises(ValueError, match="per_type"):
        roleplay_deck(0)
    with pytest.raises(TypeError, match="seed"):
        roleplay_deck(1, seed="x")
    with pytest.raises(ValueError, match="lang"):
        roleplay_deck(1, lang="fr")
    with pytest.raises(ValueError, match="roleplay_deck"):
        roleplay_sheet(roleplay_deck(1).drop(columns="lscp"))


@pytest.mark.parametrize("lang, words", [
    ("zh", ("客户卡", "催收员卡", "你的托词", "好的回答会", "LSCP", "PMP")),
    ("en", ("Customer card", "Collector card", "Your excuse", "A good answer", "LSCP", "PMP")),
])
def test_sheet_prints_three_pairs_an_a4_page(lang, words):
    deck = roleplay_deck(2, seed=1, lang=lang)
    html = htmllib.unescape(roleplay_sheet(deck, lang=lang))
    assert "size: A4" in html and "break-after: page" in html
    pages = html.split('<section class="page">')[1:]
    assert [p.count('class="card debtor"') for p in pages] == [3, 3, 2]
    assert html.count('class="card collector"') == len(deck) == 8
    assert all(w in html for w in words)
    for name in deck["type_name"].unique():
        assert name in html
    assert CARDS_PER_PAGE == 3


@pytest.mark.parametrize("lang, stages", [("zh", ("面谈前", "面谈中", "面谈后")), ("en", ("Before", "During", "After"))])
def test_crib_sheet_names_the_three_stages_and_every_part_of_the_guide(lang, stages):
    html = htmllib.unescape(crib_page(lang=lang))
    g = load_interview_guide()
    heads = re.findall(r'<span class="n">(\d)</span><span>([^<]+)</span>', html)
    assert [n for n, _ in heads] == ["1", "2", "3"]
    assert [name.split("：")[0].split(":")[0] for _, name in heads] == list(stages)
    for s in g.stages:
        assert all(c[lang] in html for c in s["checklist"])
    for part in (g.six_words, g.pmp, g.lscp):
        assert all(w[lang] in html for w in part)
    for part in (g.tactics, g.excuses):
        assert all(w["name"][lang] in html and w["response"][lang] in html for w in part)
    assert all(t["name"][lang] in html for t in load_debtor_types()["types"].values())
    assert "size: A4" in html


def test_write_and_cli_put_both_files_in_the_folder(tmp_path, capsys):
    paths = write_trainer_materials(tmp_path / "a", lang="en", per_type=1, seed=2)
    assert paths["cards"].read_text(encoding="utf-8").count('class="card debtor"') == 4
    assert "Collection interview crib sheet" in paths["crib_sheet"].read_text(encoding="utf-8")
    assert main(["exercises", "cards", "--out", str(tmp_path / "b"), "--lang", "both"]) == 0
    names = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert names == ["crib_sheet.en.html", "crib_sheet.zh.html", "roleplay_cards.en.html", "roleplay_cards.zh.html"]
    assert capsys.readouterr().out.count(".html") == 4
    assert main(["exercises", "cards", "--out", str(tmp_path / "c"), "--per-type", "13"]) == 2
    assert "--per-type" in capsys.readouterr().err


_PROBE = """<script>window.onload = () => { const c = [...document.querySelectorAll('.card')];
document.body.setAttribute('data-over', c.filter(e => e.scrollHeight > e.clientHeight + 1).length); };</script></body>"""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs headless Chromium to lay the cards out")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_card_text_is_cut_off_when_laid_out(lang, tmp_path):
    """Cards have a fixed height (three pairs an A4 page): a text that does not fit would be clipped."""
    for seed in (0, 7):
        page = tmp_path / f"{lang}{seed}.html"
        page.write_text(roleplay_sheet(roleplay_deck(3, seed=seed, lang=lang), lang=lang).replace("</body>", _PROBE),
                        encoding="utf-8")
        dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--window-size=1240,1754",
                              "--virtual-time-budget=2000", "--dump-dom", page.as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
        assert re.search(r'data-over="(\d+)"', dom).group(1) == "0", (lang, seed)
