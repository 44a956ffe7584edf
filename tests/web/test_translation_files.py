"""The English and French catalogues are complete, keep every placeholder, and the committed .mo matches the .po."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "lifelong" / "locale"
LANGUAGES = ["en", "fr"]
# %(name)s, %(n)d, %(mb).1f, %%, %s and {name}: the parts that code fills in and a translation must keep
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdifr]|%%|%[sdifr]|\{\w*\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def entries(language: str) -> list[polib.POEntry]:
    return [e for e in catalogue(language) if not e.obsolete]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_checked(language):
    po = catalogue(language)
    assert not po.metadata_is_fuzzy and po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"].startswith("nplurals=2;")
    untranslated = [e.msgid for e in entries(language) if not e.translated()]
    fuzzy = [e.msgid for e in entries(language) if "fuzzy" in e.flags]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language} (check them, then remove the flag), e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = []
    for e in entries(language):
        if e.msgid_plural:
            forms = e.msgstr_plural
            if sorted(forms) != [0, 1] or not all(forms.values()):
                wrong.append((e.msgid, "needs both plural forms"))
            # the singular may say "one" instead of the count; every other placeholder must stay
            needed = set(placeholders(e.msgid_plural))
            for form in forms.values():
                have = set(placeholders(form))
                if not (needed - {"%(n)s", "%(n)d", "%(count)s", "%(count)d"}) <= have or not have <= needed:
                    wrong.append((e.msgid, form))
        elif placeholders(e.msgstr) != placeholders(e.msgid):
            wrong.append((e.msgid, e.msgstr))
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_the_po_file(language):
    """`make messages` compiles; a .po edited without compiling would not show on the pages."""
    compiled = {(e.msgctxt, e.msgid): (e.msgstr_plural and dict(e.msgstr_plural)) or e.msgstr
                for e in polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo")) if e.msgid}
    wanted = {(e.msgctxt, e.msgid): (e.msgstr_plural and dict(e.msgstr_plural)) or e.msgstr
              for e in entries(language) if e.translated()}
    stale = [key[1] for key in wanted.keys() | compiled.keys() if wanted.get(key) != compiled.get(key)]
    assert not stale, f"run `make messages`: {len(stale)} entries differ, e.g. {stale[:5]}"


def test_english_and_french_have_the_same_entries():
    assert {(e.msgctxt, e.msgid) for e in entries("en")} == {(e.msgctxt, e.msgid) for e in entries("fr")}
