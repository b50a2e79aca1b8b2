"""The kit's one argument checker and its one YAML loader (private).

Every module checks its arguments with :func:`check_number` and
:func:`check_choice`, and reads every YAML file (column maps, parameter files,
questionnaires, rule trees, benchmarks, case data) with :func:`load_yaml`, so a
bad value or a bad file gets the same kind of message everywhere: the argument
or the file, line and key, what was expected and what was received.

The YAML loader is PyYAML's safe loader with these additions:

* **aliases are budgeted**: a file may use at most :data:`MAX_ALIASES` aliases
  (``*name``), and written out they may add at most
  :data:`MAX_ALIAS_EXPANSION` values. An alias bomb ("billion laughs") is
  measured without being expanded and refused at once instead of running for
  minutes and filling memory; an alias inside the value it names is refused too;
* **a key written twice is an error**, instead of the last one silently winning;
* **every container remembers its lines**: mappings come back as
  :class:`YamlMapping` and lists as :class:`YamlList`, a ``dict`` and a
  ``list`` that know the file and the line of each key or item, so later checks
  can say *where* a value is wrong (:func:`yaml_where`);
* **unknown keys are errors**: :func:`check_keys` refuses keys a schema does not
  know, naming file, line and key, instead of silently ignoring a typo, and
  :func:`yaml_value` checks what kind of value a key holds.
"""

from __future__ import annotations

import numbers
import reprlib
from pathlib import Path

import numpy as np

from .errors import ConfigError

__all__ = [
    "MAX_ALIASES",
    "MAX_ALIAS_EXPANSION",
    "MAX_YAML_BYTES",
    "YamlList",
    "YamlMapping",
    "check_choice",
    "check_keys",
    "check_number",
    "load_yaml",
    "yaml_value",
    "yaml_where",
]

#: Most aliases a kit YAML file may use. Hand-written files use a handful at most.
MAX_ALIASES = 100
#: Most values the aliases of a file may add when written out ("billion laughs" guard).
MAX_ALIAS_EXPANSION = 100_000
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


class YamlList(list):
    """A ``list`` read from YAML that remembers where each item was written.

    ``source`` is the file name, ``line`` the line where the list starts and
    ``lines[i]`` the 1-based line of item ``i``.
    """

    __slots__ = ("source", "line", "lines")

    def __init__(self, *args, source="<string>", line=None, lines=None):
        super().__init__(*args)
        self.source = source
        self.line = line
        self.lines = list(lines or [])


def yaml_where(container, key=None) -> str:
    """``"file, line N"`` of ``key`` in a mapping or list from :func:`load_yaml` (``""`` if unknown).

    For a mapping ``key`` is a key, for a list an index; without ``key`` the
    line where the container starts is given.

    Examples
    --------
    >>> data = load_yaml("a: 1\\nb:\\n  c: 2\\nd:\\n  - x\\n  - y\\n", name="rules.yaml")
    >>> yaml_where(data["b"], "c")
    'rules.yaml, line 3'
    >>> yaml_where(data["d"], 1)
    'rules.yaml, line 6'
    >>> yaml_where({"a": 1}, "a")
    ''
    """
    line = None
    if isinstance(container, YamlMapping):
        line = container.lines.get(key, container.line) if key is not None else container.line
    elif isinstance(container, YamlList):
        line = container.line
        if key is not None and isinstance(key, int) and -len(container.lines) <= key < len(container.lines):
            line = container.lines[key]
    else:
        return ""
    return f"{container.source}, line {line}" if line else container.source


class _ShortRepr(reprlib.Repr):
    """``reprlib`` that also shortens the YAML containers (it dispatches on the type's name)."""

    def __init__(self, limit):
        super().__init__()
        self.maxstring = self.maxother = limit
        self.maxlist = self.maxdict = self.maxtuple = self.maxset = 6
        self.maxlevel = 2

    def repr_YamlMapping(self, x, level):
        return self.repr_dict(x, level)

    def repr_YamlList(self, x, level):
        return self.repr_list(x, level)


def _short(value, limit=80) -> str:
    """``repr`` of ``value`` cut to about ``limit`` characters without building a huge text."""
    text = _ShortRepr(limit).repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _located(where, message) -> str:
    return f"{where}: {message}" if where else message


def _base_loader():
    """PyYAML's safe loader, parsing with libyaml when PyYAML was built with it.

    libyaml's parser yields the same events several times faster than the
    pure-Python one; composing (where aliases are counted) and constructing
    stay in Python either way.
    """
    import yaml

    try:
        from yaml._yaml import CParser
    except ImportError:
        return yaml.SafeLoader
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class FastSafeLoader(Composer, CParser, SafeConstructor, Resolver):
        def __init__(self, stream):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    return FastSafeLoader


