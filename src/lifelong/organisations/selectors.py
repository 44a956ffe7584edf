"""Reads on organisations: a person's employment facts for the rules, an organisation's staff and its
federal training right per employee and year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from .models import CorrectionRequest, CorrectionStatus, Employment, Organisation

FEDERAL = "federaal_opleidingsrecht"


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
    records = list(Employment.objects.filter(person_id=person_id, start_date__lte=on)
                   .select_related("organisation").order_by("start_date"))
    if not records and not Employment.objects.filter(person_id=person_id).exists():
        return None
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


# -- the federal training right as the employer's obligation ---------------------------------------------------
@dataclass
class EmployeeTrainingRight:
    person: int
    name: str
    fte: float
    days_due: float
    days_used: float
    days_left: float


@dataclass
class TrainingRight:
    organisation: int
    year: int
    rule: str  # "federaal_opleidingsrecht v3"
    source: str
    days_per_fte: int
    employees: list[EmployeeTrainingRight]

    @property
    def totals(self) -> dict[str, float]:
        return {k: round(sum(getattr(e, k) for e in self.employees), 2) for k in ("days_due", "days_used", "days_left")}


def federal_version(year: int):
    """The federal scheme version in force on 31 December of ``year`` (the right is counted per calendar year)."""
    from lifelong.accounts.models import SchemeVersion

    day = date(year, 12, 31)
    return (SchemeVersion.objects.select_related("scheme").filter(scheme__code=FEDERAL, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)).order_by("-valid_from").first())


def training_right(organisation: Organisation, year: int) -> TrainingRight:
    """Per employee with a contract in ``year``: days due (days per FTE for the firm's size × FTE of the last
    contract that year), days used (the federal right consumed in the ledger that year — confirmed bookings
    and federal records — plus training the employer registered), days left (never below 0)."""
    from lifelong.accounts.engine import federal_days_per_fte
    from lifelong.accounts.models import AccountKind, LedgerAccount

    version = federal_version(year)
    if version is None:
        return TrainingRight(organisation.pk, year, "", "", 0, [])
    params = version.params
    per_day = params["minutes_per_day"]
    days_per_fte = federal_days_per_fte(params, organisation.employees)
    first, last = date(year, 1, 1), date(year, 12, 31)
    contracts: dict[int, tuple] = {}
    for pid, given, family, fte, _start in (
            Employment.objects.filter(organisation=organisation, start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
            .order_by("start_date").values_list("person_id", "person__given_name", "person__family_name",
                                                "fte_permille", "start_date")):
        contracts[pid] = (f"{given} {family}", fte)  # the latest contract of the year wins
    used: dict[int, int] = {}
    in_year = (Employment.objects.filter(organisation=organisation, start_date__lte=last)
               .filter(Q(end_date__isnull=True) | Q(end_date__gte=first)).values("person_id"))
    for pid, balance in LedgerAccount.objects.filter(  # one query: the staff as a subquery, not 900-id chunks
            person_id__in=in_year, scheme__code=FEDERAL, kind=AccountKind.CONSUMED,
            period_start=first).values_list("person_id", "balance"):
        used[pid] = used.get(pid, 0) + balance
    for pid, minutes in (Employment.objects.filter(organisation=organisation, trainings__on__range=(first, last))
                         .values("person_id").annotate(m=Sum("trainings__minutes")).values_list("person_id", "m")):
        used[pid] = used.get(pid, 0) + (minutes or 0)
    rows = []
    for pid, (name, fte) in sorted(contracts.items(), key=lambda kv: kv[1][0]):
        due = days_per_fte * per_day * fte // 1000
        spent = used.get(pid, 0)
        rows.append(EmployeeTrainingRight(pid, name, fte / 1000, round(due / per_day, 2), round(spent / per_day, 2),
                                          round(max(0, due - spent) / per_day, 2)))
    return TrainingRight(organisation.pk, year, f"{FEDERAL} v{version.version}", version.source_title,
                         days_per_fte, rows)
