"""Altman Z-scores (creditkit.evaluation.altman)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.errors import SchemaError
from creditkit.evaluation import (
    ALTMAN_VARIANTS,
    EvaluationError,
    altman_separation,
    altman_z,
    altman_z_from_ratios,
    altman_zone,
    polish_altman_ratios,
    zone_confusion,
)

# hand-checked firm (10k yuan): WC 100, RE 200, EBIT 150, equity 600, sales 1200, TA 1000, TL 400
FIRM = dict(working_capital=100, retained_earnings=200, ebit=150, market_value_equity=600,
            sales=1200, total_assets=1000, total_liabilities=400)


@pytest.mark.parametrize(
    "variant, coefs",
    [
        ("z", (1.2, 1.4, 3.3, 0.6, 1.0)),
        ("z_prime", (0.717, 0.847, 3.107, 0.420, 0.998)),
        ("z_double_prime", (6.56, 3.26, 6.72, 1.05)),
        ("z_double_prime_em", (6.56, 3.26, 6.72, 1.05)),
    ],
)
def test_published_coefficients(variant, coefs):
    constant = 3.25 if variant == "z_double_prime_em" else 0.0
    for k, c in enumerate(coefs):
        x = [0.0] * 5
        x[k] = 1.0
        assert altman_z_from_ratios(*x, variant=variant).score == pytest.approx(c + constant)


def test_published_cutoffs():
    assert ALTMAN_VARIANTS["z"]["cutoffs"] == (1.81, 2.99)
    assert ALTMAN_VARIANTS["z_prime"]["cutoffs"] == (1.23, 2.90)
    assert ALTMAN_VARIANTS["z_double_prime"]["cutoffs"] == (1.10, 2.60)
    assert ALTMAN_VARIANTS["z_double_prime_em"]["cutoffs"] == (4.35, 5.85)


def test_hand_checked_firm_z():
    r = altman_z(**FIRM)
    # 1.2*0.10 + 1.4*0.20 + 3.3*0.15 + 0.6*1.5 + 1.0*1.2
    assert r.score == pytest.approx(2.995)
    assert r.zone == "safe"
    assert r.components.to_dict() == pytest.approx({"x1": 0.1, "x2": 0.2, "x3": 0.15, "x4": 1.5, "x5": 1.2})
    assert r.contributions.drop("constant").sum() == pytest.approx(r.score)


def test_hand_checked_firm_other_variants():
    assert altman_z(**FIRM, variant="z_prime").score == pytest.approx(2.53475)  # grey: 1.23..2.90
    assert altman_z(**FIRM, variant="z_prime").zone == "grey"
    zpp = altman_z(**{**FIRM, "sales": None}, variant="z_double_prime")
    assert zpp.score == pytest.approx(3.891)  # 0.656 + 0.652 + 1.008 + 1.575
    assert zpp.zone == "safe"
    em = altman_z(**FIRM, variant="z_double_prime_em")
    assert em.score == pytest.approx(3.891 + 3.25)
    assert em.zone == "safe"


@pytest.mark.parametrize(
    "score, zone", [(1.80, "distress"), (1.81, "grey"), (2.5, "grey"), (2.99, "grey"), (3.0, "safe"), (np.nan, "unknown")]
)
def test_zone_boundaries(score, zone):
    assert altman_zone(score) == zone


def test_em_zones():
    assert altman_zone([4.0, 5.0, 6.0], variant="z_double_prime_em").tolist() == ["distress", "grey", "safe"]


def test_arrays_in_arrays_out():
    r = altman_z_from_ratios(pd.Series([0.1, -0.3]), [0.2, -0.5], [0.15, -0.2], [1.5, 0.1], [1.2, 0.4])
    assert isinstance(r.score, np.ndarray) and r.score.shape == (2,)
    assert r.zone.tolist() == ["safe", "distress"]
    assert isinstance(r.components, pd.DataFrame)


def test_altman_z_with_series():
    s = {k: pd.Series([v, v * 0.5]) for k, v in FIRM.items()}
    s["total_assets"] = pd.Series([1000.0, 1000.0])
    s["total_liabilities"] = pd.Series([400.0, 400.0])
    r = altman_z(**s)
    assert r.score[0] == pytest.approx(2.995)
    assert r.score[1] == pytest.approx(2.995 / 2)


def test_nan_ratio_gives_unknown_zone():
    r = altman_z_from_ratios([0.1, np.nan], [0.2, 0.2], [0.15, 0.15], [1.5, 1.5], [1.2, 1.2])
    assert np.isnan(r.score[1]) and r.zone[1] == "unknown"


def test_zero_total_assets_is_an_error():
    with pytest.raises(EvaluationError, match="total_assets"):
        altman_z(**{**FIRM, "total_assets": 0})


def test_negative_total_assets_in_array_is_an_error():
    with pytest.raises(EvaluationError, match="position 1"):
        altman_z(**{**FIRM, "total_assets": [1000, -5]})


def test_zero_total_liabilities_is_an_error():
    with pytest.raises(EvaluationError, match="total_liabilities"):
        altman_z(**{**FIRM, "total_liabilities": 0})


def test_unknown_variant_is_an_error():
    with pytest.raises(ValueError, match="variant"):
        altman_z(**FIRM, variant="zz")


def test_missing_sales_for_z_is_an_error():
    with pytest.raises(ValueError, match="x5"):
        altman_z(**{**FIRM, "sales": None})


def test_text_input_is_a_type_error():
    with pytest.raises(TypeError):
        altman_z_from_ratios("a", 0.2, 0.1, 1, 1)


def test_mismatched_lengths_are_an_error():
    with pytest.raises(ValueError, match="same length"):
        altman_z_from_ratios([0.1, 0.2], [0.1, 0.2, 0.3], 0.1, 1, 1)


def test_polish_ratio_mapping():
    df = pd.DataFrame({f"Attr{i}": [float(i)] for i in range(1, 65)})
    r = polish_altman_ratios(df)
    assert r.iloc[0].to_dict() == {"x1": 3.0, "x2": 6.0, "x3": 7.0, "x4": 8.0, "x5": 9.0}


def test_polish_missing_column_is_a_schema_error():
    with pytest.raises(SchemaError):
        polish_altman_ratios(pd.DataFrame({"Attr3": [1.0]}))


def test_separation_and_confusion_on_toy_data():
    ratios = pd.DataFrame({"x1": [0.3, -0.2, 0.2, -0.1], "x2": [0.3, -0.4, 0.1, 0.0],
                           "x3": [0.2, -0.1, 0.1, 0.0], "x4": [2.0, 0.1, 1.0, 0.3], "x5": [1.5, 0.5, 1.2, 0.8]})
    y = [0, 1, 0, 1]
    table = altman_separation(ratios, y)
    assert table.loc["z", "auc"] == 1.0
    assert set(table.index) == set(ALTMAN_VARIANTS)
    res = altman_z_from_ratios(*(ratios[c] for c in ratios), variant="z")
    conf = zone_confusion(res, y)
    assert conf["total"].sum() == 4
    assert conf.loc["distress", "bankrupt"] == 2


def test_separation_on_polish_year1():
    from creditkit.datasets import load_polish

    df = load_polish(1)
    table = altman_separation(polish_altman_ratios(df), df["bankrupt"])
    # every variant separates better than chance, and distress holds the highest bankruptcy rate
    assert (table["auc"] > 0.6).all()
    assert (table["bankrupt_rate_distress"] > table["bankrupt_rate_safe"]).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=5, max_size=5), st.floats(0.01, 5))
def test_z_increases_with_each_ratio(x, step):
    base = altman_z_from_ratios(*x).score
    for k in range(5):
        bumped = list(x)
        bumped[k] += step
        assert altman_z_from_ratios(*bumped).score > base
