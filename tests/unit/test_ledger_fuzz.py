"""Fuzz suite of the ledger reader: generated exports through `creditkit aging`, checked against a reference.

Hypothesis writes ledgers the way exports come — random customers, document
types in Chinese and English, amounts with ￥, 元, thousands separators,
parentheses and trailing minus, dates in every supported format, GBK, UTF-8
or UTF-8 with BOM, comma or tab separated, title lines, blank lines, subtotal
rows and junk cells (quotes, separators and line breaks inside cells) — and
runs each through ``creditkit.cli.main`` in this process. Every case must
either

* exit 0 with the customer aging equal, to the cent, to
  :func:`reference_aging` (plain Python and pandas over the documents the case
  was generated from — no creditkit code), a balanced reconciliation and every
  document and subtotal row accounted for; or
* exit 2 with one line on stderr naming the file, the line and the column of
  the first bad row (cases with an injected bad cell must do this, naming the
  line it is on);

never a traceback, a hang or a silent drop. ``CREDITKIT_FUZZ_EXAMPLES`` sets the
number of cases per test (default 60, derandomized, so ``make test`` runs the
same slice every time); ``scripts/fuzz_ledger.py`` runs thousands with random
seeds.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import signal
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditkit.cli import main
from creditkit.receivables.sql_read import read_ledger_sql

AS_OF = dt.date(2025, 6, 30)
EDGES = (30, 60, 90, 180, 365)
LABELS = ["not_due", "1-30", "31-60", "61-90", "91-180", "181-365", ">365"]
EXAMPLES = int(os.environ.get("CREDITKIT_FUZZ_EXAMPLES", "60"))
RANDOM = os.environ.get("CREDITKIT_FUZZ_RANDOM") == "1"
FUZZ = settings(max_examples=EXAMPLES, derandomize=not RANDOM, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SECONDS = 60  # a case that runs longer is a hang

NAMES = ["上海华东机电有限公司", "苏州精工设备厂", "杭州恒达电气", "无锡宏远电机", "Acme Trading Ltd",
         '北京"新星"科技, 有限公司', "=HYPERLINK(\"http://x\",\"y\")", "宁波 海天 塑机", "O'Brien & Sons"]
SUMMARY_LIKE = ["深圳市累计电子有限公司", "广州小计贸易", "合计通商贸易有限公司", "Total Solutions Ltd"]
WORDS = {
    "invoice": ["销售发票", "应收单", "增值税专用发票", "发票", "Invoice", "sales invoice"],
    "opening_balance": ["期初余额", "期初", "Opening balance"],
    "receipt": ["收款单", "回款", "银行收款", "Receipt", "Payment"],
    "credit_note": ["红字发票", "退货", "销售折让", "Credit Note", "credit memo"],
}
HEADERS = {
    "zh": ["客户编码", "客户名称", "单据类型", "单据编号", "单据日期", "到期日", "金额", "核销单据号"],
    "en": ["Customer ID", "Customer Name", "Type", "Document No", "Date", "Due Date", "Amount", "Applies To"],
}
DATE_STYLES = ["%Y-%m-%d", "{y}/{m}/{d}", "{y}年{m}月{d}日", "%Y%m%d", "%Y.%m.%d", "{y}-{m}-{d}"]


# ----------------------------------------------------------------------------- the documents of a case


@dataclass
class Doc:
    customer_id: str
    name: str
    kind: str  # invoice, opening_balance (debit); receipt, credit_note (credit)
    doc_no: str
    doc_date: dt.date
    due_date: dt.date | None  # as written; None = left blank (the reader derives doc_date + 30)
    cents: int  # magnitude
    ref: str | None = None

    @property
    def debit(self) -> bool:
        return self.kind in ("invoice", "opening_balance")


@dataclass
class Case:
    docs: list
    encoding: str
    sep: str
    lang: str
    titles: list
    subtotals: list = field(default_factory=list)  # positions (before doc i) of subtotal rows
    blanks: list = field(default_factory=list)
    memo: list | None = None  # junk memo cell per document
    amount_style: list = field(default_factory=list)
    date_style: list = field(default_factory=list)
    bad: tuple | None = None  # (doc index, column index, text): one injected bad cell
    decimal_comma: bool = False
    terms: bool = False  # a terms column (账期), empty but where the bad cell is
    total: bool = True  # a grand total row (合计) at the end


def _dates(start=dt.date(2024, 7, 1), days=460):
    return st.integers(0, days).map(lambda k: start + dt.timedelta(days=k))


@st.composite
def documents(draw, *, names=NAMES, huge=False):
    """The documents of a ledger: invoices and opening balances, receipts and credit notes, some with references."""
    n_cust = draw(st.integers(1, 4))
    docs, k = [], 0
    big = st.integers(10**15, 10**20) if huge else st.nothing()
    for c in range(n_cust):
        cid, name = f"C{c + 1:03d}", draw(st.sampled_from(names))
        debits = []
        if draw(st.booleans()):
            k += 1
            debits.append(Doc(cid, name, "opening_balance", f"QC{k:05d}", dt.date(2024, 7, 1), None,
                              draw(st.integers(1, 10**8))))
        for _ in range(draw(st.integers(1, 5))):
            k += 1
            d = draw(_dates())
            terms = draw(st.sampled_from([None, 0, 30, 60, 90]))
            cents = draw(st.integers(1, 10**9) | big) if huge else draw(st.integers(1, 10**9))
            debits.append(Doc(cid, name, "invoice", f"XS{k:05d}", d,
                              None if terms is None else d + dt.timedelta(days=terms), cents))
        docs += debits
        for _ in range(draw(st.integers(0, 4))):
            k += 1
            kind = draw(st.sampled_from(["receipt", "receipt", "credit_note"]))
            target = draw(st.sampled_from(debits))
            ref = target.doc_no if (kind == "credit_note" or draw(st.booleans())) else None
            cents = draw(st.integers(1, max(1, target.cents * 12 // 10)))
            docs.append(Doc(cid, name, kind, f"{'SK' if kind == 'receipt' else 'HC'}{k:05d}",
                            draw(_dates(target.doc_date, 200)), None, cents, ref))
    return draw(st.permutations(docs))


@st.composite
def cases(draw, *, names=NAMES, huge=False, decimal_comma=False, inject=False, summary_blank=False, junk_terms=False,
          plain=False, totals=False):
    """A generated export; ``plain``: documents only (no title, blank row or memo, one date style, amounts as ERP
    screens print them; with ``totals``, subtotal rows and a grand total), the files the SQL engine reads."""
    docs = draw(documents(names=[m for m in names if '"' not in m] if plain else names, huge=huge))
    n = len(docs)
    if plain:
        style = draw(st.integers(0, len(DATE_STYLES) - 1))
        return Case(docs=docs, encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"])),
                    sep=draw(st.sampled_from([",", "\t"])), lang=draw(st.sampled_from(["zh", "en"])), titles=[],
                    amount_style=draw(st.lists(st.sampled_from([0, 1]), min_size=n, max_size=n)),
                    date_style=[style] * n, total=totals,
                    subtotals=draw(st.lists(st.integers(0, n), max_size=3)) if totals else [])
    case = Case(
        docs=docs,
        encoding=draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"])),
        sep=";" if decimal_comma else draw(st.sampled_from([",", "\t"])),
        lang=draw(st.sampled_from(["zh", "en"])),
        titles=draw(st.lists(st.sampled_from(["应收账款明细账", "期间：2025年1月至6月", "单位：元", "Printed 2025-07-01"]),
                             max_size=2, unique=True)),
        subtotals=draw(st.lists(st.integers(0, n), max_size=3)),
        blanks=draw(st.lists(st.integers(0, n), max_size=3)),
        memo=draw(st.none() | st.lists(st.sampled_from(["", "月结30天", '含"引号"与,逗号', "两行\n备注", "=1+1", "  空格  ",
                                                       "；分号;", "\t制表"]), min_size=n, max_size=n)),
        amount_style=draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)),
        date_style=draw(st.lists(st.integers(0, len(DATE_STYLES) - 1), min_size=n, max_size=n)),
        decimal_comma=decimal_comma,
    )
    if inject:
        i = draw(st.integers(0, n - 1))
        col, text = draw(st.sampled_from([(6, "12,3x"), (6, ""), (4, "2025-02-30"), (4, "下周一"), (4, ""),
                                          (2, "调拨单"), (3, "")]))
        case.bad = (i, col, text)
    if junk_terms:  # a 20-digit or junk value in the terms column
        case.terms = True
        case.bad = (draw(st.integers(0, n - 1)), "terms",
                    draw(st.sampled_from(["99999999999999999999", "30天" * 40 + "9" * 25, "-45"])))
    if summary_blank:  # a customer named like a summary row, with an invoice whose number is blank
        i = next(j for j, d in enumerate(docs) if d.kind == "invoice")
        case.bad = (i, 3, "")
    return case


# ----------------------------------------------------------------------------- rendering a case as a file


def _amount(cents: int, style: int, credit: bool, decimal_comma: bool) -> str:
    whole, frac = divmod(cents, 100)
    if decimal_comma:
        grouped = f"{whole:,}".replace(",", ".")
        text = f"{grouped},{frac:02d}" if style % 2 else f"{whole},{frac:02d}"
    else:
        text = {0: f"{whole}.{frac:02d}", 1: f"{whole:,}.{frac:02d}", 2: f"￥{whole:,}.{frac:02d}",
                3: f"{whole}.{frac:02d}元", 4: f"¥ {whole:,}.{frac:02d}",
                5: f"{whole}" if frac == 0 else f"{whole}.{frac:02d}".rstrip("0"), 6: f" {whole:,}.{frac:02d} "}[style]
    if credit and style % 3 == 1:
        return f"-{text}"
    if credit and style % 3 == 2:
        return f"({text})" if not decimal_comma else f"{text}-"
    return text


def _date(d: dt.date | None, style: int) -> str:
    if d is None:
        return ""
    fmt = DATE_STYLES[style]
    return d.strftime(fmt) if "%" in fmt else fmt.format(y=d.year, m=d.month, d=d.day)


def _blank_number(case: Case):
    """The document whose number the injected cell blanks, when that is a number the reader supplies: a receipt or
    credit note (numbered by its line) or an opening balance (numbered 期初余额); else None."""
    if not case.bad or case.bad[1:] != (3, ""):
        return None
    doc = case.docs[case.bad[0]]
    return doc if doc.kind != "invoice" else None


def numbered_by_line(case: Case) -> bool:
    """The injected cell blanks a number the reader supplies, and no credit references it: the case ages as any other
    (an opening balance then bears the number 期初余额)."""
    doc = _blank_number(case)
    return doc is not None and not (doc.debit and any(d.ref == doc.doc_no for d in case.docs))


def as_read(case: Case) -> list:
    """The documents as the reader numbers them: an opening balance without a number is 期初余额."""
    doc = _blank_number(case)
    if doc is None or not doc.debit:
        return case.docs
    return [Doc(**{**d.__dict__, "doc_no": "期初余额"}) if d is doc else d for d in case.docs]


def render(case: Case, path: Path) -> tuple[list, int | None]:
    """Write the case as a delimited file; returns the line of each document's row and of the bad row."""
    header = HEADERS[case.lang] + (["备注" if case.lang == "zh" else "Memo"] if case.memo is not None else []) \
        + (["账期" if case.lang == "zh" else "Terms"] if case.terms else [])
    rows = [[t] for t in case.titles] + [header]
    doc_rows = []
    for i, d in enumerate(case.docs):
        for _ in range(case.subtotals.count(i)):
            rows.append(["小计" if case.lang == "zh" else "Subtotal", "", "", "", "", "", "1,234.00", ""])
        for _ in range(case.blanks.count(i)):
            rows.append([])
        word = WORDS[d.kind][(i + len(d.doc_no)) % len(WORDS[d.kind])]
        cells = [d.customer_id, d.name, word, d.doc_no, _date(d.doc_date, case.date_style[i]),
                 _date(d.due_date, case.date_style[i]),
                 _amount(d.cents, case.amount_style[i], not d.debit, case.decimal_comma), d.ref or ""]
        if case.memo is not None:
            cells.append(case.memo[i])
        if case.terms:
            cells.append("")
        if case.bad and case.bad[0] == i:
            cells[len(cells) - 1 if case.bad[1] == "terms" else case.bad[1]] = case.bad[2]
        doc_rows.append(len(rows))
        rows.append(cells)
    for _ in range(case.subtotals.count(len(case.docs))):
        rows.append(["小计" if case.lang == "zh" else "Subtotal", "", "", "", "", "", "1,234.00", ""])
    for _ in range(case.blanks.count(len(case.docs))):
        rows.append([])
    if case.total:
        rows.append(["合计" if case.lang == "zh" else "Total", "", "", "", "", "", "99,999.00", ""])
    buf = io.StringIO()
    csv.writer(buf, delimiter=case.sep, lineterminator="\r\n" if case.encoding == "gbk" else "\n").writerows(rows)
    text = buf.getvalue()
    path.write_bytes(text.encode("gb18030" if case.encoding == "gbk" else case.encoding))  # GBK's superset: ¥
    # the line each row starts on, as a text editor counts it (a quoted cell may hold a line break)
    starts, line = [], 1
    for r in rows:
        starts.append(line)
        one = io.StringIO()
        csv.writer(one, delimiter=case.sep, lineterminator="\n").writerow(r)
        line += one.getvalue().count("\n")
    lines = [starts[j] for j in doc_rows]
    if not case.bad:
        return lines, None
    bad_doc = case.docs[case.bad[0]]
    if numbered_by_line(case):
        return lines, None
    # the first problem by line: the bad row, or a credit that references the debit it makes unusable
    refs = [lines[j] for j, d in enumerate(case.docs) if bad_doc.debit and d.ref == bad_doc.doc_no]
    if _blank_number(case) is not None:  # the opening balance is read; what refers to its old number is not
        return lines, min(refs)
    return lines, min([lines[case.bad[0]], *refs])


