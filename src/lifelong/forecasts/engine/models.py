"""Forecasting models with one small interface: configure in ``__init__``, ``fit(panel)``, ``predict(h)``.

Every model is fitted over all rows of a :class:`~.panel.Panel` at once (numpy, no
per-series Python loop over time) and returns a :class:`Prediction`: point forecasts
and the standard deviation of the h-step forecast error, from which 80 % / 95 %
normal intervals are drawn. Seasonal models work on data adjusted by classical
decomposition (multiplicative for positive series, additive otherwise) when the
M4 90 % autocorrelation test finds seasonality; the seasonal naive baseline does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np

from .panel import Panel
from .seasonal import Deseasonalizer

ENGINE_VERSION = "lifelong-forecasts 0.1"
Z = {80: 1.2815515655446004, 95: 1.959963984540054}


@dataclass
class Prediction:
    mean: np.ndarray  # (S, h)
    sd: np.ndarray  # (S, h) standard deviation of the forecast error

    def interval(self, level: int) -> tuple[np.ndarray, np.ndarray]:
        half = Z[level] * self.sd
        return self.mean - half, self.mean + half

    def rows(self, rows) -> Prediction:
        return Prediction(self.mean[rows], self.sd[rows])


def _fill_left(Y: np.ndarray, n: np.ndarray) -> np.ndarray:
    S, T = Y.shape
    first_col = T - n
    first = Y[np.arange(S), np.minimum(first_col, T - 1)]
    return np.where(np.arange(T)[None, :] < first_col[:, None], first[:, None], Y)


def _sigma(sse: np.ndarray, dof: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Residual standard deviation; when there are no residuals, 10 % of the level (flagged upstream)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(sse / dof)
    fallback = 0.1 * np.abs(level) + 1e-9
    return np.where((dof > 0) & np.isfinite(sigma), sigma, fallback)


class Model:
    """Base: subclasses set ``name`` and implement ``fit``/``predict``."""

    name = "model"
    version = ENGINE_VERSION

    def get_params(self) -> dict:
        return {k: v for k, v in vars(self).items() if not k.endswith("_")}

    def fit(self, panel: Panel) -> Model:
        raise NotImplementedError

    def predict(self, horizon: int) -> Prediction:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


class Naive(Model):
    """Last value carried forward; error variance grows with h (random walk)."""

    name = "naive"

    def fit(self, panel: Panel) -> Naive:
        Y = _fill_left(panel.Y, panel.n)
        d = np.diff(Y, axis=1)
        self.last_ = Y[:, -1]
        self.sigma_ = _sigma((d * d).sum(axis=1), panel.n - 1, self.last_)
        return self

    def predict(self, horizon: int) -> Prediction:
        h = np.arange(1, horizon + 1)[None, :]
        mean = np.repeat(self.last_[:, None], horizon, axis=1)
        return Prediction(mean, self.sigma_[:, None] * np.sqrt(h))


class SeasonalNaive(Model):
    """The baseline: the value of the same season one year earlier (naive when n <= m)."""

    name = "snaive"

    def fit(self, panel: Panel) -> SeasonalNaive:
        m = panel.m
        Y = panel.Y
        S, T = Y.shape
        self.m_ = m
        self.seasonal_ = panel.n > m
        if T > m:
            d = Y[:, m:] - Y[:, :-m]
            cnt = np.isfinite(d).sum(axis=1)
            sse = np.nansum(d * d, axis=1)
        else:
            cnt, sse = np.zeros(S, dtype=int), np.zeros(S)
        self.tail_ = np.full((S, m), np.nan)
        width = min(m, T)
        self.tail_[:, m - width:] = Y[:, T - width:]
        self.naive_ = Naive().fit(panel)
        self.sigma_ = np.where(self.seasonal_, _sigma(sse, cnt, Y[:, -1]), self.naive_.sigma_)
        return self

    def predict(self, horizon: int) -> Prediction:
        m = self.m_
        h = np.arange(horizon)
        seas = self.tail_[:, h % m]
        k = h // m + 1
        naive = self.naive_.predict(horizon)
        mean = np.where(self.seasonal_[:, None], seas, naive.mean)
        sd = np.where(self.seasonal_[:, None], self.sigma_[:, None] * np.sqrt(k)[None, :], naive.sd)
        return Prediction(mean, sd)


class _Adjusted(Model):
    """Fits on seasonally adjusted data and re-seasonalises the forecasts."""

    def __init__(self, seasonal: bool = True):
        self.seasonal = seasonal

    def fit(self, panel: Panel):
        self.des_ = Deseasonalizer().fit(panel.Y, panel.n, panel.last, panel.m, enabled=self.seasonal)
        Zs = _fill_left(self.des_.remove(panel.Y), panel.n)
        self._fit_adjusted(Zs, panel.n)
        return self

    def predict(self, horizon: int) -> Prediction:
        mean, sd = self._predict_adjusted(horizon)
        return Prediction(self.des_.restore(mean), self.des_.restore_spread(sd))

    def _fit_adjusted(self, Zs: np.ndarray, n: np.ndarray) -> None:
        raise NotImplementedError

    def _predict_adjusted(self, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError


ALPHAS = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6,
                   0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.99])


def _ses_grid(Zs: np.ndarray, alphas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Simple exponential smoothing for every (row, alpha): final levels and one-step SSE."""
    level = np.repeat(Zs[:, :1], len(alphas), axis=1)
    sse = np.zeros_like(level)
    for t in range(1, Zs.shape[1]):
        e = Zs[:, t:t + 1] - level
        sse += e * e
        level += alphas[None, :] * e
    return level, sse


