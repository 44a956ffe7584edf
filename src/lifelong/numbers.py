"""Numbers as people read them: in the reader's locale on pages (Dutch ``11,9`` and ``47 %``; English
``11.9``), and plainly in files (``73``, ``11.9``: no trailing zeros of a database decimal, a dot, no
thousands separator) so that a spreadsheet reads them as numbers.

Used by the template filters of every app (``forecasts_tags``, ``dashboard_tags``) and by the CSV exports,
so a number looks the same everywhere."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def _plain(value) -> Decimal | float | int:
    if isinstance(value, Decimal):
        value = value.normalize()
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value
    return value


def number(value, digits: int | None = None) -> str:
    """``value`` in the reader's locale, with ``digits`` decimals (None: as many as it has, none trailing)."""
    if value is None or value == "":
        return "—"
    if digits is None:
        value = _plain(value if isinstance(value, Decimal) else Decimal(str(value)))
        return number_format(value, use_l10n=True, force_grouping=True)
    return number_format(round(float(value), digits), digits, use_l10n=True, force_grouping=True)


def percent(value, digits: int | None = None) -> str:
    """A value that already is in per cent: ``47`` → "47 %" (nl), ``11.94`` with 1 digit → "11,9 %"."""
    return "—" if value is None or value == "" else f"{number(value, digits)} %"


def signed_percent(value, digits: int = 1) -> str:
    """A change in per cent with its sign: "+18,6 %", "−4,0 %"."""
    if value is None or value == "":
        return "—"
    v = round(float(value), digits)
    sign = "+" if v > 0 else "−" if v < 0 else "±"
    return f"{sign}{number(abs(v), digits)} %"


def plain(value):
    """A number for a file: a decimal without trailing zeros (``Decimal('73.0000')`` → 73), floats rounded to
    six significant decimals; anything else unchanged."""
    if isinstance(value, Decimal):
        value = _plain(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 6)
    return value