# ----------------------------------------------------------------------------- the reference


def reference_aging(docs: list, as_of: dt.date = AS_OF) -> pd.DataFrame:
    """The aging rule, written independently: by reference, then the pool oldest-first, then buckets.

    Per customer, over documents dated on or before ``as_of``: a credit that
    references a debit document of its customer (dated on or before
    ``as_of``) settles it; over-settlement and every other credit go into the
    customer's pool, applied to open debits by (document date, number); what
    is left is unapplied credit. Debits age from their due date (document
    date + 30 days when none is written). Cents, as Python ints.
    """
    live = [d for d in docs if d.doc_date <= as_of]
    debits = {d.doc_no: d for d in live if d.debit}
    settled = {no: 0 for no in debits}
    pool: dict = {}
    for c in (d for d in live if not d.debit):
        target = debits.get(c.ref) if c.ref else None
        if target is not None and target.customer_id == c.customer_id:
            settled[target.doc_no] += c.cents
        else:
            pool[c.customer_id] = pool.get(c.customer_id, 0) + c.cents
    open1 = {}
    for no, d in debits.items():
        open1[no] = max(d.cents - settled[no], 0)
        pool[d.customer_id] = pool.get(d.customer_id, 0) + max(settled[no] - d.cents, 0)
    rows = {}
    for d in sorted(debits.values(), key=lambda d: (d.customer_id, d.doc_date, d.doc_no)):
        take = min(pool.get(d.customer_id, 0), open1[d.doc_no])
        pool[d.customer_id] = pool.get(d.customer_id, 0) - take
        left = open1[d.doc_no] - take
        due = d.due_date or d.doc_date + dt.timedelta(days=30)
        age = (as_of - due).days
        bucket = 0 if age <= 0 else 1 + sum(age > e for e in EDGES)
        row = rows.setdefault(d.customer_id, [0] * len(LABELS))
        row[bucket] += left
    out = []
    for cid in sorted(set(rows) | set(pool)):
        buckets = rows.get(cid, [0] * len(LABELS))
        total, unapplied = sum(buckets), pool.get(cid, 0)
        if total > 0 or unapplied > 0:
            out.append([cid, *buckets, total, unapplied])
    return pd.DataFrame(out, columns=["customer_id", *LABELS, "total", "unapplied"], dtype=object)


