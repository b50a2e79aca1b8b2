"""Credit-limit methods, payment terms and the limit check (creditkit.policy)."""

import ast
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import creditkit as ck
from creditkit.errors import EvaluationError, SchemaError
from creditkit.policy import (
    AAA_LIMIT_POLICY,
    DEFAULT_LIMIT_POLICY,
    LimitPolicy,
    check_credit_limit,
    credit_limit_methods,
    payment_terms,
)


def test_public_names_are_exported():
    assert "policy" in ck.__all__
    for name in ck.policy.__all__:
        assert hasattr(ck.policy, name), name


def test_payment_terms_by_grade():
    assert [payment_terms(g) for g in "ABCDE"] == [90, 60, 30, 0, 0]
    assert payment_terms("AAA") == 90 and payment_terms("CCC") == 0


def test_payment_terms_unknown_grade_is_an_error():
    with pytest.raises(ValueError, match="grade"):
        payment_terms("Z")


def test_payment_terms_type_error():
    with pytest.raises(TypeError):
        payment_terms(1)


def test_limit_methods_worked_numbers():
    t = credit_limit_methods("B", net_worth=2_000_000, working_capital=800_000,
                             expected_annual_purchases=1_460_000, base_limit=200_000)
    assert t.loc["net_worth", "limit"] == 300_000.0  # 15 %
    assert t.loc["working_capital", "limit"] == 160_000.0  # 20 %
    assert t.loc["expected_purchases", "limit"] == 300_000.0  # 1.46m * (60 + 15) / 365
    assert t.loc["rating_multiplier", "limit"] == 300_000.0  # 1.5x
    assert t.attrs["recommended"] == 160_000.0 and t.attrs["method"] == "working_capital"
    assert t.attrs["terms_days"] == 60


def test_limit_cash_grade_gives_zero_from_purchases():
    t = credit_limit_methods("D", expected_annual_purchases=1_000_000)
    assert t.loc["expected_purchases", "limit"] == 0.0


def test_limit_negative_working_capital_gives_zero():
    assert credit_limit_methods("A", working_capital=-5_000).loc["working_capital", "limit"] == 0.0


def test_limit_rounds_half_up_to_cents():
    t = credit_limit_methods("C", net_worth=100.05)  # 10 % = 10.005 -> 10.01
    assert t.loc["net_worth", "limit"] == 10.01


def test_limit_custom_policy():
    pol = LimitPolicy(net_worth_share={"ok": 0.5}, working_capital_share={"ok": 0.5}, terms_days={"ok": 30},
                      multiplier={"ok": 1.0})
    assert credit_limit_methods("ok", net_worth=100, policy=pol).loc["net_worth", "limit"] == 50


def test_limit_without_basis_is_an_error():
    with pytest.raises(ValueError, match="at least one basis"):
        credit_limit_methods("A")


def test_limit_negative_purchases_is_an_error():
    with pytest.raises(ValueError, match="expected_annual_purchases"):
        credit_limit_methods("A", expected_annual_purchases=-1)


def test_limit_text_basis_is_a_type_error():
    with pytest.raises(TypeError, match="net_worth"):
        credit_limit_methods("A", net_worth="1m")


def test_check_credit_limit_cumulative_exposure():
    orders = pd.DataFrame({"customer_id": ["c1", "c2", "c1", "c1"], "amount": [40.0, 90.0, 30.0, 20.0]})
    out = check_credit_limit(orders, {"c1": 100, "c2": 80}, outstanding={"c1": 20})
    assert out["exposure_after"].tolist() == [60.0, 90.0, 90.0, 110.0]
    assert out["exceeds_limit"].tolist() == [False, True, False, True]
    assert out["headroom"].tolist() == [40.0, -10.0, 10.0, -10.0]


def test_check_credit_limit_single_limit():
    out = check_credit_limit(pd.DataFrame({"customer_id": ["a", "b"], "amount": [5.0, 15.0]}), 10)
    assert out["exceeds_limit"].tolist() == [False, True]


