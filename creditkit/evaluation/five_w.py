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

from ..i18n import check_lang
from ..errors import EvaluationError
from ._common import packaged_yaml

__all__ = ["FIVE_W", "FiveWResult", "load_five_w_checklist", "five_w_check"]

#: The five Ws, in order.
FIVE_W = ("who", "what", "why", "when", "how")

def load_five_w_checklist(path=None):
    """The 5W checklist as a table (default: the packaged one).

    Returns
    -------
    pandas.DataFrame
        Index = item id; columns ``w``, ``type``, ``required``, ``choices``,
        ``risky_values``, ``min``, ``max``, ``text_zh``, ``text_en``,
        ``risk_zh``, ``risk_en``.

    Examples
    --------
    >>> c = load_five_w_checklist()
    >>> sorted(c["w"].unique()) == sorted(FIVE_W)
    True
    """
    data = packaged_yaml(path, "five_w_checklist.yaml", what="5W checklist")
    rows = []
    for item in data.get("items") or []:
        iid = item.get("id")
        w = item.get("w")
        if w not in FIVE_W:
            raise EvaluationError(f"checklist item {iid!r}: w must be one of {FIVE_W!r}, got {w!r}")
        typ = item.get("type", "text")
        if typ not in ("text", "number", "choice", "bool"):
            raise EvaluationError(f"checklist item {iid!r}: unknown type {typ!r}")
        text, risk = item.get("text", {}), item.get("risk", {})
        rows.append({
            "id": iid, "w": w, "type": typ, "required": bool(item.get("required", True)),
            "choices": tuple(item.get("choices") or ()), "risky_values": tuple(item.get("risky_values") or ()),
            "min": item.get("min"), "max": item.get("max"),
            "text_zh": text.get("zh", iid), "text_en": text.get("en", iid),
            "risk_zh": risk.get("zh", ""), "risk_en": risk.get("en", ""),
        })
    table = pd.DataFrame(rows)
    if table.empty or table["id"].duplicated().any():
        raise EvaluationError("checklist: needs items with distinct ids")
    return table.set_index("id")


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
