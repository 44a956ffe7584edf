"""The compass's booking operations (moved here from the account's API, issue 17.2), under the account's paths
and tag: ``POST /api/v1/accounts/simulate`` (a free-form offer, books nothing) and ``POST
/api/v1/accounts/bookings`` (a compass offer, through ``accounts.services.book_offer``). Session login."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import ConfigDict, Field

from lifelong.accounts import engine, pricing, services
from lifelong.accounts.api import BookingOut, ReasonOut, learner_of, refused_error
from lifelong.accounts.selectors import reasons_shown

from ..models import Provider
from . import active_offer, compass_offer

router = Router(tags=["learning and career account"], auth=django_auth)


class OfferIn(Schema):
    title: str = Field(max_length=300)
    price_cents: int = Field(ge=0, le=10**9)
    hours: int = Field(ge=0, le=3000)
    provider_id: int | None = None
    eligible_schemes: list[str] = []
    categories: list[str] = []
    in_working_time: bool = True
    in_pop: bool = False


class UseOut(Schema):
    code: str
    unit: str
    amount: int
    covers: int
    reasons: list[ReasonOut]


class SimulationOut(Schema):
    uses: list[UseOut]
    refused: dict[str, list[ReasonOut]]
    net_cost_cents: int
    net_time_minutes: int


class BookIn(Schema):
    """A booking names only the compass offer: its price, hours, schemes, kinds, provider and development-plan
    membership are looked up on the server. A request that still sends such fields is refused (422, "Extra
    inputs are not permitted"), so that nobody believes a sent price was used."""

    model_config = ConfigDict(extra="forbid")

    offer: int = Field(ge=1, description="id of the training-compass offer (the number in kompas:<id>)")
    password: str = Field(description="fresh re-authentication")
    idempotency_key: str = Field(min_length=1, max_length=200,
                                 description="replaying it for the same offer returns the first booking; "
                                             "for another offer it is refused with 409")


def _offer(data: OfferIn) -> engine.Offer:
    """A free-form offer, for the simulation only (it is never booked)."""
    provider = get_object_or_404(Provider, pk=data.provider_id) if data.provider_id else None
    return engine.Offer(title=data.title, price_cents=data.price_cents, hours=data.hours,
                        provider=provider.name if provider else "", eligible_schemes=frozenset(data.eligible_schemes),
                        categories=frozenset(data.categories), in_working_time=data.in_working_time,
                        in_pop=data.in_pop)


@router.post("/accounts/simulate", response=SimulationOut,
             summary="Which rights would pay for a (free-form) offer, and the net cost; books nothing")
def simulate(request, data: OfferIn):
    person = learner_of(request)
    offer = _offer(data)
    facts, rule_list, balances = pricing.rights_of(person, timezone.localdate())
    sim = engine.simulate(facts, offer, rule_list, balances)
    return {"uses": [{**u.__dict__, "reasons": reasons_shown(u.reasons)} for u in sim.uses],
            "refused": {c: reasons_shown(r) for c, r in sim.refused},
            "net_cost_cents": sim.net_cost_cents, "net_time_minutes": sim.net_time_minutes}


@router.post("/accounts/bookings", response={201: BookingOut},
             summary="Book a training-compass offer with my rights (password required)")
def book(request, data: BookIn):
    person = learner_of(request)
    found = active_offer(data.offer)
    if found is None:
        raise HttpError(404, _("Deze opleiding bestaat niet (meer) in het opleidingskompas."))
    today = timezone.localdate()
    try:
        booking = services.book_offer(user=request.user, password=data.password, person=person,
                                      offer=compass_offer(person, found, today), on=today,
                                      idempotency_key=data.idempotency_key,
                                      client_address=request.META.get("REMOTE_ADDR"))
    except services.Refused as exc:
        raise refused_error(exc) from None
    return Status(201, booking)
