"""Reads of the employer portal: the federal training right of an organisation per employee and year.

It reads the account's schemes and ledger, so it lives here, above accounts, and not in the low
``organisations`` app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum

from lifelong.accounts.engine import federal_days_per_fte
from lifelong.accounts.models import AccountKind, LedgerAccount, SchemeVersion
from lifelong.organisations.models import Employment, Organisation

FEDERAL = "federaal_opleidingsrecht"


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
    day = date(year, 12, 31)
    return (SchemeVersion.objects.select_related("scheme").filter(scheme__code=FEDERAL, valid_from__lte=day)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)).order_by("-valid_from").first())


def training_right(organisation: Organisation, year: int) -> TrainingRight:
    """Per employee with a contract in ``year``: days due (days per FTE for the firm's size × FTE of the last
    contract that year), days used (the federal right consumed in the ledger that year — confirmed bookings
    and federal records — plus training the employer registered), days left (never below 0)."""
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
