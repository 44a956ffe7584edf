"""JSON API for what the career pages let a person do: a competence check (start, answer, finish), the
development plan (make one, add and update its activities, approve it) and evidence for recognition (EVC: add,
take back, submit). Every write goes through the same service as the page, so the same rule decides: the
person, or a guide with the person's consent in force for that purpose (each act logged); anyone else 403.
An id that does not exist gets the same 403 as someone else's (no existence oracle).

Session login; every write checks the CSRF token (``X-CSRFToken`` header). Refusals: ``{"detail", "code"}``."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import File, Form, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from lifelong import errors
from lifelong.taxonomy.selectors import label_of

from . import selectors, services
from .api_records import CheckOut, PlanOut, _check_out, _lang, _plan_out, my_person
from .api_records import router as records_router
from .models import (
    ActivityKind,
    ActivityStatus,
    CompetenceCheck,
    CompetenceClaim,
    DevelopmentPlan,
    Evidence,
    EvidenceKind,
    LearningActivity,
)

TAGS = ["career platform: changes"]


class _Ops:
    """The writes join the records' router: a path that reads and writes (``/people/me/checks``: GET lists,
    POST starts) must be one route, or the second method would meet a 405."""

    def __getattr__(self, method):
        verb = getattr(records_router, method)
        return lambda path, **kw: verb(path, tags=TAGS, **kw)


router = _Ops()

OCCUPATION = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"
SKILL = "http://data.europa.eu/esco/skill/0a2d2b7d-4c5e-4b3c-8e6f-2e0b0a3c9d11"


class NotYours(errors.Refused):
    """Someone else's object, or one that does not exist: the same answer for both."""

    status = 403
    code = "no_access"


def _refuse():
    return NotYours(_("Je hebt geen geldige toestemming van deze persoon."))


def _get(queryset, pk: int):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise _refuse()
    return found


@contextmanager
def _no_oracle():
    """Someone else's object is refused in the same words as an unknown id (the services say 'only the person
    themself' or 'no consent'): the answer tells nothing about whether the id exists."""
    try:
        yield
    except PermissionDenied:
        raise _refuse() from None


def _example(**example) -> dict:
    return {"json_schema_extra": {"example": example}}


# -- competence check ---------------------------------------------------------------------------------------
class CheckStartIn(Schema):
    occupation_uri: str = Field(max_length=300, description="ESCO occupation URI (search /api/v1/occupations)")

    model_config = _example(occupation_uri=OCCUPATION)


class QuestionOut(Schema):
    position: int
    skill_uri: str
    label: str
    essential: bool


class ProgressOut(Schema):
    essential_total: int
    essential_answered: int
    essential_skipped: int
    optional_total: int
    optional_answered: int
    optional_skipped: int


class CheckStateOut(Schema):
    check: CheckOut
    progress: ProgressOut
    next_question: QuestionOut | None = Field(description="null when every question is answered or skipped")

    model_config = _example(
        check={"id": 12, "occupation_uri": OCCUPATION, "occupation": "heftruckchauffeur",
               "started_at": "2026-11-02T10:15:00Z", "completed_at": None, "confirmed": False},
        progress={"essential_total": 21, "essential_answered": 3, "essential_skipped": 1, "optional_total": 10,
                  "optional_answered": 0, "optional_skipped": 0},
        next_question={"position": 5, "skill_uri": SKILL, "label": "heftruck besturen", "essential": True})


class CheckAnswerIn(Schema):
    position: int = Field(ge=1, le=100_000, description="the question's position (next_question.position)")
    rating: int | None = Field(None, ge=1, le=4, description="1 nog niet, 2 met hulp, 3 zelfstandig, "
                                                             "4 ik kan het anderen leren; null skips the question")

    model_config = _example(position=5, rating=3)


def _state(user, check: CompetenceCheck) -> CheckStateOut:
    result = selectors.check_result(user, check, _lang())
    question = selectors.next_question(check)
    p = selectors.check_progress(check)
    nxt = None
    if question is not None:
        nxt = QuestionOut(position=question.position, skill_uri=question.skill.uri,
                          label=str(label_of(question.skill, _lang())), essential=question.essential)
    return CheckStateOut(check=_check_out(check, result.occupation_label), next_question=nxt,
                         progress=ProgressOut(**{k: p[k] for k in ProgressOut.model_fields}))


