"""Every non-trivial read of the training compass: search with facets, net price after rights,
recommendations, supply against demand, ratings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from lifelong.accounts import pricing
from lifelong.accounts.engine import Offer as EngineOffer
from lifelong.accounts.pricing import price_ceilings as account_ceilings
from lifelong.accounts.pricing import rights_of as account_rights
from lifelong.forecasts.models import DemandSeries, Forecast
from lifelong.people.models import LearningActivity
from lifelong.taxonomy.models import Concept, ConceptType, LocalLabel, OccupationSkill
from lifelong.taxonomy.selectors import concept_index, labels_of, search_concepts

from . import engine
from .geo import place_of
from .models import Offer, OfferToken, QualityStatus, Rating

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


def resolve_skill(text: str, language: str = "nl") -> Concept | None:
    """An ESCO skill from its URI, or the best hit of the taxonomy search for a few words."""
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith("http"):
        return Concept.objects.filter(uri=text, concept_type=ConceptType.SKILL).first()
    hits = search_concepts(text, language=language, limit=1)
    return Concept.objects.filter(uri=hits[0].uri).first() if hits else None


SKILL_CHOICES = 5


def skill_choices(text: str, language: str = "nl", limit: int = SKILL_CHOICES) -> list:
    """The taxonomy search's best skills for a few typed words (``taxonomy.selectors.SearchResult``: uri,
    label in the reader's language or its fallback), best first: the first is what ``resolve_skill`` picks,
    the others let the reader choose what they meant."""
    text = (text or "").strip()
    return search_concepts(text, language=language, limit=limit) if text and not text.startswith("http") else []


TYPED_LINES = 10


def typed_skills(text: str, picks: dict[str, str] | None = None, language: str = "nl") -> list[dict]:
    """The recommendations' typed competences, one per line (at most ``TYPED_LINES``): for each line the
    competence it is matched to (``uri``, ``label`` a ``LocalLabel`` that knows an English fallback) and the
    other ``choices`` the reader may pick instead (``picks``: line → chosen URI). A line that is an ESCO URI is
    taken as it is. Shared by the page and the API, so both match the same words to the same competence."""
    picks = picks or {}
    out = []
    for line in [x.strip() for x in (text or "").splitlines() if x.strip()][:TYPED_LINES]:
        if line.startswith("http"):
            skill = resolve_skill(line, language)
            label = skill and labels_of([skill.id], language)[skill.id]
            out.append({"line": line, "uri": skill.uri if skill else "", "label": label, "choices": []})
            continue
        choices = skill_choices(line, language)
        chosen = next((c for c in choices if c.uri == picks.get(line)), choices[0] if choices else None)
        out.append({"line": line, "uri": chosen.uri if chosen else "", "choices": choices,
                    "label": chosen and LocalLabel(chosen.label, chosen.language, chosen.language != language)})
    return out


FACETS, FACET_COLUMNS = engine.FACETS, engine.FACET_COLUMNS  # (kept here by name: the search index shares them)
box = engine.box
FACET_CACHE_SECONDS = 60
FACET_VERSION_KEY = "kompas-facets-version"


# A query also finds the offers tagged with the competences it names, found by the same ESCO search as
# ``/esco/`` (Dutch, English and French labels and synonyms: "heftruck" names "operate forklift"): the best
# hits, those close to the best one. Such an offer counts as much as a title word for the relevance.
QUERY_SKILLS = 3
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


def _text_match(qs, q: str):
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
        cond = _term_q(term, word, prefix)
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


def _term_q(term: str, word: str, prefix: bool) -> Q:
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
    conds = [_term_q(*t) for t in terms]
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


def _filtered(f: Filters, *, skip=()):
    """Active offers with the filters of ``f`` applied, except the facets named in ``skip``."""
    return Offer.objects.filter(_conditions(f, skip=skip))


def _conditions(f: Filters, *, skip=(), prefix: str = "") -> Q:
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


def _price_q(f: Filters, person, rights: tuple | None = None, prefix: str = "") -> Q | None:
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


def search_offers(f: Filters, *, person=None, limit: int = 20, offset: int = 0, facets: bool = True,
                  in_memory: bool | None = None) -> SearchResult:
    """One page of offers, the total and the facet counts.

    Normally from the search index in memory (``search_index``): the matching, the facet counts and the
    order are worked out there, and only the page's offers are read from the database and priced
    after rights. ``in_memory=False`` (or no index yet) does the same in SQL, in three queries: the
    facet counts and the total come from one grouped query over the matching offers (cached briefly per
    query), the page is ordered in the database and only its offers are loaded."""
    from . import search_index

    index = search_index.current() if in_memory is not False else None
    if index is not None:
        return _search_index(index, f, person=person, limit=limit, offset=offset, facets=facets)
    base, score = _text_match(_filtered(f, skip=FACETS), f.q)
    ids = getattr(base, "matching_ids", None)
    uris = getattr(base, "query_skills", [])
    rights = rights_of(person) if person is not None else None
    price = _price_q(f, person, rights)
    if price is not None:
        base = base.filter(price)
    counts = _facet_rows(base, f)
    selected = {k: v for k, v in _selection(f).items() if v}
    total = sum(n for combo, n in counts if _matches(combo, selected))
    qs = base
    for key, value in selected.items():
        qs = qs.filter(eligible_schemes__contains=f",{value},") if key == "scheme" else qs.filter(**{key: value})
    offers = _page(qs, f, person, rights, score, offset, limit, ids, uris) if total else []
    net = net_prices(person, offers, rights=rights) if person is not None else {}
    result = SearchResult(offers, total, net=net)
    if facets:
        result.facets = _facets_from(counts, selected)
    return result


def _search_index(index, f: Filters, *, person, limit: int, offset: int, facets: bool) -> SearchResult:
    """``search_offers`` on the index in memory: the same filters, counts and order as the SQL below."""
    base = index.active.copy()
    if f.competence:
        base &= index.competence_mask(f.competence)
    if f.start_from:
        base &= index.start_mask(f.start_from)
    if f.near and f.max_km:
        base &= index.near_mask(f.near, f.max_km)
    words = index.words(engine.query_terms(f.q))
    score = None
    if words is not None:
        mask, score = words
        uris = query_skills(f.q)
        if uris:
            tagged = index.competence_mask(*uris)
            mask = mask | tagged
            score = score + COMPETENCE_WEIGHT * tagged
        base &= mask
    rights = rights_of(person) if person is not None else None
    if f.max_price_cents is not None:
        if person is None:
            base &= index.price_mask(f.max_price_cents)
        else:
            base &= index.price_mask(f.max_price_cents, price_ceilings(person, f.max_price_cents, rights=rights))
    selected = {k: v for k, v in _selection(f).items() if v}
    page = index.search(base=base, chosen=index.combo_mask(lambda combo: _matches(combo, selected)), score=score,
                        sort=f.sort, offset=offset, limit=limit)
    by_id = Offer.objects.select_related("provider").in_bulk(page.ids)
    offers = [by_id[i] for i in page.ids if i in by_id]  # (an offer deleted since the snapshot drops out)
    for offer in offers if page.scores else ():  # (relevance order: as the SQL search, each offer's score)
        offer.score = page.scores[offer.id]
    result = SearchResult(offers, page.total, net=net_prices(person, offers, rights=rights) if person else {})
    if facets:
        result.facets = _facets_from(page.combos, selected)
    return result


def _page(qs, f: Filters, person, rights, score_q, offset: int, limit: int, ids: list[int] | None = None,
          uris: list[str] | None = None) -> list[Offer]:
    """The offers of one page. By relevance: one grouped query over the token rows that match the words,
    joined to their offer for the filters (the sum of the weights; ties: the lowest id); only the
    page's offers are then loaded. When the query names competences (``uris``), an offer may match without
    a matching word: the score is then worked out per offer (its words' weights + ``COMPETENCE_WEIGHT``
    when it is tagged with one of them)."""
    if f.sort in ("price", "start", "title") or score_q is None:
        order = {"price": ["price_cents", "id"], "title": ["title", "id"]}.get(
            f.sort, [F("next_start").asc(nulls_last=True), "id"])  # no start: last, on SQLite and PostgreSQL alike
        return list(qs.order_by(*order).select_related("provider")[offset:offset + limit])
    if uris:
        words = (OfferToken.objects.filter(score_q, offer_id=OuterRef("pk")).order_by().values("offer_id")
                 .annotate(total=Sum("weight")).values("total"))
        tagged = Exists(Offer.competences.through.objects.filter(offer_id=OuterRef("pk"), concept__uri__in=uris))
        score = (Coalesce(Subquery(words, output_field=IntegerField()), Value(0))
                 + Case(When(tagged, then=Value(COMPETENCE_WEIGHT)), default=Value(0)))
        return list(qs.annotate(score=score).order_by("-score", "id").select_related("provider")
                    [offset:offset + limit])
    rows = OfferToken.objects.filter(score_q, _conditions(f, prefix="offer__"))
    price = _price_q(f, person, rights, prefix="offer__")
    if price is not None:
        rows = rows.filter(price)
    terms = engine.query_terms(f.q)
    if ids is not None:  # the offers that match every word, already known
        rows = rows.filter(offer_id__in=ids)
    elif len(terms) > 1:  # every word must match: the token rows of one word alone do not say so
        for term, word, prefix in terms:
            rows = rows.filter(offer_id__in=OfferToken.objects.filter(_term_q(term, word, prefix))
                               .values("offer_id"))
    top = (rows.values("offer_id").annotate(score=Sum("weight")).order_by("-score", "offer_id")
           [offset:offset + limit])
    scores = {r["offer_id"]: r["score"] for r in top}
    by_id = Offer.objects.select_related("provider").in_bulk(list(scores))
    page = [by_id[i] for i in scores]
    for offer in page:
        offer.score = scores[offer.id]
    return page


def _selection(f: Filters) -> dict[str, str]:
    return {key: getattr(f, key) for key in FACETS}


def _matches(combo: dict[str, str], selected: dict[str, str], skip: str = "") -> bool:
    for key, value in selected.items():
        if key == skip:
            continue
        if key == "scheme":
            if f",{value}," not in combo["scheme"]:
                return False
        elif combo[key] != value:
            return False
    return True


def _facet_rows(base, f: Filters) -> list[tuple[dict[str, str], int]]:
    """Counts per combination of facet values (type, mode, province, language, schemes) over the offers
    that match everything but the facets: at most a few hundred rows, whatever the number of offers.
    Cached for ``FACET_CACHE_SECONDS`` per query (words, competence, place, start, price)."""
    import hashlib

    from django.core.cache import cache
    from django.core.exceptions import EmptyResultSet

    try:
        sql, params = base.values("id").query.sql_with_params()
    except EmptyResultSet:  # e.g. words that no offer has together: nothing to count
        return []
    version = cache.get_or_set(FACET_VERSION_KEY, 0, None)
    key = "kompas-facets:" + hashlib.sha1(f"{version}|{sql}|{params}".encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        rows = [(dict(zip(FACETS, combo[:-1], strict=True)), combo[-1])
                for combo in base.order_by().values_list(*FACET_COLUMNS).annotate(n=Count("id"))]
        cache.set(key, rows, FACET_CACHE_SECONDS)
    return rows


def forget_facet_counts() -> None:
    """Called whenever an offer changes: cached facet counts of this process start over."""
    from django.core.cache import cache

    try:
        cache.incr(FACET_VERSION_KEY)
    except ValueError:
        cache.set(FACET_VERSION_KEY, 1, None)


def _facets_from(rows, selected: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Per facet, the count of each value with the other facets applied (the facet's own left out)."""
    out = {}
    for key in FACETS:
        counts: Counter = Counter()
        for combo, n in rows:
            if not _matches(combo, selected, skip=key):
                continue
            values = [c for c in combo["scheme"].split(",") if c] if key == "scheme" else [combo[key]]
            for value in values:
                if value:
                    counts[value] += n
        out[key] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return out