class SES(_Adjusted):
    """Simple exponential smoothing, ETS(A,N,N); alpha chosen per series on a grid by one-step SSE."""

    name = "ses"

    def _fit_adjusted(self, Zs, n):
        level, sse = _ses_grid(Zs, ALPHAS)
        best = sse.argmin(axis=1)
        r = np.arange(len(best))
        self.alpha_ = ALPHAS[best]
        self.level_ = level[r, best]
        self.sigma_ = _sigma(sse[r, best], n - 2, self.level_)

    def _predict_adjusted(self, horizon):
        h = np.arange(1, horizon + 1)[None, :]
        c = 1 + (h - 1) * self.alpha_[:, None] ** 2
        return np.repeat(self.level_[:, None], horizon, axis=1), self.sigma_[:, None] * np.sqrt(c)


class Theta(_Adjusted):
    """The Theta method (Assimakopoulos & Nikolopoulos 2000) as SES with drift = half the
    linear-trend slope (Hyndman & Billah 2003); intervals from the SES variance."""

    name = "theta"

    def _fit_adjusted(self, Zs, n):
        S, T = Zs.shape
        level, sse = _ses_grid(Zs, ALPHAS)
        best = sse.argmin(axis=1)
        r = np.arange(S)
        self.alpha_ = ALPHAS[best]
        self.level_ = level[r, best]
        self.sigma_ = _sigma(sse[r, best], n - 2, self.level_)
        t = np.arange(T)[None, :].astype(float)
        valid = t >= (T - n)[:, None]
        cnt = valid.sum(axis=1)
        tm = (t * valid).sum(axis=1) / cnt
        ym = (Zs * valid).sum(axis=1) / cnt
        cov = (((t - tm[:, None]) * (Zs - ym[:, None])) * valid).sum(axis=1)
        var = (((t - tm[:, None]) ** 2) * valid).sum(axis=1)
        self.slope_ = np.where(var > 0, cov / np.where(var > 0, var, 1), 0.0)
        self.n_ = n

    def _predict_adjusted(self, horizon):
        h = np.arange(1, horizon + 1)[None, :]
        a = self.alpha_[:, None]
        drift = 0.5 * self.slope_[:, None] * (h - 1 + (1 - (1 - a) ** self.n_[:, None]) / a)
        c = 1 + (h - 1) * a ** 2
        return self.level_[:, None] + drift, self.sigma_[:, None] * np.sqrt(c)


