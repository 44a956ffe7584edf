"""14.2: the caseload API (contract), who may see it, notes per organisation, appointments, refusals logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.casework import selectors, services
from lifelong.casework.models import GuideProfile
from lifelong.guidance.models import AccessLog, Scope
from lifelong.guidance.selectors import NoConsent
from lifelong.people import services as people_services

from .conftest import give, make_person, make_user

pytestmark = pytest.mark.django_db


def test_caseload_api_lists_consenting_people_with_last_step_follow_up_and_scopes(client, learner, person, counsellor,
                                                                                 esco):
    from lifelong.taxonomy.models import Occupation

    give(person, counsellor, Scope.PROFILE, Scope.START_CHECK, Scope.PLAN)
    outsider = make_person()  # no consent: not in the caseload
    people_services.start_check(user=counsellor, person=person,
                                occupation_uri=Occupation.objects.get(label_en="cook").uri)
    soon = timezone.now() + timedelta(days=3)
    services.add_appointment(user=counsellor, person=person, at=soon, what="Plan bespreken")
    client.force_login(counsellor)
    rows = client.get("/api/v1/guidance/caseload").json()
    assert [r["person"] for r in rows] == [person.pk] and outsider.pk not in [r["person"] for r in rows]
    row = rows[0]
    assert {"person", "name", "last_step", "next_follow_up", "consent_scopes"} <= set(row)
    assert row["name"] == f"{person.given_name} {person.family_name}"
    assert row["last_step"] == "check"
    assert row["next_follow_up"].startswith(soon.date().isoformat())
    assert sorted(row["consent_scopes"]) == ["checkstart", "plan", "profile"]
    people_services.create_plan(user=counsellor, person=person, title="Naar keuken")
    (row,) = client.get("/api/v1/guidance/caseload").json()
    assert row["last_step"] == "plan" and "plan wacht op goedkeuring" in row["waiting"]


@pytest.mark.parametrize("role", ["learner", "employer", "provider", "analyst", "partnership", "secretariat",
                                  "observer"])
def test_caseload_api_is_403_for_every_other_role(client, role):
    client.force_login(make_user(role))
    assert client.get("/api/v1/guidance/caseload").status_code == 403


def test_caseload_api_needs_a_login(client):
    assert client.get("/api/v1/guidance/caseload").status_code in (401, 403)


def test_a_bridge_figure_has_a_caseload_too(client, person, bridge):
    give(person, bridge, Scope.PROFILE)
    client.force_login(bridge)
    assert [r["person"] for r in client.get("/api/v1/guidance/caseload").json()] == [person.pk]


def test_a_person_outside_the_caseload_is_refused_and_the_attempt_logged(person, counsellor):
    with pytest.raises(NoConsent):
        services.add_note(user=counsellor, person=person, text="iets")
    assert AccessLog.objects.filter(person=person, actor=counsellor, refused=True).count() == 1


def test_notes_are_read_by_the_authors_organisation_only(person, counsellor):
    colleague, other = make_user("counsellor"), make_user("bridge")
    for user, name in ((counsellor, "Stad Gent"), (colleague, "Stad Gent"), (other, "ABVV")):
        GuideProfile.objects.create(user=user, organisation_kind="municipality" if name != "ABVV" else "union",
                                    organisation_name=name)
        give(person, user, Scope.PROFILE)
    services.add_note(user=counsellor, person=person, text="Wil liefst 's ochtends les.")
    assert [n.text for n in selectors.notes_for(colleague, person)] == ["Wil liefst 's ochtends les."]
    assert list(selectors.notes_for(other, person)) == []
    # a note is never part of what the person's employer (or anyone else) can export
    from lifelong.people.selectors import export_of

    assert "ochtends" not in str(export_of(person.user, person))


def test_an_appointment_in_the_past_or_without_subject_is_refused(person, counsellor):
    give(person, counsellor, Scope.PROFILE)
    with pytest.raises(services.Refused):
        services.add_appointment(user=counsellor, person=person, at=timezone.now() - timedelta(hours=1), what="x")
    with pytest.raises(services.Refused):
        services.add_appointment(user=counsellor, person=person, at=timezone.now() + timedelta(days=1), what=" ")


def test_the_caseload_page_shows_fifty_at_a_time_by_name_and_finds_a_name(client, counsellor):
    from lifelong.guidance.models import Consent

    now = timezone.now()
    people = [make_person(given_name="Naam", family_name=f"Persoon{i:03d}") for i in range(60)]
    Consent.objects.bulk_create([Consent(person=p, grantee=counsellor, scope=Scope.PROFILE,
                                         valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=30))
                                 for p in people])
    client.force_login(counsellor)
    first = client.get("/begeleiden/").content.decode()
    assert "60 personen" in first and "Persoon049" in first and "Persoon050" not in first
    assert "Pagina 1 van 2" in first
    second = client.get("/begeleiden/?p=2").content.decode()
    assert "Persoon050" in second and "Persoon059" in second and "Persoon049" not in second
    assert client.get("/begeleiden/?p=99").status_code == 200  # past the end: the last page
    found = client.get("/begeleiden/?q=persoon042").content.decode()
    assert "Persoon042" in found and "Persoon041" not in found and "1 persoon" in found
    rows = client.get("/api/v1/guidance/caseload").json()  # the API still lists everyone
    assert len(rows) == 60 and [r["name"] for r in rows][:2] == ["Naam Persoon000", "Naam Persoon001"]


def test_the_caseload_says_what_waits_per_person(person, counsellor, offer):
    give(person, counsellor, Scope.PROFILE, Scope.BOOK, Scope.REFER)
    services.prepare_booking(user=counsellor, person=person, offer_id=offer.pk)
    other = make_user("counsellor")
    services.refer(user=counsellor, person=person, reason="Loopbaan", to_user_id=other.pk)
    (row,) = selectors.caseload(counsellor)
    assert row.waiting == ["doorverwijzing nog niet aanvaard", "inschrijving wacht op bevestiging"]
