"""The scorecard notebooks run with non-default parameters and show the package's numbers."""

import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from sklearn.model_selection import train_test_split

import creditkit as ck
import creditkit.datasets as ds
from creditkit import scorecard as sc
from creditkit.errors import ParameterError
from creditkit.reports import run_notebook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from report_text import read_report  # noqa: E402

pytestmark = pytest.mark.notebook


def _shown(rep):
    """The sentences and table cells a reader sees in the run's HTML report."""
    page = read_report(rep.html_path.read_text(encoding="utf-8"))
    return page.outputs, page.td


def test_german_end_to_end(run_nb, tmp_path):
    rep = run_nb("10_scorecard_german", html=True, lang="en", test_size=0.25, random_state=7, n_bins=4, pdo=40,
                 reject_share=0.3, C=0.5)
    r = rep.records
    assert r["split"] == "stratified 75%/25% train/test split, random_state=7"
    assert (r["n_train"], r["n_test"]) == (750, 250)
    assert r["hand_woe_agrees"] and r["export_agrees"]
    # the notebook's hold-out AUC is the package's AUC on the same split
    df = ds.load_german()
    train, test = train_test_split(df, test_size=0.25, stratify=df["bad"], random_state=7)
    woe = sc.WOETransformer(n_bins=4, monotonic="auto_unimodal")
    card = sc.Scorecard(binning=woe, solver="sklearn", C=0.5, pdo=40)
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
    woe = woe.fit(train.drop(columns="bad"), train["bad"])
    assert r["report_trends"] == sc.binning_report(woe)["bad_rate_trend"].to_dict()
    # monotonic="auto_unimodal": monotonic bins, or one turn where the data show it (credit amount: a valley)
    assert set(r["report_trends"].values()) <= {"ascending", "descending", "peak", "valley", "flat", "one bin"}
    assert r["credit_amount_trend"] == "valley" == r["report_trends"]["credit_amount"]
    assert set(r["report_status"].values()) == {"ok"}

    # the report states these numbers in sentences, as a reader sees them
    sentences, cells = _shown(rep)
    assert "Training set: 750 customers, of whom 225 defaulted (bad): a bad rate of 30.0%." in sentences
    assert any(t.startswith(f"On the hold-out sample: AUC {r['auc_test']:.3f}, KS {r['ks_test']:.3f}")
               for t in sentences)
    assert any(t.startswith(f"Cut-off {r['cutoff']:.0f} points: on the hold-out sample it approves "
                            f"{ck.show.percent(r['approval_rate_test'])} of applicants") for t in sentences)
    assert any(t.startswith(f"Of {len(train.columns) - 1} candidate variables, {len(r['selected'])} enter the model")
               for t in sentences)
    assert f"The exported Python function gives the scorecard’s points for all 250 applicants (largest difference 0.00)." \
        in sentences
    assert any(t.startswith(f"Hold-out AUC: {r['auc_accepts_only']:.3f} from accepted applicants only") for t in sentences)
    assert "Suspiciously strong" in cells and "Ascending" in cells  # IV strength and trends as words
    # the reject-inference rehearsal is the package's on the same card
    rehearsal = sc.reject_inference_comparison(card, train[r["selected"]], train["bad"], test[r["selected"]],
                                               test["bad"], reject_share=0.3)
    assert r["auc_accepts_only"] == pytest.approx(rehearsal.loc["accepts_only", "auc"])
    assert r["auc_augmented"] == pytest.approx(rehearsal.loc["fuzzy_augmentation", "auc"])
    # the three exported files lie beside the report, and the workbook holds the card's points
    stem = rep.html_path.stem
    assert r["exported_files"] == [f"{stem}-german_scorecard.{ext}" for ext in ("xlsx", "sql", "py")]
    for name in r["exported_files"]:
        assert (tmp_path / name).stat().st_size > 0
    sheets = openpyxl.load_workbook(tmp_path / r["exported_files"][0], read_only=True)
    assert len(sheets.sheetnames) >= 1
    assert "CASE" in (tmp_path / r["exported_files"][1]).read_text(encoding="utf-8").upper()
    page = rep.html_path.read_text(encoding="utf-8")
    assert f'href="./{r["exported_files"][0]}"' in page


def test_german_with_stepwise_and_statsmodels(run_nb):
    """The former recipe as parameters: monotonic bins, stepwise AIC, statsmodels' unpenalised fit."""
    rep = run_nb("10_scorecard_german", lang="zh", monotonic="auto", stepwise="aic", solver="statsmodels")
    r = rep.records
    df = ds.load_german()
    train, test = train_test_split(df, test_size=0.3, stratify=df["bad"], random_state=42)
    woe = sc.WOETransformer(monotonic="auto").set_output(transform="pandas")
    Xw = woe.fit_transform(train.drop(columns="bad"), train["bad"])
    selected = list(sc.select_features(Xw, train["bad"], iv=woe.iv_, stepwise="aic").selected)
    assert r["selected"] == selected
    card = sc.Scorecard(binning=woe).fit(train[selected], train["bad"])
    assert r["auc_test"] == pytest.approx(sc.roc_auc(test["bad"], card.score_points(test[selected]),
                                                     higher_is_safer=True))
    assert set(r["report_trends"].values()) <= {"ascending", "descending", "flat", "one bin"}


