"""The receivables-health report (notebook 25) says what the package computes on the ledger it was given."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from creditkit.cases import sample_ledger
from creditkit.money import format_cents
from creditkit.receivables import load_ledger
from creditkit.receivables.masking import mask_ledger
from creditkit.reports.ledger_health import health_sentences, ledger_health, reconciliation_notes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from output_scan import real_names_in  # noqa: E402
from report_text import repr_problems  # noqa: E402

pytestmark = pytest.mark.notebook

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ledgers"
FORBIDDEN = ("Traceback", "Error:", "import creditkit", "ck.reports", "dtype:", "object at 0x", "Timestamp(",
             "<pandas.", "DataFrame(", "np.float64", "np.int64", "NaN", "'open_cents'")


def _visible(html: str) -> str:
    body = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def _squash(text: str) -> str:
    import html as _html

    return re.sub(r"\s+", " ", _html.unescape(text)).strip()


def _check(rep, ledger, as_of, lang):
    h = ledger_health(ledger, as_of=as_of, lang=lang)
    text = health_sentences(h, lang)
    assert rep.records["sentences"] == text
    page = rep.html_path.read_text(encoding="utf-8")
    visible = _squash(_visible(page))
    for bad in FORBIDDEN:
        assert bad not in visible, bad
    assert repr_problems(page, lang) == []
    for key, sentence in text.items():
        assert _squash(sentence) in visible, key
    for cents in (h.open_cents, h.overdue_cents, h.provision.total_cents):
        assert format_cents(cents) in visible
    fig = rep.records["figures"]
    assert (fig["open_cents"], fig["overdue_cents"], fig["provision_cents"]) == (
        h.open_cents, h.overdue_cents, h.provision.total_cents)
    assert fig["levels"] == {k: int(v) for k, v in h.timeline.result.level_counts().items()}
    return h, visible


def test_sample_ledger_report_en(run_nb):
    rep = run_nb("25_ledger_health", html=True, lang="en", seed=7, n_customers=25, as_of="2025-03-31",
                 metric_months=6)
    ledger = sample_ledger(7, as_of="2025-03-31", n_customers=25)
    h = ledger_health(ledger, as_of="2025-03-31", metric_months=6, lang="en")
    assert rep.records["figures"]["metrics"]["days"] == h.metrics.days == 182  # 2024-10-01 to 2025-03-31, both days counted
    page = _squash(_visible(rep.html_path.read_text(encoding="utf-8")))
    text = health_sentences(h, "en")
    assert rep.records["sentences"] == text
    assert _squash(text["metrics"]) in page and f"{h.metrics.dso:,.1f} days" in page
    assert h.timeline.result.table["customer_name"].iloc[0] in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messy_gbk_export_report(run_nb, lang):
    path = FIXTURES / "messy_gbk.csv"
    rep = run_nb("25_ledger_health", html=True, lang=lang, ledger_path=str(path), as_of="2025-06-30")
    loaded = load_ledger(path, errors="report")
    h, visible = _check(rep, loaded.table, "2025-06-30", lang)
    # reconciliation first: rows read, the file's own total that disagrees, the derived due dates
    assert ("读入 11 行" if lang == "zh" else "Read 11 rows") in visible
    for note in reconciliation_notes(loaded.reconciliation, lang):
        assert _squash(note) in visible
    assert "上海华东机电有限公司" in visible  # the real customer names, unmasked
    assert rep.records["rejected_rows"] == 0


def test_rejected_row_is_listed_and_masking_hides_every_customer(run_nb, tmp_path):
    path = FIXTURES / "bad_date_gbk.csv"
    rep = run_nb("25_ledger_health", html=True, lang="zh", ledger_path=str(path), as_of="2025-06-30", mask=True)
    loaded = load_ledger(path, errors="report")
    masked = mask_ledger(loaded, lang="zh")
    h, visible = _check(rep, masked.table, "2025-06-30", "zh")
    assert rep.records["rejected_rows"] == 1
    assert "2025-02-30" in visible and "HZ-0001" in visible  # the rejected row, line and value
    found = real_names_in(tmp_path, loaded.table["customer_id"], loaded.table["customer_name"])
    assert found == {}, found
    assert "客户 K" in visible
