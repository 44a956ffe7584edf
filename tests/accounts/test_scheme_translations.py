"""Scheme names and descriptions in the reader's language: English and French beside the Dutch source."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from lifelong.accounts import services
from lifelong.accounts.models import Scheme
from lifelong.accounts.selectors import rights_of, scheme_choices
from lifelong.translations import localized

from .conftest import DAY

pytestmark = pytest.mark.django_db


def _write(tmp_path, *schemes):
    path = tmp_path / "schemes.json"
    path.write_text(json.dumps({"schemes": list(schemes)}), encoding="utf-8")
    return path


def _scheme(code="test_topup", **texts):
    return {"code": code, "kind": "top_up", "unit": "cents", "name": "Extra budget van de test", "versions": [],
            **texts}


def test_scheme_name_follows_the_readers_language(schemes):
    vov = Scheme.objects.get(code="vov")
    assert localized(vov, "name") == "Vlaams opleidingsverlof"
    with translation.override("en"):
        assert vov.localized("name") == "Flemish training leave" == str(vov)
    with translation.override("fr"):
        assert vov.localized("name") == "Congé-formation flamand"
        assert vov.localized("description").startswith("Congé payé pour suivre une formation")
    assert localized(vov, "name", "en") == "Flemish training leave"


def test_a_scheme_without_translation_shows_its_dutch_text(schemes, tmp_path):
    services.load_schemes(path=_write(tmp_path, _scheme()))
    scheme = Scheme.objects.get(code="test_topup")
    assert scheme.translations == {}
    with translation.override("en"):
        assert scheme.localized("name") == "Extra budget van de test"
        assert scheme.localized("description") == ""


def test_a_reload_updates_the_translations_and_changes_nothing_the_second_time(schemes, tmp_path):
    services.load_schemes(path=_write(tmp_path, _scheme(name_en="Test budget")))
    services.load_schemes(path=_write(tmp_path, _scheme(name_en="Extra test budget", name_fr="Budget de test")))
    scheme = Scheme.objects.get(code="test_topup")
    assert scheme.translations == {"en": {"name": "Extra test budget"}, "fr": {"name": "Budget de test"}}
    services.load_schemes(path=_write(tmp_path, _scheme()))  # an older file without translations removes none
    scheme.refresh_from_db()
    assert scheme.translations["en"]["name"] == "Extra test budget"


def test_a_reload_leaves_the_translations_of_a_rewritten_dutch_name_alone(schemes, tmp_path):
    services.load_schemes(path=_write(tmp_path, _scheme(name_en="Test budget")))
    Scheme.objects.filter(code="test_topup").update(name="Ander budget")
    services.load_schemes(path=_write(tmp_path, _scheme(name_en="Something else")))
    assert Scheme.objects.get(code="test_topup").translations == {"en": {"name": "Test budget"}}


def test_rights_and_their_reasons_name_the_scheme_in_the_readers_language(person):
    with translation.override("en"):
        names = {r.code: r.name for r in rights_of(person, DAY)}
        choices = dict(scheme_choices(ledger=True, beneficiary="person"))
    assert names["opleidingscheques"] == "Training vouchers" == choices["opleidingscheques"]
    assert names["federaal_opleidingsrecht"] == "Federal individual training right"
    with translation.override("nl"):
        assert {r.code: r.name for r in rights_of(person, DAY)}["opleidingscheques"] == "Opleidingscheques"


def test_a_refusal_names_the_scheme_in_the_readers_language(person):
    from datetime import timedelta

    from django.utils import timezone

    with translation.override("fr"), pytest.raises(services.InsufficientBalance) as refused:
        services.reserve(person=person, scheme_code="opleidingscheques", amount=100, on=DAY,
                         expires_at=timezone.now() + timedelta(days=1),
                         idempotency_key="translation-test")
    assert "Chèques-formation" in refused.value.reason and "Opleidingscheques" not in refused.value.reason


def test_every_bundled_scheme_has_english_and_french_texts():
    data = json.loads(services.SCHEMES_FILE.read_text(encoding="utf-8"))
    for item in data["schemes"]:
        for key in ("name", "description"):
            for language in ("en", "fr"):
                text = item.get(f"{key}_{language}", "")
                assert text.strip(), f"{item['code']}: {key}_{language} is missing"
                assert text != item[key], f"{item['code']}: {key}_{language} is the Dutch text"
