"""Demo mobilisation: the advice's three segments, one finished campaign with a hold-out (the reactions of
its synthetic people are made up, and the campaign's name says so) and a reminder of expiring rights."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from lifelong.mobilisation import rules
from lifelong.mobilisation.models import (
    CallToAction,
    Campaign,
    CampaignStatus,
    Delivery,
    DeliveryStatus,
)
from lifelong.mobilisation.services import create_campaign, load_segments, send_campaign
from lifelong.people.models import CompetenceCheck
from lifelong.taxonomy.models import Concept, ConceptType

FINISHED = "Demo: doe de competentiecheck (reacties verzonnen)"
REMINDER = "Je leerrechten vervallen binnen 60 dagen"


def seed_demo_mobilisation(*, seed: int = 2026) -> dict:
    segments = {s.code: s for s in load_segments()}
    Campaign.objects.filter(name__in=[FINISHED, REMINDER]).delete()
    finished = create_campaign(
        actor=None, segment=segments["laaggeschoold-geen-opleiding"], name=FINISHED,
        call_to_action=CallToAction.CHECK, holdout_permille=200, messages={
            "nl": {"subject": "{{ first_name }}, wat kan je al?",
                   "text": "Dag {{ first_name }},\n\nOntdek in tien minuten wat je al kan, en wat je nog kan leren. "
                           "Het is gratis.\n\nStart hier: {{ link }}"},
            "nl_easy": {"subject": "{{ first_name }}, wat kan jij?",
                        "text": "Dag {{ first_name }}.\nWat kan jij al? Doe de test. Het is gratis.\n"
                                "Klik hier: {{ link }}"},
            "fr": {"subject": "{{ first_name }}, que savez-vous déjà faire ?",
                   "text": "Bonjour {{ first_name }},\n\nDécouvrez en dix minutes ce que vous savez déjà faire, et ce "
                           "que vous pouvez encore apprendre. C'est gratuit.\n\nCommencez ici : {{ link }}"},
            "en": {"subject": "{{ first_name }}, what can you already do?",
                   "text": "Hello {{ first_name }},\n\nFind out in ten minutes what you can already do, and what "
                           "you can still learn. It is free.\n\nStart here: {{ link }}"}})
    sent_at = timezone.now() - timedelta(days=35)
    Campaign.objects.filter(pk=finished.pk).update(status=CampaignStatus.SENDING, sent_at=sent_at)
    finished.refresh_from_db()
    report = send_campaign(finished, now=_daytime(sent_at))
    _made_up_reactions(finished, random.Random(seed))
    return {"segments": len(segments), "finished": report}


def send_demo_reminder() -> dict:
    """The expiring-rights reminder, sent once the demo users exist (so the demo learner gets it by e-mail)."""
    segments = {s.code: s for s in load_segments()}
    Campaign.objects.filter(name=REMINDER).delete()
    reminder = create_campaign(
        actor=None, segment=segments["rechten-vervallen-geen-inschrijving"], name=REMINDER,
        call_to_action=CallToAction.BOOK, holdout_permille=0, messages={
            "nl": {"subject": "{{ first_name }}, je leerrechten vervallen binnen 60 dagen",
                   "text": "Dag {{ first_name }},\n\nJe hebt nog leerrechten die binnenkort vervallen. "
                           "Kies een opleiding in het opleidingskompas en schrijf in met je rechten.\n\n{{ link }}"},
            "fr": {"subject": "{{ first_name }}, vos droits de formation expirent dans 60 jours",
                   "text": "Bonjour {{ first_name }},\n\nVous avez encore des droits de formation qui expirent "
                           "bientôt. Choisissez une formation dans la boussole des formations et inscrivez-vous avec "
                           "vos droits.\n\n{{ link }}"},
            "en": {"subject": "{{ first_name }}, your learning rights expire within 60 days",
                   "text": "Hello {{ first_name }},\n\nYou still have learning rights that expire soon. Choose a "
                           "training in the training compass and book it with your rights.\n\n{{ link }}"}})
    Campaign.objects.filter(pk=reminder.pk).update(status=CampaignStatus.SENDING, sent_at=timezone.now())
    reminder.refresh_from_db()
    report_reminder = send_campaign(reminder, now=_daytime(timezone.now()))
    return report_reminder


def _daytime(at):
    """The demo sends in the day (never in the quiet hours, whatever time `make demo` runs): the last moment
    before ``at`` outside them."""
    local = timezone.localtime(at)
    if not rules.in_quiet_hours(local.time()):
        return at
    evening = local.replace(hour=rules.QUIET_FROM.hour, minute=rules.QUIET_FROM.minute, second=0, microsecond=0)
    return (evening if evening <= local else evening - timedelta(days=1)) - timedelta(minutes=1)


def _made_up_reactions(campaign: Campaign, rng: random.Random) -> None:
    """Synthetic behaviour for the demo only: some people follow the link and start a check."""
    occupation = Concept.objects.filter(concept_type=ConceptType.OCCUPATION).order_by("uri").first()
    for delivery in Delivery.objects.filter(campaign=campaign).select_related("person"):
        treated = delivery.status == DeliveryStatus.SENT
        if treated and rng.random() < 0.35:
            Delivery.objects.filter(pk=delivery.pk).update(opened_at=campaign.sent_at + timedelta(days=rng.randint(0, 5)))
        if occupation and rng.random() < (0.22 if treated else 0.06):
            check = CompetenceCheck.objects.create(person=delivery.person, occupation=occupation)
            CompetenceCheck.objects.filter(pk=check.pk).update(
                started_at=campaign.sent_at + timedelta(days=rng.randint(1, 25)))
