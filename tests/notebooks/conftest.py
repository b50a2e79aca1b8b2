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
        # Unlike a report run, the tests also run the cells tagged ``widget``; the kit's
        # kernel client keeps them from stalling (jupyter/nbclient#312).
        return run_notebook(name, params, out_dir=tmp_path, html=html, timeout=60, widgets=True)

    return run
