"""Receivables on one canonical ledger table: reading, aging, provision, metrics, Excel, charts.

Data flows one way: an ERP export → :mod:`~creditkit.receivables.reading`
(rows of text cells, headers, column maps) → :mod:`~creditkit.receivables.ledger`
(the canonical document table of :mod:`~creditkit.receivables.schema`) →
:mod:`~creditkit.receivables.aging` → :mod:`~creditkit.receivables.provision` and
:mod:`~creditkit.receivables.metrics` → :mod:`~creditkit.receivables.excel` for the
workbook a finance team opens and :mod:`~creditkit.receivables.plots` for charts
(the one module that imports matplotlib, so it is not imported here).

Examples
--------
>>> from creditkit import receivables as rv
>>> from creditkit.cases import sample_ledger
>>> ledger = sample_ledger(seed=1, n_customers=5)
>>> result = rv.age_receivables(ledger, as_of="2025-06-30")
>>> t = result.totals()
>>> int(t["total"] - t["unapplied"]) == int(ledger.loc[ledger["doc_date"] <= "2025-06-30", "amount_cents"].sum())
True
"""

from .aging import (
    DEFAULT_EDGES,
    AgingResult,
    OpenItems,
    age_days,
    age_receivables,
    aging_table,
    bucket_index,
    bucket_labels,
    open_items,
    parse_buckets,
)
from .ledger import ledger_from_frame, load_ledger
from .metrics import (
    CollectionMetrics,
    aging_trend,
    average_days_delinquent,
    best_possible_dso,
    collection_effectiveness_index,
    collection_metrics,
    count_back_dso,
    dso,
    monthly_credit_sales,
    roll_rates,
)
from .erp_profiles import detect_profile, get_profile, profiles
from .provision import (
    CN_AGING_EDGES,
    CN_AGING_RATES,
    AllowanceEntry,
    ProvisionResult,
    aging_schedule_provision,
    allowance_adjustment,
    customer_provision,
    loss_rates_from_roll_rates,
    provision_matrix,
    roll_rates_from_history,
)
from .features import FEATURE_KINDS, QUALITATIVE_FLAGS, signal_features
from .late_payment import LatePaymentResult, fit_late_payment, invoice_history, predict_open
from .rules import RuleSet, load_rules
from .settlement import settlement_dates
from .signals import SignalResult, credit_hold_advice, risk_signals, signal_history
from .reading import load_column_map
from .masking import mask_ledger, pseudonyms
from .schema import (
    CANONICAL_COLUMNS,
    CREDIT_TYPES,
    DEBIT_TYPES,
    DOC_TYPES,
    Ledger,
    LedgerReconciliation,
    canonical_table,
    validate_ledger,
)

__all__ = [
    # schema
    "CANONICAL_COLUMNS", "CREDIT_TYPES", "DEBIT_TYPES", "DOC_TYPES", "Ledger", "LedgerReconciliation",
    "canonical_table", "validate_ledger",
    # reading and ledger
    "load_column_map", "ledger_from_frame", "load_ledger", "profiles", "get_profile", "detect_profile",
    # aging
    "DEFAULT_EDGES", "AgingResult", "OpenItems", "age_days", "age_receivables", "aging_table", "bucket_index",
    "bucket_labels", "open_items", "parse_buckets",
    # metrics
    "CollectionMetrics", "aging_trend", "average_days_delinquent", "best_possible_dso",
    "collection_effectiveness_index", "collection_metrics", "count_back_dso", "dso",
    "monthly_credit_sales", "roll_rates",
    # provision
    "CN_AGING_EDGES", "CN_AGING_RATES", "AllowanceEntry", "ProvisionResult", "aging_schedule_provision",
    "allowance_adjustment", "customer_provision",
    "loss_rates_from_roll_rates", "provision_matrix", "roll_rates_from_history",
    # risk signals
    "FEATURE_KINDS", "QUALITATIVE_FLAGS", "RuleSet", "SignalResult", "credit_hold_advice", "load_rules",
    "risk_signals", "settlement_dates", "signal_features", "signal_history",
    # masking
    "mask_ledger", "pseudonyms",
    # late-payment predictor
    "LatePaymentResult", "fit_late_payment", "invoice_history", "predict_open",
]
