"""Every write on schemes and the ledger: keyword-only functions, each in one transaction.

Locking order (prevents deadlocks): first the holder's *available* account row(s)
(``select_for_update``, sorted by id), then hold rows, then the other accounts.
The available account is the mutex for one person × scheme × period, so two
reservations against one balance are serialised and can never overspend; the
database check ``balance >= 0`` is the last line of defence.

Idempotency: every operation carries a key. A replay with the same key and the
same request returns the original result and books nothing; the same key with
a different request is refused.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.translations import refresh_translations, translations_from

from . import bulk, engine
from .models import (
    AccountKind,
    Hold,
    HoldStatus,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Scheme,
    SchemeVersion,
    TxKind,
)

SCHEMES_FILE = engine.SCHEMES_FILE


class Refused(ValueError):
    """A request refused with a plain reason; nothing was changed."""

    code = "refused"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class InvalidAmount(Refused):
    code = "invalid_amount"


class UnknownScheme(Refused):
    code = "unknown_scheme"


class InsufficientBalance(Refused):
    code = "insufficient_balance"


class IdempotencyConflict(Refused):
    code = "idempotency_conflict"


class NotAllowed(Refused):
    code = "not_allowed"


class ExpiredRight(Refused):
    code = "expired"


# ---------------------------------------------------------------- helpers

def _check_amount(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidAmount(_("Het bedrag moet een geheel getal zijn (in cent of minuten), niet %(a)r.") % {"a": amount})
    if amount <= 0:
        raise InvalidAmount(_("Het bedrag moet groter zijn dan nul."))
    return amount


def _fingerprint(**request) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def _check_key(key: str) -> str:
    if not key or not isinstance(key, str) or len(key) > 200:
        raise Refused(_("Elke opdracht heeft een sleutel (idempotency key) van 1 tot 200 tekens nodig."))
    return key


def _replay(key: str, fingerprint: str) -> LedgerTransaction | None:
    existing = LedgerTransaction.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.fingerprint != fingerprint:
        raise IdempotencyConflict(_("Deze sleutel werd al gebruikt voor een andere opdracht."))
    return existing


def _idempotent(key: str, fingerprint: str, work: Callable[[], object], result):
    """Run ``work`` once per key: replays (also a racing twin that lost on the unique key) get ``result`` of the
    original transaction."""
    _check_key(key)
    try:
        with transaction.atomic():
            existing = _replay(key, fingerprint)
            if existing is not None:
                return result(existing)
            return work()
    except IntegrityError:
        existing = _replay(key, fingerprint)
        if existing is None:
            raise
        return result(existing)


# Schemes and their versions are read on every ledger operation but change rarely (a new law is a new
# version, entered ahead of its start). Each process keeps them for SCHEME_CACHE_SECONDS. A save or delete
# in this process empties the cache and stops caching for SCHEME_CACHE_SECONDS (signals in apps.py), so a
# change that is rolled back is never kept; other processes see a change within the TTL.
SCHEME_CACHE_SECONDS = 60
_scheme_cache: dict[str, tuple[float, Scheme, list[SchemeVersion]]] = {}
_no_cache_until = 0.0


def clear_scheme_cache(**_kwargs) -> None:
    global _no_cache_until
    _scheme_cache.clear()
    _no_cache_until = time.monotonic() + SCHEME_CACHE_SECONDS


def _cached(code: str) -> tuple[Scheme, list[SchemeVersion]] | None:
    now = time.monotonic()
    hit = _scheme_cache.get(code)
    if hit is not None and now - hit[0] < SCHEME_CACHE_SECONDS:
        return hit[1], hit[2]
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is None:
        return None
    versions = list(scheme.versions.order_by("valid_from", "version"))
    if now >= _no_cache_until:
        _scheme_cache[code] = (now, scheme, versions)
    return scheme, versions


def scheme_of(code: str) -> Scheme:
    cached = _cached(code)
    if cached is None:
        raise UnknownScheme(_("De regeling '%(code)s' bestaat niet.") % {"code": code})
    return cached[0]


def version_in_force(scheme: Scheme, on: date) -> SchemeVersion:
    cached = _cached(scheme.code)
    versions = cached[1] if cached is not None else []
    version = next((v for v in versions if v.valid_from <= on and (v.valid_until is None or v.valid_until >= on)),
                   None)
    if version is None:
        raise ExpiredRight(_("De regeling %(name)s geldt niet op %(day)s.") % {"name": scheme.localized("name"), "day": on})
    return version


def funding_account(scheme: Scheme) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(scheme=scheme, kind=AccountKind.FUNDING)
    return account


def holder_account(*, scheme: Scheme, kind: str, period: tuple[date | None, date | None], person_id=None,
                   organisation_id=None) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(
        scheme=scheme, kind=kind, person_id=person_id, organisation_id=organisation_id, period_start=period[0],
        defaults={"period_end": period[1]})
    return account


def _locked(account: LedgerAccount) -> LedgerAccount:
    return LedgerAccount.objects.select_for_update().get(pk=account.pk)


def _post(*, kind: str, key: str, fingerprint: str, actor, memo: str, legs: list[tuple[LedgerAccount, int]],
          reverses: LedgerTransaction | None = None) -> LedgerTransaction:
    """Book one balanced transaction: entries and running balances together."""
    legs = [(account, amount) for account, amount in legs if amount != 0]
    if not legs or sum(amount for _a, amount in legs) != 0:
        raise ValueError("a transaction must have entries that sum to zero")
    tx = LedgerTransaction.objects.create(kind=kind, idempotency_key=key, fingerprint=fingerprint, memo=memo[:300],
                                          actor=actor if getattr(actor, "pk", None) else None, reverses=reverses)
    LedgerEntry.objects.bulk_create([LedgerEntry(transaction=tx, account=a, amount=amount) for a, amount in legs])
    for account, amount in legs:
        LedgerAccount.objects.filter(pk=account.pk).update(balance=F("balance") + amount)
    return tx


# ---------------------------------------------------------------- schemes

@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.created)} versions created, {len(self.unchanged)} unchanged, "
                f"{len(self.refused)} refused")


@transaction.atomic
def add_scheme_version(*, scheme: Scheme, version: int, valid_from: date, valid_until: date | None, period: str,
                       params: dict, source_title: str, source_url: str = "", notes: str = "",
                       actor=None) -> SchemeVersion:
    """A change of law: a new version with its own validity. Overlap with another version is refused."""
    from django.core.exceptions import ValidationError

    Scheme.objects.select_for_update().get(pk=scheme.pk)  # serialises concurrent additions to one scheme
    sv = SchemeVersion(scheme=scheme, version=version, valid_from=valid_from, valid_until=valid_until, period=period,
                       params=params, source_title=source_title, source_url=source_url, notes=notes,
                       created_by=actor if getattr(actor, "pk", None) else None)
    try:
        sv.full_clean()
    except ValidationError as exc:
        raise Refused(" ".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
    sv.save()
    return sv


def load_schemes(*, path: Path | str | None = None, voucher_period: str | None = None, actor=None) -> LoadReport:
    """Load the scheme data file. Existing versions are never edited; a changed version must get a new number.

    The English and French name and description (``name_en``, ``description_fr`` …) are updated on every
    load, for a scheme whose Dutch text is still the file's."""
    data = json.loads(Path(path or SCHEMES_FILE).read_text(encoding="utf-8"))
    report = LoadReport()
    for item in data["schemes"]:
        texts = translations_from(item, name="name_{lang}", description="description_{lang}")
        with transaction.atomic():
            scheme, _created = Scheme.objects.get_or_create(code=item["code"], defaults={
                "name": item["name"], "description": item.get("description", ""), "kind": item["kind"],
                "unit": item["unit"], "beneficiary": item.get("beneficiary", "person"),
                "ledger": item.get("ledger", True), "translations": texts})
            refresh_translations(scheme, texts, {"name": item["name"], "description": item.get("description", "")})
        for v in item["versions"]:
            label = f"{item['code']} v{v['version']}"
            period = v["period"]
            if voucher_period and item["kind"] == "training_vouchers":
                period = voucher_period
            existing = scheme.versions.filter(version=v["version"]).first()
            if existing is not None:
                report.unchanged.append(label)
                continue
            try:
                add_scheme_version(scheme=scheme, version=v["version"], valid_from=date.fromisoformat(v["valid_from"]),
                                   valid_until=date.fromisoformat(v["valid_until"]) if v.get("valid_until") else None,
                                   period=period, params=v["params"], source_title=v["source_title"],
                                   source_url=v.get("source_url", ""), notes=v.get("notes", ""), actor=actor)
                report.created.append(label)
            except Refused as exc:
                report.refused.append(f"{label}: {exc.reason}")
    return report


