"""Every label key the kit's code, charts and notebooks name exists in zh and en.

Two complementary checks: this static walk finds every literal key passed to
``label(...)`` anywhere in the package and the notebooks (including code paths
the tests do not execute), and the strict mode set in the repository's
``conftest.py`` makes every key that is looked up at run time — computed keys
included — fail the test that runs it when it has no translation.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from creditkit.i18n.catalogue import LABELS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "creditkit").rglob("*.py"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "exercises" / "source").rglob("*.ipynb"))


def _literal_label_keys(source: str) -> list[tuple[int, str]]:
    """(line, key) of each ``label("key", ...)`` / ``ck.label("key")`` / ``labels([...])`` call."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # notebook cells with magics
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        first = node.args[0]
        if name == "label" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, first.value))
        elif name == "labels" and isinstance(first, (ast.List, ast.Tuple)):
            found += [(node.lineno, e.value) for e in first.elts if isinstance(e, ast.Constant)]
    return found


def test_walk_finds_keys():
    assert _literal_label_keys('ck.label("dso", lang)\nlabels(["a", "b"], "en")') == [(1, "dso"), (2, "a"), (2, "b")]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_package_label_keys_exist(path):
    text = path.read_text(encoding="utf-8")
    if ">>>" in text:  # doctest lines are code too
        text += "\n" + "\n".join(line.strip()[4:] for line in text.splitlines() if line.strip().startswith(">>> "))
    missing = sorted({k for _, k in _literal_label_keys(text) if k not in LABELS})
    assert missing == [], f"{path.name}: label keys without a zh/en entry in creditkit/i18n/catalogue.py"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_label_keys_exist(path):
    nb = nbformat.read(path, as_version=4)
    missing = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            missing |= {k for _, k in _literal_label_keys(cell.source) if k not in LABELS}
    assert sorted(missing) == [], f"{path.name}: label keys without a zh/en entry"


def test_catalogue_defines_each_key_once():
    # a dict literal silently keeps the last of two equal keys: find them in the source
    tree = ast.parse((ROOT / "creditkit" / "i18n" / "catalogue.py").read_text(encoding="utf-8"))
    (table,) = [n for n in ast.walk(tree) if isinstance(n, ast.Dict) and len(n.keys) > 100]
    keys = [k.value for k in table.keys]
    assert sorted({k for k in keys if keys.count(k) > 1}) == []
