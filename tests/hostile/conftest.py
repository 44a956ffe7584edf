"""Hostile input: the demo users of each role, logged in with Django's test client."""

from __future__ import annotations

import pytest


def login(client, role: str):
    from lifelong.users.models import User

    client.force_login(User.objects.get(email=f"{role}@demo.lifelong.test"))
    return client


@pytest.fixture
def as_role(client, esco, db):
    return lambda role: login(client, role)
