"""The display layer: finished numbers, labels, totals, captions, escaping."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import creditkit as ck
from creditkit.errors import LabelError
from creditkit.reports import display as show


def test_money_percent_number_date():
    assert show.money(1749822.80) == "¥1,749,822.80"
    assert show.money(-564014.0) == "-¥564,014.00"
    assert show.money(0.125) == "¥0.13"  # half-up, in one place
    assert show.cents(-123456) == "-¥1,234.56"
    assert show.percent(0.492701) == "49.3%" and show.percent(0.01, 2) == "1.00%"
    assert show.number(-5.640140e05) == "-564,014.00" and show.number(-0.0001) == "0.00"
    assert show.date("2025-06-30 12:00") == "2025-06-30"
    assert show.value_text(None) == "—" and show.value_text(False, "en") == "no"


def test_table_formats_and_labels_columns():
    df = pd.DataFrame({"bucket": ["not_due", "1-30"], "balance": [1749822.8, -5.5], "share": [0.9, 0.1],
                       "overdue": [False, True], "count": [7027, 3]})
    html = show.table(df, "zh", money=["balance"], percent=["share"], total=True).to_html()
    for shown in ("账龄区间", "余额", "占比", "未到期", "¥1,749,822.80", "-¥5.50", "90.0%", "是", "否", "7,027",
                  "合计", "¥1,749,817.30", "7,030", "100.0%"):
        assert shown in html, shown
    assert "not_due" not in html and "True" not in html and "e+" not in html


def test_table_total_row_is_exact_for_cents():
    df = pd.DataFrame({"customer_name": ["甲", "乙"], "open_cents": [10, 20]})
    st = show.table(df, "en", total=True)
    assert st.data.iloc[-1].tolist() == ["Total", 30]
    assert "¥0.30" in st.to_html()


def test_top_rows_are_said_in_the_caption():
    df = pd.DataFrame({"customer_id": range(40), "balance": [100.0] * 40})
    st = show.table(df, "zh", money=["balance"], top=8, total=True)
    assert len(st.data) == 9  # 8 rows and the total
    assert "前 8 行（共 40 行）" in st.caption and "合计为全部行" in st.caption
    assert "¥4,000.00" in st.to_html()  # the total covers all 40 rows
    assert show.table(df, "en", top=50).caption is None


def test_unknown_snake_case_column_is_a_missing_label():
    with pytest.raises(LabelError, match="no_such_column"):
        show.table(pd.DataFrame({"no_such_column": [1]}), "zh")
    assert "营业收入" in show.table(pd.DataFrame({"营业收入": [1.0]}), "zh").to_html()


def test_hostile_cells_labels_and_caption_are_escaped():
    evil = "<img src=x onerror=alert(1)>"
    df = pd.DataFrame({"customer_name": [evil], evil: ["`</td><script>x</script>"]}, index=pd.Index([evil]))
    html = show.table(df, "zh", caption=evil, labels={"customer_name": evil}).to_html()
    assert "<img" not in html and "<script" not in html and "&lt;img src=x" in html


def test_bad_arguments():
    with pytest.raises(KeyError, match="nope"):
        show.table(pd.DataFrame({"count": [1]}), "zh", money=["nope"])
    with pytest.raises(ValueError, match="top"):
        show.table(pd.DataFrame({"count": [1]}), "zh", top=0)
    with pytest.raises(TypeError):
        show.table([1, 2], "zh")
    with pytest.raises(ValueError, match="plain file name"):
        show.artifact("../x.csv")


def test_sentences_follow_the_data():
    df = pd.DataFrame({"bad": [1, 1, 0, 0, 0]})
    assert ck.show.dataset_sentence(df, "bad", "en", name="my data") == (
        "my data: 5 customers, of whom 2 defaulted (bad): a bad rate of 40.0%.")
    t = pd.DataFrame({"count": [10, 990], "bad_rate": [0.5, 0.1]}, index=["small", "big"])
    assert "fewer than 30 customers" in ck.show.group_sentence(t, "x", "en")
    assert ck.show.check_sentence(1.0, 2.0, "en", what="x").endswith("They differ: check.")


def test_caveats_only_when_their_condition_holds():
    assert show.caveats("en", months_of_history=18, n_customers=40, rejected_rows=1, total_rows=1000) == []
    got = show.caveats("zh", months_of_history=6, n_customers=5, rejected_rows=100, total_rows=1000)
    assert len(got) == 3 and "6 个月" in got[0] and "5 位客户" in got[1] and "10.0%" in got[2]


def test_key_figures_and_text_render_escaped_html():
    kf = show.key_figures({"bad_rate": show.percent(0.3), "<b>": 1000}, "en")
    assert "Bad rate" in kf._repr_html_() and "&lt;b&gt;" in kf._repr_html_() and "1,000" in repr(kf)
    assert show.Text("a < b")._repr_html_() == '<p class="ck-text">a &lt; b</p>'


def test_artifact_goes_beside_the_report(monkeypatch, tmp_path):
    monkeypatch.setenv(show.REPORT_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(show.REPORT_STEM_ENV, "10_scorecard-en")
    assert show.artifact("scorecard.xlsx") == tmp_path / "10_scorecard-en-scorecard.xlsx"


def test_ck_show_is_the_display_layer_and_sentences():
    assert ck.show.table is show.table and callable(ck.show.five_c_sentence)
    assert json.dumps(ck.show.__all__)


def test_money_and_cents_go_through_the_money_module_exactly():
    from decimal import Decimal

    from creditkit.reports.display import cents, money

    # past fifteen digits a float would lose the cents; a Decimal keeps them
    assert money(Decimal("12345678901234567.89")) == "¥12,345,678,901,234,567.89"
    assert money(Decimal("-0.005")) == "-¥0.01"
    assert money(-0.001) == "¥0.00"  # rounds to zero: no minus sign
    assert cents(-123456789012345678) == "-¥1,234,567,890,123,456.78"
    assert money(2.675) == "¥2.68"  # half-up on the decimal text, not the binary float


def test_short_text_stays_on_one_line_and_long_text_keeps_a_width():
    import re

    from creditkit.reports.display import table

    df = pd.DataFrame({"customer_name": ["嘉兴永安液压有限公司", "苏州宏远"],
                       "note": ["长" * 40, "短"], "balance": [1.0, 2.0]})
    html = table(df, "zh", money=["balance"]).to_html()
    by_col = {int(col): rule for col, rule in re.findall(r"#T_\w+_row0_col(\d), [^{]*\{([^}]*)\}", html)}
    assert "white-space: nowrap" in by_col[0]  # the name
    assert "min-width: 14em" in by_col[1] and "nowrap" not in by_col[1]  # the long note wraps, at a width
    assert "text-align: right" in by_col[2]
def test_percent_column_of_lists_shows_each_share_in_order():
    df = pd.DataFrame({"variant": ["a", "b"], "bad_rates": [[0.1, 0.25], [0.5]]})
    page = show.table(df, "en", percent=["bad_rates"]).to_html()
    assert "10.0% → 25.0%" in page and "50.0%" in page and "[0.1" not in page
