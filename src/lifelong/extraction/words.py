"""Words whose e5 vectors seed the static (fast) path for Dutch and French.

ESCO had Dutch labels for only 2,218 of 13,896 skills (7,015 now, plus the
Competent names as extra labels), so Dutch words learn
little from co-occurrence alone. Each word of the Dutch and French labels is
therefore also embedded on its own with e5 (once, cached by content; shipped
for the bundled ESCO by ``scripts/build_vacancy_word_vectors.py``), which puts
"vrachtwagens" near "drive trucks" without running e5 per sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lifelong.taxonomy.textnorm import ALL_STOPWORDS, fold

from .taxonomy import Taxonomy

SHIPPED_WORD_VECTORS = Path(__file__).resolve().parent / "data" / "word-vectors-e5-small-q4.npz"
WORD = re.compile(r"[^\W\d_]{3,}")
MIN_COUNT = {"nl": 1, "fr": 2}


def label_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if fold(w) not in ALL_STOPWORDS]


def word_vocabulary(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """``(language, word)`` pairs from the nl and fr labels, in a stable order."""
    counts = {lang: Counter() for lang in MIN_COUNT}
    for concept in (*taxonomy.skills, *taxonomy.occupations):
        for lang, counter in counts.items():
            for text in (concept.preferred.get(lang, ""), *concept.alternative.get(lang, ())):
                counter.update(label_words(text))
    return [(lang, w) for lang in MIN_COUNT for w in sorted(counts[lang]) if counts[lang][w] >= MIN_COUNT[lang]]
