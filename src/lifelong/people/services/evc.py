"""EVC (recognition of acquired competences): evidence and its files, the request, an assessor's decision,
a diploma certified."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifelong.guidance.models import Scope
from lifelong.guidance.selectors import require_access

from ..models import (
    ClaimSource,
    CompetenceClaim,
    Evidence,
    Mastery,
    Proof,
    Qualification,
    ValidationRequest,
    ValidationStatus,
)
from .base import Refused, concept_of, raise_claim, require_own

# Uploads: the kinds a reader can open everywhere, recognised by their first bytes (not by the name).
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def check_upload(upload) -> str:
    """The upload's content type, recognised by its first bytes; ``Refused`` for anything else or too big."""
    if upload.size > UPLOAD_MAX_BYTES:
        raise Refused(_("Dit bestand is te groot (%(mb).1f MB). Het mag hoogstens 5 MB zijn.")
                      % {"mb": upload.size / 1024 / 1024})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in UPLOAD_SIGNATURES.items():
        if head.startswith(magic):
            return content_type
    raise Refused(_("Dit soort bestand kunnen we niet aannemen. Gebruik een PDF, PNG of JPEG."))


@transaction.atomic
def record_evidence(*, user, person, skill_uri: str, kind: str, description: str, upload=None,
                    witness_name: str = "", witness_contact: str = "", level: int = Mastery.ON_MY_OWN) -> Evidence:
    require_own(user, person)
    content_type = check_upload(upload) if upload else ""
    if not (upload or witness_name.strip() or description.strip()):
        raise Refused(_("Beschrijf je bewijs, voeg een bestand toe of geef een getuige op."))
    skill = concept_of(skill_uri)
    existing = CompetenceClaim.objects.filter(person=person, skill=skill).first()
    claim = raise_claim(person=person, skill=skill, level=existing.level if existing else level,
                        proof=Proof.EVIDENCED, source=ClaimSource.EVIDENCE, note=description[:100])
    evidence = Evidence(claim=claim, kind=kind, description=description.strip(), content_type=content_type,
                        witness_name=witness_name.strip(), witness_contact=witness_contact.strip())
    if upload:
        upload.name = f"{uuid.uuid4().hex}.{content_type.split('/')[1]}"
        evidence.file = upload
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def remove_evidence(*, user, evidence: Evidence) -> None:
    """The person takes a piece of evidence back (and its file): not while an assessor is judging the request
    it belongs to. A claim left without evidence is self-declared again (its recognition, if any, stays)."""
    claim = CompetenceClaim.objects.select_for_update().get(pk=evidence.claim_id)
    require_own(user, claim.person)
    if claim.validations.filter(status=ValidationStatus.SUBMITTED).exists():
        raise Refused(_("Je aanvraag wordt beoordeeld. Je kan dit bewijs pas weghalen als er beslist is."),
                      code="being_assessed")
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()
    if claim.proof == Proof.EVIDENCED and not claim.evidence.exists():
        claim.proof, claim.source = Proof.SELF_DECLARED, ClaimSource.SELF
        claim.save(update_fields=["proof", "source"])


@transaction.atomic
def submit_for_validation(*, user, claim: CompetenceClaim) -> ValidationRequest:
    require_own(user, claim.person)
    if not claim.evidence.exists():
        raise Refused(_("Voeg eerst minstens één bewijs toe."))
    if claim.proof >= Proof.VALIDATED:
        raise Refused(_("Deze competentie is al erkend."))
    if claim.validations.filter(status=ValidationStatus.SUBMITTED).exists():
        raise Refused(_("Je aanvraag wordt al beoordeeld."))
    return ValidationRequest.objects.create(claim=claim)


@transaction.atomic
def decide_validation(*, assessor, request: ValidationRequest, approve: bool, reasons: str,
                      level: int | None = None) -> ValidationRequest:
    """An assessor (a counsellor with the person's 'evc' consent) decides, always with reasons."""
    person = request.claim.person
    require_access(assessor, person, scope=Scope.EVC, action=gettext_lazy("EVC-aanvraag beoordeeld"))
    if assessor.pk == person.user_id:
        raise PermissionDenied(_("Je kan je eigen aanvraag niet beoordelen."))
    request = ValidationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ValidationStatus.SUBMITTED:
        raise Refused(_("Over deze aanvraag is al beslist."))
    if not reasons.strip():
        raise Refused(_("Schrijf waarom je zo beslist."))
    claim = request.claim
    level = level or claim.level
    request.status = ValidationStatus.VALIDATED if approve else ValidationStatus.REFUSED
    request.assessor, request.assessor_name = assessor, str(assessor)
    request.decided_at, request.reasons, request.level = timezone.now(), reasons.strip(), level
    request.save()
    if approve:
        raise_claim(person=person, skill=claim.skill, level=level, proof=Proof.VALIDATED, source=ClaimSource.EVC,
                    note=_("erkend door %(name)s") % {"name": assessor}, by=assessor)
    return request


@transaction.atomic
def certify_qualification(*, assessor, qualification: Qualification, skill_uris) -> int:
    """An assessor (consent 'evc') saw the original diploma: it is verified, and the competences it covers
    (chosen among the person's claims) count as certified."""
    person = qualification.person
    require_access(assessor, person, scope=Scope.EVC, action=gettext_lazy("diploma bevestigd"))
    if assessor.pk == person.user_id:
        raise PermissionDenied(_("Je kan je eigen diploma niet bevestigen."))
    claims = list(CompetenceClaim.objects.filter(person=person, skill__uri__in=list(skill_uris))
                  .select_related("skill"))
    if not claims:
        raise Refused(_("Kies de competenties die dit diploma aantoont."))
    for claim in claims:
        raise_claim(person=person, skill=claim.skill, level=claim.level, proof=Proof.CERTIFIED,
                    source=ClaimSource.QUALIFICATION, note=qualification.title, by=assessor)
    qualification.verified_by, qualification.verified_at = assessor, timezone.now()
    qualification.save(update_fields=["verified_by", "verified_at"])
    return len(claims)
