"""JSON API of the forecasts: /api/v1/forecasts/… (outlook public; the rest for analysts; answers for experts)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from . import selectors
from .models import Panel, PanelItem, Survey
from .services import panels, surveys

router = Router(tags=["Competentievoorspellingen"])
ANALYSTS = ("analyst", "partnership", "secretariat")


def _analyst(request):
    user = request.user
    if not user.is_authenticated or not (user.is_superuser or user.has_role(*ANALYSTS)):
        raise HttpError(403, "Alleen voor analisten, het partnerschap en het secretariaat.")


class OutlookOut(Schema):
    uri: str
    outlook: str
    confidence: str
    change_pct: float
    horizon_months: int
    series_key: str
    province: str


@router.get("/forecasts/outlook", response=OutlookOut)
def outlook(request, uri: str, province: str | None = None):
    """The demand outlook (stijgend/stabiel/dalend, with confidence) of a competence or occupation."""
    o = selectors.demand_outlook(uri, province=province)
    if o is None:
        raise HttpError(404, "geen gepubliceerd vooruitzicht")
    return OutlookOut(uri=uri, outlook=o.outlook, confidence=o.confidence, change_pct=o.change_pct,
                           horizon_months=o.horizon_months, series_key=o.series_key, province=o.province)


@router.get("/forecasts/series")
def series(request, key: str):
    """History, the newest statistical forecast (80/95 % intervals), its provenance and the combined forecast."""
    _analyst(request)
    view = selectors.series_view(key)
    c = selectors.latest_combined(key)
    return {"series_key": key, "history": view["history"], "forecast": view["forecast"],
            "provenance": view["provenance"],
            "combined": None if c is None else {"change_pct": c.change_pct, "outlook": c.outlook,
                                                "confidence": c.confidence, "contributions": c.contributions,
                                                "past_accuracy": c.past_accuracy, "rule": c.rule_snapshot,
                                                "published_at": c.created_at.isoformat()}}


@router.get("/forecasts/combined")
def combined(request):
    _analyst(request)
    return selectors.combined_rows()


@router.get("/forecasts/surveys/{survey_id}/estimates")
def survey_estimates(request, survey_id: int):
    _analyst(request)
    return surveys.estimate_rows(surveys.estimate_survey(get_object_or_404(Survey, pk=survey_id)))


@router.get("/forecasts/panels/{panel_id}/results")
def panel_results(request, panel_id: int):
    _analyst(request)
    return panels.result_rows(get_object_or_404(Panel, pk=panel_id))


@router.get("/forecasts/export/{what}")
def export(request, what: str, format: str = "csv"):
    """what: voorspellingen | gecombineerd | enquete-<id> | panel-<id>; format: csv | parquet."""
    _analyst(request)
    from .views import export_response

    resp = export_response(what, format)
    if resp is None:
        raise HttpError(400, "format is csv of parquet")
    return resp


class AnswerIn(Schema):
    concept_uri: str
    direction: str
    change_pct: float
    confidence: int
    reason: str


def _answer(request, panel_id: int, payload: AnswerIn, update: bool):
    if not request.user.is_authenticated:
        raise HttpError(401, "Meld je aan.")
    panel = get_object_or_404(Panel, pk=panel_id)
    rnd = panels.current_round(panel)
    item = PanelItem.objects.filter(panel=panel, concept_uri=payload.concept_uri).first()
    if rnd is None or item is None:
        raise HttpError(404, "geen open ronde of geen item met deze URI in dit panel")
    try:
        a = panels.submit_answer(rnd=rnd, item=item, expert=request.user, direction=payload.direction,
                                 change_pct=payload.change_pct, confidence=payload.confidence, reason=payload.reason,
                                 update=update)
    except panels.PanelRefused as exc:
        msg = str(exc)
        raise HttpError(409 if "al" in msg.split() or "gesloten" in msg else 400, msg) from None
    return {"round": rnd.number, "concept_uri": item.concept_uri, "direction": a.direction,
            "change_pct": a.change_pct, "confidence": a.confidence}


@router.post("/forecasts/panels/{panel_id}/answers", auth=django_auth)  # session: the CSRF token is checked
def answer_create(request, panel_id: int, payload: AnswerIn):
    """An expert's answer in the open round; a second answer for the same item is refused (409): use PUT."""
    return _answer(request, panel_id, payload, update=False)


@router.put("/forecasts/panels/{panel_id}/answers", auth=django_auth)
def answer_update(request, panel_id: int, payload: AnswerIn):
    """Change (or give) the own answer while the round is open."""
    return _answer(request, panel_id, payload, update=True)
