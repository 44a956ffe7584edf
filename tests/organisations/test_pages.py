"""The employer portal /werkgever/ and the learner's /mijn-werk/: who sees what, the form's refusals, corrections."""

from __future__ import annotations

from datetime import date

import pytest

from lifelong.organisations.models import CorrectionRequest, Employment
from lifelong.users.models import Role

from .conftest import PASSWORD, make_org, make_person, make_user


def _login(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_employer_sees_staff_and_training_right(client, schemes, org, employer):
    person = make_person(employer=org)
    Employment.objects.create(person=person, organisation=org, start_date=date(2020, 1, 1), fte_permille=800,
                              site="Gent")
    c = _login(client, employer)
    assert c.get("/werkgever/").url == f"/werkgever/{org.pk}/"  # one organisation: straight to it
    html = c.get(f"/werkgever/{org.pk}/?jaar=2025").content.decode()
    assert person.family_name in html and "80 %" in html and "Gent" in html
    assert "4.00" in html or "4,00" in html  # days due for 80 %
    assert "federaal_opleidingsrecht v3" in html


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_portal_refused_to_everyone_but_its_staff(client, org, role):
    outsider = make_user(role)
    if role == Role.EMPLOYER:
        make_org().staff.add(outsider)
    response = _login(client, outsider).get(f"/werkgever/{org.pk}/")
    assert response.status_code == 403
    response = client.post(f"/werkgever/{org.pk}/tewerkstelling/",
                           {"person": make_person().pk, "start_date": "2020-01-01", "fte": "1", "statute": "clerk"})
    assert response.status_code == 403 and not Employment.objects.filter(organisation=org).exists()


def test_anonymous_goes_to_login(client, org):
    assert "/account/login/" in client.get(f"/werkgever/{org.pk}/").url


def test_form_adds_and_refuses_with_reason(client, org, employer):
    person = make_person()
    c = _login(client, employer)
    url = f"/werkgever/{org.pk}/tewerkstelling/"
    c.post(url, {"person": person.pk, "start_date": "2020-01-01", "fte": "0,5", "statute": "worker"})
    assert Employment.objects.get(organisation=org).fte_permille == 500
    response = c.post(url, {"person": person.pk, "start_date": "2021-01-01", "fte": "1,5", "statute": "worker"},
                      follow=True)
    assert "meer dan voltijds" in response.content.decode()
    response = c.post(url, {"person": person.pk, "start_date": "2021-01-01", "fte": "1", "statute": "worker"},
                      follow=True)
    assert "overlapt" in response.content.decode()
    assert Employment.objects.filter(organisation=org).count() == 1


def test_learner_sees_own_employment_asks_correction_employer_sees_it(client, schemes, org, employer):
    user = make_user("learner")
    person = make_person(user, employer=org)
    record = Employment.objects.create(person=person, organisation=org, start_date=date(2020, 1, 1), fte_permille=600)
    other = Employment.objects.create(person=make_person(), organisation=org, start_date=date(2020, 1, 1),
                                      fte_permille=1000)
    c = _login(client, user)
    html = c.get("/mijn-werk/").content.decode()
    assert org.name in html and "60 %" in html
    rights = c.get("/rekening/").content.decode()
    assert "Waarmee we je rechten berekenden" in rights and org.enterprise_number in rights and "60 %" in rights
    assert c.post(f"/mijn-werk/{other.pk}/correctie/", {"message": "niet van mij"}).status_code == 403
    c.post(f"/mijn-werk/{record.pk}/correctie/", {"message": "Ik werk sinds maart 4/5."})
    assert list(CorrectionRequest.objects.values_list("employment_id", flat=True)) == [record.pk]
    client.logout()
    assert "Ik werk sinds maart 4/5." in _login(client, employer).get(f"/werkgever/{org.pk}/").content.decode()
