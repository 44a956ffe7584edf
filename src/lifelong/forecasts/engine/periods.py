"""Periods as integers: ``YYYY-MM`` → year*12 + month-1, ``YYYY-Qn`` → year*4 + quarter-1."""

from __future__ import annotations

import re

SEASON_LENGTH = {"M": 12, "Q": 4}
MAX_HORIZON = {"M": 36, "Q": 12}

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def parse_period(text: str) -> tuple[str, int]:
    """Return ``(freq, index)`` for a period string; raise ValueError when it is neither form."""
    text = (text or "").strip()
    m = _MONTH.match(text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return "M", year * 12 + month - 1
        raise ValueError(f"month {month} out of range in period {text!r}")
    q = _QUARTER.match(text)
    if q:
        return "Q", int(q.group(1)) * 4 + int(q.group(2)) - 1
    raise ValueError(f"unparsable period {text!r} (expected YYYY-MM or YYYY-Qn)")


def format_period(freq: str, index: int) -> str:
    if freq == "M":
        year, month = divmod(index, 12)
        return f"{year:04d}-{month + 1:02d}"
    if freq == "Q":
        year, quarter = divmod(index, 4)
        return f"{year:04d}-Q{quarter + 1}"
    raise ValueError(f"unknown frequency {freq!r} (M or Q)")


def season_length(freq: str) -> int:
    try:
        return SEASON_LENGTH[freq]
    except KeyError:
        raise ValueError(f"unknown frequency {freq!r} (M or Q)") from None


def check_horizon(freq: str, horizon: int) -> None:
    top = MAX_HORIZON[freq]
    if not 1 <= horizon <= top:
        unit = "months" if freq == "M" else "quarters"
        raise ValueError(f"horizon {horizon} out of range: 1..{top} {unit} for frequency {freq}")
