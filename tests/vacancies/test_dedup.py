"""MinHash and LSH (pure): similar texts collide, different ones do not."""

from __future__ import annotations

from lifelong.vacancies import dedup


def entry(key, title, text, employer="E", province="BE21", day=0):
    return dedup.Entry(key, dedup.signature(dedup.normalise(title, text)), dedup.employer_key(employer), province, day)


TEXT = ("Je plant de productie, volgt de machines op en stuurt een ploeg van tien operatoren aan. "
        "Je hebt een technisch diploma en ervaring in de voedingsindustrie. Je werkt in ploegen.")


def test_normalise_drops_gender_tags_numbers_and_accents():
    assert dedup.normalise("Opérateur (m/v/x)", "Tel 0470 12 34 56, info@x.be") == "operateur tel"


def test_lsh_finds_a_light_rewording_and_not_another_job():
    index = dedup.LshIndex()
    first = entry(1, "Productieleider", TEXT)
    index.add(first)
    index.add(entry(2, "Boekhouder", "Je boekt facturen, maakt de btw-aangifte en de jaarafsluiting."))
    copy = entry(3, "Productieleider (m/v/x)", TEXT.replace("tien", "twaalf").replace("Je werkt in ploegen.",
                                                                                       "Je werkt in twee ploegen."))
    assert index.match(copy) is first
    assert index.match(entry(4, "Productieleider", TEXT, employer="Andere werkgever nv")) is None
    assert index.match(entry(5, "Productieleider", TEXT, province="BE22")) is None
    assert index.match(entry(6, "Productieleider", TEXT, day=dedup.WINDOW_DAYS + 1)) is None


def test_employer_key_ignores_case_and_legal_form():
    assert dedup.employer_key("Transport Leie NV") == dedup.employer_key("transport leie")


def test_places_read_belgian_postcodes_and_municipalities():
    from lifelong.vacancies.places import postcode_of_municipality, region_of_postcode

    assert [region_of_postcode(p) for p in ("9000", "B-3500", "1000", "4000", "0999", "12345", "")] == \
        ["BE23", "BE22", "BE10", "BE33", None, None, None]
    assert postcode_of_municipality("Sint-Niklaas") == "9100" and postcode_of_municipality("Gand") == "9000"
    assert postcode_of_municipality("Nergensdorp") is None


def test_language_detection_knows_german():
    from lifelong.vacancies.language import detect_language

    assert detect_language("Wir suchen einen Mitarbeiter mit Erfahrung für unsere Stelle.") == "de"
    assert detect_language("Nous cherchons un collaborateur pour notre équipe.") == "fr"
    assert detect_language("Je werkt in een team en hebt ervaring met de klanten.") == "nl"
    assert detect_language("12345") == "nl"
