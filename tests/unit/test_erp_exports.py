"""Every ERP export fixture ages through ``creditkit aging FILE --as-of DATE`` (no column map) to its hand-checked cents.

The fixtures and their expected numbers are in tests/fixtures/erp (README.md explains each file; expected.yaml is
checked by check_expected.py, which does not import creditkit).
"""

import io
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml

from creditkit.cli import main
from creditkit.receivables.aging import age_receivables
from creditkit.receivables.ledger import load_ledger

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "erp"
EXPECTED = yaml.safe_load((FIX / "expected.yaml").read_text(encoding="utf-8"))
PROFILE = {
    "kingdee_ar_detail.xlsx": "kingdee_ar_detail", "kingdee_ar_detail.xls": "kingdee_ar_detail",
    "u8_ar_detail.xlsx": "u8_ar_detail", "u8_customer_gl_gbk.csv": "u8_customer_gl",
    "sap_fbl5n_us.txt": "sap_fbl5n", "sap_fbl5n_de.csv": "sap_fbl5n",
    "quickbooks_ar_aging_detail.csv": "quickbooks_ar_aging_detail",
    "erpnext_accounts_receivable.csv": "erpnext_accounts_receivable", "odoo_journal_items.xlsx": "odoo_journal_items",
    "xero_aged_receivables_detail.csv": "xero_aged_receivables_detail", "open_items_unsettled.xlsx": "cn_open_items",
    "kingdee_invoice_lines.xlsx": "kingdee_invoice_list",
}
LABELS = ["not_due", "1-30", "31-60", "61-90", "91-180", "181-365", ">365"]


def cents(text) -> int:
    return int(Decimal(str(text)) * 100)


def run_cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_every_fixture_is_covered():
    assert set(EXPECTED) == set(PROFILE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_ages_to_the_cent_through_the_cli(name):
    exp = EXPECTED[name]
    code, out, err = run_cli("aging", str(FIX / name), "--as-of", exp["as_of"])
    assert code == 0, err
    assert f"profile {PROFILE[name]} detected" in err
    table = pd.read_csv(io.StringIO(out), dtype={"customer_id": str}).set_index("customer_id")
    assert sorted(table.index) == sorted(str(c) for c in exp["customers"])
    for cust, want in exp["customers"].items():
        row = table.loc[str(cust)]
        for label in LABELS:
            assert cents(row[label]) == cents(want.get(label, "0")), (cust, label)
        assert cents(row["unapplied"]) == cents(want["unapplied"]), cust
        assert cents(row["total"]) - cents(row["unapplied"]) == cents(want["balance"]), cust
        if "name" in want:
            assert row["customer_name"] == want["name"]
    for label in LABELS:
        assert sum(cents(v) for v in table[label]) == cents(exp["totals"].get(label, "0")), label
    assert sum(cents(v) for v in table["unapplied"]) == cents(exp["totals"]["unapplied"])
    assert "NOT BALANCED" not in err and "TOTALS DISAGREE" not in err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_rows_are_counted(name):
    exp = EXPECTED[name]
    led = load_ledger(FIX / name)
    r = led.reconciliation
    assert r.balanced
    assert r.documents == exp["documents"]
    assert r.summary_rows == exp["summary_rows"]
    assert r.rejected_rows == 0
    after = (led.table["doc_date"] > pd.Timestamp(exp["as_of"])).sum()
    assert after == exp["documents_after_as_of"]
    if "source_rows" in exp:
        assert r.documents + r.line_items == exp["source_rows"]


def test_opening_balances_are_aged_not_dropped():
    led = load_ledger(FIX / "kingdee_ar_detail.xlsx")
    t = led.table.set_index(["customer_id", "doc_no"])
    assert t.loc[("CUST0004", "期初余额"), "amount_cents"] == 1543210
    assert t.loc[("CUST0002", "期初余额"), "doc_type"] == "opening_credit"
    items = age_receivables(led, as_of="2025-06-30").items.set_index(["customer_id", "doc_no"])
    assert items.loc[("CUST0004", "期初余额"), "bucket"] == "91-180"  # 180 days: the upper edge
    u8 = load_ledger(FIX / "u8_ar_detail.xlsx").table.set_index(["customer_id", "doc_no"])
    assert u8.loc[("010001", "期初余额"), "doc_date"] == pd.Timestamp("2025-01-01")  # period start of the title


def test_customers_named_like_totals_are_customers():
    for name in ("kingdee_ar_detail.xlsx", "open_items_unsettled.xlsx", "u8_ar_detail.xlsx"):
        names = set(load_ledger(FIX / name).table["customer_name"])
        assert names & {"深圳市累计电子有限公司", "惠州市小计包装材料有限公司", "扬州市小计五金交电商店",
                        "上海浦东合计贸易商行"}, name


def test_one_number_for_two_customers_is_two_documents():
    t = load_ledger(FIX / "u8_ar_detail.xlsx").table
    assert sorted(t.loc[t["doc_no"] == "00381642", "customer_id"]) == ["010001", "010002"]


def test_line_items_are_one_invoice():
    t = load_ledger(FIX / "kingdee_invoice_lines.xlsx").table.set_index("doc_no")
    assert t.loc["AR00000322", "amount_cents"] == 1158374
    assert t.loc["AR00000349", "doc_type"] == "credit_note"


def test_clearing_documents_settle_their_items_not_fifo():
    items = age_receivables(load_ledger(FIX / "sap_fbl5n_us.txt"), as_of="2025-06-30").items
    open_ = dict(zip(items["doc_no"], items["open_cents"]))
    assert open_["90001455"] == 987605  # cleared by a payment after the as-of date: open then
    assert "90001301" not in open_  # cleared with its payment
    assert open_["100000017"] == 1234567  # FIFO would have put the credits on the legacy item


def test_profile_can_be_named_and_is_reported(tmp_path):
    code, out, err = run_cli("aging", str(FIX / "sap_fbl5n_de.csv"), "--as-of", "2025-03-31",
                             "--profile", "sap_fbl5n")
    assert code == 0 and "profile sap_fbl5n (--profile)" in err
    code, out, err = run_cli("aging", str(FIX / "sap_fbl5n_de.csv"), "--as-of", "2025-03-31", "--profile", "sap")
    assert code == 2 and "--profile 'sap': no such ERP profile" in err and "sap_fbl5n" in err


def test_profiles_command_lists_every_profile():
    code, out, err = run_cli("profiles")
    assert code == 0
    names = [line.split("\t")[0] for line in out.splitlines()]
    assert set(PROFILE.values()) <= set(names)
    assert all(len(line.split("\t")) == 3 for line in out.splitlines())
