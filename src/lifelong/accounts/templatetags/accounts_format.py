from django import template
from django.utils.translation import gettext as _

from lifelong.accounts import engine

register = template.Library()


@register.filter
def amount(value, unit):
    """Cents as euros, minutes as hours and minutes (plain Dutch)."""
    value = int(value or 0)
    if unit == engine.CENTS:
        return engine._euro(value)
    sign = "-" if value < 0 else ""
    hours, minutes = divmod(abs(value), 60)
    if minutes:
        return _("%(s)s%(h)s uur %(m)s min") % {"s": sign, "h": hours, "m": minutes}
    return _("%(s)s%(h)s uur") % {"s": sign, "h": hours}
