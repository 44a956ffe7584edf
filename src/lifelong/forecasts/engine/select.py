"""Per-series model choice by rolling-origin backtests, fallbacks for awkward series, and backtests.

Rolling origins: origin k (k = 0..K-1) cuts the last ``h_b + k*step`` periods, fits on what is
left and scores the next ``h_b`` periods by MASE. A series takes part in an origin when at
least ``m + 4`` observations remain. The preferred model (the SES/Holt/Theta combination) is
kept unless another candidate has a mean MASE lower by more than ``margin`` (10 %).
Series that cannot be judged that way get a fixed fallback model and a flag (see FALLBACK).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .metrics import coverage, mase, mase_scale, smape
from .models import ENGINE_VERSION, Model, Prediction, make_model
from .panel import TINY, Panel

CANDIDATES = ("theta", "comb", "ses", "holt_damped", "arima", "snaive")
# flag → fallback model, in order of precedence
FALLBACK = {
    "tiny": "naive",  # fewer than 5 observations: nothing else is estimable
    "constant": "naive",
    "zero_heavy": "ses",  # intermittent: a smoothed level, no trend, bounds clipped at zero
    "gappy": "ses",  # backtests on interpolated values would flatter any model
    "negative": "theta",  # additive adjustment only, no clipping at zero
    "short": "theta",  # too short for a backtest origin
}

Progress = Callable[[str], None] | None


def _min_train(m: int) -> int:
    return m + 4


def _bounds(pred: Prediction, nonneg: np.ndarray) -> dict[str, np.ndarray]:
    out = {"forecast": pred.mean}
    for level in (80, 95):
        lo, hi = pred.interval(level)
        out[f"lo{level}"], out[f"hi{level}"] = lo, hi
    clip = nonneg[:, None]
    return {k: np.where(clip, np.maximum(v, 0.0), v) for k, v in out.items()}


def nonnegative(panel: Panel) -> np.ndarray:
    return np.nanmin(np.where(np.isnan(panel.Y), np.inf, panel.Y), axis=1) >= 0


def score(panel: Panel, cut: int, horizon: int, models: dict[str, Callable[[], Model]],
          rows: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """Fit every model on ``rows`` truncated by ``cut`` and score the next ``horizon`` values."""
    sub = panel.subset(rows)
    train = sub.truncate(cut)
    actual = sub.Y[:, sub.Y.shape[1] - cut:][:, :horizon]
    scale = mase_scale(train.Y, train.n, panel.m)
    nonneg = nonnegative(train)
    out = {}
    for name, factory in models.items():
        b = _bounds(factory().fit(train).predict(horizon), nonneg)
        out[name] = {"mase": mase(actual, b["forecast"], scale), "smape": smape(actual, b["forecast"]),
                     "cov80": coverage(actual, b["lo80"], b["hi80"]),
                     "cov95": coverage(actual, b["lo95"], b["hi95"])}
    return out


class AutoForecaster(Model):
    """Chooses a model per series by rolling-origin backtests; fallbacks for awkward series."""

    name = "auto"

    def __init__(self, candidates: Sequence[str] = CANDIDATES, origins: int = 3,
                 select_horizon: int | None = None, step: int | None = None, prefer: str | None = "comb",
                 margin: float = 0.1, progress: Progress = None):
        self.candidates = tuple(candidates)
        self.prefer = prefer
        self.margin = margin
        self.origins = origins
        self.select_horizon = select_horizon
        self.step = step
        self.progress = progress

    def _say(self, msg: str) -> None:
        if self.progress:
            self.progress(msg)

    def fit(self, panel: Panel) -> AutoForecaster:
        m, S = panel.m, panel.size
        hb = self.select_horizon or 2 * m
        step = self.step or max(1, m // 2)
        self.hb_, self.panel_ = hb, panel
        flags = [list(f) for f in panel.flags]
        for s in range(S):
            if panel.n[s] < TINY:
                flags[s].append("tiny")
            if panel.n[s] - hb < _min_train(m):
                flags[s].append("short")
        reason = [next((f for f in FALLBACK if f in fl), None) for fl in flags]
        self.flags_, self.reason_ = flags, reason

        names = list(dict.fromkeys([*self.candidates, *{FALLBACK[r] for r in reason if r}]))
        sums = {c: {k: np.zeros(S) for k in ("mase", "smape", "cov80", "cov95")} for c in names}
        counts = np.zeros(S)
        factories = {c: (lambda c=c: make_model(c)) for c in names}
        for k in range(self.origins):
            cut = hb + k * step
            rows = np.flatnonzero(panel.n - cut >= _min_train(m))
            if not len(rows):
                break
            self._say(f"backtest origin {k + 1}/{self.origins}: {len(rows)} series × {len(names)} models")
            scores = score(panel, cut, hb, factories, rows)
            for c in names:
                for key, val in scores[c].items():
                    sums[c][key][rows] += np.nan_to_num(val, nan=np.inf if key == "mase" else 0.0)
            counts[rows] += 1
        with np.errstate(invalid="ignore", divide="ignore"):
            self.scores_ = {c: {k: np.where(counts > 0, v / np.maximum(counts, 1), np.nan) for k, v in d.items()}
                            for c, d in sums.items()}
        self.origins_used_ = counts.astype(int)

        table = np.stack([self.scores_[c]["mase"] for c in self.candidates], axis=1)
        table = np.where(np.isfinite(table), table, np.inf)
        chosen = [self.candidates[i] for i in table.argmin(axis=1)]
        if self.prefer in self.candidates:
            # a few origins are a noisy judge: keep the preferred (combined) model unless another
            # candidate beats it by more than `margin` (relative MASE)
            pref = table[:, self.candidates.index(self.prefer)]
            keep = table.min(axis=1) >= (1 - self.margin) * pref
            chosen = [self.prefer if k else c for k, c in zip(keep, chosen, strict=True)]
        for s in range(S):
            if reason[s]:
                chosen[s] = FALLBACK[reason[s]]
            elif not np.isfinite(table[s]).any():
                chosen[s] = FALLBACK["short"]
                flags[s].append("no_backtest_score")
                reason[s] = "no_backtest_score"
        self.chosen_ = chosen

        self.fitted_ = {}
        for name in dict.fromkeys(chosen):
            rows = np.array([s for s in range(S) if chosen[s] == name])
            self._say(f"fitting {name} on {len(rows)} series")
            self.fitted_[name] = (rows, make_model(name).fit(panel.subset(rows)))
        return self

    def predict(self, horizon: int) -> Prediction:
        S = self.panel_.size
        mean, sd = np.zeros((S, horizon)), np.zeros((S, horizon))
        for rows, model in self.fitted_.values():
            p = model.predict(horizon)
            mean[rows], sd[rows] = p.mean, p.sd
        return Prediction(mean, sd)

    def provenance(self) -> list[dict]:
        panel = self.panel_
        out = []
        for s, sid in enumerate(panel.ids):
            name = self.chosen_[s]
            rows, model = self.fitted_[name]
            j = int(np.flatnonzero(rows == s)[0])
            bt = self.scores_.get(name)
            acc = None
            if bt is not None and self.origins_used_[s] > 0 and np.isfinite(bt["mase"][s]):
                acc = {k: round(float(v[s]), 4) for k, v in bt.items()}
                acc.update(horizon=self.hb_, origins=int(self.origins_used_[s]))
            params = _params_of(model, j)
            out.append({"series_id": sid, "model": name, "engine_version": ENGINE_VERSION,
                        "selection": "fallback" if self.reason_[s] else "backtest",
                        "fallback_reason": self.reason_[s], "flags": self.flags_[s],
                        "n_obs": int(panel.n[s]), "n_imputed": int(panel.n_missing[s]),
                        "params": params, "backtest": acc,
                        "candidates_mase": {c: (round(float(self.scores_[c]["mase"][s]), 4)
                                                if np.isfinite(self.scores_[c]["mase"][s]) else None)
                                            for c in self.candidates}})
        return out


def _params_of(model: Model, j: int) -> dict:
    """The fitted per-series parameters worth recording (smoothing weights, seasonal kind, AR order)."""
    params = {}
    members = getattr(model, "members_", [model])
    for mem in members:
        des = getattr(mem, "des_", None)
        if des is not None:
            params["seasonal"] = str(des.kind[j])
        for attr in ("alpha_", "bstar_", "phi_", "order_"):
            if hasattr(mem, attr):
                key = f"{mem.name}.{attr[:-1]}" if len(members) > 1 else attr[:-1]
                params[key] = round(float(getattr(mem, attr)[j]), 4)
    return params


def backtest(panel: Panel, horizon: int, origins: int = 3, step: int | None = None,
             models: Sequence[str] = ("snaive", "naive", "ses", "holt_damped", "theta", "arima", "comb"),
             include_auto: bool = True, progress: Progress = None) -> tuple[list[dict], dict]:
    """Rolling-origin backtest of every model (and of the per-series selection, nested: it selects on
    each origin's training part only). Returns summary rows and the per-series scores."""
    m = panel.m
    step = step or max(1, m // 2)
    names = list(models) + (["auto"] if include_auto else [])
    per = {c: {k: [] for k in ("mase", "smape", "cov80", "cov95")} for c in names}
    series_used = set()
    for k in range(origins):
        cut = horizon + k * step
        rows = np.flatnonzero(panel.n - cut >= _min_train(m))
        if not len(rows):
            break
        if progress:
            progress(f"origin {k + 1}/{origins}: {len(rows)} series, {len(names)} models")
        factories = {c: (lambda c=c: make_model(c)) for c in models}
        if include_auto:
            factories["auto"] = lambda: AutoForecaster(select_horizon=min(horizon, 2 * m))
        scores = score(panel, cut, horizon, factories, rows)
        for c in names:
            for key, val in scores[c].items():
                per[c][key].append(val)
        series_used.update(rows.tolist())
    summary = []
    base = None
    for c in names:
        if not per[c]["mase"]:
            continue
        vals = {k: np.concatenate(v) for k, v in per[c].items()}
        finite = np.isfinite(vals["mase"])
        row = {"model": c, "forecasts": int(len(vals["mase"])),
               "MASE": float(np.mean(vals["mase"][finite])) if finite.any() else None,
               "sMAPE": float(np.nanmean(vals["smape"])),
               "cov80": float(np.mean(vals["cov80"])), "cov95": float(np.mean(vals["cov95"]))}
        if c == "snaive":
            base = row["MASE"]
        summary.append(row)
    for row in summary:
        row["MASE_vs_snaive"] = (row["MASE"] / base) if base and row["MASE"] is not None else None
    return summary, {"series_scored": len(series_used), "series": panel.size, "origins": origins,
                     "step": step, "horizon": horizon}
