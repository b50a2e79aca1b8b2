"""ERP export profiles: what each family of exports writes, and which family a file is.

A profile is a small YAML file in ``creditkit/receivables/profiles/`` describing
one family of receivables exports (金蝶 应收款明细表, 用友 U8 应收明细账, SAP FBL5N,
QuickBooks A/R Aging Detail …):

===================  ================================================================
key                  meaning
===================  ================================================================
name, product,       the profile's name (``--profile NAME``), the product, and what
reads                it reads (shown by ``creditkit profiles``)
detect               ``headers`` the family's header row holds, ``required`` headers of
                     which one at least must be there (what sets the family apart),
                     ``titles`` words of its title lines; ``min_headers`` (default 3)
columns              header aliases by canonical name, tried before the general ones
ignore               headers of columns the reader must not use (original amounts,
                     the product's own aging ranges …)
types                document-type words → canonical type
type_patterns        regular expression on the document number → canonical type, for
                     exports without a type column (``^RINV/`` → credit_note)
signs                ``amount``: the sign of the amount gives the direction (a positive
                     payment line is a debit); ``type``: the type does (receipts may
                     be written positive)
same_number          several rows with one number for one customer: ``reject``
                     (default), ``sum`` (line items of one invoice) or ``separate``
                     (separate postings, numbered ``NO#2`` …)
customer_headings    the customer is a heading row above its items (no customer column)
open_items           every row is an open item and the amount its open amount; a
                     reference to a document absent from the file is no link
date_format          ``strftime`` format of text dates
===================  ================================================================

:func:`detect_profile` scores every profile against the first rows of a file: the
share of its header words found in the best header row, plus its title words in
the lines above. A clear winner is used; a tie or a weak match leaves the general
reader, and the detection is reported either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd

from .._checks import check_keys, load_yaml, yaml_where
from ..errors import ConfigError
from .reading import INPUT_COLUMNS, norm_key
from .schema import DOC_TYPES

__all__ = ["Profile", "Detection", "profiles", "get_profile", "detect_profile"]

_KEYS = ("name", "product", "reads", "detect", "columns", "ignore", "types", "type_patterns", "signs",
         "same_number", "customer_headings", "open_items", "date_format")
_MIN_SCORE = 0.6   # share of a profile's header words a file must show
_MARGIN = 0.15     # lead over the runner-up


@dataclass(frozen=True)
class Profile:
    """One export family, as read from its YAML file (keys in the module docstring)."""

    name: str
    product: str
    reads: str
    headers: tuple = ()
    required: tuple = ()
    titles: tuple = ()
    min_headers: int = 3
    columns: dict = field(default_factory=dict)
    ignore: tuple = ()
    types: dict = field(default_factory=dict)
    type_patterns: dict = field(default_factory=dict)
    signs: str = "type"
    same_number: str = "reject"
    customer_headings: bool = False
    open_items: bool = False
    date_format: str | None = None


@dataclass(frozen=True)
class Detection:
    """Which profile a file was read with, and why.

    ``profile`` is None for the general reader; ``scores`` holds every profile's
    score, best first; ``forced`` is True when the user named the profile.
    """

    profile: Profile | None
    scores: tuple = ()
    forced: bool = False

    def describe(self) -> str:
        """One line for stderr: the profile used and the scores behind the choice."""
        top = ", ".join(f"{n} {s:.2f}" for n, s in self.scores[:3])
        if self.forced:
            return f"profile {self.profile.name} (--profile)"
        if self.profile is None:
            return f"no ERP profile fits clearly (scores: {top or 'none'}): general reader; name one with --profile NAME"
        return f"profile {self.profile.name} detected ({self.profile.product}; scores: {top})"


def _text_list(spec, key) -> tuple:
    value = spec.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        raise ConfigError(f"{yaml_where(spec, key)}: {key} must be a list of words, got {value!r}")
    return tuple(str(v) for v in value)


def _profile(spec, source: str) -> Profile:
    """A profile from one YAML mapping, every key checked."""
    check_keys(spec, _KEYS, required=("name", "product", "reads", "detect"), what="ERP profile")
    detect = check_keys(spec["detect"], ("headers", "required", "titles", "min_headers"), required=("headers",),
                        what="profile detect")
    columns = check_keys(spec.get("columns", {}), INPUT_COLUMNS, what="profile columns")
    for canon in columns:
        _text_list(columns, canon)
    types = spec.get("types", {})
    check_keys(types, tuple(types), what="profile types")
    for word, kind in types.items():
        if kind not in DOC_TYPES:
            raise ConfigError(f"{yaml_where(types, word)}: type {kind!r} of {word!r} is not one of "
                              f"{', '.join(DOC_TYPES)}")
    patterns = spec.get("type_patterns", {})
    for pat, kind in patterns.items():
        try:
            re.compile(pat)
        except re.error as exc:
            raise ConfigError(f"{yaml_where(patterns, pat)}: bad pattern {pat!r}: {exc}") from None
        if kind not in DOC_TYPES:
            raise ConfigError(f"{yaml_where(patterns, pat)}: type {kind!r} is not one of {', '.join(DOC_TYPES)}")
    choices = {"signs": ("type", "amount"), "same_number": ("reject", "sum", "separate")}
    for key, allowed in choices.items():
        if key in spec and spec[key] not in allowed:
            raise ConfigError(f"{yaml_where(spec, key)}: {key} must be one of {', '.join(allowed)}, got {spec[key]!r}")
    for key in ("customer_headings", "open_items"):
        if key in spec and not isinstance(spec[key], bool):
            raise ConfigError(f"{yaml_where(spec, key)}: {key} must be true or false, got {spec[key]!r}")
    min_headers = detect.get("min_headers", 3)
    if not isinstance(min_headers, int) or min_headers < 1:
        raise ConfigError(f"{yaml_where(detect, 'min_headers')}: min_headers must be a positive whole number")
    return Profile(
        name=str(spec["name"]), product=str(spec["product"]), reads=str(spec["reads"]),
        headers=_text_list(detect, "headers"), required=_text_list(detect, "required"), titles=_text_list(detect, "titles"), min_headers=min_headers,
        columns={k: _text_list(columns, k) for k in columns}, ignore=_text_list(spec, "ignore"),
        types={str(k): v for k, v in types.items()}, type_patterns=dict(patterns),
        signs=spec.get("signs", "type"), same_number=spec.get("same_number", "reject"),
        customer_headings=spec.get("customer_headings", False), open_items=spec.get("open_items", False),
        date_format=spec.get("date_format"),
    )


_CACHE: dict = {}


def profiles() -> dict:
    """Every profile shipped with the kit, by name.

    Examples
    --------
    >>> "sap_fbl5n" in profiles() and "kingdee_ar_detail" in profiles()
    True
    """
    if not _CACHE:
        folder = resources.files("creditkit.receivables") / "profiles"
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                p = _profile(load_yaml(entry, what="ERP profile"), entry.name)
                _CACHE[p.name] = p
    return dict(_CACHE)


def get_profile(name: str) -> Profile:
    """The profile called ``name``.

    Raises
    ------
    ConfigError
        No such profile (the known names are listed, with ``creditkit profiles``).

    Examples
    --------
    >>> get_profile("u8_ar_detail").product
    '用友 Yonyou U8 应收款管理'
    """
    known = profiles()
    if name not in known:
        raise ConfigError(f"--profile {name!r}: no such ERP profile; `creditkit profiles` lists "
                          f"{', '.join(sorted(known))}")
    return known[name]


def _row_keys(row) -> set:
    return {norm_key(c) for c in row if str(c).strip()}


def _score(profile: Profile, rows: list, header_rows: int) -> float:
    """Share of the profile's header words in its best row (two rows joined), plus 0.2 for a title word."""
    words = [norm_key(h) for h in profile.headers]
    best, best_at = 0.0, 0
    for i, row in enumerate(rows[:header_rows]):
        keys = _row_keys(row)
        if i + 1 < len(rows):
            keys |= {norm_key(k) + norm_key(s) for k, s in zip(row, rows[i + 1]) if str(s).strip()}
        hits = sum(w in keys for w in set(words))
        if hits < profile.min_headers or (profile.required and not any(norm_key(r) in keys for r in profile.required)):
            continue
        # the share of the file's header cells this profile explains, and of the profile's words found
        explained = min(1.0, hits / max(min(len(set(words)), len(_row_keys(row))), 1))
        covered = sum(k in words for k in _row_keys(row)) / max(len(_row_keys(row)), 1)
        s = 0.5 * explained + 0.5 * covered
        if s > best:
            best, best_at = s, i
    if best and profile.titles:
        above = " ".join(norm_key(c) for row in rows[:best_at] for c in row if str(c).strip())
        if any(norm_key(t) in above for t in profile.titles):
            best += 0.2
    return round(best, 4)