_HOLT_GRID = np.array(list(product([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99],
                                   [0.01, 0.05, 0.1, 0.2, 0.3],
                                   [0.8, 0.88, 0.94, 0.98])))


class HoltDamped(_Adjusted):
    """Damped-trend exponential smoothing, ETS(A,Ad,N) (Gardner & McKenzie); alpha, beta/alpha and
    phi chosen per series on a grid by one-step SSE."""

    name = "holt_damped"

    def _fit_adjusted(self, Zs, n):
        S, T = Zs.shape
        alpha, bstar, phi = (_HOLT_GRID[:, i][None, :] for i in range(3))
        beta = alpha * bstar
        first = T - n
        k = np.clip(n - 1, 1, None)
        k = np.minimum(k, 12)
        r = np.arange(S)
        b0 = np.where(n > 1, (Zs[r, np.minimum(first + k, T - 1)] - Zs[r, first]) / k, 0.0)
        level = np.repeat(Zs[:, :1], len(_HOLT_GRID), axis=1)
        trend = np.zeros_like(level)
        sse = np.zeros_like(level)
        for t in range(1, T):
            yhat = level + phi * trend
            e = Zs[:, t:t + 1] - yhat
            sse += e * e
            level = yhat + alpha * e
            trend = phi * trend + beta * e
            start = (first == t)[:, None]  # the trend starts at each series' first value
            if start.any():
                trend = np.where(start, b0[:, None], trend)
        best = sse.argmin(axis=1)
        self.alpha_, self.bstar_, self.phi_ = (_HOLT_GRID[best, i] for i in range(3))
        self.level_ = level[r, best]
        self.trend_ = trend[r, best]
        self.sigma_ = _sigma(sse[r, best], n - 4, self.level_)

    def _predict_adjusted(self, horizon):
        h = np.arange(1, horizon + 1)[None, :]
        phi = self.phi_[:, None]
        cum = np.cumsum(phi ** h, axis=1)  # phi + phi^2 + ... + phi^h
        mean = self.level_[:, None] + cum * self.trend_[:, None]
        a, b = self.alpha_[:, None], (self.alpha_ * self.bstar_)[:, None]
        terms = (a + b * cum) ** 2  # j = 1..h
        c = 1 + np.concatenate([np.zeros((len(phi), 1)), np.cumsum(terms, axis=1)[:, :-1]], axis=1)
        return mean, self.sigma_[:, None] * np.sqrt(c)


