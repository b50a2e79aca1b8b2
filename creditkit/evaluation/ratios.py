"""Financial ratios from a customer's statements, their trend and an industry comparison.

A statement table has one row per line item (balance sheet and income
statement, optionally cash flow) and one column per period (e.g. years).
Line names may be Chinese (``流动资产合计``) or English (``Total current
assets``, ``current_assets``); :func:`normalize_statement` maps them to the
kit's snake_case keys.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from .._checks import check_choice, check_keys, yaml_value
from ..errors import EvaluationError, SchemaError
from ._common import file_error, packaged_yaml, yaml_texts

__all__ = [
    "LINE_ITEMS",
    "RATIOS",
    "normalize_statement",
    "financial_ratios",
    "ratio_trend",
    "load_benchmarks",
    "industry_comparison",
    "traffic_light",
]

#: Canonical line items and the names they are recognised by.
LINE_ITEMS = {
    "cash": ["货币资金", "现金及现金等价物", "cash", "cash and cash equivalents", "cash and equivalents"],
    "marketable_securities": ["交易性金融资产", "marketable securities", "short-term investments"],
    "accounts_receivable": ["应收账款", "accounts receivable", "trade receivables", "receivables"],
    "inventory": ["存货", "inventory", "inventories"],
    "current_assets": ["流动资产合计", "流动资产", "current assets", "total current assets"],
    "total_assets": ["资产总计", "资产合计", "总资产", "total assets"],
    "current_liabilities": ["流动负债合计", "流动负债", "current liabilities", "total current liabilities"],
    "total_liabilities": ["负债合计", "总负债", "total liabilities"],
    "total_equity": [
        "所有者权益合计", "股东权益合计", "所有者权益（或股东权益）合计", "净资产",
        "total equity", "shareholders equity", "owners equity", "net worth",
    ],
    "retained_earnings": ["未分配利润", "留存收益", "retained earnings"],
    "revenue": ["营业收入", "营业总收入", "主营业务收入", "revenue", "sales", "net sales", "operating revenue"],
    "cost_of_sales": ["营业成本", "主营业务成本", "cost of sales", "cost of goods sold", "cogs"],
    "operating_profit": ["营业利润", "operating profit", "operating income"],
    "interest_expense": ["利息费用", "利息支出", "interest expense"],
    "profit_before_tax": ["利润总额", "税前利润", "profit before tax", "income before tax", "pretax income"],
    "ebit": ["息税前利润", "ebit"],
    "net_income": ["净利润", "net income", "net profit", "profit for the year"],
    "operating_cash_flow": [
        "经营活动产生的现金流量净额", "经营活动现金流量净额", "operating cash flow",
        "net cash from operating activities", "cash flow from operations",
    ],
}


def _key(name) -> str:
    text = str(name).strip().lower().replace("'", "").replace("’", "")
    text = re.sub(r"[\s_\-:：]+", " ", text)
    return text.strip()


_ALIASES = {_key(alias): key for key, names in LINE_ITEMS.items() for alias in [key, *names]}

#: Ratio definitions: (formula text, lines needed, higher_is_better, unit).
RATIOS = {
    "current_ratio": ("current_assets / current_liabilities", ("current_assets", "current_liabilities"), True, "x"),
    "quick_ratio": ("(current_assets - inventory) / current_liabilities", ("current_assets", "inventory", "current_liabilities"), True, "x"),
    "cash_ratio": ("(cash + marketable_securities) / current_liabilities", ("cash", "current_liabilities"), True, "x"),
    "debt_to_assets": ("total_liabilities / total_assets", ("total_liabilities", "total_assets"), False, "%"),
    "debt_to_equity": ("total_liabilities / total_equity", ("total_liabilities", "total_equity"), False, "x"),
    "interest_coverage": ("ebit / interest_expense", ("ebit", "interest_expense"), True, "x"),
    "receivable_turnover": ("revenue / accounts_receivable", ("revenue", "accounts_receivable"), True, "x"),
    "receivable_days": ("365 / receivable_turnover", ("revenue", "accounts_receivable"), False, "days"),
    "inventory_turnover": ("cost_of_sales / inventory", ("cost_of_sales", "inventory"), True, "x"),
    "inventory_days": ("365 / inventory_turnover", ("cost_of_sales", "inventory"), False, "days"),
    "roa": ("net_income / total_assets", ("net_income", "total_assets"), True, "%"),
    "roe": ("net_income / total_equity", ("net_income", "total_equity"), True, "%"),
    "gross_margin": ("(revenue - cost_of_sales) / revenue", ("revenue", "cost_of_sales"), True, "%"),
    "operating_margin": ("operating_profit / revenue", ("operating_profit", "revenue"), True, "%"),
    "net_margin": ("net_income / revenue", ("net_income", "revenue"), True, "%"),
    "operating_cash_flow_ratio": ("operating_cash_flow / current_liabilities", ("operating_cash_flow", "current_liabilities"), True, "x"),
    "cash_flow_to_debt": ("operating_cash_flow / total_liabilities", ("operating_cash_flow", "total_liabilities"), True, "x"),
    "cash_flow_to_net_income": ("operating_cash_flow / net_income", ("operating_cash_flow", "net_income"), True, "x"),
}

def normalize_statement(statement):
    """Statement table with canonical line keys as index and float values.

    Parameters
    ----------
    statement : pandas.DataFrame or dict
        Rows = line items (the index, or a column named ``item``/``项目``),
        columns = periods. A dict ``{line: value}`` or ``{line: {period: value}}``
        is accepted too.

    Returns
    -------
    pandas.DataFrame
        Index = canonical keys of :data:`LINE_ITEMS` (unrecognised lines are
        dropped with a warning), columns = periods as given. ``total_equity``
        is derived as ``total_assets − total_liabilities`` and ``ebit`` as
        ``profit_before_tax + interest_expense`` when not given.

    Raises
    ------
    EvaluationError
        Two names map to the same line item, or a value is not numeric.

    Examples
    --------
    >>> s = normalize_statement({"流动资产合计": 500, "Total current liabilities": 250})
    >>> s[0].to_dict()
    {'current_assets': 500.0, 'current_liabilities': 250.0}
    """
    if isinstance(statement, dict):
        first = next(iter(statement.values()), None)
        if isinstance(first, dict):
            statement = pd.DataFrame(statement).T
        else:
            statement = pd.DataFrame({0: statement})
    if not isinstance(statement, pd.DataFrame):
        raise TypeError(f"statement must be a DataFrame or dict, got {type(statement).__name__}")
    df = statement.copy()
    for col in ("item", "项目", "line_item"):
        if col in df.columns:
            df = df.set_index(col)
            df.columns = pd.Index(list(df.columns))  # re-infer the period dtype
            break
    keys, unknown = [], []
    for name in df.index:
        key = _ALIASES.get(_key(name))
        keys.append(key)
        if key is None:
            unknown.append(name)
    if unknown:
        warnings.warn(f"statement lines not recognised and ignored: {unknown!r}", UserWarning, stacklevel=2)
    df.index = keys
    df = df[[k is not None for k in keys]]
    dup = df.index[df.index.duplicated()].unique().tolist()
    if dup:
        raise EvaluationError(f"statement: several lines map to {dup!r}; keep one line per item")
    try:
        df = df.apply(pd.to_numeric, errors="raise").astype(float)
    except (TypeError, ValueError) as exc:
        raise EvaluationError(f"statement: values must be numeric ({exc})") from None
    if "total_equity" not in df.index and {"total_assets", "total_liabilities"} <= set(df.index):
        df.loc["total_equity"] = df.loc["total_assets"] - df.loc["total_liabilities"]
    if "ebit" not in df.index and {"profit_before_tax", "interest_expense"} <= set(df.index):
        df.loc["ebit"] = df.loc["profit_before_tax"] + df.loc["interest_expense"]
    return df


def financial_ratios(statement, *, missing="raise", days_in_year=365):
    """Liquidity, leverage, efficiency, profitability and cash-flow ratios.

    Parameters
    ----------
    statement : pandas.DataFrame or dict
        See :func:`normalize_statement`.
    missing : {"raise", "skip"}, default "raise"
        What to do when a line a ratio needs is missing: raise a
        :class:`~creditkit.errors.SchemaError` naming the lines and the ratios
        that need them, or leave those ratios out.
    days_in_year : int, default 365
        Year length of the turnover-days ratios.

    Returns
    -------
    pandas.DataFrame
        Index = ratio keys (see :data:`RATIOS`), columns = periods. A zero
        denominator other than total assets gives NaN (for example, interest
        coverage of a firm with no interest expense).

    Raises
    ------
    SchemaError
        ``missing="raise"`` and a needed line is absent.
    EvaluationError
        ``total_assets`` is zero or negative in some period.

    Notes
    -----
    Turnover ratios use period-end balances: ``receivable_turnover =
    revenue / accounts_receivable``, ``receivable_days = days_in_year /
    receivable_turnover``; ``inventory_turnover = cost_of_sales / inventory``.
    ``quick_ratio = (current_assets − inventory) / current_liabilities`` (速动
    资产 = 流动资产 − 存货); ``cash_ratio`` adds marketable securities to cash
    when given. Definitions follow common Chinese and English textbooks of
    financial statement analysis.

    Examples
    --------
    >>> r = financial_ratios({"current_assets": 500, "inventory": 200, "cash": 50,
    ...     "current_liabilities": 250, "total_assets": 1000, "total_liabilities": 600},
    ...     missing="skip")
    >>> r[0].round(2).to_dict()
    {'current_ratio': 2.0, 'quick_ratio': 1.2, 'cash_ratio': 0.2, 'debt_to_assets': 0.6, 'debt_to_equity': 1.5}
    """
    check_choice("missing", missing, ("raise", "skip"))
    s = normalize_statement(statement)
    have = set(s.index)
    lacking = {name: [x for x in spec[1] if x not in have] for name, spec in RATIOS.items()}
    lacking = {k: v for k, v in lacking.items() if v}
    if lacking and missing == "raise":
        lines = sorted({x for v in lacking.values() for x in v})
        raise SchemaError(
            f"statement lacks lines {lines!r}, needed by ratios {sorted(lacking)!r}; "
            "add them or pass missing='skip'"
        )
    if "total_assets" in have:
        ta = s.loc["total_assets"]
        if (ta <= 0).any():
            period = ta.index[(ta <= 0).to_numpy()][0]
            raise EvaluationError(f"total_assets must be positive, got {ta[period]!r} in period {period!r}")

    def line(key, default=None):
        if key in have:
            return s.loc[key]
        return pd.Series(default, index=s.columns, dtype=float)

    def div(a, b):
        b = b.where(b != 0)
        return a / b

    out = {
        "current_ratio": lambda: div(line("current_assets"), line("current_liabilities")),
        "quick_ratio": lambda: div(line("current_assets") - line("inventory"), line("current_liabilities")),
        "cash_ratio": lambda: div(line("cash") + line("marketable_securities", 0.0), line("current_liabilities")),
        "debt_to_assets": lambda: div(line("total_liabilities"), line("total_assets")),
        "debt_to_equity": lambda: div(line("total_liabilities"), line("total_equity")),
        "interest_coverage": lambda: div(line("ebit"), line("interest_expense")),
        "receivable_turnover": lambda: div(line("revenue"), line("accounts_receivable")),
        "receivable_days": lambda: div(days_in_year * line("accounts_receivable"), line("revenue")),
        "inventory_turnover": lambda: div(line("cost_of_sales"), line("inventory")),
        "inventory_days": lambda: div(days_in_year * line("inventory"), line("cost_of_sales")),
        "roa": lambda: div(line("net_income"), line("total_assets")),
        "roe": lambda: div(line("net_income"), line("total_equity")),
        "gross_margin": lambda: div(line("revenue") - line("cost_of_sales"), line("revenue")),
        "operating_margin": lambda: div(line("operating_profit"), line("revenue")),
        "net_margin": lambda: div(line("net_income"), line("revenue")),
        "operating_cash_flow_ratio": lambda: div(line("operating_cash_flow"), line("current_liabilities")),
        "cash_flow_to_debt": lambda: div(line("operating_cash_flow"), line("total_liabilities")),
        "cash_flow_to_net_income": lambda: div(line("operating_cash_flow"), line("net_income")),
    }
    rows = {name: fn() for name, fn in out.items() if name not in lacking}
    table = pd.DataFrame(rows).T
    table.index.name = "ratio"
    return table


def ratio_trend(ratios, *, tolerance=0.05):
    """Direction of each ratio from the first to the last period.

    Parameters
    ----------
    ratios : pandas.DataFrame
        Output of :func:`financial_ratios` with periods in time order.
    tolerance : float, default 0.05
        Relative change below which a ratio counts as ``"stable"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``first``, ``last``, ``change`` (last − first),
        ``relative_change`` and ``trend`` (``improving`` / ``worsening`` /
        ``stable``, judged by whether higher is better for the ratio).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({2023: [1.5, 0.5], 2024: [1.2, 0.7]}, index=["current_ratio", "debt_to_assets"])
    >>> ratio_trend(r)["trend"].tolist()
    ['worsening', 'worsening']
    """
    if not isinstance(ratios, pd.DataFrame) or ratios.shape[1] < 2:
        raise EvaluationError("ratios must be a DataFrame with at least two periods (columns)")
    first, last = ratios.iloc[:, 0], ratios.iloc[:, -1]
    change = last - first
    rel = change / first.abs().where(first != 0)
    hib = pd.Series({k: RATIOS[k][2] if k in RATIOS else True for k in ratios.index})
    signed = np.where(hib, rel, -rel)
    trend = np.select([np.abs(rel) < tolerance, signed > 0, signed < 0], ["stable", "improving", "worsening"], "stable")
    return pd.DataFrame(
        {"first": first, "last": last, "change": change, "relative_change": rel, "trend": trend},
        index=ratios.index,
    )


_QUANTILES = ("p10", "p25", "p50", "p75", "p90")


def load_benchmarks(path=None):
    """Industry benchmark table: quantiles of each ratio by industry.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file in the layout of the packaged
        ``data/industry_benchmarks.yaml``; default: that file, whose values
        are **illustrative teaching values**, not statistics of real firms.

    Returns
    -------
    pandas.DataFrame
        Index ``(industry, ratio)``; columns ``p10, p25, p50, p75, p90``. The
        source text is in ``.attrs["source"]``, the industries' names
        ({zh, en}) in ``.attrs["industries"]``.

    Raises
    ------
    TypeError
        ``path`` is not a str or Path.
    ConfigError
        The file cannot be read as YAML, or it breaks the layout: an industry
        without ``ratios``, a misspelt key, a quantile written as text. The
        message names file, line and key.
    EvaluationFileError
        An unknown ratio, quantiles that are not five ascending numbers, or
        an industry without ratios. It is both a ``ConfigError`` and an
        ``EvaluationError``.

    Examples
    --------
    >>> b = load_benchmarks()
    >>> b.columns.tolist()
    ['p10', 'p25', 'p50', 'p75', 'p90']
    >>> "illustrative" in b.attrs["source"].lower()
    True
    """
    what = "industry benchmarks file"
    data = packaged_yaml(path, "industry_benchmarks.yaml", what=what)
    check_keys(data, ("source", "industries"), required=("industries",), what=what)
    source = yaml_value(data, "source", "text", what=what, default="")
    industries = yaml_value(data, "industries", "mapping", what=what)
    if not industries:
        raise file_error(data, "industries", f"{what} key 'industries' lists no industry")
    rows, names = [], {}
    for industry in industries:
        iwhat = f"industry {industry!r}"
        spec = yaml_value(industries, industry, "mapping", what=f"{what} 'industries'")
        check_keys(spec, ("name", "ratios"), required=("ratios",), what=iwhat)
        names[industry] = yaml_texts(spec, "name", what=iwhat)
        ratios = yaml_value(spec, "ratios", "mapping", what=iwhat)
        if not ratios:
            raise file_error(spec, "ratios", f"{iwhat} key 'ratios' lists no ratio")
        for ratio in ratios:
            if ratio not in RATIOS:
                raise file_error(ratios, ratio, f"unknown ratio {ratio!r} for {iwhat}; "
                                                f"known ratios are {', '.join(RATIOS)}")
            q = yaml_value(ratios, ratio, "list", what=f"{iwhat} 'ratios'")
            values = [float(yaml_value(q, i, "number", what=f"{iwhat} ratio {ratio!r}")) for i in range(len(q))]
            if len(values) != len(_QUANTILES) or values != sorted(values) or not np.isfinite(values).all():
                raise file_error(ratios, ratio, f"{iwhat} ratio {ratio!r} needs {len(_QUANTILES)} "
                                                f"ascending quantiles {', '.join(_QUANTILES)}, got {values!r}")
            rows.append({"industry": industry, "ratio": ratio, **dict(zip(_QUANTILES, values))})
    table = pd.DataFrame(rows).set_index(["industry", "ratio"]).astype(float)
    table.attrs["source"] = str(source)
    table.attrs["industries"] = names
    return table


def traffic_light(goodness_percentile):
    """``"green"`` (≥ 50), ``"amber"`` (25–50) or ``"red"`` (< 25) from a goodness percentile.

    Examples
    --------
    >>> traffic_light([80, 30, 10]).tolist()
    ['green', 'amber', 'red']
    """
    p = np.asarray(goodness_percentile, dtype=float)
    light = np.select([np.isnan(p), p >= 50, p >= 25], ["n/a", "green", "amber"], "red").astype(object)
    return light


def industry_comparison(ratios, industry, *, benchmarks=None):
    """Place a customer's ratios within its industry: percentile and traffic light.

    Parameters
    ----------
    ratios : pandas.Series or dict or pandas.DataFrame
        Ratio values of one period (a DataFrame: its last column is used).
    industry : str
        An industry key of the benchmark table.
    benchmarks : pandas.DataFrame, optional
        Output of :func:`load_benchmarks` (default: the packaged illustrative table).

    Returns
    -------
    pandas.DataFrame
        One row per ratio found in both: ``value``, ``p25``, ``p50``, ``p75``,
        ``percentile`` (estimated position of the value in the industry, by
        linear interpolation between the quantiles, held at 10 / 90 beyond
        the outer ones), ``goodness`` (the percentile, reversed for ratios
        where lower is better) and ``light``.

    Raises
    ------
    ValueError
        Unknown industry.

    Examples
    --------
    >>> t = industry_comparison({"current_ratio": 2.0, "debt_to_assets": 0.75}, "manufacturing")
    >>> t["light"].tolist()
    ['green', 'red']
    """
    b = load_benchmarks() if benchmarks is None else benchmarks
    industries = tuple(b.index.get_level_values("industry").unique())
    check_choice("industry", industry, industries)
    if isinstance(ratios, pd.DataFrame):
        ratios = ratios.iloc[:, -1]
    ratios = pd.Series(ratios, dtype=float)
    bench = b.xs(industry, level="industry")
    common = [r for r in ratios.index if r in bench.index]
    qs = np.array([10, 25, 50, 75, 90], dtype=float)
    rows = []
    for r in common:
        v = ratios[r]
        q = bench.loc[r].to_numpy()
        pct = float(np.interp(v, q, qs)) if np.isfinite(v) else np.nan
        hib = RATIOS[r][2]
        good = pct if hib else 100.0 - pct
        rows.append({"ratio": r, "value": v, "p25": q[1], "p50": q[2], "p75": q[3],
                     "percentile": pct, "higher_is_better": hib, "goodness": good})
    table = pd.DataFrame(rows).set_index("ratio")
    table["light"] = traffic_light(table["goodness"]) if len(table) else []
    return table
