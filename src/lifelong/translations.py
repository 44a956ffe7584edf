"""Data texts in the reader's language: the Dutch text is the source, English and French sit beside it.

A model that inherits ``Translated`` keeps its Dutch fields as they are and gets one JSON field,
``translations``: ``{"en": {"name": "…"}, "fr": {"name": "…"}}``. ``localized(obj, "name")`` gives the
text in the active language (``get_language()``) and falls back to the Dutch field when there is no
translation. Templates use the ``localized`` filter (``{% load data_texts %}{{ obj|localized:"name" }}``).

The data files carry the translations next to the Dutch text (``name_en``/``name_fr`` beside ``name``,
or ``en``/``fr`` beside ``nl``); ``translations_from`` reads them, ``refresh_translations`` puts them
on a row that already exists. A translation belongs to the Dutch text it translates: when the Dutch
changes (the secretariat rewrites it), ``drop_translations`` forgets the old translations, so the page
shows the new Dutch rather than an outdated English or French text.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "nl"
LANGUAGES = ("en", "fr")  # the languages a data text can be translated into


def active_language() -> str:
    return (get_language() or SOURCE_LANGUAGE)[:2].lower()


def in_language(language: str | None, message: str, **params) -> str:
    """A Dutch msgid (marked with ``gettext_noop``) in ``language``, Dutch when none is known: for a text one
    person causes and another reads (a notice, a mail), written in the reader's language, not the actor's."""
    from django.utils import translation

    with translation.override(language or SOURCE_LANGUAGE):
        return translation.gettext(message) % params


def localized(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>`` in ``language`` (default: the active one); the Dutch text when there is no translation."""
    language = language or active_language()
    if language != SOURCE_LANGUAGE:
        text = ((getattr(obj, "translations", None) or {}).get(language) or {}).get(field)
        if text:
            return text
    return getattr(obj, field)


def translations_from(item: dict, **keys: str) -> dict:
    """The translations in one record of a data file, as stored in ``translations``.

    ``keys`` maps a model field to its key in the record, with ``{lang}`` for the language:
    ``translations_from(item, name="name_{lang}")`` reads ``name_en`` and ``name_fr``;
    ``translations_from(item, name="{lang}")`` reads ``en`` and ``fr`` (beside ``nl``).
    A record without translations gives ``{}``.
    """
    if not isinstance(item, dict):
        return {}
    out = {}
    for language in LANGUAGES:
        texts = {}
        for field, pattern in keys.items():
            text = item.get(pattern.format(lang=language))
            if isinstance(text, str) and text.strip():
                texts[field] = text.strip()
        if texts:
            out[language] = texts
    return out


def refresh_translations(obj, translations: dict, dutch: dict) -> bool:
    """Give ``obj`` the data file's translations of each field whose Dutch is still the file's.

    ``dutch`` maps each translatable field to its Dutch text in the data file. A field the
    secretariat rewrote (its Dutch differs from the file) keeps what it has, and a file without a
    translation removes none (an older file does not undo a newer one). Saves only the
    ``translations`` field, and only when something changed; returns whether it did.
    """
    current = obj.translations or {}
    new = {language: dict(texts) for language, texts in current.items()}
    for field, text in dutch.items():
        if getattr(obj, field) != text:
            continue
        for language in LANGUAGES:
            translated = (translations.get(language) or {}).get(field)
            if translated:
                new.setdefault(language, {})[field] = translated
    if new == current:
        return False
    obj.translations = new
    obj.save(update_fields=["translations"])
    return True


def drop_translations(obj, fields) -> None:
    """Forget the translations of these fields (their Dutch changed); the caller saves ``obj``."""
    fields = set(fields)
    kept = {language: {f: t for f, t in texts.items() if f not in fields}
            for language, texts in (obj.translations or {}).items()}
    obj.translations = {language: texts for language, texts in kept.items() if texts}


class Translated(models.Model):
    """English and French versions of a model's Dutch data texts (see the module's docstring)."""

    translations = models.JSONField(
        _("vertalingen"), default=dict, blank=True,
        help_text=_('Engelse en Franse tekst naast de Nederlandse, bv. {"en": {"name": "…"}, "fr": {"name": "…"}}. '
                    "Zonder vertaling tonen we het Nederlands."))

    class Meta:
        abstract = True

    def localized(self, field: str) -> str:
        return localized(self, field)
