"""OpenID Connect discovery: the provider's endpoints and keys from its issuer URL (issue 20).

Set ``OIDC_ISSUER`` (e.g. ``https://authenticatie.vlaanderen.be/op``) instead of the four ``OIDC_OP_*`` endpoints:
the document ``<issuer>/.well-known/openid-configuration`` (OpenID Connect Discovery 1.0) is read once per process
— at start-up by ``lifelong serve`` (which refuses to start, in one line, when it cannot be read) and otherwise on
the first sign-in — and kept for the life of the process. It must name the same ``issuer`` (§4.3) and the
authorization, token, userinfo and JWKS addresses as absolute http(s) URLs; an endpoint set explicitly in the
environment wins over the document. The JWKS (the signing keys) are fetched from ``jwks_uri`` by
mozilla-django-oidc when a token is checked, so a key rotation at the provider needs no restart.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DISCOVERY_PATH = "/.well-known/openid-configuration"
# our setting → the discovery document's field
ENDPOINTS = {"OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint", "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
             "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint", "OIDC_OP_JWKS_ENDPOINT": "jwks_uri"}
TIMEOUT_SECONDS = 10


class DiscoveryError(ImproperlyConfigured):
    """The issuer's discovery document cannot be read or does not describe this issuer (one line)."""


_lock = threading.Lock()
_documents: dict[str, dict] = {}


def document_url(issuer: str) -> str:
    return issuer.rstrip("/") + DISCOVERY_PATH


def _is_url(value) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("https", "http") and bool(parts.netloc)


def fetch(issuer: str, timeout: float = TIMEOUT_SECONDS) -> dict:
    """The issuer's discovery document, checked; ``DiscoveryError`` with one line saying what is wrong."""
    url = document_url(issuer)
    try:
        response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
    except requests.RequestException as exc:
        raise DiscoveryError(f"OIDC_ISSUER {issuer}: {url} cannot be reached ({type(exc).__name__})") from None
    if response.status_code != 200:
        raise DiscoveryError(f"OIDC_ISSUER {issuer}: {url} answered HTTP {response.status_code}")
    try:
        doc = response.json()
    except ValueError:
        raise DiscoveryError(f"OIDC_ISSUER {issuer}: {url} is not JSON") from None
    if not isinstance(doc, dict):
        raise DiscoveryError(f"OIDC_ISSUER {issuer}: {url} is not a JSON object")
    if str(doc.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise DiscoveryError(f"OIDC_ISSUER {issuer}: {url} names another issuer ({str(doc.get('issuer'))[:200]!r})")
    missing = [field for field in ENDPOINTS.values() if not _is_url(doc.get(field))]
    if missing:
        raise DiscoveryError(f"OIDC_ISSUER {issuer}: {url} has no valid {', '.join(missing)}")
    return doc


def discovered(issuer: str) -> dict:
    """The checked document of this issuer, fetched once per process."""
    with _lock:
        if issuer not in _documents:
            _documents[issuer] = fetch(issuer)
        return _documents[issuer]


def configure() -> dict[str, str]:
    """Fill the ``OIDC_OP_*`` endpoints that are not set from ``OIDC_ISSUER``'s discovery document; returns the
    endpoints in use. Nothing to do without ``OIDC_ISSUER``. Raises ``DiscoveryError``."""
    issuer = getattr(settings, "OIDC_ISSUER", "")
    if issuer:
        doc = discovered(issuer)
        explicit = getattr(settings, "OIDC_EXPLICIT_ENDPOINTS", ())
        for name, field in ENDPOINTS.items():
            if name not in explicit:
                setattr(settings, name, doc[field])
    return {name: getattr(settings, name, None) for name in ENDPOINTS}


def forget() -> None:
    """Drop the cached documents (tests; a changed provider without a restart)."""
    with _lock:
        _documents.clear()
