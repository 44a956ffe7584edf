"""Writes: import official/derived demand series (long CSV) and store forecast runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from ..engine import ENGINE_VERSION, InputError, build_panel, forecast
from ..engine.periods import parse_period
from ..models import DemandSeries, Forecast, ForecastRun


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    refused: list[InputError] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.created} values created, {self.updated} updated, {len(self.refused)} refused"


def import_series(*, records: list[tuple], source: str, freq: str | None = None) -> ImportReport:
    """Store long records ``(row, series_key, period, value)``; every refused record is reported,
    valid ones are kept. Rules as for forecasting (see engine.panel.build_panel), plus: a series
    already stored with the other frequency is refused. Imputed values are never stored."""
    _panel, errors = build_panel(records, freq)
    freq = _panel.freq
    report = ImportReport(refused=list(errors))
    bad_rows = {e.row for e in errors if e.row is not None}
    bad_series = {e.series_id for e in errors if e.row is None}
    stored_freq = dict(DemandSeries.objects.filter(series_key__in={r[1].strip() for r in records})
                       .values_list("series_key", "freq").distinct())
    keep: dict[tuple[str, str], float] = {}
    for row, key, period, raw in records:
        key = key.strip()
        if row in bad_rows or key in bad_series:
            continue
        if stored_freq.get(key, freq) != freq:
            report.refused.append(InputError(f"stored as frequency {stored_freq[key]}, not {freq}", row, key))
            continue
        keep[(key, period.strip())] = float(raw)
    with transaction.atomic():
        existing = {(o.series_key, o.period): o for o in DemandSeries.objects.filter(
            series_key__in={k for k, _ in keep})}
        new, changed = [], []
        for (key, period), value in keep.items():
            obj = existing.get((key, period))
            if obj is None:
                new.append(DemandSeries(series_key=key, freq=freq, period=period, value=value, source=source))
            elif obj.value != value or obj.source != source:
                obj.value, obj.source = value, source
                changed.append(obj)
        DemandSeries.objects.bulk_create(new, batch_size=2000)
        DemandSeries.objects.bulk_update(changed, ["value", "source", "imported_at"], batch_size=2000)
    report.created, report.updated = len(new), len(changed)
    return report


def run_forecasts(*, horizon: int, freq: str = "M", series_keys: list[str] | None = None,
                  progress=None) -> ForecastRun:
    """Forecast the stored series of one frequency and store the rows with their provenance."""
    parse_period("2000-01" if freq == "M" else "2000-Q1")
    qs = DemandSeries.objects.filter(freq=freq)
    if series_keys:
        qs = qs.filter(series_key__in=series_keys)
    records = [(i + 1, k, p, v) for i, (k, p, v) in enumerate(qs.values_list("series_key", "period", "value"))]
    result = forecast(records, horizon, freq=freq, progress=progress)
    model_of = {p["series_id"]: p["model"] for p in result.provenance}
    with transaction.atomic():
        run = ForecastRun.objects.create(freq=freq, horizon=horizon, engine_version=ENGINE_VERSION,
                                         provenance=result.provenance, refused=[str(e) for e in result.errors])
        Forecast.objects.bulk_create([
            Forecast(run=run, series_key=r["series_id"], period=r["period"], model=model_of[r["series_id"]],
                     **{k: r[k] for k in ("forecast", "lo80", "hi80", "lo95", "hi95")})
            for r in result.rows], batch_size=2000)
    return run
