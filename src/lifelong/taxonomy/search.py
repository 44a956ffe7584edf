"""Finding a competence or occupation from a few words (pure, no Django).

Two paths, fused:

* **lexical**: labels (preferred, alternative, hidden; nl, en, fr) are tokenised,
  accent-folded, stemmed (Snowball) and lemmatised (simplemma). A query token
  matches a label token exactly, by stem or lemma, as a prefix (search as you
  type), or as part of a compound ("heftruck" in "vorkheftruckchauffeur").
* **dense**: a multilingual encoder (e5-small) embeds the query; it is compared
  with the embedded English and Dutch preferred labels. This finds Dutch queries
  for skills that ESCO has no Dutch label for ("vrachtwagen besturen" →
  "drive trucks").

The score is a weighted sum of both, each in [0, 1]. ``ConceptIndex`` follows a
small fit/query interface so an alternative can be benchmarked in its place.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from .textnorm import ALL_STOPWORDS, STEMMERS, fold, lemma, stem, tokens

# "competent": the name of a VDAB Competent competence that means the same (exact/closeMatch);
# "competent-related": one that is broader or narrower.
KIND_WEIGHT = {"preferred": 1.0, "alternative": 0.9, "competent": 0.85, "hidden": 0.7, "competent-related": 0.6}
MATCH_WEIGHT = {"exact": 1.0, "stem": 0.85, "derivation": 0.85, "prefix": 0.8, "compound": 0.7, "translation": 0.5}
# Dutch endings that make a word of the same meaning from a typed one: klantgericht → klantgerichtheid,
# stressbestendig → stressbestendigheid, flexibel → flexibiliteit is not covered (a changed stem)
DERIVATIONS = ("heid", "heden", "e", "en", "er", "ers", "s", "ing", "ingen", "isch", "ische")
# Word translations learnt from ESCO's own parallel labels (a concept's Dutch and English names).
TRANSLATION_MIN_PAIRS = 3
TRANSLATION_MIN_DICE = 0.25
TRANSLATIONS_PER_WORD = 3
# The lexical path takes what the others leave: 1 - dense - bridge (0.45 when all three speak).
DENSE_WEIGHT = 0.25
# a label that says exactly what was typed ("boekhouding" → the skill "boekhouding") comes before the skills
# that only contain the word or are near in meaning
EXACT_PHRASE_BONUS = 0.25
BRIDGE_WEIGHT = 0.30
BRIDGE_OCCUPATIONS = 3
BRIDGE_MIN = 0.7
# e5 cosine similarities of unrelated short texts sit near 0.75; map [floor, ceil] → [0, 1].
DENSE_FLOOR, DENSE_CEIL = 0.80, 0.95


@dataclass(frozen=True)
class LabelText:
    text: str
    language: str
    kind: str  # preferred | alternative | hidden


@dataclass
class Entry:
    uri: str
    concept_type: str
    labels: list[LabelText] = field(default_factory=list)

    def preferred(self, language: str) -> str | None:
        for label in self.labels:
            if label.kind == "preferred" and label.language == language:
                return label.text
        return None


@dataclass(frozen=True)
class Hit:
    uri: str
    concept_type: str
    score: float
    lexical: float
    dense: float
    matched: str  # the label that matched best


class ConceptIndex:
    def __init__(self, entries: Sequence[Entry], query_encoder: Callable[[str], np.ndarray] | None = None,
                 vectors: np.ndarray | None = None, vector_owner: np.ndarray | None = None,
                 bridges: dict[int, np.ndarray] | None = None) -> None:
        """``vectors[i]`` embeds a label of entry ``vector_owner[i]`` (rows L2-normalised).

        ``bridges`` maps an occupation's entry index to the entry indices of its
        essential skills: a query that clearly names an occupation ("heftruck" →
        heftruckchauffeur) lifts that occupation's skills closest to it
        ("operate forklift"), which carries Dutch words to skills that have only
        an English label.
        """
        self.entries = list(entries)
        self.query_encoder = query_encoder if vectors is not None else None
        self.vectors = vectors
        self.vector_owner = vector_owner
        self.bridges = bridges or {}
        self.primary = None
        if vectors is not None and vector_owner is not None:
            self.primary = np.full(len(self.entries), -1, dtype=np.int64)
            for row in range(len(vector_owner) - 1, -1, -1):  # first vector of an entry = its English label
                self.primary[vector_owner[row]] = row
        self._build_lexical()
        self.freeze()

    # -- lexical index ------------------------------------------------------
    def _build_lexical(self) -> None:
        self.label_entry: list[int] = []
        self.label_weight: list[float] = []
        self.label_len: list[int] = []
        self.label_text: list[str] = []
        postings: dict[str, set[int]] = defaultdict(set)  # form → label ids
        phrases: dict[str, set[int]] = defaultdict(set)  # a label's whole text, as tokens → entries
        for e_idx, entry in enumerate(self.entries):
            for label in entry.labels:
                toks = [t for t in tokens(label.text) if t not in ALL_STOPWORDS] or tokens(label.text)
                if not toks:
                    continue
                l_idx = len(self.label_entry)
                self.label_entry.append(e_idx)
                self.label_weight.append(KIND_WEIGHT.get(label.kind, 0.5))
                self.label_len.append(len(toks))
                self.label_text.append(label.text)
                phrases[" ".join(tokens(label.text))].add(e_idx)
                lang = label.language if label.language in STEMMERS else "en"
                for tok in toks:
                    postings[tok].add(l_idx)
                    postings[f"~{lang}:{stem(tok, lang)}"].add(l_idx)
        self.postings = {k: np.fromiter(sorted(v), dtype=np.int32) for k, v in postings.items()}
        self.phrases = {k: np.fromiter(sorted(v), dtype=np.int32) for k, v in phrases.items()}
        self.vocab = sorted(k for k in self.postings if not k.startswith("~"))
        self.rvocab = sorted(k[::-1] for k in self.vocab)
        n = max(len(self.label_entry), 1)
        self.idf = {k: math.log(1 + n / len(v)) for k, v in self.postings.items()}
        self.translations = learn_translations(self.entries, source="nl", target="en")
        for word, targets in curated_lexicon().items():
            self.translations[word] = [(t, 1.0) for t in targets] + [
                pair for pair in self.translations.get(word, []) if pair[0] not in targets]
        self.label_entry_arr = np.asarray(self.label_entry, dtype=np.int32)
        self.label_weight_arr = np.asarray(self.label_weight, dtype=np.float32)
        self.label_len_arr = np.asarray(self.label_len, dtype=np.float32)
        self._forms = lru_cache(maxsize=20_000)(self._token_forms)

    def _token_forms(self, tok: str, language: str, last: bool) -> list[tuple[str, str]]:
        """(posting key, match kind) pairs a query token can match."""
        forms: dict[str, str] = {}
        if tok in self.postings:
            forms[tok] = "exact"
        for lang in dict.fromkeys([language, "nl", "en", "fr"]):
            for variant in (tok, lemma(tok, lang)):
                key = f"~{lang}:{stem(variant, lang)}"
                if key in self.postings:
                    forms.setdefault(key, "stem")
        prefixes = {tok} if len(tok) >= 3 and (last or len(tok) >= 4) else set()
        own_stem = stem(tok, language)
        if len(own_stem) >= 5:  # derivations: "boekhoud" finds boekhouder, boekhoudkundig
            prefixes.add(own_stem)
        for prefix in prefixes:
            lo = bisect.bisect_left(self.vocab, prefix)
            for word in self.vocab[lo : lo + 400]:
                if not word.startswith(prefix):
                    break
                forms.setdefault(word, "derivation" if prefix == tok and word[len(tok):] in DERIVATIONS else "prefix")
        for word, _dice in self.translations.get(tok, ()):
            if word in self.postings:  # a curated translation no label of this index uses
                forms.setdefault(word, "translation")
            key = f"~en:{stem(word, 'en')}"
            if key in self.postings:
                forms.setdefault(key, "translation")
        if len(tok) >= 4:
            rtok = tok[::-1]
            lo = bisect.bisect_left(self.rvocab, rtok)
            for rword in self.rvocab[lo : lo + 200]:
                if not rword.startswith(rtok):
                    break
                forms.setdefault(rword[::-1], "compound")
        return list(forms.items())

    def lexical_scores(self, query: str, language: str) -> np.ndarray:
        """Per label: matched share of the query, weighted by idf, kind and label length."""
        qtoks = [t for t in tokens(query) if t not in ALL_STOPWORDS] or tokens(query)
        if not qtoks:
            return np.zeros(len(self.label_entry), dtype=np.float32)
        scores = np.zeros(len(self.label_entry), dtype=np.float32)
        total = 0.0
        n_labels = len(self.label_entry)
        for i, tok in enumerate(qtoks):
            forms = self._forms(tok, language, i == len(qtoks) - 1)
            best = np.zeros(n_labels, dtype=np.float32)
            for key, kind in forms:
                if kind != "translation":
                    np.maximum.at(best, self.postings[key], MATCH_WEIGHT[kind])
            # rarity of the word over every label it matches in its own words ("werken" also in "samenwerken",
            # …), not the rarity of its rarest compound, which made "werken" weigh as much as "klantgericht";
            # its English translations ("customer") do not make a rare Dutch word common
            native = int(np.count_nonzero(best))
            for key, kind in forms:
                if kind == "translation":
                    np.maximum.at(best, self.postings[key], MATCH_WEIGHT[kind])
            weight = math.log(1 + n_labels / max(native or int(np.count_nonzero(best)), 1))
            weight *= generic_words().get(tok, 1.0)
            total += weight
            scores += best * weight
        scores /= total
        # prefer labels that say little else: "heftruck besturen" over a long sentence
        matched = np.minimum(self.label_len_arr, len(qtoks))
        scores *= (0.75 + 0.25 * matched / self.label_len_arr) * self.label_weight_arr
        return scores

    # -- dense ----------------------------------------------------------------
    def dense_scores(self, query: str) -> np.ndarray:
        out = np.zeros(len(self.entries), dtype=np.float32)
        if self.query_encoder is None or self.vectors is None or not query.strip():
            return out
        sims = (self.vectors @ self.query_encoder(fold(query))).astype(np.float32)
        if self._owner_starts is not None:  # rows grouped by entry: a fast segmented max
            out[self._owners] = np.maximum.reduceat(sims, self._owner_starts)
        else:
            np.maximum.at(out, self.vector_owner, sims)
        return np.clip((out - DENSE_FLOOR) / (DENSE_CEIL - DENSE_FLOOR), 0.0, 1.0)

    # -- query ------------------------------------------------------------------
    def search(self, query: str, language: str = "nl", limit: int = 10,
               concept_types: Sequence[str] | None = None) -> list[Hit]:
        query = query.strip()[:200]
        if not query:
            return []
        lex_labels = self.lexical_scores(query, language)
        lex = np.zeros(len(self.entries), dtype=np.float32)
        best_label = np.full(len(self.entries), -1, dtype=np.int64)
        if lex_labels.any():
            hit_ids = np.nonzero(lex_labels)[0]
            order = hit_ids[np.argsort(lex_labels[hit_ids], kind="stable")]  # ascending: best written last
            lex[self.label_entry_arr[order]] = lex_labels[order]
            best_label[self.label_entry_arr[order]] = order
        dense = self.dense_scores(query)
        weight_dense = DENSE_WEIGHT if self.query_encoder is not None else 0.0
        bridge = self.bridge_scores(lex, dense, query)
        weight_bridge = BRIDGE_WEIGHT if bridge.any() else 0.0
        total = (1 - weight_dense) * lex + weight_dense * dense
        if weight_bridge:  # the bridge lifts a skill the words do not name; it does not push down one they do
            total = np.maximum(total, (1 - weight_dense - weight_bridge) * lex + weight_dense * dense
                               + weight_bridge * bridge)
        if concept_types:
            allowed = np.zeros(len(self.entries), dtype=bool)
            for concept_type in concept_types:
                allowed |= self._type_mask(concept_type)
            total = np.where(allowed, total, 0.0)
        k = min(limit, int((total > 0).sum()))
        if k == 0:
            return []
        # the order puts a label equal to the query first; the scores stay what the signals say (callers
        # compare them: the compass keeps the skills within a share of the best)
        rank = total.copy()
        exact = self.phrases.get(" ".join(tokens(query)))
        if exact is not None:
            rank[exact[total[exact] > 0]] += EXACT_PHRASE_BONUS
        top = np.argpartition(-rank, k - 1)[:k]
        top = top[np.argsort(-rank[top], kind="stable")]
        hits = []
        for idx in top:
            entry = self.entries[idx]
            label_id = best_label[idx]
            matched = self.label_text[label_id] if label_id >= 0 else (
                entry.preferred(language) or entry.preferred("en") or entry.uri)
            hits.append(Hit(entry.uri, entry.concept_type, round(float(total[idx]), 4),
                            round(float(lex[idx]), 4), round(float(dense[idx]), 4), matched))
        return hits

    def bridge_scores(self, lex: np.ndarray, dense: np.ndarray, query: str) -> np.ndarray:
        out = np.zeros(len(self.entries), dtype=np.float32)
        if not self.bridges or self.primary is None:
            return out
        # an occupation named in words counts fully, one that is only near in meaning less
        occupation = np.maximum(lex[self._bridged], 0.8 * dense[self._bridged])
        k = min(BRIDGE_OCCUPATIONS, len(occupation))
        best = np.argpartition(-occupation, k - 1)[:k]
        for occ, score in zip(self._bridged[best], occupation[best], strict=True):
            if score < BRIDGE_MIN or self.primary[occ] < 0:
                continue
            skills = self.bridges[occ]
            rows = self.primary[skills]
            keep = rows >= 0
            skills, rows = skills[keep], rows[keep]
            if not len(skills):
                continue
            # closest to "the occupation, as the query puts it"
            focus = self.vectors[self.primary[occ]] + self.query_encoder(fold(query))
            closeness = self.vectors[rows] @ (focus / np.linalg.norm(focus))
            span = float(closeness.max() - closeness.min()) or 1.0
            relative = (closeness - closeness.min()) / span  # the occupation's most typical skill → 1
            # typical of the occupation and near the query's own meaning
            lift = score * relative ** 2 * (0.5 + np.maximum(lex[skills], dense[skills]))
            np.maximum.at(out, skills, np.minimum(lift, 1.0).astype(np.float32))
        return out

    def _type_mask(self, concept_type: str) -> np.ndarray:
        if concept_type not in self._masks:
            self._masks[concept_type] = np.asarray([e.concept_type == concept_type for e in self.entries])
        return self._masks[concept_type]

    def freeze(self) -> ConceptIndex:
        """Precompute what every query needs."""
        self._masks: dict[str, np.ndarray] = {}
        self._owner_starts = self._owners = None
        owner = self.vector_owner
        if owner is not None and len(owner) and bool(np.all(np.diff(owner) >= 0)):
            self._owner_starts = np.flatnonzero(np.r_[True, np.diff(owner) > 0])
            self._owners = owner[self._owner_starts]
        self._bridged = np.asarray(sorted(self.bridges), dtype=np.int64)
        return self


LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "nl_en_work_terms.tsv"
GENERIC_WORDS = Path(__file__).resolve().parent / "generic_words.tsv"


@lru_cache(maxsize=1)
def generic_words() -> dict[str, float]:
    """Words that say little about which competence is meant ("werken", "zijn") → their weight (data file)."""
    out: dict[str, float] = {}
    for line in GENERIC_WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, weight, *_why = line.split("\t")
            out[fold(word.strip())] = float(weight)
    return out


@lru_cache(maxsize=1)
def curated_lexicon() -> dict[str, list[str]]:
    """Dutch → English work words curated here (data file), folded like every token."""
    out: dict[str, list[str]] = {}
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        dutch, _, english = line.partition("\t")
        out[fold(dutch.strip())] = [fold(w.strip()) for w in english.split(",") if w.strip()]
    return out


def learn_translations(entries: Sequence[Entry], source: str, target: str) -> dict[str, list[tuple[str, float]]]:
    """source word → [(target word, Dice)] from concepts named in both languages.

    "heftruckchauffeur" / "forklift operator" and "rijinstructeur vrachtwagen" /
    "truck driving instructor" teach vrachtwagen → truck without a dictionary.
    """
    pair_count: dict[tuple[str, str], int] = defaultdict(int)
    source_count: dict[str, int] = defaultdict(int)
    target_count: dict[str, int] = defaultdict(int)
    for entry in entries:
        src = {t for lab in entry.labels if lab.language == source for t in tokens(lab.text)} - ALL_STOPWORDS
        if not src:
            continue
        tgt = {t for lab in entry.labels if lab.language == target for t in tokens(lab.text)} - ALL_STOPWORDS
        for s_tok in src:
            source_count[s_tok] += 1
            for t_tok in tgt:
                pair_count[(s_tok, t_tok)] += 1
        for t_tok in tgt:
            target_count[t_tok] += 1
    best: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (s_tok, t_tok), n in pair_count.items():
        if n < TRANSLATION_MIN_PAIRS or s_tok == t_tok:
            continue
        dice = 2 * n / (source_count[s_tok] + target_count[t_tok])
        if dice >= TRANSLATION_MIN_DICE:
            best[s_tok].append((t_tok, dice))
    return {w: sorted(c, key=lambda x: -x[1])[:TRANSLATIONS_PER_WORD] for w, c in best.items()}

