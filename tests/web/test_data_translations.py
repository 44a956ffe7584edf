"""Data texts (scheme names, the action plan, indicators, the kinds of message) follow the header's language switch."""

from __future__ import annotations

import pytest

from tests.web.test_translations import render

pytestmark = pytest.mark.django_db

# (role, page, Dutch data text, English, French)
PAGES = [
    ("learner", "/rekening/", "Vlaams opleidingsverlof", "Flemish training leave", "Congé-formation flamand"),
    ("learner", "/rekening/simuleren/", "Opleidingscheques", "Training vouchers", "Chèques-formation"),
    (None, "/kompas/", "Loopbaancheques", "Career vouchers", "Chèques-carrière"),
    ("secretariat", "/actieplan/", "Naar een kennisagenda LLL", "Towards a knowledge agenda for LLL",
     "Vers un agenda de connaissances LLL"),
    ("secretariat", "/actieplan/drempels/", "Kosten van de opleiding", "Cost of the training", "Coût de la formation"),
    ("secretariat", "/dashboard/", "Deelname aan opleiding, laatste 12 maanden (EAK)",
     "Participation in training, last 12 months (LFS)", "Participation à la formation, 12 derniers mois (EFT)"),
    ("secretariat", "/dashboard/indicator/lfs_12m/", "alle personen 25-64 jaar", "all persons aged 25-64",
     "toutes les personnes de 25 à 64 ans"),
    ("secretariat", "/dashboard/leerpad/", "oudere werkenden (55+)", "older workers (55+)", "travailleurs âgés (55+)"),
    ("learner", "/mobilisatie/mijn-berichten/", "je leerrechten vervallen binnenkort", "your learning rights expire soon",
     "vos droits à la formation expirent bientôt"),
]


@pytest.mark.parametrize("page", PAGES, ids=[f"{p[0] or 'visitor'}:{p[1]}" for p in PAGES])
def test_data_texts_follow_the_chosen_language(client, page):
    role, url, dutch, english, french = page
    text = render(client, role, url, "nl")
    assert dutch in text and english not in text
    for language, translated in (("en", english), ("fr", french)):
        text = render(client, role, url, language)
        assert translated in text and dutch not in text, (language, url)


def test_every_kind_of_message_has_english_and_french_names():
    from lifelong.mobilisation import rules

    for kind, rule in rules.KINDS.items():
        assert rule.get("name_en") and rule.get("name_fr"), kind
        assert rules.kind_name(kind, "fr") == rule["name_fr"] and rules.kind_name(kind, "nl") == rule["name"]
