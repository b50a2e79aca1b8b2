"""Fixtures for papermill execution tests of the kit's notebooks."""

from __future__ import annotations

import pytest

from creditkit.reports import run_notebook


@pytest.fixture
def run_nb(tmp_path):
    """Run a kit notebook with parameters; returns the :class:`~creditkit.reports.Report`.

    ``report.records`` holds what the notebook showed with ``ck.reports.record``.
    """

    def run(name, html=False, **params):
        # Every cell runs in seconds. A widget cell can stall until the cell timeout
        # and then carry on (jupyter/nbclient#312), so the limit is kept short.
        return run_notebook(name, params, out_dir=tmp_path, html=html, timeout=60)

    return run
