"""The extraction engine: pure Python, built from ESCO as plain data."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lifelong.extraction import SkillExtractor, Taxonomy, guess_language, split_sentences
from lifelong.extraction.taxonomy import Concept

TRUCK_AD = ("Transportbedrijf in Gent zoekt een chauffeur. "
            "U heeft een rijbewijs C en ervaring met vrachtwagens besturen. "
            "Wij bieden een vast contract.")


def test_engine_runs_without_django():
    code = ("import sys; from lifelong.extraction import SkillExtractor, load_esco; "
            "assert not any(m.split('.')[0] == 'django' for m in sys.modules), 'django imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.fixture(scope="module")
def truck_driving(taxonomy):
    """ESCO v1.1.1 has no "drive trucks": its truck-driving skills say so in a label."""
    return {c.uri for c in taxonomy.skills
            if any(w in label for label in (c.label("en"), *c.alternative.get("en", ()))
                   for w in ("drive heavy trucks", "drive truck", "drive lorr"))} | {
        c.uri for c in taxonomy.skills if c.label("en") == "drive vehicles"}


def test_dutch_sentence_about_driving_trucks_finds_truck_driving(accurate, truck_driving):
    [result] = accurate.extract([TRUCK_AD])
    assert result.language == "nl"
    assert truck_driving & {m.uri for m in result.skills[:10]}
    assert "vrachtwagenchauffeur" in [m.label for m in result.occupations[:5]]  # Dutch labels for Dutch text


def test_fast_mode_finds_truck_driving_in_dutch(fast, truck_driving):
    [result] = fast.extract(["Je kan vrachtwagens besturen."], ["nl"])
    assert truck_driving & {m.uri for m in result.skills[:10]}


@pytest.mark.parametrize("text", ["", "   \n\t ", "12345 -- 678"])
def test_text_without_competence_gives_empty_lists(fast, text):
    [result] = fast.extract([text])
    assert result.skills == [] and result.occupations == []


def test_evidence_span_points_at_the_sentence_that_asks_the_skill(accurate, truck_driving):
    [result] = accurate.extract([TRUCK_AD])
    match = next(m for m in result.skills if m.uri in truck_driving)
    start, end = match.evidence.start, match.evidence.end
    assert 0 <= start < end <= len(TRUCK_AD)
    assert TRUCK_AD[start:end] == "U heeft een rijbewijs C en ervaring met vrachtwagens besturen."
    assert result.sentences[match.evidence.sentence] == (start, end)


def test_results_are_ranked_and_capped_at_top_k(taxonomy):
    extractor = SkillExtractor(mode="fast", top_k=3).fit(taxonomy)
    [result] = extractor.extract(["Experience with Python, SQL and Docker; you manage a small team."], ["en"])
    assert 1 <= len(result.skills) <= 3
    scores = [m.score for m in result.skills]
    assert scores == sorted(scores, reverse=True)
    assert all(m.uri.startswith("http://data.europa.eu/esco/skill/") for m in result.skills)
    assert "Python (computer programming)" in [m.label for m in result.skills]


def test_french_and_english_texts_are_understood(fast, uri_of):
    fr, en = fast.extract(["Vous maîtrisez la comptabilité.", "You will cook Italian dishes in our kitchen."])
    assert fr.language == "fr" and en.language == "en"
    assert uri_of("accounting") in [m.uri for m in fr.skills[:5]]
    assert fr.skills[0].label == "comptabilité"  # labels in the text's language when ESCO has one


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown mode"):
        SkillExtractor(mode="turbo")


def test_engine_is_built_from_a_taxonomy_given_as_plain_data(tmp_path, monkeypatch):
    monkeypatch.setenv("LIFELONG_CACHE_DIR", str(tmp_path))
    skills = [Concept(f"urn:skill:{i}", "skill", {"en": label}) for i, label in
              enumerate(["bake bread", "repair bicycles", "teach mathematics"])]
    occupation = Concept("urn:occ:baker", "occupation", {"en": "baker"})
    toy = Taxonomy("toy-1", skills, [occupation], essential={"urn:occ:baker": ("urn:skill:0",)})
    extractor = SkillExtractor(mode="fast", min_score=0.0).fit(toy)
    [result] = extractor.extract(["Every morning you bake fresh bread."], ["en"])
    assert result.skills[0].uri == "urn:skill:0"
    assert result.occupations[0].uri == "urn:occ:baker"
    assert list(tmp_path.glob("extractor-*.pkl")), "the fitted state is cached on disk"
    changed = Taxonomy("toy-2", skills[:2], [occupation])
    assert changed.fingerprint() != toy.fingerprint()


def test_sentence_splitting_keeps_offsets_and_handles_bullets_and_abbreviations():
    text = "Wij zoeken o.a. een lasser.\n- MIG/MAG lassen\n• plannen lezen bv. bouwtekeningen. Vous parlez français."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Wij zoeken o.a. een lasser.", "MIG/MAG lassen", "plannen lezen bv. bouwtekeningen.",
        "Vous parlez français."]


def test_very_long_sentences_are_cut_into_pieces():
    text = ", ".join(["je kan goed plannen en organiseren"] * 40)
    spans = split_sentences(text)
    assert len(spans) > 1 and all(e - s <= 300 for s, e in spans)


@pytest.mark.parametrize(("text", "language"), [
    ("Je hebt ervaring met de planning van het werk.", "nl"),
    ("Vous avez une expérience dans la vente.", "fr"),
    ("You have experience with the planning of the work.", "en"),
])
def test_language_is_guessed_when_not_given(text, language):
    assert guess_language(text) == language


def test_an_english_query_is_compared_with_the_english_label_vectors_only(accurate):
    """Issue 18: with Dutch labels for half of ESCO, English queries matched Dutch label vectors too and
    English accurate-mode results fell; an English query uses the English labels, Dutch text both."""
    import numpy as np

    from lifelong.extraction.scoring import DENSE_FLOOR, DENSE_SPAN

    sentence = "You load and unload trucks and drive a forklift in the warehouse."
    query = accurate._encode_queries([sentence])
    english = query @ accurate.skill_vec.T
    dutch = query @ accurate.skill_nl_vec.T
    assert (dutch > english[:, accurate.skill_nl_idx]).any()  # the Dutch vectors would change the answer
    best = english.copy()
    best[:, accurate.skill_nl_idx] = np.maximum(english[:, accurate.skill_nl_idx], dutch)
    as_english = accurate.components([sentence], ["en"])["dense"]
    as_dutch = accurate.components([sentence], ["nl"])["dense"]
    assert np.allclose(as_english, (english - DENSE_FLOOR) / DENSE_SPAN, atol=1e-5)
    assert np.allclose(as_dutch, (best - DENSE_FLOOR) / DENSE_SPAN, atol=1e-5)
