"""Property: any mix of amount locale, subtotal rows and split date columns either ages to the same cents as the
clean ledger, or stops with a message naming the problem (never a silently different number)."""

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditkit.errors import CreditkitError
from creditkit.receivables.aging import age_receivables
from creditkit.receivables.ledger import load_ledger

AS_OF = "2025-12-31"
_doc = st.tuples(st.sampled_from(["C1", "C2", "C3"]), st.sampled_from(["销售发票", "收款单"]),
                 st.integers(1, 360), st.integers(1, 99_999_999), st.integers(0, 60))


def _text(cents: int, locale: str) -> str:
    whole, frac = divmod(cents, 100)
    if locale == "plain":
        return f"{whole}.{frac:02d}"
    if locale == "us":
        return f'"{whole:,}.{frac:02d}"'
    if locale == "de":
        return f"{whole:,}".replace(",", ".") + f",{frac:02d}"
    return f"{whole:,}".replace(",", " ") + f",{frac:02d}"  # "fr": 1 234,56


def _render(docs, locale, subtotals, split, sep):
    head = ["客户编码", "客户名称", "单据类型", "单据编号"] + (["年", "月", "日"] if split else ["单据日期"]) + \
           ["到期日", "金额"]
    lines = ["应收账款明细表", sep.join(head)]
    last = None
    for i, (cust, kind, day, cents, terms) in enumerate(sorted(docs, key=lambda d: d[0])):
        if subtotals and last is not None and cust != last:
            lines.append(sep.join([last, "小计"] + [""] * (len(head) - 2)))
        last = cust
        date = dt.date(2025, 1, 1) + dt.timedelta(days=day - 1)
        due = "" if kind == "收款单" else str(date + dt.timedelta(days=terms))
        when = [str(date.year), str(date.month), str(date.day)] if split else [str(date)]
        name = {"C1": "深圳市累计电子有限公司", "C2": "扬州市小计五金交电商店", "C3": "甲公司"}[cust]
        lines.append(sep.join([cust, name, kind, f"D{i}"] + when + [due, _text(cents, locale)]))
    if subtotals:
        lines.append(sep.join(["合计"] + [""] * (len(head) - 1)))
    return "\n".join(lines) + "\n"


def _clean(docs):
    return _render(docs, "plain", False, False, ",")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_doc, min_size=1, max_size=12), st.sampled_from(["plain", "us", "de", "fr"]), st.booleans(),
       st.booleans())
def test_messy_layouts_age_like_the_clean_ledger_or_stop(tmp_path, docs, locale, subtotals, split):
    clean = tmp_path / "clean.csv"
    clean.write_text(_clean(docs), encoding="utf-8")
    want = age_receivables(load_ledger(clean), as_of=AS_OF).table
    sep = ";" if locale in ("de", "fr") else ","
    messy = tmp_path / "messy.csv"
    messy.write_text(_render(docs, locale, subtotals, split, sep), encoding="gbk")
    try:
        led = load_ledger(messy)
    except CreditkitError as exc:
        # the only honest stop here: a column whose decimal mark its values cannot tell
        assert "decimal mark of column '金额'" in str(exc) and "--columns FILE.yaml" in str(exc)
        return
    got = age_receivables(led, as_of=AS_OF).table
    pd.testing.assert_frame_equal(got, want)
    assert led.reconciliation.balanced
    assert led.reconciliation.summary_rows == (len(set(d[0] for d in docs)) if subtotals else 0)
    assert len(led.table) == len(docs)
