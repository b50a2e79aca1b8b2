"""Batch reports: one failure never stops the others, unchanged inputs are kept, an interrupted run resumes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from creditkit.cli import main
from creditkit.errors import CreditkitError, ParameterError
from creditkit.reports import read_records
from creditkit.reports.batch import MANIFEST, content_key, customer_file_name, read_manifest, run_batch

NB = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks" / "per_customer.ipynb"

pytestmark = pytest.mark.notebook


def _visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S))


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A batch of three customers, the second of which fails on purpose."""
    out = tmp_path_factory.mktemp("batch")
    res = run_batch(case="jidian", customers="JD0001,JD0002,JD0003", notebook=NB, workers=2, out_dir=out)
    return out, res


def test_a_broken_customer_is_reported_and_the_others_finish(first_run):
    out, res = first_run
    assert res.failed == ["JD0002"] and sorted(res.ran) == ["JD0001", "JD0003"] and not res.ok
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["status"] == "finished"
    bad = manifest["reports"]["JD0002"]
    assert bad["status"] == "failed" and "html" not in bad
    assert "per_customer.ipynb failed in cell 3: ValueError: broken on purpose: JD0002" in bad["error"]
    for cid in ("JD0001", "JD0003"):
        assert manifest["reports"][cid]["status"] == "ok"
        assert (out / f"{cid}.html").is_file() and (out / f"{cid}.ipynb").is_file()
    assert not (out / "JD0002.html").exists()
    # each report saw none of the names the others defined (two kernels ran three reports)
    for cid in ("JD0001", "JD0003"):
        records = read_records(nbformat.read(str(out / f"{cid}.ipynb"), as_version=4))
        assert records["seen"] == [] and records["credit_file"]["customer_id"] == cid


def test_the_index_links_every_report_and_names_the_failure(first_run):
    out, _ = first_run
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="./JD0001.html">JD0001.html</a>' in page and '<a href="./JD0003.html">JD0003.html</a>' in page
    assert 'href="./JD0002.html"' not in page
    text = _visible(page)
    assert "客户 JD0001" in text and "¥1,234.56" in text and "¥50,000.00" in text
    assert "共 3 位客户：2 份信用档案（其中 0 份输入未变、沿用上次结果），1 份失败" in text
    assert "失败的报告" in text and "broken on purpose: JD0002" in text
    assert "机电公司应收欠款案例" in text and "2025-06-30" in text
    for bad in ("Traceback", "import creditkit", "dtype:", "object at 0x", "NaN", "<NA>"):
        assert bad not in text


def test_unchanged_reports_are_kept_and_force_runs_them_again(first_run, tmp_path):
    out = tmp_path / "b"
    shutil.copytree(first_run[0], out)
    before = (out / "JD0001.html").stat().st_mtime_ns
    again = run_batch(case="jidian", customers="JD0001,JD0002,JD0003", notebook=NB, workers=2, out_dir=out)
    assert sorted(again.unchanged) == ["JD0001", "JD0003"] and again.ran == [] and again.failed == ["JD0002"]
    assert (out / "JD0001.html").stat().st_mtime_ns == before
    assert "其中 2 份输入未变" in _visible((out / "index.html").read_text(encoding="utf-8"))
    forced = run_batch(case="jidian", customers="JD0001,JD0003", notebook=NB, workers=1, out_dir=out, force=True)
    assert sorted(forced.ran) == ["JD0001", "JD0003"] and forced.unchanged == []
    assert (out / "JD0001.html").stat().st_mtime_ns != before


def test_a_changed_parameter_or_notebook_runs_the_report_again(first_run, tmp_path):
    out = tmp_path / "c"
    shutil.copytree(first_run[0], out)
    en = run_batch(case="jidian", customers="JD0001", notebook=NB, lang="en", workers=1, out_dir=out)
    assert en.ran == ["JD0001"]
    nb = tmp_path / "per_customer.ipynb"
    nb.write_text(NB.read_text(encoding="utf-8").replace("broken on purpose", "broken by design"), encoding="utf-8")
    key = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["reports"]["JD0001"]["key"]
    changed = run_batch(case="jidian", customers="JD0001", notebook=nb, lang="en", workers=1, out_dir=out)
    assert changed.ran == ["JD0001"]
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["reports"]["JD0001"]["key"] != key


