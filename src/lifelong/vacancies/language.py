"""Language of an ad: nl, fr, en or de (stopword votes, pure).

The engine's guesser knows the three languages it extracts from; German ads are also published
in Flanders (East Belgium, cross-border jobs), so ingestion recognises German as well. The engine
reads a German ad with its English labels (see ``pipeline.engine_language``).
"""

from __future__ import annotations

import re

from lifelong.extraction.language import _MARKERS, vote
from lifelong.taxonomy.textnorm import fold

LANGUAGES = ("nl", "fr", "en", "de")
_GERMAN = {"der", "die", "das", "und", "ist", "sie", "wir", "ihr", "ihre", "mit", "fur", "zu", "auf", "bei", "ein",
           "eine", "einen", "im", "nicht", "oder", "sind", "haben", "kenntnisse", "erfahrung", "stelle", "unser",
           "unsere", "suchen", "arbeit", "auch", "werden", "wird", "als", "uber", "mitarbeiter", "aufgaben", "den",
           "dem", "des", "von"}
MARKERS = {**_MARKERS, "de": _GERMAN}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str, default: str = "nl") -> str:
    """The most likely of nl, fr, en, de; ties go to Dutch, then French, English, German. (Whole ads are
    tokenised here without the engine's token cache, which is sized for sentences.)"""
    return vote(_WORD.findall(fold(text[:5000])), MARKERS, default)
