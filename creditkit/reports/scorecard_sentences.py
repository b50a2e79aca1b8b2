"""Sentences about a scorecard, built from its tables, for the scorecard notebooks' reports.

Each function reads a result of :mod:`creditkit.scorecard` (an IV table, the
selection record, validation figures, a cut-off row, score bands, a PSI or
CSI table) and returns a :class:`~creditkit.reports.display.Text` in Chinese
or English whose numbers and conclusion come from that result.

Examples
--------
>>> psi_sentence(0.1234, "en", what="score PSI")
'Score PSI = 0.123: Monitor (between 0.10 and 0.25).'
"""

from __future__ import annotations

import re

import pandas as pd

from ..i18n import check_lang, label, label_or_name
from .display import Text, number, percent, say

__all__ = [
    "strength_label",
    "with_strength_labels",
    "iv_sentence",
    "selection_sentence",
    "selection_reasons",
    "coefficients_sentence",
    "export_sentence",
    "validation_sentence",
    "gains_sentence",
    "cutoff_sentence",
    "reject_sentence",
    "bands_sentence",
    "calibration_sentence",
    "psi_sentence",
    "csi_sentence",
    "bin_shift_sentence",
    "binning_sentence",
    "comparison_sentence",
    "recent_sample_sentence",
]


def _name(key, lang) -> str:
    return label_or_name(key, lang) if isinstance(key, str) else str(key)


def strength_label(strength: str, lang: str = "zh") -> str:
    """The reading of an IV strength (:func:`~creditkit.scorecard.iv_strength`) in ``lang``.

    Examples
    --------
    >>> strength_label("medium", "zh"), strength_label("suspicious", "en")
    ('中等', 'Suspiciously strong')
    """
    return label(f"iv_{strength}", lang)


def with_strength_labels(table, lang: str = "zh"):
    """A copy of an IV or binning table whose ``strength`` column reads as words in ``lang``.

    Show the result with ``text=["strength"]`` so the words are kept as they are.

    Examples
    --------
    >>> with_strength_labels(pd.DataFrame({"iv": [0.2], "strength": ["medium"]}), "zh")["strength"].tolist()
    ['中等']
    """
    out = table.copy()
    out["strength"] = [strength_label(str(s), lang) for s in out["strength"]]
    return out


def iv_sentence(iv, lang: str = "zh") -> Text:
    """How many variables reach each IV strength, and which one is strongest.

    Parameters
    ----------
    iv : DataFrame
        :func:`~creditkit.scorecard.information_value`: indexed by variable,
        sorted by ``iv``, with ``iv`` and ``strength``.
    lang : {"zh", "en"}

    Examples
    --------
    >>> t = pd.DataFrame({"iv": [0.63, 0.26, 0.05, 0.01],
    ...                   "strength": ["suspicious", "medium", "weak", "unpredictive"]},
    ...                  index=["checking_status", "duration_months", "age", "job"])
    >>> iv_sentence(t, "en")
    '4 variables: 2 at least medium (IV ≥ 0.1), 1 weak, 1 without predictive power (IV < 0.02). The strongest is Checking account status (IV 0.630, Suspiciously strong): check that it does not carry the outcome itself.'
    """
    check_lang(lang)
    s = iv["strength"].astype(str)
    good = int(s.isin(["medium", "strong", "suspicious"]).sum())
    weak = int((s == "weak").sum())
    useless = int((s == "unpredictive").sum())
    top = iv.index[0]
    text = say(lang, "共 {n} 个变量：{g} 个预测力中等及以上（IV ≥ 0.1），{w} 个弱，{u} 个无预测力（IV < 0.02）。"
                     "最强的是{top}（IV {v}，{st}）",
               "{n} variables: {g} at least medium (IV ≥ 0.1), {w} weak, {u} without predictive power (IV < 0.02). "
               "The strongest is {top} (IV {v}, {st})",
               n=len(iv), g=good, w=weak, u=useless, top=_name(top, lang), v=number(iv["iv"].iloc[0], 3),
               st=strength_label(str(iv["strength"].iloc[0]), lang))
    if iv["strength"].iloc[0] == "suspicious":
        text += say(lang, "：请检查它是否“偷看了答案”。", ": check that it does not carry the outcome itself.")
    else:
        text += "。" if lang == "zh" else "."
    return Text(text)


