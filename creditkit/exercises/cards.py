"""Printable trainer materials for the collection interview: role-play cards and a crib sheet.

:func:`roleplay_deck` deals the cards from the kit's own data — the debtor
types of :func:`creditkit.receivables.collection.load_debtor_types` (name,
what the type looks like, the approach it calls for), the first steps of its
ladder in the strategy matrix (:func:`~creditkit.receivables.collection.load_strategy`),
and a scenario, excuse, evasion tactic and goal of the interview guide
(:func:`creditkit.receivables.interview.roleplay_cards`). Every debtor type
gets the same number of cards. :func:`roleplay_sheet` lays them out for A4:
three pairs (the debtor's card and the collector's card) a page, with a page
break after each third pair and a cutting line between the two halves.
:func:`write_trainer_materials` writes the cards and the one-page crib sheet of
the interview guide (:func:`crib_page`: the three stages side by side, then
the six habits, PMP, LSCP, tactics, excuses, scenarios and debtor types) to a
folder; ``creditkit exercises cards --out DIR`` and ``make exercises`` call it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .._checks import check_number
from ..i18n import check_lang, label

__all__ = ["roleplay_deck", "roleplay_sheet", "crib_page", "write_trainer_materials", "CARDS_PER_PAGE"]

#: Card pairs printed on one A4 page.
CARDS_PER_PAGE = 3
_TEMPLATES = Path(__file__).with_name("templates")


def _first_steps(strategy, debtor_type, lang, n=3) -> str:
    steps = strategy.ladders[debtor_type][:n]
    return " → ".join(label(s["action"], lang) for s in steps)


def roleplay_deck(per_type=2, *, seed=0, lang="zh") -> pd.DataFrame:
    """Role-play cards for the collection interview, ``per_type`` for each of the four debtor types.

    Parameters
    ----------
    per_type : int, default 2
        Cards per debtor type (1–12).
    seed : int, default 0
        The same seed deals the same cards.
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    DataFrame
        One row per card: ``card, debtor_type`` (the code of
        :data:`~creditkit.receivables.collection.DEBTOR_TYPES`), ``type_name,
        type_description, type_signs`` (what the "debtor" plays), ``scenario,
        excuse, tactic, goal`` and what a good answer does: ``approach`` (of
        the debtor type), ``scenario_approach``, ``excuse_response``,
        ``tactic_response``, ``lscp`` (the four steps for objections), ``pmp``
        (what the promise must name) and ``first_steps`` (the start of the
        type's collection ladder).

    Examples
    --------
    >>> d = roleplay_deck(1, seed=3, lang="en")
    >>> sorted(d["debtor_type"]) == sorted(["willing_able", "willing_unable", "unwilling_able", "unwilling_unable"])
    True
    >>> d.loc[d["debtor_type"] == "unwilling_able", "type_name"].item()
    'Able but unwilling'
    """
    lang = check_lang(lang)
    per_type = check_number("per_type", per_type, low=1, high=12, integer=True)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    from ..receivables.collection import DEBTOR_TYPES, load_debtor_types, load_strategy
    from ..receivables.interview import load_interview_guide, roleplay_cards

    types = load_debtor_types()["types"]
    strategy = load_strategy()
    guide = load_interview_guide()
    lscp = " → ".join(f"{w['letter']} {w['name'][lang]}" for w in guide.lscp)
    pmp = " · ".join(w["name"][lang] for w in guide.pmp)
    dealt = roleplay_cards(per_type * len(DEBTOR_TYPES), seed=seed, lang=lang, guide=guide)
    # roleplay_cards deals the types in turn from a shuffled order; read each card's code back from its label
    codes = {label(t, lang): t for t in DEBTOR_TYPES}
    dealt["debtor_type"] = dealt["debtor_type"].map(codes)
    rows = []
    for r in dealt.itertuples(index=False):
        t = types[r.debtor_type]
        rows.append({"card": r.card, "debtor_type": r.debtor_type, "type_name": t["name"][lang],
                     "type_description": t["description"][lang], "type_signs": t["signs"][lang],
                     "scenario": r.scenario, "excuse": r.excuse, "tactic": r.tactic, "goal": r.goal,
                     "approach": t["approach"][lang], "scenario_approach": r.approach,
                     "excuse_response": r.excuse_response, "tactic_response": r.tactic_response,
                     "lscp": lscp, "pmp": pmp, "first_steps": _first_steps(strategy, r.debtor_type, lang)})
    return pd.DataFrame(rows)


def roleplay_sheet(deck: pd.DataFrame, *, lang="zh", title=None) -> str:
    """Printable HTML of a deck: A4, three card pairs a page, a page break after each third.

    Examples
    --------
    >>> html = roleplay_sheet(roleplay_deck(2, seed=1))
    >>> html.count('class="card debtor"'), html.count('class="page"')
    (8, 3)
    """
    lang = check_lang(lang)
    from ..receivables.letters import render_template

    need = ["card", "debtor_type", "type_name", "type_description", "type_signs", "scenario", "excuse", "tactic",
            "goal", "approach", "scenario_approach", "excuse_response", "tactic_response", "lscp", "pmp",
            "first_steps"]
    missing = [c for c in need if c not in deck.columns]
    if missing:
        raise ValueError(f"deck lacks column(s) {missing!r}: pass the result of roleplay_deck")
    cards = deck[need].to_dict("records")
    pages = [cards[i:i + CARDS_PER_PAGE] for i in range(0, len(cards), CARDS_PER_PAGE)]
    title = title or {"zh": "催收面谈角色扮演卡", "en": "Collection interview role-play cards"}[lang]
    return render_template("roleplay_sheet.html.j2", {"pages": pages, "lang": lang, "title": title},
                           template_dir=_TEMPLATES)


def crib_page(*, lang="zh", title=None) -> str:
    """The interview guide on one printed A4 page: the three stages side by side, then the tools.

    The stages (面谈前 / 面谈中 / 面谈后), the six habits, PMP, LSCP, the evasion
    tactics, excuses and scenarios come from
    :func:`creditkit.receivables.interview.load_interview_guide`, the four debtor
    types and their approach from
    :func:`creditkit.receivables.collection.load_debtor_types`.

    Examples
    --------
    >>> html = crib_page(lang="zh")
    >>> all(s in html for s in ("面谈前", "面谈中", "面谈后", "PMP", "LSCP", "有能力无意愿"))
    True
    """
    lang = check_lang(lang)
    from ..receivables.collection import DEBTOR_TYPES, load_debtor_types
    from ..receivables.letters import render_template
    from ..receivables.interview import load_interview_guide

    title = title or {"zh": "催收面谈速查卡", "en": "Collection interview crib sheet"}[lang]
    types = load_debtor_types()["types"]
    return render_template("crib_sheet_a4.html.j2", {
        "g": load_interview_guide(), "lang": lang, "title": title,
        "types": {t: label(t, lang) for t in DEBTOR_TYPES}, "debtor_types": {t: types[t] for t in DEBTOR_TYPES}},
        template_dir=_TEMPLATES)


def write_trainer_materials(out_dir, *, lang="zh", per_type=2, seed=0) -> dict:
    """Write the role-play cards and the interview crib sheet, ready to print, into ``out_dir``.

    Parameters
    ----------
    out_dir : path
        Created if missing.
    lang : {"zh", "en"}, default "zh"
    per_type, seed
        As in :func:`roleplay_deck`.

    Returns
    -------
    dict
        ``{"cards": path, "crib_sheet": path}`` — ``roleplay_cards.<lang>.html``
        and ``crib_sheet.<lang>.html``.

    Examples
    --------
    >>> import tempfile
    >>> paths = write_trainer_materials(tempfile.mkdtemp(), lang="en")
    >>> sorted(p.name for p in paths.values())
    ['crib_sheet.en.html', 'roleplay_cards.en.html']
    """
    lang = check_lang(lang)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    cards = out / f"roleplay_cards.{lang}.html"
    cards.write_text(roleplay_sheet(roleplay_deck(per_type, seed=seed, lang=lang), lang=lang), encoding="utf-8")
    crib = out / f"crib_sheet.{lang}.html"
    crib.write_text(crib_page(lang=lang), encoding="utf-8")
    return {"cards": cards, "crib_sheet": crib}
