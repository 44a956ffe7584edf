"""JSON API for what the career pages show beyond the overview: competence checks, development plans (POP)
and evidence with its recognition (EVC) status. The reads, with the same selectors as the pages, so the same
access rules: the person, or someone with the person's consent in force (each look is logged). The writes
(``api_writes.py``) join this router, so that a path that reads and writes is one route."""

from __future__ import annotations

from datetime import date, datetime

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from lifelong.guidance.selectors import NoConsent
from lifelong.taxonomy.models import Concept
from lifelong.taxonomy.selectors import labels_of

from . import selectors
from .models import CompetenceCheck, DevelopmentPlan

router = Router(tags=["career platform"], auth=django_auth)


def _lang() -> str:
    return (get_language() or "nl")[:2]


def my_person(request):
    """The signed-in user's own person; 404 (with the reason) for a login without one."""
    person = selectors.person_of(request.user)
    if person is None:
        raise HttpError(404, _("Er is geen persoon aan je account gekoppeld."))
    return person


def _refused(exc):
    return HttpError(403, str(exc))


class CheckOut(Schema):
    id: int
    occupation_uri: str
    occupation: str
    started_at: datetime
    completed_at: datetime | None
    confirmed: bool

    model_config = {"json_schema_extra": {"example": {
        "id": 12, "occupation_uri": "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1",
        "occupation": "heftruckchauffeur", "started_at": "2026-11-02T10:15:00Z",
        "completed_at": "2026-11-02T10:40:00Z", "confirmed": False}}}


class SkillOut(Schema):
    uri: str
    label: str
    essential: bool
    rating: int | None


class CheckResultOut(Schema):
    check: CheckOut
    match_percent: int | None
    essential_total: int
    essential_strong: int
    essential_answered: int
    strengths: list[SkillOut]
    gaps: list[SkillOut]
    unanswered: list[SkillOut]
    explanation: str

    model_config = {"json_schema_extra": {"example": {
        "match_percent": 62, "essential_total": 21, "essential_strong": 13, "essential_answered": 19,
        "strengths": [{"uri": "http://data.europa.eu/esco/skill/…", "label": "heftruck besturen", "essential": True,
                       "rating": 3}], "gaps": [], "unanswered": [],
        "explanation": "Dit beroep vraagt 21 essentiële competenties. …"}}}


def _check_out(check, label: str) -> CheckOut:
    return CheckOut(id=check.pk, occupation_uri=check.occupation.uri, occupation=label, started_at=check.started_at,
                    completed_at=check.completed_at, confirmed=check.confirmed_at is not None)


@router.get("/people/me/checks", response=list[CheckOut], summary="My competence checks")
def my_checks(request):
    person = my_person(request)
    checks = list(selectors.checks_of(request.user, person)[:100])

    labels = labels_of([c.occupation_id for c in checks], _lang())
    return [_check_out(c, str(labels[c.occupation_id])) for c in checks]


@router.get("/people/checks/{check_id}", response=CheckResultOut,
            summary="A competence check's result: strengths, gaps, unanswered (the person or a consent in force)")
def check_result(request, check_id: int):
    check = CompetenceCheck.objects.select_related("person", "occupation").filter(pk=check_id).first()
    if check is None:
        raise HttpError(403, _("Je hebt geen geldige toestemming van deze persoon."))  # no existence oracle
    try:
        result = selectors.check_result(request.user, check, _lang())
    except NoConsent as exc:
        raise _refused(exc) from exc
    uris = dict(Concept.objects.filter(pk__in=result.labels).values_list("pk", "uri"))

    def skills(answers):
        return [SkillOut(uri=uris.get(a.skill_id, ""), label=str(result.labels.get(a.skill_id, "")),
                         essential=a.essential, rating=a.rating) for a in answers]

    s = result.score
    return CheckResultOut(check=_check_out(check, result.occupation_label), match_percent=s.match_percent,
                          essential_total=s.essential_total, essential_strong=s.essential_strong,
                          essential_answered=s.essential_answered, strengths=skills(s.strengths),
                          gaps=skills(s.gaps), unanswered=skills(s.unanswered), explanation=result.explanation())


