"""Foundation numbers: full ESCO import on SQLite, index build, and skill-search latency (warm).

Targets (issue 2): import (English + Dutch + relations) < 60 s on SQLite; search p95 < 20 ms warm,
lexical and encoder paths together.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

QUERIES = [
    "vrachtwagen besturen", "boekhouding", "klantvriendelijk", "heftruck", "lassen", "schoonmaken",
    "kassa", "verpleegkundige zorg", "programmeren", "Excel", "teamwerk", "Engels spreken", "koken",
    "magazijn", "veiligheid", "timmeren", "elektriciteit", "loodgieter", "kinderopvang", "marketing",
    "sociale media", "boekhoudsoftware", "rijbewijs", "klanten helpen", "plannen", "conflict oplossen",
    "data analyseren", "machines bedienen", "onderhoud", "herstellen", "verkopen", "onthaal",
    "drive trucks", "accounting", "customer service", "forklift", "welding", "nursing", "cooking",
    "conduire un chariot élévateur", "comptabilité", "service client", "soudage", "cuisine",
    "hef", "boekh", "klant", "vrachtw", "verpl", "progr",
]


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="lifelong-bench-"))
    django_setup(f"sqlite:///{tmp / 'bench.sqlite3'}")
    from django.core.management import call_command

    from lifelong.taxonomy import encoder, search
    from lifelong.taxonomy.esco_files import BUNDLED
    from lifelong.taxonomy.selectors import build_index, search_concepts
    from lifelong.taxonomy.services import import_esco

    call_command("migrate", verbosity=0)
    rows = []
    t = time.perf_counter()
    rep = import_esco(path=BUNDLED, languages=["en", "nl"])
    rows.append({"step": "ESCO import en+nl+relations (fresh SQLite)", "seconds": time.perf_counter() - t,
                 "target": "< 60 s", "detail": rep.summary()})
    t = time.perf_counter()
    rep = import_esco(path=BUNDLED, languages=["en", "nl", "fr"])
    rows.append({"step": "ESCO re-import en+nl+fr+relations (update)", "seconds": time.perf_counter() - t,
                 "target": "", "detail": rep.summary()})
    from lifelong.taxonomy.competent import import_competent
    from lifelong.taxonomy.selectors import taxonomy_stats

    t = time.perf_counter()
    rep = import_competent()
    rows.append({"step": "VDAB Competent crosswalk import", "seconds": time.perf_counter() - t,
                 "target": "", "detail": rep.summary()})
    stats = taxonomy_stats()
    t = time.perf_counter()
    index = build_index()
    rows.append({"step": "search index build (labels, translations, vectors)",
                 "seconds": time.perf_counter() - t, "target": "", "detail": f"{len(index.entries)} concepts"})

    from lifelong.taxonomy import selectors

    selectors._index = (selectors.EscoVersion.objects.values_list("id", "imported_at").first(), index)
    encoder.default_encoder().encode_queries(["warm up"])  # model loaded: "warm"
    search_concepts("warm", language="nl")

    def timed(fn, queries):
        out = []
        for q in queries:
            encoder.query_vector.cache_clear()  # every query is new to the encoder
            t0 = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - t0) * 1000)
        return out

    full = timed(lambda q: search_concepts(q, language="nl", limit=10), QUERIES * 3)
    lexical_index = search.ConceptIndex(index.entries).freeze()
    lexical = timed(lambda q: lexical_index.search(q, "nl", 10, ["skill"]), QUERIES * 3)
    encode = timed(lambda q: encoder.query_vector(q), QUERIES * 3)
    for name, values in (("skill search, lexical + encoder (full)", full), ("lexical path only", lexical),
                         ("query encoding only (e5-small)", encode)):
        rows.append({"step": name, "seconds": None, "target": "p95 < 20 ms" if "full" in name else "",
                     "detail": f"p50 {statistics.median(values):.1f} ms · p95 {percentile(values, 95):.1f} ms · "
                               f"max {max(values):.1f} ms · n={len(values)}"})
    report("taxonomy", rows, notes="Warm = model loaded and index built; the query-embedding cache is cleared "
           "before every query so each one pays the encoder.", queries=len(QUERIES) * 3,
           search_p95_ms=percentile(full, 95), search_p50_ms=statistics.median(full),
           import_seconds=rows[0]["seconds"], labels=stats["labels"], competent=stats["competent"],
           search_labels=sum(len(e.labels) for e in index.entries))
    os.environ.pop("DATABASE_URL", None)


if __name__ == "__main__":
    main()
