from django import template

from lifelong import numbers
from lifelong.forecasts.selectors import demand_outlook
from lifelong.reference import NACE_SECTIONS, PROVINCES

register = template.Library()


@register.inclusion_tag("forecasts/_outlook.html")
def outlook_badge(uri, province=None):
    """The demand outlook of a competence: a small label for the training compass and the POP."""
    return {"outlook": demand_outlook(str(uri), province=province or None) if uri else None}


@register.filter
def pct(value, digits=1):
    """A share (0..1) as per cent in the reader's locale: 0.119 → "11,9 %"."""
    if value is None or value == "":
        return "—"
    return numbers.percent(float(value) * 100, int(digits))


@register.filter
def signed(value, digits=1):
    """A change in per cent with its sign, in the reader's locale: "+18,6 %"."""
    return numbers.signed_percent(value, int(digits))


@register.filter
def num(value, digits=0):
    """A number in the reader's locale: 4500 → "4.500", 11.94 with 1 digit → "11,9"."""
    return numbers.number(value, int(digits))


@register.filter
def source_label(value):
    from django.utils.translation import gettext

    return {"statistical": gettext("statistiek"), "survey": gettext("enquête"), "panel": gettext("panel")}.get(
        value, value)


@register.filter
def model_name(code):
    """A forecasting model in words ("comb" → "combinatie van modellen"), the code for analysts in the title."""
    from django.utils.translation import gettext

    names = {"naive": gettext("naïef (laatste waarde)"), "snaive": gettext("seizoensnaïef (zelfde maand vorig jaar)"),
             "ses": gettext("exponentiële effening"), "theta": gettext("theta-methode"),
             "holt_damped": gettext("gedempte trend (Holt)"), "arima": gettext("ARIMA"),
             "comb": gettext("combinatie van modellen")}
    return names.get(code, code or "—")


@register.filter
def place_name(code):
    """A NUTS code (BE21) or NACE section letter (C) by its name; anything else unchanged."""

    if code in PROVINCES:
        return PROVINCES[code]["name"]
    return NACE_SECTIONS.get(code, code)


@register.filter
def signed_num(value, digits=1):
    """A change with its sign, no unit, in the reader's locale: "+0,42", "−1,3"."""
    return numbers.signed_percent(value, int(digits))[:-2] if value not in (None, "") else "—"
