"""The search index in memory gives what the SQL search gives (totals, facets, pages and their order), sees
every change at once on a small catalogue, and on a large one refreshes in the background."""

from __future__ import annotations

import random
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from lifelong.catalogue import search_index, selectors
from lifelong.catalogue.models import Offer
from lifelong.catalogue.selectors import Filters, search_offers

GENT = (51.0543, 3.7174)


def _outcome(result):
    return ([o.id for o in result.offers], result.total, result.facets,
            [getattr(o, "score", None) for o in result.offers])


def _filters(rng: random.Random, words: list[str], uris: list[str]) -> Filters:
    f = Filters(sort=rng.choice(["relevance", "relevance", "price", "start", "title"]))
    pick = rng.random()
    if pick < 0.35:
        f.q = " ".join(rng.sample(words, rng.choice([1, 1, 2])))
    elif pick < 0.55:
        f.q = rng.choice(words)[:rng.choice([3, 4, 5])]  # as you type
    elif pick < 0.65:
        f.q = f"{rng.choice(words)} {rng.choice(words)[:4]}"
    if rng.random() < 0.2 and uris:
        f.competence = rng.choice(uris)
    if rng.random() < 0.3:
        f.mode = rng.choice(["classroom", "online", "blended", "workplace"])
    if rng.random() < 0.2:
        f.province = rng.choice(["BE21", "BE23", "BE25", "BE22", "BE24"])
    if rng.random() < 0.2:
        f.scheme = rng.choice(["opleidingscheques", "vov", "federaal_opleidingsrecht", "onbekend"])
    if rng.random() < 0.1:
        f.offer_type = rng.choice(["formal", "non_formal", "informal"])
    if rng.random() < 0.1:
        f.language = rng.choice(["nl", "en", "fr"])
    if rng.random() < 0.2:
        f.max_price_cents = rng.choice([0, 10000, 30000, 80000])
    if rng.random() < 0.15:
        f.start_from = timezone.localdate() + timedelta(days=rng.choice([0, 30, 120]))
    if rng.random() < 0.15:
        f.near, f.max_km = GENT, rng.choice([5, 20, 50])
    return f


@pytest.mark.django_db
def test_the_index_and_sql_give_the_same_results(make_offer, skills, learner):
    """Random searches over the demo catalogue and a few offers of our own, with and without a person
    (net prices after rights), every sort and every filter: the same offers in the same order, the
    same total, the same facet counts and the same relevance."""
    from lifelong.accounts.services import accrue_rights

    accrue_rights(person=learner.person, on=timezone.localdate())
    soon = timezone.localdate() + timedelta(days=40)
    make_offer(title="Heftruck besturen voor beginners", mode="workplace", schemes=["opleidingscheques"],
               competences=skills[:1], sessions=[soon], price_cents=45000)
    make_offer(title="Heftruck en reachtruck", mode="online", language="en", schemes=["vov", "opleidingscheques"])
    make_offer(title="Zonder start, zonder plaats", postcode="", mode="online")
    words = sorted({w for title in Offer.objects.values_list("title", flat=True) for w in title.lower().split()
                    if len(w) > 3 and w.isalpha()})
    uris = sorted({u for u in Offer.competences.through.objects.values_list("concept__uri", flat=True)})
    assert len(words) > 20 and uris
    rng = random.Random(2026)
    compared = with_hits = 0
    for i in range(160):
        f = _filters(rng, words, uris)
        person = learner.person if i % 3 == 0 else None
        offset = rng.choice([0, 0, 3])
        selectors.forget_facet_counts()
        sql = _outcome(search_offers(f, person=person, in_memory=False, limit=7, offset=offset))
        memory = _outcome(search_offers(f, person=person, in_memory=True, limit=7, offset=offset))
        assert memory == sql, f
        compared += 1
        with_hits += bool(sql[1])
    assert compared == 160 and with_hits > 60  # most searches found something: the comparison means something


@pytest.mark.django_db
def test_a_change_is_seen_by_the_next_search(make_offer, monkeypatch):
    first = make_offer(title="Harpmuziek spelen", mode="classroom")
    assert [o.id for o in search_offers(Filters(q="harpmuziek")).offers] == [first.id]
    index = search_index.current()
    assert index is not None and first.id in set(index.ids.tolist())
    second = make_offer(title="Harpmuziek componeren", mode="online")
    result = search_offers(Filters(q="harpmuziek"))
    assert {o.id for o in result.offers} == {first.id, second.id}
    assert dict(result.facets["mode"]) == {"classroom": 1, "online": 1}
    Offer.objects.filter(pk=first.pk).update(is_active=False, updated_at=timezone.now())
    assert [o.id for o in search_offers(Filters(q="harpmuziek")).offers] == [second.id]
    snapshot = search_index.current()
    assert search_index.current() is snapshot  # nothing changed: the same snapshot serves
    monkeypatch.setattr(search_index, "MAX_AGE_SECONDS", 0)  # too old: rebuilt even without a change
    assert search_index.current() is not snapshot


def test_a_large_catalogue_is_refreshed_in_the_background(django_db_setup, django_db_blocker, monkeypatch):
    """Above SYNC_LIMIT the first search runs in SQL while the index is built in a thread; a later change
    is picked up by the next background refresh, and meanwhile the previous snapshot serves."""
    from lifelong.catalogue.models import Provider

    monkeypatch.setattr(search_index, "SYNC_LIMIT", 0)
    monkeypatch.setattr(search_index, "MIN_REBUILD_SECONDS", 0)
    search_index.forget()

    def settle():
        for _ in range(200):
            if not search_index._building:
                return
            time.sleep(0.05)
        raise AssertionError("the background build did not finish")

    with django_db_blocker.unblock():
        provider = Provider.objects.create(name="Achtergrondtest", kind="private", province="BE23", postcode="9000")
        try:
            assert search_index.current() is None  # nothing yet: this search runs in SQL, a build starts
            settle()
            index = search_index.current()
            assert index is not None and index.stamp == search_index.read_stamp()
            offer = Offer.objects.create(provider=provider, external_id="bg-1", title="Doedelzak bespelen")
            stale = search_index.current()  # the old snapshot serves while the new one is built
            assert stale is index and offer.id not in set(stale.ids.tolist())
            settle()
            fresh = search_index.current()
            assert fresh is not index and offer.id in set(fresh.ids.tolist())
        finally:
            settle()
            provider.delete()
            search_index.forget()
