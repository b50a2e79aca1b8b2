"""Where the kit's shipped folders are: in an installed wheel or in a source checkout (private)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["kit_dirs"]

_PACKAGE = Path(__file__).resolve().parent


def kit_dirs(source_name: str) -> tuple[Path, Path]:
    """Folders that may hold the top-level ``source_name`` folder, best first.

    A wheel installs ``datasets/`` and ``notebooks/`` as ``creditkit/_data`` and
    ``creditkit/_notebooks`` (see ``pyproject.toml``); a source checkout or an
    editable install has them beside the package.

    Examples
    --------
    >>> installed, source = kit_dirs("notebooks")
    >>> installed.name, source.name
    ('_notebooks', 'notebooks')
    """
    installed = {"datasets": "_data", "notebooks": "_notebooks"}[source_name]
    return _PACKAGE / installed, _PACKAGE.parent / source_name
