"""The API shows what the career pages show — checks, development plans, evidence with its EVC status — with
the pages' access rules: the person, or a counsellor with a consent in force; anyone else 403."""

from __future__ import annotations

import pytest

from lifelong.people import services

from .conftest import make_person, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(learner, person, cook, cook_essentials):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    services.answer_question(user=learner, check=check, position=1, rating=3)
    services.answer_question(user=learner, check=check, position=2, rating=1)
    services.answer_question(user=learner, check=check, position=3, rating=None)
    plan = services.create_plan(user=learner, person=person, title="Kok worden", goal="Tegen juni")
    evidence = services.record_evidence(user=learner, person=person, skill_uri=cook_essentials[0],
                                        kind="witness", description="Twee jaar in een keuken", witness_name="An")
    services.submit_for_validation(user=learner, claim=evidence.claim)
    return check, plan, evidence


def test_my_checks_and_a_checks_result(client, learner, records, cook):
    check, _plan, _evidence = records
    client.force_login(learner)
    mine = client.get("/api/v1/people/me/checks").json()
    assert [c["id"] for c in mine] == [check.pk] and mine[0]["occupation_uri"] == cook.uri
    result = client.get(f"/api/v1/people/checks/{check.pk}").json()
    assert len(result["strengths"]) == 1 and result["strengths"][0]["rating"] == 3
    assert len(result["gaps"]) == 1 and result["gaps"][0]["rating"] == 1
    assert result["essential_total"] == check.answers.filter(essential=True).count()


def test_my_plans_and_a_plan(client, learner, records):
    _check, plan, _evidence = records
    client.force_login(learner)
    assert [p["title"] for p in client.get("/api/v1/people/me/plans").json()] == ["Kok worden"]
    detail = client.get(f"/api/v1/people/plans/{plan.pk}").json()
    assert detail["plan"]["goal"] == "Tegen juni" and detail["activities"] == []


def test_my_evidence_with_its_recognition_status(client, learner, records):
    _check, _plan, evidence = records
    client.force_login(learner)
    items = client.get("/api/v1/people/me/evidence").json()
    assert items[0]["skill_uri"] == evidence.claim.skill.uri
    assert items[0]["recognition"] == "submitted" and items[0]["evidence"][0]["witness_name"] == "An"


def test_another_persons_check_and_plan_are_refused(client, records):
    check, plan, _evidence = records
    stranger = make_user("learner")
    make_person(stranger)
    client.force_login(stranger)
    assert client.get(f"/api/v1/people/plans/{plan.pk}").status_code == 403
    assert client.get(f"/api/v1/people/checks/{check.pk}").status_code == 403
    assert client.get("/api/v1/people/plans/99999999").status_code == 403  # the same answer: no existence oracle
    assert client.get("/api/v1/people/me/plans").json() == []


def test_a_counsellor_reads_with_consent_only(client, counsellor, records, person):
    check, plan, _evidence = records
    client.force_login(counsellor)
    assert client.get(f"/api/v1/people/plans/{plan.pk}").status_code == 403
    from lifelong.guidance.models import Scope
    from lifelong.guidance.services import grant_consent

    grant_consent(person=person, grantee=counsellor, scopes=[s.value for s in Scope], days=30)
    assert client.get(f"/api/v1/people/plans/{plan.pk}").json()["plan"]["title"] == "Kok worden"
    assert client.get(f"/api/v1/people/checks/{check.pk}").status_code == 200


def test_visitors_are_refused_and_the_schema_has_examples(client):
    assert client.get("/api/v1/people/me/plans").status_code == 401
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/people/me/checks" in schema["paths"] and "/api/v1/people/plans/{plan_id}" in schema["paths"]
    assert schema["components"]["schemas"]["CheckOut"]["example"]["occupation"] == "heftruckchauffeur"
