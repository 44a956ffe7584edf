"""Synthetic Flanders: a deterministic generator of fictitious people, organisations and providers.

Pure Python (no Django). Every run with the same seed and scale yields the
same records. Names are combined at random from common Flemish first and
family names, so every person is fictitious. The distributions are rounded
from published Flemish statistics:

* province shares: Statbel, population on 1 January 2024 (Antwerpen 1.93 M,
  Oost-Vlaanderen 1.57 M, West-Vlaanderen 1.23 M, Vlaams-Brabant 1.19 M, Limburg 0.89 M);
* age bands 18-74: Statbel, population by age 2024, Flemish Region (rounded);
* education level by age band (25-64: about 17 % low, 41 % medium, 42 % high):
  Statbel Labour Force Survey 2023 via Statistiek Vlaanderen "onderwijsniveau";
* labour status (employment rate 20-64 about 78 %, of whom about 14 % self-employed;
  unemployment about 3.5 %): Statistiek Vlaanderen, werkzaamheidsgraad 2023;
* firm sizes (about 70 % of employers under 10 staff, 1 % with 250+) and
  sector shares of employment: RSZ/ONSS employer statistics and Statistiek
  Vlaanderen "werkgelegenheid per sector" (rounded).

Extend it for a new domain by adding a generator function that takes the
``random.Random`` and the records made so far; never reseed in between.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from lifelong.reference import PROVINCES

SCALES = {
    "small": {"people": 500, "organisations": 60, "providers": 25},
    "medium": {"people": 20_000, "organisations": 2_000, "providers": 300},
    "large": {"people": 200_000, "organisations": 15_000, "providers": 1_500},
}

PROVINCE_WEIGHTS = {"BE21": 28.7, "BE23": 23.4, "BE25": 18.3, "BE24": 17.7, "BE22": 13.2}
AGE_BANDS = [((18, 24), 10.5), ((25, 34), 16.5), ((35, 44), 16.5), ((45, 54), 16.5), ((55, 64), 17.5), ((65, 74), 13.0)]
# share low / medium / high by age band (younger cohorts are more highly educated)
EDUCATION_BY_AGE = {
    (18, 24): (25, 55, 20), (25, 34): (11, 38, 51), (35, 44): (13, 38, 49), (45, 54): (17, 43, 40),
    (55, 64): (26, 44, 30), (65, 74): (38, 38, 24),
}
SECTOR_WEIGHTS = {"C": 15, "G": 13, "Q": 16, "N": 8, "F": 7, "H": 6, "M": 6, "P": 9, "O": 6, "I": 3,
                  "J": 3, "K": 3, "S": 2, "R": 1, "A": 1, "E": 1}
FIRM_SIZE_WEIGHTS = [((1, 9), 70), ((10, 49), 24), ((50, 249), 5), ((250, 2500), 1)]

GIVEN_F = ["Emma", "Louise", "Marie", "Elise", "Noor", "Lotte", "Sarah", "An", "Katrien", "Sofie", "Fatima",
           "Lien", "Hilde", "Els", "Nathalie", "Yasmine", "Leen", "Ines", "Julie", "Greet", "Amira", "Femke"]
GIVEN_M = ["Lucas", "Noah", "Arthur", "Louis", "Jules", "Thomas", "Pieter", "Jan", "Bart", "Wouter", "Mohamed",
           "Kevin", "Tom", "Dirk", "Stijn", "Yusuf", "Koen", "Jens", "Ruben", "Luc", "Senne", "Milan"]
FAMILY = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
          "De Smet", "Dubois", "Hermans", "Aerts", "Michiels", "Van den Broeck", "Lambrechts", "Desmet",
          "Vermeulen", "Pauwels", "De Clercq", "El Amrani", "Yilmaz", "Verstraete", "Hendrickx", "Smets"]
ORG_WORDS = ["Schelde", "Kempen", "Leie", "Demer", "Nete", "Polder", "Dijle", "Westhoek", "Haspengouw",
             "Meetjes", "Zenne", "Rupel", "Vlaskaai", "Brugse", "Waasland"]
ORG_KINDS = {"C": "Metaalwerken", "G": "Handel", "Q": "Zorggroep", "N": "Services", "F": "Bouw", "H": "Transport",
             "M": "Advies", "P": "Scholengroep", "O": "Gemeentebestuur", "I": "Horeca", "J": "Digital",
             "K": "Verzekeringen", "S": "Dienstencentrum", "R": "Cultuurhuis", "A": "Kwekerij", "E": "Recyclage"}
PROVIDER_KINDS = [("adult_education", "CVO", 30), ("public_employment", "Opleidingscentrum", 15),
                  ("higher_education", "Hogeschool", 8), ("sector_fund", "Sectoraal Vormingsfonds", 12),
                  ("private", "Academie", 25), ("non_profit", "Vormingplus", 10)]


@dataclass(frozen=True)
class SyntheticOrganisation:
    key: int
    name: str
    enterprise_number: str
    nace_section: str
    employees: int
    province: str
    postcode: str


@dataclass(frozen=True)
class SyntheticPerson:
    key: int
    given_name: str
    family_name: str
    birth_year: int
    sex: str
    education_level: str
    labour_status: str
    province: str
    postcode: str
    sector: str
    employer_key: int | None


@dataclass(frozen=True)
class SyntheticProvider:
    key: int
    name: str
    kind: str
    quality_status: str
    province: str
    postcode: str


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _postcode(rng: random.Random, province: str) -> str:
    lo, hi = rng.choice(PROVINCES[province]["postcodes"])
    return str(rng.randrange(lo // 10, hi // 10 + 1) * 10)


def organisations(rng: random.Random, n: int) -> Iterator[SyntheticOrganisation]:
    for key in range(n):
        sector = _pick(rng, SECTOR_WEIGHTS)
        (lo, hi) = rng.choices([b for b, _ in FIRM_SIZE_WEIGHTS], weights=[w for _, w in FIRM_SIZE_WEIGHTS])[0]
        province = _pick(rng, PROVINCE_WEIGHTS)
        name = f"{rng.choice(ORG_WORDS)} {ORG_KINDS.get(sector, 'Groep')} (fictief)"
        # 099… numbers with valid check digits (97 − first eight mod 97); chosen far from issued ranges
        first8 = f"099{key:05d}"
        number = f"{first8}{97 - int(first8) % 97:02d}"
        yield SyntheticOrganisation(key, name, number, sector, rng.randint(lo, hi), province,
                                    _postcode(rng, province))


def people(rng: random.Random, n: int, orgs: list[SyntheticOrganisation], reference_year: int = 2026
           ) -> Iterator[SyntheticPerson]:
    by_sector: dict[str, list[SyntheticOrganisation]] = {}
    for org in orgs:
        by_sector.setdefault(org.nace_section, []).append(org)
    weights = [max(o.employees, 1) for o in orgs]
    for key in range(n):
        band = rng.choices([b for b, _ in AGE_BANDS], weights=[w for _, w in AGE_BANDS])[0]
        age = rng.randint(*band)
        low, medium, high = EDUCATION_BY_AGE[band]
        education = rng.choices(["low", "medium", "high"], weights=[low, medium, high])[0]
        employment = {"low": 0.58, "medium": 0.76, "high": 0.88}[education] if age < 65 else 0.08
        r = rng.random()
        if r < employment:
            status = "self_employed" if rng.random() < 0.14 else "employed"
        elif r < employment + (0.05 if education == "low" else 0.03) and age < 65:
            status = "job_seeker"
        else:
            status = "inactive"
        province = _pick(rng, PROVINCE_WEIGHTS)
        employer = None
        sector = ""
        if status == "employed" and orgs:
            employer = rng.choices(orgs, weights=weights)[0]
            sector = employer.nace_section
        elif status == "self_employed":
            sector = _pick(rng, SECTOR_WEIGHTS)
        sex = "F" if rng.random() < 0.5 else "M"
        given = rng.choice(GIVEN_F if sex == "F" else GIVEN_M)
        yield SyntheticPerson(key, given, rng.choice(FAMILY), reference_year - age, sex, education, status,
                              province, _postcode(rng, province), sector, employer.key if employer else None)


def providers(rng: random.Random, n: int) -> Iterator[SyntheticProvider]:
    for key in range(n):
        kind, word, _ = rng.choices(PROVIDER_KINDS, weights=[w for *_, w in PROVIDER_KINDS])[0]
        province = _pick(rng, PROVINCE_WEIGHTS)
        status = rng.choices(["registered", "pending", "none"], weights=[70, 10, 20])[0]
        yield SyntheticProvider(key, f"{word} {rng.choice(ORG_WORDS)} (fictief)", kind, status, province,
                                _postcode(rng, province))


@dataclass
class SyntheticFlanders:
    organisations: list[SyntheticOrganisation]
    people: list[SyntheticPerson]
    providers: list[SyntheticProvider]


def generate(scale: str = "small", seed: int = 2026) -> SyntheticFlanders:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    size = SCALES[scale]
    rng = random.Random(seed)
    orgs = list(organisations(rng, size["organisations"]))
    persons = list(people(rng, size["people"], orgs))
    provs = list(providers(rng, size["providers"]))
    return SyntheticFlanders(orgs, persons, provs)


__all__ = ["generate", "SCALES"]
