"""Consent and its trace: who may see a person's data, for what, until when; and every look by someone else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PROFILE = "profile", _("je competenties, diploma's, ervaring en plannen bekijken")
    CHECK = "check", _("je competentiecheck bevestigen")
    EVC = "evc", _("je bewijzen beoordelen (EVC)")


# Which roles may receive which scope. Data, so a change of policy is a change of this table only.
SCOPES_BY_ROLE = {
    "counsellor": (Scope.PROFILE, Scope.CHECK, Scope.EVC),
    "employer": (Scope.PROFILE,),
}


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
    scope = models.CharField(max_length=10, choices=Scope.choices)
    action = models.CharField(max_length=200)
    consent = models.ForeignKey(Consent, null=True, on_delete=models.SET_NULL, related_name="uses")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
