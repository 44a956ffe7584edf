"""Ledger operations on one holder: accrue, reserve, consume, release, expire and correct."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import engine
from ..models import (
    AccountKind,
    Hold,
    HoldStatus,
    LedgerAccount,
    LedgerTransaction,
    TxKind,
)
from .common import (
    ExpiredRight,
    InsufficientBalance,
    InvalidAmount,
    NotAllowed,
    Refused,
    _check_amount,
    _fingerprint,
    _idempotent,
    _locked,
    _post,
    funding_account,
    holder_account,
)
from .schemes import (
    scheme_of,
    version_in_force,
)

# ---------------------------------------------------------------- ledger operations

def accrue(*, scheme_code: str, amount: int, on: date, idempotency_key: str, person=None, organisation=None,
           actor=None, memo: str = "") -> LedgerTransaction:
    """Grant rights to a person (or an organisation) for the period that ``on`` falls in."""
    amount = _check_amount(amount)
    if (person is None) == (organisation is None):
        raise Refused(_("Rechten gaan naar één persoon of één organisatie."))
    scheme = scheme_of(scheme_code)
    if not scheme.ledger:
        raise NotAllowed(_("Voor %(name)s houden we geen saldo bij.") % {"name": scheme.localized("name")})
    fp = _fingerprint(op="accrue", scheme=scheme_code, amount=amount, on=on, person=getattr(person, "pk", None),
                      organisation=getattr(organisation, "pk", None))

    def work():
        version = version_in_force(scheme, on)
        period = engine.period_of(version.period, on, version.params)
        available = holder_account(scheme=scheme, kind=AccountKind.AVAILABLE, period=period,
                                   person_id=getattr(person, "pk", None), organisation_id=getattr(organisation, "pk", None))
        available = _locked(available)
        return _post(kind=TxKind.ACCRUE, key=idempotency_key, fingerprint=fp, actor=actor,
                     memo=memo or f"{scheme.code} v{version.version}",
                     legs=[(funding_account(scheme), -amount), (available, amount)])

    return _idempotent(idempotency_key, fp, work, lambda tx: tx)


def reserve(*, person, scheme_code: str, amount: int, on: date, expires_at: datetime, idempotency_key: str,
            actor=None, booking=None, memo: str = "") -> Hold:
    """Put a hold on rights; refused (nothing booked) when the balance is too small."""
    amount = _check_amount(amount)
    scheme = scheme_of(scheme_code)
    if expires_at <= timezone.now():
        raise Refused(_("Een reservering moet vervallen in de toekomst."))
    fp = _fingerprint(op="reserve", scheme=scheme_code, amount=amount, on=on, person=person.pk,
                      booking=getattr(booking, "pk", None))

    def work():
        version = version_in_force(scheme, on)
        period = engine.period_of(version.period, on, version.params)
        try:
            available = LedgerAccount.objects.select_for_update().get(
                scheme=scheme, kind=AccountKind.AVAILABLE, person=person, period_start=period[0])
        except LedgerAccount.DoesNotExist:
            raise InsufficientBalance(_("Je hebt geen saldo voor %(name)s in deze periode.") % {"name": scheme.localized("name")}) \
                from None
        if available.balance < amount:
            raise InsufficientBalance(
                _("Je saldo voor %(name)s is te klein: er is nog %(left)s, je vraagt %(ask)s.")
                % {"name": scheme.localized("name"), "left": available.balance, "ask": amount})
        held = holder_account(scheme=scheme, kind=AccountKind.HELD, period=period, person_id=person.pk)
        tx = _post(kind=TxKind.RESERVE, key=idempotency_key, fingerprint=fp, actor=actor, memo=memo,
                   legs=[(available, -amount), (held, amount)])
        return Hold.objects.create(person=person, scheme=scheme, available=available, held=held, amount=amount,
                                   expires_at=expires_at, booking=booking, reserve_tx=tx)

    return _idempotent(idempotency_key, fp, work, lambda tx: Hold.objects.get(reserve_tx=tx))


def _lock_hold(hold: Hold) -> Hold:
    LedgerAccount.objects.select_for_update().get(pk=hold.available_id)  # the mutex first
    return Hold.objects.select_for_update().get(pk=hold.pk)


def _settle(*, hold: Hold, kind: str, status: str, idempotency_key: str, actor, used: int = 0, memo: str = "",
            now: datetime | None = None) -> Hold:
    fp = _fingerprint(op=kind, hold=hold.pk, used=used)

    def work():
        h = _lock_hold(hold)
        if h.status != HoldStatus.ACTIVE:
            raise NotAllowed(_("Deze reservering is al afgesloten (%(status)s).") % {"status": h.get_status_display()})
        if kind == TxKind.CONSUME and h.expires_at <= (now or timezone.now()):
            raise ExpiredRight(_("Deze reservering is vervallen; de rechten zijn of worden vrijgegeven."))
        legs = [(h.held, -h.amount)]
        if used:
            period = (h.held.period_start, h.held.period_end)
            consumed = holder_account(scheme=h.scheme, kind=AccountKind.CONSUMED, period=period, person_id=h.person_id)
            legs.append((consumed, used))
        legs.append((h.available, h.amount - used))
        tx = _post(kind=kind, key=idempotency_key, fingerprint=fp, actor=actor, memo=memo, legs=legs)
        Hold.objects.filter(pk=h.pk).update(status=status, settle_tx=tx)
        h.status, h.settle_tx = status, tx
        return h

    return _idempotent(idempotency_key, fp, work, lambda tx: Hold.objects.get(settle_tx=tx))


def consume(*, hold: Hold, idempotency_key: str, actor=None, amount: int | None = None, memo: str = "") -> Hold:
    """Attendance confirmed: the hold (or part of it; the rest goes back) is used."""
    used = hold.amount if amount is None else _check_amount(amount)
    if used > hold.amount:
        raise InvalidAmount(_("Je kan niet meer gebruiken dan gereserveerd is."))
    return _settle(hold=hold, kind=TxKind.CONSUME, status=HoldStatus.CONSUMED, idempotency_key=idempotency_key,
                   actor=actor, used=used, memo=memo)


def release(*, hold: Hold, idempotency_key: str, actor=None, memo: str = "") -> Hold:
    """Cancellation: the held rights go back to the available balance."""
    return _settle(hold=hold, kind=TxKind.RELEASE, status=HoldStatus.RELEASED, idempotency_key=idempotency_key,
                   actor=actor, memo=memo)


def expire_holds(*, now: datetime | None = None, actor=None) -> int:
    """Release every active hold past its expiry (run by a daily task). Returns how many."""
    now = now or timezone.now()
    count = 0
    for hold in Hold.objects.filter(status=HoldStatus.ACTIVE, expires_at__lte=now).order_by("id"):
        try:
            _settle(hold=hold, kind=TxKind.EXPIRE, status=HoldStatus.EXPIRED, idempotency_key=f"expire-hold:{hold.pk}",
                    actor=actor, memo="hold expired", now=now)
            count += 1
        except NotAllowed:
            continue  # settled meanwhile
    return count


def expire_rights(*, on: date, actor=None) -> int:
    """Rights of a finished period that were not used move to *expired*. Returns the number of accounts."""
    count = 0
    accounts = LedgerAccount.objects.filter(kind=AccountKind.AVAILABLE, period_end__lt=on, balance__gt=0)
    for account in accounts.order_by("id"):
        key = f"expire-rights:{account.pk}:{on.isoformat()}"
        fp = _fingerprint(op="expire-rights", account=account.pk, on=on)

        def work(account=account, key=key, fp=fp):
            locked = _locked(account)
            if locked.balance <= 0:
                raise NotAllowed("nothing left")
            expired = holder_account(scheme=locked.scheme, kind=AccountKind.EXPIRED,
                                     period=(locked.period_start, locked.period_end),
                                     person_id=locked.person_id, organisation_id=locked.organisation_id)
            return _post(kind=TxKind.EXPIRE, key=key, fingerprint=fp, actor=actor, memo="period ended",
                         legs=[(locked, -locked.balance), (expired, locked.balance)])

        try:
            _idempotent(key, fp, work, lambda tx: tx)
            count += 1
        except NotAllowed:
            continue
    return count


def correct(*, transaction_to_reverse: LedgerTransaction, idempotency_key: str, actor=None,
            reason: str) -> LedgerTransaction:
    """Undo a grant (accrual) or an expiry by booking its exact reversal; the original stays as it was."""
    original = transaction_to_reverse
    if not reason.strip():
        raise Refused(_("Geef een reden voor de rechtzetting."))
    if original.kind not in (TxKind.ACCRUE, TxKind.EXPIRE) or hasattr(original, "hold") or \
            hasattr(original, "settled_hold"):
        raise NotAllowed(_("Alleen een toekenning of het vervallen van rechten kan worden rechtgezet. "
                           "Een reservering annuleer je met 'vrijgeven'."))
    fp = _fingerprint(op="correct", tx=original.pk)

    def work():
        if LedgerTransaction.objects.filter(reverses=original).exists():
            raise NotAllowed(_("Deze boeking is al rechtgezet."))
        entries = list(original.entries.select_related("account"))
        holder = sorted({e.account_id for e in entries if e.account.kind != AccountKind.FUNDING})
        locked = {a.pk: a for a in LedgerAccount.objects.select_for_update().filter(pk__in=holder).order_by("pk")}
        for e in entries:
            if e.account_id in locked and locked[e.account_id].balance - e.amount < 0:
                raise InsufficientBalance(_("Deze rechten zijn al (deels) gebruikt of gereserveerd; rechtzetten "
                                            "zou het saldo negatief maken."))
        return _post(kind=TxKind.CORRECT, key=idempotency_key, fingerprint=fp, actor=actor, memo=reason,
                     legs=[(e.account, -e.amount) for e in entries], reverses=original)

    return _idempotent(idempotency_key, fp, work, lambda tx: tx)
