"""Pages of the learning account: thin, every write through services. (Simulating and booking a training are
the compass's pages: ``catalogue/booking/views.py``, mounted under /rekening/ by ``config/urls.py``.)"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.organisations.selectors import employment_facts
from lifelong.people.selectors import own_person
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import engine, selectors, services
from .models import Booking, TxKind
from .selectors import balances_of, facts_of, reasons_shown, rights_of, scheme_names, statement

LEARNER = (Role.LEARNER,)


@role_required(*LEARNER)
def my_rights(request):
    person = own_person(request.user)
    today = timezone.localdate()
    rights = [{"right": r, "reasons": reasons_shown(r.reasons)} for r in rights_of(person, today)]

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
    person = own_person(request.user)
    lines = statement(person=person, scheme_code=request.GET.get("regeling") or None, limit=500)
    units = dict(person.ledger_accounts.values_list("scheme__code", "scheme__unit").distinct())
    names = scheme_names()
    rows = [(line, units.get(line.scheme, engine.CENTS), TxKind(line.kind).label, names.get(line.scheme, line.scheme))
            for line in reversed(lines)]
    return render(request, "accounts/statement.html", {"rows": rows})


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
    # the same rule as the API's list (a provider's staff: their own learners; the secretariat: all)
    return render(request, "accounts/provider.html", {"bookings": selectors.provider_bookings(request.user)})


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
