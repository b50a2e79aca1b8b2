"""Every exercise check accepts the solution, names the usual mistakes, and gives nothing away."""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest

import creditkit as ck
from creditkit.exercises import STRICT_ENV, check, data_path, key_record, student_copy, task_ids
from creditkit.exercises._canonical import canonical

SOURCE = Path(__file__).resolve().parents[2] / "exercises" / "source"
AS_OF = "2025-06-30"


@pytest.fixture(autouse=True)
def _lenient(monkeypatch):
    monkeypatch.delenv(STRICT_ENV, raising=False)


@cache
def ledger():
    raw = pd.read_csv(data_path("aging_small.csv"), dtype=str, keep_default_na=False)
    return ck.receivables.ledger_from_frame(raw)


def _read(name):
    return ck.receivables.ledger_from_frame(pd.read_csv(data_path(name), dtype=str, keep_default_na=False))


@cache
def debtor_ledger():
    return _read("debtor_ledger.csv")


VISITS = pd.DataFrame({"customer_id": ["C001", "C002"], "management_change": [0, 1], "slow_replies": [0, 1]})


def SIGNALS():  # noqa: N802 - a data factory like the others
    return dict(ledger=_read("signals_ledger.csv"), as_of=AS_OF, qualitative=VISITS, customer_id="C002")


def COLLECTION():  # noqa: N802
    return dict(ledger=_read("collection_cases.csv"), as_of=AS_OF,
                debtor_types={"D1": "willing_unable", "D2": "willing_able", "D3": "unwilling_unable",
                              "D4": "unwilling_able", "D5": "unwilling_able", "D6": "willing_able"})


PERIOD = dict(begin_ar=1_000_000.0, credit_sales=3_000_000.0, end_ar=1_250_000.0, end_current_ar=830_000.0, days=90)
BALANCES = {"current": 300_000.00, "1-30": 140_000.00, "31-60": 60_000.00, "61-90": 23_000.00, ">90": 5_000.00}
RATES = [0.02, 0.04, 0.087, 0.25, 1.0]
PROVISION = dict(balances=BALANCES, rates=RATES, existing_allowance=30_000.0)
SCORES = {"character": 80, "capacity": 70, "capital": 60, "collateral": 50, "conditions": 65}
AHP = pd.DataFrame([[1, 2, 4], [1 / 2, 1, 3], [1 / 4, 1 / 3, 1]],
                   index=["character", "capacity", "capital"], columns=["character", "capacity", "capital"])
INVOICE = dict(invoice_date="2025-03-31", due_date="2025-04-30", paid_date="2025-06-16")
LATE = dict(principal=86_500.0, annual_rate=0.0555, **INVOICE)
DISCOUNT = dict(discount=0.02, discount_days=10, net_days=30)
FACTS = dict(customer="case 4", invoice_no="INV-2025-0412", amount=86_500.00, due_date="2025-04-30")
OPENING = ("王总您好，感谢贵司一直以来的合作。今天来是想和您核对一下发票 INV-2025-0412，"
           "金额 86,500.00 元，到期日是 2025-04-30，目前还没有收到。请问贵司哪天可以安排付款？")
BUCKETS = {"not_due": 7550.0, "1-30": 23500.0, "31-60": 1750.0, "61-90": 2000.0, ">90": 5580.0}
DEBTOR_CASES = {"1": "willing_unable", "2": "willing_able", "3": "unwilling_unable", "4": "unwilling_able",
                "5": "unwilling_able", "6": "willing_able"}
DEBTOR_RULE = {"K1": "willing_able", "K2": "willing_unable", "K3": "unwilling_able", "K4": "unwilling_unable"}
STEPS = {"D1": "stop_shipments", "D2": "statement", "D3": "litigation", "D4": "lawyer_letter", "D5": "visit",
         "D6": "stop_shipments"}
SIGNALS_FIRED = ["overdue_over_30", "dbt_rising", "mostly_overdue", "concentrated_and_slow", "management_change",
                 "slow_replies"]
