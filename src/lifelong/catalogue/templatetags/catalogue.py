from django import template

register = template.Library()


@register.filter
def euro(cents) -> str:
    if cents is None:
        return ""
    cents = int(cents)
    return f"€ {cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None
