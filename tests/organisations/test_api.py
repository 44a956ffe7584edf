"""The API contract of issue 13: /api/v1/organisations/mine and /{id}/training-right (staff only, others 403)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from lifelong.organisations.models import EmployerTraining, Employment
from lifelong.users.models import Role

from .conftest import PASSWORD, make_org, make_person, make_user


def _client(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_mine_lists_own_organisations_and_empty_for_others(client, org, employer):
    response = _client(client, employer).get("/api/v1/organisations/mine")
    assert response.status_code == 200
    assert response.json() == [{"id": org.pk, "name": org.name, "enterprise_number": org.enterprise_number,
                                "size_class": "medium", "employees": 60}]
    client.logout()
    assert _client(client, make_user("learner")).get("/api/v1/organisations/mine").json() == []


def test_mine_needs_login(client, db):
    assert client.get("/api/v1/organisations/mine").status_code == 401


def test_training_right_per_employee_and_totals(client, schemes, org, employer):
    from lifelong.accounts.services import accrue, consume, reserve

    part, full = make_person(employer=org), make_person(employer=org)
    Employment.objects.create(person=part, organisation=org, start_date=date(2020, 1, 1), fte_permille=800)
    done = Employment.objects.create(person=full, organisation=org, start_date=date(2019, 1, 1), fte_permille=1000)
    Employment.objects.create(person=make_person(), organisation=org, start_date=date(2010, 1, 1),
                              end_date=date(2023, 12, 31), fte_permille=1000)  # left before 2025: not listed
    on = date(2025, 3, 1)
    accrue(person=part, scheme_code="federaal_opleidingsrecht", amount=1824, on=on, memo="t", idempotency_key=f"t:{part.pk}")
    hold = reserve(person=part, scheme_code="federaal_opleidingsrecht", amount=456, on=on,
                   expires_at=timezone.now() + timedelta(days=30), idempotency_key=f"h:{part.pk}")
    consume(hold=hold, amount=456, idempotency_key=f"c:{part.pk}")  # one day used through the ledger
    EmployerTraining.objects.create(employment=done, title="Veiligheid", on=date(2025, 5, 1), minutes=228)
    EmployerTraining.objects.create(employment=done, title="Vorig jaar", on=date(2024, 5, 1), minutes=456)

    body = _client(client, employer).get(f"/api/v1/organisations/{org.pk}/training-right?year=2025").json()
    assert body["organisation"] == org.pk and body["year"] == 2025 and body["rule"] == "federaal_opleidingsrecht v3"
    rows = {r["person"]: r for r in body["employees"]}
    assert set(rows) == {part.pk, full.pk}
    # the contract's fields, and (added) the unused days of 2024 carried over: 4 of 4 for part, 5 − 1 for full
    assert rows[part.pk] == {"person": part.pk, "fte": 0.8, "days_due": 4.0, "days_used": 1.0, "days_left": 3.0,
                             "days_carried_over": 4.0}
    assert rows[full.pk] == {"person": full.pk, "fte": 1.0, "days_due": 5.0, "days_used": 0.5, "days_left": 4.5,
                             "days_carried_over": 4.0}
    assert body["totals"] == {"days_due": 9.0, "days_used": 1.5, "days_left": 7.5, "days_carried_over": 8.0}
    # 2023 is version 2 (4 days per FTE)
    body = client.get(f"/api/v1/organisations/{org.pk}/training-right?year=2023").json()
    assert body["rule"] == "federaal_opleidingsrecht v2" and body["totals"]["days_due"] == 4.0 + 3.2 + 4.0


def test_small_firm_owes_one_day_micro_none(client, schemes, employer):
    for employees, due in ((15, 1.0), (5, 0.0)):
        firm = make_org(employees=employees)
        firm.staff.add(employer)
        Employment.objects.create(person=make_person(), organisation=firm, start_date=date(2020, 1, 1), fte_permille=1000)
        body = _client(client, employer).get(f"/api/v1/organisations/{firm.pk}/training-right?year=2025").json()
        assert body["totals"]["days_due"] == due


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_training_right_refused_to_everyone_but_its_staff(client, schemes, org, role):
    Employment.objects.create(person=make_person(), organisation=org, start_date=date(2020, 1, 1), fte_permille=1000)
    outsider = make_user(role)
    if role == Role.EMPLOYER:
        make_org().staff.add(outsider)  # another employer
    response = _client(client, outsider).get(f"/api/v1/organisations/{org.pk}/training-right?year=2025")
    assert response.status_code == 403
    assert _client(client, outsider).get(f"/api/v1/organisations/{org.pk}/employments").status_code == 403


def test_training_right_anonymous_and_bad_year(client, schemes, org, employer):
    assert client.get(f"/api/v1/organisations/{org.pk}/training-right?year=2025").status_code == 401
    assert _client(client, employer).get(f"/api/v1/organisations/{org.pk}/training-right?year=1800").status_code == 422
    assert client.get("/api/v1/organisations/999999/training-right?year=2025").status_code == 404


def test_add_employment_via_api_and_refusals(client, org, employer):
    person = make_person()
    c = _client(client, employer)
    url = f"/api/v1/organisations/{org.pk}/employments"
    ok = c.post(url, {"person": person.pk, "start_date": "2022-01-01", "fte": 0.6}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["fte"] == 0.6
    for payload, why in [({"person": person.pk, "start_date": "2023-01-01", "fte": 1}, "overlapt"),
                         ({"person": person.pk, "start_date": "2010-01-01", "fte": 1.5}, "hoogstens 1"),
                         ({"person": person.pk, "start_date": "2010-01-01", "end_date": "2009-01-01", "fte": 1},
                          "einddatum"),
                         ({"person": 9999999, "start_date": "2010-01-01", "fte": 1}, "onbekende persoon")]:
        response = c.post(url, payload, content_type="application/json")
        assert response.status_code == 422 and why in response.json()["detail"]
    assert Employment.objects.filter(organisation=org).count() == 1
    assert [e["person"] for e in c.get(url).json()] == [person.pk]
