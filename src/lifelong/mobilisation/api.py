"""JSON API of mobilisation: /api/v1/mobilisation/… (the secretariat, analysts and the partnership)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from . import selectors
from .models import Campaign, Segment
from .permissions import can_read

router = Router(tags=["Mobilisatie"])


def _reader(request):
    user = request.user
    if not user.is_authenticated:
        raise HttpError(401, "Meld je eerst aan.")
    if not can_read(user):
        raise HttpError(403, "Alleen het secretariaat, analisten en het partnerschap zien de mobilisatie.")


class SegmentOut(Schema):
    code: str
    name: str
    size: int
    rule: dict


class CampaignOut(Schema):
    id: int
    name: str
    segment: str
    status: str
    sent_at: str | None


@router.get("/mobilisation/segments", response=list[SegmentOut])
def mobilisation_segments(request):
    _reader(request)
    return [{"code": row["segment"].code, "name": row["segment"].name, "size": row["size"],
             "rule": row["segment"].rule} for row in selectors.segment_sizes()]


@router.get("/mobilisation/campaigns", response=list[CampaignOut])
def mobilisation_campaigns(request):
    _reader(request)
    return [{"id": c.pk, "name": c.name, "segment": c.segment.code, "status": c.status,
             "sent_at": c.sent_at.isoformat() if c.sent_at else None}
            for c in Campaign.objects.select_related("segment")]


@router.get("/mobilisation/campaigns/{campaign_id}/reach")
def campaign_reach(request, campaign_id: int):
    _reader(request)
    return selectors.reach(get_object_or_404(Campaign, pk=campaign_id))


__all__ = ["router", "Segment"]