def _check(check_id: int) -> CompetenceCheck:
    return _get(CompetenceCheck.objects.select_related("person", "occupation"), check_id)


@router.post("/people/me/checks", response={201: CheckStateOut},
             summary="Start a competence check for an occupation (the questions are its ESCO skills)")
def start_check(request, data: CheckStartIn):
    check = services.start_check(user=request.user, person=my_person(request), occupation_uri=data.occupation_uri)
    return Status(201, _state(request.user, check))


@router.get("/people/checks/{check_id}/state", response=CheckStateOut,
            summary="Where a check stands: progress and the next question")
def check_state(request, check_id: int):
    with _no_oracle():
        return _state(request.user, _check(check_id))


@router.post("/people/checks/{check_id}/answers", response=CheckStateOut,
             summary="Answer (or skip, rating null) one question; saved at once")
def answer(request, check_id: int, data: CheckAnswerIn):
    with _no_oracle():
        check = _check(check_id)
        services.answer_question(user=request.user, check=check, position=data.position, rating=data.rating)
        return _state(request.user, check)


@router.post("/people/checks/{check_id}/finish", response=CheckStateOut,
             summary="Finish a check: what you rated 'met hulp' or higher goes in your overview")
def finish(request, check_id: int):
    with _no_oracle():
        check = services.complete_check(user=request.user, check=_check(check_id))
        return _state(request.user, check)


@router.post("/people/checks/{check_id}/skipped", response=CheckStateOut,
             summary="Answer the skipped questions now: they come back in the check")
def answer_skipped(request, check_id: int):
    with _no_oracle():
        check = _check(check_id)
        services.answer_skipped_later(user=request.user, check=check)
        check.refresh_from_db()
        return _state(request.user, check)


# -- development plan ---------------------------------------------------------------------------------------
class PlanIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    goal: str = Field("", max_length=2000)

    model_config = _example(title="Heftruckchauffeur worden", goal="Tegen juni mijn attest heftruck")


class ActivityIn(Schema):
    kind: ActivityKind
    title: str = Field(min_length=1, max_length=200)
    skill_uri: str = Field("", max_length=300, description="ESCO skill URI; added to the plan's competences")
    offer_reference: str = Field("", max_length=100, description="e.g. kompas:<offer id>")
    deadline: date | None = None

    model_config = _example(kind="training", title="Opleiding heftruck (VCA)", skill_uri=SKILL,
                            offer_reference="kompas:412", deadline="2027-03-01")


class ActivityUpdateIn(Schema):
    status: ActivityStatus
    progress: int | None = Field(None, ge=0, le=100)

    model_config = _example(status="doing", progress=40)


class ActivityWrittenOut(Schema):
    id: int
    plan_id: int
    kind: str
    title: str
    skill_uri: str | None
    offer_reference: str
    deadline: date | None
    status: str
    progress: int

    model_config = _example(id=31, plan_id=3, kind="training", title="Opleiding heftruck (VCA)", skill_uri=SKILL,
                            offer_reference="kompas:412", deadline="2027-03-01", status="doing", progress=40)


class ApprovedOut(Schema):
    plan: PlanOut
    approved: bool

    model_config = _example(plan={"id": 3, "title": "Heftruckchauffeur worden", "goal": "Tegen juni mijn attest",
                                  "status": "active", "created_at": "2026-11-02T10:41:00Z"}, approved=True)


def _activity_out(a: LearningActivity) -> ActivityWrittenOut:
    return ActivityWrittenOut(id=a.pk, plan_id=a.plan_id, kind=a.kind, title=a.title,
                              skill_uri=a.skill.uri if a.skill_id else None, offer_reference=a.offer_reference,
                              deadline=a.deadline, status=a.status, progress=a.progress)


def _plan(plan_id: int) -> DevelopmentPlan:
    return _get(DevelopmentPlan.objects.select_related("person"), plan_id)


@router.post("/people/me/plans", response={201: PlanOut}, summary="Make a development plan (POP)")
def create_plan(request, data: PlanIn):
    plan = services.create_plan(user=request.user, person=my_person(request), title=data.title, goal=data.goal)
    return Status(201, _plan_out(plan))


@router.post("/people/checks/{check_id}/plan", response={201: PlanOut},
             summary="Make a development plan from a check: its gaps become the competences to develop")
def plan_from_check(request, check_id: int):
    with _no_oracle():
        plan = services.create_plan_from_check(user=request.user, check=_check(check_id))
        return Status(201, _plan_out(plan))


