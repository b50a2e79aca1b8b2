"""An HTML report opened in headless Chromium with the network off: formulas, tables and charts render.

The browser is pointed at a proxy that does not exist, so any request for a
script, font or style from the network fails; the page must not need one. A
script added to a copy of the report measures what the browser drew.
"""

from __future__ import annotations

import base64
import io
import json
import re
import subprocess

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from creditkit.reports import display as show
from creditkit.reports import to_html
from creditkit.reports.doctor import find_browser

BROWSER = find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no Chromium-family browser installed (apt-get install chromium)")

_PROBE = """<script>
window.addEventListener('load', function () {
  var maths = Array.from(document.querySelectorAll('math'));
  var fracs = Array.from(document.querySelectorAll('mfrac'));
  var imgs = Array.from(document.images);
  var out = {
    math: maths.map(function (m) { var r = m.getBoundingClientRect(); return [r.width, r.height]; }),
    frac_height: fracs.map(function (m) { return m.getBoundingClientRect().height; }),
    line_height: parseFloat(getComputedStyle(document.body).fontSize),
    images: imgs.map(function (i) { return i.naturalWidth; }),
    resources: performance.getEntriesByType('resource').map(function (e) { return e.name; }),
    tex_left: document.body.innerText.indexOf('$') >= 0,
    cells: Array.from(document.querySelectorAll('.ck-table td')).map(function (t) { return t.innerText; })
  };
  document.getElementById('ck-probe').textContent = JSON.stringify(out);
});
</script><pre id="ck-probe"></pre>"""


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["not due", "1-30"], [3, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _report(tmp_path):
    import pandas as pd

    table = show.table(pd.DataFrame({"bucket": ["not_due", "1-30"], "balance": [1749822.8, 5.5]}), "zh",
                       money=["balance"], total=True)
    cells = [
        new_markdown_cell("# 账龄 — Aging"),
        new_markdown_cell("证据权重 $\\mathrm{WOE}_i = \\ln(g_i / b_i)$，以及\n\n$$\\mathrm{IV} = \\sum_i (g_i - b_i)\\,"
                          "\\mathrm{WOE}_i = \\frac{a}{b}$$"),
        new_code_cell("t", outputs=[new_output("execute_result", data={"text/html": table.to_html()},
                                               execution_count=1)]),
        new_code_cell("chart", outputs=[new_output("display_data", data={"image/png": _png()})]),
    ]
    page = to_html(new_notebook(cells=cells), lang="zh")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _open(path, tmp_path, *, screenshot=None):
    probe = tmp_path / "probe.html"
    probe.write_text(path.read_text(encoding="utf-8").replace("</body>", _PROBE + "</body>"), encoding="utf-8")
    args = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}",
            "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--virtual-time-budget=5000"]
    done = subprocess.run(args + ["--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="ck-probe">(.*?)</pre>', done.stdout, re.DOTALL)
    assert found and found.group(1), done.stderr[-2000:]
    if screenshot:
        subprocess.run(args + ["--window-size=1000,900", f"--screenshot={screenshot}", path.as_uri()],
                       capture_output=True, timeout=120)
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def test_report_renders_offline(tmp_path):
    seen = _open(_report(tmp_path), tmp_path, screenshot=tmp_path / "report.png")
    assert len(seen["math"]) == 2 and all(w > 20 and h > 5 for w, h in seen["math"])
    assert seen["frac_height"] and seen["frac_height"][0] > 1.5 * seen["line_height"]  # a real fraction
    assert not seen["tex_left"]  # no formula left as TeX source
    assert seen["images"] and all(w > 100 for w in seen["images"])  # the chart is embedded and decodes
    assert all(url.startswith("data:") for url in seen["resources"]), seen["resources"]
    assert "¥1,749,822.80" in seen["cells"] and "合计" in seen["cells"]
    assert (tmp_path / "report.png").stat().st_size > 10_000
