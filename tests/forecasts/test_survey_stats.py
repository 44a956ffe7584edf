"""Survey weighting and Delphi/combination statistics (pure modules, no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifelong.forecasts.engine.combination import Signal, combine
from lifelong.forecasts.engine.delphi import summarise
from lifelong.forecasts.engine.survey_weighting import (
    POSTSTRAT,
    RAKING,
    WeightingError,
    calibrate,
    estimate,
)

SIZES = ("micro", "small", "medium", "large")
SECTORS = ("C", "F", "G", "Q")


@st.composite
def population_and_sample(draw):
    pop = {}
    for s in SIZES:
        for a in SECTORS:
            pop[(s, a)] = draw(st.integers(min_value=0, max_value=40))
    cells = [c for c, n in pop.items() if n > 0]
    if not cells:
        pop[("micro", "C")] = 5
        cells = [("micro", "C")]
    sample = []
    for c in cells:
        k = draw(st.integers(min_value=0, max_value=pop[c]))
        sample += [c] * k
    if not sample:
        sample = [cells[0]]
    return pop, sample


@settings(max_examples=80, deadline=None)
@given(population_and_sample(), st.integers(min_value=2, max_value=5))
def test_weights_sum_to_the_population_and_are_positive(data, min_cell):
    pop, sample = data
    w = calibrate(pop, sample, min_cell=min_cell)
    assert w.weights.sum() == pytest.approx(sum(pop.values()), rel=1e-9)
    assert (w.weights > 0).all()


@settings(max_examples=40, deadline=None)
@given(population_and_sample(), st.integers(min_value=2, max_value=5))
def test_raking_matches_the_margins_of_covered_categories(data, min_cell):
    pop, sample = data
    w = calibrate(pop, sample, min_cell=min_cell)
    if w.method != RAKING or any("niet volledig" in n for n in w.notes):
        return  # post-stratified, or margins that no weights can meet (said in the notes)
    sizes, sectors = {c[0] for c in sample}, {c[1] for c in sample}
    covered = sum(v for c, v in pop.items() if c[0] in sizes and c[1] in sectors)
    scale = sum(pop.values()) / covered
    for s in sizes:
        target = sum(v for c, v in pop.items() if c[0] == s and c[1] in sectors) * scale
        got = sum(wi for wi, c in zip(w.weights, sample, strict=True) if c[0] == s)
        assert got == pytest.approx(target, rel=1e-6)


@settings(max_examples=40, deadline=None)
@given(population_and_sample(), st.data())
def test_a_census_has_zero_width_intervals(data, draw):
    pop, _sample = data
    census = [c for c, n in pop.items() for _ in range(n)]
    y = draw.draw(st.lists(st.integers(0, 30), min_size=len(census), max_size=len(census)))
    w = calibrate(pop, census, min_cell=3)
    assert w.method == POSTSTRAT
    est = estimate(w, y)
    assert est.total == pytest.approx(sum(y)) and est.total_se == pytest.approx(0, abs=1e-9)
    assert est.total_lo95 == pytest.approx(est.total_hi95)


def test_known_post_stratified_example():
    # two strata: N = 100 and 50; answers (2, 4) and (10, 20, 30)
    pop = {("small", "C"): 100, ("large", "C"): 50}
    cells = [("small", "C")] * 2 + [("large", "C")] * 3
    w = calibrate(pop, cells, min_cell=2)
    assert w.method == POSTSTRAT and list(w.weights) == [50, 50, 50 / 3, 50 / 3, 50 / 3]
    est = estimate(w, [2, 4, 10, 20, 30])
    assert est.total == pytest.approx(100 * 3 + 50 * 20)
    # V = 100² (1 − 2/100) · 2 / 2 + 50² (1 − 3/50) · 100 / 3
    var = 100 ** 2 * (1 - 2 / 100) * 2 / 2 + 50 ** 2 * (1 - 3 / 50) * 100 / 3
    assert est.total_se == pytest.approx(np.sqrt(var))
    assert est.mean == pytest.approx(1300 / 150)


def test_small_cells_switch_to_raking_and_say_so():
    pop = {("small", "C"): 100, ("large", "C"): 50, ("small", "F"): 80, ("large", "F"): 20}
    cells = [("small", "C")] * 4 + [("large", "C")] * 3 + [("small", "F")] * 3 + [("large", "F")]
    w = calibrate(pop, cells, min_cell=3)
    assert w.method == RAKING and "raking" in w.notes[0]
    est = estimate(w, [1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1])
    assert 0 <= est.mean_lo95 < est.mean < est.mean_hi95 <= 1


def test_uncovered_categories_are_reported_and_weights_still_sum_to_the_population():
    pop = {("small", "C"): 100, ("large", "Q"): 50}
    w = calibrate(pop, [("small", "C")] * 5, min_cell=3)
    assert w.method == RAKING and any("50 ondernemingen" in n for n in w.notes)
    assert w.weights.sum() == pytest.approx(150)


def test_empty_inputs_are_clear_errors():
    with pytest.raises(WeightingError, match="geen antwoorden"):
        calibrate({("small", "C"): 3}, [])
    with pytest.raises(WeightingError, match="populatie"):
        calibrate({}, [("small", "C")])


def test_delphi_summary_and_consensus():
    s = summarise([0, 5, 10, 10, 20], [3, 4, 5, 4, 4], threshold=10)
    assert (s.median, s.q1, s.q3, s.iqr) == (10, 5, 10, 5) and s.consensus
    wide = summarise([-20, 0, 30, 40], threshold=10)
    assert wide.iqr > 10 and not wide.consensus
    assert not summarise([5, 5], threshold=10).consensus  # too few answers
    assert summarise([], threshold=10).median is None


def test_combination_weights_contributions_and_label():
    out = combine([Signal("statistical", 10, 0.5, {}, mase=2.0), Signal("survey", 20, 0.25, {}),
                   Signal("panel", 60, 0.25, {})], cap=50, band=3)
    w = {p["source"]: p["weight"] for p in out["contributions"]}
    assert w["statistical"] == pytest.approx(1 / 3, abs=1e-4)  # 0.5 · 1/MASE = 0.25 of 0.75
    assert sum(p["contribution_pct"] for p in out["contributions"]) == pytest.approx(out["change_pct"], abs=1e-2)
    assert out["change_pct"] == pytest.approx((10 + 20 + 50) / 3, abs=1e-3)  # panel clipped at 50
    assert out["outlook"] == "stijgend" and out["confidence"] == "hoog"
    falling = combine([Signal("statistical", -10, 0.5, {}, mase=0.8), Signal("panel", 5, 0.25, {})], cap=50, band=3)
    assert falling["outlook"] == "dalend" and falling["confidence"] == "middel"
    alone = combine([Signal("statistical", 1, 0.5, {}, mase=1.3)], cap=50, band=3)
    assert alone["outlook"] == "stabiel" and alone["confidence"] == "laag"
