"""Risk rules in YAML: conditions over the signal features, with their evidence.

A rules file holds a list of rules and the score that escalates a customer::

    score_levels: {amber: 4, red: 10}
    rules:
      - id: dbt_rising
        when: dbt > 30 and dbt_change >= 15
        severity: 4
        colour: amber
        reason: {zh: 超期天数上升, en: Days beyond terms rising}

``when`` is written in a small expression language over the feature names
of :mod:`~creditkit.receivables.features`: numbers, comparisons (``<  <=
>  >=  ==  !=``), ``and`` / ``or`` / ``not``, ``+ - * /``, parentheses and
``abs``, ``min``, ``max``. It is parsed with :mod:`ast` and checked when the
file is loaded — an unknown name, a call or attribute, a comparison of two
conditions, arithmetic on a condition: each is refused with the rule id, the
field, the file and the line — and evaluated on arrays, never with
``eval``. A missing (NaN) feature makes its comparison false; ``min`` and
``max`` ignore a missing argument.

Evidence: when a rule fires, the clauses that made it true are reported with
their numbers, e.g. ``DBT 47 天，近 3 个月上升 18 天``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_keys, load_yaml, yaml_value, yaml_where
from ..errors import ConfigError
from ..i18n import check_lang, label
from ..money import format_cents
from .features import FEATURE_KINDS

__all__ = ["Rule", "RuleSet", "load_rules", "DEFAULT_RULES", "parse_condition", "format_evidence", "COLOURS"]

#: The packaged default rules.
DEFAULT_RULES = Path(__file__).with_name("data") / "signal_rules.yaml"

#: Traffic-light colours, mildest first.
COLOURS = ("green", "amber", "red")

_COMPARE = {ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
            ast.Eq: np.equal, ast.NotEq: np.not_equal}
_ARITH = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide}
_FUNCS = {"abs": (1, 1), "min": (2, 8), "max": (2, 8)}
_RULE_KEYS = ("id", "when", "severity", "colour", "reason", "source")


class _Refused(Exception):
    def __init__(self, message, node=None):
        super().__init__(message)
        self.col = getattr(node, "col_offset", None)


def _kind(node, names) -> str:
    """'bool' or 'num' of an expression node; refuses anything outside the language."""
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            if _kind(v, names) != "bool":
                raise _Refused(f"'{'and' if isinstance(node.op, ast.And) else 'or'}' joins conditions, "
                               f"not the number {ast.unparse(v)!r}", v)
        return "bool"
    if isinstance(node, ast.UnaryOp):
        k = _kind(node.operand, names)
        if isinstance(node.op, ast.Not):
            if k != "bool":
                raise _Refused(f"'not' takes a condition, not the number {ast.unparse(node.operand)!r}", node)
            return "bool"
        if isinstance(node.op, (ast.USub, ast.UAdd)) and k == "num":
            return "num"
        raise _Refused(f"operator not allowed in {ast.unparse(node)!r}", node)
    if isinstance(node, ast.Compare):
        for side in [node.left, *node.comparators]:
            if _kind(side, names) != "num":
                raise _Refused(f"a comparison compares numbers, not the condition {ast.unparse(side)!r}", side)
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise _Refused(f"comparison {type(op).__name__} not allowed (use < <= > >= == !=)", node)
        return "bool"
    if isinstance(node, ast.BinOp):
        if type(node.op) not in _ARITH:
            raise _Refused(f"operator not allowed in {ast.unparse(node)!r} (use + - * /)", node)
        for side in (node.left, node.right):
            if _kind(side, names) != "num":
                raise _Refused(f"arithmetic on the condition {ast.unparse(side)!r}", side)
        return "num"
    if isinstance(node, ast.Call):
        fname = node.func.id if isinstance(node.func, ast.Name) else None
        if fname not in _FUNCS or node.keywords:
            raise _Refused(f"call {ast.unparse(node.func)!r} not allowed (only abs, min, max)", node)
        lo, hi = _FUNCS[fname]
        if not lo <= len(node.args) <= hi:
            raise _Refused(f"{fname} takes {lo}{'' if lo == hi else f' to {hi}'} argument(s), got {len(node.args)}", node)
        for a in node.args:
            if _kind(a, names) != "num":
                raise _Refused(f"{fname} takes numbers, not the condition {ast.unparse(a)!r}", a)
        return "num"
    if isinstance(node, ast.Name):
        if node.id not in names:
            close = [n for n in names if n.startswith(node.id[:3])][:4]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise _Refused(f"unknown feature {node.id!r}{hint}", node)
        return "bool" if names[node.id] == "flag" else "num"
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return "num"
    raise _Refused(f"{ast.unparse(node)!r} is not allowed (features, numbers, comparisons, and/or/not, + - * /, "
                   "abs/min/max)", node)


def parse_condition(text: str, *, names=None) -> ast.Expression:
    """Parse and check a rule condition; the tree :class:`Rule` evaluates.

    Raises
    ------
    ValueError
        Not valid, not a condition, or outside the language (the message says what).

    Examples
    --------
    >>> ast.unparse(parse_condition("dbt > 30 and dbt_change >= 15"))
    'dbt > 30 and dbt_change >= 15'
    >>> parse_condition("__import__('os')")
    Traceback (most recent call last):
    ...
    ValueError: call '__import__' not allowed (only abs, min, max)
    >>> parse_condition("dbt + 30")
    Traceback (most recent call last):
    ...
    ValueError: the expression must be a condition (a comparison or a flag), got the number 'dbt + 30'
    """
    names = FEATURE_KINDS if names is None else names
    try:
        return _parse(text, names)
    except _Refused as exc:
        raise ValueError(str(exc)) from None


def _parse(text, names):
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise _Refused(f"not a valid expression ({exc.msg}, column {exc.offset})") from None
    if _kind(tree.body, names) != "bool":
        raise _Refused(f"the expression must be a condition (a comparison or a flag), got the number {text.strip()!r}")
    return tree


def _num(node, f):
    if isinstance(node, ast.Name):
        return f[node.id].to_numpy(dtype="float64")
    if isinstance(node, ast.Constant):
        return np.full(len(f), float(node.value))
    if isinstance(node, ast.UnaryOp):
        v = _num(node.operand, f)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp):
        with np.errstate(divide="ignore", invalid="ignore"):
            out = _ARITH[type(node.op)](_num(node.left, f), _num(node.right, f))
        return np.where(np.isfinite(out), out, np.nan)
    args = [_num(a, f) for a in node.args]
    if node.func.id == "abs":
        return np.abs(args[0])
    return np.fmin.reduce(args) if node.func.id == "min" else np.fmax.reduce(args)


def _truth(node, f) -> np.ndarray:
    if isinstance(node, ast.BoolOp):
        parts = [_truth(v, f) for v in node.values]
        return np.logical_and.reduce(parts) if isinstance(node.op, ast.And) else np.logical_or.reduce(parts)
    if isinstance(node, ast.UnaryOp):
        return ~_truth(node.operand, f)
    if isinstance(node, ast.Name):  # a flag
        return np.nan_to_num(f[node.id].to_numpy(dtype="float64"), nan=0.0) > 0
    left = _num(node.left, f)
    out = np.ones(len(f), dtype=bool)
    with np.errstate(invalid="ignore"):
        for op, comp in zip(node.ops, node.comparators):
            right = _num(comp, f)
            out &= _COMPARE[type(op)](left, right) & ~np.isnan(left) & ~np.isnan(right)
            left = right
    return out


def _evidence_names(node, f, i) -> list[str]:
    """Features behind the clauses that made ``node`` true for row ``i``."""
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return [n for v in node.values for n in _evidence_names(v, f, i)]
        return [n for v in node.values if _truth(v, f.iloc[[i]])[0] for n in _evidence_names(v, f, i)]
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in FEATURE_KINDS]


def _fmt(kind, v) -> tuple[str, str]:
    """(value text, direction key) of a feature value."""
    direction = "signal_up" if v >= 0 else "signal_down"
    if kind in ("days", "days_change"):
        return f"{abs(v) if kind == 'days_change' else v:,.0f}", direction
    if kind in ("share", "share_change"):
        return f"{abs(v) if kind == 'share_change' else v:.1%}", direction
    if kind == "cents":
        return format_cents(int(round(v))), direction
    if kind == "count":
        return f"{v:,.0f}", direction
    if kind == "number_change":
        return f"{abs(v):.2f}", direction
    return f"{v:.2f}", direction


def format_evidence(names, values, *, lang="zh", months=3) -> str:
    """Readable evidence text: each feature with its value, in the catalogue's words.

    Examples
    --------
    >>> format_evidence(["dbt", "dbt_change"], {"dbt": 47, "dbt_change": 18}, lang="zh")
    'DBT 47 天，近 3 个月上升 18 天'
    >>> format_evidence(["dbt", "dbt_change"], {"dbt": 47, "dbt_change": 18}, lang="en")
    'DBT 47 days, up 18 days in 3 months'
    """
    lang = check_lang(lang)
    parts = []
    for name in dict.fromkeys(names):
        v = values[name]
        if v is None or (isinstance(v, float) and np.isnan(v)):
            continue
        text, direction = _fmt(FEATURE_KINDS[name], float(v))
        parts.append(label(f"signal_ev_{name}", lang).format(v=text, m=months, dir=label(direction, lang)))
    return ("，" if lang == "zh" else ", ").join(parts)


@dataclass(frozen=True)
class Rule:
    """One risk rule: a checked condition, its weight, colour and reason.

    Attributes
    ----------
    id : str
    when : str
        The condition as written.
    severity : int
        Points added to the customer's score when the rule fires (1–10).
    colour : {"amber", "red"}
    reason : dict
        ``{"zh": ..., "en": ...}``.
    source : str
        Where the threshold comes from (may be empty).
    """

    id: str
    when: str
    severity: int
    colour: str
    reason: dict
    source: str = ""

    @property
    def tree(self) -> ast.Expression:
        """The checked syntax tree of ``when``."""
        return _parse(self.when, FEATURE_KINDS)

    def fires(self, features: pd.DataFrame) -> np.ndarray:
        """Boolean array: the rule's condition on each row of a feature table."""
        return _truth(self.tree.body, features)

    def evidence(self, features: pd.DataFrame, i: int, *, lang="zh") -> str:
        """Evidence text of row ``i`` (the clauses that fired and their numbers)."""
        names = _evidence_names(self.tree.body, features, i)
        row = features.iloc[i]
        return format_evidence(names, {n: row[n] for n in names}, lang=lang, months=features.attrs.get("months", 3))


