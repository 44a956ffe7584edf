"""Every role's main pages in a real browser: at 360 px nothing scrolls sideways, the header stays compact
(a menu button on small screens, at most two rows at 1280 px), and axe-core (WCAG 2.1 A/AA, bundled with
axe-playwright-python, never downloaded) finds no serious or critical violation."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTH = 360
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# pages of a role that its menu does not name but that its main pages link to
MORE = {
    None: ["/", "/kompas/?q=heftruck", "/esco/?q=lassen", "/account/login/", "/bestaat-niet/"],
    "learner": ["/loopbaan/pop/", "/loopbaan/check/", "/loopbaan/bewijs/", "/loopbaan/privacy/",
                "/rekening/overzicht/", "/kompas/aanbevelingen/"],
    "provider": ["/kompas/vraag-en-aanbod/"],
    "counsellor": [],
    "employer": [],
    "analyst": ["/voorspellingen/enquetes/", "/voorspellingen/panels/"],
    "partnership": ["/actieplan/"],
    "observer": ["/actieplan/", "/dashboard/matrix/", "/dashboard/leerpad/"],
    "secretariat": ["/actieplan/", "/dashboard/matrix/", "/dashboard/macro/", "/dashboard/leerpad/",
                    "/dashboard/platform/", "/dashboard/middelen/", "/dashboard/meso/", "/actieplan/drempels/"],
}
ROLES = [None, "learner", "provider", "counsellor", "employer", "analyst", "partnership", "observer", "secretariat"]


def _login(page, server_url, role):
    page.goto(f"{server_url}/account/login/")
    page.locator("main input[type=email], main input[name=username]").first.fill(f"{role}@demo.lifelong.test")
    page.locator("main input[type=password]").fill(f"demo-{role}-2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _pages(page, role):
    menu = page.eval_on_selector_all("nav.main a", "els => els.map(e => e.getAttribute('href'))")
    ours = [h for h in menu if not h.startswith("/admin/")]  # the Django admin is not our layout
    return list(dict.fromkeys(ours + MORE[role]))


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "visitor")
def test_main_pages_fit_360px_and_pass_axe(server_url, browser, role):
    context = browser.new_context(locale="nl-BE", viewport={"width": WIDTH, "height": 780})
    page = context.new_page()
    if role:
        _login(page, server_url, role)
    page.goto(server_url + "/")
    pages = _pages(page, role)
    axe = Axe()
    wide, violations = [], []
    for path in pages:
        page.goto(server_url + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide.append(f"{path}: {width} px")
        result = axe.run(page, options=WCAG)
        for v in result.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                violations.append(f"{path}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}")
    context.close()
    assert len(pages) >= 4
    assert not wide, f"{role or 'visitor'} scrolls sideways at {WIDTH} px: {wide}"
    assert not violations, f"{role or 'visitor'}: axe finds {violations}"


def test_the_header_is_compact_and_its_menu_button_opens_the_menu(server_url, browser):
    context = browser.new_context(locale="nl-BE", viewport={"width": WIDTH, "height": 780})
    page = context.new_page()
    _login(page, server_url, "secretariat")
    header = page.locator("header.site")
    assert header.bounding_box()["height"] < 80  # one row: brand and the menu button
    button = page.get_by_role("button", name="Menu")
    assert not page.get_by_role("link", name="Voorspellingen").is_visible()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    page.get_by_role("link", name="Voorspellingen").click()
    page.wait_for_url("**/voorspellingen/")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert header.bounding_box()["height"] < 140  # at most two rows: account and languages, then the menu
    context.close()


def test_compass_results_come_before_the_folded_filters_on_a_phone(server_url, browser):
    context = browser.new_context(locale="nl-BE", viewport={"width": WIDTH, "height": 780})
    page = context.new_page()
    page.goto(server_url + "/kompas/")
    assert not page.get_by_label("Provincie").is_visible()  # folded behind "Filters"
    assert page.locator("#results").bounding_box()["y"] < 900
    page.locator("summary", has_text="Filters").click()
    expect(page.get_by_label("Provincie")).to_be_visible()
    context.close()
