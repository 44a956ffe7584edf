"""Login protection: every password check goes through ``authenticate()``, so django-axes counts it.

After ``LOGIN_FAILURE_LIMIT`` wrong passwords for one account, or from one address, that account or address
is refused for ``LOGIN_LOCKOUT_MINUTES`` (settings); a right password during the lockout is refused too.
This covers the login page and the re-authentication before spending (``password_ok``).
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _


class LoginProtectionBackend(AxesStandaloneBackend):
    """Axes' lockout check for every web login; a call without a request (a shell, a command) has no client
    to throttle and is left to the next backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str | None:
    """The client's address: behind ``TRUSTED_PROXY_COUNT`` proxies, the one they saw (X-Forwarded-For)."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and forwarded:
        return forwarded[-min(hops, len(forwarded))]
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("Te veel foute wachtwoorden. Je account is voor je veiligheid %(m)d minuten geblokkeerd. "
             "Probeer het daarna opnieuw, of vraag je loopbaanbegeleider of het secretariaat om hulp.") % {"m": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, with the lockout in plain Dutch (429: too many attempts)."""
    from django.shortcuts import render

    from .forms import EmailLoginForm

    form = EmailLoginForm(request, initial={"username": (credentials or {}).get("username", "")})
    return render(request, "users/login.html", {"form": form, "locked_out": lockout_message()},
                  status=settings.AXES_HTTP_RESPONSE_CODE)


def _request_for(client_address: str | None, path: str) -> HttpRequest:
    request = HttpRequest()
    request.method = "POST"
    request.path = request.path_info = path
    request.META.update({"REMOTE_ADDR": client_address or "", "HTTP_USER_AGENT": "", "SERVER_NAME": "lifelong"})
    return request


def is_locked_out(user, client_address: str | None = None) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    request = _request_for(client_address, "/reauthenticate")
    return not AxesProxyHandler.is_allowed(request, {"username": user.get_username()})


def password_ok(user, password: str, *, client_address: str | None = None) -> bool:
    """The re-authentication before spending: counted like a login (a lockout refuses even the right one)."""
    if not password:
        return False
    request = _request_for(client_address, "/reauthenticate")
    found = authenticate(request, username=user.get_username(), password=password)
    return found is not None and found.pk == user.pk
