"""The demo secretariat in a real browser: edit an action and an indicator, read the dashboard, export."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _login(page, server_url, next_path):
    page.goto(f"{server_url}/account/login/?next={next_path}")
    page.get_by_label("E-mailadres").fill("secretariat@demo.lifelong.test")
    page.locator("input[type=password]").fill("demo-secretariat-2026")
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(re.compile(re.escape(next_path)))


def test_secretariat_edits_reads_and_exports(server_url, page):
    tag = uuid.uuid4().hex[:6]  # the server sees committed data: make each run's change distinct
    _login(page, server_url, "/actieplan/actie/VS4.2/")
    # edit an action, with a why
    page.get_by_role("link", name="Actie bewerken").click()
    page.get_by_label("Status", exact=True).select_option("running")
    page.get_by_label("Doelstellingen").fill(f"Elke werknemer kan een competentiecheck doen ({tag}).")
    page.get_by_label("Waarom wijzig je dit?").fill(f"browsertest {tag}: stand van zaken")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(re.compile(r"/actieplan/actie/VS4\.2/$"))
    assert page.locator("#action-status").inner_text().startswith("lopend")
    assert f"browsertest {tag}: stand van zaken" in page.locator("#history").inner_text()

    # edit an indicator, with a why
    page.goto(server_url + "/dashboard/indicator/lfs_4w/")
    page.get_by_label("Omschrijving").fill(f"Vergelijkbaar met het EU-cijfer ({tag}); breuken in 2004, 2006, 2017, 2021, 2024.")
    page.locator("#id_def-why").fill(f"browsertest {tag}: omschrijving")
    page.get_by_role("button", name="Definitie opslaan").click()
    page.wait_for_load_state()
    assert "breuken in 2004" in page.locator("#indicator-description").inner_text()
    assert f"browsertest {tag}: omschrijving" in page.locator("#history").inner_text()

    # macro: real Flemish participation against the target, breaks marked
    page.get_by_role("link", name="Deelname (macro)").click()
    expect(page.locator("#macro-table")).to_be_visible()
    table = page.locator("#macro-table").inner_text()
    assert re.search(r"Vlaams Gewest.*2022\s+22,4", table)
    assert re.search(r"Vlaams Gewest.*2021\s+20,8\s+b", table)
    svg = page.locator("svg#macro-chart")
    assert svg.get_attribute("role") == "img"
    assert svg.locator("line.break").count() >= 2 and svg.locator("path.target").count() >= 1
    assert "60 %" in page.locator("#targets").inner_text()
    assert "nee" in page.locator("#growth").inner_text()

    # matrix heatmap: uncovered barriers
    page.get_by_role("link", name="LLL-matrix").click()
    heat = page.locator("#matrix-barriers")
    expect(heat.locator("td.cov-0").first).to_be_visible()
    expect(heat).to_contain_text("geen actie")
    assert "Geen tijd (werk, gezin)" in page.locator("main ul").last.inner_text()

    # an export downloads
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").last.click()
    download = info.value
    assert download.suggested_filename == "lll-matrix.csv"
    assert "Geen tijd" in open(download.path(), encoding="utf-8").read()


def test_public_page_shows_headline_indicators_without_login(server_url, page):
    page.goto(server_url + "/")
    page.get_by_role("link", name="LLL-dashboard").click()
    expect(page.locator("h1")).to_contain_text(re.compile(r"^Levenslang leren in Vlaanderen"))
    cards = page.locator("#headline").inner_text()
    assert "22,4%" in cards and re.search(r"Doel (Vlaanderen|Flanders) 2030: 60\s?%", cards), cards
