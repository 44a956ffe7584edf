"""Pages of the action plan (LLL-matrix): the plan, an action with its budget, milestones and comments,
the barrier taxonomy. Thin: every write and every rule is in the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions
from . import services as plan_services
from .forms import ActionForm, BarrierForm, BudgetForm, CommentForm, MilestoneForm
from .models import Action, Barrier, ChangeRecord, Flagship, Plan
from .permissions import readers
from .services import Refused


@readers
def plan(request):
    flagships = Flagship.objects.prefetch_related("actions__levels", "actions__barriers", "advice").select_related(
        "stream")
    return render(request, "actionplan/plan.html", {"plan": Plan.objects.first(), "flagships": flagships,
                                                   "can_edit": permissions.can_edit_plan(request.user)})


@readers
def action_detail(request, code):
    action = get_object_or_404(Action.objects.select_related("flagship", "working_group"), code=code)
    return render(request, "actionplan/action.html", {
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
            return redirect("actionplan:action", code=action.code)
    return render(request, "actionplan/form.html", {"form": form, "title": _("Actie %(c)s bewerken") % {
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
    return redirect("actionplan:action", code=action.code)


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
        return redirect("actionplan:action", code=code)
    try:
        plan_services.add_comment(actor=request.user, action=action, text=form.cleaned_data["text"])
    except Refused as exc:
        raise PermissionDenied(exc.reason) from exc
    messages.success(request, _("Je opmerking is geplaatst."))
    return redirect("actionplan:action", code=code)


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
                return redirect("actionplan:barriers")
            except Refused as exc:
                form.add_error(None, exc.reason)
    return render(request, "actionplan/barriers.html", {
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
            return redirect("actionplan:barriers")
        except Refused as exc:
            form.add_error(None, exc.reason)
    return render(request, "actionplan/form.html", {"form": form, "title": _("Drempel bewerken"), "back": None})