@dataclass(frozen=True)
class RuleSet:
    """Rules and the score thresholds that escalate a customer to amber or red.

    Attributes
    ----------
    rules : tuple of Rule
    score_levels : dict
        ``{"amber": points, "red": points}``: a score at or above it gives at
        least that level, so several amber signals can add up to red.
    source : str
    """

    rules: tuple
    score_levels: dict
    source: str = ""

    def evaluate(self, features: pd.DataFrame) -> pd.DataFrame:
        """Fired rules, one row per customer and rule, with evidence in both languages.

        Returns
        -------
        DataFrame
            ``customer_id, rule_id, colour, severity, reason_zh, reason_en,
            evidence_zh, evidence_en``.
        """
        rows = []
        for rule in self.rules:
            for i in np.flatnonzero(rule.fires(features)):
                rows.append((features.index[i], rule.id, rule.colour, rule.severity, rule.reason["zh"],
                             rule.reason["en"], rule.evidence(features, i, lang="zh"),
                             rule.evidence(features, i, lang="en")))
        return pd.DataFrame(rows, columns=["customer_id", "rule_id", "colour", "severity", "reason_zh", "reason_en",
                                           "evidence_zh", "evidence_en"])


def _load_rule(item, i, what_file, ids):
    where = f"rule {i + 1}"
    check_keys(item, _RULE_KEYS, required=("id", "when", "severity", "colour", "reason"), what=where)
    rid = yaml_value(item, "id", "text", what=where)
    what = f"rule {rid!r}"
    if rid in ids:
        raise ConfigError(f"{yaml_where(item, 'id')}: {what} is defined twice")
    when = yaml_value(item, "when", "text", what=what)
    try:
        _parse(when, FEATURE_KINDS)
    except _Refused as exc:
        raise ConfigError(f"{yaml_where(item, 'when')}: {what} field 'when': {exc}") from None
    severity = yaml_value(item, "severity", "integer", what=what)
    if not 1 <= severity <= 10:
        raise ConfigError(f"{yaml_where(item, 'severity')}: {what} field 'severity' must be from 1 to 10, got {severity}")
    colour = yaml_value(item, "colour", "text", what=what)
    if colour not in ("amber", "red"):
        raise ConfigError(f"{yaml_where(item, 'colour')}: {what} field 'colour' must be 'amber' or 'red', got {colour!r}")
    reason = yaml_value(item, "reason", "mapping", what=what)
    check_keys(reason, ("zh", "en"), required=("zh", "en"), what=f"{what} reason")
    texts = {k: yaml_value(reason, k, "text", what=f"{what} reason") for k in ("zh", "en")}
    source = yaml_value(item, "source", "text", what=what, default="")
    return Rule(id=rid, when=when, severity=int(severity), colour=colour, reason=texts, source=source)


