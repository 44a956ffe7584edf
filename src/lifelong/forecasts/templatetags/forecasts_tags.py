from django import template

from lifelong.forecasts.selectors import demand_outlook

register = template.Library()


@register.inclusion_tag("forecasts/_outlook.html")
def outlook_badge(uri, province=None):
    """The demand outlook of a competence: a small label for the training compass and the POP."""
    return {"outlook": demand_outlook(str(uri), province=province or None) if uri else None}


@register.filter
def pct(value, digits=1):
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f} %"


@register.filter
def signed(value, digits=1):
    if value is None or value == "":
        return "—"
    return f"{float(value):+.{int(digits)}f} %"


@register.filter
def num(value, digits=0):
    if value is None or value == "":
        return "—"
    return f"{float(value):,.{int(digits)}f}".replace(",", " ")


@register.filter
def source_label(value):
    from django.utils.translation import gettext

    return {"statistical": gettext("statistiek"), "survey": gettext("enquête"), "panel": gettext("panel")}.get(
        value, value)
