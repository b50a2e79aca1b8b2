"""Tests of creditkit.provision: aging-schedule method and provision matrix."""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.receivables.aging import age_receivables
from creditkit.receivables.provision import (
    CN_AGING_EDGES, CN_AGING_RATES, aging_schedule_provision, customer_provision, loss_rates_from_roll_rates,
    provision_matrix, roll_rates_from_history,
)

BAL = {"current": 30_000_000, "1-30": 14_000_000, "31-60": 6_000_000, "61-90": 2_300_000, ">90": 500_000}


def test_aging_schedule_worked_example():
    # 2%, 4%, 8.7%, 25%, 100% on 300,000 / 140,000 / 60,000 / 23,000 / 5,000 yuan → 27,570
    r = aging_schedule_provision(BAL, {"current": 0.02, "1-30": 0.04, "31-60": 0.087, "61-90": 0.25, ">90": 1.0})
    assert r.total_cents == 2_757_000
    assert r.table["provision_cents"].tolist() == [600_000, 560_000, 522_000, 575_000, 500_000]
    assert r.method == "aging_schedule"
    assert r.coverage == pytest.approx(27_570 / 528_000)


def test_ifrs9_illustrative_example_provision_matrix():
    # IFRS 9 IE Example 12: CU 30 million of trade receivables, lifetime ECL CU 580,000
    bal = pd.Series([15_000_000_00, 7_500_000_00, 4_000_000_00, 2_500_000_00, 1_000_000_00],
                    index=["current", "1-30", "31-60", "61-90", ">90"])
    r = provision_matrix(bal, loss_rates=[0.003, 0.016, 0.036, 0.066, 0.106])
    assert r.table["provision_cents"].tolist() == [45_000_00, 120_000_00, 144_000_00, 165_000_00, 106_000_00]
    assert r.total_cents == 580_000_00


def test_rounding_half_up_per_bucket():
    r = aging_schedule_provision([1, 3, 5], [0.5, 0.5, 0.1])  # 0.5 → 1, 1.5 → 2, 0.5 → 1
    assert r.table["provision_cents"].tolist() == [1, 2, 1] and r.total_cents == 4


def test_roll_rates_and_loss_rates_by_hand():
    # three month-ends of balances (current, 1-30, 31-60, >60)
    h = pd.DataFrame({"current": [1000, 1200, 1100], "1-30": [300, 250, 330], "31-60": [100, 120, 80],
                      ">60": [40, 60, 62]})
    rr = roll_rates_from_history(h)
    # current→1-30: (250 + 330) / (1000 + 1200); 1-30→31-60: (120 + 80) / (300 + 250); 31-60→>60: (60+62)/(100+120)
    assert rr.tolist() == pytest.approx([580 / 2200, 200 / 550, 122 / 220])
    lr = loss_rates_from_roll_rates(rr)
    assert lr.tolist() == pytest.approx([580 / 2200 * 200 / 550 * 122 / 220, 200 / 550 * 122 / 220, 122 / 220, 1.0])
    bal = pd.Series([100_000, 20_000, 10_000, 5_000], index=h.columns)
    r = provision_matrix(bal, history=h)
    expect = [round(b * x) for b, x in zip(bal, lr)]
    assert r.table["provision_cents"].tolist() == expect
    adj = provision_matrix(bal, history=h, forward_adjustment=1.1)
    assert adj.table["rate"].iloc[-1] == 1.0 and adj.table["rate"].iloc[0] == pytest.approx(lr.iloc[0] * 1.1)


def test_roll_rate_capped_at_one():
    lr = loss_rates_from_roll_rates(pd.Series([1.5, 0.5], index=["a", "b"]))
    assert lr.tolist() == [0.5, 0.5, 1.0]


