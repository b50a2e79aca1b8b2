"""03_aging runs as a report with non-default parameters and shows the package's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditkit.receivables import aging, metrics as cm, provision as pv
from creditkit.receivables.ledger import load_ledger
from creditkit.cases import sample_ledger

pytestmark = pytest.mark.notebook

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"


def test_aging_notebook_sample_by_invoice_in_english(run_nb):
    params = dict(seed=7, n_customers=12, as_of="2025-03-31", buckets="30,60,90", by="invoice",
                  provision_rates="0.01,0.05,0.2,0.5", lang="en")
    rep = run_nb("20_aging", html=True, **params)
    rec = rep.records
    t = sample_ledger(7, as_of="2025-03-31", n_customers=12)
    r = aging.age_receivables(t, as_of="2025-03-31", by="invoice", buckets=(30, 60, 90))
    tot = r.totals()
    assert rec["documents"] == len(t)
    assert rec["labels"] == ["0-30", "31-60", "61-90", ">90"]
    assert rec["total_cents"] == int(tot["total"]) and rec["unapplied_cents"] == int(tot["unapplied"])
    assert rec["bucket_totals_cents"] == {k: int(tot[k]) for k in r.labels}
    assert rec["reconciles"] is True
    assert rec["toy_check"] == [500_000, 600_000, 1_100_000]
    assert rec["rep_total_cents"] == int(tot["total"])
    assert rec["provision_cents"] == pv.aging_schedule_provision(r, [0.01, 0.05, 0.2, 0.5]).total_cents
    m = cm.collection_metrics(t, start="2025-01-01", end="2025-03-31")
    assert rec["metrics"]["dso"] == pytest.approx(m.dso)
    assert rec["metrics"]["cei"] == pytest.approx(m.cei)
    html = rep.html_path.read_text(encoding="utf-8")
    assert "Receivables aging" in html and "账龄" not in html  # an English report: no Chinese narrative
    assert html.count("<div class=\"jp-RenderedImage") >= 3  # rendered charts, not CSS icons


def test_aging_notebook_on_messy_gbk_file(run_nb):
    path = FIX / "messy_gbk.csv"
    rep = run_nb("20_aging", ledger_path=str(path), as_of="2025-06-30", lang="zh")
    rec = rep.records
    assert rec["total_cents"] == 1_795_000  # 10,950.00 + 7,000.00, hand-checked in tests/fixtures/ledgers
    assert rec["unapplied_cents"] == 750_000  # 5,000.00 + 2,500.00
    assert rec["bucket_totals_cents"]["181-365"] == 700_000
    r = aging.age_receivables(load_ledger(path), as_of="2025-06-30")
    assert rec["bucket_totals_cents"] == {k: int(v) for k, v in r.totals()[r.labels].items()}


def test_aging_report_on_a_users_ledger_speaks_of_that_ledger(run_nb):
    path = FIX / "messy_gbk.csv"
    for lang, sample_words, caveat in [("zh", "机电公司样本台账", "个月的历史数据"), ("en", "electromechanical", "months of history")]:
        rep = run_nb("20_aging", html=True, ledger_path=str(path), as_of="2025-06-30", lang=lang)
        html = rep.html_path.read_text(encoding="utf-8")
        assert sample_words not in html and "18 个月" not in html
        assert caveat in html  # 2024-10-08 .. 2025-06-30: less than a year, so the roll rates carry the warning
        assert "messy_gbk.csv" in html
        assert ("10 张单据" if lang == "zh" else "10 documents") in html  # the sentence counts this ledger
        head = html.split("</header>", 1)[0]  # the sample's seed and size had no effect: not listed as parameters
        assert "<code>seed</code>" not in head and "<code>n_customers</code>" not in head
        assert "<code>ledger_path</code>" in head and "seed, n_customers" in head


def test_aging_report_on_the_sample_has_no_history_caveat(run_nb):
    rep = run_nb("20_aging", html=True, lang="en")
    html = rep.html_path.read_text(encoding="utf-8")
    assert "months of history:" not in html and "electromechanical" in html
    assert "40 customers" in html
    head = html.split("</header>", 1)[0]
    assert "<code>seed</code>" in head and "<code>n_customers</code>" in head


def test_aging_report_reads_a_relative_ledger_path_from_the_callers_folder(run_nb, monkeypatch):
    # the kernel runs in the output folder; a relative path typed by the user is taken from where they are
    monkeypatch.chdir(FIX.parent)
    rep = run_nb("20_aging", ledger_path=f"{FIX.name}/messy_gbk.csv", as_of="2025-06-30", lang="en")
    assert rep.records["total_cents"] == 1_795_000
    assert rep.parameters["ledger_path"] == str(FIX / "messy_gbk.csv")
