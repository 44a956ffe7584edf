"""14.6: a guide makes an account with the person present (no e-mail address); the person logs in with the
printed code and their PIN, and may add an e-mail address later."""

from __future__ import annotations

import re

import pytest

from lifelong.casework.models import AssistedAccount
from lifelong.guidance.models import Consent

from .conftest import make_user

pytestmark = pytest.mark.django_db
FORM = {"given_name": "Fatima", "family_name": "El Amrani", "birth_year": "1979", "postcode": "9000",
        "education_level": "low", "labour_status": "job_seeker", "phone": "", "pin": "480213", "pin_again": "480213",
        "scopes": ["profile", "checkstart", "plan", "book", "refer"]}


def test_a_bridge_figure_makes_an_account_the_person_logs_in_with_code_and_pin(client, esco):
    bridge = make_user("bridge")
    client.force_login(bridge)
    made = client.post("/begeleiden/nieuw-account/", FORM)
    assert made.status_code == 200
    code = re.search(r'data-testid="login-code">([A-Z0-9-]+)<', made.content.decode()).group(1)
    account = AssistedAccount.objects.get(login_code=code)
    person = account.user.person
    assert (person.given_name, person.birth_year, person.province) == ("Fatima", 1979, "BE23")
    assert account.user.email.endswith("@zonder-email.invalid") and account.created_by == bridge
    assert set(Consent.objects.filter(person=person, grantee=bridge).values_list("scope", flat=True)) == set(
        FORM["scopes"])
    sheet = client.get(f"/begeleiden/persoon/{person.pk}/inlogblad.pdf")
    assert sheet.status_code == 200 and sheet.content.startswith(b"%PDF") and b"480213" not in sheet.content
    client.logout()
    assert client.post("/begeleiden/aanmelden-met-code/", {"login_code": code, "pin": "000000"}).status_code == 400
    ok = client.post("/begeleiden/aanmelden-met-code/", {"login_code": code.lower().replace("-", " "),
                                                        "pin": "480213"})
    assert ok.status_code == 302 and ok.url.endswith("/begeleiden/eenvoudig/")
    page = client.get("/begeleiden/voor-mij/").content.decode()
    assert "E-mailadres toevoegen" in page
    taken = make_user("learner")
    assert client.post("/begeleiden/voor-mij/e-mail/", {"email": taken.email}).status_code == 400
    assert client.post("/begeleiden/voor-mij/e-mail/", {"email": "fatima@example.test"}).status_code == 302
    account.user.refresh_from_db()
    assert account.user.email == "fatima@example.test"
    client.logout()  # the code keeps working after an e-mail address was added
    assert client.post("/begeleiden/aanmelden-met-code/", {"login_code": code, "pin": "480213"}).status_code == 302


@pytest.mark.parametrize("change, reason", [
    ({"pin": "111111", "pin_again": "111111"}, "te makkelijk"),
    ({"pin": "48021a", "pin_again": "48021a"}, "6 cijfers"),
    ({"pin_again": "480214"}, "niet gelijk"),
    ({"birth_year": "2024"}, "geboortejaar"),
    ({"postcode": "0000"}, "postcode"),
    ({"scopes": ["evc"]}, "brugfiguur"),
])
def test_bad_input_is_refused_with_a_reason_and_nothing_is_made(client, esco, change, reason):
    before = AssistedAccount.objects.count()  # the demo holds one already
    client.force_login(make_user("bridge"))
    response = client.post("/begeleiden/nieuw-account/", {**FORM, **change})
    assert response.status_code == 400 and reason in response.content.decode().lower()
    assert AssistedAccount.objects.count() == before


@pytest.mark.parametrize("role", ["learner", "employer", "provider", "analyst", "secretariat"])
def test_only_guides_make_accounts(client, role):
    before = AssistedAccount.objects.count()
    client.force_login(make_user(role))
    assert client.post("/begeleiden/nieuw-account/", FORM).status_code == 403
    assert AssistedAccount.objects.count() == before


def test_the_login_sheet_is_only_for_a_guide_with_the_person_in_the_caseload(client, esco):
    maker = make_user("counsellor")
    client.force_login(maker)
    client.post("/begeleiden/nieuw-account/", FORM)
    person = AssistedAccount.objects.get(created_by=maker).user.person
    client.force_login(make_user("counsellor"))
    assert client.get(f"/begeleiden/persoon/{person.pk}/inlogblad.pdf").status_code == 403
