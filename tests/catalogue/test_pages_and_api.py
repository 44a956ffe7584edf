"""Pages and API: who may see and change what."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_search_page_and_htmx_partial(client, make_offer):
    make_offer(title="Tuinonderhoud voor iedereen")
    page = client.get("/kompas/", {"q": "tuinonderhoud"})
    assert page.status_code == 200 and "Tuinonderhoud voor iedereen" in page.content.decode()
    part = client.get("/kompas/", {"q": "tuinonderh"}, HTTP_HX_REQUEST="true")
    assert "<h1>" not in part.content.decode() and "Tuinonderhoud" in part.content.decode()


def test_api_search_and_detail(client, make_offer, skills):
    offer = make_offer(title="Imkeren", competences=[skills[0]], mode="online")
    data = client.get("/api/v1/offers", {"q": "imker", "mode": "online"}).json()
    assert data["total"] == 1 and data["offers"][0]["competences"] == [skills[0].uri]
    assert client.get("/api/v1/offers", {"competence": skills[0].uri}).json()["total"] >= 1
    assert client.get(f"/api/v1/offers/{offer.pk}").json()["title"] == "Imkeren"


def test_provider_pages_refuse_other_providers_and_roles(client, make_offer, other_provider, provider, make_user):
    offer = make_offer(title="Van mijn aanbieder")
    client.force_login(other_provider.staff.get())
    assert client.get(f"/kompas/aanbod/{offer.pk}/bewerken/").status_code == 403
    assert client.get(f"/kompas/aanbieder/{provider.pk}/nieuw/").status_code == 403
    assert client.post(f"/kompas/aanbieder/{provider.pk}/importeren/").status_code == 403
    for role in ("learner", "employer", "counsellor"):
        client.force_login(make_user(role))
        assert client.get(f"/kompas/aanbod/{offer.pk}/bewerken/").status_code == 403
    client.logout()
    assert client.get(f"/kompas/aanbod/{offer.pk}/bewerken/").status_code == 302  # to the login page


def test_staff_creates_and_edits_through_the_form(client, staff, provider):
    client.force_login(staff)
    data = {"title": "Heftruck besturen", "description": "Je leert veilig met een heftruck rijden.",
            "offer_type": "non_formal", "mode": "classroom", "language": "nl", "postcode": "9000",
            "hours": "16", "price_eur": "300,00", "schemes": ["opleidingscheques"], "sessions_text": ""}
    response = client.post(f"/kompas/aanbieder/{provider.pk}/nieuw/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    offer = provider.offers.get(title="Heftruck besturen")
    assert offer.price_cents == 30000 and offer.suggested  # competences suggested from the text
    data.update(title="Heftruck besturen (nieuw)", competence_uris=offer.suggested[:1])
    assert client.post(f"/kompas/aanbod/{offer.pk}/bewerken/", data).status_code == 302
    offer.refresh_from_db()
    assert offer.title.endswith("(nieuw)")
    assert list(offer.competences.values_list("uri", flat=True)) == data["competence_uris"]  # confirmed
    assert "Heftruck besturen (nieuw)" in client.get("/kompas/aanbieder/").content.decode()


def test_gaps_page_is_for_providers_and_analysts_not_learners(client, make_user):
    from lifelong.forecasts.models import DemandSeries, Forecast

    Forecast.objects.all().delete()  # the demo seed stores synthetic demand series and forecasts
    DemandSeries.objects.all().delete()
    client.force_login(make_user("learner"))
    assert client.get("/kompas/vraag-en-aanbod/").status_code == 403
    client.force_login(make_user("analyst"))
    page = client.get("/kompas/vraag-en-aanbod/").content.decode()
    assert "benadering" in page


def test_learner_gets_recommendations_page(client, learner, make_offer, skills):
    make_offer(title="Aanrader", competences=[skills[0]])
    client.force_login(learner)
    page = client.post("/kompas/aanbevelingen/", {"skills": skills[0].uri}).content.decode()
    assert "Aanrader" in page and "Waarom?" in page


def test_recommendations_follow_the_gaps_of_my_pop_and_put_an_offer_in_it(client, learner, make_offer, skills):
    from lifelong.people import services as people
    from lifelong.people.models import LearningActivity

    person = learner.person
    plan = people.create_plan(user=learner, person=person, title="Boekhouder worden")
    for skill in skills[:2]:
        people.add_plan_competence(user=learner, plan=plan, skill_uri=skill.uri, target_level=3)
    people.declare_competence(user=learner, person=person, skill_uri=skills[1].uri, level=4)  # reached already
    make_offer(title="Voor de eerste", competences=[skills[0]])
    make_offer(title="Voor de tweede", competences=[skills[1]])
    client.force_login(learner)

    page = client.get("/kompas/aanbevelingen/").content.decode()  # the running POP is the default
    assert "Boekhouder worden" in page and "Voor de eerste" in page
    assert "Voor de tweede" not in page  # its competence is reached: not a gap any more
    from lifelong.catalogue.models import Offer

    offer = Offer.objects.get(title="Voor de eerste")
    response = client.post(f"/kompas/aanbevelingen/pop/{plan.pk}/{offer.pk}/", {"skill": skills[0].uri})
    assert response.status_code == 302
    activity = LearningActivity.objects.get(plan=plan)
    assert activity.kind == "training" and activity.offer_reference == f"kompas:{offer.pk}"
    assert activity.skill.uri == skills[0].uri
    plan_page = client.get(f"/loopbaan/pop/{plan.pk}/").content.decode()
    assert f'href="/kompas/aanbod/{offer.pk}/"' in plan_page  # the activity links back to the offer

    typed = client.get("/kompas/aanbevelingen/?pop=0").content.decode()  # no plan: type competences
    assert 'name="skills"' in typed


def test_nobody_puts_offers_in_someone_elses_pop(client, learner, make_user, make_offer, skills):
    from lifelong.people import services as people
    from lifelong.people.models import Person

    other = make_user("learner")
    other_person = Person.objects.create(user=other, given_name="Ander", family_name="Mens", birth_year=1980,
                                         sex="M", education_level="low", labour_status="employed",
                                         province="BE23", postcode="9000")
    plan = people.create_plan(user=other, person=other_person, title="Van een ander")
    offer = make_offer(title="Iets", competences=[skills[0]])
    client.force_login(learner)
    assert client.post(f"/kompas/aanbevelingen/pop/{plan.pk}/{offer.pk}/").status_code == 404
    assert not plan.activities.exists()
