"""``{{ obj|localized:"name" }}``: a data text in the reader's language, Dutch when not translated."""

from django import template

from lifelong import translations

register = template.Library()


@register.filter
def localized(obj, field: str):
    if obj is None or obj == "":
        return obj
    return translations.localized(obj, field)
