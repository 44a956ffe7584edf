"""`lifelong serve --production`: gunicorn with the production settings, behind an https proxy.

The browser drives a real production server (two gunicorn workers, DEBUG off) on the test database and
counts every Content-Security-Policy violation the pages and htmx cause: there must be none.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.e2e.test_career_journey import LEARNER, login

from .conftest import FORWARDED_HTTPS, get, production_env

pytestmark = pytest.mark.browser

# recorded in the page itself, before any script of ours runs (Playwright's init scripts are not subject to CSP)
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' at ' + location.pathname));
"""


def test_refuses_to_start_without_a_secret_key(django_db_setup):
    env = production_env()
    del env["SECRET_KEY"]
    run = subprocess.run([sys.executable, "-m", "lifelong.cli", "serve", "--production"], env=env,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0, run.stderr  # one clear line
    assert "SECRET_KEY" in run.stderr and "Traceback" not in run.stderr


def test_check_deploy_is_clean_under_the_production_settings(django_db_setup):
    env = production_env(LIFELONG_PRODUCTION="1", ALLOWED_HOSTS="lifelong.example")
    run = subprocess.run([sys.executable, "-m", "lifelong.cli", "manage", "check", "--deploy", "--fail-level",
                          "WARNING"], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_behind_https_csp_and_hsts_are_sent_and_plain_http_is_redirected(production_url):
    status, headers, body = get(production_url + "/esco/?q=lasser", FORWARDED_HTTPS)
    assert status == 200 and b"lasser" in body
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("style-src-attr")[0]  # inline only for style attributes
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # static files are served (WhiteNoise) by the production server itself
    status, headers, body = get(production_url + "/static/web/htmx.min.js", FORWARDED_HTTPS)
    assert status == 200 and b"htmx" in body[:200]
    # the API's documentation page loads its scripts from the site itself (the CSP allows no CDN)
    status, _, body = get(production_url + "/api/docs", FORWARDED_HTTPS)
    assert status == 200 and b"/static/ninja/swagger-ui-init.js" in body and b"cdn." not in body
    # a page asked over plain http goes to https; the health probe stays reachable over http
    status, headers, _ = get(production_url + "/esco/")
    assert status == 301 and headers["Location"].startswith("https://")
    assert get(production_url + "/healthz")[0] == 200
    # debug pages are off: an unknown page is a plain 404 without Django's debug listing
    status, _, body = get(production_url + "/bestaat-niet/", FORWARDED_HTTPS)
    assert status == 404 and b"URLconf" not in body


def test_secure_httponly_cookies_after_login(production_url):
    status, headers, _ = get(production_url + "/account/login/", FORWARDED_HTTPS)
    cookies = headers.get_all("Set-Cookie")
    csrf = next(c for c in cookies if c.startswith("csrftoken="))
    assert "Secure" in csrf and "HttpOnly" in csrf


def test_pages_and_htmx_work_under_the_policy(production_url, browser):
    context = browser.new_context(locale="nl-BE", extra_http_headers=FORWARDED_HTTPS)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    violations = []

    def collect():
        if page.url.startswith("http"):
            violations.extend(page.evaluate("window.__csp || []"))

    try:
        login(page, production_url, LEARNER)
        assert page.get_by_role("button", name=re.compile("Afmelden")).count() == 1  # the session works
        session = next(c for c in context.cookies() if c["name"] == "sessionid")
        assert session["secure"] and session["httpOnly"]
        collect()

        page.goto(production_url + "/esco/?q=")
        page.get_by_label("Welke competentie zoek je?").fill("heftruck")
        page.locator("#results a", has_text="heftrucks bedienen").wait_for(timeout=30_000)  # htmx, as you type
        assert "q=heftruck" in page.url  # hx-push-url
        collect()

        page.goto(production_url + "/kompas/")
        page.get_by_label("Wat wil je leren?").fill("lassen")
        page.wait_for_url(re.compile(r"q=lassen"), timeout=30_000)
        collect()

        page.goto(production_url + "/loopbaan/")  # the proof bars use a style attribute (allowed)
        page.locator("h1").wait_for()
        collect()
    finally:
        context.close()
    assert violations == [], violations
    assert console == [], console
