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
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lifelong import errors
from lifelong.jobs import enqueue_for
from lifelong.people.models import Person
from lifelong.translations import in_language
from lifelong.users.models import Role

from . import channels, engine, rules, selectors
from .models import (
    BridgeTask,
    Campaign,
    CampaignStatus,
    Channel,
    Delivery,
    DeliveryStatus,
    Notice,
    Preference,
    Segment,
)

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
                    holdout_permille: int = 100, kind: str = "campaign") -> Campaign:
    _may_compose(actor)
    if kind not in rules.KINDS:
        raise Refused(_("Onbekende soort bericht '%(k)s': elke soort heeft een rechtsgrond in "
                        "data/message_rules.json.") % {"k": kind})
    if not (name or "").strip():
        raise Refused(_("Geef de campagne een naam."))
    if call_to_action not in CALL_TO_ACTION_PATH:
        raise Refused(_("Kies een oproep: een check, je leerrechten of inschrijven."))
    if not 0 <= int(holdout_permille) <= 500:
        raise Refused(_("De controlegroep is tussen 0 en 50 % van het segment."))
    return Campaign.objects.create(name=name.strip(), segment=segment, call_to_action=call_to_action,
                                   messages=_check_messages(segment, messages), holdout_permille=holdout_permille,
                                   kind=kind, created_by=actor)


def _send_task():
    """The worker's task, by its dotted path (the task module imports this one, never the reverse)."""
    return import_string("lifelong.mobilisation.tasks.send_campaign_task")


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


def schedule_sending(*, actor, campaign: Campaign, at, now=None) -> Campaign:
    """Send the campaign from ``at`` on: the worker picks it up then (a queued job with that start)."""
    _may_compose(actor)
    now = now or timezone.now()
    if at is None or at <= now:
        raise Refused(_("Kies een moment in de toekomst om de campagne te versturen."))
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED):
            raise Refused(_("Deze campagne is al verstuurd of wordt verstuurd."))
        campaign.status, campaign.scheduled_for = CampaignStatus.SCHEDULED, at
        campaign.save(update_fields=["status", "scheduled_for"])
    result = _send_task().using(run_after=at).enqueue(campaign.pk)
    Campaign.objects.filter(pk=campaign.pk).update(task_id=str(result.id))
    campaign.refresh_from_db()
    return campaign


def send_due_campaigns(*, now=None) -> list[int]:
    """Start every scheduled campaign whose time has come (the worker's sweep: a safety net if its own
    queued job was lost); returns their ids."""
    now = now or timezone.now()
    due = list(Campaign.objects.filter(status=CampaignStatus.SCHEDULED, scheduled_for__lte=now)
               .values_list("pk", flat=True))
    for pk in due:
        send_campaign(Campaign.objects.get(pk=pk), now=now)
    return due


def _language(person, campaign: Campaign) -> str:
    if campaign.segment.low_literacy and "nl_easy" in campaign.messages:
        return "nl_easy"
    language = (getattr(person.user, "preferred_language", "") if person.user_id else "") or "nl"
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
    return Delivery(campaign=campaign, person=person, channel=channels.choose_channel(person, preference), token=token,
                    language=_language(person, campaign))


def link_for(delivery: Delivery) -> str:
    site = getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000"
    return f"{site.rstrip('/')}/mobilisatie/m/{delivery.token}/"


def _outgoing(campaign: Campaign, delivery: Delivery) -> channels.Outgoing:
    message = campaign.messages[delivery.language]
    values = {"first_name": delivery.person.given_name, "link": link_for(delivery)}
    subject = engine.render(message["subject"], **values)
    text = engine.render(message["text"], **values)
    html = ""
    if delivery.channel == Channel.EMAIL:
        html_values = {k: escape(v) for k, v in values.items()}
        html_values["link"] = f'<a href="{escape(values["link"])}">{escape(values["link"])}</a>'
        html = linebreaks(engine.render(escape(message["text"]), **html_values))
    return channels.Outgoing(pk=delivery.pk, person=delivery.person, channel=delivery.channel, kind=campaign.kind,
                             subject=subject, text=text, html=html, delivery=delivery,
                             message_id=f"<{campaign.pk}.{delivery.token}@lifelong>")


def send_campaign(campaign: Campaign, *, batch_size: int = BATCH, now=None) -> dict:
    """Plan, then send every pending delivery that is due, in batches; safe to run again after a crash.

    A scheduled campaign does nothing before its time. Deliveries deferred by the quiet hours stay pending
    with their time; the campaign then stays 'sending' and the worker comes back for them."""
    clock = (lambda: now) if now is not None else timezone.now
    campaign.refresh_from_db()
    if campaign.scheduled_for and campaign.scheduled_for > clock():
        return {"planned": 0, "sent": 0, "bounced": 0, "waiting_until": campaign.scheduled_for.isoformat()}
    if campaign.status in (CampaignStatus.DRAFT, CampaignStatus.SCHEDULED) or campaign.sent_at is None:
        Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SENDING,
                                                       sent_at=campaign.sent_at or clock())
        campaign.refresh_from_db()
    planned = 0
    if campaign.planned_at is None:  # (the people are those of the segment when the sending started)
        planned = plan_deliveries(campaign)
        Campaign.objects.filter(pk=campaign.pk).update(planned_at=clock())
    sent = bounced = skipped = 0
    # a claimed batch whose sending was never recorded (a crash): send again (same Message-ID)
    Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.CLAIMED).update(status=DeliveryStatus.PENDING)
    while True:
        at = clock()
        with transaction.atomic():
            ids = list(Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.PENDING)
                       .filter(Q(not_before__isnull=True) | Q(not_before__lte=at))
                       .order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.CLAIMED)
        batch = list(Delivery.objects.filter(pk__in=ids).select_related("person__user", "person__message_preference"))
        outcome = _send_batch(campaign, batch, now=at)
        with transaction.atomic():
            channels.record(Delivery, outcome, at)
        sent += len(outcome.sent)
        bounced += len(outcome.bounced)
        skipped += len(outcome.skipped)
    later = (Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.PENDING)
             .order_by("not_before").values_list("not_before", flat=True).first())
    if later:
        _send_task().using(run_after=later).enqueue(campaign.pk)
    else:
        Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.SENT)
    return {"planned": planned, "sent": sent, "bounced": bounced, "skipped": skipped,
            "deferred_until": later.isoformat() if later else None}


