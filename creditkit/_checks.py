"""The kit's one argument checker and its one YAML loader (private).

Every module checks its arguments with :func:`check_number` and
:func:`check_choice`, and reads every YAML file (column maps, parameter files,
questionnaires, rule trees, benchmarks, case data) with :func:`load_yaml`, so a
bad value or a bad file gets the same kind of message everywhere: the argument
or the file, line and key, what was expected and what was received.

The YAML loader is PyYAML's safe loader with three additions:

* **aliases are budgeted**: a file may use at most :data:`MAX_ALIASES` aliases
  (``*name``). An alias bomb ("billion laughs") is refused at once instead of
  running for minutes and filling memory;
* **every mapping remembers its lines**: mappings come back as
  :class:`YamlMapping`, a ``dict`` that knows the file and the line of each key,
  so later checks can say *where* a value is wrong (:func:`yaml_where`);
* **unknown keys are errors**: :func:`check_keys` refuses keys a schema does not
  know, naming file, line and key, instead of silently ignoring a typo.
"""

from __future__ import annotations

import numbers
from pathlib import Path

import numpy as np

from .errors import ConfigError

__all__ = [
    "MAX_ALIASES",
    "MAX_YAML_BYTES",
    "YamlMapping",
    "check_choice",
    "check_keys",
    "check_number",
    "load_yaml",
    "yaml_where",
]

#: Most aliases a kit YAML file may use. Hand-written files use a handful at most.
MAX_ALIASES = 100
#: Largest YAML file the kit reads (column maps, parameters, rules are small).
MAX_YAML_BYTES = 5_000_000


def check_number(name, value, *, low=None, high=None, integer=False, low_open=False, allow_none=False):
    """Return ``value`` after checking that it is a finite number within bounds.

    Parameters
    ----------
    name : str
        Argument name used in the message.
    value : object
        The value to check. ``bool`` is never taken as a number.
    low, high : float, optional
        Inclusive bounds (``low`` is exclusive when ``low_open``).
    integer : bool, default False
        Require an integer; the value is returned as ``int``. Otherwise it is
        returned as ``float``.
    allow_none : bool, default False
        Let ``None`` through unchanged.

    Raises
    ------
    TypeError
        Not a number (or not an integer when ``integer``).
    ValueError
        Not finite, or out of bounds.

    Examples
    --------
    >>> check_number("rate", 0.05, low=0, high=1)
    0.05
    >>> check_number("n", 3, integer=True, low=1)
    3
    >>> check_number("rate", 2, high=1)
    Traceback (most recent call last):
    ...
    ValueError: rate must be <= 1, got 2.0
    """
    if value is None and allow_none:
        return None
    kinds = (numbers.Integral, np.integer) if integer else (numbers.Real, np.number)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, kinds):
        kind = "an int" if integer else "a number"
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__} {value!r}")
    value = int(value) if integer else float(value)
    if not integer and not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and (value <= low if low_open else value < low):
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value!r}")
    return value


def check_choice(name, value, choices):
    """Return ``value`` if it is one of ``choices``, else raise.

    Raises
    ------
    TypeError
        The choices are all text and ``value`` is not.
    ValueError
        ``value`` is not one of ``choices``.

    Examples
    --------
    >>> check_choice("by", "due", ("due", "invoice"))
    'due'
    >>> check_choice("by", "week", ("due", "invoice"))
    Traceback (most recent call last):
    ...
    ValueError: by must be one of 'due', 'invoice'; got 'week'
    """
    choices = tuple(choices)
    if choices and all(isinstance(c, str) for c in choices) and not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__} {value!r}")
    try:
        ok = value in choices
    except TypeError:  # unhashable or incomparable value
        ok = False
    if not ok:
        shown = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {shown}; got {value!r}")
    return value


# ---------------------------------------------------------------------------
# YAML
# ---------------------------------------------------------------------------
class YamlMapping(dict):
    """A ``dict`` read from YAML that remembers where each key was written.

    ``source`` is the file name (or ``"<string>"``), ``lines`` maps each key to
    its 1-based line and ``line`` is the line where the mapping starts.
    """

    __slots__ = ("source", "line", "lines")

    def __init__(self, *args, source="<string>", line=None, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.line = line
        self.lines = dict(lines or {})


def yaml_where(mapping, key=None) -> str:
    """``"file, line N"`` of ``key`` in a mapping from :func:`load_yaml` (``""`` if unknown).

    Examples
    --------
    >>> data = load_yaml("a: 1\\nb:\\n  c: 2\\n", name="rules.yaml")
    >>> yaml_where(data["b"], "c")
    'rules.yaml, line 3'
    """
    if not isinstance(mapping, YamlMapping):
        return ""
    line = mapping.lines.get(key, mapping.line) if key is not None else mapping.line
    return f"{mapping.source}, line {line}" if line else mapping.source


def _loader_class():
    import yaml

    class Loader(yaml.SafeLoader):
        """Safe loader with an alias budget and mappings that know their lines."""

        def __init__(self, stream, source):
            super().__init__(stream)
            self.source = source
            self.aliases = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    mark = self.peek_event().start_mark
                    raise ConfigError(
                        f"{self.source}, line {mark.line + 1}: more than {MAX_ALIASES} YAML aliases (*name); "
                        "the kit's files do not need them — write the values out"
                    )
            return super().compose_node(parent, index)

        def construct_yaml_map(self, node):
            data = YamlMapping(source=self.source, line=node.start_mark.line + 1)
            yield data
            data.update(self.construct_mapping(node))
            for key_node, _ in node.value:
                try:
                    key = self.construct_object(key_node)
                    data.lines.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:  # unhashable key: construct_mapping has already refused it
                    pass

    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)
    return Loader


