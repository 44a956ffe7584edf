"""Pages of guidance for organisations (issue 14.7): the guide's organisations and an organisation's file
(competence check aggregates, training plan, comments and proposals); the employer's page to give and revoke
the consent, read the log and decide on proposals. Refusals are 403; a guide's attempt is logged."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.guidance.models import GUIDE_ROLES
from lifelong.organisations.selectors import organisations_of
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import org_guidance, services
from .forms import OrganisationCommentForm, OrganisationConsentForm


# -- the guide -----------------------------------------------------------------------------------------------------
@role_required(*GUIDE_ROLES)
def organisations(request):
    return render(request, "casework/organisations.html",
                  {"consents": org_guidance.organisations_guided(request.user)})


def _file_page(request, pk: int, form, status: int = 200):
    the_file = org_guidance.organisation_file(request.user, pk, language=(get_language() or "nl")[:2])
    return render(request, "casework/organisation.html", {"file": the_file, "form": form}, status=status)


@role_required(*GUIDE_ROLES)
def organisation(request, pk: int):
    return _file_page(request, pk, OrganisationCommentForm())


@role_required(*GUIDE_ROLES)
@require_POST
def organisation_comment(request, pk: int):
    form = OrganisationCommentForm(request.POST)
    if form.is_valid():
        try:
            org_guidance.add_comment(user=request.user, organisation_id=pk, **form.cleaned_data)
            messages.success(request, _("Je opmerking is bewaard. De organisatie ziet ze."))
            return redirect("casework:organisation", pk=pk)
        except services.Refused as exc:
            form.add_error(None, exc.reason)
    return _file_page(request, pk, form, status=400)


# -- the employer --------------------------------------------------------------------------------------------------
@role_required(Role.EMPLOYER)
def our_guidance(request):
    """For each organisation the employer answers for: who may look along (consents), the log, the comments."""
    blocks = [{"organisation": o, "consents": org_guidance.consents_of(o), "log": org_guidance.access_log_of(o, 50),
               "comments": org_guidance.comments_of(o), "form": OrganisationConsentForm(prefix=f"o{o.pk}")}
              for o in organisations_of(request.user)]
    return render(request, "casework/our_guidance.html", {"blocks": blocks, "now": timezone.now()})


@role_required(Role.EMPLOYER)
@require_POST
def organisation_grant(request, pk: int):
    form = OrganisationConsentForm(request.POST, prefix=f"o{pk}")
    if form.is_valid():
        try:
            org_guidance.grant(by=request.user, organisation_id=pk, guide_email=form.cleaned_data["guide_email"],
                               days=form.cleaned_data["days"])
            messages.success(request, _("De begeleider kan nu meekijken naar je competentiecheck en opleidingsplan."))
        except services.Refused as exc:
            messages.error(request, exc.reason)
    else:
        messages.error(request, _("Vul een e-mailadres en een aantal dagen (1 tot 730) in."))
    return redirect("casework:our_guidance")


@role_required(Role.EMPLOYER)
@require_POST
def organisation_revoke(request, pk: int):
    org_guidance.revoke(by=request.user, consent_id=pk)
    messages.success(request, _("De toestemming is ingetrokken. De begeleider kan niet meer meekijken."))
    return redirect("casework:our_guidance")


@role_required(Role.EMPLOYER)
@require_POST
def organisation_proposal(request, pk: int, decision: str):
    if decision not in ("opnemen", "niet"):
        return redirect("casework:our_guidance")
    try:
        org_guidance.decide_proposal(by=request.user, comment_id=pk, take=decision == "opnemen")
        messages.success(request, _("Het voorstel staat in je opleidingsplan.") if decision == "opnemen"
                         else _("Het voorstel is niet opgenomen."))
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("casework:our_guidance")
