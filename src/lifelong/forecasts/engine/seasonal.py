"""Seasonality test and classical decomposition, vectorised over the rows of a panel matrix."""

from __future__ import annotations

import warnings

import numpy as np

Z90 = 1.6448536269514722  # one-sided 90 % normal quantile (M4 benchmark seasonality test)


def _acf(Y: np.ndarray, lag: int) -> np.ndarray:
    """Autocorrelation at ``lag`` of each row (NaN padding ignored)."""
    mu = np.nanmean(Y, axis=1, keepdims=True)
    D = Y - mu
    den = np.nansum(D * D, axis=1)
    num = np.nansum(D[:, lag:] * D[:, :-lag], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, 0.0)


def seasonal_test(Y: np.ndarray, n: np.ndarray, m: int) -> np.ndarray:
    """True where the lag-m autocorrelation is significant at 90 % (needs n >= 3m)."""
    if m <= 1 or Y.shape[1] <= m:
        return np.zeros(Y.shape[0], dtype=bool)
    acfs = np.stack([_acf(Y, k) for k in range(1, m + 1)], axis=1)
    limit = Z90 * np.sqrt((1 + 2 * (acfs[:, :-1] ** 2).sum(axis=1)) / np.maximum(n, 1))
    return (n >= 3 * m) & (np.abs(acfs[:, -1]) > limit)


def phases(last: np.ndarray, T: int, m: int) -> np.ndarray:
    """Season position (0..m-1) of every column for right-aligned rows ending at ``last``."""
    offset = np.arange(T)[None, :] - (T - 1)
    return (last[:, None] + offset) % m


def seasonal_indices(Y: np.ndarray, last: np.ndarray, m: int, multiplicative: np.ndarray) -> np.ndarray:
    """Classical decomposition: (S, m) indices by season position (ratios or differences to a 2×m MA)."""
    S, T = Y.shape
    if T < m + 1:
        return np.where(multiplicative[:, None], 1.0, 0.0) * np.ones((S, m))
    w = np.ones(m + 1)
    if m % 2 == 0:
        w[0] = w[-1] = 0.5
    w /= w.sum() if m % 2 == 0 else m + 1
    win = np.lib.stride_tricks.sliding_window_view(Y, m + 1, axis=1)  # (S, T-m, m+1)
    cma = np.full((S, T), np.nan)
    cma[:, m // 2: m // 2 + T - m] = win @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        detr = np.where(multiplicative[:, None], Y / cma, Y - cma)
    ph = phases(last, T, m)
    idx = np.empty((S, m))
    for p in range(m):
        sel = np.where(ph == p, detr, np.nan)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: neutral below
            idx[:, p] = np.nanmean(sel, axis=1)
    neutral = np.where(multiplicative, 1.0, 0.0)[:, None]
    idx = np.where(np.isfinite(idx), idx, neutral)
    mean = idx.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        idx = np.where(multiplicative[:, None], idx / mean, idx - mean)
    return np.where(np.isfinite(idx), idx, neutral)


class Deseasonalizer:
    """Decides per row: none / multiplicative (all values > 0) / additive, and applies it."""

    def fit(self, Y: np.ndarray, n: np.ndarray, last: np.ndarray, m: int, enabled: bool = True):
        S, T = Y.shape
        self.m, self.last = m, last
        self.seasonal = seasonal_test(Y, n, m) if enabled else np.zeros(S, dtype=bool)
        positive = np.nanmin(np.where(np.isnan(Y), np.inf, Y), axis=1) > 0
        self.multiplicative = self.seasonal & positive
        idx = seasonal_indices(Y, last, m, self.multiplicative) if self.seasonal.any() else np.zeros((S, m))
        neutral = np.where(self.multiplicative, 1.0, 0.0)[:, None]
        self.index = np.where(self.seasonal[:, None], idx, neutral)
        self.kind = np.where(self.multiplicative, "multiplicative", np.where(self.seasonal, "additive", "none"))
        return self

    def _factors(self, cols_phase: np.ndarray) -> np.ndarray:
        return np.take_along_axis(self.index, cols_phase, axis=1)

    def remove(self, Y: np.ndarray) -> np.ndarray:
        f = self._factors(phases(self.last, Y.shape[1], self.m))
        return np.where(self.multiplicative[:, None], Y / np.where(f == 0, 1, f), Y - f)

    def restore(self, F: np.ndarray) -> np.ndarray:
        """Apply future seasonal factors to (S, h) forecasts on the adjusted scale."""
        h = F.shape[1]
        ph = (self.last[:, None] + np.arange(1, h + 1)[None, :]) % self.m
        f = self._factors(ph)
        return np.where(self.multiplicative[:, None], F * f, F + f)

    def restore_spread(self, D: np.ndarray) -> np.ndarray:
        """Scale (S, h) interval half-widths: multiplicative factors stretch them, additive do not."""
        h = D.shape[1]
        ph = (self.last[:, None] + np.arange(1, h + 1)[None, :]) % self.m
        f = self._factors(ph)
        return np.where(self.multiplicative[:, None], D * f, D)
