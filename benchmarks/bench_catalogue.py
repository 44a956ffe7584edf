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

# Realistic Dutch offers: a topic gives the title and the description sentences (what you learn), the
# rest varies per offer (level, format, audience, practical lines). ~45 topics, so a topic word matches
# a few percent of the offers; generic words ("leren", "praktijk") match most of them (the worst case).
TOPICS = [
    ("Heftruck besturen", ["Je leert veilig een heftruck besturen en goederen stapelen in een magazijn.",
                           "Je controleert de heftruck voor je vertrekt en je kent de veiligheidsregels."]),
    ("Boekhouding voor kmo's", ["Je leert facturen boeken en een btw-aangifte voorbereiden.",
                                "Je maakt een balans en een resultatenrekening op."]),
    ("Lassen MIG/MAG en TIG", ["Je leert lassen volgens de MIG/MAG- en TIG-methode.",
                               "Je leest technische tekeningen en werkt veilig met metaal."]),
    ("Excel voor gevorderden", ["Je leert werken met formules, draaitabellen en grafieken in Excel.",
                                "Je analyseert gegevens en maakt overzichtelijke rapporten."]),
    ("Verkoop en klantencontact", ["Je leert klanten onthalen, adviseren en een verkoopgesprek voeren.",
                                   "Je gaat om met klachten en moeilijke klanten."]),
    ("Zorgkundige", ["Je verzorgt ouderen en mensen met een beperking.", "Je helpt bij de dagelijkse zorg en "
                     "observeert de gezondheid van de zorgvrager."]),
    ("Programmeren in Python", ["Je leert programmeren in Python: variabelen, lussen en functies.",
                                "Je schrijft kleine programma's en test je code."]),
    ("Webontwikkeling met HTML en CSS", ["Je bouwt een website met HTML, CSS en JavaScript.",
                                         "Je maakt pagina's toegankelijk en responsief."]),
    ("Elektricien residentieel", ["Je legt elektrische installaties aan in woningen volgens het AREI.",
                                  "Je zoekt storingen en herstelt ze veilig."]),
    ("Sanitair installateur", ["Je plaatst leidingen voor water en afvoer.", "Je installeert toestellen in "
                               "badkamers en keukens."]),
    ("Schilder-decorateur", ["Je bereidt muren voor en schildert binnen en buiten.",
                             "Je kiest de juiste verf en werkt netjes af."]),
    ("Tuinaanleg en onderhoud", ["Je legt tuinen aan en onderhoudt groen.", "Je snoeit bomen en struiken "
                                 "en werkt met tuinmachines."]),
    ("Schoonmaak in kantoren", ["Je reinigt kantoren en sanitair volgens een planning.",
                                "Je werkt met de juiste producten en let op hygiëne."]),
    ("Kinderbegeleider", ["Je begeleidt baby's en peuters in de kinderopvang.",
                          "Je zorgt voor een veilige en warme omgeving en praat met ouders."]),
    ("Veiligheid op de werkvloer (VCA)", ["Je kent de risico's op de werkvloer en de veiligheidsregels.",
                                          "Je behaalt het VCA-attest."]),
    ("Communicatie op het werk", ["Je leert duidelijk communiceren met collega's en klanten.",
                                  "Je geeft en krijgt feedback."]),
    ("Leidinggeven aan een team", ["Je leert een team coachen en motiveren.", "Je voert functioneringsgesprekken "
                                   "en verdeelt het werk."]),
    ("Digitale marketing", ["Je maakt een marketingplan en werkt met sociale media.",
                            "Je meet resultaten met webanalyse."]),
    ("Fotografie", ["Je leert fotograferen met een spiegelreflexcamera.", "Je bewerkt foto's op de computer."]),
    ("Bakker", ["Je bakt brood, koffiekoeken en gebak.", "Je werkt hygiënisch en volgt recepten."]),
    ("Slager-spekslager", ["Je versnijdt vlees en maakt vleesbereidingen.", "Je bedient klanten in de "
                           "slagerij."]),
    ("Kapper", ["Je leert haar knippen, kleuren en stylen.", "Je adviseert klanten over verzorging."]),
    ("Schrijnwerker hout", ["Je maakt ramen, deuren en meubels in hout.", "Je werkt met machines in de "
                            "houtbewerking."]),
    ("Digitale vaardigheden voor iedereen", ["Je leert werken met een computer, e-mail en het internet.",
                                             "Je gebruikt apps van de overheid en de bank veilig."]),
    ("Nederlands op de werkvloer", ["Je leert Nederlands spreken en begrijpen op het werk.",
                                    "Je oefent gesprekken met collega's en klanten."]),
    ("Rekenen in het dagelijks leven", ["Je oefent rekenen met geld, maten en percentages.",
                                        "Je leest tabellen en eenvoudige grafieken."]),
    ("Ondernemen: je eigen zaak starten", ["Je schrijft een ondernemingsplan en een financieel plan.",
                                           "Je kent de stappen om een zaak te starten."]),
    ("Vrachtwagenchauffeur (rijbewijs C)", ["Je haalt je rijbewijs C en je vakbekwaamheid.",
                                            "Je leert veilig rijden en lading vastzetten."]),
    ("Logistiek medewerker", ["Je leert orders verzamelen, inpakken en verzenden.", "Je werkt met een "
                              "scanner en een magazijnbeheersysteem."]),
    ("Kok", ["Je leert koken in een professionele keuken.", "Je bereidt gerechten volgens recepten en let "
             "op voedselveiligheid."]),
    ("Verpleegkunde", ["Je verzorgt patiënten in het ziekenhuis.", "Je dient medicatie toe en volgt de "
                       "gezondheid van patiënten op."]),
    ("Onthaal en administratie", ["Je ontvangt bezoekers en beantwoordt de telefoon.", "Je beheert agenda's "
                                  "en doet administratief werk."]),
    ("Projectmanagement", ["Je plant projecten en volgt budget en timing op.", "Je werkt met methodes "
                           "zoals Agile en Scrum."]),
    ("Informatieveiligheid", ["Je beschermt computers en netwerken tegen aanvallen.", "Je herkent phishing en "
                              "maakt veilige wachtwoorden."]),
    ("Data-analyse", ["Je verzamelt en analyseert gegevens.", "Je maakt dashboards en legt cijfers uit."]),
    ("Warmtepompen installeren", ["Je installeert en onderhoudt warmtepompen.", "Je regelt verwarming en "
                                  "ventilatie zuinig."]),
    ("Zonnepanelen plaatsen", ["Je plaatst zonnepanelen op daken.", "Je sluit omvormers aan en werkt "
                               "veilig op hoogte."]),
    ("Onderhoudstechnicus", ["Je onderhoudt machines in een fabriek.", "Je zoekt storingen in mechanische "
                             "en elektrische systemen."]),
    ("Boekhoudsoftware", ["Je leert werken met een boekhoudprogramma.", "Je verwerkt aankopen en verkopen "
                          "digitaal."]),
    ("Engels voor het werk", ["Je leert Engels spreken in vergaderingen en aan de telefoon.",
                              "Je schrijft e-mails in het Engels."]),
    ("Frans voor het werk", ["Je leert Frans spreken met klanten.", "Je begrijpt eenvoudige teksten in het "
                             "Frans."]),
    ("Eerste hulp", ["Je leert eerste hulp geven bij ongevallen.", "Je reanimeert en gebruikt een AED."]),
    ("Poetshulp aan huis", ["Je poetst bij mensen thuis en strijkt.", "Je plant je werk en gaat respectvol "
                            "om met klanten."]),
    ("Magazijnbeheer", ["Je beheert de voorraad in een magazijn.", "Je plant leveringen en doet de "
                        "inventaris."]),
    ("Barista en bediening", ["Je zet koffie en bedient klanten in een café.", "Je werkt vlot en vriendelijk "
                              "in een team."]),
]
LEVELS = ["voor beginners", "voor gevorderden", "basis", "bijscholing", "opfrissing", "module 1", "module 2",
          "in de praktijk", "intensief", "avondcursus", "op de werkplek", "online"]
