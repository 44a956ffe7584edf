"""Training compass at scale: search p95 and recommendations p95 over N offers (default 100,000).

Runs on its own database (default a fresh SQLite file in var/), with synthetic skills instead of
ESCO so that it needs no import: what is measured is the offer tables, the token index and the
rights engine. Usage:

    python benchmarks/bench_catalogue.py [--offers 100000] [--database-url sqlite:///…]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_setup, report  # noqa: E402

WORDS = ("boekhouding heftruck lassen koken zorg verpleging excel programmeren python verkoop onthaal "
         "logistiek magazijn elektriciteit sanitair schilderen tuinaanleg schoonmaak kinderopvang "
         "veiligheid communicatie leiderschap marketing fotografie bakkerij slagerij kapper hout metaal "
         "digitale vaardigheden nederlands rekenen ondernemen boekhouder chauffeur vrachtwagen").split()
FILLER = "je leert werken met in kleine groepen veel oefeningen praktijk voor beginners en gevorderden".split()


def build(n: int, seed: int = 7) -> None:
    from django.core.management import call_command

    from lifelong.accounts.services import load_schemes
    from lifelong.catalogue.engine import index_tokens
    from lifelong.catalogue.models import Offer, OfferToken, Provider
    from lifelong.taxonomy.models import Concept

    call_command("migrate", verbosity=0)
    if Offer.objects.count() >= n:
        return
    load_schemes()
    rng = random.Random(seed)
    skills = Concept.objects.bulk_create([Concept(uri=f"http://bench/skill/{i}", concept_type="skill",
                                                  label_en=f"skill {i}", version="bench") for i in range(2000)])
    skills = list(Concept.objects.filter(version="bench").order_by("id"))
    providers = Provider.objects.bulk_create([Provider(name=f"Bench {i}", kind="private", province="BE23",
                                                       postcode="9000") for i in range(500)])
    providers = list(Provider.objects.filter(name__startswith="Bench ").order_by("id"))
    today = date.today()
    through = Offer.competences.through
    for start in range(0, n, 5000):
        rows = []
        for i in range(start, min(n, start + 5000)):
            words = rng.sample(WORDS, 3)
            rows.append(Offer(provider=providers[i % len(providers)], external_id=f"b{i}",
                              title=" ".join(words).capitalize(),
                              description=" ".join(rng.choices(FILLER + WORDS, k=25)),
                              offer_type=rng.choice(["formal", "non_formal", "informal"]),
                              mode=rng.choice(["classroom", "online", "blended", "workplace"]),
                              province=rng.choice(["BE21", "BE22", "BE23", "BE24", "BE25"]), postcode="9000",
                              latitude=50.9 + rng.random() * 0.5, longitude=3.0 + rng.random() * 2.5,
                              hours=rng.choice([8, 16, 40]), price_cents=rng.randrange(0, 150000, 500),
                              eligible_schemes=rng.choice(["", ",opleidingscheques,", ",opleidingscheques,vov,"]),
                              next_start=today + timedelta(days=rng.randrange(1, 300))))
        Offer.objects.bulk_create(rows)
        ids = dict(Offer.objects.filter(external_id__in=[r.external_id for r in rows])
                   .values_list("external_id", "id"))
        through.objects.bulk_create([through(offer_id=ids[r.external_id], concept_id=s.id)
                                     for r in rows for s in rng.sample(skills, 3)], batch_size=5000)
        OfferToken.objects.bulk_create([OfferToken(offer_id=ids[r.external_id], token=t, weight=w) for r in rows
                                        for t, w in index_tokens(r.title, r.description).items()],
                                       batch_size=10000)
        print(f"\r  {min(n, start + 5000):,} offers", end="", file=sys.stderr)
    print(file=sys.stderr)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def measure(runs: int) -> list[dict]:
    from lifelong.accounts.services import accrue_rights
    from lifelong.catalogue import selectors
    from lifelong.people.models import Person
    from lifelong.taxonomy.models import Concept

    person = Person.objects.filter(family_name="Bench").first() or Person.objects.create(
        given_name="Bench", family_name="Bench", birth_year=1980, sex="X", education_level="low",
        labour_status="employed", province="BE23", postcode="9000")
    accrue_rights(person=person, on=date.today())
    rng = random.Random(1)
    uris = list(Concept.objects.filter(version="bench").values_list("uri", flat=True))
    cases = {
        "search words": lambda: selectors.Filters(q=" ".join(rng.sample(WORDS, 2))),
        "search as you type": lambda: selectors.Filters(q=rng.choice(WORDS)[:4]),
        "search words + facets": lambda: selectors.Filters(q=rng.choice(WORDS), mode="classroom", province="BE23",
                                                           scheme="opleidingscheques"),
        "search by competence": lambda: selectors.Filters(competence=rng.choice(uris)),
        "search max price after rights": lambda: selectors.Filters(q=rng.choice(WORDS), max_price_cents=20000),
    }
    rows = []
    for name, make in cases.items():
        samples = []
        for _ in range(runs):
            f = make()
            t = time.perf_counter()
            selectors.search_offers(f, person=person if "rights" in name else None)
            samples.append(time.perf_counter() - t)
        rows.append({"case": name, "runs": runs, "p50_ms": statistics.median(samples) * 1000,
                     "p95_ms": p95(samples)})
    samples = []
    for _ in range(runs):
        wanted = rng.sample(uris, 3)
        t = time.perf_counter()
        selectors.recommendations(person, wanted)
        samples.append(time.perf_counter() - t)
    rows.append({"case": "recommendations (3 skills)", "runs": runs, "p50_ms": statistics.median(samples) * 1000,
                 "p95_ms": p95(samples)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_catalogue.sqlite3'}")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    django_setup(args.database_url)
    t = time.perf_counter()
    build(args.offers)
    built = time.perf_counter() - t
    from django.db import connection

    report("catalogue", measure(args.runs), offers=args.offers, database=connection.vendor,
           build_seconds=round(built, 1),
           notes=f"{args.offers:,} synthetic offers on {connection.vendor}; targets: search p95 < 100 ms, "
                 "recommendations p95 < 200 ms (issue 7). Search includes the facet counts.")


if __name__ == "__main__":
    main()
