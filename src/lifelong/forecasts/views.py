"""Pages: analysts (forecasts, sources side by side, surveys, panels, exports), employers (survey form),
experts (Delphi rounds). Thin: every write goes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.reference import NACE_CHOICES, PROVINCE_CHOICES, PROVINCES
from lifelong.taxonomy.selectors import labels_by_uri, with_competent_codes
from lifelong.users.permissions import role_required
from lifelong.web.forecast_chart import forecast_svg

from . import exports, selectors
from .forms import AnswerImportForm, PanelAnswerForm, PanelForm, SurveyForm
from .models import Panel, PanelAnswer, QuestionKind, Survey, SurveyStatus
from .services import combination, panels, surveys

ANALYSTS = ("analyst", "partnership", "secretariat")
analysts = role_required(*ANALYSTS)


def _lang() -> str:
    return (get_language() or "nl")[:2]


def _labels(uris) -> dict[str, str]:
    return labels_by_uri(uris, _lang())


def _with_labels(rows):
    labels = _labels(r.concept_uri for r in rows)
    for r in rows:
        r.label = labels.get(r.concept_uri, r.concept_uri)
    return rows


# --- analysts: forecasts --------------------------------------------------------------------------


@analysts
def overview(request):
    province = request.GET.get("provincie", "")
    if province and province not in PROVINCES:
        province = ""
    sector = request.GET.get("sector", "")
    rising, falling = selectors.rising_and_falling(kind="skill", province=province)
    occ_rising, occ_falling = selectors.rising_and_falling(kind="occupation", province=province)
    _with_labels(rising + falling + occ_rising + occ_falling)
    sector_rows = []
    if sector:
        sector_rows = _sector_missing_skills(sector)
    return render(request, "forecasts/overview.html", {
        "rising": rising, "falling": falling, "occ_rising": occ_rising, "occ_falling": occ_falling,
        "province": province, "provinces": PROVINCE_CHOICES, "sector": sector, "sectors": NACE_CHOICES,
        "sector_rows": sector_rows, "sector_outlook": selectors.latest_combined(f"sector:{sector}") if sector else None,
        "surveys": Survey.objects.all()[:5], "panels": Panel.objects.all()[:5],
    })


def _sector_missing_skills(sector: str) -> list[dict]:
    """Competences most often missing in the firms of one sector (answers of the newest survey, unweighted)."""
    survey = Survey.objects.filter(responses__isnull=False).order_by("-created_at").first()
    if survey is None:
        return []
    rows = []
    for q in survey.questions.filter(kind=QuestionKind.MISSING_SKILL):
        vals = list(q.answers.filter(response__organisation__nace_section=sector).values_list("value", flat=True))
        if vals:
            rows.append({"uri": q.concept_uri, "n": len(vals), "share": sum(vals) / len(vals)})
    labels = _labels(r["uri"] for r in rows)
    for r in rows:
        r["label"] = labels.get(r["uri"], r["uri"])
        r["outlook"] = selectors.demand_outlook(r["uri"])
    return sorted(rows, key=lambda r: -r["share"])


@analysts
def series(request):
    key = request.GET.get("key", "").strip()
    if not key:
        raise Http404
    view = selectors.series_view(key)
    combined = selectors.latest_combined(key)
    kind, uri, province = combination.split_key(key)
    label = _labels([uri]).get(uri, key)
    if not view["history"] and not view["forecast"] and combined is None:
        raise Http404
    sources = {c["source"]: c for c in (combined.contributions if combined else [])}
    chart_says = _chart_says(combined, sources.get("statistical"))
    chart = forecast_svg(view["history"], view["forecast"],
                         title=_("Vraag naar %(label)s: waarneming en voorspelling") % {"label": label},
                         description=_("Lijn: waargenomen vraag; stippellijn: voorspelling; banden: 80 %% en 95 %% "
                                       "voorspellingsinterval. De tabel onder de grafiek geeft dezelfde cijfers."))
    return render(request, "forecasts/series.html", {
        "key": key, "label": label, "uri": uri, "province": province, "kind": kind, "view": view, "chart": chart,
        "combined": combined, "sources": sources, "prov": view["provenance"] or {}, "chart_says": chart_says,
    })


def _chart_says(combined, statistical: dict | None) -> dict | None:
    """What the chart alone says (the statistical forecast's change over the same 12 months and the width of
    its 80 % band), to set beside the headline: the same numbers, so a headline that differs says why."""
    from .engine.combination import direction
    from .models import CombinedForecast

    if combined is None or statistical is None:
        return None
    band = (combined.rule_snapshot or {}).get("stable_band_pct", 0)
    outlook = direction(statistical["raw_signal_pct"], band)
    names = dict(CombinedForecast._meta.get_field("outlook").choices)
    return {"outlook": names.get(outlook, outlook), "change_pct": statistical["raw_signal_pct"],
            "differs": outlook != combined.outlook,
            "interval_ratio": (statistical.get("provenance") or {}).get("interval_ratio")}


@analysts
@require_POST
def publish(request):
    published = combination.publish()
    messages.success(request, _("%(n)s gecombineerde voorspellingen gepubliceerd.") % {"n": len(published)})
    return redirect("forecasts:overview")


EXPORTS = {
    "voorspellingen": ("forecasts", lambda: selectors.forecast_rows()),
    "gecombineerd": ("combined", lambda: selectors.combined_rows()),
}


def _rows_for(what: str) -> tuple[str, list[dict]]:
    if what in EXPORTS:
        name, fn = EXPORTS[what]
        return name, fn()
    kind, _sep, pk = what.partition("-")
    if kind == "enquete" and pk.isdigit():
        survey = get_object_or_404(Survey, pk=int(pk))
        return f"survey-{pk}", surveys.estimate_rows(surveys.estimate_survey(survey))
    if kind == "panel" and pk.isdigit():
        return f"panel-{pk}", panels.result_rows(get_object_or_404(Panel, pk=int(pk)))
    raise Http404


def export_response(what: str, fmt: str) -> HttpResponse | None:
    """The export ``what`` as a CSV or Parquet download (page and API); None for another format."""
    name, rows = _rows_for(what)
    if fmt not in ("csv", "parquet"):
        return None
    if rows and "concept_uri" in rows[0]:  # VDAB's Competent codes beside the ESCO URI (issue 18.2)
        rows = with_competent_codes(rows, "concept_uri")
    if fmt == "csv":
        resp = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        resp = HttpResponse(exports.to_parquet(rows, metadata={"source": "lifelong", "export": name}),
                            content_type="application/vnd.apache.parquet")
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


@analysts
def export(request, what: str, fmt: str):
    resp = export_response(what, fmt)
    if resp is None:
        raise Http404
    return resp


# --- analysts: surveys ------------------------------------------------------------------------------


@analysts
def survey_list(request):
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            survey = surveys.create_survey(title=d["title"], intro=d["intro"], occupations=d["occupations"],
                                           skills=d["skills"], training=d["training"], max_count=d["max_count"],
                                           min_cell=d["min_cell"], by=request.user)
        except surveys.SurveyRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Enquête aangemaakt (in voorbereiding). Open ze om antwoorden te ontvangen."))
            return redirect("forecasts:survey", survey.pk)
    return render(request, "forecasts/surveys.html", {"surveys": Survey.objects.all(), "form": form})


@analysts
def survey_detail(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    result = surveys.estimate_survey(survey)
    labels = _labels(q.question.concept_uri for q in result.questions)
    for q in result.questions:
        q.label = labels.get(q.question.concept_uri, "")
    return render(request, "forecasts/survey.html", {
        "survey": survey, "result": result, "import_form": AnswerImportForm(), "export_key": f"enquete-{survey.pk}",
        "notes": list(dict.fromkeys(n for q in result.questions for n in q.notes)),
        "report": request.session.pop("survey_import_report", None),
    })


@analysts
@require_POST
def survey_status(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    try:
        surveys.set_status(survey, request.POST.get("status", ""))
    except surveys.SurveyRefused as exc:
        messages.error(request, str(exc))
    return redirect("forecasts:survey", pk)


@analysts
@require_POST
def survey_import(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    form = AnswerImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = form.errors.get("file") or []
        messages.error(request, errors[0] if errors and "file" in request.FILES else _("Kies een CSV-bestand."))
        return redirect("forecasts:survey", pk)
    upload = form.cleaned_data["file"]
    try:
        text = upload.read().decode("utf-8-sig")
        report = surveys.import_answers(survey=survey, text=text, source=f"csv:{upload.name}")
    except UnicodeDecodeError:
        messages.error(request, _("Het bestand is geen UTF-8-tekst."))
        return redirect("forecasts:survey", pk)
    except surveys.SurveyRefused as exc:
        messages.error(request, str(exc))
        return redirect("forecasts:survey", pk)
    request.session["survey_import_report"] = {"summary": report.summary(), "refused": report.refused[:500]}
    return redirect("forecasts:survey", pk)


# --- employers ---------------------------------------------------------------------------------------


@role_required("employer")
def employer_home(request):
    orgs = list(request.user.organisations.all())
    answered = set()
    if orgs:
        answered = set(Survey.objects.filter(responses__organisation__in=orgs).values_list("id", flat=True))
    open_surveys = Survey.objects.filter(status=SurveyStatus.OPEN)
    return render(request, "forecasts/employer_home.html", {"orgs": orgs, "surveys": open_surveys,
                                                            "answered": answered})


@role_required("employer")
def employer_answer(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk, status=SurveyStatus.OPEN)
    orgs = list(request.user.organisations.all())
    if not orgs:
        raise PermissionDenied
    org = orgs[0]
    questions = list(survey.questions.all())
    already = survey.responses.filter(organisation=org).exists()
    error, values = "", {}
    if request.method == "POST" and not already:
        values = {q.id: request.POST.get(f"q{q.id}", "") for q in questions}
        try:
            surveys.submit_response(survey=survey, organisation=org, values=values, user=request.user)
        except surveys.SurveyRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("Bedankt: de antwoorden van %(org)s zijn bewaard.") % {"org": org})
            return redirect("forecasts:employer_home")
    for q in questions:
        q.current = values.get(q.id, "")
    return render(request, "forecasts/employer_answer.html", {"survey": survey, "org": org, "questions": questions,
                                                              "already": already, "error": error})


# --- analysts: panels -------------------------------------------------------------------------------


@analysts
def panel_list(request):
    form = PanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            panel = panels.open_panel(title=d["title"], question=d["question"], concept_uris=d["concepts"],
                                      experts=d["experts"], consensus_iqr=d["consensus_iqr"], by=request.user)
        except panels.PanelRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Panel geopend met ronde 1."))
            return redirect("forecasts:panel", panel.pk)
    return render(request, "forecasts/panels.html", {"panels": Panel.objects.prefetch_related("rounds"), "form": form})


@analysts
def panel_detail(request, pk: int):
    panel = get_object_or_404(Panel, pk=pk)
    rounds = []
    for rnd in panel.rounds.order_by("-number"):
        answered = rnd.answers.values("expert").distinct().count()
        rounds.append({"round": rnd, "results": panels.round_results(rnd, with_reasons=not rnd.is_open),
                       "answered": answered})
    return render(request, "forecasts/panel.html", {"panel": panel, "rounds": rounds, "export_key": f"panel-{panel.pk}",
                                                    "experts": panel.experts.count()})


@analysts
@require_POST
def panel_round(request, pk: int):
    panel = get_object_or_404(Panel, pk=pk)
    try:
        if request.POST.get("action") == "close":
            rnd = panels.current_round(panel)
            if rnd is None:
                raise panels.PanelRefused(_("dit panel heeft nog geen ronde"))
            panels.close_round(rnd)
            messages.success(request, _("Ronde %(n)s gesloten: de antwoorden liggen vast.") % {"n": rnd.number})
        else:
            rnd = panels.open_next_round(panel)
            messages.success(request, _("Ronde %(n)s geopend.") % {"n": rnd.number})
    except panels.PanelRefused as exc:
        messages.error(request, str(exc))
    return redirect("forecasts:panel", pk)


# --- experts ------------------------------------------------------------------------------------------


def _expert_panel(request, pk):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return None, redirect_to_login(request.get_full_path())
    panel = get_object_or_404(Panel, pk=pk)
    if not panel.experts.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    return panel, None


def expert_home(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    my = Panel.objects.filter(experts=request.user).prefetch_related("rounds")
    return render(request, "forecasts/expert_home.html", {"panels": my})


def expert_round(request, pk: int):
    panel, redirect_response = _expert_panel(request, pk)
    if redirect_response:
        return redirect_response
    rnd = panels.current_round(panel)
    items = list(panel.items.all())
    mine = {a.item_id: a for a in PanelAnswer.objects.filter(round=rnd, expert=request.user)} if rnd else {}
    errors = {}
    forms_by_item = {}
    if request.method == "POST" and rnd is not None:
        saved = 0
        for item in items:
            form = PanelAnswerForm(request.POST, prefix=f"i{item.id}")
            forms_by_item[item.id] = form
            if form.is_valid():
                d = form.cleaned_data
                try:
                    panels.submit_answer(rnd=rnd, item=item, expert=request.user, direction=d["direction"],
                                         change_pct=d["change_pct"], confidence=d["confidence"], reason=d["reason"])
                    saved += 1
                except panels.PanelRefused as exc:
                    errors[item.id] = str(exc)
        if saved and not errors and all(f.is_valid() for f in forms_by_item.values()):
            messages.success(request, _("Je antwoorden voor ronde %(n)s zijn bewaard. Je kan ze aanpassen zolang de "
                                        "ronde open is.") % {"n": rnd.number})
            return redirect("forecasts:expert_round", pk)
    rows = []
    for item in items:
        form = forms_by_item.get(item.id)
        if form is None:
            a = mine.get(item.id)
            initial = ({"direction": a.direction, "change_pct": a.change_pct, "confidence": a.confidence,
                        "reason": a.reason} if a else None)
            form = PanelAnswerForm(prefix=f"i{item.id}", initial=initial)
        rows.append({"item": item, "form": form, "error": errors.get(item.id), "answered": item.id in mine})
    closed = panels.last_closed_round(panel)
    feedback = panels.round_results(closed) if closed else []
    return render(request, "forecasts/expert_round.html", {"panel": panel, "round": rnd, "rows": rows,
                                                           "closed": closed, "feedback": feedback})