@pytest.mark.parametrize("params, name", [({"method": "magic"}, "method"), ({"test_size": 1.2}, "test_size"),
                                          ({"reject_share": 0.0}, "reject_share"), ({"monotonic": "wavy"}, "monotonic"),
                                          ({"stepwise": "forward"}, "stepwise"), ({"solver": "glm"}, "solver"),
                                          ({"C": 0.0}, "C")])
def test_german_refuses_bad_parameters(tmp_path, params, name):
    with pytest.raises(ParameterError, match=name):
        run_notebook("10_scorecard_german", params, out_dir=tmp_path, html=False)


def test_taiwan_behavioural(run_nb):
    rep = run_nb("11_scorecard_taiwan", html=True, lang="zh", sample_size=5000, random_state=3, n_bins=4,
                 band_width=25)
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
    # bands of 25 points; their shares add up to the whole test set and are shown as percentages
    assert sum(r["band_shares"]) == pytest.approx(1.0) and len(r["band_shares"]) == r["n_bands"]
    sentences, cells = _shown(rep)
    bad = int(full["default"].sum())
    assert f"样本：共 5,000 位客户，其中 {bad:,} 位违约（坏客户），坏账率 {ck.show.percent(bad / 5000)}。" in sentences
    for share in r["band_shares"]:
        assert ck.show.percent(share) in cells
    assert any(t.startswith(f"共 {r['n_bands']} 个分数段：最低分段 [-inf, ") for t in sentences)
    assert any(t.startswith("Hosmer-Lemeshow 检验：") and f"p = {r['hl_p_value']:.3f}" in t for t in sentences)
    # the score bands are 25 points wide
    bands = [c for c in cells if c.startswith("[") and c.endswith(")") and "inf" not in c and "," in c]
    assert bands and all(float(b[1:-1].split(",")[1]) - float(b[1:-1].split(",")[0]) == 25 for b in bands[-3:])


def test_taiwan_refuses_a_negative_sample_size(tmp_path):
    with pytest.raises(ParameterError, match="sample_size"):
        run_notebook("11_scorecard_taiwan", {"sample_size": -5}, out_dir=tmp_path, html=False)


def test_playground(run_nb):
    rep = run_nb("12_scorecard_playground", html=True, lang="en", variable="age", cut_1=25, cut_2=35, cut_3=50,
                 n_bins=4)
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
    sentences, cells = _shown(rep)
    rates = vb.table["bad_rate"][:4]
    assert (f"Age in 4 bins: the bad rate goes from {ck.show.percent(rates.iloc[0])} in [-inf, 25) to "
            f"{ck.show.percent(rates.iloc[-1])} in [50, inf)") in " ".join(sentences)
    best = max(r["iv_by_method"], key=r["iv_by_method"].get)
    assert any(t.startswith(f"Highest IV: {ck.label(best, 'en')}") for t in sentences)
    assert [ck.show.percent(x) for x in rates] == [c for c in cells if c in {ck.show.percent(x) for x in rates}][:4]
    assert "Editing bins with sliders" not in rep.html_path.read_text(encoding="utf-8")  # widget section left out


@pytest.mark.parametrize("params, name", [({"variable": "purpose"}, "variable"), ({"n_bins": 1}, "n_bins")])
def test_playground_refuses_bad_parameters(tmp_path, params, name):
    with pytest.raises(ParameterError, match=name):
        run_notebook("12_scorecard_playground", params, out_dir=tmp_path, html=False)


def test_monitoring(run_nb):
    rep = run_nb("13_scorecard_monitoring", html=True, lang="zh", drift_column="credit_amount", tilt=1.2,
                 n_recent=800)
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
    sentences, cells = _shown(rep)
    status = ck.label(r["psi_status"], "zh")
    assert any(t.startswith(f"分数 PSI = {r['psi_score']:.3f}：{status}") for t in sentences)
    assert any(t.startswith(f"漂移最大的变量是{ck.label('credit_amount', 'zh')}（CSI {r['csi']['credit_amount']:.3f}，")
               for t in sentences)
    assert any(f"“{r['csi_top_gaining_bin']}”" in t for t in sentences)
    assert {"稳定", "不稳定"} & set(cells) and "stable" not in cells and "unstable" not in cells


def test_monitoring_refuses_a_variable_outside_the_card(tmp_path):
    with pytest.raises(ParameterError, match="drift_column"):
        run_notebook("13_scorecard_monitoring", {"drift_column": "job"}, out_dir=tmp_path, html=False)


def test_monitoring_without_drift_is_stable(run_nb):
    rep = run_nb("13_scorecard_monitoring", html=True, lang="en", tilt=0.0, n_recent=1000, random_state=1)
    r = rep.records
    assert r["psi_status"] == "stable"
    sentences, _ = _shown(rep)
    assert any(t.startswith(f"Score PSI = {r['psi_score']:.3f}: Stable (below 0.10).") for t in sentences)
