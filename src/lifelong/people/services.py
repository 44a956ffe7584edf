"""Every write of the career platform: one function per use case, the acting person or user first.

A claim's proof only goes up (self-declared → checked → evidenced → validated → certified); a
service never claims a competence on a person's behalf: suggestions stay suggestions until confirmed.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifelong import errors
from lifelong.guidance.models import Scope
from lifelong.guidance.selectors import require_access
from lifelong.taxonomy.models import Concept, ConceptType, OccupationSkill
from lifelong.taxonomy.selectors import label_of, named_equivalents

from . import credentials as vc
from .models import (
    ActivityStatus,
    CheckAnswer,
    ClaimSource,
    CompetenceCheck,
    CompetenceClaim,
    Credential,
    CredentialRecord,
    DevelopmentPlan,
    Evidence,
    LearningActivity,
    Mastery,
    PlanChange,
    PlanCompetence,
    Proof,
    Qualification,
    ValidationRequest,
    ValidationStatus,
    WorkExperience,
)
from .signals import person_erased

# Uploads: the kinds a reader can open everywhere, recognised by their first bytes (not by the name).
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
ASSESSMENT = "EVC-assessment door een loopbaanbegeleider: portfolio met bewijzen en gesprek"
QUALITY_ASSURANCE = "Erkend volgens het Vlaamse EVC-kader (decreet van 26 april 2019); demo-uitgifte"


class Refused(errors.Refused):
    """A rule said no; ``str(exc)`` is a plain sentence for the person."""


def _skill(uri_or_concept, kind=ConceptType.SKILL) -> Concept:
    if isinstance(uri_or_concept, Concept):
        concept = uri_or_concept
    else:
        concept = Concept.objects.filter(uri=uri_or_concept).first()
    if concept is None or concept.concept_type != kind:
        raise Refused(_("Deze competentie kennen we niet.") if kind == ConceptType.SKILL
                      else _("Dit beroep kennen we niet."))
    return concept


def _own(user, person) -> None:
    if person.user_id is None or user is None or person.user_id != user.pk:
        raise PermissionDenied(_("Dit kan alleen de persoon zelf."))


def _acts_for(user, person, *, scope: str, action) -> None:
    """The person themself, or a guide (counsellor, bridge figure) within a consent in force for ``scope``.

    An act on the person's behalf is written to their access log (``require_access``); without the consent
    it is refused (``NoConsent``, a 403) and the attempt is logged too."""
    if person.user_id is not None and user is not None and person.user_id == user.pk:
        return
    require_access(user, person, scope=scope, action=action)


def _on_behalf(scope: str, action, person_of):
    """Gate first, outside the transaction (a refused attempt stays in the person's log), then run atomically."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(*, user, **kwargs):
            _acts_for(user, person_of(kwargs), scope=scope, action=action)
            with transaction.atomic():
                return fn(user=user, **kwargs)

        return wrapper

    return decorator


def _plan_changed(plan: DevelopmentPlan, user, what: str) -> None:
    """Every change of a plan is marked with its author; a change by someone else waits for the person's approval."""
    PlanChange.objects.create(plan=plan, author=user, author_label=str(user)[:200], what=str(what)[:300],
                              by_person=user is not None and user.pk == plan.person.user_id)
    if user is None or user.pk != plan.person.user_id:
        DevelopmentPlan.objects.filter(pk=plan.pk).update(approved_at=None)
        plan.approved_at = None


@transaction.atomic
def approve_plan(*, user, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The person agrees with the plan as it stands (changes by a guide need this again)."""
    _own(user, plan.person)
    plan.approved_at = timezone.now()
    plan.save(update_fields=["approved_at", "updated_at"])
    return plan


def raise_claim(*, person, skill, level: int, proof: int, source: str, note: str = "", by=None,
                on: date | None = None) -> CompetenceClaim:
    """Create or strengthen a claim: the level becomes the new one, the proof never goes down."""
    on = on or timezone.localdate()
    claim = CompetenceClaim.objects.select_for_update().filter(person=person, skill=skill).first()
    if claim is None:
        claim = CompetenceClaim(person=person, skill=skill, level=level, proof=proof, source=source,
                                source_note=note[:300], proven_by=by, on=on)
    else:
        claim.level = level
        if proof >= claim.proof:
            claim.proof, claim.source, claim.source_note, claim.on = proof, source, note[:300], on
            claim.proven_by = by
    claim.full_clean()
    claim.save()
    return claim


# -- overview ---------------------------------------------------------------------------------------------------
@transaction.atomic
def declare_competence(*, user, person, skill_uri: str, level: int, source: str = ClaimSource.SELF,
                       note: str = "") -> CompetenceClaim:
    _own(user, person)
    if level not in Mastery.values or level == Mastery.NOT_YET:
        raise Refused(_("Kies een niveau."))
    return raise_claim(person=person, skill=_skill(skill_uri), level=level, proof=Proof.SELF_DECLARED,
                       source=source, note=note)


@transaction.atomic
def add_qualification(*, user, person, title: str, awarded_by: str = "", awarded_on=None,
                      eqf_level: int | None = None) -> Qualification:
    _own(user, person)
    q = Qualification(person=person, title=title.strip(), awarded_by=awarded_by.strip(), awarded_on=awarded_on,
                      eqf_level=eqf_level)
    q.full_clean()
    q.save()
    return q


@transaction.atomic
def add_experience(*, user, person, occupation_uri: str, started_on: date, ended_on: date | None = None,
                   employer_name: str = "") -> WorkExperience:
    _own(user, person)
    if ended_on and ended_on < started_on:
        raise Refused(_("De einddatum ligt voor de begindatum."))
    w = WorkExperience(person=person, occupation=_skill(occupation_uri, ConceptType.OCCUPATION),
                       started_on=started_on, ended_on=ended_on, employer_name=employer_name.strip())
    w.full_clean()
    w.save()
    return w


# -- competence check ---------------------------------------------------------------------------------------------
@_on_behalf(Scope.START_CHECK, gettext_lazy("competentiecheck gestart"), lambda kw: kw["person"])
def start_check(*, user, person, occupation_uri: str, max_questions: int | None = None,
                language: str = "nl") -> CompetenceCheck:
    """Snapshot the occupation's skills as questions: essential ones first, optional ones after.

    A reader of ``language`` (Dutch by default) is never asked about a skill that has no name in it when a
    skill with a name means the same or nearly so (``taxonomy.selectors.named_equivalents``): that one is
    asked instead (once, as essential when either is).

    ``max_questions`` (the assisted mode's short check): essential skills the person has no claim for yet
    come first, then those they claim already, then optional ones; only the first ``max_questions`` are asked."""
    occupation = _skill(occupation_uri, ConceptType.OCCUPATION)
    links = list(OccupationSkill.objects.filter(occupation=occupation, skill__concept_type=ConceptType.SKILL)
                 .order_by("relevance", "skill_id").values_list("skill_id", "relevance"))
    links = prefer_named_skills(links, language)
    if not any(rel == "essential" for _, rel in links):
        raise Refused(_("Voor dit beroep zijn nog geen essentiële competenties bekend. Kies een ander of "
                        "verwant beroep."))
    check = CompetenceCheck.objects.create(person=person, occupation=occupation)
    ordered = sorted(links, key=lambda pair: pair[1] != "essential")  # stable: essential, then optional
    if max_questions:
        known = set(CompetenceClaim.objects.filter(person=person).values_list("skill_id", flat=True))
        ordered = sorted(ordered, key=lambda pair: (pair[1] != "essential", pair[0] in known))[:max_questions]
    CheckAnswer.objects.bulk_create([
        CheckAnswer(check_run=check, skill_id=skill_id, essential=rel == "essential", position=i + 1)
        for i, (skill_id, rel) in enumerate(ordered)
    ])
    return check


def prefer_named_skills(links: list[tuple[int, str]], language: str) -> list[tuple[int, str]]:
    """``(skill_id, relevance)`` pairs with every skill that has no name in ``language`` replaced by its named
    equivalent where there is one; a skill that then appears twice is kept once, at its first place, as
    essential when either was."""
    swap = named_equivalents([sid for sid, _ in links], language)
    merged: dict[int, str] = {}
    for sid, relevance in links:
        sid = swap.get(sid, sid)
        if merged.get(sid) != "essential":
            merged[sid] = "essential" if "essential" in (relevance, merged.get(sid)) else relevance
    return list(merged.items())


@_on_behalf(Scope.START_CHECK, gettext_lazy("vraag van de check beantwoord"), lambda kw: kw["check"].person)
def answer_question(*, user, check: CompetenceCheck, position: int, rating: int | None) -> CheckAnswer:
    """Save one answer at once (nothing is lost when the check is left halfway); ``None`` skips."""
    if check.completed_at:
        raise Refused(_("Deze check is al afgerond. Start een nieuwe check om opnieuw te antwoorden."))
    answer = CheckAnswer.objects.select_for_update().filter(check_run=check, position=position).first()
    if answer is None:
        raise Refused(_("Deze vraag bestaat niet."))
    if rating is not None and rating not in Mastery.values:
        raise Refused(_("Kies een van de vier antwoorden, of sla de vraag over."))
    answer.rating, answer.skipped, answer.answered_at = rating, rating is None, timezone.now()
    answer.save(update_fields=["rating", "skipped", "answered_at"])
    return answer


@_on_behalf(Scope.START_CHECK, gettext_lazy("competentiecheck afgerond"), lambda kw: kw["check"].person)
def complete_check(*, user, check: CompetenceCheck) -> CompetenceCheck:
    """Close the check; what you rated 'met hulp' or higher appears in your overview as self-declared."""
    if check.completed_at:
        return check
    for a in check.answers.filter(rating__gte=Mastery.WITH_HELP).select_related("skill"):
        raise_claim(person=check.person, skill=a.skill, level=a.rating, proof=Proof.SELF_DECLARED,
                    source=ClaimSource.CHECK, note=str(check.occupation))
    check.completed_at = timezone.now()
    check.save(update_fields=["completed_at"])
    return check


@transaction.atomic
def answer_skipped_later(*, user, check: CompetenceCheck) -> int:
    """Put the skipped questions back in the check, to answer them now; a finished check opens again
    (finishing it again raises the claims of the new answers). A check a counsellor confirmed stays as it
    is: start a new one. Returns how many questions came back."""
    _own(user, check.person)
    if check.confirmed_at:
        raise Refused(_("Een begeleider heeft deze check al bevestigd. Start een nieuwe check om opnieuw te "
                        "antwoorden."))
    n = check.answers.filter(skipped=True).update(skipped=False, answered_at=None)
    if n and check.completed_at:
        check.completed_at = None
        check.save(update_fields=["completed_at"])
    return n


@transaction.atomic
def confirm_check(*, counsellor, check: CompetenceCheck) -> int:
    """A counsellor confirms a finished check (consent 'check' needed): its claims count as checked."""
    require_access(counsellor, check.person, scope=Scope.CHECK, action=gettext_lazy("competentiecheck bevestigd"))
    if counsellor.pk == check.person.user_id:
        raise PermissionDenied(_("Je kan je eigen check niet bevestigen."))
    if not check.completed_at:
        raise Refused(_("Deze check is nog niet afgerond."))
    n = 0
    for a in check.answers.filter(rating__gte=Mastery.WITH_HELP).select_related("skill"):
        raise_claim(person=check.person, skill=a.skill, level=a.rating, proof=Proof.CHECKED, source=ClaimSource.CHECK,
                    note=_("bevestigd door %(name)s") % {"name": counsellor}, by=counsellor)
        n += 1
    check.confirmed_by, check.confirmed_at = counsellor, timezone.now()
    check.save(update_fields=["confirmed_by", "confirmed_at"])
    return n


# -- development plan ---------------------------------------------------------------------------------------------
@_on_behalf(Scope.PLAN, gettext_lazy("ontwikkelplan gemaakt"), lambda kw: kw["person"])
def create_plan(*, user, person, title: str, goal: str = "") -> DevelopmentPlan:
    plan = DevelopmentPlan(person=person, title=title.strip(), goal=goal.strip())
    plan.full_clean()
    plan.save()
    _plan_changed(plan, user, _("plan gemaakt: %(t)s") % {"t": plan.title})
    return plan


@_on_behalf(Scope.PLAN, gettext_lazy("ontwikkelplan gemaakt uit een check"), lambda kw: kw["check"].person)
def create_plan_from_check(*, user, check: CompetenceCheck) -> DevelopmentPlan:
    """The gaps of a check (rated 'nog niet' or 'met hulp') become the competences to develop, and so do the
    essential skills left unanswered (possible gaps: their current level stays unknown)."""
    from .selectors import check_result

    if not check.completed_at:
        complete_check(user=user, check=check)
    result = check_result(user, check)
    plan = DevelopmentPlan.objects.create(
        person=check.person, from_check=check, title=_("Groeien naar %(job)s") % {"job": result.occupation_label},
        goal=_("Ik wil de competenties leren die ik nog mis om als %(job)s te werken.")
        % {"job": result.occupation_label})
    PlanCompetence.objects.bulk_create([
        PlanCompetence(plan=plan, skill_id=g.skill_id, current_level=g.rating, target_level=Mastery.ON_MY_OWN)
        for g in result.score.gaps
    ] + [
        PlanCompetence(plan=plan, skill_id=g.skill_id, current_level=None, target_level=Mastery.ON_MY_OWN)
        for g in result.score.possible_gaps
    ])
    _plan_changed(plan, user, _("plan gemaakt uit de check: %(t)s") % {"t": plan.title})
    return plan


@_on_behalf(Scope.PLAN, gettext_lazy("competentie aan het ontwikkelplan toegevoegd"), lambda kw: kw["plan"].person)
def add_plan_competence(*, user, plan: DevelopmentPlan, skill_uri: str, target_level: int = Mastery.ON_MY_OWN):
    skill = _skill(skill_uri)
    current = CompetenceClaim.objects.filter(person=plan.person, skill=skill).values_list("level", flat=True).first()
    pc, _created = PlanCompetence.objects.update_or_create(
        plan=plan, skill=skill, defaults={"target_level": target_level, "current_level": current})
    _plan_changed(plan, user, _("competentie toegevoegd: %(s)s") % {"s": skill})
    return pc


@_on_behalf(Scope.PLAN, gettext_lazy("activiteit aan het ontwikkelplan toegevoegd"), lambda kw: kw["plan"].person)
def add_activity(*, user, plan: DevelopmentPlan, kind: str, title: str, skill_uri: str = "",
                 offer_reference: str = "", deadline: date | None = None) -> LearningActivity:
    skill = _skill(skill_uri) if skill_uri else None
    activity = LearningActivity(plan=plan, kind=kind, title=title.strip(), skill=skill,
                                offer_reference=offer_reference.strip(), deadline=deadline)
    activity.full_clean()
    activity.save()
    _plan_changed(plan, user, _("activiteit toegevoegd: %(t)s") % {"t": activity.title})
    if skill and not plan.competences.filter(skill=skill).exists():
        add_plan_competence(user=user, plan=plan, skill_uri=skill.uri)
    return activity


@_on_behalf(Scope.PLAN, gettext_lazy("activiteit bijgewerkt"), lambda kw: kw["activity"].plan.person)
def update_activity(*, user, activity: LearningActivity, status: str, progress: int | None = None):
    """Progress of an activity; finishing one puts its competence in the overview (self-declared)."""
    if status not in ActivityStatus.values:
        raise Refused(_("Kies een geldige status."))
    activity.status = status
    activity.progress = 100 if status == ActivityStatus.DONE else max(0, min(99, progress or activity.progress))
    activity.completed_on = timezone.localdate() if status == ActivityStatus.DONE else None
    activity.save(update_fields=["status", "progress", "completed_on"])
    _plan_changed(activity.plan, user, _("activiteit '%(t)s': %(s)s") % {"t": activity.title,
                                                                       "s": activity.get_status_display()})
    if status == ActivityStatus.DONE and activity.skill_id:
        target = (PlanCompetence.objects.filter(plan=activity.plan, skill_id=activity.skill_id)
                  .values_list("target_level", flat=True).first()) or Mastery.ON_MY_OWN
        existing = CompetenceClaim.objects.filter(person=activity.plan.person, skill_id=activity.skill_id).first()
        raise_claim(person=activity.plan.person, skill=activity.skill, level=max(target, existing.level if existing else 0),
                    proof=Proof.SELF_DECLARED, source=ClaimSource.PLAN, note=activity.title)
    plan = activity.plan
    if not plan.activities.exclude(status=ActivityStatus.DONE).exists():
        plan.status = "done"
        plan.save(update_fields=["status", "updated_at"])
    elif plan.status == "done":
        plan.status = "active"
        plan.save(update_fields=["status", "updated_at"])
    return activity


# -- EVC --------------------------------------------------------------------------------------------------------
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
    _own(user, person)
    content_type = check_upload(upload) if upload else ""
    if not (upload or witness_name.strip() or description.strip()):
        raise Refused(_("Beschrijf je bewijs, voeg een bestand toe of geef een getuige op."))
    skill = _skill(skill_uri)
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
    _own(user, claim.person)
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
    _own(user, claim.person)
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
    _own(user, claim.person)
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


# -- privacy -------------------------------------------------------------------------------------------------------
def delete_my_account(*, user, password: str) -> None:
    """Erase the person, their files and their login. The learning account's ledger is reconciled after
    (a receiver of ``signals.person_erased``)."""
    if not user.check_password(password):
        raise Refused(_("Dat wachtwoord klopt niet. Er is niets gewist."))
    person = getattr(user, "person", None)
    files = []
    with transaction.atomic():
        if person is not None:
            files = [e.file for e in Evidence.objects.filter(claim__person=person).exclude(file="")]
            person.delete()
        user.delete()
    for f in files:
        f.storage.delete(f.name)
    person_erased.send(sender=None)  # the learning account reconciles its ledger (accounts/apps.py)
