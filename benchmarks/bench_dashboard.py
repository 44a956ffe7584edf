"""LLL-dashboard: computed indicators over N people and M learning events; page times from computed values.

Runs on local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lifelong_dashboard_bench;
created when missing; its people, accounts and dashboard data are replaced on every run). People and events are
generated in SQL (generate_series), so the measured time is the recomputation, not the generation.

    .venv/bin/python benchmarks/bench_dashboard.py [--people 200000] [--events 1000000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong_dashboard_bench")


def generate(people: int, events: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from lifelong.accounts.models import Scheme
    from lifelong.accounts.services import load_schemes

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as c:
        c.execute("TRUNCATE dashboard_indicatorvalue, dashboard_computationrun, accounts_notification, accounts_hold, "
                  "accounts_booking, accounts_ledgerentry, accounts_ledgertransaction, accounts_ledgeraccount, "
                  "people_person, organisations_organisation RESTART IDENTITY CASCADE")
    load_schemes()
    scheme = Scheme.objects.filter(unit="cents").order_by("code").first()
    t0 = time.perf_counter()
    with connection.cursor() as c:
        c.execute("""INSERT INTO organisations_organisation (name, enterprise_number, nace_section, employees,
                       size_class, province, postcode, is_synthetic)
                     SELECT 'Bench ' || g, lpad(g::text, 10, '0'), 'C', (g * 37) % 400 + 1,
                       CASE WHEN (g * 37) % 400 + 1 < 10 THEN 'micro' WHEN (g * 37) % 400 + 1 < 50 THEN 'small'
                            WHEN (g * 37) % 400 + 1 < 250 THEN 'medium' ELSE 'large' END,
                       'BE2' || (1 + g % 5), '9000', true FROM generate_series(1, 2000) g""")
        c.execute("""INSERT INTO people_person (given_name, family_name, birth_year, sex, education_level,
                       labour_status, province, postcode, sector, employer_id, is_synthetic)
                     SELECT 'B', 'P' || g, 1960 + (g * 7) %% 45, (ARRAY['F','M'])[1 + g %% 2],
                       (ARRAY['low','medium','high'])[1 + (g * 3 + g / 7) %% 3],
                       (ARRAY['employed','employed','self_employed','job_seeker','inactive'])[1 + (g * 11) %% 5],
                       'BE2' || (1 + (g * 13) %% 5), '9000', 'C', 1 + g %% 2000, true
                     FROM generate_series(1, %s) g""", [people])
        for kind in ("available", "consumed"):
            c.execute("""INSERT INTO accounts_ledgeraccount (scheme_id, kind, person_id, period_start, period_end,
                           balance) SELECT %s, %s, id, make_date(extract(year from now())::int, 1, 1),
                           make_date(extract(year from now())::int, 12, 31), 0 FROM people_person""",
                      [scheme.pk, kind])
        c.execute("""INSERT INTO accounts_ledgertransaction (kind, idempotency_key, fingerprint, memo, created_at)
                     SELECT CASE WHEN g %% 3 = 0 THEN 'consume' ELSE 'accrue' END, 'bench-' || g, '', '', now()
                     FROM generate_series(1, %s) g""", [int(events * 0.9)])
        c.execute("""INSERT INTO accounts_ledgerentry (transaction_id, account_id, amount)
                     SELECT t.id, a.id, 1000 + t.id %% 5000 FROM accounts_ledgertransaction t
                     JOIN accounts_ledgeraccount a ON a.person_id = 1 + (t.id * 7919) %% %s
                       AND a.kind = CASE t.kind WHEN 'consume' THEN 'consumed' ELSE 'available' END""", [people])
        c.execute("""INSERT INTO accounts_booking (person_id, offer_title, offer_ref, price_cents, hours,
                       net_cost_cents, net_time_minutes, status, idempotency_key, flags, created_at, updated_at)
                     SELECT 1 + (g::bigint * 104729) %% %s, 'bench', '', 10000, 8, 0, 0,
                       CASE WHEN g %% 10 = 0 THEN 'cancelled' ELSE 'confirmed' END, 'bb-' || g, '[]', now(), now()
                     FROM generate_series(1, %s) g""", [people, int(events * 0.1)])
        c.execute("ANALYZE")
    return {"generate_seconds": round(time.perf_counter() - t0, 1)}


def page_times(paths: list[str], repeat: int = 10) -> list[dict]:
    from django.test import Client

    from lifelong.users.models import Role, User

    user, _c = User.objects.get_or_create(email="bench-secretariat@example.test",
                                          defaults={"role": Role.SECRETARIAT})
    client = Client()
    client.force_login(user)
    out = []
    for path in paths:
        client.get(path)  # warm
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            r = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            assert r.status_code == 200, (path, r.status_code)
        out.append({"path": path, "median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    django_setup(URL)
    from django.conf import settings

    settings.ALLOWED_HOSTS.append("testserver")
    gen = generate(args.people, args.events)
    from lifelong.actionplan.services import load_actionplan
    from lifelong.dashboard.services import import_indicators, recompute_now

    load_actionplan()
    import_indicators()
    t0 = time.perf_counter()
    run = recompute_now()
    compute_s = time.perf_counter() - t0
    pages = page_times(["/dashboard/platform/", "/dashboard/macro/", "/dashboard/matrix/", "/dashboard/middelen/",
                        "/dashboard/publiek/", "/dashboard/meso/", "/dashboard/leerpad/"])
    scale = max(1_000_000 / args.people, 5_000_000 / args.events)
    rows = [{"measure": f"recompute platform indicators, {args.people:,} people, {args.events:,} events (s)",
             "value": round(compute_s, 1), "target": "1,000,000 people / 5,000,000 events < 60 s",
             "detail": f"{run.values_written} values; linear extrapolation to the target scale: "
                       f"{round(compute_s * scale, 1)} s"}]
    rows += [{"measure": f"page {p['path']} (ms, median of 10)", "value": p["median_ms"], "target": "< 300 ms",
              "detail": f"max {p['max_ms']} ms"} for p in pages]
    report("dashboard", rows, notes=(
        "PostgreSQL on localhost, shared 2-core machine. Events: 90% ledger entries (accruals and uses), 10% bookings, "
        "generated in SQL. The recomputation is one grouped SQL pass per source plus a pure-Python cell engine."),
        generation=gen, people=args.people, events=args.events, compute_seconds=round(compute_s, 2),
        pages=pages, database="postgresql", load_average_at_end=[round(x, 2) for x in os.getloadavg()])
    return 0


if __name__ == "__main__":
    sys.exit(main())
