"""The competence check against an occupation: start, questions, result, the plan it leads to."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.taxonomy.selectors import label_of, labels_of
from lifelong.users.permissions import role_required

from .. import selectors, services
from ..models import CompetenceCheck, WorkExperience
from .common import LEARNER, lang, levels, picked, refused


@role_required(*LEARNER)
def check_start(request):
    person = selectors.own_person(request.user)
    if request.method == "POST":
        try:
            check = services.start_check(user=request.user, person=person, occupation_uri=request.POST.get("uri", ""),
                                         language=lang())
            return redirect("people:check_question", pk=check.pk)
        except services.Refused as exc:
            refused(request, exc)
    current = list(WorkExperience.objects.filter(person=person, ended_on__isnull=True).select_related("occupation"))
    labels = labels_of([e.occupation_id for e in current], lang())
    for e in current:
        e.label = labels[e.occupation_id]
    checks = list(selectors.checks_of(request.user, person)[:20])
    check_labels = labels_of([c.occupation_id for c in checks], lang())
    for c in checks:
        c.progress, c.label = selectors.check_progress(c), check_labels[c.occupation_id]
    return render(request, "people/check_start.html", {"current": current, "checks": checks,
                                                       "picked": picked(request)})


def _own_check(request, pk) -> CompetenceCheck:
    return get_object_or_404(CompetenceCheck.objects.select_related("occupation", "person"), pk=pk,
                             person=selectors.own_person(request.user))


@role_required(*LEARNER)
def check_question(request, pk: int):
    check = _own_check(request, pk)
    if request.method == "POST":
        action = request.POST.get("action", "answer")
        try:
            if action == "finish":
                services.complete_check(user=request.user, check=check)
                return redirect("people:check_result", pk=check.pk)
            position = int(request.POST.get("position", "0"))
            rating = None if action == "skip" else int(request.POST.get("rating") or 0) or None
            if action == "answer" and rating is None:
                raise services.Refused(_("Kies een antwoord, of kies 'Overslaan'."))
            services.answer_question(user=request.user, check=check, position=position, rating=rating)
        except (services.Refused, ValueError) as exc:
            refused(request, exc)
        return redirect("people:check_question", pk=check.pk)
    if check.completed_at:
        return redirect("people:check_result", pk=check.pk)
    progress = selectors.check_progress(check)
    question = selectors.next_question(check)
    label = None
    if question:

        label = label_of(question.skill, lang())
    result = selectors.check_result(request.user, check, lang())
    return render(request, "people/check_question.html", {
        "check": check, "q": question, "label": label, "progress": progress, "levels": levels(),
        "occupation": result.occupation_label,
        "essentials_done": progress["essential_done"] == progress["essential_total"],
    })


@role_required(*LEARNER)
def check_result_page(request, pk: int):
    check = _own_check(request, pk)
    result = selectors.check_result(request.user, check, lang())
    return render(request, "people/check_result.html", {"r": result, "check": check, "labels": result.labels,
                                                        "progress": selectors.check_progress(check)})


@role_required(*LEARNER)
@require_POST
def check_answer_skipped(request, pk: int):
    """Answer the skipped questions now: they come back in the check."""
    check = _own_check(request, pk)
    try:
        services.answer_skipped_later(user=request.user, check=check)
    except services.Refused as exc:
        refused(request, exc)
        return redirect("people:check_result", pk=check.pk)
    return redirect("people:check_question", pk=check.pk)


@role_required(*LEARNER)
@require_POST
def plan_from_check(request, pk: int):
    check = _own_check(request, pk)
    plan = services.create_plan_from_check(user=request.user, check=check)
    messages.success(request, _("Je ontwikkelplan is klaar. Voeg nu leeractiviteiten toe."))
    return redirect("people:plan", pk=plan.pk)