# ---------------------------------------------------------------- ledger operations

def accrue(*, scheme_code: str, amount: int, on: date, idempotency_key: str, person=None, organisation=None,
           actor=None, memo: str = "") -> LedgerTransaction:
    """Grant rights to a person (or an organisation) for the period that ``on`` falls in."""
    amount = _check_amount(amount)
    if (person is None) == (organisation is None):
        raise Refused(_("Rechten gaan naar één persoon of één organisatie."))
    scheme = scheme_of(scheme_code)
    if not scheme.ledger:
        raise NotAllowed(_("Voor %(name)s houden we geen saldo bij.") % {"name": scheme.localized("name")})
    fp = _fingerprint(op="accrue", scheme=scheme_code, amount=amount, on=on, person=getattr(person, "pk", None),
                      organisation=getattr(organisation, "pk", None))

    def work():
        version = version_in_force(scheme, on)
        period = engine.period_of(version.period, on, version.params)
        available = holder_account(scheme=scheme, kind=AccountKind.AVAILABLE, period=period,
                                   person_id=getattr(person, "pk", None), organisation_id=getattr(organisation, "pk", None))
        available = _locked(available)
        return _post(kind=TxKind.ACCRUE, key=idempotency_key, fingerprint=fp, actor=actor,
                     memo=memo or f"{scheme.code} v{version.version}",
                     legs=[(funding_account(scheme), -amount), (available, amount)])

    return _idempotent(idempotency_key, fp, work, lambda tx: tx)


