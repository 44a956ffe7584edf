"""The demo analyst in a real browser: rising competences from the demo ads, filters by keyboard, a trend."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_analyst_filters_by_keyboard_and_opens_a_trend(server_url, page):
    page.goto(f"{server_url}/account/login/?next=/vacatures/analyse/")
    page.get_by_label("E-mailadres").fill("analyst@demo.lifelong.test")
    page.locator("input[type=password]").fill("demo-analyst-2026")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(re.compile(r"/vacatures/analyse/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Vraag naar competenties in vacatures"
    assert page.locator("#rising tbody tr").count() >= 1
    # the filters are labelled and work from the keyboard
    page.get_by_label("Sector (NACE)").focus()
    page.get_by_label("Sector (NACE)").select_option("J")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"sector=J"))
    first = page.locator("#rising tbody tr th a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"competentie="))
    chart = page.locator("svg.chart[role=img]")
    assert chart.count() == 1 and name in chart.locator("title").text_content()
    assert page.locator("#trend-table tbody tr").count() >= 3
    assert "Laatste verwerking" in page.locator("#run-status").inner_text() or \
        "Nog geen verwerking" in page.locator("#run-status").inner_text()
