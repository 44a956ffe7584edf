"""End to end in a real browser: the login page of a real `lifelong serve` process configured from the
environment → the digital-key button → a real OpenID Connect provider on localhost → back, a new learner
asked for a short profile once → the home page, signed in."""

from __future__ import annotations

import pytest

from lifelong.people.models import Person
from lifelong.users.models import User

from .conftest import BROWSER_LEARNER

pytestmark = pytest.mark.browser  # no test transaction: the server process writes to the same database


def test_sign_in_with_the_digital_key_in_a_browser(oidc_server_url, page, django_db_blocker):
    try:
        page.goto(f"{oidc_server_url}/account/login/")
        page.get_by_role("link", name="Aanmelden met je digitale sleutel (itsme, eID)").click()
        page.wait_for_url("http://localhost:*/oauth2/authorize*")  # the provider's own page
        page.get_by_role("button", name=BROWSER_LEARNER["sub"], exact=True).click()

        page.wait_for_url(f"{oidc_server_url}/account/profiel/")
        assert page.get_by_label("Voornaam").input_value() == "Bram"
        page.get_by_label("Familienaam").fill("Browser")
        page.get_by_label("Geboortejaar").fill("1990")
        page.get_by_label("Geslacht").select_option("M")
        page.get_by_label("Postcode").fill("3500")
        page.get_by_label("Hoogste diploma").select_option("high")
        page.get_by_label("Wat doe je nu?").select_option("job_seeker")
        page.get_by_role("button", name="Opslaan").click()

        page.wait_for_url(f"{oidc_server_url}/")
        assert page.get_by_role("button", name=f"Afmelden ({BROWSER_LEARNER['email']})").is_visible()
        with django_db_blocker.unblock():
            user = User.objects.get(email=BROWSER_LEARNER["email"])
            assert user.role == "learner" and len(user.national_number_hash) == 64
            assert Person.objects.get(user=user).province == "BE22"
    finally:  # the server committed these rows: remove them (the test database is shared by the run)
        with django_db_blocker.unblock():
            Person.objects.filter(user__email=BROWSER_LEARNER["email"]).delete()
            User.objects.filter(email=BROWSER_LEARNER["email"]).delete()
