"""The interface speaks Dutch first, and English and French when the header's language switch says so."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from lifelong.users.models import User

pytestmark = pytest.mark.django_db

# (role or None for a visitor, page, Dutch text, English text, French text): one or more pages per area.
PAGES = [
    (None, "/", "Opleidingskompas", "Training compass", "Boussole des formations"),
    (None, "/account/login/", "Aanmelden", "Log in", "Se connecter"),
    (None, "/esco/", "Welke competentie zoek je?", "Which competence are you looking for?",
     "Quelle compétence cherchez-vous ?"),
    (None, "/kompas/", "Wat wil je leren?", "What do you want to learn?", "Que voulez-vous apprendre ?"),
    (None, "/dashboard/publiek/", "Levenslang leren in Vlaanderen: de kerncijfers",
     "Lifelong learning in Flanders: the key figures", "Apprendre tout au long de la vie en Flandre : les chiffres clés"),
    (None, "/loopbaan/verifieren/", "Digitaal bewijs controleren", "Check a digital credential",
     "Vérifier une attestation numérique"),
    ("learner", "/rekening/", "Mijn rechten om te leren", "My rights to learn", "Mes droits à la formation"),
    ("learner", "/rekening/overzicht/", "toegekend", "granted", "accordé"),
    ("learner", "/loopbaan/", "Mijn competenties", "My skills", "Mes compétences"),
    ("learner", "/loopbaan/check/", "Start de check", "Start the check", "Commencer le test"),
    ("learner", "/loopbaan/pop/", "Mijn ontwikkelplan (POP)", "My development plan (PDP)",
     "Mon plan de développement (PDP)"),
    ("learner", "/loopbaan/privacy/", "Privacy: wie ziet mijn gegevens?", "Privacy: who sees my data?",
     "Vie privée : qui voit mes données ?"),
    ("learner", "/kompas/aanbevelingen/", "Aanbevolen opleidingen voor jou", "Recommended trainings for you",
     "Formations recommandées pour vous"),
    ("counsellor", "/loopbaan/begeleiding/", "Mensen die je toestemming gaven", "People who gave you consent",
     "Personnes qui vous ont donné leur autorisation"),
    ("provider", "/kompas/aanbieder/", "Mijn opleidingsaanbod", "My training offers", "Mon offre de formation"),
    ("provider", "/rekening/aanbieder/", "Inschrijvingen met rechten", "Enrolments with rights",
     "Inscriptions avec des droits"),
    ("secretariat", "/actieplan/", "Vlaggenschip", "Flagship", "Projet phare"),
    ("secretariat", "/actieplan/drempels/", "Drempels en de acties die erop werken",
     "Barriers and the actions that work on them", "Obstacles et actions qui agissent sur eux"),
    ("secretariat", "/dashboard/", "Kernindicatoren", "Key indicators", "Indicateurs clés"),
    ("secretariat", "/dashboard/macro/", "Doelen en hun definitie", "Goals and their definition",
     "Objectifs et leur définition"),
    ("secretariat", "/dashboard/platform/", "Gebruik van het platform per doelgroep",
     "Use of the platform per target group", "Utilisation de la plateforme par groupe cible"),
    ("secretariat", "/dashboard/leerpad/", "deden een competentiecheck", "did a competence check",
     "ont fait un test de compétences"),
    ("learner", "/loopbaan/cv/", "Tekst van je cv", "Text of your CV", "Texte de votre CV"),
]
LANGUAGE = {"nl": 2, "en": 3, "fr": 4}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: element text plus labels in aria-label, title and placeholder."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for key, value in attrs if key in ("aria-label", "title", "placeholder") and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def render(client, role, url, language):
    client.logout()
    if role:
        client.force_login(User.objects.filter(role=role).order_by("id").first())
    switch = client.post("/i18n/setlang/", {"language": language, "next": url})  # the header's language buttons
    assert switch.status_code == 302
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    return visible_text(html)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("page", PAGES, ids=[f"{p[0] or 'visitor'}:{p[1]}:{p[2][:20]}" for p in PAGES])
def test_page_speaks_the_chosen_language_and_no_dutch(client, page, language):
    role, url = page[0], page[1]
    dutch, translated = page[LANGUAGE["nl"]], page[LANGUAGE[language]]
    assert dutch in render(client, role, url, "nl")  # the Dutch text is really on the page
    text = render(client, role, url, language)
    assert translated in text
    assert not re.search(rf"(?<!\w){re.escape(dutch)}(?!\w)", text)


@pytest.mark.parametrize("language,header", [("en", "Log in"), ("fr", "Se connecter")])
def test_browser_language_is_used_before_any_choice(client, language, header):
    html = client.get("/account/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html and header in html


@pytest.mark.parametrize("language,hours", [("en", r"\d+ h\b"), ("fr", r"\d+ h\b")])
def test_rights_reasons_translate_their_durations(client, language, hours):
    """A reason's duration ("125 uur") is translated with the reason, not left in Dutch."""
    dutch = render(client, "learner", "/rekening/", "nl")
    assert re.search(r"\d+ uur\b", dutch)
    text = render(client, "learner", "/rekening/", language)
    assert re.search(hours, text) and not re.search(r"\d+ uur\b", text)


