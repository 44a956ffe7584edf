"""Writes to the competence language: VDAB's Competent beside ESCO.

The ESCO–VDAB Competent crosswalk (Nalantis for VDAB, Competent 3.8) maps ESCO
skills to Competent competences (ids such as ``KN-10``, Dutch and French names)
with SKOS relations. ``import_competent`` makes the database equal to the file:
competences upserted by id, matches added, changed or removed, never duplicated.
Each row that cannot be taken (an ESCO URI this platform does not know, an
unknown relation, a second different name for the same id …) is reported with
its file, line and reason; the valid rows go in regardless.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.db import transaction

from . import esco_files as ef
from .models import CompetentCompetence, CompetentMatch, Concept, ConceptType, MatchRelation
from .services import BATCH, MAX_LABEL, ImportReport

BUNDLED_CROSSWALK = ef.BUNDLED.parent.parent / "competent" / "esco_vdab_competent_3.8_crosswalk.csv.gz"
VERSION = "3.8"
HEADER_START = "Classification 1 URI"
COLUMNS = {
    "esco": "Classification 1 URL",
    "code": "Classification 2 ID",
    "uri": "Classification 2 URI",
    "fr": "Classification 2 PrefLabel FR",
    "nl": "Classification 2 PrefLabel NL",
    "relation": "Mapping Relation",
}
CODE = re.compile(r"^[A-Z]{1,5}-\d{1,6}$")
RELATIONS = {f"skos:{r.value}": r.value for r in MatchRelation}


def _rows(path: Path):
    """(line, row dict) after the crosswalk's metadata block; None first when the header is missing."""
    with ef._open_text(path) as handle:
        reader = csv.reader(handle)
        header = None
        start = 1
        for values in reader:
            if header is None:
                if values and values[0].strip() == HEADER_START:
                    header = [v.strip() for v in values]
                start = reader.line_num + 1
                continue
            if any(v.strip() for v in values):
                yield start, dict(zip(header, values, strict=False))
            start = reader.line_num + 1
        if header is None:
            yield 1, None


def import_competent(*, path: Path | str = BUNDLED_CROSSWALK, version: str = VERSION) -> ImportReport:
    """Import (or update) the ESCO–Competent crosswalk; needs ESCO imported first."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} is not a file")
    name = path.name.removesuffix(".gz")
    report = ImportReport(version=f"Competent {version}", source=str(path))
    skills = dict(Concept.objects.filter(concept_type=ConceptType.SKILL).values_list("uri", "id"))
    competences: dict[str, dict] = {}
    matches: dict[tuple[str, int], str] = {}
    for line, row in _rows(path):
        here = ef.Row(name, line, {})
        if row is None:  # another file altogether: refused whole, the vocabulary in the database stays as it was
            report.refuse(here, f"not the ESCO–Competent crosswalk layout: no header row starting with {HEADER_START!r}")
            return report
        get = {key: (row.get(column) or "").strip() for key, column in COLUMNS.items()}
        problem = None
        if any(ef.NOT_UTF8 in v for v in get.values()):
            problem = "not UTF-8: save the file as UTF-8"
        elif not CODE.match(get["code"]):
            problem = f"Competent id missing or not like KN-10: {get['code']!r}"
        elif not get["nl"]:
            problem = "Dutch Competent name is empty"
        elif max(len(get["nl"]), len(get["fr"])) > MAX_LABEL:
            problem = f"Competent name longer than {MAX_LABEL} characters"
        elif get["relation"] not in RELATIONS:
            problem = f"unknown mapping relation {get['relation']!r} (expected skos:exactMatch, closeMatch, broadMatch or narrowMatch)"
        elif get["esco"] not in skills:
            problem = f"unknown ESCO URI {get['esco']!r} (no skill with that URI in the imported ESCO)"
        else:
            known = competences.get(get["code"])
            if known and (known["name_nl"], known["name_fr"]) != (get["nl"], get["fr"]):
                problem = (f"{get['code']} already has the name {known['name_nl']!r} ({name}:{known['line']}); "
                           "a second, different one is not taken")
            key = (get["code"], skills[get["esco"]])
            if not problem and key in matches and matches[key] != RELATIONS[get["relation"]]:
                problem = f"{get['code']} and {get['esco']} are already linked as {matches[key]}"
        if problem:
            report.refuse(here, problem)
            continue
        competences.setdefault(get["code"], {"name_nl": get["nl"], "name_fr": get["fr"], "uri": get["uri"], "line": line})
        matches[(get["code"], skills[get["esco"]])] = RELATIONS[get["relation"]]
    with transaction.atomic():
        CompetentCompetence.objects.bulk_create(
            [CompetentCompetence(code=code, uri=c["uri"][:255], name_nl=c["name_nl"], name_fr=c["name_fr"],
                                 version=version) for code, c in competences.items()],
            batch_size=BATCH, update_conflicts=True, unique_fields=["code"],
            update_fields=["uri", "name_nl", "name_fr", "version"],
        )
        ids = dict(CompetentCompetence.objects.filter(code__in=competences).values_list("code", "id"))
        wanted = {(ids[code], skill): relation for (code, skill), relation in matches.items()}
        existing = {(c, s): pk for pk, c, s in CompetentMatch.objects.values_list("id", "competence_id", "skill_id")}
        stale = [pk for key, pk in existing.items() if key not in wanted]
        for start in range(0, len(stale), BATCH):
            CompetentMatch.objects.filter(id__in=stale[start : start + BATCH]).delete()
        CompetentMatch.objects.bulk_create(
            [CompetentMatch(competence_id=c, skill_id=s, relation=r) for (c, s), r in wanted.items()],
            batch_size=BATCH, update_conflicts=True, unique_fields=["competence", "skill"],
            update_fields=["relation"],
        )
        CompetentCompetence.objects.exclude(code__in=competences).filter(matches__isnull=True).delete()
    report.counts["competences"] = len(competences)
    report.counts["matches"] = len(matches)
    from .selectors import forget_index

    forget_index()
    return report
