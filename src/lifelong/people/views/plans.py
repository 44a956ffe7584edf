"""The learner's development plans and their learning activities."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.users.permissions import role_required

from .. import selectors, services
from ..forms import ActivityForm, ActivityStatusForm, PlanForm
from ..models import DevelopmentPlan, LearningActivity
from .common import LEARNER, lang


@role_required(*LEARNER)
def plans(request):
    person = selectors.own_person(request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(user=request.user, person=person, **form.cleaned_data)
        return redirect("people:plan", pk=plan.pk)
    return render(request, "people/plans.html", {"form": form, "plans": DevelopmentPlan.objects.filter(person=person)})


def _own_plan(request, pk) -> DevelopmentPlan:
    return get_object_or_404(DevelopmentPlan.objects.select_related("person"), pk=pk, person=selectors.own_person(request.user))


def _activity_form(detail, data=None):
    return ActivityForm(data, skills=[(c.skill.uri, str(c.label)) for c in detail["competences"]])


@role_required(*LEARNER)
def plan_page(request, pk: int):
    plan = _own_plan(request, pk)
    detail = selectors.plan_detail(request.user, plan, lang())
    return render(request, "people/plan.html", {**detail, "form": _activity_form(detail),
                                                 "status_form": ActivityStatusForm()})


@role_required(*LEARNER)
@require_POST
def activity_add(request, pk: int):
    plan = _own_plan(request, pk)
    detail = selectors.plan_detail(request.user, plan, lang())
    form = _activity_form(detail, request.POST)
    if form.is_valid():
        services.add_activity(user=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("De leeractiviteit is toegevoegd."))
        return redirect("people:plan", pk=plan.pk)
    return render(request, "people/plan.html", {**detail, "form": form, "status_form": ActivityStatusForm()},
                  status=400)


@role_required(*LEARNER)
@require_POST
def activity_update(request, pk: int):
    activity = get_object_or_404(LearningActivity.objects.select_related("plan__person"), pk=pk,
                                 plan__person=selectors.own_person(request.user))
    form = ActivityStatusForm(request.POST)
    if form.is_valid():
        services.update_activity(user=request.user, activity=activity, status=form.cleaned_data["status"],
                                 progress=form.cleaned_data["progress"])
        messages.success(request, _("Bijgewerkt."))
    return redirect("people:plan", pk=activity.plan_id)
