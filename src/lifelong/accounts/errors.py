"""The account's refusals (all derive from ``lifelong.errors.Refused``): defined below the selectors and services
so that a read may refuse too (a scheme not in force); ``accounts.services`` re-exports them."""

from __future__ import annotations

from lifelong import errors


class Refused(errors.Refused, ValueError):
    """A request refused with a plain reason; nothing was changed."""


class InvalidAmount(Refused):
    code = "invalid_amount"


class UnknownScheme(Refused):
    code = "unknown_scheme"


class InsufficientBalance(Refused):
    code = "insufficient_balance"


class IdempotencyConflict(Refused):
    code = "idempotency_conflict"
    status = 409


class NotAllowed(Refused):
    code = "not_allowed"
    status = 403


class ExpiredRight(Refused):
    code = "expired"
