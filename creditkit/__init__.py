"""creditkit — customer credit and receivables management kit.

Functions behind the workshop notebooks: credit evaluation tools (5C, 5W,
ratios, Altman Z, AHP and expert scoring, decision trees, scorecards),
receivables aging, risk signals, collection and credit policy, and the
machinery that runs notebooks as parameterized reports.

Examples
--------
>>> import creditkit as ck
>>> ck.label("bad_rate", "en")
'Bad rate'
"""

from importlib import import_module
from importlib.util import find_spec

from .errors import ConfigError, CreditkitError, LedgerError, NotebookExecutionError, ParameterError, SchemaError
from .i18n import label

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "ConfigError",
    "CreditkitError",
    "LedgerError",
    "NotebookExecutionError",
    "ParameterError",
    "SchemaError",
    "label",
    "datasets",
    "i18n",
    "money",
    "dates",
    "plotting",
    "reports",
    "widgets",
    "explore",
    "exercises",
    "evaluation",
    "scorecard",
    "policy",
    "receivables",
    "cases",
    "show",
]

# Submodules load on first use (`ck.datasets`, `ck.reports`, `ck.evaluation`, ...):
# `import creditkit` stays quick and does not pull in matplotlib or Jupyter
# machinery for code that needs neither.


def __getattr__(name):
    if name == "show":  # the report display layer, short: ck.show.table(...)
        module = import_module(".reports.show", __name__)
        globals()[name] = module
        return module
    if not name.startswith("_") and find_spec(f"{__name__}.{name}") is not None:
        module = import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'creditkit' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
