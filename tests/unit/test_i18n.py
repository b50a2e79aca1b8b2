from __future__ import annotations

import pandas as pd
import pytest

from creditkit import i18n


def test_every_label_has_both_languages():
    for key, entry in i18n._LABELS.items():
        assert set(entry) == {"zh", "en"}, key
        assert entry["zh"] and entry["en"], key


def test_label_switches_language():
    assert i18n.label("not_due", "zh") == "未到期"
    assert i18n.label("not_due", "en") == "Not due"


def test_register_requires_both_languages():
    with pytest.raises(ValueError, match="lacks a text for en"):
        i18n.register_labels({"x_test": {"zh": "某"}})


@pytest.mark.parametrize("lang, exc", [("fr", ValueError), (None, TypeError), ("ZH", ValueError)])
def test_check_lang_rejects(lang, exc):
    with pytest.raises(exc, match="lang"):
        i18n.check_lang(lang)


def test_translate_columns_keeps_unknown():
    df = pd.DataFrame(columns=["total", "zzz"])
    assert i18n.translate_columns(df, "en").columns.tolist() == ["Total", "zzz"]


def test_a_label_cannot_be_redefined_by_another_module():
    i18n.register_labels({"x_once": {"zh": "一次", "en": "once"}})
    i18n.register_labels({"x_once": {"zh": "一次", "en": "once"}})  # same texts: fine
    with pytest.raises(ValueError, match="already registered"):
        i18n.register_labels({"x_once": {"zh": "两次", "en": "twice"}})


def test_all_modules_import_together_without_label_conflicts():
    import importlib
    import pkgutil

    import creditkit

    for mod in pkgutil.walk_packages(creditkit.__path__, "creditkit."):
        if not mod.name.startswith("creditkit._"):
            importlib.import_module(mod.name)
    assert i18n.label("dso", "en") and i18n.label("woe", "zh")
