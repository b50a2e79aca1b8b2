"""Self-checks of exercise answers that never hold the answer in readable form.

See the package docstring (:mod:`creditkit.exercises`) for the two kinds of
task — hashed and derived — and how a record is made.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

import pandas as pd

from ..i18n import check_lang, label
from ._canonical import KINDS, as_number, canonical, digest

__all__ = ["STRICT_ENV", "CheckResult", "check", "key_record", "task_ids", "TRANSFORMS"]

STRICT_ENV = "CREDITKIT_EXERCISES_STRICT"

#: Generic slips tried on a number that is not right: each maps a candidate to
#: the values it would have been without the slip.
TRANSFORMS = {
    "percent": lambda x: (x / 100, x * 100),   # 12.34 given for 0.1234, or the reverse
    "cents": lambda x: (x / 100, x * 100),     # cents given for yuan, or the reverse
    "sign": lambda x: (-x,),                  # WOE sign, 补提 vs 冲回
}
_DEFAULT_HINT = {"percent": "ex_hint_percent_fraction", "cents": "ex_hint_cents_yuan", "sign": "ex_hint_sign"}


@dataclass(frozen=True)
class CheckResult:
    """Outcome of :func:`check`: ``status`` is right, close, wrong or missing.

    ``hint`` is the catalogue key of the hint given (None when right). The
    result shows as its message and is truthy only when right.
    """

    task: str
    status: str
    message: str
    hint: str | None = None
    details: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.status == "right"

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


def key_record(task, answer, *, kind="number", places=2, close=None, transforms=None, near=None,
               tip=None, salt=None) -> dict:
    """The answer-key record of one task: salted digests, never the values.

    Parameters
    ----------
    task : str
        Task id, e.g. ``"late_interest.amount"``.
    answer
        The right answer (a number, text, list of choices or dict).
    kind : {"number", "text", "choices", "mapping"}, default "number"
    places : int, default 2
        Decimals numbers are rounded to (half-up) before hashing.
    close : dict, optional
        ``{hint_key: typical_wrong_answer}``; each wrong answer is stored as a
        digest so the check can name the mistake.
    transforms : dict, optional
        ``{"percent" | "cents" | "sign": hint_key}``: generic slips tried on
        the candidate (numbers and mappings of numbers).
    near : int, optional
        Significant digits of a tolerance band: a number that agrees with the
        answer to this many digits but is not right is "close" (rounding or a
        small slip). Stored as a digest of the rounded value.
    tip : str, optional
        Catalogue key of the method tip shown with a wrong answer.
    salt : str, optional
        Default: 16 random hex digits.

    Examples
    --------
    >>> r = key_record("t.x", 0.3724, places=4, close={"ex_hint_day_basis": 0.3673}, salt="ab")
    >>> sorted(r)
    ['answer', 'close', 'kind', 'places', 'salt']
    >>> "0.3724" in json.dumps(r)
    False
    >>> check("t.x", 0.37243, record=r, lang="en").status
    'right'
    >>> check("t.x", 0.3673, record=r, lang="en").hint
    'ex_hint_day_basis'
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    salt = salt or secrets.token_hex(8)
    rec = {"kind": kind, "places": int(places), "salt": salt,
           "answer": digest(salt, task, canonical(answer, kind, places))}
    if close:
        rec["close"] = {digest(salt, task, canonical(v, kind, places)): hint for hint, v in close.items()}
    if transforms:
        unknown = set(transforms) - set(TRANSFORMS)
        if unknown:
            raise ValueError(f"transforms must be among {sorted(TRANSFORMS)}, got {sorted(unknown)}")
        rec["transforms"] = dict(transforms)
    if near is not None:
        rec["near"] = {"digits": int(near), "hash": digest(salt, task + "~", _band(as_number(answer), int(near)))}
    if kind == "mapping":
        rec["keys"] = {str(k): digest(salt, f"{task}/{k}", canonical({k: v}, kind, places)) for k, v in answer.items()}
    if kind == "choices":
        rec["members"] = sorted(digest(salt, task + "#", canonical([m], kind)) for m in answer)
    if tip:
        rec["tip"] = tip
    return rec


