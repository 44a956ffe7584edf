"""Build the shipped e5 word vectors of the vacancy engine's static path.

Embeds (passage side) every Dutch and French word of the bundled ESCO labels
(see ``lifelong.vacancies.engine.words``) and writes
``src/lifelong/vacancies/data/word-vectors-e5-small-q4.npz`` in the
content-addressed EmbeddingCache format. Resumable: each chunk is saved.
About 8 minutes on 2 cores.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lifelong.taxonomy.encoder import EmbeddingCache, default_encoder  # noqa: E402
from lifelong.vacancies.engine.taxonomy import load_esco  # noqa: E402
from lifelong.vacancies.engine.words import SHIPPED_WORD_VECTORS, word_vocabulary  # noqa: E402


def main() -> None:
    words = list(dict.fromkeys(w for _, w in word_vocabulary(load_esco())))
    print(f"{len(words)} words to embed", flush=True)
    cache = EmbeddingCache(default_encoder(), paths=[SHIPPED_WORD_VECTORS])
    cache.user_path = SHIPPED_WORD_VECTORS
    start = time.time()
    for i in range(0, len(words), 1000):
        cache.passages(words[i : i + 1000])
        print(f"  {min(i + 1000, len(words))}/{len(words)}  {time.time() - start:.0f}s", flush=True)
    print(f"wrote {SHIPPED_WORD_VECTORS} ({SHIPPED_WORD_VECTORS.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
