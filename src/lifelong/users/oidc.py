"""Sign-in with a digital key (OpenID Connect: itsme, the Flemish government's identity services).

mozilla-django-oidc runs the code flow; this backend decides who signs in:
1. the national number claim (``OIDC_NATIONAL_NUMBER_CLAIM``), when sent, is hashed (users/identity.py);
   a user already linked to that hash is the one who signs in;
2. otherwise the user with the e-mail address of the ``email`` claim (refused when the provider says the
   address is not verified, ``email_verified: false``), which is then linked to the hash;
3. otherwise a new learner account, with an unusable password. The person's profile (people.Person: birth
   year, postcode, …) is asked once after this first sign-in (people/registration.py, the profile page).
An e-mail address already linked to another national number is refused, never merged.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import oidc_discovery
from .identity import national_number_hash
from .models import Role

logger = logging.getLogger(__name__)


def _hash_of(claims: dict) -> str | None:
    return national_number_hash(claims.get(settings.OIDC_NATIONAL_NUMBER_CLAIM) or "")


class SignInBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        oidc_discovery.configure()  # the endpoints from OIDC_ISSUER, when set (read once per process)
        super().__init__(*args, **kwargs)

    def verify_claims(self, claims):
        return bool(claims.get("email")) and claims.get("email_verified") is not False

    def filter_users_by_claims(self, claims):
        digest = _hash_of(claims)
        if digest:
            linked = self.UserModel.objects.filter(national_number_hash=digest)
            if linked.exists():
                return linked
        users = self.UserModel.objects.filter(email__iexact=claims["email"])
        if digest and any(u.national_number_hash and u.national_number_hash != digest for u in users):
            raise SuspiciousOperation("this e-mail address is linked to another national number")
        return users

    def create_user(self, claims):
        name = claims.get("name") or " ".join(p for p in (claims.get("given_name"), claims.get("family_name")) if p)
        user = self.UserModel.objects.create_user(claims["email"], None, role=Role.LEARNER,
                                                  display_name=(name or "")[:150])
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        digest = _hash_of(claims)
        if digest and user.national_number_hash != digest:
            user.national_number_hash = digest
            user.save(update_fields=["national_number_hash"])
        return user


def _enabled():
    if not settings.OIDC_ENABLED:
        raise Http404("OpenID Connect is not configured")


def _discovered() -> bool:
    """The endpoints from ``OIDC_ISSUER`` (first use in this process); False, logged, when the provider's
    discovery document cannot be read: the login page then says the sign-in did not work."""
    try:
        oidc_discovery.configure()
    except oidc_discovery.DiscoveryError as exc:
        logger.error("digital key sign-in unavailable: %s", exc)
        return False
    return True


class CallbackView(OIDCAuthenticationCallbackView):
    @property
    def success_url(self):
        # people.Person points at its user (related name "person"); asking the user keeps users below people
        if not hasattr(self.user, "person"):
            return resolve_url("users:profile")  # the first sign-in: a short profile
        return super().success_url


def start(request):
    """Sends the browser to the identity provider (404 when OIDC is not configured)."""
    _enabled()
    if not _discovered():
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)
    return OIDCAuthenticationRequestView.as_view()(request)


def callback(request):
    _enabled()
    if not _discovered():
        return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)
    return CallbackView.as_view()(request)
