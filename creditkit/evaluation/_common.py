"""Shared checks and helpers of :mod:`creditkit.evaluation` (private)."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd

from .._checks import load_yaml

__all__ = ["as_float_array", "packaged_yaml"]


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
    """Load the YAML file ``path``, or the packaged ``evaluation/data/default_name`` when ``path`` is None."""
    source = resources.files("creditkit.evaluation") / "data" / default_name if path is None else path
    return load_yaml(source, what=what)
