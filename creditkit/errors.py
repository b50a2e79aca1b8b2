"""Exceptions and warnings raised by creditkit.

Every error is a :class:`CreditkitError` and also a built-in ``ValueError`` or
``TypeError``, so callers may catch either the kit's own class or the usual one.
"""

from __future__ import annotations

__all__ = [
    "CreditkitError",
    "LedgerError",
    "SchemaError",
    "ParameterError",
    "ConfigError",
    "EvaluationError",
    "EvaluationFileError",
    "ScorecardError",
    "LabelError",
    "NotebookExecutionError",
    "DatasetError",
    "OutputFormatError",
    "CreditkitWarning",
    "FontWarning",
    "SignWarning",
    "BinningWarning",
    "TargetWarning",
    "LabelWarning",
]


class CreditkitError(Exception):
    """Base class of every error creditkit raises on purpose."""


class LedgerError(CreditkitError, ValueError):
    """A ledger row that cannot be taken as it is.

    The message names the file, the line (as a text editor counts it, header =
    line 1), the column, the document number and the offending value.

    Examples
    --------
    >>> err = LedgerError("unparseable amount", file="ar.csv", line=7,
    ...                   column="amount", doc_no="INV-9", value="12,3x")
    >>> str(err)
    "ar.csv, line 7, column 'amount', document INV-9: unparseable amount (value '12,3x')"
    """

    def __init__(self, reason, *, file=None, line=None, column=None, doc_no=None, value=None):
        self.reason = reason
        self.file = file
        self.line = line
        self.column = column
        self.doc_no = doc_no
        self.value = value
        super().__init__(self._format())

    def _format(self) -> str:
        where = []
        if self.file is not None:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        if self.doc_no is not None:
            where.append(f"document {self.doc_no}")
        head = ", ".join(where)
        text = f"{head}: {self.reason}" if head else str(self.reason)
        if self.value is not None:
            text += f" (value {self.value!r})"
        return text


class SchemaError(CreditkitError, ValueError):
    """A table lacks a required column or has a column of the wrong kind."""


class ParameterError(CreditkitError, ValueError):
    """A notebook or report parameter that cannot be used."""


class ConfigError(CreditkitError, ValueError):
    """A YAML file (column map, parameters, questionnaire, rules, ...) that cannot be used.

    The message names the file, the line and the key.
    """


class EvaluationError(CreditkitError, ValueError):
    """An evaluation input that cannot be used as it is.

    Raised, for example, for a pairwise-comparison matrix that is not
    reciprocal, a statement with zero total assets or a questionnaire answer
    that is not on the answer scale. The message names the argument and the
    value received.
    """


class EvaluationFileError(ConfigError, EvaluationError):
    """An evaluation data file (5C questionnaire, 5W checklist, rule tree, benchmarks) whose content cannot be used.

    For example a weight that is not positive, a rule-tree node that points to
    a node that does not exist, or quantiles that are not ascending. It is both
    a :class:`ConfigError` (the message names the file, the line and the key)
    and an :class:`EvaluationError`, so code catching either one catches it.

    Examples
    --------
    >>> err = EvaluationFileError("q.yaml, line 4: dimension 'capital' key 'weight' must be positive, got 0")
    >>> isinstance(err, ConfigError) and isinstance(err, EvaluationError)
    True
    """


class ScorecardError(CreditkitError, ValueError):
    """A scorecard step that cannot go ahead with the data it was given."""


class LabelError(CreditkitError, KeyError):
    """A display label key that is not in the catalogue (strict mode)."""

    def __str__(self):  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


class DatasetError(CreditkitError, ValueError):
    """A shipped dataset is missing or does not match its checksum."""


class NotebookExecutionError(CreditkitError, RuntimeError):
    """A notebook failed while it ran as a report.

    Attributes
    ----------
    notebook : str
        Path of the notebook that failed.
    cell : int or None
        Index of the failing code cell (0-based, counting all cells).
    ename, evalue : str
        Name and message of the exception raised in the kernel.
    """

    def __init__(self, notebook, cell=None, ename="", evalue="", source=""):
        self.notebook = str(notebook)
        self.cell = cell
        self.ename = ename
        self.evalue = evalue
        self.source = source
        where = f"cell {cell}" if cell is not None else "an unknown cell"
        msg = f"{self.notebook} failed in {where}: {ename}: {evalue}"
        if source:
            first = source.strip().splitlines()[0] if source.strip() else ""
            msg += f"\n  cell starts with: {first[:120]}"
        super().__init__(msg)


class OutputFormatError(CreditkitError, RuntimeError):
    """A document cannot be written in the format asked for: its converter or library is not installed."""


class CreditkitWarning(UserWarning):
    """Base class of creditkit warnings."""


class FontWarning(CreditkitWarning):
    """No CJK font was found, so Chinese labels will not render in charts."""


class SignWarning(CreditkitWarning):
    """A scorecard coefficient whose sign goes against the WOE direction."""


class BinningWarning(CreditkitWarning):
    """A variable binned other than its dtype says, or left without information.

    For example numbers stored as text, binned as numbers, or a constant or
    all-missing column. The message names the variable.
    """


class TargetWarning(CreditkitWarning):
    """A target whose bad class was inferred: two numeric labels other than 0/1, the greater taken as bad."""


class LabelWarning(CreditkitWarning):
    """A display label key that is not in the catalogue; the key is shown instead."""
