"""Writes of casework, the acting guide first. Every act on a person's behalf passes the consent gate
(``guidance.selectors.require_access``: a scope in force, logged for the person; refused and logged
without). Rights are only spent when the person confirms a prepared booking."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifelong import errors
from lifelong.accounts import services as accounts_services
from lifelong.catalogue.booking import compass_offer
from lifelong.catalogue.models import Offer
from lifelong.guidance.models import Scope
from lifelong.guidance.selectors import require_access
from lifelong.users.models import Role, User

from .models import (
    Appointment,
    AppointmentChange,
    AppointmentChangeKind,
    CaseNote,
    GuideProfile,
    PreparedBooking,
    PreparedStatus,
    Referral,
    ReferralService,
    ReferralStatus,
)
from .selectors import in_caseload, is_guide, organisation_key


class Refused(errors.Refused):
    """A casework rule said no; ``str(exc)`` is a plain sentence."""


class NotAGuide(Refused):
    status = 403
    code = "not_a_guide"


def require_guide(user) -> None:
    if not is_guide(user):
        raise NotAGuide(_("Dit kan alleen een loopbaanbegeleider of brugfiguur."))


# -- who the guide works for ---------------------------------------------------------------------------------
@transaction.atomic
def set_guide_profile(*, user, organisation_kind: str, organisation_name: str) -> GuideProfile:
    require_guide(user)
    profile, _created = GuideProfile.objects.update_or_create(
        user=user, defaults={"organisation_kind": organisation_kind, "organisation_name": organisation_name.strip()})
    profile.full_clean()
    return profile


# -- notes and appointments ----------------------------------------------------------------------------------
def add_note(*, user, person, text: str) -> CaseNote:
    """A private note: only the author's organisation reads it. It is no look at the person's data, so it
    needs the person in the caseload, not a scope; it never leaves the organisation."""
    require_guide(user)
    in_caseload(user, person, action=gettext_lazy("notitie schrijven"))
    if not text.strip():
        raise Refused(_("Schrijf eerst iets in de notitie."))
    key = organisation_key(user) or f"user:{user.pk}"
    return CaseNote.objects.create(person=person, author=user, author_label=str(user)[:200], organisation_key=key,
                                   text=text.strip()[:5000])


def add_appointment(*, user, person, at, what: str, place: str = "") -> Appointment:
    require_guide(user)
    in_caseload(user, person, action=gettext_lazy("afspraak maken"))
    if at is None or at < timezone.now():
        raise Refused(_("Kies een moment in de toekomst."))
    if not what.strip():
        raise Refused(_("Schrijf waarover de afspraak gaat."))
    require_access(user, person, scope=Scope.PROFILE, action=gettext_lazy("afspraak gemaakt"))
    return Appointment.objects.create(person=person, guide=user, at=at, what=what.strip()[:200],
                                      place=place.strip()[:200])


def _own_appointment(user, appointment: Appointment, *, action) -> Appointment:
    """Only the guide who made the appointment changes it, and only while the person is in their caseload."""
    require_guide(user)
    appointment = Appointment.objects.select_related("person").get(pk=appointment.pk)  # as it is now
    in_caseload(user, appointment.person, action=action)
    if appointment.guide_id != user.pk:
        raise NotAGuide(_("Alleen wie de afspraak maakte, kan ze wijzigen of annuleren."))
    return appointment


def _editable(appointment: Appointment) -> None:
    if appointment.cancelled_at is not None:
        raise Refused(_("Deze afspraak is al geannuleerd."), code="cancelled")
    if appointment.at < timezone.now():
        raise Refused(_("Deze afspraak is al voorbij. Maak een nieuwe afspraak."), code="past")


def _record(appointment: Appointment, user, kind: str, reason: str = "") -> None:
    AppointmentChange.objects.create(appointment=appointment, kind=kind, by=user, by_label=str(user)[:200],
                                     old_at=appointment.at, old_what=appointment.what, old_place=appointment.place,
                                     reason=reason)


def change_appointment(*, user, appointment: Appointment, at, what: str, place: str = "") -> Appointment:
    """Move or rename an appointment (the guide who made it). The person sees the change and the old time."""
    appointment = _own_appointment(user, appointment, action=gettext_lazy("afspraak wijzigen"))
    if at is None or at < timezone.now():
        raise Refused(_("Kies een moment in de toekomst."))
    if not what.strip():
        raise Refused(_("Schrijf waarover de afspraak gaat."))
    _editable(appointment)  # before the gate, so that the log never says "changed" of a refused change
    when = timezone.localtime(at).strftime("%d/%m/%Y %H:%M")
    require_access(user, appointment.person, scope=Scope.PROFILE,
                   action=format_lazy("{} {}", gettext_lazy("afspraak gewijzigd, nu op"), when))
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        _editable(appointment)
        what, place = what.strip()[:200], place.strip()[:200]
        if (appointment.at, appointment.what, appointment.place) == (at, what, place):
            return appointment
        _record(appointment, user, AppointmentChangeKind.CHANGED)
        appointment.at, appointment.what, appointment.place = at, what, place
        appointment.save(update_fields=["at", "what", "place"])
        return appointment


def cancel_appointment(*, user, appointment: Appointment, reason: str) -> Appointment:
    """Cancel an appointment (the guide who made it), with a reason. It stays in the history of both sides."""
    appointment = _own_appointment(user, appointment, action=gettext_lazy("afspraak annuleren"))
    if not reason.strip():
        raise Refused(_("Schrijf kort waarom je de afspraak annuleert."))
    _editable(appointment)
    require_access(user, appointment.person, scope=Scope.PROFILE, action=gettext_lazy("afspraak geannuleerd"))
    with transaction.atomic():
        appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
        _editable(appointment)
        reason = reason.strip()[:300]
        _record(appointment, user, AppointmentChangeKind.CANCELLED, reason)
        appointment.cancelled_at, appointment.cancelled_by_label = timezone.now(), str(user)[:200]
        appointment.cancel_reason = reason
        appointment.save(update_fields=["cancelled_at", "cancelled_by_label", "cancel_reason"])
        return appointment


# -- a booking prepared by the guide, confirmed by the person --------------------------------------------------
def _code_hash(prepared: PreparedBooking, code: str) -> str:
    return salted_hmac("lifelong.casework.prepared-booking", f"{prepared.pk}:{code}").hexdigest()


def new_code(prepared: PreparedBooking) -> str:
    """A fresh six-digit one-time code (only its hash is kept); three wrong tries void it."""
    code = f"{secrets.randbelow(10**6):06d}"
    prepared.code_hash, prepared.attempts = _code_hash(prepared, code), 0
    prepared.save(update_fields=["code_hash", "attempts"])
    return code


def prepare_booking(*, user, person, offer_id: int) -> tuple[PreparedBooking, str]:
    """The guide (consent 'book') prepares a booking of a compass offer; returns it with the one-time code
    to show on the guide's screen. Nothing is reserved yet. (Gates run before the transaction, so that a
    refused attempt stays in the person's log.)"""
    require_guide(user)
    require_access(user, person, scope=Scope.BOOK, action=gettext_lazy("inschrijving klaargezet"))
    with transaction.atomic():
        return _prepare(user, person, offer_id)


