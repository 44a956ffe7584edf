"""Competence suggestions for an offer's text: one small function, so another engine can replace it.

Today it asks the taxonomy's search engine per sentence (lexical + dense + occupation bridge) and
keeps the best skills over all sentences. When the vacancy extraction engine lands, swap the body
of ``suggest_competences`` and keep its contract: text in, ``Suggestion`` list out, best first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lifelong.taxonomy.selectors import concept_index

ENGINE = "taxonomy.concept_index/per-sentence"
MIN_SCORE = 0.35
SENTENCE = re.compile(r"(?<=[.!?;:\n])\s+")


@dataclass(frozen=True)
class Suggestion:
    uri: str
    score: float
    matched: str
    engine: str = ENGINE


def sentences(text: str) -> list[str]:
    parts = [p.strip(" -•\t") for p in SENTENCE.split(text or "")]
    return [p for p in parts if len(p) >= 3][:40]


def suggest_competences(text: str, *, language: str = "nl", k: int = 8) -> list[Suggestion]:

    index = concept_index()
    best: dict[str, Suggestion] = {}
    for sentence in sentences(text):
        for hit in index.search(sentence, language, 3, ["skill"]):
            if hit.score < MIN_SCORE:
                continue
            if hit.uri not in best or best[hit.uri].score < hit.score:
                best[hit.uri] = Suggestion(hit.uri, round(float(hit.score), 4), hit.matched)
    return sorted(best.values(), key=lambda s: -s.score)[:k]