def detect_profile(cells: pd.DataFrame, *, name: str | None = None, header_rows: int = 30) -> Detection:
    """The profile of an export, from its first rows (or the one named).

    Parameters
    ----------
    cells : DataFrame
        Text cells of the file, as :attr:`~creditkit.receivables.reading.RawRows.cells`.
    name : str, optional
        A profile named by the user (``--profile``): used without scoring.
    header_rows : int, default 30
        Rows looked at.

    Returns
    -------
    Detection

    Examples
    --------
    >>> cells = pd.DataFrame([["Account", "Document Number", "Document Type", "Document Date", "Net due date",
    ...                        "Amount in local currency", "Clearing Document"]])
    >>> detect_profile(cells).profile.name
    'sap_fbl5n'
    >>> detect_profile(pd.DataFrame([["客户编码", "单据编号", "金额"]])).profile is None
    True
    """
    if name is not None:
        return Detection(get_profile(name), forced=True)
    rows = cells.head(header_rows + 1).astype(str).values.tolist()
    scores = sorted(((p.name, _score(p, rows, header_rows)) for p in profiles().values()),
                    key=lambda t: -t[1])
    scores = tuple((n, s) for n, s in scores if s > 0)
    if not scores or scores[0][1] < _MIN_SCORE or (len(scores) > 1 and scores[0][1] - scores[1][1] < _MARGIN):
        return Detection(None, scores)
    return Detection(profiles()[scores[0][0]], scores)