QUIZ = dict(q01="A", q02="A", q03="C", q04="D", q05="A", q06="C", q07="A", q08="C", q09="A", q10="B", q11="A",
            q12="E", q13="B")

# C001, latest year (2024), in yuan
C001 = dict(ca=11_150_000, cl=6_300_000, ta=20_950_000, tl=11_450_000, ar=4_700_000, sales=28_500_000,
            re=4_500_000, pbt=1_720_000, interest=300_000)


def _z(coef):
    c = C001
    x = [(c["ca"] - c["cl"]) / c["ta"], c["re"] / c["ta"], (c["pbt"] + c["interest"]) / c["ta"],
         (c["ta"] - c["tl"]) / c["tl"], c["sales"] / c["ta"]]
    return sum(a * b for a, b in zip(coef, x))


@cache
def german():
    return ck.datasets.load_german()


def _woe(right=True):
    df = german()
    bins = pd.cut(df["duration_months"], [-np.inf, 12, 24, 36, np.inf], right=right)
    t = pd.crosstab(bins, df["bad"])
    good, bad = t[0] / t[0].sum(), t[1] / t[1].sum()
    woe = np.log(good / bad)
    return woe, float(((good - bad) * woe).sum())


@cache
def scored():
    df = german()
    features = ["checking_status", "duration_months", "credit_history"]
    binning = ck.scorecard.WOETransformer(n_bins=4, monotonic="auto")
    card = ck.scorecard.Scorecard(binning=binning).fit(df[features], df["bad"])
    return dict(y=df["bad"], score=pd.Series(card.score_points(df[features]), index=df.index))


def _ks():
    d = scored()
    t = pd.crosstab(d["score"], d["y"]).sort_index()
    cum = t.cumsum() / t.sum()
    return float((cum[1] - cum[0]).max())


def _ks_group():
    d = scored()
    g = ck.scorecard.gains_table(d["y"], d["score"], n_groups=10, higher_is_safer=True)
    return int(g.loc[g["ks"].idxmax(), "group"])


IV_DATA = lambda: dict(data=german(), variable="duration_months", edges=[12, 24, 36])  # noqa: E731

