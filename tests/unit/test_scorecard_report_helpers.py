"""The scorecard helpers the notebooks 10-13 call, and the sentences their reports show."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import creditkit as ck
from creditkit import datasets
from creditkit import scorecard as sc
from creditkit.reports import scorecard_sentences as ss

Y = [1, 0, 1, 0, 0, 0]
S = [480, 520, 530, 560, 610, 640]


# --- metrics: cut-off and band edges ---------------------------------------------------------------
def test_best_cutoff_by_hand():
    # cut-off 480: 2 bads accepted = 10; 520: 1 bad = 5; 530: 1 bad + 1 good rejected = 6;
    # 560: 0 bads, 1 good rejected = 1; 610: 2 goods = 2; above 640: 4 goods = 4
    assert sc.best_cutoff(Y, S) == 560.0
    costs = sc.cutoff_table(Y, S)
    assert costs.loc[costs["expected_cost"].idxmin(), "expected_cost"] == 1.0
    # a cheap bad: accepting the 530 bad (0.5) beats rejecting the 520 good (1)
    assert sc.best_cutoff(Y, S, cost_bad_accepted=0.5) == 520.0
    # equal costs at several cut-offs: the lowest (most approvals) wins
    assert sc.best_cutoff([0, 1, 0], [500, 600, 700], cost_bad_accepted=0, cost_good_rejected=0) == 500.0


def test_score_band_edges():
    assert sc.score_band_edges([487, 512, 569, 601], width=20).tolist() == [500, 520, 540, 560, 580, 600]
    assert sc.score_band_edges([500, 560], width=20).tolist() == [520, 540]  # no edge at the extremes
    assert sc.score_band_edges([505, 511], width=20).tolist() == []
    bands = sc.score_bands(Y, S, edges=sc.score_band_edges(S, width=50))
    assert (bands["count"] > 0).all() and bands["count"].sum() == len(S)


@pytest.mark.parametrize("kwargs, exc", [({"width": 0}, ValueError), ({"width": -5}, ValueError),
                                         ({"width": "20"}, TypeError)])
def test_score_band_edges_bad_width(kwargs, exc):
    with pytest.raises(exc, match="width"):
        sc.score_band_edges(S, **kwargs)


def test_score_band_edges_bad_scores():
    with pytest.raises(ValueError, match="score"):
        sc.score_band_edges([], width=20)
    with pytest.raises(ValueError, match="score"):
        sc.score_band_edges([500, np.inf], width=20)


# --- binning comparison ---------------------------------------------------------------------------
def test_binning_comparison_matches_bin_variable():
    df = datasets.load_german()
    variants = {m: {"method": m} for m in sc.METHODS} | {"manual": {"splits": [12, 24, 36]}}
    t = sc.binning_comparison(df["duration_months"], df["bad"], variants, n_bins=4)
    assert t.index.tolist() == [*sc.METHODS, "manual"]
    for name, options in variants.items():
        vb = sc.bin_variable(df["duration_months"], df["bad"], n_bins=4, **options)
        assert t.loc[name, "iv"] == pytest.approx(vb.iv)
        assert t.loc[name, "n_bins"] == vb.n_regular
        assert t.loc[name, "bad_rates"] == pytest.approx(vb.table["bad_rate"][: vb.n_regular].tolist())
    assert t.loc["manual", "cut_points"] == "12, 24, 36" and t.loc["manual", "method"] == "manual"
    assert t.loc["optimal", "iv"] >= t["iv"].drop("manual").max() - 1e-12


def test_binning_comparison_categorical_and_errors():
    df = datasets.load_german()
    t = sc.binning_comparison(df["purpose"], df["bad"], {"tree": {"method": "tree", "n_bins": 3}})
    assert t.loc["tree", "cut_points"] == "3" and t.loc["tree", "n_bins"] == 3
    with pytest.raises(ValueError, match="variants"):
        sc.binning_comparison(df["age"], df["bad"], {})
    with pytest.raises(ValueError, match="method"):
        sc.binning_comparison(df["age"], df["bad"], {"x": {"method": "magic"}})


# --- reject inference ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def german_card():
    df = datasets.load_german()
    cols = ["checking_status", "duration_months", "credit_history", "savings_status"]
    train, test = df.iloc[:700], df.iloc[700:]
    card = sc.Scorecard(binning=sc.WOETransformer(n_bins=4)).fit(train[cols], train["bad"])
    return card, train[cols], train["bad"], test[cols], test["bad"]


def test_reject_inference_comparison_rehearses_the_two_fits(german_card):
    card, Xtr, ytr, Xte, yte = german_card
    t = sc.reject_inference_comparison(card, Xtr, ytr, Xte, yte, reject_share=0.25)
    assert t.index.tolist() == ["all_applicants", "accepts_only", "fuzzy_augmentation"]
    assert t["n_rows"].tolist() == [700, 525, 700]
    # the card itself is row one, unchanged
    assert t.loc["all_applicants", "auc"] == pytest.approx(
        sc.roc_auc(yte, card.score_points(Xte), higher_is_safer=True))
    # the accepts-only card is the same card fitted on the 525 highest-scored applicants
    keep = np.argsort(card.score_points(Xtr), kind="stable")[175:]
    again = sc.Scorecard(binning=sc.WOETransformer(n_bins=4)).fit(Xtr.iloc[keep], ytr.iloc[keep])
    assert t.loc["accepts_only", "auc"] == pytest.approx(
        sc.roc_auc(yte, again.score_points(Xte), higher_is_safer=True))
    assert (t["gini"] == 2 * t["auc"] - 1).all()
    assert 0.6 < t["auc"].min() and t["auc"].max() < 0.9


@pytest.mark.parametrize("share", [0, 1, 1.5, -0.1])
def test_reject_inference_comparison_bad_share(german_card, share):
    card, Xtr, ytr, Xte, yte = german_card
    with pytest.raises(ValueError, match="reject_share"):
        sc.reject_inference_comparison(card, Xtr, ytr, Xte, yte, reject_share=share)


def test_reject_inference_comparison_needs_a_fitted_card(german_card):
    _, Xtr, ytr, Xte, yte = german_card
    with pytest.raises(ValueError, match="fitted"):
        sc.reject_inference_comparison(sc.Scorecard(), Xtr, ytr, Xte, yte)


# --- monitoring ------------------------------------------------------------------------------------
def test_distribution_shift_numeric_and_categorical():
    t = sc.distribution_shift(pd.Series([1, 2, 3, 4, 100]), pd.Series([10, 20, 30]))
    assert t.index.tolist() == ["development", "recent"]
    assert t.loc["development"].to_dict() == {"count": 5, "mean": 22.0, "q1": 2.0, "median": 3.0, "q3": 4.0}
    assert t.loc["recent", "median"] == 20.0
    c = sc.distribution_shift(pd.Series(list("aaab")), pd.Series(list("abbc")))
    assert c.index.tolist() == ["a", "b", "c"]
    assert c["share_change"].tolist() == pytest.approx([-0.5, 0.25, 0.25])
    assert c["share_change"].sum() == pytest.approx(0)


def test_bin_shift_is_the_variables_rows_with_share_change():
    df = datasets.load_german()
    cols = ["duration_months", "credit_amount"]
    card = sc.Scorecard(binning=sc.WOETransformer(n_bins=4)).fit(df[cols], df["bad"])
    recent = sc.drift_sample(df, column="duration_months", tilt=1.0, n=500)
    table = sc.csi_table(df[cols], recent[cols], card)
    moved = sc.bin_shift(table, "duration_months")
    rows = table[table["variable"] == "duration_months"]
    assert moved["bin"].tolist() == rows["bin"].tolist()
    assert moved["share_change"].to_numpy() == pytest.approx((rows["actual_share"] - rows["expected_share"]).to_numpy())
    assert moved["csi"].sum() == pytest.approx(sc.csi(df[cols], recent[cols], card).loc["duration_months", "csi"],
                                               abs=1e-6)
    regular = moved[moved["bin"] != "missing"]
    assert regular["share_change"].iloc[-1] > 0 > regular["share_change"].iloc[0]  # long durations gained
    with pytest.raises(KeyError, match="age"):
        sc.bin_shift(table, "age")


# --- sentences -------------------------------------------------------------------------------------
def test_psi_sentence_lights_in_both_languages():
    assert ss.psi_sentence(0.05, "zh") == "PSI = 0.050：稳定（低于 0.10）。"
    assert ss.psi_sentence(0.1, "en") == "PSI = 0.100: Monitor (between 0.10 and 0.25)."
    assert ss.psi_sentence(0.25, "zh") == "PSI = 0.250：不稳定（不低于 0.25）。"
    assert ss.psi_sentence(0.3, "en", thresholds=(0.2, 0.5)).endswith("Monitor (between 0.20 and 0.50).")


def test_selection_sentence_and_reasons_follow_the_record():
    df = datasets.load_german()
    woe = sc.WOETransformer(n_bins=4).set_output(transform="pandas")
    X = woe.fit_transform(df.drop(columns="bad"), df["bad"])
    sel = sc.select_features(X, df["bad"], iv=woe.iv_, iv_min=0.05, corr_max=0.5, stepwise="aic")
    text = ss.selection_sentence(sel, "en")
    assert text.startswith(f"Of {X.shape[1]} candidate variables, {len(sel.selected)} enter the model")
    words = {"iv": "IV", "correlation": "correlation", "vif": "VIF", "stepwise": "stepwise regression"}
    for step, n in sel.report.loc[~sel.report["kept"], "step"].value_counts().items():
        assert f"{n} by {words[step]}" in text
    zh = ss.selection_reasons(sel.report, "zh")
    assert not zh.str.contains("with|not chosen").any()
    assert (zh[sel.report["kept"]] == "").all()


def test_validation_cutoff_and_gains_sentences_use_the_numbers():
    assert "no sign of overfitting" in ss.validation_sentence(0.79, 0.76, 0.4, "en")
    assert "过拟合" in ss.validation_sentence(0.9, 0.7, 0.3, "zh") and "可能过拟合" in ss.validation_sentence(0.9, 0.7, 0.3, "zh")
    row = {"approval_rate": 0.5, "bad_rate_accepted": 0.1, "cost_per_applicant": 2.0}
    assert ss.cutoff_sentence(500, row, 1.5, "en").endswith("does not lower the cost.")
    gains = sc.gains_table(Y, S, n_groups=3, higher_is_safer=True)
    assert ss.gains_sentence(gains, "en", groups=1).startswith("The riskiest 33.3% of scores hold 50.0%")


def test_binning_and_comparison_sentences():
    df = datasets.load_german()
    vb = sc.bin_variable(df["duration_months"], df["bad"], splits=[12, 24, 36])
    text = ss.binning_sentence(vb, "zh")
    rates = vb.table["bad_rate"][:4]
    assert text.startswith(ck.label("duration_months", "zh") + " 分为 4 箱") and ck.show.percent(rates.iloc[0]) in text and ck.show.percent(rates.iloc[-1]) in text
    t = sc.binning_comparison(df["duration_months"], df["bad"], {m: {"method": m} for m in sc.METHODS})
    best = t["iv"].idxmax()
    assert ss.comparison_sentence(t, "en").startswith(f"Highest IV: {ck.label(best, 'en')}")


def test_csi_and_recent_sample_sentences():
    c = pd.DataFrame({"csi": [0.03, 0.01], "status": ["stable", "stable"], "points_shift": [0.4, -0.1]},
                     index=["age", "duration_months"])
    assert ss.csi_sentence(c, "en").endswith("The others are stable.")
    assert "重新建模" in ss.recent_sample_sentence(0.8, 0.7, 0.3, 0.3, "zh")
    assert ss.recent_sample_sentence(0.8, 0.79, 0.3, 0.31, "en").endswith("about unchanged.")
