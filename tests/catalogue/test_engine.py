"""The pure parts: prices, validation, tokens, distance, ranking with reasons."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lifelong.catalogue import engine

TODAY = date(2026, 6, 1)
OK = {"external_id": "a1", "title": "Heftruck rijden", "price_eur": "250,50", "sessions": "2026-09-01",
      "competences": "http://esco/s1", "schemes": "opleidingscheques"}


def validate(**changes):
    return engine.validate_record({**OK, **changes}, today=TODAY, known_schemes={"opleidingscheques", "vov"},
                                  known_skills={"http://esco/s1"})


@pytest.mark.parametrize("text,cents", [("250", 25000), ("250,5", 25050), ("250.50", 25050), ("€ 12", 1200),
                                        (0, 0), ("0,99", 99)])
def test_prices_in_euro_become_cents(text, cents):
    assert engine.parse_price_cents(text) == cents


@pytest.mark.parametrize("text", ["-5", "1.250,00", "twintig", "", "12,345", None, True])
def test_prices_in_a_wrong_format_are_refused(text):
    with pytest.raises(ValueError):
        engine.parse_price_cents(text)


@given(st.integers(min_value=0, max_value=9_999_999), st.integers(min_value=0, max_value=99))
def test_price_parsing_is_exact(euros, cents):
    assert engine.parse_price_cents(f"{euros},{cents:02d}") == euros * 100 + cents


def test_a_good_record_is_clean():
    clean, reasons = validate()
    assert reasons == [] and clean.price_cents == 25050 and clean.sessions == [date(2026, 9, 1)]


@pytest.mark.parametrize("changes,needle", [
    ({"title": ""}, "titel ontbreekt"),
    ({"competences": "http://esco/nope"}, "onbekende competenties"),
    ({"price_eur": "twee honderd"}, "prijs"),
    ({"sessions": "2020-01-01"}, "verleden"),
    ({"latitude": "48.85", "longitude": "2.35"}, "buiten België"),
    ({"schemes": "vakantiegeld"}, "onbekende leerrechten"),
    ({"mode": "telepathie"}, "mode"),
])
def test_each_bad_record_says_why(changes, needle):
    clean, reasons = validate(**changes)
    assert clean is None and any(needle in r for r in reasons), reasons


def test_dutch_stems_match_inflections():
    assert set(engine.stems("opleidingen boekhouding")) == set(engine.stems("opleiding boekhouding"))
    assert {"imkeren", engine.stems("imkeren")[0]} <= set(engine.index_tokens("Imkeren", ""))
    assert engine.query_terms("heftruck rij")[-1][2] is True  # the last word is a prefix


def test_distance_gent_antwerpen_is_about_50_km():
    assert 45 < engine.distance_km((51.0543, 3.7174), (51.2194, 4.4025)) < 55


def test_recommend_ranks_by_coverage_and_explains_in_dutch():
    wanted = ["a", "b"]
    both = engine.Candidate(1, "Beide", frozenset({"a", "b"}), 0, 20000, "classroom", "formal", 5.0)
    one = engine.Candidate(2, "Een", frozenset({"a"}), 0, 0, "workplace", "informal", None)
    none = engine.Candidate(3, "Geen", frozenset({"z"}), 0, 0, "online", "informal", None)
    ranked = engine.recommend(wanted, [one, both, none], {"a": 0.5, "b": 0.5}, {"a": "A", "b": "B"})
    assert [r.offer_id for r in ranked] == [1, 2]
    text = " ".join(w.text() for w in ranked[0].reasons)
    assert "2 van de 2 competenties" in text and "betaal je niets" in text
    assert "op de werkplek" in " ".join(w.text() for w in ranked[1].reasons)


def test_demand_outlook_is_neutral_without_differences():
    assert engine.demand_outlook({"a": 3.0, "b": 3.0}) == {"a": 0.5, "b": 0.5}
    assert engine.demand_outlook({"a": 1.0, "b": 9.0}) == {"a": 0.0, "b": 1.0}
