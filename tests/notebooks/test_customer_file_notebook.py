"""Notebook 43 runs as a report for a case customer and for a customer of a user's ledger, and says what the package computes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from creditkit.cases import load_case
from creditkit.cases.customer_file import credit_file_sentences, customer_credit_file
from creditkit.money import format_cents
from creditkit.receivables import load_ledger
from creditkit.reports import run_notebook

pytestmark = pytest.mark.notebook

LEDGERS = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers"
FORBIDDEN = ("Traceback", "Error:", "load_case(", "import creditkit", "ck.reports", "dtype:", "object at 0x",
             "Timestamp(", "<pandas.", "DataFrame(", "np.float64", "np.int64", "NaN", "<NA>", "None")


def _visible_text(html: str) -> str:
    body = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _check(rep, cf, lang):
    assert rep.records["credit_file"] == cf.record()
    text = credit_file_sentences(cf, lang)
    assert rep.records["sentences"] == text
    visible = _visible_text(rep.html_path.read_text(encoding="utf-8"))
    for bad in FORBIDDEN:
        assert bad not in visible, bad
    for sentence in text.values():
        assert re.sub(r"\s+", " ", sentence) in visible
    return visible


@pytest.mark.parametrize("case, customer_id, as_of, lang", [
    ("jidian", "JD0001", "2025-03-31", "en"),
    ("manufacturing", "ZZ0003", "2025-06-30", "zh"),
])
def test_a_case_customer_file(tmp_path, case, customer_id, as_of, lang):
    rep = run_notebook("43_customer_file", {"case": case, "customer_id": customer_id, "as_of": as_of}, lang=lang,
                       out_dir=tmp_path)
    world = load_case(case, as_of=as_of)
    cf = customer_credit_file(world.ledger, customer_id, as_of=as_of, world=world, lang=lang)
    visible = _check(rep, cf, lang)
    # the figures of the file, as the display layer writes them
    assert f"¥{format_cents(cf.open_cents)}" in visible and f"¥{format_cents(cf.recommended_limit_cents)}" in visible
    assert ("Altman Z' score" if lang == "en" else "Altman Z′ 值") in visible
    if cf.letter is not None:
        assert cf.letter.context["totals"]["overdue"] in visible
        assert cf.letter.context["title"] in visible
    assert customer_id in visible and cf.customer_name in visible
    assert f"'{customer_id}'" not in visible  # no value left as a bare repr


def test_a_customer_of_a_messy_gbk_ledger(tmp_path):
    path = LEDGERS / "messy_gbk.csv"
    rep = run_notebook("43_customer_file", {"ledger_path": str(path), "customer_id": "C003"}, lang="en",
                       out_dir=tmp_path)
    cf = customer_credit_file(load_ledger(path).table, "C003", as_of="2025-06-30", lang="en")
    visible = _check(rep, cf, lang="en")
    # C003: XS-0004 8,000.00 due 2024-11-07 less an unreferenced 1,000.00 receipt, 235 days overdue
    assert (cf.open_cents, cf.overdue_cents, int(cf.items["age_days"].iloc[0])) == (700_000, 700_000, 235)
    assert "messy_gbk.csv" in visible and "the rating rests on the payment record alone" in visible
    assert "7,000.00" in visible


def test_an_unknown_customer_is_a_parameter_error(tmp_path):
    from creditkit.errors import ParameterError

    with pytest.raises(ParameterError, match="customer_id"):
        run_notebook("43_customer_file", {"customer_id": "JD9999"}, out_dir=tmp_path, html=False)
