"""Financial ratios, trend and industry comparison (creditkit.evaluation.ratios)."""

import numpy as np
import pandas as pd
import pytest

from creditkit.errors import SchemaError
from creditkit.evaluation import (
    RATIOS,
    EvaluationError,
    financial_ratios,
    industry_comparison,
    load_benchmarks,
    normalize_statement,
    ratio_trend,
    traffic_light,
)

# A small firm (10k yuan), two years, Chinese line names.
STATEMENT_ZH = pd.DataFrame(
    {
        2023: [80, 20, 150, 200, 500, 1000, 250, 600, 1200, 900, 100, 10, 90, 60, 75],
        2024: [60, 0, 180, 260, 560, 1100, 320, 700, 1300, 1010, 80, 20, 60, 40, 30],
    },
    index=["货币资金", "交易性金融资产", "应收账款", "存货", "流动资产合计", "资产总计", "流动负债合计",
           "负债合计", "营业收入", "营业成本", "营业利润", "利息费用", "利润总额", "净利润",
           "经营活动产生的现金流量净额"],
)


def test_chinese_and_english_names_map_to_same_keys():
    en = STATEMENT_ZH.copy()
    en.index = ["Cash", "Marketable securities", "Accounts receivable", "Inventory", "Total current assets",
                "Total assets", "Total current liabilities", "Total liabilities", "Revenue", "Cost of sales",
                "Operating profit", "Interest expense", "Profit before tax", "Net income", "Operating cash flow"]
    pd.testing.assert_frame_equal(normalize_statement(STATEMENT_ZH), normalize_statement(en))


def test_derived_lines():
    s = normalize_statement(STATEMENT_ZH)
    assert s.loc["total_equity", 2023] == 400  # 1000 - 600
    assert s.loc["ebit", 2023] == 100  # 90 + 10


def test_ratio_definitions_year_2023():
    r = financial_ratios(STATEMENT_ZH)[2023]
    assert r["current_ratio"] == pytest.approx(500 / 250)
    assert r["quick_ratio"] == pytest.approx((500 - 200) / 250)
    assert r["cash_ratio"] == pytest.approx((80 + 20) / 250)
    assert r["debt_to_assets"] == pytest.approx(0.6)
    assert r["debt_to_equity"] == pytest.approx(600 / 400)
    assert r["interest_coverage"] == pytest.approx(100 / 10)
    assert r["receivable_turnover"] == pytest.approx(1200 / 150)
    assert r["receivable_days"] == pytest.approx(365 * 150 / 1200)
    assert r["inventory_turnover"] == pytest.approx(900 / 200)
    assert r["inventory_days"] == pytest.approx(365 * 200 / 900)
    assert r["roa"] == pytest.approx(60 / 1000)
    assert r["roe"] == pytest.approx(60 / 400)
    assert r["gross_margin"] == pytest.approx(300 / 1200)
    assert r["operating_margin"] == pytest.approx(100 / 1200)
    assert r["net_margin"] == pytest.approx(60 / 1200)
    assert r["operating_cash_flow_ratio"] == pytest.approx(75 / 250)
    assert r["cash_flow_to_debt"] == pytest.approx(75 / 600)
    assert r["cash_flow_to_net_income"] == pytest.approx(75 / 60)
    assert set(r.index) == set(RATIOS)


def test_item_column_and_dict_forms():
    df = STATEMENT_ZH.reset_index().rename(columns={"index": "项目"})
    pd.testing.assert_frame_equal(financial_ratios(df), financial_ratios(STATEMENT_ZH))
    r = financial_ratios({"current_assets": 300, "current_liabilities": 200}, missing="skip")
    assert r.loc["current_ratio", 0] == 1.5


def test_missing_lines_raise_schema_error_naming_them():
    partial = STATEMENT_ZH.drop(index=["存货"])
    with pytest.raises(SchemaError, match="inventory"):
        financial_ratios(partial)


def test_missing_lines_skip_drops_those_ratios():
    r = financial_ratios(STATEMENT_ZH.drop(index=["存货"]), missing="skip")
    assert "quick_ratio" not in r.index and "inventory_days" not in r.index
    assert "current_ratio" in r.index


