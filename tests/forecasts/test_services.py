"""Stored demand series and forecast runs (database; never transactional_db)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from lifelong.forecasts.engine.periods import format_period
from lifelong.forecasts.models import DemandSeries, Forecast
from lifelong.forecasts.services import import_series, run_forecasts

pytestmark = pytest.mark.django_db


def records(key, n, start=2018 * 12, base=100.0, row0=2):
    return [(row0 + k, key, format_period("M", start + k), str(base + k + (k % 12) * 3)) for k in range(n)]


def test_import_keeps_valid_records_and_reports_each_refusal():
    recs = records("occ.2512", 40) + [(100, "occ.2512", "2018-01", "5"), (101, "x", "2020-13", "1"),
                                       (102, "y", "2020-01", "n/a"), (103, "y", "2020-02", "4")]
    report = import_series(records=recs, source="test")
    refused = "\n".join(map(str, report.refused))
    assert "series 'occ.2512': has duplicate periods" in refused  # whole series refused: which value is right?
    assert "row 101" in refused and "row 102" in refused
    assert report.created == 1 and DemandSeries.objects.get(source="test").series_key == "y"


def test_reimport_updates_values_and_refuses_a_frequency_change():
    assert import_series(records=records("a", 30), source="v1").created == 30
    changed = records("a", 30, base=200.0)
    report = import_series(records=changed, source="v2")
    assert (report.created, report.updated) == (0, 30)
    assert DemandSeries.objects.filter(series_key="a", source="v2").count() == 30
    report = import_series(records=[(2, "a", "2030-Q1", "1")], source="v3")
    assert "stored as frequency M" in str(report.refused[0]) and report.created == 0


def test_forecast_run_stores_rows_with_provenance():
    import_series(records=records("a", 48) + records("b", 3, row0=60), source="test")
    run = run_forecasts(horizon=6, freq="M", series_keys=["a", "b"])  # the demo seed stores series too
    assert run.forecasts.count() == 12
    prov = {p["series_id"]: p for p in run.provenance}
    assert prov["b"]["fallback_reason"] == "tiny" and prov["a"]["backtest"]["mase"] > 0
    first = run.forecasts.filter(series_key="a").first()
    assert first.period == "2022-01" and first.model == prov["a"]["model"]


def test_database_refuses_unordered_intervals():
    import_series(records=records("a", 30), source="test")
    run = run_forecasts(horizon=1, series_keys=["a"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Forecast.objects.create(run=run, series_key="z", period="2030-01", model="x", forecast=1, lo80=2, hi80=3,
                                lo95=0, hi95=4)
