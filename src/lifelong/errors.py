"""The one root of the refusals every app raises: a rule said no, nothing was changed.

``reason`` is a plain sentence for the person who asked (Dutch first, translated where the service
translates it); ``code`` a stable word for programs; ``status`` the HTTP status the JSON API answers
with (``config/api.py`` maps every ``Refused`` to it, so an API operation need not catch it).
"""

from __future__ import annotations


class Refused(Exception):
    status = 400
    code = "refused"

    def __init__(self, reason: str = "", *, code: str | None = None):
        super().__init__(reason)
        self.reason = str(reason)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.reason
