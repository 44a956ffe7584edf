"""Indicator names and definitions in the reader's language: English and French beside the Dutch source."""

from __future__ import annotations

import yaml
from django.utils import translation

from lifelong.dashboard.models import Indicator
from lifelong.dashboard.services import DEFINITIONS, TRANSLATED, load_definitions, update_indicator


def test_indicator_texts_follow_the_readers_language(action):
    lfs = Indicator.objects.get(code="lfs_12m")
    with translation.override("en"):
        assert lfs.localized("name") == "Participation in training, last 12 months (LFS)" == str(lfs)
        assert lfs.localized("denominator") == "all persons aged 25-64"
        assert lfs.localized("breaks_note") == "2017, 2021, 2024 (Belgian LFS)"
    with translation.override("fr"):
        assert lfs.localized("name") == "Participation à la formation, 12 derniers mois (EFT)"
    assert lfs.localized("name") == "Deelname aan opleiding, laatste 12 maanden (EAK)"


def test_a_text_without_translation_shows_the_dutch(action):
    lfs = Indicator.objects.get(code="lfs_12m")
    lfs.description = "Een omschrijving van het secretariaat"
    with translation.override("fr"):
        assert lfs.localized("description") == "Een omschrijving van het secretariaat"
        assert Indicator(name="Nieuwe indicator").localized("name") == "Nieuwe indicator"


def test_a_new_dutch_name_drops_its_translations_and_a_reload_keeps_the_edit(users, action):
    lfs = Indicator.objects.get(code="lfs_12m")
    update_indicator(actor=users["secretariat"], indicator=lfs, why="kortere naam", name="Deelname (EAK, 12 maanden)")
    load_definitions()
    lfs.refresh_from_db()
    with translation.override("en"):
        assert lfs.localized("name") == "Deelname (EAK, 12 maanden)"  # not the English of the old name
        assert lfs.localized("numerator").startswith("persons aged 25-64")  # other texts keep theirs


def test_a_reload_brings_back_missing_translations(action):
    Indicator.objects.filter(code="platform_bookings").update(translations={})
    load_definitions()
    with translation.override("fr"):
        assert Indicator.objects.get(code="platform_bookings").localized("name") == "Inscriptions à une formation"


def test_every_bundled_indicator_has_english_and_french_texts():
    for item in yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))["indicators"]:
        for key in TRANSLATED.values():
            if not item.get(key):
                continue
            for language in ("en", "fr"):
                assert str(item.get(f"{key}_{language}", "")).strip(), f"{item['code']}: {key}_{language} is missing"
