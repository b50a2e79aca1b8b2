"""Display labels in Chinese and English.

Tables inside creditkit use snake_case English column names; what a person sees
in a report or a chart comes from one catalogue (:mod:`creditkit.i18n.catalogue`),
switched by a ``lang`` parameter (``"zh"`` or ``"en"``). The catalogue is
complete on first use, whatever has been imported before.

An unknown key is a missing translation: :func:`label` warns once per key
(:class:`~creditkit.errors.LabelWarning`) and shows the key, or raises
:class:`~creditkit.errors.LabelError` when the environment variable
``CREDITKIT_STRICT_LABELS=1`` is set, as the tests do.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable

from ..errors import LabelError, LabelWarning

__all__ = ["LANGS", "STRICT_ENV", "check_lang", "has_label", "label", "label_or_name", "labels", "translate_columns"]

LANGS = ("zh", "en")

_LABELS: dict[str, dict[str, str]] | None = None
_WARNED: set[str] = set()

#: Set this environment variable to ``1`` to make an unknown label key an error
#: (the test suite and the notebook tests do, so a missing translation fails them).
STRICT_ENV = "CREDITKIT_STRICT_LABELS"


def _catalogue() -> dict[str, dict[str, str]]:
    global _LABELS
    if _LABELS is None:
        from .catalogue import LABELS

        _LABELS = LABELS
    return _LABELS


def check_lang(lang) -> str:
    """Return ``lang`` if it is a supported language code, else raise.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'zh', 'en'; got 'fr'
    """
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str ('zh' or 'en'), got {type(lang).__name__}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of 'zh', 'en'; got {lang!r}")
    return lang


def label(key: str, lang: str = "zh") -> str:
    """Display label of ``key`` in ``lang``.

    Raises
    ------
    LabelError
        ``key`` is not in the catalogue and ``CREDITKIT_STRICT_LABELS=1``;
        otherwise a :class:`~creditkit.errors.LabelWarning` is issued once per
        key and the key itself is returned.

    Examples
    --------
    >>> label("bad_rate", "zh")
    '坏账率'
    >>> label("bad_rate", "en")
    'Bad rate'
    """
    check_lang(lang)
    entry = _catalogue().get(key)
    if entry is not None:
        return entry[lang]
    if os.environ.get(STRICT_ENV) == "1":
        raise LabelError(f"no display label for {key!r}: add it to creditkit/i18n/catalogue.py with 'zh' and 'en'")
    if key not in _WARNED:
        _WARNED.add(key)
        warnings.warn(f"no display label for {key!r}; showing the key", LabelWarning, stacklevel=2)
    return str(key)


def label_or_name(name, lang: str = "zh") -> str:
    """Label of ``name`` when the catalogue has one, else ``name`` itself, unchanged.

    For names that come from the data (a user's column, a criterion, a
    category), where the kit's own keys get their label and anything else is
    shown as the user wrote it.

    Examples
    --------
    >>> label_or_name("total", "en"), label_or_name("营业收入", "en")
    ('Total', '营业收入')
    """
    check_lang(lang)
    entry = _catalogue().get(name) if isinstance(name, str) else None
    return entry[lang] if entry is not None else str(name)


def has_label(key) -> bool:
    """Whether the catalogue has a label for ``key``.

    Examples
    --------
    >>> has_label("dso"), has_label("no_such_key")
    (True, False)
    """
    return isinstance(key, str) and key in _catalogue()


def labels(keys: Iterable[str], lang: str = "zh") -> list[str]:
    """Labels of several keys, in order.

    Examples
    --------
    >>> labels(["good", "bad"], "en")
    ['Good', 'Bad (default)']
    """
    return [label(k, lang) for k in keys]


def translate_columns(df, lang: str = "zh"):
    """Copy of ``df`` with column names replaced by their display labels.

    Columns without a catalogue entry (a user's own column names, bucket
    labels such as ``1-30``) keep their names.

    Examples
    --------
    >>> import pandas as pd
    >>> translate_columns(pd.DataFrame({"customer_id": [1], "total": [2]}), "zh").columns.tolist()
    ['客户编码', '合计']
    """
    check_lang(lang)
    return df.rename(columns={c: label(c, lang) for c in df.columns if has_label(c)})
