"""14.4: the referral chain feeds the dashboard's funnel: referred → accepted → a first step after it → a booking
after it, per person, counted by the dashboard's recomputation with small cells suppressed."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.accounts.models import Booking, BookingStatus
from lifelong.casework import services
from lifelong.casework.models import Referral
from lifelong.casework.selectors import referral_chain
from lifelong.guidance.models import Scope
from lifelong.people.models import CompetenceCheck, DevelopmentPlan

from .conftest import give, make_person, make_user

pytestmark = pytest.mark.django_db


def _booking(person, status=BookingStatus.RESERVED):
    return Booking.objects.create(person=person, offer_title="Opleiding", price_cents=10000, hours=10,
                                  net_cost_cents=0, net_time_minutes=0, idempotency_key=f"t-{uuid.uuid4().hex}",
                                  status=status)


def test_each_person_is_followed_from_their_first_referral_of_the_year(esco, bridge, counsellor):
    from lifelong.taxonomy.models import Occupation

    cook = Occupation.objects.get(label_en="cook")
    accepted, stepped, booked, idle = (make_person() for _ in range(4))
    early = make_person()  # booked before the referral: that booking is no step after it
    for p in (accepted, stepped, booked, idle, early):
        give(p, bridge, Scope.PROFILE, Scope.REFER)
    _booking(early)
    Booking.objects.filter(person=early).update(created_at=timezone.now() - timedelta(minutes=5))
    refs = {p.pk: services.refer(user=bridge, person=p, reason="Loopbaan", to_user_id=counsellor.pk)
            for p in (accepted, stepped, booked, idle, early)}
    services.set_referral_status(user=counsellor, referral=refs[accepted.pk], status="accepted")
    CompetenceCheck.objects.create(person=stepped, occupation_id=cook.pk)
    DevelopmentPlan.objects.create(person=booked, title="Plan")
    _booking(booked)
    _booking(idle, status=BookingStatus.CANCELLED)  # a cancelled booking is no booking
    year = timezone.localdate().year
    rows = {r[0]: r[1:] for r in referral_chain(year, ("id",))}
    assert rows[accepted.pk] == (True, False, False, False)
    assert rows[stepped.pk] == (False, True, False, False)
    assert rows[booked.pk] == (False, False, True, True)
    assert rows[idle.pk] == (False, False, False, False)
    assert rows[early.pk] == (False, False, False, False)
    assert list(referral_chain(year - 1, ("id",))) == []  # nothing referred last year


def test_the_recomputation_writes_the_chain_and_the_funnel_page_shows_it(client, bridge, counsellor):
    from lifelong.dashboard.models import IndicatorValue
    from lifelong.dashboard.services import recompute_now
    from lifelong.users.models import User

    people = [make_person() for _ in range(12)]
    for i, p in enumerate(people):
        give(p, bridge, Scope.REFER)
        ref = services.refer(user=bridge, person=p, reason="Hulp bij een opleiding", to_user_id=counsellor.pk)
        if i < 11:
            services.set_referral_status(user=counsellor, referral=ref, status="accepted")
        if i < 3:
            _booking(p)
    recompute_now()
    year = timezone.localdate().year
    referred = Referral.objects.filter(created_at__year=year).values("person").distinct().count()

    def total(code):
        return IndicatorValue.objects.get(indicator__code=code, dimension="total", year=year)

    assert total("platform_referral_made").value == referred >= 12
    assert total("platform_referral_accepted").value >= 11
    booked = total("platform_referral_booked")
    assert booked.is_suppressed or booked.value >= 3
    for v in IndicatorValue.objects.filter(indicator__code__startswith="platform_referral_", is_suppressed=True):
        assert v.value is None and v.n is None
    client.force_login(User.objects.get(email="analyst@demo.lifelong.test"))
    page = client.get("/dashboard/leerpad/?uitsplitsing=education").content.decode()
    assert "De doorverwijzing: van doorverwezen tot inschrijving" in page and "werden doorverwezen" in page
    export = client.get("/dashboard/export/doorverwijzing.csv?uitsplitsing=education")
    assert export.status_code == 200 and "doorverwezen" in export.content.decode()


def test_a_referral_by_someone_else_than_a_guide_cannot_be_made(person):
    with pytest.raises(services.Refused):
        services.refer(user=make_user("employer"), person=person, reason="x", to_user_id=None, to_service_id=1)
