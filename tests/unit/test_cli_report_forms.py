"""`creditkit report case …` and `creditkit report ledger …`: the dispatch, the reports, masking and bad input."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from creditkit.cases import load_case
from creditkit.cli import CASE_NOTEBOOKS, REPORT_FORMS, build_report_form_parser, main
from creditkit.receivables import load_ledger

sys.path.insert(0, str(Path(__file__).resolve().parent))
from output_scan import real_names_in  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MESSY = FIXTURES / "ledgers" / "messy_gbk.csv"


def test_report_forms_are_one_table_entry_each():
    assert set(REPORT_FORMS) >= {"case", "ledger"}
    for form in REPORT_FORMS:
        assert build_report_form_parser(form).prog == f"creditkit report {form}"
    assert set(CASE_NOTEBOOKS) == {"jidian", "manufacturing", "retail"}


def test_case_form_parses_its_options():
    args = build_report_form_parser("case").parse_args(["retail", "--as-of", "2025-03-31", "--lang", "en", "--mask",
                                                        "--out", "x"])
    assert (args.case, args.as_of, args.lang, args.mask, args.trainer, args.out) == (
        "retail", "2025-03-31", "en", True, False, "x")
    with pytest.raises(SystemExit):
        build_report_form_parser("case").parse_args(["plumbing"])


@pytest.mark.notebook
def test_report_ledger_on_a_messy_gbk_export_masks_every_customer(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", "ledger", str(MESSY), "--as-of", "2025-06-30", "--mask", "--lang", "en",
                 "--out", str(out)]) == 0
    captured = capsys.readouterr()
    html = Path(captured.out.strip())
    assert html.parent == out.resolve() and html.name.startswith("25_ledger_health-en-")
    assert "11 rows read = 10 documents kept" in captured.err  # the reconciliation on the command line
    real = load_ledger(MESSY).table
    assert real_names_in(out, real["customer_id"], real["customer_name"]) == {}
    page = html.read_text(encoding="utf-8")
    assert "Customer K" in page and "Receivables health report" in page
    # unmasked, the same scan finds the real names: the check can fail
    assert main(["report", "ledger", str(MESSY), "--as-of", "2025-06-30", "--out", str(tmp_path / "plain")]) == 0
    assert real_names_in(tmp_path / "plain", real["customer_id"], real["customer_name"])


@pytest.mark.notebook
def test_report_case_with_mask_and_parameters(tmp_path, capsys):
    out = tmp_path / "case"
    assert main(["report", "case", "manufacturing", "--as-of", "2025-06-30", "--lang", "en", "--mask",
                 "-p", "n_customers", "6", "-p", "months", "12", "--out", str(out)]) == 0
    html = Path(capsys.readouterr().out.strip())
    assert html.name.startswith("41_case_manufacturing-en-")
    world = load_case("manufacturing", n_customers=6, months=12, as_of="2025-06-30")
    assert real_names_in(out, world.customers["customer_id"], world.customers["customer_name"]) == {}
    page = html.read_text(encoding="utf-8")
    assert "Trainer notes" not in page and "Customer K" in page


def test_report_ledger_missing_file_exits_2(tmp_path, capsys):
    assert main(["report", "ledger", str(tmp_path / "none.csv"), "--as-of", "2025-06-30"]) == 2
    assert "none.csv not found" in capsys.readouterr().err


def test_report_ledger_as_of_before_the_ledger_exits_2(tmp_path, capsys):
    assert main(["report", "ledger", str(MESSY), "--as-of", "2020-01-31", "--out", str(tmp_path)]) == 2
    assert "--as-of 2020-01-31 is before the first document" in capsys.readouterr().err


def test_report_ledger_bad_date_stops_with_errors_raise(tmp_path, capsys):
    bad = FIXTURES / "ledgers" / "bad_date_gbk.csv"
    assert main(["report", "ledger", str(bad), "--as-of", "2025-06-30", "--errors", "raise",
                 "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "line 7" in err and "2025-02-30" in err


def test_report_ledger_requires_as_of(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", "ledger", str(MESSY)])
    assert exc.value.code == 2 and "--as-of" in capsys.readouterr().err


@pytest.mark.notebook
def test_report_case_customer_is_that_customers_credit_file_and_masks_it(tmp_path, capsys):
    from creditkit.receivables.masking import pseudonyms

    out = tmp_path / "file"
    assert main(["report", "case", "jidian", "--customer", "JD0005", "--mask", "--lang", "en",
                 "--out", str(out)]) == 0
    html = Path(capsys.readouterr().out.strip())
    assert html.name.startswith("43_customer_file-en-")
    world = load_case("jidian", as_of="2025-06-30")
    assert real_names_in(out, world.customers["customer_id"], world.customers["customer_name"]) == {}
    code = pseudonyms(world.customers["customer_id"], lang="en")["JD0005"][0]
    assert code in html.read_text(encoding="utf-8")
    # the trainer's notes belong to the case report, not to a customer's file
    assert main(["report", "case", "jidian", "--customer", "JD0005", "--trainer", "--out", str(out)]) == 2
    assert "--trainer belongs to the case report" in capsys.readouterr().err
