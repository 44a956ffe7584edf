"""Ledger operations and the refusals of bad input: each refused with a reason, nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lifelong.accounts import services
from lifelong.accounts.models import (
    AccountKind,
    HoldStatus,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
)
from lifelong.accounts.selectors import balance_of, balances_of, statement

from .conftest import DAY

pytestmark = pytest.mark.django_db


def soon():
    return timezone.now() + timedelta(days=30)


def grant(person, amount=1000, code="vov", key=None):
    return services.accrue(person=person, scheme_code=code, amount=amount, on=DAY,
                           idempotency_key=key or f"t-accrue:{person.pk}:{code}:{amount}")


def vov(person):
    return balance_of(person=person, scheme_code="vov", on=DAY)


def assert_balanced():
    for tx in LedgerTransaction.objects.all():
        assert sum(e.amount for e in tx.entries.all()) == 0
    for account in LedgerAccount.objects.all():
        assert account.balance == sum(account.entries.values_list("amount", flat=True))


def test_accrue_reserve_consume_release_add_up(person):
    grant(person, 1000)
    hold = services.reserve(person=person, scheme_code="vov", amount=300, on=DAY, expires_at=soon(),
                            idempotency_key="r1")
    assert vov(person) == 700
    services.consume(hold=hold, idempotency_key="c1", amount=200)  # 100 comes back
    other = services.reserve(person=person, scheme_code="vov", amount=400, on=DAY, expires_at=soon(),
                             idempotency_key="r2")
    services.release(hold=other, idempotency_key="rel2")
    [b] = [b for b in balances_of(person=person) if b.code == "vov"]
    assert (b.available, b.held, b.consumed) == (800, 0, 200)
    assert [line.balance_after for line in statement(person=person, scheme_code="vov")] == [1000, 700, 800, 400, 800]
    assert_balanced()


def test_voucher_cannot_be_spent_twice(person):
    grant(person, 500)
    hold = services.reserve(person=person, scheme_code="vov", amount=500, on=DAY, expires_at=soon(),
                            idempotency_key="r")
    services.consume(hold=hold, idempotency_key="c")
    with pytest.raises(services.NotAllowed):
        services.consume(hold=hold, idempotency_key="c-again")
    with pytest.raises(services.InsufficientBalance):
        services.reserve(person=person, scheme_code="vov", amount=1, on=DAY, expires_at=soon(), idempotency_key="r2")


@pytest.mark.parametrize("amount", [-5, 0, 2.5, "10", True])
def test_negative_or_fractional_amounts_are_refused(person, amount):
    with pytest.raises(services.InvalidAmount):
        services.accrue(person=person, scheme_code="vov", amount=amount, on=DAY, idempotency_key="bad")
    assert not LedgerTransaction.objects.filter(idempotency_key="bad").exists()


def test_unknown_scheme_is_refused(person):
    with pytest.raises(services.UnknownScheme, match="bestaat niet"):
        services.accrue(person=person, scheme_code="beer-tasting", amount=1, on=DAY, idempotency_key="u")


def test_information_only_scheme_keeps_no_balance(person):
    with pytest.raises(services.NotAllowed):
        services.accrue(person=person, scheme_code="opleidingskrediet", amount=1, on=DAY, idempotency_key="i")


def test_booking_above_the_balance_is_refused_and_changes_nothing(person):
    grant(person, 100)
    count = LedgerEntry.objects.count()
    with pytest.raises(services.InsufficientBalance, match="te klein"):
        services.reserve(person=person, scheme_code="vov", amount=101, on=DAY, expires_at=soon(), idempotency_key="x")
    assert vov(person) == 100 and LedgerEntry.objects.count() == count


def test_replay_returns_the_original_and_never_books_twice(person):
    first = grant(person, 100, key="same")
    again = grant(person, 100, key="same")
    assert first.pk == again.pk and vov(person) == 100
    h1 = services.reserve(person=person, scheme_code="vov", amount=40, on=DAY, expires_at=soon(), idempotency_key="h")
    h2 = services.reserve(person=person, scheme_code="vov", amount=40, on=DAY, expires_at=soon(), idempotency_key="h")
    assert h1.pk == h2.pk and vov(person) == 60


def test_same_key_for_another_request_is_refused(person):
    grant(person, 100, key="k")
    with pytest.raises(services.IdempotencyConflict):
        grant(person, 999, key="k")
    assert vov(person) == 100


def test_expired_holds_are_released(person):
    grant(person, 100)
    hold = services.reserve(person=person, scheme_code="vov", amount=60, on=DAY, expires_at=soon(),
                            idempotency_key="e")
    assert services.expire_holds(now=timezone.now() + timedelta(days=31)) >= 1
    hold.refresh_from_db()
    assert hold.status == HoldStatus.EXPIRED and vov(person) == 100
    with pytest.raises(services.NotAllowed):
        services.consume(hold=hold, idempotency_key="late")


def test_rights_of_a_finished_period_expire(person):
    grant(person, 100)
    services.expire_rights(on=DAY.replace(year=DAY.year + 1, month=9, day=1))
    [b] = [b for b in balances_of(person=person) if b.code == "vov"]
    assert (b.available, b.expired) == (0, 100)
    assert_balanced()


def test_correction_is_a_reversal_and_the_original_stays(person):
    tx = grant(person, 100)
    fix = services.correct(transaction_to_reverse=tx, idempotency_key="fix", reason="verkeerd bedrag")
    assert fix.reverses_id == tx.pk and vov(person) == 0
    assert LedgerTransaction.objects.filter(pk=tx.pk).exists()
    with pytest.raises(services.NotAllowed, match="al rechtgezet"):
        services.correct(transaction_to_reverse=tx, idempotency_key="fix2", reason="nog eens")


def test_correction_that_would_go_negative_is_refused(person):
    tx = grant(person, 100)
    services.reserve(person=person, scheme_code="vov", amount=50, on=DAY, expires_at=soon(), idempotency_key="r")
    with pytest.raises(services.InsufficientBalance):
        services.correct(transaction_to_reverse=tx, idempotency_key="fix", reason="x")
    assert vov(person) == 50


def test_entries_and_transactions_are_append_only(person):
    tx = grant(person, 100)
    with pytest.raises(ValueError):
        tx.save()
    with pytest.raises(ValueError):
        tx.entries.first().save()


def test_the_database_refuses_a_negative_balance(person):
    grant(person, 100)
    account = LedgerAccount.objects.get(person=person, kind=AccountKind.AVAILABLE)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerAccount.objects.filter(pk=account.pk).update(balance=-1)


def test_yearly_accrual_is_idempotent(person):
    first = services.accrue_year(on=DAY, person_ids=[person.pk])
    assert first >= 3  # vov, vouchers, federal, career vouchers for a worker in a large firm
    assert services.accrue_year(on=DAY, person_ids=[person.pk]) == 0
    assert vov(person) == 7500
    assert_balanced()
