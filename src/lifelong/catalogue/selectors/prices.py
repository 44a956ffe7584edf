"""Net price after rights: an offer as the rights engine reads it, and what a person pays for it."""

from __future__ import annotations

from datetime import date

from lifelong.accounts import pricing
from lifelong.accounts.engine import Offer as EngineOffer
from lifelong.accounts.pricing import price_ceilings as account_ceilings
from lifelong.accounts.pricing import rights_of as account_rights
from lifelong.people.models import LearningActivity

from ..models import Offer, QualityStatus


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
