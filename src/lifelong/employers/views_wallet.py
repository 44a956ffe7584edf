"""Portal pages of the SME wallet and top-ups (/werkgever/<id>/kmo-portefeuille/, …/budget/), the employee's
answer to a training booked for them (/mijn-werk/kmo/<id>/…) and the provider's confirmation of attendance
(/kmo-portefeuille/aanbieder/). Thin: every write goes through a service."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.catalogue.models import Offer
from lifelong.errors import Refused
from lifelong.organisations import selectors as org_selectors
from lifelong.organisations.models import TopUpGroup, WalletBooking
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import topups, wallet
from .views import _own  # the organisation if the user is on its staff: 404 unknown, 403 otherwise


def _ids(text: str) -> list[int]:
    return [int(x) for x in text.replace(";", ",").replace(" ", ",").split(",") if x.strip().isdigit()]


@role_required(Role.EMPLOYER)
def wallet_page(request, pk: int):
    organisation = _own(request, pk)
    today = timezone.localdate()
    ref = (request.GET.get("aanbod") or "").strip()
    offer = Offer.objects.select_related("provider").filter(pk=int(ref)).first() if ref.isdigit() else None
    quote = refusal = None
    if offer is not None:  # the offer chosen in the compass: what the wallet would pay, or why not
        try:
            quote = wallet.quote(organisation=organisation, offer=offer, on=today)
        except Refused as exc:
            refusal = str(exc)
    return render(request, "employers/wallet.html", {
        "organisation": organisation, "wallet": wallet.year_of(organisation, today), "offer": offer,
        "quote": quote, "refusal": refusal,
        "bookings": wallet.bookings_of(organisation), "staff": org_selectors.staff_of(organisation, on=today),
        "key": uuid.uuid4().hex})


@role_required(Role.EMPLOYER)
def wallet_start(request):
    """From an offer in the compass ("Boeken met de KMO-portefeuille"): the wallet page of the employer's
    organisation with that offer filled in; with several organisations, the list to choose from."""
    organisations = org_selectors.organisations_of(request.user)
    if len(organisations) != 1:
        return redirect("organisations:home")
    ref = (request.GET.get("aanbod") or "").strip()
    target = reverse("organisations:wallet", args=[organisations[0].pk])
    return redirect(f"{target}?aanbod={ref}" if ref.isdigit() else target)


@role_required(Role.EMPLOYER)
@require_POST
def wallet_book(request, pk: int):
    organisation = _own(request, pk)
    ref = (request.POST.get("offer") or "").strip()
    offer = Offer.objects.select_related("provider").filter(pk=int(ref)).first() if ref.isdigit() else None
    if offer is None:
        messages.error(request, _("Kies een opleiding uit het kompas (het nummer van de opleiding)."))
        return redirect("organisations:wallet", pk=organisation.pk)
    try:
        done = wallet.book(user=request.user, organisation=organisation, offer=offer,
                           person_ids=request.POST.getlist("person") or _ids(request.POST.get("people", "")),
                           idempotency_key=(request.POST.get("key") or "")[:100])
    except Refused as exc:  # before ValueError: the account's refusals are ValueErrors too
        messages.error(request, str(exc))
    except ValueError:
        messages.error(request, _("Kies de werknemers uit de lijst."))
    else:
        messages.success(request, _("Geboekt voor %(n)s werknemer(s). Ze krijgen de vraag om de opleiding te "
                                    "aanvaarden.") % {"n": len(done)})
    return redirect("organisations:wallet", pk=organisation.pk)


@role_required(Role.EMPLOYER)
def budget_page(request, pk: int):
    organisation = _own(request, pk)
    return render(request, "employers/budget.html", {
        "organisation": organisation, "top_ups": topups.top_ups_of(organisation), "groups": TopUpGroup.choices,
        "scheme": topups.scheme_for(organisation), "key": uuid.uuid4().hex})


@role_required(Role.EMPLOYER)
@require_POST
def budget_grant(request, pk: int):
    organisation = _own(request, pk)
    try:
        euros = float((request.POST.get("amount") or "0").replace(",", "."))
        t = topups.grant(user=request.user, funder=organisation, group=request.POST.get("group", ""),
                         amount_cents=round(euros * 100), reason=request.POST.get("reason", ""),
                         idempotency_key=(request.POST.get("key") or "")[:100],
                         joint_committee=(request.POST.get("joint_committee") or "").strip()[:10],
                         person_ids=_ids(request.POST.get("people", "")))
    except Refused as exc:  # before ValueError: the account's refusals are ValueErrors too
        messages.error(request, str(exc))
    except ValueError:
        messages.error(request, _("Het bedrag is geen getal."))
    else:
        messages.success(request, _("Het budget staat op de rekening van %(n)s persoon/personen.") % {"n": t.recipients})
    return redirect("organisations:budget", pk=organisation.pk)


@role_required(Role.LEARNER)
@require_POST
def wallet_answer(request, pk: int, answer: str):
    booking = get_object_or_404(WalletBooking.objects.select_related("employment"), pk=pk)
    try:
        if answer == "accept":
            wallet.accept(user=request.user, booking=booking)
            messages.success(request, _("Je aanvaardde de opleiding '%(t)s'.") % {"t": booking.offer_title})
        else:
            wallet.decline(user=request.user, booking=booking)
            messages.success(request, _("Je weigerde de opleiding '%(t)s'.") % {"t": booking.offer_title})
    except Refused as exc:
        if getattr(exc, "status", 400) == 403:
            raise PermissionDenied(str(exc)) from exc
        messages.error(request, str(exc))
    return redirect("organisations:my_work")


@role_required(Role.PROVIDER)
def provider_wallet(request):
    """The provider's open SME-wallet bookings: confirm attendance of those the employee accepted."""
    return render(request, "employers/provider_wallet.html", {"bookings": wallet.open_for_provider(request.user)})


@role_required(Role.PROVIDER)
@require_POST
def provider_wallet_confirm(request, pk: int):
    # a booking at another provider is not found (404): its existence is not the provider's business
    booking = get_object_or_404(WalletBooking.objects.select_related("employment"), pk=pk,
                                provider__in=request.user.providers.all())
    try:
        wallet.confirm(user=request.user, booking=booking)  # the same service as POST /api/v1/wallet-bookings/{id}/confirm
    except Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Aanwezigheid bevestigd voor '%(t)s'.") % {"t": booking.offer_title})
    return redirect("organisations:provider_wallet")
