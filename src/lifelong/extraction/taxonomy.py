"""The taxonomy as plain data, and a loader for the bundled ESCO CSV files.

The engine never touches the database: it is built from a :class:`Taxonomy`,
which :func:`load_esco` reads from the ESCO CSV package layout through
``lifelong.taxonomy.esco_files`` (the bundled copy by default).
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lifelong.taxonomy.esco_files import (
    BUNDLED,
    BUNDLED_VERSION,
    _open_text,
    find,
    read_rows,
    split_labels,
)

LANGUAGES = ("nl", "fr", "en")
# VDAB's Competent 3.8 beside ESCO (issue 18.2): its Dutch and French names of the competences that mean the
# same as a skill (exactMatch, closeMatch) are read as extra labels of that skill, so Dutch text finds a skill
# by its Competent name too (e.g. where ESCO has no Dutch label).
BUNDLED_COMPETENT = BUNDLED.parent.parent / "competent" / "esco_vdab_competent_3.8_crosswalk.csv.gz"
COMPETENT_NAMING = {"skos:exactMatch", "skos:closeMatch"}


@dataclass(frozen=True)
class Concept:
    """One ESCO skill or occupation with its labels per language."""

    uri: str
    kind: str  # "skill" | "occupation"
    preferred: dict[str, str]  # language → preferred label
    alternative: dict[str, tuple[str, ...]] = field(default_factory=dict)
    description: str = ""  # English (or the first language that has one)

    def label(self, language: str = "en") -> str:
        return self.preferred.get(language) or self.preferred.get("en") or next(iter(self.preferred.values()), self.uri)


@dataclass
class Taxonomy:
    version: str
    skills: list[Concept]
    occupations: list[Concept]
    essential: dict[str, tuple[str, ...]] = field(default_factory=dict)  # occupation → skills
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """Changes whenever a URI, a label or a relation changes (keys the engine caches)."""
        h = hashlib.sha1(self.version.encode())
        for concept in (*self.skills, *self.occupations):
            h.update(concept.uri.encode())
            for lang in sorted(concept.preferred):
                h.update(f"\x00{lang}\x00{concept.preferred[lang]}".encode())
                h.update("\x01".join(concept.alternative.get(lang, ())).encode())
            h.update(concept.description.encode())
        for occ in sorted(self.essential):
            h.update(f"{occ}\x02{','.join(self.essential[occ])}".encode())
        return h.hexdigest()[:16]


class _Builder:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.order: list[str] = []
        self.preferred: dict[str, dict[str, str]] = defaultdict(dict)
        self.alternative: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.description: dict[str, str] = {}

    def add(self, path: Path | None, language: str, known_only: bool) -> None:
        if path is None:
            return
        for row in read_rows(path):
            uri = row.get("conceptUri")
            label = row.get("preferredLabel")
            if not uri or not label or row.get("status") in ("obsolete",):
                continue
            if uri not in self.preferred:
                if known_only:
                    continue  # labels for a concept the English pillar does not have
                self.order.append(uri)
            self.preferred[uri][language] = label
            alts = [*split_labels(row.get("altLabels")), *split_labels(row.get("hiddenLabels"))]
            self.alternative[uri][language].extend(a for a in alts if a != label)
            if row.get("description") and uri not in self.description:
                self.description[uri] = row.get("description")

    def add_competent(self, names: dict[str, dict[str, list[str]]]) -> None:
        """Competent names as alternative labels (a name equal to a label already there is not repeated)."""
        for uri, per_language in names.items():
            if uri not in self.preferred:
                continue
            for lang, texts in per_language.items():
                have = {self.preferred[uri].get(lang, "").lower(), *(a.lower() for a in self.alternative[uri][lang])}
                self.alternative[uri][lang].extend(t for t in dict.fromkeys(texts) if t.lower() not in have)

    def concepts(self) -> list[Concept]:
        return [Concept(uri, self.kind, dict(self.preferred[uri]),
                        {lang: tuple(dict.fromkeys(a)) for lang, a in self.alternative[uri].items() if a},
                        self.description.get(uri, ""))
                for uri in self.order]


def competent_names(path: Path | None) -> dict[str, dict[str, list[str]]]:
    """skill URI → language → the Competent names that mean the same (exactMatch, closeMatch), from the
    crosswalk file (its metadata block skipped); ``{}`` without a file."""
    if path is None or not Path(path).is_file():
        return {}
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with _open_text(Path(path)) as handle:
        header = None
        for values in csv.reader(handle):
            if header is None:
                if values and values[0].strip() == "Classification 1 URI":
                    header = [v.strip() for v in values]
                continue
            row = dict(zip(header, (v.strip() for v in values), strict=False))
            if row.get("Mapping Relation") not in COMPETENT_NAMING or not row.get("Classification 1 URL"):
                continue
            for lang, column in (("nl", "Classification 2 PrefLabel NL"), ("fr", "Classification 2 PrefLabel FR")):
                if row.get(column):
                    out[row["Classification 1 URL"]][lang].append(row[column])
    return out


def load_esco(root: Path = BUNDLED, version: str = BUNDLED_VERSION, competent: Path | None = BUNDLED_COMPETENT) -> Taxonomy:
    """Skills and occupations (en, nl, fr labels; the Competent names of a skill as extra nl and fr labels)
    and occupation–skill relations."""
    root = Path(root)
    skills, occupations = _Builder("skill"), _Builder("occupation")
    skills.add(find(root, "en/skills_en"), "en", known_only=False)
    occupations.add(find(root, "en/occupations_en"), "en", known_only=False)
    for lang in ("nl", "fr"):
        skills.add(find(root, f"{lang}/skills_{lang}") or find(root, f"{lang}/skills_{lang}_labels"), lang, True)
        occupations.add(find(root, f"{lang}/occupations_{lang}") or find(root, f"{lang}/occupations_{lang}_labels"), lang, True)
    if competent is not None and Path(root) == BUNDLED:  # the crosswalk is for the bundled ESCO version
        skills.add_competent(competent_names(competent))
    essential: dict[str, list[str]] = defaultdict(list)
    optional: dict[str, list[str]] = defaultdict(list)
    rel = find(root, "relations/occupationSkillRelations")
    if rel is not None:
        for row in read_rows(rel):
            target = essential if row.get("relationType") == "essential" else optional
            target[row.get("occupationUri")].append(row.get("skillUri"))
    return Taxonomy(version, skills.concepts(), occupations.concepts(),
                    {k: tuple(v) for k, v in essential.items()}, {k: tuple(v) for k, v in optional.items()})
