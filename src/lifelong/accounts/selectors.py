"""Every non-trivial read: rules in force, a person's facts, balances and statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.apps import apps
from django.db.models import F, Sum, Window
from django.utils.translation import gettext as _

from lifelong.organisations.selectors import employment_facts, employment_facts_many
from lifelong.reference import PROVINCES
from lifelong.users.models import Role

from . import engine
from .errors import ExpiredRight
from .models import (
    AccountKind,
    Booking,
    BookingStatus,
    Hold,
    HoldStatus,
    LedgerAccount,
    LedgerEntry,
    Scheme,
    SchemeVersion,
)

WORK_START_AGE = 21  # estimate of years worked until a career record exists (documented in docs/accounts.md)


def reasons_shown(reasons) -> list[dict]:
    """The engine's reasons as pages and the API show them: ``{"text"`` in the reader's language, ``"ok"}``."""
    return [{"text": r.text(_), "ok": r.ok} for r in reasons]


def rules() -> list[engine.Rule]:
    """Every scheme version as an engine rule; the names are in the reader's language."""
    return [v.as_rule() for v in SchemeVersion.objects.select_related("scheme")]


def scheme_names() -> dict[str, str]:
    """Scheme code → name in the reader's language (Dutch when not translated)."""
    return {s.code: s.localized("name") for s in Scheme.objects.all()}