def _prepare(user, person, offer_id: int) -> tuple[PreparedBooking, str]:
    offer = Offer.objects.filter(pk=offer_id).select_related("provider").first()
    if offer is None:
        raise Refused(_("Deze opleiding bestaat niet (meer) in het opleidingskompas."))
    if person.user_id is None:
        raise Refused(_("Deze persoon heeft nog geen account. Maak eerst een account met de persoon."))
    prepared = PreparedBooking.objects.create(person=person, prepared_by=user, prepared_by_label=str(user)[:200],
                                              offer=offer)
    return prepared, new_code(prepared)


def renew_code(*, user, prepared: PreparedBooking) -> str:
    require_guide(user)
    require_access(user, prepared.person, scope=Scope.BOOK, action=gettext_lazy("nieuwe code voor een inschrijving"))
    with transaction.atomic():
        prepared = PreparedBooking.objects.select_for_update().get(pk=prepared.pk)
        _still_waiting(prepared)
        return new_code(prepared)


def _still_waiting(prepared: PreparedBooking) -> None:
    if prepared.status == PreparedStatus.CONFIRMED:
        raise Refused(_("Deze code is al gebruikt. De inschrijving is al bevestigd."), code="code_used")
    if prepared.status == PreparedStatus.VOID:
        raise Refused(_("Deze code is vervallen na drie foute pogingen. Vraag een nieuwe code."), code="code_void")
    if prepared.status == PreparedStatus.CANCELLED:
        raise Refused(_("Deze inschrijving is geannuleerd."), code="cancelled")


def _book_as_person(prepared: PreparedBooking, password: str, client_address: str | None):
    """Book through the learning account's own service, as the person (their password or PIN)."""
    person, offer = prepared.person, prepared.offer
    today = timezone.localdate()
    return accounts_services.book_offer(
        user=person.user, password=password, person=person, offer=compass_offer(person, offer, today), on=today,
        idempotency_key=f"casework-prepared-{prepared.pk}", client_address=client_address)