def reserve(*, person, scheme_code: str, amount: int, on: date, expires_at: datetime, idempotency_key: str,
            actor=None, booking=None, memo: str = "") -> Hold:
    """Put a hold on rights; refused (nothing booked) when the balance is too small."""
    amount = _check_amount(amount)
    scheme = scheme_of(scheme_code)
    if expires_at <= timezone.now():
        raise Refused(_("Een reservering moet vervallen in de toekomst."))
    fp = _fingerprint(op="reserve", scheme=scheme_code, amount=amount, on=on, person=person.pk,
                      booking=getattr(booking, "pk", None))

    def work():
        version = version_in_force(scheme, on)
        period = engine.period_of(version.period, on, version.params)
        try:
            available = LedgerAccount.objects.select_for_update().get(
                scheme=scheme, kind=AccountKind.AVAILABLE, person=person, period_start=period[0])
        except LedgerAccount.DoesNotExist:
            raise InsufficientBalance(_("U hebt geen saldo voor %(name)s in deze periode.") % {"name": scheme.localized("name")}) \
                from None
        if available.balance < amount:
            raise InsufficientBalance(
                _("Uw saldo voor %(name)s is te klein: er is nog %(left)s, u vraagt %(ask)s.")
                % {"name": scheme.localized("name"), "left": available.balance, "ask": amount})
        held = holder_account(scheme=scheme, kind=AccountKind.HELD, period=period, person_id=person.pk)
        tx = _post(kind=TxKind.RESERVE, key=idempotency_key, fingerprint=fp, actor=actor, memo=memo,
                   legs=[(available, -amount), (held, amount)])
        return Hold.objects.create(person=person, scheme=scheme, available=available, held=held, amount=amount,
                                   expires_at=expires_at, booking=booking, reserve_tx=tx)

    return _idempotent(idempotency_key, fp, work, lambda tx: Hold.objects.get(reserve_tx=tx))


def _lock_hold(hold: Hold) -> Hold:
    LedgerAccount.objects.select_for_update().get(pk=hold.available_id)  # the mutex first
    return Hold.objects.select_for_update().get(pk=hold.pk)


def _settle(*, hold: Hold, kind: str, status: str, idempotency_key: str, actor, used: int = 0, memo: str = "",
            now: datetime | None = None) -> Hold:
    fp = _fingerprint(op=kind, hold=hold.pk, used=used)

    def work():
        h = _lock_hold(hold)
        if h.status != HoldStatus.ACTIVE:
            raise NotAllowed(_("Deze reservering is al afgesloten (%(status)s).") % {"status": h.get_status_display()})
        if kind == TxKind.CONSUME and h.expires_at <= (now or timezone.now()):
            raise ExpiredRight(_("Deze reservering is vervallen; de rechten zijn of worden vrijgegeven."))
        legs = [(h.held, -h.amount)]
        if used:
            period = (h.held.period_start, h.held.period_end)
            consumed = holder_account(scheme=h.scheme, kind=AccountKind.CONSUMED, period=period, person_id=h.person_id)
            legs.append((consumed, used))
        legs.append((h.available, h.amount - used))
        tx = _post(kind=kind, key=idempotency_key, fingerprint=fp, actor=actor, memo=memo, legs=legs)
        Hold.objects.filter(pk=h.pk).update(status=status, settle_tx=tx)
        h.status, h.settle_tx = status, tx
        return h

    return _idempotent(idempotency_key, fp, work, lambda tx: Hold.objects.get(settle_tx=tx))


def consume(*, hold: Hold, idempotency_key: str, actor=None, amount: int | None = None, memo: str = "") -> Hold:
    """Attendance confirmed: the hold (or part of it; the rest goes back) is used."""
    used = hold.amount if amount is None else _check_amount(amount)
    if used > hold.amount:
        raise InvalidAmount(_("U kunt niet meer gebruiken dan gereserveerd is."))
    return _settle(hold=hold, kind=TxKind.CONSUME, status=HoldStatus.CONSUMED, idempotency_key=idempotency_key,
                   actor=actor, used=used, memo=memo)


def release(*, hold: Hold, idempotency_key: str, actor=None, memo: str = "") -> Hold:
    """Cancellation: the held rights go back to the available balance."""
    return _settle(hold=hold, kind=TxKind.RELEASE, status=HoldStatus.RELEASED, idempotency_key=idempotency_key,
                   actor=actor, memo=memo)


def expire_holds(*, now: datetime | None = None, actor=None) -> int:
    """Release every active hold past its expiry (run by a daily task). Returns how many."""
    now = now or timezone.now()
    count = 0
    for hold in Hold.objects.filter(status=HoldStatus.ACTIVE, expires_at__lte=now).order_by("id"):
        try:
            _settle(hold=hold, kind=TxKind.EXPIRE, status=HoldStatus.EXPIRED, idempotency_key=f"expire-hold:{hold.pk}",
                    actor=actor, memo="hold expired", now=now)
            count += 1
        except NotAllowed:
            continue  # settled meanwhile
    return count


