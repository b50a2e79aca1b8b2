"""The trainer's guide (exercises/README.md): every slot of the agendas points at material that exists.

The guide's tables are parsed: each backticked ``notebooks/…ipynb`` must be a notebook of the
repository and each ``§N`` after it a numbered section (``## N. …``) of it; each
``exercises/NN_name`` an exercise source and each ``Task N`` after it a task heading of it; each
``build/exercises/cards/…`` a file that ``creditkit exercises cards`` writes; each quiz question
``qNN`` a task of the quiz. Every session that is not a break names at least one of these, and the
times of each day run on without gaps.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import nbformat
import pytest

from creditkit.exercises import task_ids, write_trainer_materials

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "exercises" / "README.md"
AGENDAS = ("## One-day course", "## Two-day course")
_TOKEN = re.compile(r"`([^`]+)`|§\s*(\d+)(?:\s*[–-]\s*(\d+))?|\bTasks?\s+(\d+)(?:\s*[–-]\s*(\d+))?|\b(q\d\d)\b")


def _section(text, heading):
    start = text.index(heading)
    nxt = text.find("\n## ", start + 1)
    return text[start: nxt if nxt > 0 else len(text)]


def _tables(block):
    """Rows of every markdown table in ``block``: (header cells, [row cells, ...])."""
    out, rows = [], []
    for line in block.splitlines() + [""]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            out.append((rows[0], [r for r in rows[2:]]))
            rows = []
    return out


def _refs(material):
    """(kind, target, numbers) named in one material cell."""
    refs, current = [], None
    for m in _TOKEN.finditer(material):
        token, s_from, s_to, t_from, t_to, quiz = m.groups()
        if token is not None:
            current = token
            if token.startswith(("notebooks/", "exercises/", "build/")):
                refs.append(["file", token, set()])
            continue
        if quiz:
            refs.append(["quiz", quiz, set()])
            continue
        lo, hi = (s_from, s_to) if s_from else (t_from, t_to)
        numbers = set(range(int(lo), int(hi or lo) + 1))
        assert refs and refs[-1][1] == current, f"{m.group(0)!r} follows no notebook or exercise in {material!r}"
        refs[-1][2] |= {("section" if s_from else "task", n) for n in numbers}
    return refs


@cache
def _headings(path, pattern):
    nb = nbformat.read(path, as_version=4)
    return {int(n) for c in nb.cells if c.cell_type == "markdown" for n in re.findall(pattern, c.source, re.M)}


@cache
def _card_files():
    import tempfile

    out = Path(tempfile.mkdtemp())
    for lang in ("zh", "en"):
        write_trainer_materials(out, lang=lang, per_type=1)
    return {p.name for p in out.iterdir()}


def _check(ref):
    kind, target, numbers = ref
    if kind == "quiz":
        assert f"quiz.{target}" in task_ids(), target
        return
    if target.startswith("notebooks/"):
        path = ROOT / target
        assert path.is_file(), f"{target} does not exist"
        sections = _headings(path, r"^## (\d+)\. ")
        for what, n in numbers:
            assert what == "section" and n in sections, f"{target} has no section {n} (it has {sorted(sections)})"
    elif target.startswith("exercises/"):
        path = ROOT / "exercises" / "source" / (target.split("/", 1)[1] + ".ipynb")
        assert path.is_file(), f"{target} is not an exercise in exercises/source/"
        tasks = _headings(path, r"^## Task (\d+)\.")
        for what, n in numbers:
            assert what == "task" and n in tasks, f"{target} has no Task {n} (it has {sorted(tasks)})"
    else:
        assert target.startswith("build/exercises/cards/"), target
        assert target.rsplit("/", 1)[1] in _card_files(), f"{target} is not written by creditkit exercises cards"


def _agenda_rows():
    text = README.read_text(encoding="utf-8")
    for heading in AGENDAS:
        for header, rows in _tables(_section(text, heading)):
            assert header[0] == "time" and header[2] == "material", header
            yield heading, rows


def _minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def test_the_guide_has_both_agendas_with_three_days_of_sessions():
    days = [rows for _, rows in _agenda_rows()]
    assert len(days) == 3  # one-day course; day 1 and day 2 of the two-day course
    assert all(len(rows) >= 10 for rows in days)


@pytest.mark.parametrize("day", range(3), ids=["one-day", "two-day/1", "two-day/2"])
def test_every_slot_points_at_material_that_exists(day):
    heading, rows = list(_agenda_rows())[day]
    end = None
    for row in rows:
        times, session, material = row[0], row[1], row[2]
        start, stop = (_minutes(t) for t in re.split(r"[–-]", times))
        assert stop > start and (end is None or start == end), f"{heading}: {times} does not follow {end}"
        end = stop
        if session in ("break", "lunch"):
            assert not material, f"{heading} {times}: a break names material"
            continue
        refs = _refs(material)
        assert refs, f"{heading} {times} ({session}) names no notebook, exercise or card"
        for ref in refs:
            _check(ref)


def test_every_exercise_and_the_case_notebooks_have_a_slot():
    named = {r[1] for _, rows in _agenda_rows() for row in rows for r in _refs(row[2])}
    exercises = {f"exercises/{p.stem}" for p in (ROOT / "exercises" / "source").glob("*.ipynb")}
    assert exercises <= named, sorted(exercises - named)
    cases = {f"notebooks/{p.name}" for p in (ROOT / "notebooks").glob("4?_case_*.ipynb")}
    assert len(cases) == 3 and cases <= named, sorted(cases - named)
    assert {"build/exercises/cards/roleplay_cards.zh.html", "build/exercises/cards/crib_sheet.zh.html"} <= named


def test_the_exercise_table_lists_every_exercise_with_what_it_goes_with():
    text = README.read_text(encoding="utf-8")
    [(header, rows)] = _tables(_section(text, "## The exercises"))
    assert header[:3] == ["exercise", "tasks", "goes with"]
    listed = []
    for row in rows:
        for ref in _refs(row[0]) + _refs(row[2]):
            _check(ref)
        listed += [r[1] for r in _refs(row[0])]
    assert sorted(listed) == sorted(f"exercises/{p.stem}" for p in (ROOT / "exercises" / "source").glob("*.ipynb"))


def test_the_parser_catches_what_does_not_exist():
    with pytest.raises(AssertionError, match="does not exist"):
        [_check(r) for r in _refs("`notebooks/99_nothing.ipynb`")]
    with pytest.raises(AssertionError, match="no section 99"):
        [_check(r) for r in _refs("`notebooks/40_case_jidian.ipynb` §99")]
    with pytest.raises(AssertionError, match="no Task [34]"):  # the first missing one of a set: 3 or 4
        [_check(r) for r in _refs("`exercises/06_danger_signals` Tasks 1–4")]
    with pytest.raises(AssertionError, match="not written"):
        [_check(r) for r in _refs("`build/exercises/cards/handouts.pdf`")]
    with pytest.raises(AssertionError):
        [_check(r) for r in _refs("quiz question q99")]
