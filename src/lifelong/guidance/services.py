"""Writes of consent: the person grants and revokes; nobody else can."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SCOPES_BY_ROLE, Consent

MAX_DAYS = 730  # a consent runs two years at most; the person renews it when it is still needed


@transaction.atomic
def grant_consent(*, person, grantee, scopes, days: int = 365, start=None) -> list[Consent]:
    if grantee is None or not grantee.is_active:
        raise ValidationError(_("Deze persoon kan geen toestemming krijgen."))
    allowed = SCOPES_BY_ROLE.get(grantee.role, ())
    scopes = list(dict.fromkeys(scopes))
    if not scopes or any(s not in allowed for s in scopes):
        raise ValidationError(_("Deze toestemming kan je niet geven aan een %(role)s.")
                              % {"role": grantee.get_role_display().lower()})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("Kies een periode van 1 tot %(n)d dagen.") % {"n": MAX_DAYS})
    start = start or timezone.now()
    out = []
    for scope in scopes:
        consent = Consent(person=person, grantee=grantee, scope=scope, valid_from=start,
                          valid_until=start + timedelta(days=days))
        consent.full_clean()
        consent.save()
        out.append(consent)
    return out


@transaction.atomic
def revoke_consent(*, person, consent_id: int) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent_id, person=person)
    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
    return consent
