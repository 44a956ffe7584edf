"""Issue 14's "done when" in a real browser, at phone width (360 px) and at desktop width: a bridge figure makes
an account for a person without an e-mail address, the person does the short check in assisted mode and makes a
plan, gives the counsellor a consent, the bridge figure refers them to the counsellor, the counsellor co-edits
the plan and prepares a booking, the person confirms it with the one-time code on the counsellor's screen, and
the person's access log shows the steps. Everything is made through the pages (committed data only)."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BRIDGE = ("bridge@demo.lifelong.test", "demo-bridge-2026")
COUNSELLOR = ("counsellor@demo.lifelong.test", "demo-counsellor-2026")
PIN = "480213"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def login(page, base, who):
    page.goto(base + "/account/login/")
    page.get_by_label("E-mailadres").fill(who[0])
    page.get_by_label("Wachtwoord").fill(who[1])
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def logout(page, base):
    page.goto(base + "/")  # any page with the header
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():  # on a phone the account part of the header folds behind the menu button
        toggle.click()
    page.get_by_role("button", name=re.compile("Afmelden")).click()
    page.wait_for_load_state()


def code_login(page, base, code):
    page.goto(base + "/begeleiden/aanmelden-met-code/")
    page.get_by_label("Je code (van je inlogblad)").fill(code)
    page.get_by_label("Je pincode").fill(PIN)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [360, 1280])
def test_done_when_journey(server_url, page, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 800})
    family = f"Journey {uuid.uuid4().hex[:6]}"

    # 1. the bridge figure makes the account, with the person present
    login(page, server_url, BRIDGE)
    page.goto(server_url + "/begeleiden/nieuw-account/")
    page.get_by_label("Voornaam").fill("Rik")
    page.get_by_label("Familienaam").fill(family)
    page.get_by_label("Geboortejaar").fill("1971")
    page.get_by_label("Postcode").fill("9000")
    page.get_by_label("Hoogste diploma").select_option("low")
    page.get_by_label("Werk je nu?").select_option("job_seeker")
    page.get_by_label("De persoon kiest een pincode van 6 cijfers").fill(PIN)
    page.get_by_label("Nog eens dezelfde pincode").fill(PIN)
    page.get_by_role("button", name="Account maken").click()
    page.get_by_test_id("login-code").wait_for()
    code = page.get_by_test_id("login-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    logout(page, server_url)

    # 2. the person, in assisted mode: the short check, the plan, yes to the plan; then a consent for the counsellor
    code_login(page, server_url, code)
    assert "/begeleiden/eenvoudig/" in page.url
    page.get_by_role("link", name=re.compile("Wat kan ik al")).click()
    page.locator("button[name=occupation]").first.click()
    page.get_by_text("Vraag 1 van").wait_for()
    page.screenshot(path=str(SHOTS / f"assisted-question-{width}.png"), full_page=True)
    if width == 360:  # nothing wider than the phone: no horizontal scrolling
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for _ in range(15):
        if "/klaar/" in page.url:
            break
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Met hulp")).click()
    assert "/klaar/" in page.url
    page.get_by_role("button", name=re.compile("Maak mijn plan")).click()
    page.get_by_text("Ja, dit is mijn plan").wait_for()
    assert "/eenvoudig/plan/" in page.url
    page.screenshot(path=str(SHOTS / f"assisted-plan-{width}.png"), full_page=True)
    page.get_by_role("button", name=re.compile("Ja, dit is mijn plan")).click()
    page.get_by_text("Je zei ja tegen dit plan").wait_for()
    # leaving assisted mode other than through its own links signs out (a shared computer): use its link
    page.get_by_role("link", name=re.compile("Terug naar het begin")).click()
    page.get_by_role("link", name=re.compile("Wie ziet mijn gegevens")).click()
    page.get_by_role("button", name="Toestemming geven").wait_for()
    page.get_by_label(re.compile("E-mailadres van je loopbaanbegeleider")).fill(COUNSELLOR[0])
    for scope in ("samen met jou je ontwikkelplan aanpassen", "een inschrijving voor jou klaarzetten (jij bevestigt)",
                  "je competenties, diploma's, ervaring en plannen bekijken"):
        page.get_by_label(scope).check()
    page.get_by_role("button", name="Toestemming geven").click()
    page.wait_for_load_state()
    page.get_by_text("Je toestemming is bewaard").wait_for()
    page.goto(server_url + "/begeleiden/eenvoudig/")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Ik ben klaar")).click()  # signs out
    assert "/aanmelden-met-code/" in page.url

    # 3. the bridge figure refers the person to the counsellor
    login(page, server_url, BRIDGE)
    page.goto(server_url + "/begeleiden/")
    page.get_by_role("link", name=re.compile(family)).click()
    page.get_by_label("Waarom?").wait_for()
    person_url = page.url
    page.get_by_label(re.compile("Of naar een begeleider")).fill(COUNSELLOR[0])
    page.get_by_label("Waarom?").fill("Loopbaanbegeleiding naar werk in de keuken")
    page.get_by_role("button", name="Doorverwijzen").click()
    page.wait_for_load_state()
    page.get_by_text("De doorverwijzing is verstuurd").wait_for()
    assert "Loopbaanbegeleiding naar werk" in page.content()
    logout(page, server_url)

    # 4. the counsellor: accepts the referral, co-edits the plan, prepares a booking; the person types the code
    login(page, server_url, COUNSELLOR)
    page.goto(server_url + "/begeleiden/")
    page.locator("li", has_text=family).get_by_role("button", name="Aanvaarden", exact=True).click()
    page.wait_for_load_state()
    page.goto(person_url)
    page.locator("#plans + ul a").first.click()
    page.get_by_label("Soort").select_option("training")
    page.get_by_label("Wat gaat de persoon doen?").fill("Basiscursus keuken")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    page.get_by_text("De activiteit staat in het plan").wait_for()
    assert "Basiscursus keuken" in page.content()
    page.goto(server_url + "/kompas/")
    offer_id = re.search(r"/kompas/aanbod/(\d+)/", page.content()).group(1)
    page.goto(person_url)
    page.get_by_label(re.compile("Nummer van de opleiding")).fill(offer_id)
    page.get_by_role("button", name="Klaarzetten").click()
    page.wait_for_load_state()
    one_time = page.get_by_test_id("code").inner_text()
    page.screenshot(path=str(SHOTS / f"one-time-code-{width}.png"), full_page=True)
    page.get_by_label("De code op het scherm").fill(one_time)
    page.get_by_label("Je pincode of wachtwoord").fill(PIN)
    page.get_by_role("button", name="Ja, schrijf me in").click()
    page.wait_for_load_state()
    page.get_by_text("De inschrijving is bevestigd door de persoon").wait_for()
    logout(page, server_url)

    # 5. the person's access log shows every step by someone else
    code_login(page, server_url, code)
    page.get_by_role("link", name=re.compile("Wie ziet mijn gegevens")).click()
    page.get_by_role("button", name="Toestemming geven").wait_for()
    log = page.locator("table").nth(1).inner_text()
    for step in ("doorverwezen", "activiteit aan het ontwikkelplan toegevoegd", "inschrijving klaargezet",
                 "inschrijving bevestigen met code"):
        assert step in log, step
