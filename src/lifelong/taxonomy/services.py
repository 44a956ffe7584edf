"""Writes to the competence language: importing an ESCO package.

``import_esco`` is idempotent: concepts are upserted by URI, labels,
descriptions and relations are made equal to the files (new ones added, changed
ones updated, ones no longer in the files removed), never duplicated. Every row
that cannot be taken is reported with its file, line and reason; the valid rows
go in regardless.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from . import esco_files as ef
from .models import (
    Broader,
    Collection,
    Concept,
    ConceptType,
    Description,
    EscoVersion,
    Label,
    LabelKind,
    OccupationSkill,
    ReuseLevel,
    SkillType,
)

BATCH = 2000
MAX_LABEL = 500
SKILL_TYPES = {c.value for c in SkillType}
REUSE_LEVELS = {c.value for c in ReuseLevel}
RELEVANCE = {"essential", "optional"}
LABEL_COLUMNS = ("conceptUri", "preferredLabel")


@dataclass(frozen=True)
class Refusal:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class ImportReport:
    version: str
    source: str
    counts: dict[str, int] = field(default_factory=dict)
    refused: list[Refusal] = field(default_factory=list)
    seconds: float = 0.0
    _seen: set = field(default_factory=set, repr=False)

    def refuse(self, row: ef.Row, reason: str) -> None:
        if (row.file, row.line) in self._seen:  # a row read twice (concepts, then labels) is reported once
            return
        self._seen.add((row.file, row.line))
        self.refused.append(Refusal(row.file, row.line, reason))

    def summary(self) -> str:
        parts = ", ".join(f"{k} {v:,}" for k, v in self.counts.items())
        return f"ESCO {self.version} from {self.source}: {parts}; refused {len(self.refused):,} rows; {self.seconds:.1f}s"


Progress = Callable[[str], None]


class EscoImport:
    """One run of an import; see ``import_esco``."""

    def __init__(self, root: Path, version: str, languages: Iterable[str], progress: Progress | None):
        self.root = root
        self.version = version
        self.languages = [lang for lang in languages if lang in ef.LANGUAGES]
        self.progress = progress or (lambda message: None)
        self.report = ImportReport(version=version, source=str(root))
        self.ids: dict[str, int] = {}
        self.types: dict[str, str] = {}

    # -- reading -----------------------------------------------------------
    def rows(self, stem: str):
        path = ef.find(self.root, stem)
        if path is None:
            return []
        return ef.read_rows(path, self.root)

    def _concept_rows(self, stem: str, concept_type: str) -> list[dict]:
        out = []
        for row in self.rows(stem):
            uri, label = row.get("conceptUri"), row.get("preferredLabel")
            if not uri.startswith(("http://", "https://")):
                self.report.refuse(row, f"conceptUri missing or not a URI: {uri!r}")
                continue
            if not label:
                self.report.refuse(row, "preferredLabel is empty")
                continue
            if len(label) > MAX_LABEL:
                self.report.refuse(row, f"preferredLabel longer than {MAX_LABEL} characters")
                continue
            skill_type, reuse = row.get("skillType"), row.get("reuseLevel")
            if concept_type == ConceptType.SKILL:
                if skill_type not in SKILL_TYPES:
                    self.report.refuse(row, f"unknown skillType {skill_type!r}")
                    continue
                if reuse not in REUSE_LEVELS:
                    self.report.refuse(row, f"unknown reuseLevel {reuse!r}")
                    continue
            if uri in self.types and self.types[uri] != concept_type:
                self.report.refuse(row, f"{uri} is already a {self.types[uri]}")
                continue
            self.types[uri] = concept_type
            out.append({"row": row, "uri": uri, "label": label, "type": concept_type})
        return out

    def imported_ids(self) -> set[int]:
        return {self.ids[uri] for uri in self.types if uri in self.ids}

    # -- steps -------------------------------------------------------------
    def run(self) -> ImportReport:
        start = time.monotonic()
        if ef.find(self.root, "en/skills_en") is None and ef.find(self.root, "en/occupations_en") is None:
            raise FileNotFoundError(
                f"{self.root} is not an ESCO CSV package: expected en/skills_en.csv and en/occupations_en.csv"
            )
        with transaction.atomic():
            concepts = self.import_concepts()
            self.import_labels(concepts)
            self.import_collections()
            self.import_broader()
            self.import_occupation_skills()
            self.report.seconds = time.monotonic() - start
            EscoVersion.objects.create(
                version=self.version,
                source=str(self.root),
                languages=",".join(self.languages),
                concepts=self.report.counts.get("concepts", 0),
                relations=self.report.counts.get("occupation-skill relations", 0),
                refused=len(self.report.refused),
            )
        self.report.seconds = time.monotonic() - start
        return self.report

    def import_concepts(self) -> list[dict]:
        self.progress("concepts (en)")
        concepts = (
            self._concept_rows("en/skills_en", ConceptType.SKILL)
            + self._concept_rows("en/skillGroups_en", ConceptType.SKILL_GROUP)
            + self._concept_rows("en/ISCOGroups_en", ConceptType.ISCO_GROUP)
            + self._concept_rows("en/occupations_en", ConceptType.OCCUPATION)
        )
        objs = {}
        for c in concepts:
            row = c["row"]
            code = row.get("code")
            isco = row.get("iscoGroup") if c["type"] == ConceptType.OCCUPATION else ""
            if c["type"] == ConceptType.ISCO_GROUP:
                isco = code
            objs[c["uri"]] = Concept(
                uri=c["uri"],
                concept_type=c["type"],
                code=code[:50],
                skill_type=row.get("skillType") if c["type"] == ConceptType.SKILL else "",
                reuse_level=row.get("reuseLevel") if c["type"] == ConceptType.SKILL else "",
                isco_code=isco[:10],
                status=row.get("status")[:20],
                label_en=c["label"],
                version=self.version,
            )
        Concept.objects.bulk_create(
            list(objs.values()),
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["uri"],
            update_fields=["concept_type", "code", "skill_type", "reuse_level", "isco_code", "status",
                           "label_en", "version"],
        )
        self.ids = dict(Concept.objects.values_list("uri", "id"))
        self.report.counts["concepts"] = len(objs)
        return concepts

    def _label_files(self, lang: str) -> list[str]:
        return [f"{lang}/skills_{lang}", f"{lang}/skills_{lang}_labels", f"{lang}/skillGroups_{lang}",
                f"{lang}/ISCOGroups_{lang}", f"{lang}/occupations_{lang}"]

    def _label_rows(self, stem: str):
        """Rows of one label file, or one refusal (line 1) when its columns are not the ESCO layout."""
        path = ef.find(self.root, stem)
        if path is None:
            return []
        header = ef.read_header(path)
        missing = [c for c in LABEL_COLUMNS if c not in header]
        if missing:
            name = str(path.relative_to(self.root))
            self.report.refuse(ef.Row(name, 1, {}), (
                f"not the ESCO label layout: column {', '.join(missing)} missing (found {', '.join(header[:6]) or 'nothing'}); "
                "the whole file is left out"))
            return []
        return ef.read_rows(path, self.root)

    def import_labels(self, en_concepts: list[dict]) -> None:
        labels: set[tuple[int, str, str, str]] = set()
        descriptions: dict[tuple[int, str], str] = {}
        covered: set[tuple[int, str]] = set()
        for lang in self.languages:
            self.progress(f"labels and descriptions ({lang})")
            first: dict[int, tuple[str, ef.Row]] = {}  # concept → its preferred label and where it was read
            rows = (r for stem in self._label_files(lang) for r in self._label_rows(stem))
            for row in rows:
                uri = row.get("conceptUri")
                cid = self.ids.get(uri)
                pref = row.get("preferredLabel")
                if any(ef.NOT_UTF8 in value for value in row.data.values() if value):
                    self.report.refuse(row, "not UTF-8: save the file as UTF-8 (the official ESCO encoding)")
                    continue
                if cid is None or uri not in self.types:
                    self.report.refuse(row, f"unknown concept {uri!r} (not in the English files)")
                    continue
                if cid in first and pref and first[cid][0] and first[cid][0] != pref:
                    seen = first[cid][1]
                    self.report.refuse(row, f"{uri} already has the preferredLabel {first[cid][0]!r} "
                                            f"({seen.file}:{seen.line}); a second, different one is not taken")
                    continue
                first.setdefault(cid, (pref, row))
                covered.add((cid, lang))
                if pref:
                    labels.add((cid, lang, LabelKind.PREFERRED, pref[:MAX_LABEL]))
                for kind, column in ((LabelKind.ALTERNATIVE, "altLabels"), (LabelKind.HIDDEN, "hiddenLabels")):
                    for text in ef.split_labels(row.get(column)):
                        if len(text) > MAX_LABEL:
                            self.report.refuse(row, f"{column}: label longer than {MAX_LABEL} characters")
                        elif text != pref:
                            labels.add((cid, lang, kind, text))
                if row.get("description"):
                    descriptions[(cid, lang)] = row.get("description")
        self.progress("saving labels")
        existing = {
            (c, lang, k, t): pk
            for pk, c, lang, k, t in Label.objects.filter(language__in=self.languages).values_list(
                "id", "concept_id", "language", "kind", "text"
            ).iterator(chunk_size=20000)
        }
        stale = [pk for key, pk in existing.items() if key not in labels and key[:2] in covered]
        for start in range(0, len(stale), BATCH):
            Label.objects.filter(id__in=stale[start : start + BATCH]).delete()
        new = [Label(concept_id=c, language=lang, kind=k, text=t) for (c, lang, k, t) in labels if (c, lang, k, t) not in existing]
        Label.objects.bulk_create(new, batch_size=BATCH)
        self.report.counts["labels"] = len(labels)
        Description.objects.bulk_create(
            [Description(concept_id=c, language=lang, text=t) for (c, lang), t in descriptions.items()],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["concept", "language"],
            update_fields=["text"],
        )
        self.report.counts["descriptions"] = len(descriptions)

    def import_collections(self) -> None:
        self.progress("collections")
        through = Concept.collections.through
        for slug, stem in ef.COLLECTIONS.items():
            rows = list(self.rows(f"en/{stem}_en"))
            if not rows:
                continue
            collection, _ = Collection.objects.update_or_create(slug=slug, defaults={"name": stem})
            members = set()
            for row in rows:
                cid = self.ids.get(row.get("conceptUri"))
                if cid is None:
                    self.report.refuse(row, f"unknown concept {row.get('conceptUri')!r} in collection {slug}")
                    continue
                members.add(cid)
            through.objects.filter(collection=collection).exclude(concept_id__in=members).delete()
            have = set(through.objects.filter(collection=collection).values_list("concept_id", flat=True))
            through.objects.bulk_create(
                [through(collection=collection, concept_id=c) for c in members - have], batch_size=BATCH
            )
        self.report.counts["collection memberships"] = through.objects.count()

    def _pairs(self, stems: list[str], a: str, b: str, what: str,
               check: Callable[[ef.Row], str | None] = lambda row: None) -> dict[tuple[int, int], str]:
        """Valid (left id, right id) → relationType; a later valid row for the same pair wins."""
        pairs: dict[tuple[int, int], str] = {}
        for stem in stems:
            for row in self.rows(stem):
                left, right = self.ids.get(row.get(a)), self.ids.get(row.get(b))
                problem = check(row)
                if problem:
                    self.report.refuse(row, problem)
                elif left is None or right is None:
                    missing = row.get(a) if left is None else row.get(b)
                    self.report.refuse(row, f"{what}: unknown concept {missing!r}")
                elif left == right:
                    self.report.refuse(row, f"{what}: a concept cannot be broader than itself")
                else:
                    pairs[(left, right)] = row.get("relationType")
        return pairs

    def import_broader(self) -> None:
        self.progress("hierarchies")
        pairs = self._pairs(
            ["relations/broaderRelationsSkillPillar", "relations/broaderRelationsOccPillar"],
            "conceptUri", "broaderUri", "broader relation",
        )
        existing = dict(((n, b), pk) for pk, n, b in Broader.objects.values_list("id", "narrower_id", "broader_id"))
        # only relations of concepts in this package are made equal to it
        mine = self.imported_ids()
        stale = [pk for key, pk in existing.items() if key not in pairs and key[0] in mine]
        for start in range(0, len(stale), BATCH):
            Broader.objects.filter(id__in=stale[start : start + BATCH]).delete()
        Broader.objects.bulk_create(
            [Broader(narrower_id=n, broader_id=b) for (n, b) in pairs if (n, b) not in existing], batch_size=BATCH
        )
        self.report.counts["broader relations"] = len(pairs)

    def import_occupation_skills(self) -> None:
        self.progress("occupation-skill relations")

        def check(row: ef.Row) -> str | None:
            if row.get("relationType") not in RELEVANCE:
                return f"relationType must be essential or optional, not {row.get('relationType')!r}"
            occ, skill = row.get("occupationUri"), row.get("skillUri")
            if occ in self.types and self.types[occ] != ConceptType.OCCUPATION:
                return f"{occ} is not an occupation"
            if skill in self.types and self.types[skill] != ConceptType.SKILL:
                return f"{skill} is not a skill"
            return None

        links = self._pairs(["relations/occupationSkillRelations"], "occupationUri", "skillUri",
                            "occupation-skill", check)
        existing = {(o, s): pk for pk, o, s in OccupationSkill.objects.values_list("id", "occupation_id", "skill_id")}
        mine = self.imported_ids()
        stale = [pk for key, pk in existing.items() if key not in links and key[0] in mine]
        for start in range(0, len(stale), BATCH):
            OccupationSkill.objects.filter(id__in=stale[start : start + BATCH]).delete()
        OccupationSkill.objects.bulk_create(
            [OccupationSkill(occupation_id=o, skill_id=s, relevance=r) for (o, s), r in links.items()],
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["occupation", "skill"],
            update_fields=["relevance"],
        )
        self.report.counts["occupation-skill relations"] = len(links)


def import_esco(
    *, path: Path | str, version: str | None = None, languages: Iterable[str] = ef.LANGUAGES,
    progress: Progress | None = None,
) -> ImportReport:
    """Import (or update) ESCO from an official CSV package folder or the bundled copy."""
    root = Path(path)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder")
    version = version or (root.name if root.name.startswith("v") else "unknown")
    report = EscoImport(root, version, languages, progress).run()
    from .selectors import forget_index

    forget_index()
    return report
