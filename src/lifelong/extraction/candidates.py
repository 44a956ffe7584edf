"""The sparse path of ``extract`` for modes without a neural encoder (``fast``).

The dense path (``SkillExtractor.score_both``) scores every sentence against all
13,896 skills and 3,007 occupations and then throws almost everything away: a
sentence keeps only the skills within ``KEEP_RATIO`` of its best one, and only
if that best one reaches ``min_score``. Every signal of the fast mode is sparse
(lexical hits, the static word × concept matrix, the essential skills of the
top occupations), and the only dense one, the prior, is a small constant per
skill. So this path works on the *candidates* only — the union of the sparse
signals — for a whole batch of sentences at once, with sparse products and
segmented reductions and no per-sentence Python loop.

It gives the same skills, occupations, scores (up to float32 rounding) and
evidence as the dense path whenever a skill that only has its prior can never
be kept, that is when ``KEEP_RATIO * min_score`` exceeds the largest prior
term (true for the shipped thresholds). ``usable`` checks that; otherwise the
extractor falls back to the dense path. ``tests/vacancies`` compares both.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from lifelong.taxonomy.textnorm import ALL_STOPWORDS, STEMMERS, stem

from .boilerplate import is_boilerplate
from .lexical import AD_WORDS, TfidfIndex, _tokens
from .results import (
    KEEP_RATIO,
    OCCUPATION_FLOOR,
    OCCUPATION_KEEP,
    STATIC_FLOOR,
    STATIC_SPAN,
    STRUCTURE_TOP,
    Evidence,
    Match,
)
from .taxonomy import Concept

_EMPTY_F = np.zeros(0, dtype=np.float32)
_EMPTY_I = np.zeros(0, dtype=np.int64)


# -- queries ------------------------------------------------------------------------
def stems(text: str, language: str, query_language: str) -> list[str]:
    """The stems ``lexical.analyse`` gives for a query, without its bigrams."""
    lang = language if language in STEMMERS else "en"
    skip = AD_WORDS.get(query_language, ())
    return [stem(t, lang) for t in _tokens(text) if len(t) > 1 and t not in ALL_STOPWORDS and t not in skip]


def with_bigrams(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def query_matrix(index: TfidfIndex, term_lists: Sequence[list[str]]) -> sparse.csr_matrix:
    """Rows as ``TfidfIndex.transform`` makes them (sublinear tf × idf, l2-normalised), from stems."""
    vocab = index.vocab
    cols: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for terms in term_lists:
        row: dict[int, int] = {}
        for t in terms:
            j = vocab.get(t)
            if j is not None:
                row[j] = row.get(j, 0) + 1
        cols.extend(row)
        counts.extend(row.values())
        indptr.append(len(cols))
    n = len(term_lists)
    indices = np.asarray(cols, dtype=np.int32)
    data = np.asarray(counts, dtype=np.float32)
    if index.sublinear_tf and len(data):
        data = 1.0 + np.log(data)
    data = (data * index.idf[indices]).astype(np.float32)
    indptr_a = np.asarray(indptr, dtype=np.int32)
    rows = np.repeat(np.arange(n), np.diff(indptr_a))
    norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=n)).astype(np.float32)
    norms[norms == 0] = 1.0
    data = data / norms[rows]
    return sparse.csr_matrix((data, indices, indptr_a), shape=(n, len(vocab)))


# -- sparse helpers -------------------------------------------------------------------
def _row_ids(matrix: sparse.csr_matrix) -> np.ndarray:
    return np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))


def _from_sorted_keys(keys: np.ndarray, values: np.ndarray, shape: tuple[int, int]) -> sparse.csr_matrix:
    """A CSR matrix from unique, ascending ``row * width + col`` keys."""
    rows, cols = np.divmod(keys, shape[1])
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    return sparse.csr_matrix((values.astype(np.float32), cols.astype(np.int32), indptr), shape=shape)


def _segment_max(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique keys (ascending) and the largest value of each."""
    if not len(keys):
        return _EMPTY_I, _EMPTY_F
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.maximum.reduceat(values, starts)


