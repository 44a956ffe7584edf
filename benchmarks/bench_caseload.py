"""Benchmark of the caseload (issue 14.2): the caseload page and API of one counsellor with 500 people.

    .venv/bin/python benchmarks/bench_caseload.py [--people 500] [--others 20000] [--samples 100]

PostgreSQL: BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lifelong_guidance_bench —
created, migrated and loaded with the bundled ESCO when missing. It adds one counsellor with ``--people``
consenting people (each with a check, half with a plan, a third with a booking, a quarter with a
confirmed attendance, a waiting prepared booking for every tenth, an appointment each), plus ``--others``
people in other counsellors' caseloads, then times GET /begeleiden/ and GET /api/v1/guidance/caseload
through Django's test client. Its rows are removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong_guidance_bench")
TAG = "bench-caseload-"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--others", type=int, default=20_000)
    parser.add_argument("--samples", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="print the queries and a cProfile of one request each")
    args = parser.parse_args()
    django_setup(URL)
    from django.core.management import call_command
    from django.db import connection

    from lifelong.taxonomy.esco_files import BUNDLED
    from lifelong.taxonomy.models import EscoVersion
    from lifelong.taxonomy.services import import_esco

    call_command("migrate", interactive=False, verbosity=0)
    if not EscoVersion.objects.exists():
        print("loading the bundled ESCO into the bench database …", flush=True)
        import_esco(path=BUNDLED)
    from django.test import Client
    from django.utils import timezone

    from lifelong.accounts.models import Booking, BookingStatus
    from lifelong.casework.models import Appointment, PreparedBooking
    from lifelong.catalogue.models import Offer, Provider
    from lifelong.guidance.models import Consent
    from lifelong.people.models import CompetenceCheck, DevelopmentPlan, Person
    from lifelong.taxonomy.models import Concept
    from lifelong.users.models import User

    assert connection.vendor == "postgresql", "PostgreSQL only"
    _clean(connection)
    t0 = time.perf_counter()
    now = timezone.now()
    counsellor = User.objects.create_user(f"{TAG}c@bench.test", "x" * 12, role="counsellor")
    others = [User.objects.create_user(f"{TAG}o{i}@bench.test", "x" * 12, role="counsellor") for i in range(20)]
    occupation = Concept.objects.filter(concept_type="occupation").first()
    person_fields = dict(birth_year=1980, sex="X", education_level="low", labour_status="employed", province="BE23",
                         postcode="9000", is_synthetic=True)
    mine = Person.objects.bulk_create([Person(given_name=f"P{i}", family_name=f"{TAG}{i}", **person_fields)
                                       for i in range(args.people)])
    theirs = Person.objects.bulk_create([Person(given_name=f"O{i}", family_name=f"{TAG}x{i}", **person_fields)
                                         for i in range(args.others)], batch_size=5000)
    until = now + timedelta(days=200)
    consents = [Consent(person=p, grantee=counsellor, scope=s, valid_from=now - timedelta(days=1), valid_until=until)
                for p in mine for s in ("profile", "plan", "book")]
    consents += [Consent(person=p, grantee=others[i % len(others)], scope="profile",
                         valid_from=now - timedelta(days=1), valid_until=until) for i, p in enumerate(theirs)]
    Consent.objects.bulk_create(consents, batch_size=5000)
    CompetenceCheck.objects.bulk_create([CompetenceCheck(person=p, occupation=occupation) for p in mine + theirs],
                                        batch_size=5000)
    DevelopmentPlan.objects.bulk_create([DevelopmentPlan(person=p, title="Plan") for p in mine[::2] + theirs[::2]],
                                        batch_size=5000)
    Booking.objects.bulk_create([
        Booking(person=p, offer_title="Opleiding", price_cents=10000, hours=10, net_cost_cents=0, net_time_minutes=0,
                idempotency_key=f"{TAG}{p.pk}", status=BookingStatus.CONFIRMED if i % 4 == 0 else BookingStatus.RESERVED)
        for i, p in enumerate(mine[::3] + theirs[::3])], batch_size=5000)
    provider = Provider.objects.create(name=f"{TAG}provider", kind="adult_education", province="BE23", postcode="9000")
    offer = Offer.objects.create(provider=provider, title=f"{TAG}offer", price_cents=10000, hours=10, postcode="9000")
    PreparedBooking.objects.bulk_create([PreparedBooking(person=p, prepared_by=counsellor, prepared_by_label="c",
                                                         offer=offer) for p in mine[::10]])
    Appointment.objects.bulk_create([Appointment(person=p, guide=counsellor, at=now + timedelta(days=1 + i % 30),
                                                 what="Opvolging") for i, p in enumerate(mine)])
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    load_s = time.perf_counter() - t0

    client = Client()
    client.force_login(counsellor)

    def timed(url: str) -> list[float]:
        client.get(url)  # warm
        out = []
        for _ in range(args.samples):
            start = time.perf_counter()
            response = client.get(url)
            out.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        return out

    if args.profile:
        _profile(client, connection, ["/begeleiden/", "/api/v1/guidance/caseload"])
    page_ms, api_ms = timed("/begeleiden/"), timed("/api/v1/guidance/caseload")
    assert len(client.get("/api/v1/guidance/caseload").json()) == args.people

    def p95(xs):
        return round(statistics.quantiles(xs, n=20)[18], 1)

    result = {"database": connection.vendor, "caseload": args.people, "other_people": args.others,
              "load_seconds": round(load_s, 1), "load_average": os.getloadavg(),
              "page_ms": {"p50": round(statistics.median(page_ms), 1), "p95": p95(page_ms), "samples": len(page_ms)},
              "api_ms": {"p50": round(statistics.median(api_ms), 1), "p95": p95(api_ms), "samples": len(api_ms)}}
    _clean(connection)
    report("caseload", [
        {"measure": f"caseload page /begeleiden/ (ms), {args.people} people, {args.others:,} others",
         "p50": result["page_ms"]["p50"], "p95": result["page_ms"]["p95"], "target": "p95 < 200"},
        {"measure": "GET /api/v1/guidance/caseload (ms)", "p50": result["api_ms"]["p50"], "p95": result["api_ms"]["p95"],
         "target": "p95 < 200"},
    ], notes="PostgreSQL on localhost, Django test client (no network); the machine's 2 cores are shared with "
             "other agents: see load_average.", **result)


def _profile(client, connection, urls) -> None:
    import cProfile
    import pstats

    from django.test.utils import CaptureQueriesContext

    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(url)
            profiler.disable()
        print(f"\n# {url}: {len(queries)} queries")
        for q in queries.captured_queries:
            print(f"  {q['time']} s  {q['sql'][:160]}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def _clean(connection) -> None:
    from lifelong.accounts.models import Booking
    from lifelong.catalogue.models import Provider
    from lifelong.people.models import Person
    from lifelong.users.models import User

    Booking.objects.filter(idempotency_key__startswith=TAG).delete()
    from lifelong.casework.models import PreparedBooking

    PreparedBooking.objects.filter(offer__title__startswith=TAG).delete()
    Person.objects.filter(family_name__startswith=TAG).delete()
    Provider.objects.filter(name__startswith=TAG).delete()
    User.objects.filter(email__startswith=TAG).delete()


if __name__ == "__main__":
    main()