_CORR = re.compile(r"^\|corr\| ([0-9.]+) with (.+)$")
_STEPWISE = re.compile(r"^not chosen by stepwise (AIC|BIC)$")


def selection_reasons(report, lang: str = "zh") -> pd.Series:
    """The ``reason`` column of a selection record, in ``lang``.

    Parameters
    ----------
    report : DataFrame
        ``SelectionResult.report`` of :func:`~creditkit.scorecard.select_features`.
    lang : {"zh", "en"}

    Returns
    -------
    pandas.Series
        One reason per row, empty for kept variables; variable names take
        their labels.

    Examples
    --------
    >>> r = pd.DataFrame({"reason": ["", "|corr| 0.812 with age", "not chosen by stepwise AIC", "IV 0.0100 < 0.02"]})
    >>> selection_reasons(r, "zh").tolist()
    ['', '与 年龄 的相关系数绝对值为 0.812', '逐步回归（AIC）未选入', 'IV 0.0100 < 0.02']
    """
    check_lang(lang)

    def one(reason):
        reason = "" if reason is None or (isinstance(reason, float) and pd.isna(reason)) else str(reason)
        m = _CORR.match(reason)
        if m:
            return say(lang, "与 {v} 的相关系数绝对值为 {c}", "|corr| {c} with {v}", c=m.group(1),
                       v=_name(m.group(2), lang))
        m = _STEPWISE.match(reason)
        if m:
            return say(lang, "逐步回归（{c}）未选入", "not chosen by stepwise {c}", c=m.group(1))
        return reason

    return pd.Series([str(one(r)) for r in report["reason"]], index=report.index, name="reason")


def selection_sentence(selection, lang: str = "zh") -> Text:
    """How many candidate variables entered the model, and where the others were dropped.

    Parameters
    ----------
    selection : SelectionResult or DataFrame
        The result of :func:`~creditkit.scorecard.select_features`, or its ``report``.

    Examples
    --------
    >>> r = pd.DataFrame({"variable": ["a", "b", "c", "d"], "kept": [True, True, False, False],
    ...                   "step": ["", "", "iv", "correlation"]})
    >>> selection_sentence(r, "en")
    'Of 4 candidate variables, 2 enter the model: a, b. Dropped: 1 by IV, 1 by correlation.'
    """
    check_lang(lang)
    report = getattr(selection, "report", selection)
    kept = report.loc[report["kept"].astype(bool), "variable"].tolist()
    sep = "、" if lang == "zh" else ", "
    text = say(lang, "{n} 个候选变量中有 {k} 个入模：{names}。", "Of {n} candidate variables, {k} enter the model: {names}.",
               n=len(report), k=len(kept), names=sep.join(_name(v, lang) for v in kept))
    dropped = report.loc[~report["kept"].astype(bool), "step"].value_counts()
    order = [s for s in ("iv", "correlation", "vif", "stepwise") if s in dropped.index]
    order += [s for s in dropped.index if s not in order]
    if order:
        words = {"iv": ("IV 门槛", "IV"), "correlation": ("相关性", "correlation"), "vif": ("VIF", "VIF"),
                 "stepwise": ("逐步回归", "stepwise regression")}
        parts = [(f"{words.get(s, (s, s))[0]}剔除 {int(dropped[s])} 个" if lang == "zh"
                  else f"{int(dropped[s])} by {words.get(s, (s, s))[1]}") for s in order]
        text += (" 其中" + "，".join(parts) + "。") if lang == "zh" else (" Dropped: " + ", ".join(parts) + ".")
    return Text(text)


