"""Why English accurate-mode RP@5 fell after issue 18 (7,015 Dutch skill labels, Competent names): a bisection.

The engine is fitted on three label sets of the bundled ESCO — the 2,218 Dutch skill labels it had before issue
18 (read from git history: ``skills_nl_labels.csv.gz`` before commit 75c36ca), the 7,015 of issue 18 without the
Competent names, and the shipped set (7,015 + the Competent names as extra nl/fr labels) — and each is scored
with the dense signal of an English query compared with the English label vectors only (``en``, the shipped
``DENSE_LABEL_LANGUAGES``) and with the best of the English and Dutch ones (``en+nl``, as before the fix).
RP@5 on the HOUSE and TECH splits (Decorte et al. protocol of ``bench_skill_extraction.py``), shipped weights,
nothing tuned.

    .venv/bin/python benchmarks/bench_skill_extraction_bisect.py
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import ROOT, report  # noqa: E402
from bench_skill_extraction import QueryCache, load_sets, metrics  # noqa: E402

from lifelong.extraction import SkillExtractor, load_esco  # noqa: E402
from lifelong.extraction import scoring as engine  # noqa: E402
from lifelong.extraction.taxonomy import Taxonomy  # noqa: E402

BEFORE = "75c36ca^:src/lifelong/data/esco/v1.1.1/nl/skills_nl_labels.csv.gz"


def labels_before_issue_18() -> dict[str, tuple[str, tuple[str, ...]]]:
    raw = subprocess.run(["git", "-C", str(ROOT), "show", BEFORE], capture_output=True, check=True).stdout
    out = {}
    for row in csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))):
        alts = tuple(a for a in (row.get("altLabels") or "").split("\n") if a and a != row["preferredLabel"])
        out[row["conceptUri"]] = (row["preferredLabel"], alts)
    return out


def with_dutch_skill_labels(taxonomy: Taxonomy, labels: dict) -> Taxonomy:
    skills = []
    for c in taxonomy.skills:
        preferred = {k: v for k, v in c.preferred.items() if k != "nl"}
        alternative = {k: v for k, v in c.alternative.items() if k != "nl"}
        if c.uri in labels:
            preferred["nl"] = labels[c.uri][0]
            if labels[c.uri][1]:
                alternative["nl"] = labels[c.uri][1]
        skills.append(dataclasses.replace(c, preferred=preferred, alternative=alternative))
    return Taxonomy(taxonomy.version, skills, taxonomy.occupations, taxonomy.essential, taxonomy.optional)


def main() -> None:
    load_start = os.getloadavg()[0]
    variants = [("2,218 nl labels (before issue 18)", lambda: with_dutch_skill_labels(load_esco(competent=None),
                                                                                      labels_before_issue_18())),
                ("7,015 nl labels", lambda: load_esco(competent=None)),
                ("7,015 nl labels + Competent (shipped)", load_esco)]
    shipped = engine.DENSE_LABEL_LANGUAGES["en"]
    rows = []
    for name, build in variants:
        start = time.time()
        taxonomy = build()
        dutch = sum("nl" in c.preferred for c in taxonomy.skills)
        fast = SkillExtractor(mode="fast").fit(taxonomy)
        accurate = SkillExtractor(mode="accurate", embedding_cache=fast.embedding_cache).fit(taxonomy)
        sets = [s for s in load_sets({c.label("en"): i for i, c in enumerate(accurate.skills)}, accurate.skill_index)
                if s["language"] == "en"]
        cache = QueryCache(accurate)
        for dense in (("en", "nl"), ("en",)):
            engine.DENSE_LABEL_LANGUAGES["en"] = dense
            row = {"labels": name, "skills with nl label": dutch, "English query dense vs": "+".join(dense)}
            for s in sets:
                langs = ["en"] * len(s["sentences"])
                for mode, ex in (("fast", fast), ("accurate", accurate)):
                    scores = ex.fuse(ex.components(s["sentences"], langs), ex.weights_for("en"))
                    row[f"{s['name']} {mode}"] = round(metrics(scores, s["gold"])["RP@5"], 2)
            rows.append(row)
            cache.save()
        engine.DENSE_LABEL_LANGUAGES["en"] = shipped
        print(f"{name}: {time.time() - start:.0f}s", flush=True)
    report("skill_extraction_bisect", rows,
           notes="RP@5 in %, shipped fusion weights, nothing tuned. The fast mode has no dense signal, so its "
                 "columns do not depend on the dense setting. 'en' is the shipped setting.",
           load_avg_1min={"start": round(load_start, 1), "end": round(os.getloadavg()[0], 1)})


if __name__ == "__main__":
    main()
