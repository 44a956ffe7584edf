"""Supply against demand: demand per competence (forecast, series or a proxy), the competences with
little offer, a provider's offers scored by it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from lifelong.forecasts.models import DemandSeries, Forecast
from lifelong.taxonomy.models import Concept, OccupationSkill
from lifelong.taxonomy.selectors import labels_of

from ..models import Offer


def series_key(uri: str, province: str = "") -> str:
    return f"skill:{uri}" + (f"|{province}" if province else "")


def demand_of(uris: list[str], province: str = "") -> tuple[dict[str, float], str]:
    """Demand per skill and where it comes from: the newest forecast, else the last observed value of
    ``DemandSeries`` (key ``skill:<uri>`` or ``skill:<uri>|<province>``), else a proxy: the number of
    ESCO occupations for which the skill is essential (not per province)."""

    keys = {series_key(u, province): u for u in uris}
    values: dict[str, float] = {}
    latest = Forecast.objects.filter(series_key__in=keys).order_by("series_key", "-run__created_at", "-period")
    for key, value in latest.values_list("series_key", "forecast"):
        values.setdefault(keys[key], value)
    if values:
        return values, "forecast"
    for key, value in DemandSeries.objects.filter(series_key__in=keys).order_by("series_key", "-period") \
            .values_list("series_key", "value"):
        values.setdefault(keys[key], value)
    if values:
        return values, "series"
    rows = (OccupationSkill.objects.filter(skill__uri__in=uris, relevance="essential").values("skill__uri")
            .annotate(n=Count("id")))
    values = {u: 0.0 for u in uris}
    values.update({r["skill__uri"]: float(r["n"]) for r in rows})
    return values, "proxy"


@dataclass
class Gap:
    uri: str
    label: str
    demand: float
    offers: int
    source: str

    @property
    def per_offer(self) -> float:
        return self.demand / (self.offers + 1)


def gaps(*, province: str = "", language: str = "nl", limit: int = 30, pool: int = 300) -> list[Gap]:
    """Competences in demand with little offer: demand (forecast, series or proxy) against the number of
    active offers (in the province when given). Candidates: the ``pool`` skill series with the most stored
    demand (all months), else the skills essential for the most occupations."""

    # order_by("-total"): without it the model's ordering (key, period) would make DISTINCT return one row per
    # month, so the pool held the first few keys in alphabetical order instead of the busiest ones
    stored = (DemandSeries.objects.filter(series_key__startswith="skill:").values("series_key")
              .annotate(total=Sum("value")).order_by("-total", "series_key").values_list("series_key", flat=True)[:pool])
    uris = sorted({k[len("skill:"):].split("|")[0] for k in stored})
    if not uris:
        uris = list(OccupationSkill.objects.filter(relevance="essential").values("skill__uri")
                    .annotate(n=Count("id")).order_by("-n", "skill__uri").values_list("skill__uri", flat=True)[:pool])
    values, source = demand_of(uris, province)
    return _gap_rows(values, source, province, language, limit)


def _gap_rows(values, source, province, language, limit, *, with_zero: bool = False):
    """One ``Gap`` per competence of ``values`` (demand per URI): its name in the reader's language (Dutch
    first; an English fallback keeps its language for the marker) and the active offers that teach it (in the
    province or online). Competences without demand only ``with_zero`` (a provider's own offers)."""
    offers = Offer.objects.filter(is_active=True, competences__uri__in=list(values))
    if province:
        offers = offers.filter(Q(province=province) | Q(mode="online"))
    supply = dict(offers.values("competences__uri").annotate(n=Count("id", distinct=True))
                  .values_list("competences__uri", "n"))
    ids = dict(Concept.objects.filter(uri__in=list(values)).values_list("uri", "id"))
    local = labels_of(ids.values(), language)
    rows = [Gap(u, local[ids[u]], v, supply.get(u, 0), source) for u, v in values.items()
            if u in ids and (v > 0 or with_zero)]
    rows.sort(key=lambda g: (-g.per_offer, g.uri))
    return rows[:limit] if limit else rows


@dataclass
class OfferScore:
    offer: Offer
    rows: list[Gap]

    @property
    def score(self) -> float:
        """Mean demand per competing offer of its competences: higher = more needed, less offered."""
        return round(sum(g.per_offer for g in self.rows) / len(self.rows), 2) if self.rows else 0.0


def provider_scores(provider, *, language: str = "nl") -> list[OfferScore]:
    """Each offer of the provider with the demand for its competences and how many offers compete."""
    offers = list(provider.offers.filter(is_active=True).prefetch_related("competences").order_by("title"))
    uris = sorted({c.uri for o in offers for c in o.competences.all()})
    if not uris:
        return [OfferScore(o, []) for o in offers]
    values, source = demand_of(uris, provider.province)
    every = {u: values.get(u, 0.0) for u in uris}  # a competence without forecast demand: demand 0, real supply
    by_uri = {g.uri: g for g in _gap_rows(every, source, provider.province, language, 0, with_zero=True)}
    return [OfferScore(o, [by_uri[c.uri] for c in o.competences.all() if c.uri in by_uri]) for o in offers]
