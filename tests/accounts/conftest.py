"""Fixtures for the account tests.

Tests that need committed rows (threads, a second process) never flush the
database: ``committed_person`` creates its own person and rights, and erases
exactly those rows afterwards.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest

DAY = date(2026, 3, 2)  # a fixed day in calendar year 2026 and school year 2025-26


@pytest.fixture(scope="session")
def schemes(django_db_setup, django_db_blocker):
    from lifelong.accounts.services import load_schemes

    with django_db_blocker.unblock():
        load_schemes()
    return True


def make_person(**overrides):
    from lifelong.organisations.models import Organisation
    from lifelong.people.models import Person

    employees = overrides.pop("employees", 120)
    tag = uuid.uuid4().hex[:10]
    org = Organisation.objects.create(name=f"Test {tag}", enterprise_number=tag, nace_section="C",
                                      employees=employees, province="BE23", postcode="9000")
    fields = {"given_name": "Test", "family_name": tag, "birth_year": 1980, "sex": "X", "education_level": "medium",
              "labour_status": "employed", "province": "BE23", "postcode": "9000", "employer": org}
    fields.update(overrides)
    return Person.objects.create(**fields)


def erase(person) -> None:
    from lifelong.accounts.services import reconcile_after_erasure

    org = person.employer
    person.delete()
    if org is not None:
        org.delete()
    reconcile_after_erasure()


@pytest.fixture
def person(db, schemes):
    return make_person()


@pytest.fixture
def committed_person(schemes, django_db_blocker):
    """A person with committed rows (for threads and subprocesses); erased afterwards with their ledger."""
    with django_db_blocker.unblock():
        p = make_person()
    yield p
    with django_db_blocker.unblock():
        from django.db import connection

        erase(p)
        connection.close()
