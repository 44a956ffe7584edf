"""Build the shipped e5 vectors that the vacancy engine needs beyond the shared label cache.

Embeds (passage side) every Dutch and French word of the bundled ESCO labels
(see ``lifelong.extraction.words``), plus the few preferred labels the
engine uses that ``data/embeddings/e5-small-q4.npz`` lacks, and writes
``src/lifelong/extraction/data/word-vectors-e5-small-q4.npz`` in the
content-addressed EmbeddingCache format. Resumable: each chunk is saved.
About 8 minutes on 2 cores.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from lifelong.extraction.taxonomy import load_esco  # noqa: E402
from lifelong.extraction.words import SHIPPED_WORD_VECTORS, word_vocabulary  # noqa: E402
from lifelong.taxonomy.encoder import SHIPPED_CACHE, EmbeddingCache, _key, default_encoder  # noqa: E402


def main(extra: list[Path]) -> None:
    taxonomy = load_esco()
    words = list(dict.fromkeys(w for _, w in word_vocabulary(taxonomy)))
    shared = EmbeddingCache(None, paths=[SHIPPED_CACHE])
    concepts = (*taxonomy.skills, *taxonomy.occupations)
    labels = [c.label("en") for c in concepts] + [c.preferred["nl"] for c in concepts if "nl" in c.preferred]
    missing = [t for t in dict.fromkeys(labels) if _key("passage", t) not in shared._rows]
    words += missing
    print(f"{len(words)} texts to embed ({len(missing)} labels missing from the shared cache)", flush=True)
    cache = EmbeddingCache(default_encoder(), paths=[SHIPPED_WORD_VECTORS, *extra])
    cache.user_path = SHIPPED_WORD_VECTORS
    start = time.time()
    for i in range(0, len(words), 1000):
        cache.passages(words[i : i + 1000])
        print(f"  {min(i + 1000, len(words))}/{len(words)}  {time.time() - start:.0f}s", flush=True)
    # Keys are raw SHA-1 digests; stored as "V20" so that no trailing zero byte is lost
    # (a NumPy "S20" array drops them on load) and only the engine's own vectors are kept.
    keep = {_key("passage", t) for t in words}
    rows = [(k, v) for k, v in cache._rows.items() if k in keep]
    np.savez_compressed(SHIPPED_WORD_VECTORS, keys=np.array([k for k, _ in rows], dtype="V20"),
                        vectors=np.stack([v for _, v in rows]).astype(np.float16))
    print(f"wrote {SHIPPED_WORD_VECTORS} ({SHIPPED_WORD_VECTORS.stat().st_size:,} bytes)")


if __name__ == "__main__":
    # optional arguments: caches (EmbeddingCache .npz files) with vectors already encoded elsewhere
    main([Path(p) for p in sys.argv[1:]])
