"""The one way out for every message (a campaign's deliveries and the account's notices): which channel a
person gets, the rules that may stop or defer a message (``rules.judge``: legal basis, opt-out per kind,
frequency cap, quiet hours), and the sending itself over e-mail (SMTP, one connection per batch), a letter
(the print batch), SMS (``sms.gateway()``) or a task for the person's bridge figure.
"""

from __future__ import annotations

import queue
import smtplib
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import DatabaseError, transaction
from django.utils import timezone

from lifelong.guidance.models import GUIDE_ROLES, Consent

from . import rules, sms
from .models import BridgeTask, Channel, Delivery, DeliveryStatus, Notice

SMS_RETRY = timedelta(minutes=10)
PARALLEL_FROM = 100  # a batch of at least this many e-mails is sent over several SMTP connections


def choose_channel(person, preference) -> str:
    """The person's own choice when it can be used, else e-mail when there is an address, else a letter."""
    email = person.user.email if person.user_id else ""
    wanted = getattr(preference, "channel", "") or ""
    if wanted == Channel.SMS and preference.phone:
        return Channel.SMS
    if wanted == Channel.BRIDGE:
        return Channel.BRIDGE
    if wanted == Channel.LETTER or (preference and preference.no_email):
        return Channel.LETTER
    return Channel.EMAIL if email else Channel.LETTER


@dataclass
class Outgoing:
    """One message ready to go (rendered)."""

    pk: int
    person: object
    channel: str
    kind: str
    subject: str
    text: str
    html: str = ""
    message_id: str = ""
    delivery: Delivery | None = None
    notice: Notice | None = None


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    parts: dict[int, int] = field(default_factory=dict)
    bounced: dict[int, str] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    deferred: dict[int, datetime] = field(default_factory=dict)  # quiet hours, or the SMS service was down


def sent_recently(person_ids, now: datetime) -> Counter:
    """How many messages each person got in the cap's window, campaigns and notices together."""
    since = now - timedelta(days=rules.CAP_DAYS)
    counts = Counter(Delivery.objects.filter(person_id__in=person_ids, status=DeliveryStatus.SENT,
                                             sent_at__gte=since, sent_at__lte=now).values_list("person_id", flat=True))
    counts.update(Notice.objects.filter(person_id__in=person_ids, status=DeliveryStatus.SENT, sent_at__gte=since,
                                        sent_at__lte=now).values_list("person_id", flat=True))
    return counts


def bridge_figures(person_ids, now: datetime) -> dict[int, int]:
    """{person: the user id of a bridge figure or counsellor they gave a consent in force} (the latest)."""
    out: dict[int, int] = {}
    rows = (Consent.objects.filter(person_id__in=person_ids, revoked_at__isnull=True, valid_from__lte=now,
                                   valid_until__gt=now, grantee__role__in=GUIDE_ROLES)
            .order_by("person_id", "-valid_from").values_list("person_id", "grantee_id"))
    for person_id, grantee_id in rows:
        out.setdefault(person_id, grantee_id)
    return out


def dispatch(items: list[Outgoing], *, now: datetime | None = None) -> Outcome:
    """Judge every message by the rules, then send what may go; nothing is written about the outcome here
    (the caller records it), except a bridge figure's task, which is the sending itself."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    outcome = Outcome()
    counts = sent_recently({i.person.pk for i in items}, now)
    ready: list[Outgoing] = []
    for item in items:
        preference = getattr(item.person, "message_preference", None)
        quiet = (preference.quiet_from, preference.quiet_until) if preference and preference.quiet_from \
            and preference.quiet_until else None
        verdict = rules.judge(kind=item.kind, channel=item.channel, local_now=local_now,
                              sent_recently=counts[item.person.pk], quiet=quiet,
                              consents=preference.consents if preference else (),
                              opted_out_kinds=preference.no_kinds if preference else ())
        if verdict.not_before:
            outcome.deferred[item.pk] = verdict.not_before
        elif not verdict.send:
            outcome.skipped[item.pk] = verdict.reason
        else:
            counts[item.person.pk] += 1
            ready.append(item)
    by_channel: dict[str, list[Outgoing]] = {}
    for item in ready:
        by_channel.setdefault(item.channel, []).append(item)
    outcome.sent += [i.pk for i in by_channel.get(Channel.LETTER, [])]  # in the print batch
    _email(by_channel.get(Channel.EMAIL, []), outcome)
    _sms(by_channel.get(Channel.SMS, []), outcome, now)
    _bridge(by_channel.get(Channel.BRIDGE, []), outcome, now)
    return outcome


def _email(items, outcome: Outcome) -> None:
    """Over SMTP, a large batch goes over ``MOBILISATION_SMTP_CONNECTIONS`` connections at once (default 2):
    while one waits for the server, the other renders, so both cores work. Any other backend (the demo's
    mail sink writes to the database) sends on one connection."""
    if not items:
        return
    connection = get_connection()
    threads = int(getattr(settings, "MOBILISATION_SMTP_CONNECTIONS", 2))
    if threads > 1 and len(items) >= PARALLEL_FROM and isinstance(connection, SmtpBackend):
        chunks = [items[i::threads] for i in range(threads)]
        parts = [Outcome() for _ in chunks]
        taken: queue.Queue = queue.Queue()  # the threads only send; this thread, which owns the database
        workers = [threading.Thread(target=_email_over, args=(get_connection(), chunk, part, taken.put))
                   for chunk, part in zip(chunks, parts, strict=True)]  # connection, records each mail taken
        for worker in workers:
            worker.start()
        while any(w.is_alive() for w in workers) or not taken.empty():
            try:
                _mark_sent(taken.get(timeout=0.05))
            except queue.Empty:
                continue
        for worker in workers:
            worker.join()
        for part in parts:
            outcome.sent += part.sent
            outcome.bounced.update(part.bounced)
        return
    _email_over(connection, items, outcome, _mark_sent)


def _mark_sent(item: Outgoing) -> None:
    """Record one e-mail as sent the moment the mail server took it: a worker killed in the middle of a batch
    then sends again only the mail that was in flight (one per connection), not the whole batch. ``record``
    writes the batch's outcome afterwards as well; should this write fail, only that window widens."""
    model = Notice if item.notice is not None else Delivery
    try:
        with transaction.atomic():
            model.objects.filter(pk=item.pk, status=DeliveryStatus.CLAIMED).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now())
    except DatabaseError:
        pass


