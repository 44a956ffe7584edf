"""CV suggestions a person can trust (issue 16 point 12, issue 18 point 4): each can be rejected (kept, undoable,
not back on the next reading), confirming one keeps the others in the list, the "we lezen je cv" notice goes once
the reading is done, suggestions under the confidence floor are not shown, and the issue's example CV is read
as a period, an employer, a diploma and skills."""

from __future__ import annotations

import re

from lifelong.people import cv_services, selectors
from lifelong.people.models import CompetenceClaim, CvReading, CvReadingStatus
from lifelong.taxonomy.models import Concept

from .conftest import make_person, make_user

ISSUE_CV = """Werkervaring
2024-nu: assistent-boekhouder bij Demo NV.
Ik reed dagelijks met de heftruck, laadde en loste vrachtwagens en hield de voorraad bij in het magazijnbeheersysteem.
Opleiding
Diploma secundair onderwijs, boekhouden-informatica.
Vaardigheden
Excel, boekhouding"""


def skill(label_en: str) -> Concept:
    return Concept.objects.get(concept_type="skill", label_en=label_en)


def done_reading(person, *labels, confidence=5.0, **extra) -> CvReading:
    rows = [{"uri": skill(label).uri, "score": 1.0, "confidence": confidence, "evidence": f"zin over {label}"}
            for label in labels]
    return CvReading.objects.create(person=person, status=CvReadingStatus.DONE, suggestions=rows, **extra)


def suggestion_list(html: str) -> str:
    """The part of the page with the suggestions to confirm (not the rejected ones)."""
    m = re.search(r'<ul class="results" id="cv-suggestions">(.*?)</ul>', html, re.S)
    return m.group(1) if m else ""


# -- 16.12: reject, confirm keeps the rest, the notice goes -----------------------------------------------------
def test_a_suggestion_can_be_rejected_kept_and_undone(client, learner, person):
    reading = done_reading(person, "operate forklift", "load cargo")
    forklift, cargo = skill("operate forklift").uri, skill("load cargo").uri
    client.force_login(learner)
    page = client.get("/loopbaan/cv/").content.decode()
    assert f'action="/loopbaan/cv/{reading.pk}/afwijzen/"' in page and "Klopt niet" in page

    response = client.post(f"/loopbaan/cv/{reading.pk}/afwijzen/", {"uri": cargo})
    assert response.status_code == 302 and response["Location"].startswith("/loopbaan/cv/")
    reading.refresh_from_db()
    assert reading.rejected == [cargo]
    page = client.get("/loopbaan/cv/").content.decode()
    assert cargo not in suggestion_list(page) and forklift in suggestion_list(page)
    assert "Afgewezen voorstel (1)" in page and "Toch tonen" in page  # shown, undoable
    assert cargo not in {s.uri for s, _, _ in selectors.cv_suggestions(person, "nl")}  # nor in the overview
    assert not CompetenceClaim.objects.filter(person=person).exists()  # a rejection claims nothing

    client.post(f"/loopbaan/cv/{reading.pk}/terugzetten/", {"uri": cargo})
    reading.refresh_from_db()
    assert reading.rejected == []
    assert cargo in suggestion_list(client.get("/loopbaan/cv/").content.decode())


def test_a_rejection_holds_for_the_next_reading_of_a_cv(learner, person):
    first = done_reading(person, "operate forklift", "load cargo")
    forklift = skill("operate forklift").uri
    cv_services.reject_cv_suggestion(user=learner, reading=first, uri=forklift)
    again = CvReading.objects.create(person=person, text="Ik rij met de heftruck en laad vrachtwagens in het magazijn.")
    cv_services.read_cv_now(again)
    again.refresh_from_db()
    assert forklift in {r["uri"] for r in again.suggestions}  # "heftruck" names it
    assert again.rejected == [forklift]
    assert forklift not in {s.uri for s, _, _ in selectors.cv_suggestions(person, "nl")}


def test_only_your_own_reading_and_only_its_suggestions_can_be_rejected(client, learner, person):
    theirs = done_reading(make_person(make_user("learner")), "operate forklift")
    mine = done_reading(person, "operate forklift")
    client.force_login(learner)
    assert client.post(f"/loopbaan/cv/{theirs.pk}/afwijzen/", {"uri": skill("operate forklift").uri}).status_code == 404
    page = client.post(f"/loopbaan/cv/{mine.pk}/afwijzen/", {"uri": skill("load cargo").uri}, follow=True)
    assert "Dit voorstel staat niet bij dit cv" in page.content.decode()
    mine.refresh_from_db()
    assert mine.rejected == []
    assert client.get(f"/loopbaan/cv/{mine.pk}/afwijzen/").status_code == 405