EXTRA = ["Je werkt in kleine groepen met veel oefeningen.", "Een ervaren lesgever begeleidt je.",
         "Je leert vooral in de praktijk.", "Op het einde krijg je een attest.", "De lessen zijn in eenvoudig "
         "Nederlands.", "Je kunt instappen zonder voorkennis.", "Je volgt de lessen op je eigen tempo.",
         "Er is een stage bij een bedrijf.", "Je leert samen met collega's op de werkvloer."]
WORDS = sorted({w for title, _ in TOPICS for w in title.lower().replace("(", " ").replace(")", " ")
                .replace("/", " ").replace(":", " ").replace("'", " ").split() if len(w) > 3})
SCHEMES = ["", "", ",opleidingscheques,", ",opleidingscheques,vov,", ",vov,", ",federaal_opleidingsrecht,vov,",
           ",opleidingscheques,sector_topup,"]


def build(n: int, seed: int = 7) -> None:
    from django.core.management import call_command

    from lifelong.accounts.services import load_schemes
    from lifelong.catalogue.engine import index_tokens
    from lifelong.catalogue.geo import MAIN_POSTCODES
    from lifelong.catalogue.models import Offer, OfferToken, Provider, Session
    from lifelong.reference import province_of_postcode
    from lifelong.taxonomy.models import Concept

    call_command("migrate", verbosity=0)
    if Offer.objects.count() >= n:
        return
    load_schemes()
    rng = random.Random(seed)
    Concept.objects.bulk_create([Concept(uri=f"http://bench/skill/{i}", concept_type="skill",
                                         label_en=f"skill {i}", version="bench") for i in range(2000)])
    skills = list(Concept.objects.filter(version="bench").order_by("id"))
    per_topic = len(skills) // len(TOPICS)
    topic_skills = [skills[i * per_topic:(i + 1) * per_topic] for i in range(len(TOPICS))]
    places = list(MAIN_POSTCODES.items())
    kinds = ["adult_education", "public_employment", "higher_education", "sector_fund", "private", "non_profit"]
    Provider.objects.bulk_create([Provider(name=f"Bench {i}", kind=kinds[i % len(kinds)], province=
                                           province_of_postcode(places[i % len(places)][0]) or "BE23",
                                           postcode=places[i % len(places)][0]) for i in range(500)])
    providers = list(Provider.objects.filter(name__startswith="Bench ").order_by("id"))
    today = date.today()
    through = Offer.competences.through
    for start in range(0, n, 5000):
        rows, starts = [], {}
        for i in range(start, min(n, start + 5000)):
            t = rng.randrange(len(TOPICS))
            title, lines = TOPICS[t]
            postcode, (municipality, lat, lon) = rng.choice(places)
            mode = rng.choices(["classroom", "online", "blended", "workplace"], [45, 20, 20, 15])[0]
            days = sorted({today + timedelta(days=rng.randrange(1, 300)) for _ in range(rng.randint(1, 3))})
            starts[f"b{i}"] = days
            rows.append(Offer(
                provider=providers[i % len(providers)], external_id=f"b{i}",
                title=f"{title} {rng.choice(LEVELS)}",
                description=" ".join(lines + rng.sample(EXTRA, 2)),
                offer_type=rng.choices(["formal", "non_formal", "informal"], [25, 60, 15])[0], mode=mode,
                language=rng.choices(["nl", "en", "fr"], [90, 6, 4])[0], postcode=postcode,
                municipality=municipality, province=province_of_postcode(postcode) or "",
                latitude=None if mode == "online" else lat + rng.uniform(-0.05, 0.05),
                longitude=None if mode == "online" else lon + rng.uniform(-0.05, 0.05),
                hours=rng.choice([4, 8, 16, 24, 40, 60, 120]), price_cents=rng.randrange(0, 150000, 500),
                eligible_schemes=rng.choice(SCHEMES), evening=rng.random() < 0.3,
                low_literacy=rng.random() < 0.15, next_start=days[0]))
            rows[-1].topic = t
        Offer.objects.bulk_create(rows)
        ids = dict(Offer.objects.filter(external_id__in=[r.external_id for r in rows])
                   .values_list("external_id", "id"))
        through.objects.bulk_create([through(offer_id=ids[r.external_id], concept_id=s.id)
                                     for r in rows for s in rng.sample(topic_skills[r.topic], 3)], batch_size=5000)
        Session.objects.bulk_create([Session(offer_id=ids[e], start_date=d) for e, days in starts.items()
                                     for d in days], batch_size=5000)
        OfferToken.objects.bulk_create([OfferToken(offer_id=ids[r.external_id], token=t, weight=w) for r in rows
                                        for t, w in index_tokens(r.title, r.description).items()],
                                       batch_size=10000)
        print(f"\r  {min(n, start + 5000):,} offers", end="", file=sys.stderr)
    print(file=sys.stderr)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] * 1000


