"""The solutions copies of the exercises run green with non-default parameters.

CI executes the solutions copy of every exercise (nbgrader's rule: the student
copy stops at its first task by design). Checks run in strict mode, so a check
that is not right fails the run; the test then reads what each check said.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from creditkit.exercises import STRICT_ENV, solutions_copy

pytestmark = pytest.mark.notebook

SOURCE = Path(__file__).resolve().parents[2] / "exercises" / "source"

PARAMS = {
    "00_bad_rates": {"lang": "en"},
    "01_aging_by_hand": {"as_of": "2025-07-31", "lang": "en"},
    "02_dso_add_cei": {"end_ar": 1_400_000.0, "end_current_ar": 900_000.0, "days": 91},
    "03_provision": {"existing_allowance": 20_000.0},
    "04_ratios_z_score": {"customer_id": "C002", "lang": "en"},
    "05_five_c_ahp": {"lang": "en"},
    "06_danger_signals": {"lang": "en"},
    "07_debtor_types": {"lang": "en"},
    "08_collection_actions": {"lang": "en"},
    "09_late_interest": {"paid_date": "2025-07-20", "annual_rate": 0.0435},
    "10_bad_debt_and_discount": {"net_margin": 0.04, "discount": 0.01, "net_days": 45, "lang": "en"},
    "11_credit_limit_review": {"customer_id": "C002", "grade": "D", "requested": 200_000.0},
    "12_binning_iv": {"variable": "credit_amount", "edges": [1500, 3000, 6000], "lang": "en"},
    "13_scorecard_ks": {"features": ["checking_status", "credit_amount", "savings_status"]},
    "14_quiz": {"lang": "en"},
}


def test_every_exercise_has_a_run():
    assert sorted(PARAMS) == sorted(p.stem for p in SOURCE.glob("*.ipynb"))


def _texts(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out["text"]
        elif "data" in out:
            yield out["data"].get("text/plain", "")


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_solutions_copy_runs_with_other_parameters(name, tmp_path, monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    nb = solutions_copy(nbformat.read(SOURCE / f"{name}.ipynb", as_version=4))
    nb.cells = [c for c in nb.cells if "widget" not in c.get("metadata", {}).get("tags", [])]
    src, out = tmp_path / f"{name}.ipynb", tmp_path / f"{name}-run.ipynb"
    nbformat.write(nb, src)
    pm.execute_notebook(str(src), str(out), parameters=PARAMS[name], kernel_name="python3", cwd=str(tmp_path),
                        progress_bar=False, execution_timeout=120)
    ran = nbformat.read(out, as_version=4)
    said = [t for c in ran.cells if c.cell_type == "code" and "check(" in c.source for t in _texts(c)]
    n_checks = sum(c.source.count("check(") for c in ran.cells if c.cell_type == "code")
    right = "✓ Right." if PARAMS[name].get("lang") == "en" else "✓ 正确。"
    assert len(said) >= n_checks and all(right in t for t in said), said
    assert not any(mark in t for t in said for mark in ("≈", "✗", "…")), said
    if name == "14_quiz":
        everything = "\n".join(t for c in ran.cells for t in _texts(c))
        assert everything.count(right) == 13 and "Score: 13 / 13" in everything
