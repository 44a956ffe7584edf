"""kill -9 of the task worker in the middle of a campaign send, while learners book with their rights (issue 20.5):
a real `lifelong worker` process on the test database and a real SMTP server on localhost. After the kill a new
worker picks the job up again: nobody is mailed zero times, only the batch that was cut off is mailed again (with
the same Message-ID), no booking is lost or doubled and the ledger's invariants hold."""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from datetime import time as clock
from email import policy

from aiosmtpd.controller import Controller
from django.db import connection, connections

from tests.conftest import ROOT, database_url_for_processes

# committed rows and real processes: no test transaction (``django_db_blocker``; the rows are removed below)

PEOPLE = 450  # three batches of the campaign's 200
LEARNERS = 6
PASSWORD = "leren-is-fijn-2026"


class SlowSink:
    """A real SMTP server that takes a little time per message, so that a kill lands in the middle of a batch."""

    def __init__(self, delay: float):
        self.delay, self.messages, self.lock = delay, [], threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def _worker(env, log, *args):
    return subprocess.Popen([sys.executable, "-m", "lifelong.cli", "worker", *args], env=env, stdout=log,
                            stderr=subprocess.STDOUT)


def _setup(tag: str):
    from lifelong.accounts.services import accrue_rights, load_schemes
    from lifelong.catalogue.models import Provider
    from lifelong.catalogue.services import save_offer
    from lifelong.mobilisation import services as mobilisation
    from lifelong.mobilisation.models import Preference
    from lifelong.people.models import Person
    from lifelong.users.models import Role, User

    load_schemes()
    secretariat = User.objects.create_user(f"kill-sec-{tag}@example.test", None, role=Role.SECRETARIAT)
    users = User.objects.bulk_create([User(email=f"kill-{tag}-{i}@example.org", role=Role.LEARNER, password="!")
                                      for i in range(PEOPLE)])
    Person.objects.bulk_create([Person(user=u, given_name=f"K{i}", family_name=tag, birth_year=1980, sex="X",
                                       education_level="low", labour_status="employed", province="BE25",
                                       postcode="8670") for i, u in enumerate(users)])
    # no quiet hours for these people (start = end): the worker sends now, whatever the hour the suite runs at
    Preference.objects.bulk_create([Preference(person=p, quiet_from=clock(0, 0), quiet_until=clock(0, 0))
                                    for p in Person.objects.filter(family_name=tag)])
    learners = []
    for i in range(LEARNERS):
        user = User.objects.create_user(f"kill-learner-{tag}-{i}@example.test", PASSWORD, role=Role.LEARNER)
        person = Person.objects.create(user=user, given_name="L", family_name=tag, birth_year=1985, sex="F",
                                       education_level="low", labour_status="employed", province="BE23",
                                       postcode="9000")
        accrue_rights(person=person, on=date.today())
        learners.append((user, person))
    provider = Provider.objects.create(name=f"Kill {tag}", kind="adult_education", province="BE23", postcode="9000",
                                       quality_status="registered")
    offer = save_offer(user=secretariat, provider=provider, categories=[], competences=[], sessions=[],
                       schemes=["opleidingscheques"],  # (the secretariat: its rights count at once)
                       values={"title": f"Lassen {tag}", "postcode": "9000", "price_cents": 20000, "hours": 20})
    segment = mobilisation.save_segment(actor=secretariat, code=f"kill-{tag}", name="Kill test",
                                        rule={"all": [{"fact": "sex", "op": "=", "value": "X"},
                                                      {"fact": "has_email", "op": "=", "value": True},
                                                      {"fact": "age", "op": "=", "value": date.today().year - 1980},
                                                      {"fact": "province", "op": "=", "value": "BE25"}]},
                                        source="test")
    campaign = mobilisation.create_campaign(
        actor=secretariat, segment=segment, name=f"Kill {tag}", call_to_action="rights", holdout_permille=0,
        messages={"nl": {"subject": "Hallo {{ first_name }}", "text": "Dag {{ first_name }}: {{ link }}"}})
    return secretariat, learners, offer, campaign


def _cleanup(tag: str):
    from lifelong.accounts.services import reconcile_after_erasure
    from lifelong.catalogue.models import Provider
    from lifelong.mobilisation.models import Campaign, Segment
    from lifelong.people.models import Person
    from lifelong.users.models import User

    Campaign.objects.filter(name=f"Kill {tag}").delete()
    Segment.objects.filter(code=f"kill-{tag}").delete()
    Person.objects.filter(family_name=tag).delete()
    reconcile_after_erasure()
    Provider.objects.filter(name=f"Kill {tag}").delete()
    User.objects.filter(email__contains=f"-{tag}").delete()


