"""Appointments: the guide who made one changes or cancels it; the person sees the change; a cancelled
appointment stays in the history (who, when, why); other guides and roles are refused; every act is logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.casework import selectors, services
from lifelong.casework.models import Appointment, AppointmentChange
from lifelong.guidance.models import AccessLog, Scope
from lifelong.guidance.selectors import NoConsent

from .conftest import give, make_user

pytestmark = pytest.mark.django_db


def _when(days: int, hour: int = 10):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def appointment(person, counsellor):
    give(person, counsellor, Scope.PROFILE)
    return services.add_appointment(user=counsellor, person=person, at=_when(3), what="Plan bespreken",
                                    place="VDAB Gent")


def test_the_guide_moves_an_appointment_the_old_time_stays_in_the_history_and_the_log(appointment, counsellor,
                                                                                      person):
    old_at = appointment.at
    services.change_appointment(user=counsellor, appointment=appointment, at=_when(5, 14), what="Plan bespreken",
                                place="Bibliotheek")
    appointment.refresh_from_db()
    assert appointment.at == _when(5, 14) and appointment.place == "Bibliotheek"
    (change,) = appointment.changes.all()
    assert (change.kind, change.old_at, change.old_place, change.by) == ("changed", old_at, "VDAB Gent", counsellor)
    assert AccessLog.objects.filter(person=person, actor=counsellor, action__startswith="afspraak gewijzigd",
                                    refused=False).exists()
    rows = selectors.caseload(counsellor)
    assert rows[0].next_follow_up == _when(5, 14)


def test_the_guide_cancels_with_a_reason_and_it_stays_visible_but_is_no_follow_up(appointment, counsellor, person):
    with pytest.raises(services.Refused):
        services.cancel_appointment(user=counsellor, appointment=appointment, reason="  ")
    services.cancel_appointment(user=counsellor, appointment=appointment, reason="Ik ben ziek")
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None and appointment.cancel_reason == "Ik ben ziek"
    assert appointment.cancelled_by_label == str(counsellor)
    assert list(selectors.appointments_of_person(person)) == [appointment]  # still in the history
    assert AppointmentChange.objects.get(appointment=appointment).kind == "cancelled"
    assert selectors.caseload(counsellor)[0].next_follow_up is None
    assert AccessLog.objects.filter(person=person, actor=counsellor, action="afspraak geannuleerd").exists()
    with pytest.raises(services.Refused, match="al geannuleerd"):
        services.cancel_appointment(user=counsellor, appointment=appointment, reason="nog eens")
    with pytest.raises(services.Refused, match="al geannuleerd"):
        services.change_appointment(user=counsellor, appointment=appointment, at=_when(6), what="x")


def test_a_change_to_the_past_or_of_a_past_appointment_is_refused_and_nothing_changes(appointment, counsellor):
    with pytest.raises(services.Refused, match="toekomst"):
        services.change_appointment(user=counsellor, appointment=appointment,
                                    at=timezone.now() - timedelta(hours=2), what="x")
    Appointment.objects.filter(pk=appointment.pk).update(at=timezone.now() - timedelta(hours=1))
    appointment.refresh_from_db()
    with pytest.raises(services.Refused, match="voorbij"):
        services.cancel_appointment(user=counsellor, appointment=appointment, reason="te laat")
    assert not appointment.changes.exists()


def test_another_guide_even_with_consent_cannot_change_it_and_without_consent_it_is_logged(appointment, person):
    colleague = make_user("counsellor")
    give(person, colleague, Scope.PROFILE)
    with pytest.raises(services.NotAGuide):
        services.cancel_appointment(user=colleague, appointment=appointment, reason="x")
    stranger = make_user("bridge")
    with pytest.raises(NoConsent):
        services.change_appointment(user=stranger, appointment=appointment, at=_when(4), what="x")
    assert AccessLog.objects.filter(person=person, actor=stranger, refused=True).exists()
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None and not appointment.changes.exists()


def test_after_the_consent_is_revoked_the_guide_cannot_change_it(appointment, counsellor, person):
    from lifelong.guidance.services import revoke_consent

    for consent in person.consents.filter(grantee=counsellor):
        revoke_consent(person=person, consent_id=consent.pk)
    with pytest.raises(NoConsent):
        services.change_appointment(user=counsellor, appointment=appointment, at=_when(4), what="x")
    assert AccessLog.objects.filter(person=person, actor=counsellor, refused=True).exists()


def test_on_the_pages_the_guide_changes_and_cancels_and_the_person_sees_it(client, learner, appointment, counsellor,
                                                                           person):
    client.force_login(counsellor)
    base = f"/begeleiden/persoon/{person.pk}/afspraak/{appointment.pk}/"
    assert "Wijzigen of annuleren" in client.get(f"/begeleiden/persoon/{person.pk}/").content.decode()
    assert client.get(base).status_code == 200
    moved = client.post(base, {"at": _when(6, 9).strftime("%Y-%m-%dT%H:%M"), "what": "Opleiding kiezen",
                               "place": ""})
    assert moved.status_code == 302
    bad = client.post(base + "annuleren/", {"reason": ""})
    assert bad.status_code == 400
    assert client.post(base + "annuleren/", {"reason": "De persoon vond al werk"}).status_code == 302
    client.force_login(learner)
    page = client.get("/begeleiden/voor-mij/").content.decode()
    assert "Opleiding kiezen" in page and "geannuleerd" in page and "De persoon vond al werk" in page
    assert "Plan bespreken" in page  # what it was before the change


@pytest.mark.parametrize("role", ["learner", "employer", "provider", "analyst", "partnership", "secretariat",
                                  "observer"])
def test_appointment_pages_refuse_every_other_role(client, appointment, person, role):
    client.force_login(make_user(role))
    base = f"/begeleiden/persoon/{person.pk}/afspraak/{appointment.pk}/"
    assert client.get(base).status_code == 403
    assert client.post(base + "annuleren/", {"reason": "x"}).status_code == 403
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None


def test_another_guide_gets_403_on_the_page(client, appointment, person):
    colleague = make_user("bridge")
    give(person, colleague, Scope.PROFILE)
    client.force_login(colleague)
    base = f"/begeleiden/persoon/{person.pk}/afspraak/{appointment.pk}/"
    assert client.get(base).status_code == 403
    assert client.post(base + "annuleren/", {"reason": "x"}).status_code == 403


def test_a_refused_change_writes_no_change_line_in_the_log(appointment, counsellor, person):
    services.cancel_appointment(user=counsellor, appointment=appointment, reason="Ziek")
    before = AccessLog.objects.filter(person=person).count()
    with pytest.raises(services.Refused):
        services.change_appointment(user=counsellor, appointment=appointment, at=_when(8), what="x")
    assert AccessLog.objects.filter(person=person).count() == before
