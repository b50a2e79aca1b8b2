"""The English reports of every notebook show finished values only (see test_report_repr; a file of its own so
the two languages run side by side in a two-process test run)."""

from __future__ import annotations

import pytest

from test_report_repr import CONVERTED, check_report

pytestmark = pytest.mark.notebook


@pytest.mark.parametrize("name", CONVERTED)
def test_english_report_shows_no_repr(name, tmp_path):
    check_report(name, "en", tmp_path)
