"""A differentiated credit policy: terms, limit and collection rules by grade and debtor type.

The grade (from :mod:`creditkit.evaluation.rating`) says how much risk a customer
is; the debtor type (有意愿有能力 / 有意愿无能力 / 有能力无意愿 / 无意愿无能力, see
:mod:`creditkit.receivables.collection`) says how it behaves when money falls
due. :func:`differentiated_policy` crosses the two into one table that the
collection plan reads (first contact, pace, order hold) and that a credit
committee can adopt or change; the adjustments live in a YAML file a company
replaces with its own.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR
from importlib import resources

import pandas as pd

from .._checks import check_keys, load_yaml, yaml_value
from ..errors import ConfigError
from ..i18n import check_lang
from ..money import to_decimal
from ..receivables.collection import DEBTOR_TYPES  # the four debtor types, willing/able quadrants
from .limits import AAA_LIMIT_POLICY, DEFAULT_LIMIT_POLICY, LimitPolicy

__all__ = ["DEBTOR_TYPES", "load_differentiated_policy", "differentiated_policy"]


_KEYS = ("limit_factor", "terms_factor", "first_contact_day", "hold_orders_after", "guarantee", "pace", "note")


def load_differentiated_policy(path=None) -> dict:
    """Read the debtor-type adjustments (default: the kit's teaching file).

    Raises
    ------
    ConfigError
        A missing debtor type, an unknown key or a value of the wrong kind, naming file and line.

    Examples
    --------
    >>> load_differentiated_policy()["unwilling_unable"]["limit_factor"]
    0.0
    >>> load_differentiated_policy("debtor_types:\\n  willing_able: {limit_factor: high}\\n")
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: <string>, line 2: debtor type 'willing_able' lacks the required key 'terms_factor'
    """
    source = path if path is not None else resources.files("creditkit.policy") / "data" / "differentiated_policy.yaml"
    data = load_yaml(source, what="differentiated policy")
    check_keys(data, ("debtor_types",), required=("debtor_types",), what="differentiated policy")
    types = yaml_value(data, "debtor_types", "mapping", what="differentiated policy")
    out = {}
    for t in DEBTOR_TYPES:
        entry = yaml_value(types, t, "mapping", what="debtor_types")
        what = f"debtor type {t!r}"
        check_keys(entry, _KEYS, required=_KEYS[:-1], what=what)
        row = {}
        for k in ("limit_factor", "terms_factor", "pace"):
            row[k] = float(yaml_value(entry, k, "number", what=what))
            if row[k] < 0:
                raise ConfigError(f"{what}: {k} must be ≥ 0, got {row[k]}")
        row["first_contact_day"] = int(yaml_value(entry, "first_contact_day", "integer", what=what))
        hold = entry.get("hold_orders_after")
        row["hold_orders_after"] = None if hold is None else int(yaml_value(entry, "hold_orders_after", "integer",
                                                                              what=what))
        row["guarantee"] = bool(yaml_value(entry, "guarantee", "bool", what=what))
        note = yaml_value(entry, "note", "mapping", what=what, default={})
        row["note"] = {lang: str(note.get(lang, "")) for lang in ("zh", "en")}
        out[t] = row
    for t in types:
        if t not in DEBTOR_TYPES:
            raise ConfigError(f"{getattr(types, 'source', '<string>')}: unknown debtor type {t!r}; expected one of "
                              + ", ".join(repr(x) for x in DEBTOR_TYPES))
    return out


def differentiated_policy(*, scale="A-E", policy: LimitPolicy | None = None, path=None, lang="zh") -> pd.DataFrame:
    """Terms, limit multiplier and collection rules for every grade × debtor type.

    Parameters
    ----------
    scale : {"A-E", "AAA-C"}, default "A-E"
        Grade scale (ignored when ``policy`` is given).
    policy : LimitPolicy, optional
        The company's grade policy (default: the scale's teaching policy).
    path : str or Path, optional
        Debtor-type adjustments (see :func:`load_differentiated_policy`).
    lang : {"zh", "en"}, default "zh"
        Language of the ``note`` column.

    Returns
    -------
    DataFrame
        ``grade, debtor_type, terms_days, limit_multiplier, first_contact_day,
        hold_orders_after, guarantee, pace, note``; terms are the grade's
        terms × the type's factor, rounded down to whole days (0 = cash).

    Examples
    --------
    >>> t = differentiated_policy()
    >>> row = t.set_index(["grade", "debtor_type"]).loc[("B", "unwilling_able")]
    >>> int(row["terms_days"]), float(row["limit_multiplier"]), bool(row["guarantee"])
    (30, 0.75, True)
    >>> int(t.loc[t["debtor_type"] == "unwilling_unable", "terms_days"].max())
    0
    """
    check_lang(lang)
    if policy is None:
        if scale not in ("A-E", "AAA-C"):
            raise ValueError(f"scale must be 'A-E' or 'AAA-C', got {scale!r}")
        policy = DEFAULT_LIMIT_POLICY if scale == "A-E" else AAA_LIMIT_POLICY
    elif not isinstance(policy, LimitPolicy):
        raise TypeError(f"policy must be a LimitPolicy, got {type(policy).__name__}")
    adj = load_differentiated_policy(path)
    rows = []
    for grade, days in policy.terms_days.items():
        for t in DEBTOR_TYPES:
            a = adj[t]
            terms = int((to_decimal(days) * to_decimal(a["terms_factor"])).to_integral_value(rounding=ROUND_FLOOR))
            mult = float(to_decimal(policy.multiplier[grade]) * to_decimal(a["limit_factor"]))
            rows.append((grade, t, terms, mult, a["first_contact_day"], a["hold_orders_after"], a["guarantee"],
                         a["pace"], a["note"][lang]))
    return pd.DataFrame(rows, columns=["grade", "debtor_type", "terms_days", "limit_multiplier", "first_contact_day",
                                       "hold_orders_after", "guarantee", "pace", "note"])
