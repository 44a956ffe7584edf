"""Booking a compass offer with one's rights, confirming attendance, cancelling, and the secretariat's
reversal; the fraud guards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lifelong.translations import in_language
from lifelong.users.models import Role
from lifelong.users.security import is_locked_out, lockout_message, password_ok

from .. import engine
from ..models import (
    AccountKind,
    Hold,
    HoldStatus,
    LedgerTransaction,
    TxKind,
)
from .common import (
    IdempotencyConflict,
    NotAllowed,
    Refused,
    _check_key,
    _fingerprint,
    _idempotent,
    _post,
)
from .ledger import (
    _lock_hold,
    consume,
    release,
    reserve,
)

# ---------------------------------------------------------------- booking

# Fraud guards from the anchors' lessons (STAP: max 300 grants per training; SkillsFuture: anomaly analytics).
POLICY = {
    "max_bookings_per_offer": 300,  # active bookings of one offer of one provider
    "max_bookings_per_provider_per_day": 500,
    "address_people_24h": 3,  # this many different people booking from one address → flag
    "sudden_volume_per_hour": 20,  # more bookings than this in an hour, and 5× the usual → flag
    "hold_days": 120,  # a reservation lapses when attendance is not confirmed in time
}


@dataclass(frozen=True)
class CompassOffer:
    """What a booking books: an offer of the training compass, with every fact looked up on the server.

    Built by the compass (``catalogue.booking.compass_offer``) from its ``Offer`` row, never from what a
    request says: ``offer`` is the rights engine's view (price, hours, schemes, kinds of training, whether
    it is in the learner's development plan), ``reference`` is ``kompas:<id>``, ``provider`` the
    ``catalogue.Provider`` row, ``starts_on`` the day the course starts (attendance is confirmed from then)."""

    offer: engine.Offer
    reference: str
    provider: object
    starts_on: date | None = None

    @property
    def offer_id(self) -> int:
        return int(self.reference.removeprefix(COMPASS_PREFIX))


COMPASS_PREFIX = "kompas:"


def _fraud_flags(*, provider_id, offer_ref: str, client_address: str | None, person) -> list[str]:
    from ..models import Booking, BookingStatus

    now = timezone.now()
    live = Booking.objects.exclude(status=BookingStatus.CANCELLED)
    same_offer = live.filter(provider_id=provider_id, offer_ref=offer_ref).count()
    if same_offer >= POLICY["max_bookings_per_offer"]:
        raise NotAllowed(_("Deze opleiding heeft het maximum aantal inschrijvingen met rechten bereikt (%(n)s).")
                         % {"n": POLICY["max_bookings_per_offer"]})
    if provider_id and live.filter(provider_id=provider_id, created_at__gte=now - timedelta(days=1)).count() \
            >= POLICY["max_bookings_per_provider_per_day"]:
        raise NotAllowed(_("Deze aanbieder heeft vandaag te veel inschrijvingen; probeer later opnieuw."))
    flags = []
    if client_address:
        others = (Booking.objects.filter(client_address=client_address, created_at__gte=now - timedelta(days=1))
                  .exclude(person=person).values("person").distinct().count())
        if others + 1 >= POLICY["address_people_24h"]:
            flags.append("many_people_one_address")
    if provider_id:
        last_hour = Booking.objects.filter(provider_id=provider_id, created_at__gte=now - timedelta(hours=1)).count()
        last_week = Booking.objects.filter(provider_id=provider_id, created_at__gte=now - timedelta(days=7)).count()
        if last_hour >= POLICY["sudden_volume_per_hour"] and last_hour * 168 >= 5 * max(last_week, 1):
            flags.append("sudden_volume")
    return flags


def _notify(person, message: str, **params) -> None:
    """A notification in the person's own language (not in the language of whoever acted: a provider, the
    secretariat); ``message`` is the Dutch msgid, marked with ``gettext_noop``."""
    from ..models import Notification

    text = in_language(getattr(getattr(person, "user", None), "preferred_language", ""), message, **params)
    Notification.objects.create(person=person, text=text[:500])


def book_offer(*, user, password: str, person, offer: CompassOffer, on: date, idempotency_key: str,
               client_address: str | None = None):
    """The learner books a compass offer for themself: fresh password, simulation, reservation of every right
    used. All or nothing: if one reservation is refused, nothing is booked.

    Only offers of the training compass can be booked (``offer`` is a ``CompassOffer``, looked up on the
    server); a free-form offer can be simulated but never booked. A replay of the key for the same person and
    offer returns the first booking; the same key for another offer (or person) is refused
    (``IdempotencyConflict``, HTTP 409).
    """
    from ..models import Booking

    if not isinstance(offer, CompassOffer) or not offer.reference.startswith(COMPASS_PREFIX):
        raise Refused(_("Inschrijven kan alleen voor een opleiding uit het opleidingskompas."))
    if person.user_id is None or person.user_id != user.pk:
        raise NotAllowed(_("Alleen de persoon zelf kan met de eigen rechten inschrijven."))
    if not password_ok(user, password, client_address=client_address):  # counted: a lockout after repeated failures
        raise NotAllowed(lockout_message() if is_locked_out(user, client_address) else
                         _("Je wachtwoord klopt niet. Bevestig de inschrijving opnieuw met je wachtwoord."))
    _check_key(idempotency_key)
    existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_booking(existing, person, offer)
    try:
        return _book(user=user, person=person, offer=offer, on=on, idempotency_key=idempotency_key,
                     client_address=client_address)
    except IntegrityError:
        existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _same_booking(existing, person, offer)


def _same_booking(existing, person, offer: CompassOffer):
    """A replay: the first booking when it was for this person and this offer; else the key is refused."""
    if existing.person_id != person.pk or existing.offer_ref != offer.reference:
        raise IdempotencyConflict(_("Deze sleutel werd al gebruikt voor een andere inschrijving (%(t)s). "
                                    "Gebruik een nieuwe sleutel voor een nieuwe inschrijving.")
                                  % {"t": existing.offer_title if existing.person_id == person.pk else "—"})
    return existing


@transaction.atomic
def _book(*, user, person, offer: CompassOffer, on, idempotency_key, client_address):
    from ..models import Booking
    from ..selectors import available_by_code, facts_of, rules

    provider, ref, starts_on, offer = offer.provider, offer.reference, offer.starts_on, offer.offer
    flags = _fraud_flags(provider_id=getattr(provider, "pk", None), offer_ref=ref,
                         client_address=client_address, person=person)
    sim = engine.simulate(facts_of(person, on), offer, rules(), available_by_code(person=person, on=on))
    booking = Booking.objects.create(
        person=person, booked_by=user, provider=provider, offer_title=offer.title[:300],
        offer_ref=ref, price_cents=offer.price_cents, hours=offer.hours, starts_on=starts_on,
        net_cost_cents=sim.net_cost_cents, net_time_minutes=sim.net_time_minutes,
        idempotency_key=idempotency_key, client_address=client_address, flags=flags)
    expires = timezone.now() + timedelta(days=POLICY["hold_days"])
    if starts_on is not None and starts_on > on:  # the hold lasts until the course has run, not only 120 days
        expires += timedelta(days=(starts_on - on).days)
    for use in sim.uses:
        reserve(person=person, scheme_code=use.code, amount=use.amount, on=on, expires_at=expires,
                idempotency_key=f"{idempotency_key}:{use.code}", actor=user, booking=booking,
                memo=f"inschrijving: {offer.title}"[:300])
    _notify(person, gettext_noop("Je schreef in voor '%(t)s'. Je eigen kost: %(c)s. Was jij dit niet? Meld het ons "
                                 "meteen."), t=offer.title, c=engine._euro(sim.net_cost_cents))
    return booking


def _booking_locked(booking):
    from ..models import Booking

    return Booking.objects.select_for_update().get(pk=booking.pk)


def _works_for_provider(user, booking) -> bool:
    """A provider's staff act only on the bookings made with that provider."""

    return (user.has_role(Role.PROVIDER) and booking.provider_id is not None
            and booking.provider.is_staffed_by(user))


