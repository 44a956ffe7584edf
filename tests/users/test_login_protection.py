"""Login protection: the demo learner is locked out after repeated wrong passwords, and back after the lockout;
password rules; sessions that end when idle and after a maximum time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F

from lifelong.demo.services import DEMO_DOMAIN, demo_password
from lifelong.users import sessions
from lifelong.users.models import User

pytestmark = pytest.mark.django_db
LEARNER = f"learner@{DEMO_DOMAIN}"


def login(client, password, address="198.51.100.7"):
    return client.post("/account/login/", {"username": LEARNER, "password": password}, REMOTE_ADDR=address)


def expire_lockouts(cooloff):
    """Move every recorded failure back by the cool-off time, as if that much time had passed."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cooloff - timedelta(seconds=1))


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_demo_learner_locked_out_after_five_wrong_passwords_then_back(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5 and settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    for _ in range(4):
        assert login(client, "fout-wachtwoord").status_code == 200 and not logged_in(client)
    response = login(client, "fout-wachtwoord")  # the fifth
    assert response.status_code == 429
    # now even the right password is refused, from this address and from another one (per account)
    for address in ("198.51.100.7", "203.0.113.50"):
        response = login(client, demo_password("learner"), address)
        assert response.status_code == 429 and not logged_in(client)
        assert "Te veel foute wachtwoorden" in response.content.decode()
        assert "geblokkeerd" in response.content.decode()
    expire_lockouts(settings.AXES_COOLOFF_TIME)  # 15 minutes later
    response = login(client, demo_password("learner"))
    assert response.status_code == 302 and logged_in(client)


def test_one_address_trying_many_accounts_is_locked_out(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for i in range(5):
        client.post("/account/login/", {"username": f"niemand{i}@example.test", "password": "x"},
                    REMOTE_ADDR="192.0.2.99")
    response = login(client, demo_password("learner"), address="192.0.2.99")
    assert response.status_code == 429 and not logged_in(client)
    assert login(client, demo_password("learner"), address="192.0.2.100").status_code == 302  # others go on


def test_password_rules():
    for weak in ("kort-1", "1234567890123", "password123", "learner-demo-lifelong"):
        with pytest.raises(ValidationError):
            validate_password(weak, user=User(email="learner@demo.lifelong.test"))
    validate_password("leren-is-fijn-2026")


def test_session_ends_when_idle_and_after_the_maximum(client, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_MAX_HOURS == 12
    assert login(client, demo_password("learner")).status_code == 302
    first_expiry = client.session.get_expiry_date()
    session = client.session
    session[sessions.RENEWED_AT] -= 120  # two minutes ago: the next request renews the sliding expiry
    session.save()
    client.get("/")
    assert client.session.get_expiry_date() > first_expiry
    session = client.session
    session[sessions.LOGGED_IN_AT] -= 12 * 3600 + 1  # logged in more than 12 h ago
    session.save()
    client.get("/")
    assert not logged_in(client)
