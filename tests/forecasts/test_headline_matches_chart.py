"""Issue 16.3: the outlook headline (label, change, certainty) agrees with the chart beside it, and a survey
estimate never shows a zero-wide interval it does not know ("4 – 4")."""

from __future__ import annotations

import pytest

from lifelong.forecasts.engine.combination import Signal, combine, direction
from lifelong.forecasts.engine.survey_weighting import RAKING, calibrate, estimate


def _signals(stat_change: float, interval_ratio: float | None = 0.2):
    return [Signal("statistical", stat_change, 0.2, {"interval_ratio": interval_ratio}, mase=0.8),
            Signal("survey", 30.0, 0.4, {}), Signal("panel", 30.0, 0.4, {})]


def test_a_falling_chart_cannot_carry_a_confident_rising_headline():
    """The issue's case: the survey and panel say +30 %, the chart falls by 40 %: before, "hoog"."""
    res = combine(_signals(-40.0), cap=50, band=5)
    assert res["outlook"] == "stijgend" and res["agreement"] >= 0.75  # the sources' weights alone: hoog
    assert res["confidence"] == "laag"


def test_a_flat_chart_beside_a_rising_headline_is_at_most_middel():
    assert combine(_signals(1.0), cap=50, band=5)["confidence"] == "middel"
    assert combine(_signals(20.0), cap=50, band=5)["confidence"] == "hoog"  # all agree, narrow band


@pytest.mark.parametrize("ratio, most", [(1.6, "laag"), (0.8, "middel"), (0.3, "hoog"), (None, "hoog")])
def test_the_charts_interval_bounds_the_certainty(ratio, most):
    """An 80 % band wider than the forecast value (ratio > 1: "0 – 3,3" around 1,2) is never "hoog"."""
    assert combine(_signals(20.0, ratio), cap=50, band=5)["confidence"] == most


@pytest.mark.django_db
def test_published_demo_outlooks_agree_with_their_charts():
    """Every published outlook on the demo: "hoog" only with a chart that points the same way and a band
    narrower than half the value; the change of the chart's source is computed from the chart's rows."""
    from lifelong.forecasts.models import CombinedForecast
    from lifelong.forecasts.services.combination import latest_run_for, statistical_signal

    published = list(CombinedForecast.objects.all())
    assert published
    checked = 0
    for c in published:
        stat = next((p for p in c.contributions if p["source"] == "statistical"), None)
        if stat is None:
            continue
        band = c.rule_snapshot["stable_band_pct"]
        ratio = stat["provenance"].get("interval_ratio")
        assert ratio is not None
        if c.confidence == "hoog":
            assert direction(stat["signal_pct"], band) == c.outlook and ratio <= 0.5, c.series_key
        if ratio > 1:
            assert c.confidence == "laag", c.series_key
        if checked < 5:  # the chart's numbers give the same change
            again = statistical_signal(c.series_key, latest_run_for(c.series_key), None)
            assert round(again.change_pct, 3) == stat["raw_signal_pct"]
        checked += 1
    assert checked


def test_a_cell_with_one_answer_does_not_make_the_estimate_certain():
    """One answer per cell: raking's model explains every answer, its residuals are 0 and the interval was
    "4 – 4"."""
    pop = {("small", "C"): 20, ("small", "F"): 30, ("large", "C"): 10}
    cells = [("small", "C"), ("small", "F"), ("large", "C")]
    w = calibrate(pop, cells, min_cell=1)
    e = estimate(w, [1.0, 4.0, 2.0])
    assert e.total_hi95 - e.total_lo95 > 0 and e.interval_known
    assert w.method == RAKING


def test_identical_answers_of_a_sample_leave_the_interval_unknown():
    pop = {("small", "C"): 20, ("small", "F"): 30}
    cells = [("small", "C")] * 3 + [("small", "F")] * 3
    e = estimate(calibrate(pop, cells, min_cell=1), [4.0] * 6)
    assert e.total_lo95 == e.total_hi95 and not e.interval_known  # shown as "onbekend", not "200 – 200"
    census = estimate(calibrate({("small", "C"): 3}, [("small", "C")] * 3, min_cell=1), [4.0] * 3)
    assert census.interval_known  # every firm answered: the total is known exactly


@pytest.mark.django_db
def test_the_series_page_sets_the_charts_own_numbers_beside_the_headline(client):
    from urllib.parse import quote

    from lifelong.forecasts.models import CombinedForecast
    from lifelong.numbers import signed_percent
    from lifelong.users.models import User

    c = next(c for c in CombinedForecast.objects.order_by("id")
             if any(p["source"] == "statistical" for p in c.contributions))
    stat = next(p for p in c.contributions if p["source"] == "statistical")
    client.force_login(User.objects.get(email="analyst@demo.lifelong.test"))
    html = client.get(f"/voorspellingen/reeks/?key={quote(c.series_key)}").content.decode()
    said = html.split('id="chart-says"', 1)[1].split("</dd>", 1)[0]
    assert signed_percent(stat["raw_signal_pct"]) in said  # the chart's change, in Dutch ("−4,0 %")
    assert "." not in signed_percent(stat["raw_signal_pct"])
