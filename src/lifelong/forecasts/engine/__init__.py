"""Forecasting engine: long table in (series_id, period, value), long table out.

Pure Python + numpy; no Django. The public surface:

- :func:`forecast` — validated long records → forecast rows (series_id, period, forecast,
  lo80, hi80, lo95, hi95), one provenance record per series, and the refused records.
- :func:`run_backtest` — rolling-origin accuracy (MASE, sMAPE, 80/95 % coverage) per model.
- models with one interface (``fit(panel)`` → ``predict(h)``): :mod:`.models`, and the
  per-series selection :class:`~.select.AutoForecaster`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .models import ENGINE_VERSION, MODELS, Model, Prediction, make_model
from .panel import InputError, Panel, build_panel
from .periods import check_horizon, format_period, parse_period
from .select import AutoForecaster, Progress, _bounds, backtest, nonnegative

__all__ = ["ENGINE_VERSION", "MODELS", "AutoForecaster", "ForecastResult", "InputError", "Model", "Panel",
           "Prediction", "backtest", "build_panel", "check_horizon", "forecast", "format_period",
           "make_model", "parse_period", "run_backtest"]

OUTPUT_COLUMNS = ("series_id", "period", "forecast", "lo80", "hi80", "lo95", "hi95")


@dataclass
class ForecastResult:
    rows: list[dict] = field(default_factory=list)
    provenance: list[dict] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    freq: str | None = None


def forecast(records: Iterable, horizon: int, freq: str | None = None, model: str = "auto",
             origins: int = 3, progress: Progress = None) -> ForecastResult:
    """Forecast every valid series ``horizon`` periods ahead (see :func:`.panel.build_panel` for
    what is refused). ``model`` is ``auto`` (per-series selection) or one name of MODELS."""
    panel, errors = build_panel(records, freq)
    check_horizon(panel.freq, horizon)
    result = ForecastResult(errors=errors, freq=panel.freq)
    if not panel.size:
        return result
    if progress:
        progress(f"{panel.size} series ({panel.freq}), horizon {horizon}")
    if model == "auto":
        est = AutoForecaster(origins=origins, select_horizon=min(horizon, 2 * panel.m), progress=progress)
        est.fit(panel)
        result.provenance = est.provenance()
    else:
        est = make_model(model).fit(panel)
        result.provenance = [{"series_id": sid, "model": model, "engine_version": ENGINE_VERSION,
                              "selection": "fixed", "flags": panel.flags[s], "n_obs": int(panel.n[s]),
                              "backtest": None} for s, sid in enumerate(panel.ids)]
    bounds = _bounds(est.predict(horizon), nonnegative(panel))
    for s, sid in enumerate(panel.ids):
        for h, period in enumerate(panel.periods_after(s, horizon)):
            row = {"series_id": sid, "period": period}
            row.update({k: float(np.round(bounds[k][s, h], 6)) for k in OUTPUT_COLUMNS[2:]})
            result.rows.append(row)
    return result


def run_backtest(records: Iterable, horizon: int, origins: int = 3, freq: str | None = None,
                 progress: Progress = None) -> tuple[list[dict], dict, list[InputError]]:
    panel, errors = build_panel(records, freq)
    check_horizon(panel.freq, horizon)
    if not panel.size:
        return [], {"series": 0}, errors
    summary, meta = backtest(panel, horizon, origins=origins, progress=progress)
    meta["freq"] = panel.freq
    return summary, meta, errors
