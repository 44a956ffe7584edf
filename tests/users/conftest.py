"""A real OpenID Connect provider on localhost (oidc-provider-mock, a Flask app in a thread of the test process)
and a `lifelong serve` process configured to sign in through it."""

from __future__ import annotations

import os

import pytest
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from tests.conftest import _free_port, database_url_for_processes, running_server

# The people the provider knows (their national numbers are made up but well-formed: 11 digits).
NEW_LEARNER = {"sub": "itsme-new", "email": "nieuw.digitaal@example.test", "email_verified": True,
               "given_name": "Noor", "family_name": "Digitaal", "rrn": "85.07.30-033.28"}
BROWSER_LEARNER = {"sub": "itsme-browser", "email": "browser.digitaal@example.test", "email_verified": True,
                   "given_name": "Bram", "family_name": "Browser", "rrn": "90.02.01-123.45"}
UNVERIFIED = {"sub": "itsme-unverified", "email": "niet.geverifieerd@example.test", "email_verified": False}
CLIENT_ID, CLIENT_SECRET = "lifelong-test", "lifelong-test-secret"


@pytest.fixture(scope="session")
def oidc_provider():
    users = [ProviderUser(sub=c["sub"], claims={k: v for k, v in c.items() if k != "sub"})
             for c in (NEW_LEARNER, BROWSER_LEARNER, UNVERIFIED)]
    with run_server_in_thread(port=_free_port(), user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


def oidc_environment(provider: str) -> dict[str, str]:
    return {"OIDC_RP_CLIENT_ID": CLIENT_ID, "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{provider}/oauth2/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{provider}/oauth2/token",
            "OIDC_OP_USER_ENDPOINT": f"{provider}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{provider}/jwks", "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_VERIFY_KID": "0"}  # the mock's tokens carry no key id (it has one key)


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    """This test process signs in through the provider (what the environment does for a real server)."""
    for name, value in oidc_environment(oidc_provider).items():
        setattr(settings, name, value)
    settings.OIDC_VERIFY_KID = False
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "lifelong.users.oidc.SignInBackend"]
    return settings


@pytest.fixture(scope="session")
def oidc_server_url(django_db_setup, django_db_blocker, oidc_provider):
    """A real `lifelong serve` process on the test database with OpenID Connect configured from the environment."""
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1",
           **oidc_environment(oidc_provider)}
    with running_server(env, "e2e-oidc-server", wait_seconds=90) as base:
        yield base
