"""Fast maximum-likelihood logistic fits for stepwise selection (private).

The rule lives in :func:`creditkit.scorecard.selection.stepwise_logit`: at
every step, try each variable in or out and keep the model with the lowest
AIC or BIC. That needs the log-likelihood of many small models on the same
rows, so this module fits them with plain Newton-Raphson in NumPy (the
method statsmodels' ``Logit.fit`` uses by default, stopping when the
parameter change is below 1e-8, as it does, or the log-likelihood still to
gain is below 1e-12) and starts each candidate from the current
model's coefficients with the new variable at 0, so a fit takes a few
``O(n p^2)`` steps instead of a full statsmodels model build.
"""

from __future__ import annotations

import numpy as np

__all__ = ["logit_loglik", "information_criterion"]

_MAXITER = 100
_TOL = 1e-8
_GAIN_TOL = 1e-12


def _log1pexp(z):
    return np.logaddexp(0.0, z)


def logit_loglik(X, y, start=None):
    """Maximised log-likelihood and coefficients of a logit of ``y`` on ``X``.

    Parameters
    ----------
    X : ndarray of shape (n, p)
        Regressors, constant included.
    y : ndarray of 0/1
    start : ndarray of shape (p,), optional
        Starting coefficients (default zeros).

    Returns
    -------
    loglik : float
        ``-inf`` when the Hessian is singular or the fit does not converge
        (as statsmodels would fail or warn there).
    beta : ndarray of shape (p,)
    """
    p = X.shape[1]
    beta = np.zeros(p) if start is None else np.asarray(start, dtype="float64").copy()
    for _ in range(_MAXITER):
        mu = 0.5 * (1.0 + np.tanh(0.5 * (X @ beta)))  # 1 / (1 + exp(-eta)), without overflow
        grad = X.T @ (y - mu)
        root_w = np.sqrt(mu * (1.0 - mu))
        Xw = X * root_w[:, None]
        hess = Xw.T @ Xw  # X' W X; NumPy computes A.T @ A as one symmetric product
        try:
            step = np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            return -np.inf, beta
        if not np.isfinite(step).all():
            return -np.inf, beta
        beta = beta + step
        # converged when the step is tiny or the log-likelihood it still gains
        # (about grad . step / 2 for a Newton step) is far below what AIC/BIC resolve
        if np.max(np.abs(step)) < _TOL or float(grad @ step) < _GAIN_TOL:
            eta = X @ beta
            return float(np.sum(y * eta - _log1pexp(eta))), beta
    return -np.inf, beta


def information_criterion(loglik, n_params, n_obs, criterion):
    """AIC ``2k - 2 ln L`` or BIC ``k ln n - 2 ln L`` (k counts the constant)."""
    if criterion == "aic":
        return 2.0 * n_params - 2.0 * loglik
    return n_params * np.log(n_obs) - 2.0 * loglik
