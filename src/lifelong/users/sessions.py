"""Sessions end after ``SESSION_IDLE_MINUTES`` without a request (sliding) and ``SESSION_MAX_HOURS`` after the
login whatever happens (absolute). The sliding expiry is renewed at most once a minute, not on every request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

LOGGED_IN_AT = "_lifelong_logged_in_at"
RENEWED_AT = "_lifelong_renewed_at"


@receiver(user_logged_in)
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGGED_IN_AT] = request.session[RENEWED_AT] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            if now - session.get(LOGGED_IN_AT, now) > settings.SESSION_MAX_HOURS * 3600:
                logout(request)  # absolute limit: sign in again
            elif now - session.get(RENEWED_AT, 0) >= 60:
                session[RENEWED_AT] = now  # modified: saved with a fresh expiry (SESSION_COOKIE_AGE, sliding)
        return self.get_response(request)
