"""Federal alignment: training records of the federal account in and out, every refusal with its line,
completed trainings use the federal right in the ledger once, and a confirmed booking goes out once."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.accounts import federal, services
from lifelong.accounts.models import Booking, FederalRecord
from lifelong.accounts.selectors import balance_of
from lifelong.users.models import Role, User

from .conftest import make_person

pytestmark = pytest.mark.django_db
HEADER = "record_id,person,training,hours,started_on,ended_on,completed,certificate\n"


@pytest.fixture
def learner(schemes):
    user = User.objects.create_user(f"{uuid.uuid4().hex[:8]}@example.test", "x", role=Role.LEARNER)
    person = make_person(user=user)
    services.accrue_year(on=timezone.localdate(), person_ids=[person.pk])
    return user, person


def federal_left(person) -> int:
    return balance_of(person=person, scheme_code=federal.SCHEME, on=timezone.localdate())


def test_a_bad_row_gets_every_reason():
    record, reasons = federal.clean_row({"record_id": "", "person": "x@y", "training": "", "hours": "1,001",
                                         "started_on": "2026-05-02", "ended_on": "2026-05-01", "completed": "misschien"})
    assert record is None
    text = " | ".join(reasons)
    for part in ("record_id", "naam van de opleiding", "geheel aantal minuten", "eindigt voor ze begint",
                 "ja of nee"):
        assert part in text
    _, reasons = federal.clean_row({"record_id": "r", "person": "p", "training": "t", "hours": "-2",
                                    "started_on": "2026-01-05", "ended_on": "", "completed": "ja"})
    assert any("meer dan 0" in r for r in reasons) and any("einddatum nodig" in r for r in reasons)


def test_import_uses_the_federal_right_once_and_refuses_per_line(learner):
    user, person = learner
    start = federal_left(person)
    assert start > 0
    day = timezone.localdate() - timedelta(days=3)
    ref = uuid.uuid4().hex[:8]
    csv = (HEADER
           + f"F-{ref}-1,{user.email},Veilig werken op hoogte,\"7,5\",{day},{day},ja,VCA-attest\n"
           + f"F-{ref}-2,person:{person.pk},Excel gevorderd,14,{day},,nee,\n"
           + f"F-{ref}-3,{user.email},,3,{day},{day},ja,\n"
           + f"F-{ref}-4,nobody@example.test,Lassen,3,{day},{day},ja,\n"
           + f"F-{ref}-1,{user.email},Veilig werken op hoogte,\"7,5\",{day},{day},ja,VCA-attest\n")
    report = federal.import_records(csv)
    assert report.created == 2 and report.minutes_counted == 450
    assert [line for line, _rid, _r in report.refused] == [4, 5, 6]
    assert "onbekende persoon" in report.refused[1][2][0] and "twee keer" in report.refused[2][2][0]
    assert federal_left(person) == start - 450
    done = FederalRecord.objects.get(record_id=f"F-{ref}-1")
    assert done.minutes == 450 and done.minutes_counted == 450 and done.certificate == "VCA-attest"
    assert FederalRecord.objects.get(record_id=f"F-{ref}-2").minutes_counted == 0  # not completed: not used

    again = federal.import_records(csv)
    assert again.created == 0 and again.unchanged == 2 and federal_left(person) == start - 450  # no double use
    changed = federal.import_records(HEADER + f"F-{ref}-1,{user.email},Iets anders,1,{day},{day},ja,\n")
    assert changed.created == 0 and "bestaat al met andere gegevens" in changed.refused[0][2][0]


def test_more_than_the_right_left_is_noted_not_lost(learner):
    user, person = learner
    start = federal_left(person)
    day = timezone.localdate() - timedelta(days=1)
    report = federal.import_records(HEADER + f"F-big-{person.pk},{user.email},Lange opleiding,200,{day},{day},ja,\n")
    record = FederalRecord.objects.get(person=person)
    assert record.minutes == 12000 and record.minutes_counted == start and federal_left(person) == 0
    assert report.notes and "buiten het federale opleidingsrecht" in record.note


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="certificate"):
        federal.import_records("record_id,person,training,hours,started_on,ended_on,completed\n")


def test_a_confirmed_booking_that_used_the_federal_right_goes_out_once(learner):
    user, person = learner
    booking = Booking.objects.create(person=person, booked_by=user, offer_title="Heftruck rijden", hours=8,
                                     price_cents=0, net_cost_cents=0, net_time_minutes=0,
                                     idempotency_key=f"fed-{uuid.uuid4().hex}", status="confirmed")
    hold = services.reserve(person=person, scheme_code=federal.SCHEME, amount=480, on=timezone.localdate(),
                            expires_at=timezone.now() + timedelta(days=2), idempotency_key=f"h-{booking.pk}",
                            booking=booking)
    services.consume(hold=hold, idempotency_key=f"c-{booking.pk}")
    first = federal.export_records()
    assert f"lifelong-booking-{booking.pk},{user.email},Heftruck rijden,8," in first and ",ja," in first
    assert federal.export_records() == first  # the same record ids, not a second record
    assert FederalRecord.objects.filter(booking=booking, direction="out").count() == 1


def test_my_rights_page_shows_the_federal_records(client, learner):
    user, person = learner
    day = timezone.localdate() - timedelta(days=2)
    federal.import_records(HEADER + f"F-page-{person.pk},{user.email},EHBO,4,{day},{day},ja,attest EHBO\n")
    client.force_login(user)
    html = client.get("/rekening/").content.decode()
    assert "Je federale opleidingsrekening" in html and "EHBO" in html and "attest EHBO" in html
