"""Reads of the competence language: labels in the reader's language, search, details."""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from .models import (
    NAMING_RELATIONS,
    Broader,
    CompetentMatch,
    Concept,
    ConceptType,
    Description,
    EscoVersion,
    Label,
    LabelKind,
    LocalLabel,
    OccupationSkill,
)
from .search import ConceptIndex, Entry, Hit, LabelText

log = logging.getLogger(__name__)
SEARCHABLE = (ConceptType.SKILL, ConceptType.OCCUPATION)


def current_version() -> EscoVersion | None:
    return EscoVersion.objects.first()


def label_of(concept: Concept, language: str) -> LocalLabel:
    """The preferred label in ``language``; else its Competent name (see ``labels_of``); else English."""
    return labels_of([concept.id], language)[concept.id]


def labels_of(concept_ids, language: str) -> dict[int, LocalLabel]:
    """Preferred labels for many concepts at once, in the reader's language.

    Where ESCO has no label in ``language`` (Dutch or French), the name of the VDAB Competent
    competence that means the same (exactMatch, else closeMatch; ``vocabulary == "competent"``)
    stands in; only then the English label, marked as a fallback.
    """
    concept_ids = list(concept_ids)
    out = {cid: LocalLabel(en, "en", language != "en") for cid, en in
           Concept.objects.filter(id__in=concept_ids).values_list("id", "label_en")}
    if language == "en":
        return out
    for cid, text in Label.objects.filter(
        concept_id__in=concept_ids, language=language, kind=LabelKind.PREFERRED
    ).values_list("concept_id", "text"):
        out[cid] = LocalLabel(text, language, False)
    missing = [cid for cid, label in out.items() if label.fallback]
    if missing and language in ("nl", "fr"):
        for cid, name in _competent_names(missing, language).items():
            out[cid] = LocalLabel(name, language, False, vocabulary="competent")
    return out


def labels_by_uri(uris, language: str) -> dict[str, LocalLabel]:
    """Preferred labels by concept URI (two queries), with the English fallback; a URI that is not in
    the imported ESCO is left out (the caller decides how to show it)."""
    ids = dict(Concept.objects.filter(uri__in=set(uris)).values_list("uri", "id"))
    local = labels_of(ids.values(), language)
    return {uri: local[cid] for uri, cid in ids.items()}


def _competent_names(concept_ids, language: str) -> dict[int, str]:
    """The closest Competent name per skill: exactMatch before closeMatch, then the lowest id."""
    column = "competence__name_nl" if language == "nl" else "competence__name_fr"
    rank = {relation: i for i, relation in enumerate(NAMING_RELATIONS)}
    best: dict[int, tuple] = {}
    for cid, relation, code, name in CompetentMatch.objects.filter(
        skill_id__in=concept_ids, relation__in=NAMING_RELATIONS
    ).values_list("skill_id", "relation", "competence__code", column):
        if name and (cid not in best or (rank[relation], code) < best[cid][:2]):
            best[cid] = (rank[relation], code, name)
    return {cid: name for cid, (_, _, name) in best.items()}


def competent_of(concept_ids) -> dict[int, list[dict]]:
    """The Competent competences linked to each skill: ``{"code", "name_nl", "name_fr", "relation"}``."""
    out: dict[int, list[dict]] = defaultdict(list)
    for cid, code, nl, fr, relation in CompetentMatch.objects.filter(skill_id__in=list(concept_ids)).values_list(
        "skill_id", "competence__code", "competence__name_nl", "competence__name_fr", "relation"
    ).order_by("competence__code"):
        out[cid].append({"code": code, "name_nl": nl, "name_fr": fr, "relation": relation})
    return out


