"""5W credit checklist: who, what, why, when, how.

Before granting credit a sales person should be able to say *who* the
customer is, *what* it buys, *why* it needs credit, *when* it will pay and
*how* it will pay. The checklist (``data/five_w_checklist.yaml``) is data;
:func:`five_w_check` flags missing and risky answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real

import pandas as pd

from .._checks import check_keys, yaml_value
from ..errors import EvaluationError
from ..i18n import check_lang
from ._common import check_unique, file_error, packaged_yaml, yaml_records, yaml_texts

__all__ = ["FIVE_W", "FiveWResult", "load_five_w_checklist", "five_w_check"]

#: The five Ws, in order.
FIVE_W = ("who", "what", "why", "when", "how")

_TYPES = ("text", "number", "choice", "bool")
_ITEM_KEYS = ("id", "w", "type", "required", "choices", "risky_values", "min", "max", "text", "risk")


def load_five_w_checklist(path=None):
    """The 5W checklist as a table (default: the packaged one).

    Parameters
    ----------
    path : str or Path, optional
        A file in the layout of the packaged ``data/five_w_checklist.yaml``:
        an optional ``name`` ({zh, en}) and ``items``, a list of items with
        ``id``, ``w`` (one of :data:`FIVE_W`), ``type`` (text, number, choice
        or bool; default text), ``required`` (default true), ``choices`` (for
        a choice), ``risky_values`` (for a choice, bool or text), ``min`` /
        ``max`` (for a number), ``text`` and ``risk`` ({zh, en}).

    Returns
    -------
    pandas.DataFrame
        Index = item id; columns ``w``, ``type``, ``required``, ``choices``,
        ``risky_values``, ``min``, ``max``, ``text_zh``, ``text_en``,
        ``risk_zh``, ``risk_en``.

    Raises
    ------
    TypeError
        ``path`` is not a str or Path.
    ConfigError
        The file cannot be read as YAML, or an item breaks the layout: a
        misspelt key, no ``id`` or ``w``, ``min`` written as text, ``items``
        written as a mapping. The message names file, line and key.
    EvaluationFileError
        An unknown W or type, a repeated id, a choice item without choices,
        settings that do not apply to the item's type, a risky value that is
        not one of the choices, or ``min`` above ``max``. It is both a
        ``ConfigError`` and an ``EvaluationError``.

    Examples
    --------
    >>> c = load_five_w_checklist()
    >>> sorted(c["w"].unique()) == sorted(FIVE_W)
    True
    """
    what = "5W checklist"
    data = packaged_yaml(path, "five_w_checklist.yaml", what=what)
    check_keys(data, ("name", "items"), required=("items",), what=what)
    name = yaml_texts(data, "name", what=what)
    items = yaml_records(data, "items", what=what, record="item", allowed=_ITEM_KEYS, required=("id", "w"))
    rows, seen = [], {}
    for i, item in enumerate(items):
        iid = yaml_value(item, "id", "text", what=f"item {i + 1} of the {what}")
        check_unique(seen, iid, item, "id", what="checklist item id")
        rows.append(_item(item, f"checklist item {iid!r}", iid))
    table = pd.DataFrame(rows).set_index("id")
    table.attrs["name"] = name
    return table


def _item(item, iwhat, iid):
    """One checked checklist item as a table row."""
    w = yaml_value(item, "w", "text", what=iwhat)
    if w not in FIVE_W:
        raise file_error(item, "w", f"{iwhat} key 'w' must be one of {', '.join(FIVE_W)}; got {w!r}")
    typ = yaml_value(item, "type", "text", what=iwhat, default="text")
    if typ not in _TYPES:
        raise file_error(item, "type", f"{iwhat} key 'type' must be one of {', '.join(_TYPES)}; got {typ!r}")
    for key, applies in (("choices", ("choice",)), ("risky_values", ("choice", "bool", "text")),
                         ("min", ("number",)), ("max", ("number",))):
        if key in item and typ not in applies:
            raise file_error(item, key, f"{iwhat} key {key!r} does not apply to an item of type {typ!r}")
    choices = _values(item, "choices", ("text", "number"), iwhat)
    if typ == "choice" and not choices:
        raise file_error(item, "choices" if "choices" in item else "type", f"{iwhat} of type 'choice' needs a list of choices")
    risky = _values(item, "risky_values", ("bool",) if typ == "bool" else ("text", "number"), iwhat)
    values = item.get("risky_values")
    for j, value in enumerate(risky):
        if typ == "choice" and value not in choices:
            raise file_error(values, j, f"{iwhat} key 'risky_values' holds {value!r}, which is not one of its choices")
    low = yaml_value(item, "min", "number", what=iwhat, default=None)
    high = yaml_value(item, "max", "number", what=iwhat, default=None)
    if low is not None and high is not None and low > high:
        raise file_error(item, "max", f"{iwhat}: 'min' ({low!r}) is above 'max' ({high!r})")
    text, risk = yaml_texts(item, "text", what=iwhat), yaml_texts(item, "risk", what=iwhat)
    return {
        "id": iid, "w": w, "type": typ, "required": yaml_value(item, "required", "bool", what=iwhat, default=True),
        "choices": choices, "risky_values": risky, "min": low, "max": high,
        "text_zh": text.get("zh", iid), "text_en": text.get("en", iid),
        "risk_zh": risk.get("zh", ""), "risk_en": risk.get("en", ""),
    }


def _values(item, key, kinds, iwhat):
    """The list under ``item[key]`` (empty when absent) as a tuple, each value of ``kinds``."""
    values = yaml_value(item, key, "list", what=iwhat, default=())
    return tuple(yaml_value(values, j, kinds, what=f"{iwhat} {key!r}") for j in range(len(values)))


@dataclass(frozen=True)
class FiveWResult:
    """Outcome of a 5W check.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per item: ``w``, ``answer``, ``status`` (ok / missing / risky /
        invalid) and ``note`` in the chosen language.
    by_w : pandas.DataFrame
        Count of each status per W.
    complete : bool
        No required item is missing or invalid.
    n_missing, n_risky : int
    """

    table: pd.DataFrame
    by_w: pd.DataFrame
    complete: bool
    n_missing: int
    n_risky: int

    @property
    def flags(self) -> pd.DataFrame:
        """Only the items that are not ``ok``."""
        return self.table[self.table["status"] != "ok"]


def _judge(spec, value):
    """Status and which note to show for one answer."""
    blank = value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and value != value
    )
    if blank:
        return ("missing" if spec["required"] else "ok"), "text"
    typ = spec["type"]
    if typ == "number":
        if isinstance(value, bool) or not isinstance(value, Real):
            return "invalid", "text"
        if (spec["min"] is not None and value < spec["min"]) or (spec["max"] is not None and value > spec["max"]):
            return "risky", "risk"
        return "ok", ""
    if typ == "bool":
        if not isinstance(value, bool):
            return "invalid", "text"
    if typ == "choice" and value not in spec["choices"]:
        return "invalid", "text"
    if value in spec["risky_values"]:
        return "risky", "risk"
    return "ok", ""


def five_w_check(answers, *, checklist=None, lang="zh"):
    """Check a customer's 5W answers: what is missing, what is risky.

    Parameters
    ----------
    answers : dict
        ``{item_id: answer}``; items left out count as not answered.
    checklist : pandas.DataFrame, optional
        Output of :func:`load_five_w_checklist` (default: the packaged list).
    lang : {"zh", "en"}, default "zh"
        Language of the notes.

    Returns
    -------
    FiveWResult

    Raises
    ------
    EvaluationError
        ``answers`` names an item that is not on the checklist.

    Examples
    --------
    >>> r = five_w_check({"legal_name": "华东机电有限公司", "years_in_business": 1,
    ...                   "credit_reason": "cash_shortage"}, lang="en")
    >>> r.table.loc["years_in_business", "status"], r.table.loc["credit_reason", "status"]
    ('risky', 'risky')
    >>> r.complete, r.n_risky
    (False, 2)
    """
    check_lang(lang)
    c = load_five_w_checklist() if checklist is None else checklist
    if not isinstance(answers, dict):
        raise TypeError(f"answers must be a dict {{item_id: answer}}, got {type(answers).__name__}")
    unknown = sorted(set(answers) - set(c.index))
    if unknown:
        raise EvaluationError(f"answers: items not on the checklist {unknown!r}")
    rows = []
    for iid, spec in c.iterrows():
        value = answers.get(iid)
        status, which = _judge(spec, value)
        if status == "missing":
            note = ("未填写：" if lang == "zh" else "Not answered: ") + spec[f"text_{lang}"]
        elif status == "invalid":
            allowed = list(spec["choices"]) if spec["type"] == "choice" else spec["type"]
            note = ("答案无效，应为 " if lang == "zh" else "Invalid answer, expected ") + str(allowed)
        elif status == "risky":
            note = spec[f"risk_{lang}"] or spec[f"text_{lang}"]
        else:
            note = ""
        rows.append({"item": iid, "w": spec["w"], "question": spec[f"text_{lang}"], "answer": value,
                     "status": status, "note": note})
    table = pd.DataFrame(rows).set_index("item")
    by_w = pd.crosstab(pd.Categorical(table["w"], categories=FIVE_W), table["status"]).reindex(
        columns=["ok", "missing", "risky", "invalid"], fill_value=0
    )
    by_w.index.name = "w"
    n_missing = int((table["status"] == "missing").sum())
    n_invalid = int((table["status"] == "invalid").sum())
    return FiveWResult(table, by_w, n_missing + n_invalid == 0, n_missing, int((table["status"] == "risky").sum()))
