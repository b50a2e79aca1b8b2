"""The workshop cases: the 机电公司 of seed 001 and the manufacturing and retail firms of seed 003.

Each case is a set of :func:`~creditkit.cases.generator.generate_world`
parameters that tells its story:

* ``jidian`` — an electromechanical company that granted credit loosely to win
  orders (long terms, limits twice what purchases justify, one rep signing most
  of the risky customers), and whose overdue built up. Its lessons: stricter
  customer review, regular tracking of customers' finances with early
  warning, an effective collection mechanism.
* ``manufacturing`` — a maker of industrial equipment with few, large
  customers: financial analysis and limits matter most.
* ``retail`` — a distributor with many small customers, mostly small private
  firms and sole traders: data-driven scoring over the payment record.
"""

from __future__ import annotations

import pandas as pd

from .._checks import check_choice
from ..dates import to_date
from .generator import CaseWorld, generate_world

__all__ = ["CASES", "load_case"]

#: Case key → titles and the generator parameters of the case.
CASES = {
    "jidian": {
        "title": {"zh": "机电公司应收欠款案例", "en": "The electromechanical company's overdue receivables"},
        "source": "seed 001",
        "parameters": dict(seed=1, n_customers=40, start="2023-07-01", months=24, bad_share=0.35,
                           company="华东机电设备有限公司", id_prefix="JD",
                           industry_mix={"manufacturing": 0.5, "construction": 0.3, "wholesale_retail": 0.15,
                                         "services": 0.05},
                           nature_mix={"国有": 0.1, "外资": 0.05, "合资": 0.05, "民营": 0.6, "个体": 0.2},
                           reps=("张伟", "李娜", "王强", "刘洋", "陈静", "赵磊"), invoice_yuan=60_000.0,
                           invoices_per_month=2.0, terms_choices=(30, 60, 90, 120), terms_weights=(0.2, 0.35, 0.3, 0.15),
                           limit_looseness=2.0, pushy_rep_weight=4.0),
    },
    "manufacturing": {
        "title": {"zh": "制造企业客户信用管理案例", "en": "A manufacturer's customer credit management"},
        "source": "seed 003",
        "parameters": dict(seed=3, n_customers=12, start="2023-07-01", months=24, bad_share=0.25,
                           company="江南重型装备制造有限公司", id_prefix="ZZ",
                           industry_mix={"manufacturing": 0.6, "construction": 0.4},
                           nature_mix={"国有": 0.35, "外资": 0.2, "合资": 0.15, "民营": 0.3},
                           reps=("周敏", "吴刚", "孙丽"), invoice_yuan=600_000.0, invoices_per_month=1.5,
                           terms_choices=(30, 60, 90), terms_weights=(0.2, 0.5, 0.3), limit_looseness=1.0),
    },
    "retail": {
        "title": {"zh": "零售企业客户信用管理案例", "en": "A retail distributor's customer credit management"},
        "source": "seed 003",
        "parameters": dict(seed=3, n_customers=250, start="2024-01-01", months=18, bad_share=0.2,
                           company="惠民日用品连锁配送有限公司", id_prefix="LS",
                           industry_mix={"wholesale_retail": 0.85, "services": 0.15},
                           nature_mix={"民营": 0.45, "个体": 0.55},
                           reps=("郑爽", "冯涛", "何静", "许杰", "韩梅", "曹阳", "邓超", "彭丽"), invoice_yuan=4_000.0,
                           invoices_per_month=2.5, terms_choices=(15, 30), terms_weights=(0.5, 0.5),
                           limit_looseness=1.0),
    },
}


def load_case(name, **overrides) -> CaseWorld:
    """The world of a case, with any generator parameter overridden.

    Parameters
    ----------
    name : {"jidian", "manufacturing", "retail"}
    **overrides
        Parameters of :func:`~creditkit.cases.generator.generate_world`
        (``seed``, ``n_customers``, ``start``, ``months``, ``as_of``, ``bad_share``,
        ``industry_mix``, ``company``, …). Given ``as_of`` without ``start``, the
        period of ``months`` months ends in the month of ``as_of``.

    Raises
    ------
    ValueError
        Unknown case.
    TypeError
        An override that :func:`generate_world` does not take.

    Examples
    --------
    >>> w = load_case("jidian", n_customers=8, months=12, start="2024-07-01")
    >>> w.case, w.company, w.customers["customer_id"].iloc[0]
    ('jidian', '华东机电设备有限公司', 'JD0001')
    >>> load_case("retail", n_customers=10, months=6, as_of="2025-03-31").parameters["start"]
    '2024-10-01'
    """
    check_choice("name", name, tuple(CASES))
    params = dict(CASES[name]["parameters"])
    unknown = sorted(set(overrides) - set(generate_world.__kwdefaults__) - {"seed"})
    if unknown:
        raise TypeError(f"load_case got parameters generate_world does not take: {unknown!r}")
    if "as_of" in overrides and overrides["as_of"] is not None and "start" not in overrides:
        # the period ends with the as-of month
        end = to_date(overrides["as_of"], name="as_of")
        params["start"] = f"{end.replace(day=1) - pd.DateOffset(months=int(overrides.get('months', params['months'])) - 1):%Y-%m-%d}"
    params.update(overrides)
    seed = params.pop("seed")
    return generate_world(seed, case=name, **params)
