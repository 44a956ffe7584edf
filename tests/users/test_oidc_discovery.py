"""OpenID Connect discovery (issue 20): with only OIDC_ISSUER set, the endpoints and keys come from the real provider's
/.well-known/openid-configuration (oidc-provider-mock on localhost); a provider that cannot be read, or that names
another issuer, is one clear line — and `lifelong serve` refuses to start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest

from lifelong.users import oidc_discovery
from lifelong.users.models import User
from tests.conftest import _free_port, database_url_for_processes, running_server

from .conftest import CLIENT_ID, CLIENT_SECRET, NEW_LEARNER
from .test_signin import sign_in_through_provider

ENDPOINTS = ("OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT",
             "OIDC_OP_JWKS_ENDPOINT")


@contextmanager
def serving(document):
    """A discovery document served on localhost (``document``: a dict, or a function of the base URL)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    body = json.dumps(document(base) if callable(document) else document).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def issuer_settings(settings, oidc_provider):
    """This process configured with the issuer only: no endpoint set."""
    oidc_discovery.forget()
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_ISSUER, settings.OIDC_EXPLICIT_ENDPOINTS = oidc_provider, frozenset()
    for name in ENDPOINTS:
        setattr(settings, name, "")
    settings.OIDC_VERIFY_KID, settings.OIDC_ENABLED = False, True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "lifelong.users.oidc.SignInBackend"]
    yield settings
    oidc_discovery.forget()


@pytest.mark.django_db
def test_the_endpoints_and_keys_come_from_the_issuer_and_a_sign_in_works(client, issuer_settings, oidc_provider):
    done = sign_in_through_provider(client, NEW_LEARNER["sub"])
    assert done.status_code == 302 and done["Location"] == "/account/profiel/"
    assert User.objects.filter(email=NEW_LEARNER["email"]).exists()  # the token's signature checked with the JWKS
    assert issuer_settings.OIDC_OP_TOKEN_ENDPOINT == f"{oidc_provider}/oauth2/token"
    assert issuer_settings.OIDC_OP_JWKS_ENDPOINT == f"{oidc_provider}/jwks"
    assert issuer_settings.OIDC_OP_USER_ENDPOINT == f"{oidc_provider}/userinfo"


@pytest.mark.django_db
def test_an_endpoint_set_explicitly_wins(issuer_settings, oidc_provider):
    issuer_settings.OIDC_OP_USER_ENDPOINT = "https://elders.example/userinfo"
    issuer_settings.OIDC_EXPLICIT_ENDPOINTS = frozenset({"OIDC_OP_USER_ENDPOINT"})
    endpoints = oidc_discovery.configure()
    assert endpoints["OIDC_OP_USER_ENDPOINT"] == "https://elders.example/userinfo"
    assert endpoints["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{oidc_provider}/oauth2/authorize"


@pytest.mark.django_db
def test_an_unreachable_or_wrong_issuer_is_one_clear_line(client, issuer_settings, oidc_provider):
    nobody = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(oidc_discovery.DiscoveryError) as unreachable:
        oidc_discovery.fetch(nobody, timeout=3)
    assert str(unreachable.value).startswith(f"OIDC_ISSUER {nobody}: ") and "cannot be reached" in str(unreachable.value)
    assert "\n" not in str(unreachable.value)
    with pytest.raises(oidc_discovery.DiscoveryError, match="answered HTTP 404"):
        oidc_discovery.fetch(oidc_provider + "/bestaat-niet")
    # a document that names another issuer, or lacks the keys' address (a provider misconfigured, or an impostor)
    real = httpx.get(oidc_discovery.document_url(oidc_provider), timeout=30).json()
    with serving({**real, "issuer": "https://elders.example"}) as elsewhere:
        with pytest.raises(oidc_discovery.DiscoveryError, match="names another issuer"):
            oidc_discovery.fetch(elsewhere)
    with serving(lambda base: {**real, "issuer": base, "jwks_uri": "keys.json"}) as no_keys:
        with pytest.raises(oidc_discovery.DiscoveryError, match="has no valid jwks_uri"):
            oidc_discovery.fetch(no_keys)
    # on the site: the login page says the sign-in did not work (never a 500)
    issuer_settings.OIDC_ISSUER = nobody
    answer = client.get("/account/digitale-sleutel/")
    assert answer.status_code == 302 and answer["Location"] == "/account/login/?digitale-sleutel=mislukt"


def test_serve_refuses_to_start_when_the_issuer_cannot_be_read(django_db_setup):
    nobody = f"http://127.0.0.1:{_free_port()}"
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1", "OIDC_RP_CLIENT_ID": CLIENT_ID,
           "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET, "OIDC_ISSUER": nobody}
    for name in ENDPOINTS:
        env.pop(name, None)
    done = subprocess.run([sys.executable, "-m", "lifelong.cli", "serve", "--port", str(_free_port())], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith(f"lifelong: error: OIDC_ISSUER {nobody}: ") and "cannot be reached" in lines[-1]


def test_a_real_server_configured_with_the_issuer_only_sends_the_browser_to_the_discovered_endpoint(
        django_db_setup, oidc_provider):
    """(No test transaction: the server process writes the session to the same database.)"""
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1", "OIDC_RP_CLIENT_ID": CLIENT_ID,
           "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET, "OIDC_ISSUER": oidc_provider, "OIDC_VERIFY_KID": "0"}
    for name in ENDPOINTS:
        env.pop(name, None)
    with running_server(env, "oidc-discovery-server", wait_seconds=90) as base:
        start = httpx.get(f"{base}/account/digitale-sleutel/", follow_redirects=False, timeout=30)
        assert start.status_code == 302
        assert start.headers["location"].startswith(f"{oidc_provider}/oauth2/authorize?")
        assert f"client_id={CLIENT_ID}" in start.headers["location"]
