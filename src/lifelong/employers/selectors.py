"""Reads of the employer portal: the federal training right of an organisation per employee and year.

It reads the account's schemes and ledger, so it lives here, above accounts, and not in the low
``organisations`` app."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, Subquery, Sum

from lifelong.accounts.engine import federal_days_per_fte
from lifelong.accounts.models import AccountKind, LedgerAccount, SchemeVersion
from lifelong.accounts.services import Refused, scheme_of, version_in_force
from lifelong.organisations.models import EmployerTraining, Employment, Organisation

FEDERAL = "federaal_opleidingsrecht"


# -- the federal training right as the employer's obligation ---------------------------------------------------
@dataclass(slots=True)
class EmployeeTrainingRight:
    person: int
    name: str
    fte: float
    days_due: float
    days_used: float
    days_left: float
    days_carried_over: float = 0.0  # unused days of earlier years of the carry-over period (on top of days_left)


@dataclass
class TrainingRight:
    organisation: int
    year: int
    rule: str  # "federaal_opleidingsrecht v3"
    source: str
    days_per_fte: int
    employees: list[EmployeeTrainingRight]
    carry_over: CarryOver | None = None

    @property
    def totals(self) -> dict[str, float]:
        return {k: round(sum(getattr(e, k) for e in self.employees), 2)
                for k in ("days_due", "days_used", "days_left", "days_carried_over")}


@dataclass(frozen=True)
class CarryOver:
    """The carry-over rule of the version in force (``carry_over`` in its params) and the period ``year`` is in."""
    first_year: int  # the first year of the period ``year`` falls in
    period_years: int
    source_title: str
    source_url: str

    @classmethod
    def of(cls, params: dict, year: int) -> CarryOver | None:
        rule = params.get("carry_over")
        if not rule or year < rule["first_year"]:
            return None
        n = rule["period_years"]
        first = rule["first_year"] + (year - rule["first_year"]) // n * n
        return cls(first, n, rule.get("source_title", ""), rule.get("source_url", ""))


def federal_version(year: int) -> SchemeVersion | None:
    """The federal scheme version in force on 31 December of ``year`` (the right is counted per calendar year);
    read through the account's scheme cache, so the overview costs no query for it."""
    try:
        return version_in_force(scheme_of(FEDERAL), date(year, 12, 31))
    except Refused:
        return None


def training_right(organisation: Organisation, year: int, *, names: bool = True) -> TrainingRight:
    """Per employee with a contract in ``year``: days due (days per FTE for the firm's size × FTE of the last
    contract that year), days used (the federal right consumed in the ledger that year — confirmed bookings
    and federal records — plus training the employer registered, done plan actions included), days left
    (never below 0).

    One query for 5,000 employees (issue 13's benchmark): the contracts of the year, each with its person's
    federal consumption of that year and the minutes the employer registered on that contract, as correlated
    subqueries on a unique and a foreign-key index. With ``names`` the rows are in name order (sorted here: the
    database's collation costs more); without (the API sends person ids only) there is no join with people
    and the rows are in person order."""
    version = federal_version(year)
    if version is None:
        return TrainingRight(organisation.pk, year, "", "", 0, [])
    params = version.params
    per_day = params["minutes_per_day"]
    days_per_fte = federal_days_per_fte(params, organisation.employees)
    due_per_permille = days_per_fte * per_day
    first, last = date(year, 1, 1), date(year, 12, 31)
    carry = CarryOver.of(params, year)
    # with a carry-over, the same query also reads the contracts of the period's earlier years
    since = date(carry.first_year, 1, 1) if carry and carry.first_year < year else first
    consumed = (LedgerAccount.objects.filter(person_id=OuterRef("person_id"), scheme_id=version.scheme_id,
                                             kind=AccountKind.CONSUMED, period_start=first)
                .values("balance")[:1])
    registered = (EmployerTraining.objects.filter(employment_id=OuterRef("pk"), on__range=(first, last))
                  .order_by().values("employment_id").annotate(m=Sum("minutes")).values("m")[:1])
    name_fields = ("person__given_name", "person__family_name") if names else ()
    rows = (Employment.objects.filter(organisation=organisation, start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=since))
            .annotate(consumed=Subquery(consumed), registered=Subquery(registered))
            .order_by("person_id", "start_date")
            .values_list("person_id", "fte_permille", "start_date", "end_date", "consumed", "registered",
                         *name_fields))
    contracts: dict[int, list] = {}
    earlier = []  # (person, FTE, start, end) of the contracts running before ``year`` in the carry-over period
    for pid, fte, begins, ends, used_ledger, used_registered, *name in rows:
        if begins < first:
            earlier.append((pid, fte, begins, ends))
        if ends is not None and ends < first:
            continue  # ended before the year: only for the carry-over
        seen = contracts.get(pid)
        if seen is None:
            contracts[pid] = [fte, (used_ledger or 0) + (used_registered or 0), " ".join(name)]
        else:  # by start: the latest contract of the year gives the FTE
            seen[0] = fte
            seen[1] += used_registered or 0
    carried = _carried_minutes(organisation, carry.first_year, year, version.scheme_id, earlier) if carry else {}
    ordered = sorted(contracts.items(), key=lambda kv: (kv[1][2], kv[0])) if names else contracts.items()
    employees = []
    for pid, (fte, spent, name) in ordered:
        due = due_per_permille * fte // 1000
        employees.append(EmployeeTrainingRight(pid, name, fte / 1000, round(due / per_day, 2),
                                               round(spent / per_day, 2), round(max(0, due - spent) / per_day, 2),
                                               round(carried.get(pid, 0) / per_day, 2)))
    return TrainingRight(organisation.pk, year, f"{FEDERAL} v{version.version}", version.source_title,
                         days_per_fte, employees, carry)


