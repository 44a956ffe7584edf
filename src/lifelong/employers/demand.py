"""Suggestions for the organisation's competence check from the published demand forecasts (issue 13.4: "with
suggestions from the sector's forecasts and the occupations of its staff").

The forecasts publish a combined outlook per competence for Flanders and per province (``skill:<uri>`` and
``skill:<uri>|<NUTS2>``) and one per sector for all vacancies (``sector:<NACE>``); there is no outlook per
competence *and* sector. So the suggestions are the competences whose demand rises in the organisation's province
(Flanders when nothing is published there), those the staff's occupations need first; the sector's own outlook is
shown beside them, and every competence already in the check gets its outlook beside its gap. Read through
``forecasts.selectors`` only (forecasts is on a lower floor)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from lifelong.forecasts import selectors as forecast_selectors
from lifelong.forecasts.selectors import DemandOutlook
from lifelong.taxonomy.models import Concept, ConceptType

from .plans import suggested_skills


@dataclass(frozen=True)
class DemandSuggestion:
    skill_id: int
    uri: str
    change_pct: float
    confidence: str  # hoog | middel | laag
    confidence_label: str
    horizon_months: int
    province: str  # "" for Flanders
    for_staff: bool  # an essential competence of the staff's occupations


def _confidence_label(code: str) -> str:
    return {"hoog": _("hoog"), "middel": _("middel"), "laag": _("laag")}.get(code, code)


def rising_suggestions(organisation, *, on: date, limit: int = 8) -> list[DemandSuggestion]:
    """Competences whose forecast demand rises in the organisation's province (else in Flanders), not yet in its
    check: first those the staff's occupations need, then by the forecast change, largest first."""
    rows = forecast_selectors.latest_per_key("skill:", province=organisation.province or "")
    if not any(r.outlook == "stijgend" for r in rows):
        rows = forecast_selectors.latest_per_key("skill:", province="")
    rising = [r for r in rows if r.outlook == "stijgend" and r.concept_uri]
    ids = dict(Concept.objects.filter(concept_type=ConceptType.SKILL, uri__in=[r.concept_uri for r in rising])
               .values_list("uri", "pk"))
    listed = set(organisation.competence_needs.values_list("skill_id", flat=True))
    for_staff = {skill for skill, _n in suggested_skills(organisation, on=on, limit=500)}
    out = [DemandSuggestion(ids[r.concept_uri], r.concept_uri, r.change_pct, r.confidence,
                            _confidence_label(r.confidence), r.horizon_months, r.province,
                            ids[r.concept_uri] in for_staff)
           for r in rising if r.concept_uri in ids and ids[r.concept_uri] not in listed]
    out.sort(key=lambda s: (not s.for_staff, -s.change_pct, s.skill_id))
    return out[:limit]


def sector_outlook(organisation):
    """The newest combined outlook of all vacancies in the organisation's sector (NACE section), or None."""
    if not organisation.nace_section:
        return None
    return forecast_selectors.latest_combined(f"sector:{organisation.nace_section}")


def outlooks_of_needs(organisation) -> dict[int, DemandOutlook]:
    """skill id → the demand outlook of each competence in the check (its province, else Flanders)."""
    uris = dict(Concept.objects.filter(pk__in=organisation.competence_needs.values("skill_id"))
                .values_list("pk", "uri"))
    out = {}
    for skill_id, uri in uris.items():
        outlook = forecast_selectors.demand_outlook(uri, organisation.province or None)
        if outlook is not None:
            out[skill_id] = outlook
    return out
