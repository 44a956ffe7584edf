"""The compass's search as SQL conditions: the filters, the words (and the competences they name) and the
price after rights."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from lifelong.taxonomy.models import ConceptType
from lifelong.taxonomy.selectors import concept_index

from .. import engine
from ..models import Offer, OfferToken, QualityStatus
from .prices import price_ceilings

SORTS = ("relevance", "price", "start", "title")


@dataclass
class Filters:
    q: str = ""
    competence: str = ""  # an ESCO skill URI
    offer_type: str = ""
    mode: str = ""
    province: str = ""
    scheme: str = ""
    language: str = ""
    max_price_cents: int | None = None  # after rights when a person is known, else list price
    start_from: date | None = None
    sort: str = "relevance"
    near: tuple[float, float] | None = None  # a centre (lat, lon) for the distance filter
    max_km: int | None = None


@dataclass
class SearchResult:
    offers: list[Offer]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    net: dict[int, int] = field(default_factory=dict)  # offer id → net price after the person's rights


box = engine.box


# A query also finds the offers tagged with the competences it names, found by the same ESCO search as
# ``/esco/`` (Dutch, English and French labels and synonyms: "heftruck" names "operate forklift"): the best
# hits, those close to the best one. Such an offer counts as much as a title word for the relevance. Five, not
# three: the search often has several near-ties ("lassen": MIG-, TIG-, MAG-lassen within 0.02 of each other)
# and which three of them came first decided whether an offer tagged with the fourth was found.
QUERY_SKILLS = 5
QUERY_SKILL_MIN_SCORE = 0.3
QUERY_SKILL_RATIO = 0.75
COMPETENCE_WEIGHT = engine.TITLE_WEIGHT


def query_skills(q: str, language: str = "nl") -> list[str]:
    """The ESCO skills (URIs) a query names: the taxonomy search's best hits (none without words)."""
    if not engine.query_terms(q):
        return []
    hits = concept_index().search(q, language=language, limit=QUERY_SKILLS, concept_types=[ConceptType.SKILL])
    if not hits:
        return []
    floor = max(QUERY_SKILL_MIN_SCORE, hits[0].score * QUERY_SKILL_RATIO)
    return [h.uri for h in hits if h.score >= floor]


def _tagged(uris: list[str]):
    """The offer ids tagged with any of the skills (a subquery)."""
    return Offer.competences.through.objects.filter(concept__uri__in=uris).values("offer_id")


def text_match(qs, q: str):
    """Every query word must match a stem (the last also as a prefix), or the offer is tagged with a
    competence the query names (``query_skills``). Returns the filtered offers and the condition on token
    rows whose weights make the score (None without words); ``qs.query_skills`` holds the skills."""
    terms = engine.query_terms(q)
    if not terms:
        return qs, None
    uris = query_skills(q)
    score_q = Q()
    # (with named skills the words and the tags are two subqueries of one query: no id list first)
    ids = _matching_ids(q) if not uris else None
    words = Q()
    for term, word, prefix in terms:
        cond = term_q(term, word, prefix)
        words &= Q(id__in=OfferToken.objects.filter(cond).values("offer_id"))
        score_q |= cond
    if ids is not None:
        qs = qs.filter(id__in=ids)
    else:
        qs = qs.filter(words | Q(id__in=_tagged(uris)) if uris else words)
    qs.matching_ids = ids
    qs.query_skills = uris
    return qs, score_q


ID_LIST_MAX = 5000  # a word's offers are fetched as ids when there are at most this many …
ID_LIST_KEPT = 1000  # … and, narrowed by the other words, used as a plain id list when at most this many


def term_q(term: str, word: str, prefix: bool) -> Q:
    return Q(token__in={term, word}) | (_prefix(word) if prefix else Q())