def facet_counts(f: Filters, person=None) -> dict[str, list[tuple[str, int]]]:
    """Per facet, the count of each value with the other facets applied (the facet's own left out)."""
    base, _score = _text_match(_filtered(f, skip=FACETS), f.q)
    price = _price_q(f, person)
    if price is not None:
        base = base.filter(price)
    return _facets_from(_facet_rows(base, f), {k: v for k, v in _selection(f).items() if v})


# -- net price after rights ---------------------------------------------------------------------------
def as_engine_offer(offer: Offer, *, in_pop: bool = False):
    """The offer as the rights engine reads it. ``in_pop``: the offer is in the learner's development plan
    (training vouchers for highly educated people need that)."""

    return EngineOffer(title=offer.title, price_cents=offer.price_cents, hours=offer.hours,
                       provider=offer.provider.name if offer.provider_id else "",
                       eligible_schemes=frozenset(offer.scheme_codes), categories=frozenset(offer.category_codes),
                       in_working_time=not offer.evening, in_pop=in_pop,
                       provider_registered=offer.provider_id is not None
                       and offer.provider.quality_status == QualityStatus.REGISTERED)


def in_development_plan(person, offer: Offer) -> bool:
    """Whether one of the person's development plans holds this compass offer (``kompas:<id>``)."""
    return offer.id in offers_in_development_plan(person)


