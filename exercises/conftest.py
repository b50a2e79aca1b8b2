"""nbval over the exercises: execute the sources with strict self-checks.

With ``CREDITKIT_EXERCISES_STRICT=1`` (inherited by the kernels nbval starts)
a check that is not right raises, so a source whose solution is wrong fails.
Generated copies are written to ``build/exercises/``, outside this folder; a
student copy stops at its first unsolved task by design and is never
executed here (nbgrader's rule).
"""

import os

os.environ["CREDITKIT_EXERCISES_STRICT"] = "1"
collect_ignore_glob = ["release/*", "student/*", "instructor/*", "solutions/*"]
