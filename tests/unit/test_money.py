"""Tests of creditkit.money: parsing amounts to integer cents, decimal rates, rounding half-up."""

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditkit.money import (
    cents_times, cents_to_yuan, format_cents, parse_amounts, round_half_up, to_decimal, yuan_to_cents,
)


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


def test_to_decimal_takes_the_decimal_text():
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(np.float64(1.15)) == Decimal("1.15")
    assert to_decimal(np.float32(0.1)) == Decimal("0.1")
    assert to_decimal(np.int64(7)) == 7
    assert to_decimal(" 0.0345 ") == Decimal("0.0345")
    assert to_decimal(0.03) * to_decimal(1.15) == Decimal("0.0345")


@pytest.mark.parametrize("value, error", [(True, TypeError), (None, TypeError), ([0.1], TypeError),
                                          ("3 %", ValueError), (float("nan"), ValueError),
                                          (Decimal("Infinity"), ValueError)])
def test_to_decimal_bad_values(value, error):
    with pytest.raises(error, match="rate"):
        to_decimal(value, name="rate")


def test_round_half_up_rounds_decimals_exactly():
    # 1,234,567.90 × 15 % = 185,185.185: exact in Decimal, 185,185.18499999… in floats
    assert round_half_up(Decimal("1234567.90") * Decimal("0.15")) == 185185.19
    assert round(1234567.90 * 0.15, 2) == 185185.18
    arr = np.array([Decimal("0.125"), Decimal("-0.125"), Decimal("NaN")], dtype=object)
    assert np.array_equal(round_half_up(arr), [0.13, -0.13, np.nan], equal_nan=True)


def test_cents_times_cited_case():
    # 10.00 yuan × 3 % × 1.15: 0.345 yuan rounds half-up to 0.35; in floats it comes out 0.34
    assert int(1000 * (0.03 * 1.15) + 0.5) == 34
    assert cents_times(1000, to_decimal(0.03) * to_decimal(1.15)) == 35


def test_cents_times_shapes_and_signs():
    assert cents_times(-25, "0.1") == -3 and cents_times(25, "-0.1") == -3 and cents_times(-25, "-0.1") == 3
    m = cents_times(np.array([[5, 15], [25, 35]]), [0.1, "0.3"])
    assert m.tolist() == [[1, 5], [3, 11]] and m.dtype == np.int64
    s = cents_times(pd.Series([5, 15], index=["a", "b"], name="x"), 0.1)
    assert s.to_dict() == {"a": 1, "b": 2} and s.name == "x"
    assert cents_times(10**17, "0.33") == 33 * 10**15  # beyond int64 products: Python integers
    big = 123_456_789_012_345
    assert cents_times(big, "0.123456789012345") == (2 * big * big + 10**15) // (2 * 10**15)


def test_cents_times_bad_arguments():
    with pytest.raises(TypeError, match="cents"):
        cents_times(1.5, 1)
    with pytest.raises(TypeError, match="cents"):
        cents_times(np.array([1, 2.5]), 1)
    with pytest.raises(TypeError, match="factor"):
        cents_times(100, None)
    with pytest.raises(ValueError, match="factor"):
        cents_times(100, float("inf"))


def _reference(cents, factor_text):
    return int((Decimal(cents) * Decimal(factor_text)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.integers(-10**12, 10**12), st.integers(0, 10**6), st.integers(0, 6))
def test_cents_times_equals_the_decimal_reference(cents, digits, places):
    text = str(Decimal(digits).scaleb(-places))
    assert cents_times(cents, text) == _reference(cents, text)
    assert cents_times(cents, float(text)) == _reference(cents, text)


@given(st.lists(st.integers(0, 10**8), min_size=1, max_size=8), st.integers(0, 4999), st.booleans())
def test_cents_times_half_cent_ties_round_away_from_zero(units, j, negative):
    # odd rate numerator k over 10**4 and cents 5000 × odd: every product is exactly an odd number of halves
    rate = Decimal(2 * j + 1).scaleb(-4)
    cents = [(-1 if negative else 1) * 5000 * (2 * u + 1) for u in units]
    assert all(abs(Decimal(c) * rate) % 1 == Decimal("0.5") for c in cents)
    got = cents_times(np.array(cents, dtype="int64"), float(rate))
    assert got.tolist() == [_reference(c, rate) for c in cents]


def test_cents_to_yuan_tables_and_missing_values():
    df = pd.DataFrame({"a": [1, 250], "b": [-100, 0]}, index=["x", "y"])
    out = cents_to_yuan(df)
    assert out.to_dict("list") == {"a": [0.01, 2.5], "b": [-1.0, 0.0]} and list(out.index) == ["x", "y"]
    assert cents_to_yuan(pd.Series([250, None], dtype="Int64")).tolist()[0] == 2.5
    assert np.isnan(cents_to_yuan(pd.Series([250, None], dtype="Int64")).iloc[1])
    assert cents_to_yuan(np.array([[1, 2], [3, 4]])).tolist() == [[0.01, 0.02], [0.03, 0.04]]
    with pytest.raises(TypeError, match="whole cents"):
        cents_to_yuan(pd.Series([1.5]))
