"""Pages of the learning account: thin, every write through services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.organisations.selectors import employment_facts
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import engine, services
from .forms import CompassBookForm, OfferForm
from .models import Booking, BookingStatus, TxKind
from .selectors import (
    available_by_code,
    balances_of,
    facts_of,
    rights_of,
    rules,
    scheme_names,
    statement,
)

LEARNER = (Role.LEARNER,)


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404(_("Er is geen persoon aan je account gekoppeld."))
    return person


def _client_address(request):
    return request.META.get("REMOTE_ADDR")


def _reasons(reasons):
    return [{"text": r.text(_), "ok": r.ok} for r in reasons]


@role_required(*LEARNER)
def my_rights(request):
    person = _person(request)
    today = timezone.localdate()
    rights = [{"right": r, "reasons": _reasons(r.reasons)} for r in rights_of(person, today)]

    return render(request, "accounts/my_rights.html", {
        "person": person, "today": today, "rights": rights,
        "facts": facts_of(person, today), "employment": employment_facts(person.pk, today),
        "balances": balances_of(person=person, on=today),
        "bookings": Booking.objects.filter(person=person).select_related("provider").order_by("-created_at")[:20],
        "notifications": person.account_notifications.order_by("-created_at")[:5],
        "federal_records": person.federal_records.all()[:20],
    })


@role_required(*LEARNER)
def statement_page(request):
    person = _person(request)
    lines = statement(person=person, scheme_code=request.GET.get("regeling") or None, limit=500)
    units = dict(person.ledger_accounts.values_list("scheme__code", "scheme__unit").distinct())
    names = scheme_names()
    rows = [(line, units.get(line.scheme, engine.CENTS), TxKind(line.kind).label, names.get(line.scheme, line.scheme))
            for line in reversed(lines)]
    return render(request, "accounts/statement.html", {"rows": rows})


def _simulation(person, offer):
    today = timezone.localdate()
    rule_list = rules()
    names = {r.code: r.name for r in rule_list}
    sim = engine.simulate(facts_of(person, today), offer, rule_list, available_by_code(person=person, on=today))
    return {"sim": sim, "uses": [{"use": u, "reasons": _reasons(u.reasons)} for u in sim.uses],
            "refused": [{"code": c, "name": names.get(c, c), "reasons": _reasons(r)} for c, r in sim.refused]}


def _compass_offer(value):
    """The active compass offer a booking starts from (``?aanbod=<id>``), or None."""
    from lifelong.catalogue.booking import active_offer

    return active_offer(value)


def _compass_booking(person, offer):
    from lifelong.catalogue.booking import compass_offer

    return compass_offer(person, offer, timezone.localdate())


def _compass_page(request, person, offer, book_form, refusal="", status=200):
    context = {"compass": offer, "book_form": book_form, "refusal": refusal}
    context.update(_simulation(person, _compass_booking(person, offer).offer))
    return render(request, "accounts/simulate.html", context, status=status)


@role_required(*LEARNER)
def simulate(request):
    """From the compass (``?aanbod=<id>``): the offer's own facts and the booking form. Without it: a free-form
    simulation of a training outside the compass, which never books or reserves anything (issue 19)."""
    person = _person(request)
    if "aanbod" in request.GET:  # from the training compass: the offer is known, nothing to fill in
        offer = _compass_offer(request.GET["aanbod"])
        if offer is None:
            raise Http404(_("Deze opleiding bestaat niet (meer) in het opleidingskompas."))
        return _compass_page(request, person, offer, CompassBookForm(
            initial={"aanbod": offer.pk, "idempotency_key": uuid.uuid4().hex}))
    form = OfferForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        context.update(_simulation(person, form.offer()))
    return render(request, "accounts/simulate.html", context)


@role_required(*LEARNER)
@require_POST
def book(request):
    """Booking takes only the compass offer's id, the key and the password; any other field is ignored."""
    person = _person(request)
    if not request.POST.get("aanbod"):
        return render(request, "accounts/simulate.html", {
            "form": OfferForm(), "refusal": _("Inschrijven kan alleen voor een opleiding uit het opleidingskompas. "
                                             "Zoek de opleiding in het kompas en kies daar 'Inschrijven met je "
                                             "leerrechten'.")}, status=400)
    form = CompassBookForm(request.POST)
    offer = _compass_offer(request.POST.get("aanbod"))
    if offer is None:
        raise Http404(_("Deze opleiding bestaat niet (meer) in het opleidingskompas."))
    if not form.is_valid():
        return _compass_page(request, person, offer, form, status=400)
    try:
        booking = services.book_offer(user=request.user, password=form.cleaned_data["password"], person=person,
                                      offer=_compass_booking(person, offer), on=timezone.localdate(),
                                      idempotency_key=form.cleaned_data["idempotency_key"],
                                      client_address=_client_address(request))
    except services.Refused as exc:
        return _compass_page(request, person, offer, form, refusal=exc.reason,
                             status=409 if isinstance(exc, services.IdempotencyConflict) else 400)
    messages.success(request, _("Je bent ingeschreven voor '%(t)s'. Je rechten zijn gereserveerd.")
                     % {"t": booking.offer_title})
    return redirect("accounts:my_rights")


