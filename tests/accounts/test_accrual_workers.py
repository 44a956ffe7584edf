"""The yearly accrual spread over worker processes books exactly what one process books, once.

Runs on committed rows (the workers are other processes with their own connections); on SQLite the
accrual stays in this process, and the outcome must be the same."""

from __future__ import annotations

from django.db import connection
from django.db.models import Sum

from lifelong.accounts import engine, services
from lifelong.accounts.models import AccountKind, LedgerAccount, LedgerEntry, LedgerTransaction
from lifelong.accounts.selectors import facts_of, rules

from .conftest import DAY, erase, make_person


def test_accrual_in_worker_processes_books_every_right_once(schemes, django_db_blocker):
    with django_db_blocker.unblock():
        people = [make_person(education_level=level, labour_status=status)
                  for level in ("low", "medium", "high") for status in ("employed", "unemployed")]
        ids = [p.pk for p in people]
        try:
            booked = services.accrue_year(on=DAY, person_ids=ids, batch_size=2, workers=2)
            expected = {(p.pk, r.code): r.amount for p in people
                        for r in engine.rights_of(facts_of(p, DAY), rules())
                        if r.eligible and r.amount > 0
                        and services.scheme_of(r.code).ledger and services.scheme_of(r.code).beneficiary == "person"}
            assert booked == len(expected) > len(people)
            got = {(a.person_id, a.scheme.code): a.balance for a in LedgerAccount.objects.filter(
                person_id__in=ids, kind=AccountKind.AVAILABLE).select_related("scheme")}
            assert got == expected
            # every transaction balances, and every funding balance is the sum of its entries
            txs = LedgerTransaction.objects.filter(entries__account__person_id__in=ids).distinct()
            assert all(tx.entries.aggregate(s=Sum("amount"))["s"] == 0 for tx in txs)
            for fund in LedgerAccount.objects.filter(kind=AccountKind.FUNDING):
                assert fund.balance == (LedgerEntry.objects.filter(account=fund).aggregate(s=Sum("amount"))["s"] or 0)
            # a replay, also spread over workers, books nothing
            assert services.accrue_year(on=DAY, person_ids=ids, batch_size=2, workers=2) == 0
        finally:
            for p in people:
                erase(p)
            connection.close()