@router.post("/people/plans/{plan_id}/activities", response={201: ActivityWrittenOut},
             summary="Add a learning activity to a plan (the person, or a guide with consent 'plan')")
def add_activity(request, plan_id: int, data: ActivityIn):
    with _no_oracle():
        activity = services.add_activity(user=request.user, plan=_plan(plan_id), kind=data.kind, title=data.title,
                                         skill_uri=data.skill_uri, offer_reference=data.offer_reference,
                                         deadline=data.deadline)
        return Status(201, _activity_out(activity))


@router.put("/people/activities/{activity_id}", response=ActivityWrittenOut,
            summary="Update an activity's status and progress; 'done' puts its competence in the overview")
def update_activity(request, activity_id: int, data: ActivityUpdateIn):
    with _no_oracle():
        activity = _get(LearningActivity.objects.select_related("plan__person", "skill"), activity_id)
        services.update_activity(user=request.user, activity=activity, status=data.status, progress=data.progress)
        return _activity_out(activity)


@router.post("/people/plans/{plan_id}/approve", response=ApprovedOut,
             summary="Approve the plan as it stands (the person only; a guide's change asks for this again)")
def approve_plan(request, plan_id: int):
    with _no_oracle():
        plan = services.approve_plan(user=request.user, plan=_plan(plan_id))
        return ApprovedOut(plan=_plan_out(plan), approved=plan.approved_at is not None)


# -- evidence (EVC) -----------------------------------------------------------------------------------------
class EvidenceIn(Schema):
    skill_uri: str = Field(max_length=300)
    kind: EvidenceKind
    description: str = Field(min_length=1, max_length=5000)
    witness_name: str = Field("", max_length=200)
    witness_contact: str = Field("", max_length=200)

    model_config = _example(skill_uri=SKILL, kind="witness", description="Twee jaar heftruck in het magazijn",
                            witness_name="An Peeters", witness_contact="an.peeters@example.be")


class EvidenceOut(Schema):
    id: int
    claim_id: int
    skill_uri: str
    kind: str
    description: str
    has_file: bool
    content_type: str
    witness_name: str

    model_config = _example(id=55, claim_id=140, skill_uri=SKILL, kind="document",
                            description="Attest heftruck van mijn vorige werkgever", has_file=True,
                            content_type="application/pdf", witness_name="")


class SubmittedOut(Schema):
    id: int
    claim_id: int
    status: str

    model_config = _example(id=9, claim_id=140, status="submitted")


@router.post("/people/me/evidence", response={201: EvidenceOut},
             summary="Add evidence for a competence (multipart form; a PDF, PNG or JPEG of at most 5 MB)",
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"example": {
                 "skill_uri": SKILL, "kind": "document", "description": "Attest heftruck van mijn vorige werkgever",
                 "file": "(attest.pdf)"}}}}})
def add_evidence(request, data: Form[EvidenceIn], file: UploadedFile | None = File(None)):  # noqa: B008
    person = my_person(request)
    evidence = services.record_evidence(user=request.user, person=person, skill_uri=data.skill_uri, kind=data.kind,
                                        description=data.description, upload=file, witness_name=data.witness_name,
                                        witness_contact=data.witness_contact)
    return Status(201, EvidenceOut(id=evidence.pk, claim_id=evidence.claim_id, skill_uri=evidence.claim.skill.uri,
                                   kind=evidence.kind, description=evidence.description,
                                   has_file=bool(evidence.file), content_type=evidence.content_type,
                                   witness_name=evidence.witness_name))


@router.delete("/people/evidence/{evidence_id}", response={204: None},
               summary="Take a piece of evidence back (not while its recognition request is being judged)")
def remove_evidence(request, evidence_id: int):
    with _no_oracle():
        services.remove_evidence(user=request.user, evidence=_get(Evidence.objects.select_related("claim__person"),
                                                                  evidence_id))
        return Status(204, None)


@router.post("/people/claims/{claim_id}/submit", response={201: SubmittedOut},
             summary="Ask for recognition (EVC) of a competence with evidence; a guide with consent 'evc' judges")
def submit(request, claim_id: int):
    with _no_oracle():
        vr = services.submit_for_validation(user=request.user,
                                            claim=_get(CompetenceClaim.objects.select_related("person"), claim_id))
        return Status(201, SubmittedOut(id=vr.pk, claim_id=vr.claim_id, status=vr.status))
