"""Build the shipped embedding cache for the bundled ESCO copy.

Encodes, on the passage side, every preferred label the search and extraction
engines embed (skills and occupations, English, Dutch and French), and writes
``src/lifelong/data/embeddings/e5-small-q4.npz``. Takes a few minutes on 2 cores.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lifelong.taxonomy.encoder import SHIPPED_CACHE, EmbeddingCache, default_encoder  # noqa: E402
from lifelong.taxonomy.esco_files import embedding_texts  # noqa: E402


def main() -> None:
    texts = embedding_texts(ROOT / "src/lifelong/data/esco/v1.1.1")
    print(f"{len(texts)} texts to embed")
    cache = EmbeddingCache(default_encoder(), paths=[SHIPPED_CACHE])
    cache.user_path = SHIPPED_CACHE
    start = time.time()

    def progress(done, total):
        if done % 1024 < 64 or done == total:
            print(f"  {done}/{total}  {time.time() - start:.0f}s", flush=True)

    cache.passages(texts, progress=progress)
    cache.save(SHIPPED_CACHE)
    print(f"wrote {SHIPPED_CACHE} ({SHIPPED_CACHE.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
