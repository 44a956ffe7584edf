from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import connections

PASSWORD = "test-password-2026"


def valid_kbo() -> str:
    first8 = f"0{uuid.uuid4().int % 10**7:07d}"
    return f"{first8}{97 - int(first8) % 97:02d}"


def make_org(employees: int = 60, **extra):
    from lifelong.organisations.models import Organisation

    return Organisation.objects.create(name=f"Firma {uuid.uuid4().hex[:6]}", enterprise_number=valid_kbo(),
                                       nace_section="C", employees=employees, province="BE23", postcode="9000", **extra)


def make_user(role: str):
    from lifelong.users.models import User

    return User.objects.create_user(f"{role}-{uuid.uuid4().hex[:8]}@test.lifelong.test", PASSWORD, role=role)


def make_person(user=None, employer=None):
    from lifelong.people.models import Person

    return Person.objects.create(user=user, given_name="Test", family_name=uuid.uuid4().hex[:8], birth_year=1980,
                                 sex="X", education_level="medium", labour_status="employed", province="BE23",
                                 postcode="9000", employer=employer)


@pytest.fixture
def schemes(db):
    from lifelong.accounts.services import load_schemes

    load_schemes()


@pytest.fixture
def org(db):
    return make_org()


@pytest.fixture
def employer(org):
    user = make_user("employer")
    org.staff.add(user)
    return user


def make_offer(price_cents=100_000, hours=16, registered=True):
    from lifelong.catalogue.models import Offer, Provider

    provider = Provider.objects.create(name=f"Aanbieder {uuid.uuid4().hex[:6]}", kind="private", province="BE23",
                                       postcode="9000", quality_status="registered" if registered else "none")
    return Offer.objects.create(provider=provider, title="Excel voor gevorderden", hours=hours,
                                price_cents=price_cents)


def staff(org, n=2, fte=1000):
    from lifelong.organisations.models import Employment

    people = []
    for _ in range(n):
        user = make_user("learner")
        person = make_person(user=user)
        Employment.objects.create(person=person, organisation=org, start_date=date(2020, 1, 1), fte_permille=fte)
        people.append(person)
    return people


@pytest.fixture
def small_org(db):
    return make_org(employees=30)


@pytest.fixture
def boss(small_org):
    user = make_user("employer")
    small_org.staff.add(user)
    return user


@pytest.fixture
def committed_firm(django_db_setup, django_db_blocker):
    """A firm, its staff and a course on committed rows (for threads); erased afterwards with their ledger."""
    from lifelong.accounts.services import load_schemes, reconcile_after_erasure

    with django_db_blocker.unblock():
        load_schemes()
        org = make_org(employees=30)
        boss = make_user("employer")
        org.staff.add(boss)
        people = staff(org, 12)
        offer = make_offer(price_cents=1_000_000)  # € 3.000 each: two fit under the ceiling
    yield org, boss, people, offer
    with django_db_blocker.unblock():
        org.delete()
        for p in people:
            p.user.delete()
            p.delete()
        offer.provider.delete()
        boss.delete()
        reconcile_after_erasure()
        connections["default"].close()


