"""Dunning letters (催款函) and statements of account (对账单) from Jinja2 templates.

:func:`statement_of_account` and :func:`dunning_letter` build a per-customer
context from the canonical ledger — documents, running balance, an aging
summary, overdue invoices, optionally late interest — with every amount
formatted with thousands separators by :func:`creditkit.money.format_cents`,
and render it with a template: the kit's ``templates/<kind>.<lang>.html.j2``
or a company's own (``template=`` a file, or ``template_dir=`` a folder with
files of the same names, which may ``{% include "_style.css.j2" %}``).

:func:`save_document` writes the result as ``.html`` (always), ``.docx``
(with the optional ``python-docx``: ``pip install creditkit[docx]``) or
``.pdf`` (with WeasyPrint, wkhtmltopdf or LibreOffice, whichever is
installed; :func:`pdf_converter` says which). A missing library or converter
raises :class:`~creditkit.errors.OutputFormatError` naming what to install.
"""

from __future__ import annotations

import html.parser
import importlib.util
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from ..dates import to_date
from ..errors import OutputFormatError
from ..i18n import check_lang, label, label_or_name
from ..money import format_cents
from .aging import DEFAULT_EDGES, age_receivables
from .schema import validate_ledger

__all__ = ["Document", "DEFAULT_SENDER", "statement_of_account", "dunning_letter", "render_template",
           "save_document", "pdf_converter", "available_formats"]

#: Sender used when none is given: the kit's sample company (replace with yours).
DEFAULT_SENDER = {
    "zh": {"name": "华东机电设备有限公司（示例）", "contact": "应收账款组", "phone": "021-0000 0000",
           "bank": "（请填写贵司收款账户）"},
    "en": {"name": "Huadong Electromechanical Co., Ltd. (sample)", "contact": "Receivables desk",
           "phone": "+86 21 0000 0000", "bank": "(your bank account)"},
}
_TONE_TITLES = {"zh": {"friendly": "付款提醒函", "neutral": "催款函", "firm": "催款函（再次催告）", "formal": "律师函前最后催告函"},
                "en": {"friendly": "Payment reminder", "neutral": "Overdue notice", "firm": "Second overdue notice",
                       "formal": "Final demand before legal action"}}


@dataclass(frozen=True)
class Document:
    """A rendered letter or statement.

    Attributes
    ----------
    kind : str
        ``"statement"`` or ``"dunning"``.
    lang : str
    html : str
        The rendered, self-contained HTML.
    context : dict
        What the template was given (amounts as formatted text).
    """

    kind: str
    lang: str
    html: str
    context: dict = field(repr=False)

    def _repr_html_(self):
        return self.html


def _env(template_dir=None):
    import jinja2

    loaders = []
    if template_dir is not None:
        d = Path(template_dir)
        if not d.is_dir():
            raise FileNotFoundError(f"template_dir {str(d)!r} is not a folder")
        loaders.append(jinja2.FileSystemLoader(str(d)))
    loaders.append(jinja2.FileSystemLoader(str(resources.files("creditkit.receivables") / "templates")))
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=jinja2.select_autoescape(["html", "j2"]),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def render_template(name, context, *, template=None, template_dir=None) -> str:
    """Render a kit template (``"statement.zh.html.j2"``…) or a company's own with ``context``.

    Parameters
    ----------
    name : str
        Template name in the kit's ``templates`` folder.
    context : dict
    template : str or Path, optional
        A template file to use instead.
    template_dir : str or Path, optional
        A folder searched before the kit's templates.

    Raises
    ------
    jinja2.TemplateError
        The template is invalid or uses a name the context lacks (the
        message names it).
    """
    env = _env(Path(template).parent if template is not None and template_dir is None else template_dir)
    tpl = env.get_template(Path(template).name if template is not None else name)
    return tpl.render(**context)


def _sender(sender, lang):
    base = dict(DEFAULT_SENDER[lang])
    if sender is not None:
        if not isinstance(sender, dict):
            raise TypeError(f"sender must be a dict (name, contact, phone, bank), got {type(sender).__name__}")
        unknown = set(sender) - set(base)
        if unknown:
            raise ValueError(f"sender: unknown key(s) {sorted(unknown)!r}; expected {sorted(base)!r}")
        base.update({k: str(v) for k, v in sender.items()})
    return base


def _customer(t, customer_id):
    mine = t[t["customer_id"] == customer_id]
    if mine.empty:
        raise ValueError(f"customer_id {customer_id!r} is not in the ledger")
    return mine, {"id": customer_id, "name": str(mine["customer_name"].iloc[-1])}


def _day(d) -> str:
    return "" if pd.isna(d) else pd.Timestamp(d).strftime("%Y-%m-%d")


