"""A pool kernel runs report after report with nothing leaking between them, and survives failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from creditkit.errors import NotebookExecutionError, ParameterError
from creditkit.reports.pool import NamespaceLeakError, PoolKernel

NB = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks" / "per_customer.ipynb"

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def kernel():
    with PoolKernel(timeout=3) as k:
        yield k


def test_a_name_defined_in_one_report_is_not_visible_in_the_next(kernel, tmp_path):
    a = kernel.run(NB, {"customer_id": "JD0001"}, out_dir=tmp_path, stem="a")
    b = kernel.run(NB, {"customer_id": "JD0003"}, out_dir=tmp_path, stem="b")
    assert a.records["seen"] == [] and b.records["seen"] == []
    # the same kernel ran both (no restart in between), so only the reset kept JD0001's name away
    assert kernel.starts == 1


def test_names_defined_outside_a_report_are_reset_too(kernel, tmp_path):
    kernel._call(kernel._run_code, "leak_outside = 1", "test")
    run = kernel.run(NB, {"customer_id": "JD0004"}, out_dir=tmp_path, stem="c")
    assert run.records["seen"] == []


def test_the_reset_check_refuses_a_namespace_with_names_it_does_not_know(kernel, tmp_path):
    code = ("leak_sneaky = 1\n__import__('creditkit.reports.pool', fromlist=['_'])._prepare_namespace("
            f"{str(tmp_path)!r}, 's', {sorted(kernel._baseline)!r})")
    with pytest.raises(NamespaceLeakError, match="leak_sneaky"):
        kernel._call(kernel._run_code, code, "test")


def test_widget_cells_are_skipped_and_the_report_dir_is_set(kernel, tmp_path):
    run = kernel.run(NB, {"customer_id": "JD0005"}, out_dir=tmp_path / "x", stem="JD0005")
    assert "widget_ran" not in run.records
    widget = [c for c in run.executed.cells if "widget" in c.metadata.get("tags", [])]
    assert widget and widget[0].outputs == []
    env = kernel._call(kernel._run_code, "import os; (os.getcwd(), os.environ['CREDITKIT_REPORT_STEM'])", "test",
                       result=True)
    assert env == (str((tmp_path / "x").resolve()), "JD0005")


def test_a_failing_cell_is_named_and_the_kernel_runs_the_next_report(kernel, tmp_path):
    with pytest.raises(NotebookExecutionError) as err:
        kernel.run(NB, {"customer_id": "JD0002"}, out_dir=tmp_path, stem="bad")
    assert err.value.cell == 3 and err.value.ename == "ValueError"
    assert "broken on purpose: JD0002" in str(err.value) and "per_customer.ipynb" in str(err.value)
    ok = kernel.run(NB, {"customer_id": "JD0006"}, out_dir=tmp_path, stem="ok")
    assert ok.records["seen"] == []


def test_parameters_are_checked_as_a_report_run_checks_them(kernel, tmp_path):
    with pytest.raises(ParameterError, match="no parameter 'colour'"):
        kernel.run(NB, {"colour": "red"}, out_dir=tmp_path, stem="p")
    with pytest.raises(ParameterError, match="expects a number"):
        kernel.run(NB, {"sleep": "long"}, out_dir=tmp_path, stem="p")


def test_a_cell_past_the_timeout_fails_that_report_and_a_fresh_kernel_runs_the_next(tmp_path):
    with PoolKernel(timeout=2) as k:
        with pytest.raises(NotebookExecutionError, match="CellTimeout"):
            k.run(NB, {"customer_id": "JD0007", "sleep": 30}, out_dir=tmp_path, stem="slow")
        after = k.run(NB, {"customer_id": "JD0008"}, out_dir=tmp_path, stem="next")
        assert after.records["seen"] == [] and k.starts == 2


def test_timeout_below_one_second_is_refused():
    with pytest.raises(ParameterError, match="timeout"):
        PoolKernel(timeout=0)
