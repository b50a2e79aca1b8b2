"""The `creditkit signals` command on a messy GBK export and on an invoice-level export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from creditkit.cases import invoice_export
from creditkit.cli import main

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"
HEADER = ["customer_id", "customer_name", "sales_rep", "level", "score", "max_days_overdue", "exposure", "overdue",
          "signals"]


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_messy_gbk_export(capsys):
    assert main(["signals", str(FIX / "messy_gbk.csv"), "--as-of", "2025-06-30"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == ",".join(HEADER)
    rows = _rows(out)
    assert [(r["customer_id"], r["level"], r["exposure"]) for r in rows] == [
        ("C001", "red", "10950.00"), ("C003", "red", "7000.00"), ("C002", "green", "0.00"), ("C004", "green", "0.00")]
    assert "有逾期超过 90 天的欠款（最长逾期 148 天，逾期 10,950.00 元）" in rows[0]["signals"]
    assert "超期天数（DBT）快速上升（DBT 111 天，近 3 个月上升 84 天）" in rows[0]["signals"]
    assert "2 red, 0 amber, 2 green" in err and "balanced" in err


def test_invoice_level_export_through_a_column_map_in_english(capsys, tmp_path):
    p = tmp_path / "ar.csv"
    invoice_export(2013, n_customers=30, n_invoices=600).to_csv(p, index=False)
    out_file = tmp_path / "signals.xlsx"
    assert main(["signals", str(p), "--columns", str(FIX / "invoice_level.yaml"), "--as-of", "2013-12-31",
                 "--lang", "en", "--out", str(out_file)]) == 0
    assert capsys.readouterr().out.strip() == str(out_file)
    t = pd.read_excel(out_file, dtype=str, keep_default_na=False, engine="openpyxl")
    assert t.columns.tolist() == HEADER and len(t) == pd.read_csv(p)["customerID"].nunique()
    assert set(t["level"]) <= {"green", "amber", "red"} and (t["level"] != "green").any()
    flagged = t[t["level"] != "green"]
    assert flagged["signals"].str.contains(r"\(.*\d.*\)").all() and not flagged["signals"].str.contains("天").any()
    assert main(["signals", str(FIX / "invoice_level.csv"), "--columns", str(FIX / "invoice_level.yaml"),
                 "--as-of", "2013-12-31", "--lang", "en"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert rows[0]["customer_id"] == "0379-NEVHP" and rows[0]["level"] == "red"


@pytest.mark.parametrize("args, message", [
    (["--as-of", "2025-13-30"], "--as-of must be a valid date"),
    (["--as-of", "2025-06-30", "--rules", "RULES"], "rule 'x' field 'when': unknown feature 'dtb'"),
])
def test_bad_input_exits_2_with_a_clear_message(capsys, tmp_path, args, message):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - {id: x, when: dtb > 3, severity: 1, colour: red, reason: {zh: 甲, en: a}}\n",
                     encoding="utf-8")
    args = [str(rules) if a == "RULES" else a for a in args]
    assert main(["signals", str(FIX / "messy_gbk.csv"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_bad_row_exits_2_naming_file_line_and_column(capsys):
    assert main(["signals", str(FIX / "bad_date_gbk.csv"), "--as-of", "2025-06-30"]) == 2
    err = capsys.readouterr().err
    assert "bad_date_gbk.csv, line 7, column '单据日期'" in err
