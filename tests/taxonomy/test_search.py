"""Finding competences in plain Dutch, also where ESCO has no Dutch label."""

from __future__ import annotations

import json

import pytest

from lifelong.cli import main
from lifelong.taxonomy.selectors import search_concepts

pytestmark = pytest.mark.django_db

# query → ESCO skills (English preferred labels) of which at least one must be in the top 5
OBVIOUS = {
    "vrachtwagen besturen": {"manoeuvre heavy trucks", "drive vehicles", "operate dump truck",
                             "operate concrete mixer truck"},
    "boekhouding": {"accounting", "accounting techniques", "bookkeeping regulations", "use accounting systems",
                    "accounting entries"},
    "klantvriendelijk": {"customer service", "maintain customer service", "satisfy customers",
                         "provide high quality customer service", "ensure customer orientation"},
    "heftruck": {"operate forklift"},
}


def top_english_labels(query: str, language: str = "nl", n: int = 5) -> list[str]:
    from lifelong.taxonomy.models import Concept

    uris = [r.uri for r in search_concepts(query, language=language, limit=n)]
    by_uri = dict(Concept.objects.filter(uri__in=uris).values_list("uri", "label_en"))
    return [by_uri[u] for u in uris]


@pytest.mark.parametrize("query", sorted(OBVIOUS))
def test_dutch_query_finds_the_obvious_skill_in_the_top_five(esco, query):
    top = top_english_labels(query)
    assert OBVIOUS[query] & set(top), f"{query!r} → {top}"


def test_english_and_french_queries_work_too(esco):
    assert "operate forklift" in top_english_labels("forklift", "en", 3)
    assert "operate forklift" in top_english_labels("conduire un chariot élévateur", "fr", 3)


def test_accents_and_case_do_not_matter(esco):
    assert top_english_labels("HYGIËNE", n=10) == top_english_labels("hygiene", n=10)


def test_search_as_you_type_finds_a_word_from_its_first_letters(esco):
    assert "operate forklift" in top_english_labels("heftru", n=5)


def test_results_are_labelled_in_the_readers_language_with_honest_fallback(esco):
    results = search_concepts("heftruck", language="nl", limit=5)
    forklift = next(r for r in results if r.label == "heftrucks bedienen")  # Dutch label from the partial file
    assert (forklift.language, forklift.vocabulary) == ("nl", "esco")
    staff = search_concepts("manage musical staff", language="nl", limit=3)[0]
    assert (staff.label, staff.language) == ("manage musical staff", "en")  # ESCO has no Dutch label for it
    welders = search_concepts("lasser", language="nl", limit=3, concept_type="occupation")
    assert welders[0].label == "lasser" and welders[0].language == "nl"


def test_nonsense_and_empty_queries_find_nothing(esco):
    assert search_concepts("", language="nl") == []
    assert search_concepts("   ", language="nl") == []


def test_cli_search_prints_json_with_uri_label_and_score(esco, capsys):
    assert main(["skills", "search", "heftruck", "--lang", "nl", "--limit", "3", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert 1 <= len(rows) <= 3
    assert {"uri", "label", "score"} <= set(rows[0])
    assert rows[0]["uri"].startswith("http://data.europa.eu/esco/skill/")
    assert rows == sorted(rows, key=lambda r: -r["score"])


def test_cli_occupation_search(esco, capsys):
    assert main(["occupations", "search", "lasser", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["label"] == "lasser"
    assert "/occupation/" in rows[0]["uri"]


@pytest.mark.parametrize("query,language", [("boekhouding", "nl"), ("lassen", "nl"), ("accounting", "en")])
def test_a_label_that_says_exactly_what_was_typed_comes_first(esco, query, language):
    # "boekhouding" before "boekhoudregelgeving", "boekhouding controleren", … (all found by the word)
    first = search_concepts(query, language=language, limit=5)[0]
    assert first.label == query


# A light verb next to a rare word: the rare word says which skill is meant (the verb ends hundreds of labels).
@pytest.mark.parametrize("query", ["klantgericht werken", "klantgericht zijn"])
def test_a_light_verb_does_not_outweigh_the_word_that_names_the_skill(esco, query):
    top = [r.label for r in search_concepts(query, language="nl", limit=3)]
    assert top[0] == "zorgen voor klantgerichtheid", f"{query!r} → {top}"
    assert not {"gedetailleerd werken", "zelfstandig werken", "efficiënt werken", "waakzaam zijn",
                "stressbestendig zijn"} & set(top), f"{query!r} → {top}"
