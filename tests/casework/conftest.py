"""Fixtures for casework: a learner with rights, a counsellor, a bridge figure, a compass offer."""

from __future__ import annotations

import uuid

import pytest

PASSWORD = "leren-is-fijn-2026"


def make_user(role: str, **extra):
    from lifelong.users.models import User

    return User.objects.create_user(f"{role}-{uuid.uuid4().hex[:8]}@test.lifelong.test", PASSWORD, role=role,
                                    display_name=f"Test {role} {uuid.uuid4().hex[:4]}", **extra)


def make_person(user=None, **extra):
    from lifelong.people.models import Person

    fields = dict(given_name="Test", family_name=uuid.uuid4().hex[:8], birth_year=1980, sex="X",
                  education_level="low", labour_status="employed", province="BE23", postcode="9000")
    fields.update(extra)
    return Person.objects.create(user=user, **fields)


@pytest.fixture(autouse=True)
def fast_hashes(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only


@pytest.fixture
def schemes(django_db_setup, django_db_blocker):
    from lifelong.accounts.services import load_schemes

    with django_db_blocker.unblock():
        load_schemes()
    return True


@pytest.fixture
def learner(db, esco, schemes):
    from django.utils import timezone

    from lifelong.accounts.services import accrue_year

    user = make_user("learner")
    person = make_person(user)
    accrue_year(on=timezone.localdate(), person_ids=[person.pk])
    user.refresh_from_db()
    return user


@pytest.fixture
def person(learner):
    return learner.person


@pytest.fixture
def counsellor(db):
    return make_user("counsellor")


@pytest.fixture
def bridge(db):
    return make_user("bridge")


def give(person, grantee, *scopes, days=30):
    from lifelong.guidance.services import grant_consent

    return grant_consent(person=person, grantee=grantee, scopes=list(scopes), days=days)


@pytest.fixture
def offer(db):
    from lifelong.catalogue.models import Provider
    from lifelong.catalogue.services import save_offer

    provider = Provider.objects.create(name=f"Kompas {uuid.uuid4().hex[:6]}", kind="adult_education",
                                       province="BE23", postcode="9000", quality_status="registered")
    staff = make_user("provider")
    provider.staff.add(staff)
    from tests.conftest import approved

    return approved(save_offer(user=staff, provider=provider, categories=["dutch_second_language"],
                      values={"title": "Nederlands op het werk", "postcode": "9000", "price_cents": 24000,
                              "hours": 40},
                      competences=[], schemes=["opleidingscheques"], sessions=[]))