def test_confirming_one_suggestion_keeps_you_on_the_list_with_the_others(client, learner, person):
    done_reading(person, "operate forklift", "load cargo", "use spreadsheets software")
    client.force_login(learner)
    page = client.get("/loopbaan/cv/").content.decode()
    assert page.count('name="next" value="cv"') == 3
    response = client.post("/loopbaan/suggestie/", {"uri": skill("operate forklift").uri, "level": 3, "from": "cv",
                                                    "next": "cv"})
    assert response.status_code == 302 and response["Location"] == "/loopbaan/cv/#cv-suggest"
    listed = suggestion_list(client.get(response["Location"]).content.decode())
    assert skill("operate forklift").uri not in listed  # confirmed: in the overview now
    assert skill("load cargo").uri in listed and skill("use spreadsheets software").uri in listed
    # from the overview, confirming stays on the overview (no open redirect through "next")
    response = client.post("/loopbaan/suggestie/", {"uri": skill("load cargo").uri, "level": 3, "from": "cv",
                                                    "next": "https://elders.example"})
    assert response["Location"] == "/loopbaan/"


def test_the_reading_notice_lives_in_the_polled_block_and_goes_when_the_reading_is_done(client, learner, person):
    client.force_login(learner)
    response = client.post("/loopbaan/cv/", {"text": ISSUE_CV})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    # once, inside the block the page polls (a flash message outside it stayed after the reading was done)
    assert page.count("We lezen je cv") == 1
    status = page[page.index('<div id="cv-status"'):]
    assert "We lezen je cv" in status and 'hx-trigger="every 3s"' in status

    reading = CvReading.objects.get(person=person)
    cv_services.read_cv_now(reading)
    status = client.get("/loopbaan/cv/status/").content.decode()
    assert "We lezen je cv" not in status and "hx-trigger" not in status  # done: the polling stops
    assert "heftruck" in status
    page = client.get("/loopbaan/cv/").content.decode()
    assert "We lezen je cv" not in page


# -- 18.4: the floor and the example CV -------------------------------------------------------------------------
def test_suggestions_under_the_confidence_floor_are_not_shown(client, learner, person, settings):
    settings.CV_SUGGESTION_FLOOR = 1.65
    reading = done_reading(person, "operate forklift")
    reading.suggestions.append({"uri": skill("load cargo").uri, "score": 0.6, "confidence": 1.2, "evidence": "x"})
    reading.save()
    client.force_login(learner)
    page = client.get("/loopbaan/cv/").content.decode()
    assert skill("operate forklift").uri in suggestion_list(page)
    assert skill("load cargo").uri not in page
    assert "Eén voorstel waar we te weinig zeker van zijn, tonen we niet." in page
    settings.CV_SUGGESTION_FLOOR = 1.0
    assert skill("load cargo").uri in suggestion_list(client.get("/loopbaan/cv/").content.decode())


def test_the_issue_example_cv_is_read_as_what_its_lines_are(client, learner, person, settings):
    reading = CvReading.objects.create(person=person, text=ISSUE_CV)
    cv_services.read_cv_now(reading)
    reading.refresh_from_db()
    shown = {s.label_en for s, _, _ in selectors.cv_suggestions(person, "nl", limit=30)}
    every = {Concept.objects.get(uri=r["uri"]).label_en for r in reading.suggestions}
    for wrong in ("pose nude", "manage musical staff", "load animals for transportation",
                  "teach secondary education class content", "teach computer science", "assist judge"):
        assert wrong not in every
    assert {"operate forklift", "use spreadsheets software", "accounting"} <= shown
    assert {"kind": "work", "period": "2024–nu", "role": "assistent-boekhouder", "employer": "Demo NV",
            "education": False} in reading.facts
    diploma = next(f for f in reading.facts if f["kind"] == "diploma")
    assert diploma["eqf"] == 4 and diploma["title"].startswith("secundair onderwijs")

    client.force_login(learner)
    page = client.get("/loopbaan/cv/").content.decode()
    assert "Werkervaring: assistent-boekhouder bij Demo NV, 2024–nu" in page
    assert "Diploma: secundair onderwijs, boekhouden-informatica (EQF 4)" in page
    assert "Vlaamse kwalificatiestructuur" in page
    exported = client.get("/loopbaan/privacy/mijn-gegevens.json").json()
    assert exported["cv_readings"][0]["facts"] == reading.facts
