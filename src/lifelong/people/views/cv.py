"""A CV pasted or uploaded, read in the background: its suggestions to confirm or reject."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.users.permissions import role_required

from .. import cv_services, selectors, services
from ..models import CvReading
from .common import LEARNER, lang, levels, refused


@role_required(*LEARNER)
def cv(request):
    """Paste or upload a CV; it is read in the background and suggests competences to confirm."""
    person = selectors.own_person(request.user)
    if request.method == "POST":
        try:
            # no flash message: the "we lezen je cv" notice is part of the status block, which the page
            # refreshes while the CV is read and which no longer holds it once the reading is done
            cv_services.submit_cv(user=request.user, person=person, text=request.POST.get("text", ""),
                               upload=request.FILES.get("file"))
            return redirect(reverse("people:cv") + "#cv-status")
        except services.Refused as exc:
            refused(request, exc)
    return render(request, "people/cv.html", _cv_context(request, person))


@role_required(*LEARNER)
def cv_status(request):
    """The part of the CV page that changes while a CV is being read (htmx polls it)."""
    return render(request, "people/_cv_status.html", _cv_context(request, selectors.own_person(request.user)))


def _cv_context(request, person) -> dict:
    readings = selectors.cv_readings(request.user, person)
    result = selectors.cv_result(person, lang(), limit=30)
    return {"readings": readings, "busy": any(r.status in ("queued", "running") for r in readings),
            "result": result, "suggestions": result["suggestions"], "levels": levels(),
            "text": request.POST.get("text", "") if request.method == "POST" else ""}


@role_required(*LEARNER)
@require_POST
def cv_reject(request, pk: int):
    """Reject one suggestion of a read CV (kept, undoable): it leaves the list and does not come back."""
    reading = get_object_or_404(CvReading, pk=pk, person=selectors.own_person(request.user))
    try:
        cv_services.reject_cv_suggestion(user=request.user, reading=reading, uri=request.POST.get("uri", ""))
        messages.success(request, _("Afgewezen. Je vindt het onder „Afgewezen voorstellen”, als je je vergist."))
    except services.Refused as exc:
        refused(request, exc)
    return redirect(reverse("people:cv") + "#cv-suggest")


@role_required(*LEARNER)
@require_POST
def cv_restore(request, pk: int):
    """Undo a rejection: the suggestion is back in the list."""
    reading = get_object_or_404(CvReading, pk=pk, person=selectors.own_person(request.user))
    cv_services.restore_cv_suggestion(user=request.user, reading=reading, uri=request.POST.get("uri", ""))
    messages.success(request, _("Het voorstel staat weer in de lijst."))
    return redirect(reverse("people:cv") + "#cv-suggest")


@role_required(*LEARNER)
@require_POST
def cv_forget(request, pk: int):
    reading = get_object_or_404(CvReading, pk=pk, person=selectors.own_person(request.user))
    cv_services.forget_cv(user=request.user, reading=reading)
    messages.success(request, _("Je cv en de voorstellen eruit zijn gewist."))
    return redirect("people:cv")
