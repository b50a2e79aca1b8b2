"""Where the kit's notebooks are and what they are called.

A notebook is named by a path, a file name or the stem of one of the kit's own
notebooks (``"00_welcome"``); :func:`notebook_path` turns any of these into a
file, and :func:`notebook_catalog` lists the kit's notebooks with their titles.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .._paths import kit_dirs
from .html import notebook_title

__all__ = ["notebooks_dir", "list_notebooks", "notebook_path", "notebook_catalog"]


def notebooks_dir() -> Path:
    """Folder holding the kit's notebooks (source checkout or installed wheel).

    Examples
    --------
    >>> (notebooks_dir() / "00_welcome.ipynb").exists()
    True
    """
    installed, source = kit_dirs("notebooks")
    if installed.is_dir() and any(installed.glob("*.ipynb")):
        return installed
    return source


def list_notebooks() -> list[str]:
    """Names (file stems) of the kit's notebooks, in order.

    Examples
    --------
    >>> "00_welcome" in list_notebooks()
    True
    """
    return sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))


def notebook_path(notebook) -> Path:
    """Resolve a notebook given as a path, a file name or a kit notebook's stem.

    Parameters
    ----------
    notebook : str or Path
        A path to an ``.ipynb`` file, or the name of one of the kit's notebooks
        with or without the ``.ipynb`` suffix.

    Returns
    -------
    Path
        The notebook file.

    Raises
    ------
    TypeError
        ``notebook`` is neither text nor a path.
    FileNotFoundError
        No such file and no kit notebook of that name; the message lists the
        kit's notebooks.

    Examples
    --------
    >>> notebook_path("00_welcome").name
    '00_welcome.ipynb'
    """
    if not isinstance(notebook, (str, Path)):
        raise TypeError(f"notebook must be a path or a name, got {type(notebook).__name__}")
    path = Path(notebook).expanduser()
    if path.is_file():
        return path.resolve()
    name = path.name if path.suffix == ".ipynb" else path.name + ".ipynb"
    kit = notebooks_dir() / name
    if kit.is_file():
        return kit
    known = ", ".join(list_notebooks()) or "none"
    raise FileNotFoundError(f"notebook {str(notebook)!r} not found (kit notebooks: {known})")


def notebook_catalog(lang: str = "zh"):
    """The kit's notebooks with their titles in ``lang``.

    A title written ``中文标题 — English title`` is split at the dash.

    Parameters
    ----------
    lang : {"zh", "en"}, default "zh"
        Language of the titles.

    Returns
    -------
    pandas.DataFrame
        One row per notebook (index ``notebook``, the file stem) with a
        ``title`` column.

    Examples
    --------
    >>> notebook_catalog("en").loc["00_welcome", "title"]
    'Welcome tour'
    """
    import pandas as pd

    from ..i18n import check_lang

    check_lang(lang)
    titles = []
    names = list_notebooks()
    for name in names:
        title = notebook_title(nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4), name)
        zh, sep, en = title.partition(" — ")
        titles.append((en if lang == "en" else zh).strip() if sep else title)
    return pd.DataFrame({"title": titles}, index=pd.Index(names, name="notebook"))
