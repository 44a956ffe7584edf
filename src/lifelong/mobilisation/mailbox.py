"""The demo's mail sink: a Django e-mail backend that keeps every message in the database instead of
sending it, so that a new user can read what the demo sent at /dev/inbox/ (DEBUG only)."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend


class DatabaseBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        from .models import MailboxMessage

        for message in email_messages:
            html = next((content for content, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
            MailboxMessage.objects.create(to=", ".join(message.to)[:300], subject=message.subject[:300],
                                          text=message.body, html=html,
                                          message_id=str(message.extra_headers.get("Message-ID", ""))[:300])
        return len(email_messages)
