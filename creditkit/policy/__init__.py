"""Credit policy: limits and terms by grade, and what trade credit costs.

* :mod:`~creditkit.policy.limits` — :class:`LimitPolicy`, :func:`credit_limit_methods`,
  :func:`payment_terms`, :func:`check_credit_limit`;
* :mod:`~creditkit.policy.trade_credit` — cost of forgoing a cash discount,
  sales needed to recover a bad debt, carrying cost of receivables, the
  incremental analysis of a credit-policy change and its break-even solvers;
* :mod:`~creditkit.policy.protection` — credit insurance and guarantees, cost
  against expected loss, and the premium at which insurance stops paying;
* :mod:`~creditkit.policy.differentiated` — a policy table by grade and debtor type.

Money is computed in decimals and rounded once, half-up, by :mod:`creditkit.money`.

Examples
--------
>>> from creditkit import policy
>>> policy.payment_terms("B")
60
>>> policy.credit_limit_methods("B", net_worth=1_234_567.90).attrs["recommended"]
185185.19
>>> c = policy.cost_of_forgoing_discount(0.02, 10, 30)
>>> policy.pct_text(c.simple), policy.pct_text(c.compound)
('37.24%', '44.59%')
"""

from .differentiated import DEBTOR_TYPES, differentiated_policy, load_differentiated_policy
from .limits import AAA_LIMIT_POLICY, DEFAULT_LIMIT_POLICY, LimitPolicy, check_credit_limit, credit_limit_methods, payment_terms
from .protection import CoverResult, break_even_premium_rate, credit_insurance, guarantee_value
from .trade_credit import (
    BreakEven,
    DiscountCost,
    PolicyChange,
    break_even_bad_debt_rate,
    break_even_discount,
    cost_of_forgoing_discount,
    credit_policy_change,
    money_text,
    pct_text,
    receivables_carrying_cost,
    sales_to_recover_bad_debt,
)

__all__ = [
    # limits and terms
    "LimitPolicy", "DEFAULT_LIMIT_POLICY", "AAA_LIMIT_POLICY", "payment_terms", "credit_limit_methods",
    "check_credit_limit",
    # trade credit
    "DiscountCost", "PolicyChange", "BreakEven", "cost_of_forgoing_discount", "sales_to_recover_bad_debt",
    "receivables_carrying_cost", "credit_policy_change", "break_even_bad_debt_rate", "break_even_discount",
    "money_text", "pct_text",
    # protection
    "CoverResult", "credit_insurance", "break_even_premium_rate", "guarantee_value",
    # differentiated policy
    "DEBTOR_TYPES", "differentiated_policy", "load_differentiated_policy",
]