def coefficients_sentence(coefficients, lang: str = "zh") -> Text:
    """Whether every WOE coefficient has the expected negative sign, and which do not.

    Parameters
    ----------
    coefficients : DataFrame
        ``Scorecard.coefficients_``: indexed by variable (``const`` first) with
        ``coefficient`` and ``sign_ok``.

    Examples
    --------
    >>> c = pd.DataFrame({"coefficient": [-0.9, -0.8, 0.2], "sign_ok": [True, True, False]},
    ...                  index=["const", "duration_months", "age"])
    >>> coefficients_sentence(c, "en")
    '1 of 2 coefficients is negative as expected; positive: Age (0.2000): check for collinearity before using the card.'
    >>> coefficients_sentence(c.iloc[:2], "zh")
    '全部 1 个变量的系数都为负，与“WOE 越高风险越低”的方向一致。'
    """
    check_lang(lang)
    c = coefficients.drop(index="const", errors="ignore")
    wrong = c[~c["sign_ok"].astype(bool)]
    if wrong.empty:
        return say(lang, "全部 {n} 个变量的系数都为负，与“WOE 越高风险越低”的方向一致。",
                   "All {n} coefficients are negative, as WOE (higher = safer) requires.", n=len(c))
    sep = "、" if lang == "zh" else ", "
    names = sep.join(f"{_name(v, lang)} ({number(x, 4)})" if lang == "en" else f"{_name(v, lang)}（{number(x, 4)}）"
                     for v, x in wrong["coefficient"].items())
    return say(lang, "{n} 个系数中有 {k} 个为负；为正的是{names}：使用积分卡之前请检查共线性。",
               "{k} of {n} coefficients is negative as expected; positive: {names}: check for collinearity "
               "before using the card.", n=len(c), k=len(c) - len(wrong), names=names)


def export_sentence(exported, points, lang: str = "zh", *, what: str | None = None) -> Text:
    """Whether an exported scoring function gives the scorecard's own points on every applicant.

    Examples
    --------
    >>> export_sentence([512, 530], [512.0, 530.0], "en")
    'The exported Python function gives the scorecard’s points for all 2 applicants (largest difference 0.00).'
    >>> export_sentence([512, 531], [512.0, 530.0], "zh")
    '导出的 Python 函数与积分卡的打分有 1 位申请人不一致（最大差 1.00）：请检查导出。'
    """
    import numpy as np

    check_lang(lang)
    a, b = np.asarray(exported, dtype="float64"), np.asarray(points, dtype="float64")
    diff = np.abs(a - b)
    bad = int((diff > 1e-9).sum())
    shown = what or ("导出的 Python 函数" if lang == "zh" else "The exported Python function")
    if not bad:
        return say(lang, "{w}对全部 {n} 位申请人的打分与积分卡一致（最大差 {d}）。",
                   "{w} gives the scorecard’s points for all {n} applicants (largest difference {d}).",
                   w=shown, n=len(a), d=number(diff.max() if len(diff) else 0, 2))
    return say(lang, "{w}与积分卡的打分有 {k} 位申请人不一致（最大差 {d}）：请检查导出。",
               "{w} differs from the scorecard for {k} applicants (largest difference {d}): check the export.",
               w=shown, k=bad, d=number(diff.max(), 2))


def validation_sentence(auc_train, auc_test, ks_test, lang: str = "zh", *, max_gap: float = 0.05) -> Text:
    """Hold-out AUC, KS and Gini against the training AUC, and whether the gap suggests overfitting.

    Examples
    --------
    >>> validation_sentence(0.80, 0.77, 0.45, "en")
    'On the hold-out sample: AUC 0.770, KS 0.450, Gini 0.540; training AUC 0.800. The gap of 0.030 is within 0.05: no sign of overfitting.'
    >>> validation_sentence(0.76, 0.77, 0.41, "en").endswith("not below the training AUC: no sign of overfitting.")
    True
    >>> validation_sentence(0.85, 0.74, 0.38, "zh").split("。")[1]
    '测试集比训练集低 0.110，超过 0.05：可能过拟合，请减少变量或分箱'
    """
    check_lang(lang)
    gap = float(auc_train) - float(auc_test)
    text = say(lang, "留出测试集上：AUC {a}，KS {k}，基尼系数 {g}；训练集 AUC {t}。",
               "On the hold-out sample: AUC {a}, KS {k}, Gini {g}; training AUC {t}.",
               a=number(auc_test, 3), k=number(ks_test, 3), g=number(2 * float(auc_test) - 1, 3),
               t=number(auc_train, 3))
    if gap > max_gap:
        text += say(lang, "测试集比训练集低 {d}，超过 {m}：可能过拟合，请减少变量或分箱。",
                    " The test AUC is {d} lower, more than {m}: the model may overfit; use fewer variables or bins.",
                    d=number(gap, 3), m=number(max_gap, 2))
    elif gap <= 0:
        text += say(lang, "测试集不低于训练集：没有过拟合的迹象。",
                    " The test AUC is not below the training AUC: no sign of overfitting.")
    else:
        text += say(lang, "两者相差 {d}，在 {m} 以内：没有过拟合的迹象。",
                    " The gap of {d} is within {m}: no sign of overfitting.", d=number(gap, 3), m=number(max_gap, 2))
    return Text(text)


