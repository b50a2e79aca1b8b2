"""Workshop exercises that check themselves without giving the answer away.

Three parts: building the copies of an exercise notebook
(:mod:`~creditkit.exercises.notebooks`: student, solutions and instructor copies
from one source), the printable trainer materials (:mod:`~creditkit.exercises.cards`:
role-play cards and the interview crib sheet, from the kit's collection data) and
:func:`check`, which a trainee calls after each task::

    ck.exercises.check("late_interest.amount", interest, lang=lang, principal=principal, ...)

and which answers right (✓), close (≈, with a hint naming the usual mistake —
365 vs 360 days, upper-inclusive buckets, cents vs yuan, percent vs fraction,
the sign of WOE or of an adjusting entry, CI for CR…) or wrong (✗, with a
method tip). Nothing a trainee can read back holds the answer.

How each task knows its answer — chosen per task:

**Hashed tasks** (``keys.json``) have a fixed answer: the bad rate of the German
data, the debtor types of six described cases, the quiz. The file stores, per task, a random
salt and ``sha256(salt, task, canonical text)`` of the answer rounded half-up
to the task's decimals (:func:`~creditkit.exercises._canonical.canonical`):
never the value. Typical wrong answers are stored the same way, each with its
hint, so "close: you used 360 days" is found by hashing the candidate. A
tolerance band, where a task has one, is the digest of the answer rounded to
a few significant digits. A mapping answer also stores one digest per key (to
say which entries are wrong) and a set of choices one digest per member (to
say how many picks are right). :func:`key_record` makes a record; the salted
digests stop a trainee reading the answer back, not a search over every
possible value of a small answer space (a quiz letter), which is no aim here.

**Derived tasks** (:data:`~creditkit.exercises.derived.DERIVED`) depend on the
notebook's parameters or data — the as-of date of an aging, a case customer, a
variable to bin, the ledger whose danger signals, debtor types or collection
steps the kit reads. The check cell passes the data the trainee sees
(``ledger=ledger, as_of=as_of``); the kit's own function computes the
reference and the typical wrong answers inside :func:`check`, turns them at
once into a salted record and compares digests; no value is printed or
returned; :mod:`~creditkit.exercises.derived` lists the kit function behind
each. The opening of a collection conversation
is free text: its check looks for the parts a good opening has (greeting, the
invoice, the amount, the due date, a question asking for a payment date).

Strict mode: with ``CREDITKIT_EXERCISES_STRICT=1`` (set by ``exercises/conftest.py``
and the tests) a check that is not right raises ``AssertionError``, so a source
notebook whose solution is wrong fails CI.

Examples
--------
>>> from creditkit.exercises import check
>>> check("policy.discount_cost", 0.365, discount=0.02, discount_days=10, net_days=30, lang="en").hint
'ex_hint_discount_net'
"""

from pathlib import Path

from .cards import crib_page, roleplay_deck, roleplay_sheet, write_trainer_materials
from .checking import STRICT_ENV, TRANSFORMS, CheckResult, check, key_record, task_ids
from .notebooks import (BEGIN, COPIES, END, STUB, build, instructor_copy, release, solution_code, solutions_copy,
                        strip_solutions, student_copy)

__all__ = ["data_path", "check", "key_record", "task_ids", "CheckResult", "STRICT_ENV", "TRANSFORMS", "build", "release",
           "student_copy", "solutions_copy", "instructor_copy", "strip_solutions", "solution_code", "BEGIN", "END",
           "STUB", "COPIES", "roleplay_deck", "roleplay_sheet", "crib_page", "write_trainer_materials"]


def data_path(name: str) -> Path:
    """Path of a small data file the exercises read (``creditkit/exercises/data/``).

    Examples
    --------
    >>> data_path("aging_small.csv").name
    'aging_small.csv'
    """
    path = Path(__file__).with_name("data") / name
    if not path.is_file():
        known = sorted(p.name for p in path.parent.glob("*") if p.is_file())
        raise FileNotFoundError(f"no exercise data file {name!r}; the files are {known}")
    return path
