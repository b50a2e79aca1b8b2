"""Tests of creditkit.money: parsing messy amounts to integer cents."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditkit.money import cents_to_yuan, format_cents, parse_amounts, round_half_up, yuan_to_cents


@pytest.mark.parametrize(
    "text, cents",
    [
        ("1,234.50", 123450),
        ("￥1,234.50", 123450),
        ("¥ 1 234.50元", 123450),
        ("(1,234.50)", -123450),
        ("-1234.5", -123450),
        ("1234.50-", -123450),
        ("+7", 700),
        (".5", 50),
        ("12.", 1200),
        ("２，３４５.６７", 234567),  # full-width digits and comma
        ("RMB 10.00", 1000),
        ("2.675", 268),  # half away from zero on the decimal text
        ("-2.675", -268),
        ("0.004", 0),
        ("1e3", 100000),
    ],
)
def test_parse_amounts_formats(text, cents):
    got, bad = parse_amounts([text])
    assert got.iloc[0] == cents
    assert not bad.iloc[0]


@pytest.mark.parametrize("text", ["12,3x", "1.2.3", "abc", "--5", "-5-", "(1)-"])
def test_parse_amounts_rejects(text):
    got, bad = parse_amounts([text])
    assert pd.isna(got.iloc[0])
    assert bad.iloc[0]


def test_parse_amounts_empty_is_missing_not_bad():
    got, bad = parse_amounts(["", "  ", None, np.nan])
    assert got.isna().all()
    assert not bad.any()


def test_parse_amounts_numbers():
    got, bad = parse_amounts(pd.Series([1234.505, -0.1, 3.0]))
    assert got.tolist() == [123451, -10, 300]
    got, _ = parse_amounts(pd.Series([12, -3]))
    assert got.tolist() == [1200, -300]


@given(st.integers(min_value=-10**13, max_value=10**13))
def test_parse_amounts_round_trips_formatted_cents(c):
    got, bad = parse_amounts([format_cents(c), f"({format_cents(abs(c))})"])
    assert got.iloc[0] == c
    assert got.iloc[1] == -abs(c)
    assert not bad.any()


def test_existing_functions_still_work():
    assert round_half_up(2.675) == 2.68
    assert yuan_to_cents(1234.505) == 123451
    assert cents_to_yuan(123451) == 1234.51


def test_format_cents():
    assert format_cents(0) == "0.00"
    assert format_cents(-123456) == "-1,234.56"