def confirm_with_code(*, user, prepared: PreparedBooking, code: str, pin: str,
                      client_address: str | None = None) -> PreparedBooking:
    """In person, on the guide's screen: the person types the one-time code shown there and their PIN or
    password. A wrong code or PIN counts as a try; the third wrong try voids the code; a used code is refused."""
    require_guide(user)
    require_access(user, prepared.person, scope=Scope.BOOK,
                   action=gettext_lazy("inschrijving bevestigen met code"))
    with transaction.atomic():
        prepared = PreparedBooking.objects.select_for_update(of=("self",)).select_related("person__user", "offer__provider") \
            .get(pk=prepared.pk)
        _still_waiting(prepared)
        reason = None
        if not constant_time_compare(_code_hash(prepared, (code or "").strip()), prepared.code_hash):
            reason = _("Deze code klopt niet.")
        else:
            try:
                with transaction.atomic():
                    booking = _book_as_person(prepared, pin, client_address)
            except accounts_services.NotAllowed:
                reason = _("De pincode of het wachtwoord klopt niet.")
            else:
                prepared.status, prepared.booking_id, prepared.decided_at = (PreparedStatus.CONFIRMED, booking.pk,
                                                                             timezone.now())
                prepared.code_hash = ""
                prepared.save(update_fields=["status", "booking_id", "decided_at", "code_hash"])
                return prepared
        prepared.attempts += 1
        if prepared.attempts >= PreparedBooking.MAX_ATTEMPTS:
            prepared.status, prepared.decided_at = PreparedStatus.VOID, timezone.now()
        prepared.save(update_fields=["attempts", "status", "decided_at"])
    if prepared.status == PreparedStatus.VOID:
        raise Refused(reason + " " + _("Dat was de derde foute poging: de code is vervallen. Vraag een nieuwe code."),
                      code="code_void")
    left = PreparedBooking.MAX_ATTEMPTS - prepared.attempts
    raise Refused(reason + " " + _("Je kan nog %(n)d keer proberen.") % {"n": left}, code="code_wrong")


@transaction.atomic
def confirm_own(*, user, prepared: PreparedBooking, password: str, client_address: str | None = None):
    """Later, from the person's own login: confirm a booking a guide prepared (the person's password or PIN)."""
    prepared = PreparedBooking.objects.select_for_update(of=("self",)).select_related("person__user", "offer__provider") \
        .get(pk=prepared.pk)
    if prepared.person.user_id is None or prepared.person.user_id != user.pk:
        raise NotAGuide(_("Dit kan alleen de persoon zelf."))
    _still_waiting(prepared)
    booking = _book_as_person(prepared, password, client_address)
    prepared.status, prepared.booking_id, prepared.decided_at = PreparedStatus.CONFIRMED, booking.pk, timezone.now()
    prepared.code_hash = ""
    prepared.save(update_fields=["status", "booking_id", "decided_at", "code_hash"])
    return prepared


@transaction.atomic
def cancel_prepared(*, user, prepared: PreparedBooking) -> PreparedBooking:
    """The person, or the guide who prepared it, drops a prepared booking (nothing was reserved)."""
    prepared = PreparedBooking.objects.select_for_update().get(pk=prepared.pk)
    if not (prepared.person.user_id == user.pk or prepared.prepared_by_id == user.pk):
        raise NotAGuide(_("Alleen de persoon of wie de inschrijving klaarzette, kan ze annuleren."))
    _still_waiting(prepared)
    prepared.status, prepared.decided_at, prepared.code_hash = PreparedStatus.CANCELLED, timezone.now(), ""
    prepared.save(update_fields=["status", "decided_at", "code_hash"])
    return prepared


# -- referral ---------------------------------------------------------------------------------------------------
REFERRABLE_ROLES = (Role.COUNSELLOR, Role.BRIDGE, Role.PROVIDER)


def refer(*, user, person, reason: str, to_user_id: int | None = None, to_service_id: int | None = None) -> Referral:
    """A guide refers a person (consent 'refer') to a counsellor, bridge figure or provider, or to a service."""
    require_guide(user)
    require_access(user, person, scope=Scope.REFER, action=gettext_lazy("doorverwezen"))
    if bool(to_user_id) == bool(to_service_id):
        raise Refused(_("Kies één persoon of één dienst om naar door te verwijzen."))
    to_user = to_service = None
    if to_service_id:
        to_service = ReferralService.objects.filter(pk=to_service_id, active=True).first()
        if to_service is None:
            raise Refused(_("Deze dienst bestaat niet (meer). Kies een dienst uit de lijst."), code="no_such_service")
    else:
        to_user = User.objects.filter(pk=to_user_id, is_active=True, role__in=REFERRABLE_ROLES).first()
        if to_user is None or to_user.pk == user.pk:
            raise Refused(_("We vinden geen begeleider of opleidingsverstrekker om naar door te verwijzen."),
                          code="no_such_service")
    if not reason.strip():
        raise Refused(_("Schrijf kort waarom je doorverwijst."))
    return Referral.objects.create(person=person, referred_by=user, referred_by_label=str(user)[:200],
                                   to_user=to_user, to_service=to_service, reason=reason.strip()[:300])


NEXT_STATUS = {ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN),
               ReferralStatus.ACCEPTED: (ReferralStatus.DONE, ReferralStatus.WITHDRAWN)}


@transaction.atomic
def set_referral_status(*, user, referral: Referral, status: str) -> Referral:
    """The receiver accepts, declines or closes; the sender (or the person) withdraws."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if status not in NEXT_STATUS.get(referral.status, ()):
        raise Refused(_("Deze stap kan niet meer voor deze doorverwijzing."))
    is_receiver = referral.to_user_id == user.pk
    is_sender = referral.referred_by_id == user.pk or referral.person.user_id == user.pk
    allowed = is_sender if status == ReferralStatus.WITHDRAWN else is_receiver
    if not allowed:
        raise NotAGuide(_("Dit mag alleen wie de doorverwijzing ontving of stuurde."))
    referral.status = status
    referral.save(update_fields=["status", "updated_at"])
    return referral
