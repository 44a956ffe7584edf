"""Employment records: database constraints, the service's checks, the facts the rights engine reads from them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from lifelong.organisations import kbo
from lifelong.organisations.models import Employment
from lifelong.organisations.services import (
    EmploymentInput,
    fte_permille_of,
    request_correction,
    save_employment,
)

from .conftest import make_org, make_person

DAY = date(2026, 3, 2)


def test_kbo_check_digits():
    assert kbo.is_valid("0403.170.701")  # a real, published enterprise number
    assert kbo.is_valid("BE 0403 170 701")
    assert not kbo.is_valid("0403170702")  # wrong check digits
    assert not kbo.is_valid("040317070")  # nine digits get a leading 0: 0040317070 fails its check
    assert not kbo.is_valid("abc")


@pytest.mark.parametrize("fte,end", [(0, None), (1001, None), (500, date(2020, 1, 1))])
def test_database_refuses_impossible_records(org, fte, end):
    person = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Employment.objects.create(person=person, organisation=org, start_date=date(2021, 1, 1), end_date=end,
                                  fte_permille=fte)


def test_fte_parsing():
    assert fte_permille_of("0,8") == (800, None)
    assert fte_permille_of("80%") == (800, None)
    assert fte_permille_of("1.2")[0] is None and "meer dan voltijds" in fte_permille_of("1.2")[1]
    assert fte_permille_of("-0.5")[0] is None and "meer dan 0" in fte_permille_of("-0.5")[1]
    assert fte_permille_of("veel")[0] is None


def test_overlapping_contract_refused_and_nothing_saved(org):
    person = make_person()
    first, reasons = save_employment(organisation=org, data=EmploymentInput(person.pk, date(2020, 1, 1), None, 1000))
    assert first and not reasons
    second, reasons = save_employment(organisation=org, data=EmploymentInput(person.pk, date(2024, 1, 1), None, 500))
    assert second is None and "overlapt" in reasons[0]
    later, reasons = save_employment(organisation=make_org(), data=EmploymentInput(person.pk, date(2024, 1, 1), None, 500))
    assert later and not reasons  # another employer at the same time is fine
    assert Employment.objects.filter(person=person).count() == 2


def test_part_timer_gets_pro_rata_federal_days_and_facts_from_records(schemes, org):
    from lifelong.accounts.selectors import facts_of, rights_of

    person = make_person(employer=org)
    full = {r.code: r.amount for r in rights_of(person, DAY)}["federaal_opleidingsrecht"]
    assert full == 5 * 456  # no records yet: the documented default (full time)
    save_employment(organisation=org, data=EmploymentInput(person.pk, date(2016, 3, 1), None, 800))
    facts = facts_of(person, DAY)
    assert facts.fte_permille == 800 and facts.years_worked == 10 and facts.employer_size == 60
    assert {r.code: r.amount for r in rights_of(person, DAY)}["federaal_opleidingsrecht"] == 5 * 456 * 800 // 1000


def test_two_employers_give_both_rights(schemes, org):
    from lifelong.accounts.selectors import rights_of

    person = make_person(employer=org)
    small = make_org(employees=15)  # 10–19 workers: 1 day per FTE
    save_employment(organisation=org, data=EmploymentInput(person.pk, date(2022, 1, 1), None, 500))
    save_employment(organisation=small, data=EmploymentInput(person.pk, date(2023, 1, 1), None, 500))
    right = {r.code: r for r in rights_of(person, DAY)}["federaal_opleidingsrecht"]
    assert right.amount == 5 * 456 // 2 + 1 * 456 // 2
    texts = " ".join(r.text() for r in right.reasons)
    assert "minder dan 20 werknemers" in texts


def test_ended_contract_gives_no_federal_right_but_counts_as_years_worked(schemes, org):
    from lifelong.accounts.selectors import facts_of, rights_of

    person = make_person(employer=org)
    save_employment(organisation=org, data=EmploymentInput(person.pk, date(2010, 1, 1), date(2019, 12, 31), 1000))
    assert facts_of(person, DAY).years_worked == 10
    assert {r.code: r.amount for r in rights_of(person, DAY)}["federaal_opleidingsrecht"] == 0


def test_only_the_person_asks_a_correction(org):
    person, other = make_person(), make_person()
    record, _ = save_employment(organisation=org, data=EmploymentInput(person.pk, date(2020, 1, 1), None, 1000))
    with pytest.raises(PermissionError):
        request_correction(employment=record, person=other, message="fout")
    with pytest.raises(ValueError):
        request_correction(employment=record, person=person, message="  ")
    assert request_correction(employment=record, person=person, message="Ik werk 4/5").employment == record
