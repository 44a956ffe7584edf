"""Synthetic Dutch job ads for the demo and the benchmark (pure, deterministic, no Django).

Ads are written from ESCO occupations and their essential skills (Dutch labels where ESCO has
them, else English — ESCO v1.1.1 has Dutch labels for only 2,218 skills), over ``months``
months, for fictitious employers spread over the Flemish provinces and NACE sectors. A few are
cross-posted on a second board with light rewording (near-duplicates).

Monthly volume = ``per_month`` × a seasonal factor × the occupation's trend. The 12 seasonal
factors (``SEASONAL``) are derived from a real series: the UK ONS vacancy survey X06, single-month
vacancies, all industries (B-S), not seasonally adjusted, 2010-01..2019-12 — ratio to a centred
2×12-month moving average, averaged per calendar month and scaled to mean 1. Source: Office for
National Statistics licensed under the Open Government Licence v.3.0. No Flemish monthly series
was available (see /work/shared/data/vacancy-series/PROVENANCE.md); only these 12 numbers are
shipped, not the series. The trends per occupation are invented for the demo.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .synthetic import ORG_WORDS, PROVINCE_WEIGHTS, _pick, _postcode

SEASONAL = (0.912, 0.979, 0.992, 1.006, 1.013, 1.018, 1.016, 0.999, 1.038, 1.092, 1.007, 0.929)
# (English ESCO label, NACE section, yearly trend: +0.4 = 40 % more ads a year later; invented)
OCCUPATIONS = [
    ("software developer", "J", 0.45), ("data scientist", "J", 0.6), ("web developer", "J", 0.3),
    ("ICT network administrator", "J", 0.2), ("ICT help desk agent", "J", 0.0),
    ("solar energy technician", "F", 0.7), ("nurse responsible for general care", "Q", 0.35),
    ("healthcare assistant", "Q", 0.3), ("social worker", "Q", 0.1),
    ("bank teller", "K", -0.45), ("insurance clerk", "K", -0.35), ("call centre agent", "N", -0.4),
    ("shop assistant", "G", -0.2), ("secretary", "N", -0.25), ("administrative assistant", "N", -0.1),
    ("welder", "C", 0.05), ("mechanical engineer", "C", 0.1), ("cook", "I", 0.0), ("baker", "C", -0.05),
    ("warehouse worker", "H", 0.1), ("forklift operator", "H", 0.05), ("electrician", "F", 0.15),
    ("plumber", "F", 0.05), ("carpenter", "F", 0.0), ("bricklayer", "F", -0.05), ("accountant", "M", 0.05),
    ("bookkeeper", "M", 0.0), ("hairdresser", "S", -0.1),
]
SCALES = {"small": 12, "medium": 60, "large": 400}  # ads per month before seasonality and trends
CROSS_POST_SHARE = 0.05
BOARDS = ("demo-vdab", "demo-jobat")
OPENINGS = ["{employer} zoekt voor de vestiging in {place} een {occupation}.",
            "Voor ons team in {place} zoeken wij een gemotiveerde {occupation}.",
            "Word jij onze nieuwe {occupation} in {place}?"]
TASK_HEADERS = ["Wat ga je doen?", "Jouw taken:", "Wat verwachten we van jou?"]
OFFERS = ["Wij bieden een vast contract, een marktconform loon en maaltijdcheques.",
          "Wij bieden een voltijds contract van onbepaalde duur en opleidingskansen.",
          "Je krijgt een competitief loon, extralegale voordelen en ruimte om te groeien."]
PLACES = {"BE21": "Antwerpen", "BE22": "Hasselt", "BE23": "Gent", "BE24": "Leuven", "BE25": "Brugge"}


@dataclass(frozen=True)
class AdOccupation:
    uri: str
    label: str  # Dutch where ESCO has one
    sector: str
    trend: float
    skills: tuple[str, ...]  # labels of essential skills, Dutch where ESCO has one


def catalogue(taxonomy) -> list[AdOccupation]:
    """The demo occupations with their essential skills from an engine ``Taxonomy`` (``load_esco()``)."""
    by_label = {c.label("en"): c for c in taxonomy.occupations}
    skills = {c.uri: c for c in taxonomy.skills}
    out = []
    for english, sector, trend in OCCUPATIONS:
        occ = by_label.get(english)
        if occ is None:
            continue
        labels = [skills[u].label("nl") for u in taxonomy.essential.get(occ.uri, ()) if u in skills]
        # Dutch labels first: the ads read as Dutch; English ones fill up where ESCO lacks Dutch
        labels.sort(key=lambda s: (not _is_dutch(skills, taxonomy, occ.uri, s), s))
        if labels:
            out.append(AdOccupation(occ.uri, occ.label("nl"), sector, trend, tuple(labels)))
    return out


def _is_dutch(skills, taxonomy, occ_uri, label) -> bool:
    return any(skills[u].preferred.get("nl") == label for u in taxonomy.essential.get(occ_uri, ()) if u in skills)


def months_back(end: date, n: int) -> list[tuple[int, int]]:
    y, m = end.year, end.month
    out = []
    for _ in range(n):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def volume(per_month: float, month_index: int, calendar_month: int, trend: float, months: int) -> float:
    years_from_middle = (month_index - (months - 1) / 2) / 12
    return per_month * SEASONAL[calendar_month - 1] * max(0.05, 1 + trend * years_from_middle)


def ads(occupations: list[AdOccupation], *, end: date, months: int = 24, per_month: float = 8,
        seed: int = 2026, cross_post_share: float = CROSS_POST_SHARE) -> Iterator[dict]:
    """JSONL-ready records (the import's field names), first copies and their cross-posts."""
    rng = random.Random(seed * 7919 + 13)
    # about one employer per 3 ads a month in each sector (at least 4), so that one employer rarely
    # posts the same job twice within the dedup window: such ads would be near-duplicates by text
    n_employers = max(4, round(per_month / 3))
    employers = {}
    for sector in sorted({o.sector for o in occupations}):
        employers[sector] = [(f"{ORG_WORDS[k % len(ORG_WORDS)]} {sector}-bedrijf {k + 1} (fictief)",
                              _pick(rng, PROVINCE_WEIGHTS)) for k in range(n_employers)]
    share = 1 / max(len(occupations), 1)
    number = 0
    for index, (year, month) in enumerate(months_back(end, months)):
        for occ in occupations:
            expected = volume(per_month * share, index, month, occ.trend, months)
            count = int(expected) + (rng.random() < expected - int(expected))
            for _ in range(count):
                number += 1
                employer, province = rng.choice(employers[occ.sector])
                day = rng.randint(1, 28)
                record = _ad(rng, occ, number, employer, province, date(year, month, day))
                yield record
                if rng.random() < cross_post_share:
                    yield _cross_post(rng, record, date(year, month, min(28, day + rng.randint(0, 3))))


def _ad(rng: random.Random, occ: AdOccupation, number: int, employer: str, province: str, posted: date) -> dict:
    place = PLACES[province]
    picked = rng.sample(occ.skills, min(len(occ.skills), rng.randint(3, 5)))
    lines = [rng.choice(OPENINGS).format(employer=employer, place=place, occupation=occ.label),
             rng.choice(TASK_HEADERS), *[f"- {s[0].upper()}{s[1:]}" for s in picked], rng.choice(OFFERS),
             "Interesse? Solliciteer via onze website."]
    return {"id": f"D{number:07d}", "source": BOARDS[0], "title": occ.label[0].upper() + occ.label[1:],
            "description": "\n".join(lines), "employer": employer, "postcode": _postcode(rng, province),
            "nace": occ.sector, "language": "nl", "posted": posted.isoformat(), "occupation": occ.uri}


def _cross_post(rng: random.Random, record: dict, posted: date) -> dict:
    lines = record["description"].split("\n")
    lines[-1] = "Solliciteer vandaag nog via de knop hieronder."
    return {**record, "id": f"J{record['id'][1:]}", "source": BOARDS[1], "title": record["title"] + " (m/v/x)",
            "description": "\n".join(lines), "posted": posted.isoformat()}
