"""The command-line contract, end to end through a subprocess (no database)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lifelong.forecasts.engine.periods import format_period

HEADER = ["series_id", "period", "forecast", "lo80", "hi80", "lo95", "hi95"]
PATTERN = [10, 12, 15, 20, 30, 45, 50, 48, 35, 25, 15, 11]


def run(*args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = "sqlite:////nonexistent/dir/no.sqlite3"  # proves no database is touched
    return subprocess.run([sys.executable, "-m", "lifelong.cli", "forecasts", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def write(path: Path, lines):
    path.write_text("\n".join(lines) + "\n")
    return path


def read(path: Path):
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


@pytest.fixture
def history(tmp_path):
    lines = ["series_id,period,value"]
    for k in range(50):  # 2019-11 .. 2023-12
        idx = 2019 * 12 + 10 + k
        lines.append(f"occ.2512,{format_period('M', idx)},{PATTERN[idx % 12] * (1 + 0.01 * k) + (k % 3):.2f}")
    for k in range(30):
        lines.append(f"skill.python,{format_period('M', 2021 * 12 + k)},{100 + 2 * k + (k % 4)}")
    return write(tmp_path / "h.csv", lines)


def test_predict_writes_the_contract(history, tmp_path):
    out = tmp_path / "f.csv"
    res = run("predict", "--history", str(history), "--horizon", "14", "--output", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    header, rows = read(out)
    assert header == HEADER
    got = {}
    for r in rows:
        got.setdefault(r[0], []).append(r)
        lo95, lo80, f, hi80, hi95 = (float(r[i]) for i in (5, 3, 2, 4, 6))
        assert lo95 <= lo80 <= f <= hi80 <= hi95
    assert list(got) == ["occ.2512", "skill.python"]
    assert [r[1] for r in got["occ.2512"]][:2] == ["2024-01", "2024-02"] and got["occ.2512"][-1][1] == "2025-02"
    assert [r[1] for r in got["skill.python"]][:1] == ["2023-07"] and len(got["skill.python"]) == 14
    assert "forecasts:" in res.stderr  # progress on stderr, nothing needed on stdout


def test_predict_quarterly_with_explicit_freq_and_provenance(tmp_path):
    lines = ["series_id,period,value,region"] + [f"vac.BE2,{format_period('Q', 2015 * 4 + k)},{100 + k * 3 + (k % 4) * 5},BE2"
                                                 for k in range(36)]
    h = write(tmp_path / "q.csv", lines)
    out, prov = tmp_path / "fq.csv", tmp_path / "p.json"
    res = run("predict", "--history", str(h), "--horizon", "12", "--output", str(out), "--freq", "Q",
              "--provenance", str(prov), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    _, rows = read(out)
    assert [r[1] for r in rows][:2] == ["2024-Q1", "2024-Q2"] and rows[-1][1] == "2026-Q4"
    import json
    p = json.loads(prov.read_text())[0]
    assert p["series_id"] == "vac.BE2" and p["model"] and p["backtest"]["mase"] > 0


def test_backtest_prints_accuracy_per_model_with_the_baseline(history, tmp_path):
    res = run("backtest", "--history", str(history), "--horizon", "6", "--origins", "2", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    head = next(ln for ln in lines if ln.startswith("model"))
    assert all(k in head for k in ("MASE", "sMAPE", "cov80", "cov95"))
    models = {ln.split()[0] for ln in lines[lines.index(head) + 1:] if ln and not ln.startswith("MASE")}
    assert {"snaive", "ses", "holt_damped", "theta", "arima", "comb", "auto"} <= models


def test_bad_rows_are_reported_and_valid_series_still_forecast(tmp_path):
    lines = ["series_id,period,value"] + [f"good,{format_period('M', 2020 * 12 + k)},{10 + k}" for k in range(30)]
    lines += ["dup,2020-01,1", "dup,2020-01,2", "bad,2020-1,3", "bad,2020-02,three", "mixed,2020-Q1,4",
              "mixed,2020-03,5"]
    h = write(tmp_path / "h.csv", lines)
    out = tmp_path / "f.csv"
    res = run("predict", "--history", str(h), "--horizon", "3", "--output", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    err = res.stderr
    assert "row 33, series 'dup': duplicate period 2020-01" in err
    assert "row 34, series 'bad': unparsable period '2020-1'" in err
    assert "row 35, series 'bad': unparsable value 'three'" in err
    assert "series 'mixed': mixes monthly and quarterly" in err
    _, rows = read(out)
    assert {r[0] for r in rows} == {"good"} and len(rows) == 3


def test_missing_header_and_bad_horizon_stop_with_a_clear_error(history, tmp_path):
    h = write(tmp_path / "nohead.csv", ["a,2020-01,1", "a,2020-02,2"])
    res = run("predict", "--history", str(h), "--horizon", "3", "--output", str(tmp_path / "x.csv"), cwd=tmp_path)
    assert res.returncode == 2 and "missing header" in res.stderr and not (tmp_path / "x.csv").exists()
    res = run("predict", "--history", str(history), "--horizon", "37", "--output", str(tmp_path / "x.csv"),
              cwd=tmp_path)
    assert res.returncode == 2 and "horizon 37 out of range" in res.stderr
    res = run("predict", "--history", str(tmp_path / "none.csv"), "--horizon", "3", "--output",
              str(tmp_path / "x.csv"), cwd=tmp_path)
    assert res.returncode == 2 and "not found" in res.stderr
    only_bad = write(tmp_path / "bad.csv", ["series_id,period,value", "a,2020-01,x"])
    res = run("predict", "--history", str(only_bad), "--horizon", "3", "--output", str(tmp_path / "x.csv"),
              cwd=tmp_path)
    assert res.returncode == 1 and "no valid series" in res.stderr


def test_help_documents_the_contract_and_bad_input(tmp_path):
    res = run("predict", "--help", cwd=tmp_path)
    assert res.returncode == 0
    for needle in ("series_id,period,forecast,lo80,hi80,lo95,hi95", "YYYY-Qn", "bad input", "duplicate",
                   "exit status"):
        assert needle in res.stdout
