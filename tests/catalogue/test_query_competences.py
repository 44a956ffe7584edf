"""Issue 16.2: a compass query also finds the offers tagged with the competences it names (the ESCO search
of ``/esco/``), in the index in memory and in SQL alike; the demo's offers have Dutch titles; typed
competences on the recommendations page show what they matched and let the reader choose."""

from __future__ import annotations

import re

import pytest

from lifelong.catalogue import selectors
from lifelong.catalogue.models import Offer
from lifelong.catalogue.selectors import Filters, search_offers
from lifelong.taxonomy.models import Concept

FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"  # operate forklift


@pytest.mark.django_db
@pytest.mark.parametrize("in_memory", [False, True])
@pytest.mark.parametrize("query", ["heftruck", "heftruck besturen", "boekhouding", "verpleegkunde", "lassen",
                                   "Nederlands"])
def test_the_words_of_the_issue_find_demo_offers_tagged_with_what_they_name(query, in_memory):
    """Each of these gave 0 offers: now the demo's offers tagged with the competences the query names."""
    selectors.forget_facet_counts()
    result = search_offers(Filters(q=query), in_memory=in_memory, limit=50)
    assert result.total > 0
    named = set(selectors.query_skills(query))
    tagged = set(Offer.competences.through.objects.filter(offer__in=result.offers)
                 .values_list("concept__uri", flat=True))
    assert named & tagged  # found through a competence the query names, not by chance


@pytest.mark.django_db
@pytest.mark.parametrize("in_memory", [False, True])
def test_an_offer_tagged_with_the_competence_is_found_without_the_word(make_offer, in_memory):
    forklift = Concept.objects.get(uri=FORKLIFT)
    tagged = make_offer(title="Werken in het magazijn", description="Orderpicken en laden.", competences=[forklift])
    plain = make_offer(title="Werken in het magazijn", description="Orderpicken en laden.")
    assert FORKLIFT in selectors.query_skills("heftruck")
    selectors.forget_facet_counts()
    found = search_offers(Filters(q="heftruck"), in_memory=in_memory, limit=200)
    ids = [o.id for o in found.offers]
    assert tagged.id in ids and plain.id not in ids
    # a title word still counts: an offer with the word and the tag ranks above one with the tag only
    both = make_offer(title="Heftruck rijden", competences=[forklift])
    selectors.forget_facet_counts()
    ids = [o.id for o in search_offers(Filters(q="heftruck"), in_memory=in_memory, limit=200).offers]
    assert ids.index(both.id) < ids.index(tagged.id)


@pytest.mark.django_db
def test_both_paths_agree_on_queries_that_name_competences(make_offer):
    forklift = Concept.objects.get(uri=FORKLIFT)
    make_offer(title="Werken in het magazijn", competences=[forklift])
    for query in ("heftruck", "boekhouding", "lassen", "Nederlands", "verpleeg", "magazijn heftruck"):
        for sort in ("relevance", "price", "title"):
            outcome = []
            for in_memory in (False, True):
                selectors.forget_facet_counts()
                r = search_offers(Filters(q=query, sort=sort), in_memory=in_memory, limit=9, offset=1)
                outcome.append(([o.id for o in r.offers], r.total, r.facets,
                                [getattr(o, "score", None) for o in r.offers]))
            assert outcome[0] == outcome[1], (query, sort)


ENGLISH_WORDS = re.compile(r"\b(the|and|of|apply|manage|perform|use|operate|maintain|ensure|develop)\b", re.I)


@pytest.mark.django_db
def test_demo_offers_have_dutch_titles_and_texts():
    """No English ESCO name inside a demo offer's Dutch title or description ("Process incoming construction
    supplies voor beginners")."""
    from lifelong.taxonomy.selectors import labels_of

    demo = list(Offer.objects.filter(provider__is_synthetic=True).prefetch_related("competences"))
    assert len(demo) >= 50
    for offer in demo:
        assert not ENGLISH_WORDS.search(offer.title), offer.title
        local = labels_of([c.id for c in offer.competences.all()], "nl")
        for label in local.values():
            if label.fallback:
                assert str(label) not in offer.title and str(label) not in offer.description, offer.title


def _login(client, user):
    client.force_login(user)


@pytest.mark.django_db
def test_typed_competences_show_the_match_and_let_me_pick_another(client, learner):
    _login(client, learner)
    page = client.post("/kompas/aanbevelingen/", {"skills": "financiële administratie bijhouden"}).content.decode()
    choices = selectors.skill_choices("financiële administratie bijhouden")
    assert len(choices) > 1
    first, other = choices[0], next(c for c in choices if "financ" in c.label.lower() and c.uri != choices[0].uri)
    assert 'name="pick"' in page and other.uri in page  # the other matches are offered
    response = client.post("/kompas/aanbevelingen/", {"line": "financiële administratie bijhouden",
                                                      "pick": other.uri})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    chosen = re.search(r'<option value="([^"]+)" selected>', page)
    assert chosen and chosen.group(1) == other.uri and chosen.group(1) != first.uri
