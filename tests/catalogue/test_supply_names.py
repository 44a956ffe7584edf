"""Issue 16.7: a provider's supply and demand names each competence (taxonomy label, Dutch first) and counts
its supply for real, also for competences without forecast demand (it used to show the URI and "0")."""

from __future__ import annotations

import pytest

from lifelong.catalogue import selectors
from lifelong.taxonomy.models import Concept
from lifelong.taxonomy.selectors import labels_of

pytestmark = pytest.mark.django_db


def _without_demand(n: int) -> list[Concept]:
    """Skills with no stored forecast or series (so ``demand_of`` has no value for them)."""
    from lifelong.forecasts.models import DemandSeries, Forecast

    known = {k.split(":", 1)[1].split("|")[0] for k in
             list(Forecast.objects.values_list("series_key", flat=True).distinct())
             + list(DemandSeries.objects.values_list("series_key", flat=True).distinct())}
    return list(Concept.objects.filter(concept_type="skill").exclude(uri__in=known).order_by("uri")[:n])


def _with_demand(province: str) -> Concept:
    """A skill with measured demand in the province (its newest month above 0)."""
    from lifelong.forecasts.models import DemandSeries

    newest: dict[str, float] = {}
    for key, value in (DemandSeries.objects.filter(series_key__startswith="skill:", series_key__endswith=f"|{province}")
                       .order_by("series_key", "-period").values_list("series_key", "value")):
        newest.setdefault(key, value)
    key = next(k for k, v in sorted(newest.items()) if v > 0)
    return Concept.objects.get(uri=key[len("skill:"):].split("|")[0])


def test_provider_scores_name_every_competence_and_count_its_supply(make_offer, provider, other_provider):
    """The issue's case: one competence of the offer has forecast demand, the others none."""
    forecast = _with_demand(provider.province)
    first, second = _without_demand(2)
    make_offer(title="Eigen cursus met vraag", competences=[forecast])
    make_offer(title="Eigen cursus", competences=[first, second])
    other_staff = other_provider.staff.get()
    make_offer(title="Cursus elders", competences=[first], who=other_staff, where=other_provider, mode="online")
    rows = {g.uri: g for s in selectors.provider_scores(provider) for g in s.rows}
    assert rows[forecast.uri].demand > 0
    labels = labels_of([first.id, second.id], "nl")
    assert rows[first.uri].label == str(labels[first.id]) != first.uri
    assert rows[second.uri].label == str(labels[second.id]) != second.uri
    assert (rows[first.uri].offers, rows[second.uri].offers) == (2, 1)  # ours and the online one elsewhere
    assert rows[first.uri].demand == 0 and rows[first.uri].source == rows[forecast.uri].source != "proxy"


def test_provider_page_shows_names_not_uris(client, make_offer, provider, staff):
    [skill] = _without_demand(1)
    make_offer(title="Eigen cursus", competences=[skill])
    client.force_login(staff)
    html = client.get("/kompas/aanbieder/").content.decode()
    label = str(labels_of([skill.id], "nl")[skill.id])
    assert f"{label}</span>" in html and f">{skill.uri}" not in html
    assert "aanbod 1" in html