def confirm_attendance(*, user, booking, idempotency_key: str | None = None):
    """The provider confirms attendance: every reservation of the booking is used.

    Not before the course starts (``Booking.starts_on``, issue 16.4): until then nobody attended, so nothing
    is used and the learner cannot rate the offer yet. A booking without a start date (an offer you can
    start any day) can be confirmed at once."""

    from ..models import BookingStatus

    if not (user.is_superuser or user.has_role(Role.SECRETARIAT) or _works_for_provider(user, booking)):
        raise NotAllowed(_("Alleen de opleidingsverstrekker bevestigt de aanwezigheid."))
    with transaction.atomic():
        b = _booking_locked(booking)
        if b.status == BookingStatus.CONFIRMED:
            return b
        if b.status == BookingStatus.REVERSED:
            raise NotAllowed(_("Deze aanwezigheid werd teruggedraaid door het secretariaat."))
        if b.status != BookingStatus.RESERVED:
            raise NotAllowed(_("Deze inschrijving is geannuleerd."))
        if b.starts_on is not None and timezone.localdate() < b.starts_on:
            raise NotAllowed(_("De opleiding begint pas op %(day)s. Je kunt de aanwezigheid pas bevestigen vanaf "
                               "die dag.") % {"day": b.starts_on.strftime("%d-%m-%Y")})
        for hold in b.holds.filter(status=HoldStatus.ACTIVE).order_by("id"):
            consume(hold=hold, idempotency_key=f"{idempotency_key or 'confirm'}:{b.pk}:{hold.pk}", actor=user,
                    memo="aanwezigheid bevestigd")
        b.status = BookingStatus.CONFIRMED
        b.save(update_fields=["status", "updated_at"])
        _notify(b.person, gettext_noop("Je aanwezigheid voor '%(t)s' is bevestigd. De rechten zijn gebruikt."),
                t=b.offer_title)
    return b


