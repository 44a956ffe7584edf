"""VDAB's Competent beside ESCO: the crosswalk import, search by Competent names, Dutch names first, stats."""

from __future__ import annotations

import csv
import gzip
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from lifelong.taxonomy.competent import BUNDLED_CROSSWALK, import_competent
from lifelong.taxonomy.models import CompetentCompetence, CompetentMatch, Concept, Label
from lifelong.taxonomy.selectors import (
    label_of,
    labels_of,
    search_concepts,
    taxonomy_stats,
)

from ..conftest import database_url_for_processes

pytestmark = pytest.mark.django_db

HEADER = ["Classification 1 URI", "Classification 1 ID", "Classification 1 PrefLabel", "Classification 1 URL",
          "Classification 2 URI", "Classification 2 ID", "Classification 2 PrefLabel FR",
          "Classification 2 PrefLabel NL", "Classification 2 URL", "Mapping Relation", "Editorial Note"]


def skill(label_en: str) -> Concept:
    return Concept.objects.get(concept_type="skill", label_en=label_en)


def crosswalk(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Mapping project name", "ESCO - VDAB Competences"])
        w.writerow([])
        w.writerow(HEADER)
        for uri, code, fr, nl, relation in rows:
            w.writerow(["", "", "", uri, "", code, fr, nl, "", relation, ""])
    return path


def test_the_bundled_crosswalk_is_loaded_and_refuses_unknown_esco_uris_with_their_line(esco):
    assert CompetentCompetence.objects.get(code="KN-10").name_nl == "Dierlijke fysiologie"
    assert CompetentCompetence.objects.count() > 7_000
    # the crosswalk is for ESCO v1.0.3: its rows for skills that v1.1.1 no longer has are refused, one by one
    report = import_competent()
    unknown = [r for r in report.refused if "unknown ESCO URI" in r.reason]
    assert 0 < len(unknown) == len(report.refused) < 100
    assert all(r.file == "esco_vdab_competent_3.8_crosswalk.csv" and r.line > 17 for r in unknown)
    with gzip.open(BUNDLED_CROSSWALK, "rt", encoding="utf-8", newline="") as f:
        lines = f.read().splitlines()
    first = unknown[0]
    uri = first.reason.split("'")[1]
    assert uri in lines[first.line - 1], "the reported line is the one that holds the unknown URI"
    assert not Concept.objects.filter(uri=uri).exists()
    # a second import changes nothing
    assert CompetentMatch.objects.count() == report.counts["matches"]


def test_bad_crosswalk_rows_are_refused_with_file_and_line_and_the_rest_goes_in(esco, tmp_path):
    forklift, nursing = skill("operate forklift"), skill("provide professional care in nursing")
    path = crosswalk(tmp_path / "cw.csv", [
        [forklift.uri, "KN-778", "Chariot élévateur", "Heftruck", "skos:narrowMatch"],          # line 4: ok
        ["http://data.europa.eu/esco/skill/nope", "KN-1", "x", "y", "skos:exactMatch"],        # 5: unknown URI
        [nursing.uri, "KN-778", "Chariot", "Vorkheftruck", "skos:exactMatch"],                  # 6: other name
        [nursing.uri, "SK-9980", "Prodiguer des soins", "Verpleegkundige zorg verlenen", "skos:sameAs"],  # 7
        [nursing.uri, "", "x", "y", "skos:exactMatch"],                                         # 8: no id
        [nursing.uri, "SK-9980", "Prodiguer des soins", "Verpleegkundige zorg verlenen", "skos:exactMatch"],  # 9: ok
    ])
    report = import_competent(path=path)
    reasons = {r.line: r.reason for r in report.refused}
    assert set(reasons) == {5, 6, 7, 8}
    assert "unknown ESCO URI" in reasons[5]
    assert "cw.csv:4" in reasons[6]
    assert "mapping relation" in reasons[7]
    assert "Competent id" in reasons[8]
    assert all(r.file == "cw.csv" for r in report.refused)
    assert set(CompetentMatch.objects.values_list("competence__code", "skill__label_en", "relation")) == {
        ("KN-778", "operate forklift", "narrowMatch"),
        ("SK-9980", "provide professional care in nursing", "exactMatch"),
    }


def test_a_file_that_is_no_crosswalk_is_refused_at_line_1(esco, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("conceptUri,preferredLabel\nhttp://x,y\n", encoding="utf-8")
    before = CompetentMatch.objects.count()
    report = import_competent(path=path)
    assert [(r.file, r.line) for r in report.refused] == [("other.csv", 1)]
    assert "crosswalk layout" in report.refused[0].reason
    assert CompetentMatch.objects.count() == before


@pytest.mark.parametrize("query,expected", [
    ("heftruck", "operate forklift"),
    ("boekhouding", "accounting"),
    ("verpleegkundige zorg", "provide professional care in nursing"),
    ("Boekhouding opvolgen", "check accounting records"),               # a Competent name (SK-7566)
    ("Goederen laden en lossen met een heftruck", "operate forklift"),  # a Competent name (SK-18601)
])
def test_search_finds_skills_by_dutch_and_competent_names(esco, query, expected):
    uris = [r.uri for r in search_concepts(query, language="nl", limit=5)]
    assert skill(expected).uri in uris, f"{query!r} → {[r.label for r in search_concepts(query, limit=5)]}"


def test_a_skill_without_a_dutch_esco_label_shows_its_competent_name_marked_as_such(esco):
    records = skill("check accounting records")
    Label.objects.filter(concept=records, language="nl", kind="preferred").delete()
    label = label_of(records, "nl")
    # an exactMatch (KN-3563, SK-7566) wins over the closeMatches (KN-337, SK-4528); the lowest id first
    assert (str(label), label.vocabulary, label.fallback, label.language) == (
        "Boekhoudkundige audits", "competent", False, "nl")
    assert labels_of([records.id], "fr")[records.id].vocabulary == "esco"  # ESCO has French: ESCO first
    assert labels_of([records.id], "en")[records.id] == "check accounting records"
    # only broader/narrower Competent competences: English, marked as a fallback
    CompetentMatch.objects.filter(skill=records, relation__in=["exactMatch", "closeMatch"]).delete()
    assert label_of(records, "nl").fallback


def test_api_and_detail_page_carry_both_ids(esco, client):
    nursing = skill("provide professional care in nursing")
    data = client.get("/api/v1/concepts", {"uri": nursing.uri, "lang": "nl"}).json()
    assert data["uri"] == nursing.uri
    assert {"code": "SK-9980", "name_nl": "Verpleegkundige zorg verlenen",
            "name_fr": "Réaliser les soins infirmiers", "relation": "exactMatch"} in data["competent"]
    html = client.get("/esco/concept", {"uri": nursing.uri}).content.decode()
    assert "SK-9980" in html and nursing.uri in html
    rows = client.get("/api/v1/skills", {"q": "verpleegkundige zorg", "lang": "nl"}).json()
    assert all(r["vocabulary"] in ("esco", "competent") for r in rows)


EXPECTED_KEYS = {"version", "skills", "occupations", "labels", "competent"}


def test_taxonomy_stats_counts_names_per_language_and_competent_links(esco):
    stats = taxonomy_stats()
    assert set(stats) == EXPECTED_KEYS
    assert stats["version"] == "v1.1.1"
    assert (stats["skills"], stats["occupations"]) == (13_896, 3_007)
    assert set(stats["labels"]) == {"nl", "fr", "en"}
    assert stats["labels"]["nl"] == {"skills": 7_015, "occupations": 3_007}
    assert stats["labels"]["en"] == {"skills": 13_896, "occupations": 3_007}
    assert 13_000 < stats["labels"]["fr"]["skills"] < 13_896
    linked = CompetentMatch.objects.values("skill").distinct().count()
    assert stats["competent"] == {"competences": CompetentCompetence.objects.count(), "linked_skills": linked}
    assert 5_000 < linked < 6_000


def test_taxonomy_stats_command_prints_exactly_the_documented_json(esco):
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1"}
    command = str(Path(sys.executable).parent / "lifelong")
    out = subprocess.run([command, "taxonomy", "stats", "--json"], env=env,
                         capture_output=True, text=True, timeout=300, check=True).stdout
    data = json.loads(out)
    assert data == json.loads(json.dumps(taxonomy_stats()))


def test_the_esco_stats_page_shows_the_same_numbers(esco, client):
    html = client.get("/esco/cijfers").content.decode()
    stats = taxonomy_stats()
    assert f'data-key="nl-skills">{stats["labels"]["nl"]["skills"]}<' in html
    assert str(stats["competent"]["linked_skills"]) in html
    assert "/esco/cijfers" in client.get("/esco/").content.decode()


def test_exports_carry_the_competent_codes_beside_the_esco_uri(esco, client, django_user_model):
    """Issue 18.2: the API *and exports* carry both ids — the person's "download my data" and the forecasts'
    CSV export (where a row names a skill)."""
    from lifelong.people.models import CompetenceClaim, Person
    from lifelong.taxonomy.selectors import competent_codes_by_uri, with_competent_codes

    nursing = skill("provide professional care in nursing")
    codes = competent_codes_by_uri([nursing.uri])[nursing.uri]
    assert "SK-9980" in codes.split(";")
    rows = with_competent_codes([{"concept_uri": nursing.uri}, {"concept_uri": ""}, {"other": 1}], "concept_uri")
    assert [r["competent_codes"] for r in rows] == [codes, "", ""]

    user = django_user_model.objects.create_user("competent-export@example.test", "x-password-2026", role="learner")
    person = Person.objects.create(user=user, given_name="C", family_name="E", birth_year=1990, sex="F",
                                   education_level="medium", labour_status="employed", province="BE23",
                                   postcode="9000")
    CompetenceClaim.objects.create(person=person, skill=nursing, level=2, source="self", on=date(2026, 12, 1))
    client.force_login(user)
    claims = client.get("/loopbaan/privacy/mijn-gegevens.json").json()["claims"]
    assert [(c["skill__uri"], c["skill__competent_codes"]) for c in claims] == [(nursing.uri, codes)]
