"""The competence language through the JSON API and on the web pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_skills_search(esco, client):
    response = client.get("/api/v1/skills", {"q": "heftruck", "lang": "nl", "limit": 5})
    assert response.status_code == 200
    rows = response.json()
    assert any(r["label"] == "heftrucks bedienen" and r["language"] == "nl" for r in rows)
    assert all({"uri", "label", "score"} <= set(r) for r in rows)


def test_api_occupations_search(esco, client):
    rows = client.get("/api/v1/occupations", {"q": "lasser"}).json()
    assert rows[0]["label"] == "lasser"


def test_api_refuses_a_search_without_words(esco, client):
    assert client.get("/api/v1/skills", {"q": ""}).status_code == 400
    assert client.get("/api/v1/skills", {"q": "x", "lang": "de"}).status_code == 422
    assert client.get("/api/v1/skills", {"q": "x", "limit": 1000}).status_code == 422


def test_api_concept_detail_and_unknown_uri(esco, client):
    from lifelong.taxonomy.models import Concept

    welder = Concept.objects.get(concept_type="occupation", label_en="welder")
    data = client.get("/api/v1/concepts", {"uri": welder.uri, "lang": "nl"}).json()
    assert data["label"] == "lasser"
    assert data["essential"], "a welder needs essential skills"
    assert client.get("/api/v1/concepts", {"uri": "http://nope"}).status_code == 404


def test_openapi_schema_and_docs(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/skills" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


@pytest.mark.parametrize("lang,heading", [("nl", "Competenties zoeken"), ("en", "Search competences"),
                                          ("fr", "Rechercher des compétences")])
def test_search_page_in_three_languages_with_attribution(esco, client, lang, heading):
    client.cookies["django_language"] = lang
    from django.utils.html import escape

    from lifelong.taxonomy.models import Concept
    from lifelong.taxonomy.selectors import label_of

    html = client.get("/esco/", {"q": "heftruck"}).content.decode()
    assert heading in html
    assert escape(label_of(Concept.objects.get(label_en="operate forklift"), lang)) in html
    assert "This service uses the ESCO classification of the European Commission." in html
    assert f'lang="{lang}"' in html


def test_search_as_you_type_returns_only_the_results(esco, client):
    html = client.get("/esco/", {"q": "heftruck"}, HTTP_HX_REQUEST="true").content.decode()
    assert "heftrucks bedienen" in html
    assert "<html" not in html


def test_skill_page_shows_labels_and_occupations(esco, client):
    from lifelong.taxonomy.models import Concept

    forklift = Concept.objects.get(label_en="operate forklift")
    client.cookies["django_language"] = "nl"
    html = client.get("/esco/concept", {"uri": forklift.uri}).content.decode()
    assert "<h1>heftrucks bedienen</h1>" in html and "Er is nog geen Nederlandse naam in ESCO" not in html
    staff = Concept.objects.get(label_en="manage musical staff")
    staff_html = client.get("/esco/concept", {"uri": staff.uri}).content.decode()
    assert "Er is nog geen Nederlandse naam in ESCO" in staff_html and "(Engelse naam)" in staff_html
    assert "heftruckchauffeur" in html  # an occupation that needs it, in Dutch
    assert "conduire un chariot élévateur" in html or "utiliser un chariot élévateur" in html
    assert client.get("/esco/concept", {"uri": "http://nope"}).status_code == 404
