"""Mobilisation: segment sizes over N people, and a campaign to M people (planning the deliveries, then
rendering and delivering every e-mail to a real SMTP server on localhost, aiosmtpd in its own process).

Targets of issue 15: segment sizes over 1,000,000 people < 30 s on PostgreSQL; a campaign to 100,000 people
rendered and queued < 5 min; delivery to the local SMTP sink ≥ 200 messages/s on 2 cores.

Runs on local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/lifelong_mobilisation_bench;
created when missing; its people are replaced on every run).

    .venv/bin/python benchmarks/bench_mobilisation.py [--people 1000000] [--messages 100000]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong_mobilisation_bench")


def reset() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as c:
        c.execute("TRUNCATE mobilisation_delivery, mobilisation_campaign, mobilisation_segment, accounts_notification, "
                  "accounts_hold, accounts_booking, accounts_ledgerentry, accounts_ledgertransaction, "
                  "accounts_ledgeraccount, people_person, users_user, organisations_organisation "
                  "RESTART IDENTITY CASCADE")
    from lifelong.accounts.services import load_schemes

    load_schemes()


def make_people(n: int, with_email: int) -> None:
    """n people with varied facts; the first ``with_email`` have a login with an e-mail address; a third has
    an available right that lapses within 60 days."""
    from django.utils import timezone

    from lifelong.accounts.models import AccountKind, LedgerAccount, Scheme
    from lifelong.people.models import Person
    from lifelong.users.models import User

    scheme = Scheme.objects.order_by("pk").first()
    soon = timezone.localdate() + timedelta(days=40)
    step = 50_000
    for start in range(0, n, step):
        stop = min(n, start + step)
        users = {}
        if start < with_email:
            made = User.objects.bulk_create([User(email=f"bench{i}@example.org", role="learner", password="!")
                                             for i in range(start, min(stop, with_email))], batch_size=5000)
            users = {start + k: u for k, u in enumerate(made)}
        people = Person.objects.bulk_create([
            Person(given_name="Bench", family_name=f"P{i}", birth_year=1950 + i % 55, sex="FMX"[i % 3],
                   education_level=("low", "medium", "high")[i % 3],
                   labour_status=("employed", "employed", "self_employed", "job_seeker", "inactive")[i % 5],
                   province=("BE21", "BE22", "BE23", "BE24", "BE25")[i % 5], postcode="9000", user=users.get(i))
            for i in range(start, stop)], batch_size=5000)
        LedgerAccount.objects.bulk_create([
            LedgerAccount(scheme=scheme, kind=AccountKind.AVAILABLE, person=p, period_start=soon.replace(month=1, day=1),
                          period_end=soon, balance=100) for p in people[::3]], batch_size=5000)
        print(f"  {stop:,} people", flush=True)


def bench_segments() -> list[dict]:
    from lifelong.mobilisation import selectors
    from lifelong.mobilisation.services import load_segments

    segments = load_segments()
    rows = []
    total_start = time.perf_counter()
    for segment in segments:
        start = time.perf_counter()
        size = selectors.members(segment).count()
        rows.append({"case": f"segment size: {segment.code}", "people": size,
                     "seconds": round(time.perf_counter() - start, 2), "messages_per_s": None})
    rows.append({"case": "all three segment sizes", "people": None,
                 "seconds": round(time.perf_counter() - total_start, 2), "messages_per_s": None})
    return rows


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_campaign(messages: int) -> list[dict]:
    from django.conf import settings
    from django.utils import timezone

    from lifelong.mobilisation import services
    from lifelong.mobilisation.models import Campaign, Delivery, DeliveryStatus

    segment = services.save_segment(actor=None, code="bench-mail", name="Bench: met e-mail", source="bench",
                                    rule={"all": [{"fact": "has_email", "op": "=", "value": True}]})
    campaign = services.create_campaign(actor=None, segment=segment, name="Bench", call_to_action="rights",
                                        holdout_permille=100, messages={"nl": {
                                            "subject": "Dag {{ first_name }}",
                                            "text": "Dag {{ first_name }}, je rechten: {{ link }}"}})
    Campaign.objects.filter(pk=campaign.pk).update(status="sending")
    port = _free_port()
    sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    try:
        start = time.perf_counter()
        planned = services.plan_deliveries(campaign)
        plan_seconds = time.perf_counter() - start
        Campaign.objects.filter(pk=campaign.pk).update(planned_at=timezone.now())
        start = time.perf_counter()
        # at noon: every message passes the rules (legal basis, cap, quiet hours) as it would by day
        noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
        result = services.send_campaign(campaign, batch_size=500, now=noon)
        send_seconds = time.perf_counter() - start
    finally:
        sink.terminate()
    sent = Delivery.objects.filter(campaign=campaign, status=DeliveryStatus.SENT).count()
    return [
        {"case": "campaign: plan the deliveries (queue)", "people": planned, "seconds": round(plan_seconds, 2),
         "messages_per_s": None},
        {"case": "campaign: render and deliver over SMTP", "people": result["sent"],
         "seconds": round(send_seconds, 2), "messages_per_s": round(result["sent"] / send_seconds, 1)},
        {"case": "campaign: delivered (rows marked sent)", "people": sent, "seconds": None, "messages_per_s": None},
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=20_000)
    args = parser.parse_args()
    django_setup(URL)
    reset()
    start = time.perf_counter()
    make_people(args.people, args.messages)
    made = time.perf_counter() - start
    rows = bench_segments() + bench_campaign(args.messages)
    load = os.getloadavg()[0]
    report("mobilisation", rows, people=args.people, messages=args.messages, load_average=round(load, 2),
           notes=f"PostgreSQL; {args.people:,} people made in {made:.0f} s; load average at the end {load:.1f} "
                 "(a shared 2-core machine). Targets: sizes over 1,000,000 people < 30 s; a campaign to 100,000 "
                 "planned and rendered < 5 min; delivery ≥ 200 messages/s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
