"""EVC (recognition of acquired competences): evidence, the request, the credential and the evidence files."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lifelong.guidance.models import Scope
from lifelong.guidance.selectors import require_access
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from .. import selectors, services
from ..forms import EvidenceForm
from ..models import CompetenceClaim, Evidence, ValidationRequest
from .common import LEARNER, lang, picked, refused


@role_required(*LEARNER)
def evidence(request):
    person = selectors.own_person(request.user)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                d = form.cleaned_data
                services.record_evidence(user=request.user, person=person, skill_uri=request.POST.get("uri", ""),
                                         kind=d["kind"], description=d["description"], upload=d["file"],
                                         witness_name=d["witness_name"], witness_contact=d["witness_contact"])
                messages.success(request, _("Je bewijs is bewaard."))
                return redirect("people:evidence")
            except services.Refused as exc:
                form.add_error(None, str(exc))
        status = 400
    claims = selectors.evidence_of(request.user, person, lang())
    return render(request, "people/evidence.html", {"form": form, "claims": claims, "q": request.POST.get("q", ""),
                                                    "picked": picked(request)}, status=status)


@role_required(*LEARNER)
@require_POST
def evidence_remove(request, pk: int):
    """Take a piece of evidence back (refused while its recognition request is being judged)."""
    evidence = get_object_or_404(Evidence, pk=pk, claim__person=selectors.own_person(request.user))
    try:
        services.remove_evidence(user=request.user, evidence=evidence)
        messages.success(request, _("Het bewijs is weggehaald."))
    except services.Refused as exc:
        refused(request, exc)
    return redirect("people:evidence")


@role_required(*LEARNER)
@require_POST
def submit(request, pk: int):
    claim = get_object_or_404(CompetenceClaim, pk=pk, person=selectors.own_person(request.user))
    try:
        services.submit_for_validation(user=request.user, claim=claim)
        messages.success(request, _("Je aanvraag is ingediend. Een begeleider met je toestemming beoordeelt ze."))
    except services.Refused as exc:
        refused(request, exc)
    return redirect("people:evidence")


@role_required(*LEARNER)
def credential_download(request, pk: int):
    validation = get_object_or_404(ValidationRequest, pk=pk, claim__person=selectors.own_person(request.user))
    try:
        credential = services.issue_credential(user=request.user, validation=validation)
    except services.Refused as exc:
        refused(request, exc)
        return redirect("people:evidence")
    response = HttpResponse(json.dumps(credential.document, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="erkenning-{credential.id}.json"'
    return response


@role_required(Role.LEARNER, Role.COUNSELLOR)
def evidence_file(request, pk: int):
    """An evidence file, for its owner or an assessor with an 'evc' consent (logged); never public."""
    item = get_object_or_404(Evidence.objects.select_related("claim__person"), pk=pk)
    require_access(request.user, item.claim.person, scope=Scope.EVC, action=gettext_lazy("bewijsbestand geopend"))
    if not item.file:
        raise Http404
    response = FileResponse(item.file.open("rb"), content_type=item.content_type or "application/octet-stream",
                            as_attachment=True, filename=Path(item.file.name).name)
    response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY_SANDBOX  # never runs as our page
    return response