def test_check_credit_limit_missing_limit_is_an_error():
    with pytest.raises(EvaluationError, match="c2"):
        check_credit_limit(pd.DataFrame({"customer_id": ["c2"], "amount": [1.0]}), {"c1": 10})


def test_check_credit_limit_missing_column_is_a_schema_error():
    with pytest.raises(SchemaError, match="amount"):
        check_credit_limit(pd.DataFrame({"customer_id": ["c1"]}), 10)


def test_check_credit_limit_negative_amount_is_an_error():
    with pytest.raises(EvaluationError):
        check_credit_limit(pd.DataFrame({"customer_id": ["c1"], "amount": [-1.0]}), 10)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=20), st.floats(0, 1e7))
@example([1.125], 1.125)
def test_exposure_is_monotone_and_flags_match(amounts, limit):
    orders = pd.DataFrame({"customer_id": "c", "amount": amounts})
    out = check_credit_limit(orders, limit)
    assert (out["exposure_after"].diff().dropna() >= -1e-9 * max(1.0, out["exposure_after"].abs().max())).all()
    # amounts and the limit count to the cent (half-up), and the exposure is a sum of those cents
    from creditkit.money import round_half_up

    assert (out["exceeds_limit"] == (out["exposure_after"] > round_half_up(limit, 2))).all()


def test_scale_resolves_shared_grade_letters():
    assert payment_terms("A") == 90  # A-E scale first
    assert payment_terms("A", scale="AAA-C") == 60
    t = credit_limit_methods("A", net_worth=1_000_000, scale="AAA-C")
    assert t.loc["net_worth", "limit"] == 150_000.0
    with pytest.raises(ValueError, match="scale"):
        payment_terms("A", scale="1-10")


def test_limit_net_worth_cited_case_rounds_half_up():
    # 1,234,567.90 × 15 % = 185,185.185 exactly; multiplied in floats it is 185,185.18499999… → 185,185.18
    t = credit_limit_methods("B", net_worth=1_234_567.90)
    assert t.loc["net_worth", "limit"] == 185_185.19
    assert t.attrs["recommended"] == 185_185.19


def test_limit_days_in_year_is_checked():
    assert credit_limit_methods("B", expected_annual_purchases=720_000, days_in_year=360).loc[
        "expected_purchases", "limit"] == 150_000.0  # 720,000 × 75 / 360
    with pytest.raises(ValueError, match="days_in_year"):
        credit_limit_methods("B", expected_annual_purchases=1, days_in_year=0)
    with pytest.raises(TypeError, match="days_in_year"):
        credit_limit_methods("B", expected_annual_purchases=1, days_in_year=365.25)


def test_built_in_policies_cover_their_scales():
    assert list(DEFAULT_LIMIT_POLICY.terms_days) == list(ck.evaluation.RATING_SCALES["A-E"].grades)
    assert list(AAA_LIMIT_POLICY.terms_days) == list(ck.evaluation.RATING_SCALES["AAA-C"].grades)


