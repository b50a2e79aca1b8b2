"""5C credit evaluation: a questionnaire kept as data, scored to 0–100 with reasons.

The five Cs — 品德 character, 能力 capacity, 资本 capital, 担保 collateral,
条件 conditions — each hold weighted questions with answer scales. The
packaged questionnaire (``data/five_c_questionnaire.yaml``) is a teaching
default; a company edits a copy and passes its path to
:func:`load_questionnaire`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_keys, yaml_value
from ..errors import EvaluationError
from ..i18n import check_lang
from ._common import check_unique, file_error, packaged_yaml, positive_number, yaml_records, yaml_texts
from .rating import RatingScale, credit_grade

__all__ = [
    "FIVE_C",
    "Questionnaire",
    "FiveCResult",
    "load_questionnaire",
    "five_c_score",
    "five_c_from_dimensions",
]

#: The five dimensions, in the usual order.
FIVE_C = ("character", "capacity", "capital", "collateral", "conditions")

@dataclass(frozen=True)
class Questionnaire:
    """A 5C questionnaire as tables.

    Attributes
    ----------
    dimensions : pandas.DataFrame
        Index = dimension key; columns ``weight`` (normalised), ``name_zh``, ``name_en``.
    questions : pandas.DataFrame
        Index = question id; columns ``dimension``, ``weight`` (normalised within
        the dimension), ``overall_weight``, ``max_points``, ``text_zh``, ``text_en``.
    answers : pandas.DataFrame
        Columns ``question``, ``key``, ``points``, ``zh``, ``en``.
    """

    dimensions: pd.DataFrame
    questions: pd.DataFrame
    answers: pd.DataFrame

    def options(self, question, lang="zh"):
        """``{answer label: key}`` of one question, for a drop-down."""
        check_lang(lang)
        a = self.answers[self.answers["question"] == question]
        return dict(zip(a[lang], a["key"]))


_TOP_KEYS = ("name", "dimensions")
_DIMENSION_KEYS = ("name", "weight", "questions")
_QUESTION_KEYS = ("id", "text", "weight", "answers")
_ANSWER_KEYS = ("key", "points", "zh", "en")


def load_questionnaire(path=None):
    """Read a 5C questionnaire from YAML (default: the packaged one).

    Parameters
    ----------
    path : str or Path, optional
        A file in the layout of the packaged ``data/five_c_questionnaire.yaml``:
        ``name`` ({zh, en}) and ``dimensions``, a mapping of some of the five
        Cs to ``weight``, ``name`` and ``questions``; each question has ``id``,
        ``weight``, ``text`` ({zh, en}) and ``answers``, each answer ``key``,
        ``points``, ``zh`` and ``en``.

    Returns
    -------
    Questionnaire

    Raises
    ------
    TypeError
        ``path`` is not a str or Path.
    ConfigError
        The file cannot be read as YAML, or it breaks the layout: a key the
        layout does not know (a misspelt dimension, say), a missing ``weight``
        or ``answers``, a weight written as text. The message names file,
        line and key.
    EvaluationFileError
        A dimension or question without a positive weight, a dimension or a
        question without answers, negative points, a question whose best
        answer has 0 points, duplicate question ids or answer keys. It is both
        a ``ConfigError`` and an ``EvaluationError``.

    Examples
    --------
    >>> q = load_questionnaire()
    >>> q.dimensions.index.tolist()
    ['character', 'capacity', 'capital', 'collateral', 'conditions']
    >>> round(float(q.questions["overall_weight"].sum()), 6)
    1.0
    """
    what = "5C questionnaire"
    data = packaged_yaml(path, "five_c_questionnaire.yaml", what=what)
    check_keys(data, _TOP_KEYS, required=("dimensions",), what=what)
    yaml_texts(data, "name", what=what)
    dimensions = yaml_value(data, "dimensions", "mapping", what=what)
    check_keys(dimensions, FIVE_C, what=f"{what} 'dimensions'")
    if not dimensions:
        raise file_error(data, "dimensions", f"{what} key 'dimensions' lists no dimension")
    dims, questions, answers, seen = [], [], [], {}
    for dkey in dimensions:
        dwhat = f"dimension {dkey!r}"
        d = yaml_value(dimensions, dkey, "mapping", what=f"{what} 'dimensions'")
        check_keys(d, _DIMENSION_KEYS, required=("weight", "questions"), what=dwhat)
        dw = positive_number(d, "weight", what=dwhat)
        name = yaml_texts(d, "name", what=dwhat)
        dims.append({"dimension": dkey, "weight": dw, "name_zh": name.get("zh", dkey), "name_en": name.get("en", dkey)})
        qlist = yaml_records(d, "questions", what=dwhat, record="question", allowed=_QUESTION_KEYS,
                             required=("id", "weight", "answers"))
        for i, q in enumerate(qlist):
            qid = yaml_value(q, "id", "text", what=f"question {i + 1} of {dwhat}")
            check_unique(seen, qid, q, "id", what="question id")
            qwhat = f"question {qid!r}"
            qw = positive_number(q, "weight", what=qwhat)
            text = yaml_texts(q, "text", what=qwhat)
            opts = _answers(q, qwhat)
            answers.extend({"question": qid, **a} for a in opts)
            questions.append({"question": qid, "dimension": dkey, "weight": qw,
                              "max_points": max(a["points"] for a in opts),
                              "text_zh": text.get("zh", qid), "text_en": text.get("en", qid)})
    dims = pd.DataFrame(dims).set_index("dimension")
    dims["weight"] = dims["weight"] / dims["weight"].sum()
    qs = pd.DataFrame(questions).set_index("question")
    qs["weight"] = qs["weight"] / qs.groupby("dimension")["weight"].transform("sum")
    qs["overall_weight"] = qs["weight"] * qs["dimension"].map(dims["weight"])
    return Questionnaire(dims, qs, pd.DataFrame(answers))


def _answers(question, qwhat):
    """The checked answers of one question as ``{key, points, zh, en}`` dicts."""
    opts = yaml_records(question, "answers", what=qwhat, record="answer", allowed=_ANSWER_KEYS,
                        required=("key", "points"))
    out, seen = [], {}
    for i, a in enumerate(opts):
        awhat = f"answer {i + 1} of {qwhat}"
        raw = a["key"]
        if isinstance(raw, bool):
            raise file_error(a, "key", f"{awhat} key 'key' must be text, got {raw!r}: unquoted yes/no/on/off/true/false "
                                       "are read as true or false; write the key in quotes, e.g. key: 'yes'")
        key = str(yaml_value(a, "key", ("text", "integer"), what=awhat))
        check_unique(seen, key, a, "key", what=f"{qwhat} answer key")
        points = float(yaml_value(a, "points", "number", what=awhat))
        if not np.isfinite(points) or points < 0:
            raise file_error(a, "points", f"{awhat} key 'points' must be 0 or more, got {points!r}")
        out.append({"key": key, "points": points,
                    "zh": str(yaml_value(a, "zh", "scalar", what=awhat, default=key)),
                    "en": str(yaml_value(a, "en", "scalar", what=awhat, default=key))})
    if max(a["points"] for a in out) <= 0:
        raise file_error(question, "answers", f"{qwhat}: its best answer must have more than 0 points")
    return out


@dataclass(frozen=True)
class FiveCResult:
    """Score, grade and reasons of a 5C evaluation.

    Attributes
    ----------
    score : float
        0–100.
    grade : str
    dimension_scores : pandas.Series
        0–100 per dimension.
    table : pandas.DataFrame
        One row per question: ``dimension``, ``answer``, ``points``,
        ``question_score`` (0–100), ``overall_weight``, ``points_lost``
        (how many of the 100 overall points this answer cost).
    reasons : pandas.DataFrame
        The answers that cost most (``points_lost`` > 0), largest first: the
        reasons that drove the grade.
    """

    score: float
    grade: str
    dimension_scores: pd.Series
    table: pd.DataFrame
    reasons: pd.DataFrame


def five_c_score(answers, *, questionnaire=None, scale="A-E", n_reasons=3):
    """Score a customer's 5C answers to 0–100 and grade them.

    Parameters
    ----------
    answers : dict
        ``{question_id: answer_key}``; every question must be answered.
    questionnaire : Questionnaire, optional
        Default: the packaged questionnaire.
    scale : {"A-E", "AAA-C"} or RatingScale, default "A-E"
    n_reasons : int, default 3
        How many answers to list as reasons.

    Returns
    -------
    FiveCResult

    Raises
    ------
    EvaluationError
        A question is not answered, an answer is not on its scale, or an
        unknown question is answered.

    Notes
    -----
    ``question_score = 100 × points / max_points``; a dimension's score is the
    weighted mean of its questions, the total the weighted mean of the
    dimensions: ``score = Σ overall_weight × question_score``.

    Examples
    --------
    >>> q = load_questionnaire()
    >>> best = {qid: q.answers[q.answers.question == qid].sort_values("points").key.iloc[-1]
    ...         for qid in q.questions.index}
    >>> r = five_c_score(best, questionnaire=q)
    >>> r.score, r.grade, len(r.reasons)
    (100.0, 'A', 0)
    """
    q = load_questionnaire() if questionnaire is None else questionnaire
    if not isinstance(q, Questionnaire):
        raise TypeError(f"questionnaire must be a Questionnaire, got {type(q).__name__}")
    if not isinstance(answers, dict):
        raise TypeError(f"answers must be a dict {{question_id: answer_key}}, got {type(answers).__name__}")
    unknown = sorted(set(answers) - set(q.questions.index))
    if unknown:
        raise EvaluationError(f"answers: unknown questions {unknown!r}")
    missing = [k for k in q.questions.index if k not in answers]
    if missing:
        raise EvaluationError(f"answers: questions not answered {missing!r}")
    given = pd.DataFrame({"question": list(answers), "key": [str(v) for v in answers.values()]})
    merged = given.merge(q.answers, on=["question", "key"], how="left")
    off = merged[merged["points"].isna()]
    if len(off):
        row = off.iloc[0]
        allowed = q.answers.loc[q.answers["question"] == row["question"], "key"].tolist()
        raise EvaluationError(
            f"answers[{row['question']!r}] must be one of {allowed!r}, got {row['key']!r}"
        )
    table = q.questions.join(merged.set_index("question")[["key", "points"]])
    table = table.rename(columns={"key": "answer"})
    table["question_score"] = 100.0 * table["points"] / table["max_points"]
    table["points_lost"] = table["overall_weight"] * (100.0 - table["question_score"])
    dim_scores = (table["question_score"] * table["weight"]).groupby(table["dimension"], sort=False).sum()
    dim_scores = dim_scores.reindex(q.dimensions.index)
    score = float((table["question_score"] * table["overall_weight"]).sum())
    score = float(np.round(score, 10))
    reasons = table[table["points_lost"] > 1e-9].sort_values("points_lost", ascending=False).head(n_reasons)
    cols = ["dimension", "answer", "points", "max_points", "question_score", "overall_weight", "points_lost", "text_zh", "text_en"]
    return FiveCResult(score, credit_grade(score, scale=scale), dim_scores.rename("score"), table[cols], reasons[cols])


def five_c_from_dimensions(scores, *, weights=None, scale="A-E"):
    """Overall 5C score and grade from scores given per dimension (0–100).

    The quick form used by the workshop sliders: a trainee sets each C
    directly instead of answering every question.

    Parameters
    ----------
    scores : dict
        ``{dimension: 0..100}`` for all five Cs.
    weights : dict, optional
        Default: the packaged questionnaire's dimension weights.

    Returns
    -------
    tuple of (float, str)
        Score and grade.

    Examples
    --------
    >>> five_c_from_dimensions({"character": 80, "capacity": 70, "capital": 60,
    ...                         "collateral": 40, "conditions": 60})
    (64.5, 'C')
    """
    if not isinstance(scores, dict):
        raise TypeError(f"scores must be a dict {{dimension: score}}, got {type(scores).__name__}")
    s = pd.Series(scores, dtype=float)
    missing = [d for d in FIVE_C if d not in s.index]
    if missing or set(s.index) - set(FIVE_C):
        raise EvaluationError(f"scores must give exactly the five Cs {FIVE_C!r}; got {list(s.index)!r}")
    if ((s < 0) | (s > 100)).any():
        raise EvaluationError(f"scores must be on 0–100, got {scores!r}")
    w = load_questionnaire().dimensions["weight"] if weights is None else pd.Series(weights, dtype=float)
    w = w.reindex(list(FIVE_C))
    if w.isna().any() or (w < 0).any() or w.sum() <= 0:
        raise EvaluationError(f"weights must give a non-negative weight to each of {FIVE_C!r}, got {weights!r}")
    w = w / w.sum()
    score = float(np.round((s.reindex(list(FIVE_C)) * w).sum(), 10))
    return score, credit_grade(score, scale=scale)