def scheme_choices(**filters) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of the schemes that match ``filters``, by code."""
    return [(s.code, s.localized("name")) for s in Scheme.objects.filter(**filters).order_by("code")]


@lru_cache(maxsize=1)
def _pop_model():
    try:
        return apps.get_model("people", "DevelopmentPlan")
    except LookupError:  # the people app has no development plans yet
        return None


def _has_pop(person) -> bool:
    plan = _pop_model()
    return plan is not None and plan.objects.filter(person=person).exists()


def jobs_of_people(person_ids, on: date) -> dict:
    """Employment facts of many people at once (one query), for ``facts_of(..., jobs=...)``."""
    return employment_facts_many(person_ids, on)


def people_with_pop(person_ids) -> set[int]:
    """Of these people, those with a development plan: one query for a whole batch."""
    plan = _pop_model()
    if plan is None:
        return set()
    return set(plan.objects.filter(person_id__in=list(person_ids)).values_list("person_id", flat=True).distinct())


_LOOK_UP = object()


def facts_of(person, on: date, *, has_pop: bool | None = None, jobs=_LOOK_UP) -> engine.Facts:
    """The facts the rules read. FTE, firm size and years worked come from the person's employment records
    (``organisations.Employment``) when there are any; until then FTE = 100 % and years worked = age − 21.

    ``has_pop`` and ``jobs`` (the person's ``employment_facts``, None without records): given by a caller that
    looked them up for many people at once (the yearly accrual), so that a batch costs no query per person."""

    employer = person.employer if person.employer_id else None
    working = person.labour_status in ("employed", "self_employed")
    age = on.year - person.birth_year
    if jobs is _LOOK_UP:
        jobs = employment_facts(person.pk, on) if person.pk else None
    if jobs is not None:
        return engine.Facts(
            on=on, birth_year=person.birth_year, labour_status=person.labour_status,
            education_level=person.education_level,
            region=engine.FLEMISH_REGION if person.province in PROVINCES else "other",
            employer_size=jobs.employer_size, fte_permille=jobs.fte_permille,
            has_pop=has_pop if has_pop is not None else _has_pop(person),
            years_worked=jobs.years_worked, public_sector=jobs.public_sector, jobs=jobs.jobs,
        )
    return engine.Facts(
        on=on, birth_year=person.birth_year, labour_status=person.labour_status,
        education_level=person.education_level,
        region=engine.FLEMISH_REGION if person.province in PROVINCES else "other",
        employer_size=employer.employees if employer else None,
        fte_permille=getattr(person, "fte_permille", 1000) or 1000,
        has_pop=has_pop if has_pop is not None else (_has_pop(person) if person.pk else False),
        years_worked=max(0, age - WORK_START_AGE) if working else 0,
        public_sector=(employer.nace_section == "O") if employer else person.sector == "O",
    )


def version_on(scheme: Scheme, versions, on: date) -> SchemeVersion:
    """The version of ``scheme`` among ``versions`` (oldest first) that is valid on ``on``; refused when none is.
    (``services.version_in_force`` asks this over the cached versions.)"""
    version = next((v for v in versions if v.valid_from <= on and (v.valid_until is None or v.valid_until >= on)),
                   None)
    if version is None:
        raise ExpiredRight(_("De regeling %(name)s geldt niet op %(day)s.") % {"name": scheme.localized("name"), "day": on})
    return version


def rights_of(person, on: date) -> list[engine.Right]:
    return engine.rights_of(facts_of(person, on), rules())


def balance_of(*, person, scheme_code: str, on: date) -> int:
    """Available balance of one scheme in the period ``on`` falls in."""
    scheme = Scheme.objects.get(code=scheme_code)
    version = version_on(scheme, scheme.versions.order_by("valid_from", "version"), on)
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
        b = rows.setdefault(key, Balance(a.scheme.code, a.scheme.localized("name"), a.scheme.unit, a.period_start, a.period_end,
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
    accounts = LedgerAccount.objects.filter(person=person, kind=account_kind)
    if scheme_code:
        accounts = accounts.filter(scheme__code=scheme_code)
    info = {pk: (code, start) for pk, code, start in accounts.values_list("pk", "scheme__code", "period_start")}
    if not info:
        return []
    # The database computes the running balance per account (a window over the (account, id) index), so a
    # page of the newest lines needs no Python pass over the older ones.
    running = Window(Sum("amount"), partition_by=[F("account_id")], order_by=F("id").asc())
    qs = (LedgerEntry.objects.filter(account_id__in=list(info)).annotate(balance_after=running)
          .values_list("id", "account_id", "amount", "balance_after", "transaction__created_at",
                       "transaction__kind", "transaction__memo", "transaction__actor_id"))
    rows = list(qs.order_by("-id")[:limit])[::-1] if limit else list(qs.order_by("id"))
    return [StatementLine(eid, at, kind, info[account_id][0], account_kind, info[account_id][1], amount, after,
                          memo, actor)
            for eid, account_id, amount, after, at, kind, memo, actor in rows]


def active_holds(*, person):
    return Hold.objects.filter(person=person, status=HoldStatus.ACTIVE).select_related("scheme")


def ledger_totals() -> dict[str, int]:
    """For audits: the sum of all balances and of all entries (both must be zero)."""
    return {
        "balances": LedgerAccount.objects.aggregate(s=Sum("balance"))["s"] or 0,
        "entries": LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] or 0,
    }


# -- privacy: everything the account holds about a person (issue 16.5) ---------------------------------------
def personal_data(person) -> dict:
    """The learning account's part of "download my data": balances, every ledger entry on the person's
    accounts, reservations, bookings, federal training records and notifications, as plain JSON values.
    Registered with ``people.selectors.register_personal_data`` (apps.py), so people never imports accounts."""
    from .models import Booking, FederalRecord, Notification

    def rows(qs, *fields):
        return [{f.replace("__", "_"): _plain(v) for f, v in zip(fields, values, strict=True)}
                for values in qs.values_list(*fields)]

    return {
        "accounts": rows(LedgerAccount.objects.filter(person=person).order_by("id"), "scheme__code", "kind",
                         "period_start", "period_end", "balance"),
        "ledger_entries": rows(LedgerEntry.objects.filter(account__person=person).order_by("transaction__created_at",
                                                                                             "id"),
                               "transaction__created_at", "transaction__kind", "account__scheme__code",
                               "account__kind", "account__period_start", "amount", "transaction__memo",
                               "transaction__idempotency_key"),
        "reservations": rows(Hold.objects.filter(person=person).order_by("id"), "scheme__code", "amount", "status",
                             "expires_at", "booking_id"),
        "bookings": rows(Booking.objects.filter(person=person).order_by("id"), "id", "offer_ref", "offer_title",
                         "provider__name", "price_cents", "hours", "starts_on", "net_cost_cents", "net_time_minutes",
                         "status", "client_address", "flags", "created_at", "updated_at"),
        "federal_records": rows(FederalRecord.objects.filter(person=person).order_by("started_on", "id"),
                                "record_id", "direction", "training", "minutes", "started_on", "ended_on",
                                "completed", "certificate", "booking_id", "minutes_counted", "note", "imported_at"),
        "notifications": rows(Notification.objects.filter(person=person).order_by("created_at"), "created_at", "text"),
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def provider_bookings(user, limit: int = 200):
    """The open (reserved) bookings whose attendance ``user`` may confirm: a provider's staff their own
    learners', the secretariat every one; oldest first (what the provider's bookings page lists)."""
    bookings = (Booking.objects.filter(status=BookingStatus.RESERVED).select_related("person", "provider")
                .prefetch_related("holds__scheme"))
    if not (user.is_superuser or user.has_role(Role.SECRETARIAT)):
        bookings = bookings.filter(provider__staff=user)  # only this provider's own learners
    return bookings.order_by("created_at")[:limit]