def _half_up_cents(x: Fraction) -> float:
    """Exact reference: a non-negative amount in yuan rounded half-up to the cent."""
    return float(Fraction((x * 200 + 1) // 2, 100))


# amounts in cents: any, or 50 yuan × an odd number, which with an odd factor in basis points gives
# exact half-cent limits
CENTS = st.one_of(st.integers(0, 10**13), st.integers(0, 10**8).map(lambda u: 5_000 * (2 * u + 1)))


@settings(max_examples=300, deadline=None)
@given(CENTS, CENTS, CENTS, st.integers(0, 10**4), st.integers(0, 10**4), st.integers(0, 300),
       st.integers(0, 180), st.integers(0, 60), st.sampled_from([360, 365]))
def test_limit_methods_equal_the_exact_reference(nw_c, p_c, b_c, nw_bp, wc_bp, mult_pct, days, buffer, year):
    pol = LimitPolicy(net_worth_share={"g": nw_bp / 10**4}, working_capital_share={"g": wc_bp / 10**4},
                      terms_days={"g": days}, multiplier={"g": mult_pct / 100}, buffer_days=buffer)
    nw, p, b = nw_c / 100, p_c / 100, b_c / 100
    t = credit_limit_methods("g", net_worth=nw, working_capital=-nw, expected_annual_purchases=p,
                             base_limit=b, policy=pol, days_in_year=year)
    covered = days + buffer if days > 0 else 0
    expect = {
        "net_worth": _half_up_cents(Fraction(nw_c, 100) * Fraction(nw_bp, 10**4)),
        "working_capital": 0.0,
        "expected_purchases": _half_up_cents(Fraction(p_c, 100) * covered / year),
        "rating_multiplier": _half_up_cents(Fraction(b_c, 100) * Fraction(mult_pct, 100)),
    }
    assert t["limit"].to_dict() == expect
    assert t.attrs["recommended"] == min(expect.values())


# cents ≡ 10 (mod 20) give half-cent limits at 5 %, 15 % and 25 %; cents ≡ 5 (mod 10) at 10 %
POLICY_CENTS = st.one_of(st.integers(0, 10**13), st.integers(0, 10**11).map(lambda u: 20 * u + 10),
                         st.integers(0, 10**11).map(lambda u: 10 * u + 5))


@settings(max_examples=300, deadline=None)
@given(POLICY_CENTS, POLICY_CENTS, st.sampled_from(list(DEFAULT_LIMIT_POLICY.terms_days)))
def test_default_policy_limits_equal_the_decimal_reference(nw_cents, wc_cents, grade):
    t = credit_limit_methods(grade, net_worth=nw_cents / 100, working_capital=wc_cents / 100)
    for method, cents, shares in (("net_worth", nw_cents, DEFAULT_LIMIT_POLICY.net_worth_share),
                                  ("working_capital", wc_cents, DEFAULT_LIMIT_POLICY.working_capital_share)):
        exact = Decimal(cents) / 100 * Decimal(str(shares[grade]))
        assert t.loc[method, "limit"] == float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


ROOT = Path(__file__).resolve().parents[2]


def _kit_imports(path):
    """Absolute names of the creditkit modules a source file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(ROOT).parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            mod = ".".join(base + ([node.module] if node.module else []))
            names.add(mod)
            names.update(f"{mod}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return {n for n in names if n.startswith("creditkit")}


@pytest.mark.parametrize("module, later", [
    ("creditkit/evaluation", ("creditkit.policy", "creditkit.cases", "creditkit.reports")),
    ("creditkit/policy", ("creditkit.cases", "creditkit.reports")),
])
def test_dependencies_go_one_way(module, later):
    target = ROOT / module
    files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    for f in files:
        bad = sorted(n for n in _kit_imports(f) if n.startswith(later))
        assert not bad, f"{f.relative_to(ROOT)} imports {bad}"


def test_credit_limit_check_sums_in_cents():
    import pandas as pd

    # 0.1 + 0.2 in floats is 0.30000000000000004, over a 0.30 limit; in cents it is exactly on it
    o = pd.DataFrame({"customer_id": ["c1", "c1"], "amount": [0.1, 0.2]})
    out = check_credit_limit(o, {"c1": 0.3})
    assert out["exceeds_limit"].tolist() == [False, False]
    assert out["exposure_after"].tolist() == [0.1, 0.3]
    assert out["headroom"].tolist() == [0.2, 0.0]
    o = pd.DataFrame({"customer_id": ["c1"], "amount": [0.31]})
    assert check_credit_limit(o, {"c1": 0.3}, outstanding={"c1": 0})["exceeds_limit"].tolist() == [True]
