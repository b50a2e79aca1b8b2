"""Case material for the workshops: the sample ledger of a 机电公司 and the case customers.

Examples
--------
>>> from creditkit import cases
>>> cases.sample_customer_ids()
['C001', 'C002']
>>> len(cases.sample_ledger(seed=1, n_customers=5)) > 0
True
"""

from .sample_ledger import PAYER_PROFILES, SALES_REPS, sample_ledger
from .samples import SampleCustomer, load_sample_customer, sample_customer_ids

__all__ = ["PAYER_PROFILES", "SALES_REPS", "sample_ledger", "SampleCustomer", "load_sample_customer",
           "sample_customer_ids"]
