"""SME-wallet bookings (KMO-portefeuille, issue 13.5): the employer books a compass offer for employees.

The rule is the versioned scheme ``kmo_portefeuille`` in ``accounts/data/schemes.json`` (source: vlaio.be):
firms under ``max_employees`` workers; the wallet pays ``small_share_pct`` of the price for a firm under
``small_below`` workers, ``medium_share_pct`` above, and ``themed_small_share_pct`` / ``themed_medium_share_pct``
for an offer in one of the ``themed_categories`` (the offer's funding categories, approved like the others); at
most ``yearly_cap_cents`` a calendar year per firm; a project costs at least ``min_cost_cents``; only providers
registered for the Flemish incentives; the application at the latest ``apply_within_days`` after the training
starts.

Ledger: the firm's yearly ceiling is granted to its available account once a year (from the scheme's funding
account, key ``kmo-cap:<org>:<year>``); each booking reserves its share (available → held) under the lock of that
account, so concurrent bookings can never pass the ceiling; the provider's confirmation uses it (held →
consumed), a decline or cancellation gives it back (held → available). Every step has an idempotency key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.accounts import engine
from lifelong.accounts.models import AccountKind, FundingCategory, LedgerAccount
from lifelong.accounts.services import (
    IdempotencyConflict,
    NotAllowed,
    Refused,
    accrue,
    scheme_of,
    version_in_force,
)
from lifelong.accounts.services.organisation_ledger import (
    reserve_for_organisation,
    settle_for_organisation,
)
from lifelong.catalogue.models import Offer, QualityStatus, Session
from lifelong.organisations.models import (
    EmployerTraining,
    Employment,
    Organisation,
    OrganisationKind,
    WalletBooking,
    WalletStatus,
)

SCHEME = "kmo_portefeuille"


@dataclass(frozen=True)
class Quote:
    rule: str  # "kmo_portefeuille v1"
    share_pct: int
    price_cents: int
    subsidy_cents: int
    cap_cents: int
    theme: str = ""  # the funding category that gave the themed share, "" for the base share

    @property
    def theme_name(self) -> str:
        return str(dict(FundingCategory.choices).get(self.theme, "")) if self.theme else ""


def quote(*, organisation: Organisation, offer: Offer, on: date) -> Quote:
    """The wallet's share of this offer for this firm, or ``Refused`` with the plain reason."""
    try:
        version = version_in_force(scheme_of(SCHEME), on)
    except Refused:
        raise Refused(_("De KMO-portefeuille geldt niet op %(day)s.") % {"day": on.isoformat()}) from None
    p = version.params
    if organisation.kind != OrganisationKind.EMPLOYER:
        raise Refused(_("Alleen een werkgever kan met de KMO-portefeuille boeken."))
    if organisation.employees >= p["max_employees"]:
        raise Refused(_("De KMO-portefeuille is er alleen voor ondernemingen met minder dan %(n)s werknemers.")
                      % {"n": p["max_employees"]})
    if not offer.is_active:
        raise Refused(_("Deze opleiding wordt niet meer aangeboden."))
    if offer.provider.quality_status != QualityStatus.REGISTERED:
        raise Refused(_("Deze opleiding valt buiten de KMO-portefeuille: de opleidingsverstrekker is niet "
                        "geregistreerd."))
    if offer.price_cents < p["min_cost_cents"]:
        raise Refused(_("Deze opleiding valt buiten de KMO-portefeuille: ze kost minder dan %(min)s.")
                      % {"min": engine._euro(p["min_cost_cents"])})
    _check_deadline(offer, on, p.get("apply_within_days"))
    small = organisation.employees < p["small_below"]
    # a database that loaded v1 before ``themed_categories`` was added has no themes: the base share, never more
    theme = next((c for c in offer.category_codes if c in p.get("themed_categories", ())), "")
    if theme:
        share = p["themed_small_share_pct"] if small else p["themed_medium_share_pct"]
    else:
        share = p["small_share_pct"] if small else p["medium_share_pct"]
    return Quote(f"{SCHEME} v{version.version}", share, offer.price_cents, offer.price_cents * share // 100,
                 p["yearly_cap_cents"], theme)


def training_starts(offer: Offer) -> list[date]:
    """The known start dates of the offer: its next start and its sessions."""
    days = set(Session.objects.filter(offer=offer).values_list("start_date", flat=True))
    if offer.next_start:
        days.add(offer.next_start)
    return sorted(days)


def _check_deadline(offer: Offer, on: date, within_days: int | None) -> None:
    """The wallet is asked at the latest ``within_days`` after the training starts. The booking is for the first
    start that still allows it; when every known start is longer ago, refused. An offer without any start date
    has nothing to check."""
    if not within_days:
        return
    starts = training_starts(offer)
    if not starts or any(day + timedelta(days=within_days) >= on for day in starts):
        return
    began = starts[-1]
    raise Refused(_("Te laat voor de KMO-portefeuille: de opleiding begon op %(day)s. Je vraagt de steun aan "
                    "ten laatste %(n)s dagen na de start van de opleiding (hier tot %(until)s).")
                  % {"day": began.strftime("%d/%m/%Y"), "n": within_days,
                     "until": (began + timedelta(days=within_days)).strftime("%d/%m/%Y")})


