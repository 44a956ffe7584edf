"""SMS through a provider adapter: a small protocol (``Gateway.send``) and its backends, chosen by settings.

- ``SMS_BACKEND = "http"``: a provider's HTTP gateway (``SMS_GATEWAY_URL``, ``SMS_GATEWAY_TOKEN``,
  ``SMS_SENDER``): one POST per message with JSON ``{"to", "from", "text", "reference"}`` and
  ``Authorization: Bearer <token>``; a 2xx answer with JSON ``{"id"}`` is accepted, a 4xx is a refusal of
  that number (counted like a bounce), anything else (5xx, no answer) is a failure to try again later.
- ``SMS_BACKEND = "inbox"`` (the default under DEBUG): the message lands in the demo's inbox (/dev/inbox/).
- unset (and no DEBUG): no SMS is sent; a message for SMS is skipped with that reason.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings


class SmsRefused(Exception):
    """The provider refused this message (a wrong or unknown number): do not try again."""


class SmsUnavailable(Exception):
    """The provider could not be reached or failed: try again later."""


class Gateway(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> str:
        """Send one SMS to an E.164 number; return the provider's id of the message."""


class HttpGateway:
    def __init__(self, url: str, token: str = "", sender: str = "lifelong", timeout: float = 10):
        self.url, self.token, self.sender, self.timeout = url, token, sender, timeout

    def send(self, *, to: str, text: str, reference: str) -> str:
        body = json.dumps({"to": to, "from": self.sender, "text": text, "reference": reference}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (URL from settings)
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            if 400 <= exc.code < 500:
                raise SmsRefused(f"sms geweigerd ({exc.code}): {exc.read()[:200].decode(errors='replace')}") from exc
            raise SmsUnavailable(f"sms-dienst antwoordde {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsUnavailable(f"sms-dienst niet bereikbaar: {exc}") from exc
        except ValueError as exc:
            raise SmsUnavailable("sms-dienst gaf geen geldig antwoord") from exc
        return str(answer.get("id", ""))


class InboxGateway:
    """The demo's SMS sink: every SMS is kept in the demo inbox (``MailboxMessage``, ``to`` = sms:<number>)."""

    def send(self, *, to: str, text: str, reference: str) -> str:
        from .models import MailboxMessage

        message = MailboxMessage.objects.create(to=f"sms:{to}", subject="SMS", text=text, message_id=reference)
        return str(message.pk)


def gateway() -> Gateway | None:
    backend = getattr(settings, "SMS_BACKEND", "") or ("inbox" if settings.DEBUG else "")
    if backend == "http":
        return HttpGateway(settings.SMS_GATEWAY_URL, getattr(settings, "SMS_GATEWAY_TOKEN", ""),
                           getattr(settings, "SMS_SENDER", "lifelong"))
    if backend == "inbox":
        return InboxGateway()
    return None
