"""Fixtures for the career platform: a learner with a person, users of every other role, ESCO occupations."""

from __future__ import annotations

import uuid

import pytest

PASSWORD = "test-password-2026"


def make_user(role: str, **extra):
    from lifelong.users.models import User

    return User.objects.create_user(f"{role}-{uuid.uuid4().hex[:8]}@test.lifelong.test", PASSWORD, role=role,
                                    display_name=f"Test {role}", **extra)


def make_person(user=None):
    from lifelong.people.models import Person

    return Person.objects.create(user=user, given_name="Test", family_name=uuid.uuid4().hex[:8], birth_year=1980,
                                 sex="X", education_level="medium", labour_status="employed", province="BE23",
                                 postcode="9000")


@pytest.fixture
def learner(db, esco):
    user = make_user("learner")
    make_person(user)
    user.refresh_from_db()
    return user


@pytest.fixture
def person(learner):
    return learner.person


@pytest.fixture
def counsellor(db):
    return make_user("counsellor")


@pytest.fixture
def cook(esco):
    from lifelong.taxonomy.models import Occupation

    return Occupation.objects.get(label_en="cook")


@pytest.fixture
def cook_essentials(cook):
    from lifelong.taxonomy.selectors import essential_skills

    return essential_skills(cook.uri)


@pytest.fixture
def consent(person, counsellor):
    from lifelong.guidance.models import Scope
    from lifelong.guidance.services import grant_consent

    return grant_consent(person=person, grantee=counsellor, scopes=[s.value for s in Scope], days=30)


def png_upload(name="proof.png", size=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b"\x89PNG\r\n\x1a\n" + b"\0" * (size or 100)
    return SimpleUploadedFile(name, body, content_type="image/png")


@pytest.fixture(autouse=True)
def signing_key(settings):
    """Tests run with DEBUG off (Django's test runner), so no demo key: give them one, as production would."""
    import base64

    settings.CREDENTIAL_SIGNING_KEY = base64.b64encode(b"k" * 32).decode()
    settings.SITE_URL = "https://lifelong.test"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
