"""Reads of casework: the caseload (people who gave a guide a consent in force), notes for the guide's
organisation, what waits. A person outside the caseload is refused (403) and the attempt is logged."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lifelong.accounts.models import Booking, BookingStatus
from lifelong.accounts.selectors import available_by_code
from lifelong.guidance.models import GUIDE_ROLES, Scope
from lifelong.guidance.selectors import (
    NoConsent,
    log_refusal,
    persons_who_consented,
    require_access,
    scopes_in_force,
)
from lifelong.people.models import CompetenceCheck, DevelopmentPlan, Person

from .models import (
    Appointment,
    CaseNote,
    GuideProfile,
    PreparedBooking,
    PreparedStatus,
    Referral,
    ReferralStatus,
)

STEP_LABELS = {"check": "competentiecheck", "plan": "ontwikkelplan", "booking": "inschrijving",
               "attendance": "aanwezigheid bevestigd"}


def is_guide(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_role(*GUIDE_ROLES))


@dataclass
class CaseRow:
    person: int
    name: str
    last_step: str | None
    last_step_at: datetime | None
    next_follow_up: datetime | None
    consent_scopes: list[str]
    waiting: list[str] = field(default_factory=list)


def _latest(model, date_field: str, **filters):
    """The newest ``date_field`` of the person's rows (an index scan on the person's foreign key, no GROUP BY)."""
    return Subquery(model.objects.filter(person=OuterRef("pk"), **filters).order_by(f"-{date_field}")
                    .values(date_field)[:1])


WAITING = (("wait_booking", gettext_noop("inschrijving wacht op bevestiging")),
           ("wait_plan", gettext_noop("plan wacht op goedkeuring")),
           ("wait_referral", gettext_noop("doorverwijzing nog niet aanvaard")))


def _caseload_people(user, now, search: str = ""):
    people = Person.objects.filter(pk__in=persons_who_consented(user, now))
    for word in search.split()[:3]:
        people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return people


def caseload_size(user, *, search: str = "") -> int:
    return _caseload_people(user, timezone.now(), search).count()


def caseload(user, *, offset: int = 0, limit: int | None = None, search: str = "") -> list[CaseRow]:
    """The guide's people (``offset``/``limit``: one page, by name): last step (check, plan, booking,
    attendance), what waits, the next appointment, the scopes in force. Two queries whatever the size: the
    people with correlated subqueries (each an index lookup per person), and the scopes."""
    if not is_guide(user):
        raise NoConsent(_("Alleen een loopbaanbegeleider of brugfiguur heeft een caseload."))
    now = timezone.now()
    people = (_caseload_people(user, now, search)
              .annotate(check_at=_latest(CompetenceCheck, "started_at"),
                        plan_at=_latest(DevelopmentPlan, "updated_at"),
                        booking_at=_latest(Booking, "created_at"),
                        attended_at=_latest(Booking, "updated_at", status=BookingStatus.CONFIRMED),
                        follow_up=Subquery(Appointment.objects.filter(person=OuterRef("pk"), guide=user, at__gte=now,
                                                                      cancelled_at__isnull=True)
                                           .order_by("at").values("at")[:1]),
                        wait_booking=Exists(PreparedBooking.objects.filter(person=OuterRef("pk"),
                                                                           status=PreparedStatus.WAITING)),
                        wait_plan=Exists(DevelopmentPlan.objects.filter(person=OuterRef("pk"), approved_at__isnull=True,
                                                                        status="active", changes__by_person=False)),
                        wait_referral=Exists(Referral.objects.filter(person=OuterRef("pk"),
                                                                     status=ReferralStatus.SENT)))
              .order_by("family_name", "given_name", "pk")
              .values("pk", "given_name", "family_name", "check_at", "plan_at", "booking_at", "attended_at",
                      "follow_up", *(k for k, _label in WAITING)))
    if limit:
        people = people[offset:offset + limit]
    people = list(people)
    scopes = scopes_in_force(user, [p["pk"] for p in people] if limit else None, now)
    labels = {k: _(label) for k, label in WAITING}
    rows = []
    for p in people:
        steps = [(p[k], name) for k, name in (("check_at", "check"), ("plan_at", "plan"), ("booking_at", "booking"),
                                                ("attended_at", "attendance")) if p[k] is not None]
        at, step = max(steps) if steps else (None, None)
        rows.append(CaseRow(person=p["pk"], name=f"{p['given_name']} {p['family_name']}", last_step=step,
                            last_step_at=at, next_follow_up=p["follow_up"], consent_scopes=scopes.get(p["pk"], []),
                            waiting=sorted(labels[k] for k, _label in WAITING if p[k])))
    return rows


def in_caseload(user, person, *, action: str) -> None:
    """Refuse (403, logged for the person) a guide's request about someone outside their caseload."""
    if not is_guide(user) or not Person.objects.filter(pk=person.pk, pk__in=persons_who_consented(user)).exists():
        log_refusal(user, person, scope="profile", action=action)
        raise NoConsent(_("Deze persoon hoort niet bij jouw caseload."))


