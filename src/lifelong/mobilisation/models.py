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
    SCHEDULED = "scheduled", _("gepland")
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
    #: the kind of message (``data/message_rules.json``: its legal basis, whether the frequency cap applies)
    kind = models.CharField(_("soort bericht"), max_length=30, default="campaign")
    scheduled_for = models.DateTimeField(_("versturen vanaf"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    planned_at = models.DateTimeField(null=True, blank=True)  # every delivery written: a rerun adds nobody
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
    SMS = "sms", _("sms")
    BRIDGE = "bridge", _("via je brugfiguur")
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
    not_before = models.DateTimeField(null=True, blank=True)  # deferred (quiet hours): not sent before
    parts = models.PositiveSmallIntegerField(default=0)  # SMS parts the message took

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="delivery_once_per_person")]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["person", "sent_at"])]


class Notice(models.Model):
    """One message to one person outside a campaign: the learning account's notifications (a booking, its
    confirmation; ``source_notification`` is the ``accounts.Notification``) and the reminder of expiring
    rights. Delivered by the same channels, under the same rules (cap, quiet hours, opt-out, legal basis);
    ``key`` makes each notice once."""

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30)
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="notices")
    source_notification = models.BigIntegerField(null=True, blank=True, unique=True)
    subject = models.CharField(max_length=300)
    text = models.TextField()
    path = models.CharField(max_length=200, default="/rekening/")  # where the link in the message leads
    channel = models.CharField(max_length=8, choices=Channel.choices, blank=True)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    reason = models.CharField(max_length=300, blank=True)
    not_before = models.DateTimeField(null=True, blank=True)
    parts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "not_before"]), models.Index(fields=["person", "sent_at"])]


class BridgeTask(models.Model):
    """'Through my bridge figure': a message becomes a task for the person's bridge figure or counsellor
    (someone the person gave a consent in force), who passes it on in person. Listed for them on
    /mobilisatie/taken/ (casework needs no change)."""

    guide = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mobilisation_tasks")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="bridge_tasks")
    delivery = models.OneToOneField(Delivery, null=True, blank=True, on_delete=models.CASCADE, related_name="task")
    notice = models.OneToOneField(Notice, null=True, blank=True, on_delete=models.CASCADE, related_name="task")
    subject = models.CharField(max_length=300)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "-created_at"]


class Preference(models.Model):
    """What a person wants to receive: no campaigns at all (opt-out), not by e-mail, a channel, quiet hours,
    no messages of some kinds, consent for kinds that need it."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="message_preference")
    no_campaigns = models.BooleanField(_("geen oproepen ontvangen"), default=False)
    no_email = models.BooleanField(_("geen e-mail, wel een brief"), default=False)
    channel = models.CharField(_("liefst via"), max_length=8, blank=True,
                               choices=[("", _("vanzelf (e-mail, anders een brief)")), ("email", _("e-mail")),
                                        ("letter", _("brief")), ("sms", _("sms")),
                                        ("bridge", _("via mijn brugfiguur of begeleider"))])
    phone = models.CharField(_("gsm-nummer"), max_length=16, blank=True)  # +324XXXXXXXX (rules.belgian_mobile)
    quiet_from = models.TimeField(_("stil vanaf"), null=True, blank=True)
    quiet_until = models.TimeField(_("stil tot"), null=True, blank=True)
    no_kinds = models.JSONField(_("geen berichten van deze soorten"), default=list, blank=True)
    consents = models.JSONField(_("toestemming voor deze soorten"), default=list, blank=True)


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
