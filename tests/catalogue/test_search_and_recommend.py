"""Search in Dutch with stemming, by competence, with facets; recommendations; supply and demand; ratings."""

from __future__ import annotations

import pytest

from lifelong.catalogue import selectors
from lifelong.catalogue.selectors import Filters, search_offers
from lifelong.catalogue.services import NotAllowed, rate_offer

pytestmark = pytest.mark.django_db


def ids(result):
    return {o.id for o in result.offers}


def test_dutch_words_find_offers_in_other_inflections(make_offer):
    a = make_offer(title="Zorgkundigen opleiden", description="Je leert wondverzorging.")
    b = make_offer(title="Kookcursus", description="Koken voor grote groepen zorgkundige")
    assert ids(search_offers(Filters(q="zorgkundige"))) >= {a.id, b.id}
    order = [o.id for o in search_offers(Filters(q="zorgkundige"), limit=100).offers]
    assert order.index(a.id) < order.index(b.id)  # title weighs more (demo offers tagged with care skills may lead)
    assert a.id in ids(search_offers(Filters(q="wondverz")))  # search as you type: prefix
    assert ids(search_offers(Filters(q="zorgkundige kookcursus"))) == {b.id}  # every word must match


def test_search_by_competence_and_facets(make_offer, skills):
    a = make_offer(title="Xylofoonles", competences=[skills[0]], mode="online", schemes=["vov"])
    b = make_offer(title="Xylofoonles gevorderd", competences=[skills[1]], mode="classroom")
    assert ids(search_offers(Filters(competence=skills[0].uri))) >= {a.id}
    assert b.id not in ids(search_offers(Filters(competence=skills[0].uri)))
    result = search_offers(Filters(q="xylofoonles"))
    assert dict(result.facets["mode"]) == {"online": 1, "classroom": 1}
    assert dict(result.facets["scheme"]) == {"vov": 1}
    assert ids(search_offers(Filters(q="xylofoonles", scheme="vov"))) == {a.id}
    assert ids(search_offers(Filters(q="xylofoonles", mode="classroom", province="BE23"))) == {b.id}
    by_price = search_offers(Filters(q="xylofoonles", sort="price", max_price_cents=50000))
    assert len(by_price.offers) == 2


def test_max_price_counts_after_the_learners_rights(make_offer, learner):
    from lifelong.accounts.services import accrue_rights

    person = learner.person
    accrue_rights(person=person, on=__import__("django.utils.timezone").utils.timezone.localdate())
    offer = make_offer(title="Quiltcursus", price_cents=20000, schemes=["opleidingscheques"])
    net = selectors.net_prices(person, [offer])[offer.id]
    assert net < 20000  # vouchers pay part
    assert ids(search_offers(Filters(q="quiltcursus", max_price_cents=net), person=person)) == {offer.id}
    assert ids(search_offers(Filters(q="quiltcursus", max_price_cents=net))) == set()  # list price without rights


def test_recommendations_cover_the_gap_with_reasons(make_offer, skills, learner):
    both = make_offer(title="Alles in een", competences=skills[:2], mode="classroom")
    work = make_offer(title="Leren op het werk", competences=skills[:1], mode="workplace", offer_type="informal",
                      price_cents=0)
    ranked, labels = selectors.recommendations(learner.person, [skills[0].uri, skills[1].uri])
    order = [o.id for o, _r, _net in ranked]
    assert order.index(both.id) < order.index(work.id)
    offer, rec, net = next(t for t in ranked if t[0].id == work.id)
    texts = " ".join(w.text() for w in rec.reasons)
    assert "1 van de 2 competenties" in texts and "werkplek" in texts and net == 0


def test_gaps_use_a_labelled_proxy_without_demand_data(make_offer, skills):
    from lifelong.forecasts.models import DemandSeries, Forecast

    Forecast.objects.all().delete()  # the demo seed stores synthetic demand series and forecasts
    DemandSeries.objects.all().delete()
    rows = selectors.gaps(limit=10)
    assert rows and {r.source for r in rows} == {"proxy"}
    assert rows == sorted(rows, key=lambda g: (-g.per_offer, g.uri))


