"""Accuracy measures per series (M3/M4 conventions), on (S, h) arrays."""

from __future__ import annotations

import numpy as np


def mase_scale(Y: np.ndarray, n: np.ndarray, m: int) -> np.ndarray:
    """Mean absolute seasonal difference of the training part (lag 1 when n <= m or it is 0)."""
    def mad(lag):
        if Y.shape[1] <= lag:
            return np.full(Y.shape[0], np.nan)
        d = np.abs(Y[:, lag:] - Y[:, :-lag])
        cnt = np.isfinite(d).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(cnt > 0, np.nansum(d, axis=1) / np.maximum(cnt, 1), np.nan)

    seasonal, lag1 = mad(m), mad(1)
    scale = np.where((n > m) & (seasonal > 0), seasonal, lag1)
    return np.where(scale > 0, scale, np.nan)


def mase(actual: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return np.abs(actual - mean).mean(axis=1) / scale


def smape(actual: np.ndarray, mean: np.ndarray) -> np.ndarray:
    den = np.abs(actual) + np.abs(mean)
    with np.errstate(invalid="ignore", divide="ignore"):
        term = np.where(den > 0, 200 * np.abs(actual - mean) / den, 0.0)
    return term.mean(axis=1)


def coverage(actual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return ((actual >= lo) & (actual <= hi)).mean(axis=1)
