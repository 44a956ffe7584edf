"""The demo learner sees their rights, simulates an offer, books a compass offer; the provider confirms attendance."""

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
def demo_provider_name(django_db_blocker):
    from lifelong.users.models import User

    with django_db_blocker.unblock():
        return User.objects.get(email=f"provider@{DEMO_DOMAIN}").providers.get().name


@pytest.fixture
def demo_offers(django_db_blocker):
    """Two offers of the demo provider in the training compass that have started (id, title)."""
    from django.utils import timezone

    from lifelong.catalogue.models import Offer

    with django_db_blocker.unblock():
        offers = (Offer.objects.filter(provider__staff__email=f"provider@{DEMO_DOMAIN}", is_active=True,
                                       next_start__lte=timezone.localdate()).order_by("id"))
        return [(o.pk, o.title) for o in offers[:2]]


def test_learner_books_with_rights_and_provider_confirms(server_url, browser, demo_provider_name, demo_offers):
    offer_id, title = demo_offers[1]
    learner = browser.new_context(locale="nl-BE").new_page()
    login(learner, server_url, "learner")
    learner.get_by_role("link", name="Mijn leerrechten").click()
    expect(learner.locator("body")).to_contain_text("Vlaams opleidingsverlof")

    learner.goto(server_url + "/rekening/simuleren/")
    learner.get_by_label("Naam van de opleiding").fill("Heftruckattest (e2e)")
    learner.get_by_label("Prijs in euro").fill("300")
    learner.get_by_label("Aantal lesuren").fill("16")
    learner.get_by_label("Opleidingsverstrekker").select_option(label=demo_provider_name)
    learner.get_by_label("Opleidingscheques").check()
    learner.get_by_role("button", name="Berekenen").click()
    expect(learner.locator("#uitkomst")).to_be_visible()
    outcome = learner.locator("#uitkomst").locator("..").inner_text()
    assert "Je betaalt zelf" in outcome
    assert learner.get_by_label("Je wachtwoord").count() == 0  # a typed-in offer is only simulated (issue 19)

    learner.goto(f"{server_url}/rekening/simuleren/?aanbod={offer_id}")
    learner.get_by_label("Je wachtwoord").fill(demo_password("learner"))
    learner.get_by_role("button", name="Inschrijven").click()
    learner.wait_for_url(re.compile(r"/rekening/$"))
    assert title in learner.content()  # the confirmation message

    provider = browser.new_context(locale="nl-BE").new_page()
    login(provider, server_url, "provider")
    provider.goto(server_url + "/rekening/aanbieder/")
    row = provider.locator("tr", has_text=title).first
    row.get_by_role("button", name=re.compile("Aanwezigheid bevestigen")).click()
    provider.wait_for_load_state()
    assert "Aanwezigheid bevestigd" in provider.content()

    learner.goto(server_url + "/rekening/overzicht/")
    assert title in learner.content()
    learner.context.close()
    provider.context.close()


def test_learner_books_a_compass_offer_then_rates_it(server_url, browser, demo_offers):
    offer_id, title = demo_offers[0]
    learner = browser.new_context(locale="nl-BE").new_page()
    login(learner, server_url, "learner")
    learner.goto(f"{server_url}/kompas/aanbod/{offer_id}/")
    learner.get_by_role("link", name="Inschrijven met je leerrechten").click()
    learner.wait_for_url(re.compile(rf"/rekening/simuleren/\?aanbod={offer_id}$"))
    assert "Je betaalt zelf" in learner.locator("#uitkomst").locator("..").inner_text()
    assert learner.get_by_label("Naam van de opleiding").count() == 0  # nothing to fill in: the compass knows
    learner.get_by_label("Je wachtwoord").fill(demo_password("learner"))
    learner.get_by_role("button", name="Inschrijven").click()
    learner.wait_for_url(re.compile(r"/rekening/$"))

    provider = browser.new_context(locale="nl-BE").new_page()
    login(provider, server_url, "provider")
    provider.goto(server_url + "/rekening/aanbieder/")
    provider.locator("tr", has_text=title).first.get_by_role(
        "button", name=re.compile("Aanwezigheid bevestigen")).click()
    provider.wait_for_load_state()
    assert "Aanwezigheid bevestigd" in provider.content()

    learner.goto(f"{server_url}/kompas/aanbod/{offer_id}/")
    learner.get_by_label("Je score").select_option("4")
    learner.get_by_role("button", name="Score geven").click()
    learner.wait_for_load_state()
    assert "Bedankt, je score is bewaard." in learner.content()
    learner.context.close()
    provider.context.close()
