"""The training compass in a real browser: a learner finds trainings by words and by competence and
sees recommendations with reasons and net price; a provider imports and edits an offer and sees the
demand for its competences."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lifelong.demo.services import DEMO_DOMAIN, demo_password

pytestmark = pytest.mark.browser


def login(page, server_url, role):
    page.goto(server_url + "/account/login/")
    page.get_by_label("E-mailadres").fill(f"{role}@{DEMO_DOMAIN}")
    page.get_by_label("Password").or_(page.get_by_label("Wachtwoord")).fill(demo_password(role))
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


@pytest.fixture
def committed_offer(django_db_blocker, server_url):
    """A committed offer of the demo provider (erased afterwards)."""
    from lifelong.catalogue.models import Offer
    from lifelong.catalogue.services import save_offer
    from lifelong.taxonomy.models import Concept
    from lifelong.users.models import User

    with django_db_blocker.unblock():
        staff = User.objects.get(email=f"provider@{DEMO_DOMAIN}")
        skill = Concept.objects.filter(concept_type="skill", labels__language="nl").order_by("uri").first()
        from tests.conftest import approved

        offer = approved(save_offer(user=staff, provider=staff.providers.get(), competences=[skill.uri],
                           schemes=["opleidingscheques"], sessions=[],
                           values={"title": "Glasblazen voor volwassenen", "external_id": "e2e-glas",
                                   "description": "Je leert glas blazen en vormen.", "postcode": "9000",
                                   "price_cents": 30000, "hours": 16}))
    yield offer, skill
    with django_db_blocker.unblock():
        Offer.objects.filter(pk=offer.pk).delete()


def test_learner_finds_by_words_and_competence_and_gets_recommendations(server_url, page, committed_offer):
    offer, skill = committed_offer
    login(page, server_url, "learner")
    page.get_by_role("link", name="Opleidingskompas").click()
    page.get_by_label("Wat wil je leren?").fill("glasbla")  # search as you type
    results = page.locator("#results")
    results.get_by_role("link", name="Glasblazen voor volwassenen").wait_for()
    assert "jij betaalt na je leerrechten" in results.inner_text()

    page.get_by_label("Wat wil je leren?").fill("")
    page.get_by_label("Competentie").fill(skill.uri)
    page.get_by_role("button", name="Zoeken").click()
    results.get_by_role("link", name="Glasblazen voor volwassenen").wait_for()

    page.goto(server_url + "/kompas/aanbevelingen/?pop=0")  # no plan: type the competences
    page.get_by_label("Welke competenties wil je ontwikkelen?").fill(skill.uri)
    page.get_by_role("button", name="Toon aanbevelingen").click()
    item = page.locator("li", has_text="Glasblazen voor volwassenen").first
    expect(item).to_contain_text("Waarom?")
    text = item.inner_text()
    assert "Waarom?" in text and "competenties die je zoekt" in text and "jij betaalt" in text


@pytest.fixture
def committed_plan(django_db_blocker, committed_offer):
    """A running POP of the demo learner whose gap is the committed offer's competence (erased afterwards)."""
    from lifelong.people.models import DevelopmentPlan, PlanCompetence
    from lifelong.users.models import User

    offer, skill = committed_offer
    with django_db_blocker.unblock():
        person = User.objects.get(email=f"learner@{DEMO_DOMAIN}").person
        plan = DevelopmentPlan.objects.create(person=person, title="Glas leren blazen")
        PlanCompetence.objects.create(plan=plan, skill=skill, target_level=3)
    yield plan
    with django_db_blocker.unblock():
        plan.delete()


def test_learner_gets_recommendations_for_the_pop_and_puts_one_in_it(server_url, page, committed_plan):
    login(page, server_url, "learner")
    page.goto(server_url + "/kompas/aanbevelingen/")
    page.get_by_label("Voor welk ontwikkelplan?").select_option(label="Glas leren blazen")
    page.get_by_role("button", name="Kiezen").click()
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Glas leren blazen")
    item = page.locator("li", has_text="Glasblazen voor volwassenen").first
    assert "Waarom?" in item.inner_text() and "jij betaalt" in item.inner_text()
    item.get_by_role("button", name=re.compile("Zet in mijn ontwikkelplan")).click()
    page.get_by_text("staat in je ontwikkelplan").wait_for()
    page.goto(server_url + f"/loopbaan/pop/{committed_plan.pk}/")
    page.get_by_role("link", name="Glasblazen voor volwassenen").wait_for()


@pytest.fixture
def cleanup_import(django_db_blocker):
    yield
    from lifelong.catalogue.models import Offer

    with django_db_blocker.unblock():
        Offer.objects.filter(external_id__startswith="e2e-imp").delete()


def test_provider_imports_edits_and_sees_demand(server_url, page, tmp_path, cleanup_import, django_db_blocker):
    from lifelong.taxonomy.models import Concept

    with django_db_blocker.unblock():
        skill = Concept.objects.filter(concept_type="skill").order_by("uri").first()
    csv = tmp_path / "aanbod.csv"
    csv.write_text("external_id;title;description;price_eur;competences;mode\n"
                   f"e2e-imp-1;Pottenbakken e2e;Draaien aan de schijf;120,00;{skill.uri};classroom\n"
                   "e2e-imp-2;;Zonder titel;10;;classroom\n", encoding="utf-8")
    login(page, server_url, "provider")
    page.goto(server_url + "/kompas/aanbieder/")
    page.get_by_role("link", name="Aanbod importeren").first.click()
    page.get_by_label("Bestand (CSV of JSON)").set_input_files(str(csv))
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("titel ontbreekt").first.wait_for()  # the report page, not the form still on screen
    status = page.get_by_role("status").last
    assert "1 nieuw" in status.inner_text() and "1 geweigerd" in status.inner_text()
    assert "titel ontbreekt" in page.content()

    page.goto(server_url + "/kompas/aanbieder/")
    page.get_by_role("link", name="Pottenbakken e2e").click()
    page.get_by_label("Titel").fill("Pottenbakken e2e (bewerkt)")
    page.get_by_role("button", name="Bewaren").click()
    page.wait_for_url(re.compile(r"/bewerken/$"))
    page.goto(server_url + "/kompas/aanbieder/")
    row = page.locator("tr", has_text="Pottenbakken e2e (bewerkt)")
    assert "vraag" in row.inner_text()
    page.get_by_role("link", name="Competenties die gevraagd worden en weinig aanbod hebben").click()
    expect(page.get_by_role("heading", name="Competenties in vraag met weinig aanbod")).to_be_visible()
