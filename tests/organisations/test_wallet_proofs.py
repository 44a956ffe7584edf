"""The killed-process proof of the SME wallet (issue 13: "the same proofs as the personal ledger: concurrency,
replay, killed process"), like ``tests/accounts/test_proofs.py`` for a person's rights: a real process is killed
in the middle of a booking for two employees — after the first employee's booking and the second employee's
reservation were written, before the second booking — and in the middle of the provider's confirmation. The
ledger afterwards: nothing reserved twice, nothing lost, every transaction balanced. It runs on whatever database
the suite runs on (``make test``: SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db.models import Sum

from lifelong.accounts.models import AccountKind, LedgerEntry, LedgerTransaction
from lifelong.employers import wallet
from lifelong.organisations.models import EmployerTraining, WalletBooking, WalletStatus

from ..conftest import database_url_for_processes
from .test_wallet import DAY, balance

ROOT = Path(__file__).resolve().parents[2]
CAP = 750_000
SHARE = 300_000  # 30 % of € 10.000

KILL_WHILE_BOOKING = """
import os, sys
from datetime import date
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
import django
django.setup()
from lifelong.catalogue.models import Offer
from lifelong.employers import wallet
from lifelong.organisations.models import Organisation, WalletBooking
from lifelong.users.models import User

made = []
create = WalletBooking.objects.create

def create_then_die(**kwargs):
    if made:  # the second employee: their share is reserved in the ledger, their booking not yet written
        os._exit(9)
    made.append(create(**kwargs))
    return made[-1]

WalletBooking.objects.create = create_then_die
wallet.book(user=User.objects.get(pk=int(sys.argv[1])), organisation=Organisation.objects.get(pk=int(sys.argv[2])),
            offer=Offer.objects.select_related("provider").get(pk=int(sys.argv[3])),
            person_ids=[int(p) for p in sys.argv[4].split(",")], idempotency_key=sys.argv[5],
            on=date.fromisoformat(sys.argv[6]))
"""

KILL_WHILE_CONFIRMING = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
import django
django.setup()
from lifelong.employers import wallet
from lifelong.organisations.models import EmployerTraining, WalletBooking
from lifelong.users.models import User

def die(**kwargs):
    os._exit(9)  # the share is moved held -> consumed, the training not yet registered

EmployerTraining.objects.create = die
wallet.confirm(user=User.objects.get(pk=int(sys.argv[1])), booking=WalletBooking.objects.get(pk=int(sys.argv[2])))
"""


def _run(script: str, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1"}
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=180)


def _ledger_of(org) -> dict:
    """The firm's wallet balances, and the sum of every entry of the transactions on its accounts (0: balanced)."""
    txs = LedgerTransaction.objects.filter(entries__account__organisation=org).distinct()
    unbalanced = [t.pk for t in txs if sum(e.amount for e in t.entries.all()) != 0]
    return {"available": balance(org, AccountKind.AVAILABLE), "held": balance(org, AccountKind.HELD),
            "consumed": balance(org, AccountKind.CONSUMED), "unbalanced": unbalanced,
            "entries": LedgerEntry.objects.filter(account__organisation=org).count()}


def test_a_process_killed_while_booking_leaves_nothing_half_booked(committed_firm, django_db_blocker):
    org, boss, people, offer = committed_firm
    a, b = people[0], people[1]
    key = "kill-book"
    with django_db_blocker.unblock():
        before = _ledger_of(org)
        proc = _run(KILL_WHILE_BOOKING, boss.pk, org.pk, offer.pk, f"{a.pk},{b.pk}", key, DAY.isoformat())
        assert proc.returncode == 9, proc.stderr[-2000:]
        # all or nothing: neither booking, neither reservation, not even the year's ceiling grant
        assert not WalletBooking.objects.filter(organisation=org).exists()
        assert not LedgerTransaction.objects.filter(idempotency_key__startswith=f"kmo:{org.pk}:{key}:").exists()
        assert _ledger_of(org) == before
        # the same request again (the employer presses the button once more): booked once, the ceiling intact
        bookings = wallet.book(user=boss, organisation=org, offer=offer, person_ids=[a.pk, b.pk],
                               idempotency_key=key, on=DAY)
        again = wallet.book(user=boss, organisation=org, offer=offer, person_ids=[a.pk, b.pk],
                            idempotency_key=key, on=DAY)
        assert [x.pk for x in again] == [x.pk for x in bookings]
        after = _ledger_of(org)
        assert after["held"] == 2 * SHARE and after["available"] == CAP - 2 * SHARE and after["consumed"] == 0
        assert after["unbalanced"] == []
        assert LedgerTransaction.objects.filter(idempotency_key__startswith=f"kmo:{org.pk}:{key}:").count() == 2
        total = LedgerEntry.objects.filter(account__organisation=org).aggregate(s=Sum("amount"))["s"]
        assert total == CAP  # what the firm holds in all its wallet accounts is exactly its ceiling: nothing lost


def test_a_process_killed_while_confirming_leaves_the_share_held(committed_firm, django_db_blocker):
    from lifelong.users.models import User

    org, boss, people, offer = committed_firm
    a = people[0]
    with django_db_blocker.unblock():
        booking, = wallet.book(user=boss, organisation=org, offer=offer, person_ids=[a.pk], idempotency_key="kc",
                               on=DAY)
        wallet.accept(user=a.user, booking=booking)
        provider_user = User.objects.create_user(f"aanbieder-kill-{org.pk}@test.lifelong.test", None, role="provider")
        offer.provider.staff.add(provider_user)
        before = _ledger_of(org)
        proc = _run(KILL_WHILE_CONFIRMING, provider_user.pk, booking.pk)
        assert proc.returncode == 9, proc.stderr[-2000:]
        booking.refresh_from_db()
        assert booking.status == WalletStatus.ACCEPTED and booking.settle_tx_id is None
        assert not EmployerTraining.objects.filter(wallet_booking=booking).exists()
        assert _ledger_of(org) == before  # still held, not consumed, not lost
        # the provider confirms again: used once, the training registered once
        wallet.confirm(user=provider_user, booking=booking)
        wallet.confirm(user=provider_user, booking=booking)
        after = _ledger_of(org)
        assert after["held"] == 0 and after["consumed"] == SHARE and after["available"] == CAP - SHARE
        assert after["unbalanced"] == []
        assert EmployerTraining.objects.filter(wallet_booking=booking).count() == 1
        provider_user.delete()
