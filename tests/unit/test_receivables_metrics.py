"""Tests of creditkit.receivables.metrics: DSO, ADD, CEI, roll rates, trend."""

import math

import pandas as pd
import pytest

from creditkit.receivables.metrics import (
    average_days_delinquent, best_possible_dso, collection_effectiveness_index, collection_metrics, count_back_dso,
    dso, monthly_credit_sales, roll_rates, aging_trend,
)
from creditkit.cases import sample_ledger


def L(*rows):
    t = pd.DataFrame(rows, columns=["customer_id", "doc_type", "doc_no", "doc_date", "due_date", "amount_cents",
                                    "ref_doc_no"])
    t["customer_name"] = t["customer_id"]
    t["doc_date"] = pd.to_datetime(t["doc_date"]).astype("datetime64[ns]")
    t["due_date"] = pd.to_datetime(t["due_date"]).astype("datetime64[ns]")
    return t


def test_formulas_worked_example():
    # quarter of 90 days: sales 3,000,000; AR 1,200,000 of which 800,000 not yet due; AR at start 1,000,000
    d = dso(1_200_000, 3_000_000, 90)
    bp = best_possible_dso(800_000, 3_000_000, 90)
    assert (d, bp, average_days_delinquent(d, bp)) == (36.0, 24.0, 12.0)
    # CEI = (1,000,000 + 3,000,000 − 1,200,000) / (1,000,000 + 3,000,000 − 800,000) = 2.8 / 3.2
    assert collection_effectiveness_index(1_000_000, 3_000_000, 1_200_000, 800_000) == 87.5


def test_count_back():
    s = pd.Series([900, 1000, 1200], index=pd.to_datetime(["2025-04-30", "2025-05-31", "2025-06-30"]))
    assert count_back_dso(1200, s) == 30.0
    assert count_back_dso(1700, s) == 30 + 500 / 1000 * 31
    assert count_back_dso(2650, s) == 30 + 31 + 450 / 900 * 30
    with pytest.raises(ValueError, match="more history"):
        count_back_dso(5000, s)
    with pytest.raises(TypeError, match="month-end"):
        count_back_dso(1, [1, 2])


def test_collection_metrics_from_ledger_by_hand():
    t = L(("A", "invoice", "I0", "2025-03-15", "2025-04-14", 100_000, None),   # open at start (begin AR)
          ("A", "invoice", "I1", "2025-04-10", "2025-05-10", 300_000, None),
          ("A", "invoice", "I2", "2025-06-20", "2025-07-20", 200_000, None),
          ("A", "receipt", "R1", "2025-05-05", None, -100_000, "I0"),
          ("A", "receipt", "R2", "2025-06-01", None, -150_000, "I1"))
    m = collection_metrics(t, start="2025-04-01", end="2025-06-30")
    assert m.days == 91 and m.begin_ar_cents == 100_000 and m.credit_sales_cents == 500_000
    assert m.end_ar_cents == 350_000 and m.end_current_ar_cents == 200_000
    assert m.dso == pytest.approx(350_000 / 500_000 * 91)
    assert m.best_possible_dso == pytest.approx(200_000 / 500_000 * 91)
    assert m.add == pytest.approx(150_000 / 500_000 * 91)
    assert m.cei == pytest.approx((100_000 + 500_000 - 350_000) / (100_000 + 500_000 - 200_000) * 100)
    # count-back: June sales 200,000 (30 days), then May 0 (31 days), then 150,000 of April's 300,000
    assert m.count_back_dso == pytest.approx(30 + 31 + 0.5 * 30)
    assert m.as_dict()["start"] == "2025-04-01"