def rights_of(user, person) -> dict[str, int]:
    """The person's available learning rights per scheme (scope 'rights'; logged)."""
    require_access(user, person, scope=Scope.RIGHTS, action=_("leerrechten bekeken"))
    return available_by_code(person=person, on=timezone.localdate())


def organisation_key(user) -> str | None:
    profile = GuideProfile.objects.filter(user=user).first()
    return profile.organisation_key if profile else None


def notes_for(user, person):
    """The private notes of the guide's own organisation about this person (others' notes stay hidden)."""
    key = organisation_key(user)
    if key is None:
        return CaseNote.objects.filter(person=person, author=user)
    return CaseNote.objects.filter(person=person, organisation_key=key)


def appointments_for(user, person):
    """The guide's own appointments with the person, cancelled ones too (with their history)."""
    return Appointment.objects.filter(person=person, guide=user).prefetch_related("changes")


def appointments_of_person(person, *, since_days: int = 90):
    """What the person sees: their appointments with every guide from ``since_days`` ago on, cancelled ones
    too, each with its changes (who moved or cancelled it, when and why)."""
    since = timezone.now() - timedelta(days=since_days)
    return (Appointment.objects.filter(person=person, at__gte=since).select_related("guide")
            .prefetch_related("changes"))


def prepared_bookings_of(person):
    return PreparedBooking.objects.filter(person=person).select_related("offer")


def referrals_of(person):
    return Referral.objects.filter(person=person).select_related("to_user", "to_service")


def referrals_received(user):
    return Referral.objects.filter(to_user=user).select_related("person")


def referral_chain(year: int, facts: tuple[str, ...]):
    """The referral chain of the dashboard's funnel, per person referred in ``year``: the person's ``facts`` and
    four flags: referred (always true), a referral of that year accepted (or done), a first step taken after
    the person's first referral of the year (a check started, a plan made or a booking), a booking (not
    cancelled) after it. One query; the dashboard sums the rows into cells and suppresses small ones."""
    first = Subquery(Referral.objects.filter(person=OuterRef("pk"), created_at__year=year).order_by("created_at")
                     .values("created_at")[:1])
    after = OuterRef("first_referral")
    booked = Exists(Booking.objects.filter(person=OuterRef("pk"), created_at__gte=after)
                    .exclude(status=BookingStatus.CANCELLED))
    return (Person.objects.filter(pk__in=Referral.objects.filter(created_at__year=year).values("person_id"))
            .annotate(first_referral=first)
            .annotate(accepted=Exists(Referral.objects.filter(
                          person=OuterRef("pk"), created_at__year=year,
                          status__in=[ReferralStatus.ACCEPTED, ReferralStatus.DONE])),
                      checked=Exists(CompetenceCheck.objects.filter(person=OuterRef("pk"), started_at__gte=after)),
                      planned=Exists(DevelopmentPlan.objects.filter(person=OuterRef("pk"), created_at__gte=after)),
                      booked=booked)
            .values_list(*facts, "accepted", "checked", "planned", "booked").order_by())