def owner_max(index: TfidfIndex, docs: sparse.csr_matrix, queries: sparse.csr_matrix,
              owners32: np.ndarray | None = None) -> sparse.csr_matrix:
    """``index.scores`` in sparse form: per query and owner, the best weighted cosine of its texts.

    ``docs`` are the index's texts with their weights folded in (``weighted_docs``). The product is
    taken as texts × queries and transposed back, which leaves every row's columns sorted
    (a linear-time transposition instead of sorting ~3,500 hits per sentence).
    """
    n = queries.shape[0]
    sims = (docs @ queries.T.tocsr()).T.tocsr()
    if not sims.nnz:
        return sparse.csr_matrix((n, index.n_owners), dtype=np.float32)
    if not index._grouped:
        rows = _row_ids(sims)
        keys, values = _segment_max(rows * index.n_owners + index.owners[sims.indices], sims.data)
        return _from_sorted_keys(keys, values, (n, index.n_owners))
    # an owner's texts are adjacent: with each row's columns sorted, a run of equal owners is one owner
    owners = np.take(index.owners.astype(np.int32) if owners32 is None else owners32, sims.indices)
    new_run = np.empty(len(owners), dtype=bool)
    new_run[0] = True
    np.not_equal(owners[1:], owners[:-1], out=new_run[1:])
    new_run[sims.indptr[:-1][np.diff(sims.indptr) > 0]] = True  # every row starts a run
    starts = np.flatnonzero(new_run)
    values = np.maximum.reduceat(sims.data, starts)
    indptr = np.searchsorted(starts, sims.indptr).astype(np.int32)
    return sparse.csr_matrix((values, owners[starts], indptr), shape=(n, index.n_owners))


def weighted_docs(index: TfidfIndex) -> sparse.csr_matrix:
    """Text × term, each text's row times its weight (preferred 1, alternative ``ALT_WEIGHT``)."""
    docs = sparse.csr_matrix(sparse.diags(index.weights) @ index.docs, dtype=np.float32)
    docs.sort_indices()
    return docs


