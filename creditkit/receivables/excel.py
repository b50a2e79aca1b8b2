"""Excel export of receivables views: one sheet per view, formatted for finance staff.

Money columns (integer cents inside creditkit) are written as yuan numbers with
the ``#,##0.00`` format, so Excel sums them; dates as dates; the header row is
frozen and bold, with an auto-filter, and columns are sized to their contents.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..money import cents_to_yuan

__all__ = ["write_views", "write_aging_workbook", "MONEY_FORMAT", "SHARE_FORMAT", "DATE_FORMAT"]

MONEY_FORMAT = "#,##0.00;[Red]-#,##0.00"
SHARE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
_MAX_SHEET = 31


def _money_columns(df: pd.DataFrame, money) -> list:
    if money is not None:
        return [c for c in money if c in df.columns]
    return [c for c in df.columns if isinstance(c, str) and c.endswith("_cents")]


def write_views(path, views: dict, *, money=None, shares=None) -> Path:
    """Write several tables to one workbook, one formatted sheet each.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write.
    views : dict of str → DataFrame
        Sheet name → table. Sheet names are cut to Excel's 31 characters.
    money : dict of str → list, optional
        Sheet name → columns holding integer cents (written as yuan). By
        default, columns whose names end in ``_cents`` (renamed without it).
    shares : dict of str → list, optional
        Sheet name → columns holding fractions (written as percentages).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os, openpyxl
    >>> p = os.path.join(tempfile.mkdtemp(), "v.xlsx")
    >>> _ = write_views(p, {"open": pd.DataFrame({"doc_no": ["I1"], "open_cents": [123456]})})
    >>> ws = openpyxl.load_workbook(p)["open"]
    >>> ws["B1"].value, ws["B2"].value, ws["B2"].number_format, ws.freeze_panes
    ('open', 1234.56, '#,##0.00;[Red]-#,##0.00', 'A2')
    """
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if not isinstance(views, dict) or not views:
        raise ValueError(f"views must be a non-empty dict of sheet name → DataFrame, got {type(views).__name__}")
    for name, df in views.items():
        if not isinstance(df, pd.DataFrame):
            raise TypeError(f"views[{name!r}] must be a DataFrame, got {type(df).__name__}")
    path = Path(path)
    money = money or {}
    shares = shares or {}
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, df in views.items():
            sheet = str(name)[:_MAX_SHEET]
            out = df.copy()
            mcols = _money_columns(out, money.get(name))
            for c in mcols:
                out[c] = cents_to_yuan(out[c])
            rename = {c: c[: -len("_cents")] for c in mcols if isinstance(c, str) and c.endswith("_cents")}
            out = out.rename(columns=rename)
            mcols = [rename.get(c, c) for c in mcols]
            scols = [c for c in shares.get(name, []) if c in out.columns]
            out.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            if out.shape[1]:
                ws.auto_filter.ref = f"A1:{get_column_letter(out.shape[1])}{max(len(out) + 1, 1)}"
            for j, col in enumerate(out.columns, start=1):
                ws.cell(row=1, column=j).font = Font(bold=True)
                fmt = (MONEY_FORMAT if col in mcols else SHARE_FORMAT if col in scols
                       else DATE_FORMAT if out[col].dtype.kind == "M" else None)
                if fmt:
                    for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                        row[0].number_format = fmt
                sample = [str(v) for v in out[col].head(200).tolist()]
                width = max([len(str(col))] + [len(s) for s in sample])
                wide = sum(1 for ch in str(col) if ord(ch) > 0x2E80)  # CJK characters are twice as wide
                ws.column_dimensions[get_column_letter(j)].width = min(60, max(8, width + wide + 2))
    return path


def write_aging_workbook(path, ledger, result, *, provision=None) -> Path:
    """Write every view of an aging to one workbook.

    Sheets: ``aging_by_customer``, ``aging_by_sales_rep``, ``aging_summary``
    (bucket totals and shares), ``open_items``, ``unapplied``, ``provision``
    (when given), ``reconciliation``, ``rejected`` and ``summary_rows``.

    Parameters
    ----------
    path : str or Path
    ledger : Ledger or DataFrame
        The loaded ledger (its reconciliation and rejections are written when it
        is a :class:`~creditkit.receivables.ledger.Ledger`).
    result : AgingResult
    provision : DataFrame, optional
        A provision table with ``*_cents`` columns.
    """
    from dataclasses import asdict

    labels = result.labels + ["total", "unapplied"]
    tot = result.totals()
    shares = result.shares()
    summary = pd.DataFrame({"bucket": result.labels + ["total", "unapplied"],
                            "amount_cents": [int(tot[c]) for c in result.labels + ["total", "unapplied"]],
                            "share": [float(shares[c]) for c in result.labels] + [1.0 if tot["total"] else 0.0,
                                                                                   np.nan]})
    items = result.items.drop(columns=["bucket_index"], errors="ignore")
    views = {
        "aging_by_customer": result.table,
        "aging_by_sales_rep": result.by_sales_rep(),
        "aging_summary": summary,
        "open_items": items,
        "unapplied": result.unapplied,
    }
    money = {"aging_by_customer": labels, "aging_by_sales_rep": labels}
    if provision is not None:
        views["provision"] = provision
    rec = getattr(ledger, "reconciliation", None)
    if rec is not None:
        d = asdict(rec)
        d["notes"] = "; ".join(d["notes"])
        d["balanced"] = rec.balanced
        views["reconciliation"] = pd.DataFrame({"item": list(d), "value": [str(v) for v in d.values()]})
        views["rejected"] = ledger.rejected.astype(object)
        views["summary_rows"] = ledger.dropped.astype(object) if len(ledger.dropped.columns) else pd.DataFrame(
            {"line": []})
    return write_views(path, views, money=money, shares={"aging_summary": ["share"]})
