"""Shared checks and helpers of :mod:`creditkit.evaluation` (private)."""

from __future__ import annotations

from importlib import resources
from numbers import Real
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CreditkitError

__all__ = ["EvaluationError", "check_number", "check_choice", "load_yaml", "as_float_array"]


class EvaluationError(CreditkitError, ValueError):
    """An evaluation input that cannot be used as it is.

    Raised, for example, for a pairwise-comparison matrix that is not
    reciprocal, a statement with zero total assets or a questionnaire answer
    that is not on the answer scale. The message names the argument and the
    value received.
    """


def check_number(name, value, *, low=None, high=None, low_open=False, allow_none=False):
    """Return ``value`` as float after checking its type and range."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (Real, np.number)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and (value < low or (low_open and value == low)):
        op = ">" if low_open else ">="
        raise ValueError(f"{name} must be {op} {low}, got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value!r}")
    return value


def check_choice(name, value, choices):
    """Return ``value`` if it is one of ``choices``, else raise ValueError."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__} {value!r}")
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def load_yaml(path, default_name):
    """Load a YAML file given as a path, or the packaged ``data/default_name``."""
    import yaml

    if path is None:
        text = (resources.files("creditkit.evaluation") / "data" / default_name).read_text(
            encoding="utf-8"
        )
    else:
        if not isinstance(path, (str, Path)):
            raise TypeError(f"path must be a str or Path, got {type(path).__name__}")
        text = Path(path).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise EvaluationError(f"{path or default_name}: expected a YAML mapping at the top level")
    return data


def as_float_array(name, value):
    """``value`` (scalar, list, ndarray or Series) as a float ndarray; raise on non-numbers."""
    if isinstance(value, (pd.Series, pd.Index)):
        value = value.to_numpy()
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numeric (number, array or Series), got {value!r}") from None
    return arr
