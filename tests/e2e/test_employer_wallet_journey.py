"""Issue 13's "Done when", the wallet part, in the browser on the demo data: the demo employer books a compass
offer with the SME wallet (KMO-portefeuille) for two employees, both log in and accept it on /mijn-werk/, the
provider logs in and confirms their attendance, and the employer sees the wallet's share spent."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lifelong.demo.organisations import COLLEAGUE_EMAIL, COLLEAGUE_PASSWORD
from lifelong.demo.services import DEMO_DOMAIN

from .test_booking_journey import login

pytestmark = pytest.mark.browser


def euro(cents: int) -> str:
    return f"€ {cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


@pytest.fixture
def wallet_case(django_db_blocker):
    """From the demo data: the demo employer's firm, its two employees with a login (the demo learner and a
    colleague) and an offer of the demo provider the wallet pays for (registered provider, at least € 100, a start
    still ahead)."""
    from django.utils import timezone

    from lifelong.catalogue.models import Offer
    from lifelong.users.models import User

    with django_db_blocker.unblock():
        firm = User.objects.get(email=f"employer@{DEMO_DOMAIN}").organisations.get()
        learner = User.objects.get(email=f"learner@{DEMO_DOMAIN}").person
        colleague = User.objects.get(email=COLLEAGUE_EMAIL).person
        assert firm.employees < 50  # a small firm: 30 %
        assert {learner.pk, colleague.pk} <= set(firm.employments.values_list("person_id", flat=True))
        offer = (Offer.objects.filter(provider__staff__email=f"provider@{DEMO_DOMAIN}", is_active=True,
                                      price_cents__gte=10_000, price_cents__lte=1_000_000,
                                      next_start__gt=timezone.localdate())
                 .exclude(funding_categories__contains="_").order_by("id").first())
        assert offer is not None and offer.provider.quality_status == "registered"
        return {"firm": firm.pk, "offer": offer.pk, "title": offer.title, "share": offer.price_cents * 30 // 100,
                "people": [str(learner), str(colleague)]}


def accept(browser, server_url, who, title):
    page = browser.new_context(locale="nl-BE").new_page()
    if who == "learner":
        login(page, server_url, "learner")
    else:
        page.goto(server_url + "/account/login/")
        page.get_by_label("E-mailadres").fill(COLLEAGUE_EMAIL)
        page.get_by_label("Password").or_(page.get_by_label("Wachtwoord")).fill(COLLEAGUE_PASSWORD)
        page.get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("button", name=re.compile("Afmelden"))).to_be_visible()
    page.goto(server_url + "/mijn-werk/")
    booked = page.get_by_role("table", name="Opleidingen die je werkgever voor je boekte")
    row = booked.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("voorgesteld aan de werknemer")
    row.get_by_role("button", name="Aanvaarden").click()
    expect(page.get_by_role("status")).to_contain_text(f"Je aanvaardde de opleiding '{title}'")
    expect(page.get_by_role("table", name="Opleidingen die je werkgever voor je boekte")
           .get_by_role("row").filter(has_text=title)).to_contain_text("aanvaard door de werknemer")
    page.context.close()


def test_employer_books_with_the_wallet_employees_accept_provider_confirms(server_url, browser, wallet_case):
    title, share = wallet_case["title"], wallet_case["share"]
    employer = browser.new_context(locale="nl-BE").new_page()
    login(employer, server_url, "employer")
    employer.goto(f"{server_url}/kompas/aanbod/{wallet_case['offer']}/")  # the offer, found in the compass
    employer.get_by_role("link", name="Boeken voor je werknemers met de KMO-portefeuille").click()
    expect(employer).to_have_url(
        re.compile(rf"/werkgever/{wallet_case['firm']}/kmo-portefeuille/\?aanbod={wallet_case['offer']}$"))
    expect(employer.locator("#gekozen")).to_contain_text(f"De KMO-portefeuille betaalt 30 %: {euro(share)}")
    expect(employer.get_by_label("Nummer van de opleiding in het kompas")).to_have_value(str(wallet_case["offer"]))
    for name in wallet_case["people"]:
        employer.get_by_label(re.compile(re.escape(name))).check()
    employer.get_by_role("button", name="Boeken met de KMO-portefeuille").click()
    expect(employer.get_by_role("status")).to_contain_text("Geboekt voor 2 werknemer(s)")
    expect(employer.locator("#kmo-gereserveerd")).to_have_text(euro(2 * share))
    expect(employer.locator("#kmo-gebruikt")).to_have_text(euro(0))
    bookings = employer.get_by_role("table", name="Boekingen").get_by_role("row").filter(has_text=title)
    expect(bookings).to_have_count(2)

    accept(browser, server_url, "learner", title)
    accept(browser, server_url, "colleague", title)

    provider = browser.new_context(locale="nl-BE").new_page()
    login(provider, server_url, "provider")
    provider.goto(server_url + "/kmo-portefeuille/aanbieder/")
    for name in wallet_case["people"]:
        provider.get_by_role("button", name=f"Aanwezigheid bevestigen — {title}, {name}").click()
        expect(provider.get_by_role("status")).to_contain_text(f"Aanwezigheid bevestigd voor '{title}'")
    expect(provider.get_by_role("button", name=re.compile(re.escape(f"— {title},")))).to_have_count(0)
    provider.context.close()

    employer.reload()
    expect(employer.locator("#kmo-gebruikt")).to_have_text(euro(2 * share))
    expect(employer.locator("#kmo-gereserveerd")).to_have_text(euro(0))
    expect(employer.get_by_role("table", name="Boekingen").get_by_role("row").filter(has_text=title)
           .filter(has_text="aanwezigheid bevestigd")).to_have_count(2)
    employer.context.close()
