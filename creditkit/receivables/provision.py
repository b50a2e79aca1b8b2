"""Bad-debt provision (坏账准备): the aging-schedule method and a provision matrix.

Two methods, both on aged balances in integer cents:

* **Aging-schedule method** (账龄分析法): each aging bucket carries a provision
  rate set by policy; provision = balance × rate, bucket by bucket.
* **Provision matrix** (IFRS 9 simplified approach / CECL): the same product,
  with loss rates either given or estimated from history through *roll
  rates* — the share of a bucket's balance that rolls into the next bucket one
  period later — multiplied down to the final (loss) bucket, and optionally
  scaled by a forward-looking adjustment.

Rounding: rates and the forward-looking factor are decimals taken from their
decimal text (so 8.7% is exactly 0.087 and 3% × 1.15 is exactly 3.45%); loss
rates estimated from history are multiplied in decimal arithmetic too. Each
bucket's provision is ``balance_cents × rate`` rounded once, half away from
zero, to the cent by :func:`creditkit.money.cents_times`; the total is the sum
of the rounded buckets.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from ..money import cents_times, to_decimal


__all__ = [
    "ProvisionResult",
    "CN_AGING_EDGES",
    "CN_AGING_RATES",
    "aging_schedule_provision",
    "provision_matrix",
    "roll_rates_from_history",
    "loss_rates_from_roll_rates",
    "customer_provision",
    "AllowanceEntry",
    "allowance_adjustment",
]

#: Edges (days, by document date) of the aging method common in Chinese
#: financial statements: within 1 year, 1-2, 2-3, 3-4, 4-5, over 5 years.
CN_AGING_EDGES = (365, 730, 1095, 1460, 1825)
#: A frequently disclosed rate table for those buckets (each company sets its own).
CN_AGING_RATES = (0.05, 0.10, 0.30, 0.50, 0.80, 1.00)

@dataclass(frozen=True)
class ProvisionResult:
    """A provision by bucket.

    Attributes
    ----------
    table : DataFrame
        ``bucket, balance_cents, rate, provision_cents``.
    total_cents : int
        Sum of the bucket provisions.
    method : str
        ``"aging_schedule"`` or ``"provision_matrix"``.
    """

    table: pd.DataFrame
    total_cents: int
    method: str

    @property
    def coverage(self) -> float:
        """Provision as a share of the total balance (0 when the balance is 0)."""
        bal = int(self.table["balance_cents"].sum())
        return self.total_cents / bal if bal else 0.0


def _balances(balances) -> pd.Series:
    if hasattr(balances, "totals") and hasattr(balances, "labels"):
        tot = balances.totals()
        return tot[balances.labels].astype("int64")
    if isinstance(balances, dict):
        balances = pd.Series(balances)
    if isinstance(balances, (list, tuple, np.ndarray)):
        balances = pd.Series(list(balances), index=[f"bucket_{i}" for i in range(len(balances))])
    if not isinstance(balances, pd.Series):
        raise TypeError(f"balances must be an AgingResult, Series, dict or list of cents, got {type(balances).__name__}")
    if balances.dtype.kind not in "iu":
        if balances.dtype.kind == "f" and np.all(np.mod(balances.to_numpy(), 1) == 0):
            balances = balances.astype("int64")
        else:
            raise TypeError(f"balances must be integer cents, got dtype {balances.dtype}")
    if (balances < 0).any():
        raise ValueError(f"balances must not be negative, got {balances[balances < 0].to_dict()}")
    return balances.astype("int64")


def _rates(rates, index, name="rates") -> pd.Series:
    """Rates by bucket as a Series of Decimals (from their decimal text), checked to lie in [0, 1]."""
    if isinstance(rates, dict):
        missing = [b for b in index if b not in rates]
        if missing:
            raise ValueError(f"{name} lacks a rate for bucket(s) {missing}; got keys {list(rates)}")
        r = pd.Series([rates[b] for b in index], index=index)
    elif isinstance(rates, pd.Series):
        r = rates.reindex(index)
        if r.isna().any():
            raise ValueError(f"{name} lacks a rate for bucket(s) {list(r.index[r.isna()])}")
    elif isinstance(rates, (list, tuple, np.ndarray)):
        if len(rates) != len(index):
            raise ValueError(f"{name} must have one rate per bucket ({len(index)}), got {len(rates)}")
        r = pd.Series(list(rates), index=index)
    else:
        raise TypeError(f"{name} must be a dict, Series or list of rates, got {type(rates).__name__}")
    try:
        f = r.astype("float64")
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers, got {list(r)}") from None
    if ((f < 0) | (f > 1) | f.isna()).any():
        raise ValueError(f"{name} must lie between 0 and 1, got {f.to_dict()}")
    return pd.Series([to_decimal(v, name=name) for v in r], index=r.index, dtype=object)


def _apply(bal: pd.Series, rates: pd.Series, method: str) -> ProvisionResult:
    prov = cents_times(bal.to_numpy(dtype="int64"), list(rates))
    table = pd.DataFrame({"bucket": list(bal.index), "balance_cents": bal.to_numpy(dtype="int64"),
                          "rate": np.array([float(r) for r in rates], dtype="float64"), "provision_cents": prov})
    return ProvisionResult(table=table, total_cents=int(prov.sum()), method=method)


def aging_schedule_provision(balances, rates) -> ProvisionResult:
    """Provision by the aging-schedule method (账龄分析法).

    Parameters
    ----------
    balances : AgingResult, Series, dict or list
        Balance of each bucket in integer cents (an :class:`~creditkit.receivables.aging.AgingResult`
        gives its bucket totals).
    rates : dict, Series or list
        Provision rate of each bucket (0 to 1), by bucket label or in order.

    Returns
    -------
    ProvisionResult

    Examples
    --------
    >>> bal = {"current": 30_000_000, "1-30": 14_000_000, "31-60": 6_000_000, "61-90": 2_300_000, ">90": 500_000}
    >>> r = aging_schedule_provision(bal, [0.02, 0.04, 0.087, 0.25, 1.0])
    >>> from creditkit.money import format_cents
    >>> format_cents(r.total_cents)
    '27,570.00'
    >>> r.table["provision_cents"].tolist()
    [600000, 560000, 522000, 575000, 500000]
    """
    bal = _balances(balances)
    return _apply(bal, _rates(rates, bal.index), "aging_schedule")


def roll_rates_from_history(history: pd.DataFrame) -> pd.Series:
    """Average roll rates between consecutive buckets from a history of aged balances.

    Parameters
    ----------
    history : DataFrame
        One row per period (oldest first), one column per bucket in aging order
        (the last column is the final bucket, e.g. ``>90`` or a write-off
        column); values are balances in cents. The snapshots should be one
        bucket width apart (e.g. month-end agings with 30-day buckets).

    Returns
    -------
    Series
        Roll rate of each bucket but the last:
        ``sum_t B[t+1, k+1] / sum_t B[t, k]`` (pooled over periods), 0 when
        bucket ``k`` was always empty.

    Examples
    --------
    >>> h = pd.DataFrame({"current": [1000, 1000, 1000], "1-30": [200, 300, 100], ">30": [50, 40, 60]})
    >>> roll_rates_from_history(h).tolist()
    [0.2, 0.2]
    """
    if not isinstance(history, pd.DataFrame):
        raise TypeError(f"history must be a DataFrame of balances by period and bucket, got {type(history).__name__}")
    if len(history) < 2 or history.shape[1] < 2:
        raise ValueError(f"history needs at least 2 periods and 2 buckets, got shape {history.shape}")
    b = history.to_numpy(dtype="float64")
    if np.isnan(b).any() or (b < 0).any():
        raise ValueError("history must hold non-negative balances without gaps")
    num = b[1:, 1:].sum(axis=0)
    den = b[:-1, :-1].sum(axis=0)
    rr = np.divide(num, den, out=np.zeros_like(num), where=den > 0)
    return pd.Series(rr, index=history.columns[:-1], name="roll_rate")


def loss_rates_from_roll_rates(roll_rates, *, final_loss_rate=1.0, cap=True) -> pd.Series:
    """Loss rate of each bucket: the product of the roll rates from it to the final bucket.

    ``loss_k = roll_k × roll_{k+1} × … × roll_{K-1} × final_loss_rate``; the
    final bucket's own loss rate is ``final_loss_rate``.

    Parameters
    ----------
    roll_rates : Series
        As from :func:`roll_rates_from_history` (labels of all buckets but the last).
    final_loss_rate : float, default 1.0
        Share of the final bucket that is lost.
    cap : bool, default True
        Cap roll rates at 1 (a bucket can roll more than its balance when new
        items enter late buckets directly).

    Examples
    --------
    >>> loss_rates_from_roll_rates(pd.Series([0.2, 0.5], index=["current", "1-30"]), final_loss_rate=0.8).round(4).tolist()
    [0.08, 0.4, 0.8]
    """
    loss = _loss_rates(roll_rates, final_loss_rate=final_loss_rate, cap=cap)
    return pd.Series([float(x) for x in loss], index=list(roll_rates.index) + ["final"], name="loss_rate")


def _loss_rates(roll_rates, *, final_loss_rate, cap) -> list:
    """Loss rates as Decimals: roll rates from their decimal text, multiplied in decimal arithmetic."""
    if not isinstance(roll_rates, pd.Series):
        raise TypeError(f"roll_rates must be a Series, got {type(roll_rates).__name__}")
    final = to_decimal(final_loss_rate, name="final_loss_rate")
    if not 0 <= final <= 1:
        raise ValueError(f"final_loss_rate must lie between 0 and 1, got {final_loss_rate!r}")
    rr = [to_decimal(float(x), name="roll_rates") for x in roll_rates.astype("float64")]
    if cap:
        rr = [min(x, Decimal(1)) for x in rr]
    loss = [final]
    for x in reversed(rr):
        loss.append(x * loss[-1])
    return loss[::-1]


def provision_matrix(balances, *, loss_rates=None, history=None, final_loss_rate=1.0,
                     forward_adjustment=1.0) -> ProvisionResult:
    """Expected credit loss by a provision matrix (IFRS 9 simplified approach / CECL).

    Parameters
    ----------
    balances : AgingResult, Series, dict or list
        Current balance of each bucket in cents.
    loss_rates : dict, Series or list, optional
        Historical loss rate per bucket. Give this or ``history``.
    history : DataFrame, optional
        Past aged balances (periods × buckets, same buckets as ``balances``);
        loss rates are then estimated from roll rates.
    final_loss_rate : float, default 1.0
        Loss share of the final bucket when estimating from ``history``.
    forward_adjustment : float or Decimal, default 1.0
        Multiplier for forward-looking information (e.g. 1.1 when the outlook
        worsens), taken from its decimal text; adjusted rates are capped at 1.

    Returns
    -------
    ProvisionResult

    Raises
    ------
    TypeError
        ``forward_adjustment`` is not a number.
    ValueError
        Neither or both of ``loss_rates`` and ``history``, a negative
        ``forward_adjustment``, or history columns other than the buckets.

    Examples
    --------
    IFRS 9 Illustrative Example 12 (Company F, provision matrix):

    >>> bal = [15_000_000_00, 7_500_000_00, 4_000_000_00, 2_500_000_00, 1_000_000_00]
    >>> r = provision_matrix(bal, loss_rates=[0.003, 0.016, 0.036, 0.066, 0.106])
    >>> from creditkit.money import format_cents
    >>> format_cents(r.total_cents)
    '580,000.00'

    The adjusted rate is exact: 10.00 yuan × 3 % × 1.15 = 0.345 yuan, rounded half-up to 0.35.

    >>> provision_matrix([1000], loss_rates=[0.03], forward_adjustment=1.15).total_cents
    35
    """
    bal = _balances(balances)
    if (loss_rates is None) == (history is None):
        raise ValueError("give exactly one of loss_rates or history")
    if isinstance(forward_adjustment, bool) or not isinstance(forward_adjustment, (numbers.Real, Decimal)):
        raise TypeError(f"forward_adjustment must be a number, got {type(forward_adjustment).__name__} "
                        f"{forward_adjustment!r}")
    factor = to_decimal(forward_adjustment, name="forward_adjustment")
    if factor < 0:
        raise ValueError(f"forward_adjustment must be a non-negative number, got {forward_adjustment!r}")
    if history is not None:
        if list(history.columns) != list(bal.index):
            raise ValueError(f"history columns {list(history.columns)} must equal the buckets {list(bal.index)}")
        lr = _loss_rates(roll_rates_from_history(history), final_loss_rate=final_loss_rate, cap=True)
        rates = pd.Series(lr, index=bal.index, dtype=object)
    else:
        rates = _rates(loss_rates, bal.index, name="loss_rates")
    rates = rates.map(lambda r: min(r * factor, Decimal(1)))
    return _apply(bal, rates, "provision_matrix")


def customer_provision(result, rates) -> pd.DataFrame:
    """Provision per customer: each customer's buckets times the bucket rates.

    Parameters
    ----------
    result : AgingResult
    rates : dict, Series or list
        Rate per bucket label of ``result``.

    Returns
    -------
    DataFrame
        ``customer_id, customer_name, total, provision_cents`` sorted by provision,
        largest first (each customer's provision rounded half-up to the cent).
    """
    if not (hasattr(result, "table") and hasattr(result, "labels")):
        raise TypeError(f"result must be an AgingResult, got {type(result).__name__}")
    r = _rates(rates, pd.Index(result.labels))
    t = result.table
    prov = cents_times(t[result.labels].to_numpy(dtype="int64").reshape(len(t), len(result.labels)), list(r))
    out = t[["customer_id", "customer_name", "total"]].copy()
    out["provision_cents"] = prov.sum(axis=1).astype("int64")
    return out.sort_values("provision_cents", ascending=False, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class AllowanceEntry:
    """The period-end adjusting entry of the allowance for doubtful accounts (坏账准备).

    Attributes
    ----------
    required_cents : int
        The allowance the estimate asks for (a provision total).
    existing_cents : int
        The allowance account before adjusting: a credit balance positive, a
        debit balance (write-offs beyond the allowance) negative.
    amount_cents : int
        What the entry books, ≥ 0.
    kind : str
        ``"top_up"`` (应补提: Dr 信用减值损失 / Cr 坏账准备), ``"reversal"``
        (冲回: Dr 坏账准备 / Cr 信用减值损失) or ``"none"``.
    """

    required_cents: int
    existing_cents: int
    amount_cents: int
    kind: str

    @property
    def debit_account(self) -> str | None:
        """The account debited (Chinese chart of accounts), None when nothing is booked."""
        return {"top_up": "信用减值损失", "reversal": "坏账准备"}.get(self.kind)

    @property
    def credit_account(self) -> str | None:
        """The account credited (Chinese chart of accounts), None when nothing is booked."""
        return {"top_up": "坏账准备", "reversal": "信用减值损失"}.get(self.kind)


def allowance_adjustment(required, existing) -> AllowanceEntry:
    """The adjusting entry that brings the allowance from its balance to the required amount.

    Parameters
    ----------
    required : int or ProvisionResult
        Required allowance in cents (or a provision, whose total is taken).
    existing : int
        Balance of the allowance account before adjusting, in cents: a credit
        balance positive, a debit balance negative.

    Returns
    -------
    AllowanceEntry
        ``required - existing`` booked as a top-up (应补提) when positive, a
        reversal (冲回) when negative.

    Notes
    -----
    Worked example of the aging method (万胜商厦, 31 December 2001, maketool.cn
    "采用账龄分析法怎样估计与提取坏账准备"): estimated loss 4,970 on receivables of
    46,398; with a credit balance of 1,530 the entry is Dr 坏账损失 3,440 / Cr
    坏账准备 3,440; with a debit balance of 360 it is 5,330. (Under the 2017
    standards the debit goes to 信用减值损失 instead of 管理费用—坏账损失.)

    Examples
    --------
    >>> allowance_adjustment(497_000, 153_000)
    AllowanceEntry(required_cents=497000, existing_cents=153000, amount_cents=344000, kind='top_up')
    >>> allowance_adjustment(497_000, -36_000).amount_cents
    533000
    >>> e = allowance_adjustment(497_000, 600_000)
    >>> e.kind, e.amount_cents, e.debit_account
    ('reversal', 103000, '坏账准备')
    """
    if isinstance(required, ProvisionResult):
        required = required.total_cents
    for name, v in (("required", required), ("existing", existing)):
        if not isinstance(v, numbers.Integral) or isinstance(v, bool):
            raise TypeError(f"{name} must be whole cents (int), got {type(v).__name__}")
    if required < 0:
        raise ValueError(f"required must be ≥ 0 cents, got {required}")
    diff = int(required) - int(existing)
    kind = "top_up" if diff > 0 else "reversal" if diff < 0 else "none"
    return AllowanceEntry(int(required), int(existing), abs(diff), kind)