def _band(x: float, digits: int) -> str:
    return f"{x:.{digits - 1}e}"


@cache
def _keys() -> dict:
    return json.loads(files(__package__).joinpath("keys.json").read_text(encoding="utf-8"))


def task_ids() -> list[str]:
    """Every task :func:`check` knows (hashed and derived), sorted.

    Examples
    --------
    >>> "bad_rates.overall" in task_ids()
    True
    """
    from .derived import DERIVED

    return sorted(set(_keys()) | set(DERIVED))


def _lookup(task, data):
    from .derived import DERIVED

    if task in DERIVED:
        return DERIVED[task].record(task, data)
    if task in _keys():
        if data:
            raise TypeError(f"task {task!r} takes no data, got {sorted(data)}")
        return _keys()[task]
    import difflib

    near = difflib.get_close_matches(task, task_ids(), n=3)
    raise ValueError(f"unknown exercise task {task!r}" + (f"; did you mean {', '.join(near)}?" if near else ""))


def check(task, answer, *, lang="zh", record=None, **data) -> CheckResult:
    """Tell a trainee whether an answer is right, close (and why) or wrong.

    Parameters
    ----------
    task : str
        Task id, as written in the exercise's check cell.
    answer
        The trainee's answer.
    lang : {"zh", "en"}, default "zh"
    record : dict, optional
        An answer-key record (see :func:`key_record`) to use instead of the
        packaged one.
    **data
        For a derived task, the data the answer was computed from (the
        exercise shows which); the reference is computed from it by the kit.

    Returns
    -------
    CheckResult
        Shows as a sentence; never contains the answer.

    Raises
    ------
    ValueError
        Unknown task id.
    AssertionError
        Only when ``CREDITKIT_EXERCISES_STRICT=1`` (as in the test suite) and
        the answer is not right, so a source notebook with a wrong solution
        fails.

    Examples
    --------
    >>> check("bad_rates.overall", 0.3, lang="en")
    ✓ Right.
    >>> check("bad_rates.overall", 30, lang="en").hint
    'ex_hint_percent_fraction'
    """
    lang = check_lang(lang)
    result = _free_text(task, answer, lang, data) if record is None else None
    if result is None:
        rec = record if record is not None else _lookup(task, data)
        result = _judge(task, answer, rec, lang)
    if os.environ.get(STRICT_ENV) == "1" and result.status != "right":
        raise AssertionError(f"{task}: {result.message}")
    return result


def _free_text(task, answer, lang, data):
    from .derived import DERIVED

    spec = DERIVED.get(task)
    if spec is None or spec.judge is None:
        return None
    missing = [n for n in spec.needs if n not in data]
    if missing:
        raise TypeError(f"check({task!r}, ...) needs the data {', '.join(f'{n}=' for n in spec.needs)}; missing {missing}")
    status, hint, parts = spec.judge(answer, lang, **data)
    extra = ""
    if parts:
        sep = "、" if lang == "zh" else ", "
        extra = label("ex_parts_missing", lang) + sep.join(label(p, lang) for p in parts)
    return _result(task, status, lang, hint, extra, missing=list(parts or []))


def _result(task, status, lang, hint=None, extra="", **details):
    head = {"right": "✓ ", "close": "≈ ", "wrong": "✗ ", "missing": "… "}[status]
    text = label(f"ex_{status}", lang)
    if hint:
        text += " " + label(hint, lang)
    if extra:
        text += " " + extra
    return CheckResult(task, status, head + text, hint, details)


def _matches(rec, task, value, kind):
    try:
        return digest(rec["salt"], task, canonical(value, kind, rec["places"])) == rec["answer"]
    except TypeError:
        return False


def _number_candidates(x: float):
    eps = abs(x) * 1e-12 + 1e-15
    return (x, x + eps, x - eps)


