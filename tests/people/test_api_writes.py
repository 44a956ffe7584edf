"""Issue 16.11: the API does what the career pages do — a check started, answered, finished; a development plan
made, its activities added and updated, approved; evidence added (with the page's caps and refusals), taken back
and submitted — with the pages' rules: the person; a counsellor only within a consent in force for that purpose;
anyone else the same 403 as for an id that does not exist. Refusals come as {"detail", "code"}."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from lifelong.guidance.models import Scope
from lifelong.guidance.services import grant_consent
from lifelong.people import services
from lifelong.people.models import CompetenceCheck, DevelopmentPlan, Evidence, Proof

from .conftest import make_person, make_user, png_upload

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _stranger():
    user = make_user("learner")
    make_person(user)
    return user


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type=JSON)


# -- competence check -----------------------------------------------------------------------------------------
def test_the_person_starts_answers_skips_and_finishes_a_check(client, learner, person, cook):
    client.force_login(learner)
    started = _post(client, "/api/v1/people/me/checks", {"occupation_uri": cook.uri})
    assert started.status_code == 201, started.content
    state = started.json()
    check_id, first = state["check"]["id"], state["next_question"]
    assert first["position"] == 1 and first["essential"] is True
    state = _post(client, f"/api/v1/people/checks/{check_id}/answers", {"position": 1, "rating": 3}).json()
    assert state["progress"]["essential_answered"] == 1 and state["next_question"]["position"] == 2
    state = _post(client, f"/api/v1/people/checks/{check_id}/answers", {"position": 2, "rating": None}).json()
    assert state["progress"]["essential_skipped"] == 1
    done = _post(client, f"/api/v1/people/checks/{check_id}/finish").json()
    assert done["check"]["completed_at"] is not None
    assert person.claims.filter(skill__uri=first["skill_uri"], level=3).exists()  # as the page: in the overview
    again = _post(client, f"/api/v1/people/checks/{check_id}/answers", {"position": 3, "rating": 2})
    assert again.status_code == 400 and again.json()["code"] == "refused" and "afgerond" in again.json()["detail"]
    back = _post(client, f"/api/v1/people/checks/{check_id}/skipped").json()  # the skipped question comes back
    assert back["check"]["completed_at"] is None and back["next_question"]["position"] == 2


def test_an_occupation_without_skills_or_a_bad_rating_is_refused_with_a_reason(client, learner, cook):
    client.force_login(learner)
    bad = _post(client, "/api/v1/people/me/checks", {"occupation_uri": "http://example.test/no"})
    assert bad.status_code == 400 and bad.json() == {"detail": "Dit beroep kennen we niet.", "code": "refused"}
    check_id = _post(client, "/api/v1/people/me/checks", {"occupation_uri": cook.uri}).json()["check"]["id"]
    assert _post(client, f"/api/v1/people/checks/{check_id}/answers", {"position": 1, "rating": 9}).status_code == 422
    assert _post(client, f"/api/v1/people/checks/{check_id}/answers", {"position": 9999, "rating": 2}).json()[
        "detail"] == "Deze vraag bestaat niet."


def test_another_person_cannot_answer_or_finish_a_check_and_gets_the_unknown_ids_answer(client, learner, person,
                                                                                       cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    client.force_login(_stranger())
    for url, body in ((f"/api/v1/people/checks/{check.pk}/answers", {"position": 1, "rating": 3}),
                      (f"/api/v1/people/checks/{check.pk}/finish", None),
                      (f"/api/v1/people/checks/{check.pk}/plan", None)):
        response = _post(client, url, body)
        assert response.status_code == 403, url
        assert response.json() == _post(client, "/api/v1/people/checks/987654321/finish").json()  # no oracle
    assert client.get(f"/api/v1/people/checks/{check.pk}/state").status_code == 403
    check.refresh_from_db()
    assert check.completed_at is None and not check.answers.filter(rating__isnull=False).exists()


def test_a_counsellor_answers_only_with_the_start_check_consent(client, learner, person, cook, counsellor):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    client.force_login(counsellor)
    url = f"/api/v1/people/checks/{check.pk}/answers"
    assert _post(client, url, {"position": 1, "rating": 2}).status_code == 403
    grant_consent(person=person, grantee=counsellor, scopes=[Scope.PROFILE], days=30)  # another purpose
    assert _post(client, url, {"position": 1, "rating": 2}).status_code == 403
    grant_consent(person=person, grantee=counsellor, scopes=[Scope.START_CHECK, Scope.PROFILE], days=30)
    assert _post(client, url, {"position": 1, "rating": 2}).status_code == 200
    assert person.access_logs.filter(actor=counsellor, refused=False).exists()  # the act is in the person's log


# -- development plan -------------------------------------------------------------------------------------------
def test_the_person_makes_a_plan_adds_and_finishes_an_activity_and_approves(client, learner, person,
                                                                            cook_essentials):
    client.force_login(learner)
    made = _post(client, "/api/v1/people/me/plans", {"title": "Kok worden", "goal": "Tegen juni"})
    assert made.status_code == 201
    plan_id = made.json()["id"]
    added = _post(client, f"/api/v1/people/plans/{plan_id}/activities",
                  {"kind": "training", "title": "Basis keuken", "skill_uri": cook_essentials[0],
                   "deadline": "2027-03-01"})
    assert added.status_code == 201 and added.json()["status"] == "planned"
    activity_id = added.json()["id"]
    done = client.put(f"/api/v1/people/activities/{activity_id}", {"status": "done"}, content_type=JSON).json()
    assert done["status"] == "done" and done["progress"] == 100
    assert person.claims.filter(skill__uri=cook_essentials[0]).exists()
    assert client.get(f"/api/v1/people/plans/{plan_id}").json()["activities"][0]["status"] == "done"
    approved = _post(client, f"/api/v1/people/plans/{plan_id}/approve").json()
    assert approved["approved"] is True and DevelopmentPlan.objects.get(pk=plan_id).approved_at is not None
    assert client.put(f"/api/v1/people/activities/{activity_id}", {"status": "weg"},
                      content_type=JSON).status_code == 422


def test_a_plan_from_a_check_has_its_gaps(client, learner, person, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    services.answer_question(user=learner, check=check, position=1, rating=1)
    client.force_login(learner)
    made = _post(client, f"/api/v1/people/checks/{check.pk}/plan")
    assert made.status_code == 201
    detail = client.get(f"/api/v1/people/plans/{made.json()['id']}").json()
    assert check.answers.get(position=1).skill.uri in [c["uri"] for c in detail["competences"]]


def test_a_counsellor_adds_an_activity_with_the_plan_consent_and_the_person_must_approve_again(
        client, learner, person, counsellor):
    plan = services.create_plan(user=learner, person=person, title="Kok worden")
    services.approve_plan(user=learner, plan=plan)
    url = f"/api/v1/people/plans/{plan.pk}/activities"
    client.force_login(counsellor)
    assert _post(client, url, {"kind": "mentoring", "title": "Gesprek"}).status_code == 403
    grant_consent(person=person, grantee=counsellor, scopes=[Scope.PLAN], days=30)
    assert _post(client, url, {"kind": "mentoring", "title": "Gesprek"}).status_code == 201
    plan.refresh_from_db()
    assert plan.approved_at is None  # a guide's change waits for the person
    assert _post(client, f"/api/v1/people/plans/{plan.pk}/approve").status_code == 403  # only the person approves


def test_another_learner_cannot_touch_a_plan(client, learner, person):
    plan = services.create_plan(user=learner, person=person, title="Kok worden")
    activity = services.add_activity(user=learner, plan=plan, kind="training", title="Basis")
    client.force_login(_stranger())
    assert _post(client, f"/api/v1/people/plans/{plan.pk}/activities",
                 {"kind": "training", "title": "x"}).status_code == 403
    assert client.put(f"/api/v1/people/activities/{activity.pk}", {"status": "done"},
                      content_type=JSON).status_code == 403
    assert _post(client, f"/api/v1/people/plans/{plan.pk}/approve").status_code == 403
    activity.refresh_from_db()
    assert activity.status == "planned" and plan.activities.count() == 1


# -- evidence (EVC) ---------------------------------------------------------------------------------------------
def test_the_person_adds_evidence_with_a_file_submits_it_and_cannot_take_it_back_while_judged(
        client, learner, person, cook_essentials):
    client.force_login(learner)
    added = client.post("/api/v1/people/me/evidence", {"skill_uri": cook_essentials[0], "kind": "document",
                                                       "description": "Attest", "file": png_upload()})
    assert added.status_code == 201, added.content
    body = added.json()
    assert body["has_file"] and body["content_type"] == "image/png"
    assert client.get("/api/v1/people/me/evidence").json()[0]["evidence"][0]["id"] == body["id"]
    submitted = _post(client, f"/api/v1/people/claims/{body['claim_id']}/submit")
    assert submitted.status_code == 201 and submitted.json()["status"] == "submitted"
    again = _post(client, f"/api/v1/people/claims/{body['claim_id']}/submit")
    assert again.status_code == 400 and again.json()["detail"] == "Je aanvraag wordt al beoordeeld."
    judged = client.delete(f"/api/v1/people/evidence/{body['id']}")
    assert judged.status_code == 400 and judged.json()["code"] == "being_assessed"
    assert Evidence.objects.filter(pk=body["id"]).exists()


def test_uploads_have_the_pages_caps_and_refusals(client, learner, cook_essentials, settings):
    client.force_login(learner)
    url, skill = "/api/v1/people/me/evidence", cook_essentials[0]
    too_big = client.post(url, {"skill_uri": skill, "kind": "document", "description": "x",
                                "file": png_upload(size=5 * 1024 * 1024 + 1)})
    assert too_big.status_code == 400 and "te groot" in too_big.json()["detail"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    script = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    wrong = client.post(url, {"skill_uri": skill, "kind": "document", "description": "x", "file": script})
    assert wrong.status_code == 400 and "PDF, PNG of JPEG" in wrong.json()["detail"]
    assert client.post(url, {"skill_uri": skill, "kind": "wat", "description": "x"}).status_code == 422
    assert not Evidence.objects.filter(claim__person=learner.person).exists()


def test_the_person_takes_evidence_back_and_the_claim_is_self_declared_again(client, learner, person,
                                                                            cook_essentials):
    evidence = services.record_evidence(user=learner, person=person, skill_uri=cook_essentials[0], kind="witness",
                                        description="Twee jaar", witness_name="An")
    assert evidence.claim.proof == Proof.EVIDENCED
    client.force_login(_stranger())
    assert client.delete(f"/api/v1/people/evidence/{evidence.pk}").status_code == 403
    assert _post(client, f"/api/v1/people/claims/{evidence.claim_id}/submit").status_code == 403
    client.force_login(learner)
    assert client.delete(f"/api/v1/people/evidence/{evidence.pk}").status_code == 204
    claim = person.claims.get(skill__uri=cook_essentials[0])
    assert not claim.evidence.exists() and claim.proof == Proof.SELF_DECLARED


def test_a_counsellor_with_every_consent_still_cannot_add_evidence_for_the_person(client, person, counsellor,
                                                                                cook_essentials):
    """The evidence page is the person's own (the service: only the person themself)."""
    grant_consent(person=person, grantee=counsellor, scopes=[s.value for s in Scope], days=30)
    client.force_login(counsellor)
    before = Evidence.objects.count()
    # the counsellor has no person: the API says so, and nothing is recorded for anyone
    response = client.post("/api/v1/people/me/evidence", {"skill_uri": cook_essentials[0], "kind": "other",
                                                          "description": "x"})
    assert response.status_code == 404 and Evidence.objects.count() == before
    with pytest.raises(PermissionDenied):  # and the service refuses to record it on the person's behalf
        services.record_evidence(user=counsellor, person=person, skill_uri=cook_essentials[0], kind="other",
                                 description="x")


