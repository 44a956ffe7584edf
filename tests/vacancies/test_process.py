"""Extraction over stored ads: batches, resumability after a crash, the Dask path, demand counts."""

from __future__ import annotations

import csv
import json
import sys

import pytest
from django.db import IntegrityError

from lifelong.cli import main
from lifelong.forecasts.models import DemandSeries
from lifelong.vacancies.models import Vacancy, VacancyOccupation, VacancySkill, VacancyState
from lifelong.vacancies.pipeline import extract_batch
from lifelong.vacancies.services import compute_demand, import_vacancies, process_vacancies

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Vrachtwagenchauffeur", "Je rijdt met een vrachtwagen en laadt en lost goederen. Je hebt een rijbewijs CE.", "9000", "H"),
    ("Verpleegkundige", "Je verzorgt patiënten en dient medicatie toe. Je werkt samen met artsen.", "2000", "Q"),
    ("Boekhouder", "Je boekt facturen en maakt de btw-aangifte. Je kent boekhoudsoftware.", "3000", "M"),
    ("Lasser", "Je last stalen constructies met TIG en MIG. Je leest technische tekeningen.", "8500", "C"),
    ("Kok", "Je bereidt gerechten in een restaurantkeuken en bewaakt de hygiëne.", "3500", "I"),
    ("Programmeur", "Je ontwikkelt webtoepassingen in Python en schrijft databasequery's in SQL.", "9000", "J"),
    ("Magazijnier", "Je rijdt met een heftruck, verzamelt bestellingen en houdt de voorraad bij.", "2000", "H"),
]


@pytest.fixture
def ads(tmp_path):
    # start from these ads only: the demo's ads and their demand are removed (rolled back after the test)
    Vacancy.objects.all().delete()
    DemandSeries.objects.all().delete()
    path = tmp_path / "ads.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, (title, text, postcode, nace) in enumerate(TEXTS):
            month = 1 + i % 3
            fh.write(json.dumps({"id": f"P{i}", "title": title, "description": text, "postcode": postcode,
                                 "nace": nace, "employer": f"Werkgever {i}", "posted": f"2026-0{month}-10"}) + "\n")
    import_vacancies(paths=[path], source="proc")
    return list(Vacancy.objects.filter(source="proc").order_by("id"))


def expected_rows(ads):
    results = extract_batch([(v.id, f"{v.title}\n{v.description}", v.language) for v in ads])
    return sum(len(s) for _i, s, _o in results), sum(len(o) for _i, _s, o in results)


def test_in_process_run_marks_every_ad_once(ads):
    seen = []
    report = process_vacancies(batch_size=3, progress=lambda done, total: seen.append((done, total)))
    assert (report.total, report.processed, report.batches) == (7, 7, 3)
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    assert not Vacancy.objects.filter(source="proc", state=VacancyState.PENDING).exists()
    assert (VacancySkill.objects.count(), VacancyOccupation.objects.count()) == expected_rows(ads)
    driver = VacancySkill.objects.filter(vacancy=ads[0]).order_by("rank").first()
    assert driver.rank == 1 and driver.score > 0
    assert process_vacancies(batch_size=3).processed == 0  # nothing left: a rerun does nothing


def crash_in_second_batch():
    calls = []

    def extract(records, mode, top_k):
        results = extract_batch(records, mode, top_k)
        calls.append(len(records))
        if len(calls) == 2:  # a result the database refuses after the batch's skills were written
            rid, skills, occupations = results[-1]
            results[-1] = (rid, skills, [(occupations[0][0] if occupations else "x", -1.0)])
        return results

    return extract