def _send_batch(campaign, batch, *, now=None) -> channels.Outcome:
    """Each message through its channel, under the rules (``channels.dispatch``)."""
    return channels.dispatch([_outgoing(campaign, d) for d in batch], now=now)


def mark_task_done(*, guide, task_id: int) -> BridgeTask | None:
    """The guide passed the message on; only their own task (None for another's: not found)."""
    task = BridgeTask.objects.filter(pk=task_id, guide=guide).first()
    if task is not None and task.done_at is None:
        BridgeTask.objects.filter(pk=task.pk).update(done_at=timezone.now())
        task.refresh_from_db()
    return task


def record_open(token: str) -> Delivery | None:
    """The tracked link was followed (the first time counts); no tracking pixel is ever used."""
    delivery = Delivery.objects.filter(token=token).select_related("campaign").first()
    if delivery and delivery.opened_at is None:
        Delivery.objects.filter(pk=delivery.pk, opened_at__isnull=True).update(opened_at=timezone.now())
    return delivery


def set_preference(*, person: Person, no_campaigns: bool = False, no_email: bool = False, channel: str = "",
                   phone: str = "", quiet_from=None, quiet_until=None, no_kinds=(), consents=()) -> Preference:
    """A person's wishes; a phone number must be a Belgian mobile number, an SMS channel needs one."""
    if phone:
        try:
            phone = rules.belgian_mobile(phone)
        except rules.PhoneError as exc:
            raise Refused(str(exc)) from exc
    if channel == Channel.SMS and not phone:
        raise Refused(_("Geef een gsm-nummer om berichten per sms te krijgen."))
    if channel not in ("", Channel.EMAIL, Channel.LETTER, Channel.SMS, Channel.BRIDGE):
        raise Refused(_("Onbekend kanaal: %(c)s") % {"c": channel})
    if (quiet_from is None) != (quiet_until is None):
        raise Refused(_("Stille uren hebben een begin en een einde."))
    unknown = [k for k in list(no_kinds) + list(consents) if k not in rules.KINDS]
    if unknown:
        raise Refused(_("Onbekende soort bericht: %(k)s") % {"k": ", ".join(unknown)})
    preference, _created = Preference.objects.update_or_create(
        person=person, defaults={"no_campaigns": no_campaigns, "no_email": no_email, "channel": channel,
                                 "phone": phone, "quiet_from": quiet_from, "quiet_until": quiet_until,
                                 "no_kinds": sorted(set(no_kinds)), "consents": sorted(set(consents))})
    return preference


def letters_pdf(campaign: Campaign) -> bytes:
    """The print batch: one page per person without e-mail (name, postcode, the message, the link)."""
    letters = (Delivery.objects.filter(campaign=campaign, channel=Channel.LETTER, status=DeliveryStatus.SENT)
               .select_related("person").order_by("person__postcode", "person__family_name"))
    pages = []
    for d in letters:
        message = campaign.messages[d.language]
        values = {"first_name": d.person.given_name, "link": link_for(d)}
        pages.append((d.person, engine.render(message["subject"], **values), engine.render(message["text"], **values)))
    return _pdf(pages)


def greeting(person) -> str:
    """"Dag Ann," in the person's own language."""
    return in_language(person.user.preferred_language if person.user_id else None, gettext_noop("Dag %(name)s,"),
                       name=person.given_name)


def notice_letters_pdf(*, days: int = 14, now=None) -> bytes:
    """The print batch of the account's notices that went out as a letter in the last ``days`` days."""
    since = (now or timezone.now()) - timedelta(days=days)
    site = (getattr(settings, "SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
    letters = (Notice.objects.filter(channel=Channel.LETTER, status=DeliveryStatus.SENT, sent_at__gte=since)
               .select_related("person__user").order_by("person__postcode", "person__family_name", "pk"))
    return _pdf([(n.person, n.subject, f"{greeting(n.person)}\n\n{n.text}\n\n{site}{n.path}") for n in letters])


def _pdf(pages) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=20)
    for person, subject, text in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 7, _latin1(f"{person.given_name} {person.family_name}\n{person.postcode}"))
        pdf.ln(10)
        pdf.set_font("Helvetica", style="B", size=14)
        pdf.multi_cell(0, 8, _latin1(subject))
        pdf.set_font("Helvetica", size=12)
        pdf.ln(4)
        pdf.multi_cell(0, 7, _latin1(text))
    if not pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=12)
        pdf.multi_cell(0, 7, "Geen brieven om af te drukken.")
    return bytes(pdf.output())


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")
