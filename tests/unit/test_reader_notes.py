"""The reader's notes in Chinese (creditkit.reports.reader_notes): every kind the reader writes, figures kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from creditkit.receivables.ledger import load_ledger
from creditkit.reports.ledger_health import reconciliation_notes
from creditkit.reports.reader_notes import note_in

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix.lower() in (".csv", ".txt", ".xlsx"))


def _notes():
    """Every note the reader writes on the repo's fixtures (each ERP family, the odd files)."""
    seen = {}
    for path in FIXTURES:
        try:
            notes = load_ledger(path, errors="report").reconciliation.notes
        except Exception:  # noqa: BLE001 - a file the reader refuses has no notes
            continue
        for note in notes:
            seen.setdefault(note, path.name)
    return sorted(seen.items())


NOTES = _notes()


def test_the_fixtures_give_many_kinds_of_note():
    kinds = {re.sub(r"[\d,.]+", "9", note.split(":")[0])[:25] for note, _ in NOTES}
    assert len(NOTES) >= 30 and len(kinds) >= 15


@pytest.mark.parametrize("note,fixture", NOTES, ids=[f"{f}:{n[:30]}" for n, f in NOTES])
def test_every_note_the_reader_writes_has_its_chinese_form(note, fixture):
    zh = note_in(note, "zh")
    assert zh != note, f"no Chinese form for a note of {fixture}: {note}"
    assert re.search(r"[\u4e00-\u9fff]", zh)
    words = set(re.findall(r"[A-Za-z]{4,}", zh))
    assert words <= set(re.findall(r"[A-Za-z]{4,}", note)), f"English that is not the file's own: {zh}"
    assert set(re.findall(r"\d+", note)) <= set(re.findall(r"\d+", zh)), f"figures lost: {note} → {zh}"


@pytest.mark.parametrize("note,zh", [
    ("header found on line 3 (two rows)", "表头在第 3 行（两行表头）"),
    ("2 missing due dates derived as document date + terms", "2 个缺失的到期日按单据日期 + 账期补出"),
    ("the file's 价税合计 total on line 14 says 85,650.00 but the rows read sum to 10,450.00 (difference 75,200.00)",
     "文件第 14 行的“价税合计”合计为 85,650.00，读入的行合计 10,450.00（差额 75,200.00）"),
    ("no ERP profile fits clearly (scores: none): general reader; name one with --profile NAME",
     "没有明确匹配的 ERP 导出格式（得分 无），按通用格式读取；可用 --profile 指定"),
    ("open items: 'Open balance' is what is owed ('Amount' not used)",
     "未清项报表：以 'Open balance' 为欠款金额（未使用 'Amount'）"),
])
def test_chinese_forms(note, zh):
    assert note_in(note, "zh") == zh
    assert note_in(note, "en") == note


def test_a_note_of_an_unknown_kind_stays_as_it_is():
    assert note_in("something new", "zh") == "something new"


def test_the_ledger_report_shows_the_notes_in_its_language():
    rec = load_ledger(ROOT / "tests" / "fixtures" / "ledgers" / "messy_gbk.csv").reconciliation
    zh, en = reconciliation_notes(rec, "zh"), reconciliation_notes(rec, "en")
    assert any(n.startswith("读取说明：表头在第") for n in zh) and not any("header found" in n for n in zh)
    assert any("header found on line" in n for n in en)