def expire_rights(*, on: date, actor=None) -> int:
    """Rights of a finished period that were not used move to *expired*. Returns the number of accounts."""
    count = 0
    accounts = LedgerAccount.objects.filter(kind=AccountKind.AVAILABLE, period_end__lt=on, balance__gt=0)
    for account in accounts.order_by("id"):
        key = f"expire-rights:{account.pk}:{on.isoformat()}"
        fp = _fingerprint(op="expire-rights", account=account.pk, on=on)

        def work(account=account, key=key, fp=fp):
            locked = _locked(account)
            if locked.balance <= 0:
                raise NotAllowed("nothing left")
            expired = holder_account(scheme=locked.scheme, kind=AccountKind.EXPIRED,
                                     period=(locked.period_start, locked.period_end),
                                     person_id=locked.person_id, organisation_id=locked.organisation_id)
            return _post(kind=TxKind.EXPIRE, key=key, fingerprint=fp, actor=actor, memo="period ended",
                         legs=[(locked, -locked.balance), (expired, locked.balance)])

        try:
            _idempotent(key, fp, work, lambda tx: tx)
            count += 1
        except NotAllowed:
            continue
    return count


def correct(*, transaction_to_reverse: LedgerTransaction, idempotency_key: str, actor=None,
            reason: str) -> LedgerTransaction:
    """Undo a grant (accrual) or an expiry by booking its exact reversal; the original stays as it was."""
    original = transaction_to_reverse
    if not reason.strip():
        raise Refused(_("Geef een reden voor de rechtzetting."))
    if original.kind not in (TxKind.ACCRUE, TxKind.EXPIRE) or hasattr(original, "hold") or \
            hasattr(original, "settled_hold"):
        raise NotAllowed(_("Alleen een toekenning of het vervallen van rechten kan worden rechtgezet. "
                           "Een reservering annuleert u met 'vrijgeven'."))
    fp = _fingerprint(op="correct", tx=original.pk)

    def work():
        if LedgerTransaction.objects.filter(reverses=original).exists():
            raise NotAllowed(_("Deze boeking is al rechtgezet."))
        entries = list(original.entries.select_related("account"))
        holder = sorted({e.account_id for e in entries if e.account.kind != AccountKind.FUNDING})
        locked = {a.pk: a for a in LedgerAccount.objects.select_for_update().filter(pk__in=holder).order_by("pk")}
        for e in entries:
            if e.account_id in locked and locked[e.account_id].balance - e.amount < 0:
                raise InsufficientBalance(_("Deze rechten zijn al (deels) gebruikt of gereserveerd; rechtzetten "
                                            "zou het saldo negatief maken."))
        return _post(kind=TxKind.CORRECT, key=idempotency_key, fingerprint=fp, actor=actor, memo=reason,
                     legs=[(e.account, -e.amount) for e in entries], reverses=original)

    return _idempotent(idempotency_key, fp, work, lambda tx: tx)


# ---------------------------------------------------------------- yearly accrual

def accrual_key(code: str, version: int, period_start: date | None, *, person_id=None, organisation_id=None) -> str:
    holder = f"p{person_id}" if person_id is not None else f"o{organisation_id}"
    return f"accrual:{code}:v{version}:{period_start}:{holder}"


def accrue_rights(*, person, on: date, actor=None) -> list[LedgerTransaction]:
    """Grant a person every right the rules give on ``on`` (idempotent per scheme version and period)."""
    from .selectors import facts_of, rules

    txs = []
    for right in engine.rights_of(facts_of(person, on), rules()):
        if right.eligible and right.amount > 0 and Scheme.objects.filter(code=right.code, ledger=True).exists():
            txs.append(accrue(person=person, scheme_code=right.code, amount=right.amount, on=on, actor=actor,
                              idempotency_key=accrual_key(right.code, right.version, right.period_start,
                                                          person_id=person.pk)))
    return txs


# What ``selectors.facts_of`` reads of a person and their employer (the yearly accrual loads only these).
PERSON_FACT_FIELDS = ("id", "birth_year", "labour_status", "education_level", "province", "sector", "employer_id",
                      "employer__employees", "employer__nace_section")


def accrue_year(*, on: date, person_ids=None, batch_size: int = 2000, actor=None,
                progress: Callable[[int], None] | None = None, workers: int = 1) -> int:
    """The yearly accrual for many people in batches: one transaction per batch, bulk inserts.

    ``workers`` > 1 spreads the batches over that many processes (PostgreSQL only: SQLite has one
    writer at a time, so there it runs in this process). Each batch is still one transaction, so a
    failed or killed worker leaves whole batches booked or not at all, and a rerun books only the rest.

    Returns the number of transactions booked; a replay books nothing (keys already present are skipped).
    """
    if workers > 1 and bulk.is_postgres() and not transaction.get_connection().in_atomic_block:
        # (inside a caller's transaction, other processes could not see its rows: run here instead)
        return _accrue_in_processes(on, person_ids, batch_size, actor, progress, workers)
    context = _AccrualContext.build(on, actor)
    booked = 0
    for batch in _person_batches(person_ids, batch_size):
        booked += context.accrue(batch)
        if progress:
            progress(booked)
    return booked