def competent_codes_by_uri(uris) -> dict[str, str]:
    """ESCO skill URI → the codes of the VDAB Competent competences linked to it, ``;``-separated in code order
    (e.g. ``"KN-10;KN-11"``), for exports that VDAB-side systems read beside the ESCO URI; a skill without a
    link is absent."""
    ids = dict(Concept.objects.filter(uri__in=set(uris)).values_list("id", "uri"))
    return {ids[cid]: ";".join(dict.fromkeys(m["code"] for m in matches))
            for cid, matches in competent_of(ids).items() if matches}


def with_competent_codes(rows: list[dict], uri_key: str, codes_key: str = "competent_codes") -> list[dict]:
    """The rows with a column ``codes_key`` holding the Competent codes of the skill in ``row[uri_key]``
    ('' when it has none or the row names no skill)."""
    codes = competent_codes_by_uri(r[uri_key] for r in rows if r.get(uri_key))
    return [{**r, codes_key: codes.get(r.get(uri_key) or "", "")} for r in rows]


def taxonomy_stats() -> dict:
    """What the platform's competence language holds: concepts, names per language, Competent links."""
    from django.db.models import Count, Q

    from .models import CompetentCompetence

    version = current_version()
    kinds = (("skills", ConceptType.SKILL), ("occupations", ConceptType.OCCUPATION))
    totals = {key: Concept.objects.filter(concept_type=ctype).count() for key, ctype in kinds}
    preferred = Label.objects.filter(kind=LabelKind.PREFERRED)
    by_lang = {
        lang: preferred.filter(language=lang).aggregate(**{
            key: Count("concept", distinct=True, filter=Q(concept__concept_type=ctype)) for key, ctype in kinds
        })
        for lang in ("nl", "fr")
    }
    return {
        "version": version.version if version else None,
        "skills": totals["skills"],
        "occupations": totals["occupations"],
        "labels": {"nl": by_lang["nl"], "fr": by_lang["fr"], "en": dict(totals)},  # every concept has English
        "competent": {
            "competences": CompetentCompetence.objects.count(),
            "linked_skills": CompetentMatch.objects.values("skill").distinct().count(),
        },
    }


# -- the search index, built once per process and ESCO version ----------------
_index_lock = threading.Lock()
_index: tuple[tuple | None, ConceptIndex] | None = None


def forget_index() -> None:
    global _index
    with _index_lock:
        _index = None


def build_index(progress=None) -> ConceptIndex:
    entries: dict[int, Entry] = {}
    for cid, uri, ctype, label_en in Concept.objects.filter(concept_type__in=SEARCHABLE).values_list(
        "id", "uri", "concept_type", "label_en"
    ).iterator(chunk_size=20000):
        entries[cid] = Entry(uri=uri, concept_type=ctype, labels=[LabelText(label_en, "en", "preferred")])
    labels = Label.objects.filter(concept__concept_type__in=SEARCHABLE).values_list(
        "concept_id", "language", "kind", "text"
    )
    for cid, lang, kind, text in labels.iterator(chunk_size=50000):
        entry = entries.get(cid)
        if entry is None or (lang == "en" and kind == LabelKind.PREFERRED):
            continue
        entry.labels.append(LabelText(text, lang, kind))
    for cid, relation, nl, fr in CompetentMatch.objects.values_list(
        "skill_id", "relation", "competence__name_nl", "competence__name_fr"
    ).iterator(chunk_size=20000):
        entry = entries.get(cid)
        if entry is None:
            continue
        kind = "competent" if relation in NAMING_RELATIONS else "competent-related"
        entry.labels.append(LabelText(nl, "nl", kind))
        if fr:
            entry.labels.append(LabelText(fr, "fr", kind))
    ordered = list(entries.values())
    position = {cid: i for i, cid in enumerate(entries)}
    bridges: dict[int, list[int]] = defaultdict(list)
    for occ, skill in OccupationSkill.objects.filter(relevance="essential").values_list(
        "occupation_id", "skill_id"
    ).iterator(chunk_size=50000):
        if occ in position and skill in position:
            bridges[position[occ]].append(position[skill])
    query_encoder, vectors, owner = _dense_parts(ordered, progress)
    return ConceptIndex(ordered, query_encoder, vectors, owner,
                        {o: np.asarray(s, dtype=np.int64) for o, s in bridges.items()}).freeze()