# -- CSRF and the schema ----------------------------------------------------------------------------------------
def test_a_session_write_without_the_csrf_token_is_refused(learner, cook):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert _post(client, "/api/v1/people/me/checks", {"occupation_uri": cook.uri}).status_code == 403
    client.get("/")
    token = client.cookies["csrftoken"].value
    assert client.post("/api/v1/people/me/checks", {"occupation_uri": cook.uri}, content_type=JSON,
                       HTTP_X_CSRFTOKEN=token).status_code == 201
    assert CompetenceCheck.objects.filter(person=learner.person).count() == 1


NEW_TAGS = {"career platform: changes", "training compass: recommendations and providers"}


def test_every_new_operation_has_request_and_response_examples(client):
    schema = client.get("/api/openapi.json").json()
    components = schema["components"]["schemas"]

    def example_of(ref_holder) -> bool:
        schema_part = ref_holder.get("schema", {})
        if "example" in ref_holder or "example" in schema_part:
            return True
        refs = [schema_part.get("$ref")] + [x.get("$ref") for x in schema_part.get("anyOf", [])
                                             + [schema_part.get("items", {})]]
        refs = [r for r in refs if r]
        return bool(refs) and all("example" in components[r.rsplit("/", 1)[1]] for r in refs)

    missing, ops = [], 0
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if not NEW_TAGS & set(op.get("tags", [])) and not path.endswith("/provider/bookings"):
                continue
            ops += 1
            for content in op.get("requestBody", {}).get("content", {}).values():
                if not example_of(content):
                    missing.append(f"{method} {path}: request")
            for status, response in op["responses"].items():
                if status.startswith("2") and status != "204" and not all(
                        example_of(c) for c in response.get("content", {}).values()):
                    missing.append(f"{method} {path}: response {status}")
    assert ops >= 20 and not missing, missing


