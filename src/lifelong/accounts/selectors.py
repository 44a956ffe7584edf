"""Every non-trivial read: rules in force, a person's facts, balances and statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.db.models import Sum

from lifelong.reference import PROVINCES

from . import engine
from .models import AccountKind, Hold, HoldStatus, LedgerAccount, LedgerEntry, Scheme, SchemeVersion

WORK_START_AGE = 21  # estimate of years worked until a career record exists (documented in docs/accounts.md)


def rules() -> list[engine.Rule]:
    return [v.as_rule() for v in SchemeVersion.objects.select_related("scheme")]


def _has_pop(person) -> bool:
    try:
        plan = apps.get_model("people", "DevelopmentPlan")
    except LookupError:
        return False
    return plan.objects.filter(person=person).exists()


def facts_of(person, on: date) -> engine.Facts:
    """The facts the rules read. FTE, POP and years worked are defaults until the person's record has them."""
    employer = person.employer if person.employer_id else None
    working = person.labour_status in ("employed", "self_employed")
    age = on.year - person.birth_year
    return engine.Facts(
        on=on, birth_year=person.birth_year, labour_status=person.labour_status,
        education_level=person.education_level,
        region=engine.FLEMISH_REGION if person.province in PROVINCES else "other",
        employer_size=employer.employees if employer else None,
        fte_permille=getattr(person, "fte_permille", 1000) or 1000,
        has_pop=_has_pop(person) if person.pk else False,
        years_worked=max(0, age - WORK_START_AGE) if working else 0,
        public_sector=(employer.nace_section == "O") if employer else person.sector == "O",
    )


def rights_of(person, on: date) -> list[engine.Right]:
    return engine.rights_of(facts_of(person, on), rules())


def balance_of(*, person, scheme_code: str, on: date) -> int:
    """Available balance of one scheme in the period ``on`` falls in."""
    scheme = Scheme.objects.get(code=scheme_code)
    from .services import version_in_force

    version = version_in_force(scheme, on)
    start, _end = engine.period_of(version.period, on, version.params)
    account = LedgerAccount.objects.filter(person=person, scheme=scheme, kind=AccountKind.AVAILABLE,
                                           period_start=start).first()
    return account.balance if account else 0


@dataclass
class Balance:
    code: str
    name: str
    unit: str
    period_start: date | None
    period_end: date | None
    available: int
    held: int
    consumed: int
    expired: int


def balances_of(*, person, on: date | None = None) -> list[Balance]:
    """Per scheme and period: available, held, used and expired (current and past periods)."""
    rows: dict[tuple, Balance] = {}
    accounts = (LedgerAccount.objects.filter(person=person).select_related("scheme")
                .order_by("scheme__code", "-period_start"))
    for a in accounts:
        key = (a.scheme.code, a.period_start)
        b = rows.setdefault(key, Balance(a.scheme.code, a.scheme.name, a.scheme.unit, a.period_start, a.period_end,
                                         0, 0, 0, 0))
        setattr(b, a.kind, a.balance)
    result = list(rows.values())
    if on is not None:
        result = [b for b in result if b.period_end is None or b.period_end >= on]
    return result


def available_by_code(*, person, on: date) -> dict[str, int]:
    """What the simulation needs: the available balance per scheme in the current periods."""
    out: dict[str, int] = {}
    for b in balances_of(person=person, on=on):
        if b.period_start is None or b.period_start <= on:
            out[b.code] = out.get(b.code, 0) + b.available
    return out


@dataclass
class StatementLine:
    entry_id: int
    at: object
    kind: str
    scheme: str
    account_kind: str
    period_start: date | None
    amount: int
    balance_after: int
    memo: str
    actor_id: int | None


def statement(*, person, scheme_code: str | None = None, account_kind: str = AccountKind.AVAILABLE,
              limit: int | None = None) -> list[StatementLine]:
    """The entries on a person's accounts of one kind (default: available), oldest first, with running balances."""
    qs = (LedgerEntry.objects.filter(account__person=person, account__kind=account_kind)
          .order_by("id")
          .values_list("id", "transaction__created_at", "transaction__kind", "account__scheme__code",
                       "account_id", "account__period_start", "amount", "transaction__memo",
                       "transaction__actor_id"))
    if scheme_code:
        qs = qs.filter(account__scheme__code=scheme_code)
    running: dict[int, int] = {}
    lines = []
    for eid, at, kind, code, account_id, start, amount, memo, actor in qs.iterator(chunk_size=5000):
        running[account_id] = running.get(account_id, 0) + amount
        lines.append(StatementLine(eid, at, kind, code, account_kind, start, amount, running[account_id], memo, actor))
    return lines[-limit:] if limit else lines


def active_holds(*, person):
    return Hold.objects.filter(person=person, status=HoldStatus.ACTIVE).select_related("scheme")


def ledger_totals() -> dict[str, int]:
    """For audits: the sum of all balances and of all entries (both must be zero)."""
    return {
        "balances": LedgerAccount.objects.aggregate(s=Sum("balance"))["s"] or 0,
        "entries": LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] or 0,
    }