def test_monthly_sales_and_errors():
    t = L(("A", "invoice", "I1", "2025-01-05", "2025-02-05", 100, None),
          ("A", "opening_balance", "O1", "2025-01-01", "2025-01-01", 50, None))
    assert monthly_credit_sales(t, start="2025-01-01", end="2025-02-28").tolist() == [100, 0]
    with pytest.raises(ValueError, match="must not be before"):
        monthly_credit_sales(t, start="2025-02-01", end="2025-01-01")
    with pytest.raises(ValueError, match="credit_sales must be positive"):
        dso(1, 0, 30)
    with pytest.raises(ValueError, match="receivables must not be negative"):
        dso(-1, 1, 30)
    with pytest.raises(TypeError, match="days must be a number"):
        dso(1, 1, "30")
    with pytest.raises(ValueError, match="cannot exceed"):
        collection_effectiveness_index(1, 1, 1, 2)
    with pytest.raises(ValueError, match="must be positive"):
        collection_effectiveness_index(0, 0, 0, 0)


def test_roll_rates_between_dates():
    t = L(("A", "invoice", "I1", "2025-01-01", "2025-01-31", 1000, None),   # 1-30 at 02-28 → 31-60 at 03-31
          ("A", "invoice", "I2", "2025-02-01", "2025-03-03", 500, None),    # not due → 1-30, half paid
          ("A", "receipt", "R1", "2025-03-10", None, -250, "I2"),
          ("A", "invoice", "I3", "2025-01-05", "2025-01-20", 300, None),    # 31-60? no: 39 days → 31-60 → paid
          ("A", "receipt", "R2", "2025-03-15", None, -300, "I3"))
    m, r = roll_rates(t, from_date="2025-02-28", to_date="2025-03-31")
    assert m.loc["1-30", "31-60"] == 1000
    assert m.loc["not_due", "1-30"] == 250 and m.loc["not_due", "collected"] == 250
    assert m.loc["31-60", "collected"] == 300
    assert int(m.to_numpy().sum()) == 1800
    assert r.loc["not_due", "1-30"] == 0.5
    with pytest.raises(ValueError, match="after from_date"):
        roll_rates(t, from_date="2025-03-31", to_date="2025-02-28")


def test_trend_on_sample_ledger():
    t = sample_ledger(seed=3, n_customers=8, months=6)
    tr = aging_trend(t, start="2025-01-01", end="2025-06-30")
    assert list(tr.index.strftime("%Y-%m-%d")) == ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30",
                                                  "2025-05-31", "2025-06-30"]
    assert (tr.drop(columns=["total", "unapplied"]).sum(axis=1) == tr["total"]).all()
    m = collection_metrics(t, start="2025-04-01", end="2025-06-30")
    assert m.dso > 0 and 0 < m.cei <= 100 and m.add >= 0 and not math.isnan(m.count_back_dso)


def test_count_back_dso_with_30_day_months_pinned_by_the_published_example():
    # Benji Pays, "Mastering DSO Calculation: The Count-Back Method Explained": 60 + 32/70 × 30 = 73.7 days
    from creditkit.receivables.metrics import count_back_dso

    sales = pd.Series([70_000, 80_000, 100_000], index=pd.to_datetime(["2025-01-31", "2025-02-28", "2025-03-31"]))
    assert count_back_dso(212_000, sales, month_days=30) == pytest.approx(60 + 32 / 70 * 30)
    assert count_back_dso(212_000, sales) == pytest.approx(31 + 28 + 32 / 70 * 31)  # calendar days
    with pytest.raises(ValueError, match="month_days"):
        count_back_dso(212_000, sales, month_days=31)


def test_cei_both_conventions_pinned_by_the_published_examples():
    from creditkit.receivables.metrics import collection_effectiveness_index as cei

    # period credit sales (Gaviti): (100,000 + 1,000,000 − 120,000) / (100,000 + 1,000,000 − 100,000) = 98%
    assert cei(100_000, 1_000_000, 120_000, 100_000) == pytest.approx(98.0)
    # credit sales ÷ N months (CreditGuru, Jan-Mar): 3,490 / 6,240 = 55.9%
    assert cei(6_200, 10_890, 6_340, 3_590, months=3) == pytest.approx(3_490 / 6_240 * 100)
    assert round(cei(6_200, 10_890, 6_340, 3_590, months=3), 1) == 55.9
    with pytest.raises(ValueError, match="months must be"):
        cei(6_200, 10_890, 6_340, 3_590, months=0)