def _dense_parts(entries: list[Entry], progress=None):
    """Vectors of English and Dutch preferred labels, from the embedding cache."""
    try:
        from .encoder import EmbeddingCache, default_encoder, query_vector

        cache = EmbeddingCache(default_encoder())
    except Exception as exc:  # no encoder on this machine: lexical search only, said loudly
        log.warning("semantic search disabled: %s", exc)
        return None, None, None
    texts, owner = [], []
    for i, entry in enumerate(entries):
        for lang in ("en", "nl"):
            text = entry.preferred(lang)
            if text:
                texts.append(text)
                owner.append(i)
    vectors = cache.passages(texts, progress=progress)
    return query_vector, vectors, np.asarray(owner, dtype=np.int64)


def concept_index() -> ConceptIndex:
    global _index
    # id and time together: an id can be reused after a rolled-back import, a time cannot
    version = EscoVersion.objects.values_list("id", "imported_at").first()
    with _index_lock:
        if _index is None or _index[0] != version:
            _index = (version, build_index())
        return _index[1]


@dataclass(frozen=True)
class SearchResult:
    uri: str
    label: str
    language: str  # language of ``label``; differs from the asked one when it fell back
    concept_type: str
    score: float
    matched: str
    vocabulary: str = "esco"  # "competent" when ``label`` is a VDAB Competent name standing in


def search_concepts(query: str, *, language: str = "nl", limit: int = 10,
                    concept_type: str = ConceptType.SKILL) -> list[SearchResult]:
    hits: list[Hit] = concept_index().search(query, language=language, limit=limit, concept_types=[concept_type])
    if not hits:
        return []
    ids = dict(Concept.objects.filter(uri__in=[h.uri for h in hits]).values_list("uri", "id"))
    labels = labels_of(ids.values(), language)
    out = []
    for h in hits:
        label = labels[ids[h.uri]]
        out.append(SearchResult(h.uri, str(label), label.language, h.concept_type, h.score, h.matched,
                                label.vocabulary))
    return out


# -- details -------------------------------------------------------------------
@dataclass
class ConceptDetail:
    concept: Concept
    label: LocalLabel
    labels: dict[str, dict[str, list[str]]]  # language → kind → texts
    descriptions: dict[str, str]
    description: tuple[str, str] | None  # (language, text) best for the reader
    broader: list[tuple[Concept, LocalLabel]]
    narrower: list[tuple[Concept, LocalLabel]]
    related: dict[str, list[tuple[Concept, LocalLabel]]]  # essential/optional occupations or skills
    collections: list[str]
    competent: list[dict]  # the VDAB Competent competences linked to a skill (see ``competent_of``)


def concept_detail(uri: str, language: str) -> ConceptDetail | None:
    concept = Concept.objects.filter(uri=uri).prefetch_related("collections").first()
    if concept is None:
        return None
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    labels["en"]["preferred"].append(concept.label_en)
    for lang, kind, text in concept.labels.order_by("language", "kind", "text").values_list("language", "kind", "text"):
        labels[lang][kind].append(text)
    descriptions = dict(Description.objects.filter(concept=concept).values_list("language", "text"))
    description = None
    for lang in (language, "en", "nl", "fr"):
        if descriptions.get(lang):
            description = (lang, descriptions[lang])
            break
    broader = list(concept.broader.all()[:20])
    narrower = list(concept.narrower.all().order_by("label_en")[:100])
    if concept.concept_type == ConceptType.OCCUPATION:
        links = OccupationSkill.objects.filter(occupation=concept).select_related("skill")
        pairs = [(link.relevance, link.skill) for link in links]
    else:
        links = OccupationSkill.objects.filter(skill=concept).select_related("occupation")
        pairs = [(link.relevance, link.occupation) for link in links]
    all_ids = [c.id for c in broader + narrower] + [c.id for _, c in pairs]
    local = labels_of(all_ids, language)
    related: dict[str, list] = {"essential": [], "optional": []}
    for relevance, other in pairs:
        related[relevance].append((other, local[other.id]))
    for key in related:
        related[key].sort(key=lambda pair: str(pair[1]).lower())
    return ConceptDetail(
        concept=concept,
        label=label_of(concept, language),
        labels={k: dict(v) for k, v in labels.items()},
        descriptions=descriptions,
        description=description,
        broader=[(c, local[c.id]) for c in broader],
        narrower=[(c, local[c.id]) for c in narrower],
        related=related,
        collections=[c.slug for c in concept.collections.all()],
        competent=competent_of([concept.id]).get(concept.id, []),
    )


