"""Dutch first in the compass (issue 18.5): the competences suggested for an offer prefer a skill with a Dutch
(ESCO or Competent) name over an English-only skill that means the same, as checks and CV suggestions do."""

from __future__ import annotations

import pytest

from lifelong.catalogue.models import Offer, TaggingRun
from lifelong.catalogue.tagging import KEEP, extractor, offer_text, run_tagging, suggest_for_offer
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import labels_by_uri, named_equivalents, prefer_named_uris

pytestmark = pytest.mark.django_db

TITLE = "Magazijnmedewerker"
DESCRIPTION = "Je werkt in een logistiek team en volgt het bedrijfsbeleid."


def uri(label_en: str) -> str:
    return Concept.objects.get(concept_type=ConceptType.SKILL, label_en=label_en).uri


def ids(uris) -> list[int]:
    return list(Concept.objects.filter(uri__in=uris).values_list("id", flat=True))


def test_an_offer_is_suggested_the_dutch_named_equivalent_not_the_english_only_skill():
    engine = [m.uri for m in extractor().extract([offer_text(TITLE, DESCRIPTION)], ["nl"])[0].skills][:KEEP]
    team, teams = uri("work in a logistics team"), uri("work in teams")
    assert team in engine and teams not in engine  # what the engine reads, before the Dutch-first rule
    assert labels_by_uri([team], "nl")[team].fallback and not labels_by_uri([teams], "nl")[teams].fallback

    suggested = suggest_for_offer(TITLE, DESCRIPTION, "nl")
    assert teams in suggested and team not in suggested
    assert suggested.index(teams) == engine.index(team)  # at the place the engine gave the English-only skill
    assert not named_equivalents(ids(suggested), "nl")  # nothing left by an English name with a Dutch equivalent
    assert len(suggested) == len(set(suggested)) <= KEEP
    # an English text keeps the engine's own skills
    assert prefer_named_uris([[team, teams]], ["en"]) == [[team, teams]]


def test_the_background_run_stores_the_same_dutch_first_suggestions(make_offer, provider):
    offer = make_offer(title=TITLE, description=DESCRIPTION, language="nl")
    run_tagging(TaggingRun.objects.create(provider=provider, only_missing=False))
    offer = Offer.objects.get(pk=offer.pk)
    assert offer.suggested == suggest_for_offer(TITLE, DESCRIPTION, "nl")
    assert uri("work in teams") in offer.suggested and uri("work in a logistics team") not in offer.suggested
