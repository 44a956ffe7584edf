"""One page of the compass's search: from the search index in memory, or the same in SQL."""

from __future__ import annotations

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from .. import engine
from ..models import Offer, OfferToken
from .facets import FACETS, facet_rows, facets_from, matches, selection
from .prices import net_prices, price_ceilings, rights_of
from .query import (
    COMPETENCE_WEIGHT,
    Filters,
    SearchResult,
    conditions,
    filtered,
    price_q,
    query_skills,
    term_q,
    text_match,
)


def search_offers(f: Filters, *, person=None, limit: int = 20, offset: int = 0, facets: bool = True,
                  in_memory: bool | None = None) -> SearchResult:
    """One page of offers, the total and the facet counts.

    Normally from the search index in memory (``search_index``): the matching, the facet counts and the
    order are worked out there, and only the page's offers are read from the database and priced
    after rights. ``in_memory=False`` (or no index yet) does the same in SQL, in three queries: the
    facet counts and the total come from one grouped query over the matching offers (cached briefly per
    query), the page is ordered in the database and only its offers are loaded."""
    from .. import search_index

    index = search_index.current() if in_memory is not False else None
    if index is not None:
        return _search_index(index, f, person=person, limit=limit, offset=offset, facets=facets)
    base, score = text_match(filtered(f, skip=FACETS), f.q)
    ids = getattr(base, "matching_ids", None)
    uris = getattr(base, "query_skills", [])
    rights = rights_of(person) if person is not None else None
    price = price_q(f, person, rights)
    if price is not None:
        base = base.filter(price)
    counts = facet_rows(base, f)
    selected = {k: v for k, v in selection(f).items() if v}
    total = sum(n for combo, n in counts if matches(combo, selected))
    qs = base
    for key, value in selected.items():
        qs = qs.filter(eligible_schemes__contains=f",{value},") if key == "scheme" else qs.filter(**{key: value})
    offers = _page(qs, f, person, rights, score, offset, limit, ids, uris) if total else []
    net = net_prices(person, offers, rights=rights) if person is not None else {}
    result = SearchResult(offers, total, net=net)
    if facets:
        result.facets = facets_from(counts, selected)
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
    selected = {k: v for k, v in selection(f).items() if v}
    page = index.search(base=base, chosen=index.combo_mask(lambda combo: matches(combo, selected)), score=score,
                        sort=f.sort, offset=offset, limit=limit)
    by_id = Offer.objects.select_related("provider").in_bulk(page.ids)
    offers = [by_id[i] for i in page.ids if i in by_id]  # (an offer deleted since the snapshot drops out)
    for offer in offers if page.scores else ():  # (relevance order: as the SQL search, each offer's score)
        offer.score = page.scores[offer.id]
    result = SearchResult(offers, page.total, net=net_prices(person, offers, rights=rights) if person else {})
    if facets:
        result.facets = facets_from(page.combos, selected)
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
    rows = OfferToken.objects.filter(score_q, conditions(f, prefix="offer__"))
    price = price_q(f, person, rights, prefix="offer__")
    if price is not None:
        rows = rows.filter(price)
    terms = engine.query_terms(f.q)
    if ids is not None:  # the offers that match every word, already known
        rows = rows.filter(offer_id__in=ids)
    elif len(terms) > 1:  # every word must match: the token rows of one word alone do not say so
        for term, word, prefix in terms:
            rows = rows.filter(offer_id__in=OfferToken.objects.filter(term_q(term, word, prefix))
                               .values("offer_id"))
    top = (rows.values("offer_id").annotate(score=Sum("weight")).order_by("-score", "offer_id")
           [offset:offset + limit])
    scores = {r["offer_id"]: r["score"] for r in top}
    by_id = Offer.objects.select_related("provider").in_bulk(list(scores))
    page = [by_id[i] for i in scores]
    for offer in page:
        offer.score = scores[offer.id]
    return page
