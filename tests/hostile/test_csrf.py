"""Every write of the API that uses the session checks the CSRF token (issue 19.6), the Delphi answers included."""

from __future__ import annotations

import pytest
from django.test import Client

from lifelong.forecasts.models import Panel
from lifelong.users.models import User

pytestmark = pytest.mark.django_db


def _expert_client() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email="expert2@demo.lifelong.test"))
    return client


def _token(client: Client) -> str:
    client.get("/")  # any page sets the csrftoken cookie
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("method", ["post", "put"])
def test_delphi_answer_without_the_token_is_refused_and_with_it_accepted(esco, method):
    panel = Panel.objects.get(is_synthetic=True)
    item = panel.items.first()
    payload = {"concept_uri": item.concept_uri, "direction": "up", "change_pct": 4, "confidence": 3, "reason": "x"}
    client = _expert_client()
    url = f"/api/v1/forecasts/panels/{panel.pk}/answers"
    resp = getattr(client, method)(url, payload, content_type="application/json")
    assert resp.status_code == 403
    token = _token(client)
    resp = getattr(client, method)(url, payload, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert resp.status_code in (200, 409)  # accepted: answered, or "already answered" (a rule, not CSRF)


def test_every_session_write_of_the_api_checks_csrf(esco):
    """No write operation of the API may use the session without a CSRF check: each has a session auth."""
    from ninja.security import SessionAuth

    from lifelong.config.api import api

    unchecked = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                writes = set(op.methods) & {"POST", "PUT", "PATCH", "DELETE"}
                auths = op.auth_callbacks if isinstance(op.auth_callbacks, list | tuple) and op.auth_callbacks \
                    else router.auth
                auths = list(auths) if isinstance(auths, list | tuple) else [auths]
                if writes and not any(isinstance(a, SessionAuth) and a.csrf for a in auths):
                    unchecked.append(f"{','.join(sorted(writes))} {prefix}{path}")
    assert unchecked == []