def cancel_booking(*, user, booking):
    """The learner (or the provider or secretariat) cancels: every reservation goes back to the balance."""

    from ..models import BookingStatus

    own = booking.person.user_id == user.pk
    if not (own or user.is_superuser or user.has_role(Role.SECRETARIAT) or _works_for_provider(user, booking)):
        raise NotAllowed(_("Je kan alleen je eigen inschrijving annuleren."))
    with transaction.atomic():
        b = _booking_locked(booking)
        if b.status == BookingStatus.CANCELLED:
            return b
        if b.status != BookingStatus.RESERVED:
            raise NotAllowed(_("De aanwezigheid is al bevestigd; annuleren kan niet meer."))
        for hold in b.holds.filter(status=HoldStatus.ACTIVE).order_by("id"):
            release(hold=hold, idempotency_key=f"cancel:{b.pk}:{hold.pk}", actor=user, memo="inschrijving geannuleerd")
        b.status = BookingStatus.CANCELLED
        b.save(update_fields=["status", "updated_at"])
        _notify(b.person, gettext_noop("Je inschrijving voor '%(t)s' is geannuleerd. De rechten staan terug op je "
                                       "rekening."), t=b.offer_title)
    return b


def reverse_attendance(*, user, booking, reason: str):
    """The secretariat reverses a confirmed attendance (e.g. after a fraud review, issue 19.2): each right the
    confirmation used goes back to the learner's available balance by a correction transaction that names the
    consumption it reverses (``LedgerTransaction.reverses``), with the secretariat member as actor, the time and
    the reason as memo: the audit trail. The booking becomes *reversed*; the learner is notified."""

    from ..models import BookingStatus

    if not (user.is_superuser or user.has_role(Role.SECRETARIAT)):
        raise NotAllowed(_("Alleen het secretariaat kan een bevestigde aanwezigheid terugdraaien."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Geef een reden waarom de aanwezigheid teruggedraaid wordt."))
    with transaction.atomic():
        b = _booking_locked(booking)
        if b.status == BookingStatus.REVERSED:
            return b
        if b.status != BookingStatus.CONFIRMED:
            raise NotAllowed(_("Alleen een bevestigde aanwezigheid kan teruggedraaid worden."))
        for hold in b.holds.filter(status=HoldStatus.CONSUMED).select_related("settle_tx").order_by("id"):
            _reverse_use(hold, actor=user, reason=reason, key=f"reverse-attendance:{b.pk}:{hold.pk}")
        b.status = BookingStatus.REVERSED
        b.save(update_fields=["status", "updated_at"])
        _notify(b.person, gettext_noop("Je aanwezigheid voor '%(t)s' werd teruggedraaid door het secretariaat: "
                                       "%(why)s. De rechten staan terug op je rekening."), t=b.offer_title, why=reason)
    return b


def _reverse_use(hold: Hold, *, actor, reason: str, key: str) -> LedgerTransaction:
    """consumed → available for what one confirmed hold used; the original consumption stays as it was."""
    original = hold.settle_tx
    fp = _fingerprint(op="reverse-use", tx=original.pk)

    def work():
        _lock_hold(hold)
        if LedgerTransaction.objects.filter(reverses=original).exists():
            raise NotAllowed(_("Deze boeking is al rechtgezet."))
        consumed = original.entries.select_related("account").filter(account__kind=AccountKind.CONSUMED).first()
        if consumed is None:
            return None
        return _post(kind=TxKind.CORRECT, key=key, fingerprint=fp, actor=actor,
                     memo=f"aanwezigheid teruggedraaid: {reason}", reverses=original,
                     legs=[(consumed.account, -consumed.amount), (hold.available, consumed.amount)])

    return _idempotent(key, fp, work, lambda tx: tx)
