"""Organisations: the federal training-right overview of an organisation with 5,000 employees (p95 of the API
call, target < 300 ms) and the staff import of 10,000 CSV rows (target < 30 s, bad rows reported).

Runs on local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lifelong_employers_bench;
created when missing; its people, organisations and ledger data are replaced on every run).

    .venv/bin/python benchmarks/bench_organisations.py [--employees 5000] [--rows 10000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong_employers_bench")
YEAR = 2026


def kbo(n: int) -> str:
    first8 = f"09{n:06d}"
    return f"{first8}{97 - int(first8) % 97:02d}"


def reset() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as c:
        c.execute("TRUNCATE accounts_notification, accounts_hold, accounts_booking, accounts_ledgerentry, "
                  "accounts_ledgertransaction, accounts_ledgeraccount, people_person, organisations_organisation, "
                  "users_user RESTART IDENTITY CASCADE")
    from lifelong.accounts.services import load_schemes

    load_schemes()


def make_org(n: int, employees: int):
    from lifelong.organisations.models import Organisation

    return Organisation.objects.create(name=f"Bench {n}", enterprise_number=kbo(n), nace_section="C",
                                       employees=employees, province="BE23", postcode="9000")


def make_people(n: int, tag: str) -> list[int]:
    from lifelong.people.models import Person

    Person.objects.bulk_create([
        Person(given_name="Bench", family_name=f"{tag}{i}", birth_year=1960 + i % 45, sex="X",
               education_level="medium", labour_status="employed", province="BE23", postcode="9000")
        for i in range(n)], batch_size=2000)
    return list(Person.objects.filter(family_name__startswith=tag).order_by("id").values_list("id", flat=True))


def overview(employees: int, repeat: int) -> dict:
    from django.test import Client

    from lifelong.accounts.services import accrue
    from lifelong.organisations.models import Employment
    from lifelong.users.models import User

    org = make_org(1, employees)
    ids = make_people(employees, "ov")
    Employment.objects.bulk_create([
        Employment(person_id=pid, organisation=org, start_date=date(2015, 1, 1), fte_permille=(1000, 800, 500)[i % 3])
        for i, pid in enumerate(ids)], batch_size=2000)
    from lifelong.people.models import Person

    for person in Person.objects.filter(pk__in=ids[: employees // 10]):  # a tenth have used federal days
        accrue(person=person, scheme_code="federaal_opleidingsrecht", amount=2280, on=date(YEAR, 3, 1),
               idempotency_key=f"bench:{person.pk}")
    from django.db import connection

    with connection.cursor() as c:  # what autovacuum does after a bulk load: the planner needs row counts
        c.execute("ANALYZE")
    user = User.objects.create_user("bench-employer@test.lifelong.test", "bench-pass-2026", role="employer")
    org.staff.add(user)
    client = Client()
    client.force_login(user)
    url = f"/api/v1/organisations/{org.pk}/training-right?year={YEAR}"
    first = client.get(url)
    assert first.status_code == 200 and len(first.json()["employees"]) == employees, first.status_code
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    return {"measure": f"training-right API, {employees} employees", "n": repeat,
            "median_ms": statistics.median(times), "p95_ms": p95, "target": "p95 < 300 ms", "ok": p95 < 300}


def staff_import(rows: int) -> dict:
    from lifelong.employers.staff_import import import_staff

    org = make_org(2, rows)
    ids = make_people(rows, "im")
    lines = ["person,start_date,end_date,fte,statute"]
    bad = 0
    for i, pid in enumerate(ids):
        if i % 100 == 99:  # one line in a hundred is bad: FTE above 1
            lines.append(f"person:{pid},2020-01-01,,1.5,clerk")
            bad += 1
        else:
            lines.append(f"person:{pid},2020-01-01,,{(1, 0.8, 0.5)[i % 3]},clerk")
    start = time.perf_counter()
    result = import_staff("\n".join(lines) + "\n", organisation=org)
    seconds = time.perf_counter() - start
    assert result.created == rows - bad and len(result.refused) == bad
    return {"measure": f"staff import, {rows} rows ({bad} bad, each reported)", "n": 1, "median_ms": seconds * 1000,
            "p95_ms": None, "target": "< 30 s", "ok": seconds < 30}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    django_setup(URL)
    reset()
    rows = [overview(args.employees, args.repeat), staff_import(args.rows)]
    load = os.getloadavg()
    report("organisations", rows, notes=f"PostgreSQL {URL.rsplit('/', 1)[1]}; load average {load[0]:.1f} "
                                         f"{load[1]:.1f} {load[2]:.1f} on a machine shared with other agents")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
