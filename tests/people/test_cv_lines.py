"""Reading a CV line by line (issue 18 point 4): periods, employers, headings and diplomas are read as what they
are, not as skills; dates and employer names never reach the skill extraction."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from lifelong.people import cv_lines

DEV_SET = Path(__file__).resolve().parents[1] / "fixtures" / "cv-lines-dev" / "cv_lines.csv"


def dev_cvs() -> dict[str, list[dict]]:
    by_cv: dict[str, list[dict]] = defaultdict(list)
    with open(DEV_SET, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_cv[row["cv"]].append(row)
    return by_cv


def test_the_dev_set_is_big_enough_and_annotated():
    rows = [r for rs in dev_cvs().values() for r in rs]
    assert sum(r["language"] == "nl" for r in rows) >= 80 and any(r["language"] == "fr" for r in rows)
    assert {r["kind"] for r in rows} == {"heading", "period", "employer", "diploma", "skill"}
    assert all(r["uris"] for r in rows if r["kind"] == "skill")
    assert len({r["sector"] for r in rows}) >= 10


def test_line_kinds_on_the_dev_set_precision_per_kind():
    """Precision ≥ 95 % for every kind, recall ≥ 85 % (figures: benchmarks/bench_cv_lines.py)."""
    pairs = []
    for rows in dev_cvs().values():
        lines = cv_lines.read_lines("\n".join(r["line"] for r in rows))
        pairs.extend((r["kind"], line.kind) for r, line in zip(rows, lines, strict=True))
    for kind in ("heading", "period", "employer", "diploma", "skill"):
        said = [gold for gold, got in pairs if got == kind]
        true = [got for gold, got in pairs if gold == kind]
        assert said.count(kind) / len(said) >= 0.95, (kind, said)
        assert true.count(kind) / len(true) >= 0.85, (kind, true)


# Lines that are NOT in the dev set: the rules must carry over.
@pytest.mark.parametrize(("line", "section", "kind"), [
    ("2024-nu: assistent-boekhouder bij Demo NV.", "work", "period"),
    ("2019 – 2023", "", "period"),
    ("sinds 2020", "work", "period"),
    ("okt. 2017 – heden: logistiek medewerker bij Katoen Natie", "work", "period"),
    ("De 2010 à 2014 : vendeuse chez Carrefour Belgium SA", "work", "period"),
    ("Demo NV", "work", "employer"),
    ("bij Colruyt", "work", "employer"),
    ("Bpost NV, Brussel", "", "employer"),
    ("Werkervaring", "", "heading"),
    ("Opleiding:", "work", "heading"),
    ("TALEN", "skills", "heading"),
    ("Vaardigheden", "", "heading"),
    ("Diploma secundair onderwijs, boekhouden-informatica.", "education", "diploma"),
    ("Bachelor verpleegkunde", "", "diploma"),
    ("Master in de rechten", "education", "diploma"),
    ("Doctoraat in de biologie (UGent, 2015)", "education", "diploma"),
    ("Ik ben scrum master in een team van acht.", "work", "skill"),
    ("Leerkracht Frans in het secundair onderwijs", "work", "skill"),
    ("Ik reed dagelijks met de heftruck en laadde vrachtwagens.", "work", "skill"),
    ("jan.peeters@example.be", "", "contact"),
    ("+32 470 12 34 56", "", "contact"),
])
def test_lines_outside_the_dev_set(line, section, kind):
    assert cv_lines.read_line(line, section).kind == kind


@pytest.mark.parametrize(("line", "eqf"), [
    ("Diploma secundair onderwijs, boekhouden-informatica.", 4),
    ("Bachelor verpleegkunde", 6),
    ("Master in de rechten", 7),
    ("Graduaat marketing (HBO5)", 5),
    ("Studiegetuigschrift zesde jaar BSO verzorging", 3),
    ("Doctoraat in de biologie", 8),
    ("CESS (certificat d'enseignement secondaire supérieur)", 4),
    ("Bachelier en comptabilité", 6),
])
def test_a_diploma_gets_its_eqf_level_with_the_rule_source(line, eqf):
    q = cv_lines.read_line(line, "education").qualification
    assert q["eqf"] == eqf and q["source"] and q["source_text"]


def test_dates_and_employers_are_stripped_before_skill_extraction():
    line = cv_lines.read_line("2024-nu: assistent-boekhouder bij Demo NV.", "work")
    assert (line.period, line.employer, line.role) == ("2024–nu", "Demo NV", "assistent-boekhouder")
    assert "nu" not in line.skill_text.split() and "Demo" not in line.skill_text
    long_role = cv_lines.read_line("2015-2019: magazijnier bij Colruyt, ik reed met de heftruck en laadde vrachtwagens",
                                   "work")
    assert "heftruck" in long_role.skill_text and "Colruyt" not in long_role.skill_text
    assert "2015" not in long_role.skill_text and "2019" not in long_role.skill_text
    sentence = cv_lines.read_line("In 2019 werkte ik bij Delhaize aan de kassa en vulde ik rekken aan.", "work")
    assert sentence.kind == "skill" and "Delhaize" not in sentence.skill_text and "2019" not in sentence.skill_text
    assert cv_lines.read_line("Diploma secundair onderwijs, boekhouden-informatica.", "education").skill_text \
        == "boekhouden-informatica"  # the subject, never "secundair onderwijs"


def test_the_reading_result_tells_work_and_diplomas():
    facts = cv_lines.facts_of(cv_lines.read_lines(
        "Werkervaring\n2024-nu: assistent-boekhouder bij Demo NV.\n2019 – 2023\nMagazijnier\nColruyt Group, Halle\n"
        "Opleiding\nDiploma secundair onderwijs, boekhouden-informatica."))
    assert facts[0] == {"kind": "work", "period": "2024–nu", "role": "assistent-boekhouder", "employer": "Demo NV",
                        "education": False}
    assert facts[1]["period"] == "2019–2023" and facts[1]["role"] == "Magazijnier"
    assert facts[1]["employer"] == "Colruyt Group, Halle"
    assert facts[2]["kind"] == "diploma" and facts[2]["eqf"] == 4
    assert facts[2]["title"] == "secundair onderwijs, boekhouden-informatica"