# task: (data, right answer, [(typical wrong answer, hint key or status)])
CASES = {
    "bad_rates.overall": (dict, 0.3, [(30, "ex_hint_percent_fraction"), (0.7, "ex_hint_good_rate")]),
    "bad_rates.riskiest": (dict, "< 0 DM", [("no checking", "ex_tip_riskiest")]),
    "bad_rates.riskiest_rate": (dict, 135 / 274, [(100 * 135 / 274, "ex_hint_percent_fraction")]),
    "aging.unapplied": (lambda: dict(ledger=ledger(), as_of=AS_OF), 2400.0,
                        [(240_000, "ex_hint_cents_yuan"), (-2400, "ex_hint_sign"), (5400, "ex_tip_unapplied")]),
    "aging.buckets": (lambda: dict(ledger=ledger(), as_of=AS_OF), BUCKETS, [
        ({**BUCKETS, "1-30": 15000.0, "31-60": 10250.0}, "ex_hint_upper_inclusive"),
        ({**BUCKETS, "61-90": 8000.0}, "ex_hint_unapplied"),
        ({k: v * 100 for k, v in BUCKETS.items()}, "ex_hint_cents_yuan")]),
    "aging.overdue_share": (lambda: dict(ledger=ledger(), as_of=AS_OF), 32_830 / 40_380,
                            [(32_830 / 37_980, "ex_hint_gross"), (81.30, "ex_hint_percent_fraction")]),
    "dso.dso": (lambda: PERIOD, 37.5, [(30.0, "ex_hint_end_ar")]),
    "dso.add": (lambda: PERIOD, 12.6, [(-12.6, "ex_hint_add_sign"), (24.9, "ex_hint_best_dso")]),
    "dso.cei": (lambda: PERIOD, 275 / 317 * 100, [(275 / 317, "ex_hint_percent_fraction"),
                                                  (275 / 400 * 100, "ex_hint_cei_current")]),
    "provision.required": (lambda: dict(balances=BALANCES, rates=RATES), 27_570.0,
                           [(21_570.0, "ex_hint_all_buckets"), (2_757_000, "ex_hint_cents_yuan"),
                            (27_571.0, "ex_hint_near")]),
    "provision.adjustment": (lambda: PROVISION, -2_430.0,
                             [(2_430.0, "ex_hint_adjust_sign"), (27_570.0, "ex_hint_adjust_difference")]),
    "provision.entry": (lambda: PROVISION, "冲回", [("补提", "ex_tip_entry")]),
    "ratios.current_ratio": (lambda: dict(customer_id="C001"), C001["ca"] / C001["cl"],
                             [(C001["cl"] / C001["ca"], "ex_tip_current_ratio")]),
    "ratios.debt_to_assets": (lambda: dict(customer_id="C001"), C001["tl"] / C001["ta"],
                              [(100 * C001["tl"] / C001["ta"], "ex_hint_percent_fraction")]),
    "ratios.receivable_days": (lambda: dict(customer_id="C001"), 365 * C001["ar"] / C001["sales"],
                               [(360 * C001["ar"] / C001["sales"], "ex_hint_day_basis")]),
    "ratios.z_prime": (lambda: dict(customer_id="C001"), _z([0.717, 0.847, 3.107, 0.420, 0.998]),
                       [(_z([1.2, 1.4, 3.3, 0.6, 1.0]), "ex_hint_z_variant")]),
    "five_c.score": (lambda: dict(scores=SCORES), 66.75, [(65.0, "ex_hint_weighted")]),
    "five_c.grade": (lambda: dict(scores=SCORES), "C", [("B", "ex_tip_grade")]),
    "ahp.weights": (lambda: dict(matrix=AHP), {"character": 0.5571, "capacity": 0.3202, "capital": 0.1226},
                    [(dict(zip(AHP.index, AHP.sum(axis=1) / AHP.to_numpy().sum())), "ex_hint_ahp_normalise"),
                     ({"character": 55.71, "capacity": 32.02, "capital": 12.26}, "ex_hint_percent_fraction")]),
    "ahp.cr": (lambda: dict(matrix=AHP), 0.0158, [(0.0091, "ex_hint_ci_cr")]),
    "late_interest.days": (lambda: INVOICE, 47, [(77, "ex_hint_interest_start"), (48, "ex_hint_day_count")]),
    "late_interest.amount": (lambda: LATE, 618.18, [(626.76, "ex_hint_day_basis"), (631.33, "ex_hint_day_count"),
                                                    (1012.76, "ex_hint_interest_start"),
                                                    (61_817.67, "ex_hint_rate_percent")]),
    "policy.recovery_sales": (lambda: dict(bad_debt=120_000.0, net_margin=0.06), 2_000_000.0,
                              [(7_200.0, "ex_hint_margin_inverse"), (20_000.0, "ex_hint_rate_percent")]),
    "policy.discount_cost": (lambda: DISCOUNT, 0.02 / 0.98 * 365 / 20,
                             [(0.02 / 0.98 * 360 / 20, "ex_hint_day_basis"), (0.365, "ex_hint_discount_net"),
                              (0.02 / 0.98 * 365 / 30, "ex_hint_discount_period"),
                              (37.24, "ex_hint_percent_fraction")]),
    "limit.net_worth": (lambda: dict(customer_id="C001"), 9_500_000.0, [(950_000_000, "ex_hint_cents_yuan")]),
    "limit.working_capital": (lambda: dict(customer_id="C001"), 4_850_000.0, [(11_150_000.0, "ex_tip_working_capital")]),
    "limit.recommended": (lambda: dict(customer_id="C001", grade="B"), 450_000.0,
                          [(1_425_000.0, "ex_hint_limit_smallest")]),
    "limit.decision": (lambda: dict(customer_id="C001", grade="B", requested=500_000.0), "reduce",
                       [("approve", "ex_tip_decision")]),
    "iv.first_woe": (lambda: IV_DATA(), float(_woe()[0].iloc[0]),
                     [(-float(_woe()[0].iloc[0]), "ex_hint_woe_sign"),
                      (float(_woe(right=False)[0].iloc[0]), "ex_hint_upper_inclusive")]),
    "iv.total": (lambda: IV_DATA(), _woe()[1], [(_woe()[1] / math.log(10), "ex_hint_log_base"),
                                                (_woe(right=False)[1], "ex_hint_upper_inclusive")]),
    "iv.strength": (lambda: IV_DATA(), "medium", [("strong", "ex_tip_iv_strength")]),
    "ks.value": (scored, _ks, [(lambda: 100 * _ks(), "ex_hint_percent_fraction")]),
    "ks.decile": (scored, _ks_group, [(lambda: _ks_group() + 1, "ex_tip_ks_decile")]),
    "signals.fired": (SIGNALS, SIGNALS_FIRED, [(["habitually_late", "paying_in_parts"], "ex_tip_signals")]),
    "signals.level": (SIGNALS, "red", [("amber", "ex_hint_level_score"), ("green", "ex_tip_level")]),
    "debtor.types": (dict, DEBTOR_CASES, [({**DEBTOR_CASES, "1": "unwilling_able", "4": "willing_unable",
                                            "5": "willing_unable"}, "ex_hint_debtor_axes")]),
    "debtor.ability": (lambda: dict(ledger=debtor_ledger(), as_of=AS_OF, customer_id="K2"), 75_000 / 330_000,
                       [(75_000 / 210_000, "ex_hint_ability_backlog"), (100 * 75_000 / 330_000, "ex_hint_percent_fraction")]),
    "debtor.rule": (lambda: dict(ledger=debtor_ledger(), as_of=AS_OF), DEBTOR_RULE,
                    [({**DEBTOR_RULE, "K2": "unwilling_able", "K3": "willing_unable"}, "ex_hint_debtor_axes")]),
    "collection.steps": (COLLECTION, STEPS, [({**STEPS, "D6": "visit"}, "ex_hint_pace")]),
    "late_interest.statutory_rate": (lambda: dict(due_date="2025-04-30"), 0.031 * 1.5,
                                     [(0.031, "ex_hint_lpr_uplift"), (4.65, "ex_hint_percent_fraction")]),
    "late_interest.statutory": (lambda: dict(principal=86_500.0, **INVOICE), 517.93,
                                [(345.29, "ex_hint_lpr_uplift"), (501.23, "ex_hint_lpr_date"), (600.0, "ex_tip_statutory")]),
    "collection.opening": (lambda: FACTS, OPENING, [(OPENING.replace("请问贵司哪天可以安排付款？", "谢谢。"), "ex_tip_opening")]),
    **{f"quiz.{q}": (dict, a, [("B" if a != "B" else "A", "ex_tip_quiz")]) for q, a in QUIZ.items()},
}


