"""JSON API of the learning account: /api/v1/accounts/… (session login; the same rules as the pages)."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import ConfigDict, Field

from lifelong.users.models import Role
from lifelong.users.permissions import RoleSession

from . import engine, services
from .models import Booking
from .selectors import (
    available_by_code,
    balances_of,
    facts_of,
    provider_bookings,
    rights_of,
    rules,
    statement,
)

router = Router(tags=["learning and career account"], auth=django_auth)


class ReasonOut(Schema):
    text: str
    ok: bool


class RightOut(Schema):
    code: str
    name: str
    unit: str = Field(description="cents or minutes")
    eligible: bool
    amount: int
    period_start: date | None
    period_end: date | None
    reasons: list[ReasonOut]


class BalanceOut(Schema):
    code: str
    name: str
    unit: str
    period_start: date | None
    period_end: date | None
    available: int
    held: int
    consumed: int
    expired: int


class LineOut(Schema):
    entry_id: int
    kind: str
    scheme: str
    period_start: date | None
    amount: int
    balance_after: int
    memo: str


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


class BookingOut(Schema):
    id: int
    offer: int | None = Field(description="id of the compass offer booked (kompas:<id>)")
    offer_ref: str
    offer_title: str
    status: str
    price_cents: int
    hours: int
    starts_on: date | None
    net_cost_cents: int
    net_time_minutes: int
    flags: list[str]

    @staticmethod
    def resolve_offer(obj) -> int | None:
        return obj.compass_offer_id


def _person(request):
    person = getattr(request.user, "person", None)
    if person is None or not request.user.has_role(Role.LEARNER):
        raise HttpError(403, _("Er is geen persoon aan je account gekoppeld."))
    return person


def _reasons(reasons):
    return [{"text": r.text(_), "ok": r.ok} for r in reasons]


def _offer(data: OfferIn) -> engine.Offer:
    """A free-form offer, for the simulation only (it is never booked)."""
    from lifelong.catalogue.models import Provider

    provider = get_object_or_404(Provider, pk=data.provider_id) if data.provider_id else None
    return engine.Offer(title=data.title, price_cents=data.price_cents, hours=data.hours,
                        provider=provider.name if provider else "", eligible_schemes=frozenset(data.eligible_schemes),
                        categories=frozenset(data.categories), in_working_time=data.in_working_time,
                        in_pop=data.in_pop)


def _refused(exc: services.Refused):
    status = 409 if isinstance(exc, services.IdempotencyConflict | services.InsufficientBalance) else \
        403 if isinstance(exc, services.NotAllowed) else 400
    return HttpError(status, f"{exc.code}: {exc.reason}")


@router.get("/accounts/rights", response=list[RightOut], summary="My rights, with the reasons in plain Dutch")
def my_rights(request):
    person = _person(request)
    return [{**r.__dict__, "reasons": _reasons(r.reasons)} for r in rights_of(person, timezone.localdate())]


@router.get("/accounts/balances", response=list[BalanceOut], summary="My balances per scheme and period")
def my_balances(request):
    return [b.__dict__ for b in balances_of(person=_person(request), on=timezone.localdate())]


@router.get("/accounts/statement", response=list[LineOut], summary="My statement (available balances)")
def my_statement(request, scheme: str | None = None, limit: int = 500):
    lines = statement(person=_person(request), scheme_code=scheme, limit=max(1, min(limit, 10_000)))
    return [line.__dict__ for line in lines]


@router.post("/accounts/simulate", response=SimulationOut,
             summary="Which rights would pay for a (free-form) offer, and the net cost; books nothing")
def simulate(request, data: OfferIn):
    person = _person(request)
    offer = _offer(data)
    today = timezone.localdate()
    sim = engine.simulate(facts_of(person, today), offer, rules(), available_by_code(person=person, on=today))
    return {"uses": [{**u.__dict__, "reasons": _reasons(u.reasons)} for u in sim.uses],
            "refused": {c: _reasons(r) for c, r in sim.refused},
            "net_cost_cents": sim.net_cost_cents, "net_time_minutes": sim.net_time_minutes}


@router.post("/accounts/bookings", response={201: BookingOut},
             summary="Book a training-compass offer with my rights (password required)")
def book(request, data: BookIn):
    from lifelong.catalogue.booking import active_offer, compass_offer

    person = _person(request)
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
        raise _refused(exc) from None
    return Status(201, booking)


@router.post("/accounts/bookings/{booking_id}/confirm", response=BookingOut, summary="Provider: attendance confirmed")
def confirm(request, booking_id: int):
    try:
        return services.confirm_attendance(user=request.user, booking=get_object_or_404(Booking, pk=booking_id))
    except services.Refused as exc:
        raise _refused(exc) from None


@router.post("/accounts/bookings/{booking_id}/cancel", response=BookingOut, summary="Cancel: rights go back")
def cancel(request, booking_id: int):
    try:
        return services.cancel_booking(user=request.user, booking=get_object_or_404(Booking, pk=booking_id))
    except services.Refused as exc:
        raise _refused(exc) from None


class HoldOut(Schema):
    scheme: str
    amount: int
    unit: str


class ProviderBookingOut(BookingOut):
    learner: str
    provider: str
    holds: list[HoldOut] = Field(description="the rights that attendance would use")

    model_config = ConfigDict(json_schema_extra={"example": {
        "id": 88, "offer": 412, "offer_ref": "kompas:412", "offer_title": "Heftruckchauffeur (VCA)",
        "status": "reserved", "price_cents": 60000, "hours": 40, "starts_on": "2027-02-01", "net_cost_cents": 0,
        "net_time_minutes": 0, "flags": [], "learner": "Lotte Janssens", "provider": "Syntra Antwerpen",
        "holds": [{"scheme": "opleidingscheques", "amount": 25000, "unit": "cents"}]}})

    @staticmethod
    def resolve_learner(obj) -> str:
        return str(obj.person)

    @staticmethod
    def resolve_provider(obj) -> str:
        return obj.provider.name if obj.provider_id else ""

    @staticmethod
    def resolve_holds(obj) -> list[dict]:
        return [{"scheme": h.scheme.code, "amount": h.amount, "unit": h.scheme.unit}
                for h in obj.holds.all() if h.status == "active"]


@router.get("/accounts/provider/bookings", response=list[ProviderBookingOut],
            auth=RoleSession(Role.PROVIDER, Role.SECRETARIAT),  # as /rekening/aanbieder/
            summary="Provider: the open bookings of my own learners, to confirm attendance (the secretariat: all)")
def provider_open_bookings(request):
    return list(provider_bookings(request.user))
