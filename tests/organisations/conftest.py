from __future__ import annotations

import uuid

import pytest

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