def gains_sentence(gains, lang: str = "zh", *, groups: int = 2) -> Text:
    """Share of all bad customers caught by the riskiest ``groups`` of a gains table.

    Examples
    --------
    >>> g = pd.DataFrame({"cum_count_share": [0.1, 0.2, 0.3], "cum_bad_share": [0.24, 0.44, 0.56],
    ...                   "cum_lift": [2.4, 2.2, 1.87]})
    >>> gains_sentence(g, "en")
    'The riskiest 20.0% of scores hold 44.0% of all bad customers (2.20 times a random pick).'
    """
    check_lang(lang)
    row = gains.iloc[min(groups, len(gains)) - 1]
    return say(lang, "分数最低（风险最高）的 {p} 客户中包含了全部坏客户的 {b}（是随机挑选的 {l} 倍）。",
               "The riskiest {p} of scores hold {b} of all bad customers ({l} times a random pick).",
               p=percent(row["cum_count_share"]), b=percent(row["cum_bad_share"]), l=number(row["cum_lift"], 2))


def cutoff_sentence(cutoff, row, accept_all_cost, lang: str = "zh") -> Text:
    """The chosen cut-off and what it does on the hold-out sample, against approving everyone.

    Parameters
    ----------
    cutoff : float
        The cut-off in points (applicants at or above it are approved).
    row : mapping or Series
        The cut-off's row of :func:`~creditkit.scorecard.cutoff_table` on the
        hold-out sample.
    accept_all_cost : float
        Cost per applicant when everyone is approved.

    Examples
    --------
    >>> row = {"approval_rate": 0.62, "bad_rate_accepted": 0.12, "cost_per_applicant": 0.71}
    >>> cutoff_sentence(512, row, 1.5, "en")
    'Cut-off 512 points: on the hold-out sample it approves 62.0% of applicants, whose bad rate is 12.0%; the cost per applicant is 0.71 against 1.50 when everyone is approved, 52.7% lower.'
    """
    check_lang(lang)
    cost = float(row["cost_per_applicant"])
    saving = 1 - cost / accept_all_cost if accept_all_cost else float("nan")
    text = say(lang, "审批分数线 {c} 分：在测试集上通过 {a} 的申请人，通过客户的坏账率为 {b}；人均误判成本 {k}，"
                     "全部通过时为 {all}",
               "Cut-off {c} points: on the hold-out sample it approves {a} of applicants, whose bad rate is {b}; "
               "the cost per applicant is {k} against {all} when everyone is approved",
               c=number(cutoff, 0), a=percent(row["approval_rate"]), b=percent(row["bad_rate_accepted"]),
               k=number(cost, 2), all=number(accept_all_cost, 2))
    if saving > 0:
        text += say(lang, "，降低 {s}。", ", {s} lower.", s=percent(saving))
    else:
        text += say(lang, "：这条分数线没有降低成本。", ": this cut-off does not lower the cost.")
    return Text(text)


def reject_sentence(table, lang: str = "zh") -> Text:
    """What reject inference recovered: the hold-out AUC of accepts-only and augmented cards.

    Parameters
    ----------
    table : DataFrame
        :func:`~creditkit.scorecard.reject_inference_comparison`.

    Examples
    --------
    >>> t = pd.DataFrame({"auc": [0.78, 0.75, 0.77]}, index=["all_applicants", "accepts_only", "fuzzy_augmentation"])
    >>> reject_sentence(t, "en")
    'Hold-out AUC: 0.750 from accepted applicants only, 0.770 with fuzzy augmentation (0.780 with every outcome known): the augmentation recovers 0.020.'
    """
    check_lang(lang)
    a, f, full = (float(table.loc[k, "auc"]) for k in ("accepts_only", "fuzzy_augmentation", "all_applicants"))
    text = say(lang, "测试集 AUC：只用通过客户 {a}，模糊扩充后 {f}（已知全部结果时为 {full}）",
               "Hold-out AUC: {a} from accepted applicants only, {f} with fuzzy augmentation "
               "({full} with every outcome known)", a=number(a, 3), f=number(f, 3), full=number(full, 3))
    if f > a:
        text += say(lang, "：扩充找回了 {d}。", ": the augmentation recovers {d}.", d=number(f - a, 3))
    else:
        text += say(lang, "：这次扩充没有提高排序能力。", ": here the augmentation does not improve the ranking.")
    return Text(text)