def test_kill_9_of_the_worker_mid_campaign_and_during_bookings_loses_and_doubles_nothing(django_db_setup,
                                                                                         django_db_blocker):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from lifelong.accounts.models import Booking
    from lifelong.accounts.services import book_offer
    from lifelong.backup import ledger_problems
    from lifelong.catalogue.booking import compass_offer
    from lifelong.mobilisation import services as mobilisation
    from lifelong.mobilisation.models import Campaign, Channel, Delivery, DeliveryStatus

    tag = uuid.uuid4().hex[:8]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = SlowSink(delay=0.02)
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1", "EMAIL_HOST": "127.0.0.1",
           "EMAIL_PORT": str(port), "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"}
    log = open(ROOT / "var" / f"worker-kill-{tag}.log", "w")
    first = second = job = None
    try:
        with django_db_blocker.unblock():
            secretariat, learners, offer, campaign = _setup(tag)
            campaign = mobilisation.start_sending(actor=secretariat, campaign=campaign)
            job = DBTaskResult.objects.get(pk=campaign.task_id)
            first = _worker(env, log)

            # learners book while the worker sends (threads with their own connections)
            booked, errors = [], []

            def book(i):
                user, person = learners[i]
                try:
                    time.sleep(0.3 * i)
                    booked.append(book_offer(user=user, password=PASSWORD, person=person,
                                             offer=compass_offer(person, offer, date.today()), on=date.today(),
                                             idempotency_key=f"kill-{tag}-{i}").pk)
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(repr(exc))
                finally:
                    connections.close_all()

            threads = [threading.Thread(target=book, args=(i,)) for i in range(LEARNERS)]
            for t in threads:
                t.start()
            # kill -9 in the middle of the second batch (the first 200 are recorded as sent by then)
            deadline = time.monotonic() + 240
            while len(sink.messages) < 260 and time.monotonic() < deadline and first.poll() is None:
                time.sleep(0.05)
            assert first.poll() is None, f"the worker stopped by itself; see {log.name}"
            assert 200 < len(sink.messages) < PEOPLE, len(sink.messages)
            os.kill(first.pid, signal.SIGKILL)
            first.wait(timeout=10)
            for t in threads:
                t.join(timeout=120)
            assert not errors, errors
            before_restart = len(sink.messages)
            job.refresh_from_db()
            assert job.status == TaskResultStatus.RUNNING  # left behind by the dead worker
            assert Campaign.objects.get(pk=campaign.pk).status == "sending"

            # a new worker: the job is queued again and finishes
            second = _worker(env, log, "--batch")
            assert second.wait(timeout=300) == 0, f"see {log.name}"
            job.refresh_from_db()
            assert job.status == TaskResultStatus.SUCCESSFUL and len(job.worker_ids) == 2
            assert Campaign.objects.get(pk=campaign.pk).status == "sent"

            # every e-mail delivery sent; nobody mailed zero times; again only what was in flight at the kill (each
            # mail is recorded the moment the server took it: at most one per SMTP connection), same Message-ID
            emailed = Delivery.objects.filter(campaign=campaign, channel=Channel.EMAIL)
            assert emailed.count() == PEOPLE
            assert set(emailed.values_list("status", flat=True)) == {DeliveryStatus.SENT}
            received = [m["To"] for m in sink.messages]
            assert set(received) == set(emailed.values_list("person__user__email", flat=True))
            repeated = {to for to in received if received.count(to) > 1}
            assert len(repeated) <= 2, repeated  # MOBILISATION_SMTP_CONNECTIONS (2) mails in flight at most
            assert all(received.count(to) == 2 for to in repeated)
            first_batch = set(received[:mobilisation.BATCH])
            assert not repeated & first_batch  # the batch recorded before the kill is never sent again
            assert len(sink.messages) - before_restart >= len(repeated)
            ids = {}
            for m in sink.messages:
                ids.setdefault(m["To"], set()).add(m["Message-ID"])
            assert all(len(v) == 1 for v in ids.values())

            # every booking once, with its reservation; the ledger's invariants hold
            people = [p for _u, p in learners]
            assert len(booked) == LEARNERS == Booking.objects.filter(person__in=people).count()
            assert all(b.holds.exists() for b in Booking.objects.filter(person__in=people))
            assert ledger_problems(connection) == {}
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
        controller.stop()
        log.close()
        with django_db_blocker.unblock():
            _cleanup(tag)
            if job is not None:
                DBTaskResult.objects.filter(pk=job.pk).delete()
