"""The national number (INSZ, rijksregisternummer) is never stored: only an HMAC-SHA256 under
``NATIONAL_NUMBER_HASH_KEY``. The same number always gives the same hash (so it links a person to the
federal training account), and without the key the hash cannot be turned back into the number (the 11 digits
are too few to hide behind a plain hash)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def normalise_national_number(number: str) -> str | None:
    """The 11 digits of an INSZ as written (``85.07.30-033.28`` or ``85073003328``), or None."""
    digits = "".join(ch for ch in str(number or "") if ch.isdigit())
    return digits if len(digits) == 11 else None


def national_number_hash(number: str) -> str | None:
    digits = normalise_national_number(number)
    if digits is None:
        return None
    key = settings.NATIONAL_NUMBER_HASH_KEY
    if not key:
        raise ImproperlyConfigured("NATIONAL_NUMBER_HASH_KEY is not set: a national number cannot be kept.")
    return hmac.new(key.encode(), digits.encode(), hashlib.sha256).hexdigest()
