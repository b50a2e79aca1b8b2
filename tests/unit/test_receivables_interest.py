"""Late interest: court-style computations checked by hand, the EU Directive, contract rates, rate tables."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from creditkit.errors import ConfigError, ParameterError
from creditkit.receivables import interest as li


def _ledger(rows):
    cols = ["customer_id", "customer_name", "doc_type", "doc_no", "doc_date", "due_date", "amount_cents", "ref_doc_no"]
    t = pd.DataFrame(rows, columns=cols)
    t["doc_date"] = pd.to_datetime(t["doc_date"])
    t["due_date"] = pd.to_datetime(t["due_date"])
    t["amount_cents"] = t["amount_cents"].astype("int64")
    return t


CASE = _ledger([
    ("K1", "甲公司", "invoice", "I1", "2020-05-31", "2020-06-30", 10_000_000, None),
    ("K1", "甲公司", "receipt", "R1", "2020-12-31", None, -4_000_000, "I1"),
])


def test_lpr_case_by_hand_with_a_part_payment():
    # 货款 100,000 元 due 2020-06-30; breach 2020-07-01, LPR then 3.85 % (fixing of 2020-04-20), × 1.5 = 5.775 %.
    # 40,000 paid 2020-12-31: 40,000 × 5.775 % × 184 / 365 = 1,164.49;
    # 60,000 open to 2021-06-30: 60,000 × 5.775 % × 365 / 365 = 3,465.00; total 4,629.49.
    r = li.late_interest(CASE, as_of="2021-06-30")
    assert r.table[["principal_cents", "days", "settled_by", "interest_cents"]].values.tolist() == [
        [4_000_000, 184, "R1", 116_449], [6_000_000, 365, "open", 346_500]]
    assert all(x == Decimal("0.05775") for x in r.table["rate"]) and all(x == Decimal("0.0385") for x in r.table["base_rate"])
    assert r.table["start"].iloc[0] == pd.Timestamp("2020-07-01")
    assert r.invoices[["doc_no", "principal_cents", "interest_cents", "claim_cents"]].values.tolist() == [
        ["I1", 10_000_000, 462_949, 462_949]]
    assert r.total_cents == 462_949
    assert "第十八条" in r.note("zh") and "4,629.49" in r.note("zh") and "art. 18" in r.note("en")


def test_lpr_uplift_at_the_low_end():
    r = li.late_interest(CASE, as_of="2021-06-30", uplift=0.3)
    # 3.85 % × 1.3 = 5.005 %: 40,000 × 5.005 % × 184/365 = 368,368/365 = 1,009.227 → 1,009.23; 60,000 × 5.005 % = 3,003.00
    assert r.table["interest_cents"].tolist() == [100_923, 300_300]
    with pytest.raises(ValueError, match="30–50"):
        li.late_interest(CASE, as_of="2021-06-30", uplift=0.6)


def test_breach_before_the_lpr_reform_uses_the_benchmark_rate_and_360_rounds_half_up():
    t = _ledger([("K2", "乙公司", "invoice", "I9", "2019-03-01", "2019-03-31", 10_000_000, None),
                 ("K2", "乙公司", "receipt", "R9", "2019-09-30", None, -10_000_000, "I9")])
    r365 = li.late_interest(t, as_of="2019-12-31")
    # benchmark 4.35 % × 1.5 = 6.525 %; 183 days: 100,000 × 6.525 % × 183 / 365 = 3,271.44
    assert r365.table[["days", "interest_cents"]].values.tolist() == [[183, 327_144]]
    assert r365.table["base_rate"].iloc[0] == Decimal("0.0435")
    # on 360 days: 3,316.875 exactly, rounded half up to 3,316.88
    assert li.late_interest(t, as_of="2019-12-31", day_count=360).table["interest_cents"].tolist() == [331_688]


def test_eu_directive_changes_rate_each_half_year_and_adds_forty_euro():
    t = _ledger([("EX", "Export GmbH", "invoice", "E1", "2024-04-15", "2024-05-15", 1_000_000, None),
                 ("EX", "Export GmbH", "receipt", "P1", "2024-09-15", None, -1_000_000, "E1")])
    r = li.late_interest(t, as_of="2024-12-31", basis="eu_directive")
    # H1 2024: MRO on 1 Jan 4.50 % + 8 = 12.50 %, 46 days: 157.53; H2: 4.25 % + 8 = 12.25 %, 77 days: 258.42
    assert r.table[["days", "interest_cents"]].values.tolist() == [[46, 15_753], [77, 25_842]]
    assert [str(x) for x in r.table["rate"]] == ["0.125", "0.1225"]
    assert r.invoices[["days", "interest_cents", "compensation_cents", "claim_cents"]].values.tolist() == [
        [123, 41_595, 4_000, 45_595]]
    assert li.late_interest(t, as_of="2024-12-31", basis="eu_directive", compensation=False).total_cents == 41_595


def test_contract_rates_annual_and_daily():
    r = li.late_interest(CASE, as_of="2021-06-30", basis="contract", rate=0.12)
    # 40,000 × 12 % × 184/365 = 2,419.73; 60,000 × 12 % = 7,200.00
    assert r.table["interest_cents"].tolist() == [241_973, 720_000]
    d = li.late_interest(CASE, as_of="2021-06-30", basis="contract", daily_rate=0.0005)
    # 万分之五 a day: 40,000 × 0.0005 × 184 = 3,680.00; 60,000 × 0.0005 × 365 = 10,950.00
    assert d.table["interest_cents"].tolist() == [368_000, 1_095_000]
    with pytest.raises(ParameterError, match="exactly one"):
        li.late_interest(CASE, as_of="2021-06-30", basis="contract")
    with pytest.raises(ParameterError, match="contract"):
        li.late_interest(CASE, as_of="2021-06-30", rate=0.1)


def test_later_documents_do_not_change_the_interest_as_of_a_date():
    later = pd.concat([CASE, _ledger([("K1", "甲公司", "receipt", "R2", "2021-08-01", None, -6_000_000, "I1")])],
                      ignore_index=True)
    assert li.late_interest(later, as_of="2021-06-30").table.equals(li.late_interest(CASE, as_of="2021-06-30").table)


def test_unreferenced_money_accrues_nothing_and_is_reported():
    t = _ledger([("K1", "甲", "invoice", "I1", "2020-05-31", "2020-06-30", 10_000_000, None),
                 ("K1", "甲", "receipt", "R1", "2020-12-31", None, -4_000_000, None)])
    r = li.late_interest(t, as_of="2021-06-30")
    assert r.untraced_cents == 4_000_000 and r.table["principal_cents"].tolist() == [6_000_000]
    assert "40,000.00" in r.note("zh")


def test_dates_beyond_the_shipped_tables_are_refused_not_guessed(tmp_path):
    t = _ledger([("K1", "甲", "invoice", "I1", "2026-01-01", "2026-01-31", 100_000, None)])
    with pytest.raises(ParameterError, match="confirmed through 2025-11-20"):
        li.late_interest(t, as_of="2026-06-30")
    rates = tmp_path / "rates.yaml"
    rates.write_text("lpr_1y:\n  source: my bank\n  confirmed_through: 2026-12-31\n  changes:\n"
                     "    2019-08-20: 4.25\n    2026-01-20: 2.90\n", encoding="utf-8")
    r = li.late_interest(t, as_of="2026-06-30", rates=rates)
    assert str(r.table["rate"].iloc[0]) == "0.0435"  # 2.90 % × 1.5
    with pytest.raises(ParameterError, match="starts on 2008-12-23"):
        li.cn_late_payment_rate("2005-01-01")


def test_rate_file_errors_name_file_line_and_key(tmp_path):
    bad = tmp_path / "r.yaml"
    bad.write_text("lpr_1y:\n  source: x\n  confirmed_through: 2026-01-01\n  changes:\n    2019-08-20: high\n",
                   encoding="utf-8")
    with pytest.raises(ConfigError, match=r"r\.yaml, line 5: rate table 'lpr_1y' change 2019-08-20 key .* must be a number"):
        li.rate_table("lpr_1y", path=bad)
    bad.write_text("lpr_1y:\n  sauce: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'sauce'"):
        li.rate_table("lpr_1y", path=bad)


def test_shipped_tables_carry_their_sources_and_known_fixings():
    lpr = li.rate_table("lpr_1y")
    assert "chinamoney" in lpr.source and lpr.changes.index[0] == li.LPR_REFORM_DATE
    assert str(li.rate_on(lpr, "2022-08-22")) == "0.0365" and str(li.rate_on(lpr, "2024-08-20")) == "0.0335"
    assert str(li.rate_on(li.rate_table("benchmark_1y"), "2015-09-01")) == "0.046"
    ecb = li.rate_table("ecb_mro")
    assert "ecb.europa.eu" in ecb.source and str(li.rate_on(ecb, "2025-06-11")) == "0.0215"
    assert str(li.eu_reference_rate("2025-08-01")) == "0.0215" and str(li.eu_reference_rate("2023-03-01")) == "0.025"


def test_benchmark_era_worked_example_of_the_thirty_to_fifty_percent_uplift():
    # "逾期支付货款违约金的计算办法", 360doc, 2019-06-05,
    # http://www.360doc.com/content/19/0605/14/1544458_840567809.shtml : on 10,000 元 overdue for a year, the
    # one-year benchmark 4.35 % raised by 30 % is 5.655 % and by 50 % is 6.525 %, so the penalty for the year is
    # 565.5 to 652.5 元.
    t = _ledger([("K3", "丙公司", "invoice", "I3", "2017-12-01", "2017-12-31", 1_000_000, None)])
    top = li.late_interest(t, as_of="2018-12-31")
    assert top.table[["days", "interest_cents"]].values.tolist() == [[365, 65_250]]
    assert str(top.table["rate"].iloc[0]) == "0.06525" and str(top.table["base_rate"].iloc[0]) == "0.0435"
    low = li.late_interest(t, as_of="2018-12-31", uplift=0.3)
    assert low.total_cents == 56_550 and str(low.table["rate"].iloc[0]) == "0.05655"


def test_lpr_era_claim_rate_is_the_lpr_at_the_breach_plus_fifty_percent():
    # A concrete-supply claim quoted at http://www.electedteal.com/wenda/detail/nofollow/xt/10111486 : 货款本金
    # 6,973,215.42 元, 违约金 "自 2023 年 9 月 1 日起按年利率 3.45% 加计 50%": the one-year LPR fixed on
    # 2023-08-21 is 3.45 %, so the rate is 5.175 %. (The claim then counts the period to 2024-02-29 as half a
    # year, 6,973,215.42 × 5.175 % / 2 = 180,431.95, stated as 180,431; the kit counts days.)
    base, rate, key = li.cn_late_payment_rate("2023-09-01")
    assert (str(base), str(rate), key) == ("0.0345", "0.05175", "lpr_1y")


def test_same_period_lpr_judgment_case_reproduced_to_the_cent():
    # A judgment quoted in a 会计学堂 (chinaacc) Q&A, mirrored at
    # http://m.yinshua168.com.cn/wenda/detail/nofollow/xt/10032914 : "利息暂计 18475.56 元（以 320000 为基数，
    # 自 2023 年 5 月 16 日起按同期一年期贷款市场报价利率计算至实际付清之日止，暂计算至 2025 年 1 月 14 日）".
    # 同期 LPR changes with each fixing (3.65 → 3.55 on 2023-06-20 → 3.45 on 2023-08-21 → 3.35 on 2024-07-22
    # → 3.10 on 2024-10-21) and the court counts a 360-day year:
    # 320,000 × (3.65 % × 35 + 3.55 % × 62 + 3.45 % × 336 + 3.35 % × 91 + 3.10 % × 86) / 360 = 18,475.56.
    t = _ledger([("K4", "丁公司", "invoice", "I4", "2023-04-15", "2023-05-15", 32_000_000, None)])
    r = li.late_interest(t, as_of="2025-01-14", basis="cn_lpr_floating", uplift=0, day_count=360)
    assert r.table["days"].tolist() == [35, 62, 336, 91, 86]
    assert [str(x) for x in r.table["rate"]] == ["0.0365", "0.0355", "0.0345", "0.0335", "0.031"]
    assert r.total_cents == 1_847_556
    assert r.invoices[["principal_cents", "days", "claim_cents"]].values.tolist() == [[32_000_000, 610, 1_847_556]]
    assert "同期" in r.note("zh") and "18,475.56" in r.note("zh") and "加计" not in r.note("zh")
    assert "each fixing" in r.note("en")


def test_same_period_lpr_crosses_the_reform_and_bounds_its_uplift():
    # 100,000 due 2019-07-31, open to 2019-09-30, by hand: benchmark 4.35 % for 2019-08-01..19 (19 days) = 226.44;
    # LPR 4.25 % for 2019-08-20..09-19 (31 days) = 360.96; LPR 4.20 % for 2019-09-20..30 (11 days) = 126.58.
    t = _ledger([("K5", "戊公司", "invoice", "I5", "2019-07-01", "2019-07-31", 10_000_000, None)])
    r = li.late_interest(t, as_of="2019-09-30", basis="cn_lpr_floating", uplift=0)
    assert r.table[["days", "interest_cents"]].values.tolist() == [[19, 22_644], [31, 36_096], [11, 12_658]]
    assert r.total_cents == 71_398 and r.invoices["days"].tolist() == [61]
    # with 50 % on top, each period at 1.5 times its rate: 339.66 + 541.44 + 189.86
    up = li.late_interest(t, as_of="2019-09-30", basis="cn_lpr_floating")
    assert up.table["interest_cents"].tolist() == [33_966, 54_144, 18_986] and "加计 50%" in up.note("zh")
    for bad in (-0.1, 0.6):
        with pytest.raises(ValueError, match="between 0 and 0.5"):
            li.late_interest(t, as_of="2019-09-30", basis="cn_lpr_floating", uplift=bad)
