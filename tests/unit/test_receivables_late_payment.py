"""Late-payment predictor: history features without leakage, and a model that beats its baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from creditkit.cases import INVOICE_EXPORT_COLUMNS, invoice_export, sample_ledger
from creditkit.receivables import load_ledger
from creditkit.receivables.late_payment import HISTORY_FEATURES, fit_late_payment, invoice_history, predict_open

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"


def test_history_features_by_hand():
    t = pd.DataFrame({"customer_id": ["A"] * 6, "customer_name": ["A"] * 6,
        "doc_type": ["invoice", "invoice", "receipt", "receipt", "invoice", "receipt"],
        "doc_no": ["I1", "I2", "R1", "R2", "I3", "R3"],
        "doc_date": pd.to_datetime(["2025-01-01", "2025-01-10", "2025-02-20", "2025-02-25", "2025-03-01", "2025-03-05"]),
        "due_date": pd.to_datetime(["2025-01-31", "2025-02-09", None, None, "2025-03-31", None]),
        "amount_cents": [10000, 30000, -10000, -30000, 5000, -5000], "ref_doc_no": [None, None, "I1", "I2", None, "I3"]})
    h = invoice_history(t).set_index("doc_no")
    assert h.loc["I1", "days_late"] == 20 and h.loc["I2", "days_late"] == 16 and h.loc["I3", "days_late"] == -26
    i3 = h.loc["I3"]
    assert (i3["n_paid"], i3["n_paid_late"], i3["ratio_paid_late"]) == (2, 2, 1.0)
    assert i3["avg_days_late"] == 18 and i3["amount_paid_late"] == 400.0
    assert i3["last_delay"] == 16  # I2, settled most recently (02-25)
    assert i3["terms_days"] == 30 and i3["amount"] == 50.0
    i2 = h.loc["I2"]  # on 01-10, I1 is outstanding and not yet due
    assert (i2["n_paid"], i2["n_outstanding"], i2["n_outstanding_late"]) == (0, 1, 0)
    assert np.isnan(i2["last_delay"]) and np.isnan(i2["avg_days_late"])
    assert h["late"].tolist() == [1.0, 1.0, 0.0]


def test_history_features_use_nothing_after_the_invoice_date():
    t = sample_ledger(5)
    full = invoice_history(t).set_index("doc_no")
    for d in ("2024-10-31", "2025-03-31"):
        cut = invoice_history(t, as_of=d).set_index("doc_no")
        pd.testing.assert_frame_equal(cut[HISTORY_FEATURES], full.loc[cut.index, HISTORY_FEATURES])
        # outcomes are as known at the date: an invoice settled later is open then
        later = full.loc[cut.index, "settled_date"] > pd.Timestamp(d)
        assert cut.loc[later, "open"].all() and cut.loc[later, "days_late"].isna().all()


def _check(res):
    m = res.metrics
    assert res.beats_baseline(), m
    assert 0.5 < m.loc["model", "auc"] <= 1 and 0 <= m.loc["model", "brier"] < 0.25
    assert set(res.importance["feature"]) == set(HISTORY_FEATURES)
    assert res.importance["importance"].iloc[0] > 0
    assert (res.test["doc_date"] > res.split_date).all()
    assert res.test["p_late"].between(0, 1).all() and (res.test["expected_days_late"] >= 0).all()


@pytest.mark.parametrize("seed", [2025, 1, 7])
def test_beats_the_last_delay_baseline_on_the_sample_ledger(seed):
    _check(fit_late_payment(sample_ledger(seed)))


@pytest.mark.parametrize("seed", [2013, 5])
def test_beats_the_baseline_on_an_ibm_layout_export_read_through_a_column_map(tmp_path, seed):
    p = tmp_path / "ar.csv"
    invoice_export(seed).to_csv(p, index=False)
    led = load_ledger(p, columns=FIX / "invoice_level.yaml")
    assert led.reconciliation.balanced and len(led.table) > 5000
    _check(fit_late_payment(led))


def test_probabilities_are_calibrated_back_from_the_class_weights():
    res = fit_late_payment(sample_ledger(2025))
    # mean predicted P(late) on the test invoices is near the observed late share
    assert abs(res.test["p_late"].mean() - res.test["late"].mean()) < 0.1


def test_open_invoices_are_scored_most_likely_late_first():
    t = sample_ledger(2025)
    res = fit_late_payment(t)
    o = predict_open(res, t, as_of="2025-06-30")
    assert len(o) == int(invoice_history(t)["open"].sum())
    assert (np.diff(o["p_late"].to_numpy()) <= 0).all()


def test_too_little_history_is_refused():
    with pytest.raises(ValueError, match="needs at least 50"):
        fit_late_payment(load_ledger(FIX / "invoice_level.csv", columns=FIX / "invoice_level.yaml"))
    with pytest.raises(ValueError, match="train_share"):
        fit_late_payment(sample_ledger(1), train_share=0.95)
