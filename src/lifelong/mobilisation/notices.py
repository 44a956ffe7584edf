"""The learning account's notifications, delivered (not only stored): every ``accounts.Notification`` (a
booking, its confirmation or cancellation) becomes one ``Notice`` of kind "booking", the reminder of rights
that lapse within 60 days one of kind "rights_expiring" (once per person and lapse date); each goes out
through the person's channel under the same rules as a campaign (legal basis, opt-out per kind, frequency
cap, quiet hours). The worker's sweep (``tasks.deliver_notices_task``, every few minutes) does it all and
starts scheduled campaigns whose time has come.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from lifelong.accounts.models import AccountKind, Booking, LedgerAccount, Notification
from lifelong.translations import in_language

from . import channels
from .models import DeliveryStatus, Notice
from .services import greeting, send_due_campaigns

BATCH = 200
REMIND_WITHIN_DAYS = 60
# Dutch msgids, written in each person's own language when the notice is made (User.preferred_language)
BOOKING_SUBJECT = gettext_noop("Nieuws over je inschrijving")
RIGHTS_SUBJECT = gettext_noop("Je leerrechten vervallen binnen %(days)s dagen")
RIGHTS_TEXT = gettext_noop("Je hebt nog leerrechten die vervallen op %(date)s. Kies een opleiding in het "
                           "opleidingskompas en schrijf in met je rechten.")


def _site() -> str:
    return (getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")


def import_account_notifications() -> int:
    """One notice per account notification not yet taken over (idempotent: the key is the notification)."""
    taken = Notice.objects.filter(source_notification=OuterRef("pk"))
    new = [Notice(key=f"account:{n.pk}", kind="booking", person_id=n.person_id, source_notification=n.pk,
                  subject=in_language(n.person.user.preferred_language if n.person.user_id else None,
                                       BOOKING_SUBJECT),
                  text=n.text, path="/rekening/")
           for n in Notification.objects.exclude(Exists(taken)).select_related("person__user").order_by("pk")]
    Notice.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def remind_expiring_rights(*, today=None) -> int:
    """A notice for everyone with rights (balance left) that lapse within 60 days and no booking yet; once
    per person and lapse date."""
    today = today or timezone.localdate()
    lapsing = (LedgerAccount.objects.filter(kind=AccountKind.AVAILABLE, balance__gt=0, period_end__gte=today,
                                            period_end__lte=today + timedelta(days=REMIND_WITHIN_DAYS))
               .exclude(person_id__in=Booking.objects.values("person_id"))
               .order_by("person_id", "period_end")
               .values_list("person_id", "period_end", "person__user__preferred_language"))
    first: dict[int, tuple] = {}
    for person_id, end, language in lapsing:
        first.setdefault(person_id, (end, language))
    new = [Notice(key=f"rights:{pid}:{end.isoformat()}", kind="rights_expiring", person_id=pid,
                  subject=in_language(language, RIGHTS_SUBJECT, days=REMIND_WITHIN_DAYS), path="/kompas/",
                  text=in_language(language, RIGHTS_TEXT, date=end.strftime("%d-%m-%Y")))
           for pid, (end, language) in first.items()]
    made = Notice.objects.bulk_create(new, ignore_conflicts=True)
    return len(made)


def _outgoing(notice: Notice) -> channels.Outgoing:
    link = f"{_site()}{notice.path}"
    text = f"{greeting(notice.person)}\n\n{notice.text}\n\n{link}"
    return channels.Outgoing(pk=notice.pk, person=notice.person, channel=notice.channel, kind=notice.kind,
                             subject=notice.subject, text=text, notice=notice,
                             message_id=f"<notice.{notice.pk}.{secrets.token_hex(4)}@lifelong>")


def deliver_notices(*, now=None, batch_size: int = BATCH) -> dict:
    """Send every notice that is due, in batches (claimed first, like a campaign, so two sweeps never send
    the same notice)."""
    now = now or timezone.now()
    totals = {"sent": 0, "bounced": 0, "skipped": 0, "deferred": 0}
    Notice.objects.filter(status=DeliveryStatus.CLAIMED).update(status=DeliveryStatus.PENDING)
    while True:
        with transaction.atomic():
            ids = list(Notice.objects.filter(status=DeliveryStatus.PENDING)
                       .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
                       .order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            Notice.objects.filter(pk__in=ids).update(status=DeliveryStatus.CLAIMED)
        batch = list(Notice.objects.filter(pk__in=ids).select_related("person__user", "person__message_preference"))
        for notice in batch:
            if not notice.channel:
                notice.channel = channels.choose_channel(notice.person,
                                                         getattr(notice.person, "message_preference", None))
                Notice.objects.filter(pk=notice.pk).update(channel=notice.channel)
        outcome = channels.dispatch([_outgoing(n) for n in batch], now=now)
        with transaction.atomic():
            channels.record(Notice, outcome, now)
        for key, part in (("sent", outcome.sent), ("bounced", outcome.bounced), ("skipped", outcome.skipped),
                          ("deferred", outcome.deferred)):
            totals[key] += len(part)
    return totals


def sweep(*, now=None) -> dict:
    """What the worker does every few minutes: take over new account notifications, remind of lapsing
    rights (once a day is enough: the keys make it idempotent), start due campaigns, deliver the notices."""
    now = now or timezone.now()
    report = {"imported": import_account_notifications()}
    today = timezone.localdate(now)
    if not Notice.objects.filter(kind="rights_expiring", created_at__date=today).exists():
        report["reminders"] = remind_expiring_rights(today=today)
    report["campaigns"] = send_due_campaigns(now=now)
    report.update(deliver_notices(now=now))
    return report