def _value(v):
    return v() if callable(v) else v


def test_every_task_has_a_case():
    assert set(CASES) == set(task_ids())


@pytest.mark.parametrize("task", sorted(CASES))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_check_accepts_the_solution(task, lang):
    data, right, _ = CASES[task]
    r = check(task, _value(right), lang=lang, **data())
    assert r.status == "right" and bool(r), r.message
    assert r.message.startswith("✓")


@pytest.mark.parametrize("task", sorted(CASES))
def test_check_names_the_usual_mistake(task):
    data, right, wrongs = CASES[task]
    assert wrongs
    for wrong, hint in wrongs:
        r = check(task, _value(wrong), lang="en", **data())
        assert r.status in ("close", "wrong") and not r, (task, wrong)
        assert r.hint == hint, (task, wrong, r.message)
        assert ck.label(hint, "en") in r.message


def test_close_and_wrong_say_so_in_both_languages():
    r = check("policy.discount_cost", 0.3673, lang="zh", **DISCOUNT)
    assert r.status == "close" and r.message.startswith("≈ 接近了") and "365" in r.message
    r = check("policy.discount_cost", 0.9, lang="en", **DISCOUNT)
    assert r.status == "wrong" and r.message.startswith("✗ Not right yet.") and r.hint == "ex_tip_discount"