def _matching_ids(q: str) -> list[int] | None:
    """The ids of the offers (active or not) that match every word, when one word is rare enough:
    that word's offer ids come from the covering (token, offer) index, and each other word narrows
    them with index lookups. None when there are no words, every tried word is too common, or more
    than ``ID_LIST_KEPT`` offers match (the search then uses one semi-join per word in SQL). Full words are tried before the typed prefix,
    longer words first (usually the rarer ones); at most two tries."""
    terms = engine.query_terms(q)
    if not terms:
        return None
    conds = [term_q(*t) for t in terms]
    order = sorted(range(len(terms)), key=lambda i: (terms[i][2], -len(terms[i][1])))
    cap = ID_LIST_MAX if len(terms) > 1 else ID_LIST_KEPT  # one word: its list is the final list
    for first in order[:2]:
        # no DISTINCT: the index scan stops at the limit (an offer has a few token rows per word)
        rows = list(OfferToken.objects.filter(conds[first]).order_by().values_list("offer_id", flat=True)
                    [:cap + 1])
        ids = list(dict.fromkeys(rows))
        if len(rows) <= cap:
            break
    else:
        return None
    for i in order:
        if i == first or not ids:
            continue
        ids = list(OfferToken.objects.filter(conds[i], offer_id__in=ids).order_by()
                   .values_list("offer_id", flat=True).distinct())
    return sorted(ids) if len(ids) <= ID_LIST_KEPT else None


def _prefix(word: str) -> Q:
    """``token LIKE 'word%'`` as a range ``word <= token < successor`` ('imk' → 'iml'), so that the
    (token, offer) index serves it on SQLite and PostgreSQL alike (LIKE uses no index there without
    special collations or operator classes). Words whose last character has no safe successor
    under linguistic collations (z, 9, non-ASCII) fall back to LIKE."""
    last = word[-1]
    if not (last.isascii() and last.isalnum()) or last in "z9":
        return Q(token__startswith=word)
    return Q(token__gte=word, token__lt=word[:-1] + chr(ord(last) + 1))


def filtered(f: Filters, *, skip=()):
    """Active offers with the filters of ``f`` applied, except the facets named in ``skip``."""
    return Offer.objects.filter(conditions(f, skip=skip))


def conditions(f: Filters, *, skip=(), prefix: str = "") -> Q:
    """The filters of ``f`` (but not its words) as one condition on an offer, or, with
    ``prefix="offer__"``, on the offer of a row that points to it (a token row)."""
    skip = {skip} if isinstance(skip, str) else set(skip)
    cond = {"is_active": True}
    if f.competence:
        cond["competences__uri"] = f.competence
    for key in ("offer_type", "mode", "province", "language"):
        if getattr(f, key) and key not in skip:
            cond[key] = getattr(f, key)
    if f.scheme and "scheme" not in skip:
        cond["eligible_schemes__contains"] = f",{f.scheme},"
    if f.start_from:
        cond["next_start__gte"] = f.start_from
    out = Q(**{prefix + k: v for k, v in cond.items()})
    if f.near and f.max_km:
        out &= _within(f.near, f.max_km, prefix) | Q(**{prefix + "mode": "online"})
    return out


def _within(centre: tuple[float, float], km: int, prefix: str = "") -> Q:
    """Offers inside the square of ±km around the centre (online offers are never filtered out by distance)."""
    lat_range, lon_range = box(centre, km)
    return Q(**{prefix + "latitude__range": lat_range, prefix + "longitude__range": lon_range})


def price_q(f: Filters, person, rights: tuple | None = None, prefix: str = "") -> Q | None:
    """The max-price filter as SQL: the list price without a person; with a person, the price after
    their rights (exact for every offer, see ``price_ceilings``)."""
    if f.max_price_cents is None:
        return None
    if person is None:
        return Q(**{prefix + "price_cents__lte": f.max_price_cents})
    limits = price_ceilings(person, f.max_price_cents, rights=rights)
    is_full = Q()
    for category in sorted(limits.full_support):
        is_full |= Q(**{prefix + "funding_categories__contains": f",{category},"})
    out = Q()
    for (subset, full), ceiling in limits.ceilings.items():
        cond = Q(**{prefix + "price_cents__lte": ceiling})
        for code in limits.codes:
            has = Q(**{prefix + "eligible_schemes__contains": f",{code},"})
            if code in limits.registered_only:  # pays only at a registered provider, whatever the offer lists
                has &= Q(**{prefix + "provider__quality_status": QualityStatus.REGISTERED})
            cond &= has if code in subset else ~has
        if limits.full_support:
            cond &= is_full if full else ~is_full
        out |= cond
    return out
