"""Importing ESCO: the real bundled copy, idempotence, and refusals reported row by row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lifelong.taxonomy.models import Concept, ConceptType, Label, OccupationSkill
from lifelong.taxonomy.selectors import label_of
from lifelong.taxonomy.services import import_esco

pytestmark = pytest.mark.django_db

EX = "http://example.test/esco"


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


SKILL_HEADER = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
                "hiddenLabels", "status", "description"]
OCC_HEADER = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
              "status", "description", "code"]


def tiny_package(root: Path, weld_label: str = "weld metal parts") -> Path:
    write(root / "en/skills_en.csv", SKILL_HEADER, [
        ["KnowledgeSkillCompetence", f"{EX}/skill/weld", "skill/competence", "sector-specific", weld_label,
         "join metals\nfuse metal parts", "", "released", "Join metal pieces by heat."],
        ["KnowledgeSkillCompetence", f"{EX}/skill/safety", "knowledge", "cross-sector", "workshop safety",
         "", "", "released", ""],
    ])
    write(root / "en/occupations_en.csv", OCC_HEADER, [
        ["Occupation", f"{EX}/occupation/welder", "7212", "test welder", "metal welder", "", "released",
         "Welds metal.", "7212.9"],
    ])
    write(root / "nl/skills_nl_labels.csv", ["conceptUri", "preferredLabel", "altLabels"], [
        [f"{EX}/skill/weld", "metalen onderdelen lassen", "metaal verbinden"],
    ])
    write(root / "relations/occupationSkillRelations.csv", ["occupationUri", "relationType", "skillType", "skillUri"], [
        [f"{EX}/occupation/welder", "essential", "skill/competence", f"{EX}/skill/weld"],
        [f"{EX}/occupation/welder", "optional", "knowledge", f"{EX}/skill/safety"],
    ])
    return root


def test_bundled_esco_is_loaded_whole(esco):
    assert Concept.objects.filter(concept_type=ConceptType.SKILL).count() == 13_896
    assert Concept.objects.filter(concept_type=ConceptType.OCCUPATION).count() == 3_007
    assert OccupationSkill.objects.count() > 123_000
    # every occupation has its Dutch name; half of the skills have one (collections + crosswalk labels)
    assert Label.objects.filter(language="nl", kind="preferred", concept__concept_type="occupation").count() == 3_007
    assert Label.objects.filter(language="nl", kind="preferred", concept__concept_type="skill").count() == 7_015
    assert Label.objects.filter(language="fr", kind="preferred").count() >= 13_000


def test_reimport_updates_and_never_duplicates(esco, tmp_path):
    root = tiny_package(tmp_path / "v9")
    first = import_esco(path=root)
    assert first.refused == []
    weld = Concept.objects.get(uri=f"{EX}/skill/weld")
    labels_before = Label.objects.filter(concept=weld).count()
    import_esco(path=root)
    assert Concept.objects.filter(uri__startswith=EX).count() == 3
    assert Label.objects.filter(concept=weld).count() == labels_before
    assert OccupationSkill.objects.filter(occupation__uri__startswith=EX).count() == 2

    tiny_package(root, weld_label="weld metal components")
    import_esco(path=root)
    weld.refresh_from_db()
    assert weld.label_en == "weld metal components"
    texts = set(Label.objects.filter(concept=weld, language="en").values_list("text", flat=True))
    assert "weld metal components" in texts and "weld metal parts" not in texts


def test_refused_rows_are_reported_and_the_rest_goes_in(esco, tmp_path):
    root = tiny_package(tmp_path / "v9")
    with (root / "en/skills_en.csv").open("a", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["KnowledgeSkillCompetence", "", "skill/competence", "transversal", "no uri", "", "", "", ""])
        w.writerow(["KnowledgeSkillCompetence", f"{EX}/skill/blank", "skill/competence", "transversal", "", "", "", "", ""])
        w.writerow(["KnowledgeSkillCompetence", f"{EX}/skill/odd", "talent", "transversal", "odd type", "", "", "", ""])
    with (root / "relations/occupationSkillRelations.csv").open("a", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([f"{EX}/occupation/welder", "essential", "", f"{EX}/skill/missing"])
        w.writerow([f"{EX}/occupation/welder", "sometimes", "", f"{EX}/skill/safety"])

    report = import_esco(path=root)
    reasons = {(r.file, r.line): r.reason for r in report.refused}
    # lines count the header; the two skill rows above use 3 physical lines (multi-line altLabels)
    assert ("en/skills_en.csv", 5) in reasons and "conceptUri" in reasons[("en/skills_en.csv", 5)]
    assert "preferredLabel is empty" in reasons[("en/skills_en.csv", 6)]
    assert "skillType" in reasons[("en/skills_en.csv", 7)]
    assert "unknown concept" in reasons[("relations/occupationSkillRelations.csv", 4)]
    assert "essential or optional" in reasons[("relations/occupationSkillRelations.csv", 5)]
    assert len(report.refused) == 5
    # the valid rows are in
    assert Concept.objects.filter(uri__startswith=EX).count() == 3
    assert OccupationSkill.objects.filter(occupation__uri=f"{EX}/occupation/welder").count() == 2


def test_a_folder_that_is_no_esco_package_is_a_clear_error(esco, tmp_path):
    with pytest.raises(FileNotFoundError, match="not an ESCO CSV package"):
        import_esco(path=tmp_path)


def test_missing_dutch_label_falls_back_to_english_and_says_so(esco):
    staff = Concept.objects.get(label_en="manage musical staff")
    label = label_of(staff, "nl")
    assert str(label) == "manage musical staff"
    assert label.language == "en" and label.fallback
    # the bundled partial Dutch file (crosswalk labels) names the forklift skill in Dutch
    forklift = Concept.objects.get(label_en="operate forklift")
    assert (str(label_of(forklift, "nl")), label_of(forklift, "nl").fallback) == ("heftrucks bedienen", False)
    welder = Concept.objects.get(concept_type="occupation", label_en="welder")
    assert label_of(welder, "nl").language == "nl"
    assert str(label_of(welder, "nl")) == "lasser"



def forklift_package(root: Path, nl_rows: list[list[str]], nl_header=("conceptUri", "preferredLabel", "altLabels"),
                     encoding: str = "utf-8") -> Path:
    """A package with one real bundled skill (operate forklift) and a Dutch label file."""
    forklift = Concept.objects.get(label_en="operate forklift")
    write(root / "en/skills_en.csv", SKILL_HEADER, [
        ["KnowledgeSkillCompetence", forklift.uri, "skill/competence", "sector-specific", "operate forklift",
         "", "", "released", ""],
        ["KnowledgeSkillCompetence", f"{EX}/skill/safety", "knowledge", "cross-sector", "workshop safety",
         "", "", "released", ""],
    ])
    write(root / "en/occupations_en.csv", OCC_HEADER, [])
    path = root / "nl/skills_nl.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(nl_header)
        w.writerows([[forklift.uri if cell == "FORKLIFT" else cell for cell in r] for r in nl_rows])
    return root


def test_an_official_package_replaces_the_bundled_dutch_labels(esco, tmp_path):
    forklift = Concept.objects.get(label_en="operate forklift")
    assert str(label_of(forklift, "nl")) == "heftrucks bedienen"  # from the bundled partial file
    root = forklift_package(tmp_path / "v1.1.1", [["FORKLIFT", "vorkheftruck bedienen", "heftruck besturen"]])
    report = import_esco(path=root)
    assert report.refused == []
    nl = set(Label.objects.filter(concept=forklift, language="nl").values_list("kind", "text"))
    assert nl == {("preferred", "vorkheftruck bedienen"), ("alternative", "heftruck besturen")}


def test_a_label_file_in_another_layout_is_refused_at_line_1_and_the_rest_goes_in(esco, tmp_path):
    root = forklift_package(tmp_path / "v9", [["FORKLIFT", "vorkheftruck bedienen"]], nl_header=("uri", "label"))
    write(root / "fr/skills_fr_labels.csv", ["conceptUri", "preferredLabel", "altLabels"], [
        [f"{EX}/skill/safety", "sécurité de l'atelier", ""],
    ])
    report = import_esco(path=root)
    assert [(r.file, r.line) for r in report.refused] == [("nl/skills_nl.csv", 1)]
    assert "conceptUri, preferredLabel missing" in report.refused[0].reason
    safety = Concept.objects.get(uri=f"{EX}/skill/safety")
    assert str(label_of(safety, "fr")) == "sécurité de l'atelier"
    forklift = Concept.objects.get(label_en="operate forklift")
    assert str(label_of(forklift, "nl")) == "heftrucks bedienen"  # the bundled label is left as it was


def test_a_label_file_in_another_encoding_is_refused_per_line(esco, tmp_path):
    root = forklift_package(tmp_path / "v9", [
        ["FORKLIFT", "heftruck bedienen (één per dag)", ""],
        [f"{EX}/skill/safety", "veiligheid in de werkplaats", ""],
    ], encoding="latin-1")
    report = import_esco(path=root)
    assert [(r.file, r.line) for r in report.refused] == [("nl/skills_nl.csv", 2)]
    assert "not UTF-8" in report.refused[0].reason
    safety = Concept.objects.get(uri=f"{EX}/skill/safety")
    assert str(label_of(safety, "nl")) == "veiligheid in de werkplaats"


def test_a_second_different_label_for_the_same_uri_is_refused_with_its_line(esco, tmp_path):
    root = forklift_package(tmp_path / "v9", [
        ["FORKLIFT", "vorkheftruck bedienen", ""],
        [f"{EX}/skill/safety", "veiligheid in de werkplaats", ""],
        ["FORKLIFT", "kraan bedienen", ""],
        ["FORKLIFT", "vorkheftruck bedienen", "heftruck rijden"],  # the same label again: its synonyms are taken
    ])
    report = import_esco(path=root)
    assert [(r.file, r.line) for r in report.refused] == [("nl/skills_nl.csv", 4)]
    assert "nl/skills_nl.csv:2" in report.refused[0].reason
    forklift = Concept.objects.get(label_en="operate forklift")
    nl = set(Label.objects.filter(concept=forklift, language="nl").values_list("kind", "text"))
    assert nl == {("preferred", "vorkheftruck bedienen"), ("alternative", "heftruck rijden")}
