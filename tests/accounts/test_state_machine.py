"""A hypothesis state machine over the ledger: random accruals, reservations, settlements, expiries and
corrections, with the invariants checked after every step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from lifelong.accounts import services
from lifelong.accounts.models import (
    AccountKind,
    Hold,
    HoldStatus,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
)

from .conftest import DAY, make_person

CODES = ["vov", "opleidingscheques"]


class Ledger(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.person = make_person()
        self.n = 0
        self.model = {code: 0 for code in CODES}  # expected available balance
        self.grants = []
        self.now = timezone.now()

    def key(self):
        self.n += 1
        return f"sm:{self.person.pk}:{self.n}"

    @rule(code=st.sampled_from(CODES), amount=st.integers(1, 5000))
    def accrue(self, code, amount):
        tx = services.accrue(person=self.person, scheme_code=code, amount=amount, on=DAY, idempotency_key=self.key())
        self.grants.append((tx, code, amount))
        self.model[code] += amount

    @rule(code=st.sampled_from(CODES), amount=st.integers(-3, 6000), minutes=st.integers(1, 120))
    def reserve(self, code, amount, minutes):
        key = self.key()
        try:
            services.reserve(person=self.person, scheme_code=code, amount=amount, on=DAY, idempotency_key=key,
                             expires_at=self.now + timedelta(minutes=minutes))
        except services.InvalidAmount:
            assert amount <= 0
        except services.InsufficientBalance:
            assert amount > self.model[code]
        else:
            assert 0 < amount <= self.model[code]
            self.model[code] -= amount
            # a replay books nothing
            services.reserve(person=self.person, scheme_code=code, amount=amount, on=DAY, idempotency_key=key,
                             expires_at=self.now + timedelta(minutes=minutes))

    def _active(self):
        return list(Hold.objects.filter(person=self.person, status=HoldStatus.ACTIVE).order_by("id"))

    @precondition(lambda self: Hold.objects.filter(person=self.person, status=HoldStatus.ACTIVE).exists())
    @rule(data=st.data(), part=st.integers(1, 100))
    def consume(self, data, part):
        hold = data.draw(st.sampled_from(self._active()))
        used = max(1, hold.amount * part // 100)
        if hold.expires_at <= timezone.now():
            return
        services.consume(hold=hold, idempotency_key=self.key(), amount=used)
        self.model[hold.scheme.code] += hold.amount - used

    @precondition(lambda self: Hold.objects.filter(person=self.person, status=HoldStatus.ACTIVE).exists())
    @rule(data=st.data())
    def release(self, data):
        hold = data.draw(st.sampled_from(self._active()))
        services.release(hold=hold, idempotency_key=self.key())
        self.model[hold.scheme.code] += hold.amount

    @rule(minutes=st.integers(0, 180))
    def time_passes(self, minutes):
        self.now += timedelta(minutes=minutes)
        due = [h for h in self._active() if h.expires_at <= self.now]
        services.expire_holds(now=self.now)
        for h in due:
            self.model[h.scheme.code] += h.amount

    @precondition(lambda self: self.grants)
    @rule(data=st.data())
    def correct(self, data):
        tx, code, amount = data.draw(st.sampled_from(self.grants))
        try:
            services.correct(transaction_to_reverse=tx, idempotency_key=self.key(), reason="test")
        except services.NotAllowed:
            assert LedgerTransaction.objects.filter(reverses=tx).exists()
        except services.InsufficientBalance:
            assert self.model[code] < amount
        else:
            self.model[code] -= amount

    @invariant()
    def every_transaction_sums_to_zero(self):
        mine = LedgerTransaction.objects.filter(entries__account__person=self.person).distinct()
        for tx in mine:
            assert tx.entries.aggregate(s=Sum("amount"))["s"] == 0

    @invariant()
    def balance_equals_sum_of_entries_and_never_below_zero(self):
        for account in LedgerAccount.objects.filter(person=self.person):
            assert account.balance == (LedgerEntry.objects.filter(account=account).aggregate(s=Sum("amount"))["s"] or 0)
            assert account.balance >= 0

    @invariant()
    def available_matches_the_model(self):
        for code in CODES:
            got = LedgerAccount.objects.filter(person=self.person, scheme__code=code, kind=AccountKind.AVAILABLE)\
                .aggregate(s=Sum("balance"))["s"] or 0
            assert got == self.model[code]

    @invariant()
    def no_expired_hold_stays_active(self):
        # holds are made to expire after self.now and released when time passes them
        assert not Hold.objects.filter(person=self.person, status=HoldStatus.ACTIVE, expires_at__lte=self.now).exists()

    @invariant()
    def held_equals_active_holds(self):
        held = LedgerAccount.objects.filter(person=self.person, kind=AccountKind.HELD).aggregate(s=Sum("balance"))["s"]
        active = Hold.objects.filter(person=self.person, status=HoldStatus.ACTIVE).aggregate(s=Sum("amount"))["s"]
        assert (held or 0) == (active or 0)


@pytest.mark.django_db
def test_ledger_state_machine(schemes):
    run_state_machine_as_test(Ledger, settings=settings(max_examples=15, stateful_step_count=25, deadline=None,
                                                        suppress_health_check=list(HealthCheck)))