def rights_of(person, on: date | None = None) -> tuple:
    """(facts, rules, balances) of the person on a day (``accounts.pricing.rights_of``)."""

    return account_rights(person, on)


def net_prices(person, offers: list[Offer], on: date | None = None, rights: tuple | None = None) -> dict[int, int]:
    """What the person pays for each offer after their rights (``accounts.pricing``), knowing which offers are
    in their development plan (one query)."""

    if not offers:
        return {}
    in_plan = offers_in_development_plan(person)
    return pricing.net_prices(person, {o.id: as_engine_offer(o, in_pop=o.id in in_plan) for o in offers}, on,
                              rights)


def offers_in_development_plan(person) -> set[int]:
    """The ids of the compass offers (``kompas:<id>``) that the person's development plans hold."""

    refs = LearningActivity.objects.filter(plan__person=person, offer_reference__startswith="kompas:")
    return {int(ref[7:]) for ref in refs.values_list("offer_reference", flat=True) if ref[7:].isdigit()}


def net_price(person, offer: Offer, on: date | None = None) -> int:
    """What the person pays for one offer after their rights, knowing whether it is in their plan."""
    return net_prices(person, [offer], on)[offer.id]


def price_ceilings(person, max_net_cents: int, on: date | None = None, rights: tuple | None = None):
    """The highest list price per kind of offer at which the person pays at most ``max_net_cents``
    (``accounts.pricing.price_ceilings``)."""

    return account_ceilings(person, max_net_cents, on, rights)


