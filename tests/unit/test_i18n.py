from __future__ import annotations

import subprocess
import sys
import warnings

import pandas as pd
import pytest

from creditkit import i18n
from creditkit.errors import LabelError, LabelWarning
from creditkit.i18n.catalogue import LABELS


def test_every_label_has_both_languages():
    for key, entry in LABELS.items():
        assert set(entry) == {"zh", "en"}, key
        assert entry["zh"].strip() and entry["en"].strip(), key


def test_label_switches_language():
    assert i18n.label("not_due", "zh") == "未到期"
    assert i18n.label("not_due", "en") == "Not due"


def test_labels_do_not_depend_on_import_order():
    # a fresh interpreter that imports nothing but the top-level package
    out = subprocess.run([sys.executable, "-c", "import creditkit as ck; print(ck.label('dso', 'zh'))"],
                         capture_output=True, text=True, check=True, env={"PYTHONIOENCODING": "utf-8"})
    assert out.stdout.strip() == LABELS["dso"]["zh"] != "dso"


def test_unknown_key_raises_in_strict_mode(monkeypatch):
    monkeypatch.setenv(i18n.STRICT_ENV, "1")
    with pytest.raises(LabelError, match="no display label for 'no_such_key_x'"):
        i18n.label("no_such_key_x", "en")


def test_unknown_key_warns_once_at_run_time(monkeypatch):
    monkeypatch.delenv(i18n.STRICT_ENV, raising=False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert i18n.label("no_such_key_y", "en") == "no_such_key_y"
        assert i18n.label("no_such_key_y", "zh") == "no_such_key_y"
    assert [w.category for w in caught] == [LabelWarning]


@pytest.mark.parametrize("lang, exc", [("fr", ValueError), (None, TypeError), ("ZH", ValueError)])
def test_check_lang_rejects(lang, exc):
    with pytest.raises(exc, match="lang"):
        i18n.check_lang(lang)


def test_translate_columns_keeps_unknown():
    df = pd.DataFrame(columns=["total", "zzz"])
    assert i18n.translate_columns(df, "en").columns.tolist() == ["Total", "zzz"]


def test_no_module_defines_labels_of_its_own():
    # the catalogue is the one place: no module keeps a private label table
    import pathlib

    import creditkit

    root = pathlib.Path(creditkit.__file__).parent
    offenders = [p.relative_to(root).as_posix() for p in root.rglob("*.py")
                 if "register_labels" in p.read_text(encoding="utf-8")]
    assert offenders == []
