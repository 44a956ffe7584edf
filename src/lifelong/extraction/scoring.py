"""Scoring sentences: the signals per sentence and concept, and their fusion.

``Scoring`` is the part of :class:`~lifelong.extraction.extractor.SkillExtractor` that turns sentences into
``(n_sentences, n_concepts)`` score matrices: ``components`` (lexical, static, dense, structure), ``fuse``
(the weighted mean per mode and language) and ``score_both``. The benchmarks tune the fusion on these.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .language import SUPPORTED, guess_language
from .results import STATIC_FLOOR, STATIC_SPAN, STRUCTURE_TOP

# Cosines of e5 vectors sit between ~0.75 (unrelated) and ~0.95 (same meaning): map to ~[0, 1].
DENSE_FLOOR, DENSE_SPAN = 0.78, 0.17
# Which preferred-label vectors a query's dense signal is compared with, per query language (the best of them
# counts). An English query matches the English labels only: with the 7,015 Dutch skill labels of issue 18, the
# best of the English and Dutch label vectors cost English accurate RP@5 3.3 points on HOUSE val and 1.3 on
# TECH val (benchmarks/results/skill_extraction_bisect.json); Dutch and French text keep the Dutch ones.
DENSE_LABEL_LANGUAGES = {"en": ("en",), "nl": ("en", "nl"), "fr": ("en", "nl")}


def dense_cosines(queries: np.ndarray, vec: np.ndarray, nl_idx: np.ndarray, nl_vec: np.ndarray,
                  languages: Sequence[str] | None = None) -> np.ndarray:
    """Cosines of ``queries`` with the English label vectors and, for the rows whose language uses them
    (``DENSE_LABEL_LANGUAGES``; every row when ``languages`` is None), the best of those and the Dutch ones."""
    sims = queries @ vec.T
    if languages is None:
        rows = np.arange(len(queries))
    else:
        rows = np.flatnonzero(["nl" in DENSE_LABEL_LANGUAGES.get(lang, ("en", "nl")) for lang in languages])
    if len(nl_idx) and len(rows):
        part = sims[rows]
        part[:, nl_idx] = np.maximum(part[:, nl_idx], queries[rows] @ nl_vec.T)
        sims[rows] = part
    return sims


class Scoring:
    """Signals and fusion (a part of ``SkillExtractor``; the fitted indexes come from ``Fitting``)."""

    _dense = staticmethod(dense_cosines)

    def _encode_queries(self, sentences: Sequence[str]) -> np.ndarray:
        todo = list(dict.fromkeys(s for s in sentences if s not in self._queries))
        if todo:
            if self.embedding_cache is not None:
                encoder = self.embedding_cache.encoder
            else:
                # lazy: fast mode never loads the e5 encoder
                from lifelong.taxonomy.encoder import default_encoder

                encoder = default_encoder()
            vecs = encoder.encode_queries(todo)
            for s, v in zip(todo, vecs, strict=True):
                self._queries[s] = v
            while len(self._queries) > self.query_cache_size:
                self._queries.popitem(last=False)
        return np.stack([self._queries[s] for s in sentences]).astype(np.float32)

    def _lexical_scores(self, kind: str, sentences: Sequence[str], languages: Sequence[str]) -> np.ndarray:
        indexes = self.lexical[kind]
        out = None
        for lang in SUPPORTED:
            rows = [i for i, lg in enumerate(languages) if lg == lang]
            if not rows:
                continue
            part = None
            for label_lang in dict.fromkeys((lang, "en")):
                if label_lang not in indexes:
                    continue
                idx = indexes[label_lang]
                s = idx.scores(idx.transform([sentences[i] for i in rows], [label_lang] * len(rows), [lang] * len(rows)))
                part = s if part is None else np.maximum(part, s)
            if out is None:
                out = np.zeros((len(sentences), part.shape[1]), dtype=np.float32)
            out[rows] = part
        return out

    def components(self, sentences: Sequence[str], languages: Sequence[str], kind: str = "skill",
                   dense: bool | None = None, occupation_scores: np.ndarray | None = None) -> dict[str, np.ndarray]:
        """The raw signals, each ``(n_sentences, n_concepts)`` (benchmarks tune the fusion on these).

        For skills, ``structure`` is the ESCO-structure signal: skills that ESCO marks essential
        for the sentence's most likely occupations (so "drive vehicles" follows "vrachtwagenchauffeur").
        """
        dense = self.mode == "accurate" if dense is None else dense
        vec, nl_idx, nl_vec = ((self.skill_vec, self.skill_nl_idx, self.skill_nl_vec) if kind == "skill"
                               else (self.occ_vec, self.occ_nl_idx, self.occ_nl_vec))
        out = {"lexical": self._lexical_scores(kind, sentences, languages)}
        q = self.static_index.transform(sentences, languages)
        norms = np.linalg.norm(np.asarray(q @ self.word_vectors), axis=1)
        norms[norms == 0] = 1.0
        word_concept = self.word_skill if kind == "skill" else self.word_occ
        static = (q @ word_concept).toarray()
        static /= norms[:, None]
        out["static"] = (static - STATIC_FLOOR) / STATIC_SPAN
        if dense:
            sims = self._dense(self._encode_queries(sentences), vec, nl_idx, nl_vec, languages)
            out["dense"] = (sims - DENSE_FLOOR) / DENSE_SPAN
        if kind == "skill":
            if occupation_scores is None:
                occ_parts = self.components(sentences, languages, kind="occupation", dense=dense)
                weights = self.weights_for(languages[0] if languages else "")
                occupation_scores = self.fuse(occ_parts, weights, kind="occupation")
            out["structure"] = self._structure(occupation_scores)
        return out

    def _structure(self, occ_scores: np.ndarray, top: int = STRUCTURE_TOP) -> np.ndarray:
        out = np.zeros((occ_scores.shape[0], len(self.skills)), dtype=np.float32)
        if not occ_scores.size:
            return out
        top = min(top, occ_scores.shape[1])
        best = np.argpartition(-occ_scores, top - 1, axis=1)[:, :top]
        for row, occs in enumerate(best):
            lead = max(float(occ_scores[row, occs].max()), 1e-6)
            for o in sorted(occs, key=lambda o: occ_scores[row, o]):  # the best occupation writes last
                share = max(float(occ_scores[row, o]), 0.0) / lead
                out[row, self.essential[o]] = np.maximum(out[row, self.essential[o]], share)
        return out

    def fuse(self, parts: dict[str, np.ndarray], weights: dict[str, float] | None = None,
             kind: str = "skill") -> np.ndarray:
        w = weights or self.weights
        total = sum(w.get(name, 0.0) for name in parts) or 1.0
        score = sum(w.get(name, 0.0) * m for name, m in parts.items())
        if kind == "skill" and w.get("prior"):
            score = score + w["prior"] * self.prior
            total += w["prior"]
        return score / total

    def score_sentences(self, sentences: Sequence[str], languages: Sequence[str] | None = None,
                        kind: str = "skill") -> np.ndarray:
        """``(n_sentences, n_concepts)`` fused scores (used by the benchmark to rank all skills)."""
        skills, occupations = self.score_both(sentences, languages)
        return skills if kind == "skill" else occupations

    def score_both(self, sentences: Sequence[str], languages: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Fused ``(skill_scores, occupation_scores)`` per sentence, computed in one pass."""
        languages = list(languages) if languages else [guess_language(s, self.default_language) for s in sentences]
        skills = np.zeros((len(sentences), len(self.skills)), dtype=np.float32)
        occupations = np.zeros((len(sentences), len(self.occupations)), dtype=np.float32)
        for lang in dict.fromkeys(languages):  # fusion weights depend on the language
            rows = [i for i, lg in enumerate(languages) if lg == lang]
            weights = self.weights_for(lang)
            for start in range(0, len(rows), self.batch_size):
                chunk = rows[start : start + self.batch_size]
                texts = [sentences[i] for i in chunk]
                occ = self.fuse(self.components(texts, [lang] * len(chunk), kind="occupation"), weights, kind="occupation")
                parts = self.components(texts, [lang] * len(chunk), kind="skill", occupation_scores=occ)
                skills[chunk] = self.fuse(parts, weights, kind="skill")
                occupations[chunk] = occ
        return skills, occupations

    def weights_for(self, language: str) -> dict[str, float]:
        return {**self.weights, **self.language_weights.get(language, {})}
