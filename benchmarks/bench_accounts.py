"""Learning account: reservations/s with 32 concurrent clients (zero overspend), statement of a person with
10,000 entries, yearly accrual for N people extrapolated to 1,000,000.

Runs on local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lifelong_accounts_bench;
the database is created when missing and its accounts data is replaced on every run).

    .venv/bin/python benchmarks/bench_accounts.py [--seconds 10] [--people 20000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong_accounts_bench")
DAY = date(2026, 3, 2)
CLIENTS = 32


def reset() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as c:
        c.execute("TRUNCATE accounts_notification, accounts_hold, accounts_booking, accounts_ledgerentry, "
                  "accounts_ledgertransaction, accounts_ledgeraccount, people_person, organisations_organisation "
                  "RESTART IDENTITY CASCADE")
    from lifelong.accounts.services import load_schemes

    load_schemes()


def make_people(n: int, tag: str) -> list[int]:
    from lifelong.organisations.models import Organisation
    from lifelong.people.models import Person
    from lifelong.reference import FirmSize

    orgs = Organisation.objects.bulk_create([
        Organisation(name=f"Bench {tag} {i}", enterprise_number=f"{tag[-6:]}{i:06d}", nace_section="C",
                     employees=(5, 15, 120, 900)[i % 4], size_class=FirmSize.of((5, 15, 120, 900)[i % 4]),
                     province="BE23", postcode="9000")
        for i in range(max(1, n // 50))])
    people = Person.objects.bulk_create([
        Person(given_name="Bench", family_name=f"{tag}{i}", birth_year=1960 + i % 45, sex="X",
               education_level=("low", "medium", "high")[i % 3],
               labour_status=("employed", "employed", "employed", "self_employed", "job_seeker")[i % 5],
               province="BE23", postcode="9000", employer=orgs[i % len(orgs)])
        for i in range(n)], batch_size=5000)
    return [p.pk for p in people]


def _clients(first: int, count: int, person_ids: list[int], shared: bool, stop_at: float, expires) -> dict:
    """``count`` client threads in this process, each with its own connection."""
    from django.db import connections

    from lifelong.accounts import services
    from lifelong.people.models import Person

    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)}
    connections.close_all()
    done, refused, latencies = [0] * count, [0] * count, [[] for _ in range(count)]
    barrier = threading.Barrier(count)

    def client(j: int) -> None:
        i = first + j
        person = people[person_ids[0 if shared else i]]
        barrier.wait()
        n = 0
        while time.time() < stop_at:
            n += 1
            t0 = time.perf_counter()
            try:
                services.reserve(person=person, scheme_code="opleidingscheques", amount=7, on=DAY,
                                 expires_at=expires, idempotency_key=f"bench:{person.pk}:{i}:{n}")
                done[j] += 1
            except services.InsufficientBalance:
                refused[j] += 1
            latencies[j].append(time.perf_counter() - t0)
        connections.close_all()

    threads = [threading.Thread(target=client, args=(j,)) for j in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"done": sum(done), "refused": sum(refused), "latencies": [x for per in latencies for x in per]}


def _child(args):
    return _clients(*args)


def bench_reservations(seconds: float, shared: bool, processes: int) -> dict:
    import multiprocessing

    from django.db import connections
    from django.utils import timezone

    from lifelong.accounts import services
    from lifelong.accounts.models import Hold, LedgerAccount
    from lifelong.people.models import Person

    grant = 100_000 if shared else 20_000
    ids = make_people(1 if shared else CLIENTS, uuid.uuid4().hex[:6])
    people = list(Person.objects.filter(pk__in=ids))
    for p in people:
        services.accrue(person=p, scheme_code="opleidingscheques", amount=grant, on=DAY,
                        idempotency_key=f"bench-grant:{p.pk}")
    expires = timezone.now() + timedelta(days=1)
    per = CLIENTS // processes
    start = time.time() + 2.0  # let every process connect first
    stop_at = start + seconds
    jobs = [(k * per, per, ids, shared, stop_at, expires) for k in range(processes)]
    connections.close_all()  # never share a connection across fork
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(_child, jobs)
    elapsed = seconds  # every client runs from `start` to `stop_at`
    done = sum(p["done"] for p in parts)
    overspent = 0
    for p in people:
        avail = LedgerAccount.objects.get(person=p, kind="available", scheme__code="opleidingscheques")
        held = sum(Hold.objects.filter(person=p).values_list("amount", flat=True))
        overspent += max(0, held - grant) + (1 if avail.balance < 0 or avail.balance + held != grant else 0)
    lat = sorted(x for p in parts for x in p["latencies"])
    return {"scenario": "one shared balance" if shared else "one balance per client", "clients": CLIENTS,
            "processes": processes, "seconds": round(elapsed, 1), "reservations": done,
            "refused (balance)": sum(p["refused"] for p in parts),
            "reservations_per_s": round(done / elapsed, 1),
            "p50_ms": round(lat[len(lat) // 2] * 1000, 1), "p95_ms": round(lat[int(len(lat) * 0.95)] * 1000, 1),
            "overspend_violations": overspent}


def bench_statement(entries: int = 10_000) -> dict:
    from lifelong.accounts.models import (
        AccountKind,
        LedgerAccount,
        LedgerEntry,
        LedgerTransaction,
        TxKind,
    )
    from lifelong.accounts.selectors import statement
    from lifelong.accounts.services import funding_account, scheme_of
    from lifelong.people.models import Person

    person = Person.objects.get(pk=make_people(1, "st" + uuid.uuid4().hex[:6])[0])
    scheme = scheme_of("opleidingscheques")
    funding = funding_account(scheme)
    account = LedgerAccount.objects.create(scheme=scheme, kind=AccountKind.AVAILABLE, person=person,
                                           period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))
    txs = LedgerTransaction.objects.bulk_create([
        LedgerTransaction(kind=TxKind.ACCRUE, idempotency_key=f"st:{person.pk}:{i}", fingerprint="-", memo="bench")
        for i in range(entries)], batch_size=5000)
    LedgerEntry.objects.bulk_create([e for tx in txs for e in (LedgerEntry(transaction=tx, account=funding, amount=-1),
                                                               LedgerEntry(transaction=tx, account=account, amount=1))],
                                    batch_size=5000)
    LedgerAccount.objects.filter(pk=account.pk).update(balance=entries)
    LedgerAccount.objects.filter(pk=funding.pk).update(balance=funding.balance - entries)
    out = {"entries": entries}
    for label, limit in (("page_500", 500), ("all", None)):
        times = []
        for _ in range(12):
            t0 = time.perf_counter()
            lines = statement(person=person, limit=limit)
            times.append(time.perf_counter() - t0)
        assert len(lines) == (limit or entries) and lines[-1].balance_after == entries
        times = times[2:]  # two warm-up runs
        out[label] = {"median_ms": round(statistics.median(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1),
                      "runs": len(times)}
    return out


def bench_accrual(n: int, workers: int = 1) -> dict:
    from lifelong.accounts.models import LedgerTransaction
    from lifelong.accounts.services import accrue_year

    ids = make_people(n, "ac" + uuid.uuid4().hex[:6])
    t0 = time.perf_counter()
    booked = accrue_year(on=DAY, person_ids=ids, batch_size=2000, workers=workers)
    elapsed = time.perf_counter() - t0
    t1 = time.perf_counter()
    replay = accrue_year(on=DAY, person_ids=ids, batch_size=2000, workers=workers)
    replay_s = time.perf_counter() - t1
    assert replay == 0 and LedgerTransaction.objects.filter(idempotency_key__startswith="accrual:").count() >= booked
    per_person = elapsed / n
    return {"people": n, "workers": workers, "accruals": booked, "seconds": round(elapsed, 1), "people_per_s": round(n / elapsed),
            "replay_seconds": round(replay_s, 1),
            "extrapolated_1M_minutes": round(per_person * 1_000_000 / 60, 1)}


def _accrual_row(accrual: dict) -> dict:
    return {"measure": f"yearly accrual, {accrual['people']:,} people, {accrual['workers']} worker(s) (s)",
            "value": accrual["seconds"],
            "target": "1,000,000 < 5 min", "detail": f"{accrual['accruals']} accruals, {accrual['people_per_s']} "
            f"people/s, replay {accrual['replay_seconds']} s; linear extrapolation to 1,000,000: "
            f"{accrual['extrapolated_1M_minutes']} min"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--processes", type=int, default=4, help="client processes (32 threads spread over them)")
    parser.add_argument("--workers", default="1,2", help="worker processes for the accrual, comma-separated runs")
    parser.add_argument("--only", choices=["accrual"],
                        help="measure one part (the JSON then holds only that part)")
    args = parser.parse_args()
    django_setup(URL)
    reset()
    workers = [int(w) for w in args.workers.split(",")]
    if args.only == "accrual":
        accruals = [bench_accrual(args.people, w) for w in workers]
        report("accounts-accrual", [_accrual_row(a) for a in accruals],
               notes="Yearly accrual only (PostgreSQL, COPY path), with 1 and more worker processes.",
               accruals=accruals, database="postgresql", load_average_at_end=[round(x, 2) for x in os.getloadavg()])
        return 0
    res = [bench_reservations(args.seconds, shared=False, processes=args.processes),
           bench_reservations(args.seconds, shared=True, processes=args.processes)]
    stmt = bench_statement()
    accruals = [bench_accrual(args.people, w) for w in workers]
    rows = [
        *[{"measure": f"reservations/s, {r['clients']} clients, {r['scenario']}", "value": r["reservations_per_s"],
           "target": "≥ 300/s, zero overspend", "detail": f"{r['reservations']} in {r['seconds']} s ({r['processes']} processes), p50 {r['p50_ms']} ms, "
           f"p95 {r['p95_ms']} ms, overspend violations {r['overspend_violations']}"} for r in res],
        {"measure": "statement of a person with 10,000 entries, newest 500 lines (ms, median)",
         "value": stmt["page_500"]["median_ms"], "target": "< 100 ms",
         "detail": f"max {stmt['page_500']['max_ms']} ms; running balances computed in SQL over all 10,000"},
        {"measure": "statement of a person with 10,000 entries, all lines (ms, median)",
         "value": stmt["all"]["median_ms"], "target": "< 100 ms", "detail": f"max {stmt['all']['max_ms']} ms"},
        *[_accrual_row(a) for a in accruals],
    ]
    report("accounts", rows, notes=(
        "PostgreSQL on localhost; 32 clients = threads spread over several Python processes (each thread its own "
        "connection); database, clients and 3 other developers share the machine's 2 cores. Accrual is extrapolated "
        "linearly from the measured N (batches of 2,000 people, one transaction per batch)."),
        reservations=res, statement=stmt, accruals=accruals, database="postgresql",
        load_average_at_end=[round(x, 2) for x in os.getloadavg()])
    return 0 if all(r["overspend_violations"] == 0 for r in res) else 1


if __name__ == "__main__":
    sys.exit(main())
