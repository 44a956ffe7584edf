"""No secret in the repository: private keys, cloud and forge tokens, or a hard-coded SECRET_KEY."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRETS = [
    (re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"), "a private key"),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "an AWS access key"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"), "a GitHub token"),
    (re.compile(r"\bxox[baprs]-[A-Za-z0-9-]{10,}"), "a Slack token"),
    (re.compile(r"\bsk_live_[A-Za-z0-9]{20,}"), "a Stripe key"),
    (re.compile(r"""(?i)\b(SECRET_KEY|[A-Z_]*SIGNING_KEY|[A-Z_]*CLIENT_SECRET|[A-Z_]*API_KEY)\s*=\s*["'][^"'\s]{16,}["']"""),
     "a hard-coded secret setting"),
    (re.compile(r"postgres(?:ql)?://[^:/@\s]+:[^@\s]{6,}@"), "a database password in a URL"),
]
# (test passwords of made-up users are no secret and are not searched for.)
# the demo's placeholder, used only with DEBUG=1 (settings refuse to run without SECRET_KEY otherwise)
ALLOWED = {"insecure-demo-key-only-for-DEBUG"}


def test_no_secret_is_committed():
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    found = []
    for name in filter(None, files):
        path = ROOT / name.decode()
        if not path.is_file() or path.stat().st_size > 5_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary (model weights, images)
        for pattern, what in SECRETS:
            for match in pattern.finditer(text):
                if any(allowed in match.group(0) for allowed in ALLOWED):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name.decode()}:{line}: {what}")
    assert found == [], "secrets in the repository (use the environment instead):\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    samples = ["-----BEGIN " + "PRIVATE KEY-----", "AKIA" + "ABCDEFGHIJKLMNOP", "SECRET_KEY = '" + "x" * 40 + "'",
               "postgres://app:" + "hunter2hunter2" + "@db:5432/x"]
    for sample in samples:
        assert any(p.search(sample) for p, _what in SECRETS), sample
