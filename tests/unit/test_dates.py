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
