"""Case material for the workshops: the sample ledger of a 机电公司, the case customers and their credit files.

Examples
--------
>>> from creditkit import cases
>>> cases.sample_customer_ids()
['C001', 'C002']
>>> len(cases.sample_ledger(seed=1, n_customers=5)) > 0
True
>>> cases.evaluate_customer(cases.load_sample_customer("C002")).rating.grade
'E'
"""

from .credit_file import CustomerEvaluation, evaluate_customer
from .ar_invoices import COLUMN_MAP as INVOICE_EXPORT_COLUMNS, invoice_export
from .sample_ledger import PAYER_PROFILES, SALES_REPS, sample_ledger
from .samples import SampleCustomer, load_sample_customer, sample_customer_ids

__all__ = ["PAYER_PROFILES", "SALES_REPS", "sample_ledger", "SampleCustomer", "load_sample_customer",
           "sample_customer_ids", "CustomerEvaluation", "evaluate_customer", "invoice_export",
           "INVOICE_EXPORT_COLUMNS"]
