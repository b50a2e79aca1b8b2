"""``ck.show``: the display layer and the sentence builders under one short name.

Everything in :mod:`creditkit.reports.display` (tables, key figures, formatters,
data source, exported files), :mod:`creditkit.reports.sentences` and
:mod:`creditkit.reports.scorecard_sentences` (sentences about the data), so a
notebook writes ``ck.show.table(...)`` and ``ck.show.five_c_sentence(...)``.

Examples
--------
>>> import creditkit as ck
>>> ck.show.percent(0.3), ck.show.table is ck.reports.display.table
('30.0%', True)
"""

from .display import *  # noqa: F401,F403
from .display import __all__ as _display_all
from .sentences import *  # noqa: F401,F403
from .sentences import __all__ as _sentences_all
from .scorecard_sentences import *  # noqa: F401,F403
from .scorecard_sentences import __all__ as _scorecard_all

__all__ = list(_display_all) + list(_sentences_all) + list(_scorecard_all)
