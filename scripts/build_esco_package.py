"""Build the compact ESCO copy shipped inside the package (src/lifelong/data/esco/).

It keeps the official ESCO CSV package layout (one folder per language plus
``relations/``) and the official column names, drops the columns the platform
does not use, and gzips each file. ``lifelong taxonomy import`` reads this copy
and the official package the same way.

Run from the project root:  python scripts/build_esco_package.py ../shared/data/esco/v1.1.1
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

csv.field_size_limit(sys.maxsize)

KEEP = {
    "en/skills_en.csv": ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel",
                          "altLabels", "hiddenLabels", "status", "description"],
    "en/occupations_en.csv": ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
                               "hiddenLabels", "status", "description", "code"],
    "en/ISCOGroups_en.csv": ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels",
                              "description"],
    "en/skillGroups_en.csv": ["conceptType", "conceptUri", "preferredLabel", "altLabels", "status",
                               "description", "code"],
    "en/digitalSkillsCollection_en.csv": ["conceptUri"],
    "en/greenSkillsCollection_en.csv": ["conceptUri"],
    "en/languageSkillsCollection_en.csv": ["conceptUri"],
    "en/transversalSkillsCollection_en.csv": ["conceptUri"],
    "en/researchSkillsCollection_en.csv": ["conceptUri"],
    "en/digCompSkillsCollection_en.csv": ["conceptUri"],
    "nl/skills_nl.csv": ["conceptUri", "preferredLabel", "altLabels"],
    "nl/skills_nl_partial_provenance.csv": ["conceptUri", "labelSource"],
    "nl/occupations_nl.csv": ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels",
                               "hiddenLabels", "description", "code"],
    "nl/ISCOGroups_nl.csv": ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels"],
    "nl/skillGroups_nl.csv": ["conceptType", "conceptUri", "preferredLabel", "altLabels", "code"],
    "fr/skills_fr_labels.csv": ["conceptUri", "preferredLabel", "altLabels"],
    "relations/occupationSkillRelations.csv": ["occupationUri", "relationType", "skillUri"],
    "relations/broaderRelationsSkillPillar.csv": ["conceptType", "conceptUri", "broaderType", "broaderUri"],
    "relations/broaderRelationsOccPillar.csv": ["conceptType", "conceptUri", "broaderType", "broaderUri"],
}


# Bundled file → the source file it is built from, where the names differ. The official
# ``skills_nl.csv`` (all 13,896 skills) could not be obtained; the derived partial file in the same
# layout (7,015 skills, provenance per row) takes its place under the official name, so that an
# import of the official package replaces it label for label.
SOURCE_OF = {"nl/skills_nl.csv": "nl/skills_nl_partial.csv"}
# The partial file separates alternative labels with " | "; the official layout uses newlines.
PIPE_SEPARATED = {"nl/skills_nl.csv": ["altLabels"]}


def build(source: Path, target: Path) -> None:
    for rel, columns in KEEP.items():
        src = source / SOURCE_OF.get(rel, rel)
        dst = target / (rel + ".gz")
        dst.parent.mkdir(parents=True, exist_ok=True)
        with src.open(newline="", encoding="utf-8") as fin, gzip.open(
            dst, "wt", newline="", encoding="utf-8", compresslevel=9
        ) as fout:
            reader = csv.DictReader(fin)
            writer = csv.DictWriter(fout, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            n = 0
            for row in reader:
                for column in PIPE_SEPARATED.get(rel, []):
                    row[column] = "\n".join(p.strip() for p in (row.get(column) or "").split(" | ") if p.strip())
                writer.writerow(row)
                n += 1
        print(f"{rel}: {n} rows -> {dst.stat().st_size:,} bytes")


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/esco/v1.1.1")
    build(source, Path(__file__).resolve().parent.parent / "src/lifelong/data/esco/v1.1.1")