def _email_over(connection, items, outcome: Outcome, on_sent=None) -> None:
    connection.open()
    try:
        for item in items:
            mail = EmailMultiAlternatives(subject=item.subject, body=item.text, to=[item.person.user.email],
                                          headers={"Message-ID": item.message_id} if item.message_id else {},
                                          connection=connection)
            if item.html:
                mail.attach_alternative(item.html, "text/html")
            try:
                mail.send()
                outcome.sent.append(item.pk)
                if on_sent is not None:
                    on_sent(item)
            except smtplib.SMTPRecipientsRefused as exc:
                outcome.bounced[item.pk] = f"adres geweigerd: {exc.recipients}"
            except smtplib.SMTPResponseException as exc:
                outcome.bounced[item.pk] = f"geweigerd ({exc.smtp_code})"
    finally:
        connection.close()


def _sms(items, outcome: Outcome, now: datetime) -> None:
    if not items:
        return
    gateway = sms.gateway()
    for item in items:
        if gateway is None:
            outcome.skipped[item.pk] = "geen sms-dienst ingesteld"
            continue
        preference = getattr(item.person, "message_preference", None)
        try:
            number = rules.belgian_mobile(preference.phone if preference else "")
        except rules.PhoneError as exc:
            outcome.skipped[item.pk] = f"sms niet mogelijk: {exc}"
            continue
        length = rules.sms_length(item.text)
        if length.parts > rules.MAX_SMS_PARTS:
            outcome.skipped[item.pk] = f"te lang voor sms ({length.parts} delen, hoogstens {rules.MAX_SMS_PARTS})"
            continue
        try:
            gateway.send(to=number, text=item.text, reference=item.message_id)
        except sms.SmsRefused as exc:
            outcome.bounced[item.pk] = str(exc)[:300]
            continue
        except sms.SmsUnavailable:
            outcome.deferred[item.pk] = now + SMS_RETRY
            continue
        outcome.sent.append(item.pk)
        outcome.parts[item.pk] = length.parts


def _bridge(items, outcome: Outcome, now: datetime) -> None:
    if not items:
        return
    guides = bridge_figures([i.person.pk for i in items], now)
    for item in items:
        guide = guides.get(item.person.pk)
        if guide is None:
            outcome.skipped[item.pk] = "geen brugfiguur of begeleider met toestemming"
            continue
        BridgeTask.objects.get_or_create(
            delivery=item.delivery, notice=item.notice,
            defaults={"guide_id": guide, "person": item.person, "subject": item.subject, "text": item.text})
        outcome.sent.append(item.pk)


def record(model, outcome: Outcome, now: datetime) -> None:
    """Write an outcome on its rows (``Delivery`` or ``Notice``): sent, bounced, skipped, or back to pending
    with the moment it may go (deferred)."""
    model.objects.filter(pk__in=[pk for pk in outcome.sent if pk not in outcome.parts]).update(
        status=DeliveryStatus.SENT, sent_at=now)
    for pk, parts in outcome.parts.items():
        model.objects.filter(pk=pk).update(status=DeliveryStatus.SENT, sent_at=now, parts=parts)
    for pk, reason in outcome.bounced.items():
        model.objects.filter(pk=pk).update(status=DeliveryStatus.BOUNCED, reason=reason[:300])
    for pk, reason in outcome.skipped.items():
        model.objects.filter(pk=pk).update(status=DeliveryStatus.SKIPPED, reason=reason[:300])
    for pk, at in outcome.deferred.items():
        model.objects.filter(pk=pk).update(status=DeliveryStatus.PENDING, not_before=at)
