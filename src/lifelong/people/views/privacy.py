"""The learner's privacy: consents, the access log, the data export and erasure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.guidance import services as consent_services
from lifelong.guidance.models import Consent
from lifelong.guidance.selectors import access_log_of, consents_of
from lifelong.users.models import User
from lifelong.users.permissions import role_required

from .. import selectors, services
from ..forms import ConsentForm, DeleteForm
from .common import GUIDES, LEARNER


@role_required(*LEARNER)
def privacy(request):
    person = selectors.own_person(request.user)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grantee = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        try:
            if grantee is None or grantee.role not in GUIDES:
                raise ValidationError(_("We vinden geen loopbaanbegeleider, brugfiguur of werkgever met dit e-mailadres."))
            consent_services.grant_consent(person=person, grantee=grantee, scopes=form.cleaned_data["scopes"],
                                           days=form.cleaned_data["days"])
            messages.success(request, _("Je toestemming is bewaard. Je kan ze altijd intrekken."))
            return redirect("people:privacy")
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
    return render(request, "people/privacy.html", {"form": form, "consents": consents_of(person),
                                                    "log": access_log_of(person), "now": timezone.now()})


@role_required(*LEARNER)
@require_POST
def revoke(request, pk: int):
    try:
        consent_services.revoke_consent(person=selectors.own_person(request.user), consent_id=pk)
    except Consent.DoesNotExist:
        raise Http404(_("Deze toestemming bestaat niet of is niet van jou.")) from None
    messages.success(request, _("De toestemming is ingetrokken."))
    return redirect("people:privacy")


@role_required(*LEARNER)
def export(request):
    data = selectors.export_of(request.user, selectors.own_person(request.user))
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@role_required(*LEARNER)
def delete_account(request):
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = request.user
            services.delete_my_account(user=user, password=form.cleaned_data["password"])
            logout(request)
            messages.success(request, _("Je account en al je gegevens zijn gewist."))
            return redirect("web:home")
        except services.Refused as exc:
            form.add_error("password", str(exc))
    return render(request, "people/delete.html", {"form": form})
