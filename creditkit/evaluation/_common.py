"""Shared checks and helpers of :mod:`creditkit.evaluation` (private)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_keys, load_yaml, yaml_value, yaml_where
from ..errors import EvaluationFileError
from ..i18n import LANGS

__all__ = [
    "as_float_array", "check_unique", "file_error", "packaged_yaml", "positive_number", "yaml_records", "yaml_texts",
]


def as_float_array(name, value):
    """``value`` (scalar, list, ndarray or Series) as a float ndarray; raise on non-numbers."""
    if isinstance(value, (pd.Series, pd.Index)):
        value = value.to_numpy()
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric (number, array or Series), got {value!r}") from None
    return arr


def packaged_yaml(path, default_name, *, what):
    """Load the YAML file ``path``, or the packaged ``evaluation/data/default_name`` when ``path`` is None.

    ``path`` must be a ``str`` or a :class:`~pathlib.Path`; anything else is a
    ``TypeError``. Problems with the file itself are a
    :class:`~creditkit.errors.ConfigError` naming file and line.
    """
    if path is None:
        return load_yaml(resources.files("creditkit.evaluation") / "data" / default_name, what=what)
    if not isinstance(path, (str, os.PathLike)) or (isinstance(path, str) and "\n" in path):
        shown = "text with line breaks" if isinstance(path, str) else type(path).__name__
        raise TypeError(f"path must be the file path (str or Path) of a {what}, got {shown}")
    return load_yaml(Path(path), what=what)


def file_error(container, key, message) -> EvaluationFileError:
    """An :class:`~creditkit.errors.EvaluationFileError` for ``container[key]``, led by its file and line."""
    where = yaml_where(container, key)
    return EvaluationFileError(f"{where}: {message}" if where else message)


def yaml_texts(container, key, *, what):
    """The ``{zh: ..., en: ...}`` texts under ``container[key]`` (``{}`` when absent), checked.

    Examples
    --------
    >>> from creditkit._checks import load_yaml
    >>> yaml_texts(load_yaml("name: {zh: 制造业, en: Manufacturing}\\n"), "name", what="industry")
    {'zh': '制造业', 'en': 'Manufacturing'}
    """
    texts = yaml_value(container, key, "mapping", what=what, default={})
    check_keys(texts, LANGS, what=f"{what} {key!r}")
    return {lang: str(yaml_value(texts, lang, "scalar", what=f"{what} {key!r}")) for lang in texts}


def positive_number(container, key, *, what) -> float:
    """``container[key]`` as a float after checking that it is a number above 0."""
    value = float(yaml_value(container, key, "number", what=what))
    if not np.isfinite(value) or value <= 0:
        raise file_error(container, key, f"{what} key {key!r} must be a positive number, got {value!r}")
    return value


def yaml_records(container, key, *, what, record, allowed, required=()):
    """The non-empty list of mappings under ``container[key]``, each checked with ``check_keys``.

    ``record`` names one item in messages ("question" gives "question 2 of
    dimension 'capital'").

    Examples
    --------
    >>> from creditkit._checks import load_yaml
    >>> data = load_yaml("items:\\n  - {id: a}\\n  - {id: b, colour: red}\\n", name="w.yaml")
    >>> yaml_records(data, "items", what="checklist", record="item", allowed=("id",))
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: w.yaml, line 3: unknown key 'colour' in item 2 of checklist; expected one of 'id'
    """
    items = yaml_value(container, key, "list", what=what)
    if not items:
        raise file_error(container, key, f"{what} key {key!r} lists no {record}")
    for i in range(len(items)):
        item = yaml_value(items, i, "mapping", what=f"{what} {key!r}")
        check_keys(item, allowed, required=required, what=f"{record} {i + 1} of {what}")
    return items


def check_unique(seen, value, record, key, *, what):
    """Refuse ``value`` (``record[key]``) when ``seen`` holds it already; else remember where it stands."""
    if value in seen:
        raise file_error(record, key, f"{what} {value!r} is used twice (first at {yaml_where(seen[value], key)})")
    seen[value] = record
