"""Error pages: 403, 404 and 500 in the site's layout and the reader's language, saying what to do next;
JSON under /api/; under DEBUG an unknown page shows our 404, not Django's list of URL patterns."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import get_resolver

from lifelong.users.models import User

pytestmark = pytest.mark.django_db


def _in_layout(html: str) -> bool:
    return 'class="skip-link" href="#main"' in html and "<nav" in html and '<main id="main"' in html


def test_unknown_page_is_our_404_in_the_layout(client):
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert _in_layout(html) and "Deze pagina bestaat niet" in html and "Ga naar de startpagina" in html


def test_under_debug_an_unknown_page_does_not_list_the_url_patterns(client, settings):
    settings.DEBUG = True
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in html and _in_layout(html)
    assert "URLconf" not in html and "api/" not in html.split("<main", 1)[1]


def test_a_view_raising_404_under_debug_also_gets_our_page(client, settings):
    settings.DEBUG = True
    response = client.get("/esco/concept?uri=http://data.europa.eu/esco/skill/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_refusal_is_a_403_in_the_layout_with_the_reason(client):
    learner = User.objects.filter(role="learner").order_by("id").first()
    client.force_login(learner)
    response = client.get("/kompas/aanbieder/")
    html = response.content.decode()
    assert response.status_code == 403
    assert _in_layout(html) and "Je hebt geen toegang tot deze pagina" in html
    assert "Deze pagina is alleen voor: Opleidingsverstrekker" in html  # why
    assert learner.email in html  # who is signed in, so the reader knows to switch accounts


def test_403_to_a_visitor_offers_to_sign_in(client):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    request = RequestFactory().get("/ergens/")

    request.user = AnonymousUser()
    view = get_resolver().resolve_error_handler(403)
    html = view(request, PermissionDenied("Omdat het zo is.")).content.decode()
    assert "Omdat het zo is." in html and "/account/" in html and "Meld je aan" in html


def test_error_pages_follow_the_readers_language(client):
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = client.get("/bestaat-niet/").content.decode()
    assert '<html lang="fr">' in html


def test_500_is_our_page_without_needing_the_database_or_the_user():
    request = RequestFactory().get("/kapot/")
    response = get_resolver().resolve_error_handler(500)(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis aan onze kant" in html and "Probeer het over een paar minuten opnieuw" in html
    assert 'class="skip-link"' in html


def test_api_errors_stay_json(client):
    response = client.get("/api/bestaat-niet")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    request = RequestFactory().get("/api/kapot")
    response = get_resolver().resolve_error_handler(500)(request)
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")


def test_csrf_failure_is_our_403_page():
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/account/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert _in_layout(html) and "beveiligingstoken" in html
