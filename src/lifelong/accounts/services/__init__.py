"""Every write on schemes and the ledger: keyword-only functions, each in one transaction.

Split by use case (issue 17.4): ``common`` (refusals, idempotency, posting), ``schemes``, ``ledger``,
``accrual``, ``erasure`` and ``bookings``. Everything public is re-exported here, so
``from lifelong.accounts.services import X`` keeps working; these names are the stable interface that
other apps (organisations, catalogue) build on.

Locking order (prevents deadlocks): first the holder's *available* account row(s)
(``select_for_update``, sorted by id), then hold rows, then the other accounts.
The available account is the mutex for one person × scheme × period, so two
reservations against one balance are serialised and can never overspend; the
database check ``balance >= 0`` is the last line of defence.

Idempotency: every operation carries a key. A replay with the same key and the
same request returns the original result and books nothing; the same key with
a different request is refused.
"""

from . import accrual, bookings, common, erasure, ledger, schemes  # noqa: F401
from .accrual import PERSON_FACT_FIELDS, accrual_key, accrue_rights, accrue_year
from .bookings import (
    COMPASS_PREFIX,
    POLICY,
    CompassOffer,
    book_offer,
    cancel_booking,
    confirm_attendance,
    reverse_attendance,
)
from .common import (
    ExpiredRight,
    IdempotencyConflict,
    InsufficientBalance,
    InvalidAmount,
    NotAllowed,
    Refused,
    UnknownScheme,
    funding_account,
    holder_account,
)
from .erasure import reconcile_after_erasure
from .ledger import accrue, consume, correct, expire_holds, expire_rights, release, reserve
from .schemes import (
    SCHEME_CACHE_SECONDS,
    SCHEMES_FILE,
    LoadReport,
    _scheme_cache,
    add_scheme_version,
    clear_scheme_cache,
    load_schemes,
    scheme_of,
    version_in_force,
)

__all__ = [
    "COMPASS_PREFIX", "PERSON_FACT_FIELDS", "POLICY", "SCHEMES_FILE", "SCHEME_CACHE_SECONDS", "CompassOffer",
    "ExpiredRight", "IdempotencyConflict", "InsufficientBalance", "InvalidAmount", "LoadReport", "NotAllowed",
    "Refused", "UnknownScheme", "_scheme_cache", "accrual_key", "accrue", "accrue_rights", "accrue_year",
    "add_scheme_version", "book_offer", "cancel_booking", "clear_scheme_cache", "confirm_attendance", "consume",
    "correct", "expire_holds", "expire_rights", "funding_account", "holder_account", "load_schemes",
    "reconcile_after_erasure", "release", "reserve", "reverse_attendance", "scheme_of", "version_in_force",
]
