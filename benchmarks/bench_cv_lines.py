"""CV reading (issue 18 point 4): line kinds, skills before/after the line reading, and the confidence floor.

On the CV-line dev set (``tests/fixtures/cv-lines-dev/cv_lines.csv``: 154 lines of 16 Dutch and French
CVs, each with its kind and, for skill lines, its ESCO skills):

1. **Line kinds**: ``people.cv_lines.read_lines`` on each whole CV; accuracy and, per kind, precision and
   recall against the annotation.
2. **Skills, RP@5 per line with gold skills** (the Decorte et al. measure: |top-5 ∩ gold| / min(5, |gold|)):
   *before* = the old reading (the line as written, only headings and contact lines dropped);
   *after, engine only* = the line without its dates and employer names; *after* = that plus the
   product glossary ("Excel", "heftruck"). All with the engine's ``fast`` mode, as the CV page uses it.
3. **Noise**: suggestions made from lines that state no skill (periods, employers, diplomas, headings),
   before and after.
4. **The floor**: every suggestion the CV page would list (the best three per line, after the line
   reading), scored correct when it is a gold skill of its line; for each floor, precision and recall of
   what is shown; the floor with the best F1 (ties: the higher) is the proposal for
   ``settings.CV_SUGGESTION_FLOOR``.

    .venv/bin/python benchmarks/bench_cv_lines.py
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from _common import ROOT, report, table  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
os.environ.setdefault("DEBUG", "1")

DEV_SET = ROOT / "tests" / "fixtures" / "cv-lines-dev" / "cv_lines.csv"
PER_LINE = 3  # the CV page lists at most three skills per CV sentence (people.cv.PER_SENTENCE)
FLOORS = [round(1.0 + 0.05 * i, 2) for i in range(41)]  # 1.0 (the engine's own floor) … 3.0
BOOTSTRAP = 300


def load() -> dict[str, list[dict]]:
    by_cv: dict[str, list[dict]] = defaultdict(list)
    with open(DEV_SET, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            row["gold"] = {u for u in row["uris"].split(";") if u}
            by_cv[row["cv"]].append(row)
    return by_cv


def rp_at(ranked: list[str], gold: set[str], k: int = 5) -> float:
    return len(set(ranked[:k]) & gold) / min(k, len(gold))


def main() -> None:
    import django

    django.setup()
    from lifelong.people import cv, cv_lines

    by_cv = load()
    rows = [r for rs in by_cv.values() for r in rs]

    # 1. line kinds
    predicted: list[tuple[dict, cv_lines.Line]] = []
    for rs in by_cv.values():
        lines = cv_lines.read_lines("\n".join(r["line"] for r in rs))
        assert len(lines) == len(rs), rs[0]["cv"]
        predicted.extend(zip(rs, lines, strict=True))
    kinds = sorted({r["kind"] for r in rows})
    kind_rows = []
    for kind in kinds:
        tp = sum(r["kind"] == kind and line.kind == kind for r, line in predicted)
        said = sum(line.kind == kind for _, line in predicted)
        true = sum(r["kind"] == kind for r, _ in predicted)
        kind_rows.append({"kind": kind, "lines": true, "precision %": round(100 * tp / said, 1) if said else None,
                          "recall %": round(100 * tp / true, 1) if true else None})
    accuracy = 100 * sum(r["kind"] == line.kind for r, line in predicted) / len(predicted)
    confusions = Counter(f"{r['kind']}→{line.kind}" for r, line in predicted if r["kind"] != line.kind)

    # 2./3. skills per line: before, after (engine only), after (+ glossary)
    extractor = cv.extractor()
    t0 = time.perf_counter()
    before_texts = [r["line"] for r, line in predicted]
    before = extractor.extract(before_texts, languages=[r["language"] for r, _ in predicted])
    after_texts = [line.skill_text or "" for _, line in predicted]
    after = extractor.extract([t if t.strip() else "." for t in after_texts],
                              languages=[r["language"] for r, _ in predicted])
    seconds = time.perf_counter() - t0

    def ranked(result, line_text: str, keep: bool) -> list[tuple[str, float]]:
        """(uri, confidence): the score as a multiple of the engine's own floor for the language (the
        scales differ: Dutch scores run about twice as high as French ones), as ``people.cv`` stores it."""
        if not keep or not line_text.strip():
            return []
        return [(m.uri, cv.confidence(m.score, result.language)) for m in result.skills]

    per_line = []
    for (r, line), b, a in zip(predicted, before, after, strict=True):
        kept_before = cv.competence_lines(r["line"]).strip() != ""
        b_ranked = ranked(b, r["line"], kept_before)
        a_engine = ranked(a, line.skill_text, True)
        terms = [(t["uri"], cv.GLOSSARY_CONFIDENCE) for t in line.terms]
        a_all = terms + [(u, s) for u, s in a_engine if u not in {t for t, _ in terms}]
        per_line.append({"row": r, "line": line, "before": b_ranked, "after_engine": a_engine, "after": a_all})

    gold_lines = [p for p in per_line if p["row"]["gold"]]
    noise_lines = [p for p in per_line if p["row"]["kind"] in ("heading", "period", "employer")]
    # a diploma's subject is read for one skill ("boekhouden" → accounting); the set has no gold for it, so
    # those lines are counted apart, neither as hits nor as noise
    diploma_lines = [p for p in per_line if p["row"]["kind"] == "diploma"]
    judged = [p for p in per_line if p["row"]["kind"] != "diploma"]

    def mean_rp(key: str, lines: list[dict]) -> float:
        return round(100 * sum(rp_at([u for u, _ in p[key]], p["row"]["gold"]) for p in lines) / len(lines), 1)

    def shown(p: dict, key: str, floor: float) -> list[tuple[str, float]]:
        return [(u, s) for u, s in p[key][:p["line"].max_skills if key != "before" else PER_LINE] if s >= floor]

    # 4. the floor, on what the page would list after the line reading; the set is small, so the F1 of each
    # floor is bootstrapped over lines and the lowest floor within one standard deviation of the best is taken
    # (a person confirms every suggestion: of two floors that do equally well, the one that hides less)
    def f1_at(lines: list[dict], floor: float) -> tuple[int, float, float, float]:
        listed = [(u in p["row"]["gold"]) for p in lines for u, _ in shown(p, "after", floor)]
        found = sum(len({u for u, _ in shown(p, "after", floor)} & p["row"]["gold"]) for p in lines)
        gold = sum(len(p["row"]["gold"]) for p in lines) or 1
        precision = sum(listed) / len(listed) if listed else 0.0
        recall = found / gold
        return len(listed), precision, recall, (2 * precision * recall / (precision + recall) if precision + recall
                                                else 0.0)

    rng = random.Random(18)
    samples = [[rng.choice(judged) for _ in judged] for _ in range(BOOTSTRAP)]
    total_gold = sum(len(p["row"]["gold"]) for p in judged)
    floor_rows = []
    for floor in FLOORS:
        n, precision, recall, f1 = f1_at(judged, floor)
        spread = statistics.pstdev(f1_at(sample, floor)[3] for sample in samples)
        floor_rows.append({"floor": floor, "shown": n, "precision %": round(100 * precision, 1),
                           "recall %": round(100 * recall, 1), "F1 %": round(100 * f1, 1),
                           "F1 sd %": round(100 * spread, 1)})
    best = max(floor_rows, key=lambda r: (r["F1 %"], r["floor"]))
    chosen_row = min((r for r in floor_rows if r["F1 %"] >= best["F1 %"] - best["F1 sd %"]), key=lambda r: r["floor"])
    chosen = chosen_row["floor"]

    def noise(key: str, floor: float) -> int:
        return sum(len(shown(p, key, floor)) for p in noise_lines)

    skill_rows = [
        {"reading": "before (line as written)", "RP@5 %": mean_rp("before", gold_lines),
         "RP@5 nl %": mean_rp("before", [p for p in gold_lines if p["row"]["language"] == "nl"]),
         "RP@5 fr %": mean_rp("before", [p for p in gold_lines if p["row"]["language"] == "fr"]),
         "noise (all kept)": noise("before", 0.0), f"noise (floor {chosen})": noise("before", chosen)},
        {"reading": "after, engine only", "RP@5 %": mean_rp("after_engine", gold_lines),
         "RP@5 nl %": mean_rp("after_engine", [p for p in gold_lines if p["row"]["language"] == "nl"]),
         "RP@5 fr %": mean_rp("after_engine", [p for p in gold_lines if p["row"]["language"] == "fr"]),
         "noise (all kept)": noise("after_engine", 0.0), f"noise (floor {chosen})": noise("after_engine", chosen)},
        {"reading": "after, + glossary", "RP@5 %": mean_rp("after", gold_lines),
         "RP@5 nl %": mean_rp("after", [p for p in gold_lines if p["row"]["language"] == "nl"]),
         "RP@5 fr %": mean_rp("after", [p for p in gold_lines if p["row"]["language"] == "fr"]),
         "noise (all kept)": noise("after", 0.0), f"noise (floor {chosen})": noise("after", chosen)},
    ]
    noise_examples = sorted({(p["row"]["kind"], p["row"]["line"][:60], p["before"][0][0].rsplit("/", 1)[1][:8])
                             for p in noise_lines if p["before"][:1]})[:10]

    print(f"\n## line kinds: accuracy {accuracy:.1f} % of {len(predicted)} lines; confusions {dict(confusions)}\n")
    print(table(kind_rows))
    print("\n## confidence floor (what the CV page lists after the line reading)\n")
    print(table([r for r in floor_rows if r["floor"] <= 2.5]))
    report("cv_lines", skill_rows,
           notes=(f"Line-kind accuracy {accuracy:.1f} % of {len(predicted)} lines ({dict(confusions)}). "
                  f"RP@5 over {len(gold_lines)} lines with gold skills ({total_gold} skills); noise = suggestions "
                  f"from the {len(noise_lines)} heading, period and employer lines (at most {PER_LINE} per line). Best F1 of what the "
                  f"page lists at floor {best['floor']} ({best['F1 %']} ± {best['F1 sd %']} %, bootstrap over lines); "
                  f"chosen: the lowest floor within one sd of it, {chosen} (precision {chosen_row['precision %']} %, "
                  f"recall {chosen_row['recall %']} %, F1 {chosen_row['F1 %']} %). Engine time for {2 * len(predicted)} lines: {seconds:.1f} s. "
                  "Dev figures: the line rules were adjusted on this set."),
           diploma_subjects=[{"line": p["row"]["line"], "shown": [u for u, _ in shown(p, "after", chosen)]}
                             for p in diploma_lines],
           line_kinds=kind_rows, floors=floor_rows, line_kind_accuracy=round(accuracy, 1), confusions=dict(confusions),
           chosen_floor=chosen, load=os.getloadavg(), noise_examples_before=noise_examples)


if __name__ == "__main__":
    main()