def statement_of_account(ledger, customer_id, *, as_of, start=None, lang="zh", sender=None, buckets=DEFAULT_EDGES,
                         reply_days=10, currency="CNY", template=None, template_dir=None) -> Document:
    """A statement of account (对账单) for one customer: documents, running balance and aging.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    customer_id : str
    as_of : str or date
        End of the period; the aging is as of this date.
    start : str or date, optional
        First day of the period (default: the first day of ``as_of``'s month,
        three months back). Documents before it form the opening balance.
    lang : {"zh", "en"}, default "zh"
    sender : dict, optional
        ``name, contact, phone, bank`` of the company sending it.
    buckets : sequence of int, default (30, 60, 90, 180, 365)
    reply_days : int, default 10
        Days the customer has to confirm.
    currency : str, default "CNY"
    template, template_dir : optional
        A company's own template (see :func:`render_template`).

    Returns
    -------
    Document
        ``context["totals"]`` holds the formatted opening, debits, credits,
        closing, open, unapplied and overdue amounts; ``context["cents"]``
        the same in integer cents.

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"] * 3, "customer_name": ["甲公司"] * 3,
    ...     "doc_type": ["invoice", "invoice", "receipt"], "doc_no": ["I1", "I2", "R1"],
    ...     "doc_date": pd.to_datetime(["2025-03-10", "2025-05-10", "2025-06-05"]),
    ...     "due_date": pd.to_datetime(["2025-04-09", "2025-06-09", None]),
    ...     "amount_cents": [123_456_78, 50_000_00, -100_000_00], "ref_doc_no": [None, None, "I1"]})
    >>> doc = statement_of_account(t, "A", as_of="2025-06-30", start="2025-05-01")
    >>> doc.context["totals"]["opening"], doc.context["totals"]["closing"]
    ('123,456.78', '73,456.78')
    >>> "对账单" in doc.html and "73,456.78" in doc.html
    True
    """
    check_lang(lang)
    as_of = to_date(as_of, name="as_of")
    start = (as_of.replace(day=1) - pd.DateOffset(months=2)) if start is None else to_date(start, name="start")
    if start > as_of:
        raise ValueError(f"start ({start.date()}) must not be after as_of ({as_of.date()})")
    t = validate_ledger(ledger, unique=False)
    mine, customer = _customer(t, customer_id)
    mine = mine[mine["doc_date"] <= as_of].sort_values(["doc_date", "doc_no"], kind="stable")
    opening = int(mine.loc[mine["doc_date"] < start, "amount_cents"].sum())
    period = mine[mine["doc_date"] >= start]
    balance = opening + period["amount_cents"].cumsum()
    rows = [{"date": _day(r.doc_date), "doc_no": r.doc_no, "type": label(r.doc_type, lang), "due": _day(r.due_date),
             "debit": format_cents(r.amount_cents) if r.amount_cents > 0 else "",
             "credit": format_cents(-r.amount_cents) if r.amount_cents < 0 else "", "balance": format_cents(b)}
            for r, b in zip(period.itertuples(index=False), balance)]
    closing = opening + int(period["amount_cents"].sum())
    aging = age_receivables(mine, as_of=as_of, buckets=buckets)
    row = aging.table.iloc[0] if len(aging.table) else None
    amounts = {b: int(row[b]) if row is not None else 0 for b in aging.labels}
    open_c = int(row["total"]) if row is not None else 0
    unapplied = int(row["unapplied"]) if row is not None else 0
    cents = {"opening": opening, "debits": int(period.loc[period["amount_cents"] > 0, "amount_cents"].sum()),
             "credits": int(-period.loc[period["amount_cents"] < 0, "amount_cents"].sum()), "closing": closing,
             "open": open_c, "unapplied": unapplied, "overdue": open_c - amounts.get("not_due", 0)}
    context = {"sender": _sender(sender, lang), "customer": customer, "currency": currency, "reply_days": reply_days,
               "period": {"start": _day(start), "end": _day(as_of)}, "today": _day(as_of), "rows": rows,
               "aging": [{"label": label_or_name(b, lang), "amount": format_cents(v)} for b, v in amounts.items()],
               "totals": {k: format_cents(v) for k, v in cents.items()}, "cents": cents}
    html = render_template(f"statement.{lang}.html.j2", context, template=template, template_dir=template_dir)
    return Document("statement", lang, html, context)