def test_mapping_feedback_names_the_wrong_and_missing_entries():
    r = check("collection.steps", {**STEPS, "D4": "call", "D7": "visit"} | {"D6": None}, lang="en", **COLLECTION())
    assert r.status == "close" and set(r.details["wrong"]) == {"D4", "D6"} and r.details["unexpected"] == ["D7"]
    r = check("collection.steps", {"D1": "stop_shipments"}, lang="en", **COLLECTION())
    assert sorted(r.details["missing"]) == ["D2", "D3", "D4", "D5", "D6"]
    r = check("debtor.types", {**DEBTOR_CASES, "2": "unwilling_able"}, lang="en")
    assert r.status == "close" and r.details["wrong"] == ["2"]


def test_choices_feedback_counts_right_picks_only():
    r = check("signals.fired", ["dbt_rising", "slow_replies", "over_limit"], lang="en", **SIGNALS())
    assert r.status == "close" and r.details == {"right": 2, "picked": 3}
    assert "2 are right and 1 are not; 4 are missing" in r.message
    assert check("signals.fired", ["over_limit", "altman_distress"], lang="en", **SIGNALS()).status == "wrong"
    assert check("signals.fired", [" DBT_rising", *SIGNALS_FIRED[2:], "overdue_over_30", "dbt_rising"],
                 **SIGNALS()).status == "right"


def test_references_are_the_kits_own_readings():
    """The derived references follow the kit: another as-of date or other visit notes change the answer."""
    data = SIGNALS()
    calm = data["qualitative"].assign(management_change=0, slow_replies=0)
    assert check("signals.fired", SIGNALS_FIRED[:4], **{**data, "qualitative": calm}).status == "right"
    # four amber rules still make 3 + 3 + 2 + 2 = 10 points, the red threshold; a quarter earlier it was calmer
    assert check("signals.level", "red", **{**data, "qualitative": calm}).status == "right"
    spring = {**data, "qualitative": calm, "as_of": "2025-03-31"}
    assert check("signals.level", "red", **spring).status != "right"
    early = {**COLLECTION(), "as_of": "2025-06-20"}
    assert check("collection.steps", STEPS, **early).status != "right"
    from creditkit.receivables.interest import late_interest as r  # the amount check agrees with the kit
    raw = pd.DataFrame({"customer_id": ["X", "X"], "customer_name": ["X", "X"], "doc_type": ["invoice", "receipt"],
                        "doc_no": ["I", "R"], "doc_date": ["2025-03-31", "2025-06-16"], "due_date": ["2025-04-30", ""],
                        "amount": ["86500.00"] * 2, "ref_doc_no": ["", "I"]})
    kit = r(ck.receivables.ledger_from_frame(raw), as_of="2025-06-16", basis="contract", rate=0.0555)
    assert kit.invoices["interest_cents"].item() == 61_818


def test_opening_lists_what_is_missing():
    r = check("collection.opening", "您好，关于发票 INV-2025-0412。", lang="en", **FACTS)
    assert r.status == "wrong" and set(r.details["missing"]) == {"ex_part_amount", "ex_part_due_date", "ex_part_ask"}
    assert check("collection.opening", "", **FACTS).status == "missing"
    assert check("collection.opening", "Hello Mr Wang, invoice INV-2025-0412 for 86,500.00 was due on 2025-04-30. "
                 "When can you arrange payment?", lang="en", **FACTS).status == "right"


def test_no_answer_yet_and_answers_of_the_wrong_type():
    assert check("bad_rates.overall", None).status == "missing"
    r = check("bad_rates.overall", "0.3", lang="en")
    assert r.status == "wrong" and r.hint == "ex_hint_need_number"
    assert check("aging.buckets", 5, lang="en", ledger=ledger(), as_of=AS_OF).hint == "ex_hint_need_mapping"
    assert check("bad_rates.overall", np.float64(0.3)).status == "right"
    assert check("bad_rates.overall", np.array([0.3])).status == "right"
    assert check("bad_rates.overall", True).hint == "ex_hint_need_number"
    assert check("bad_rates.overall", float("nan")).hint == "ex_hint_need_number"


