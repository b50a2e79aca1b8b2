"""Case material for the workshops: generated case worlds (机电公司, manufacturing, retail), the sample ledger and customers.

Examples
--------
>>> from creditkit import cases
>>> sorted(cases.CASES)
['jidian', 'manufacturing', 'retail']
>>> w = cases.load_case("retail", n_customers=20, months=6, start="2025-01-01")
>>> len(w.customers), set(w.answer_key["hidden_type"]) <= set(cases.HIDDEN_TYPES)
(20, True)
>>> cases.sample_customer_ids()
['C001', 'C002']
>>> len(cases.sample_ledger(seed=1, n_customers=5)) > 0
True
>>> cases.evaluate_customer(cases.load_sample_customer("C002")).rating.grade
'E'
"""

from .analysis import (
    OverdueCost,
    WorldEvaluation,
    evaluate_world_customer,
    overdue_cost,
    payment_features,
    payment_score,
    rank_auc,
    warning_timeline,
)
from .catalog import CASES, load_case
from .early_warning import SignalTimeline, answer_check, recovery_scores, signal_timeline, world_timeline
from .masking import mask_world
from .credit_file import CustomerEvaluation, evaluate_customer
from .ar_invoices import COLUMN_MAP as INVOICE_EXPORT_COLUMNS, invoice_export, invoice_export_ledger
from .generator import BAD_TYPES, HIDDEN_TYPES, INDUSTRIES, NATURES, CaseWorld, generate_world, write_case
from .sample_ledger import PAYER_PROFILES, SALES_REPS, sample_ledger
from .samples import SampleCustomer, load_sample_customer, sample_customer_ids

__all__ = ["CASES", "load_case", "CaseWorld", "generate_world", "write_case", "HIDDEN_TYPES", "BAD_TYPES",
           "INDUSTRIES", "NATURES", "invoice_export_ledger", "payment_features", "warning_timeline", "evaluate_world_customer",
           "WorldEvaluation", "payment_score", "overdue_cost", "OverdueCost", "rank_auc",
           "PAYER_PROFILES", "SALES_REPS", "sample_ledger", "SampleCustomer", "load_sample_customer",
           "sample_customer_ids", "CustomerEvaluation", "evaluate_customer", "invoice_export",
           "INVOICE_EXPORT_COLUMNS", "SignalTimeline", "signal_timeline", "world_timeline", "answer_check",
           "recovery_scores", "mask_world"]
