"""Sign-in with a digital key through a real OpenID Connect provider on localhost (the code flow, in this
process), the national number kept only as a keyed hash and matched by the federal import, and
self-registration with e-mail verification and a limit per address."""

from __future__ import annotations

import hashlib
import hmac
import re
from urllib.parse import urlsplit

import httpx
import pytest
from django.core import mail
from django.db import connection

from lifelong.accounts import federal
from lifelong.accounts.models import FederalRecord
from lifelong.people.models import Person
from lifelong.users.models import Role, User

from .conftest import NEW_LEARNER, UNVERIFIED

pytestmark = pytest.mark.django_db
PROFILE = {"given_name": "Noor", "family_name": "Digitaal", "birth_year": "1985", "sex": "F", "postcode": "9000",
           "education_level": "medium", "labour_status": "employed"}


def sign_in_through_provider(client, sub: str):
    """Login page → the provider's consent page (as the person, picking ``sub``) → our callback."""
    start = client.get("/account/digitale-sleutel/")
    assert start.status_code == 302 and start["Location"].startswith("http://localhost:")
    consent = httpx.post(start["Location"], data={"sub": sub}, follow_redirects=False, timeout=30)
    assert consent.status_code == 302, consent.text[:500]
    back = urlsplit(consent.headers["location"])
    return client.get(f"{back.path}?{back.query}")


def row_of(user) -> list:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {User._meta.db_table} WHERE id = %s", [user.pk])
        return list(cursor.fetchone())


def test_the_login_page_offers_the_digital_key_only_when_configured(client, settings, oidc_settings):
    assert "digitale sleutel (itsme, eID)" in client.get("/account/login/").content.decode()
    settings.OIDC_ENABLED = False
    assert "digitale sleutel" not in client.get("/account/login/").content.decode()
    assert client.get("/account/digitale-sleutel/").status_code == 404


