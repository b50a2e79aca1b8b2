from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.errors import SchemaError
from creditkit.explore import bad_rate_by, target_summary


def test_target_summary_counts():
    t = target_summary(pd.DataFrame({"y": [1, 0, 1, 0, 0]}), "y")
    assert t["count"].tolist() == [3, 2, 5]
    assert t.loc["bad", "share"] == pytest.approx(0.4)


def test_bad_rate_by_hand_example():
    df = pd.DataFrame({"g": ["A"] * 4 + ["B"] * 6, "bad": [1, 0, 0, 0, 1, 1, 1, 0, 0, 0]})
    t = bad_rate_by(df, "g")
    assert t.index.tolist() == ["A", "B"]
    assert t["bad"].tolist() == [1, 3]
    assert t["bad_rate"].tolist() == [0.25, 0.5]
    assert t["share"].tolist() == [0.4, 0.6]


def test_numeric_column_gets_quantile_bins_and_missing_row():
    x = list(range(1, 11)) + [None]
    df = pd.DataFrame({"x": x, "bad": [0] * 5 + [1] * 5 + [1]})
    t = bad_rate_by(df, "x", bins=2)
    assert len(t) == 3 and t.index[-1] == "missing"
    assert t["bad_rate"].tolist() == [0.0, 1.0, 1.0]


def test_categorical_order_is_kept():
    cat = pd.Categorical(["low", "high", "mid", "low"], categories=["low", "mid", "high"], ordered=True)
    t = bad_rate_by(pd.DataFrame({"c": cat, "bad": [0, 1, 0, 1]}), "c")
    assert t.index.tolist() == ["low", "mid", "high"]


@pytest.mark.parametrize(
    "kwargs, exc, msg",
    [
        ({"column": "nope"}, SchemaError, "column 'nope'"),
        ({"column": "x", "target": "nope"}, SchemaError, "target column 'nope'"),
        ({"column": "x", "bins": 1}, ValueError, "at least 2"),
        ({"column": "x", "bins": 2.0}, TypeError, "bins must be an int"),
    ],
)
def test_bad_arguments(kwargs, exc, msg):
    with pytest.raises(exc, match=msg):
        bad_rate_by(pd.DataFrame({"x": [1, 2], "bad": [0, 1]}), **kwargs)


def test_target_must_be_binary():
    with pytest.raises(SchemaError, match="must hold 0/1"):
        target_summary(pd.DataFrame({"bad": [0, 2]}))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.floats(-1e6, 1e6)), st.integers(0, 1)), min_size=1, max_size=60),
       st.integers(2, 8))
def test_counts_always_add_up(rows, bins):
    df = pd.DataFrame(rows, columns=["x", "bad"])
    t = bad_rate_by(df, "x", bins=bins)
    assert t["count"].sum() == len(df)
    assert t["bad"].sum() == df["bad"].sum()
    assert np.isclose(t["share"].sum(), 1.0)


def test_tiny_values_do_not_break_quantile_bins():
    # pd.qcut fails on denormal floats while rounding its labels; our bins do not.
    df = pd.DataFrame({"x": [0.0, 2.2e-311, 0.0, 1.0], "bad": [0, 1, 0, 1]})
    t = bad_rate_by(df, "x", bins=2)
    assert t["count"].tolist() == [2, 2] and t["bad"].tolist() == [0, 2]


def test_first_quantile_bin_holds_the_minimum():
    df = pd.DataFrame({"x": [1, 2, 3, 4, 5, 6], "bad": [1, 1, 0, 0, 0, 0]})
    t = bad_rate_by(df, "x", bins=3)
    assert t["count"].tolist() == [2, 2, 2]
    assert t["bad_rate"].tolist() == [1.0, 0.0, 0.0]