@dataclass
class _AccrualContext:
    """What every batch of one yearly accrual shares: the rules, the ledger schemes and their funding
    accounts, and the rights already worked out per distinct set of facts (many people share them)."""

    on: date
    actor_id: int | None
    rule_list: list
    schemes: dict
    funding: dict
    memo: dict = field(default_factory=dict)

    @classmethod
    def build(cls, on: date, actor) -> _AccrualContext:
        """``actor``: the user who runs the accrual, or their id (worker processes get the id), or None."""
        from .selectors import rules

        schemes = {s.code: s for s in Scheme.objects.filter(ledger=True, beneficiary="person")}
        return cls(on=on, actor_id=getattr(actor, "pk", actor), rule_list=rules(), schemes=schemes,
                   funding={code: funding_account(s) for code, s in schemes.items()})

    def accrue(self, batch) -> int:
        return _accrue_batch(batch, self.on, self.rule_list, self.schemes, self.funding, self.actor_id, self.memo)


def _people_for_facts():
    """People in id order, with only what ``selectors.facts_of`` reads (and their employer)."""
    from lifelong.people.models import Person

    return Person.objects.select_related("employer").only(*PERSON_FACT_FIELDS).order_by("id")


def _people_in(chunk: list[int]) -> list:
    """The people of one sorted chunk of ids (the range lets the id index do the work)."""
    return list(_people_for_facts().filter(id__gte=chunk[0], id__lte=chunk[-1]).filter(id__in=chunk))


def _person_batches(person_ids, batch_size: int):
    """The people in id order, ``batch_size`` at a time: by keyset over the whole table, or, for a given
    list of ids, chunk by chunk of that list (never the whole list in every batch's query)."""
    if person_ids is not None:
        for chunk in _id_chunks(sorted(set(person_ids)), batch_size):
            batch = _people_in(chunk)
            if batch:
                yield batch
        return
    last_id = 0
    qs = _people_for_facts()
    while True:
        batch = list(qs.filter(id__gt=last_id)[:batch_size])
        if not batch:
            return
        last_id = batch[-1].id
        yield batch


def _id_chunks(ids: list[int], size: int):
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


_worker_context: _AccrualContext | None = None


def _accrue_ids(job) -> int:
    """In a worker process: accrue the people of one chunk of ids."""
    global _worker_context

    ids, on, actor_id = job
    if _worker_context is None or _worker_context.on != on:
        _worker_context = _AccrualContext.build(on, actor_id)
    batch = _people_in(ids)
    return _worker_context.accrue(batch) if batch else 0


def _accrue_in_processes(on, person_ids, batch_size, actor, progress, workers: int) -> int:
    """The batches spread over ``workers`` forked processes, each with its own database connection."""
    import multiprocessing

    from django.db import connections

    from lifelong.people.models import Person

    if person_ids is None:
        ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    else:
        ids = sorted(set(person_ids))
    actor_id = getattr(actor, "pk", actor)
    jobs = [(chunk, on, actor_id) for chunk in _id_chunks(ids, batch_size)]
    _AccrualContext.build(on, actor_id)  # create any missing funding account once, before the workers race
    connections.close_all()  # a connection must never be shared across fork: each worker opens its own
    booked = 0
    with multiprocessing.get_context("fork").Pool(workers, initializer=connections.close_all) as pool:
        for n in pool.imap_unordered(_accrue_ids, jobs):
            booked += n
            if progress:
                progress(booked)
    return booked


@transaction.atomic
def _accrue_batch(batch, on, rule_list, schemes, funding, actor_id, memo) -> int:
    from .selectors import facts_of, people_with_pop

    wanted = []  # (person_id, scheme, amount, period, key)
    with_pop = people_with_pop(p.pk for p in batch)
    for person in batch:
        facts = facts_of(person, on, has_pop=person.pk in with_pop)
        if facts not in memo:
            memo[facts] = engine.rights_of(facts, rule_list)
        for right in memo[facts]:
            if right.eligible and right.amount > 0 and right.code in schemes:
                key = accrual_key(right.code, right.version, right.period_start, person_id=person.pk)
                wanted.append((person.pk, schemes[right.code], right.amount, (right.period_start, right.period_end), key))
    if not wanted:
        return 0
    done = bulk.existing_values(LedgerTransaction, "idempotency_key", [w[4] for w in wanted])
    wanted = [w for w in wanted if w[4] not in done]
    if not wanted:
        return 0
    existing = bulk.locked_accounts(LedgerAccount, AccountKind.AVAILABLE.value, {w[0] for w in wanted},
                                    {w[1].pk for w in wanted})
    sums: dict[tuple, int] = {}
    periods: dict[tuple, tuple] = {}
    for pid, scheme, amount, period, _key in wanted:
        k = (pid, scheme.pk, period[0])
        sums[k] = sums.get(k, 0) + amount
        periods[k] = period
    new_keys = [k for k in sums if k not in existing]
    new_ids = bulk.insert(LedgerAccount, ["scheme_id", "kind", "person_id", "organisation_id", "period_start",
                                          "period_end", "balance"],
                          [(k[1], AccountKind.AVAILABLE.value, k[0], None, periods[k][0], periods[k][1], sums[k])
                           for k in new_keys])
    for k, pk in existing.items():  # rare: a second grant in a period that already has an account
        if k in sums:
            LedgerAccount.objects.filter(pk=pk).update(balance=F("balance") + sums[k])
    accounts = {**existing, **dict(zip(new_keys, new_ids, strict=True))}
    now = timezone.now()
    tx_ids = bulk.insert(
        LedgerTransaction, ["kind", "idempotency_key", "fingerprint", "memo", "actor_id", "created_at", "reverses_id"],
        [(TxKind.ACCRUE.value, key, _fingerprint(op="accrue", scheme=scheme.code, amount=amount, on=on, person=pid,
                                           organisation=None), f"{scheme.code} yearly accrual", actor_id, now, None)
         for pid, scheme, amount, _period, key in wanted])
    entries, per_funding = [], {}
    for tx_id, (pid, scheme, amount, period, _key) in zip(tx_ids, wanted, strict=True):
        fund = funding[scheme.code].pk
        entries.append((tx_id, fund, -amount))
        entries.append((tx_id, accounts[(pid, scheme.pk, period[0])], amount))
        per_funding[fund] = per_funding.get(fund, 0) - amount
    bulk.insert(LedgerEntry, ["transaction_id", "account_id", "amount"], entries)
    for pk, delta in sorted(per_funding.items()):  # in id order: parallel batches never deadlock here
        LedgerAccount.objects.filter(pk=pk).update(balance=F("balance") + delta)
    return len(tx_ids)


