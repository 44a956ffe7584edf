"""Lexical matching of sentences against many short label texts (TF-IDF, pure).

Each label text (a preferred, alternative or description text of a concept)
is a document. Tokens are accent-folded, stopwords dropped and stemmed in the
label's own language; word bigrams are added so that "drive trucks" beats a
sentence that only says "drive". A concept scores the best cosine over its
label texts, times the weight of that text's kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse

from lifelong.taxonomy.textnorm import ALL_STOPWORDS, STEMMERS, stem, tokens

# Words that job ads use around every competence ("experience with", "we offer a
# permanent contract"): ignored on the query side only, so labels keep them.
AD_WORDS = {
    "nl": {"ervaring", "ervaringen", "kennis", "zoeken", "zoekt", "bieden", "biedt", "aanbod", "contract", "vast",
           "voltijds", "deeltijds", "job", "functie", "bedrijf", "jaar", "jaren", "kandidaat", "profiel", "troef",
           "pluspunt", "must", "vereist", "minstens", "heb", "hebt", "heeft", "bent", "ben", "kan", "kunt", "goed",
           "graag", "zeer", "jou", "jouw", "wij", "we", "ons", "onze", "zijn", "is", "wordt", "worden", "hebben",
           "ook", "moet", "moeten", "jij"},
    "fr": {"vous", "nous", "votre", "vos", "notre", "nos", "etes", "avez", "avoir", "etre", "experience",
           "connaissance", "connaissances", "poste", "entreprise", "contrat", "offrons", "recherchons", "cherchons",
           "candidat", "profil", "atout", "souhaite", "exige", "ans", "sont", "est", "bonne", "bon"},
    "en": {"experience", "experienced", "years", "year", "knowledge", "ability", "strong", "excellent",
           "required", "preferred", "plus", "candidate", "position", "role", "looking", "opportunity", "you",
           "we", "our", "your", "will", "are", "is", "be", "must", "etc", "including", "proven"},
}


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    """Folded tokens; cached because one sentence is analysed for several indexes in a row."""
    return tuple(tokens(text))


def analyse(text: str, language: str, bigrams: bool = True, query_language: str | None = None) -> list[str]:
    """Stems (in ``language``) and stem bigrams; a query also drops the ad words of its own language."""
    lang = language if language in STEMMERS else "en"
    skip = AD_WORDS.get(query_language, ()) if query_language else ()
    words = [stem(t, lang) for t in _tokens(text) if t not in ALL_STOPWORDS and len(t) > 1 and t not in skip]
    if bigrams:
        words += [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return words


class TfidfIndex:
    """``fit`` on label texts owned by concepts; ``transform`` queries; ``scores`` per concept."""

    def __init__(self, bigrams: bool = True, sublinear_tf: bool = True) -> None:
        self.bigrams = bigrams
        self.sublinear_tf = sublinear_tf

    def fit(self, texts: Sequence[str], languages: Sequence[str], owners: Sequence[int],
            weights: Sequence[float], n_owners: int) -> TfidfIndex:
        vocab: dict[str, int] = {}
        docs = [self._counts(analyse(t, lang, self.bigrams), vocab, grow=True) for t, lang in zip(texts, languages, strict=True)]
        self.vocab = vocab
        matrix = self._matrix(docs, len(vocab))
        df = np.bincount(matrix.indices, minlength=len(vocab))
        self.idf = (np.log((1 + matrix.shape[0]) / (1 + df)) + 1.0).astype(np.float32)
        self.docs = self._weigh(matrix)  # rows l2-normalised
        self.owners = np.asarray(owners, dtype=np.int64)
        self.weights = np.asarray(weights, dtype=np.float32)
        self.n_owners = n_owners
        self._grouped = bool(np.all(np.diff(self.owners) >= 0))
        return self

    @staticmethod
    def _counts(words: list[str], vocab: dict[str, int], grow: bool) -> dict[int, int]:
        counts: dict[int, int] = {}
        for w in words:
            idx = vocab.get(w)
            if idx is None:
                if not grow:
                    continue
                idx = vocab[w] = len(vocab)
            counts[idx] = counts.get(idx, 0) + 1
        return counts

    @staticmethod
    def _matrix(docs: list[dict[int, int]], width: int) -> sparse.csr_matrix:
        indptr = np.cumsum([0, *(len(d) for d in docs)])
        indices = np.fromiter((i for d in docs for i in d), dtype=np.int32, count=int(indptr[-1]))
        data = np.fromiter((c for d in docs for c in d.values()), dtype=np.float32, count=int(indptr[-1]))
        return sparse.csr_matrix((data, indices, indptr), shape=(len(docs), width))

    def _weigh(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        matrix = matrix.astype(np.float32)
        if self.sublinear_tf:
            matrix.data = 1.0 + np.log(matrix.data)
        matrix = matrix @ sparse.diags(self.idf)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)

    def transform(self, texts: Sequence[str], languages: Sequence[str],
                  query_languages: Sequence[str] | None = None) -> sparse.csr_matrix:
        """Queries stemmed in ``languages``; ad words of ``query_languages`` (default: the same) dropped."""
        query_languages = query_languages or languages
        docs = [self._counts(analyse(t, lang, self.bigrams, qlang), self.vocab, grow=False)
                for t, lang, qlang in zip(texts, languages, query_languages, strict=True)]
        return self._weigh(self._matrix(docs, len(self.vocab)))

    def scores(self, queries: sparse.csr_matrix) -> np.ndarray:
        """``(n_queries, n_owners)``: best weighted cosine over each owner's texts."""
        sims = (queries @ self.docs.T).tocsr()
        out = np.zeros((queries.shape[0], self.n_owners), dtype=np.float32)
        if not sims.nnz:
            return out
        if self._grouped:  # an owner's texts are adjacent: a segmented max, no scatter
            sims.sort_indices()
            rows = np.repeat(np.arange(sims.shape[0], dtype=np.int64), np.diff(sims.indptr))
            keys = rows * self.n_owners + self.owners[sims.indices]
            starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
            values = np.maximum.reduceat(sims.data * self.weights[sims.indices], starts)
            out.ravel()[keys[starts]] = values
        else:
            coo = sims.tocoo()
            np.maximum.at(out, (coo.row, self.owners[coo.col]), coo.data * self.weights[coo.col])
        return out