def bands_sentence(bands, lang: str = "zh") -> Text:
    """Bad rate of the riskiest and the safest score band.

    Parameters
    ----------
    bands : DataFrame
        :func:`~creditkit.scorecard.score_bands`, lowest points first.

    Examples
    --------
    >>> b = pd.DataFrame({"score_band": ["[-inf, 500)", "[500, 550)", "[550, inf)"], "count": [98, 123, 79],
    ...                   "share": [0.327, 0.41, 0.263], "bad_rate": [0.561, 0.228, 0.063]})
    >>> bands_sentence(b, "en")
    '3 score bands: the lowest, [-inf, 500) (32.7% of customers), has a bad rate of 56.1%; the highest, [550, inf) (26.3%), 6.3%.'
    """
    check_lang(lang)
    b = bands[bands["count"] > 0]
    lo, hi = b.iloc[0], b.iloc[-1]
    return say(lang, "共 {n} 个分数段：最低分段 {l}（占 {ls} 客户）坏账率 {lr}；最高分段 {h}（占 {hs}）为 {hr}。",
               "{n} score bands: the lowest, {l} ({ls} of customers), has a bad rate of {lr}; "
               "the highest, {h} ({hs}), {hr}.",
               n=len(b), l=str(lo["score_band"]), ls=percent(lo["share"]), lr=percent(lo["bad_rate"]),
               h=str(hi["score_band"]), hs=percent(hi["share"]), hr=percent(hi["bad_rate"]))


def calibration_sentence(hl, lang: str = "zh", *, alpha: float = 0.05) -> Text:
    """The Hosmer-Lemeshow test read out: statistic, degrees of freedom, p-value and the verdict.

    Examples
    --------
    >>> from creditkit.scorecard import HosmerLemeshow
    >>> calibration_sentence(HosmerLemeshow(statistic=21.3, dof=8, p_value=0.0064), "en")
    'Hosmer-Lemeshow test: statistic 21.30 with 8 degrees of freedom, p = 0.006 (below 0.05): predicted and observed default rates differ; recalibrate the probabilities before using them as such.'
    """
    check_lang(lang)
    text = say(lang, "Hosmer-Lemeshow 检验：统计量 {s}，自由度 {d}，p = {p}",
               "Hosmer-Lemeshow test: statistic {s} with {d} degrees of freedom, p = {p}",
               s=number(hl.statistic, 2), d=int(hl.dof), p=number(hl.p_value, 3))
    if hl.p_value < alpha:
        text += say(lang, "（低于 {a}）：预测违约率与实际违约率不一致，把分数当概率使用前需要重新校准。",
                    " (below {a}): predicted and observed default rates differ; recalibrate the probabilities "
                    "before using them as such.", a=number(alpha, 2))
    else:
        text += say(lang, "（不低于 {a}）：预测违约率与实际违约率没有显著差异。",
                    " (not below {a}): predicted and observed default rates do not differ significantly.",
                    a=number(alpha, 2))
    return Text(text)


def psi_sentence(value, lang: str = "zh", *, what: str | None = None, thresholds=(0.1, 0.25)) -> Text:
    """A PSI or CSI value with its traffic light (stable / monitor / unstable) and bounds.

    Examples
    --------
    >>> psi_sentence(0.03, "zh", what="分数 PSI")
    '分数 PSI = 0.030：稳定（低于 0.10）。'
    >>> psi_sentence(0.4, "en")
    'PSI = 0.400: Unstable (0.25 or more).'
    """
    from ..scorecard import stability_status

    check_lang(lang)
    lo, hi = thresholds
    status = stability_status(value, thresholds=thresholds)
    bound = {"stable": ("低于 {lo}", "below {lo}"), "monitor": ("介于 {lo} 与 {hi} 之间", "between {lo} and {hi}"),
             "unstable": ("不低于 {hi}", "{hi} or more")}[status]
    where = say(lang, *bound, lo=number(lo, 2), hi=number(hi, 2))
    shown = what or "PSI"
    text = say(lang, "{w} = {v}：{s}（{b}）。", "{w} = {v}: {s} ({b}).", w=shown, v=number(value, 3),
               s=label(status, lang), b=where)
    return Text(text[0].upper() + text[1:] if lang == "en" else text)