class PlanOut(Schema):
    id: int
    title: str
    goal: str
    status: str
    created_at: datetime

    model_config = {"json_schema_extra": {"example": {
        "id": 3, "title": "Heftruckchauffeur worden", "goal": "Tegen juni mijn attest heftruck", "status": "active",
        "created_at": "2026-11-02T10:41:00Z"}}}


class PlanCompetenceOut(Schema):
    uri: str
    label: str
    target_level: int


class ActivityOut(Schema):
    id: int
    kind: str
    title: str
    skill_uri: str | None
    offer_id: int | None
    deadline: date | None
    status: str
    progress: int


class PlanDetailOut(Schema):
    plan: PlanOut
    competences: list[PlanCompetenceOut]
    activities: list[ActivityOut]
    done: int
    progress: int


def _plan_out(plan) -> PlanOut:
    return PlanOut(id=plan.pk, title=plan.title, goal=plan.goal, status=plan.status, created_at=plan.created_at)


@router.get("/people/me/plans", response=list[PlanOut], summary="My development plans (POP)")
def my_plans(request):
    person = my_person(request)
    try:
        selectors.running_plans(request.user, person)  # the access check (and its log) the pages use
    except NoConsent as exc:
        raise _refused(exc) from exc
    return [_plan_out(p) for p in DevelopmentPlan.objects.filter(person=person)]


@router.get("/people/plans/{plan_id}", response=PlanDetailOut,
            summary="A development plan with its competences and activities (the person or a consent in force)")
def plan_detail(request, plan_id: int):
    plan = DevelopmentPlan.objects.select_related("person").filter(pk=plan_id).first()
    if plan is None:
        raise HttpError(403, _("Je hebt geen geldige toestemming van deze persoon."))
    try:
        d = selectors.plan_detail(request.user, plan, _lang())
    except NoConsent as exc:
        raise _refused(exc) from exc
    return PlanDetailOut(
        plan=_plan_out(plan), done=d["done"], progress=d["progress"],
        competences=[PlanCompetenceOut(uri=c.skill.uri, label=str(c.label), target_level=c.target_level)
                     for c in d["competences"]],
        activities=[ActivityOut(id=a.pk, kind=a.kind, title=a.title, skill_uri=a.skill.uri if a.skill_id else None,
                                offer_id=a.offer_id, deadline=a.deadline, status=a.status, progress=a.progress)
                    for a in d["activities"]])


class EvidenceItemOut(Schema):
    id: int
    kind: str
    description: str
    has_file: bool
    witness_name: str
    created_at: datetime


class DecisionOut(Schema):
    status: str
    level: int | None
    reasons: str
    decided_at: datetime | None


class EvidenceClaimOut(Schema):
    claim_id: int
    skill_uri: str
    label: str
    level: int
    proof: int
    evidence: list[EvidenceItemOut]
    recognition: str  # none | submitted | the last decision's status
    decisions: list[DecisionOut]

    model_config = {"json_schema_extra": {"example": {
        "claim_id": 140, "skill_uri": "http://data.europa.eu/esco/skill/…", "label": "heftruck besturen",
        "level": 3, "proof": 2, "evidence": [{"id": 55, "kind": "witness", "description": "Twee jaar heftruck in het magazijn",
                                             "has_file": False,
                      "witness_name": "An Peeters", "created_at": "2026-10-20T09:00:00Z"}],
        "recognition": "submitted", "decisions": []}}}


@router.get("/people/me/evidence", response=list[EvidenceClaimOut],
            summary="My evidence per competence and the status of my recognition (EVC) requests")
def my_evidence(request):
    person = my_person(request)
    try:
        claims = selectors.evidence_of(request.user, person, _lang())
    except NoConsent as exc:
        raise _refused(exc) from exc
    out = []
    for c in claims:
        decisions = [DecisionOut(status=v.status, level=v.level, reasons=v.reasons, decided_at=v.decided_at)
                     for v in c.decisions]
        recognition = "submitted" if c.open_request else (decisions[-1].status if decisions else "none")
        out.append(EvidenceClaimOut(
            claim_id=c.pk, skill_uri=c.skill.uri, label=str(c.label), level=c.level, proof=c.proof,
            decisions=decisions,
            recognition=recognition,
            evidence=[EvidenceItemOut(id=e.pk, kind=e.kind, description=e.description, has_file=bool(e.file),
                                      witness_name=e.witness_name, created_at=e.created_at)
                      for e in c.evidence.all()]))
    return out