def dunning_letter(ledger, customer_id, *, as_of, tone="neutral", lang="zh", sender=None, pay_within_days=10,
                   interest=None, include_not_due=None, reference=None, template=None, template_dir=None) -> Document:
    """A dunning letter (催款函) for one customer's overdue invoices, in the tone of its collection step.

    Parameters
    ----------
    ledger : Ledger or DataFrame
    customer_id : str
    as_of : str or date
    tone : {"friendly", "neutral", "firm", "formal"}, default "neutral"
        Usually the ``tone`` of the customer's row in
        :func:`~creditkit.receivables.collection.collection_plan`.
    lang : {"zh", "en"}, default "zh"
    sender : dict, optional
    pay_within_days : int, default 10
        The letter asks for payment by ``as_of`` + this many days.
    interest : LateInterest, optional
        A :func:`~creditkit.receivables.interest.late_interest` result; the
        customer's claim and the basis are quoted.
    include_not_due : bool, optional
        List invoices not yet due too (default: only for the friendly tone,
        the reminder before due).
    reference : str, optional
        Letter number (default ``<customer>-<as_of>``).
    template, template_dir : optional

    Returns
    -------
    Document

    Examples
    --------
    >>> t = pd.DataFrame({"customer_id": ["A"], "customer_name": ["甲公司"], "doc_type": ["invoice"],
    ...     "doc_no": ["I1"], "doc_date": pd.to_datetime(["2025-03-10"]), "due_date": pd.to_datetime(["2025-04-09"]),
    ...     "amount_cents": [1_234_567_89]})
    >>> doc = dunning_letter(t, "A", as_of="2025-06-30", tone="firm")
    >>> doc.context["totals"]["overdue"], doc.context["totals"]["max_days"], doc.context["pay_by"]
    ('1,234,567.89', 82, '2025-07-10')
    """
    check_lang(lang)
    if tone not in _TONE_TITLES["zh"]:
        raise ValueError(f"tone must be one of {list(_TONE_TITLES['zh'])!r}, got {tone!r}")
    as_of = to_date(as_of, name="as_of")
    t = validate_ledger(ledger, unique=False)
    mine, customer = _customer(t, customer_id)
    aging = age_receivables(mine[mine["doc_date"] <= as_of], as_of=as_of)
    items = aging.items.sort_values(["due_date", "doc_no"], kind="stable")
    show_all = tone == "friendly" if include_not_due is None else bool(include_not_due)
    overdue = items[items["age_days"] > 0]
    listed = items if show_all else overdue
    rows = [{"doc_no": r.doc_no, "date": _day(r.doc_date), "due": _day(r.due_date), "days": max(int(r.age_days), 0),
             "open": format_cents(r.open_cents)} for r in listed.itertuples(index=False)]
    claim = None
    if interest is not None:
        inv = interest.invoices[interest.invoices["customer_id"] == customer_id]
        claim = {"total": format_cents(int(inv["claim_cents"].sum())), "note": interest.note(lang),
                 "cents": int(inv["claim_cents"].sum())}
    cents = {"overdue": int(overdue["open_cents"].sum()), "listed": int(listed["open_cents"].sum())}
    context = {"sender": _sender(sender, lang), "customer": customer, "tone": tone,
               "title": _TONE_TITLES[lang][tone], "as_of": _day(as_of), "today": _day(as_of),
               "pay_by": _day(as_of + pd.Timedelta(days=int(pay_within_days))),
               "reference": reference or f"{customer_id}-{as_of:%Y%m%d}", "items": rows, "interest": claim,
               "totals": {"overdue": format_cents(cents["overdue"]), "listed": format_cents(cents["listed"]),
                          "max_days": int(overdue["age_days"].max()) if len(overdue) else 0}, "cents": cents}
    html = render_template(f"dunning.{lang}.html.j2", context, template=template, template_dir=template_dir)
    return Document("dunning", lang, html, context)


# ----------------------------------------------------------------------------- output formats


def pdf_converter():
    """The PDF converter available here, or None.

    Tried in order: WeasyPrint (Python), ``wkhtmltopdf``, a headless Chromium
    or Chrome (``--print-to-pdf``), LibreOffice (``soffice``, via .docx).
    Returns the program's path (or ``"weasyprint"``).
    """
    if importlib.util.find_spec("weasyprint") is not None:
        return "weasyprint"
    for exe in ("wkhtmltopdf", "chromium", "chromium-browser", "google-chrome", "soffice", "libreoffice"):
        found = shutil.which(exe)
        if found:
            return found
    return None


def available_formats() -> list[str]:
    """Formats :func:`save_document` can write on this machine (``html`` always).

    Examples
    --------
    >>> "html" in available_formats()
    True
    """
    out = ["html"]
    if importlib.util.find_spec("docx") is not None:
        out.append("docx")
    if pdf_converter() is not None:
        out.append("pdf")
    return out


