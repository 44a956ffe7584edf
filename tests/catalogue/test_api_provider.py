"""Issue 16.11: the API shows what the compass's signed-in pages show — the recommendations (for a plan's gaps
or for typed competences, with the matched competence and the others to choose from) and the provider's own
pages (its offers, a new or edited offer, the import and its background suggestions, the open bookings) —
with the pages' rules: learners and counsellors for the recommendations; a provider's own staff (and the
secretariat) for its offers; another provider 403, an unknown one 404."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lifelong.catalogue.models import Offer

pytestmark = pytest.mark.django_db
JSON = "application/json"
ACCOUNTING = "financiële administratie bijhouden"


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- recommendations ------------------------------------------------------------------------------------------
def test_typed_skills_show_the_match_and_the_choices_and_a_chosen_uri_is_taken_as_it_is(learner, make_offer,
                                                                                     skills):
    client = _login(learner)
    first = client.get("/api/v1/compass/recommendations", {"skills": [ACCOUNTING]}).json()
    typed = first["typed"][0]
    assert typed["line"] == ACCOUNTING and typed["matched"]["uri"] and len(typed["choices"]) >= 1
    other = typed["choices"][0]["uri"]
    assert other != typed["matched"]["uri"]
    make_offer(title="Boekhouden met de computer", competences=[other])
    chosen = client.get("/api/v1/compass/recommendations", {"skills": [other]}).json()  # the reader's choice
    assert chosen["typed"][0]["matched"]["uri"] == other and chosen["wanted"][0]["uri"] == other
    assert [r["title"] for r in chosen["results"]] == ["Boekhouden met de computer"]
    assert chosen["results"][0]["skill_uri"] == other and chosen["results"][0]["reasons"]


def test_the_page_and_the_api_match_the_same_words_to_the_same_competence(learner):
    client = _login(learner)
    page = client.post("/kompas/aanbevelingen/", {"skills": ACCOUNTING}).content.decode()
    api = client.get("/api/v1/compass/recommendations", {"skills": [ACCOUNTING]}).json()
    assert api["typed"][0]["matched"]["label"] in page


def test_the_running_plan_is_the_default_and_an_offer_goes_in_it(learner, make_offer, skills):
    from lifelong.people import services as people

    person = learner.person
    plan = people.create_plan(user=learner, person=person, title="Boekhouder worden")
    people.add_plan_competence(user=learner, plan=plan, skill_uri=skills[0].uri)
    offer = make_offer(title="Boekhouden basis", competences=[skills[0]],
                       sessions=[date.today() + timedelta(days=30)])
    client = _login(learner)
    got = client.get("/api/v1/compass/recommendations").json()
    assert got["plan"] == {"id": plan.pk, "title": "Boekhouder worden"}
    assert [w["uri"] for w in got["wanted"]] == [skills[0].uri] and got["results"][0]["offer_id"] == offer.pk
    put = client.post(f"/api/v1/compass/recommendations/plans/{plan.pk}/offers/{offer.pk}",
                      {"skill_uri": skills[0].uri}, content_type=JSON)
    assert put.status_code == 201 and put.json()["offer_reference"] == f"kompas:{offer.pk}"
    assert plan.activities.get().skill_id == skills[0].pk
    assert client.get("/api/v1/compass/recommendations", {"plan": 987654321}).status_code == 404


def test_someone_elses_plan_and_other_roles_are_refused(learner, make_offer, skills, make_user, staff):
    from lifelong.people import services as people

    plan = people.create_plan(user=learner, person=learner.person, title="Mijn plan")
    offer = make_offer(competences=[skills[0]])
    from tests.people.conftest import make_person

    stranger = make_user("learner")
    make_person(stranger)
    url = f"/api/v1/compass/recommendations/plans/{plan.pk}/offers/{offer.pk}"
    assert _login(stranger).post(url, {}, content_type=JSON).status_code == 404
    assert _login(staff).post(url, {}, content_type=JSON).status_code == 403
    assert _login(staff).get("/api/v1/compass/recommendations").status_code == 403
    assert not plan.activities.exists()
    assert _login(make_user("counsellor")).get("/api/v1/compass/recommendations",
                                               {"skills": [ACCOUNTING]}).status_code == 200  # as the page


# -- the provider's own pages ---------------------------------------------------------------------------------
OFFER = {"title": "Heftruck rijden", "description": "Praktijk", "postcode": "9000", "hours": 16,
         "price_cents": 45000, "schemes": [], "sessions": [], "competences": []}


def test_a_provider_lists_creates_and_edits_its_own_offers(staff, provider, skills):
    client = _login(staff)
    mine = client.get("/api/v1/provider/providers").json()
    assert [p["id"] for p in mine] == [provider.pk]
    start = (date.today() + timedelta(days=20)).isoformat()
    made = client.post(f"/api/v1/provider/providers/{provider.pk}/offers",
                       {**OFFER, "competences": [skills[0].uri], "sessions": [start]}, content_type=JSON)
    assert made.status_code == 201, made.content
    offer = made.json()
    assert offer["next_start"] == start and offer["competences"][0]["uri"] == skills[0].uri
    listed = client.get(f"/api/v1/provider/providers/{provider.pk}/offers").json()
    assert [o["id"] for o in listed] == [offer["id"]]
    edited = client.put(f"/api/v1/provider/offers/{offer['id']}", {**OFFER, "title": "Heftruck rijden (VCA)"},
                        content_type=JSON)
    assert edited.status_code == 200 and Offer.objects.get(pk=offer["id"]).title == "Heftruck rijden (VCA)"


def test_bad_offers_are_refused_with_a_reason_and_change_nothing(staff, provider):
    client = _login(staff)
    url = f"/api/v1/provider/providers/{provider.pk}/offers"
    bad = client.post(url, {**OFFER, "schemes": ["geen-recht"]}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid" and "geen-recht" in bad.json()["detail"]
    bad = client.post(url, {**OFFER, "competences": ["http://example.test/x"]}, content_type=JSON)
    assert bad.status_code == 422 and "ESCO" in bad.json()["detail"]
    bad = client.post(url, {**OFFER, "mode": "telepathie"}, content_type=JSON)
    assert bad.status_code == 422
    assert not provider.offers.exists()


def test_another_providers_offers_are_refused_and_an_unknown_provider_is_not_found(staff, other_provider,
                                                                                   make_offer, make_user):
    client = _login(staff)
    theirs = make_offer(who=other_provider.staff.get(), where=other_provider)
    assert client.get(f"/api/v1/provider/providers/{other_provider.pk}/offers").status_code == 403
    assert client.post(f"/api/v1/provider/providers/{other_provider.pk}/offers", OFFER,
                       content_type=JSON).status_code == 403
    assert client.put(f"/api/v1/provider/offers/{theirs.pk}", OFFER, content_type=JSON).status_code == 403
    assert client.get(f"/api/v1/provider/providers/{other_provider.pk}/import-status").status_code == 403
    assert client.get("/api/v1/provider/providers/987654321/offers").status_code == 404
    theirs.refresh_from_db()
    assert theirs.title != OFFER["title"]
    assert _login(make_user("learner")).get("/api/v1/provider/providers").status_code == 403
    secretariat = _login(make_user("secretariat"))  # the secretariat manages every provider, as on the page
    assert secretariat.get(f"/api/v1/provider/providers/{other_provider.pk}/offers").status_code == 200


def test_the_import_refuses_bad_records_with_reasons_and_reports_the_suggestions(staff, provider, settings):
    client = _login(staff)
    start = (date.today() + timedelta(days=40)).isoformat()
    records = [{"external_id": "A1", "title": "Lassen TIG", "postcode": "9000", "price_eur": "500",
                "hours": 40, "sessions": start},
               {"external_id": "A2", "title": "", "postcode": "9000"}]
    upload = SimpleUploadedFile("aanbod.json", json.dumps(records).encode(), content_type="application/json")
    report = client.post(f"/api/v1/provider/providers/{provider.pk}/import", {"file": upload})
    assert report.status_code == 200, report.content
    body = report.json()
    assert body["created"] == 1 and body["refused"][0]["external_id"] == "A2" and body["refused"][0]["reasons"]
    status = client.get(f"/api/v1/provider/providers/{provider.pk}/import-status").json()
    assert status is None or status["status"] in ("queued", "running", "done", "failed")
    if body["suggestions"]:
        assert status["id"] == body["suggestions"]["id"]
    settings.IMPORT_UPLOAD_MAX_BYTES = 10
    big = SimpleUploadedFile("aanbod.json", json.dumps(records).encode())
    refused = client.post(f"/api/v1/provider/providers/{provider.pk}/import", {"file": big})
    assert refused.status_code == 422 and "te groot" in refused.json()["detail"]
    unreadable = SimpleUploadedFile("aanbod.json", b"[[[")
    settings.IMPORT_UPLOAD_MAX_BYTES = 10_000_000
    assert client.post(f"/api/v1/provider/providers/{provider.pk}/import", {"file": unreadable}).status_code == 422


def test_the_open_bookings_are_the_providers_own(esco):
    """The demo's provider sees only bookings at its own providers, as on /rekening/aanbieder/."""
    from lifelong.accounts.selectors import provider_bookings
    from lifelong.demo.services import DEMO_DOMAIN
    from lifelong.users.models import User

    user = User.objects.get(email=f"provider@{DEMO_DOMAIN}")
    listed = _login(user).get("/api/v1/accounts/provider/bookings").json()
    assert [b["id"] for b in listed] == [b.pk for b in provider_bookings(user)]
    own = set(user.providers.values_list("name", flat=True))
    assert all(b["provider"] in own for b in listed)
    learner = User.objects.get(email=f"learner@{DEMO_DOMAIN}")
    assert _login(learner).get("/api/v1/accounts/provider/bookings").status_code == 403
