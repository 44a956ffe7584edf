"""Near-duplicate ads: MinHash over word shingles, banded LSH (pure, numpy).

* The text compared is the title plus the description, folded (lower case, no accents), with
  gender tags such as "(m/v/x)", URLs, e-mail addresses and numbers removed, and whitespace
  collapsed. ``fingerprint`` is the SHA-1 of that text: equal fingerprints are exact copies.
* ``signature``: 64 MinHash values of the set of word 3-shingles (multiply-shift hashing of
  the shingles' CRC-32; 256 bytes per ad). The share of equal values estimates the Jaccard
  similarity of the two shingle sets.
* ``LshIndex``: 16 bands of 4 values. Two ads become candidates when one band is equal, which
  happens with probability 1-(1-J⁴)¹⁶: 0.5 at J = 0.5, 0.99 at J = 0.7, 0.03 at J = 0.2. A
  candidate is a duplicate when its estimated Jaccard reaches ``THRESHOLD`` (0.6) and the other
  rules of ``is_same_ad`` hold (same employer and province when both are given, posted within
  ``WINDOW_DAYS`` of each other).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from lifelong.taxonomy.textnorm import fold

PERMUTATIONS = 64
BANDS, ROWS = 16, 4
SHINGLE = 3
THRESHOLD = 0.6
WINDOW_DAYS = 60

_rng = np.random.default_rng(20260101)
_A = (_rng.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) | np.uint64(1))  # odd multipliers
_B = _rng.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)
_NOISE = re.compile(r"\((?:m|v|f|h|w|x|d)(?:\s*/\s*(?:m|v|f|h|w|x|d))+\)|https?://\S+|\S+@\S+|\d+")
_WORD = re.compile(r"[^\W_]+")
_EMPTY = np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)


def normalise(title: str, description: str) -> str:
    text = fold(f"{title}\n{description}")
    return " ".join(_WORD.findall(_NOISE.sub(" ", text)))


def fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def signature(text: str) -> np.ndarray:
    """MinHash signature (uint32 × ``PERMUTATIONS``) of the word shingles of a normalised text."""
    words = text.split()
    if len(words) < SHINGLE:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    if not shingles:
        return _EMPTY.copy()
    x = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles))
    with np.errstate(over="ignore"):
        hashed = (x[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)  # multiply-shift, mod 2^64
    return hashed.min(axis=0).astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / PERMUTATIONS


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype="<u4")


@dataclass
class Entry:
    """What the index keeps of an ad to decide whether another one is the same ad."""

    key: object  # the caller's id
    signature: np.ndarray
    employer: str
    province: str
    posted: int  # day number (date.toordinal())


def same_ad(a: Entry, b: Entry) -> bool:
    if a.employer and b.employer and a.employer != b.employer:
        return False
    if a.province and b.province and a.province != b.province:
        return False
    if abs(a.posted - b.posted) > WINDOW_DAYS:
        return False
    return similarity(a.signature, b.signature) >= THRESHOLD


def employer_key(name: str) -> str:
    """Employer names compared without case, accents, punctuation and legal forms (nv, bv, bvba…)."""
    words = [w for w in _WORD.findall(fold(name or "")) if w not in {"nv", "bv", "bvba", "sa", "srl", "cv", "vzw", "asbl"}]
    return " ".join(words)


class LshIndex:
    """Banded LSH over MinHash signatures: ``match`` finds the earliest stored copy of an ad."""

    def __init__(self) -> None:
        self._buckets: dict[bytes, list[Entry]] = defaultdict(list)

    @staticmethod
    def _bands(sig: np.ndarray):
        raw = sig.astype("<u4").tobytes()
        width = ROWS * 4
        for band in range(BANDS):
            yield bytes([band]) + raw[band * width : (band + 1) * width]

    def add(self, entry: Entry) -> None:
        for band in self._bands(entry.signature):
            self._buckets[band].append(entry)

    def match(self, entry: Entry) -> Entry | None:
        """The best stored entry that is the same ad (highest similarity, then the first added)."""
        best, best_sim, seen = None, -1.0, set()
        for band in self._bands(entry.signature):
            for other in self._buckets.get(band, ()):
                if id(other) in seen:
                    continue
                seen.add(id(other))
                if same_ad(entry, other):
                    sim = similarity(entry.signature, other.signature)
                    if sim > best_sim:
                        best, best_sim = other, sim
        return best
