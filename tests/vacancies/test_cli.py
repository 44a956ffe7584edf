"""The ``lifelong vacancies extract`` contract, end to end through a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lifelong.vacancies.cli import MAX_TEXT_CHARS, parse_line

SKILL = "http://data.europa.eu/esco/skill/"
OCCUPATION = "http://data.europa.eu/esco/occupation/"


def run(tmp_path, lines: list[bytes], *options: str):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    proc = subprocess.run([sys.executable, "-m", "lifelong.cli", "vacancies", "extract", "--input", str(src),
                           "--output", str(out), *options], capture_output=True, text=True, timeout=300)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] if out.exists() else []
    return proc, rows


def record(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode()


def assert_ranked(matches: list[dict], prefix: str, k: int) -> None:
    assert len(matches) <= k
    for m in matches:
        assert set(m) == {"uri", "label", "score"}
        assert m["uri"].startswith(prefix) and m["label"] and isinstance(m["score"], float)
    assert [m["score"] for m in matches] == sorted((m["score"] for m in matches), reverse=True)


def test_extract_contract_in_fast_mode_keeps_order_and_shape(tmp_path):
    proc, rows = run(tmp_path, [
        record(id="v1", text="Je bent verantwoordelijk voor de boekhouding. Je werkt met Excel.", language="nl"),
        record(id="v2", text=""),
        record(id="v3", text="You will develop web applications in Python and JavaScript."),
    ], "--mode", "fast", "--top-k", "5")
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in rows] == ["v1", "v2", "v3"]
    for r in rows:
        assert set(r) == {"id", "skills", "occupations"}
        assert_ranked(r["skills"], SKILL, 5)
        assert_ranked(r["occupations"], OCCUPATION, 5)
    assert rows[1]["skills"] == [] and rows[1]["occupations"] == []
    assert "Python (computer programming)" in [s["label"] for s in rows[2]["skills"]]
    assert rows[0]["skills"], "a Dutch accounting text yields skills"


def test_extract_contract_in_accurate_mode_with_default_top_k(tmp_path):
    proc, rows = run(tmp_path, [record(id="t", text="U heeft een rijbewijs C en ervaring met vrachtwagens besturen.")])
    assert proc.returncode == 0, proc.stderr
    [row] = rows
    assert 0 < len(row["skills"]) <= 20
    assert_ranked(row["skills"], SKILL, 20)
    assert "vrachtwagenchauffeur" in [o["label"] for o in row["occupations"][:3]]


def test_bad_input_is_reported_per_line_and_the_batch_goes_on(tmp_path):
    huge = "Wij zoeken een lasser. " * (5 * 1024 * 1024 // 23 + 1)
    lines = [
        record(id="ok1", text="Je kan lassen met MIG/MAG."),
        b'{"id": "broken", "text": ',  # malformed JSON
        record(id="nt"),  # missing text
        record(id="de", text="Sie sprechen Deutsch.", language="de"),
        record(id="big", text=huge),
        b'{"id": "bad-utf8", "text": "caf\xe9"}',
        record(id="ok1", text="dubbel"),
        b"[1, 2]",
        b"",  # blank lines are ignored
        record(id="ok2", text="Vous parlez anglais.", language="fr"),
    ]
    proc, rows = run(tmp_path, lines, "--mode", "fast", "--top-k", "3")
    assert proc.returncode == 0
    assert [r["id"] for r in rows] == ["ok1", "", "nt", "de", "big", "", "ok1", "", "ok2"]
    errors = {r["line"]: r["error"] for r in rows if "error" in r}
    assert sorted(errors) == [2, 3, 4, 5, 6, 7, 8]
    assert "malformed JSON" in errors[2]
    assert errors[3] == "missing text"
    assert "unknown language 'de'" in errors[4]
    assert "text too long" in errors[5]
    assert "invalid UTF-8" in errors[6]
    assert "duplicate id 'ok1' (first on line 1)" in errors[7]
    assert "expected a JSON object" in errors[8]
    for line, reason in errors.items():
        assert f"in.jsonl:{line}: refused: {reason}" in proc.stderr
    refused = [r for r in rows if "error" in r]
    assert all(r["skills"] == [] and r["occupations"] == [] for r in refused)
    assert rows[0]["skills"] and rows[-1]["skills"], "valid neighbours of bad lines are still extracted"
    assert "2 extracted, 7 refused" in proc.stderr


def test_missing_input_file_is_an_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "lifelong.cli", "vacancies", "extract", "--input",
                           str(tmp_path / "in.jsonl"), "--output", str(tmp_path / "o.jsonl")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "cannot read" in proc.stderr


@pytest.mark.parametrize(("raw", "reason"), [
    (b'{"id": 7, "text": "x"}', "missing id"),
    (b'{"id": "a", "text": 12}', "text must be a string"),
    (('{"id": "a", "text": "' + "x" * (MAX_TEXT_CHARS + 1) + '"}').encode(), "text too long"),
])
def test_parse_line_refuses_with_a_reason(raw, reason):
    rec = parse_line(raw, 1, {})
    assert rec.error and reason in rec.error


def test_parse_line_accepts_a_record_without_language():
    rec = parse_line(b'{"id": "a", "text": "Je kan koken."}', 4, {})
    assert rec.error is None and rec.language is None and rec.text == "Je kan koken."