def test_gaps_prefer_stored_demand_series(make_offer, skills):
    from lifelong.forecasts.models import DemandSeries, Forecast

    Forecast.objects.all().delete()  # the demo seed stores synthetic demand series and forecasts
    DemandSeries.objects.all().delete()
    DemandSeries.objects.create(series_key=f"skill:{skills[2].uri}", freq="M", period="2026-01", value=500,
                                source="test")
    DemandSeries.objects.create(series_key=f"skill:{skills[1].uri}", freq="M", period="2026-01", value=50,
                                source="test")
    make_offer(title="Aanbod", competences=[skills[1]])
    rows = selectors.gaps()
    assert rows[0].uri == skills[2].uri and rows[0].source == "series" and rows[0].offers == 0


def test_gaps_take_the_busiest_skill_series_and_show_the_demo_demand(esco):
    from django.db.models import Sum

    from lifelong.forecasts.models import DemandSeries

    # the demo's vacancy demand and the forecasts made from it: the page has rows, for Flanders and a province
    rows = selectors.gaps(limit=10)
    assert rows and all(r.demand > 0 for r in rows)
    assert selectors.gaps(province="BE21", limit=10)
    # the pool is the series with the most demand, not the first keys in alphabetical order
    first = DemandSeries.objects.filter(series_key__startswith="skill:").order_by("series_key").first().series_key
    busiest = (DemandSeries.objects.filter(series_key__startswith="skill:").values("series_key")
               .annotate(n=Sum("value")).order_by("-n").values_list("series_key", flat=True)[:1][0])
    assert first != busiest
    assert {g.uri for g in selectors.gaps(limit=0, pool=1)} == {busiest.split(":", 1)[1].split("|")[0]}


def test_provider_sees_its_offers_scored_against_demand(make_offer, skills, provider):
    make_offer(title="Mijn aanbod", competences=skills[:2])
    scores = selectors.provider_scores(provider)
    assert len(scores) == 1 and len(scores[0].rows) == 2


def test_only_confirmed_attendance_may_rate(make_offer, learner, make_user):
    from lifelong.accounts.models import Booking

    offer = make_offer(title="Te beoordelen")
    with pytest.raises(NotAllowed):
        rate_offer(user=learner, offer=offer, stars=5)
    booking = Booking.objects.create(person=learner.person, offer_title=offer.title, offer_ref=offer.reference,
                                     price_cents=0, hours=1, net_cost_cents=0, net_time_minutes=0,
                                     idempotency_key=f"t-{offer.pk}")
    with pytest.raises(NotAllowed):  # reserved, not yet confirmed
        rate_offer(user=learner, offer=offer, stars=5)
    booking.status = "confirmed"
    booking.save()
    rate_offer(user=learner, offer=offer, stars=4)
    rate_offer(user=learner, offer=offer, stars=5)  # a new score replaces the old one
    with pytest.raises(NotAllowed):
        rate_offer(user=make_user("provider"), offer=offer, stars=5)
    with pytest.raises(ValueError):
        rate_offer(user=learner, offer=offer, stars=6)
    assert selectors.rating_of(offer) == {"average": 5.0, "count": 1}


def test_demo_seed_made_offers_with_dutch_titles(esco):
    from lifelong.catalogue.models import Offer

    demo = Offer.objects.filter(provider__is_synthetic=True)
    assert demo.count() >= 50
    assert demo.filter(offer_type="informal").exists() and demo.filter(mode="workplace").exists()
    assert all(o.competences.exists() for o in demo[:10])


def test_distance_filter_keeps_near_and_online_offers(make_offer):
    gent = make_offer(title="Zeefdruk Gent", postcode="9000")
    hasselt = make_offer(title="Zeefdruk Hasselt", postcode="3500")
    online = make_offer(title="Zeefdruk online", postcode="3500", mode="online")
    near = search_offers(Filters(q="zeefdruk", near=(51.05, 3.72), max_km=30))
    assert ids(near) == {gent.id, online.id} and hasselt.id in ids(search_offers(Filters(q="zeefdruk")))
