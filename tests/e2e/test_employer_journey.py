"""The demo employer logs in, opens the employer portal, sees its staff with their FTE and the federal days
due, used and left per employee."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .test_booking_journey import login

pytestmark = pytest.mark.browser


def test_employer_sees_staff_fte_and_training_days(server_url, page):
    login(page, server_url, "employer")
    page.get_by_role("link", name="Werkgever", exact=True).click()
    page.wait_for_load_state()
    assert re.search(r"/werkgever/\d+/$", page.url)
    staff = page.get_by_role("table", name="Je personeel")
    assert staff.get_by_role("row").count() > 2
    assert staff.get_by_text("80 %").count() >= 1  # the demo learner works 4/5
    right = page.get_by_role("table", name=re.compile("Federaal opleidingsrecht"))
    headers = right.get_by_role("columnheader").all_inner_texts()
    assert headers[2:] == ["Dagen recht", "Dagen gebruikt", "Dagen over"]
    assert right.get_by_role("cell", name="4.00").or_(right.get_by_role("cell", name="4,00")).count() >= 1
    assert page.get_by_role("img", name=re.compile("dagen gebruikt")).is_visible()


def test_part_time_learner_sees_pro_rata_days_and_their_source(server_url, page):
    login(page, server_url, "learner")
    page.get_by_role("link", name="Mijn leerrechten").click()
    facts = page.get_by_role("table", name="Waarmee we je rechten berekenden")
    expect(facts.get_by_role("cell", name="80 %")).to_be_visible()
    assert "Je werkt 80%, dus je krijgt 30 uur 24 min" in page.content()  # 5 days × 7 h 36 × 0.8
