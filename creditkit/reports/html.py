"""Code-free, self-contained HTML of an executed notebook: what a report reader sees.

The page opens with a header (title, data, as-of date, every parameter with its
help text, kit version, time of the run) and ends with the method notes and the
files the notebook exported. Between them: the narrative in the report's
language and the outputs, without input cells, prompts, widget cells, warnings
on stderr or :func:`~creditkit.reports.record` values.

Cell tags steer what is shown:

``zh`` / ``en``
    a narrative cell in one language, shown only in reports of that language;
    untagged cells are shown in both;
``widget``
    an interactive aid: not run in report runs and never shown;
``method-notes``
    moved to the end of the report, under "Method notes";
``trainer``
    notes and answers for the trainer: shown only when the report's
    ``trainer`` parameter is true (a notebook with such cells declares
    ``trainer: bool = False``);
``parameters``, ``injected-parameters``, ``remove-cell``
    not shown.

The page needs no network: formulas (``$...$`` and ``$$...$$``) are rendered
to MathML when the report is written, no script is loaded from anywhere, and
charts are embedded as data. Every value written into the header and footer is
escaped.
"""

from __future__ import annotations

import copy
import html
import json
import re
from datetime import datetime

import nbformat

from .records import RECORD_MIMETYPE

__all__ = ["to_html", "notebook_title", "title_in", "help_in", "render_math", "unused_sample_parameters", "REPORT_TAGS",
           "TRAINER_TAG", "without_trainer_cells"]

_WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"
_ARTIFACT_MIMETYPE = "application/vnd.creditkit.artifact+json"
_SOURCE_RECORD = "_report_source"
_HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell", "widget"}
#: Cell tags with a meaning in reports (see the module's description).
REPORT_TAGS = ("zh", "en", "widget", "method-notes", "trainer", "parameters", "injected-parameters", "remove-cell")
#: Tag of the cells only a trainer's report shows.
TRAINER_TAG = "trainer"


def without_trainer_cells(nb, parameters: dict | None):
    """The notebook without its ``trainer`` cells, unless ``parameters["trainer"]`` is true.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("all"),
    ...     nbformat.v4.new_markdown_cell("answer", metadata={"tags": ["trainer"]})])
    >>> len(without_trainer_cells(nb, {}).cells), len(without_trainer_cells(nb, {"trainer": True}).cells)
    (1, 2)
    """
    if (parameters or {}).get("trainer") is True:
        return nb
    out = copy.copy(nb)
    out.cells = [c for c in nb.cells if TRAINER_TAG not in _tags(c)]
    return out


def notebook_title(nb, fallback: str) -> str:
    """Text of the first ``# `` heading in the notebook's markdown cells.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook.
    fallback : str
        Returned when no markdown cell has a level-one heading.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 账龄 — Aging\\ntext")])
    >>> notebook_title(nb, "untitled")
    '账龄 — Aging'
    >>> notebook_title(nbformat.v4.new_notebook(), "untitled")
    'untitled'
    """
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def title_in(title: str, lang: str) -> str:
    """The ``lang`` half of a title written ``中文标题 — English title``.

    Examples
    --------
    >>> title_in("账龄分析 — Aging", "en"), title_in("账龄分析 — Aging", "zh"), title_in("Aging", "zh")
    ('Aging', '账龄分析', 'Aging')
    """
    zh, sep, en = title.partition(" — ")
    if not sep:
        return title.strip()
    return (en if lang == "en" else zh).strip()


def help_in(text: str, lang: str) -> str:
    """The ``lang`` half of a parameter's help text written ``中文 / English``.

    Examples
    --------
    >>> help_in("评估基准日 / as-of date", "en"), help_in("评估基准日 / as-of date", "zh")
    ('as-of date', '评估基准日')

    A closing full-width bracket may touch the slash:

    >>> help_in("折扣期（天）/ discount period, days", "en")
    'discount period, days'
    """
    parts = _HELP_SPLIT.split(text, maxsplit=1)
    if len(parts) < 2:
        return text.strip()
    zh, en = parts
    return (en if lang == "en" else zh).strip()


#: The `` / `` between the Chinese and the English help; after a full-width ``）`` the space may be missing.
_HELP_SPLIT = re.compile(r"(?: |(?<=[）」】]))/ ")


# ---------------------------------------------------------------------------
# Formulas
# ---------------------------------------------------------------------------
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_INLINE_MATH = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")