def _loader_class():
    import yaml

    merge_tag = "tag:yaml.org,2002:merge"

    class Loader(_base_loader()):
        """Safe loader with an alias budget, no repeated keys and containers that know their lines."""

        def __init__(self, stream, source):
            super().__init__(stream)
            self.source = source
            self.aliases = 0
            self.anchor_names = {}  # id(node) -> anchor name, for messages

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
            anchor = getattr(self.peek_event(), "anchor", None)
            node = super().compose_node(parent, index)
            if anchor is not None:
                self.anchor_names[id(node)] = anchor
            return node

        def construct_object(self, node, deep=False):
            try:
                return super().construct_object(node, deep=deep)
            except ConfigError:
                raise
            except (TypeError, ValueError) as exc:  # e.g. a date such as 2025-02-30
                reason = f"{exc}; value {_short(node.value)}"
                error = ConfigError(f"{self.source}, line {node.start_mark.line + 1}: not usable YAML ({reason})")
                error.yaml_node, error.yaml_reason = node, reason  # the mapping that holds it adds the key
                raise error from None

        def construct_yaml_map(self, node):
            data = YamlMapping(source=self.source, line=node.start_mark.line + 1)
            yield data
            seen = {}
            for key_node, _ in node.value:  # written keys, before merge keys (<<) are expanded
                if key_node.tag == merge_tag or not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = self.construct_object(key_node)
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise ConfigError(
                        f"{self.source}, line {line}: key {key!r} is written twice in one mapping "
                        f"(first on line {seen[key]}); keep one"
                    )
                seen[key] = line
            try:
                data.update(self.construct_mapping(node))
            except ConfigError as exc:
                bad = getattr(exc, "yaml_node", None)
                keys = [k.value for k, v in node.value if v is bad and isinstance(k, yaml.ScalarNode)]
                if not keys:
                    raise
                raise ConfigError(
                    f"{self.source}, line {bad.start_mark.line + 1}: key {keys[0]!r} holds a value that is not "
                    f"usable YAML ({exc.yaml_reason})"
                ) from None
            for key_node, _ in node.value:  # merged keys first, so a written key's line wins
                try:
                    key = self.construct_object(key_node)
                    data.lines[key] = key_node.start_mark.line + 1
                except TypeError:  # unhashable key: construct_mapping has already refused it
                    pass

        def construct_yaml_seq(self, node):
            data = YamlList(source=self.source, line=node.start_mark.line + 1,
                            lines=[item.start_mark.line + 1 for item in node.value])
            yield data
            data.extend(self.construct_sequence(node))

    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", Loader.construct_yaml_seq)
    return Loader


_LOADER = None


