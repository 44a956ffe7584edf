"""What the compass shows of one offer: its rating and its competences."""

from __future__ import annotations

from django.db.models import Avg, Count

from lifelong.taxonomy.models import Concept
from lifelong.taxonomy.selectors import labels_of

from ..models import Offer, Rating


def rating_of(offer: Offer) -> dict:
    agg = Rating.objects.filter(offer=offer).aggregate(avg=Avg("stars"), n=Count("id"))
    return {"average": round(agg["avg"], 1) if agg["avg"] is not None else None, "count": agg["n"]}


def offer_labels(offer: Offer, language: str = "nl"):
    ids = list(offer.competences.values_list("id", flat=True))
    local = labels_of(ids, language)
    uris = dict(Concept.objects.filter(id__in=ids).values_list("id", "uri"))
    return sorted(((uris[i], local[i]) for i in ids), key=lambda p: str(p[1]).lower())