class ARIMA(_Adjusted):
    """ARIMA(p,1,0) with drift on adjusted data, fitted by conditional least squares;
    p in 0..max_p chosen per series by AICc."""

    name = "arima"

    def __init__(self, seasonal: bool = True, max_p: int = 3):
        super().__init__(seasonal)
        self.max_p = max_p

    def _fit_adjusted(self, Zs, n):
        S, T = Zs.shape
        P = self.max_p
        D = np.diff(Zs, axis=1)  # (S, T-1); padding diffs are zero and masked out below
        first_d = (T - n)[:, None]  # first valid diff column index = first_col (diff j uses j, j+1)
        cols = np.arange(P, T - 1)
        w = (cols[None, :] - P >= first_d).astype(float)  # all P lags valid
        N = w.sum(axis=1)
        y = D[:, cols]
        lags = np.stack([D[:, cols - i] for i in range(1, P + 1)], axis=2) if P else np.zeros((S, len(cols), 0))
        best_aic = np.full(S, np.inf)
        self.coef_ = np.zeros((S, P + 1))
        self.sigma_ = np.zeros(S)
        for p in range(P + 1):
            X = np.concatenate([np.ones((S, len(cols), 1)), lags[:, :, :p]], axis=2)
            Xw = X * w[:, :, None]
            XtX = np.einsum("snk,snj->skj", Xw, X) + 1e-8 * np.eye(p + 1)
            Xty = np.einsum("snk,sn->sk", Xw, y)
            beta = np.linalg.solve(XtX, Xty[:, :, None])[:, :, 0]
            resid = (y - np.einsum("snk,sk->sn", X, beta)) * w
            sse = (resid * resid).sum(axis=1)
            k = p + 2
            with np.errstate(divide="ignore", invalid="ignore"):
                aic = N * np.log(np.maximum(sse, 1e-300) / N) + 2 * k + 2 * k * (k + 1) / (N - k - 1)
            ok = (N - k - 1 > 0) & np.isfinite(aic)
            if p == 0:
                ok = np.ones(S, dtype=bool)  # always have a model (random walk with drift)
                aic = np.where(np.isfinite(aic), aic, np.inf)
            better = ok & ((aic < best_aic) | (p == 0))
            coef = np.zeros((S, P + 1))
            coef[:, : p + 1] = beta
            self.coef_ = np.where(better[:, None], coef, self.coef_)
            self.sigma_ = np.where(better, _sigma(sse, N - k + 1, Zs[:, -1]), self.sigma_)
            best_aic = np.where(better, aic, best_aic)
        phis = self.coef_[:, 1:]
        total = np.abs(phis).sum(axis=1, keepdims=True)
        self.coef_[:, 1:] = np.where(total >= 0.99, phis * 0.99 / np.maximum(total, 1e-12), phis)
        self.order_ = (np.abs(self.coef_[:, 1:]) > 0).sum(axis=1)
        self.last_ = Zs[:, -1]
        self.recent_ = D[:, ::-1][:, :P] if P else np.zeros((S, 0))  # d_{n}, d_{n-1}, ...
        short = n - 1 < P + 1
        self.coef_[short, 1:] = 0.0
        self.coef_[:, 0] = np.where(n > 1, self.coef_[:, 0], 0.0)

    def _predict_adjusted(self, horizon):
        S = len(self.last_)
        P = self.max_p
        c, phi = self.coef_[:, 0], self.coef_[:, 1:]
        hist = self.recent_.copy()
        dhat = np.zeros((S, horizon))
        for h in range(horizon):
            d = c + (phi * hist).sum(axis=1) if P else c.copy()
            dhat[:, h] = d
            if P:
                hist = np.concatenate([d[:, None], hist[:, :-1]], axis=1)
        psi = np.zeros((S, horizon))
        psi[:, 0] = 1.0
        for j in range(1, horizon):
            for i in range(1, min(j, P) + 1):
                psi[:, j] += phi[:, i - 1] * psi[:, j - i]
        cum = np.cumsum(psi, axis=1)  # integration: level error weights
        var_factor = np.cumsum(cum ** 2, axis=1)
        return self.last_[:, None] + np.cumsum(dhat, axis=1), self.sigma_[:, None] * np.sqrt(var_factor)


class Combination(Model):
    """Equal-weight combination of SES, damped Holt and Theta (in the spirit of M3's Comb S-H-D);
    interval bounds are the averages of the members' bounds."""

    name = "comb"

    def __init__(self, seasonal: bool = True):
        self.seasonal = seasonal

    def fit(self, panel: Panel) -> Combination:
        self.members_ = [cls(self.seasonal).fit(panel) for cls in (SES, HoltDamped, Theta)]
        return self

    def predict(self, horizon: int) -> Prediction:
        preds = [m.predict(horizon) for m in self.members_]
        return Prediction(np.mean([p.mean for p in preds], axis=0), np.mean([p.sd for p in preds], axis=0))


MODELS = {cls.name: cls for cls in (SeasonalNaive, Naive, SES, HoltDamped, Theta, ARIMA, Combination)}


def make_model(name: str) -> Model:
    try:
        return MODELS[name]()
    except KeyError:
        raise ValueError(f"unknown model {name!r}; known: {', '.join(MODELS)}") from None
