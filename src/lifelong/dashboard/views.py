"""Pages of the LLL-dashboard (the action plan's own pages are in ``actionplan.views``): thin, every write
through the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.actionplan import permissions
from lifelong.actionplan.models import ChangeRecord
from lifelong.actionplan.permissions import readers
from lifelong.actionplan.services import Refused
from lifelong.mobilisation.selectors import SMALL_CELL
from lifelong.mobilisation.selectors import dashboard_reach as mobilisation_reach

from . import exports, selectors, services
from .forms import IndicatorForm, ValueForm
from .models import Indicator


def _macro_params(request):
    measure = request.GET.get("meting", "lfs_12m")
    geos = [g for g in request.GET.get("gebied", "").split(",") if g] or None
    return measure, geos


# --- dashboard -------------------------------------------------------------------------------


@readers
def overview(request):
    services.refresh_if_stale()
    return render(request, "dashboard/overview.html", {
        "headline": selectors.headline(), "uncovered": selectors.uncovered_barriers(),
        "indicators": Indicator.objects.all(), "run": selectors.latest_run(),
        "can_edit": permissions.can_edit_plan(request.user)})


@readers
def matrix(request):
    return render(request, "dashboard/matrix.html", {
        "streams": selectors.matrix_streams(), "barriers": selectors.matrix_barriers(),
        "uncovered": selectors.uncovered_barriers()})


@readers
def macro(request):
    measure, geos = _macro_params(request)
    return render(request, "dashboard/macro.html", {"m": selectors.macro(measure, geos), "query": request.GET.urlencode()})


@readers
def macro_spec(request):
    measure, geos = _macro_params(request)
    return JsonResponse(selectors.macro(measure, geos)["spec"])


@readers
def resources(request):
    year = request.GET.get("jaar")
    year = int(year) if year and year.isdigit() else None
    return render(request, "dashboard/resources.html", {"table": selectors.resources(year),
                                                        "query": request.GET.urlencode()})


@readers
def platform(request):
    code = request.GET.get("indicator", "platform_participation")
    dimension = request.GET.get("uitsplitsing", "target_group")
    services.refresh_if_stale()
    return render(request, "dashboard/platform.html", {
        "table": selectors.platform_table(code, dimension), "run": selectors.latest_run(),
        "computed": Indicator.objects.filter(computed=True), "code": code, "dimension": dimension,
        "dimensions": [(d, selectors.dimension_label(d)) for d in
                       ("target_group", "education", "labour_status", "age", "sex", "province", "firm_size")],
        "can_edit": permissions.can_edit_plan(request.user), "query": request.GET.urlencode()})


FUNNEL_DIMENSIONS = ["target_group", "education", "labour_status", "age", "sex", "province", "sector", "firm_size"]
MESO_DIMENSIONS = ["province", "sector", "firm_size", "provider"]


def _choice(request, name: str, allowed: list[str]) -> str:
    value = request.GET.get(name, allowed[0])
    return value if value in allowed else allowed[0]


def _year(request) -> int | None:
    year = request.GET.get("jaar", "")
    return int(year) if year.isdigit() else None


def _split_page(request, dimensions: list[str], table_of, view: str, title: str, intro: str, more=(), **extra):
    """A computed table under a chosen split (the funnel and the meso view): the form, the table, its exports.
    ``more``: further (export view, table function) pairs shown under it with the same split; ``extra``: more
    context for the template (the campaigns' reach under the funnel)."""
    dimension = _choice(request, "uitsplitsing", dimensions)
    return render(request, "dashboard/split.html", {
        "table": table_of(dimension, _year(request)), "dimension": dimension,
        "more": [(more_view, more_of(dimension, _year(request))) for more_view, more_of in more],
        "dimensions": [(d, selectors.DIMENSION_LABELS[d]) for d in dimensions], "view": view, "title": title,
        "intro": intro, "run": selectors.latest_run(), "query": request.GET.urlencode(), **extra})


@readers
def funnel(request):
    """Micro: the learner funnel check → POP → booking → completion, per target group or other split."""
    return _split_page(request, FUNNEL_DIMENSIONS, selectors.funnel, "leerpad", _("Het leerpad (micro)"), _(
        "Hoeveel mensen zetten elke stap: een competentiecheck, een ontwikkelplan, een inschrijving en een gevolgde "
        "opleiding? En hoeveel gaan door naar de volgende stap? Zo zie je waar mensen afhaken, en voor welke "
        "doelgroep."), more=[("doorverwijzing", selectors.referral_funnel)], campaign_reach=mobilisation_reach(),
        small=SMALL_CELL)


@readers
def meso(request):
    """Meso: uptake per province, sector, firm size and provider."""
    return _split_page(request, MESO_DIMENSIONS, selectors.meso, "meso",
                       _("Sectoren, provincies en aanbieders (meso)"),
                       _("Het gebruik van het platform per provincie, sector, grootte van de werkgever en aanbieder."))


@readers
@require_POST
def recompute(request):
    try:
        run = services.request_recompute(actor=request.user)
    except Refused as exc:
        raise PermissionDenied(exc.reason) from exc
    messages.success(request, _("Herberekening #%(n)s staat in de wachtrij.") % {"n": run.pk})
    return redirect("dashboard:platform")


@readers
def indicator_edit(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    can_edit = permissions.can_edit_plan(request.user)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk), prefix="def")
    value_form = ValueForm(request.POST or None, prefix="val")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        which = request.POST.get("form")
        target = form if which == "definition" else value_form
        if target.is_valid():
            try:
                if which == "definition":
                    values = {k: form.cleaned_data[k] for k in form.Meta.fields}
                    services.update_indicator(actor=request.user, indicator=indicator,
                                              why=form.cleaned_data["why"], **values)
                else:
                    row = {k: value_form.cleaned_data[k] for k in ("geo", "sex", "age", "breakdown", "period",
                                                                   "value", "flag", "source")}
                    services.record_value(actor=request.user, indicator=indicator,
                                          why=value_form.cleaned_data["why"], row=row)
                messages.success(request, _("De indicator is bijgewerkt."))
                return redirect("dashboard:indicator", code=code)
            except Refused as exc:
                target.add_error(None, exc.reason)
        if which == "definition":
            value_form = ValueForm(prefix="val")
        else:
            form = IndicatorForm(instance=indicator, prefix="def")
    history = ChangeRecord.objects.filter(subject=f"dashboard.indicator:{indicator.pk}").select_related("actor")
    return render(request, "dashboard/indicator.html", {
        "indicator": indicator, "form": form, "value_form": value_form, "can_edit": can_edit,
        "values": indicator.values.order_by("-year", "geo", "dimension", "category")[:200],
        "targets": indicator.targets.all(), "history": history[:50]})


