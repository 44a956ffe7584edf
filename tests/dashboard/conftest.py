from __future__ import annotations

import pytest

DEMO = "demo.lifelong.test"


@pytest.fixture
def users(db, esco):
    """The demo user of every role (created once per test session by the shared fixtures)."""
    from lifelong.users.models import Role, User

    return {r.value: User.objects.get(email=f"{r.value}@{DEMO}") for r in Role}


@pytest.fixture
def action(db, esco):
    from lifelong.actionplan.models import Action

    return Action.objects.get(code="VS1.2")
