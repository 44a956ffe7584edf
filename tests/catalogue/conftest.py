"""Fixtures for the training compass: two providers, their staff, a learner with a person."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def skills(esco, db):
    """Three ESCO skills with a Dutch label (deterministic)."""
    from lifelong.taxonomy.models import Concept

    return list(Concept.objects.filter(concept_type="skill", labels__language="nl", labels__kind="preferred")
                .order_by("uri").distinct()[:3])


def _user(role, **extra):
    from lifelong.users.models import User

    return User.objects.create_user(f"{role}-{uuid.uuid4().hex[:8]}@example.test", None, role=role, **extra)


@pytest.fixture
def make_user(db):
    return _user


@pytest.fixture
def provider(db):
    from lifelong.catalogue.models import Provider

    p = Provider.objects.create(name="Testcentrum Gent", kind="private", province="BE23", postcode="9000",
                                quality_status="registered")
    p.staff.add(_user("provider"))
    return p


@pytest.fixture
def staff(provider):
    return provider.staff.get()


@pytest.fixture
def other_provider(db):
    from lifelong.catalogue.models import Provider

    p = Provider.objects.create(name="Ander centrum", kind="private", province="BE21", postcode="2000")
    p.staff.add(_user("provider"))
    return p


@pytest.fixture
def learner(db):
    from lifelong.people.models import Person

    user = _user("learner")
    Person.objects.create(user=user, given_name="Lea", family_name="Test", birth_year=1985, sex="F",
                          education_level="low", labour_status="employed", province="BE23", postcode="9000")
    return user


@pytest.fixture
def make_offer(staff, provider):
    from lifelong.catalogue.services import save_offer

    def make(title="Boekhouding voor beginners", description="", competences=(), schemes=(), sessions=(),
             who=None, where=None, categories=(), approve=True, **values):
        from tests.conftest import approved

        offer = save_offer(user=who or staff, provider=where or provider,
                          values={"title": title, "description": description, "postcode": "9000",
                                  "price_cents": 30000, "hours": 40, **values},
                          competences=[c.uri if hasattr(c, "uri") else c for c in competences],
                          schemes=list(schemes), sessions=list(sessions), categories=list(categories))
        return approved(offer) if approve else offer

    return make
