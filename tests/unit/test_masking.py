"""Pseudonyms: stable, distinct, applied to every column and table before anything is computed."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from creditkit.cases import load_case
from creditkit.cases.masking import mask_world
from creditkit.cases.story import case_facts
from creditkit.receivables import age_receivables, load_ledger
from creditkit.receivables.masking import mask_ledger, mask_text, pseudonyms
from creditkit.reports.html import to_html, without_trainer_cells

sys.path.insert(0, str(Path(__file__).resolve().parent))
from output_scan import real_names_in  # noqa: E402

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers" / "messy_gbk.csv"


def test_pseudonyms_are_stable_distinct_and_keyed():
    ids = [f"C{i:04d}" for i in range(2000)]
    p = pseudonyms(ids)
    assert len({c for c, _ in p.values()}) == len(ids)
    assert pseudonyms(["C0007"])["C0007"] == p["C0007"]  # same id, same code, whatever else is there
    assert pseudonyms(["C0007"], key="secret")["C0007"] != p["C0007"]
    assert p["C0007"][1] == "客户 " + p["C0007"][0]
    assert pseudonyms(["C0007"], lang="en")["C0007"][1] == "Customer " + p["C0007"][0]
    with pytest.raises(TypeError, match="key"):
        pseudonyms(ids, key="")
    with pytest.raises(ValueError, match="lang"):
        pseudonyms(ids, lang="fr")


def test_mask_text_replaces_longest_first():
    s = pd.Series(["甲公司分公司付款", "甲公司", None, 5], dtype=object)
    assert mask_text(s, {"甲公司": "X", "甲公司分公司": "Y"}).tolist() == ["Y付款", "X", None, 5]


def test_mask_ledger_keeps_every_figure_and_hides_every_name():
    loaded = load_ledger(MESSY)
    masked = mask_ledger(loaded)
    t, m = loaded.table, masked.table
    assert (t["amount_cents"] == m["amount_cents"]).all() and len(t) == len(m)
    real = set(t["customer_id"]) | set(t["customer_name"])
    text = m.to_string() + masked.rejected.to_string() + masked.dropped.to_string()
    assert not [w for w in real if w in text]
    a, b = age_receivables(t, as_of="2025-06-30").totals(), age_receivables(m, as_of="2025-06-30").totals()
    assert a.equals(b)
    # one customer, one pseudonym, in ids and names alike
    pairs = m[["customer_id", "customer_name"]].drop_duplicates()
    assert pairs["customer_id"].is_unique and len(pairs) == t["customer_id"].nunique()


def test_mask_ledger_masks_mentions_in_memos_and_rejected_rows():
    t = pd.DataFrame({"customer_id": ["C1", "C2"], "customer_name": ["甲公司", "乙公司"], "memo": ["代甲公司付 C2", None]})
    m = mask_ledger(t)
    p = pseudonyms(["C1", "C2"])
    assert m["memo"].iloc[0] == f"代{p['C1'][1]}付 {p['C2'][0]}"
    with pytest.raises(TypeError, match="DataFrame or a Ledger"):
        mask_ledger(["C1"])


def test_mask_world_gives_the_same_story_under_other_names():
    w = load_case("jidian", n_customers=10, months=12, start="2024-07-01")
    m = mask_world(w)
    for table in (m.customers, m.ledger, m.statements, m.answer_key):
        text = table.to_string()
        assert not [c for c in w.customers["customer_id"] if c in text]
        assert not [n for n in w.customers["customer_name"] if n in text]
    f, g = case_facts(w), case_facts(m)
    assert (f.open_cents, f.overdue_cents, f.provision_cents, f.flagged) == (
        g.open_cents, g.overdue_cents, g.provision_cents, g.flagged)
    assert m.statement(m.customers["customer_id"].iloc[0]).equals(w.statement(w.customers["customer_id"].iloc[0]))
    assert m.answer_key["hidden_type"].tolist() == w.answer_key["hidden_type"].tolist()


def test_output_scan_finds_names_in_text_workbooks_and_file_names(tmp_path):
    (tmp_path / "a.html").write_text("<p>&lt;甲公司&gt;</p>", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes("客户,乙公司\n".encode("gbk"))
    pd.DataFrame({"x": ["丙公司"]}).to_excel(tmp_path / "c.xlsx", index=False)
    (tmp_path / "letter_C4.txt").write_text("", encoding="utf-8")
    found = real_names_in(tmp_path, ["C4"], ["甲公司", "乙公司", "丙公司", "丁公司"])
    assert found == {"a.html": ["甲公司"], "b.csv": ["乙公司"], "c.xlsx": ["丙公司"], "letter_C4.txt": ["C4"]}


def test_trainer_cells_are_hidden_unless_asked_for():
    cells = [nbformat.v4.new_markdown_cell("# 案例 — Case"),
             nbformat.v4.new_markdown_cell("for everyone"),
             nbformat.v4.new_markdown_cell("the answer", metadata={"tags": ["trainer"]})]
    nb = nbformat.v4.new_notebook(cells=cells)
    assert "the answer" not in to_html(nb, parameters={}, lang="en")
    assert "the answer" not in to_html(nb, parameters={"trainer": False}, lang="en")
    assert "the answer" in to_html(nb, parameters={"trainer": True}, lang="en")
    assert len(without_trainer_cells(nb, {"trainer": "yes"}).cells) == 2  # only a true bool shows them
    assert len(nb.cells) == 3  # the notebook given is not changed
