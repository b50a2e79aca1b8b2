"""The logistic scorecard: WOE binning, a logistic model and points.

:class:`Scorecard` chains a :class:`~creditkit.scorecard.WOETransformer`
(given as an object, so every binning option is the transformer's own), a
logistic regression of P(bad) on the WOE values (statsmodels, with summary
and p-values, or scikit-learn) and the PDO scaling of
:mod:`creditkit.scorecard.scaling`.

Because WOE is ``ln(share of goods / share of bads)`` (higher = safer), every
coefficient of a model of P(bad) should be **negative**; a positive one means
the variable works against its own binning, usually through collinearity,
and is flagged in :attr:`Scorecard.coefficients_`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from .._checks import check_choice, check_number
from ..errors import ScorecardError, SignWarning, TargetWarning
from ._counts import check_binary_target, check_frame, check_sample_weight
from .scaling import apply_points, pdo_scaling, points_table
from .woe import WOETransformer

#: Designs (rows × columns) up to this size are fitted on one BLAS thread.
_ONE_THREAD_CELLS = 2_000_000

__all__ = ["Scorecard", "DEFAULT_BINNING", "fit_logit", "coefficient_table", "SignWarning"]

SOLVERS = ("statsmodels", "sklearn")

#: The binning a :class:`Scorecard` uses when it is given none.
DEFAULT_BINNING = WOETransformer(monotonic="auto")


def fit_logit(X_woe, y, *, sample_weight=None):
    """Logistic regression of P(bad) on WOE columns with statsmodels.

    Parameters
    ----------
    X_woe : DataFrame
        WOE values (one column per variable).
    y : array-like of 0/1
    sample_weight : array-like, optional
        Frequency weights (a binomial GLM is fitted then).

    Returns
    -------
    statsmodels results
        With ``params``, ``bse``, ``pvalues``, ``aic``, ``bic`` and ``summary()``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> X = pd.DataFrame({"w": rng.normal(size=500)})
    >>> y = (rng.random(500) < 1 / (1 + np.exp(1 + X["w"]))).astype(int)
    >>> res = fit_logit(X, y)
    >>> bool(res.params["w"] < 0)
    True
    """
    import statsmodels.api as sm

    frame = check_frame(X_woe, "X_woe")
    y = check_binary_target(y)
    w = check_sample_weight(sample_weight, len(y))
    exog = sm.add_constant(frame.astype("float64"), has_constant="add")
    if w is None:
        model = sm.Logit(y, exog)
        try:
            return model.fit(disp=0, maxiter=100)
        except np.linalg.LinAlgError:
            return model.fit(disp=0, method="bfgs", maxiter=500)
    model = sm.GLM(y, exog, family=sm.families.Binomial(), freq_weights=w)
    return model.fit()


def coefficient_table(result, *, iv=None) -> pd.DataFrame:
    """Coefficients of a fitted statsmodels logit with the WOE sign check.

    Returns a table indexed by variable (``const`` first) with
    ``coefficient, std_err, z, p_value`` and ``sign_ok`` (True when a WOE
    variable's coefficient is negative, as it should be), plus ``iv`` when
    given.
    """
    params = result.params
    table = pd.DataFrame(
        {
            "coefficient": params,
            "std_err": result.bse,
            "z": result.tvalues,
            "p_value": result.pvalues,
        }
    )
    table.index.name = "variable"
    table["sign_ok"] = (table["coefficient"] <= 0) | (table.index == "const")
    if iv is not None:
        table["iv"] = pd.Series(iv).reindex(table.index)
    return table


def _greater_numeric_label(arr):
    """The greater of exactly two numeric labels other than 0/1 (warned about), else None.

    None leaves the target to :func:`check_binary_target`: 0/1 and boolean
    targets, text (refused there), one class or more than two.
    """
    if arr.ndim != 1 or arr.dtype.kind not in "iuf" or (arr.dtype.kind == "f" and np.isnan(arr).any()):
        return None
    values = np.unique(arr)
    if len(values) != 2 or np.isin(values, [0, 1]).all() or (values != np.round(values)).any():
        return None
    good, bad = values.tolist()
    warnings.warn(
        f"y holds {good!r} and {bad!r}, not 0/1: {bad!r} (the greater) is taken as the bad class; "
        f"pass bad_label= to say otherwise",
        TargetWarning,
        stacklevel=4,
    )
    return bad


class Scorecard(ClassifierMixin, BaseEstimator):
    """A points scorecard: WOE binning, logistic regression and PDO scaling.

    Parameters
    ----------
    binning : WOETransformer, optional
        The binning: every binning option (method, number of bins, monotonic
        trend, special values, bins fixed by hand, smoothing, ...) is set on
        it, and :meth:`fit` fits a clone of it (the object given is left as it
        is, fitted or not). None
        uses :data:`DEFAULT_BINNING`, ``WOETransformer(monotonic="auto")``:
        the transformer's defaults with a monotonic bad rate, the usual demand
        on a scorecard's bins.
    solver : {"statsmodels", "sklearn"}, default "statsmodels"
        statsmodels gives p-values and a summary (``model_``); scikit-learn's
        ``LogisticRegression`` allows a penalty through ``C``.
    C : float, optional
        Inverse penalty strength for ``solver="sklearn"`` (None: no penalty).
    base_score, base_odds, pdo : float, default 600, 50, 20
        Scaling: ``base_score`` points at good:bad odds ``base_odds``, odds
        doubling every ``pdo`` points.
    spread_intercept : bool, default False
        Spread the base points over the variables.
    decimals : int or None, default 0
        Rounding of the attribute points.
    bad_label : scalar, optional
        The label of the bad class when ``y`` holds two labels other than
        0/1 (``"bad"`` / ``"good"``, ``1`` / ``2``, ...). Without it, a text
        target is refused (which of ``"good"`` / ``"bad"`` sorts last says
        nothing about which is bad, and a wrong guess inverts every score);
        a target of two other numbers takes the greater as bad, as
        scikit-learn takes ``classes_[1]`` as the positive class (the German
        data's own coding, 1 = good, 2 = bad), with a
        :class:`~creditkit.errors.TargetWarning` naming both labels.
    prefit_binning : bool, default False
        Use ``binning`` as fitted instead of fitting a clone: each column of
        ``X`` keeps the bins ``binning`` found for it, e.g. after
        :func:`~creditkit.scorecard.select_features` on the WOE columns of the
        same training rows, which saves binning the chosen columns again (the
        bins are the same: each column is binned on its own). ``binning``
        must be a fitted ``WOETransformer`` holding every column of ``X``,
        fitted on the same rows and target: a column whose bins count other
        rows or bads than ``X`` and ``y`` is refused by name. scikit-learn's
        ``clone`` (cross-validation, grid search) leaves ``binning`` unfitted,
        so a clone with this setting refuses to fit: leave it False there.

    Attributes
    ----------
    woe_ : WOETransformer
        The fitted binning (a fitted clone of ``binning``).
    model_ : statsmodels results or LogisticRegression
    coef_ : ndarray of shape (1, n_features)
    intercept_ : ndarray of shape (1,)
    classes_ : ndarray
        ``[good, bad]``: ``[0, 1]`` for a 0/1 (or boolean) target; with
        ``bad_label``, the other label and ``bad_label``; for two other
        numbers, the smaller and the greater.
    coefficients_ : DataFrame
        Coefficients (with p-values for statsmodels), ``used`` (False for a
        variable left with one bin, whose coefficient is 0), IV and the sign
        check ``sign_ok``.
    scaling_ : Scaling
    points_table_ : DataFrame
        Points of every attribute; :meth:`score_points` uses it alone.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Only when fitted on a DataFrame with string column names.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> X = pd.DataFrame({"income": rng.normal(50, 10, 2000), "debt": rng.normal(20, 5, 2000)})
    >>> logit = -2 - 0.08 * (X["income"] - 50) + 0.15 * (X["debt"] - 20)
    >>> y = (rng.random(2000) < 1 / (1 + np.exp(-logit))).astype(int)
    >>> sc = Scorecard(binning=WOETransformer(n_bins=4, monotonic="auto")).fit(X, y)
    >>> bool(sc.coefficients_["sign_ok"].all())
    True
    >>> pts = sc.score_points(X)
    >>> bool(pts[y == 0].mean() > pts[y == 1].mean())
    True
    """

    def __init__(
        self,
        *,
        binning=None,
        solver="statsmodels",
        C=None,
        base_score=600,
        base_odds=50,
        pdo=20,
        spread_intercept=False,
        decimals=0,
        bad_label=None,
        prefit_binning=False,
    ):
        self.binning = binning
        self.solver = solver
        self.C = C
        self.base_score = base_score
        self.base_odds = base_odds
        self.pdo = pdo
        self.spread_intercept = spread_intercept
        self.decimals = decimals
        self.bad_label = bad_label
        self.prefit_binning = prefit_binning

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.classifier_tags.multi_class = False
        return tags

    def fit(self, X, y, sample_weight=None):
        """Bin, fit the logistic model and build the points table.

        Parameters
        ----------
        X : DataFrame or 2-D array
        y : array-like of 0/1 (1 = bad)
        sample_weight : array-like, optional
            Row weights (e.g. from reject inference).

        Returns
        -------
        self
        """
        check_choice("solver", self.solver, SOLVERS)
        check_number("C", self.C, low=0, low_open=True, allow_none=True)
        scaling = pdo_scaling(base_score=self.base_score, base_odds=self.base_odds, pdo=self.pdo)
        if not isinstance(self.spread_intercept, (bool, np.bool_)):
            raise TypeError(f"spread_intercept must be a bool, got {self.spread_intercept!r}")
        frame = check_frame(X)
        y = self._encode_target(y)
        w = check_sample_weight(sample_weight, len(y))
        if not isinstance(self.prefit_binning, (bool, np.bool_)):
            raise TypeError(f"prefit_binning must be a bool, got {self.prefit_binning!r}")
        if self.prefit_binning:
            self.woe_ = self._prefit_binner(X, frame, y, w)
        else:
            self.woe_ = self._binner().fit(X, y, sample_weight=w)
        self.n_features_in_ = self.woe_.n_features_in_
        if hasattr(self.woe_, "feature_names_in_"):
            self.feature_names_in_ = self.woe_.feature_names_in_
        names = [str(c) for c in self.woe_.binnings_]
        Xw = pd.DataFrame(self.woe_.transform(frame), columns=names)
        # A variable left with one bin has a constant WOE: it carries no
        # information and would make the model singular, so it gets 0.
        used = [c for c in names if np.ptp(Xw[c].to_numpy()) > 0]
        coef = pd.Series(0.0, index=names)
        if self.solver == "statsmodels":
            self.model_ = fit_logit(Xw[used], y, sample_weight=w)
            intercept = float(self.model_.params.iloc[0])
            coef[used] = self.model_.params.iloc[1:].to_numpy()
            table = coefficient_table(self.model_).reindex(["const", *names])
        else:
            from sklearn.linear_model import LogisticRegression

            C = np.inf if self.C is None else self.C
            self.model_ = LogisticRegression(C=C, max_iter=1000, tol=1e-10)
            if used:
                design = Xw[used].to_numpy()
                # a small design is fitted faster on one BLAS thread than by threads waiting on each other
                limit = 1 if design.size <= _ONE_THREAD_CELLS else None
                with threadpool_limits(limits=limit, user_api="blas"):
                    self.model_.fit(design, y, sample_weight=w)
                intercept = float(self.model_.intercept_[0])
                coef[used] = self.model_.coef_[0]
            else:
                p = np.average(y, weights=w)
                intercept = float(np.log(p / (1 - p)))
            table = pd.DataFrame(index=pd.Index(["const", *names], name="variable"))
        table["coefficient"] = np.concatenate([[intercept], coef.to_numpy()])
        table["used"] = [True] + [c in used for c in names]
        table["sign_ok"] = (table["coefficient"] <= 0) | (table.index == "const")
        table["iv"] = self.woe_.iv_.reindex(table.index)
        self.coefficients_ = table
        coef = coef.to_numpy()
        self.coef_ = np.asarray(coef, dtype="float64").reshape(1, -1)
        self.intercept_ = np.array([float(intercept)])
        bad = self.coefficients_.index[~self.coefficients_["sign_ok"].to_numpy()].tolist()
        if bad:
            warnings.warn(
                f"coefficients of {bad} are positive: against the WOE direction (check collinearity)",
                SignWarning,
                stacklevel=2,
            )
        self.scaling_ = scaling
        self.points_table_ = points_table(
            list(self.woe_.binnings_.values()), coef, intercept, scaling=scaling,
            spread_intercept=bool(self.spread_intercept), decimals=self.decimals,
        )
        return self

    def _binner(self):
        """An unfitted clone of ``binning`` (or of the default), with plain array output."""
        binning = DEFAULT_BINNING if self.binning is None else self.binning
        if not isinstance(binning, WOETransformer):
            raise TypeError(
                f"binning must be a WOETransformer or None, got {type(binning).__name__} {binning!r}"
            )
        return clone(binning).set_output(transform="default")

    def _prefit_binner(self, X, frame, y, w):
        """A copy of the fitted ``binning`` holding the bins of the columns of ``X`` only."""
        import copy

        binning = self.binning
        if not isinstance(binning, WOETransformer) or not hasattr(binning, "binnings_"):
            raise ValueError(
                f"prefit_binning=True needs binning= a fitted WOETransformer, got {binning!r}: fit it first, "
                "or leave prefit_binning=False"
            )
        missing = [str(c) for c in frame.columns if c not in binning.binnings_]
        if missing:
            raise ValueError(f"prefit_binning=True: binning was not fitted on the columns {missing[:10]} of X")
        n_rows = float(len(y) if w is None else w.sum())
        n_bad = float(y.sum() if w is None else (w * y).sum())
        for col in frame.columns:
            table = binning.binnings_[col].table
            rows, bads = float(table["count"].sum()), float(table["n_bad"].sum())
            if not (np.isclose(rows, n_rows) and np.isclose(bads, n_bad)):
                raise ValueError(
                    f"prefit_binning=True: the bins of column {str(col)!r} were fitted on {rows:g} rows with "
                    f"{bads:g} bads, X and y have {n_rows:g} rows with {n_bad:g} bads: fit binning on the same "
                    "rows, or leave prefit_binning=False"
                )
        woe = copy.deepcopy(binning).set_output(transform="default")
        woe.binnings_ = {col: binning.binnings_[col] for col in frame.columns}
        woe.iv_ = binning.iv_.reindex([str(c) for c in frame.columns])
        woe.n_features_in_ = frame.shape[1]
        if isinstance(X, pd.DataFrame) and all(isinstance(c, str) for c in X.columns):
            woe.feature_names_in_ = np.asarray(X.columns, dtype="object")
        elif hasattr(woe, "feature_names_in_"):
            del woe.feature_names_in_
        return woe

    def _encode_target(self, y):
        if y is None:
            raise ValueError("Scorecard requires y to be passed, but the target y is None")
        arr = np.asarray(y)
        if arr.ndim == 2 and arr.shape[1] == 1:
            from sklearn.exceptions import DataConversionWarning

            warnings.warn("A column-vector y was passed when a 1d array was expected; it is raveled.",
                          DataConversionWarning, stacklevel=3)
            arr = arr.ravel()
        bad_label = self.bad_label
        if bad_label is None:
            bad_label = _greater_numeric_label(arr)
        if bad_label is None:
            self.classes_ = np.array([0, 1])
            return check_binary_target(arr)
        if arr.ndim != 1:
            raise ValueError(f"y must be one-dimensional, got shape {arr.shape}")
        if pd.isna(arr).any():
            raise ScorecardError(f"y has {int(pd.isna(arr).sum())} missing values")
        classes = pd.unique(pd.Series(arr, dtype="object"))
        bad = [c for c in classes if c == bad_label]
        if not bad:
            raise ScorecardError(f"bad_label={bad_label!r} is not among the labels of y {classes[:5].tolist()}")
        if len(classes) != 2:
            raise ScorecardError(
                f"Only binary classification is supported: y must hold two labels, found {classes[:5].tolist()}"
            )
        good = next(c for c in classes if not c == bad_label)
        self.classes_ = np.array([good, bad[0]])
        return (arr == bad_label).astype("int64")

    def decision_function(self, X):
        """Log-odds of bad (the linear predictor)."""
        check_is_fitted(self, "points_table_")
        Xw = self.woe_.transform(X)
        return Xw @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Probabilities of good (column 0) and bad (column 1)."""
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        """``classes_[1]`` (bad) where the probability of bad is at least 0.5, else ``classes_[0]``."""
        check_is_fitted(self, "points_table_")
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype("int64")]

    def score_points(self, X):
        """Total points of each row, from :attr:`points_table_` alone (higher = safer)."""
        check_is_fitted(self, "points_table_")
        frame = self.woe_._frame_for_transform(X)
        frame = frame.set_axis([str(c) for c in self.woe_.binnings_], axis=1)
        return apply_points(frame, self.points_table_).to_numpy()

    def summary(self):
        """statsmodels summary of the logistic model (solver="statsmodels" only)."""
        check_is_fitted(self, "points_table_")
        if self.solver != "statsmodels":
            raise ScorecardError("summary() needs solver='statsmodels'")
        return self.model_.summary()
