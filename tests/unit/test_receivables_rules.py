"""The risk-rule language: checked at load time, evaluated on arrays, evidence in zh and en."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.errors import ConfigError
from creditkit.receivables.features import FEATURE_KINDS
from creditkit.receivables.rules import DEFAULT_RULES, format_evidence, load_rules, parse_condition

GOOD = "  - {id: r1, when: dbt > 30, severity: 2, colour: amber, reason: {zh: 甲, en: a}}\n"


def _rules_file(tmp_path, body):
    p = tmp_path / "my_rules.yaml"
    p.write_text("rules:\n" + GOOD + body, encoding="utf-8")
    return p


@pytest.mark.parametrize("body, message", [
    ("  - {id: r2, when: dbt > 30 and dtb_change > 5, severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "line 3: rule 'r2' field 'when': unknown feature 'dtb_change'"),
    ("  - {id: r2, when: dbt > 30, severity: high, colour: red, reason: {zh: 乙, en: b}}\n",
     "line 3: rule 'r2' key 'severity' must be a whole number, got text 'high'"),
    ("  - {id: r2, when: dbt > 30, severity: 12, colour: red, reason: {zh: 乙, en: b}}\n",
     "line 3: rule 'r2' field 'severity' must be from 1 to 10, got 12"),
    ("  - {id: r2, when: dbt > 30, severity: 2, colour: purple, reason: {zh: 乙, en: b}}\n",
     "line 3: rule 'r2' field 'colour' must be 'amber' or 'red', got 'purple'"),
    ("  - {id: r2, when: 30, severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "line 3: rule 'r2' key 'when' must be text, got a number 30"),
    ("  - {id: r2, when: dbt > 30, severity: 2, colour: red, reason: {zh: 乙}}\n",
     "line 3: rule 'r2' reason lacks the required key 'en'"),
    ("  - {id: r2, when: dbt > 30, severity: 2, colour: red, reason: {zh: 乙, en: b}, weight: 3}\n",
     "line 3: unknown key 'weight' in rule 2"),
    ("  - {id: r1, when: dbt > 30, severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "line 3: rule 'r1' is defined twice"),
    ("  - {id: r2, when: \"dbt.real > 3\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "rule 'r2' field 'when': 'dbt.real' is not allowed"),
    ("  - {id: r2, when: \"open('x') > 3\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "rule 'r2' field 'when': call 'open' not allowed (only abs, min, max)"),
    ("  - {id: r2, when: \"dbt > > 3\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "rule 'r2' field 'when': not a valid expression"),
    ("  - {id: r2, when: \"dbt * 2\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "rule 'r2' field 'when': the expression must be a condition"),
    ("  - {id: r2, when: \"(dbt > 3) > 1\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "a comparison compares numbers, not the condition 'dbt > 3'"),
    ("  - {id: r2, when: \"legal_dispute + 1 > 1\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "arithmetic on the condition 'legal_dispute'"),
    ("  - {id: r2, when: \"dbt > 3 and 5\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "'and' joins conditions, not the number '5'"),
    ("  - {id: r2, when: \"dbt ** 2 > 3\", severity: 2, colour: red, reason: {zh: 乙, en: b}}\n",
     "operator not allowed in 'dbt ** 2' (use + - * /)"),
])
def test_a_wrong_rule_names_file_line_rule_and_field(tmp_path, body, message):
    p = _rules_file(tmp_path, body)
    with pytest.raises(ConfigError) as exc:
        load_rules(p)
    assert str(exc.value).startswith(str(p))
    assert message in str(exc.value)


def test_wrong_top_level_and_score_levels(tmp_path):
    with pytest.raises(ConfigError, match="unknown key 'rule' in rules file"):
        load_rules("rule: []\n")
    with pytest.raises(ConfigError, match="rules file lacks the required key 'rules'"):
        load_rules("score_levels: {amber: 1, red: 2}\n")
    with pytest.raises(ConfigError, match=r"score_levels need 0 < amber <= red"):
        load_rules("score_levels: {amber: 5, red: 2}\nrules: []\n")
    with pytest.raises(ConfigError, match="not found|cannot read"):
        load_rules(tmp_path / "missing.yaml")


def test_default_rules_load_and_every_rule_has_a_source():
    rs = load_rules()
    assert rs.source == str(DEFAULT_RULES)
    assert len({r.id for r in rs.rules}) == len(rs.rules) >= 20
    assert all(r.source and r.reason["zh"] and r.reason["en"] for r in rs.rules)


def _frame(**cols):
    f = pd.DataFrame({k: np.nan for k in FEATURE_KINDS}, index=range(len(next(iter(cols.values())))))
    for k, v in cols.items():
        f[k] = np.asarray(v, dtype="float64")
    f.attrs["months"] = 3
    return f


def test_conditions_evaluate_on_arrays_with_nan_false():
    rs = load_rules("rules:\n"
                    "  - {id: a, when: dbt > 30 and dbt_change >= 15, severity: 3, colour: amber, reason: {zh: 甲, en: a}}\n"
                    "  - {id: b, when: 'not legal_dispute or abs(dbt_change) > max(10, dbt / 2)', severity: 2,"
                    " colour: red, reason: {zh: 乙, en: b}}\n"
                    "  - {id: c, when: 10 < dbt <= 50, severity: 1, colour: amber, reason: {zh: 丙, en: c}}\n")
    f = _frame(dbt=[47, 47, np.nan, 5], dbt_change=[18, 14, 20, -12], legal_dispute=[1, 0, 1, 1])
    a, b, c = rs.rules
    assert a.fires(f).tolist() == [True, False, False, False]  # NaN compares false
    assert b.fires(f).tolist() == [False, True, True, True]  # max ignores a missing argument
    assert c.fires(f).tolist() == [True, True, False, False]


def test_evidence_names_the_clauses_that_fired():
    rs = load_rules("rules:\n  - {id: a, when: dbt > 30 and dbt_change >= 15 or share_overdue > 0.5,"
                    " severity: 3, colour: amber, reason: {zh: 甲, en: a}}\n")
    f = _frame(dbt=[47, 10], dbt_change=[18, 0], share_overdue=[0.2, 0.625])
    r = rs.rules[0]
    assert r.evidence(f, 0, lang="zh") == "DBT 47 天，近 3 个月上升 18 天"
    assert r.evidence(f, 0, lang="en") == "DBT 47 days, up 18 days in 3 months"
    assert r.evidence(f, 1, lang="zh") == "逾期占比 62.5%"
    flags = rs.evaluate(f)
    assert flags[["customer_id", "rule_id", "evidence_en"]].values.tolist() == [
        [0, "a", "DBT 47 days, up 18 days in 3 months"], [1, "a", "62.5% of the balance overdue"]]


def test_evidence_formats_money_shares_and_directions():
    assert format_evidence(["overdue_cents", "dbt_change"], {"overdue_cents": 1_234_567, "dbt_change": -9.6},
                           lang="zh") == "逾期 12,345.67 元，近 3 个月下降 10 天"
    assert format_evidence(["legal_dispute", "limit_use"], {"legal_dispute": 1, "limit_use": 1.2}, lang="en",
                           months=6) == "lawsuit or dispute recorded, 120.0% of the credit limit used"
    assert format_evidence(["dbt"], {"dbt": float("nan")}, lang="en") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="dbtchange_ ()<>=!+-*/.,'0123456789andornotabsmaxlegal", max_size=40))
def test_any_text_is_parsed_or_refused_with_a_value_error(text):
    try:
        tree = parse_condition(text)
    except ValueError:
        return
    f = _frame(dbt=[1.0, np.nan, 40.0], dbt_change=[0.0, 5.0, -3.0], legal_dispute=[0, 1, np.nan])
    from creditkit.receivables.rules import _truth

    out = _truth(tree.body, f)
    assert out.dtype == bool and out.shape == (3,)


_VALUES = st.one_of(st.integers(-5, 20), st.floats(allow_nan=False, allow_infinity=False, width=16),
                    st.sampled_from(["red", "amber", "green", "", "dbt > 3", "high", "[1, 2]", "{zh: 甲}", "null"]))


@settings(max_examples=150, deadline=None)
@given(severity=_VALUES, colour=_VALUES, when=_VALUES, rid=_VALUES)
def test_any_rules_file_loads_or_is_refused_with_a_located_config_error(severity, colour, when, rid):
    text = (f"rules:\n  - id: {rid}\n    when: {when}\n    severity: {severity}\n    colour: {colour}\n"
            "    reason: {zh: 甲, en: a}\n")
    try:
        rs = load_rules(text)
    except ConfigError as exc:
        assert str(exc).startswith("<string>, line ")
        return
    r = rs.rules[0]
    assert isinstance(r.severity, int) and 1 <= r.severity <= 10 and r.colour in ("amber", "red")
