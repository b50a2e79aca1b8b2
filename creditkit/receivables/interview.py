"""The collection interview guide as data: stages, 六字诀, PMP, LSCP, tactics, excuses, scenarios.

:func:`load_interview_guide` reads ``data/interview_guide.yaml`` (or a company's
own playbook of the same layout) and checks it, naming file, line and key on
any error. :func:`guide_table` shows one section as a table for browsing,
:func:`crib_sheet` renders the whole guide as a one-page HTML crib sheet to
print, and :func:`roleplay_cards` deals seeded role-play cards for a workshop:
a debtor type with a scenario that fits it, an excuse and an evasion tactic
for the "debtor", a goal and the responses for the "collector".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .._checks import check_keys, load_yaml, yaml_value, yaml_where
from ..errors import ConfigError
from ..i18n import check_lang
from .collection import DEBTOR_TYPES

__all__ = ["InterviewGuide", "SECTIONS", "load_interview_guide", "guide_table", "crib_sheet", "roleplay_cards",
           "roleplay_cards_html"]

#: Sections of the guide, in the order of an interview.
SECTIONS = ("stages", "six_words", "pmp", "lscp", "tactics", "excuses", "scenarios", "goals")


@dataclass(frozen=True)
class InterviewGuide:
    """The interview guide: every section as a list of plain dicts (texts as ``{"zh", "en"}``)."""

    stages: list
    six_words: list
    pmp: list
    lscp: list
    tactics: list
    excuses: list
    scenarios: list
    goals: list


def _text(container, key, what):
    m = yaml_value(container, key, "mapping", what=what)
    check_keys(m, ("zh", "en"), required=("zh", "en"), what=f"{what} {key}")
    return {lang: str(yaml_value(m, lang, "text", what=f"{what} {key}")) for lang in ("zh", "en")}


def _bilingual(item, what):
    check_keys(item, ("zh", "en"), required=("zh", "en"), what=what)
    return {lang: str(yaml_value(item, lang, "text", what=what)) for lang in ("zh", "en")}


def _read(path):
    source = resources.files("creditkit.receivables") / "data" / "interview_guide.yaml" if path is None else path
    data = load_yaml(source, what="interview guide")
    check_keys(data, SECTIONS, required=SECTIONS, what="interview guide")
    lists = {s: yaml_value(data, s, "list", what="interview guide") for s in SECTIONS}
    for s, items in lists.items():
        if not items:
            raise ConfigError(f"{yaml_where(data, s)}: section {s!r} of the interview guide is empty")
    stages = []
    for i, st in enumerate(lists["stages"]):
        what = f"stage {i + 1}"
        check_keys(st, ("id", "name", "checklist"), required=("id", "name", "checklist"), what=what)
        items = yaml_value(st, "checklist", "list", what=what)
        stages.append({"id": yaml_value(st, "id", "text", what=what), "name": _text(st, "name", what),
                       "checklist": [_bilingual(x, f"item {j + 1} of {what} checklist") for j, x in enumerate(items)]})
    six = []
    for i, w in enumerate(lists["six_words"]):
        what = f"six_words item {i + 1}"
        check_keys(w, ("word", "zh", "en"), required=("word", "zh", "en"), what=what)
        six.append({"word": yaml_value(w, "word", "text", what=what), **_bilingual({k: w[k] for k in ("zh", "en")}, what)})
    letters = {}
    for s in ("pmp", "lscp"):
        out = []
        for i, w in enumerate(lists[s]):
            what = f"{s} item {i + 1}"
            check_keys(w, ("letter", "name", "zh", "en"), required=("letter", "name", "zh", "en"), what=what)
            out.append({"letter": yaml_value(w, "letter", "text", what=what), "name": _text(w, "name", what),
                        "zh": str(yaml_value(w, "zh", "text", what=what)), "en": str(yaml_value(w, "en", "text", what=what))})
        letters[s] = out
    named = {}
    for s in ("tactics", "excuses"):
        out = []
        for i, w in enumerate(lists[s]):
            what = f"{s} item {i + 1}"
            check_keys(w, ("id", "name", "response"), required=("id", "name", "response"), what=what)
            out.append({"id": yaml_value(w, "id", "text", what=what), "name": _text(w, "name", what),
                        "response": _text(w, "response", what)})
        named[s] = out
    scenarios = []
    for i, w in enumerate(lists["scenarios"]):
        what = f"scenario {i + 1}"
        check_keys(w, ("id", "name", "debtor_type", "approach"), required=("id", "name", "debtor_type", "approach"),
                   what=what)
        t = yaml_value(w, "debtor_type", "text", what=what)
        if t not in DEBTOR_TYPES:
            raise ConfigError(f"{yaml_where(w, 'debtor_type')}: {what} key 'debtor_type' must be one of "
                              + ", ".join(repr(x) for x in DEBTOR_TYPES) + f", got {t!r}")
        scenarios.append({"id": yaml_value(w, "id", "text", what=what), "name": _text(w, "name", what),
                          "debtor_type": t, "approach": _text(w, "approach", what)})
    goals = [_bilingual(g, f"goal {i + 1}") for i, g in enumerate(lists["goals"])]
    return InterviewGuide(stages, six, letters["pmp"], letters["lscp"], named["tactics"], named["excuses"],
                          scenarios, goals)


@lru_cache(maxsize=2)
def _shipped():
    return _read(None)


def load_interview_guide(path=None) -> InterviewGuide:
    """Read and check the interview guide (default: the kit's ``interview_guide.yaml``).

    Raises
    ------
    ConfigError
        A missing section or key, an unknown key, an empty section or a value of the
        wrong kind, naming file and line.

    Examples
    --------
    >>> g = load_interview_guide()
    >>> [s["id"] for s in g.stages], "".join(w["word"] for w in g.six_words), len(g.tactics), len(g.excuses)
    (['before', 'during', 'after'], '早勤准稳韧清', 6, 4)
    """
    return _shipped() if path is None else _read(path)


def guide_table(section, *, lang="zh", guide=None) -> pd.DataFrame:
    """One section of the guide as a table for browsing in a notebook.

    Parameters
    ----------
    section : str
        One of :data:`SECTIONS`.
    lang : {"zh", "en"}, default "zh"
    guide : InterviewGuide, optional

    Examples
    --------
    >>> guide_table("lscp", lang="en")["item"].tolist()
    ['L Listen', 'S Share', 'C Clarify', 'P Propose']
    """
    check_lang(lang)
    if section not in SECTIONS:
        raise ValueError(f"section must be one of {SECTIONS!r}, got {section!r}")
    g = guide or load_interview_guide()
    items = getattr(g, section)
    if section == "stages":
        rows = [(s["name"][lang], c[lang]) for s in items for c in s["checklist"]]
    elif section == "six_words":
        rows = [(w["word"], w[lang]) for w in items]
    elif section in ("pmp", "lscp"):
        rows = [(f"{w['letter']} {w['name']['en']}" if lang == "en" else f"{w['letter']} {w['name']['zh']}", w[lang])
                for w in items]
    elif section in ("tactics", "excuses"):
        rows = [(w["name"][lang], w["response"][lang]) for w in items]
    elif section == "scenarios":
        from ..i18n import label

        rows = [(w["name"][lang], f"{label(w['debtor_type'], lang)}：{w['approach'][lang]}" if lang == "zh"
                 else f"{label(w['debtor_type'], lang)}: {w['approach'][lang]}") for w in items]
    else:
        rows = [(str(i + 1), w[lang]) for i, w in enumerate(items)]
    return pd.DataFrame(rows, columns=["item", "detail"])


def crib_sheet(*, lang="zh", guide=None, title=None, template=None, template_dir=None) -> str:
    """The whole guide as a one-page HTML crib sheet (A4, two columns when printed).

    Examples
    --------
    >>> html = crib_sheet(lang="zh")
    >>> all(w in html for w in ("面谈前", "六字诀", "PMP", "LSCP", "躲债", "托词", "情景"))
    True
    """
    check_lang(lang)
    from .letters import render_template

    g = guide or load_interview_guide()
    title = title or {"zh": "催收面谈速查卡", "en": "Collection interview crib sheet"}[lang]
    return render_template("crib_sheet.html.j2", {"g": g, "lang": lang, "title": title}, template=template,
                           template_dir=template_dir)


def roleplay_cards(n=6, *, seed=0, lang="zh", guide=None, debtor_types=None) -> pd.DataFrame:
    """Deal seeded role-play cards: a debtor type, a scenario that fits it, an excuse, a tactic and a goal.

    Parameters
    ----------
    n : int, default 6
        Number of cards (pairs of trainees).
    seed : int, default 0
        The same seed deals the same cards.
    lang : {"zh", "en"}, default "zh"
    guide : InterviewGuide, optional
    debtor_types : list of str, optional
        Deal only these debtor types (default: all four, in turn).

    Returns
    -------
    DataFrame
        ``card, debtor_type, scenario, excuse, tactic, goal`` (what each side
        plays) and ``excuse_response, tactic_response, approach`` (the
        collector's crib).

    Examples
    --------
    >>> cards = roleplay_cards(4, seed=1, lang="en")
    >>> len(cards), cards["debtor_type"].nunique()
    (4, 4)
    >>> roleplay_cards(4, seed=1, lang="en").equals(cards)
    True
    """
    check_lang(lang)
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or not 1 <= n <= 200:
        raise ValueError(f"n must be a whole number of cards between 1 and 200, got {n!r}")
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    g = guide or load_interview_guide()
    types = list(DEBTOR_TYPES if debtor_types is None else debtor_types)
    for t in types:
        if t not in DEBTOR_TYPES:
            raise ValueError(f"debtor_types: {t!r} is not one of {DEBTOR_TYPES!r}")
    rng = np.random.default_rng(int(seed))
    order = [types[i % len(types)] for i in rng.permutation(max(n, len(types)))][:n] if len(types) > 1 else types * n
    from ..i18n import label

    # excuses, tactics and goals are dealt from shuffled decks, so cards repeat only once a deck runs out
    deck_e, deck_t, deck_g = (rng.permutation(len(x)) for x in (g.excuses, g.tactics, g.goals))
    rows = []
    for i, t in enumerate(order):
        fits = [s for s in g.scenarios if s["debtor_type"] == t] or g.scenarios
        sc = fits[int(rng.integers(len(fits)))]
        ex = g.excuses[int(deck_e[i % len(deck_e)])]
        ta = g.tactics[int(deck_t[i % len(deck_t)])]
        goal = g.goals[int(deck_g[i % len(deck_g)])]
        rows.append({"card": i + 1, "debtor_type": label(t, lang), "scenario": sc["name"][lang],
                     "excuse": ex["name"][lang], "tactic": ta["name"][lang], "goal": goal[lang],
                     "excuse_response": ex["response"][lang], "tactic_response": ta["response"][lang],
                     "approach": sc["approach"][lang]})
    return pd.DataFrame(rows)


def roleplay_cards_html(cards: pd.DataFrame, *, lang="zh", template=None, template_dir=None) -> str:
    """Printable role-play cards: for each, a debtor's card and a collector's card.

    Examples
    --------
    >>> html = roleplay_cards_html(roleplay_cards(2, seed=3), lang="zh")
    >>> html.count('class="card debtor"'), html.count('class="card collector"')
    (2, 2)
    """
    check_lang(lang)
    from .letters import render_template

    need = ["card", "debtor_type", "scenario", "excuse", "tactic", "goal", "excuse_response", "tactic_response",
            "approach"]
    missing = [c for c in need if c not in cards.columns]
    if missing:
        raise ValueError(f"cards lacks column(s) {missing!r}: pass the result of roleplay_cards")
    return render_template("roleplay_cards.html.j2", {"cards": cards[need].to_dict("records"), "lang": lang},
                           template=template, template_dir=template_dir)
