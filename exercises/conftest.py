"""nbval over the exercises: execute the sources with strict self-checks.

While an item under this folder runs, ``CREDITKIT_EXERCISES_STRICT=1`` is set,
so the kernel nbval starts for a source notebook inherits it and a check that
is not right raises: a source whose solution is wrong fails. The variable is
restored afterwards, so other tests (and doctests) see the lenient checks.
Generated copies are written to ``build/exercises/``, outside this folder; a
student copy stops at its first unsolved task by design and is never
executed here (nbgrader's rule).
"""

import os

import pytest

from creditkit.exercises import STRICT_ENV

collect_ignore_glob = ["release/*"]
_saved = []


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _saved.append(os.environ.get(STRICT_ENV))
    os.environ[STRICT_ENV] = "1"


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    old = _saved.pop() if _saved else None
    if old is None:
        os.environ.pop(STRICT_ENV, None)
    else:
        os.environ[STRICT_ENV] = old
