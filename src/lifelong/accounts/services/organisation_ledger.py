"""Ledger operations on an organisation's accounts (issue 13.5, 13.6): reserve and settle an organisation's
right (the SME wallet), and move budget an organisation paid in to a person (top-ups).

Same ledger, same proofs as a person's rights (see the package docstring): the holder's *available* account is
locked first (the mutex for one organisation × scheme × period), the balance is checked under that lock, every
operation has an idempotency key and a fingerprint, and the database keeps every holder balance ≥ 0."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from .. import engine
from ..models import AccountKind, LedgerAccount, LedgerTransaction, TxKind
from .common import (
    InsufficientBalance,
    NotAllowed,
    _check_amount,
    _fingerprint,
    _idempotent,
    _locked,
    _post,
    funding_account,
    holder_account,
)
from .schemes import scheme_of, version_in_force


def _available_locked(*, scheme, organisation_id: int, period) -> LedgerAccount | None:
    return (LedgerAccount.objects.select_for_update()
            .filter(scheme=scheme, kind=AccountKind.AVAILABLE, organisation_id=organisation_id,
                    period_start=period[0]).first())


def _enough_locked(*, scheme, organisation, on: date, amount: int, too_small: str) -> tuple[LedgerAccount, tuple]:
    """The organisation's available account of the period of ``on``, locked (the mutex), with at least ``amount``;
    otherwise ``InsufficientBalance`` with ``too_small`` (``%(left)s`` and ``%(ask)s`` filled in), nothing booked."""
    version = version_in_force(scheme, on)
    period = engine.period_of(version.period, on, version.params)
    available = _available_locked(scheme=scheme, organisation_id=organisation.pk, period=period)
    left = available.balance if available is not None else 0
    if left < amount:
        raise InsufficientBalance(too_small % {"name": scheme.localized("name"), "left": engine._euro(left),
                                               "ask": engine._euro(amount)})
    return available, period


def reserve_for_organisation(*, organisation, scheme_code: str, amount: int, on: date, idempotency_key: str,
                             actor=None, memo: str = "") -> LedgerTransaction:
    """Hold ``amount`` of the organisation's balance (available → held); refused, nothing booked, when too small."""
    amount = _check_amount(amount)
    scheme = scheme_of(scheme_code)
    fp = _fingerprint(op="reserve-org", scheme=scheme_code, amount=amount, on=on, organisation=organisation.pk)

    def work():
        available, period = _enough_locked(
            scheme=scheme, organisation=organisation, on=on, amount=amount,
            too_small=_("Het saldo van %(name)s is te klein: er is nog %(left)s, je vraagt %(ask)s."))
        held = holder_account(scheme=scheme, kind=AccountKind.HELD, period=period, organisation_id=organisation.pk)
        return _post(kind=TxKind.RESERVE, key=idempotency_key, fingerprint=fp, actor=actor, memo=memo,
                     legs=[(available, -amount), (held, amount)])

    return _idempotent(idempotency_key, fp, work, lambda tx: tx)


def settle_for_organisation(*, reserve_tx: LedgerTransaction, used: bool, idempotency_key: str, actor=None,
                            memo: str = "") -> LedgerTransaction:
    """Settle a reservation made by ``reserve_for_organisation``: used (held → consumed) or released (held →
    available). The caller locks its own booking row first and settles a booking once."""
    fp = _fingerprint(op="settle-org", tx=reserve_tx.pk, used=used)

    def work():
        entries = list(reserve_tx.entries.select_related("account"))
        available = next(e.account for e in entries if e.account.kind == AccountKind.AVAILABLE)
        held = next(e for e in entries if e.account.kind == AccountKind.HELD)
        if available.organisation_id is None:
            raise NotAllowed("not an organisation's reservation")
        _locked(available)  # the mutex first, as every other operation on this balance
        held_now = _locked(held.account)
        if held_now.balance < held.amount:
            raise NotAllowed(_("Deze reservering is al afgesloten."))
        if used:
            target = holder_account(scheme=available.scheme, kind=AccountKind.CONSUMED,
                                    period=(available.period_start, available.period_end),
                                    organisation_id=available.organisation_id)
        else:
            target = available
        return _post(kind=TxKind.CONSUME if used else TxKind.RELEASE, key=idempotency_key, fingerprint=fp,
                     actor=actor, memo=memo, legs=[(held_now, -held.amount), (target, held.amount)])

    return _idempotent(idempotency_key, fp, work, lambda tx: tx)


def transfer_to_person(*, organisation, person, scheme_code: str, amount: int, on: date, idempotency_key: str,
                       actor=None, memo: str = "") -> LedgerTransaction:
    """Move budget the organisation paid in (its available account of ``scheme_code``) to a person's available
    account of the same scheme and period: a top-up is funded, never created from nothing. Booked as the
    organisation's budget going out (key ``<key>:out``) and the person's right coming in (``<key>``), in one
    database transaction."""
    amount = _check_amount(amount)
    scheme = scheme_of(scheme_code)
    fp = _fingerprint(op="transfer", scheme=scheme_code, amount=amount, on=on, organisation=organisation.pk,
                      person=person.pk)

    def work():
        source, period = _enough_locked(
            scheme=scheme, organisation=organisation, on=on, amount=amount,
            too_small=_("Het gestorte budget is te klein: er is nog %(left)s, je geeft %(ask)s."))
        target = holder_account(scheme=scheme, kind=AccountKind.AVAILABLE, period=period, person_id=person.pk)
        # two transactions through the scheme's funding account, each with one holder: erasing the person later
        # leaves no one-sided transaction (``reconcile_after_erasure`` drops the second, the first stays whole)
        funding = funding_account(scheme)
        _post(kind=TxKind.CONSUME, key=f"{idempotency_key}:out", fingerprint=fp, actor=actor, memo=memo,
              legs=[(source, -amount), (funding, amount)])
        return _post(kind=TxKind.ACCRUE, key=idempotency_key, fingerprint=fp, actor=actor, memo=memo,
                     legs=[(funding, -amount), (target, amount)])

    return _idempotent(idempotency_key, fp, work, lambda tx: tx)