def _grant_yearly_cap(organisation: Organisation, q: Quote, on: date, actor) -> None:
    accrue(organisation=organisation, scheme_code=SCHEME, amount=q.cap_cents, on=on, actor=actor,
           idempotency_key=f"kmo-cap:{organisation.pk}:{on.year}",
           memo=_("Jaarplafond KMO-portefeuille %(y)s") % {"y": on.year})


def _staff_contract(organisation: Organisation, person_id: int, on: date) -> Employment:
    employment = (Employment.objects.filter(organisation=organisation, person_id=person_id, start_date__lte=on)
                  .filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).order_by("-start_date").first())
    if employment is None:
        raise NotAllowed(_("Persoon %(p)s werkt vandaag niet bij %(org)s: je kunt alleen voor je eigen personeel "
                           "boeken.") % {"p": person_id, "org": organisation.name})
    return employment


def book(*, user, organisation: Organisation, offer: Offer, person_ids: list[int], idempotency_key: str,
         on: date | None = None) -> list[WalletBooking]:
    """Book ``offer`` for each of ``person_ids`` (staff of ``organisation`` that day): all or nothing. The wallet's
    share for each is reserved at once. A replay of the key returns the first bookings; the same key for another
    request is refused (409)."""
    on = on or timezone.localdate()
    if not user.organisations.filter(pk=organisation.pk).exists():
        raise NotAllowed(_("Je werkt niet voor deze organisatie."))
    people = list(dict.fromkeys(int(p) for p in person_ids))
    if not people:
        raise Refused(_("Kies minstens één werknemer."))
    if not idempotency_key or len(idempotency_key) > 150:
        raise Refused(_("Elke boeking heeft een sleutel (idempotency key) van 1 tot 150 tekens nodig."))
    keys = {pid: f"kmo:{organisation.pk}:{idempotency_key}:{pid}" for pid in people}
    try:
        with transaction.atomic():
            existing = _replayed(keys, organisation, offer)
            if existing is not None:
                return existing
            q = quote(organisation=organisation, offer=offer, on=on)
            contracts = {pid: _staff_contract(organisation, pid, on) for pid in people}
            _grant_yearly_cap(organisation, q, on, user)
            out = []
            for pid in people:
                tx = reserve_for_organisation(
                    organisation=organisation, scheme_code=SCHEME, amount=q.subsidy_cents, on=on,
                    idempotency_key=keys[pid], actor=user, memo=f"KMO-portefeuille: {offer.title}"[:300])
                out.append(WalletBooking.objects.create(
                    organisation=organisation, employment=contracts[pid], offer=offer, provider=offer.provider,
                    offer_title=offer.title[:300], hours=offer.hours, price_cents=q.price_cents,
                    share_pct=q.share_pct, subsidy_cents=q.subsidy_cents, rule=q.rule, idempotency_key=keys[pid],
                    booked_by=user, reserve_tx=tx))
            return out
    except IntegrityError:  # a racing twin with the same key won
        existing = _replayed(keys, organisation, offer)
        if existing is None:
            raise
        return existing


def _replayed(keys: dict[int, str], organisation, offer) -> list[WalletBooking] | None:
    found = {b.idempotency_key: b for b in WalletBooking.objects.filter(idempotency_key__in=keys.values())}
    if not found:
        return None
    if len(found) != len(keys) or any(b.organisation_id != organisation.pk or b.offer_id != offer.pk
                                      for b in found.values()):
        raise IdempotencyConflict(_("Deze sleutel werd al gebruikt voor een andere boeking."))
    return [found[k] for k in keys.values()]


def _locked(booking: WalletBooking) -> WalletBooking:
    return WalletBooking.objects.select_for_update().select_related("employment", "reserve_tx").get(pk=booking.pk)


def _settle(b: WalletBooking, *, used: bool, status: str, actor, memo: str) -> WalletBooking:
    tx = settle_for_organisation(reserve_tx=b.reserve_tx, used=used, idempotency_key=f"kmo-settle:{b.pk}",
                                 actor=actor, memo=memo)
    b.status, b.settle_tx = status, tx
    b.save(update_fields=["status", "settle_tx", "updated_at"])
    return b


def _own_person(user, b: WalletBooking) -> None:
    person = getattr(user, "person", None)
    if person is None or b.employment.person_id != person.pk:
        raise NotAllowed(_("Alleen de werknemer voor wie de opleiding geboekt is, kan ze aanvaarden of weigeren."))


@transaction.atomic
def accept(*, user, booking: WalletBooking) -> WalletBooking:
    """The employee accepts the training booked for them (their own rights stay untouched)."""
    b = _locked(booking)
    _own_person(user, b)
    if b.status == WalletStatus.ACCEPTED:
        return b
    if b.status != WalletStatus.PROPOSED:
        raise NotAllowed(_("Deze boeking is al %(s)s.") % {"s": b.get_status_display()})
    b.status = WalletStatus.ACCEPTED
    b.save(update_fields=["status", "updated_at"])
    return b


