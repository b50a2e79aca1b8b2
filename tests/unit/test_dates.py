"""Tests of creditkit.dates: parsing messy dates."""

import datetime as dt

import pandas as pd
import pytest

from creditkit.dates import days_between, parse_dates, to_date


@pytest.mark.parametrize(
    "value",
    ["2025-01-03", "2025/1/3", "2025.01.03", "2025年1月3日", "2025 年 1 月 3 日", "20250103", "45660", "45660.0",
     "2025-01-03 00:00:00", " 2025-01-03 ", dt.date(2025, 1, 3), pd.Timestamp("2025-01-03 10:30")],
)
def test_parse_dates_formats(value):
    d, bad = parse_dates(pd.Series([value], dtype=object))
    assert d.iloc[0] == pd.Timestamp("2025-01-03")
    assert not bad.iloc[0]


def test_excel_serial_numbers():
    d, bad = parse_dates(pd.Series([45658, 1, 60]))
    assert d.dt.strftime("%Y-%m-%d").tolist() == ["2025-01-01", "1899-12-31", "1900-02-28"]
    assert not bad.any()


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13-01", "2025/0/5", "20251301", "03/01/2025", "abc",
                                   "2025-1"])
def test_parse_dates_rejects(value):
    d, bad = parse_dates([value])
    assert pd.isna(d.iloc[0])
    assert bad.iloc[0]


def test_parse_dates_with_format():
    d, bad = parse_dates(["1/26/2013", "13/26/2013", ""], date_format="%m/%d/%Y")
    assert d.iloc[0] == pd.Timestamp("2013-01-26")
    assert bad.tolist() == [False, True, False]


def test_parse_dates_bad_format_type():
    with pytest.raises(TypeError, match="date_format"):
        parse_dates(["2025-01-01"], date_format=5)


def test_parse_dates_datetime_series_timezone_free():
    d, bad = parse_dates(pd.Series(pd.to_datetime(["2025-01-03 12:00"]).tz_localize("Asia/Shanghai")))
    assert d.iloc[0] == pd.Timestamp("2025-01-03")
    assert d.dt.tz is None


def test_existing_functions_still_work():
    assert to_date("2025-06-30") == pd.Timestamp("2025-06-30")
    assert days_between("2025-01-31", "2025-03-01") == 29


def test_dates_beyond_the_timestamp_range_are_unreadable_cells():
    """A year past 2261 (or before 1678) is a bad cell, not an out-of-bounds error, with or without a format."""
    d, bad = parse_dates(["2500-01-03", "2500年1月3日", "1600/1/1", "2261-12-31", ""])
    assert bad.tolist() == [True, True, True, False, False]
    assert d.iloc[3] == pd.Timestamp("2261-12-31")
    d, bad = parse_dates(["01/03/2500", "01/03/2025"], date_format="%m/%d/%Y")
    assert bad.tolist() == [True, False]


def test_a_far_date_in_an_export_names_line_and_column(tmp_path):
    from creditkit.errors import LedgerError
    from creditkit.receivables import load_ledger

    p = tmp_path / "ar.csv"
    p.write_text("客户编码,客户名称,单据类型,单据编号,单据日期,到期日,金额\n"
                 "C1,甲,销售发票,XS1,2025-01-03,2025-02-02,100\nC1,甲,销售发票,XS2,2025-01-03,2500-02-02,100\n",
                 encoding="utf-8")
    with pytest.raises(LedgerError, match=r"line 3, column '到期日'.*impossible or unreadable date"):
        load_ledger(p)
