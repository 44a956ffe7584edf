"""The compass's booking pages (moved here from the account, issue 17.2): what a training costs a learner after
their rights, and booking a compass offer through ``accounts.services.book_offer``. Thin, every write through
the account's services. ``config/urls.py`` mounts them at the account's address and names (``/rekening/simuleren/``
= ``accounts:simulate``, ``/rekening/inschrijven/`` = ``accounts:book``), where learners and links find them."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts import engine, pricing, services
from lifelong.accounts.selectors import reasons_shown
from lifelong.people.selectors import own_person
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import active_offer, compass_offer
from .forms import CompassBookForm, SimulationForm

TEMPLATE = "catalogue/simulate.html"


def _simulation(person, offer):
    facts, rule_list, balances = pricing.rights_of(person, timezone.localdate())
    names = {r.code: r.name for r in rule_list}
    sim = engine.simulate(facts, offer, rule_list, balances)
    return {"sim": sim, "uses": [{"use": u, "reasons": reasons_shown(u.reasons)} for u in sim.uses],
            "refused": [{"code": c, "name": names.get(c, c), "reasons": reasons_shown(r)} for c, r in sim.refused]}


def _compass_booking(person, offer):
    return compass_offer(person, offer, timezone.localdate())


def _compass_page(request, person, offer, book_form, refusal="", status=200):
    context = {"compass": offer, "book_form": book_form, "refusal": refusal}
    context.update(_simulation(person, _compass_booking(person, offer).offer))
    return render(request, TEMPLATE, context, status=status)


@role_required(Role.LEARNER)
def simulate(request):
    """From the compass (``?aanbod=<id>``): the offer's own facts and the booking form. Without it: a free-form
    simulation of a training outside the compass, which never books or reserves anything (issue 19)."""
    person = own_person(request.user)
    if "aanbod" in request.GET:  # from the training compass: the offer is known, nothing to fill in
        offer = active_offer(request.GET["aanbod"])
        if offer is None:
            raise Http404(_("Deze opleiding bestaat niet (meer) in het opleidingskompas."))
        return _compass_page(request, person, offer, CompassBookForm(
            initial={"aanbod": offer.pk, "idempotency_key": uuid.uuid4().hex}))
    form = SimulationForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        context.update(_simulation(person, form.offer()))
    return render(request, TEMPLATE, context)


@role_required(Role.LEARNER)
@require_POST
def book(request):
    """Booking takes only the compass offer's id, the key and the password; any other field is ignored."""
    person = own_person(request.user)
    if not request.POST.get("aanbod"):
        return render(request, TEMPLATE, {
            "form": SimulationForm(), "refusal": _("Inschrijven kan alleen voor een opleiding uit het "
                                                   "opleidingskompas. Zoek de opleiding in het kompas en kies daar "
                                                   "'Inschrijven met je leerrechten'.")}, status=400)
    form = CompassBookForm(request.POST)
    offer = active_offer(request.POST.get("aanbod"))
    if offer is None:
        raise Http404(_("Deze opleiding bestaat niet (meer) in het opleidingskompas."))
    if not form.is_valid():
        return _compass_page(request, person, offer, form, status=400)
    try:
        booking = services.book_offer(user=request.user, password=form.cleaned_data["password"], person=person,
                                      offer=_compass_booking(person, offer), on=timezone.localdate(),
                                      idempotency_key=form.cleaned_data["idempotency_key"],
                                      client_address=request.META.get("REMOTE_ADDR"))
    except services.Refused as exc:
        return _compass_page(request, person, offer, form, refusal=exc.reason,
                             status=409 if isinstance(exc, services.IdempotencyConflict) else 400)
    messages.success(request, _("Je bent ingeschreven voor '%(t)s'. Je rechten zijn gereserveerd.")
                     % {"t": booking.offer_title})
    return redirect("accounts:my_rights")
