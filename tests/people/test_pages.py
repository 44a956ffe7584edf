"""The learner's pages through Django's test client: bad input gets a clear message and loses nothing."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from lifelong.people.models import CheckAnswer, CompetenceCheck, CompetenceClaim
from lifelong.taxonomy.models import Concept

from .conftest import png_upload


def test_overview_page_shows_the_summary_table_and_groups(client, learner, person, cook_essentials):
    from lifelong.people import services

    services.declare_competence(user=learner, person=person, skill_uri=cook_essentials[0], level=3)
    client.force_login(learner)
    html = client.get("/loopbaan/").content.decode()
    assert "<h1>Mijn competenties</h1>" in html
    assert "zelf aangegeven" in html and 'class="proofbar"' in html
    assert "<caption>" in html


def test_search_as_you_type_needs_a_login_and_a_query(client, learner):
    # the search itself runs in the browser test (building the index here would cost ~15 s)
    assert client.get("/loopbaan/zoeken/", {"q": "kok"}).status_code == 403
    client.force_login(learner)
    assert 'type="radio"' not in client.get("/loopbaan/zoeken/", {"q": ""}).content.decode()


def test_check_through_the_pages_saves_every_answer_and_resumes(client, learner, person, cook):
    client.force_login(learner)
    response = client.post("/loopbaan/check/", {"uri": cook.uri})
    check = CompetenceCheck.objects.get(person=person)
    assert response.url == f"/loopbaan/check/{check.pk}/"
    client.post(response.url, {"position": 1, "rating": 3, "action": "answer"})
    client.post(response.url, {"position": 2, "action": "skip"})
    no_choice = client.post(response.url, {"position": 3, "action": "answer"}, follow=True)
    assert "Kies een antwoord" in no_choice.content.decode()
    assert CheckAnswer.objects.filter(check_run=check, answered_at__isnull=False).count() == 2
    page = client.get(response.url).content.decode()  # resumes at question 3
    assert 'name="position" value="3"' in page


def test_occupation_without_essential_skills_gets_a_message_on_the_page(client, learner):
    empty = Concept.objects.get(concept_type="occupation", label_en="specialist dentist")
    client.force_login(learner)
    html = client.post("/loopbaan/check/", {"uri": empty.uri}, follow=True).content.decode()
    assert "geen essentiële competenties" in html
    assert 'id="pick-kept"' in html  # the choice is still there


def test_wrong_file_type_keeps_what_was_typed(client, learner, person, cook_essentials):
    client.force_login(learner)
    response = client.post("/loopbaan/bewijs/", {
        "uri": cook_essentials[0], "kind": "document", "description": "Mijn verhaal over koken",
        "file": SimpleUploadedFile("cv.docx", b"PK\x03\x04 not a pdf")})
    html = response.content.decode()
    assert response.status_code == 400
    assert "PDF, PNG of JPEG" in html and "Mijn verhaal over koken" in html and 'id="pick-kept"' in html
    assert not CompetenceClaim.objects.filter(person=person).exists()


def test_evidence_upload_and_export_of_my_data(client, learner, person, cook_essentials, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(learner)
    response = client.post("/loopbaan/bewijs/", {"uri": cook_essentials[0], "kind": "document",
                                                 "description": "Attest", "file": png_upload()})
    assert response.status_code == 302
    data = json.loads(client.get("/loopbaan/privacy/mijn-gegevens.json").content)
    assert data["evidence"][0]["content_type"] == "image/png"
    assert data["claims"][0]["proof"] == 3


def test_plan_page_is_printable(client, learner, person):
    from lifelong.people import services

    plan = services.create_plan(user=learner, person=person, title="Mijn plan")
    client.force_login(learner)
    html = client.get(f"/loopbaan/pop/{plan.pk}/").content.decode()
    assert "data-print" in html and "people/people.css" in html  # site.js prints (no inline script: CSP)


def test_public_verification_of_an_unknown_credential(client, db):
    response = client.get("/loopbaan/verifieren/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and 'data-state="unknown"' in response.content.decode()
    garbage = client.post("/loopbaan/verifieren/", {"json": "{not json"})
    assert 'data-state="invalid"' in garbage.content.decode()
    key = client.get("/loopbaan/uitgever").json()["verificationMethod"][0]["publicKeyMultibase"]
    assert key.startswith("z6Mk")


def test_assessor_revokes_a_credential_and_the_public_page_says_so(client, learner, person, counsellor, consent,
                                                                   cook_essentials):
    from lifelong.people import services
    from lifelong.people.models import Credential

    ev = services.record_evidence(user=learner, person=person, skill_uri=cook_essentials[1], kind="witness",
                                  description="Getuige", witness_name="An")
    vr = services.submit_for_validation(user=learner, claim=ev.claim)
    services.decide_validation(assessor=counsellor, request=vr, approve=True, reasons="Goed.")
    client.force_login(learner)
    assert client.get(f"/loopbaan/erkenning/{vr.pk}/credential.json").json()["proof"]["type"] == "DataIntegrityProof"
    credential = Credential.objects.get(validation=vr)
    assert 'data-state="valid"' in client.get(f"/loopbaan/verifieren/{credential.pk}/").content.decode()
    client.force_login(counsellor)
    client.post(f"/loopbaan/begeleiding/bewijs/{credential.pk}/intrekken/", {"reason": "Vergissing"})
    client.logout()
    html = client.get(f"/loopbaan/verifieren/{credential.pk}/").content.decode()
    assert 'data-state="revoked"' in html and "Vergissing" in html
    assert client.get(f"/api/v1/credentials/{credential.pk}/verification").json()["state"] == "revoked"


def test_counsellor_certifies_a_diploma_through_the_page(client, learner, person, counsellor, consent,
                                                         cook_essentials):
    from lifelong.people import services

    services.declare_competence(user=learner, person=person, skill_uri=cook_essentials[0], level=3)
    diploma = services.add_qualification(user=learner, person=person, title="Kok")
    client.force_login(counsellor)
    html = client.get(f"/loopbaan/begeleiding/persoon/{person.pk}/").content.decode()
    assert html.count("Diploma bevestigen") == 1  # once, in the page (it was also in the <title>)
    title = html[html.index("<title>"):html.index("</title>")]
    assert "<form" not in title and str(person) in title
    client.post(f"/loopbaan/begeleiding/diploma/{diploma.pk}/", {"uri": [cook_essentials[0]]})
    assert CompetenceClaim.objects.get(person=person).proof == 5
    client.force_login(learner)
    assert "gecertificeerd" in client.get("/loopbaan/").content.decode()


def test_overview_offers_the_experience_suggestions_to_confirm(client, learner, person, cook, cook_essentials):
    from datetime import date

    from lifelong.people import services

    services.add_experience(user=learner, person=person, occupation_uri=cook.uri, started_on=date(2015, 1, 1))
    client.force_login(learner)
    html = client.get("/loopbaan/").content.decode()
    form = html[html.index('action="/loopbaan/suggestie/"'):]
    form = form[:form.index("</form>")]
    assert f'name="uri" value="{cook_essentials[0]}"' in html
    assert 'name="from"' not in form and 'for="lvl-1"' in form and 'id="lvl-1"' in form  # from experience
    client.post("/loopbaan/suggestie/", {"uri": cook_essentials[0], "level": 3})
    assert CompetenceClaim.objects.get(person=person, skill__uri=cook_essentials[0]).source == "experience"