def _topic_words(rng) -> list[str]:
    title = rng.choice(TOPICS)[0].lower()
    words = title.replace("(", " ").replace(")", " ").replace("/", " ").replace(":", " ").replace("'", " ").split()
    return [w for w in words if len(w) > 3] or words


def build_index() -> dict:
    """Build the search index in memory once (as the server does at start) and say what it costs."""
    from lifelong.catalogue import search_index

    search_index.forget()
    t = time.perf_counter()
    index = search_index.current() if search_index.read_stamp()[0] <= search_index.SYNC_LIMIT else None
    if index is None:
        index = search_index.build()
        search_index._current = index
    seconds = time.perf_counter() - t
    stamps = []
    for _ in range(30):
        t = time.perf_counter()
        search_index.read_stamp()
        stamps.append(time.perf_counter() - t)
    return {"offers": index.size, "tokens": len(index.tokens), "postings": int(len(index.rows)),
            "build_seconds": round(seconds, 1), "memory_mib": round(index.memory_bytes() / 2**20, 1),
            "freshness_check_ms_median": round(statistics.median(stamps) * 1000, 2)}


def measure(runs: int, in_memory: bool) -> list[dict]:
    import os

    from lifelong.accounts.services import accrue_rights
    from lifelong.catalogue import selectors
    from lifelong.people.models import Person
    from lifelong.taxonomy.models import Concept

    person = Person.objects.filter(family_name="Bench").first() or Person.objects.create(
        given_name="Bench", family_name="Bench", birth_year=1980, sex="X", education_level="low",
        labour_status="employed", province="BE23", postcode="9000")
    accrue_rights(person=person, on=date.today())
    rng = random.Random(1)
    uris = list(Concept.objects.filter(version="bench").order_by("id").values_list("uri", flat=True))
    per_topic = len(uris) // len(TOPICS)
    gent = (51.0543, 3.7174)
    cases = {
        "search words (2 of a title)": (lambda: selectors.Filters(q=" ".join(rng.sample(_topic_words(rng), 1)
                                                                              + [rng.choice(LEVELS).split()[-1]])),
                                        None),
        "search as you type (4 letters)": (lambda: selectors.Filters(q=rng.choice(WORDS)[:4]), None),
        "search common word (praktijk)": (lambda: selectors.Filters(q="praktijk", mode=rng.choice(["", "online"])),
                                          None),
        "search words + facets": (lambda: selectors.Filters(q=rng.choice(WORDS), mode="classroom",
                                                            province="BE23", scheme="opleidingscheques"), None),
        "browse, no words (facets only)": (lambda: selectors.Filters(mode=rng.choice(["", "online", "classroom"])),
                                           None),
        "search within 20 km of Gent": (lambda: selectors.Filters(q=rng.choice(WORDS), near=gent, max_km=20), None),
        "search by competence": (lambda: selectors.Filters(competence=rng.choice(uris)), None),
        "search max price after rights": (lambda: selectors.Filters(q=rng.choice(WORDS),
                                                                    max_price_cents=rng.choice([0, 20000, 50000])),
                                          "person"),
        "browse max price after rights": (lambda: selectors.Filters(max_price_cents=rng.choice([0, 20000, 50000])),
                                          "person"),
    }
    rows = []

    def row(name: str, samples: list[float], load: list[float]) -> dict:
        return {"case": name, "runs": len(samples), "p50_ms": statistics.median(samples) * 1000,
                "p95_ms": p95(samples), "load_1m": round(statistics.mean(load), 2)}

    for name, (make, who) in cases.items():
        samples, load = [], []
        for _ in range(runs):
            f = make()
            load.append(os.getloadavg()[0])
            t = time.perf_counter()
            selectors.search_offers(f, person=person if who else None, in_memory=in_memory)
            samples.append(time.perf_counter() - t)
        rows.append(row(f"{name} [{'index' if in_memory else 'SQL'}]", samples, load))
    if not in_memory:  # recommendations do not use the search: measured once
        return rows
    for name, pick in (("recommendations (3 gaps of one field)",
                        lambda: rng.sample(uris[(k := rng.randrange(len(TOPICS))) * per_topic:(k + 1) * per_topic], 3)),
                       ("recommendations (3 unrelated gaps)", lambda: rng.sample(uris, 3))):
        samples, load = [], []
        for _ in range(runs):
            wanted = pick()
            load.append(os.getloadavg()[0])
            t = time.perf_counter()
            selectors.recommendations(person, wanted)
            samples.append(time.perf_counter() - t)
        rows.append(row(name, samples, load))
    return rows


