"""The case generator: repeatable worlds, coherent ledgers and statements, and types the tools recover."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditkit.cases import (BAD_TYPES, CASES, HIDDEN_TYPES, generate_world, load_case, overdue_cost,
                             payment_features, rank_auc, warning_timeline, write_case)
from creditkit.evaluation.ratios import financial_ratios, normalize_statement
from creditkit.receivables import age_receivables, validate_ledger


@pytest.fixture(scope="module")
def jidian():
    return load_case("jidian")


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_files_byte_for_byte(tmp_path):
    a = write_case(load_case("jidian", seed=11, n_customers=15), tmp_path / "a")
    b = write_case(load_case("jidian", seed=11, n_customers=15), tmp_path / "b")
    fa, fb = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert set(fa) == set(a) == {"world.yaml", "customers.csv", "reps.csv", "statements.csv", "ledger.csv",
                                 "answer_key.csv", "shocks.csv"}
    assert fa == fb
    c = write_case(load_case("jidian", seed=12, n_customers=15), tmp_path / "c")
    assert _files(tmp_path / "c")["ledger.csv"] != fa["ledger.csv"] and c


def test_written_ledger_reads_back_to_the_same_balances(tmp_path, jidian):
    write_case(jidian, tmp_path)
    back = pd.read_csv(tmp_path / "ledger.csv", parse_dates=["doc_date", "due_date"])
    assert len(back) == len(jidian.ledger)
    assert back["amount_cents"].sum() == jidian.ledger["amount_cents"].sum()
    key = pd.read_csv(tmp_path / "answer_key.csv", keep_default_na=False)
    assert key["hidden_type"].tolist() == jidian.answer_key["hidden_type"].tolist()


def test_ledger_is_canonical_dated_in_the_period_and_reconciles(jidian):
    t = validate_ledger(jidian.ledger)
    assert t["doc_no"].is_unique
    assert t["doc_date"].min() >= pd.Timestamp("2023-07-01") and t["doc_date"].max() <= jidian.as_of
    inv = t[t["doc_type"] == "invoice"]
    assert (inv["due_date"] - inv["doc_date"]).dt.days.isin([30, 60, 90, 120]).all()
    r = age_receivables(t, as_of=jidian.as_of)
    assert int(r.totals()["total"] - r.totals()["unapplied"]) == int(t["amount_cents"].sum())
    assert set(t["customer_id"]) == set(jidian.customers["customer_id"])
    # every receipt settles at most what its invoice left to pay
    refs = t[t["ref_doc_no"].notna()].groupby("ref_doc_no")["amount_cents"].sum()
    assert (inv.set_index("doc_no")["amount_cents"].reindex(refs.index) + refs >= 0).all()


def test_answer_key_types_counts_and_turn_months(jidian):
    key = jidian.answer_key
    assert set(key["hidden_type"]) == set(HIDDEN_TYPES)
    assert (key["hidden_type"].isin(["deteriorating", "defaulting", "disputing"])).sum() == round(40 * 0.35)
    assert (key["bad"] == key["hidden_type"].isin(BAD_TYPES)).all()
    turning = key["hidden_type"].isin(BAD_TYPES)
    assert (key.loc[turning, "turn_month"] != "").all() and (key.loc[~turning, "turn_month"] == "").all()
    months = pd.to_datetime(key.loc[turning, "turn_month"])
    assert months.min() >= pd.Timestamp("2023-07-01") and months.max() <= jidian.as_of
    assert (key.loc[key["hidden_type"] == "deteriorating", "cause"].isin(["lost_big_client", "cash_squeeze"])).all()
    lost = jidian.shocks[jidian.shocks["kind"] == "lost_big_client"]
    assert set(lost["customer_id"]) == set(key.loc[key["cause"] == "lost_big_client", "customer_id"])


@pytest.mark.parametrize("case", sorted(CASES))
def test_aging_features_rank_the_bad_types_far_above_the_good(case):
    w = load_case(case)
    f = payment_features(w.ledger, as_of=w.as_of)
    key = w.answer_key.set_index("customer_id").reindex(f.index)
    pair = key["hidden_type"].isin(["good", *BAD_TYPES])
    for feature in ("overdue_share", "days_beyond_terms"):
        assert rank_auc(f.loc[pair, feature], key.loc[pair, "bad"]) >= 0.9, feature
    med = f.join(key).groupby("hidden_type")["days_beyond_terms"].median()
    assert med["good"] < med["slow"] < min(med["deteriorating"], med["defaulting"])


def test_aging_flags_deteriorating_customers_after_their_turn(jidian):
    tl = warning_timeline(jidian)
    det = tl[tl["hidden_type"] == "deteriorating"]
    assert (det["first_flag"] != "").all()
    assert (det["lag_months"] >= 0).all()
    good = tl[tl["hidden_type"] == "good"]
    assert (good["flags"] <= 2).mean() >= 0.9


def test_statements_read_cleanly_and_follow_the_type(jidian):
    key = jidian.answer_key.set_index("customer_id")
    last = {}
    for cid in key.index:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            s = normalize_statement(jidian.statement(cid))
        assert np.allclose(s.loc["current_assets"], s.loc[["cash", "accounts_receivable", "inventory"]].sum(), atol=2)
        last[cid] = financial_ratios(jidian.statement(cid)).iloc[:, -1]
    r = pd.DataFrame(last).T.join(key)
    med = r.groupby("hidden_type")[["current_ratio", "debt_to_assets"]].median()
    assert med.loc["good", "current_ratio"] > med.loc["defaulting", "current_ratio"]
    assert med.loc["good", "debt_to_assets"] < med.loc["defaulting", "debt_to_assets"]
    det = key.index[key["hidden_type"] == "deteriorating"]
    first_year = [financial_ratios(jidian.statement(c)).loc["net_margin"].iloc[0] for c in det]
    assert np.median([last[c]["net_margin"] for c in det]) < np.median(first_year)


def test_names_table_holds_every_real_name(jidian):
    names = jidian.names()
    assert set(names.loc[names["kind"] == "customer", "name"]) == set(jidian.ledger["customer_name"])
    assert set(names.loc[names["kind"] == "sales_rep", "name"]) == set(jidian.ledger["sales_rep"])
    assert names.loc[names["kind"] == "customer", "name"].is_unique
    assert jidian.company in names["name"].tolist()


def test_cases_differ_as_the_sources_say():
    m, r = load_case("manufacturing"), load_case("retail")
    assert len(m.customers) < 20 < 200 < len(r.customers)
    assert m.customers["annual_sales_cents"].median() > 50 * r.customers["annual_sales_cents"].median()
    assert r.customers["nature"].isin(["民营", "个体"]).all()
    for name, case in CASES.items():
        assert case["title"]["zh"] and case["title"]["en"]


def test_jidian_granted_credit_loosely():
    loose, strict = load_case("jidian"), load_case("jidian", limit_looseness=1.0)
    assert (loose.customers["limit_cents"] > strict.customers["limit_cents"]).mean() > 0.9


@pytest.mark.parametrize("kwargs, exc, text", [
    (dict(seed="1"), TypeError, "seed"),
    (dict(n_customers=2), ValueError, "n_customers"),
    (dict(n_customers=5.5), TypeError, "n_customers"),
    (dict(months=3), ValueError, "months"),
    (dict(bad_share=0.95), ValueError, "bad_share"),
    (dict(as_of="2030-01-01"), ValueError, "as_of"),
    (dict(as_of="2023-07-15"), ValueError, "as_of"),
    (dict(industry_mix={"mining": 1}), ValueError, "industry_mix"),
    (dict(industry_mix={"manufacturing": 0}), ValueError, "industry_mix"),
    (dict(nature_mix=[1, 2]), TypeError, "nature_mix"),
    (dict(company=""), TypeError, "company"),
    (dict(reps=("甲", "甲")), ValueError, "reps"),
    (dict(terms_weights=(1,)), ValueError, "terms_weights"),
])
def test_bad_parameters_are_named(kwargs, exc, text):
    kwargs = {"seed": 1, **kwargs}
    with pytest.raises(exc, match=text):
        generate_world(kwargs.pop("seed"), **kwargs)


def test_load_case_rejects_unknown_cases_and_parameters():
    with pytest.raises(ValueError, match="name"):
        load_case("bank")
    with pytest.raises(TypeError, match="colour"):
        load_case("jidian", colour="red")
    w = load_case("retail", n_customers=30, as_of="2025-03-31")
    assert len(w.customers) == 30 and w.ledger["doc_date"].max() <= pd.Timestamp("2025-03-31")
    assert w.parameters["as_of"] == "2025-03-31" and w.case == "retail"


def test_statement_of_unknown_customer_is_an_error(jidian):
    with pytest.raises(ValueError, match="customer_id"):
        jidian.statement("XX9999")


def test_overdue_cost_worked_example():
    # a 100,000-yuan bad debt at a 5% margin takes 2,000,000 yuan of sales to earn back;
    # 500,000 yuan carried 73 days at 6% costs 500,000 × 0.06 × 73 / 365 = 6,000 yuan
    c = overdue_cost(10_000_000, margin=0.05, overdue_cents=50_000_000, cost_of_capital=0.06, days=73)
    assert (c.sales_to_recover_cents, c.carrying_cost_cents) == (200_000_000, 600_000)
    assert overdue_cost(1, margin=0.3).sales_to_recover_cents == 3  # 3.33 cents rounds half-up to 3
    assert overdue_cost(1, margin=0.4).sales_to_recover_cents == 3  # 2.5 cents rounds half-up to 3
    with pytest.raises(ValueError, match="margin"):
        overdue_cost(100, margin=0)
    with pytest.raises(ValueError, match="bad_debt_cents"):
        overdue_cost(-1, margin=0.1)


def test_rank_auc_needs_both_classes():
    assert rank_auc([1, 1, 0], [1, 0, 0]) == 0.75
    with pytest.raises(ValueError, match="bad"):
        rank_auc([1, 2], [1, 1])


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(5, 60), months=st.integers(6, 30), bad=st.floats(0, 0.8),
       case=st.sampled_from(sorted(CASES)))
def test_any_world_is_coherent(seed, n, months, bad, case):
    w = load_case(case, seed=seed, n_customers=n, months=months, bad_share=bad, as_of="2025-06-30")
    t = validate_ledger(w.ledger)
    assert t["doc_date"].max() <= pd.Timestamp("2025-06-30")
    assert set(t["customer_id"]) <= set(w.customers["customer_id"]) and len(w.customers) == n
    r = age_receivables(t, as_of="2025-06-30")
    assert int(r.totals()["total"] - r.totals()["unapplied"]) == int(t["amount_cents"].sum())
    assert (r.totals()["unapplied"] == 0) or (r.table["unapplied"] >= 0).all()
    key = w.answer_key
    assert (key["hidden_type"].isin(["deteriorating", "defaulting", "disputing"])).sum() == round(n * bad)
    assert key["customer_id"].tolist() == w.customers["customer_id"].tolist()
    years = sorted(w.statements["year"].unique())
    assert years[-1] == 2024 and len(years) >= 2
    assert (w.customers["limit_cents"] >= 0).all() and w.customers["customer_name"].is_unique
