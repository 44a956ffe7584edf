"""JSON API of the learning account: /api/v1/accounts/… (session login; the same rules as the pages).

Simulating and booking a training (``POST /api/v1/accounts/simulate`` and ``/accounts/bookings``) are the
compass's operations, in ``catalogue/booking/api.py`` under the same paths and tag."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth
from pydantic import ConfigDict, Field

from lifelong.people.selectors import person_of
from lifelong.users.models import Role
from lifelong.users.permissions import RoleSession

from . import services
from .models import Booking
from .selectors import (
    balances_of,
    provider_bookings,
    reasons_shown,
    rights_of,
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


def learner_of(request):
    """The signed-in learner's person (403 otherwise); the compass's booking operations use it too."""
    person = person_of(request.user)
    if person is None or not request.user.has_role(Role.LEARNER):
        raise HttpError(403, _("Er is geen persoon aan je account gekoppeld."))
    return person


def refused_error(exc: services.Refused) -> HttpError:
    """A refusal of the account's services as the API answers it (also for the compass's booking)."""
    status = 409 if isinstance(exc, services.IdempotencyConflict | services.InsufficientBalance) else \
        403 if isinstance(exc, services.NotAllowed) else 400
    return HttpError(status, f"{exc.code}: {exc.reason}")


@router.get("/accounts/rights", response=list[RightOut], summary="My rights, with the reasons in plain Dutch")
def my_rights(request):
    person = learner_of(request)
    return [{**r.__dict__, "reasons": reasons_shown(r.reasons)} for r in rights_of(person, timezone.localdate())]


@router.get("/accounts/balances", response=list[BalanceOut], summary="My balances per scheme and period")
def my_balances(request):
    return [b.__dict__ for b in balances_of(person=learner_of(request), on=timezone.localdate())]


@router.get("/accounts/statement", response=list[LineOut], summary="My statement (available balances)")
def my_statement(request, scheme: str | None = None, limit: int = 500):
    lines = statement(person=learner_of(request), scheme_code=scheme, limit=max(1, min(limit, 10_000)))
    return [line.__dict__ for line in lines]


@router.post("/accounts/bookings/{booking_id}/confirm", response=BookingOut, summary="Provider: attendance confirmed")
def confirm(request, booking_id: int):
    try:
        return services.confirm_attendance(user=request.user, booking=get_object_or_404(Booking, pk=booking_id))
    except services.Refused as exc:
        raise refused_error(exc) from None


@router.post("/accounts/bookings/{booking_id}/cancel", response=BookingOut, summary="Cancel: rights go back")
def cancel(request, booking_id: int):
    try:
        return services.cancel_booking(user=request.user, booking=get_object_or_404(Booking, pk=booking_id))
    except services.Refused as exc:
        raise refused_error(exc) from None


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
