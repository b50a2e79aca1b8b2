"""The receivables modules import one way, and none reaches into another's private names."""

import ast
from pathlib import Path

import pytest

import creditkit.receivables

PACKAGE = Path(creditkit.receivables.__file__).parent
#: Each module may import the modules of lower layers only (and the kit's core: errors, _checks, money, dates, i18n).
LAYERS = {"_source": 0, "schema": 0, "reading": 1, "erp_profiles": 2, "erp_rows": 2, "ledger": 3, "_keys": 4, "aging": 4,
          "metrics": 5, "provision": 5, "excel": 6, "plots": 6, "settlement": 5, "features": 6, "rules": 7,
          "late_payment": 7, "signals": 8, "signal_plots": 9, "_display": 0, "promises": 1, "interest": 5,
          "letters": 5, "collection": 5, "interview": 6, "masking": 1,
          "sql_table": 1, "sql_scan": 0, "sql_aging": 5, "sql_read": 4}
CORE = {"errors", "_checks", "money", "dates", "i18n"}
MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def imports(module):
    """(level, module, names) of every import statement of a receivables module, function-level ones included."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield node.level, node.module or "", [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield 0, a.name, []


def test_every_module_has_a_layer():
    assert set(MODULES) == set(LAYERS)


@pytest.mark.parametrize("module", MODULES)
def test_imports_go_one_way(module):
    for level, name, names in imports(module):
        if level == 1:
            assert LAYERS[name] < LAYERS[module] or (name == "_keys" and module == "aging"), (module, name)
            assert name != "_keys" or module == "aging", f"{module} imports the private _keys module"
            assert name != "_source" or module == "reading", f"{module} imports the private _source module"
        elif level == 2:
            assert name.split(".")[0] in CORE, f"{module} imports creditkit.{name}"
        elif level == 0:
            assert not name.startswith("creditkit"), f"{module} imports {name} absolutely"


@pytest.mark.parametrize("module", MODULES)
def test_no_private_names_from_other_modules(module):
    for level, name, names in imports(module):
        if level and name not in ("_keys", "_source"):
            private = [n for n in names if n.startswith("_")]
            assert not private, f"{module} imports {private} from {'.' * level}{name}"


@pytest.mark.parametrize("module", MODULES)
def test_only_plots_imports_matplotlib(module):
    uses = any(name.split(".")[0] == "matplotlib" for level, name, _ in imports(module) if level == 0)
    assert uses == (module in ("plots", "signal_plots"))