def tag_all(limit: int | None) -> dict:
    """Competence tagging of every offer (or the first ``limit``) with the extraction engine, fast mode,
    as ``lifelong catalogue tag --all`` does it."""
    import os

    from lifelong.catalogue import tagging
    from lifelong.catalogue.models import Offer, TaggingRun
    from lifelong.extraction import load_esco
    from lifelong.taxonomy.models import Concept

    esco = load_esco()
    if not Concept.objects.filter(version="bench-esco").exists():  # the real ESCO skill URIs, so suggestions count
        Concept.objects.bulk_create([Concept(uri=c.uri, concept_type="skill", label_en=c.label("en")[:250],
                                             version="bench-esco") for c in esco.skills], batch_size=5000,
                                    ignore_conflicts=True)
    t = time.perf_counter()
    tagging.extractor()
    fit = time.perf_counter() - t
    keep = list(Offer.objects.order_by("id").values_list("id", flat=True)[limit:limit + 1]) if limit else []
    if keep:
        Offer.objects.filter(id__gte=keep[0]).update(is_active=False)
    load = [os.getloadavg()[0]]
    run = TaggingRun.objects.create(only_missing=False)
    t = time.perf_counter()
    run = tagging.run_tagging(run, lambda r: (load.append(os.getloadavg()[0]),
                                              print(f"\r  tagged {r.done:,}/{r.total:,}", end="", file=sys.stderr)))
    seconds = time.perf_counter() - t
    print(file=sys.stderr)
    if limit:
        Offer.objects.update(is_active=True)
    return {"case": f"tag {run.done:,} offers (fast)", "offers": run.done, "with_suggestions": run.suggested,
            "seconds": round(seconds, 1), "offers_per_s": round(run.done / seconds, 1),
            "extrapolated_100k_min": round(100_000 / (run.done / seconds) / 60, 1),
            "engine_load_s": round(fit, 1), "load_1m": round(statistics.mean(load), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--build-only", action="store_true", help="build the database and stop")
    parser.add_argument("--index-only", action="store_true",
                        help="measure the search with the index in memory only (not also the SQL search)")
    parser.add_argument("--tag", action="store_true", help="measure competence tagging of the offers instead")
    parser.add_argument("--tag-limit", type=int, help="tag only the first N offers (and extrapolate)")
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench_catalogue.sqlite3'}")
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    django_setup(args.database_url)
    t = time.perf_counter()
    build(args.offers)
    from django.db import connection

    with connection.cursor() as cursor:  # as autovacuum (PostgreSQL) / PRAGMA optimize would: planner statistics,
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")  # visibility map
    built = time.perf_counter() - t
    if args.build_only:
        print(f"built in {built:.0f} s")
        return
    shared = "The machine is shared (2 cores, several agents building and testing at once): load_1m is the " \
             "1-minute load average during the case."
    if args.tag:
        report(f"catalogue_tagging_{connection.vendor}", [tag_all(args.tag_limit)], offers=args.offers,
               database=connection.vendor,
               notes=f"Competence tagging with the vacancy extraction engine (fast) on {connection.vendor}; "
                     f"target: 100,000 offers in < 10 minutes (issue 7). {shared}")
        return
    index = build_index()
    rows = measure(args.runs, in_memory=True)
    if not args.index_only:
        rows += measure(args.runs, in_memory=False)
    report(f"catalogue_{connection.vendor}", rows, offers=args.offers, database=connection.vendor,
           build_seconds=round(built, 1), search_index=index,
           notes=f"{args.offers:,} synthetic Dutch offers (45 topics, 500 providers, 1-3 sessions, schemes) on "
                 f"{connection.vendor}; targets: search p95 < 100 ms, recommendations p95 < 200 ms (issue 7). "
                 f"Search includes the facet counts, the freshness check and the page's net prices; "
                 f"[index] = the search index in memory (what the server uses once it is built), [SQL] = the "
                 f"same search in SQL (used until then). {shared}")


if __name__ == "__main__":
    main()
