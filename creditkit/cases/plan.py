"""What a case company should do now: provision by bucket, the collection plan, and the policy by grade and debtor type.

:func:`case_plan` runs the kit's collection tools over a case world —
:func:`creditkit.receivables.collection.classify_debtors` (willingness ×
ability), :func:`~creditkit.receivables.collection.collection_plan` with the
grades of the evaluated key customers and the differentiated policy of
:func:`creditkit.policy.differentiated_policy` — and reads the policy row
(terms, limit multiplier, guarantee) of every key customer.
:func:`plan_sentences` says what the plan, the provision and the policy
amount to, from the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..i18n import check_lang
from ..money import format_cents
from ..policy import differentiated_policy
from ..receivables.collection import classify_debtors, collection_plan, plan_summary
from ..receivables.provision import ProvisionResult, aging_schedule_provision
from .generator import CaseWorld
from .story import PROVISION_RATES, CaseFacts

__all__ = ["CasePlan", "case_plan", "plan_sentences"]


@dataclass(frozen=True)
class CasePlan:
    """The collection plan, the provision by bucket and the key customers' policy.

    Attributes
    ----------
    plan : DataFrame
        :func:`~creditkit.receivables.collection.collection_plan` (grades of the
        key customers and the differentiated policy applied).
    debtors : DataFrame
        :func:`~creditkit.receivables.collection.classify_debtors`.
    provision : ProvisionResult
        Aging-schedule provision by bucket (rates :data:`~creditkit.cases.story.PROVISION_RATES`).
    policy : DataFrame
        One row per key customer: ``customer_id, customer_name, grade,
        debtor_type, granted_terms, terms_days, granted_limit_cents,
        recommended_limit_cents, policy_limit_cents`` (recommended × the
        type's limit multiplier), ``guarantee, hold_orders_after``.
    """

    plan: pd.DataFrame
    debtors: pd.DataFrame
    provision: ProvisionResult
    policy: pd.DataFrame


def case_plan(world: CaseWorld, facts: CaseFacts, *, lang: str = "zh") -> CasePlan:
    """Collection plan, provision and differentiated policy of a case world as of its date.

    Parameters
    ----------
    world : CaseWorld
    facts : CaseFacts
        :func:`~creditkit.cases.story.case_facts` of the same world.
    lang : {"zh", "en"}, default "zh"
        Language of the plan's action text and evidence.

    Returns
    -------
    CasePlan

    Examples
    --------
    >>> from creditkit.cases import load_case
    >>> from creditkit.cases.story import case_facts
    >>> w = load_case("manufacturing", n_customers=6, months=12, start="2024-07-01")
    >>> p = case_plan(w, case_facts(w), lang="en")
    >>> p.provision.total_cents == case_facts(w).provision_cents
    True
    """
    if not isinstance(world, CaseWorld):
        raise TypeError(f"world must be a CaseWorld, got {type(world).__name__}")
    lang = check_lang(lang)
    as_of = facts.as_of
    key = facts.key_customers
    grades = dict(zip(key["customer_id"], key["grade"]))
    table = differentiated_policy(lang=lang)
    debtors = classify_debtors(world.ledger, as_of=as_of)
    plan = collection_plan(world.ledger, as_of=as_of, debtors=debtors, grades=grades, policy=table, lang=lang)
    provision = aging_schedule_provision(facts.aging, list(PROVISION_RATES[: len(facts.aging.labels)]))
    types = debtors.set_index("customer_id")["debtor_type"]
    pol = key.assign(debtor_type=key["customer_id"].map(types).fillna("willing_able").to_numpy())
    pol = pol.merge(table[["grade", "debtor_type", "terms_days", "limit_multiplier", "guarantee",
                           "hold_orders_after"]], on=["grade", "debtor_type"], how="left")
    pol["policy_limit_cents"] = [int(round(r * m)) for r, m in zip(pol["recommended_limit_cents"],
                                                                  pol["limit_multiplier"])]
    pol = pol[["customer_id", "customer_name", "grade", "debtor_type", "granted_terms", "terms_days",
               "granted_limit_cents", "recommended_limit_cents", "policy_limit_cents", "guarantee",
               "hold_orders_after"]]
    return CasePlan(plan, debtors, provision, pol)


def plan_sentences(p: CasePlan, lang: str = "zh") -> dict:
    """What the plan, the provision and the policy say, computed from them.

    Returns
    -------
    dict
        ``plan`` (the kit's :func:`~creditkit.receivables.collection.plan_summary`),
        ``provision`` (the provision, its coverage and the share in buckets
        past 90 days) and ``policy`` (key customers to move to cash, to ask
        for a guarantee, and granted limits against the policy's).
    """
    lang = check_lang(lang)
    y = (lambda c: f"{format_cents(c)} 元") if lang == "zh" else (lambda c: f"CNY {format_cents(c)}")
    t = p.provision.table
    late = int(t["provision_cents"].iloc[4:].sum())
    total = int(p.provision.total_cents)
    late_share = late / total if total else 0.0
    pol = p.policy
    cash = int((pol["terms_days"] == 0).sum())
    guarantee = int(pol["guarantee"].fillna(False).astype(bool).sum())
    granted, allowed = int(pol["granted_limit_cents"].sum()), int(pol["policy_limit_cents"].sum())
    shorter = int((pol["terms_days"] < pol["granted_terms"]).sum())
    n = len(pol)
    if lang == "zh":
        prov = (f"按账龄分析法，坏账准备合计 {y(total)}，占应收余额的 {p.provision.coverage:.1%}；其中 "
                f"{late_share:.1%} 来自逾期 90 天以上的账龄段。")
        policy = (f"按\"信用等级 × 债务人类型\"的差异化政策，余额最大的 {n} 家客户中 {cash} 家应改为现款现货，"
                  f"{shorter} 家应缩短账期，{guarantee} 家新增赊销需要担保；政策允许的额度合计 {y(allowed)}，"
                  f"而实际给了 {y(granted)}。")
    else:
        prov = (f"By the aging schedule the provision is {y(total)}, {p.provision.coverage:.1%} of receivables; "
                f"{late_share:.1%} of it comes from the buckets more than 90 days past due.")
        policy = (f"By the differentiated policy (grade × debtor type), of the {n} largest balances {cash} should move "
                  f"to cash terms, {shorter} should get shorter terms and {guarantee} need a guarantee for new credit; "
                  f"the policy allows {y(allowed)} of limits in all, against {y(granted)} granted.")
    return {"plan": plan_summary(p.plan, lang=lang), "provision": prov, "policy": policy}
