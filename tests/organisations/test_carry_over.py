"""Carry-over of the federal training days (scheme ``federaal_opleidingsrecht`` v3, ``carry_over``): days an
employee did not use go to the next year, within a period of 5 years from 2024 (2024–2028, 2029–2033); shown on
the employer page and added to the training-right API (the contract's fields unchanged)."""

from __future__ import annotations

from datetime import date

from lifelong.employers import selectors
from lifelong.organisations.models import EmployerTraining, Employment

from .conftest import PASSWORD, make_person

DAY = 456  # minutes


def _rows(org, year):
    return {e.person: e for e in selectors.training_right(org, year).employees}


def test_unused_days_add_up_within_the_period_and_reset_after(schemes, org):
    person = make_person(employer=org)
    job = Employment.objects.create(person=person, organisation=org, start_date=date(2023, 6, 1), fte_permille=1000)
    assert _rows(org, 2024)[person.pk].days_carried_over == 0  # the first year of the period: 2023 is not carried
    EmployerTraining.objects.create(employment=job, title="a", on=date(2024, 4, 1), minutes=2 * DAY)
    assert _rows(org, 2025)[person.pk].days_carried_over == 3.0  # 5 − 2
    EmployerTraining.objects.create(employment=job, title="b", on=date(2025, 4, 1), minutes=7 * DAY)
    assert _rows(org, 2026)[person.pk].days_carried_over == 1.0  # 3 + 5 − 7: the oldest days go first
    EmployerTraining.objects.create(employment=job, title="c", on=date(2026, 4, 1), minutes=10 * DAY)
    assert _rows(org, 2027)[person.pk].days_carried_over == 0  # never below 0
    assert _rows(org, 2029)[person.pk].days_carried_over == 0  # a new period: 2024–2028's days are gone
    assert _rows(org, 2030)[person.pk].days_carried_over == 5.0
    right = selectors.training_right(org, 2030)
    assert right.carry_over.first_year == 2029 and right.carry_over.period_years == 5
    assert "lexgo.be" in right.carry_over.source_url


def test_part_time_and_a_late_start(schemes, org):
    part = make_person(employer=org)
    Employment.objects.create(person=part, organisation=org, start_date=date(2025, 2, 1), fte_permille=600)
    right = _rows(org, 2026)[part.pk]
    assert (right.days_due, right.days_left, right.days_carried_over) == (3.0, 3.0, 3.0)  # 2025 only, 60 %
    assert part.pk not in _rows(org, 2024)


def test_no_carry_over_before_2024(schemes, org):
    person = make_person(employer=org)
    Employment.objects.create(person=person, organisation=org, start_date=date(2020, 1, 1), fte_permille=1000)
    right = selectors.training_right(org, 2023)
    assert right.carry_over is None and right.employees[0].days_carried_over == 0


def test_the_employer_page_shows_it(client, schemes, org, employer):
    person = make_person(employer=org)
    Employment.objects.create(person=person, organisation=org, start_date=date(2020, 1, 1), fte_permille=1000)
    client.login(email=employer.email, password=PASSWORD)
    html = client.get(f"/werkgever/{org.pk}/?jaar=2026").content.decode()
    assert "Overgedragen uit vorige jaren" in html and "binnen een periode van 5 jaar (nu 2024–2028)" in html
    assert "<td>10.00</td>" in html or "<td>10,00</td>" in html  # 2024 and 2025 unused