def test_a_crash_mid_batch_loses_and_doubles_nothing(ads):
    with pytest.raises(IntegrityError):
        process_vacancies(batch_size=3, extract=crash_in_second_batch())
    processed = set(Vacancy.objects.filter(source="proc", state=VacancyState.PROCESSED).values_list("id", flat=True))
    assert processed == {v.id for v in ads[:3]}  # batch 1 committed, batch 2 rolled back whole
    assert not VacancySkill.objects.filter(vacancy_id__in=[v.id for v in ads[3:]]).exists()
    report = process_vacancies(batch_size=3)
    assert report.processed == 4
    assert (VacancySkill.objects.count(), VacancyOccupation.objects.count()) == expected_rows(ads)


def test_dask_local_cluster_gives_the_same_rows(ads):
    report = process_vacancies(batch_size=2, workers=2)
    assert report.processed == 7 and report.executor == "dask local 2 workers"
    assert len(report.workers) == 2 and all(w["fitted"] == ["fast:20"] for w in report.workers)
    assert (VacancySkill.objects.count(), VacancyOccupation.objects.count()) == expected_rows(ads)


def test_duplicates_are_not_processed_nor_counted(ads, tmp_path):
    first = ads[0]
    path = tmp_path / "copy.jsonl"
    path.write_text(json.dumps({"id": "C1", "title": first.title, "description": first.description, "postcode": "9000",
                                "employer": first.employer_name, "posted": "2026-01-12", "nace": "H"}) + "\n")
    import_vacancies(paths=[path], source="other-board")
    process_vacancies(batch_size=10)
    copy = Vacancy.objects.get(source="other-board")
    assert copy.duplicate_of == first and copy.state == VacancyState.DUPLICATE and not copy.skills.exists()
    compute_demand()
    assert DemandSeries.objects.get(series_key="flanders:all", period="2026-01").value == 3


def test_demand_series_keys_values_and_idempotence(ads):
    process_vacancies(batch_size=10)
    first = compute_demand()
    again = compute_demand()
    assert first.written == again.written
    rows = {(r.series_key, r.period): r.value for r in DemandSeries.objects.filter(source="vacancies")}
    assert rows[("flanders:all", "2026-01")] == 3 and rows[("flanders:all", "2026-03")] == 2
    assert rows[("province:BE21", "2026-02")] == 1 and rows[("sector:H", "2026-01")] == 2
    skill_uri = VacancySkill.objects.filter(vacancy=ads[0], rank=1).values_list("uri", flat=True).get()
    assert rows[(f"skill:{skill_uri}", "2026-01")] >= 1 and rows[(f"skill:{skill_uri}|BE23", "2026-01")] >= 1
    occ = VacancyOccupation.objects.filter(vacancy=ads[0], rank=1).values_list("uri", flat=True).get()
    assert rows[(f"occupation:{occ}", "2026-01")] >= 1
    assert any(k.startswith("isco:") and len(k) == 9 for k, _p in rows)
    # a month without any ad of a series that started earlier is 0, never missing
    assert rows[("sector:H", "2026-02")] == 0


def test_process_and_demand_commands(ads, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["lifelong"])
    assert main(["vacancies", "process", "--batch-size", "4"]) == 0
    out = capsys.readouterr()
    assert "7 ads processed in 2 batches" in out.out and "extracting [" in out.err
    target = tmp_path / "sector.csv"
    assert main(["vacancies", "demand", "--by", "sector", "--from", "2026-02", "--to", "2026-03",
                 "--output", str(target)]) == 0
    rows = list(csv.reader(target.open()))
    assert rows[0] == ["series_id", "period", "value"]
    assert ["sector:I", "2026-02", "1"] in rows and all(r[1] >= "2026-02" for r in rows[1:])
    # the same long form the forecasting command reads
    forecast = tmp_path / "forecast.csv"
    assert main(["forecasts", "predict", "--history", str(target), "--horizon", "2", "--output", str(forecast)]) == 0
    assert next(csv.reader(forecast.open()))[:3] == ["series_id", "period", "forecast"]
    assert main(["vacancies", "demand", "--by", "skill", "--from", "2026-13", "--output", str(target)]) == 2
