"""The Belgian enterprise number (KBO/BCE): 10 digits, the last two a check on the first eight."""

from __future__ import annotations

import re


def normalise(text: str) -> str:
    """'0403.170.701' or 'BE 0403 170 701' → '0403170701' (digits only; 9 digits get the leading 0)."""
    digits = re.sub(r"\D", "", text or "")
    return "0" + digits if len(digits) == 9 else digits


def is_valid(text: str) -> bool:
    """10 digits, starting with 0 or 1, and check = 97 − (first 8 digits mod 97)."""
    number = normalise(text)
    if len(number) != 10 or number[0] not in "01":
        return False
    return 97 - int(number[:8]) % 97 == int(number[8:])
