"""JSON API of organisations: /api/v1/organisations/… (session login). Only the organisation's own staff (the
employer users in ``Organisation.staff``) read or write its records: everyone else gets 403."""

from __future__ import annotations

from datetime import date

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from lifelong.organisations import selectors as org_selectors
from lifelong.organisations import services
from lifelong.organisations.models import Organisation, Statute
from lifelong.people.models import Person

from . import selectors
from .plans import plan_of

router = Router(tags=["organisations"], auth=django_auth)


class OrganisationOut(Schema):
    id: int
    name: str
    enterprise_number: str
    size_class: str
    employees: int


class EmployeeRightOut(Schema):
    person: int
    fte: float
    days_due: float
    days_used: float
    days_left: float
    days_carried_over: float  # unused days of earlier years of the carry-over period, on top of days_left


class TotalsOut(Schema):
    days_due: float
    days_used: float
    days_left: float
    days_carried_over: float


class TrainingRightOut(Schema):
    organisation: int
    year: int
    rule: str
    employees: list[EmployeeRightOut]
    totals: TotalsOut


class EmploymentIn(Schema):
    person: int
    start_date: date
    end_date: date | None = None
    fte: float
    statute: Statute = Statute.CLERK
    occupation: int | None = None
    joint_committee: str = ""
    site: str = ""


class EmploymentOut(Schema):
    id: int
    person: int
    start_date: date
    end_date: date | None
    fte: float
    statute: str
    occupation: int | None
    joint_committee: str
    site: str


def _own(request, organisation_id: int) -> Organisation:
    """The organisation, if the logged-in user is on its staff; 404 when it does not exist, 403 otherwise."""
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    if not org_selectors.is_staff_of(request.user, organisation.pk):
        raise HttpError(403, _("Je werkt niet voor deze organisatie."))
    return organisation


def _year(year: int | None) -> int:
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise HttpError(422, _("Kies een jaar tussen 2000 en 2100."))
    return year


def _employment_out(e) -> dict:
    return {"id": e.pk, "person": e.person_id, "start_date": e.start_date, "end_date": e.end_date, "fte": e.fte,
            "statute": e.statute, "occupation": e.occupation_id, "joint_committee": e.joint_committee, "site": e.site}


@router.get("/organisations/mine", response=list[OrganisationOut])
def mine(request):
    """The organisations the logged-in user answers for as an employer; an empty list for everyone else."""
    return org_selectors.organisations_of(request.user)


@router.get("/organisations/{organisation_id}/training-right", response=TrainingRightOut)
def training_right(request, organisation_id: int, year: int | None = None):
    """The federal individual training right per employee for one year: days due, used and left, and the days
    carried over from earlier years of the carry-over period (from 2024, 5 years)."""
    organisation = _own(request, organisation_id)
    right = selectors.training_right(organisation, _year(year), names=False)  # in person order
    # built here and sent as it is: validating 5,000 rows through the schema cost more than the query
    employees = [{"person": e.person, "fte": e.fte, "days_due": e.days_due, "days_used": e.days_used,
                  "days_left": e.days_left, "days_carried_over": e.days_carried_over} for e in right.employees]
    return JsonResponse({"organisation": organisation.pk, "year": right.year, "rule": right.rule,
                         "employees": employees, "totals": right.totals})


@router.get("/organisations/{organisation_id}/employments", response=list[EmploymentOut])
def employments(request, organisation_id: int):
    organisation = _own(request, organisation_id)
    return [_employment_out(e) for e in org_selectors.staff_of(organisation)]


@router.post("/organisations/{organisation_id}/employments", response={201: EmploymentOut})
def add_employment(request, organisation_id: int, payload: EmploymentIn):
    """Add an employment record; refused (422, every reason) for an FTE outside (0, 1], an end before the start,
    an overlapping contract or an unknown person."""
    organisation = _own(request, organisation_id)
    if not Person.objects.filter(pk=payload.person).exists():
        raise HttpError(422, _("onbekende persoon: %(p)s") % {"p": payload.person})
    if not 0 < payload.fte <= 1:
        raise HttpError(422, _("de tewerkstelling moet meer dan 0 en hoogstens 1 zijn (1 = voltijds)"))
    data = services.EmploymentInput(person_id=payload.person, start_date=payload.start_date,
                                    end_date=payload.end_date, fte_permille=max(1, round(payload.fte * 1000)),
                                    statute=payload.statute, occupation_id=payload.occupation,
                                    joint_committee=payload.joint_committee[:10], site=payload.site[:100])
    record, reasons = services.save_employment(organisation=organisation, data=data)
    if reasons:
        raise HttpError(422, "; ".join(reasons))
    return Status(201, _employment_out(record))


class PlanItemOut(Schema):
    id: int
    kind: str
    title: str
    skill: int | None
    offer: int | None
    target_group: str
    deadline: date | None
    status: str


class TrainingPlanOut(Schema):
    year: int
    status: str
    items: list[PlanItemOut]


@router.get("/organisations/{organisation_id}/training-plan", response=TrainingPlanOut)
def training_plan(request, organisation_id: int, year: int | None = None):
    """The organisation's training plan for one year (status "none" and no items when there is none yet)."""
    organisation = _own(request, organisation_id)
    year = _year(year)
    plan = plan_of(organisation, year)
    if plan is None:
        return {"year": year, "status": "none", "items": []}
    items = [{"id": i.pk, "kind": i.kind, "title": i.title, "skill": i.skill_id, "offer": i.offer_id,
              "target_group": i.target_group, "deadline": i.deadline, "status": i.status} for i in plan.items.all()]
    return {"year": year, "status": plan.status, "items": items}
