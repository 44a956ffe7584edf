"""The forecasting engine: baseline, intervals, periods, fallbacks and validation (no database)."""

from __future__ import annotations

import numpy as np
import pytest

from lifelong.forecasts.engine import MODELS, build_panel, forecast, make_model, run_backtest
from lifelong.forecasts.engine.periods import format_period, parse_period

PATTERN = [10, 12, 15, 20, 30, 45, 50, 48, 35, 25, 15, 11]


def monthly(sid, values, start=(2015, 1)):
    y, m = start
    out = []
    for k, v in enumerate(values):
        idx = y * 12 + m - 1 + k
        out.append((sid, format_period("M", idx), v))
    return out


def quarterly(sid, values, start=(2015, 1)):
    y, q = start
    return [(sid, format_period("Q", y * 4 + q - 1 + k), v) for k, v in enumerate(values)]


def by_series(rows):
    out = {}
    for r in rows:
        out.setdefault(r["series_id"], []).append(r)
    return out


def noisy_seasonal(n, seed=1, trend=0.0):
    rng = np.random.default_rng(seed)
    base = np.array(PATTERN * (n // 12 + 1), dtype=float)[:n]
    return base * (1 + trend * np.arange(n)) + rng.normal(0, 1.0, n)


def test_seasonal_naive_repeats_the_last_season_with_widening_intervals():
    values = PATTERN * 4
    panel, errors = build_panel(monthly("s", values))
    assert not errors
    pred = make_model("snaive").fit(panel).predict(30)
    assert pred.mean[0].tolist() == (PATTERN * 3)[:30]
    # exact repetition: zero residuals → zero width; perturb one value to get a spread
    values[-13] += 4
    panel, _ = build_panel(monthly("s", values))
    pred = make_model("snaive").fit(panel).predict(30)
    sd = pred.sd[0]
    assert sd[0] > 0 and np.allclose(sd[:12], sd[0])
    assert np.allclose(sd[12:24], sd[0] * np.sqrt(2)) and np.allclose(sd[24:], sd[0] * np.sqrt(3))


@pytest.mark.parametrize("name", [*MODELS, "auto"])
def test_intervals_are_ordered_for_every_model(name):
    rows = (monthly("seasonal", noisy_seasonal(60, trend=0.01)) + monthly("flat", 100 + np.random.default_rng(3).normal(0, 5, 40))
            + monthly("neg", np.linspace(-20, 20, 50) + np.random.default_rng(4).normal(0, 3, 50)))
    res = forecast(rows, 18, model=name)
    assert len(res.rows) == 3 * 18
    for r in res.rows:
        assert r["lo95"] <= r["lo80"] <= r["forecast"] <= r["hi80"] <= r["hi95"], r
    widths = [r["hi95"] - r["lo95"] for r in by_series(res.rows)["flat"]]
    assert widths[-1] > widths[0]  # uncertainty grows with the horizon


def test_monthly_periods_follow_the_last_one_across_the_year_end():
    rows = monthly("a", noisy_seasonal(40), start=(2020, 8))  # last period 2023-11
    assert rows[-1][1] == "2023-11"
    res = forecast(rows, 3)
    assert [r["period"] for r in res.rows] == ["2023-12", "2024-01", "2024-02"]


def test_quarterly_periods_follow_the_last_one_across_the_year_end():
    rows = quarterly("a", [5, 7, 9, 6] * 6, start=(2018, 4))  # last 2024-Q3
    rows += quarterly("b", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], start=(2020, 1))  # last 2022-Q2
    res = forecast(rows, 12)
    got = by_series(res.rows)
    assert [r["period"] for r in got["a"]][:3] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert got["a"][-1]["period"] == "2027-Q3"
    assert [r["period"] for r in got["b"]][:2] == ["2022-Q3", "2022-Q4"] and len(got["b"]) == 12


def test_horizon_out_of_range_is_refused():
    rows = monthly("a", noisy_seasonal(40))
    with pytest.raises(ValueError, match="1..36"):
        forecast(rows, 37)
    with pytest.raises(ValueError, match="1..12"):
        forecast(quarterly("q", range(1, 20)), 13)


def _prov(rows, horizon=12):
    res = forecast(rows, horizon)
    return {p["series_id"]: p for p in res.provenance}, by_series(res.rows)


def test_awkward_series_get_a_fallback_model_and_a_flag():
    rng = np.random.default_rng(7)
    zeros = np.where(rng.random(60) < 0.7, 0.0, rng.integers(1, 5, 60))
    gappy = monthly("gappy", noisy_seasonal(60))
    del gappy[30:33]
    rows = (monthly("tiny", [3, 4, 5]) + monthly("short", [5, 6, 7, 8, 9, 10, 9, 11]) + monthly("zeros", zeros)
            + gappy + monthly("negative", rng.normal(-5, 10, 60)) + monthly("normal", noisy_seasonal(60)))
    prov, out = _prov(rows)
    expect = {"tiny": ("naive", "tiny"), "short": ("theta", "short"), "zeros": ("ses", "zero_heavy"),
              "gappy": ("ses", "gappy"), "negative": ("theta", "negative")}
    for sid, (model, flag) in expect.items():
        assert prov[sid]["model"] == model, sid
        assert prov[sid]["selection"] == "fallback" and prov[sid]["fallback_reason"] == flag
        assert flag in prov[sid]["flags"]
        assert len(out[sid]) == 12
    assert prov["gappy"]["n_imputed"] == 3
    assert prov["normal"]["selection"] == "backtest" and prov["normal"]["flags"] == []
    assert all(r["lo95"] >= 0 for r in out["zeros"])  # never-negative series: bounds clipped at zero
    assert min(r["lo95"] for r in out["negative"]) < 0  # negative series: not clipped


def test_single_value_and_constant_series_do_not_crash():
    prov, out = _prov(monthly("one", [42]) + monthly("flat", [7] * 30), horizon=6)
    assert [r["forecast"] for r in out["one"]] == [42] * 6
    assert prov["one"]["model"] == "naive"
    assert prov["flat"]["fallback_reason"] == "constant"
    assert all(r["forecast"] == 7 for r in out["flat"])


def test_every_selected_forecast_carries_provenance_with_backtest_accuracy():
    prov, _ = _prov(monthly("a", noisy_seasonal(72, trend=0.01)), horizon=12)
    p = prov["a"]
    assert p["engine_version"].startswith("lifelong-forecasts")
    assert p["model"] in MODELS and p["backtest"]["origins"] == 3
    scores = p["candidates_mase"]
    assert p["backtest"]["mase"] == scores[p["model"]]
    # the combination is kept unless another candidate is more than 10 % better in the backtests
    if p["model"] == "comb":
        assert min(scores.values()) >= 0.9 * scores["comb"]
    else:
        assert scores[p["model"]] == min(scores.values()) < 0.9 * scores["comb"]


def test_selection_switches_away_from_the_combination_when_clearly_better():
    # a straight line: ARIMA with drift extrapolates it, the combination (SES, damped trend, Theta) lags
    rng = np.random.default_rng(11)
    rows = monthly("s", 10 + 2.0 * np.arange(60) + rng.normal(0, 0.1, 60))
    p = forecast(rows, 12).provenance[0]
    assert p["model"] != "comb" and p["candidates_mase"][p["model"]] < 0.9 * p["candidates_mase"]["comb"]
    assert set(p["backtest"]) >= {"mase", "smape", "cov80", "cov95"}


def test_selection_beats_seasonal_naive_on_a_trending_seasonal_series():
    values = noisy_seasonal(96, seed=5, trend=0.02)
    rows = monthly("t", values[:84])
    res = forecast(rows, 12)
    actual = values[84:]
    fc = np.array([r["forecast"] for r in res.rows])
    naive = values[72:84]
    assert res.provenance[0]["model"] not in ("snaive", "naive")
    assert np.abs(actual - fc).mean() < np.abs(actual - naive).mean()


def test_multiplicative_seasonality_is_detected_and_used():
    rows = monthly("s", noisy_seasonal(60, seed=2))
    model = make_model("ses").fit(build_panel(rows)[0])
    assert model.des_.kind[0] == "multiplicative"
    pred = model.predict(12).mean[0]
    assert np.argmax(pred) in (5, 6) and np.argmin(pred) in (0, 11)  # peak in June/July as in PATTERN


def test_bad_records_are_refused_one_by_one_and_valid_series_kept():
    rows = [(2, "a", "2020-01", "1"), (3, "a", "2020-02", "abc"), (4, "a", "2020-03", "3"),
            (5, "b", "2020-13", "1"), (6, "c", "2020-01", "1"), (7, "c", "2020-01", "2"),
            (8, "d", "2020-Q1", "1"), (9, "d", "2020-04", "1"), (10, "", "2020-01", "1"),
            (11, "e", "2020-01", "inf"), (12, "e", "2020-02", "5")]
    panel, errors = build_panel(rows)
    text = "\n".join(map(str, errors))
    assert "row 3, series 'a': unparsable value 'abc'" in text
    assert "row 5" in text and "out of range" in text
    assert "row 7, series 'c': duplicate period 2020-01" in text and "series 'c': has duplicate" in text
    assert "series 'd': mixes monthly and quarterly" in text
    assert "row 10: empty series_id" in text and "row 11" in text
    assert sorted(panel.ids) == ["a", "e"]  # a keeps 2 of 3 rows (hole interpolated), e keeps 1
    assert "gappy" in panel.flags[panel.ids.index("a")]


def test_frequency_is_inferred_and_minority_rows_refused():
    rows = quarterly("q", range(1, 21)) + [("m", "2020-01", 1.0)]
    panel, errors = build_panel(rows)
    assert panel.freq == "Q" and panel.ids == ["q"]
    assert "monthly period but the data are quarterly" in str(errors[0])
    panel, errors = build_panel(rows, freq="M")
    assert panel.ids == ["m"] and len(errors) == 20


def test_periods_parse_and_format_round_trip():
    for text in ("1999-12", "2000-01", "2024-Q1", "2024-Q4"):
        freq, idx = parse_period(text)
        assert format_period(freq, idx) == text
    for bad in ("2020-00", "2020-Q5", "20-01", "2020/01", ""):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_backtest_reports_every_model_and_the_baseline():
    rows = monthly("a", noisy_seasonal(80, trend=0.01)) + monthly("b", noisy_seasonal(70, seed=9))
    summary, meta, errors = run_backtest(rows, 12, origins=2)
    assert not errors and meta["series_scored"] == 2
    names = [r["model"] for r in summary]
    assert names[0] == "snaive" and "auto" in names and {"ses", "theta", "arima", "holt_damped"} <= set(names)
    base = summary[0]
    assert base["MASE_vs_snaive"] == 1.0 and base["forecasts"] == 4
    for r in summary:
        assert 0 <= r["cov80"] <= r["cov95"] <= 1 and r["sMAPE"] >= 0