def csi_sentence(characteristics, lang: str = "zh") -> Text:
    """Which characteristic moved most (CSI), its light, and how far it moved the mean score.

    Parameters
    ----------
    characteristics : DataFrame
        :func:`~creditkit.scorecard.csi`: indexed by variable, sorted by ``csi``,
        with ``csi``, ``status`` and ``points_shift``.

    Examples
    --------
    >>> c = pd.DataFrame({"csi": [0.50, 0.11, 0.02], "status": ["unstable", "monitor", "stable"],
    ...                   "points_shift": [-8.1, -2.8, -0.5]}, index=["duration_months", "credit_amount", "age"])
    >>> csi_sentence(c, "en")
    'The characteristic that moved most is Duration (months) (CSI 0.500, Unstable); it moves the mean score by -8.1 points. 1 more at Monitor.'
    """
    check_lang(lang)
    top = characteristics.index[0]
    row = characteristics.iloc[0]
    text = say(lang, "漂移最大的变量是{v}（CSI {c}，{s}），它使平均分变化 {p} 分。",
               "The characteristic that moved most is {v} (CSI {c}, {s}); it moves the mean score by {p} points.",
               v=_name(top, lang), c=number(row["csi"], 3), s=label(str(row["status"]), lang),
               p=number(row["points_shift"], 1))
    rest = characteristics.iloc[1:]["status"].astype(str)
    n_watch = int((rest != "stable").sum())
    if n_watch:
        text += say(lang, "另有 {n} 个变量需要关注或不稳定。", " {n} more at {m}.", n=n_watch,
                    m="/".join(label(s, lang) for s in ("monitor", "unstable") if (rest == s).any()))
    else:
        text += say(lang, "其余变量都稳定。", " The others are stable.")
    return Text(text)


def bin_shift_sentence(shift, lang: str = "zh", *, name: str | None = None) -> Text:
    """The bin of a drifted variable that gained most, from :func:`~creditkit.scorecard.bin_shift`.

    Examples
    --------
    >>> t = pd.DataFrame({"bin": ["[-inf, 12)", "[12, inf)"], "expected_share": [0.6, 0.4],
    ...                   "actual_share": [0.45, 0.55], "share_change": [-0.15, 0.15], "points": [10.0, -12.0]})
    >>> bin_shift_sentence(t, "en", name="Duration")
    'Duration: the bin [12, inf) gained most, from 40.0% to 55.0% of customers (+15.0 points); each of them scores -12 points there.'
    """
    check_lang(lang)
    row = shift.loc[shift["share_change"].idxmax()]
    change = float(row["share_change"]) * 100
    return say(lang, "{v}：占比上升最多的是“{b}”，从 {e} 升到 {a}（{c} 个百分点）；落在这一箱的客户每人得 {p} 分。",
               "{v}: the bin {b} gained most, from {e} to {a} of customers ({c} points); each of them scores {p} "
               "points there.", v=name or "", b=str(row["bin"]), e=percent(row["expected_share"]),
               a=percent(row["actual_share"]), c=("+" if change > 0 else "") + number(change, 1),
               p=number(row["points"], 0))


