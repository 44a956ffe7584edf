"""Lexical weighting of the competence search, on a small hand-made index (pure, no database)."""

from __future__ import annotations

from lifelong.taxonomy.search import ConceptIndex, Entry, LabelText, generic_words


def index_of(*labels: str) -> ConceptIndex:
    return ConceptIndex([Entry(f"urn:{i}", "skill", [LabelText(text, "nl", "preferred")])
                         for i, text in enumerate(labels)])


# "werken" ends many labels, also inside compounds (samenwerken, …); "klantgericht" only one, by derivation
LABELS = ["gedetailleerd werken", "zelfstandig werken", "efficiënt werken", "veilig werken", "ergonomisch werken",
          "samenwerken met collega's", "in ploegen werken", "zorgen voor klantgerichtheid", "waakzaam zijn",
          "stressbestendig zijn", "heftrucks bedienen"]


def first(index: ConceptIndex, query: str) -> str:
    hit = index.search(query, "nl", 1)[0]
    return hit.matched


def test_the_rare_word_decides_not_the_light_verb():
    index = index_of(*LABELS)
    assert first(index, "klantgericht werken") == "zorgen voor klantgerichtheid"
    assert first(index, "klantgericht zijn") == "zorgen voor klantgerichtheid"


def test_a_light_verb_typed_alone_still_finds_its_labels():
    index = index_of(*LABELS)
    assert {h.matched for h in index.search("werken", "nl", 3)} <= {text for text in LABELS if "werken" in text}
    assert first(index, "zelfstandig werken") == "zelfstandig werken"


def test_a_word_weighs_by_the_labels_it_matches_in_its_own_words_not_by_its_rarest_compound():
    # one rare compound ("werkendagen") used to lend "werken" its rarity
    index = index_of(*LABELS, "werkendagen plannen")
    assert first(index, "klantgericht werken") == "zorgen voor klantgerichtheid"


def test_the_generic_words_are_data_with_weights_below_one():
    words = generic_words()
    assert {"werken", "zijn", "gebruiken", "uitvoeren"} <= set(words)
    assert all(0 < w < 1 for w in words.values())
