"""What the engine answers (``Extraction`` of ``Match`` with ``Evidence``) and the constants of its gate, shared by
the reference path (``extractor.py``) and the sparse path (``candidates.py``) without either importing the other's
module in a circle."""

from __future__ import annotations

from dataclasses import dataclass, field

KEEP_RATIO = 0.6  # within a sentence, keep skills scoring at least this share of the best one
OCCUPATION_FLOOR, OCCUPATION_KEEP = 0.8, 0.6  # occupations: share of the skill floor, of the best one
STRUCTURE_TOP = 3  # occupations whose essential skills the structure signal lifts
# The static path compares centred vectors (the common e5 direction removed): cosines in ~[0, 0.5].
STATIC_FLOOR, STATIC_SPAN = 0.0, 0.5


@dataclass(frozen=True)
class Evidence:
    sentence: int  # index of the sentence in the text
    start: int  # character offsets into the text
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Match:
    uri: str
    label: str
    score: float
    evidence: Evidence | None = None


@dataclass
class Extraction:
    language: str
    sentences: list[tuple[int, int]]
    skills: list[Match] = field(default_factory=list)
    occupations: list[Match] = field(default_factory=list)
