"""The scorecard notebooks run with non-default parameters and show the package's numbers."""

import numpy as np
import pytest
from sklearn.model_selection import train_test_split

import creditkit.datasets as ds
from creditkit import scorecard as sc

pytestmark = pytest.mark.notebook


def test_german_end_to_end(run_nb):
    rep = run_nb("10_scorecard_german", lang="en", test_size=0.25, random_state=7, n_bins=4, pdo=40)
    r = rep.records
    assert r["split"] == "stratified 75%/25% train/test split, random_state=7"
    assert (r["n_train"], r["n_test"]) == (750, 250)
    assert r["hand_woe_agrees"] and r["export_agrees"]
    # the notebook's hold-out AUC is the package's AUC on the same split
    df = ds.load_german()
    train, test = train_test_split(df, test_size=0.25, stratify=df["bad"], random_state=7)
    card = sc.Scorecard(binning=sc.WOETransformer(n_bins=4, monotonic="auto"), pdo=40)
    card.fit(train[r["selected"]], train["bad"])
    auc = sc.roc_auc(test["bad"], card.score_points(test[r["selected"]]), higher_is_safer=True)
    assert r["auc_test"] == pytest.approx(auc)
    assert 0.7 < r["auc_test"] < 0.9 and r["ks_test"] > 0.3
    assert r["iv_checking_status"] == pytest.approx(
        sc.bin_variable(train["checking_status"], train["bad"], method="quantile", min_bin_share=0, smoothing=0).iv
    )
    assert r["top_variable"] == "checking_status"
    assert abs(r["points_by_hand"] - r["points_from_table"]) < len(r["selected"])  # rounding of each attribute
    assert r["cost_per_applicant_test"] < r["cost_accept_all_test"]
    assert 0 < r["approval_rate_test"] < 1
    # the decision report is the package's, on the same binning
    woe = sc.WOETransformer(n_bins=4, monotonic="auto").fit(train.drop(columns="bad"), train["bad"])
    assert r["report_trends"] == sc.binning_report(woe)["bad_rate_trend"].to_dict()
    assert set(r["report_trends"].values()) <= {"ascending", "descending", "flat", "one bin"}  # monotonic="auto"
    assert set(r["report_status"].values()) == {"ok"}


def test_taiwan_behavioural(run_nb):
    rep = run_nb("11_scorecard_taiwan", lang="en", sample_size=5000, random_state=3, n_bins=4)
    r = rep.records
    assert r["n_rows"] == 5000
    assert r["hand_woe_agrees"] and r["woe_late"] < -1
    assert r["top3"][0] == "PAY_0"
    assert "PAY_0" in r["selected"]
    assert r["auc_test"] > 0.7
    full = ds.load_taiwan().drop(columns="ID").sample(5000, random_state=3)
    train, _ = train_test_split(full, test_size=0.3, stratify=full["default"], random_state=3)
    vb = sc.bin_variable(train["PAY_0"], train["default"], special_values=[-2, -1], monotonic="ascending", n_bins=4)
    assert r["iv_pay0"] == pytest.approx(vb.iv)


def test_playground(run_nb):
    rep = run_nb("12_scorecard_playground", lang="en", variable="age", cut_1=25, cut_2=35, cut_3=50, n_bins=4)
    r = rep.records
    df = ds.load_german()
    vb = sc.bin_variable(df["age"], df["bad"], splits=[25, 35, 50])
    assert r["tiny_iv_agrees"]
    assert r["iv_manual"] == pytest.approx(vb.iv)
    assert r["bad_rate_manual"] == pytest.approx(vb.table["bad_rate"][:4].tolist(), abs=1e-6)
    assert r["iv_by_method"]["tree"] == pytest.approx(
        sc.bin_variable(df["age"], df["bad"], method="tree", n_bins=4).iv, abs=1e-6
    )
    assert r["iv_by_method"]["optimal"] == pytest.approx(sc.bin_variable(df["age"], df["bad"], n_bins=4).iv, abs=1e-6)
    assert r["iv_by_method"]["optimal"] >= max(r["iv_by_method"].values()) - 1e-6
    rates = np.array(r["monotonic_rates"])
    assert (np.diff(rates) >= 0).all() or (np.diff(rates) <= 0).all()
    assert r["iv_monotonic"]["optimal"] >= r["iv_monotonic"]["chimerge"] - 1e-12


def test_monitoring(run_nb):
    rep = run_nb("13_scorecard_monitoring", lang="en", drift_column="credit_amount", tilt=1.2, n_recent=800)
    r = rep.records
    assert r["psi_hand_agrees"] and r["psi_hand"] == pytest.approx(0.1 * np.log(4 / 3) - 0.1 * np.log(2 / 3))  # = 0.1 ln 2
    assert r["top_csi_variable"] == "credit_amount"
    assert r["psi_status"] == sc.stability_status(r["psi_score"])
    assert r["csi"]["credit_amount"] > 0.1
    # the attribute terms add up to the variable's CSI; high amounts became more common (tilt > 0)
    assert r["csi_top_variable_sum"] == pytest.approx(r["csi"]["credit_amount"], abs=1e-6)
    card = sc.Scorecard(binning=sc.WOETransformer(n_bins=5, monotonic="auto"))
    dev = ds.load_german()
    features = ["checking_status", "duration_months", "credit_history", "savings_status", "purpose", "credit_amount", "age"]
    card.fit(dev[features], dev["bad"])
    recent = sc.drift_sample(dev, column="credit_amount", tilt=1.2, n=800, random_state=0)
    moved = sc.csi_table(dev[features], recent[features], card).query("variable == 'credit_amount'")
    assert r["csi_top_gaining_bin"] == moved.loc[(moved["actual_share"] - moved["expected_share"]).idxmax(), "bin"]
    lower = float(r["csi_top_gaining_bin"].split(",")[0].strip("["))
    assert lower >= np.median(dev["credit_amount"])  # a bin of high amounts gained the most


def test_monitoring_without_drift_is_stable(run_nb):
    r = run_nb("13_scorecard_monitoring", lang="en", tilt=0.0, n_recent=1000, random_state=1).records
    assert r["psi_status"] == "stable"
