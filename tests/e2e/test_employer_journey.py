"""The demo employer logs in, opens the employer portal, sees its staff with their FTE and the federal days
due, used and left per employee, and the days carried over from earlier years."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_booking_journey import login

pytestmark = pytest.mark.browser


def test_employer_sees_staff_fte_and_training_days(server_url, page):
    login(page, server_url, "employer")
    page.get_by_role("link", name="Werkgever", exact=True).click()
    expect(page).to_have_url(re.compile(r"/werkgever/\d+/$"))
    staff = page.get_by_role("table", name="Je personeel")
    expect(staff.get_by_text("80 %").first).to_be_visible()  # the demo learner works 4/5
    expect(staff.get_by_role("row").nth(2)).to_be_visible()  # a header and at least two people
    right = page.get_by_role("table", name=re.compile("Federaal opleidingsrecht"))
    expect(right.get_by_role("columnheader")).to_have_text(
        [re.compile("."), re.compile("."), "Dagen recht", "Dagen gebruikt", "Dagen over",
         "Overgedragen uit vorige jaren"])
    expect(right.get_by_role("cell", name="4.00").or_(right.get_by_role("cell", name="4,00")).first).to_be_visible()
    expect(page.locator("#overdracht")).to_contain_text("binnen een periode van 5 jaar")
    expect(page.get_by_role("img", name=re.compile("dagen gebruikt"))).to_be_visible()


def test_part_time_learner_sees_pro_rata_days_and_their_source(server_url, page):
    login(page, server_url, "learner")
    page.get_by_role("link", name="Mijn leerrechten").click()
    facts = page.get_by_role("table", name="Waarmee we je rechten berekenden")
    expect(facts.get_by_role("cell", name="80 %")).to_be_visible()
    expect(page.get_by_text("Je werkt 80%, dus je krijgt 30 uur 24 min").first).to_be_visible()  # 5 d × 7 h 36 × 0.8