def test_a_counsellor_within_the_consents_finishes_a_check_and_updates_an_activity(client, learner, person, cook,
                                                                                 counsellor):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    plan = services.create_plan(user=learner, person=person, title="Kok worden")
    activity = services.add_activity(user=learner, plan=plan, kind="training", title="Basis")
    client.force_login(counsellor)
    assert _post(client, f"/api/v1/people/checks/{check.pk}/finish").status_code == 403
    assert client.put(f"/api/v1/people/activities/{activity.pk}", {"status": "doing", "progress": 30},
                      content_type=JSON).status_code == 403
    grant_consent(person=person, grantee=counsellor, scopes=[Scope.START_CHECK, Scope.PLAN, Scope.PROFILE],
                  days=30)
    assert client.get(f"/api/v1/people/checks/{check.pk}/state").status_code == 200
    assert _post(client, f"/api/v1/people/checks/{check.pk}/finish").json()["check"]["completed_at"]
    updated = client.put(f"/api/v1/people/activities/{activity.pk}", {"status": "doing", "progress": 30},
                         content_type=JSON)
    assert updated.status_code == 200 and updated.json()["progress"] == 30
    # the skipped questions come back only for the person (the service: the person themself)
    assert _post(client, f"/api/v1/people/checks/{check.pk}/skipped").status_code == 403


