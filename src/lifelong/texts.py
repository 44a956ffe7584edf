"""Translatable texts for the pure engines (no Django import).

An engine writes Dutch; the web layer translates. ``gettext_noop`` marks a literal for
``makemessages`` without translating it, and ``Msg`` is a Dutch text (it *is* the string, so a
command line or a test reads it as is) that keeps its template and parameters, so that
``msg.text(gettext)`` gives it in the reader's language.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    return message


class Msg(str):
    def __new__(cls, template: str, **params):
        obj = super().__new__(cls, template % params if params else template)
        obj.template, obj.params = template, params
        return obj

    def text(self, translate=None) -> str:
        template = translate(self.template) if translate else self.template
        return template % self.params if self.params else template


def translated(texts, translate) -> list[str]:
    """Each text in the reader's language: a ``Msg`` is translated, any other string stays as it is."""
    return [t.text(translate) if isinstance(t, Msg) else t for t in texts]
