"""21_risk_signals and 22_late_payment run as reports with non-default parameters and show the package's numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditkit.cases import INVOICE_EXPORT_COLUMNS, invoice_export, sample_ledger
from creditkit.receivables import load_ledger
from creditkit.receivables.late_payment import fit_late_payment, predict_open
from creditkit.receivables.signals import credit_hold_advice, risk_signals, signal_history

pytestmark = pytest.mark.notebook

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"


def test_risk_signals_notebook_on_a_sample_in_english(run_nb):
    params = dict(seed=7, n_customers=30, as_of="2025-05-31", months=6, history_months=6, grace_days=60, lang="en")
    rep = run_nb("21_risk_signals", html=True, **params)
    rec = rep.records
    t, prof = sample_ledger(7, as_of="2025-05-31", n_customers=30, profiles=True)
    res = risk_signals(t, as_of="2025-05-31", months=6)
    assert rec["documents"] == len(t) and rec["n_customers"] == 30
    assert rec["toy_check"] == [43.2, 43.2, 1.0, 20.0]
    assert rec["level_counts"] == {k: int(v) for k, v in res.level_counts().items()}
    assert rec["watch_ids"] == res.watch_list("en")["customer_id"].tolist()
    assert rec["summary"] == res.summary("en") and rec["summary"].startswith("As of 2025-05-31, of 30 customers")
    hist = signal_history(t, start="2024-11-30", end="2025-05-31", months=6)
    who = rec["history_customer"]
    assert who == rec["watch_ids"][0]
    assert rec["history_levels"] == hist.loc[hist["customer_id"] == who, "level"].tolist()
    hold = credit_hold_advice(t, as_of="2025-05-31", grace_days=60, signals=res)
    assert rec["hold_ids"] == sorted(hold.loc[hold["hold"], "customer_id"])
    assert rec["order_decisions"] == ["hold", "exempt_prepaid", "hold"]
    assert rec["flagged_share"]["chronic"] >= 0.8 and rec["flagged_share"]["punctual"] <= 0.25
    html = rep.html_path.read_text(encoding="utf-8")
    assert "Risk signals" in html and "Signals and evidence" in html and "DBT" in html
    assert html.count('<div class="jp-RenderedImage') >= 2
    # the report says what the kit computed for these parameters, as sentences and money
    import html as h

    from creditkit.reports import sentences as st

    page = h.unescape(html)
    assert "sample ledger of an electromechanical firm (seed 7, 30 customers)" in page and "as of 2025-05-31" in page
    assert st.hold_sentence(hold, "en") in page and res.summary("en") in page
    check = res.table.merge(prof[["customer_id", "profile"]], on="customer_id")
    flagged = (check["level"] != "green").groupby(check["profile"]).mean()
    assert st.profile_flags_sentence(flagged, "en") in page
    assert "First 10 of" in page and "Hidden payer profile" in page


def test_risk_signals_notebook_on_the_messy_gbk_export(run_nb):
    rep = run_nb("21_risk_signals", ledger_path=str(FIX / "messy_gbk.csv"), as_of="2025-06-30", customer="C003")
    rec = rep.records
    assert rec["level_counts"] == {"green": 2, "amber": 0, "red": 2}
    assert rec["watch_ids"] == ["C001", "C003"]
    assert "DBT 111 天，近 3 个月上升 84 天" in rec["top_signals"]
    assert rec["history_customer"] == "C003"
    assert rec["hold_ids"] == ["C001", "C003"] and rec["hold_cents"] == 1_795_000
    assert "flagged_share" not in rec  # a user's file has no hidden profiles


def test_late_payment_notebook_on_an_ibm_layout_export(run_nb, tmp_path):
    rep = run_nb("22_late_payment", html=True, source="export", seed=5, export_invoices=2500, train_share=0.6, lang="en")
    rec = rep.records
    p = tmp_path / "ar.csv"
    invoice_export(5, n_invoices=2500).to_csv(p, index=False)
    res = fit_late_payment(load_ledger(p, columns=INVOICE_EXPORT_COLUMNS), train_share=0.6)
    assert rec["n_invoices"] == 2500 and rec["toy_check"] == [2.0, 1.0, 18.0, 16.0]
    assert rec["split_date"] == f"{res.split_date:%Y-%m-%d}"
    for who in ("model", "baseline"):
        for m in ("auc", "brier", "mae_days"):
            assert rec["metrics"][who][m] == pytest.approx(res.metrics.loc[who, m], abs=1e-4)
    assert rec["beats_baseline"] is True
    assert rec["summary"] == res.summary("en")
    import html as h

    from creditkit.reports import sentences as st

    page = h.unescape(rep.html_path.read_text(encoding="utf-8"))
    assert "IBM accounts-receivable sample layout (seed 5, 2500 invoices" in page
    assert res.summary("en") in page
    open_now = predict_open(res, load_ledger(p, columns=INVOICE_EXPORT_COLUMNS))
    assert st.open_invoices_sentence(open_now, "en") in page


def test_late_payment_notebook_on_the_sample_with_a_tolerance(run_nb):
    rep = run_nb("22_late_payment", seed=1, n_customers=30, late_after=5)
    rec = rep.records
    res = fit_late_payment(sample_ledger(1, n_customers=30), late_after=5)
    assert rec["metrics"]["model"]["auc"] == pytest.approx(res.metrics.loc["model", "auc"], abs=1e-4)
    assert rec["beats_baseline"] is res.beats_baseline()
    assert rec["summary"].startswith("在 ") and "测试发票" in rec["summary"]
    assert rec["n_open"] > 0
