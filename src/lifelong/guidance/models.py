"""Consent and its trace: who may see a person's data, for what, until when; and every look by someone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PROFILE = "profile", _("je competenties, diploma's, ervaring en plannen bekijken")
    CHECK = "check", _("je competentiecheck bevestigen")
    EVC = "evc", _("je bewijzen beoordelen (EVC)")
    START_CHECK = "checkstart", _("samen met jou een competentiecheck doen")
    PLAN = "plan", _("samen met jou je ontwikkelplan aanpassen")
    BOOK = "book", _("een inschrijving voor jou klaarzetten (jij bevestigt)")
    RIGHTS = "rights", _("je leerrechten bekijken")
    REFER = "refer", _("je doorverwijzen naar andere hulp")


# Which roles may receive which scope. Data, so a change of policy is a change of this table only.
# A bridge figure (brugfiguur) helps close to the person but does not confirm checks or decide EVC.
SCOPES_BY_ROLE = {
    "counsellor": (Scope.PROFILE, Scope.CHECK, Scope.EVC, Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.RIGHTS,
                   Scope.REFER),
    "bridge": (Scope.PROFILE, Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.RIGHTS, Scope.REFER),
    "employer": (Scope.PROFILE,),
}
# The roles that work with people on their behalf: they have a caseload (``lifelong.casework``).
GUIDE_ROLES = ("counsellor", "bridge")


class Consent(models.Model):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="consents")
    grantee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_received")
    scope = models.CharField(_("wat"), max_length=10, choices=Scope.choices)
    valid_from = models.DateTimeField(_("vanaf"))
    valid_until = models.DateTimeField(_("tot"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        indexes = [models.Index(fields=["grantee", "person", "scope"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("valid_from")),
                                   name="consent_period_not_empty"),
            models.CheckConstraint(condition=models.Q(scope__in=[s.value for s in Scope]), name="consent_scope_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.grantee}: {self.scope}"

    def is_valid(self, at) -> bool:
        return self.revoked_at is None and self.valid_from <= at < self.valid_until


class AccessLog(models.Model):
    """One row per look at (or change of) a person's data by someone other than that person."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="access_logs")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200)  # kept when the actor's account is gone
    actor_role = models.CharField(max_length=20, blank=True)  # the role at the time (kept when it changes)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    action = models.CharField(max_length=200)
    consent = models.ForeignKey(Consent, null=True, on_delete=models.SET_NULL, related_name="uses")
    refused = models.BooleanField(default=False)  # an attempt without a consent in force: refused, shown too
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