def _mathml(tex: str, display: str) -> str:
    from latex2mathml.converter import convert

    try:
        return convert(tex.strip(), display=display)
    except Exception:  # noqa: BLE001 - a formula the converter cannot read is shown as its source
        return f"<code>{html.escape(tex)}</code>"


def _protect_math(markdown: str, store: dict) -> str:
    """Replace each formula by a placeholder word; ``store`` maps placeholders to MathML."""
    def keep(tex, display):
        token = f"ckmath{len(store):05d}x"
        store[token] = _mathml(tex, display)
        return token

    parts = _CODE.split(markdown)
    for i in range(0, len(parts), 2):  # even parts are outside code
        text = _DISPLAY_MATH.sub(lambda m: "\n\n" + keep(m.group(1), "block") + "\n\n", parts[i])
        parts[i] = _INLINE_MATH.sub(lambda m: keep(m.group(1), "inline"), text)
    return "".join(parts)


def _restore_math(page: str, store: dict) -> str:
    if not store:
        return page
    return re.sub(r"ckmath\d{5}x", lambda m: store.get(m.group(0), m.group(0)), page)


def render_math(markdown: str) -> str:
    """Markdown with its ``$...$`` and ``$$...$$`` formulas replaced by MathML.

    Code spans and fenced code are left alone; a formula the converter cannot
    read is shown as code. (Reports put the MathML in after the markdown is
    rendered, so the markdown renderer never sees it.)

    Examples
    --------
    >>> out = render_math(r"WOE: $\\ln(g_i / b_i)$, price `$5`")
    >>> out.startswith("WOE: <math") and "<msub>" in out and out.endswith("price `$5`")
    True
    """
    store: dict = {}
    return _restore_math(_protect_math(markdown, store), store)


# ---------------------------------------------------------------------------
# Cells and outputs
# ---------------------------------------------------------------------------
def _tags(cell) -> set:
    return set(cell.get("metadata", {}).get("tags", []))


def _shown_outputs(outputs, found: dict) -> list:
    """The outputs a reader sees; records and exported files are collected into ``found``."""
    kept = []
    for output in outputs:
        data = output.get("data", {})
        if RECORD_MIMETYPE in data:
            item = data[RECORD_MIMETYPE]
            item = json.loads(item) if isinstance(item, str) else item
            if item.get("name") == _SOURCE_RECORD:
                found["source"] = item.get("value") or {}
            continue
        if _WIDGET_MIMETYPE in data:
            continue
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            continue
        if _ARTIFACT_MIMETYPE in data:
            item = data[_ARTIFACT_MIMETYPE]
            found["artifacts"].append(json.loads(item) if isinstance(item, str) else item)
            output = copy.deepcopy(output)
            del output["data"][_ARTIFACT_MIMETYPE]
        kept.append(output)
    return kept


_IMAGE_TYPES = ("image/png", "image/jpeg")  # an SVG chart is inline markup, with its own text


def _describe_charts(cells, title: str, lang: str) -> None:
    """Give every chart without a description one from the document: the heading of its section (the report's
    title before the first heading), numbered when a section has several, in the report's language."""
    section, count = title, 0
    for cell in cells:
        if cell.cell_type == "markdown":
            heads = [line.lstrip("#").strip() for line in cell.source.splitlines() if re.match(r"#{1,6} ", line)]
            if heads:
                section, count = re.sub(r"[*_`]", "", heads[-1]), 0
            continue
        for output in cell.get("outputs", []):
            kinds = [k for k in _IMAGE_TYPES if k in output.get("data", {})]
            if not kinds:
                continue
            count += 1
            alt = f"{_w('chart', lang)}{'：' if lang == 'zh' else ': '}{section}"
            alt += f" ({count})" if count > 1 else ""
            meta = output.setdefault("metadata", {})
            for k in kinds:
                if not (meta.get(k) or {}).get("alt") and not meta.get("alt"):
                    meta.setdefault(k, {})["alt"] = alt


def _drop_title(cell) -> None:
    """Remove the level-one heading from a markdown cell (the header shows it)."""
    lines = cell.source.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# "):
            cell.source = "\n".join(lines[:i] + lines[i + 1:]).strip()
            return


