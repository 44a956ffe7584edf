"""Imports: clear errors per record, valid records kept, nothing silently converted; idempotent."""

from __future__ import annotations

import csv
from decimal import Decimal

from lifelong.dashboard.models import Indicator, IndicatorValue, Target
from lifelong.dashboard.services import import_series, import_targets

HEADER = ["series_id", "indicator", "geo", "geo_label", "sex", "age", "breakdown", "period", "value", "unit", "flag",
          "source", "note"]


def _write(path, rows, header=HEADER):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_the_packaged_series_are_loaded_with_breaks_and_sources(action):
    v = IndicatorValue.objects.get(indicator__code="lfs_12m", geo="BE2", sex="T", period="2021")
    assert v.is_break and v.value == Decimal("20.8") and "vlaamsindicatorenboek" in v.source
    assert IndicatorValue.objects.filter(indicator__computed=False).count() == 283
    eu = Target.objects.get(code="eu_2030_adult_learning")
    assert eu.value == 60 and "zonder begeleide opleiding op de werkplek" in eu.measure_definition
    assert not Target.objects.filter(code="be_national_2030").exists()  # no value in the source: refused


def test_bad_records_are_refused_one_by_one_and_good_ones_kept(tmp_path, action):
    path = _write(tmp_path / "s.csv", [
        ["lfs_12m", "", "BE2", "", "T", "Y25-64", "total", "2030", "30.5", "pct", "", "test", ""],
        ["lfs_12m", "", "BE2", "", "T", "Y25-64", "total", "2029", "30.5", "persons", "", "test", ""],
        ["lfs_12m", "", "BE2", "", "T", "Y25-64", "total", "29", "30.5", "pct", "", "test", ""],
        ["lfs_12m", "", "XX", "", "T", "Y25-64", "total", "2028", "30,5", "pct", "", "test", ""],
        ["nope", "", "BE2", "", "T", "Y25-64", "total", "2028", "1", "pct", "", "test", ""],
        ["lfs_12m", "", "BE2", "", "T", "Y25-64", "total", "2030", "31", "pct", "", "test", ""],
    ])
    report = import_series(path=path)
    assert report.accepted == 1 and len(report.refused) == 5
    assert report.refused[0].startswith("s.csv:3:") and "eenheid 'persons'" in report.refused[0]
    assert "periode '29'" in report.refused[1]
    assert "gebiedscode 'XX'" in report.refused[2] and "'30,5'" in report.refused[2]
    assert "onbekende indicator 'nope'" in report.refused[3]
    assert "regel 2" in report.refused[4]  # a duplicate cell never silently overwrites
    assert IndicatorValue.objects.get(indicator__code="lfs_12m", geo="BE2", period="2030").value == Decimal("30.5")


def test_reimport_is_idempotent(action):
    n = IndicatorValue.objects.count()
    report = import_series()
    assert report.accepted == 283 and not report.refused
    assert IndicatorValue.objects.count() == n


def test_target_without_definition_is_refused(tmp_path, action):
    header = ["target_id", "scope", "indicator", "measure", "age", "target_value", "unit", "target_year", "status",
              "source", "note"]
    path = _write(tmp_path / "t.csv", [
        ["t_no_def", "Flanders", "x", "", "Y25-64", "50", "pct", "2030", "", "src", ""],
        ["t_ok", "Flanders", "x", "LFS 12m", "Y25-64", "50", "pct", "2030", "", "src", ""],
        ["t_unit", "Flanders", "x", "LFS 12m", "Y25-64", "50", "furlongs", "2030", "", "src", ""],
    ], header)
    report = import_targets(path=path, links={"t_ok": ["lfs_12m"]})
    assert report.accepted == 1
    assert "zonder meetdefinitie" in report.refused[0] and "furlongs" in report.refused[1]
    assert Indicator.objects.get(code="lfs_12m").targets.filter(code="t_ok").exists()


def test_baseline_is_the_flemish_value_of_the_plan_year(action):
    indicator = Indicator.objects.get(code="lfs_12m")
    assert indicator.baseline_period == "2021" and indicator.baseline_value == Decimal("20.8")


def test_secretariat_changes_a_baseline_with_history(users, action):
    from lifelong.actionplan.models import ChangeRecord
    from lifelong.dashboard.services import update_indicator

    indicator = Indicator.objects.get(code="lfs_12m")
    update_indicator(actor=users["secretariat"], indicator=indicator, why="basis = 2022 (na de breuk)",
                     baseline_period="2022", baseline_value=Decimal("22.4"))
    record = ChangeRecord.objects.get(subject=f"dashboard.indicator:{indicator.pk}")
    assert record.changes["baseline_value"] == ["20.8000", "22.4"]
