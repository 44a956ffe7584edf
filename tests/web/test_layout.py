"""The base layout: health, languages, accessibility landmarks."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise RuntimeError("database is gone")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "database is gone" in response.json()["database"]


def test_dutch_is_the_default_language(client):
    html = client.get("/").content.decode()
    assert '<html lang="nl">' in html
    assert "Levenslang leren in Vlaanderen" in html


@pytest.mark.parametrize("lang,text", [("en", "Lifelong learning in Flanders"),
                                       ("fr", "Apprendre tout au long de la vie en Flandre")])
def test_language_switch_changes_the_pages(client, lang, text):
    response = client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert f'<html lang="{lang}">' in html and text in html


def test_layout_has_skip_link_landmarks_and_labelled_language_buttons(client):
    html = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html and "<nav" in html
    assert 'aria-current="true"' in html  # the current language is announced
    assert "This service uses the ESCO classification of the European Commission." in html
    assert "htmx.min.js" in html


def test_htmx_is_served_from_our_own_static_files(client):
    response = client.get("/static/web/htmx.min.js")
    assert response.status_code == 200