def binning_sentence(binning, lang: str = "zh", *, name: str | None = None) -> Text:
    """A variable's bins read out: how many, bad rate of the first and last bin, trend, IV and strength.

    Parameters
    ----------
    binning : VariableBinning
        The result of :func:`~creditkit.scorecard.bin_variable`.
    name : str, optional
        Variable name shown (default the binning's own, with its label).

    Examples
    --------
    >>> import numpy as np
    >>> from creditkit.scorecard import bin_variable
    >>> vb = bin_variable(np.arange(1, 9), [1, 1, 0, 1, 0, 0, 0, 0], splits=[4], smoothing=0)
    >>> binning_sentence(vb, "en", name="x")
    'x in 2 bins: the bad rate goes from 66.7% in [-inf, 4) to 20.0% in [4, inf) (Descending); IV 0.970, Suspiciously strong.'
    """
    from ..scorecard import binning_report

    check_lang(lang)
    t = binning.table.iloc[: binning.n_regular]
    rates = t["bad_rate"].to_numpy(dtype="float64")
    summary = binning_report({binning.name or "x": binning}).iloc[0]
    trend, strength = str(summary["bad_rate_trend"]), str(summary["strength"])
    shown = name or _name(binning.name, lang)
    return say(lang, "{v} 分为 {k} 箱：坏账率从“{a}”的 {ra} 到“{b}”的 {rb}（{tr}）；IV {iv}，{st}。",
               "{v} in {k} bins: the bad rate goes from {ra} in {a} to {rb} in {b} ({tr}); IV {iv}, {st}.",
               v=shown, k=binning.n_regular, a=str(t["bin"].iloc[0]), ra=percent(rates[0]),
               b=str(t["bin"].iloc[-1]), rb=percent(rates[-1]), tr=label(trend, lang), iv=number(binning.iv, 3),
               st=strength_label(strength, lang))


def comparison_sentence(comparison, lang: str = "zh") -> Text:
    """Which way of binning gives the highest and the lowest IV, from :func:`~creditkit.scorecard.binning_comparison`.

    Examples
    --------
    >>> t = pd.DataFrame({"n_bins": [5, 3], "iv": [0.21, 0.15]}, index=pd.Index(["optimal", "uniform"], name="variant"))
    >>> comparison_sentence(t, "en")
    'Highest IV: Optimal (0.210, 5 bins); lowest: Uniform (0.150, 3 bins).'
    """
    check_lang(lang)
    hi, lo = comparison["iv"].idxmax(), comparison["iv"].idxmin()
    return say(lang, "IV 最高的是{h}（{hv}，{hn} 箱）；最低的是{l}（{lv}，{ln} 箱）。",
               "Highest IV: {h} ({hv}, {hn} bins); lowest: {l} ({lv}, {ln} bins).",
               h=_name(hi, lang), hv=number(comparison.loc[hi, "iv"], 3), hn=int(comparison.loc[hi, "n_bins"]),
               l=_name(lo, lang), lv=number(comparison.loc[lo, "iv"], 3), ln=int(comparison.loc[lo, "n_bins"]))


def recent_sample_sentence(dev_auc, recent_auc, dev_bad_rate, recent_bad_rate, lang: str = "zh") -> Text:
    """The recent sample against the development sample: AUC and bad rate.

    Examples
    --------
    >>> recent_sample_sentence(0.79, 0.78, 0.30, 0.36, "en")
    'Recent sample: AUC 0.780 (development 0.790), bad rate 36.0% (development 30.0%). The ranking holds, but the bad rate moved by 6.0 points: recheck the cut-off and the bad-debt budget.'
    """
    check_lang(lang)
    text = say(lang, "近期样本：AUC {ra}（开发样本 {da}），坏账率 {rb}（开发样本 {db}）。",
               "Recent sample: AUC {ra} (development {da}), bad rate {rb} (development {db}).",
               ra=number(recent_auc, 3), da=number(dev_auc, 3), rb=percent(recent_bad_rate), db=percent(dev_bad_rate))
    moved = abs(float(recent_bad_rate) - float(dev_bad_rate)) * 100
    ranking = float(dev_auc) - float(recent_auc) <= 0.05
    if ranking and moved >= 2:
        text += say(lang, "排序能力还在，但坏账率变化了 {m} 个百分点：请重新核对审批分数线和坏账预算。",
                    " The ranking holds, but the bad rate moved by {m} points: recheck the cut-off and the bad-debt budget.",
                    m=number(moved, 1))
    elif ranking:
        text += say(lang, "排序能力和坏账率都基本不变。", " Ranking and bad rate are about unchanged.")
    else:
        text += say(lang, "排序能力明显下降：需要重新建模。", " The ranking has weakened clearly: rebuild the scorecard.")
    return Text(text)