@pytest.mark.parametrize("language,word", [("en", "Antwerp"), ("fr", "Anvers")])
def test_province_names_follow_the_language(client, language, word):
    assert word in render(client, None, "/kompas/", language)


@pytest.mark.parametrize("language,reason", [
    ("en", "price '12,3,4' has the wrong form"), ("fr", "le prix '12,3,4' n'a pas la bonne forme")])
def test_import_refusals_are_given_in_the_chosen_language(client, language, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lifelong.catalogue.models import Provider

    staff = User.objects.filter(role="provider", providers__isnull=False).order_by("id").first()
    provider = Provider.objects.filter(staff=staff).order_by("id").first()
    client.force_login(staff)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    upload = SimpleUploadedFile("offers.csv", b"external_id,title,price_eur\nx-1,Lassen,\"12,3,4\"\n", "text/csv")
    text = visible_text(client.post(f"/kompas/aanbieder/{provider.pk}/importeren/", {"file": upload})
                        .content.decode())
    assert reason in text and "heeft een verkeerde vorm" not in text


@pytest.mark.parametrize("language,reason", [("en", "unknown area code 'XX9'"), ("fr", "code de zone inconnu 'XX9'")])
def test_a_refused_indicator_value_is_explained_in_the_chosen_language(client, language, reason):
    from lifelong.dashboard.models import Indicator

    indicator = Indicator.objects.filter(computed=False).order_by("id").first()
    client.force_login(User.objects.filter(role="secretariat").order_by("id").first())
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.post(f"/dashboard/indicator/{indicator.code}/", {
        "form": "value", "val-geo": "XX9", "val-sex": "T", "val-age": "Y25-64", "val-breakdown": "total",
        "val-period": "2024", "val-value": "12.5", "val-source": "test", "val-why": "test"})
    text = visible_text(response.content.decode())
    assert reason in text and "onbekende gebiedscode" not in text


@pytest.mark.parametrize("language,area", [("en", "Flemish Region · LFS 12 months"),
                                           ("fr", "Région flamande · EFT 12 mois")])
def test_chart_series_are_named_in_the_chosen_language(client, language, area):
    text = render(client, "secretariat", "/dashboard/macro/", language)
    assert area in text and "Vlaams Gewest · EAK" not in text


def test_access_log_is_kept_in_dutch_and_read_in_the_persons_language(client):
    """A counsellor looks in English; the person reads the log line in French."""
    from django.utils import translation

    from lifelong.guidance.models import Scope
    from lifelong.guidance.services import grant_consent
    from lifelong.people import selectors
    from tests.people.conftest import make_person, make_user

    learner, counsellor = make_user("learner"), make_user("counsellor")
    person = make_person(learner)
    grant_consent(person=person, grantee=counsellor, scopes=[Scope.PROFILE], days=30)
    with translation.override("en"):
        selectors.overview(counsellor, person)
    log = person.access_logs.get()
    assert log.action == "competentieoverzicht bekeken" and "(Loopbaanbegeleider)" in log.actor_label
    client.force_login(learner)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    text = visible_text(client.get("/loopbaan/privacy/").content.decode())
    assert "aperçu des compétences consulté" in text and "skills overview viewed" not in text
