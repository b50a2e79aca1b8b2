"""Financial statements of generated case customers, consistent with their hidden payer type.

Each customer has a *health* between 0 and 1 each year: good payers are
healthy, slow and disputing ones middling, defaulting ones weak and getting
weaker, and a deteriorating customer's health falls from its turn year on.
The statement lines follow from health and size with a little noise:

* revenue grows with health (−10 % to +10 % a year) from a multiple of what
  the customer buys from us;
* gross margin 8 % + 22 % × health, operating margin −6 % + 16 % × health;
* debt / assets 0.85 − 0.5 × health, current ratio 0.7 + 1.5 × health;
* receivable days 30 + 100 × (1 − health).

Current assets are cash + receivables + inventory, so the ratios of
:func:`creditkit.evaluation.ratios.financial_ratios` read back what was drawn.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["STATEMENT_LINES", "statements_for"]

#: The statement lines of a generated customer (Chinese names, read by ``normalize_statement``).
STATEMENT_LINES = ["货币资金", "应收账款", "存货", "流动资产合计", "资产总计", "流动负债合计", "负债合计",
                   "未分配利润", "营业收入", "营业成本", "营业利润", "利息费用", "利润总额", "净利润",
                   "经营活动产生的现金流量净额"]

_BASE_HEALTH = {"good": 0.75, "slow": 0.55, "disputing": 0.65, "deteriorating": 0.72, "defaulting": 0.32}


def _health(rng, htype, turn_year, years) -> np.ndarray:
    n, y = len(htype), np.asarray(years)
    base = np.array([_BASE_HEALTH[t] for t in htype]) + rng.normal(0, 0.06, len(htype))
    h = np.repeat(base[:, None], len(y), axis=1)
    det = (np.asarray(htype) == "deteriorating")[:, None]
    dft = (np.asarray(htype) == "defaulting")[:, None]
    yrs_after = y[None, :] - turn_year[:, None] + 1  # the turn year already counts
    h = np.where(det & (yrs_after >= 1), h - 0.28 * yrs_after, h)
    h = np.where(dft, h - 0.08 * (y[None, :] - y[0]), h)
    return np.clip(h + rng.normal(0, 0.03, (n, len(y))), 0.03, 0.97)


def statements_for(rng, *, ids, years, htype, turn_year, annual_sales_yuan, industry) -> pd.DataFrame:
    """Statements of every customer as a long table ``customer_id, item, year, value`` (whole yuan).

    Parameters
    ----------
    rng : numpy.random.Generator
    ids : sequence of str
    years : sequence of int
        Fiscal years, oldest first.
    htype : array of str
        Hidden type of each customer (see :mod:`creditkit.cases.generator`).
    turn_year : array of int
        Year of each customer's turn (0 when none).
    annual_sales_yuan : array of float
        What each customer buys from the selling company a year.
    industry : sequence of str

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> t = statements_for(np.random.default_rng(0), ids=["A"], years=[2023, 2024], htype=np.array(["good"]),
    ...                    turn_year=np.array([0]), annual_sales_yuan=np.array([1e6]), industry=["manufacturing"])
    >>> t.shape, sorted(t["year"].unique().tolist())
    ((30, 4), [2023, 2024])
    """
    n, ny = len(ids), len(years)
    h = _health(rng, htype, np.asarray(turn_year), years)
    share = rng.uniform(0.05, 0.25, n)  # our share of the customer's purchases
    revenue0 = np.asarray(annual_sales_yuan) / share / 0.8
    growth = -0.10 + 0.20 * h
    revenue = revenue0[:, None] * np.cumprod(1 + growth, axis=1) / (1 + growth[:, :1])
    noise = lambda: rng.lognormal(0, 0.04, (n, ny))  # noqa: E731 - one short draw, used inline
    heavy = np.isin(np.asarray(industry), ("manufacturing", "construction"))[:, None]
    assets = revenue * np.where(heavy, 1.0, 0.6) * noise()
    cost = revenue * (1 - (0.08 + 0.22 * h)) * noise() ** 0.25
    op_profit = revenue * (-0.06 + 0.16 * h) * noise()
    liabilities = assets * np.clip(0.85 - 0.5 * h, 0.1, 0.98) * noise() ** 0.5
    current_assets = assets * np.where(heavy, 0.55, 0.75)
    current_liabilities = np.minimum(current_assets / (0.7 + 1.5 * h), liabilities * 0.95)
    receivables = np.minimum(revenue * (30 + 100 * (1 - h)) / 365, current_assets * 0.55)
    inventory = current_assets * 0.3 * noise()
    cash = current_assets - receivables - inventory
    floor = current_assets * 0.03
    cash = np.maximum(cash, floor)
    current_assets = cash + receivables + inventory
    interest = liabilities * 0.045
    pbt = op_profit - interest
    net = np.where(pbt > 0, pbt * 0.75, pbt)
    equity = assets - liabilities
    retained = equity * (h - 0.35)
    ocf = net + revenue * (h - 0.45) * 0.06
    lines = dict(zip(STATEMENT_LINES, (cash, receivables, inventory, current_assets, assets, current_liabilities,
                                       liabilities, retained, revenue, cost, op_profit, interest, pbt, net, ocf)))
    rows = []
    for item, values in lines.items():
        v = np.round(values)
        rows.append(pd.DataFrame({"customer_id": np.repeat(np.asarray(ids, dtype=object), ny), "item": item,
                                  "year": np.tile(np.asarray(years, dtype="int64"), n),
                                  "value": v.ravel().astype("int64")}))
    out = pd.concat(rows, ignore_index=True)
    order = {k: i for i, k in enumerate(STATEMENT_LINES)}
    out = out.assign(_o=out["item"].map(order)).sort_values(["customer_id", "year", "_o"], kind="stable")
    return out.drop(columns="_o").reset_index(drop=True)
