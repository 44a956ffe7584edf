"""Pages of the LLL-matrix and the LLL-dashboard: thin, every write through the services."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.actionplan import permissions
from lifelong.actionplan import services as plan_services
from lifelong.actionplan.models import Action, Barrier, ChangeRecord, Flagship, Plan
from lifelong.actionplan.services import Refused

from . import exports, selectors, services
from .forms import (
    ActionForm,
    BarrierForm,
    BudgetForm,
    CommentForm,
    IndicatorForm,
    MilestoneForm,
    ValueForm,
)
from .models import Indicator


def readers(view):
    """Log in first; then only the partnership, the secretariat, observers and analysts (others: 403)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _macro_params(request):
    measure = request.GET.get("meting", "lfs_12m")
    geos = [g for g in request.GET.get("gebied", "").split(",") if g] or None
    return measure, geos


# --- action plan ------------------------------------------------------------------------------


@readers
def plan(request):
    flagships = Flagship.objects.prefetch_related("actions__levels", "actions__barriers", "advice").select_related(
        "stream")
    return render(request, "dashboard/plan.html", {"plan": Plan.objects.first(), "flagships": flagships,
                                                   "can_edit": permissions.can_edit_plan(request.user)})


@readers
def action_detail(request, code):
    action = get_object_or_404(Action.objects.select_related("flagship", "working_group"), code=code)
    return render(request, "dashboard/action.html", {
        "action": action, "can_edit": permissions.can_edit_action(request.user, action),
        "can_comment": permissions.can_comment(request.user) or permissions.can_edit_action(request.user, action),
        "history": ChangeRecord.objects.filter(action=action).select_related("actor")[:50],
        "comment_form": CommentForm(), "budget_form": BudgetForm(prefix="budget"), "milestone_form": MilestoneForm(prefix="ms"),
    })


@readers
def action_edit(request, code):
    action = get_object_or_404(Action, code=code)
    if not permissions.can_edit_action(request.user, action):
        raise PermissionDenied
    form = ActionForm(request.POST or None, instance=Action.objects.get(pk=action.pk))
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in form.Meta.fields}
        if not permissions.can_edit_plan(request.user):
            values.pop("working_group")  # a working group cannot hand its action to another group
        try:
            values["owners"] = plan_services.stakeholders_named(
                actor=request.user, names=form.names(form.cleaned_data["owners_text"]))
            values["partners"] = plan_services.stakeholders_named(
                actor=request.user, names=form.names(form.cleaned_data["partners_text"]))
            plan_services.update_action(actor=request.user, action=action, why=form.cleaned_data["why"], **values)
        except Refused as exc:
            form.add_error(None, exc.reason)
        else:
            messages.success(request, _("De actie is bijgewerkt."))
            return redirect("dashboard:action", code=action.code)
    return render(request, "dashboard/form.html", {"form": form, "title": _("Actie %(c)s bewerken") % {
        "c": action.code}, "back": action}, status=400 if form.errors else 200)


def _action_form_post(request, code, form_class, prefix, write, done):
    """The shape the small forms on an action's page share: check the right to edit, validate, write through
    the service, say what happened (or why not), back to the action."""
    action = get_object_or_404(Action, code=code)
    if not permissions.can_edit_action(request.user, action):
        raise PermissionDenied
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            write(action, form)
            messages.success(request, done)
        except Refused as exc:
            messages.error(request, exc.reason)
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("dashboard:action", code=action.code)


@readers
@require_POST
def action_budget(request, code):
    return _action_form_post(request, code, BudgetForm, "budget", lambda action, form: plan_services.set_budget(
        actor=request.user, action=action, year=form.cleaned_data["year"], planned_cents=form.cents("planned"),
        committed_cents=form.cents("committed"), spent_cents=form.cents("spent"), why=form.cleaned_data["why"]),
        _("Het budget is bijgewerkt."))


@readers
@require_POST
def action_milestone(request, code):
    return _action_form_post(request, code, MilestoneForm, "ms", lambda action, form: plan_services.add_milestone(
        actor=request.user, action=action, title=form.cleaned_data["title"], due=form.cleaned_data["due"],
        why=form.cleaned_data["why"]), _("De mijlpaal is toegevoegd."))


@readers
@require_POST
def action_comment(request, code):
    action = get_object_or_404(Action, code=code)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Een opmerking mag niet leeg zijn."))
        return redirect("dashboard:action", code=code)
    try:
        plan_services.add_comment(actor=request.user, action=action, text=form.cleaned_data["text"])
    except Refused as exc:
        raise PermissionDenied(exc.reason) from exc
    messages.success(request, _("Je opmerking is geplaatst."))
    return redirect("dashboard:action", code=code)


@readers
def barriers(request):
    can_edit = permissions.can_edit_plan(request.user)
    form = BarrierForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            values = {k: form.cleaned_data[k] for k in form.Meta.fields}
            try:
                plan_services.save_barrier(actor=request.user, why=form.cleaned_data["why"], fields=values)
                messages.success(request, _("De drempel is toegevoegd."))
                return redirect("dashboard:barriers")
            except Refused as exc:
                form.add_error(None, exc.reason)
    return render(request, "dashboard/barriers.html", {
        "barriers": Barrier.objects.prefetch_related("actions"), "form": form, "can_edit": can_edit})


@readers
def barrier_edit(request, code):
    barrier = get_object_or_404(Barrier, code=code)
    if not permissions.can_edit_plan(request.user):
        raise PermissionDenied
    form = BarrierForm(request.POST or None, instance=Barrier.objects.get(pk=barrier.pk))
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            plan_services.save_barrier(actor=request.user, barrier=barrier, why=form.cleaned_data["why"],
                                       fields=values)
            messages.success(request, _("De drempel is bijgewerkt."))
            return redirect("dashboard:barriers")
        except Refused as exc:
            form.add_error(None, exc.reason)
    return render(request, "dashboard/form.html", {"form": form, "title": _("Drempel bewerken"), "back": None})


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


def _split_page(request, dimensions: list[str], table_of, view: str, title: str, intro: str):
    """A computed table under a chosen split (the funnel and the meso view): the form, the table, its exports."""
    dimension = _choice(request, "uitsplitsing", dimensions)
    return render(request, "dashboard/split.html", {
        "table": table_of(dimension, _year(request)), "dimension": dimension,
        "dimensions": [(d, selectors.DIMENSION_LABELS[d]) for d in dimensions], "view": view, "title": title,
        "intro": intro, "run": selectors.latest_run(), "query": request.GET.urlencode()})


@readers
def funnel(request):
    """Micro: the learner funnel check → POP → booking → completion, per target group or other split."""
    return _split_page(request, FUNNEL_DIMENSIONS, selectors.funnel, "leerpad", _("Het leerpad (micro)"), _(
        "Hoeveel mensen zetten elke stap: een competentiecheck, een ontwikkelplan, een inschrijving en een gevolgde "
        "opleiding? En hoeveel gaan door naar de volgende stap? Zo zie je waar mensen afhaken, en voor welke "
        "doelgroep."))


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
