"""The one gate to another person's data: role, consent in force, and a log line for every use."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import GUIDE_ROLES, SCOPES_BY_ROLE, AccessLog, Consent


class NoConsent(PermissionDenied):
    """The asking user may not see this person's data for this purpose."""


def consent_in_force(*, grantee, person, scope: str, at=None) -> Consent | None:
    at = at or timezone.now()
    if grantee is None or not grantee.is_authenticated or not grantee.is_active:
        return None
    if scope not in SCOPES_BY_ROLE.get(grantee.role, ()):
        return None
    return (Consent.objects.filter(grantee=grantee, person=person, scope=scope, revoked_at__isnull=True,
                                   valid_from__lte=at, valid_until__gt=at)
            .order_by("-valid_until").first())


def is_self(user, person) -> bool:
    return bool(user is not None and user.is_authenticated and person.user_id is not None
                and person.user_id == user.pk)


def require_access(user, person, *, scope: str, action: str) -> None:
    """Pass for the person themself; for anyone else, only within a consent in force, and logged.

    Raises ``NoConsent`` otherwise: the superuser of the admin is no exception here (the secretariat
    works in the admin, where the Django admin's own log applies)."""
    if is_self(user, person):
        return
    consent = consent_in_force(grantee=user, person=person, scope=scope)
    if consent is None:
        log_refusal(user, person, scope=scope, action=action)
        raise NoConsent(_("Je hebt geen geldige toestemming van deze persoon."))
    _log(user, person, scope=scope, action=action, consent=consent)


def _log(user, person, *, scope: str, action, consent=None, refused: bool = False) -> None:
    with override(settings.LANGUAGE_CODE):  # stored in Dutch, shown in the reader's language (privacy page)
        AccessLog.objects.create(person=person, actor=user, actor_label=f"{user} ({user.get_role_display()})",
                                 actor_role=user.role, scope=scope, action=str(action)[:200], consent=consent,
                                 refused=refused)


def log_refusal(user, person, *, scope: str, action) -> None:
    """A guide (counsellor, bridge figure) asked beyond a consent: the person sees the refused attempt too.

    Other roles' refusals (an employer or an anonymous visitor probing ids) are not written: they would let
    anyone fill a person's log; their 403 is the answer."""
    if person is None or user is None or not user.is_authenticated or user.role not in GUIDE_ROLES:
        return
    _log(user, person, scope=scope, action=action, refused=True)


def persons_who_consented(grantee, at=None):
    """The ids of the persons that gave ``grantee`` a consent in force (a query to filter people by)."""
    at = at or timezone.now()
    return Consent.objects.filter(grantee=grantee, revoked_at__isnull=True, valid_from__lte=at,
                                  valid_until__gt=at).values("person_id")


def consents_of(person):
    return Consent.objects.filter(person=person).select_related("grantee").order_by("-created_at")


def access_log_of(person, limit: int = 200):
    return AccessLog.objects.filter(person=person)[:limit]


def scopes_in_force(grantee, person_ids, at=None) -> dict[int, list[str]]:
    """{person id: [scopes in force for ``grantee``]} for many people at once (the caseload);
    ``person_ids=None``: for everyone who gave ``grantee`` a consent in force."""
    at = at or timezone.now()
    out: dict[int, list[str]] = {}
    allowed = set(SCOPES_BY_ROLE.get(getattr(grantee, "role", ""), ()))
    rows = Consent.objects.filter(grantee=grantee, revoked_at__isnull=True, valid_from__lte=at, valid_until__gt=at)
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    rows = rows.values_list("person_id", "scope").order_by("person_id", "scope")
    for person_id, scope in rows:
        if scope in allowed and scope not in out.setdefault(person_id, []):
            out[person_id].append(scope)
    return out
