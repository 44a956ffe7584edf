"""Counsellors, bridge figures and employers with a consent: the people who consented, checks to
confirm, EVC requests to decide, diplomas to certify, credentials to revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.guidance.models import Scope
from lifelong.guidance.selectors import consent_in_force
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from .. import selectors, services
from ..forms import DecisionForm
from ..models import (
    CompetenceCheck,
    Credential,
    Person,
    Qualification,
    ValidationRequest,
    ValidationStatus,
)
from .common import GUIDES, lang, refused


@role_required(*GUIDES)
def guide_home(request):
    requests = selectors.validations_for_assessor(request.user, lang()) \
        if request.user.role == Role.COUNSELLOR else []
    issued = (Credential.objects.filter(validation__assessor=request.user)
              .select_related("validation__claim__person").order_by("-issued_at")[:50])
    return render(request, "people/guide_home.html", {"people": selectors.people_who_consented(request.user),
                                                      "requests": requests, "issued": issued})


@role_required(Role.COUNSELLOR, Role.SECRETARIAT)
@require_POST
def guide_revoke(request, pk):
    credential = get_object_or_404(Credential, pk=pk)
    try:
        services.revoke_credential(actor=request.user, credential=credential, reason=request.POST.get("reason", ""))
        messages.success(request, _("Het bewijs is ingetrokken. Wie het controleert, ziet dat nu."))
    except services.Refused as exc:
        refused(request, exc)
    return redirect("people:guide_home")


@role_required(*GUIDES)
def guide_person(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    data = selectors.overview(request.user, person, lang())  # refuses (403) without a consent in force
    checks = list(CompetenceCheck.objects.filter(person=person, completed_at__isnull=False)
                  .select_related("occupation"))

    can_confirm = consent_in_force(grantee=request.user, person=person, scope=Scope.CHECK) is not None
    can_assess = consent_in_force(grantee=request.user, person=person, scope=Scope.EVC) is not None
    return render(request, "people/guide_person.html", {"o": data, "checks": checks, "can_confirm": can_confirm,
                                                        "can_assess": can_assess})


@role_required(Role.COUNSELLOR)
@require_POST
def guide_certify(request, pk: int):
    qualification = get_object_or_404(Qualification, pk=pk)
    try:
        n = services.certify_qualification(assessor=request.user, qualification=qualification,
                                           skill_uris=request.POST.getlist("uri"))
        messages.success(request, _("Diploma bevestigd: %(n)d competenties tellen nu als gecertificeerd.") % {"n": n})
    except services.Refused as exc:
        refused(request, exc)
    return redirect("people:guide_person", pk=qualification.person_id)


@role_required(Role.COUNSELLOR)
@require_POST
def guide_confirm_check(request, pk: int):
    check = get_object_or_404(CompetenceCheck, pk=pk)
    try:
        n = services.confirm_check(counsellor=request.user, check=check)
        messages.success(request, _("Bevestigd: %(n)d competenties tellen nu als gecheckt.") % {"n": n})
    except services.Refused as exc:
        refused(request, exc)
    return redirect("people:guide_person", pk=check.person_id)


@role_required(Role.COUNSELLOR)
def guide_decide(request, pk: int):
    vr = get_object_or_404(ValidationRequest.objects.select_related("claim__person", "claim__skill"), pk=pk)
    data = selectors.validation_for_assessor(request.user, vr, lang())
    form = DecisionForm(request.POST or None, initial={"level": vr.claim.level})
    if request.method == "POST" and form.is_valid():
        try:
            d = form.cleaned_data
            services.decide_validation(assessor=request.user, request=vr, approve=d["decision"] == "approve",
                                       reasons=d["reasons"], level=d["level"])
            messages.success(request, _("Je beslissing is bewaard."))
            return redirect("people:guide_home")
        except services.Refused as exc:
            form.add_error(None, str(exc))
    return render(request, "people/guide_decide.html", {**data, "form": form,
                                                        "decided": vr.status != ValidationStatus.SUBMITTED})
