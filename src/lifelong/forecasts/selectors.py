"""Reads of forecasts, surveys and panels for pages, the API and other domains."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Min

from .models import CombinedForecast, DemandSeries, Forecast, ForecastRun


@dataclass
class DemandOutlook:
    outlook: str  # stijgend | stabiel | dalend
    confidence: str  # hoog | middel | laag
    change_pct: float
    horizon_months: int
    series_key: str
    province: str
    published_at: object

    @property
    def label(self) -> str:
        from django.utils.translation import gettext

        return {"stijgend": gettext("stijgend"), "stabiel": gettext("stabiel"), "dalend": gettext("dalend")}[self.outlook]

    @property
    def confidence_label(self) -> str:
        from django.utils.translation import gettext

        return {"hoog": gettext("hoog"), "middel": gettext("middel"), "laag": gettext("laag")}[self.confidence]


def latest_combined(series_key: str) -> CombinedForecast | None:
    return CombinedForecast.objects.filter(series_key=series_key).order_by("-created_at", "-id").first()


def demand_outlook(skill_uri: str, province: str | None = None) -> DemandOutlook | None:
    """The published demand outlook for a competence (or an occupation) URI, for a province (NUTS2) when
    one is published there, else for Flanders. None when nothing is published."""
    keys = []
    for kind in ("skill", "occupation"):
        if province:
            keys.append(f"{kind}:{skill_uri}|{province}")
        keys.append(f"{kind}:{skill_uri}")
    found = {c.series_key: c for c in CombinedForecast.objects.filter(series_key__in=keys).order_by("created_at", "id")}
    for key in keys:
        c = found.get(key)
        if c is not None:
            return DemandOutlook(c.outlook, c.confidence, c.change_pct, c.horizon_months, c.series_key, c.province,
                                 c.created_at)
    return None


def latest_per_key(prefix: str = "", province: str | None = None) -> list[CombinedForecast]:
    """The newest combined forecast of every key (optionally of one kind and province)."""
    qs = CombinedForecast.objects.all()
    if prefix:
        qs = qs.filter(series_key__startswith=prefix)
    if province is not None:
        qs = qs.filter(province=province)
    newest = qs.values("series_key").annotate(last=Max("id")).values_list("last", flat=True)
    return list(CombinedForecast.objects.filter(id__in=list(newest)))


def rising_and_falling(*, kind: str = "skill", province: str = "", limit: int = 10):
    rows = latest_per_key(f"{kind}:", province=province)
    rising = sorted((r for r in rows if r.outlook == "stijgend"), key=lambda r: -r.change_pct)[:limit]
    falling = sorted((r for r in rows if r.outlook == "dalend"), key=lambda r: r.change_pct)[:limit]
    return rising, falling


def latest_run_for(series_key: str) -> ForecastRun | None:
    f = (Forecast.objects.filter(series_key=series_key).select_related("run")
         .order_by("-run__created_at", "-run_id").first())
    return f.run if f else None


def series_view(series_key: str, *, history: int = 36) -> dict:
    """History (last ``history`` periods), the sources of the whole series (each with its first and last period:
    e.g. an imported history before the months the vacancy pipeline measures) and the newest stored forecast
    with its intervals and provenance."""
    stored = DemandSeries.objects.filter(series_key=series_key)
    hist = list(stored.order_by("-period").values("period", "value", "source")[:history])[::-1]
    sources = list(stored.values("source").annotate(first=Min("period"), last=Max("period"), values=Count("id"))
                   .order_by("first", "source"))
    run = latest_run_for(series_key)
    rows, prov = [], None
    if run is not None:
        rows = list(Forecast.objects.filter(run=run, series_key=series_key).order_by("period")
                    .values("period", "model", "forecast", "lo80", "hi80", "lo95", "hi95"))
        prov = next((p for p in run.provenance if p.get("series_id") == series_key), None)
    return {"history": hist, "sources": sources, "forecast": rows, "run": run, "provenance": prov}


def forecast_rows(*, prefix: str = "") -> list[dict]:
    """The newest run's rows per key (for exports)."""
    qs = Forecast.objects.all()
    if prefix:
        qs = qs.filter(series_key__startswith=prefix)
    last = dict(qs.values("series_key").annotate(r=Max("run_id")).values_list("series_key", "r"))
    out = []
    for f in qs.filter(run_id__in=set(last.values())).order_by("series_key", "period").values(
            "run_id", "series_key", "period", "model", "forecast", "lo80", "hi80", "lo95", "hi95"):
        if last.get(f["series_key"]) == f["run_id"]:
            out.append(f)
    return out


def combined_rows() -> list[dict]:
    out = []
    for c in sorted(latest_per_key(), key=lambda c: c.series_key):
        parts = {p["source"]: p for p in c.contributions}
        out.append({
            "series_key": c.series_key, "concept_uri": c.concept_uri, "province": c.province,
            "horizon_months": c.horizon_months, "change_pct": c.change_pct, "outlook": c.outlook,
            "confidence": c.confidence,
            **{f"{s}_signal_pct": parts.get(s, {}).get("signal_pct") for s in ("statistical", "survey", "panel")},
            **{f"{s}_weight": parts.get(s, {}).get("weight") for s in ("statistical", "survey", "panel")},
            "statistical_mase": c.past_accuracy.get("mase"), "statistical_cov80": c.past_accuracy.get("cov80"),
            "published_at": c.created_at.isoformat(timespec="seconds"),
        })
    return out