@transaction.atomic
def decline(*, user, booking: WalletBooking) -> WalletBooking:
    """The employee declines: the wallet's share goes back to the firm."""
    b = _locked(booking)
    _own_person(user, b)
    if b.status == WalletStatus.DECLINED:
        return b
    if b.status != WalletStatus.PROPOSED:
        raise NotAllowed(_("Deze boeking is al %(s)s.") % {"s": b.get_status_display()})
    return _settle(b, used=False, status=WalletStatus.DECLINED, actor=user, memo="geweigerd door de werknemer")


@transaction.atomic
def cancel(*, user, booking: WalletBooking) -> WalletBooking:
    """The employer cancels before attendance is confirmed: the wallet's share goes back."""
    b = _locked(booking)
    if not user.organisations.filter(pk=b.organisation_id).exists():
        raise NotAllowed(_("Je werkt niet voor deze organisatie."))
    if b.status == WalletStatus.CANCELLED:
        return b
    if b.status not in (WalletStatus.PROPOSED, WalletStatus.ACCEPTED):
        raise NotAllowed(_("Deze boeking is al %(s)s.") % {"s": b.get_status_display()})
    return _settle(b, used=False, status=WalletStatus.CANCELLED, actor=user, memo="geannuleerd door de werkgever")


@transaction.atomic
def confirm(*, user, booking: WalletBooking) -> WalletBooking:
    """The provider confirms attendance: the wallet's share is used, and the training counts toward the
    employee's federal training days at this employer (an ``EmployerTraining`` of the course's hours)."""
    b = _locked(booking)
    if not (user.is_superuser or (b.provider_id is not None and user.providers.filter(pk=b.provider_id).exists())):
        raise NotAllowed(_("Alleen de opleidingsverstrekker bevestigt de aanwezigheid."))
    if b.status == WalletStatus.CONFIRMED:
        return b
    if b.status == WalletStatus.PROPOSED:
        raise NotAllowed(_("De werknemer heeft deze opleiding nog niet aanvaard."))
    if b.status != WalletStatus.ACCEPTED:
        raise NotAllowed(_("Deze boeking is al %(s)s.") % {"s": b.get_status_display()})
    _settle(b, used=True, status=WalletStatus.CONFIRMED, actor=user, memo="aanwezigheid bevestigd")
    if b.hours:
        EmployerTraining.objects.create(employment=b.employment, title=b.offer_title[:200],
                                        on=timezone.localdate(), minutes=b.hours * 60, wallet_booking=b)
    return b


def wallet_left(organisation: Organisation, on: date) -> int | None:
    """What is left of this year's ceiling (cents); None before the first booking of the year."""
    account = LedgerAccount.objects.filter(scheme__code=SCHEME, organisation=organisation, kind=AccountKind.AVAILABLE,
                                           period_start=date(on.year, 1, 1)).first()
    return None if account is None else account.balance


@dataclass(frozen=True)
class WalletYear:
    """The firm's wallet in one calendar year (cents): the ceiling, what bookings hold for employees who did not
    follow the training yet, what confirmed trainings used, what is left."""
    year: int
    cap: int | None
    held: int
    spent: int
    left: int | None


def year_of(organisation: Organisation, on: date) -> WalletYear:
    balances = dict(LedgerAccount.objects.filter(scheme__code=SCHEME, organisation=organisation,
                                                 period_start=date(on.year, 1, 1))
                    .values_list("kind", "balance"))
    cap = cap_of(on)
    left = balances.get(AccountKind.AVAILABLE)
    return WalletYear(on.year, cap, balances.get(AccountKind.HELD, 0), balances.get(AccountKind.CONSUMED, 0),
                      cap if left is None else left)


def cap_of(on: date) -> int | None:
    """The yearly ceiling per firm in force on ``on`` (cents)."""
    try:
        return version_in_force(scheme_of(SCHEME), on).params["yearly_cap_cents"]
    except Refused:
        return None


def bookings_for(user) -> list[WalletBooking]:
    """The trainings employers booked for this user's person."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return []
    return list(WalletBooking.objects.filter(employment__person=person).select_related("employment", "organisation"))


def bookings_of(organisation: Organisation) -> list[WalletBooking]:
    return list(WalletBooking.objects.filter(organisation=organisation).select_related("employment__person"))


def open_for_provider(user) -> list[WalletBooking]:
    """The wallet bookings at the providers this user works for that still wait for the attendance: accepted by
    the employee (the provider can confirm them) or still proposed (shown, not yet confirmable)."""
    if not user.is_authenticated:
        return []
    return list(WalletBooking.objects.filter(provider__in=user.providers.all(),
                                             status__in=(WalletStatus.PROPOSED, WalletStatus.ACCEPTED))
                .select_related("employment__person", "organisation", "provider").order_by("created_at", "id"))