# -- demand -------------------------------------------------------------------------------------------
def series_key(uri: str, province: str = "") -> str:
    return f"skill:{uri}" + (f"|{province}" if province else "")


def demand_of(uris: list[str], province: str = "") -> tuple[dict[str, float], str]:
    """Demand per skill and where it comes from: the newest forecast, else the last observed value of
    ``DemandSeries`` (key ``skill:<uri>`` or ``skill:<uri>|<province>``), else a proxy: the number of
    ESCO occupations for which the skill is essential (not per province)."""

    keys = {series_key(u, province): u for u in uris}
    values: dict[str, float] = {}
    latest = Forecast.objects.filter(series_key__in=keys).order_by("series_key", "-run__created_at", "-period")
    for key, value in latest.values_list("series_key", "forecast"):
        values.setdefault(keys[key], value)
    if values:
        return values, "forecast"
    for key, value in DemandSeries.objects.filter(series_key__in=keys).order_by("series_key", "-period") \
            .values_list("series_key", "value"):
        values.setdefault(keys[key], value)
    if values:
        return values, "series"
    rows = (OccupationSkill.objects.filter(skill__uri__in=uris, relevance="essential").values("skill__uri")
            .annotate(n=Count("id")))
    values = {u: 0.0 for u in uris}
    values.update({r["skill__uri"]: float(r["n"]) for r in rows})
    return values, "proxy"


# -- recommendations ----------------------------------------------------------------------------------
CANDIDATES = 400


def recommendations(person, wanted: list[str], *, language: str = "nl", limit: int = 10):
    """Offers that cover the wanted skills (URIs), ranked with reasons; see ``engine.recommend``."""
    wanted = list(dict.fromkeys(wanted))
    if not wanted:
        return [], {}
    today = timezone.localdate()
    ids = dict(Concept.objects.filter(uri__in=wanted).values_list("uri", "id"))
    uri_of = {i: u for u, i in ids.items()}
    through = Offer.competences.through
    # the candidates from the (offer, skill) table alone, grouped per offer; only those offers are loaded
    top = (through.objects.filter(concept_id__in=list(uri_of), offer__is_active=True)
           .filter(Q(offer__next_start__isnull=True) | Q(offer__next_start__gte=today))
           .values("offer_id").annotate(hits=Count("concept_id", distinct=True))
           .order_by("-hits", "offer__price_cents", "offer_id")[:CANDIDATES])
    order = [r["offer_id"] for r in top]
    loaded = Offer.objects.select_related("provider").in_bulk(order)
    offers = {i: loaded[i] for i in order}
    skills: dict[int, set[str]] = {i: set() for i in offers}
    for oid, cid in through.objects.filter(offer_id__in=order, concept_id__in=list(uri_of)) \
            .values_list("offer_id", "concept_id"):
        skills[oid].add(uri_of[cid])
    net = net_prices(person, list(offers.values()), today) if person is not None else {
        o.id: o.price_cents for o in offers.values()}
    home = place_of(person.postcode)[2] if person is not None else None
    candidates = [engine.Candidate(o.id, o.title, frozenset(skills[o.id]), net[o.id], o.price_cents, o.mode,
                                   o.offer_type, engine.distance_km(home, (o.latitude, o.longitude))
                                   if o.latitude is not None else None) for o in offers.values()]
    values, _source = demand_of(wanted, person.province if person is not None else "")
    local = labels_of(ids.values(), language)
    labels = {u: str(local[i]) for u, i in ids.items()}
    ranked = engine.recommend(wanted, candidates, engine.demand_outlook(values), labels, limit)
    return [(offers[r.offer_id], r, net[r.offer_id]) for r in ranked], labels


