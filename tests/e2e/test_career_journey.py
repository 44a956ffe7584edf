"""The career journey in a real browser: overview → check → POP → evidence → validation → credential → verified.

Everything the journey needs is made through the pages themselves (the server sees committed data only).
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LEARNER = ("learner@demo.lifelong.test", "demo-learner-2026")
COUNSELLOR = ("counsellor@demo.lifelong.test", "demo-counsellor-2026")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def login(page, base, who):
    page.goto(base + "/account/login/")
    page.get_by_label("E-mailadres").fill(who[0])
    page.get_by_label("Wachtwoord").fill(who[1])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def logout(page):
    page.get_by_role("button", name=re.compile("Afmelden")).click()
    page.wait_for_load_state()


def pick_first(page, query):
    page.get_by_label(re.compile(r"\?$")).first.fill(query)
    first = page.locator("#picks input[type=radio]").first
    first.wait_for(timeout=20_000)  # appears while typing
    first.check()


def test_learner_check_plan_evidence_validation_and_verified_credential(server_url, page):
    base = server_url + "/loopbaan/"
    login(page, server_url, LEARNER)
    page.get_by_role("link", name="Mijn loopbaan").click()
    expect(page.locator("h1")).to_have_text("Mijn competenties")
    page.wait_for_load_state()
    # the summary table by proof level (wait: the login may already have landed here, so the click above
    # reloads the same page and an immediate look can fall between the two)
    page.get_by_role("table").first.wait_for(state="visible")

    # consent for the demo counsellor (the seed may already hold one; a second is harmless)
    page.get_by_role("link", name="Privacy").click()
    page.get_by_label("E-mailadres van je loopbaanbegeleider, brugfiguur of werkgever").fill(COUNSELLOR[0])
    page.get_by_role("button", name="Toestemming geven").click()
    expect(page.locator("body")).to_contain_text("Je toestemming is bewaard")

    # a competence check for "kok", answered with the keyboard-reachable radios
    page.get_by_role("link", name="Competentiecheck").first.click()
    page.get_by_label("Voor welk beroep wil je je checken?").fill("kok")
    page.locator("#picks label", has_text=re.compile(r"^kok$")).first.wait_for(timeout=20_000)
    page.locator("#picks label", has_text=re.compile(r"^kok$")).first.click()
    page.get_by_role("button", name="Start de check").click()
    page.wait_for_load_state()
    for i in range(60):
        if page.get_by_role("button", name="Bekijk mijn resultaat").count():
            break
        page.get_by_label("Zelfstandig" if i % 2 else "Nog niet", exact=True).check()
        page.get_by_role("button", name="Volgende").click()
        page.wait_for_load_state()  # the click waits for the next page to start; this for it to load
    page.get_by_role("button", name="Bekijk mijn resultaat").click()
    expect(page.locator("body")).to_contain_text(re.compile(r"Je past voor \d+% bij dit beroep"))
    expect(page.get_by_role("heading", name="Wat je nog kan leren")).to_be_visible()

    # a POP from the check, with an EVC activity
    page.get_by_role("button", name="Maak een ontwikkelplan van dit resultaat").click()
    expect(page.get_by_role("heading", name="Competenties om te ontwikkelen")).to_be_visible()
    page.get_by_label("Soort").select_option("evc")
    page.get_by_label("Wat ga je doen?").fill("Mijn kookervaring laten erkennen")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("body")).to_contain_text("Mijn kookervaring laten erkennen")

    # evidence with a file and a witness, then a request for validation
    page.get_by_role("link", name="Bewijzen en erkenning").click()
    pick_first(page, "koken")
    page.get_by_label("Wat toont dit bewijs? Wat heb je gedaan?").fill("Ik kook al acht jaar in een brasserie.")
    page.get_by_label("Bestand (PDF, PNG of JPEG, hoogstens 5 MB)").set_input_files(
        files=[{"name": "attest.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_label("Naam van een getuige").fill("Chef An")
    page.get_by_role("button", name="Bewijs bewaren").click()
    expect(page.locator("body")).to_contain_text("Je bewijs is bewaard")
    page.get_by_role("button", name=re.compile("Vraag erkenning aan")).first.click()
    expect(page.locator("body")).to_contain_text("Je aanvraag is ingediend")
    logout(page)

    # the counsellor decides, with reasons
    login(page, server_url, COUNSELLOR)
    page.get_by_role("link", name="Begeleiding").click()
    page.locator("main ul.results a[href*='/begeleiding/evc/']").first.click()
    page.get_by_label("Erkennen", exact=True).check()
    page.get_by_label("Waarom? (de lerende leest dit)").fill("Sterke getuigenis en attest.")
    page.get_by_role("button", name="Beslissing bewaren").click()
    expect(page.locator("body")).to_contain_text("Je beslissing is bewaard")
    logout(page)

    # the learner downloads the credential and checks it
    login(page, server_url, LEARNER)
    page.goto(base + "bewijs/")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download je digitaal bewijs")).first.click()
    path = info.value.path()
    document = json.loads(open(path, encoding="utf-8").read())
    assert "OpenBadgeCredential" in document["type"] and document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    page.reload()
    page.get_by_role("link", name="Controleer je bewijs").first.click()
    expect(page.locator(".verdict")).to_have_attribute("data-state", "valid")
    assert page.locator(".verdict").inner_text().strip() == "Geldig"
    # the file itself, uploaded on the public page, verifies too
    page.get_by_label("Kies het bestand (.json) dat je kreeg").set_input_files(path)
    page.get_by_role("button", name="Controleren").click()
    expect(page.locator(".verdict")).to_have_attribute("data-state", "valid")
