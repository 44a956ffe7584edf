"""Offers for the competences a person wants, ranked with reasons."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from lifelong.taxonomy.models import Concept
from lifelong.taxonomy.selectors import labels_of

from .. import engine
from ..geo import place_of
from ..models import Offer
from .demand import demand_of
from .prices import net_prices

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
