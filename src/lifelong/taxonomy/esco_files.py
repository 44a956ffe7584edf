"""Reading the ESCO CSV package layout (pure Python, no Django).

Works on the official package (``en/skills_en.csv`` …) and on the compact,
gzipped copy shipped in ``lifelong/data/esco`` (same names plus ``.gz``, same
column names). Rows are yielded with the physical line on which they start, so
that an import can report exactly where a refused row is.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(sys.maxsize)

LANGUAGES = ("en", "nl", "fr")
COLLECTIONS = {
    "digital": "digitalSkillsCollection",
    "green": "greenSkillsCollection",
    "language": "languageSkillsCollection",
    "transversal": "transversalSkillsCollection",
    "research": "researchSkillsCollection",
    "digcomp": "digCompSkillsCollection",
}

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "esco" / "v1.1.1"
BUNDLED_VERSION = "v1.1.1"


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    data: dict[str, str]

    def get(self, key: str) -> str:
        return (self.data.get(key) or "").strip()


def find(root: Path, stem: str) -> Path | None:
    """``root/stem.csv`` or ``root/stem.csv.gz``, whichever exists."""
    for candidate in (root / f"{stem}.csv", root / f"{stem}.csv.gz"):
        if candidate.exists():
            return candidate
    return None


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb")
    # invalid UTF-8 is replaced (and the row then usually refused), never fatal
    return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def read_rows(path: Path, root: Path | None = None) -> Iterator[Row]:
    name = str(path.relative_to(root)) if root else path.name
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            return
        start = reader.line_num + 1
        for values in reader:
            if any(v.strip() for v in values):
                yield Row(name, start, dict(zip(header, values, strict=False)))
            start = reader.line_num + 1


def read_header(path: Path) -> list[str]:
    """The column names of a CSV file (empty when the file is empty)."""
    with _open_text(path) as handle:
        return [name.strip() for name in next(csv.reader(handle), [])]


NOT_UTF8 = "\ufffd"  # what ``_open_text`` puts where the bytes were no UTF-8


def split_labels(cell: str) -> list[str]:
    """ESCO keeps alternative labels newline-separated inside one cell."""
    seen: dict[str, None] = {}
    for part in cell.replace("\r", "\n").split("\n"):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def embedding_texts(root: Path) -> list[str]:
    """The label texts the search and extraction engines embed, in a stable order.

    Preferred labels of skills and occupations in English and Dutch. French
    queries are matched cross-lingually and lexically.
    """
    texts: list[str] = []
    for lang in ("en", "nl"):
        for stem in (f"{lang}/skills_{lang}", f"{lang}/skills_{lang}_labels", f"{lang}/occupations_{lang}"):
            path = find(root, stem)
            if path is None:
                continue
            texts.extend(r.get("preferredLabel") for r in read_rows(path) if r.get("preferredLabel"))
    return list(dict.fromkeys(texts))
