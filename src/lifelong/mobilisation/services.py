"""Every write of mobilisation: segments (as data, versioned), campaigns, sending in resumable batches,
and the opening of a tracked link.

Sending (``send_campaign``) runs in the worker. It first writes one ``Delivery`` per person of the segment
(the database allows one per person and campaign; the hold-out is a stable draw per person), then sends in
batches: a batch is claimed and committed, sent, and marked sent. After a crash a rerun sends what is still
pending, and a claimed batch whose end was never recorded is sent again with the same Message-ID, so a
receiving server can recognise the duplicate (the only window where one person could get a message twice).
"""

from __future__ import annotations

import json
import secrets
import smtplib
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from lifelong import errors
from lifelong.jobs import enqueue_for
from lifelong.people.models import Person
from lifelong.users.models import Role

from . import engine, selectors
from .models import Campaign, CampaignStatus, Channel, Delivery, DeliveryStatus, Preference, Segment

SEGMENTS_FILE = Path(__file__).resolve().parent / "data" / "segments.json"
COMPOSERS = (Role.SECRETARIAT,)
LANGUAGES = ("nl", "nl_easy", "en", "fr")
BATCH = 200
CALL_TO_ACTION_PATH = {"check": "/loopbaan/check/", "rights": "/rekening/", "book": "/kompas/"}


class Refused(errors.Refused):
    """A mobilisation write the rules do not allow; the reason is for the person who asked."""


def _may_compose(actor) -> None:
    if actor is not None and not (actor.is_superuser or actor.role in COMPOSERS):
        raise Refused(_("Alleen het secretariaat maakt segmenten en campagnes."))


@transaction.atomic
def save_segment(*, actor, code: str, name: str, rule, source: str, low_literacy: bool = False) -> Segment:
    """A new segment, or a new version of one when its rule, name or source changed (the old stays)."""
    _may_compose(actor)
    if isinstance(rule, str):
        try:
            rule = json.loads(rule)
        except json.JSONDecodeError as exc:
            raise Refused(_("De regel is geen geldige JSON: %(e)s") % {"e": exc}) from exc
    try:
        selectors.validate_rule(rule)
    except engine.RuleError as exc:
        raise Refused("; ".join(exc.reasons)) from exc
    if not (code or "").strip() or not (name or "").strip() or not (source or "").strip():
        raise Refused(_("Een segment heeft een code, een naam en een bron."))
    latest = Segment.objects.filter(code=code).order_by("-version").first()
    if latest and (latest.rule, latest.name, latest.source, latest.low_literacy) == (rule, name, source,
                                                                                   low_literacy):
        return latest
    if latest:
        Segment.objects.filter(code=code).update(active=False)
    return Segment.objects.create(code=code, version=(latest.version + 1) if latest else 1, name=name, rule=rule,
                                  source=source, low_literacy=low_literacy, created_by=actor)


