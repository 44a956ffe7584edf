"""``{{ label|name_mark }}``: the one marker for a name shown in another language than the reader's
(today: an ESCO name that has no Dutch label yet, shown in English). Every page uses it, so that the
marker reads the same everywhere: " (Engelse naam)".

It takes a ``taxonomy.models.LocalLabel`` (marked when it fell back), or anything with a ``language``
or ``label_language`` (a search hit; marked when that is not the reader's language)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

def foreign_language(obj) -> str:
    """The language of the name when it is not the reader's, else ""."""
    reader = (get_language() or "nl")[:2]
    fallback = getattr(obj, "fallback", None)
    language = getattr(obj, "language", None) or getattr(obj, "label_language", None) or ""
    if fallback is not None and not fallback:
        return ""
    if fallback and not language:
        language = "en"
    return language if language and language[:2] != reader else ""


def _words(language: str) -> str:
    return {"en": _("Engelse naam"), "fr": _("Franse naam"), "nl": _("Nederlandse naam"),
            "de": _("Duitse naam")}.get(language[:2], language.upper())


@register.filter
def name_mark(obj) -> str:
    """" (Engelse naam)" in a marked span, or "" for a name in the reader's language."""
    language = foreign_language(obj)
    if not language:
        return ""
    # the marker's words are in the reader's language; the name itself carries lang= where it is shown
    return format_html(' <span class="lang-mark">({})</span>', _words(language))


@register.filter
def name_mark_text(obj) -> str:
    """The same marker as plain text, where no markup may go (an <option>)."""
    language = foreign_language(obj)
    return f" ({_words(language)})" if language else ""
