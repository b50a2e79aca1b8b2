"""Case customers, the all-tools summary and the widget helpers (creditkit.evaluation)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import creditkit as ck  # noqa: E402
from creditkit import evaluation as ev  # noqa: E402
from creditkit.evaluation import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_public_names_are_exported():
    for name in ev.__all__:
        assert hasattr(ev, name), name


def test_sample_customers_load():
    assert ck.cases.sample_customer_ids() == ["C001", "C002"]
    c = ck.cases.load_sample_customer("C002")
    assert c.display_name("en").startswith("Nanfang")
    assert c.five_w["registration_no"] is None  # blank in the file = not answered
    assert c.ahp_matrix.loc["capacity", "character"] == pytest.approx(1 / 2)
    assert list(c.statement.columns) == [2023, 2024]


def test_unknown_sample_customer_is_an_error():
    with pytest.raises(ValueError, match="customer_id"):
        ck.cases.load_sample_customer("C999")


def test_altman_to_100_anchors():
    assert ev.altman_to_100(1.23) == 25.0 and ev.altman_to_100(2.90) == 75.0
    assert ev.altman_to_100(-10) == 0.0 and ev.altman_to_100(1.81, variant="z") == 25.0


def test_ratio_score_is_mean_goodness():
    assert ev.ratio_score(pd.DataFrame({"goodness": [10.0, 30.0]})) == 20.0


def test_evaluate_customer_ties_the_tools_together():
    c = ck.cases.load_sample_customer("C001")
    e = ev.evaluate_customer(c)
    t = e.rating.table
    assert t.loc["five_c", "score"] == pytest.approx(ev.five_c_score(c.five_c).score)
    assert t.loc["rule_tree", "score"] == ev.DECISION_SCORES[e.rule_tree.loc[0, "decision"]]
    assert t.loc["altman", "score"] == pytest.approx(ev.altman_to_100(e.altman.score))
    assert e.rating.score == pytest.approx(t["score"].mean())
    assert e.terms_days == ev.payment_terms(e.rating.grade)
    assert e.limits.attrs["recommended"] == e.limits["limit"].min()
    agreement = e.agreement()
    assert (agreement["agrees"] == (agreement["grade"] == e.rating.grade)).all()


def test_evaluate_customer_risky_case_gets_cash_terms():
    e = ev.evaluate_customer(ck.cases.load_sample_customer("C002"))
    assert e.rating.grade == "E" and e.terms_days == 0 and e.limits.attrs["recommended"] == 0


def test_evaluate_customer_type_error():
    with pytest.raises(TypeError):
        ev.evaluate_customer({"customer_id": "C001"})


def test_show_five_c_with_and_without_chart():
    assert plots.show_five_c(80, 70, 60, 40, 60, lang="en", chart=False) == (64.5, "C")
    assert plots.show_five_c(80, 70, 60, 40, 60, lang="zh") == (64.5, "C")


def test_show_ahp_prints_cr_without_chart(capsys):
    res = plots.show_ahp([3, 1 / 3, 3], ["a", "b", "c"], lang="en", chart=False)
    assert not res.consistent
    assert "inconsistent" in capsys.readouterr().out


def test_show_ahp_wrong_count_is_an_error():
    with pytest.raises(ValueError, match="3 judgements"):
        plots.show_ahp([3, 5], ["a", "b", "c"])


def test_show_ratio_lights():
    t = plots.show_ratio_lights({"current_ratio": 3.0}, "services", chart=False)
    assert t.loc["current_ratio", "light"] == "green"


def test_saaty_choices_cover_the_scale():
    values = [v for _, v in plots.SAATY_CHOICES]
    assert len(values) == 17 and min(values) == pytest.approx(1 / 9) and max(values) == 9