def test_the_person_reads_the_state_of_a_check_and_a_stranger_cannot_reopen_it(client, learner, person, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    services.answer_question(user=learner, check=check, position=1, rating=None)
    services.complete_check(user=learner, check=check)
    client.force_login(learner)
    state = client.get(f"/api/v1/people/checks/{check.pk}/state").json()
    assert state["progress"]["essential_skipped"] == 1 and state["check"]["completed_at"]
    client.force_login(_stranger())
    assert _post(client, f"/api/v1/people/checks/{check.pk}/skipped").status_code == 403
    check.refresh_from_db()
    assert check.completed_at is not None


def test_the_evidence_page_takes_evidence_back_too(client, learner, person, cook_essentials):
    evidence = services.record_evidence(user=learner, person=person, skill_uri=cook_essentials[0], kind="witness",
                                        description="Twee jaar", witness_name="An")
    client.force_login(_stranger())
    assert client.post(f"/loopbaan/bewijs/{evidence.pk}/weghalen/").status_code == 404
    client.force_login(learner)
    page = client.get("/loopbaan/bewijs/").content.decode()
    assert f'action="/loopbaan/bewijs/{evidence.pk}/weghalen/"' in page
    assert client.post(f"/loopbaan/bewijs/{evidence.pk}/weghalen/").status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