def entries_at_least(matrix: sparse.csr_matrix, cut: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(rows, cols, values)`` of the entries of every row ``i`` at or above ``cut[i]``."""
    counts = np.diff(matrix.indptr)
    pos = np.flatnonzero(matrix.data >= np.repeat(cut, counts))
    rows = np.searchsorted(matrix.indptr, pos, side="right") - 1
    return rows.astype(np.int64), matrix.indices[pos].astype(np.int64), matrix.data[pos]


def row_max(matrix: sparse.csr_matrix, empty: float = 0.0) -> np.ndarray:
    """The largest stored value of every row (``empty`` for rows without one)."""
    out = np.full(matrix.shape[0], empty, dtype=np.float32)
    filled = np.diff(matrix.indptr) > 0
    if matrix.nnz:
        out[filled] = np.maximum.reduceat(matrix.data, matrix.indptr[:-1][filled])
    return out


def top_per_row(matrix: sparse.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(rows, cols, values)`` of the ``k`` largest entries of every row (ties: lower column first)."""
    if not matrix.nnz:
        return _EMPTY_I, _EMPTY_I, _EMPTY_F
    rows = _row_ids(matrix)
    order = np.lexsort((matrix.indices, -matrix.data, rows))
    rows_sorted = rows[order]
    rank = np.arange(len(order)) - matrix.indptr[rows_sorted]
    pick = order[rank < k]
    return rows[pick], matrix.indices[pick].astype(np.int64), matrix.data[pick]


# -- the extractor's side ------------------------------------------------------------
class SparseScorer:
    """Per-extractor data for the sparse path, built lazily on first use (not pickled)."""

    def __init__(self, extractor) -> None:
        self.ex = extractor
        self.docs = {kind: {lang: weighted_docs(idx) for lang, idx in indexes.items()}
                     for kind, indexes in extractor.lexical.items()}
        self.owners32 = {kind: {lang: idx.owners.astype(np.int32) for lang, idx in indexes.items()}
                         for kind, indexes in extractor.lexical.items()}
        n_skills, n_occ = len(extractor.skills), len(extractor.occupations)
        # occupation → essential skills, and skill → occupations weighted 1/sqrt(#essential)
        lengths = np.asarray([len(e) for e in extractor.essential], dtype=np.int64)
        self.ess_indptr = np.r_[0, np.cumsum(lengths)].astype(np.int64)
        self.ess_skills = (np.concatenate(extractor.essential) if len(extractor.essential) else _EMPTY_I).astype(np.int64)
        weight = np.where(lengths > 0, 1.0 / np.sqrt(np.maximum(lengths, 1)), 0.0).astype(np.float32)
        occ_of = np.repeat(np.arange(n_occ, dtype=np.int64), lengths)
        pairs = np.unique(self.ess_skills * n_occ + occ_of)  # a relation listed twice counts once, as in _support
        self.support = _from_sorted_keys(pairs, weight[pairs % n_occ], (n_skills, n_occ))
        self.labels: dict[str, list[str]] = {}
        self.cache: dict = {}

    def prior(self, weight: float) -> np.ndarray:
        """The prior term of every skill for a fusion weight (float32, as the dense path adds it)."""
        key = ("prior", weight)
        if key not in self.cache:
            self.cache[key] = (weight * self.ex.prior).astype(np.float32)
        return self.cache[key]

    def uris(self, kind: str) -> list[str]:
        key = f"{kind}:uri"
        if key not in self.labels:
            self.labels[key] = [c.uri for c in (self.ex.skills if kind == "skill" else self.ex.occupations)]
        return self.labels[key]

    def label_list(self, concepts: list[Concept], kind: str, language: str) -> list[str]:
        key = f"{kind}:{language}"
        if key not in self.labels:
            self.labels[key] = [c.label(language) for c in concepts]
        return self.labels[key]

    # -- signals ------------------------------------------------------------------
    def lexical(self, kind: str, terms: dict[str, list[list[str]]], n: int) -> sparse.csr_matrix:
        """Per sentence and concept, the best lexical cosine over the label languages of ``terms``."""
        ex = self.ex
        out = None
        for label_lang in terms:
            idx = ex.lexical[kind].get(label_lang)
            if idx is None:
                continue
            part = owner_max(idx, self.docs[kind][label_lang], query_matrix(idx, terms[label_lang]),
                             self.owners32[kind][label_lang])
            out = part if out is None else out.maximum(part)
        if out is None:
            width = len(ex.skills) if kind == "skill" else len(ex.occupations)
            out = sparse.csr_matrix((n, width), dtype=np.float32)
        return out

    def static(self, query: sparse.csr_matrix, norms: np.ndarray, kind: str) -> sparse.csr_matrix:
        word_concept = self.ex.word_skill if kind == "skill" else self.ex.word_occ
        out = (query @ word_concept).tocsr()
        out.data /= np.repeat(norms * np.float32(STATIC_SPAN), np.diff(out.indptr))  # = (x / norm) / span exactly
        return out

    def structure(self, occ: sparse.csr_matrix, top: int) -> sparse.csr_matrix:
        """Skills essential for each sentence's ``top`` occupations, scaled by their share of the best."""
        n, n_skills = occ.shape[0], len(self.ex.skills)
        rows, occs, values = top_per_row(occ, top)
        if not len(rows):
            return sparse.csr_matrix((n, n_skills), dtype=np.float32)
        lead = np.zeros(n, dtype=np.float32)
        np.maximum.at(lead, rows, values)
        share = np.maximum(values, 0.0) / np.maximum(lead[rows], 1e-6)
        counts = self.ess_indptr[occs + 1] - self.ess_indptr[occs]
        starts = np.repeat(self.ess_indptr[occs], counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        skills = self.ess_skills[starts + offsets]
        keys = np.repeat(rows, counts) * n_skills + skills
        keys, vals = _segment_max(keys, np.repeat(share, counts).astype(np.float32))
        keep = vals > 0
        return _from_sorted_keys(keys[keep], vals[keep], (n, n_skills))


def usable(extractor, language: str) -> bool:
    """The sparse path is exact for this language's thresholds and weights (see the module doc)."""
    if extractor.mode != "fast" or STATIC_FLOOR != 0.0:
        return False
    w = extractor.weights_for(language)
    if w.get("dense"):
        return False
    floor = extractor.min_score.get(language, min(extractor.min_score.values()))
    total = (w.get("lexical", 0.0) + w.get("static", 0.0) + w.get("structure", 0.0)) or 1.0
    total += w.get("prior", 0.0)
    prior_cap = w.get("prior", 0.0) * float(extractor.prior.max(initial=0.0)) / total
    return KEEP_RATIO * floor > prior_cap and OCCUPATION_FLOOR * floor > 0 and all(
        w.get(k, 0.0) >= 0 for k in ("lexical", "static", "structure", "prior"))


def extract_sparse(extractor, texts_spans: list[tuple[str, list[tuple[int, int]]]], languages: list[str],
                   results: list) -> None:
    """Fill ``results[i].skills`` and ``.occupations`` for texts whose languages pass ``usable``."""
    by_lang: dict[str, list[int]] = {}
    for t, lang in enumerate(languages):
        by_lang.setdefault(lang, []).append(t)
    for lang, text_ids in by_lang.items():
        _extract_language(extractor, [texts_spans[t] for t in text_ids], lang, [results[t] for t in text_ids])


def _first_per_group(*keys: np.ndarray) -> np.ndarray:
    """Mask of the first element of every run of equal ``keys`` tuples (arrays sorted by them)."""
    n = len(keys[0])
    first = np.ones(n, dtype=bool)
    if n > 1:
        change = np.zeros(n - 1, dtype=bool)
        for k in keys:
            change |= k[1:] != k[:-1]
        first[1:] = change
    return first


def _group_max(values: np.ndarray, indptr: np.ndarray, empty: float) -> np.ndarray:
    """Max of ``values[indptr[i]:indptr[i+1]]`` per group (``empty`` for an empty group)."""
    out = np.full(len(indptr) - 1, empty, dtype=np.float32)
    filled = np.diff(indptr) > 0
    if len(values):
        out[filled] = np.maximum.reduceat(values, indptr[:-1][filled])
    return out


def _extract_language(ex, texts_spans: list[tuple[str, list[tuple[int, int]]]], lang: str, results: list) -> None:
    scorer = ex._sparse_scorer()
    w = ex.weights_for(lang)
    floor = ex.min_score.get(lang, min(ex.min_score.values()))
    sentences: list[str] = []
    text_start = [0]  # sentence rows of text t: text_start[t] .. text_start[t + 1]
    for text, spans in texts_spans:
        sentences.extend(text[s:e] for s, e in spans)
        text_start.append(len(sentences))
    n, n_texts = len(sentences), len(texts_spans)
    if not n:
        return
    text_start_a = np.asarray(text_start, dtype=np.int64)
    text_of = np.repeat(np.arange(n_texts, dtype=np.int64), np.diff(text_start_a))
    muted = np.fromiter((is_boilerplate(s, lang) for s in sentences), dtype=bool, count=n)
    # stems once per sentence and label language; the unigrams also feed the static path
    words = {label_lang: [stems(s, label_lang, lang) for s in sentences] for label_lang in dict.fromkeys((lang, "en"))}
    static_q = query_matrix(ex.static_index, words[lang])
    norms = np.linalg.norm(np.asarray(static_q @ ex.word_vectors), axis=1).astype(np.float32)
    norms[norms == 0] = 1.0
    terms = {label_lang: [with_bigrams(ws) for ws in lists] for label_lang, lists in words.items()}
    w_lex, w_static, w_struct, w_prior = (w.get(k, 0.0) for k in ("lexical", "static", "structure", "prior"))

    # occupations per sentence: lexical and static, fused as in SkillExtractor.fuse
    occ = (scorer.lexical("occupation", terms, n) * w_lex + scorer.static(static_q, norms, "occupation") * w_static).tocsr()
    occ.data = (occ.data / ((w_lex + w_static) or 1.0)).astype(np.float32)
    occ.eliminate_zeros()

    # skills per sentence: lexical, static, structure, and the prior (a constant per skill)
    skill = scorer.lexical("skill", terms, n) * w_lex + scorer.static(static_q, norms, "skill") * w_static
    if w_struct:
        skill = skill + scorer.structure(occ, STRUCTURE_TOP) * w_struct
    skill = skill.tocsr()
    total = (w_lex + w_static + w_struct) or 1.0
    if w_prior:
        skill.data += np.take(scorer.prior(w_prior), skill.indices)
        total += w_prior
    np.divide(skill.data, np.float32(total), out=skill.data)

    # the gate: a sentence whose best skill reaches the floor keeps the skills within KEEP_RATIO of it
    best = row_max(skill, -np.inf)
    cut = np.where((best >= floor) & ~muted, KEEP_RATIO * best, np.inf).astype(np.float32)
    k_rows, k_skills, k_scores = entries_at_least(skill, cut)
    k_text = text_of[k_rows]
    # per text: a skill's best score and the first sentence with it; then best first, at most top_k
    order = np.lexsort((k_rows, -k_scores, k_skills, k_text))
    k_rows, k_skills, k_scores, k_text = k_rows[order], k_skills[order], k_scores[order], k_text[order]
    first = _first_per_group(k_text, k_skills)
    k_rows, k_skills, k_scores, k_text = k_rows[first], k_skills[first], k_scores[first], k_text[first]
    order = np.lexsort((k_skills, -k_scores, k_text))
    k_rows, k_skills, k_scores, k_text = k_rows[order], k_skills[order], k_scores[order], k_text[order]
    bounds = np.searchsorted(k_text, np.arange(n_texts + 1))
    rank = np.arange(len(k_text)) - bounds[k_text]
    top = rank < ex.top_k
    k_rows, k_skills, k_scores, k_text = k_rows[top], k_skills[top], k_scores[top], k_text[top]
    rounded_l = [round(x, 4) for x in k_scores.tolist()]  # as the dense path rounds
    rounded = np.asarray(rounded_l, dtype=np.float32)
    bounds = np.searchsorted(k_text, np.arange(n_texts + 1)).tolist()
    labels = scorer.label_list(ex.skills, "skill", lang)
    uris = scorer.uris("skill")
    k_rows_l, k_skills_l = k_rows.tolist(), k_skills.tolist()
    for t, result in enumerate(results):
        row0, spans = text_start[t], result.sentences
        result.skills = [Match(uris[i], labels[i], sc, Evidence(r - row0, *spans[r - row0]))
                         for r, i, sc in zip(k_rows_l[bounds[t]:bounds[t + 1]], k_skills_l[bounds[t]:bounds[t + 1]],
                                             rounded_l[bounds[t]:bounds[t + 1]], strict=True)]

    # occupations per text: best sentence score + 0.5 × support of the extracted essential skills
    support = (sparse.csr_matrix((rounded, (k_text, k_skills)), shape=(n_texts, len(ex.skills)))
               @ scorer.support).tocsr()
    support.data = (0.5 * support.data).astype(np.float32)
    occ_best_row = row_max(occ, 0.0)
    occ_best_row[muted] = 0.0
    max_m = _group_max(occ_best_row, text_start_a, 0.0)  # per text, the best sentence score of any occupation
    max_s = row_max(support, 0.0)
    # an occupation is kept when m + s >= max(floor share, OCCUPATION_KEEP × lead), and lead >= max_m, max_s:
    # entries that cannot reach that bound even with the text's best other half are dropped early
    bound = np.maximum(OCCUPATION_FLOOR * floor, OCCUPATION_KEEP * np.maximum(max_m, max_s)).astype(np.float32)
    cut = np.where(muted, np.inf, (bound - max_s)[text_of] - 1e-6).astype(np.float32)  # (looser: rounding)
    o_rows, o_cols, o_vals = entries_at_least(occ, cut)
    o_text = text_of[o_rows]
    order = np.lexsort((o_rows, -o_vals, o_cols, o_text))
    o_rows, o_text, o_cols, o_vals = o_rows[order], o_text[order], o_cols[order], o_vals[order]
    first = _first_per_group(o_text, o_cols)
    n_occ = len(ex.occupations)
    m_keys, m_vals, m_rows = o_text[first] * n_occ + o_cols[first], o_vals[first], o_rows[first]
    s_rows = _row_ids(support)
    s_ok = support.data + max_m[s_rows] >= bound[s_rows]
    s_keys, s_vals = s_rows[s_ok] * n_occ + support.indices[s_ok].astype(np.int64), support.data[s_ok]
    keys = np.concatenate([m_keys, s_keys])
    keys.sort()
    keys = keys[_first_per_group(keys)]
    best_occ = np.zeros(len(keys), dtype=np.float32)
    where = np.full(len(keys), -1, dtype=np.int64)
    pos = np.searchsorted(keys, m_keys)
    best_occ[pos] = m_vals
    where[pos] = m_rows
    best_occ[np.searchsorted(keys, s_keys)] += s_vals
    key_text, key_occ = np.divmod(keys, n_occ)
    lead = _group_max(best_occ, np.searchsorted(key_text, np.arange(n_texts + 1)), 0.0)
    threshold = np.maximum(OCCUPATION_FLOOR * floor, OCCUPATION_KEEP * lead).astype(np.float32)
    keep = best_occ >= threshold[key_text]
    key_text, key_occ, best_occ, where = key_text[keep], key_occ[keep], best_occ[keep], where[keep]
    order = np.lexsort((key_occ, -best_occ, key_text))
    key_text, key_occ, best_occ, where = key_text[order], key_occ[order], best_occ[order], where[order]
    bounds = np.searchsorted(key_text, np.arange(n_texts + 1))
    top = np.arange(len(key_text)) - bounds[key_text] < ex.top_k
    key_text, key_occ, best_occ, where = key_text[top], key_occ[top], best_occ[top], where[top]
    bounds = np.searchsorted(key_text, np.arange(n_texts + 1)).tolist()
    labels = scorer.label_list(ex.occupations, "occupation", lang)
    uris = scorer.uris("occupation")
    where_l, occ_l = where.tolist(), key_occ.tolist()
    scores_l = [round(x, 4) for x in best_occ.tolist()]
    for t, result in enumerate(results):
        row0, spans, matches = text_start[t], result.sentences, []
        for r, o, sc in zip(where_l[bounds[t]:bounds[t + 1]], occ_l[bounds[t]:bounds[t + 1]],
                            scores_l[bounds[t]:bounds[t + 1]], strict=True):
            if r < 0:  # no sentence names it (support only): the dense path points at the first that counts
                r = row0 + int(np.flatnonzero(~muted[row0 : text_start[t + 1]])[0])
            matches.append(Match(uris[o], labels[o], sc, Evidence(r - row0, *spans[r - row0])))
        result.occupations = matches
