"""A person in a real browser: find a competence in Dutch, open it, switch language, use the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ATTRIBUTION = "This service uses the ESCO classification of the European Commission."


def test_search_as_you_type_and_open_a_skill(server_url, page):
    page.goto(server_url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert ATTRIBUTION in page.locator("footer").inner_text()
    page.get_by_role("link", name="Competenties zoeken").first.click()
    page.get_by_label("Welke competentie zoek je?").fill("heftruck")
    link = page.locator("#results a", has_text="heftrucks bedienen")
    link.wait_for(timeout=20_000)  # results arrive while typing, without pressing Enter
    link.click()
    page.wait_for_url(re.compile(r"/esco/concept"))
    assert page.locator("h1").inner_text() == "heftrucks bedienen"
    assert "Er is nog geen Nederlandse naam in ESCO" not in page.content()
    assert page.get_by_role("link", name="heftruckchauffeur").count() >= 1


@pytest.mark.parametrize("code,heading,home_title", [
    ("EN", "Search competences", "Lifelong learning in Flanders"),
    ("FR", "Rechercher des compétences", "Apprendre tout au long de la vie en Flandre"),
])
def test_language_switch_in_the_header(server_url, page, code, heading, home_title):
    page.goto(server_url + "/esco/?q=boekhouding")
    page.locator(".lang-switch button", has_text=code).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == heading
    assert page.locator("html").get_attribute("lang") == code.lower()
    assert ATTRIBUTION in page.content()
    page.goto(server_url + "/")
    assert page.locator("h1").inner_text() == home_title


def test_keyboard_first_tab_reaches_the_skip_link(server_url, page):
    page.goto(server_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_occupation_page_lists_its_essential_skills(server_url, page):
    page.goto(server_url + "/esco/?type=occupation&q=lasser")
    page.locator("#results a", has_text="lasser").first.click()
    expect(page.locator("h1")).to_have_text("lasser")
    expect(page.get_by_role("heading", name="Essentiële competenties")).to_be_visible()
    assert page.locator("main ul li").count() > 5
