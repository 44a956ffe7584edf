"""The compass's side of a booking with learning rights: an offer's facts, looked up on the server.

A booking never takes price, hours, schemes, kinds of training, provider or "in my development plan" from a
request (issue 19): the page and the API name the compass offer (``aanbod`` / ``offer``) and this module
reads everything else from the ``Offer`` row."""

from __future__ import annotations

from datetime import date

from lifelong.accounts.services import COMPASS_PREFIX, CompassOffer

from ..models import Offer
from ..selectors import as_engine_offer, in_development_plan


def active_offer(value) -> Offer | None:
    """The active compass offer with this id (a number, or ``kompas:<id>``), or None."""
    text = str(value or "").removeprefix(COMPASS_PREFIX)
    try:
        pk = int(text)
    except ValueError:
        return None
    return Offer.objects.select_related("provider").filter(pk=pk, is_active=True).first()


def start_of(offer: Offer, on: date) -> date | None:
    """The day the booked course starts: the offer's next start, else its first session on or after ``on``."""
    if offer.next_start is not None:
        return offer.next_start
    return offer.sessions.filter(start_date__gte=on).values_list("start_date", flat=True).order_by("start_date").first()


def compass_offer(person, offer: Offer, on: date) -> CompassOffer:
    """The offer as the booking service books it, for this learner (whether it is in their plan) on a day."""
    return CompassOffer(offer=as_engine_offer(offer, in_pop=in_development_plan(person, offer)),
                        reference=offer.reference, provider=offer.provider, starts_on=start_of(offer, on))