def load_segments(path: Path | str = SEGMENTS_FILE) -> list[Segment]:
    """The segments of the advice's target groups (data file with sources); idempotent."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for item in data["segments"]:
        segment = save_segment(actor=None, code=item["code"], name=item["name"], rule=item["rule"],
                               source=item["source"], low_literacy=item.get("low_literacy", False))
        translations = {lang: {"name": item[f"name_{lang}"]} for lang in ("en", "fr") if item.get(f"name_{lang}")}
        if translations and segment.translations != translations:
            Segment.objects.filter(pk=segment.pk).update(translations=translations)
        out.append(segment)
    return out


def _check_messages(segment: Segment, messages: dict) -> dict:
    clean = {}
    for lang, message in (messages or {}).items():
        if lang not in LANGUAGES:
            raise Refused(_("Onbekende taal voor een bericht: %(l)s") % {"l": lang})
        subject, text = (message.get("subject") or "").strip(), (message.get("text") or "").strip()
        if not subject and not text:
            continue
        if not subject or not text:
            raise Refused(_("Het bericht in '%(l)s' heeft een onderwerp en een tekst nodig.") % {"l": lang})
        problems = engine.template_problems(subject) + engine.template_problems(text)
        if problems:
            raise Refused(_("Het bericht in '%(l)s': %(p)s") % {"l": lang, "p": "; ".join(problems)})
        if "{{ link }}" not in text.replace("{{link}}", "{{ link }}"):
            raise Refused(_("Het bericht in '%(l)s' bevat geen {{ link }}: zonder link kan niemand verder.")
                          % {"l": lang})
        clean[lang] = {"subject": subject, "text": text}
    if "nl" not in clean:
        raise Refused(_("Een campagne heeft minstens een Nederlands bericht."))
    if segment.low_literacy and "nl_easy" not in clean:
        raise Refused(_("Dit segment heeft veel mensen die moeilijk lezen: schrijf ook een bericht in "
                        "eenvoudig Nederlands (nl_easy)."))
    return clean


@transaction.atomic
def create_campaign(*, actor, segment: Segment, name: str, call_to_action: str, messages: dict,
                    holdout_permille: int = 100) -> Campaign:
    _may_compose(actor)
    if not (name or "").strip():
        raise Refused(_("Geef de campagne een naam."))
    if call_to_action not in CALL_TO_ACTION_PATH:
        raise Refused(_("Kies een oproep: een check, je leerrechten of inschrijven."))
    if not 0 <= int(holdout_permille) <= 500:
        raise Refused(_("De controlegroep is tussen 0 en 50 % van het segment."))
    return Campaign.objects.create(name=name.strip(), segment=segment, call_to_action=call_to_action,
                                   messages=_check_messages(segment, messages), holdout_permille=holdout_permille,
                                   created_by=actor)


def start_sending(*, actor, campaign: Campaign) -> Campaign:
    """Queue the sending on the worker (once: a campaign that is sending or sent is not sent again)."""
    _may_compose(actor)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.DRAFT:
            raise Refused(_("Deze campagne is al verstuurd of wordt verstuurd."))
        campaign.status = CampaignStatus.SENDING
        campaign.sent_at = timezone.now()
        campaign.save(update_fields=["status", "sent_at"])
    enqueue_for("lifelong.mobilisation.tasks.send_campaign_task", campaign)
    campaign.refresh_from_db()
    return campaign


def _language(person, campaign: Campaign) -> str:
    if campaign.segment.low_literacy and "nl_easy" in campaign.messages:
        return "nl_easy"
    language = (getattr(person.user, "language", "") if person.user_id else "") or "nl"
    return language if language in campaign.messages else "nl"


def plan_deliveries(campaign: Campaign) -> int:
    """One delivery per person of the segment, made once (a rerun adds only who is missing)."""
    made = 0
    have = set(Delivery.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    people = selectors.members(campaign.segment).select_related("user", "message_preference").order_by("pk")
    batch = []
    for person in people.iterator(chunk_size=2000):
        if person.pk in have:
            continue
        batch.append(_delivery(campaign, person))
        if len(batch) >= 2000:
            made += _insert(batch)
            batch = []
    return made + _insert(batch)


def _insert(batch) -> int:
    if not batch:
        return 0
    try:
        with transaction.atomic():
            Delivery.objects.bulk_create(batch)
        return len(batch)
    except IntegrityError:  # someone else planned some of them: add one by one, skipping those
        made = 0
        for d in batch:
            try:
                with transaction.atomic():
                    d.save()
                made += 1
            except IntegrityError:
                pass
        return made


def _delivery(campaign: Campaign, person) -> Delivery:
    token = secrets.token_hex(12)
    if engine.in_holdout(person.pk, campaign.pk, campaign.holdout_permille / 1000):
        return Delivery(campaign=campaign, person=person, channel=Channel.NONE, status=DeliveryStatus.HELD_OUT,
                        token=token)
    preference = getattr(person, "message_preference", None)
    if preference and preference.no_campaigns:
        return Delivery(campaign=campaign, person=person, channel=Channel.NONE, status=DeliveryStatus.SKIPPED,
                        reason="wil geen oproepen ontvangen (opt-out)", token=token)
    email = person.user.email if person.user_id else ""
    channel = Channel.EMAIL if email and not (preference and preference.no_email) else Channel.LETTER
    return Delivery(campaign=campaign, person=person, channel=channel, token=token,
                    language=_language(person, campaign))


def link_for(delivery: Delivery) -> str:
    site = getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000"
    return f"{site.rstrip('/')}/mobilisatie/m/{delivery.token}/"


def _email(campaign: Campaign, delivery: Delivery) -> EmailMultiAlternatives:
    message = campaign.messages[delivery.language]
    values = {"first_name": delivery.person.given_name, "link": link_for(delivery)}
    subject = engine.render(message["subject"], **values)
    text = engine.render(message["text"], **values)
    html_values = {k: escape(v) for k, v in values.items()}
    html_values["link"] = f'<a href="{escape(values["link"])}">{escape(values["link"])}</a>'
    html = linebreaks(engine.render(escape(message["text"]), **html_values))
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[delivery.person.user.email],
                                  headers={"Message-ID": f"<{campaign.pk}.{delivery.token}@lifelong>"})
    mail.attach_alternative(html, "text/html")
    return mail


def send_campaign(campaign: Campaign, *, batch_size: int = BATCH) -> dict:
    """Plan, then send every pending delivery in batches; safe to run again after a crash."""
    planned = plan_deliveries(campaign)
    sent = bounced = 0
    # a claimed batch whose sending was never recorded (a crash): send again (same Message-ID)
    Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.CLAIMED).update(status=DeliveryStatus.PENDING)
    while True:
        with transaction.atomic():
            ids = list(Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.PENDING)
                       .order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.CLAIMED)
        batch = list(Delivery.objects.filter(pk__in=ids).select_related("person__user"))
        done, failed = _send_batch(campaign, batch)
        with transaction.atomic():
            now = timezone.now()
            Delivery.objects.filter(pk__in=done).update(status=DeliveryStatus.SENT, sent_at=now)
            for pk, reason in failed.items():
                Delivery.objects.filter(pk=pk).update(status=DeliveryStatus.BOUNCED, reason=reason[:300])
        sent += len(done)
        bounced += len(failed)
    Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SENT)
    return {"planned": planned, "sent": sent, "bounced": bounced}


def _send_batch(campaign, batch) -> tuple[list[int], dict[int, str]]:
    """E-mails over one connection; a letter is 'sent' when it is in the print batch (``letters_pdf``)."""
    done, failed = [], {}
    mails = [(d, _email(campaign, d)) for d in batch if d.channel == Channel.EMAIL]
    done += [d.pk for d in batch if d.channel == Channel.LETTER]
    if mails:
        connection = get_connection()
        connection.open()
        try:
            for delivery, mail in mails:
                mail.connection = connection
                try:
                    mail.send()
                    done.append(delivery.pk)
                except smtplib.SMTPRecipientsRefused as exc:
                    failed[delivery.pk] = f"adres geweigerd: {exc.recipients}"
                except smtplib.SMTPResponseException as exc:
                    failed[delivery.pk] = f"geweigerd ({exc.smtp_code})"
        finally:
            connection.close()
    return done, failed


def record_open(token: str) -> Delivery | None:
    """The tracked link was followed (the first time counts); no tracking pixel is ever used."""
    delivery = Delivery.objects.filter(token=token).select_related("campaign").first()
    if delivery and delivery.opened_at is None:
        Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(opened_at=timezone.now())
    return delivery


def set_preference(*, person: Person, no_campaigns: bool, no_email: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(
        person=person, defaults={"no_campaigns": no_campaigns, "no_email": no_email})
    return preference


def letters_pdf(campaign: Campaign) -> bytes:
    """The print batch: one page per person without e-mail (name, postcode, the message, the link)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    letters = (Delivery.objects.filter(campaign=campaign, channel=Channel.LETTER, status=DeliveryStatus.SENT)
               .select_related("person").order_by("person__postcode", "person__family_name"))
    for d in letters:
        message = campaign.messages[d.language]
        values = {"first_name": d.person.given_name, "link": link_for(d)}
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 7, _latin1(f"{d.person.given_name} {d.person.family_name}\n{d.person.postcode}"))
        pdf.ln(10)
        pdf.set_font("Helvetica", style="B", size=14)
        pdf.multi_cell(0, 8, _latin1(engine.render(message["subject"], **values)))
        pdf.set_font("Helvetica", size=12)
        pdf.ln(4)
        pdf.multi_cell(0, 7, _latin1(engine.render(message["text"], **values)))
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")