def load_rules(source=None) -> RuleSet:
    """Read and check a rules file (default: the packaged :data:`DEFAULT_RULES`).

    Parameters
    ----------
    source : str, Path or RuleSet, optional
        A YAML file, YAML text, or a RuleSet (returned as it is).

    Raises
    ------
    ConfigError
        A wrong or missing key, a value of the wrong type, or a condition
        outside the language; the message names file, line, rule id and field.

    Examples
    --------
    >>> rs = load_rules()
    >>> len(rs.rules) > 10, rs.score_levels["red"] > rs.score_levels["amber"]
    (True, True)
    >>> load_rules("rules:\\n  - {id: x, when: dbt > 30 and dtb_change > 5, severity: 2, colour: red,"
    ...            " reason: {zh: 甲, en: a}}\\n")
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: <string>, line 2: rule 'x' field 'when': unknown feature 'dtb_change'
    """
    if isinstance(source, RuleSet):
        return source
    src = DEFAULT_RULES if source is None else source
    if isinstance(src, str) and "\n" not in src and Path(src).suffix.lower() in (".yaml", ".yml"):
        src = Path(src)
    data = load_yaml(src, what="rules file")
    check_keys(data, ("rules", "score_levels"), required=("rules",), what="rules file")
    items = yaml_value(data, "rules", "list", what="rules file")
    rules, ids = [], set()
    for i, item in enumerate(items):
        rule = _load_rule(item, i, str(src), ids)
        ids.add(rule.id)
        rules.append(rule)
    levels = yaml_value(data, "score_levels", "mapping", what="rules file", default={"amber": 4, "red": 10})
    check_keys(levels, ("amber", "red"), required=("amber", "red"), what="score_levels")
    lv = {k: yaml_value(levels, k, "number", what="score_levels") for k in ("amber", "red")}
    if not 0 < lv["amber"] <= lv["red"]:
        raise ConfigError(f"{yaml_where(levels)}: score_levels need 0 < amber <= red, got {lv}")
    return RuleSet(rules=tuple(rules), score_levels=lv, source=str(src) if isinstance(src, Path) else "<string>")