def test_zero_total_assets_is_an_error():
    bad = STATEMENT_ZH.copy()
    bad.loc["资产总计", 2024] = 0
    with pytest.raises(EvaluationError, match="total_assets.*2024"):
        financial_ratios(bad)


def test_zero_interest_gives_nan_coverage():
    s = STATEMENT_ZH.copy()
    s.loc["利息费用", 2024] = 0
    assert np.isnan(financial_ratios(s).loc["interest_coverage", 2024])


def test_non_numeric_value_is_an_error():
    s = STATEMENT_ZH.astype(object)
    s.loc["货币资金", 2023] = "abc"
    with pytest.raises(EvaluationError, match="numeric"):
        financial_ratios(s)


def test_duplicate_lines_are_an_error():
    s = pd.concat([STATEMENT_ZH, STATEMENT_ZH.loc[["货币资金"]].rename(index={"货币资金": "Cash"})])
    with pytest.raises(EvaluationError, match="cash"):
        normalize_statement(s)


def test_unknown_lines_warn():
    s = pd.concat([STATEMENT_ZH, pd.DataFrame({2023: [1], 2024: [2]}, index=["商誉"])])
    with pytest.warns(UserWarning, match="商誉"):
        normalize_statement(s)


def test_bad_missing_option_is_an_error():
    with pytest.raises(ValueError, match="missing"):
        financial_ratios(STATEMENT_ZH, missing="ignore")


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError):
        financial_ratios([1, 2, 3])


def test_trend_respects_direction():
    t = ratio_trend(financial_ratios(STATEMENT_ZH))
    assert t.loc["current_ratio", "trend"] == "worsening"  # 2.0 -> 1.75
    assert t.loc["receivable_days", "trend"] == "worsening"  # days up
    assert t.loc["debt_to_assets", "change"] == pytest.approx(700 / 1100 - 0.6)


def test_trend_needs_two_periods():
    with pytest.raises(EvaluationError):
        ratio_trend(financial_ratios(STATEMENT_ZH)[[2023]])


def test_benchmarks_are_labelled_illustrative_and_well_formed():
    b = load_benchmarks()
    assert "illustrative" in b.attrs["source"].lower()
    assert (b.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    assert set(b.index.get_level_values("ratio")) <= set(RATIOS)


def test_industry_percentile_interpolation_and_lights():
    # manufacturing current_ratio quantiles: 0.9, 1.1, 1.4, 1.8, 2.4
    t = industry_comparison({"current_ratio": 1.6, "debt_to_assets": 0.55, "receivable_days": 150}, "manufacturing")
    assert t.loc["current_ratio", "percentile"] == pytest.approx(62.5)
    assert t.loc["current_ratio", "light"] == "green"
    # lower is better: median debt ratio -> goodness 50 -> green; p90-beyond receivable days -> red
    assert t.loc["debt_to_assets", "goodness"] == pytest.approx(50)
    assert t.loc["receivable_days", "percentile"] == 90
    assert t.loc["receivable_days", "light"] == "red"


def test_industry_comparison_takes_last_period_of_a_table():
    t = industry_comparison(financial_ratios(STATEMENT_ZH), "wholesale_retail")
    assert t.loc["current_ratio", "value"] == pytest.approx(560 / 320)


def test_unknown_industry_is_an_error():
    with pytest.raises(ValueError, match="industry"):
        industry_comparison({"current_ratio": 1.0}, "mining")


def test_traffic_light_bands():
    assert traffic_light([50, 49.9, 25, 24.9, np.nan]).tolist() == ["green", "amber", "amber", "red", "n/a"]


def test_custom_benchmark_file(tmp_path):
    p = tmp_path / "b.yaml"
    p.write_text("source: mine\nindustries:\n  x:\n    ratios:\n      current_ratio: [1, 2, 3, 4, 5]\n", encoding="utf-8")
    b = load_benchmarks(p)
    assert industry_comparison({"current_ratio": 3}, "x", benchmarks=b).loc["current_ratio", "percentile"] == 50


def test_bad_benchmark_file_is_an_error(tmp_path):
    p = tmp_path / "b.yaml"
    p.write_text("industries:\n  x:\n    ratios:\n      current_ratio: [3, 2, 1, 4, 5]\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match="ascending"):
        load_benchmarks(p)