# ----------------------------------------------------------------------------- running a case


@contextlib.contextmanager
def time_limit(seconds: int):
    def stop(signum, frame):
        raise TimeoutError(f"the run did not finish within {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_cli(path: Path, engine: str = "auto") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), time_limit(SECONDS):
            code = main(["aging", str(path), "--as-of", AS_OF.isoformat(), "--engine", engine])
    except BaseException as exc:  # a traceback or a hang: the case fails, saying which
        raise AssertionError(f"{type(exc).__name__} escaped the CLI: {exc}\nstderr: {err.getvalue()}") from exc
    return code, out.getvalue(), err.getvalue()


def _cents(text: str) -> int:
    whole, _, frac = text.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int(frac.ljust(2, "0")))


def check_case(case: Case) -> str:
    """Run one case and check it; returns ``"aged"`` or ``"refused"``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ar.csv"
        lines, bad_line = render(case, path)
        code, out, err = run_cli(path)
    if code == 2:
        msg = err.strip()
        assert len(msg.splitlines()) == 1, f"refusal on more than one line:\n{err}"
        assert re.match(rf"^creditkit: {re.escape(str(path))}, line \d+, column '[^']+'", msg), \
            f"refusal without file, line and column: {msg}"
        if bad_line is not None:
            assert msg.startswith(f"creditkit: {path}, line {bad_line}, "), f"expected line {bad_line}: {msg}"
        return "refused"
    assert code == 0, f"exit {code}: {err}"
    assert bad_line is None, f"the bad cell {case.bad} on line {bad_line} was not refused:\n{err}"
    first = err.splitlines()[0]
    n_docs, n_sub = len(case.docs), len(case.subtotals) + case.total
    assert first == (f"{path}: {n_docs + n_sub} rows read = {n_docs} documents kept + 0 rejected + "
                     f"{n_sub} summary rows dropped"), err
    assert "-> balanced" in err, err
    got = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    got = pd.DataFrame({"customer_id": got["customer_id"],
                        **{c: got[c].map(_cents) for c in [*LABELS, "total", "unapplied"]}}).astype(object)
    want = reference_aging(as_read(case))
    assert got.values.tolist() == want.values.tolist(), f"aging differs from the reference\n{got}\n{want}"
    return "aged"


# ----------------------------------------------------------------------------- the properties


@FUZZ
@given(cases())
def test_generated_ledgers_age_like_the_reference(case):
    assert check_case(case) == "aged"


@FUZZ
@given(cases(inject=True))
def test_a_bad_cell_is_refused_naming_its_line(case):
    assert check_case(case) == ("aged" if numbered_by_line(case) else "refused")


@FUZZ
@given(cases(decimal_comma=True))
def test_decimal_commas(case):
    check_case(case)


@FUZZ
@given(cases(huge=True))
def test_huge_amounts_are_exact_or_refused(case):
    check_case(case)


@FUZZ
@given(cases(names=SUMMARY_LIKE, summary_blank=True))
def test_summary_like_customer_names(case):
    assert check_case(case) == "refused"


@FUZZ
@given(cases(junk_terms=True))
def test_junk_terms_are_refused_naming_the_line(case):
    assert check_case(case) == "refused"


@FUZZ
@given(cases(plain=True) | cases(plain=True, totals=True))
def test_plain_exports_take_the_sql_engine_and_age_like_the_reference(case):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ar.csv"
        render(case, path)
        assert read_ledger_sql(path) is not None, "a plain export went to the Python reader"
    assert check_case(case) == "aged"


@FUZZ
@given(cases(plain=True) | cases(plain=True, totals=True) | cases() | cases(inject=True) | cases(names=SUMMARY_LIKE, summary_blank=True)
       | cases(decimal_comma=True) | cases(huge=True))
def test_both_engines_say_the_same(case):
    """``--engine auto`` (SQL on a plain file, else Python) and ``--engine python`` give the same exit status, aging and
    reconciliation, to the character."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ar.csv"
        render(case, path)
        assert run_cli(path, "auto") == run_cli(path, "python")


def test_reference_on_a_hand_worked_ledger():
    """The reference itself, on a ledger worked by hand (the pool goes oldest-first, the rest is unapplied)."""
    d = dt.date
    docs = [Doc("A", "甲", "invoice", "I1", d(2025, 1, 1), d(2025, 1, 31), 10000),
            Doc("A", "甲", "invoice", "I2", d(2025, 5, 1), None, 5000),  # due 2025-05-31: 30 days past due
            Doc("A", "甲", "receipt", "R1", d(2025, 2, 10), None, 12000, "I2"),  # settles I2, 7000 over
            Doc("A", "甲", "receipt", "R2", d(2025, 3, 1), None, 1000),  # pool: 7000 + 1000 → I1 (10000)
            Doc("B", "乙", "receipt", "R3", d(2025, 3, 1), None, 300, "I9"),  # unknown reference: unapplied
            Doc("B", "乙", "invoice", "I3", d(2025, 7, 1), None, 900)]  # after the as-of date
    assert reference_aging(docs).values.tolist() == [
        ["A", 0, 0, 0, 0, 2000, 0, 0, 2000, 0],  # I1 is 150 days past due
        ["B", 0, 0, 0, 0, 0, 0, 0, 0, 300]]