def _judge(task, answer, rec, lang) -> CheckResult:
    if answer is None or answer is Ellipsis or answer is NotImplemented:
        return _result(task, "missing", lang)
    kind, places, salt = rec["kind"], rec["places"], rec["salt"]
    if kind == "number":
        x = as_number(answer)
        if x is None:
            return _result(task, "wrong", lang, "ex_hint_need_number", f"({type(answer).__name__})")
        if any(_matches(rec, task, c, kind) for c in _number_candidates(x)):
            return _result(task, "right", lang)
    else:
        try:
            text = canonical(answer, kind, places)
        except TypeError:
            if kind == "mapping" and isinstance(answer, (Mapping, pd.Series)):
                return _judge_mapping(task, answer, rec, lang)  # some entries unusable: say which
            return _result(task, "wrong", lang, f"ex_hint_need_{kind}", f"({type(answer).__name__})")
        if digest(salt, task, text) == rec["answer"]:
            return _result(task, "right", lang)
    # a typical mistake stored as a digest
    hint = rec.get("close", {}).get(_safe_digest(rec, task, answer, kind))
    if hint:
        return _result(task, "close", lang, hint)
    # a generic slip: percent for fraction, cents for yuan, the sign
    for name, hint in rec.get("transforms", {}).items():
        for v in _transformed(answer, kind, name):
            if _matches(rec, task, v, kind):
                return _result(task, "close", lang, hint or _DEFAULT_HINT[name])
    if kind == "number" and "near" in rec:
        band = rec["near"]
        if digest(salt, task + "~", _band(x, band["digits"])) == band["hash"]:
            return _result(task, "close", lang, "ex_hint_near")
    if kind == "mapping":
        return _judge_mapping(task, answer, rec, lang)
    if kind == "choices":
        return _judge_choices(task, answer, rec, lang)
    return _result(task, "wrong", lang, rec.get("tip"))


def _safe_digest(rec, task, answer, kind):
    try:
        return digest(rec["salt"], task, canonical(answer, kind, rec["places"]))
    except TypeError:
        return None


def _transformed(answer, kind, name):
    f = TRANSFORMS[name]
    if kind == "number":
        return f(as_number(answer))
    if kind == "mapping":
        items = dict(answer.items())
        if not all(as_number(v) is not None for v in items.values()):
            return ()
        n = len(f(1.0))
        return tuple({k: f(as_number(v))[i] for k, v in items.items()} for i in range(n))
    return ()


def _judge_mapping(task, answer, rec, lang):
    keys = rec["keys"]
    given = {str(k).strip(): v for k, v in dict(answer.items()).items()}
    norm = {k.casefold(): k for k in keys}
    missing = [k for k in keys if k.casefold() not in {g.casefold() for g in given}]
    extra = [g for g in given if g.casefold() not in norm]
    wrong = []
    for g, v in given.items():
        k = norm.get(g.casefold())
        if k is None:
            continue
        try:
            ok = digest(rec["salt"], f"{task}/{k}", canonical({k: v}, "mapping", rec["places"])) == keys[k]
        except TypeError:
            ok = False
        if not ok:
            wrong.append(k)
    parts = []
    if wrong:
        parts.append(label("ex_not_yet", lang) + "、".join(wrong) if lang == "zh" else
                     label("ex_not_yet", lang) + ", ".join(wrong))
    if missing:
        parts.append(label("ex_missing_keys", lang) + ", ".join(missing))
    if extra:
        parts.append(label("ex_extra_keys", lang) + ", ".join(extra))
    n_right = len(keys) - len(wrong) - len(missing)
    status = "close" if n_right > 0 else "wrong"
    tip = rec.get("tip")
    return _result(task, status, lang, tip, "；".join(parts) if lang == "zh" else "; ".join(parts),
                   wrong=wrong, missing=missing, unexpected=extra)


def _judge_choices(task, answer, rec, lang):
    members = set(rec["members"])
    picks = {canonical([a], "choices") for a in ([answer] if isinstance(answer, str) else answer)}
    hits = sum(digest(rec["salt"], task + "#", p) in members for p in picks)
    extra = label("ex_picks", lang).format(right=hits, wrong=len(picks) - hits, missing=len(members) - hits)
    status = "close" if hits else "wrong"
    return _result(task, status, lang, rec.get("tip"), extra, right=hits, picked=len(picks))
