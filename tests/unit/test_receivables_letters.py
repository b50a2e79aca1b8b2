"""Statements of account and dunning letters: numbers, templates, output formats."""

from __future__ import annotations

import pandas as pd
import pytest

from creditkit.cases import sample_ledger
from creditkit.errors import OutputFormatError
from creditkit.receivables import aging, interest, letters


@pytest.fixture(scope="module")
def ledger():
    return sample_ledger(2025, n_customers=15)


def _busy_customer(t):
    return t.loc[t["doc_type"] == "invoice", "customer_id"].value_counts().index[0]


def test_statement_reconciles_with_the_ledger_and_the_aging(ledger):
    cid = _busy_customer(ledger)
    doc = letters.statement_of_account(ledger, cid, as_of="2025-06-30", start="2025-04-01", lang="zh")
    c = doc.context["cents"]
    mine = ledger[(ledger["customer_id"] == cid) & (ledger["doc_date"] <= "2025-06-30")]
    assert c["opening"] == int(mine.loc[mine["doc_date"] < "2025-04-01", "amount_cents"].sum())
    assert c["closing"] == int(mine["amount_cents"].sum()) == c["opening"] + c["debits"] - c["credits"]
    assert c["closing"] == c["open"] - c["unapplied"]
    row = aging.age_receivables(mine, as_of="2025-06-30").table.iloc[0]
    assert c["open"] == int(row["total"])
    assert len(doc.context["rows"]) == int((mine["doc_date"] >= "2025-04-01").sum())
    assert doc.context["rows"][-1]["balance"] == doc.context["totals"]["closing"]
    assert "对账单" in doc.html and doc.context["totals"]["closing"] in doc.html and "," in doc.context["totals"]["closing"]
    en = letters.statement_of_account(ledger, cid, as_of="2025-06-30", lang="en")
    assert "Statement of account" in en.html and "Not due" in en.html


def test_dunning_tones_and_interest(ledger):
    cid = _busy_customer(ledger)
    li = interest.late_interest(ledger, as_of="2025-06-30", customers=[cid])
    texts = {tone: letters.dunning_letter(ledger, cid, as_of="2025-06-30", tone=tone, interest=li).html
             for tone in ("friendly", "neutral", "firm", "formal")}
    assert "友情提醒" in texts["friendly"] and "暂停向贵司发货" in texts["firm"] and "诉讼" in texts["formal"]
    doc = letters.dunning_letter(ledger, cid, as_of="2025-06-30", tone="formal", interest=li, lang="en")
    claim = int(li.invoices["claim_cents"].sum())
    assert doc.context["interest"]["cents"] == claim and "Final demand" in doc.html
    with pytest.raises(ValueError, match="tone"):
        letters.dunning_letter(ledger, cid, as_of="2025-06-30", tone="angry")
    with pytest.raises(ValueError, match="not in the ledger"):
        letters.dunning_letter(ledger, "nobody", as_of="2025-06-30")


def test_a_company_template_replaces_the_kit_one(tmp_path, ledger):
    (tmp_path / "statement.zh.html.j2").write_text(
        "<html><body>{{ sender.name }}|{{ customer.id }}|{{ totals.closing }}</body></html>", encoding="utf-8")
    cid = _busy_customer(ledger)
    doc = letters.statement_of_account(ledger, cid, as_of="2025-06-30", template_dir=tmp_path,
                                       sender={"name": "我的公司"})
    assert doc.html == f"<html><body>我的公司|{cid}|{doc.context['totals']['closing']}</body></html>"
    one = tmp_path / "mine.html.j2"
    one.write_text("{{ totals.overdue }}", encoding="utf-8")
    assert letters.dunning_letter(ledger, cid, as_of="2025-06-30", template=one).html == \
        letters.dunning_letter(ledger, cid, as_of="2025-06-30").context["totals"]["overdue"]
    with pytest.raises(ValueError, match="unknown key"):
        letters.statement_of_account(ledger, cid, as_of="2025-06-30", sender={"nam": "x"})


def test_docx_and_pdf_are_written_or_the_missing_tool_is_named(tmp_path, ledger):
    cid = _busy_customer(ledger)
    doc = letters.statement_of_account(ledger, cid, as_of="2025-06-30")
    assert letters.save_document(doc, tmp_path / "s.html").read_text(encoding="utf-8") == doc.html
    if "docx" in letters.available_formats():
        import docx

        out = docx.Document(str(letters.save_document(doc, tmp_path / "s.docx")))
        cells = [c.text for t in out.tables for r in t.rows for c in r.cells]
        assert doc.context["totals"]["closing"] in cells and out.paragraphs[0].text == "对账单"
    else:
        with pytest.raises(OutputFormatError, match="python-docx"):
            letters.save_document(doc, tmp_path / "s.docx")
    if letters.pdf_converter() is None:
        with pytest.raises(OutputFormatError, match="converter"):
            letters.save_document(doc, tmp_path / "s.pdf")
    else:
        pdf = letters.save_document(doc, tmp_path / "s.pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-"
    with pytest.raises(ValueError, match=r"\.html, \.docx or \.pdf"):
        letters.save_document(doc, tmp_path / "s.txt")