@readers
def report(request):
    measure, geos = _macro_params(request)
    return render(request, "dashboard/report.html", {
        "headline": selectors.headline_table(), "m": selectors.macro(measure, geos),
        "streams": selectors.matrix_streams(), "barriers": selectors.matrix_barriers(),
        "resources": selectors.resources(), "platform": selectors.platform_table()})


EXPORTS = {
    "matrix": lambda r: selectors.matrix_barriers(),
    "matrix-stromen": lambda r: selectors.matrix_streams(),
    "macro": lambda r: selectors.macro(*_macro_params(r))["table"],
    "groei": lambda r: selectors.macro(*_macro_params(r))["growth"],
    "middelen": lambda r: selectors.resources(int(r.GET["jaar"]) if r.GET.get("jaar", "").isdigit() else None),
    "platform": lambda r: selectors.platform_table(r.GET.get("indicator", "platform_participation"),
                                                   r.GET.get("uitsplitsing", "target_group")),
    "kern": lambda r: selectors.headline_table(),
    "leerpad": lambda r: selectors.funnel(_choice(r, "uitsplitsing", FUNNEL_DIMENSIONS), _year(r)),
    "doorverwijzing": lambda r: selectors.referral_funnel(_choice(r, "uitsplitsing", FUNNEL_DIMENSIONS), _year(r)),
    "meso": lambda r: selectors.meso(_choice(r, "uitsplitsing", MESO_DIMENSIONS), _year(r)),
}


@readers
def report_pdf(request):
    from .pdf import report_pdf as build

    measure, geos = _macro_params(request)
    m = selectors.macro(measure, geos)
    tables = [selectors.headline_table(), m["growth"], m["table"], selectors.matrix_streams(),
              selectors.matrix_barriers(), selectors.resources(), selectors.platform_table()]
    response = HttpResponse(build(_("Rapport LLL-dashboard"), tables), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="lll-rapport.pdf"'
    return response


@readers
def export(request, view, fmt):
    if view not in EXPORTS or fmt not in ("csv", "xlsx"):
        raise Http404
    table = EXPORTS[view](request)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_xlsx(table), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="lll-{view}.{fmt}"'
    return response


def public(request):
    """The public page: the chosen headline indicators, no login."""
    services.refresh_if_stale()
    return render(request, "dashboard/public.html", {"headline": selectors.headline()})