_LOADER = None


def load_yaml(source, *, what="YAML file", top=dict, name=None, encoding="utf-8"):
    """Read one YAML document safely and return it.

    Parameters
    ----------
    source : str, Path or importlib Traversable
        A file to read. A ``str`` that contains a newline is taken as YAML
        text (used by tests and doctests); any other ``str`` is a path.
    what : str
        What the file is, for messages ("column map", "parameters file", ...).
    name : str, optional
        Name used in messages for YAML text (default ``"<string>"``).
    top : type, default dict
        Required type of the top-level value (``dict`` or ``list``); ``None``
        accepts anything, including an empty file (returned as ``None``).

    Returns
    -------
    object
        Mappings are :class:`YamlMapping` (a ``dict`` knowing its lines).

    Raises
    ------
    ConfigError
        Unreadable file, not UTF-8, too large, not valid YAML (file, line and
        column named), an alias bomb, or a top-level value of the wrong type.

    Examples
    --------
    >>> load_yaml("columns:\\n  customer_id: 客户编码\\n")["columns"]
    {'customer_id': '客户编码'}
    >>> load_yaml("a: [1, 2\\n", name="x.yaml")
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: x.yaml, line 2, column 1: not valid YAML (expected ',' or ']', but got '<stream end>')
    """
    import yaml

    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    text, name = _read_text(source, what, encoding, name)
    loader = _LOADER(text, name)
    try:
        data = loader.get_single_data()
    except ConfigError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{name}{where}: not valid YAML ({problem})") from None
    except (TypeError, ValueError, RecursionError) as exc:  # e.g. an unhashable mapping key
        raise ConfigError(f"{name}: not usable YAML ({exc})") from None
    finally:
        loader.dispose()
    if top is not None and not isinstance(data, top):
        kinds = {dict: "a mapping (key: value lines)", list: "a list"}
        got = "an empty file" if data is None else type(data).__name__
        raise ConfigError(f"{name}: expected {kinds.get(top, top.__name__)} at the top level of the {what}, got {got}")
    return data


def _read_text(source, what, encoding, text_name=None):
    if isinstance(source, str) and "\n" in source:
        return source, text_name or "<string>"
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = str(source)
        if path.is_dir():
            raise ConfigError(f"{name}: the {what} is a folder, not a file")
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ConfigError(f"{name}: cannot read the {what} ({exc.strerror})") from None
        if size > MAX_YAML_BYTES:
            raise ConfigError(f"{name}: the {what} is {size:,} bytes; the kit reads at most {MAX_YAML_BYTES:,}")
        reader = path.read_bytes
    elif hasattr(source, "read_bytes"):  # importlib.resources Traversable
        name = getattr(source, "name", str(source))
        reader = source.read_bytes
    else:
        raise TypeError(f"the {what} must be a file path (str or Path), got {type(source).__name__}")
    try:
        raw = reader()
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the {what} ({exc.strerror or exc})") from None
    if len(raw) > MAX_YAML_BYTES:
        raise ConfigError(f"{name}: the {what} is {len(raw):,} bytes; the kit reads at most {MAX_YAML_BYTES:,}")
    try:
        return raw.decode(encoding).removeprefix("\ufeff"), name
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{name}, line {line}: the {what} is not {encoding.upper()} text; save it as UTF-8") from None


def check_keys(mapping, allowed, *, required=(), what="mapping"):
    """Refuse keys of ``mapping`` outside ``allowed`` and missing ``required`` ones.

    Messages name the file and line (for mappings read by :func:`load_yaml`),
    the key and the keys that are allowed.

    Raises
    ------
    ConfigError
        An unknown or a missing key, or ``mapping`` is not a mapping.

    Examples
    --------
    >>> data = load_yaml("name: x\\nsevertiy: high\\n", name="rules.yaml")
    >>> check_keys(data, ("name", "severity"), what="rule")
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: rules.yaml, line 2: unknown key 'severtiy' in rule; expected one of 'name', 'severity'
    """
    if not isinstance(mapping, dict):
        where = f"{mapping.source}: " if isinstance(mapping, YamlMapping) else ""
        raise ConfigError(f"{where}{what} must be a mapping (key: value), got {type(mapping).__name__} {mapping!r:.80}")
    allowed = tuple(allowed)
    for key in mapping:
        if key not in allowed:
            where = yaml_where(mapping, key)
            shown = ", ".join(repr(k) for k in allowed)
            raise ConfigError(f"{where + ': ' if where else ''}unknown key {key!r} in {what}; expected one of {shown}")
    for key in required:
        if key not in mapping:
            where = yaml_where(mapping)
            raise ConfigError(f"{where + ': ' if where else ''}{what} lacks the required key {key!r}")
    return mapping