def reconcile_after_erasure() -> int:
    """After people were erased (their accounts go with them), drop the now one-sided transactions and
    reset each funding balance to the sum of its entries. Returns the number of transactions removed.

    This is the one place where ledger rows are deleted: erasure of a person (or of synthetic demo data).
    """
    from django.db.models import Exists, OuterRef, Sum

    holder_side = LedgerEntry.objects.filter(transaction=OuterRef("pk")).exclude(account__kind=AccountKind.FUNDING)
    with transaction.atomic():
        orphans = LedgerTransaction.objects.annotate(has_holder=Exists(holder_side)).filter(has_holder=False)
        orphan_ids = list(orphans.values_list("pk", flat=True))
        if not orphan_ids:
            return 0
        LedgerEntry.objects.filter(transaction_id__in=orphan_ids).delete()
        for chunk_start in range(0, len(orphan_ids), 5000):
            chunk = orphan_ids[chunk_start:chunk_start + 5000]
            LedgerTransaction.objects.filter(reverses_id__in=chunk).delete()
            LedgerTransaction.objects.filter(pk__in=chunk).delete()
        for account in LedgerAccount.objects.filter(kind=AccountKind.FUNDING):
            total = account.entries.aggregate(s=Sum("amount"))["s"] or 0
            LedgerAccount.objects.filter(pk=account.pk).update(balance=total)
    return len(orphan_ids)


# ---------------------------------------------------------------- booking

# Fraud guards from the anchors' lessons (STAP: max 300 grants per training; SkillsFuture: anomaly analytics).
POLICY = {
    "max_bookings_per_offer": 300,  # active bookings of one offer of one provider
    "max_bookings_per_provider_per_day": 500,
    "address_people_24h": 3,  # this many different people booking from one address → flag
    "sudden_volume_per_hour": 20,  # more bookings than this in an hour, and 5× the usual → flag
    "hold_days": 120,  # a reservation lapses when attendance is not confirmed in time
}


@dataclass(frozen=True)
class CompassOffer:
    """What a booking books: an offer of the training compass, with every fact looked up on the server.

    Built by the compass (``catalogue.booking.compass_offer``) from its ``Offer`` row, never from what a
    request says: ``offer`` is the rights engine's view (price, hours, schemes, kinds of training, whether
    it is in the learner's development plan), ``reference`` is ``kompas:<id>``, ``provider`` the
    ``catalogue.Provider`` row, ``starts_on`` the day the course starts (attendance is confirmed from then)."""

    offer: engine.Offer
    reference: str
    provider: object
    starts_on: date | None = None

    @property
    def offer_id(self) -> int:
        return int(self.reference.removeprefix(COMPASS_PREFIX))


COMPASS_PREFIX = "kompas:"


def _fraud_flags(*, provider_id, offer_ref: str, client_address: str | None, person) -> list[str]:
    from .models import Booking, BookingStatus

    now = timezone.now()
    live = Booking.objects.exclude(status=BookingStatus.CANCELLED)
    same_offer = live.filter(provider_id=provider_id, offer_ref=offer_ref).count()
    if same_offer >= POLICY["max_bookings_per_offer"]:
        raise NotAllowed(_("Deze opleiding heeft het maximum aantal inschrijvingen met rechten bereikt (%(n)s).")
                         % {"n": POLICY["max_bookings_per_offer"]})
    if provider_id and live.filter(provider_id=provider_id, created_at__gte=now - timedelta(days=1)).count() \
            >= POLICY["max_bookings_per_provider_per_day"]:
        raise NotAllowed(_("Deze aanbieder heeft vandaag te veel inschrijvingen; probeer later opnieuw."))
    flags = []
    if client_address:
        others = (Booking.objects.filter(client_address=client_address, created_at__gte=now - timedelta(days=1))
                  .exclude(person=person).values("person").distinct().count())
        if others + 1 >= POLICY["address_people_24h"]:
            flags.append("many_people_one_address")
    if provider_id:
        last_hour = Booking.objects.filter(provider_id=provider_id, created_at__gte=now - timedelta(hours=1)).count()
        last_week = Booking.objects.filter(provider_id=provider_id, created_at__gte=now - timedelta(days=7)).count()
        if last_hour >= POLICY["sudden_volume_per_hour"] and last_hour * 168 >= 5 * max(last_week, 1):
            flags.append("sudden_volume")
    return flags


