"""The proofs the issue asks for, on committed data: concurrent reservations never overspend, a replay
never books twice, and a failure (or a killed process) between steps leaves no partial transaction."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from lifelong.accounts import services
from lifelong.accounts.models import Hold, LedgerEntry, LedgerTransaction
from lifelong.accounts.selectors import balance_of

from .conftest import DAY

ROOT = Path(__file__).resolve().parents[2]


def run_threads(n, target):
    results, errors = [], []
    start = threading.Barrier(n)

    def worker(i):
        try:
            start.wait()
            results.append(target(i))
        except services.Refused as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_reservations_never_overspend(committed_person, django_db_blocker):
    person = committed_person
    with django_db_blocker.unblock():
        services.accrue(person=person, scheme_code="vov", amount=1000, on=DAY, idempotency_key=f"cc:{person.pk}")
        expires = timezone.now() + timedelta(days=1)

        def reserve(i):
            return services.reserve(person=person, scheme_code="vov", amount=100, on=DAY, expires_at=expires,
                                    idempotency_key=f"cc:{person.pk}:{i}")

        holds, refusals = run_threads(24, reserve)
        assert len(holds) == 10 and len(refusals) == 14
        assert all(isinstance(e, services.InsufficientBalance) for e in refusals)
        assert balance_of(person=person, scheme_code="vov", on=DAY) == 0
        assert sum(h.amount for h in Hold.objects.filter(person=person)) == 1000


def test_concurrent_replays_of_one_key_book_once(committed_person, django_db_blocker):
    person = committed_person
    with django_db_blocker.unblock():
        services.accrue(person=person, scheme_code="vov", amount=1000, on=DAY, idempotency_key=f"rk:{person.pk}")
        expires = timezone.now() + timedelta(days=1)
        key = f"rk:{person.pk}:one"

        def reserve(_i):
            return services.reserve(person=person, scheme_code="vov", amount=300, on=DAY, expires_at=expires,
                                    idempotency_key=key).pk

        holds, refusals = run_threads(12, reserve)
        assert refusals == [] and len(set(holds)) == 1
        assert LedgerTransaction.objects.filter(idempotency_key=key).count() == 1
        assert balance_of(person=person, scheme_code="vov", on=DAY) == 700


def test_a_failure_between_steps_leaves_no_partial_transaction(committed_person, django_db_blocker, monkeypatch):
    person = committed_person
    with django_db_blocker.unblock():
        services.accrue(person=person, scheme_code="vov", amount=500, on=DAY, idempotency_key=f"fi:{person.pk}")
        entries = LedgerEntry.objects.count()

        def boom(*args, **kwargs):
            raise RuntimeError("injected failure after the entries, before the hold")

        monkeypatch.setattr(Hold.objects, "create", boom)
        with pytest.raises(RuntimeError):
            services.reserve(person=person, scheme_code="vov", amount=200, on=DAY,
                             expires_at=timezone.now() + timedelta(days=1), idempotency_key=f"fi:{person.pk}:r")
        monkeypatch.undo()
        assert LedgerEntry.objects.count() == entries
        assert not LedgerTransaction.objects.filter(idempotency_key=f"fi:{person.pk}:r").exists()
        assert balance_of(person=person, scheme_code="vov", on=DAY) == 500


KILLER = """
import os, sys
from datetime import date, timedelta
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
import django
django.setup()
from django.utils import timezone
from lifelong.accounts import services
from lifelong.accounts.models import Hold
from lifelong.people.models import Person

def die(*a, **k):
    os._exit(9)  # the process is killed between the ledger entries and the hold

Hold.objects.create = die
services.reserve(person=Person.objects.get(pk=int(sys.argv[1])), scheme_code="vov", amount=200,
                 on=date.fromisoformat(sys.argv[2]), expires_at=timezone.now() + timedelta(days=1),
                 idempotency_key=sys.argv[3])
"""


def _url_of_test_database() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_a_killed_process_leaves_no_partial_transaction(committed_person, django_db_blocker):
    person = committed_person
    key = f"kill:{person.pk}"
    with django_db_blocker.unblock():
        services.accrue(person=person, scheme_code="vov", amount=500, on=DAY, idempotency_key=f"kill:{person.pk}:a")
        entries = LedgerEntry.objects.count()
        env = {**os.environ, "DATABASE_URL": _url_of_test_database(), "DEBUG": "1"}
        proc = subprocess.run([sys.executable, "-c", KILLER, str(person.pk), DAY.isoformat(), key],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 9, proc.stderr[-2000:]
        assert LedgerEntry.objects.count() == entries
        assert not LedgerTransaction.objects.filter(idempotency_key=key).exists()
        assert balance_of(person=person, scheme_code="vov", on=DAY) == 500
        # and the ledger still works afterwards
        services.reserve(person=person, scheme_code="vov", amount=200, on=DAY,
                         expires_at=timezone.now() + timedelta(days=1), idempotency_key=key)
        assert balance_of(person=person, scheme_code="vov", on=DAY) == 300