def _check_expansion(root, source, anchor_names=None):
    """Refuse a node graph that refers to itself or that aliases blow up.

    Each node's size with its aliases written out is computed once (an
    iterative depth-first walk over the composed nodes, linear in the file),
    so a "billion laughs" file is measured, not expanded.
    """
    import yaml

    def children(node):
        if isinstance(node, yaml.MappingNode):
            return [n for pair in node.value for n in pair]
        if isinstance(node, yaml.SequenceNode):
            return node.value
        return ()

    size = {}
    open_nodes = set()
    stack = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children(node))
            if size[key] > len(size) + MAX_ALIAS_EXPANSION:
                anchor = (anchor_names or {}).get(key)
                named = f"the value anchored as &{anchor}" if anchor else "this value"
                raise ConfigError(
                    f"{source}, line {node.start_mark.line + 1}: YAML aliases (*name) expand {named} to "
                    f"{size[key]:,} values, more than {MAX_ALIAS_EXPANSION:,} beyond what is written; "
                    "the kit's files do not need that — write the values out"
                )
            continue
        if key in size:
            continue
        if key in open_nodes:
            anchor = (anchor_names or {}).get(key)
            named = f"*{anchor}" if anchor else "(*name)"
            raise ConfigError(
                f"{source}, line {node.start_mark.line + 1}: the YAML alias {named} is used inside the value "
                "it names, which would never end"
            )
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children(node))


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
    top : type or tuple of types, default dict
        Required type of the top-level value (``dict`` or ``list``; add
        ``type(None)`` to let an empty file through as ``None``); ``None``
        accepts anything, including an empty file.

    Returns
    -------
    object
        Mappings are :class:`YamlMapping` and lists :class:`YamlList` (a
        ``dict`` and a ``list`` that know their lines).

    Raises
    ------
    ConfigError
        Unreadable file, not UTF-8, too large, not valid YAML (file, line and
        column named), a key written twice in one mapping, an alias bomb or an
        alias that refers to itself, or a top-level value of the wrong type.

    Notes
    -----
    Aliases are budgeted twice: at most :data:`MAX_ALIASES` of them, and
    written out they may add at most :data:`MAX_ALIAS_EXPANSION` values to
    the file. The second limit is what stops a "billion laughs" file, whose
    few dozen aliases would expand to hundreds of millions of values.

    Examples
    --------
    >>> load_yaml("columns:\\n  customer_id: 客户编码\\n")["columns"]
    {'customer_id': '客户编码'}
    >>> load_yaml("a: [1, 2\\n", name="x.yaml")
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: x.yaml, line 2, column 1: not valid YAML (...)
    >>> load_yaml("weight: 1\\nweight: 2\\n", name="q.yaml")
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: q.yaml, line 2: key 'weight' is written twice in one mapping (first on line 1); keep one
    """
    import yaml

    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    text, name = _read_text(source, what, encoding, name)
    loader = _LOADER(text, name)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, name, loader.anchor_names)
        data = loader.construct_document(node) if node is not None else None
    except ConfigError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.position, int):  # a forbidden character
            where = f", line {text[: exc.position].count(chr(10)) + 1}"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{name}{where}: not valid YAML ({problem})") from None
    except (TypeError, ValueError, RecursionError) as exc:  # e.g. nesting too deep
        raise ConfigError(f"{name}: not usable YAML ({type(exc).__name__}: {_short(str(exc))})") from None
    finally:
        loader.dispose()
    if top is not None and not isinstance(data, top):
        kinds = {dict: "a mapping (key: value lines)", list: "a list", type(None): "an empty file"}
        wanted = " or ".join(kinds.get(t, t.__name__) for t in (top if isinstance(top, tuple) else (top,)))
        got = "an empty file" if data is None else f"{_KIND_NAMES.get(type(data), type(data).__name__)} {_short(data)}"
        line = node.start_mark.line + 1 if node is not None else 1
        raise ConfigError(f"{name}, line {line}: expected {wanted} at the top level of the {what}, got {got}")
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
        raise ConfigError(_located(
            yaml_where(mapping),
            f"{what} must be a mapping (key: value), got {_KIND_NAMES.get(type(mapping), type(mapping).__name__)} "
            f"{_short(mapping)}",
        ))
    allowed = tuple(allowed)
    for key in mapping:
        if key not in allowed:
            shown = ", ".join(repr(k) for k in allowed)
            raise ConfigError(_located(yaml_where(mapping, key), f"unknown key {_short(key)} in {what}; expected one of {shown}"))
    for key in required:
        if key not in mapping:
            raise ConfigError(_located(yaml_where(mapping), f"{what} lacks the required key {key!r}"))
    return mapping


#: Kinds of YAML value :func:`yaml_value` checks, with the types they admit.
_KINDS = {
    "text": (str,),
    "number": (numbers.Real,),
    "integer": (numbers.Integral,),
    "bool": (bool,),
    "mapping": (dict,),
    "list": (list,),
    "scalar": (str, numbers.Real),
}
_KIND_WORDS = {
    "text": "text", "number": "a number", "integer": "a whole number", "bool": "true/false",
    "mapping": "a mapping (key: value)", "list": "a list", "scalar": "a single value (text or number)",
}
_KIND_NAMES = {YamlMapping: "a mapping", YamlList: "a list", dict: "a mapping", list: "a list",
               str: "text", bool: "true/false", int: "a number", float: "a number", type(None): "nothing"}
_REQUIRED = object()


def yaml_value(container, key, kinds, *, what, default=_REQUIRED):
    """``container[key]`` after checking what kind of value it is; messages name file, line and key.

    Parameters
    ----------
    container : dict or list
        A mapping (``key`` is a key) or a list (``key`` is an index), best one
        read by :func:`load_yaml` so that messages can give the line.
    key : object
    kinds : str or tuple of str
        Accepted kinds: ``"text"``, ``"number"``, ``"integer"``, ``"bool"``,
        ``"mapping"``, ``"list"``, ``"scalar"`` (text or number). ``true`` and
        ``false`` count only as ``"bool"``, never as numbers.
    what : str
        What ``container`` is, for messages ("question 'pays'").
    default : object, optional
        Returned when the key is absent; without it the key is required.

    Raises
    ------
    ConfigError
        The key is missing (and has no default) or its value is of another kind.

    Examples
    --------
    >>> data = load_yaml("weight: high\\n", name="q.yaml")
    >>> yaml_value(data, "weight", "number", what="question 'pays'")
    Traceback (most recent call last):
    ...
    creditkit.errors.ConfigError: q.yaml, line 1: question 'pays' key 'weight' must be a number, got text 'high'
    >>> yaml_value(data, "text", "mapping", what="question 'pays'", default={})
    {}
    """
    kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    is_list = isinstance(container, list)
    present = (-len(container) <= key < len(container)) if is_list else key in container
    if not present:
        if default is not _REQUIRED:
            return default
        raise ConfigError(_located(yaml_where(container), f"{what} lacks the required key {key!r}"))
    value = container[key]
    types = tuple(t for kind in kinds for t in _KINDS[kind])
    if isinstance(value, types) and (not isinstance(value, bool) or "bool" in kinds):
        return value
    words = [_KIND_WORDS[kind] for kind in kinds]
    words = " or ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " or " + words[-1]
    label = f"item {key + 1} of {what}" if is_list else f"{what} key {_short(key)}"
    got = "nothing (an empty value)" if value is None else f"{_KIND_NAMES.get(type(value), type(value).__name__)} {_short(value)}"
    raise ConfigError(_located(yaml_where(container, key), f"{label} must be {words}, got {got}"))
