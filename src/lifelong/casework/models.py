"""A counsellor's and a bridge figure's work with a person: who they work for, notes, appointments,
bookings prepared for the person to confirm, referrals. Consent and the access log stay in ``guidance``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("gemeente of OCMW")
    ASSOCIATION = "association", _("vereniging")
    TRADE_UNION = "union", _("vakbond")
    SECTOR_FUND = "sectorfund", _("sectorfonds")
    EMPLOYER = "employer", _("werkgever")
    PUBLIC_SERVICE = "public", _("VDAB of andere openbare dienst")


class GuideProfile(models.Model):
    """For whom a counsellor or bridge figure works. Notes are shared within this organisation only."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guide_profile")
    organisation_kind = models.CharField(_("soort organisatie"), max_length=12, choices=OrganisationKind.choices)
    organisation_name = models.CharField(_("naam van de organisatie"), max_length=200)

    class Meta:
        verbose_name = _("begeleidersprofiel")
        verbose_name_plural = _("begeleidersprofielen")

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation_name}"

    @property
    def organisation_key(self) -> str:
        return f"{self.organisation_kind}:{self.organisation_name.strip().lower()}"


class CaseNote(models.Model):
    """A private note about a person: only the author's organisation reads it; never in an employer export."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(max_length=200)
    organisation_key = models.CharField(max_length=220, db_index=True)
    text = models.TextField(_("notitie"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Appointment(models.Model):
    """A meeting of a guide with a person. Changed or cancelled by the guide who made it; a cancelled
    appointment stays (with who, when and why), and every change is an ``AppointmentChange``."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="appointments")
    guide = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments")
    at = models.DateTimeField(_("wanneer"))
    what = models.CharField(_("waarover"), max_length=200)
    place = models.CharField(_("waar"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by_label = models.CharField(max_length=200, blank=True)
    cancel_reason = models.CharField(_("waarom geannuleerd"), max_length=300, blank=True)

    class Meta:
        ordering = ["at"]
        indexes = [models.Index(fields=["guide", "person", "at"])]

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class AppointmentChangeKind(models.TextChoices):
    CHANGED = "changed", _("gewijzigd")
    CANCELLED = "cancelled", _("geannuleerd")


class AppointmentChange(models.Model):
    """One change of an appointment: who, when, what it was before, and (for a cancellation) why."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=AppointmentChangeKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    by_label = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)
    old_at = models.DateTimeField()
    old_what = models.CharField(max_length=200)
    old_place = models.CharField(max_length=200, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]


class PreparedStatus(models.TextChoices):
    WAITING = "waiting", _("wacht op bevestiging")
    CONFIRMED = "confirmed", _("bevestigd")
    VOID = "void", _("vervallen")
    CANCELLED = "cancelled", _("geannuleerd")


class PreparedBooking(models.Model):
    """A booking a guide prepared; no right is spent until the person confirms (one-time code or own login)."""

    MAX_ATTEMPTS = 3

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="prepared_bookings")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    prepared_by_label = models.CharField(max_length=200)
    offer = models.ForeignKey("catalogue.Offer", on_delete=models.CASCADE, related_name="+")  # nothing reserved yet
    code_hash = models.CharField(max_length=128, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PreparedStatus.choices, default=PreparedStatus.WAITING)
    booking_id = models.BigIntegerField(null=True, blank=True)  # accounts.Booking, once confirmed
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(attempts__lte=3), name="prepared_attempts_max_3")]


class ServiceKind(models.TextChoices):
    COUNSELLING = "counselling", _("loopbaanbegeleiding")
    PROVIDER = "provider", _("opleidingsverstrekker")
    SOCIAL = "social", _("sociale dienst")
    LANGUAGE = "language", _("taal en basisvaardigheden")
    DIGITAL = "digital", _("digitale hulp")


class ReferralService(models.Model):
    """A service one can refer a person to (data: the list grows without code)."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=12, choices=ServiceKind.choices)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("verstuurd")
    ACCEPTED = "accepted", _("aanvaard")
    DONE = "done", _("afgerond")
    DECLINED = "declined", _("niet aanvaard")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class Referral(models.Model):
    """A person referred by a guide to a counsellor (a user) or to a service, with the person's consent."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="referrals")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    referred_by_label = models.CharField(max_length=200)
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="referrals_received")
    to_service = models.ForeignKey(ReferralService, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="referrals")
    reason = models.CharField(_("waarom"), max_length=300)
    status = models.CharField(max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(to_user__isnull=False, to_service__isnull=True)
                       | models.Q(to_user__isnull=True, to_service__isnull=False)),
            name="referral_has_one_target")]


class AssistedAccount(models.Model):
    """An account made with the person present, without an e-mail address: log in with a code and a PIN."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assisted_account")
    login_code = models.CharField(max_length=12, unique=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


# -- guidance for organisations (14.7): a guide works with an employer, on the employer's consent -----------------
class OrganisationConsent(models.Model):
    """An employer's consent: this guide sees the organisation's competence check (aggregates only) and its
    training plan, and may comment and propose actions. Never individual data (that needs each person's own
    consent). It has an expiry and can be revoked by anyone who answers for the organisation."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="guide_consents")
    guide = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_consents")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    given_by_label = models.CharField(max_length=200)
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["guide", "organisation"])]
        constraints = [models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("valid_from")),
                                              name="organisation_consent_period_not_empty")]

    def is_valid(self, at) -> bool:
        return self.revoked_at is None and self.valid_from <= at < self.valid_until


class OrganisationAccessLog(models.Model):
    """Every look and act of a guide on an organisation's check and plan (and every refused attempt),
    shown to the organisation."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="guide_access_logs")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=200)
    consent = models.ForeignKey(OrganisationConsent, null=True, on_delete=models.SET_NULL, related_name="uses")
    refused = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]


class ProposalStatus(models.TextChoices):
    NONE = "", _("opmerking")
    PROPOSED = "proposed", _("voorgesteld")
    TAKEN = "taken", _("in het plan opgenomen")
    DECLINED = "declined", _("niet opgenomen")


class OrganisationComment(models.Model):
    """A guide's comment on the organisation's competence check or training plan, or a proposed action for
    the plan (with a title): the employer takes it into the plan or not."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="guide_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()  # the plan's year
    text = models.TextField(_("opmerking"), max_length=3000)
    proposal_title = models.CharField(_("voorgestelde actie"), max_length=300, blank=True)
    proposal_offer = models.ForeignKey("catalogue.Offer", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+")
    proposal_deadline = models.DateField(_("tegen"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.NONE, blank=True)
    plan_item_id = models.BigIntegerField(null=True, blank=True)  # organisations.PlanItem, once taken
    decided_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
