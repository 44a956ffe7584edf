"""The demo seed grants rights to the synthetic people, and re-seeding leaves a consistent ledger."""

from __future__ import annotations

import pytest
from django.db.models import Sum

from lifelong.accounts.models import LedgerAccount, LedgerEntry, LedgerTransaction
from lifelong.accounts.selectors import ledger_totals
from lifelong.demo.accounts import seed_demo_accounts
from lifelong.people.models import Person

pytestmark = pytest.mark.django_db


def test_demo_people_have_rights_and_the_ledger_adds_up(schemes):
    report = seed_demo_accounts()  # already seeded once by the session fixture: a replay books nothing new
    assert report["accruals"] == 0
    assert LedgerAccount.objects.filter(person__is_synthetic=True, kind="available", balance__gt=0).exists()
    assert ledger_totals() == {"balances": 0, "entries": 0}
    for account in LedgerAccount.objects.filter(kind="funding"):
        assert account.balance == (LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0)


def test_erasing_people_leaves_no_one_sided_transactions(schemes):
    from lifelong.accounts.services import reconcile_after_erasure

    victims = Person.objects.filter(is_synthetic=True, ledger_accounts__isnull=False).distinct()[:3]
    Person.objects.filter(pk__in=[p.pk for p in victims]).delete()
    assert reconcile_after_erasure() > 0
    for tx in LedgerTransaction.objects.all()[:2000]:
        assert sum(tx.entries.values_list("amount", flat=True)) == 0
    assert ledger_totals() == {"balances": 0, "entries": 0}