def test_with_aging_result_and_customers():
    t = pd.DataFrame({"customer_id": ["A", "B"], "customer_name": ["甲", "乙"], "doc_type": ["invoice"] * 2,
                      "doc_no": ["I1", "I2"], "doc_date": pd.to_datetime(["2020-01-01", "2025-05-01"]),
                      "due_date": pd.to_datetime(["2020-01-31", "2025-05-31"]), "amount_cents": [100_00, 200_00]})
    res = age_receivables(t, as_of="2025-06-30", by="invoice", buckets=CN_AGING_EDGES)
    r = aging_schedule_provision(res, CN_AGING_RATES)
    # A is over 5 years (100%), B within a year (5%)
    assert r.total_cents == 100_00 + 10_00
    cp = customer_provision(res, CN_AGING_RATES)
    assert cp.set_index("customer_id")["provision_cents"].to_dict() == {"A": 100_00, "B": 10_00}


def test_bad_arguments():
    with pytest.raises(ValueError, match="lacks a rate"):
        aging_schedule_provision(BAL, {"current": 0.1})
    with pytest.raises(ValueError, match="one rate per bucket"):
        aging_schedule_provision(BAL, [0.1, 0.2])
    with pytest.raises(ValueError, match="between 0 and 1"):
        aging_schedule_provision(BAL, [0.1, 0.2, 0.3, 0.4, 1.5])
    with pytest.raises(TypeError, match="rates must be"):
        aging_schedule_provision(BAL, 0.1)
    with pytest.raises(TypeError, match="integer cents"):
        aging_schedule_provision(pd.Series([1.5]), [0.1])
    with pytest.raises(ValueError, match="negative"):
        aging_schedule_provision([-1], [0.1])
    with pytest.raises(TypeError, match="balances must be"):
        aging_schedule_provision("x", [0.1])
    with pytest.raises(ValueError, match="exactly one"):
        provision_matrix(BAL)
    with pytest.raises(ValueError, match="forward_adjustment"):
        provision_matrix(BAL, loss_rates=[0.1] * 5, forward_adjustment=-1)
    with pytest.raises(TypeError, match="forward_adjustment"):
        provision_matrix(BAL, loss_rates=[0.1] * 5, forward_adjustment="1.1")
    with pytest.raises(ValueError, match="history columns"):
        provision_matrix(BAL, history=pd.DataFrame({"a": [1, 2], "b": [1, 2]}))
    with pytest.raises(ValueError, match="at least 2 periods"):
        roll_rates_from_history(pd.DataFrame({"a": [1], "b": [1]}))
    with pytest.raises(TypeError, match="history must be"):
        roll_rates_from_history([1, 2])
    with pytest.raises(ValueError, match="non-negative"):
        roll_rates_from_history(pd.DataFrame({"a": [1, -2], "b": [1, 2]}))
    with pytest.raises(ValueError, match="final_loss_rate"):
        loss_rates_from_roll_rates(pd.Series([0.1]), final_loss_rate=2)
    with pytest.raises(TypeError, match="roll_rates must be"):
        loss_rates_from_roll_rates([0.1])
    with pytest.raises(TypeError, match="AgingResult"):
        customer_provision(BAL, [0.1])


def _half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_forward_adjustment_is_applied_in_decimals():
    # 10.00 yuan × 3 % × 1.15 = 0.345 yuan → 0.35; float rates give 0.034499999999999996 and 0.34
    r = provision_matrix([1000], loss_rates=[0.03], forward_adjustment=1.15)
    assert r.table["provision_cents"].tolist() == [35] and r.total_cents == 35
    assert r.table["rate"].iloc[0] == 0.0345
    assert provision_matrix([1000], loss_rates=[0.03], forward_adjustment=Decimal("1.15")).total_cents == 35


def test_loss_rates_from_history_are_multiplied_in_decimals():
    # roll rates 700/1000 = 0.7 and 10/100 = 0.1: loss rate 0.07 (floats: 0.06999999999999999)
    h = pd.DataFrame({"current": [1000, 1000], "1-30": [100, 700], ">30": [0, 10]})
    assert loss_rates_from_roll_rates(roll_rates_from_history(h)).tolist() == [0.07, 0.1, 1.0]
    r = provision_matrix(pd.Series([50, 0, 0], index=h.columns), history=h)
    assert r.table["provision_cents"].tolist() == [4, 0, 0]  # 50 × 0.07 = 3.5 → 4