def test_a_first_sign_in_makes_a_learner_keeps_only_the_hash_and_the_federal_import_matches_it(client, oidc_settings):
    done = sign_in_through_provider(client, NEW_LEARNER["sub"])
    assert done.status_code == 302 and done["Location"] == "/account/profiel/"  # first time: a short profile
    user = User.objects.get(email=NEW_LEARNER["email"])
    assert user.role == Role.LEARNER and not user.has_usable_password()
    digits = "85073003328"
    expected = hmac.new(oidc_settings.NATIONAL_NUMBER_HASH_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()
    assert user.national_number_hash == expected
    stored = " ".join(str(v) for v in row_of(user))
    assert digits not in stored and NEW_LEARNER["rrn"] not in stored and "85.07.30" not in stored

    assert client.get("/account/profiel/").status_code == 200  # logged in, no person yet
    assert client.post("/account/profiel/", PROFILE)["Location"] == "/"
    person = Person.objects.get(user=user)
    assert (person.birth_year, person.province, person.postcode) == (1985, "BE23", "9000")
    assert client.get("/account/profiel/")["Location"] == "/"  # asked once

    # The federal record carries the national number, written differently, and an e-mail we do not know:
    # the hash finds the person.
    csv = ("record_id,person,training,hours,started_on,ended_on,completed,certificate,national_number\n"
           "F-RRN-1,iemand.anders@example.test,Heftruck,8,2026-01-05,,nee,,85073003328\n"
           "F-RRN-2,iemand.anders@example.test,Heftruck,8,2026-01-05,,nee,,85073003329\n")
    report = federal.import_records(csv)
    assert report.created == 1, report.refused
    assert FederalRecord.objects.get(record_id="F-RRN-1").person == person
    assert report.refused[0][0] == 3 and "onbekende persoon" in report.refused[0][2][0]  # another number: no match


def test_the_national_number_links_an_existing_account_and_signs_it_in_again(client, oidc_settings):
    existing = User.objects.create_user(NEW_LEARNER["email"].upper(), "een-lang-wachtwoord-42", role=Role.LEARNER)
    Person.objects.create(user=existing, given_name="Noor", family_name="D", birth_year=1985, sex="F",
                          education_level="medium", labour_status="employed", province="BE23", postcode="9000")
    done = sign_in_through_provider(client, NEW_LEARNER["sub"])
    assert done["Location"] == "/"  # a person already: straight in
    existing.refresh_from_db()
    assert existing.national_number_hash and User.objects.filter(email__iexact=NEW_LEARNER["email"]).count() == 1
    assert client.get("/account/profiel/").wsgi_request.user == existing


def test_an_address_linked_to_another_national_number_or_not_verified_is_refused(client, oidc_settings):
    User.objects.create_user(NEW_LEARNER["email"], None, role=Role.LEARNER, national_number_hash="0" * 64)
    refused = sign_in_through_provider(client, NEW_LEARNER["sub"])
    assert refused["Location"] == "/account/login/?digitale-sleutel=mislukt"
    assert "niet gelukt" in client.get(refused["Location"]).content.decode()
    assert sign_in_through_provider(client, UNVERIFIED["sub"])["Location"].endswith("digitale-sleutel=mislukt")
    assert not User.objects.filter(email=UNVERIFIED["email"]).exists()


def registration(email: str, **extra) -> dict:
    return {"email": email, "password1": "Kraanvogel-Leie-2026", "password2": "Kraanvogel-Leie-2026",
            **PROFILE, **extra}


def test_registration_is_inactive_until_the_link_in_the_mail_is_followed(client):
    page = client.post("/account/registreren/", registration("Lotte.Nieuw@example.test"))
    assert page.status_code == 200 and "Bekijk je mail" in page.content.decode()
    user = User.objects.get(email="lotte.nieuw@example.test")
    assert not user.is_active and user.role == Role.LEARNER and Person.objects.filter(user=user).exists()
    login = client.post("/account/login/", {"username": "lotte.nieuw@example.test", "password": "Kraanvogel-Leie-2026"})
    assert login.status_code == 200 and not login.wsgi_request.user.is_authenticated

    [message] = mail.outbox
    assert message.to == ["lotte.nieuw@example.test"]
    link = re.search(r"http://testserver(/account/bevestigen/\S+)", message.body).group(1)
    assert client.get(link)["Location"] == "/"
    user.refresh_from_db()
    assert user.is_active and client.get("/").wsgi_request.user == user
    client.logout()
    assert client.get(link).status_code == 400  # used once
    assert client.get("/account/bevestigen/MQ/fout-token/").status_code == 400


def test_registration_refuses_a_weak_password_and_a_postcode_outside_flanders(client):
    page = client.post("/account/registreren/", registration("zwak@example.test", password1="12345678",
                                                             password2="12345678", postcode="1000"))
    assert page.status_code == 200
    form = page.context["form"]
    assert "password1" in form.errors and "Vlaamse postcode" in " ".join(form.errors["postcode"])
    assert not User.objects.filter(email="zwak@example.test").exists() and not mail.outbox


def test_an_address_that_has_an_account_gets_a_mail_not_a_second_account(client):
    User.objects.create_user("bestaat@example.test", "een-lang-wachtwoord-42", role=Role.LEARNER)
    page = client.post("/account/registreren/", registration("bestaat@example.test"))
    assert "Bekijk je mail" in page.content.decode()
    assert User.objects.filter(email="bestaat@example.test").count() == 1
    assert "al een account" in mail.outbox[0].subject


def test_registrations_are_limited_per_address_per_hour(client, settings):
    settings.REGISTRATIONS_PER_HOUR = 2
    for n in range(2):
        assert client.post("/account/registreren/", registration(f"limiet{n}@example.test")).status_code == 200
    third = client.post("/account/registreren/", registration("limiet2@example.test"))
    assert third.status_code == 429 and "te veel accounts" in third.content.decode()
    assert not User.objects.filter(email="limiet2@example.test").exists() and len(mail.outbox) == 2
    other = client.post("/account/registreren/", registration("limiet3@example.test"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200 and User.objects.filter(email="limiet3@example.test").exists()