def test_floats_a_hair_from_a_rounding_edge_are_right():
    rec = key_record("t", 0.125, places=2, salt="s")  # rounds half-up to 0.13
    assert check("t", 0.125, record=rec).status == "right"
    assert check("t", 0.12499999999999, record=rec).status == "right"
    assert check("t", 0.1249, record=rec).status == "wrong"


def test_unknown_task_and_missing_data_are_clear_errors():
    with pytest.raises(ValueError, match="unknown exercise task 'bad_rate.overall'; did you mean bad_rates.overall"):
        check("bad_rate.overall", 0.3)
    with pytest.raises(TypeError, match=r"needs the data ledger=, as_of=; missing \['as_of'\]"):
        check("aging.unapplied", 2400, ledger=ledger())
    with pytest.raises(TypeError, match="takes no data"):
        check("bad_rates.overall", 0.3, df=1)
    with pytest.raises(ValueError, match="lang"):
        check("bad_rates.overall", 0.3, lang="fr")


def test_strict_mode_raises_on_anything_but_right(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    assert check("bad_rates.overall", 0.3)
    with pytest.raises(AssertionError, match="bad_rates.overall"):
        check("bad_rates.overall", 0.31)


def test_canonical_text():
    assert canonical(-0.001, "number", 2) == "0.00"
    assert canonical(1234.5, "number", 2) == "1234.50"
    assert canonical("  Reduce ", "text") == "reduce"
    with pytest.raises(ValueError, match="kind"):
        canonical(1, "date")


def test_key_record_holds_digests_only():
    rec = key_record("t.x", 1234.5678, places=2, close={"ex_hint_day_basis": 1217.66}, near=3,
                     transforms={"percent": None})
    text = json.dumps(rec)
    for form in ("1234", "1235", "1,234", "1217", "1.23e"):
        assert form not in text
    with pytest.raises(ValueError, match="transforms"):
        key_record("t", 1, transforms={"double": None})


def test_packaged_keys_hold_no_readable_answer():
    text = (Path(ck.exercises.__file__).with_name("keys.json")).read_text(encoding="utf-8")
    keys = json.loads(text)
    for task, rec in keys.items():
        assert re.fullmatch(r"[0-9a-f]{24}", rec["answer"]), task
        assert set(rec) <= {"kind", "places", "salt", "answer", "close", "transforms", "near", "keys", "members", "tip"}
    assert "< 0 dm" not in text.casefold() and "0.3000" not in text and "high" not in text


# --- the student copies give no answer away -----------------------------------------------

def _forms(x) -> set[str]:
    """The ways a number is written: 1234.5, 1,234.50, 1234.50, 0.1234, 12.34%."""
    x = float(x)
    forms = {repr(round(x, 6)).rstrip("0").rstrip("."), f"{x:,.2f}", f"{x:.2f}", f"{x:.4f}", f"{x:.3f}",
             f"{x * 100:.2f}%", f"{x * 100:.1f}%"}
    if abs(x) >= 10:
        forms.add(f"{x:.1f}")
    if abs(x) >= 1000:
        forms.add(f"{x:,.0f}")
    return {f for f in forms if f.strip("-0.,%")}


def _numbers(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _numbers(v)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        # small whole numbers (days, a group number) and zero appear in any text
        if not (float(value).is_integer() and abs(value) < 1000):
            yield value


EXERCISES = sorted(SOURCE.glob("*.ipynb"))


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_student_copy_holds_no_solution_and_no_answer_value(path):
    from test_exercises import _check_calls

    source = nbformat.read(path, as_version=4)
    student = student_copy(source)
    text = "\n".join(c.source for c in student.cells) + json.dumps(student.metadata)
    solutions = [c.source for c in source.cells if "### BEGIN SOLUTION" in c.source]
    for block in solutions:
        for line in block.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0].splitlines():
            if line.strip() and not line.strip().startswith("#"):
                assert line.strip() not in text, line
    tasks = _check_calls(source)
    assert tasks
    for task in tasks:
        right = _value(CASES[task][1])
        for x in _numbers(right):
            for form in _forms(x):
                assert not re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d])", text), (task, form)