# -- supply and demand ------------------------------------------------------------------------------
@dataclass
class Gap:
    uri: str
    label: str
    demand: float
    offers: int
    source: str

    @property
    def per_offer(self) -> float:
        return self.demand / (self.offers + 1)


def gaps(*, province: str = "", language: str = "nl", limit: int = 30, pool: int = 300) -> list[Gap]:
    """Competences in demand with little offer: demand (forecast, series or proxy) against the number of
    active offers (in the province when given). Candidates: the ``pool`` skill series with the most stored
    demand (all months), else the skills essential for the most occupations."""

    # order_by("-total"): without it the model's ordering (key, period) would make DISTINCT return one row per
    # month, so the pool held the first few keys in alphabetical order instead of the busiest ones
    stored = (DemandSeries.objects.filter(series_key__startswith="skill:").values("series_key")
              .annotate(total=Sum("value")).order_by("-total", "series_key").values_list("series_key", flat=True)[:pool])
    uris = sorted({k[len("skill:"):].split("|")[0] for k in stored})
    if not uris:
        uris = list(OccupationSkill.objects.filter(relevance="essential").values("skill__uri")
                    .annotate(n=Count("id")).order_by("-n", "skill__uri").values_list("skill__uri", flat=True)[:pool])
    values, source = demand_of(uris, province)
    return _gap_rows(values, source, province, language, limit)


def _gap_rows(values, source, province, language, limit, *, with_zero: bool = False):
    """One ``Gap`` per competence of ``values`` (demand per URI): its name in the reader's language (Dutch
    first; an English fallback keeps its language for the marker) and the active offers that teach it (in the
    province or online). Competences without demand only ``with_zero`` (a provider's own offers)."""
    offers = Offer.objects.filter(is_active=True, competences__uri__in=list(values))
    if province:
        offers = offers.filter(Q(province=province) | Q(mode="online"))
    supply = dict(offers.values("competences__uri").annotate(n=Count("id", distinct=True))
                  .values_list("competences__uri", "n"))
    ids = dict(Concept.objects.filter(uri__in=list(values)).values_list("uri", "id"))
    local = labels_of(ids.values(), language)
    rows = [Gap(u, local[ids[u]], v, supply.get(u, 0), source) for u, v in values.items()
            if u in ids and (v > 0 or with_zero)]
    rows.sort(key=lambda g: (-g.per_offer, g.uri))
    return rows[:limit] if limit else rows


@dataclass
class OfferScore:
    offer: Offer
    rows: list[Gap]

    @property
    def score(self) -> float:
        """Mean demand per competing offer of its competences: higher = more needed, less offered."""
        return round(sum(g.per_offer for g in self.rows) / len(self.rows), 2) if self.rows else 0.0


def provider_scores(provider, *, language: str = "nl") -> list[OfferScore]:
    """Each offer of the provider with the demand for its competences and how many offers compete."""
    offers = list(provider.offers.filter(is_active=True).prefetch_related("competences").order_by("title"))
    uris = sorted({c.uri for o in offers for c in o.competences.all()})
    if not uris:
        return [OfferScore(o, []) for o in offers]
    values, source = demand_of(uris, provider.province)
    every = {u: values.get(u, 0.0) for u in uris}  # a competence without forecast demand: demand 0, real supply
    by_uri = {g.uri: g for g in _gap_rows(every, source, provider.province, language, 0, with_zero=True)}
    return [OfferScore(o, [by_uri[c.uri] for c in o.competences.all() if c.uri in by_uri]) for o in offers]


# -- ratings --------------------------------------------------------------------------------------------
def rating_of(offer: Offer) -> dict:
    agg = Rating.objects.filter(offer=offer).aggregate(avg=Avg("stars"), n=Count("id"))
    return {"average": round(agg["avg"], 1) if agg["avg"] is not None else None, "count": agg["n"]}


def offer_labels(offer: Offer, language: str = "nl"):
    ids = list(offer.competences.values_list("id", flat=True))
    local = labels_of(ids, language)
    uris = dict(Concept.objects.filter(id__in=ids).values_list("id", "uri"))
    return sorted(((uris[i], local[i]) for i in ids), key=lambda p: str(p[1]).lower())
