"""JSON API of the career platform: /api/v1/people/… (session login; the same gate as the pages)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from lifelong.guidance.selectors import NoConsent, access_log_of

from . import selectors, services
from .api_records import my_person
from .models import Credential, CredentialRecord, Person

router = Router(tags=["career platform"], auth=django_auth)


class ClaimOut(Schema):
    skill_uri: str
    label: str
    group: str
    level: int
    proof: int
    proof_label: str
    source: str
    on: date


class ProofCountOut(Schema):
    proof: int
    label: str
    count: int


class OverviewOut(Schema):
    total: int
    proof_counts: list[ProofCountOut]
    claims: list[ClaimOut]
    has_development_plan: bool


def _overview(request, person) -> OverviewOut:
    try:
        o = selectors.overview(request.user, person, (get_language() or "nl")[:2])
    except NoConsent as exc:
        raise HttpError(403, str(exc)) from exc
    claims = [ClaimOut(skill_uri=r.claim.skill.uri, label=r.label, group=g.label, level=r.claim.level,
                       proof=r.claim.proof, proof_label=r.claim.get_proof_display(), source=r.claim.source,
                       on=r.claim.on) for g in o.groups for r in g.rows]
    return OverviewOut(total=o.total, claims=claims, has_development_plan=selectors.has_development_plan(person),
                       proof_counts=[ProofCountOut(proof=p, label=label, count=n) for p, label, n, _pct in o.proof_counts])


@router.get("/people/me/overview", response=OverviewOut, summary="My competence overview")
def my_overview(request):
    person = my_person(request)
    return _overview(request, person)


@router.get("/people/{person_id}/overview", response=OverviewOut,
            summary="A person's overview (the person, or a counsellor/employer with a consent in force; logged)")
def person_overview(request, person_id: int):
    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        raise HttpError(403, _("Je hebt geen geldige toestemming van deze persoon."))  # no existence oracle
    return _overview(request, person)


class AccessLogOut(Schema):
    at: datetime
    actor: str
    actor_role: str
    action: str
    scope: str


@router.get("/people/me/access-log", response=list[AccessLogOut],
            summary="Who looked at or acted on my data, for what (newest first; refused attempts included)")
def my_access_log(request):
    person = my_person(request)
    return [AccessLogOut(at=row.at, actor=row.actor_label, actor_role=row.actor_role,
                         action=(_("Geweigerd: %(what)s") % {"what": _(row.action)}) if row.refused else _(row.action),
                         scope=row.scope) for row in access_log_of(person)]


@router.get("/people/me/export", summary="All my data (JSON)")
def my_export(request):
    person = my_person(request)
    return selectors.export_of(request.user, person)


class VerificationOut(Schema):
    state: str
    reason: str


@router.get("/credentials/{credential_id}/verification", response=VerificationOut, auth=None,
            summary="Public: is this credential valid, invalid or revoked?")
def verify(request, credential_id: UUID):
    credential = Credential.objects.filter(pk=credential_id).first()
    record = None if credential else CredentialRecord.objects.filter(pk=credential_id).first()
    if record is not None:  # the holder's account is erased: the tombstone still tells the status
        status = selectors.status_of_record(record)
    else:
        status = selectors.verify_credential(credential.document if credential else None,
                                             [services.signing_key().public_key(), *services.retired_public_keys()],
                                             credential)
    return VerificationOut(state=status.state, reason=status.reason)
