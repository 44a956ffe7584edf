"""What every use case shares: the refusals, idempotency keys and fingerprints, and the one way to post a
balanced transaction (see the package docstring for the locking order)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..errors import (  # noqa: F401  (the refusals live in accounts/errors.py; the services re-export them)
    ExpiredRight,
    IdempotencyConflict,
    InsufficientBalance,
    InvalidAmount,
    NotAllowed,
    Refused,
    UnknownScheme,
)
from ..models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Scheme,
)

# ---------------------------------------------------------------- helpers

def _check_amount(amount) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidAmount(_("Het bedrag moet een geheel getal zijn (in cent of minuten), niet %(a)r.") % {"a": amount})
    if amount <= 0:
        raise InvalidAmount(_("Het bedrag moet groter zijn dan nul."))
    return amount


def _fingerprint(**request) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def _check_key(key: str) -> str:
    if not key or not isinstance(key, str) or len(key) > 200:
        raise Refused(_("Elke opdracht heeft een sleutel (idempotency key) van 1 tot 200 tekens nodig."))
    return key


def _replay(key: str, fingerprint: str) -> LedgerTransaction | None:
    existing = LedgerTransaction.objects.filter(idempotency_key=key).first()
    if existing is not None and existing.fingerprint != fingerprint:
        raise IdempotencyConflict(_("Deze sleutel werd al gebruikt voor een andere opdracht."))
    return existing


def _idempotent(key: str, fingerprint: str, work: Callable[[], object], result):
    """Run ``work`` once per key: replays (also a racing twin that lost on the unique key) get ``result`` of the
    original transaction."""
    _check_key(key)
    try:
        with transaction.atomic():
            existing = _replay(key, fingerprint)
            if existing is not None:
                return result(existing)
            return work()
    except IntegrityError:
        existing = _replay(key, fingerprint)
        if existing is None:
            raise
        return result(existing)




def funding_account(scheme: Scheme) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(scheme=scheme, kind=AccountKind.FUNDING)
    return account


def holder_account(*, scheme: Scheme, kind: str, period: tuple[date | None, date | None], person_id=None,
                   organisation_id=None) -> LedgerAccount:
    account, _created = LedgerAccount.objects.get_or_create(
        scheme=scheme, kind=kind, person_id=person_id, organisation_id=organisation_id, period_start=period[0],
        defaults={"period_end": period[1]})
    return account


def _locked(account: LedgerAccount) -> LedgerAccount:
    return LedgerAccount.objects.select_for_update().get(pk=account.pk)


def _post(*, kind: str, key: str, fingerprint: str, actor, memo: str, legs: list[tuple[LedgerAccount, int]],
          reverses: LedgerTransaction | None = None) -> LedgerTransaction:
    """Book one balanced transaction: entries and running balances together."""
    legs = [(account, amount) for account, amount in legs if amount != 0]
    if not legs or sum(amount for _a, amount in legs) != 0:
        raise ValueError("a transaction must have entries that sum to zero")
    tx = LedgerTransaction.objects.create(kind=kind, idempotency_key=key, fingerprint=fingerprint, memo=memo[:300],
                                          actor=actor if getattr(actor, "pk", None) else None, reverses=reverses)
    LedgerEntry.objects.bulk_create([LedgerEntry(transaction=tx, account=a, amount=amount) for a, amount in legs])
    for account, amount in legs:
        LedgerAccount.objects.filter(pk=account.pk).update(balance=F("balance") + amount)
    return tx