def essential_skills(occupation_uri: str) -> list[str]:
    return list(
        OccupationSkill.objects.filter(occupation__uri=occupation_uri, relevance="essential")
        .values_list("skill__uri", flat=True)
    )


# -- a named equivalent for a skill without a name in the reader's language ----------------------------------------
# Label vectors (e5) of skills that mean the same sit above ~0.95, but e5 does not tell "follow" from "communicate"
# instructions, so a neighbour by vector alone also has to do the same thing: the same first word of the English
# label (its verb, or "types", "principles" …), or one label inside the other ("company policies").
NEAR_COSINE = 0.95
RELATED_COSINE = 0.93  # a broader or narrower skill in ESCO this alike is an equivalent for a reader
NEIGHBOURS = 10


def _same_act(a: str, b: str) -> bool:
    a, b = a.lower().strip(), b.lower().strip()
    return a.split()[:1] == b.split()[:1] or a in b or b in a


def named_equivalents(concept_ids, language: str = "nl") -> dict[int, int]:
    """For each skill that has no name in ``language`` (no ESCO label, no Competent name, see ``labels_of``): a
    skill that has one and means the same or nearly so: a broader or narrower skill in ESCO whose label vector
    is at least ``RELATED_COSINE`` alike, or a skill whose label vector is nearly identical (``NEAR_COSINE``)
    and that does the same thing (``_same_act``); the most alike wins. Skills with a name in ``language``, and
    those without such an equivalent, are left out. English readers, and a search index without vectors, get
    ``{}`` (no guessing from words alone)."""
    if language == "en":
        return {}
    concept_ids = list(concept_ids)
    missing = {cid for cid, label in labels_of(concept_ids, language).items() if label.fallback}
    vectors = _skill_vectors(language) if missing else None
    if vectors is None:
        return {}
    related: dict[int, set[int]] = defaultdict(set)
    for narrower, broader in Broader.objects.filter(
        Q(narrower_id__in=missing) | Q(broader_id__in=missing)
    ).values_list("narrower_id", "broader_id"):
        if narrower in missing:
            related[narrower].add(broader)
        if broader in missing:
            related[broader].add(narrower)
    candidates = Concept.objects.filter(id__in={c for s in related.values() for c in s}, concept_type=ConceptType.SKILL)
    named = {cid for cid, label in labels_of(candidates.values_list("id", flat=True), language).items()
             if not label.fallback}  # related skills that have a name in the language
    english = dict(Concept.objects.filter(id__in=missing).values_list("id", "label_en"))
    out: dict[int, int] = {}
    for cid in missing:
        best, best_sim = None, -1.0
        for other in related.get(cid, ()):
            sim = vectors.similarity(cid, other) if other in named else None
            if sim is not None and sim >= RELATED_COSINE and sim > best_sim:
                best, best_sim = other, sim
        for near, sim in vectors.nearest_named(cid, NEIGHBOURS):
            if sim >= NEAR_COSINE and sim > best_sim and _same_act(english[cid], vectors.label_en[near]):
                best, best_sim = near, sim
                break
        if best is not None:
            out[cid] = best
    return out


