"""JSON API of the SME wallet, top-ups and done plan actions (issue 13.5, 13.6, 13.3): /api/v1/… (session login).

An organisation's routes are for its own staff only (403 for everyone else); the employee accepts or declines a
booking made for them; the provider of the course confirms attendance. Refusals carry a plain Dutch reason."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from lifelong.catalogue.models import Offer
from lifelong.organisations.models import PlanItem, WalletBooking

from . import plans, topups, wallet
from .api import _own  # the organisation if the user is on its staff: 404 unknown, 403 otherwise

router = Router(tags=["organisations"], auth=django_auth)


class WalletBookingIn(Schema):
    offer: int
    persons: list[int]
    idempotency_key: str


class WalletBookingOut(Schema):
    id: int
    organisation: int
    person: int
    offer: int | None
    offer_title: str
    price_cents: int
    share_pct: int
    subsidy_cents: int
    rule: str
    status: str


class WalletOut(Schema):
    organisation: int
    year: int
    cap_cents: int | None
    left_cents: int | None
    bookings: list[WalletBookingOut]


def _booking_out(b: WalletBooking) -> dict:
    return {"id": b.pk, "organisation": b.organisation_id, "person": b.employment.person_id, "offer": b.offer_id,
            "offer_title": b.offer_title, "price_cents": b.price_cents, "share_pct": b.share_pct,
            "subsidy_cents": b.subsidy_cents, "rule": b.rule, "status": b.status}


@router.get("/organisations/{organisation_id}/wallet", response=WalletOut)
def wallet_overview(request, organisation_id: int):
    """The SME wallet of this year: ceiling, what is left, the bookings."""
    organisation = _own(request, organisation_id)
    today = timezone.localdate()
    bookings = WalletBooking.objects.filter(organisation=organisation).select_related("employment")
    return {"organisation": organisation.pk, "year": today.year, "cap_cents": wallet.cap_of(today),
            "left_cents": wallet.wallet_left(organisation, today), "bookings": [_booking_out(b) for b in bookings]}


@router.post("/organisations/{organisation_id}/wallet-bookings", response={201: list[WalletBookingOut]})
def wallet_book(request, organisation_id: int, payload: WalletBookingIn):
    """Book a compass offer for employees with the SME wallet: all or nothing; refused above the ceiling, for
    someone not on the staff, or for an offer outside the wallet's scope."""
    organisation = _own(request, organisation_id)
    offer = get_object_or_404(Offer.objects.select_related("provider"), pk=payload.offer)
    bookings = wallet.book(user=request.user, organisation=organisation, offer=offer, person_ids=payload.persons,
                           idempotency_key=payload.idempotency_key)
    return Status(201, [_booking_out(b) for b in bookings])


def _booking(booking_id: int) -> WalletBooking:
    return get_object_or_404(WalletBooking.objects.select_related("employment"), pk=booking_id)


@router.post("/wallet-bookings/{booking_id}/accept", response=WalletBookingOut)
def wallet_accept(request, booking_id: int):
    """The employee accepts a training booked for them."""
    return _booking_out(wallet.accept(user=request.user, booking=_booking(booking_id)))


@router.post("/wallet-bookings/{booking_id}/decline", response=WalletBookingOut)
def wallet_decline(request, booking_id: int):
    """The employee declines: the wallet's share goes back to the firm."""
    return _booking_out(wallet.decline(user=request.user, booking=_booking(booking_id)))


@router.post("/wallet-bookings/{booking_id}/cancel", response=WalletBookingOut)
def wallet_cancel(request, booking_id: int):
    """The employer cancels before attendance is confirmed."""
    return _booking_out(wallet.cancel(user=request.user, booking=_booking(booking_id)))


@router.post("/wallet-bookings/{booking_id}/confirm", response=WalletBookingOut)
def wallet_confirm(request, booking_id: int):
    """The provider confirms attendance: the share is used; the training counts toward the federal days."""
    return _booking_out(wallet.confirm(user=request.user, booking=_booking(booking_id)))


@router.get("/wallet-bookings/mine", response=list[WalletBookingOut])
def my_wallet_bookings(request):
    """Trainings an employer booked for me with the SME wallet ([] without a person)."""
    return [_booking_out(b) for b in wallet.bookings_for(request.user)]


class TopUpIn(Schema):
    group: str  # all_staff, joint_committee or people
    amount_cents: int
    reason: str
    idempotency_key: str
    joint_committee: str = ""
    persons: list[int] = []


class TopUpOut(Schema):
    id: int
    funder: int
    scheme: str
    group: str
    joint_committee: str
    amount_cents: int
    recipients: int
    reason: str
    on: date


def _top_up_out(t) -> dict:
    return {"id": t.pk, "funder": t.funder_id, "scheme": t.scheme_code, "group": t.group,
            "joint_committee": t.joint_committee, "amount_cents": t.amount_cents, "recipients": t.recipients,
            "reason": t.reason, "on": t.on}


@router.get("/organisations/{organisation_id}/top-ups", response=list[TopUpOut])
def top_ups(request, organisation_id: int):
    organisation = _own(request, organisation_id)
    return [_top_up_out(t) for t in topups.top_ups_of(organisation)]


@router.post("/organisations/{organisation_id}/top-ups", response={201: TopUpOut})
def top_up_grant(request, organisation_id: int, payload: TopUpIn):
    """An employer or sector fund pays in and shares out extra budget for a group of people."""
    organisation = _own(request, organisation_id)
    t = topups.grant(user=request.user, funder=organisation, group=payload.group, amount_cents=payload.amount_cents,
                     reason=payload.reason, idempotency_key=payload.idempotency_key,
                     joint_committee=payload.joint_committee, person_ids=payload.persons)
    return Status(201, _top_up_out(t))


class PlanItemDoneIn(Schema):
    persons: list[int]
    minutes: int
    on: date | None = None


class PlanItemDoneOut(Schema):
    item: int
    status: str
    registered: int


@router.post("/organisations/{organisation_id}/training-plan/items/{item_id}/done", response=PlanItemDoneOut)
def plan_item_done(request, organisation_id: int, item_id: int, payload: PlanItemDoneIn):
    """A plan action is done: it counts toward the participants' federal training days."""
    organisation = _own(request, organisation_id)
    item = get_object_or_404(PlanItem.objects.select_related("plan"), pk=item_id, plan__organisation=organisation)
    added = plans.complete_item(organisation=organisation, item=item, person_ids=payload.persons,
                                minutes=payload.minutes, on=payload.on or timezone.localdate())
    return {"item": item.pk, "status": "done", "registered": added}