def _carried_minutes(organisation: Organisation, first_year: int, year: int, scheme_id: int,
                     contracts: list[tuple[int, int, date, date | None]]) -> dict[int, int]:
    """Per person: the minutes of the federal right not used in the years ``first_year`` … ``year`` − 1 at this
    organisation, carried over to ``year``. Year by year: what is carried in plus what was due, minus what was
    used (the oldest days go first), never below 0. ``contracts``: (person, FTE, start, end) of the organisation's
    contracts that ran in those years, by person and start (read by ``training_right``'s query). Two queries
    whatever the number of years: the federal consumption in the ledger and the training the employer registered
    in those years."""
    if year <= first_year or not contracts:
        return {}
    start, end = date(first_year, 1, 1), date(year - 1, 12, 31)
    n = year - first_year
    fte_in: dict[int, list[int]] = {}  # person → the FTE of the latest contract of each year (0: none)
    for pid, fte, begins, ends in contracts:
        lo, hi = max(first_year, begins.year) - first_year, min(year - 1, ends.year if ends else year - 1) - first_year
        if lo > hi:
            continue
        row = fte_in.get(pid)
        if row is None:
            row = fte_in[pid] = [0] * n
        row[lo:hi + 1] = [fte] * (hi + 1 - lo)
    if not fte_in:
        return {}
    staff = Employment.objects.filter(organisation=organisation, start_date__lte=end).values("person_id")
    used: defaultdict[tuple[int, int], int] = defaultdict(int)  # (person, year index) → minutes used
    for pid, period_start, balance in (LedgerAccount.objects
                                       .filter(scheme_id=scheme_id, kind=AccountKind.CONSUMED,
                                               person_id__in=staff, period_start__range=(start, end))
                                       .values_list("person_id", "period_start", "balance")):
        used[pid, period_start.year - first_year] += balance
    for pid, on, minutes in (EmployerTraining.objects.filter(employment__organisation=organisation,
                                                             on__range=(start, end))
                             .values_list("employment__person_id", "on", "minutes")):
        used[pid, on.year - first_year] += minutes
    due_per_permille = []
    for y in range(first_year, year):
        v = federal_version(y)
        due_per_permille.append(federal_days_per_fte(v.params, organisation.employees) * v.params["minutes_per_day"]
                                if v else 0)
    carried = {}
    for pid, row in fte_in.items():
        left = 0
        for i, fte in enumerate(row):
            left = max(0, left + due_per_permille[i] * fte // 1000 - used.get((pid, i), 0))
        if left:
            carried[pid] = left
    return carried
