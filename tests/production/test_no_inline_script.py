"""The Content-Security-Policy forbids inline script: no template may hold one (put behaviour in static JS)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "lifelong"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\s(on[a-z]+)\s*=\s*[\"']", re.I), "on…= event handler"),
    (re.compile(r"\shx-on[:-]", re.I), "hx-on attribute (htmx evaluates it as script)"),
    (re.compile(r"\shx-vals\s*=\s*[\"']\s*js:", re.I), "hx-vals with js:"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_holds_inline_script():
    found = []
    for template in sorted(SRC.glob("**/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(SRC)}:{line}: {what}: {match.group(0).strip()}")
    assert found == [], "the CSP blocks these (move them to a static .js file):\n" + "\n".join(found)
