"""Quality of the competence search (``ConceptIndex.search``, behind /esco/?q=, search-as-you-type and the API).

The set: ``benchmarks/data/search-quality-nl/queries.csv`` (see its README.md) — Dutch queries as a Flemish
person types them (1–4 words, never literally a label of the concept), each with the ESCO URIs that are right.
A fixed 30 % of every source is **held out** and never used for tuning; the rest is **dev**.

Per split: MRR (first right answer in the top 10; 0 when none), hit@1, hit@5, in %. "dev cuts": the dev split
cut at random into 70 % five times (seeds 0–4): mean ± standard deviation of the figures over those cuts,
to show how much of a difference is noise. Per source too (hand-written, ESCO-derived, Competent-derived).
Latency in the same run: ``search_concepts`` (the full path, encoder included, embedding cache cleared before
every query), p50/p95 over every query of the set.

    .venv/bin/python benchmarks/bench_search_quality.py [--database sqlite:////tmp/x.sqlite3] [--label after]

``--database``: reuse a database that already holds ESCO (imported when empty). Without it a fresh SQLite file
is filled (about a minute).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import django_setup, report  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "search-quality-nl" / "queries.csv"
CUTS, CUT_SHARE, TOP = 5, 0.7, 10


def load_set() -> list[dict]:
    with open(DATA, newline="", encoding="utf-8") as fh:
        return [{**row, "uris": set(row["uris"].split())} for row in csv.DictReader(fh)]


def ranks(index, items: list[dict]) -> dict[str, int | None]:
    """query id → rank (1-based) of the first right answer in the top 10, None when none is."""
    out = {}
    for item in items:
        hits = index.search(item["query"], "nl", TOP, [item["type"]])
        out[item["id"]] = next((i for i, h in enumerate(hits, 1) if h.uri in item["uris"]), None)
    return out


def metrics(rank_of: dict, items: list[dict]) -> dict[str, float]:
    rs = [rank_of[i["id"]] for i in items]
    n = max(len(rs), 1)
    return {"MRR": 100 * sum(1 / r for r in rs if r) / n, "hit@1": 100 * sum(1 for r in rs if r == 1) / n,
            "hit@5": 100 * sum(1 for r in rs if r and r <= 5) / n, "n": len(rs)}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


def evaluate(index, items: list[dict]) -> tuple[list[dict], dict]:
    rank_of = ranks(index, items)
    dev = [i for i in items if i["split"] == "dev"]
    held = [i for i in items if i["split"] == "held-out"]
    rows = []
    for name, part in (("dev", dev), ("held-out", held)):
        rows.append({"split": name, **metrics(rank_of, part)})
    cuts = []
    for seed in range(CUTS):
        part = random.Random(seed).sample(dev, round(CUT_SHARE * len(dev)))
        cuts.append(metrics(rank_of, part))
    rows.append({"split": f"dev cuts ({CUTS}×{CUT_SHARE:.0%}) mean", **{k: statistics.mean(c[k] for c in cuts)
                                                                         for k in ("MRR", "hit@1", "hit@5", "n")}})
    rows.append({"split": "dev cuts sd", **{k: statistics.stdev(c[k] for c in cuts) for k in ("MRR", "hit@1", "hit@5")},
                 "n": None})
    by_source = defaultdict(list)
    for i in items:
        by_source[i["source"]].append(i)
    for source, part in sorted(by_source.items()):
        rows.append({"split": f"all · {source}", **metrics(rank_of, part)})
    return rows, rank_of


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", help="a database URL that holds (or will hold) ESCO")
    parser.add_argument("--label", default="", help="a name for this run in the JSON (before/after)")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{Path(tempfile.mkdtemp(prefix='lifelong-bench-')) / 'bench.sqlite3'}"
    django_setup(url)
    from django.core.management import call_command

    from lifelong.taxonomy import encoder, selectors
    from lifelong.taxonomy.competent import import_competent
    from lifelong.taxonomy.esco_files import BUNDLED
    from lifelong.taxonomy.models import Concept
    from lifelong.taxonomy.services import import_esco

    call_command("migrate", verbosity=0)
    if not Concept.objects.exists():
        import_esco(path=BUNDLED, languages=["en", "nl", "fr"])
        import_competent()
    t = time.perf_counter()
    index = selectors.build_index()
    build = time.perf_counter() - t
    selectors._index = (selectors.EscoVersion.objects.values_list("id", "imported_at").first(), index)
    encoder.default_encoder().encode_queries(["warm up"])
    selectors.search_concepts("warm", language="nl")

    items = load_set()
    rows, rank_of = evaluate(index, items)
    times = []
    for item in items:
        encoder.query_vector.cache_clear()
        t0 = time.perf_counter()
        selectors.search_concepts(item["query"], language="nl", limit=TOP, concept_type=item["type"])
        times.append((time.perf_counter() - t0) * 1000)
    rows.append({"split": "latency search_concepts (ms): p50 / p95", "MRR": statistics.median(times),
                 "hit@1": percentile(times, 95), "hit@5": None, "n": len(times)})
    misses = [{"id": i["id"], "query": i["query"], "split": i["split"], "rank": rank_of[i["id"]]}
              for i in items if rank_of[i["id"]] != 1]
    report(f"search_quality{'_' + args.label if args.label else ''}", rows,
           notes="MRR, hit@1, hit@5 in % (top 10). Held-out: never tuned on. Latency row: p50 and p95 in ms in "
                 "the MRR and hit@1 columns (warm, embedding cache cleared before each query). Load average "
                 f"at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores.",
           label=args.label, index_build_seconds=build, search_p50_ms=statistics.median(times),
           search_p95_ms=percentile(times, 95), load_average=os.getloadavg(), queries=len(items), misses=misses)


if __name__ == "__main__":
    main()
