"""Building the engine's indexes from a taxonomy, and keeping them in the on-disk state cache.

``Fitting`` is the part of :class:`~lifelong.extraction.extractor.SkillExtractor` that ``fit`` runs: the label
vectors (English and Dutch preferred labels, from the shipped e5 caches), the lexical TF-IDF indexes per
language, the ESCO-learnt word vectors and their sparse word × concept matrices (the static signal), and the
ESCO structure (essential skills per occupation, the prior). A fitted state is pickled into the user cache,
keyed by the taxonomy fingerprint and ``ENGINE_VERSION``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from typing import Self

import numpy as np

from .language import SUPPORTED
from .lexical import TfidfIndex, analyse
from .scoring import dense_cosines
from .taxonomy import Concept, Taxonomy
from .words import SHIPPED_WORD_VECTORS, word_vocabulary

log = logging.getLogger(__name__)

ENGINE_VERSION = "8"
ALT_WEIGHT = 0.92
STATIC_NEIGHBOURS = 300  # concepts kept per word in the sparse static path
WORD_VECTOR_WEIGHT = 1.0


class _LazyEncoder:
    """Stands in for the e5 encoder and loads it only when a text is missing from the caches.

    With the bundled ESCO every label and word vector is shipped, so ``fit`` and the fast
    mode never load the neural model (nor its memory); the accurate mode loads it on its
    first query.
    """

    def __getattr__(self, name: str):
        # lazy: fast mode never loads the e5 encoder
        from lifelong.taxonomy.encoder import default_encoder

        return getattr(default_encoder(), name)


def _top_columns(sims: np.ndarray, top: int, step: int = 8) -> np.ndarray:
    """Per row, the columns of the ``top`` largest values (as ``argpartition``, ~5× faster).

    A threshold below each row's ``top``-th value is read from every ``step``-th column; only
    the values above it are partitioned. A row with too few of them is partitioned in full,
    so the answer is exact.
    """
    n = sims.shape[1]
    if top >= n or n // step < 4 * (top // step + 1):
        return np.argpartition(-sims, min(top, n) - 1, axis=1)[:, :top]
    k = 2 * (top // step) + 8
    sample = sims[:, ::step]
    threshold = -np.partition(-sample, k - 1, axis=1)[:, k - 1]
    rows, cols = np.nonzero(sims >= threshold[:, None])
    starts = np.searchsorted(rows, np.arange(len(sims) + 1))
    out = np.empty((len(sims), top), dtype=np.int64)
    for r in range(len(sims)):
        c = cols[starts[r] : starts[r + 1]]
        if len(c) >= top:
            out[r] = c[np.argpartition(-sims[r, c], top - 1)[:top]]
        else:
            out[r] = np.argpartition(-sims[r], top - 1)[:top]
    return out


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class Fitting:
    """``fit`` and the indexes it builds (a part of ``SkillExtractor``)."""

    def fit(self, taxonomy: Taxonomy) -> Self:
        """Build the indexes, or load them from the on-disk state cache for this exact taxonomy."""
        fingerprint = taxonomy.fingerprint()
        self._sparse = self._essential_index = None
        path = self._state_path(fingerprint)
        if self.state_cache and path.exists():
            try:
                with path.open("rb") as fh:
                    state = pickle.load(fh)
                if state.get("taxonomy_fingerprint") == fingerprint:
                    self.__dict__.update(self._unpack(state))
                    return self
            except Exception as exc:  # a broken cache is rebuilt, never trusted
                log.warning("rebuilding unreadable extractor cache %s: %s", path, exc)
        self._build(taxonomy, fingerprint)
        if self.state_cache:
            state = self._pack({k: v for k, v in self.__dict__.items() if k in self._STATE})
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as fh:
                pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        return self

    _STATE = ("taxonomy_version", "taxonomy_fingerprint", "skills", "occupations", "skill_index", "skill_vec",
              "skill_nl_idx", "skill_nl_vec", "occ_vec", "occ_nl_idx", "occ_nl_vec", "lexical", "static_index",
              "word_vectors", "essential", "prior", "skill_centre", "occ_centre", "word_skill", "word_occ")
    # stored as float16 (label vectors come from float16 caches; word vectors are rounded when built)
    _HALF = ("skill_vec", "skill_nl_vec", "occ_vec", "occ_nl_vec", "word_vectors")
    _HALF_SPARSE = ("word_skill", "word_occ")

    @classmethod
    def _pack(cls, state: dict) -> dict:
        """The state to pickle: half-precision vectors, sparse matrices as float16 + uint16 columns (~½ size)."""
        out = dict(state)
        for key in cls._HALF:
            out[key] = state[key].astype(np.float16)
        for key in cls._HALF_SPARSE:
            m = state[key]
            index_dtype = np.uint16 if m.shape[1] <= 65536 else np.int32
            out[key] = ("csr-half", m.shape, m.data.astype(np.float16), m.indices.astype(index_dtype), m.indptr)
        return out

    @classmethod
    def _unpack(cls, state: dict) -> dict:
        from scipy import sparse

        out = dict(state)
        for key in cls._HALF:
            out[key] = state[key].astype(np.float32)
        for key in cls._HALF_SPARSE:
            _, shape, data, indices, indptr = state[key]
            out[key] = sparse.csr_matrix((data.astype(np.float32), indices.astype(np.int32), indptr), shape=shape)
        return out

    @staticmethod
    def _state_path(fingerprint: str):
        # lazy: fast mode never loads the e5 encoder
        from lifelong.taxonomy.encoder import user_cache_dir

        key = hashlib.sha1(f"{fingerprint}:{ENGINE_VERSION}:{ALT_WEIGHT}:{WORD_VECTOR_WEIGHT}".encode()).hexdigest()[:16]
        return user_cache_dir() / f"extractor-{key}.pkl"

    def _build(self, taxonomy: Taxonomy, fingerprint: str) -> None:
        self.taxonomy_version = taxonomy.version
        self.taxonomy_fingerprint = fingerprint
        self.skills: list[Concept] = list(taxonomy.skills)
        self.occupations: list[Concept] = list(taxonomy.occupations)
        self.skill_index = {c.uri: i for i, c in enumerate(self.skills)}
        self._fit_vectors()
        self._fit_lexical()
        self._fit_static(taxonomy)
        self._fit_structure(taxonomy)

    def _cache(self):
        if self.embedding_cache is None:
            # lazy: fast mode never loads the e5 encoder
            from lifelong.taxonomy.encoder import SHIPPED_CACHE, EmbeddingCache, user_cache_dir

            paths = [SHIPPED_CACHE, SHIPPED_WORD_VECTORS, user_cache_dir() / "e5-small-q4.npz"]
            self.embedding_cache = EmbeddingCache(_LazyEncoder(), paths=paths)
        return self.embedding_cache

    def _label_vectors(self, concepts: list[Concept]) -> np.ndarray:
        """e5 passage vectors of the English and (where ESCO has one) Dutch preferred labels.

        Rounded to float16 as the state cache stores them (the embedding caches hold float16
        already, so this only matters for a cache object that does not).
        """
        cache = self._cache()
        english = cache.passages([c.label("en") for c in concepts]).astype(np.float16).astype(np.float32)
        dutch_idx = [i for i, c in enumerate(concepts) if "nl" in c.preferred]
        dutch = cache.passages([concepts[i].preferred["nl"] for i in dutch_idx]).astype(np.float16).astype(np.float32)
        return english, np.asarray(dutch_idx, dtype=np.int64), dutch

    def _fit_vectors(self) -> None:
        self.skill_vec, self.skill_nl_idx, self.skill_nl_vec = self._label_vectors(self.skills)
        self.occ_vec, self.occ_nl_idx, self.occ_nl_vec = self._label_vectors(self.occupations)

    @staticmethod
    def _label_texts(concepts: list[Concept], language: str) -> tuple[list[str], list[int], list[float]]:
        texts, owners, weights = [], [], []
        for i, c in enumerate(concepts):
            if language in c.preferred:
                texts.append(c.preferred[language])
                owners.append(i)
                weights.append(1.0)
            for alt in c.alternative.get(language, ()):
                texts.append(alt)
                owners.append(i)
                weights.append(ALT_WEIGHT)
        return texts, owners, weights

    def _fit_lexical(self) -> None:
        self.lexical: dict[str, dict[str, TfidfIndex]] = {"skill": {}, "occupation": {}}
        for kind, concepts in (("skill", self.skills), ("occupation", self.occupations)):
            for lang in SUPPORTED:
                texts, owners, weights = self._label_texts(concepts, lang)
                if texts:
                    self.lexical[kind][lang] = TfidfIndex().fit(texts, [lang] * len(texts), owners, weights, len(concepts))

    def _fit_static(self, taxonomy: Taxonomy) -> None:
        """ESCO-learnt word vectors: words → mean e5 vector of the concepts that use them.

        Dutch and French words also get their own e5 vector (see ``words.py``), added
        with weight ``WORD_VECTOR_WEIGHT``: ESCO's Dutch labels are too few to learn from.
        """
        texts, langs, vecs = [], [], []
        for concepts in (self.skills, self.occupations):
            for i, c in enumerate(concepts):
                for lang in SUPPORTED:
                    parts = [c.preferred.get(lang, ""), *c.alternative.get(lang, ())]
                    if lang == "en":
                        parts.append(c.description)
                    text = " ".join(p for p in parts if p)
                    if text:
                        texts.append(text)
                        langs.append(lang)
                        vecs.append(i if concepts is self.skills else len(self.skills) + i)
        owner_vectors = np.vstack([self.skill_vec, self.occ_vec])
        self.static_index = TfidfIndex(bigrams=False).fit(texts, langs, vecs, [1.0] * len(texts), len(owner_vectors))
        docs = self.static_index.docs
        # e5 vectors share one large common direction; remove it so that a mean of word
        # vectors is not dominated by it (centring: +28 RP@5 on the Dutch dev set).
        word_vectors = _normalise_rows(np.asarray(docs.T @ owner_vectors[self.static_index.owners], dtype=np.float32))
        word_vectors = _normalise_rows(word_vectors - word_vectors.mean(axis=0))
        vocab = word_vocabulary(taxonomy)
        if vocab and WORD_VECTOR_WEIGHT:
            own = self._cache().passages(list(dict.fromkeys(w for _, w in vocab)))
            own = own - own.mean(axis=0)
            row_of = {w: i for i, w in enumerate(dict.fromkeys(w for _, w in vocab))}
            extra = np.zeros_like(word_vectors)
            for lang, word in vocab:
                for key in analyse(word, lang, bigrams=False):
                    idx = self.static_index.vocab.get(key)
                    if idx is not None:
                        extra[idx] += own[row_of[word]]
            word_vectors = word_vectors + WORD_VECTOR_WEIGHT * _normalise_rows(extra)
        # float16, as the state cache stores them (a fresh build and a loaded one score alike)
        self.word_vectors = _normalise_rows(word_vectors).astype(np.float16).astype(np.float32)
        self.skill_centre = self.skill_vec.mean(axis=0)
        self.occ_centre = self.occ_vec.mean(axis=0)
        static_skill = (_normalise_rows(self.skill_vec - self.skill_centre),
                        _normalise_rows(self.skill_nl_vec - self.skill_centre))
        static_occ = (_normalise_rows(self.occ_vec - self.occ_centre), _normalise_rows(self.occ_nl_vec - self.occ_centre))
        self.word_skill = self._word_concept(static_skill, self.skill_nl_idx, len(self.skills))
        self.word_occ = self._word_concept(static_occ, self.occ_nl_idx, len(self.occupations))

    def _word_concept(self, centred, nl_idx: np.ndarray, n: int, chunk: int = 1024):
        """Sparse word × concept cosines, the ``STATIC_NEIGHBOURS`` best per word.

        A sentence's static score is then a sparse product (its TF-IDF words times this
        matrix) divided by the norm of its summed word vectors: the same cosine as
        comparing the sentence vector with every concept, less the many near-zero terms,
        and no dense product per sentence. Values are rounded to float16, as the state
        cache stores them, so a fresh build and a loaded one score alike.
        """
        from scipy import sparse

        top = min(STATIC_NEIGHBOURS, n)
        n_words = len(self.word_vectors)
        indices = np.empty((n_words, top), dtype=np.int32)
        values = np.empty((n_words, top), dtype=np.float32)
        for start in range(0, n_words, chunk):
            sims = dense_cosines(self.word_vectors[start : start + chunk], centred[0], nl_idx, centred[1])
            best = _top_columns(sims, top)
            indices[start : start + len(sims)] = best
            values[start : start + len(sims)] = np.take_along_axis(sims, best, axis=1)
        values = np.maximum(values.astype(np.float16).astype(np.float32), 0.0)
        matrix = sparse.csr_matrix((values.ravel(), indices.ravel(), np.arange(0, n_words * top + 1, top)),
                                   shape=(n_words, n), dtype=np.float32)
        matrix.eliminate_zeros()
        matrix.sort_indices()
        return matrix

    def _fit_structure(self, taxonomy: Taxonomy) -> None:
        counts = np.zeros(len(self.skills), dtype=np.float32)
        self.essential = []
        for occ in self.occupations:
            ess = [self.skill_index[u] for u in taxonomy.essential.get(occ.uri, ()) if u in self.skill_index]
            self.essential.append(np.asarray(ess, dtype=np.int64))
            counts[ess] += 1.0
            counts[[self.skill_index[u] for u in taxonomy.optional.get(occ.uri, ()) if u in self.skill_index]] += 0.5
        self.prior = (np.log1p(counts) / max(np.log1p(counts).max(), 1.0)).astype(np.float32)
