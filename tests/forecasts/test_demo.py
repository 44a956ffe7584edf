"""The demo's forecasts are made from the demo's vacancy demand: no synthetic value shadows a measured one."""

from __future__ import annotations

import pytest

from lifelong.demo import forecasts as demo
from lifelong.forecasts.engine.periods import format_period, parse_period
from lifelong.forecasts.models import (
    CombinedForecast,
    DemandSeries,
    Forecast,
    ForecastRun,
    Panel,
    Survey,
)
from lifelong.vacancies.services import DEMAND_SOURCE, compute_demand

pytestmark = pytest.mark.django_db


def _demo_run() -> ForecastRun:
    keys = DemandSeries.objects.filter(source=demo.DEMO_SOURCE).values("series_key")
    return Forecast.objects.filter(series_key__in=keys).select_related("run").order_by("-run_id").first().run


def test_after_the_demo_seed_no_vacancy_demand_is_kept_from_another_source(esco):
    report = compute_demand()  # the seed's last word on demand, recomputed (rolled back after the test)
    assert report.written > 1000 and report.kept_other_source == 0
    vacancy_months = set(DemandSeries.objects.filter(source=DEMAND_SOURCE).values_list("period", flat=True))
    history = DemandSeries.objects.filter(source=demo.DEMO_SOURCE)
    assert history.exists() and not history.filter(period__in=vacancy_months).exists()
    assert max(history.values_list("period", flat=True)) < min(vacancy_months)
    # the synthetic history is the only other source, and only under keys the vacancy pipeline measured
    assert set(DemandSeries.objects.values_list("source", flat=True).distinct()) == {DEMAND_SOURCE, demo.DEMO_SOURCE}
    measured = set(DemandSeries.objects.filter(source=DEMAND_SOURCE).values_list("series_key", flat=True))
    assert set(history.values_list("series_key", flat=True)) <= measured


def test_the_demo_forecasts_the_measured_series_from_their_last_month(esco):
    run = _demo_run()
    keys = set(Forecast.objects.filter(run=run).values_list("series_key", flat=True))
    measured = set(DemandSeries.objects.filter(source=DEMAND_SOURCE).values_list("series_key", flat=True))
    assert keys and keys <= measured
    assert {k.split(":")[0] for k in keys} >= {"flanders", "province", "sector", "skill", "occupation"}
    for key in keys:
        periods = list(DemandSeries.objects.filter(series_key=key).order_by("period").values_list("period", flat=True))
        assert len(periods) == demo.TARGET_MONTHS  # 24 months of ads + 24 synthetic months before them
        first = parse_period(periods[0])[1]
        assert periods == [format_period("M", first + i) for i in range(len(periods))]  # no hole
        nxt = format_period("M", parse_period(periods[-1])[1] + 1)
        assert Forecast.objects.filter(run=run, series_key=key).order_by("period").first().period == nxt
    # the backtest runs (the history is long enough), and the combined outlooks, the survey and the panel are
    # about the forecast competences and occupations
    assert any((p.get("backtest") or {}).get("mase") is not None for p in run.provenance)
    combined = set(CombinedForecast.objects.values_list("series_key", flat=True))
    assert combined and combined <= keys
    uris = {k.split(":", 1)[1].split("|")[0] for k in keys}
    survey = Survey.objects.get(is_synthetic=True)
    assert set(survey.questions.exclude(concept_uri="").values_list("concept_uri", flat=True)) <= uris
    assert set(Panel.objects.get(is_synthetic=True).items.values_list("concept_uri", flat=True)) <= uris


def test_series_page_names_each_source_with_its_months(client, esco):
    from lifelong.users.models import User

    key = Forecast.objects.filter(run=_demo_run(), series_key__startswith="skill:").values_list(
        "series_key", flat=True).first()
    client.force_login(User.objects.get(email="analyst@demo.lifelong.test"))
    html = client.get("/voorspellingen/reeks/", {"key": key}).content.decode()
    sources = html[html.index('id="series-sources"'):]
    assert demo.DEMO_SOURCE in sources and DEMAND_SOURCE in sources
    first_ad = DemandSeries.objects.filter(series_key=key, source=DEMAND_SOURCE).order_by("period").first().period
    assert f"{DEMAND_SOURCE} ({first_ad} –" in sources


def test_synthetic_history_is_deterministic_counts_before_the_first_measured_month():
    measured = {format_period("M", 2024 * 12 + 10 + i): float(2 + i // 6) for i in range(24)}
    a = demo.synthetic_history("skill:x", measured, seed=7, months=24)
    assert a == demo.synthetic_history("skill:x", measured, seed=7, months=24)
    assert a != demo.synthetic_history("skill:y", measured, seed=7, months=24)
    assert [p for p, _v in a] == [format_period("M", 2024 * 12 + 10 - 24 + i) for i in range(24)]
    assert all(v >= 0 and v == int(v) for _p, v in a)
    # the measured series grows (2.5 → 4.5 a month), so the history before it is lower (going back with that
    # growth, clipped to a third a year): about 1.65 a month on average
    assert 1.0 < sum(v for _p, v in a) / 24 < 2.5


def test_select_keys_takes_only_full_series_with_enough_ads():
    months = [format_period("M", 2024 * 12 + i) for i in range(24)]
    series = {
        "flanders:all": {m: 10.0 for m in months},
        "skill:a": {m: 2.0 for m in months},
        "skill:a|BE21": {m: 1.0 for m in months},
        "skill:thin": {m: 0.5 for m in months},  # under one ad a month
        "skill:late": {m: 3.0 for m in months[2:]},  # starts after the first month: a hole before it
        "occupation:o": {m: 0.5 for m in months},
        "isco:1234": {m: 5.0 for m in months},  # not a kind the demo forecasts
    }
    chosen = demo.select_keys(series)
    assert chosen["flanders"] == ["flanders:all"] and chosen["skill"] == ["skill:a"]
    assert chosen["skill|"] == ["skill:a|BE21"] and chosen["occupation"] == ["occupation:o"]
    assert "isco:1234" not in {k for v in chosen.values() for k in v}
