"""Where the kit's notebooks are and what they are called.

A notebook is named by a path, a file name or the stem of one of the kit's own
notebooks (``"00_welcome"``); :func:`notebook_path` turns any of these into a
file, and :func:`notebook_catalog` lists the kit's notebooks with their titles.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from .._paths import kit_dirs
from .html import notebook_title, title_in

__all__ = ["notebooks_dir", "list_notebooks", "notebook_path", "read_notebook", "notebook_catalog"]


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


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith(".ipynb") or text.startswith("~")


def notebook_path(notebook) -> Path:
    """Resolve a notebook given as a kit notebook's name or as an explicit path.

    A bare name (``"00_welcome"``) always means one of the kit's notebooks,
    whatever files the current folder holds. A notebook outside the kit is run
    only when given as an explicit path: one with a folder part
    (``./my.ipynb``, ``reports/x.ipynb``) or ending in ``.ipynb``. Running it
    executes its code.

    Parameters
    ----------
    notebook : str or Path
        A kit notebook's name (with or without ``.ipynb``), or a path.

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
    text = str(notebook)
    if isinstance(notebook, Path) or _looks_like_path(text):
        path = Path(text).expanduser()
        if path.is_file():
            return path.resolve()
    name = Path(text).name
    name = name if name.endswith(".ipynb") else name + ".ipynb"
    kit = notebooks_dir() / name
    if kit.is_file() and (not _looks_like_path(text) or text == name):
        return kit
    known = ", ".join(list_notebooks()) or "none"
    shown = text if len(text) <= 80 else text[:77] + "..."
    raise FileNotFoundError(f"notebook {shown!r} not found (kit notebooks: {known})")


def read_notebook(path):
    """Read a notebook file; a file that is not one is refused without quoting it.

    Raises
    ------
    ParameterError
        The file cannot be read or is not a Jupyter notebook.

    Examples
    --------
    >>> read_notebook(notebook_path("00_welcome")).nbformat
    4
    """
    from ..errors import ParameterError

    path = Path(path)
    try:
        return nbformat.read(path, as_version=4)
    except OSError as exc:
        raise ParameterError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    except Exception:  # noqa: BLE001 - nbformat's errors quote the file's content
        raise ParameterError(f"{path.name} is not a Jupyter notebook (.ipynb); nothing was run") from None


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
    names = list_notebooks()
    titles = [title_in(notebook_title(nbformat.read(notebooks_dir() / f"{name}.ipynb", as_version=4), name), lang)
              for name in names]
    return pd.DataFrame({"title": titles}, index=pd.Index(names, name="notebook"))
