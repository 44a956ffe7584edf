"""The accrual of rights: one person, or everyone for a year in batches (optionally in worker processes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lifelong.people.models import Person

from .. import bulk, engine
from ..models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Scheme,
    TxKind,
)
from .common import (
    _fingerprint,
    funding_account,
)
from .ledger import (
    accrue,
)

# ---------------------------------------------------------------- yearly accrual

def accrual_key(code: str, version: int, period_start: date | None, *, person_id=None, organisation_id=None) -> str:
    holder = f"p{person_id}" if person_id is not None else f"o{organisation_id}"
    return f"accrual:{code}:v{version}:{period_start}:{holder}"


def accrue_rights(*, person, on: date, actor=None) -> list[LedgerTransaction]:
    """Grant a person every right the rules give on ``on`` (idempotent per scheme version and period)."""
    from ..selectors import facts_of, rules

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
        from ..selectors import rules

        schemes = {s.code: s for s in Scheme.objects.filter(ledger=True, beneficiary="person")}
        return cls(on=on, actor_id=getattr(actor, "pk", actor), rule_list=rules(), schemes=schemes,
                   funding={code: funding_account(s) for code, s in schemes.items()})

    def accrue(self, batch) -> int:
        return _accrue_batch(batch, self.on, self.rule_list, self.schemes, self.funding, self.actor_id, self.memo)


def _people_for_facts():
    """People in id order, with only what ``selectors.facts_of`` reads (and their employer)."""

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
    from ..selectors import facts_of, jobs_of_people, people_with_pop

    wanted = []  # (person_id, scheme, amount, period, key)
    with_pop = people_with_pop(p.pk for p in batch)
    jobs = jobs_of_people([p.pk for p in batch], on)  # one query for the batch, not two per person
    for person in batch:
        facts = facts_of(person, on, has_pop=person.pk in with_pop, jobs=jobs.get(person.pk))
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