# any balance, or one of 5,000 yuan × an odd number, whose product with an odd rate (in basis points)
# and an odd factor (in per cent) ends in exactly half a cent
BALANCES = st.one_of(st.integers(0, 10**11), st.integers(0, 10**5).map(lambda u: 500_000 * (2 * u + 1)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(BALANCES, st.integers(0, 10**4)), min_size=1, max_size=6), st.integers(0, 300))
def test_provision_matrix_equals_the_decimal_reference(buckets, factor_pct):
    balances = [b for b, _ in buckets]
    rates = [bp / 10**4 for _, bp in buckets]
    factor = factor_pct / 100
    r = provision_matrix(balances, loss_rates=rates, forward_adjustment=factor)
    expect = [_half_up(Decimal(b) * min(Decimal(str(x)) * Decimal(str(factor)), Decimal(1)))
              for b, x in zip(balances, rates)]
    assert r.table["provision_cents"].tolist() == expect
    assert r.total_cents == sum(expect)
    plain = aging_schedule_provision(balances, rates)
    assert plain.table["provision_cents"].tolist() == [_half_up(Decimal(b) * Decimal(str(x)))
                                                       for b, x in zip(balances, rates)]


def test_every_half_cent_case_of_a_grid_rounds_up():
    # balances 0.01–10.00 yuan, rates 1 %–20 %, factors 1.05–1.50: 1,661 products end in exactly half a
    # cent, and 146 of them come out a cent low when the rate is multiplied by the factor in floats
    cents = np.arange(1, 1001)
    ties = 0
    for pct in range(1, 21):
        for f in range(105, 151, 5):
            r = provision_matrix(list(cents), loss_rates=[pct / 100] * len(cents), forward_adjustment=f / 100)
            exact = cents * pct * f  # provision × 10**4
            expect = (2 * exact + 10**4) // (2 * 10**4)
            assert r.table["provision_cents"].tolist() == expect.tolist(), (pct, f)
            ties += int((exact % 10**4 == 5000).sum())
    assert ties == 1_661


def test_customer_provision_equals_bucket_by_bucket_decimals():
    t = pd.DataFrame({"customer_id": ["A", "A", "B"], "customer_name": ["甲", "甲", "乙"],
                      "doc_type": ["invoice"] * 3, "doc_no": ["I1", "I2", "I3"],
                      "doc_date": pd.to_datetime(["2023-01-01", "2025-05-01", "2025-05-01"]),
                      "due_date": pd.to_datetime(["2023-01-31", "2025-05-31", "2025-05-31"]),
                      "amount_cents": [1_50, 10_00, 3_30]})
    res = age_receivables(t, as_of="2025-06-30", by="invoice", buckets=CN_AGING_EDGES)
    rates = [0.05, 0.1, 0.3, 0.5, 0.8, 1.0]
    cp = customer_provision(res, rates).set_index("customer_id")["provision_cents"].to_dict()
    # A: 10.00 × 5 % = 0.50 and 1.50 × 30 % = 0.45; B: 3.30 × 5 % = 0.165 → 0.17
    assert cp == {"A": 95, "B": 17}


def test_allowance_adjustment_pinned_by_the_published_example():
    # 万胜商厦, 2001-12-31 (maketool.cn, "采用账龄分析法怎样估计与提取坏账准备"): required 4,970
    from creditkit.receivables.provision import allowance_adjustment

    top_up = allowance_adjustment(497_000, 153_000)  # credit balance 1,530 → 应补提 3,440
    assert (top_up.kind, top_up.amount_cents) == ("top_up", 344_000)
    assert (top_up.debit_account, top_up.credit_account) == ("信用减值损失", "坏账准备")
    assert allowance_adjustment(497_000, -36_000).amount_cents == 533_000  # debit balance 360 → 5,330
    back = allowance_adjustment(497_000, 600_000)  # more than required → 冲回 1,030
    assert (back.kind, back.amount_cents, back.debit_account) == ("reversal", 103_000, "坏账准备")
    assert allowance_adjustment(497_000, 497_000).kind == "none"
    with pytest.raises(TypeError, match="whole cents"):
        allowance_adjustment(4970.0, 0)
    with pytest.raises(ValueError, match="required must be"):
        allowance_adjustment(-1, 0)