class _HtmlToDocx(html.parser.HTMLParser):
    """Headings, paragraphs, line breaks, bold and tables of a rendered letter, into a Word document."""

    def __init__(self, doc):
        super().__init__(convert_charrefs=True)
        self.doc = doc
        self.par = None
        self.bold = False
        self.table_rows = None
        self.row = None
        self.cell_text = None
        self.skip = 0
        self.heading = None

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "title", "head"):
            self.skip += 1
        elif tag in ("h1", "h2"):
            self.heading = (tag, [])
        elif tag in ("p", "div") and self.table_rows is None and self.heading is None:
            self.par = self.doc.add_paragraph()
        elif tag == "br" and self.par is not None:
            self.par.add_run().add_break()
        elif tag == "strong":
            self.bold = True
        elif tag == "table":
            self.table_rows = []
        elif tag == "tr" and self.table_rows is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell_text = []
            span = dict(attrs).get("colspan")
            self.row_span = int(span) if span and span.isdigit() else 1

    def handle_endtag(self, tag):
        if tag in ("style", "title", "head"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2") and self.heading is not None:
            self.doc.add_heading("".join(self.heading[1]).strip(), level=1 if tag == "h1" else 2)
            self.heading = None
        elif tag in ("p", "div"):
            self.par = None
        elif tag == "strong":
            self.bold = False
        elif tag in ("td", "th") and self.cell_text is not None:
            self.row.append("".join(self.cell_text).strip())
            self.row.extend([""] * (self.row_span - 1))
            self.cell_text = None
        elif tag == "tr" and self.row is not None:
            self.table_rows.append(self.row)
            self.row = None
        elif tag == "table" and self.table_rows is not None:
            rows = self.table_rows
            width = max((len(r) for r in rows), default=0)
            if width:
                table = self.doc.add_table(rows=len(rows), cols=width)
                table.style = "Table Grid"
                for i, r in enumerate(rows):
                    for j, text in enumerate(r):
                        table.cell(i, j).text = text
            self.table_rows = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.heading is not None:
            self.heading[1].append(data)
        elif self.cell_text is not None:
            self.cell_text.append(data)
        elif self.par is not None and data.strip():
            self.par.add_run(data.strip("\n")).bold = self.bold


def _write_docx(document: Document, path: Path):
    if importlib.util.find_spec("docx") is None:
        raise OutputFormatError(f"{path}: writing .docx needs python-docx; install it with "
                                "`pip install creditkit[docx]` (or `pip install python-docx`), or save as .html")
    import docx

    doc = docx.Document()
    _HtmlToDocx(doc).feed(document.html)
    doc.save(str(path))


def _write_pdf(document: Document, path: Path):
    conv = pdf_converter()
    if conv is None:
        raise OutputFormatError(f"{path}: writing .pdf needs a converter and none is installed (WeasyPrint: "
                                "`pip install weasyprint`; or wkhtmltopdf or LibreOffice); save as .html or .docx "
                                "and print to PDF instead")
    if conv == "weasyprint":
        import weasyprint

        weasyprint.HTML(string=document.html).write_pdf(str(path))
        return
    name = Path(conv).name
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "letter.html"
        src.write_text(document.html, encoding="utf-8")
        if name == "wkhtmltopdf":
            cmd = [conv, "--quiet", "--encoding", "utf-8", str(src), str(path)]
        elif name in ("chromium", "chromium-browser", "google-chrome"):
            cmd = [conv, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path.resolve()}", src.as_uri()]
        else:
            src = Path(tmp) / f"{path.stem}.docx"
            _write_docx(document, src)
            cmd = [conv, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, check=True, timeout=180, capture_output=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise OutputFormatError(f"{path}: {name} could not convert the document to PDF ({exc}); save as .html or "
                                    ".docx instead") from None
        if name in ("soffice", "libreoffice"):
            shutil.move(str(Path(tmp) / f"{path.stem}.pdf"), str(path))
    if not path.exists() or path.stat().st_size == 0:
        raise OutputFormatError(f"{path}: {name} ran but wrote no PDF; save as .html or .docx instead")


def save_document(document: Document, path) -> Path:
    """Write a letter or statement as ``.html``, ``.docx`` or ``.pdf`` (by the file's suffix).

    Raises
    ------
    OutputFormatError
        ``.docx`` without python-docx, or ``.pdf`` with no converter installed.
    ValueError
        Another suffix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> doc = Document("statement", "zh", "<html><body><h1>对账单</h1></body></html>", {})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     save_document(doc, pathlib.Path(d) / "a.html").read_text(encoding="utf-8").endswith("<h1>对账单</h1></body></html>")
    True
    """
    if not isinstance(document, Document):
        raise TypeError(f"document must be a Document, got {type(document).__name__}")
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        path.write_text(document.html, encoding="utf-8")
    elif suffix == ".docx":
        _write_docx(document, path)
    elif suffix == ".pdf":
        _write_pdf(document, path)
    else:
        raise ValueError(f"path must end in .html, .docx or .pdf, got {path.name!r}")
    return path
