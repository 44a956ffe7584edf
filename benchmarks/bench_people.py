"""Benchmark of the career platform (issue 5): overview page p95 and check generation, at scale.

    .venv/bin/python benchmarks/bench_people.py [--people 100000] [--claims 20] [--samples 200] [--keep]

PostgreSQL only (the rows are made in SQL with generate_series): BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/lifelong_people_bench — created, migrated and loaded with the
bundled ESCO when missing. It adds ``--people`` bench persons with ``--claims`` claims each and
removes them at the end unless --keep (a later run then reuses them).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong_people_bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=20)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    django_setup(URL)
    from django.core.management import call_command
    from django.db import connection, transaction

    from lifelong.taxonomy.esco_files import BUNDLED
    from lifelong.taxonomy.models import EscoVersion
    from lifelong.taxonomy.services import import_esco

    call_command("migrate", interactive=False, verbosity=0)
    if not EscoVersion.objects.exists():
        print("loading the bundled ESCO into the bench database …", flush=True)
        import_esco(path=BUNDLED)
    from django.test import Client

    from lifelong.people import services
    from lifelong.people.models import CompetenceClaim, Person
    from lifelong.taxonomy.models import OccupationSkill
    from lifelong.users.models import User

    assert connection.vendor == "postgresql", "PostgreSQL only"
    t0 = time.perf_counter()
    already = Person.objects.filter(family_name__startswith="bench-").exists()  # a --keep run before
    if not already:
        with connection.cursor() as cur:
            cur.execute("""
            INSERT INTO people_person (given_name, family_name, birth_year, sex, education_level, labour_status,
                                       province, postcode, sector, is_synthetic)
            SELECT 'Bench', 'bench-' || g, 1960 + g %% 40, 'X', 'medium', 'employed', 'BE23', '9000', '', true
            FROM generate_series(1, %s) g""", [args.people])
            cur.execute("""
            INSERT INTO people_competenceclaim (person_id, skill_id, level, proof, source, source_note, "on",
                                                updated_at)
            SELECT p.id, s.ids[1 + ((p.id * 7919 + k * 104729) %% s.n)], 1 + k %% 4, 1 + (p.id + k) %% 5, 'self', '',
                   CURRENT_DATE, now()
            FROM people_person p
            CROSS JOIN generate_series(0, %s - 1) k
            CROSS JOIN (SELECT array_agg(id ORDER BY id) ids, count(*) n FROM taxonomy_concept
                        WHERE concept_type = 'skill') s
            WHERE p.family_name LIKE 'bench-%%'
            ON CONFLICT DO NOTHING""", [args.claims])
            cur.execute("ANALYZE people_person; ANALYZE people_competenceclaim")
    load_s = time.perf_counter() - t0
    bench_ids = list(Person.objects.filter(family_name__startswith="bench-").values_list("id", flat=True))
    rng = random.Random(5)
    user = User.objects.create_user(f"bench-{rng.random()}@bench.test", "x" * 12, role="learner")
    client = Client()
    client.force_login(user)
    page_ms = []
    for pid in rng.sample(bench_ids, min(args.samples, len(bench_ids))):
        Person.objects.filter(user=user).update(user=None)
        Person.objects.filter(pk=pid).update(user=user)
        start = time.perf_counter()
        response = client.get("/loopbaan/")
        page_ms.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    occupations = list(OccupationSkill.objects.filter(relevance="essential").values_list("occupation__uri", flat=True)
                       .distinct()[:2000])
    user.refresh_from_db()
    check_ms = []
    for uri in rng.sample(occupations, min(100, len(occupations))):
        with transaction.atomic():
            start = time.perf_counter()
            services.start_check(user=user, person=user.person, occupation_uri=uri)
            check_ms.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)

    def p95(xs):
        return statistics.quantiles(xs, n=20)[18]

    result = {
        "database": connection.vendor, "people": len(bench_ids),
        "claims": CompetenceClaim.objects.filter(person__family_name__startswith="bench-").count(),
        "load_seconds": None if already else round(load_s, 1),
        "overview_page_ms": {"p50": round(statistics.median(page_ms), 1), "p95": round(p95(page_ms), 1),
                             "samples": len(page_ms)},
        "start_check_ms": {"p50": round(statistics.median(check_ms), 1), "p95": round(p95(check_ms), 1),
                           "samples": len(check_ms)},
        "load_average": os.getloadavg(),
    }
    user.delete()
    if not args.keep:
        with connection.cursor() as cur:  # plain SQL: the ORM would load two million rows to cascade
            cur.execute("DELETE FROM people_competenceclaim WHERE person_id IN "
                        "(SELECT id FROM people_person WHERE family_name LIKE 'bench-%%')")
            cur.execute("DELETE FROM people_person WHERE family_name LIKE 'bench-%%'")
    report("people", [
        {"measure": f"overview page /loopbaan/ (ms), {result['people']:,} people, {result['claims']:,} claims",
         "p50": result["overview_page_ms"]["p50"], "p95": result["overview_page_ms"]["p95"], "target": "p95 < 200"},
        {"measure": "generating a competence check for an occupation (ms)", "p50": result["start_check_ms"]["p50"],
         "p95": result["start_check_ms"]["p95"], "target": "< 100"},
    ], notes="PostgreSQL on localhost, Django test client (no network); the machine's 2 cores may be shared: "
             "see load_average.", **result)


if __name__ == "__main__":
    main()
