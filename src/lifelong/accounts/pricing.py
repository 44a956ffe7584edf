"""What a learner pays after their rights (issue 17.2): owned by the account, reading its rules in force and
their parameters, taking the rights engine's ``Offer``. The compass (``catalogue.selectors``) builds the
engine offers from its rows and asks here; nothing here knows the catalogue."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from django.utils import timezone

from . import engine
from .selectors import available_by_code, facts_of, rules


def rights_of(person, on: date | None = None) -> tuple:
    """(facts, rules, balances) of the person on a day: what the rights engine needs, read once per request."""
    on = on or timezone.localdate()
    return facts_of(person, on), rules(), available_by_code(person=person, on=on)


def net_prices(person, offers: Mapping[Hashable, engine.Offer], on: date | None = None,
               rights: tuple | None = None) -> dict:
    """What the person pays for each offer (by the caller's key) after stacking their rights."""
    if not offers:
        return {}
    facts, rule_list, balances = rights or rights_of(person, on)
    return {key: engine.simulate(facts, offer, rule_list, balances).net_cost_cents for key, offer in offers.items()}


@dataclass
class PriceCeilings:
    """``price ≤ ceilings[(S, full)]`` for an offer whose schemes ∩ ``codes`` = S and that is (``full``)
    or is not of a kind in ``full_support`` (a funding category the person's money rules pay in full)."""

    codes: list[str]
    full_support: frozenset[str]
    ceilings: dict[tuple[frozenset, bool], int]
    # codes of ``codes`` that pay only at a provider registered for the Flemish incentives: for an offer of
    # another provider they do not count in S, whatever the offer lists
    registered_only: frozenset[str] = frozenset()


def price_ceilings(person, max_net_cents: int, on: date | None = None, rights: tuple | None = None
                   ) -> PriceCeilings:
    """The highest list price at which the person pays at most ``max_net_cents``, per kind of offer.

    Only money rights (unit cents) that the person is eligible for and has a balance in change what
    they pay; with those codes R, an offer's net price depends on its list price, on which codes of
    R it lists and on whether it is of a kind those rules pay in full (funding categories such as
    basic skills), and it never falls when the list price rises (each right covers at most the rest
    and at most its balance). So per subset S of R and full/not full, a binary search over the list
    price finds the ceiling, and ``price ≤ ceiling`` is the exact filter over every offer (in SQL and
    in the search index). R is at most a handful of codes. An offer of a provider that is not registered
    for the Flemish incentives does not count the codes in ``registered_only`` (training vouchers, …) in S:
    its net price is what the learner really pays there. (The filter takes offers as not in the learner's
    development plan.)"""
    on = on or timezone.localdate()
    facts, rule_list, balances = rights or rights_of(person, on)
    in_force = engine.rules_in_force(rule_list, on)
    codes = sorted(r.code for r in in_force.values()
                   if r.beneficiary == "person" and r.ledger and r.unit == engine.CENTS and balances.get(r.code, 0) > 0
                   and engine.evaluate(facts, r).eligible)
    full_support = frozenset(c for code in codes for c in in_force[code].params.get("full_support_categories", ()))

    def net(price: int, subset: frozenset, full: bool) -> int:
        offer = engine.Offer(title="", price_cents=price, hours=0, provider="", eligible_schemes=subset,
                             categories=full_support if full else frozenset())
        return engine.simulate(facts, offer, rule_list, balances).net_cost_cents

    ceilings = {}
    high = max_net_cents + sum(max(0, balances.get(c, 0)) for c in codes)
    for size in range(len(codes) + 1):
        for subset in map(frozenset, combinations(codes, size)):
            for full in (False, True) if full_support else (False,):
                lo, hi = -1, high  # net(lo) <= max (lo = -1: nothing), the answer is in [lo, hi]
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    if net(mid, subset, full) <= max_net_cents:
                        lo = mid
                    else:
                        hi = mid - 1
                ceilings[(subset, full)] = lo
    registered_only = frozenset(c for c in codes if in_force[c].kind in engine.REGISTERED_PROVIDER_KINDS)
    return PriceCeilings(codes, full_support, ceilings, registered_only)
