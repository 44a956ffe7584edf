"""Issue 16.6: the headline "Aandeel personen met een inschrijving" is never stale: the demo computes the
platform indicators as its seed's last step, and a page showing them queues a recomputation when bookings
(or people, or rights) changed since; the value equals a hand count from the bookings."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.utils import timezone

from lifelong.accounts import services as accounts
from lifelong.accounts.models import Booking, BookingStatus
from lifelong.dashboard.engine import SMALL_CELL
from lifelong.dashboard.models import ComputationRun, IndicatorValue, RunStatus
from lifelong.dashboard.tasks import recompute_indicators
from lifelong.people.models import Person

PASSWORD = "leren-is-fijn-2026"


def _hand_count(year: int) -> Decimal:
    booked = (Booking.objects.exclude(status=BookingStatus.CANCELLED).filter(created_at__year=year)
              .values("person").distinct().count())
    return round(Decimal(100 * booked) / Person.objects.count(), 2)


def _participation(year: int) -> Decimal:
    return IndicatorValue.objects.get(indicator__code="platform_participation", dimension="total",
                                      period=str(year)).value


def test_the_demo_seed_computed_the_indicators_last(users):
    year = timezone.localdate().year
    run = ComputationRun.objects.filter(status=RunStatus.DONE).order_by("-started_at").first()
    assert run is not None
    assert not Booking.objects.filter(updated_at__gt=run.started_at).exists()  # nothing seeded after it
    assert _participation(year) == _hand_count(year)


def _learners_book(n: int) -> None:
    """``n`` new learners, each with this year's rights, book a course (the real booking service)."""
    from lifelong.catalogue.booking import compass_offer
    from lifelong.catalogue.models import Provider
    from lifelong.catalogue.services import save_offer
    from lifelong.users.models import Role, User

    today = timezone.localdate()
    provider = Provider.objects.create(name=f"Lasacademie {uuid.uuid4().hex[:6]}", kind="adult_education",
                                       province="BE23", postcode="9000", quality_status="registered")
    staff = User.objects.create_user(f"p-{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.PROVIDER)
    provider.staff.add(staff)
    offer = save_offer(user=staff, provider=provider, categories=[], competences=[], sessions=[],
                       schemes=["vov", "opleidingscheques"],
                       values={"title": "Lassen TIG", "postcode": "9000", "price_cents": 60000, "hours": 40})
    from tests.conftest import approved

    offer = approved(offer)
    for i in range(n):
        user = User.objects.create_user(f"fresh-{i}-{uuid.uuid4().hex[:6]}@example.test", PASSWORD, role=Role.LEARNER)
        person = Person.objects.create(user=user, given_name="Lien", family_name=f"Test{i}", birth_year=1980 + i,
                                       sex="F", education_level="low", labour_status="employed", province="BE23",
                                       postcode="9000")
        accounts.accrue_year(on=today, person_ids=[person.pk])
        accounts.book_offer(user=user, password=PASSWORD, person=person, offer=compass_offer(person, offer, today),
                            on=today, idempotency_key=f"fresh-indicators-{person.pk}")


def test_bookings_are_in_the_headline_without_a_manual_recompute(client, users):
    year = timezone.localdate().year
    before = _participation(year)
    _learners_book(SMALL_CELL)  # enough people for the value to be shown (small cells are hidden)
    assert _hand_count(year) != before

    client.force_login(users["secretariat"])
    assert client.get("/dashboard/").status_code == 200
    run = ComputationRun.objects.filter(status=RunStatus.QUEUED).order_by("-id").first()
    assert run is not None and run.requested_by is None  # queued by the page, not by a person
    assert client.get("/dashboard/").status_code == 200
    assert ComputationRun.objects.filter(status=RunStatus.QUEUED).count() == 1  # at most one waits

    recompute_indicators.call(run.pk)  # what the worker runs
    assert _participation(year) == _hand_count(year) > before
    html = client.get("/dashboard/").content.decode()
    assert not ComputationRun.objects.filter(status=RunStatus.QUEUED).exists()  # current again: nothing queued
    assert "Aandeel personen met een inschrijving" in html