def named_uri_swaps(uris, language: str) -> dict[str, str]:
    """``named_equivalents`` by URI: for each skill URI without a name in ``language``, the URI of its named
    equivalent (only those that have one)."""
    id_of = dict(Concept.objects.filter(uri__in=set(uris)).values_list("uri", "id"))
    swap = named_equivalents(id_of.values(), language)
    if not swap:
        return {}
    uri_of = dict(Concept.objects.filter(id__in=swap.values()).values_list("id", "uri"))
    return {uri: uri_of[swap[cid]] for uri, cid in id_of.items() if cid in swap}


def prefer_named_uris(ranked: list[list[str]], languages: list[str | None]) -> list[list[str]]:
    """Per text, ranked skill URIs with a skill that has no name in the text's language replaced by its named
    equivalent (``named_uri_swaps``), once, at the better of the two places; one look-up per language. Texts
    in English (or of unknown language) keep their list."""
    out = [list(uris) for uris in ranked]
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, language in enumerate(languages):
        if language in ("nl", "fr") and out[i]:
            by_language[language].append(i)
    for language, rows in by_language.items():
        swap = named_uri_swaps({u for i in rows for u in out[i]}, language)
        for i in rows:
            out[i] = list(dict.fromkeys(swap.get(u, u) for u in out[i]))
    return out


class _SkillVectors:
    """English preferred-label vectors of the skills (from the search index), and which skills have a name in
    a language (an ESCO label or a Competent name)."""

    def __init__(self, index: ConceptIndex, language: str) -> None:
        self.row: dict[int, int] = {}
        self.ids: list[int] = []
        id_of = dict(Concept.objects.filter(concept_type=ConceptType.SKILL).values_list("uri", "id"))
        self.label_en = dict(Concept.objects.filter(concept_type=ConceptType.SKILL).values_list("id", "label_en"))
        first = {}
        for row, owner in enumerate(index.vector_owner.tolist()):
            first.setdefault(owner, row)  # the first vector of an entry is its English preferred label
        rows, named = [], []
        for i, entry in enumerate(index.entries):
            cid = id_of.get(entry.uri)
            if cid is None or i not in first:
                continue
            self.row[cid] = len(rows)
            rows.append(first[i])
            self.ids.append(cid)
            named.append(any(lt.language == language and lt.kind in ("preferred", "competent") for lt in entry.labels))
        vecs = np.asarray(index.vectors[rows], dtype=np.float32)
        self.vectors = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
        self.named = np.asarray(named, dtype=bool)

    def similarity(self, a: int, b: int) -> float | None:
        if a not in self.row or b not in self.row:
            return None
        return float(self.vectors[self.row[a]] @ self.vectors[self.row[b]])

    def nearest_named(self, cid: int, k: int) -> list[tuple[int, float]]:
        """The ``k`` skills with a name whose label vectors are closest to ``cid``'s, closest first."""
        if cid not in self.row:
            return []
        sims = self.vectors @ self.vectors[self.row[cid]]
        sims[~self.named] = -1.0
        top = np.argpartition(-sims, k)[:k]
        return [(self.ids[i], float(sims[i])) for i in top[np.argsort(-sims[top])]]


_vectors: dict[tuple, _SkillVectors] = {}


def _skill_vectors(language: str) -> _SkillVectors | None:
    """Built once per process and search index (None when the index has no vectors: lexical search only)."""
    index = concept_index()
    if index.vectors is None or index.vector_owner is None:
        return None
    key = (id(index), language)
    if key not in _vectors:
        for stale in [k for k in _vectors if k[0] != id(index)]:  # a rebuilt index: its old vectors go
            del _vectors[stale]
        _vectors[key] = _SkillVectors(index, language)
    return _vectors[key]
