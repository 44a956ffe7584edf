"""Build ``queries.csv`` (the search-quality set) from the bundled ESCO / Competent files and ``hand.tsv``.

Deterministic: the same inputs give the same file (fixed seed, split by a hash of the query text).
See README.md for the rules. Run from the repository root:

    .venv/bin/python benchmarks/data/search-quality-nl/make_queries.py
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import random
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import simplemma

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ESCO = ROOT / "src" / "lifelong" / "data" / "esco" / "v1.1.1"
CROSSWALK = ROOT / "src" / "lifelong" / "data" / "competent" / "esco_vdab_competent_3.8_crosswalk.csv.gz"
OUT = HERE / "queries.csv"
SEED = 20261205
HELD_OUT = 0.30
QUOTA = {"esco-nl-skill": 140, "competent": 90, "esco-nl-occupation": 40}  # + every hand-written query
MIN_OCCUPATIONS = 5  # a derived skill query only for skills that at least this many occupations need (common ones)

STOP = {"de", "het", "een", "en", "of", "van", "voor", "met", "in", "op", "aan", "te", "om", "bij", "naar", "door",
        "als", "die", "dat", "je", "u", "zich", "over", "uit", "tot", "onder", "tijdens", "zoals", "etc"}
# verbs that carry little of a skill's meaning; a person typing keywords leaves them out ("zorgen voor …")
GENERIC_VERBS = {"zorgen", "uitvoeren", "toepassen", "gebruiken", "maken", "verrichten", "beheren", "hebben", "zijn",
                 "werken", "doen", "houden", "nemen", "geven", "voeren", "bieden", "verlenen", "waarborgen",
                 "garanderen", "hanteren", "volgen", "naleven", "verzekeren", "aanwenden"}
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def norm(text: str, drop_stop: bool = False) -> str:
    toks = TOKEN.findall(fold(text))
    if drop_stop:
        toks = [t for t in toks if t not in STOP]
    return " ".join(toks)


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_labels(cell: str) -> list[str]:
    return [x.strip() for x in (cell or "").split("\n") if x.strip()]


def load() -> tuple[dict, dict, set[str], dict, set[str]]:
    """concept labels {uri: {"type", "nl": [...]}}, every label text (normalised), Competent groups."""
    concepts: dict[str, dict] = {}
    every: set[str] = set()
    old_esco: set[str] = set()

    def seen(text: str) -> None:
        every.add(norm(text))
        every.add(norm(text, drop_stop=True))

    for ctype, lang, name in (("skill", "en", "skills_en"), ("occupation", "en", "occupations_en"),
                              ("skill", "nl", "skills_nl"), ("occupation", "nl", "occupations_nl")):
        for row in read(ESCO / lang / f"{name}.csv.gz"):
            c = concepts.setdefault(row["conceptUri"], {"type": ctype, "nl": [], "en": ""})
            labels = [row["preferredLabel"], *split_labels(row.get("altLabels", "")),
                      *split_labels(row.get("hiddenLabels", ""))]
            for text in labels:
                seen(text)
            if lang == "nl":
                c["nl"].extend(t for t in labels if t)
            else:
                c["en"] = row["preferredLabel"]
    fr = ESCO / "fr" / "skills_fr_labels.csv.gz"
    if fr.exists():
        for row in read(fr):
            for key, value in row.items():
                if key != "conceptUri":
                    for text in split_labels(value):
                        seen(text)
    competent: dict[str, dict] = {}
    with gzip.open(CROSSWALK, "rt", encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()[16:]
    for row in csv.DictReader(lines):
        for key in ("Classification 2 PrefLabel NL", "Classification 2 PrefLabel FR"):  # indexed as labels
            seen(row[key])
        old_esco.add(norm(row["Classification 1 PrefLabel"]))  # ESCO v1.0.3 Dutch label: not indexed
        uri = row["Classification 1 URL"]
        if row["Mapping Relation"] in ("skos:exactMatch", "skos:closeMatch") and uri in concepts:
            g = competent.setdefault(row["Classification 2 ID"], {"name": row["Classification 2 PrefLabel NL"],
                                                                  "uris": set()})
            g["uris"].add(uri)
    needed: dict[str, int] = defaultdict(int)
    for row in read(ESCO / "relations" / "occupationSkillRelations.csv.gz"):
        needed[row["skillUri"]] += 1
    return concepts, competent, every | old_esco, needed, every


def lemma(tok: str) -> str:
    """Plural → singular, inflected adjective → plain (klanten → klant, medische → medisch); nothing else."""
    if len(tok) < 5:
        return tok
    try:
        out = simplemma.lemmatize(tok, lang="nl").lower()
    except Exception:
        return tok
    return out if len(out) < len(tok) and tok.startswith(out[:-1]) else tok


def derive_word(tok: str) -> str | None:
    """klantgerichtheid → klantgericht (the noun back to its adjective; "-ing" → verb was tried: too often wrong,
    "leefomgeving" → "leefomgeven")."""
    if tok.endswith("heid") and len(tok) >= 9:
        return tok[:-4]
    return None


def variants(label: str, rng: random.Random, ctype: str) -> list[tuple[str, str]]:
    """(rule, query) candidates for one label, most interesting rule first."""
    toks = TOKEN.findall(label.lower().replace("(", " ").replace(")", " "))
    content = [t for t in toks if t not in STOP and t not in GENERIC_VERBS]
    out = []
    if not content:
        return out
    for i, tok in enumerate(content):
        new = derive_word(tok)
        if new and len(content) <= 3 and ctype == "skill":
            words = content[:i] + [new] + content[i + 1:]
            if tok.endswith("heid") and len(words) == 1:  # "stressbestendigheid" → "stressbestendig zijn"
                words.append(rng.choice(["zijn", "werken", ""]))
            out.append(("derivation", " ".join(w for w in words if w)))
            break
    lemmas = [lemma(t) for t in content]
    if lemmas != content and 1 <= len(lemmas) <= 4:
        out.append(("inflection+keywords", " ".join(lemmas)))
    if content != toks and 1 <= len(content) <= 4:
        out.append(("keywords", " ".join(content)))
    return [(r, q) for r, q in out if len(q) >= 5]


def main() -> None:
    concepts, competent, every, needed, indexed = load()
    rng = random.Random(SEED)
    by_en = defaultdict(list)
    for uri, c in concepts.items():
        by_en[(c["type"], c["en"])].append(uri)
    queries: dict[tuple[str, str], dict] = {}  # (type, normalised query) → row

    def add(source, rule, query, ctype, uris, origin) -> bool:
        key = (ctype, norm(query))
        # literally a label of some concept: no. Hand-written queries are checked against the labels the search
        # sees (ESCO v1.1.1, Competent names); derived ones also against the crosswalk's ESCO v1.0.3 Dutch labels
        labels = indexed if source == "hand" else every
        if key[1] in labels or norm(query, drop_stop=True) in labels:
            return False
        if key in queries:  # the same words from another concept: both are right
            queries[key]["uris"] |= set(uris)
            return False
        queries[key] = {"query": query, "type": ctype, "source": source, "rule": rule, "origin": origin,
                        "uris": set(uris)}
        return True

    for line in (HERE / "hand.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, ctype, gold = line.split("\t")
        uris = [u for label in gold.split(";") for u in by_en.get((ctype, label.strip()), [])]
        missing = [g for g in gold.split(";") if not by_en.get((ctype, g.strip()))]
        if missing:
            sys.exit(f"hand.tsv: {query!r}: no ESCO {ctype} with English label {missing}")
        if not add("hand", "hand-written", query, ctype, uris, gold):
            print(f"hand.tsv: {query!r} is a label or a duplicate: left out", file=sys.stderr)

    pools: dict[str, list] = {"esco-nl-skill": [], "competent": [], "esco-nl-occupation": []}
    for uri, c in sorted(concepts.items()):
        if c["type"] == "skill" and needed[uri] < MIN_OCCUPATIONS:
            continue
        for label in dict.fromkeys(c["nl"]):
            pools[f"esco-nl-{c['type']}"].append((label, [uri]))
    for _cid, g in sorted(competent.items()):
        pools["competent"].append((g["name"], sorted(g["uris"])))
    for source, pool in pools.items():
        rng.shuffle(pool)
        taken, used = 0, set()
        for label, uris in pool:
            if taken >= QUOTA[source]:
                break
            if uris[0] in used:  # one query per concept: breadth
                continue
            ctype = concepts[uris[0]]["type"]
            for rule, query in variants(label, rng, ctype):
                if add(source, rule, query, ctype, uris, label):
                    taken += 1
                    used.add(uris[0])
                    break
    rows = sorted(queries.values(), key=lambda r: (r["source"], r["query"]))
    by_source = defaultdict(list)
    for r in rows:
        by_source[r["source"]].append(r)
    for group in by_source.values():  # a fixed 30 % of every source is held out
        group.sort(key=lambda r: hashlib.sha1(f"{SEED}:{r['type']}:{r['query']}".encode()).hexdigest())
        cut = round(HELD_OUT * len(group))
        for i, r in enumerate(group):
            r["split"] = "held-out" if i < cut else "dev"
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "query", "type", "split", "source", "rule", "origin", "uris"])
        for i, r in enumerate(rows, 1):
            w.writerow([f"q{i:03d}", r["query"], r["type"], r["split"], r["source"], r["rule"], r["origin"],
                        " ".join(sorted(r["uris"]))])
    counts = defaultdict(int)
    for r in rows:
        counts[(r["source"], r["split"])] += 1
    print(f"{len(rows)} queries → {OUT.relative_to(ROOT)}")
    for k in sorted(counts):
        print(" ", k, counts[k])


if __name__ == "__main__":
    main()