def _notify(person, text: str) -> None:
    from .models import Notification

    Notification.objects.create(person=person, text=text[:500])


def book_offer(*, user, password: str, person, offer: CompassOffer, on: date, idempotency_key: str,
               client_address: str | None = None):
    """The learner books a compass offer for themself: fresh password, simulation, reservation of every right
    used. All or nothing: if one reservation is refused, nothing is booked.

    Only offers of the training compass can be booked (``offer`` is a ``CompassOffer``, looked up on the
    server); a free-form offer can be simulated but never booked. A replay of the key for the same person and
    offer returns the first booking; the same key for another offer (or person) is refused
    (``IdempotencyConflict``, HTTP 409).
    """
    from .models import Booking

    if not isinstance(offer, CompassOffer) or not offer.reference.startswith(COMPASS_PREFIX):
        raise Refused(_("Inschrijven kan alleen voor een opleiding uit het opleidingskompas."))
    if person.user_id is None or person.user_id != user.pk:
        raise NotAllowed(_("Alleen de persoon zelf kan met de eigen rechten inschrijven."))
    if not password or not user.check_password(password):
        raise NotAllowed(_("Uw wachtwoord klopt niet. Bevestig de inschrijving opnieuw met uw wachtwoord."))
    _check_key(idempotency_key)
    existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_booking(existing, person, offer)
    try:
        return _book(user=user, person=person, offer=offer, on=on, idempotency_key=idempotency_key,
                     client_address=client_address)
    except IntegrityError:
        existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return _same_booking(existing, person, offer)


def _same_booking(existing, person, offer: CompassOffer):
    """A replay: the first booking when it was for this person and this offer; else the key is refused."""
    if existing.person_id != person.pk or existing.offer_ref != offer.reference:
        raise IdempotencyConflict(_("Deze sleutel werd al gebruikt voor een andere inschrijving (%(t)s). "
                                    "Gebruik een nieuwe sleutel voor een nieuwe inschrijving.")
                                  % {"t": existing.offer_title if existing.person_id == person.pk else "—"})
    return existing


@transaction.atomic
def _book(*, user, person, offer: CompassOffer, on, idempotency_key, client_address):
    from .models import Booking
    from .selectors import available_by_code, facts_of, rules

    provider, ref, starts_on, offer = offer.provider, offer.reference, offer.starts_on, offer.offer
    flags = _fraud_flags(provider_id=getattr(provider, "pk", None), offer_ref=ref,
                         client_address=client_address, person=person)
    sim = engine.simulate(facts_of(person, on), offer, rules(), available_by_code(person=person, on=on))
    booking = Booking.objects.create(
        person=person, booked_by=user, provider=provider, offer_title=offer.title[:300],
        offer_ref=ref, price_cents=offer.price_cents, hours=offer.hours, starts_on=starts_on,
        net_cost_cents=sim.net_cost_cents, net_time_minutes=sim.net_time_minutes,
        idempotency_key=idempotency_key, client_address=client_address, flags=flags)
    expires = timezone.now() + timedelta(days=POLICY["hold_days"])
    if starts_on is not None and starts_on > on:  # the hold lasts until the course has run, not only 120 days
        expires += timedelta(days=(starts_on - on).days)
    for use in sim.uses:
        reserve(person=person, scheme_code=use.code, amount=use.amount, on=on, expires_at=expires,
                idempotency_key=f"{idempotency_key}:{use.code}", actor=user, booking=booking,
                memo=f"inschrijving: {offer.title}"[:300])
    _notify(person, _("U schreef in voor '%(t)s'. Uw eigen kost: %(c)s. Was u dit niet? Meld het ons meteen.")
            % {"t": offer.title, "c": engine._euro(sim.net_cost_cents)})
    return booking


def _booking_locked(booking):
    from .models import Booking

    return Booking.objects.select_for_update().get(pk=booking.pk)


def _works_for_provider(user, booking) -> bool:
    """A provider's staff act only on the bookings made with that provider."""
    from lifelong.users.models import Role

    return (user.has_role(Role.PROVIDER) and booking.provider_id is not None
            and booking.provider.is_staffed_by(user))


