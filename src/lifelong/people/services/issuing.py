"""Signed credentials of a recognised competence: the signing key, issuing one, revoking one."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.taxonomy.selectors import label_of

from .. import credentials as vc
from ..models import Credential, CredentialRecord, Mastery, ValidationRequest, ValidationStatus
from .base import Refused, require_own

ASSESSMENT = "EVC-assessment door een loopbaanbegeleider: portfolio met bewijzen en gesprek"
QUALITY_ASSURANCE = "Erkend volgens het Vlaamse EVC-kader (decreet van 26 april 2019); demo-uitgifte"


def signing_key():
    seed = settings.SECRET_KEY.encode() + b"/credential-demo-key" if settings.DEBUG else None
    try:
        return vc.load_private_key(settings.CREDENTIAL_SIGNING_KEY, fallback_seed=seed)
    except ValueError as exc:
        raise Refused(_("Het platform kan nu geen bewijzen ondertekenen (geen sleutel ingesteld).")) from exc


def site_url() -> str:
    """The platform's public address (``SITE_URL``), never the request's Host: it is signed into credentials."""
    base = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if not base:
        raise Refused(_("Het platform kan nu geen bewijzen uitreiken (geen SITE_URL ingesteld)."))
    return base


def retired_public_keys() -> list:
    """Public keys of earlier signing keys (``CREDENTIAL_RETIRED_PUBLIC_KEYS``): credentials they signed still verify."""
    return [vc.public_from_multibase(k.strip()) for k in getattr(settings, "CREDENTIAL_RETIRED_PUBLIC_KEYS", [])
            if k.strip()]


@transaction.atomic
def issue_credential(*, user, validation: ValidationRequest) -> Credential:
    """The person's validated competence as a signed credential (issued once, then served as stored)."""

    claim = validation.claim
    require_own(user, claim.person)
    if validation.status != ValidationStatus.VALIDATED:
        raise Refused(_("Alleen een erkende competentie kan je als digitaal bewijs downloaden."))
    existing = Credential.objects.filter(validation=validation).first()
    if existing:
        return existing
    base = site_url()
    cid = uuid.uuid4()
    skill_label = str(label_of(claim.skill, "nl"))
    issued = validation.decided_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    person = claim.person
    doc = vc.build(
        credential_id=f"urn:uuid:{cid}", issuer_id=f"{base}/loopbaan/uitgever", issuer_name="lifelong — EVC Vlaanderen",
        issued=issued, learner_name=f"{person.given_name} {person.family_name}",
        learner_id=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base}/person/{person.pk}')}",
        title=f"{skill_label} — {Mastery(validation.level).label}",
        description=validation.reasons, skill_uri=claim.skill.uri, skill_label=skill_label,
        level_label=str(Mastery(validation.level).label), level_number=validation.level, eqf_level=None,
        assessment=ASSESSMENT, quality_assurance=QUALITY_ASSURANCE,
        criteria=_("Beoordeeld door %(name)s op basis van de ingediende bewijzen.") % {"name": validation.assessor_name},
    )
    doc["credentialStatus"] = {"id": f"{base}/loopbaan/verifieren/{cid}/", "type": "LifelongRevocationCheck"}
    signed = vc.sign(doc, signing_key(), verification_method=f"{base}/loopbaan/uitgever#key-1", created=issued)
    credential = Credential.objects.create(id=cid, validation=validation, document=signed)
    CredentialRecord.objects.create(id=cid, digest=vc.digest(signed), issued_at=credential.issued_at)
    return credential


@transaction.atomic
def revoke_credential(*, actor, credential: Credential, reason: str) -> Credential:
    """The assessor who decided, or the secretariat, withdraws a credential (it then verifies as revoked)."""
    if not (actor.pk == credential.validation.assessor_id or actor.has_role("secretariat")):
        raise PermissionDenied(_("Alleen wie besliste of het secretariaat kan dit bewijs intrekken."))
    if not reason.strip():
        raise Refused(_("Schrijf waarom je het bewijs intrekt."))
    credential.revoked_at, credential.revoked_reason = timezone.now(), reason.strip()[:300]
    credential.save(update_fields=["revoked_at", "revoked_reason"])
    CredentialRecord.objects.update_or_create(id=credential.id, defaults={
        "digest": vc.digest(credential.document), "issued_at": credential.issued_at,
        "revoked_at": credential.revoked_at})
    return credential
