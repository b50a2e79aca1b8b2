"""Code-free HTML of an executed notebook: what a report reader sees.

Input cells, prompts, the ``parameters`` and ``injected-parameters`` cells,
widget views, warnings on stderr and :func:`~creditkit.reports.record` outputs
are left out; the run's parameters are listed at the end.
"""

from __future__ import annotations

import copy

import nbformat

from .records import RECORD_MIMETYPE

__all__ = ["to_html", "notebook_title"]

_WIDGET_MIMETYPE = "application/vnd.jupyter.widget-view+json"
_HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-cell"}


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


def _shown_outputs(outputs) -> list:
    """The outputs a reader sees: no records, widget views or stderr."""
    kept = []
    for output in outputs:
        data = output.get("data", {})
        if RECORD_MIMETYPE in data or _WIDGET_MIMETYPE in data:
            continue
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            continue
        kept.append(output)
    return kept


def _parameters_note(parameters: dict, lang: str):
    """Closing markdown cell: a table of the run's parameters."""
    from ..i18n import label

    rows = "\n".join(f"| `{k}` | `{v!r}` |" for k, v in parameters.items())
    head = f"| {label('parameters', lang)} | |\n|---|---|\n"
    return nbformat.v4.new_markdown_cell(f"---\n\n{head}{rows}")


def to_html(nb, *, parameters: dict | None = None, lang: str = "zh", title: str | None = None) -> str:
    """Code-free HTML of an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook; it is not changed.
    parameters : dict, optional
        Values of the run, listed in a closing table.
    lang : {"zh", "en"}, default "zh"
        Language of the closing table's heading.
    title : str, optional
        Page title; by default the notebook's first ``# `` heading.

    Returns
    -------
    str
        A standalone HTML page. Input cells, prompts, the ``parameters`` and
        ``injected-parameters`` cells (and cells tagged ``remove-cell``), widget
        views, stderr and :func:`~creditkit.reports.record` outputs are left out.

    Examples
    --------
    >>> out = nbformat.v4.new_output("stream", name="stdout", text="total 42\\n")
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print_total()", outputs=[out])])
    >>> page = to_html(nb, parameters={"n": 3}, lang="en")
    >>> "total 42" in page, "print_total" in page, "<code>3</code>" in page
    (True, False, True)
    """
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not _HIDDEN_TAGS & set(c.get("metadata", {}).get("tags", []))]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = _shown_outputs(cell.get("outputs", []))
    if parameters:
        nb.cells.append(_parameters_note(parameters, lang))
    nb.metadata["title"] = title or notebook_title(nb, "creditkit")
    config = Config()
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    body, _ = HTMLExporter(config=config).from_notebook_node(nb)
    return body
