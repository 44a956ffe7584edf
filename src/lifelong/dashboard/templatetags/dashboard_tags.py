from decimal import Decimal

from django import template
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lifelong import numbers

register = template.Library()


@register.filter
def cell(value):
    """A table cell: empty for None, numbers in the locale's format."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):  # 22.4000 → 22,4; 4500000.0 → 4.500.000
        value = value.normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
    return localize(value, use_l10n=True)


@register.filter
def coverage(value):
    return f"cov-{min(int(value), 3)}"


@register.filter
def coverage_text(value):
    n = int(value)
    if n == 0:
        return _("geen actie")
    return ngettext("%(n)s actie", "%(n)s acties", n) % {"n": n}


@register.filter
def euro(cents):
    return localize(round(cents / 100, 2)) if cents is not None else "—"


@register.filter
def percent(value):
    """A value in per cent, in the reader's locale: Decimal('47.000') → "47 %" (never "47.000%")."""

    return numbers.percent(value)