# ---------------------------------------------------------------------------
# Header and footer
# ---------------------------------------------------------------------------
_WORDS = {
    "data": ("数据", "Data"),
    "as_of": ("基准日", "As of"),
    "notebook": ("笔记本", "Notebook"),
    "kit": ("工具箱版本", "Kit version"),
    "generated": ("生成时间", "Generated"),
    "parameters": ("参数", "Parameters"),
    "name": ("参数", "Parameter"),
    "value": ("取值", "Value"),
    "help": ("说明", "Meaning"),
    "default": ("默认", "default"),
    "notes": ("方法说明", "Method notes"),
    "files": ("导出文件", "Exported files"),
    "about": ("本报告由 creditkit 根据笔记本自动生成：表中金额单位为元，按四舍五入保留两位小数；比例以百分数表示。",
              "This report was generated by creditkit from the notebook: amounts are in yuan (CNY), "
              "rounded half-up to two decimals; shares are shown as percentages."),
    "none": ("（无）", "(none)"),
    "chart": ("图表", "Chart"),
    "unused": ("数据来自您的文件，只用于内置样本的参数未列出：{names}。",
               "The data is your own file: parameters that only shape the built-in sample are not listed: {names}."),
}


def _w(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return en if lang == "en" else zh


def _shown_value(value) -> str:
    """A parameter's value as written on the command line (text without quotes)."""
    if isinstance(value, str):
        return value if value != "" else '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _data_line(source: dict, parameters: dict, lang: str) -> str:
    if source.get("text"):
        text = source["text"]
        for prefix in ("数据：", "Data: "):
            text = text.removeprefix(prefix)
        return text
    parts = []
    if parameters.get("dataset"):
        parts.append(str(parameters["dataset"]))
    for name, value in parameters.items():
        if name.endswith("_path") and value:
            parts.append(str(value).replace("\\", "/").rsplit("/", 1)[-1])
    return ", ".join(parts)


_SAMPLE_WORDS = re.compile(r"\b(sample|generated)\b", re.IGNORECASE)


def unused_sample_parameters(declared: dict, values: dict, source: dict | None = None) -> list[str]:
    """Parameters that only shape the built-in sample, when a run reads the user's own file instead.

    A run reads the user's file when the notebook named one as its data
    (:func:`creditkit.reports.display.source` with ``file=``), or when a
    ``*_path`` parameter whose help says it replaces the sample (``empty =
    built-in sample``) is given. The parameters then left without effect are
    those whose English help describes the sample (``seed of the sample
    ledger``, ``customers in the sample ledger``, ``seed of the generated
    data``); the header leaves them out rather than list values that
    produced nothing.

    Parameters
    ----------
    declared : dict of str to Parameter
        The notebook's parameters.
    values : dict
        Values given for the run.
    source : dict, optional
        The notebook's data record (``file`` names a user's file).

    Returns
    -------
    list of str
        Names, in declaration order; empty when the run used the sample.

    Examples
    --------
    >>> from creditkit.reports import Parameter
    >>> declared = {"ledger_path": Parameter("ledger_path", "", "台账 / ledger file; empty = built-in sample"),
    ...             "seed": Parameter("seed", 2025, "样本台账随机种子 / seed of the sample ledger"),
    ...             "as_of": Parameter("as_of", "2025-06-30", "基准日 / as-of date")}
    >>> unused_sample_parameters(declared, {"ledger_path": "my.csv"})
    ['seed']
    >>> unused_sample_parameters(declared, {})
    []
    """
    source = source or {}
    given = {n: values.get(n, p.default) for n, p in declared.items()}
    replacing = [n for n, p in declared.items()
                 if n.endswith("_path") and given[n] and _SAMPLE_WORDS.search(help_in(p.help, "en"))]
    if not (source.get("file") or replacing):
        return []
    return [n for n, p in declared.items()
            if n not in replacing and not n.endswith("_path") and n != "lang"
            and _SAMPLE_WORDS.search(help_in(p.help, "en"))]


def _header_html(title, *, lang, declared, values, source, notebook_name, version, generated_at) -> str:
    e = html.escape
    rows = []
    data = _data_line(source, {n: p.default for n, p in (declared or {}).items()} | values, lang)
    if data:
        rows.append((_w("data", lang), data))
    effective = {n: p.default for n, p in (declared or {}).items()} | values
    as_of = source.get("as_of") or effective.get("as_of")
    if as_of:
        rows.append((_w("as_of", lang), str(as_of)))
    if notebook_name:
        rows.append((_w("notebook", lang), notebook_name))
    rows.append((_w("kit", lang), f"creditkit {version}"))
    rows.append((_w("generated", lang), generated_at))
    meta = "".join(f"<tr><th>{e(k)}</th><td>{e(str(v))}</td></tr>" for k, v in rows)
    unused = unused_sample_parameters(declared, values, source) if declared else []
    if declared:
        prow = []
        for name, p in declared.items():
            if name in unused:
                continue
            value = values.get(name, p.default)
            mark = f' <span class="ck-default">({e(_w("default", lang))})</span>' if value == p.default else ""
            prow.append(f"<tr><td><code>{e(name)}</code></td><td><code>{e(_shown_value(value))}</code>{mark}</td>"
                        f"<td>{e(help_in(p.help, lang))}</td></tr>")
    else:
        prow = [f"<tr><td><code>{e(str(k))}</code></td><td><code>{e(_shown_value(v))}</code></td><td></td></tr>"
                for k, v in values.items()]
    params = "".join(prow) or f'<tr><td colspan="3">{e(_w("none", lang))}</td></tr>'
    if unused:
        names = ", ".join(unused)
        params += (f'<tr class="ck-unused"><td colspan="3">'
                   f'{e(_w("unused", lang).format(names=names))}</td></tr>')
    return (
        f'<header class="ck-header"><h1>{e(title)}</h1>'
        f'<table class="ck-meta">{meta}</table>'
        f'<h2 class="ck-params-title">{e(_w("parameters", lang))}</h2>'
        f'<table class="ck-params"><thead><tr><th>{e(_w("name", lang))}</th><th>{e(_w("value", lang))}</th>'
        f'<th>{e(_w("help", lang))}</th></tr></thead><tbody>{params}</tbody></table></header>'
    )


def _footer_html(*, lang, artifacts, version, generated_at) -> str:
    e = html.escape
    files = ""
    if artifacts:
        seen, items = set(), []
        for a in artifacts:
            name = str(a.get("file", ""))
            if name and name not in seen:
                seen.add(name)
                items.append(f'<li><a href="./{e(name, quote=True)}">{e(name)}</a> — {e(str(a.get("description", "")))}</li>')
        files = f'<h2>{e(_w("files", lang))}</h2><ul class="ck-files">{"".join(items)}</ul>'
    return (f'<footer class="ck-footer">{files}<p>{e(_w("about", lang))}</p>'
            f'<p>creditkit {e(version)} · {e(generated_at)}</p></footer>')


_CSS = """
body.jp-Notebook { max-width: 80rem; margin: 0 auto; padding: 1rem 2rem; }
.ck-header, .ck-footer { font-family: var(--jp-content-font-family, system-ui, sans-serif); }
.jp-RenderedHTMLCommon table.ck-table td, .jp-RenderedHTMLCommon table.ck-table th { text-align: left; }
.ck-header { border-bottom: 2px solid #355070; margin-bottom: 1.5rem; padding-bottom: 0.5rem; }
.ck-header h1 { margin-bottom: 0.5rem; }
.ck-header h2.ck-params-title { font-size: 1.05rem; margin: 0.8rem 0 0.3rem; }
.ck-meta th { text-align: left; padding-right: 1.5rem; color: #555; font-weight: normal; }
.ck-meta td, .ck-meta th { padding: 0.1rem 0.4rem; border: none; }
.ck-params, .ck-table { border-collapse: collapse; margin: 0.4rem 0 1rem; font-size: 0.92rem; }
.ck-params th, .ck-params td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: left;
  vertical-align: top; }
.ck-default { color: #777; font-size: 85%; }
.ck-table th, .ck-table td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; }
.ck-table thead th { border-bottom: 2px solid #999; background: #f6f7f9; white-space: nowrap; }
.jp-OutputArea-output { overflow-x: auto; }
.ck-table tbody tr:nth-child(even) { background: #fafafa; }
.ck-table caption { caption-side: top; text-align: left; color: #555; padding-bottom: 0.3rem; }
.ck-text { font-size: 1rem; }
.ck-figures { margin: 0.5rem 0 1rem; }
.ck-footer { border-top: 1px solid #ccc; margin-top: 2rem; padding-top: 0.5rem; color: #444; font-size: 0.9rem; }
math[display="block"] { margin: 0.6rem 0; }
"""

_TEMPLATE = r"""{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block extra_css %}<style type="text/css">{{ resources.creditkit_css }}</style>{% endblock extra_css %}
{%- block body_header -%}
{{ super() }}
{{ resources.creditkit_header }}
{%- endblock body_header -%}
{% block body_footer %}
{{ resources.creditkit_footer }}
{{ super() }}
{% endblock body_footer %}
{%- macro image(output, kind) -%}
<div class="jp-RenderedImage jp-OutputArea-output">
<img src="data:{{ kind }};base64,{{ output.data[kind] | escape_html }}"
{%- for name in ('width', 'height', 'alt') %}{% set value = output | get_metadata(name, kind) %}
{%- if value is not none %} {{ name }}="{{ value | escape_html }}"{% endif %}{% endfor %}>
</div>
{%- endmacro -%}
{% block data_png scoped %}{{ image(output, 'image/png') }}{% endblock data_png %}
{% block data_jpg scoped %}{{ image(output, 'image/jpeg') }}{% endblock data_jpg %}
"""


def to_html(
    nb,
    *,
    parameters: dict | None = None,
    lang: str = "zh",
    title: str | None = None,
    declared: dict | None = None,
    notebook_name: str | None = None,
    generated_at: str | None = None,
) -> str:
    """Code-free, self-contained HTML of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook; it is not changed.
    parameters : dict, optional
        Values given for the run.
    lang : {"zh", "en"}, default "zh"
        Language of the report: which tagged narrative cells are shown, and
        of the header and footer.
    title : str, optional
        Title; by default the ``lang`` half of the notebook's first ``# ``
        heading.
    declared : dict of str to Parameter, optional
        The notebook's declared parameters: the header lists every one of
        them with its value (the default when not given) and help text.
    notebook_name : str, optional
        Shown in the header.
    generated_at : str, optional
        Time of the run as shown; by default now, in local time.

    Returns
    -------
    str
        A standalone HTML page that loads nothing from the network.

    Examples
    --------
    >>> out = nbformat.v4.new_output("stream", name="stdout", text="total 42\\n")
    >>> cells = [nbformat.v4.new_markdown_cell("# 欢迎 — Welcome"),
    ...          nbformat.v4.new_markdown_cell("中文说明", metadata={"tags": ["zh"]}),
    ...          nbformat.v4.new_markdown_cell("English text", metadata={"tags": ["en"]}),
    ...          nbformat.v4.new_code_cell("print_total()", outputs=[out])]
    >>> page = to_html(nbformat.v4.new_notebook(cells=cells), parameters={"n": 3}, lang="en")
    >>> "total 42" in page, "print_total" in page, "English text" in page, "中文说明" in page
    (True, False, True, False)
    >>> "<h1>Welcome</h1>" in page, "<code>3</code>" in page, "<script src" in page
    (True, True, False)
    """
    from nbconvert import HTMLExporter
    from jinja2 import DictLoader
    from traitlets.config import Config

    from .. import __version__
    from ..i18n import check_lang

    check_lang(lang)
    nb = copy.deepcopy(without_trainer_cells(nb, parameters))
    full_title = notebook_title(nb, "creditkit")
    other = "zh" if lang == "en" else "en"
    nb.cells = [c for c in nb.cells if not (_HIDDEN_TAGS | {other}) & _tags(c)]
    found = {"source": {}, "artifacts": []}
    formulas: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _shown_outputs(cell.get("outputs", []), found)
        elif cell.cell_type == "markdown":
            cell.source = _protect_math(cell.source, formulas)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and any(line.startswith("# ") for line in cell.source.splitlines()):
            _drop_title(cell)
            break
    notes = [c for c in nb.cells if "method-notes" in _tags(c)]
    nb.cells = [c for c in nb.cells if "method-notes" not in _tags(c)
                and not (c.cell_type == "markdown" and not c.source.strip())]
    if notes:
        # a fixed id (nbformat draws a random one): the same notebook gives the same page
        nb.cells.append(nbformat.v4.new_markdown_cell(f"## {_w('notes', lang)}", id="method-notes-heading"))
        nb.cells.extend(notes)

    shown_title = title or title_in(full_title, lang)
    _describe_charts(nb.cells, shown_title, lang)
    when = generated_at or datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    values = dict(parameters or {})
    values.setdefault("lang", lang)
    if declared is not None and "lang" not in declared:
        values.pop("lang")
    header = _header_html(shown_title, lang=lang, declared=declared, values=values, source=found["source"],
                          notebook_name=notebook_name, version=__version__, generated_at=when)
    footer = _footer_html(lang=lang, artifacts=found["artifacts"], version=__version__, generated_at=when)
    nb.metadata["title"] = shown_title
    nb.metadata.pop("widgets", None)

    config = Config()
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    exporter = HTMLExporter(config=config, template_name="lab",
                            extra_loaders=[DictLoader({"creditkit_report.html.j2": _TEMPLATE})],
                            template_file="creditkit_report.html.j2")
    resources = {"creditkit_css": _CSS, "creditkit_header": header, "creditkit_footer": footer,
                 "language_code": "zh-CN" if lang == "zh" else "en"}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return _restore_math(body, formulas)
