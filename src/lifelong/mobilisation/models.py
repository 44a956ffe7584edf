"""Segments, campaigns and each person's delivery of a campaign (the idempotency of sending), plus the
demo's mailbox (what the demo "sent", readable at /dev/inbox/ when DEBUG is on)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lifelong.translations import Translated


class Segment(Translated):
    """A group of people described by a rule over their facts (``engine.FACTS``); versioned: a changed
    rule is a new version, the old one stays for the campaigns that used it."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("versie"), default=1)
    name = models.CharField(_("naam"), max_length=200)
    rule = models.JSONField(_("regel"))
    source = models.CharField(_("bron"), max_length=300)
    low_literacy = models.BooleanField(_("veel mensen lezen moeilijk"), default=False,
                                       help_text=_("een campagne voor dit segment vraagt een tekst in eenvoudig Nederlands"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="segment_code_version")]

    def __str__(self):
        return f"{self.name} (v{self.version})"


class CallToAction(models.TextChoices):
    CHECK = "check", _("start een competentiecheck")
    RIGHTS = "rights", _("bekijk je leerrechten")
    BOOK = "book", _("schrijf in met je leerrechten")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    SENDING = "sending", _("wordt verstuurd")
    SENT = "sent", _("verstuurd")


class Campaign(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="campaigns")
    call_to_action = models.CharField(_("oproep"), max_length=10, choices=CallToAction.choices)
    #: {"nl": {"subject", "text"}, "nl_easy": {...}, "en": {...}, "fr": {...}}
    messages = models.JSONField(_("berichten"))
    holdout_permille = models.PositiveIntegerField(_("controlegroep (promille)"), default=100)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(holdout_permille__lte=500),
                                              name="campaign_holdout_at_most_half")]

    def __str__(self):
        return self.name


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("brief")
    NONE = "none", _("geen (controlegroep)")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("te versturen")
    CLAIMED = "claimed", _("wordt verstuurd")
    SENT = "sent", _("verstuurd")
    BOUNCED = "bounced", _("geweigerd door de ontvanger")
    SKIPPED = "skipped", _("niet verstuurd")
    HELD_OUT = "held_out", _("controlegroep")


class Delivery(models.Model):
    """One person's part in a campaign: one row per person and campaign (the database refuses a second),
    so a restarted send never writes to anyone twice."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="campaign_deliveries")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    reason = models.CharField(max_length=300, blank=True)
    token = models.CharField(max_length=32, unique=True)
    language = models.CharField(max_length=8, default="nl")
    sent_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="delivery_once_per_person")]
        indexes = [models.Index(fields=["campaign", "status"])]


class Preference(models.Model):
    """What a person wants to receive: no campaigns at all (opt-out) or not by e-mail."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="message_preference")
    no_campaigns = models.BooleanField(_("geen oproepen ontvangen"), default=False)
    no_email = models.BooleanField(_("geen e-mail, wel een brief"), default=False)


class MailboxMessage(models.Model):
    """A mail the demo 'sent' (the DEBUG mail backend keeps it here instead of sending it)."""

    to = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
