"""Reads on organisations: a person's employment facts for the rules and an organisation's staff.

This app sits low (below people and accounts): the rights engine reads ``employment_facts``. What reads accounts,
people or the compass (the training-right overview, plans, the portal) is in ``lifelong.employers``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import CorrectionRequest, CorrectionStatus, Employment, Organisation


@dataclass(frozen=True)
class EmploymentFacts:
    """What the rights engine reads from a person's employment records on one day."""

    jobs: tuple[tuple[int, int], ...]  # (employer head count, FTE ‰) per contract running that day
    employer_size: int | None  # the largest employer of the day
    fte_permille: int  # all contracts together, at most 1000
    years_worked: int  # whole years covered by any contract up to that day
    public_sector: bool
    sources: tuple[str, ...]  # "Naam werkgever (KBO), 80 %, sinds 2021-03-01" — shown under "Mijn rechten"


def _years_covered(spans: list[tuple[date, date]]) -> int:
    days, reach = 0, None
    for start, end in sorted(spans):
        if reach is not None and start <= reach:
            start = reach
        if end > start:
            days += (end - start).days
            reach = end if reach is None else max(reach, end)
    return days // 365


def employment_facts(person_id: int, on: date) -> EmploymentFacts | None:
    """None when the person has no employment records (the engine then uses its documented defaults)."""
    return _facts_from(list(Employment.objects.filter(person_id=person_id).select_related("organisation")
                            .order_by("start_date")), on)


def employment_facts_many(person_ids, on: date) -> dict[int, EmploymentFacts | None]:
    """``employment_facts`` for many people in one query (the yearly accrual's batches); a person without
    employment records is absent."""
    records: dict[int, list[Employment]] = {}
    for e in (Employment.objects.filter(person_id__in=list(person_ids)).select_related("organisation")
              .order_by("person_id", "start_date")):
        records.setdefault(e.person_id, []).append(e)
    return {pid: _facts_from(recs, on) for pid, recs in records.items()}


def _facts_from(every_record: list[Employment], on: date) -> EmploymentFacts | None:
    """The facts on ``on`` from all of one person's records (start date order); None without any record."""
    if not every_record:
        return None
    records = [e for e in every_record if e.start_date <= on]
    running = [e for e in records if e.active_on(on)]
    jobs = tuple((e.organisation.employees, e.fte_permille) for e in running)
    spans = [(e.start_date, min(e.end_date, on) if e.end_date else on) for e in records]
    largest = max(running, key=lambda e: e.organisation.employees, default=None)
    return EmploymentFacts(
        jobs=jobs, employer_size=largest.organisation.employees if largest else None,
        fte_permille=min(1000, sum(fte for _, fte in jobs)), years_worked=_years_covered(spans),
        public_sector=any(e.organisation.nace_section == "O" for e in running),
        sources=tuple(f"{e.organisation.name} ({e.organisation.enterprise_number}), {e.fte_permille / 10:g} %, "
                      f"{e.start_date.isoformat()} – {e.end_date.isoformat() if e.end_date else '…'}"
                      for e in records),
    )


def employments_of_person(person) -> list[Employment]:
    return list(Employment.objects.filter(person=person).select_related("organisation", "occupation")
                .order_by("-start_date"))


def organisations_of(user) -> list[Organisation]:
    """The organisations this user answers for (``Organisation.staff``); none for anyone else."""
    if not user.is_authenticated:
        return []
    return list(user.organisations.order_by("name"))


def is_staff_of(user, organisation_id: int) -> bool:
    return bool(user.is_authenticated and user.organisations.filter(pk=organisation_id).exists())


def staff_of(organisation, *, on: date | None = None) -> list[Employment]:
    """The organisation's employment records (running on ``on`` when given), people and occupations joined."""
    qs = Employment.objects.filter(organisation=organisation).select_related("person", "occupation")
    if on is not None:
        qs = qs.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    return list(qs.order_by("person__family_name", "person__given_name", "start_date"))


def open_corrections(organisation) -> list[CorrectionRequest]:
    return list(CorrectionRequest.objects.filter(employment__organisation=organisation, status=CorrectionStatus.OPEN)
                .select_related("employment__person"))