@role_required(Role.LEARNER, Role.PROVIDER, Role.SECRETARIAT)
@require_POST
def cancel(request, pk: int):
    booking = get_object_or_404(Booking, pk=pk)
    try:
        services.cancel_booking(user=request.user, booking=booking)
        messages.success(request, _("De inschrijving is geannuleerd. De rechten staan terug op de rekening."))
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("accounts:provider" if request.user.role != Role.LEARNER else "accounts:my_rights")


@role_required(Role.PROVIDER, Role.SECRETARIAT)
def provider_bookings(request):
    bookings = (Booking.objects.filter(status=BookingStatus.RESERVED).select_related("person", "provider")
                .prefetch_related("holds__scheme"))
    if not (request.user.is_superuser or request.user.has_role(Role.SECRETARIAT)):
        bookings = bookings.filter(provider__staff=request.user)  # only this provider's own learners
    return render(request, "accounts/provider.html", {"bookings": bookings.order_by("created_at")[:200]})


@role_required(Role.PROVIDER, Role.SECRETARIAT)
@require_POST
def confirm(request, pk: int):
    booking = get_object_or_404(Booking, pk=pk)
    try:
        services.confirm_attendance(user=request.user, booking=booking)
        messages.success(request, _("Aanwezigheid bevestigd voor '%(t)s'.") % {"t": booking.offer_title})
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("accounts:provider")


@role_required(Role.SECRETARIAT)
def review(request):
    """The secretariat's review queue: bookings with anomaly flags (many learners from one address, sudden
    volume at a provider), newest first; a confirmed attendance can be reversed here with a reason."""
    flagged = list(Booking.objects.exclude(flags=[]).select_related("person", "provider")
                   .prefetch_related("holds__scheme").order_by("-created_at")[:300])
    for b in flagged:
        b.flag_labels = [FLAG_NAMES.get(f, f) for f in b.flags]
    return render(request, "accounts/review.html", {"bookings": flagged})


FLAG_NAMES = {"many_people_one_address": _("veel lerenden van één adres"),
              "sudden_volume": _("plots veel inschrijvingen bij deze aanbieder")}


@role_required(Role.SECRETARIAT)
@require_POST
def reverse(request, pk: int):
    booking = get_object_or_404(Booking, pk=pk)
    try:
        services.reverse_attendance(user=request.user, booking=booking, reason=request.POST.get("reason", ""))
        messages.success(request, _("De aanwezigheid voor '%(t)s' is teruggedraaid; de rechten staan terug op de "
                                    "rekening.") % {"t": booking.offer_title})
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("accounts:review")