def test_resume_continues_an_interrupted_batch(tmp_path):
    out = tmp_path / "r"
    done = []

    def interrupt(cid, entry):
        done.append(cid)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(case="jidian", customers="JD0004,JD0005,JD0006", notebook=NB, workers=1, out_dir=out,
                  on_report=interrupt)
    manifest = read_manifest(out)
    assert manifest["status"] == "interrupted" and list(manifest["reports"]) == done
    res = run_batch(resume=True, out_dir=out)  # source, customers and notebook come from the manifest
    assert res.unchanged == done and sorted(res.ran) == sorted({"JD0004", "JD0005", "JD0006"} - set(done))
    assert read_manifest(out)["status"] == "finished"
    with pytest.raises(ParameterError, match="reports on"):
        run_batch(resume=True, case="retail", out_dir=out)
    with pytest.raises(ParameterError, match="no manifest.json"):
        run_batch(resume=True, out_dir=tmp_path / "nothing")


def test_cli_exit_status_names_the_failed_customers(tmp_path, capsys):
    out = tmp_path / "cli"
    code = main(["report", "batch", "case", "jidian", "--customers", "JD0002,JD0007", "--notebook", str(NB),
                 "--workers", "1", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 of 2 credit files failed: JD0002" in captured.err and str(out / MANIFEST) in captured.err
    assert captured.out.strip() == str(out.resolve() / "index.html")
    assert main(["report", "batch", "case", "jidian", "--customers", "JD0007", "--notebook", str(NB),
                 "--out", str(out), "--no-progress"]) == 0


def test_bad_arguments_are_one_line_errors(tmp_path, capsys):
    assert main(["report", "batch", "case", "jidian", "--customers", "JD9999", "--out", str(tmp_path)]) == 2
    assert "no customer JD9999 in the data; its customers are: JD0001, JD0002" in capsys.readouterr().err
    assert main(["report", "batch", "case", "nosuch", "--out", str(tmp_path)]) == 2
    assert "unknown case 'nosuch'" in capsys.readouterr().err
    assert main(["report", "batch", "ledger", str(tmp_path / "missing.csv"), "--out", str(tmp_path)]) == 2
    assert "ledger file not found" in capsys.readouterr().err
    assert main(["report", "batch", "case", "jidian", "--workers", "0", "--out", str(tmp_path)]) == 2
    assert "--workers must be" in capsys.readouterr().err
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(CreditkitError, match="not a batch manifest"):
        read_manifest(tmp_path)


def test_file_names_are_stable_and_distinct():
    assert customer_file_name("JD0001") == "JD0001"
    assert customer_file_name("A/B") != customer_file_name("A:B")
    assert customer_file_name("../x").startswith("_x-") or ".." not in customer_file_name("../x")
    assert content_key("n", {"a": 1}, {"f": "d"}) == content_key("n", {"a": 1}, {"f": "d"})


def test_a_batch_runs_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, dashboard_address=None,
                                  processes=True) as cluster, distributed.Client(cluster) as client:
        res = run_batch(case="jidian", customers="JD0001,JD0002,JD0003", notebook=NB, out_dir=tmp_path,
                        scheduler=client)
    assert res.failed == ["JD0002"] and sorted(res.ran) == ["JD0001", "JD0003"]
    text = _visible((tmp_path / "JD0003.html").read_text(encoding="utf-8"))
    assert "客户 JD0003 的报告。" in text
    assert "broken on purpose: JD0002" in read_manifest(tmp_path)["reports"]["JD0002"]["error"]


def test_a_masked_batch_names_no_real_customer_anywhere(tmp_path, capsys):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from output_scan import real_names_in

    from creditkit.cases import load_case

    world = load_case("manufacturing", as_of="2025-06-30")
    real = sorted(world.ledger["customer_id"].unique())[:2]
    out = tmp_path / "masked"
    assert main(["report", "batch", "case", "manufacturing", "--customers", ",".join(real), "--mask", "--lang", "en",
                 "--workers", "1", "--out", str(out), "--no-progress"]) == 0
    manifest = read_manifest(out)
    assert manifest["mask"] is True and len(manifest["reports"]) == 2
    assert all(cid.startswith("K") for cid in manifest["reports"])  # the batch knows its customers by pseudonym
    # file names, reports, manifest and index: no real id or name (the scan finds them in an unmasked run)
    assert real_names_in(out, world.customers["customer_id"], world.customers["customer_name"]) == {}
    plain = tmp_path / "plain"
    assert main(["report", "batch", "case", "manufacturing", "--customers", real[0], "--workers", "1",
                 "--out", str(plain), "--no-progress"]) == 0
    assert real_names_in(plain, world.customers["customer_id"], world.customers["customer_name"])
