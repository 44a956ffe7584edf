"""JSON API of vacancy analysis: /api/v1/vacancies/… (analysts, the partnership and the secretariat)."""

from __future__ import annotations

from ninja import Query, Router, Schema
from ninja.errors import HttpError

from lifelong.forecasts.models import DemandSeries

from . import permissions, selectors

router = Router(tags=["Vacatureanalyse"])
FAMILIES = ("skill", "occupation", "isco", "province", "sector", "flanders")


def _reader(request):
    if not permissions.can_read(request.user):
        raise HttpError(403, "Alleen voor analisten, het partnerschap en het secretariaat.")


class DemandOut(Schema):
    series_id: str
    period: str
    value: float


class TrendOut(Schema):
    uri: str
    label: str
    recent: int
    previous: int
    recent_share: float
    previous_share: float
    change: float


class TrendsOut(Schema):
    recent: list[str] | None
    previous: list[str] | None
    ads_recent: int
    ads_previous: int
    rising: list[TrendOut]
    falling: list[TrendOut]


class RunOut(Schema):
    id: int
    status: str
    mode: str
    executor: str
    done: int
    total: int
    percent: int
    demand_rows: int
    error: str


@router.get("/vacancies/demand", response=list[DemandOut])
def demand(request, family: str = "skill", key: str = "", start: str = "", end: str = "",
           limit: int = Query(5000, ge=1, le=50_000)):
    """Monthly vacancy demand (DemandSeries, source "vacancies"): a family of keys or one ``key``."""
    _reader(request)
    if family not in FAMILIES:
        raise HttpError(400, f"family must be one of {', '.join(FAMILIES)}")
    qs = DemandSeries.objects.filter(source="vacancies", freq="M")
    qs = qs.filter(series_key=key) if key else qs.filter(series_key__startswith=family)
    if start:
        qs = qs.filter(period__gte=start)
    if end:
        qs = qs.filter(period__lte=end)
    return [DemandOut(series_id=k, period=p, value=v) for k, p, v in
            qs.order_by("series_key", "period").values_list("series_key", "period", "value")[: min(limit, 50_000)]]


@router.get("/vacancies/trends", response=TrendsOut)
def trends(request, province: str = "", sector: str = "", language: str = "nl"):
    """Rising and falling competences (share of ads, last 3 months against the 3 before)."""
    _reader(request)
    t = selectors.trends(province=province, sector=sector, language=language if language in ("nl", "en", "fr") else "nl")
    windows = t["windows"] or {}

    def out(rows):
        return [TrendOut(uri=r.uri, label=str(r.label), recent=r.recent, previous=r.previous,
                         recent_share=r.recent_share, previous_share=r.previous_share, change=r.change) for r in rows]

    return TrendsOut(recent=list(windows.get("recent", ())) or None, previous=list(windows.get("previous", ())) or None,
                     ads_recent=t["ads"][0], ads_previous=t["ads"][1], rising=out(t["rising"]), falling=out(t["falling"]))


@router.get("/vacancies/runs/latest", response=RunOut)
def latest_run(request):
    _reader(request)
    run = selectors.latest_run()
    if run is None:
        raise HttpError(404, "nog geen verwerking")
    return RunOut(id=run.pk, status=run.status, mode=run.mode, executor=run.executor, done=run.done,
                       total=run.total, percent=run.percent, demand_rows=run.demand_rows, error=run.error)
