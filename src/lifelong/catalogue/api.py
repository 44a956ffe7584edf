"""JSON API of the training compass: /api/v1/offers (public reads; net price when a learner is logged in)."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from lifelong.people.selectors import person_of

from . import selectors
from .geo import place_of
from .models import Offer

router = Router(tags=["training compass"])


class OfferOut(Schema):
    id: int
    external_id: str
    provider: str
    title: str
    description: str
    offer_type: str
    mode: str
    language: str
    postcode: str
    municipality: str
    province: str
    latitude: float | None
    longitude: float | None
    hours: int
    price_cents: int
    net_price_cents: int | None = Field(None, description="after the logged-in learner's rights")
    schemes: list[str]
    next_start: date | None
    competences: list[str] = Field(description="ESCO skill URIs")


class SearchOut(Schema):
    total: int
    offers: list[OfferOut]
    facets: dict[str, list[tuple[str, int]]]


class SearchIn(Schema):
    q: str = ""
    competence: str = Field("", description="ESCO skill URI")
    type: str = ""
    mode: str = ""
    province: str = ""
    scheme: str = ""
    language: str = ""
    max_price_cents: int | None = None
    start_from: date | None = None
    sort: str = "relevance"
    postcode: str = Field("", description="centre for max_km (default: the learner's postcode)")
    max_km: int | None = Field(None, ge=1, le=300)
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0)


def _out(offer: Offer, net: dict[int, int]) -> dict:
    return {**{k: getattr(offer, k) for k in ("id", "external_id", "title", "description", "offer_type", "mode",
                                               "language", "postcode", "municipality", "province", "latitude",
                                               "longitude", "hours", "price_cents", "next_start")},
            "provider": offer.provider.name, "net_price_cents": net.get(offer.id), "schemes": offer.scheme_codes,
            "competences": [c.uri for c in offer.competences.all()]}


@router.get("/offers", response=SearchOut)
def search_offers(request, params: Query[SearchIn]):
    f = selectors.Filters(q=params.q, competence=params.competence, offer_type=params.type, mode=params.mode,
                          province=params.province, scheme=params.scheme, language=params.language,
                          max_price_cents=params.max_price_cents, start_from=params.start_from,
                          sort=params.sort if params.sort in selectors.SORTS else "relevance",
                          max_km=params.max_km)
    person = person_of(request.user)
    f.near = place_of(params.postcode or (person.postcode if person else ""))[2]
    result = selectors.search_offers(f, person=person, limit=params.limit, offset=params.offset)
    ids = [o.id for o in result.offers]
    by_id = {o.id: o for o in Offer.objects.filter(id__in=ids).select_related("provider")
             .prefetch_related("competences")}
    return {"total": result.total, "facets": result.facets,
            "offers": [_out(by_id[i], result.net) for i in ids]}


@router.get("/offers/{offer_id}", response=OfferOut)
def offer_detail(request, offer_id: int):
    offer = get_object_or_404(Offer.objects.select_related("provider"), pk=offer_id, is_active=True)
    person = person_of(request.user)
    return _out(offer, selectors.net_prices(person, [offer]) if person else {})
