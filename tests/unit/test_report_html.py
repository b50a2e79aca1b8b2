"""HTML reports: header and footer, languages, hidden cells, offline page, escaping."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from creditkit.reports import Parameter, to_html
from creditkit.reports.records import RECORD_MIMETYPE

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report_text import read_report, repr_problems  # noqa: E402

EVIL = ["<img src=x onerror=alert(1)>", "data/`<img src=x onerror=alert(1)>`.csv", "</table><script>alert(1)</script>",
        "\" onmouseover=\"alert(1)", "javascript:alert(1)", "{{ 7*7 }}", "${7*7}", "'; DROP TABLE x; --"]


def _nb(*cells):
    return new_notebook(cells=list(cells))


def _html_output(html):
    return new_output("display_data", data={"text/html": html, "text/plain": "x"})


def test_header_lists_every_parameter_with_default_and_help():
    declared = {"as_of": Parameter("as_of", "2025-06-30", "评估基准日 / as-of date"),
                "lang": Parameter("lang", "zh", "报告语言 / report language")}
    page = to_html(_nb(new_markdown_cell("# 账龄 — Aging")), parameters={"lang": "en"}, lang="en",
                   declared=declared, notebook_name="20_aging.ipynb", generated_at="2025-07-01 09:00")
    head = page.split("<main>", 1)[1].split("</header>", 1)[0]
    for shown in ("<h1>Aging</h1>", "as-of date", "2025-06-30", "(default)", "report language", "20_aging.ipynb",
                  "creditkit 0.1.0", "2025-07-01 09:00", "As of"):
        assert shown in head, shown


def _aging_parameters():
    return {"ledger_path": Parameter("ledger_path", "", "台账文件路径，留空用内置样本 / ledger file; empty = built-in sample"),
            "seed": Parameter("seed", 2025, "样本台账随机种子 / seed of the sample ledger"),
            "n_customers": Parameter("n_customers", 40, "样本客户数 / customers in the sample ledger"),
            "as_of": Parameter("as_of", "2025-06-30", "评估基准日 / as-of date"),
            "lang": Parameter("lang", "zh", "报告语言 / report language")}


def _params_rows(page):
    head = page.split("<main>", 1)[1].split("</header>", 1)[0]
    return [r.split("</code>", 1)[0] for r in head.split('<tr><td><code>')[1:]], head


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_header_leaves_out_sample_parameters_when_the_data_is_the_users_file(lang):
    nb = _nb(new_markdown_cell("# 账龄 — Aging"))
    on_file = to_html(nb, parameters={"ledger_path": "data/my.csv", "seed": 7}, lang=lang, declared=_aging_parameters())
    names, head = _params_rows(on_file)
    assert names == ["ledger_path", "as_of", "lang"]
    assert "seed, n_customers" in head and ("您的文件" if lang == "zh" else "your own file") in head
    assert "my.csv" in head  # the data line names the file
    sample = to_html(nb, parameters={"seed": 7}, lang=lang, declared=_aging_parameters())
    assert _params_rows(sample)[0] == ["ledger_path", "seed", "n_customers", "as_of", "lang"]
    assert "ck-unused" not in sample


def test_a_source_record_naming_a_file_also_drops_the_sample_parameters():
    src = {"name": "_report_source", "value": {"text": "Data: export.xlsx", "file": "export.xlsx"}}
    declared = {"source": Parameter("source", "sample", "来源 / sample ledger or IBM-layout export"),
                "seed": Parameter("seed", 2025, "随机种子 / seed of the generated data"),
                "train_share": Parameter("train_share", 0.7, "训练集占比 / share of invoices used for training"),
                "columns_path": Parameter("columns_path", "", "表头映射 / column map YAML")}
    nb = _nb(new_code_cell("x", outputs=[new_output("display_data", data={RECORD_MIMETYPE: src})]))
    names, _ = _params_rows(to_html(nb, lang="en", declared=declared))
    assert names == ["train_share", "columns_path"]
    # no file record and no path given: every parameter is listed
    assert _params_rows(to_html(_nb(new_markdown_cell("x")), lang="en", declared=declared))[0] == list(declared)


def test_language_cells_widgets_and_method_notes():
    cells = [new_markdown_cell("# 标题 — Title"), new_markdown_cell("中文段落", metadata={"tags": ["zh"]}),
             new_markdown_cell("English paragraph", metadata={"tags": ["en"]}),
             new_markdown_cell("Both languages"),
             new_markdown_cell("drag the slider", metadata={"tags": ["en", "widget"]}),
             new_code_cell("interact(f)", metadata={"tags": ["widget"]}, outputs=[_html_output("WIDGET")]),
             new_markdown_cell("How it is computed", metadata={"tags": ["en", "method-notes"]}),
             new_markdown_cell("After")]
    en = to_html(_nb(*cells), lang="en")
    zh = to_html(_nb(*cells), lang="zh")
    assert "English paragraph" in en and "中文段落" not in en and "Both languages" in en
    assert "中文段落" in zh and "English paragraph" not in zh and "Both languages" in zh
    assert "WIDGET" not in en and "drag the slider" not in en
    assert en.index("After") < en.index("Method notes") < en.index("How it is computed") < en.index("</footer>")
    assert "How it is computed" not in zh


def test_source_record_fills_the_data_line_and_artifacts_are_linked():
    src = {"name": "_report_source", "value": {"text": "Data: ledger.csv. 2,000 rows read, 3 rejected",
                                               "as_of": "2025-06-30"}}
    art = new_output("display_data", data={"application/vnd.creditkit.artifact+json":
                                           '{"file": "r-scorecard.xlsx", "description": "Scorecard workbook"}',
                                           "text/html": '<a href="r-scorecard.xlsx">r-scorecard.xlsx</a>'})
    nb = _nb(new_code_cell("x", outputs=[new_output("display_data", data={RECORD_MIMETYPE: src}), art]))
    page = to_html(nb, lang="en")
    head = page.split("</header>", 1)[0]
    assert "ledger.csv. 2,000 rows read, 3 rejected" in head and "2025-06-30" in head
    foot = page.split("<footer", 1)[1]
    assert 'href="./r-scorecard.xlsx"' in foot and "Scorecard workbook" in foot


def test_formulas_are_mathml_and_the_page_loads_nothing():
    nb = _nb(new_markdown_cell("$\\mathrm{WOE}_i = \\ln(g_i / b_i)$ and $$\\frac{a}{b}$$"))
    page = to_html(nb)
    assert page.count("<math") == 2 and "$\\mathrm" not in page and "<mfrac>" in page
    r = read_report(page)
    assert r.live == []
    assert "<script" not in page and "cdn" not in page.lower()
    assert "src=\"http" not in page and "url(http" not in page


@pytest.mark.parametrize("evil", EVIL)
def test_hostile_strings_stay_text(evil):
    declared = {"ledger_path": Parameter("ledger_path", "", "台账文件 / ledger file")}
    out = new_output("stream", name="stdout", text=f"customer {evil}\n")
    src = {"name": "_report_source", "value": {"text": f"Data: {evil}", "as_of": evil}}
    art = new_output("display_data", data={"application/vnd.creditkit.artifact+json":
                                           {"file": evil, "description": evil}, "text/plain": "f"})
    nb = _nb(new_markdown_cell("# T — T"),
             new_code_cell("x", outputs=[out, new_output("display_data", data={RECORD_MIMETYPE: src}), art]))
    page = to_html(nb, parameters={"ledger_path": evil}, declared=declared, notebook_name=evil, lang="en")
    r = read_report(page)
    assert r.live == [], r.live
    assert "<img src=x" not in page and "<script>alert" not in page
    if "7*7" in evil:  # a template expression in the data is shown as written, never evaluated
        assert f"customer {evil}" in page and "customer 49" not in page and "Data: 49" not in page


def test_records_and_stderr_are_not_shown():
    rec = new_output("display_data", data={RECORD_MIMETYPE: {"name": "n", "value": 12345}})
    err = new_output("stream", name="stderr", text="FontWarning: no CJK font\n")
    page = to_html(_nb(new_code_cell("x", outputs=[rec, err])))
    assert "12345" not in page and "FontWarning" not in page


def test_executed_notebook_is_not_changed():
    nb = _nb(new_markdown_cell("# 标题 — Title\ntext", metadata={"tags": ["zh"]}))
    before = nbformat.writes(nb)
    to_html(nb, lang="en")
    assert nbformat.writes(nb) == before


@pytest.mark.parametrize("shown, found", [("'WenQuanYi Micro Hei'", "bare string repr"), ("(7027, 65)", "bare tuple"),
                                          ("0    1\nName: x, dtype: float64", "pandas listing"),
                                          ("训练集：共 700 位客户", None), ("“PAY_0” is the strongest", None)])
def test_the_repr_detector_finds_python_reprs_and_passes_sentences(shown, found):
    out = new_output("execute_result", data={"text/plain": shown})
    problems = repr_problems(to_html(_nb(new_code_cell("x", outputs=[out])), lang="en"), "en")
    assert (found is None and problems == []) or (found is not None and any(found in p for p in problems))


@pytest.mark.parametrize("lang,heading,alt", [("zh", "## 账龄分布", "图表：账龄分布"),
                                              ("en", "## Aging *buckets*", "Chart: Aging buckets")])
def test_charts_are_described_by_their_section_in_the_report_language(lang, heading, alt):
    png = {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure size 640x480 with 1 Axes>"}
    cells = [new_markdown_cell("# Title"), new_code_cell("chart()", outputs=[new_output("display_data", data=png)]),
             new_markdown_cell(heading),
             new_code_cell("chart()", outputs=[new_output("display_data", data=png),
                                               new_output("display_data", data=png)])]
    page = to_html(new_notebook(cells=cells), lang=lang, title="账龄报告" if lang == "zh" else "Aging report")
    assert "No description has been provided" not in page
    first = "图表：账龄报告" if lang == "zh" else "Chart: Aging report"
    assert f'alt="{first}"' in page and f'alt="{alt}"' in page and f'alt="{alt} (2)"' in page


@pytest.mark.parametrize("evil", EVIL)
def test_a_hostile_heading_stays_the_text_of_a_chart_description(evil):
    from html.parser import HTMLParser

    png = {"image/png": "iVBORw0KGgo=", "text/plain": "x"}
    chart = new_code_cell("c()", outputs=[new_output("display_data", data=png)])
    page = to_html(_nb(new_markdown_cell(f"## {evil}"), chart), lang="en", title="T")
    images = []

    class Images(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                images.append(dict(attrs))

    Images().feed(page)
    charts = [i for i in images if i.get("src", "").startswith("data:image/png")]  # the heading's own markup aside
    assert [set(i) for i in charts] == [{"src", "alt"}] and charts[0]["alt"].startswith("Chart: ")