def confirm_attendance(*, user, booking, idempotency_key: str | None = None):
    """The provider confirms attendance: every reservation of the booking is used.

    Not before the course starts (``Booking.starts_on``, issue 16.4): until then nobody attended, so nothing
    is used and the learner cannot rate the offer yet. A booking without a start date (an offer you can
    start any day) can be confirmed at once."""
    from lifelong.users.models import Role

    from .models import BookingStatus

    if not (user.is_superuser or user.has_role(Role.SECRETARIAT) or _works_for_provider(user, booking)):
        raise NotAllowed(_("Alleen de opleidingsverstrekker bevestigt de aanwezigheid."))
    with transaction.atomic():
        b = _booking_locked(booking)
        if b.status == BookingStatus.CONFIRMED:
            return b
        if b.status == BookingStatus.REVERSED:
            raise NotAllowed(_("Deze aanwezigheid werd teruggedraaid door het secretariaat."))
        if b.status != BookingStatus.RESERVED:
            raise NotAllowed(_("Deze inschrijving is geannuleerd."))
        if b.starts_on is not None and timezone.localdate() < b.starts_on:
            raise NotAllowed(_("De opleiding begint pas op %(day)s. Je kunt de aanwezigheid pas bevestigen vanaf "
                               "die dag.") % {"day": b.starts_on.strftime("%d-%m-%Y")})
        for hold in b.holds.filter(status=HoldStatus.ACTIVE).order_by("id"):
            consume(hold=hold, idempotency_key=f"{idempotency_key or 'confirm'}:{b.pk}:{hold.pk}", actor=user,
                    memo="aanwezigheid bevestigd")
        b.status = BookingStatus.CONFIRMED
        b.save(update_fields=["status", "updated_at"])
        _notify(b.person, _("Uw aanwezigheid voor '%(t)s' is bevestigd. De rechten zijn gebruikt.") % {"t": b.offer_title})
    return b


def cancel_booking(*, user, booking):
    """The learner (or the provider or secretariat) cancels: every reservation goes back to the balance."""
    from lifelong.users.models import Role

    from .models import BookingStatus

    own = booking.person.user_id == user.pk
    if not (own or user.is_superuser or user.has_role(Role.SECRETARIAT) or _works_for_provider(user, booking)):
        raise NotAllowed(_("U kunt alleen uw eigen inschrijving annuleren."))
    with transaction.atomic():
        b = _booking_locked(booking)
        if b.status == BookingStatus.CANCELLED:
            return b
        if b.status != BookingStatus.RESERVED:
            raise NotAllowed(_("De aanwezigheid is al bevestigd; annuleren kan niet meer."))
        for hold in b.holds.filter(status=HoldStatus.ACTIVE).order_by("id"):
            release(hold=hold, idempotency_key=f"cancel:{b.pk}:{hold.pk}", actor=user, memo="inschrijving geannuleerd")
        b.status = BookingStatus.CANCELLED
        b.save(update_fields=["status", "updated_at"])
        _notify(b.person, _("Uw inschrijving voor '%(t)s' is geannuleerd. De rechten staan terug op uw rekening.")
                % {"t": b.offer_title})
    return b


def reverse_attendance(*, user, booking, reason: str):
    """The secretariat reverses a confirmed attendance (e.g. after a fraud review, issue 19.2): each right the
    confirmation used goes back to the learner's available balance by a correction transaction that names the
    consumption it reverses (``LedgerTransaction.reverses``), with the secretariat member as actor, the time and
    the reason as memo: the audit trail. The booking becomes *reversed*; the learner is notified."""
    from lifelong.users.models import Role

    from .models import BookingStatus

    if not (user.is_superuser or user.has_role(Role.SECRETARIAT)):
        raise NotAllowed(_("Alleen het secretariaat kan een bevestigde aanwezigheid terugdraaien."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Geef een reden waarom de aanwezigheid teruggedraaid wordt."))
    with transaction.atomic():
        b = _booking_locked(booking)
        if b.status == BookingStatus.REVERSED:
            return b
        if b.status != BookingStatus.CONFIRMED:
            raise NotAllowed(_("Alleen een bevestigde aanwezigheid kan teruggedraaid worden."))
        for hold in b.holds.filter(status=HoldStatus.CONSUMED).select_related("settle_tx").order_by("id"):
            _reverse_use(hold, actor=user, reason=reason, key=f"reverse-attendance:{b.pk}:{hold.pk}")
        b.status = BookingStatus.REVERSED
        b.save(update_fields=["status", "updated_at"])
        _notify(b.person, _("Je aanwezigheid voor '%(t)s' werd teruggedraaid door het secretariaat: %(why)s. "
                            "De rechten staan terug op je rekening.") % {"t": b.offer_title, "why": reason})
    return b


def _reverse_use(hold: Hold, *, actor, reason: str, key: str) -> LedgerTransaction:
    """consumed → available for what one confirmed hold used; the original consumption stays as it was."""
    original = hold.settle_tx
    fp = _fingerprint(op="reverse-use", tx=original.pk)

    def work():
        _lock_hold(hold)
        if LedgerTransaction.objects.filter(reverses=original).exists():
            raise NotAllowed(_("Deze boeking is al rechtgezet."))
        consumed = original.entries.select_related("account").filter(account__kind=AccountKind.CONSUMED).first()
        if consumed is None:
            return None
        return _post(kind=TxKind.CORRECT, key=key, fingerprint=fp, actor=actor,
                     memo=f"aanwezigheid teruggedraaid: {reason}", reverses=original,
                     legs=[(consumed.account, -consumed.amount), (hold.available, consumed.amount)])

    return _idempotent(key, fp, work, lambda tx: tx)
