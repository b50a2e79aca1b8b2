"""Cash discounts, carrying cost, policy changes, insurance and break-evens, pinned to worked examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from creditkit import policy
from creditkit.errors import ConfigError
from creditkit.policy import pct_text

STYLISH = dict(sales_old=100_000, sales_new=150_000, variable_cost_ratio=0.6, cost_of_capital=0.10,
               dso_old=0, dso_new=30)


def test_two_ten_net_thirty_is_37_24_simple_and_44_59_compound():
    c = policy.cost_of_forgoing_discount(0.02, 10, 30)
    assert pct_text(c.simple) == "37.24%" and pct_text(c.compound) == "44.59%"
    assert c.simple == Decimal("0.02") / Decimal("0.98") * Decimal(365) / Decimal(20)
    t = c.table("zh")
    assert t["rate"].tolist() == ["37.24%", "44.59%"] and "单利" in t["method"][0] and "复利" in t["method"][1]
    assert "37.24%" in c.sentence("zh") and "44.59%" in c.sentence("en")


def test_stretching_payment_lowers_the_cost_and_says_so():
    c = policy.cost_of_forgoing_discount(0.02, 10, 30, pay_day=60)
    assert pct_text(c.simple) == "14.90%"  # 0.02/0.98 × 365/50
    assert pct_text(c.compound) == "15.89%"
    assert "晚 30 天" in c.sentence("zh") and "30 days after" in c.sentence("en")
    assert pct_text(policy.cost_of_forgoing_discount(0.01, 10, 30, days_in_year=360).simple) == "18.18%"


@pytest.mark.parametrize("args, kw, err", [
    ((0, 10, 30), {}, ValueError), ((1.2, 10, 30), {}, ValueError), ((0.02, 30, 30), {}, ValueError),
    ((0.02, 10, 30), {"pay_day": 5}, ValueError), (("x", 10, 30), {}, TypeError), ((0.02, 10.5, 30), {}, TypeError),
])
def test_discount_cost_refuses_bad_terms(args, kw, err):
    with pytest.raises(err):
        policy.cost_of_forgoing_discount(*args, **kw)


def test_sales_to_recover_and_carrying_cost():
    assert policy.sales_to_recover_bad_debt(10_000, 0.05) == 200_000.0
    assert policy.sales_to_recover_bad_debt(1, 0.03) == 33.33  # 33.333… rounded once
    assert policy.receivables_carrying_cost(7_300_000, 45, 0.10) == 90_000.0
    with pytest.raises(ValueError):
        policy.sales_to_recover_bad_debt(100, 0)


def test_brigham_stylish_fashions_thirty_day_terms():
    # Brigham & Ehrhardt, Financial Management: Theory and Practice, ch. 27, "Analyzing Proposed Changes in Credit
    # Policy: Incremental Analysis", "Lengthening the Credit Period" (Stylish Fashions: cash only, sales 100,000 →
    # 150,000 on 30-day terms, V = 60 %, r = 10 %, bad debts 2 % of total sales), inputs as posted at
    # https://www.coursehero.com/file/8681505/27-3-Analyzing-Proposed-Changes-in-Credit-Policy-Incremental/ ;
    # the chapter's results ΔI = $10,685, ΔP = $15,931 (the posted excerpt stops before them).
    c = policy.credit_policy_change(**STYLISH, bad_debt_new=0.02)
    assert round(float(c.investment_change)) == 10_685
    assert abs(c.profit_change - 15_931) < 1  # the book rounds ΔI to 10,685 first; exact: 15,931.51
    comp = c.components
    assert comp["extra_contribution"] == 20_000 and comp["extra_bad_debt"] == 3_000
    assert c.table("en")["shown"].tolist() == ["20,000.00", "-1,068.49", "-3,000.00", "0.00", "15,931.51"]
    assert "15,931.51" in c.sentence("zh") and "值得" in c.sentence("zh")


def test_brigham_stylish_fashions_with_forty_day_dso():
    # same example with DSO_N = 40: ΔI = $14,247, ΔP = $15,575
    c = policy.credit_policy_change(**{**STYLISH, "dso_new": 40}, bad_debt_new=0.02)
    assert round(float(c.investment_change)) == 14_247 and abs(c.profit_change - 15_575) < 1


def test_brigham_ehrhardt_problem_27_2_tightening_on_the_variable_cost_basis():
    # Brigham & Ehrhardt, Financial Management: Theory and Practice (South-Western/Cengage), ch. 27,
    # "Answers and Solutions", problem 27-2, as posted at https://www.coursehero.com/file/6328984/FM27-4/ :
    # gross sales 2,500,000 → 2,375,000 (−125,000), variable costs 2,125,000 (V = 85 %), cost of funds 18 %,
    # DSO 95 → 35, no bad debts or discounts. The solution values receivables at variable cost,
    # "cost of carrying receivables = DSO × sales/365 × V × r": 99,555 → 34,844 (−64,711); profit before
    # credit costs −18,750; profit before taxes +45,961 (net income +27,577 at 40 % tax).
    kw = dict(sales_old=2_500_000, sales_new=2_375_000, variable_cost_ratio=0.85, cost_of_capital=0.18,
              dso_old=95, dso_new=35)
    assert policy.receivables_carrying_cost(2_125_000, 95, 0.18) == 99_554.79  # the book's 99,555
    assert policy.receivables_carrying_cost(2_018_750, 35, 0.18) == 34_844.18  # the book's 34,844
    c = policy.credit_policy_change(**kw, investment_basis="variable_cost")
    assert c.table("en")["shown"].tolist() == ["-18,750.00", "64,710.62", "0.00", "0.00", "45,960.62"]
    assert round(c.components["carrying_cost"]) == -64_711 and round(c.components["profit_change"]) == 45_961
    assert round(c.components["profit_change"] * Decimal("0.6")) == 27_576  # the book taxes its rounded 45,961
    assert "值得" in c.sentence("zh")
    # the incremental equations value the old sales' receivables at full price, so they credit more
    assert policy.credit_policy_change(**kw).profit_change == 56_501.71
    with pytest.raises(ValueError, match="investment_basis"):
        policy.credit_policy_change(**kw, investment_basis="sales")
    b = policy.break_even_bad_debt_rate(**{**kw, "sales_new": 2_500_000}, investment_basis="variable_cost")
    assert abs(policy.credit_policy_change(**{**kw, "sales_new": 2_500_000}, investment_basis="variable_cost",
                                           bad_debt_new=b.value).components["profit_change"]) < Decimal("1e-18")


def test_tightening_that_loses_sales_worked_by_hand():
    # The East Lansing Appliances problem (Brigham & Houston, Fundamentals of Financial Management, receivables
    # chapter), statement as posted at https://brainmass.com/economics/personal-finance-savings/incremental-pre-tax-profits-129337
    # (the answer posted there is a tutor's and applies the bad-debt rate to receivables, so it is not used).
    # Terms tightened: sales 15.0 → 14.5 million, DSO 60 → 30, bad debts 5 % → 3 % of sales, V = 60 %,
    # r = 15 %. Sales fall, so ΔI = (30 − 60) × 14.5M/365 + 0.6 × 60 × (−0.5M)/365
    # = −1,191,780.82 − 49,315.07 = −1,241,095.89; ΔP = −0.5M × 0.4 − 0.15 × ΔI − (0.03 × 14.5M − 0.05 × 15M)
    # = −200,000 + 186,164.38 + 315,000 = 301,164.38.
    c = policy.credit_policy_change(sales_old=15_000_000, sales_new=14_500_000, variable_cost_ratio=0.6,
                                    cost_of_capital=0.15, dso_old=60, dso_new=30, bad_debt_old=0.05,
                                    bad_debt_new=0.03)
    assert round(float(c.investment_change)) == -1_241_096
    assert c.profit_change == 301_164.38


def test_brigham_mini_case_discount_terms_on_a_360_day_year():
    # Brigham & Ehrhardt, ch. 27 mini case (Intermediate Financial Management, 14th ed., ch. 22 mini case), problem
    # at https://www.coursehero.com/file/6329005/FM27-25/ : net 30 → 2/10 net 20, gross sales 1,000,000 →
    # 1,100,000, DSO 0.8 × 30 + 0.2 × 40 = 32 → 0.6 × 10 + 0.3 × 20 + 0.1 × 30 = 15, bad debts 2 % → 1 % of gross
    # sales, 60 % of the paying customers (99 % of sales) take the discount, V = 75 %, r = 12 %. Answer as posted
    # at https://www.majortests.com/essay/Questions-On-Credit-Policy-604354.html (360-day year, receivables at
    # variable cost): discounts 1.1m × 99 % × 60 % × 2 % = 13,068; carrying cost 8,000 → 4,125; bad debts
    # 20,000 → 11,000; profit before tax 222,000 → 246,807 (+24,807).
    c = policy.credit_policy_change(sales_old=1_000_000, sales_new=1_100_000, variable_cost_ratio=0.75,
                                    cost_of_capital=0.12, dso_old=32, dso_new=15, bad_debt_old=0.02,
                                    bad_debt_new=0.01, discount_new=0.02, discount_share_new=0.99 * 0.6,
                                    days_in_year=360, investment_basis="variable_cost")
    assert c.table("en")["yuan"].tolist() == [25_000.0, 3_875.0, 9_000.0, -13_068.0, 24_807.0]
    assert c.profit_change == 24_807.0
    assert policy.receivables_carrying_cost(750_000, 32, 0.12, days_in_year=360) == 8_000.0
    assert policy.receivables_carrying_cost(825_000, 15, 0.12, days_in_year=360) == 4_125.0


def test_discount_term_follows_brigham():
    c = policy.credit_policy_change(sales_old=1_000_000, sales_new=1_000_000, variable_cost_ratio=0.7,
                                    cost_of_capital=0.1, dso_old=40, dso_new=40, discount_new=0.02,
                                    discount_share_new=0.5, discount_old=0.01, discount_share_old=0.2)
    assert c.components["extra_discount"] == Decimal("10000.00") - Decimal("2000.00")
    assert c.profit_change == -8_000.0 and "不划算" in c.sentence("zh")


def test_break_even_bad_debt_rate_zeroes_the_profit_change():
    b = policy.break_even_bad_debt_rate(**STYLISH)
    assert pct_text(b.value) == "12.62%"
    at = policy.credit_policy_change(**STYLISH, bad_debt_new=b.value)
    assert abs(at.components["profit_change"]) < Decimal("1e-20")
    t = b.table
    assert t["pays"].any() and (~t["pays"]).any()
    assert (t.loc[t["value"] < float(b.value), "pays"]).all()
    assert "12.62%" in b.sentence("zh") and "1,500.00" in b.sentence("zh") and "12.62%" in b.sentence("en")


def test_break_even_bad_debt_rate_when_nothing_pays():
    b = policy.break_even_bad_debt_rate(**{**STYLISH, "variable_cost_ratio": 1.0})
    assert b.value is None and "即使" in b.sentence("zh")
    with pytest.raises(TypeError):
        policy.break_even_bad_debt_rate(**STYLISH, bad_debt_new=0.01)
    with pytest.raises(TypeError):
        policy.break_even_bad_debt_rate(sales_old=1)


def test_break_even_discount():
    kw = dict(sales_old=10_000_000, sales_new=10_000_000, variable_cost_ratio=0.7, cost_of_capital=0.12,
              dso_old=60, dso_new=20, discount_share_new=0.5)
    b = policy.break_even_discount(**kw)
    # carrying cost saved: 0.12 × 40 × 10,000,000 / 365 = 131,506.85; over 5,000,000 of discounted sales
    assert pct_text(b.value) == "2.63%"
    assert abs(policy.credit_policy_change(**kw, discount_new=b.value).components["profit_change"]) < Decimal("1e-18")
    assert "2.63%" in b.sentence("zh") and "60" in b.sentence("en")
    with pytest.raises(ValueError):
        policy.break_even_discount(**{**kw, "discount_share_new": 0})


def test_credit_insurance_worked_example():
    r = policy.credit_insurance(20_000_000, premium_rate=0.003, expected_loss_rate=0.008, coverage=0.9,
                                deductible=20_000, waiting_days=150, cost_of_capital=0.06)
    assert r.table("zh")["yuan"].tolist() == [160_000.0, 126_000.0, 3_106.85, 60_000.0, 34_000.0, 62_893.15]
    assert r.pays and "62,893.15" in r.sentence("zh")
    dear = policy.credit_insurance(20_000_000, premium_rate=0.008, expected_loss_rate=0.008)
    assert not dear.pays and "一笔大额坏账" in dear.sentence("zh")


def test_break_even_premium_rate_matches_the_insurance_net():
    kw = dict(expected_loss_rate=0.008, deductible=20_000, waiting_days=150, cost_of_capital=0.06)
    b = policy.break_even_premium_rate(20_000_000, **kw)
    assert pct_text(b.value, 4) == "0.6145%"
    at = policy.credit_insurance(20_000_000, premium_rate=b.value, **kw)
    assert abs(at.components["net_benefit"]) < Decimal("1e-18")
    assert "0.614%" in b.sentence("zh") and "6,144.66" in b.sentence("en")


def test_guarantee_value():
    g = policy.guarantee_value(1_000_000, fee_rate=0.015, default_probability=0.05, loss_given_default=0.6,
                               coverage=0.8, guarantor_default_probability=0.1)
    assert g.table("en")["yuan"].tolist() == [30_000.0, 21_600.0, 0.0, 15_000.0, 8_400.0, 6_600.0]
    assert "划算" in g.sentence("zh")
    with pytest.raises(ValueError):
        policy.guarantee_value(1, fee_rate=2, default_probability=0.1)


def test_differentiated_policy_table():
    t = policy.differentiated_policy()
    assert len(t) == 5 * 4 and set(t["debtor_type"]) == set(policy.DEBTOR_TYPES)
    by = t.set_index(["grade", "debtor_type"])
    assert by.loc[("A", "willing_able"), "terms_days"] == 90 and by.loc[("A", "willing_unable"), "terms_days"] == 45
    assert by.loc[("A", "unwilling_unable"), "limit_multiplier"] == 0.0
    assert (t.loc[t["grade"].isin(["D", "E"]), "terms_days"] == 0).all()
    aaa = policy.differentiated_policy(scale="AAA-C", lang="en")
    assert len(aaa) == 9 * 4 and aaa["note"].str.contains("limit|Cash|attitude").all()


def test_differentiated_policy_file_errors_name_line_and_key(tmp_path):
    text = (policy.differentiated.resources.files("creditkit.policy") / "data" / "differentiated_policy.yaml").read_text(
        encoding="utf-8")
    bad = tmp_path / "p.yaml"
    bad.write_text(text.replace("    pace: 0.8\n", "    pace: fast\n"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"p\.yaml, line \d+: debtor type 'willing_unable' key 'pace' must be a number"):
        policy.differentiated_policy(path=bad)
    bad.write_text(text.replace("    guarantee: false\n", "    guarante: false\n", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'guarante'"):
        policy.load_differentiated_policy(bad)
