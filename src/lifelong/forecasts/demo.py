"""Demo data of the forecasts (all SYNTHETIC): demand series, a forecast run, an employer survey with answers
from a share of the demo organisations, a Delphi panel (round 1 closed, round 2 open) and the combined
outlooks. Called by ``lifelong demo seed`` after the organisations, offers, people and demo users exist."""

from __future__ import annotations

import math
import random

from django.db import transaction
from django.db.models import Count

from lifelong.organisations.models import Organisation
from lifelong.users.models import Role, User

from . import combination, panels, surveys
from .engine.periods import format_period
from .models import (
    CombinedForecast,
    DemandSeries,
    Forecast,
    ForecastRun,
    Panel,
    PanelItem,
    Survey,
    SurveyStatus,
)
from .services import import_series, run_forecasts

DEMO_SOURCE = "SYNTHETISCH — demoreeks, verzonnen (geen echte vacatures)"
EXPERT_EMAIL = "expert@demo.lifelong.test"
EXPERT_PASSWORD = "demo-expert-2026"
EMPLOYER_EMAIL = "employer@demo.lifelong.test"
RESPONSE_SHARE = 0.45


def _demo_skills(limit: int = 8) -> list[str]:
    from lifelong.catalogue.models import Offer
    from lifelong.people.models import PlanCompetence

    uris: list[str] = []
    learner = User.objects.filter(email="learner@demo.lifelong.test").first()
    person = getattr(learner, "person", None) if learner else None
    if person is not None:
        uris += list(PlanCompetence.objects.filter(plan__person=person).values_list("skill__uri", flat=True))
    uris += [r["skill__uri"] for r in PlanCompetence.objects.values("skill__uri").annotate(n=Count("id"))
             .order_by("-n", "skill__uri")[:limit]]
    for offer in Offer.objects.filter(provider__is_synthetic=True).order_by("id")[:5]:
        uris += list(offer.competences.filter(concept_type="skill").values_list("uri", flat=True)[:2])
    if len(set(uris)) < 4:
        from lifelong.taxonomy.models import Concept

        uris += list(Concept.objects.filter(concept_type="skill").order_by("id").values_list("uri", flat=True)[:limit])
    return list(dict.fromkeys(uris))[:limit]


def _demo_occupations(limit: int = 3) -> list[str]:
    from lifelong.people.models import CompetenceCheck
    from lifelong.taxonomy.models import Concept

    uris = list(dict.fromkeys(CompetenceCheck.objects.order_by("id").values_list("occupation__uri", flat=True)))
    if len(uris) < limit:
        uris += list(Concept.objects.filter(concept_type="occupation").order_by("id").values_list("uri", flat=True)[:limit])
    return list(dict.fromkeys(uris))[:limit]


def _series(key: str, rng: random.Random, *, level: float, growth: float, months: int = 48) -> list[tuple]:
    """Monthly demand with a yearly pattern, a trend (growth per year) and noise; 2022-01 onwards."""
    start = 2022 * 12
    out = []
    for k in range(months):
        season = 1 + 0.12 * math.sin(2 * math.pi * (k % 12) / 12)
        trend = (1 + growth) ** (k / 12)
        value = max(0.0, level * trend * season * (1 + rng.gauss(0, 0.05)))
        out.append((k + 2, key, format_period("M", start + k), f"{value:.1f}"))
    return out


def _clear() -> None:
    keys = list(DemandSeries.objects.filter(source=DEMO_SOURCE).values_list("series_key", flat=True).distinct())
    CombinedForecast.objects.filter(series_key__in=keys).delete()
    Forecast.objects.filter(series_key__in=keys).delete()
    ForecastRun.objects.filter(forecasts__isnull=True).delete()
    DemandSeries.objects.filter(source=DEMO_SOURCE).delete()
    Survey.objects.filter(is_synthetic=True).delete()
    Panel.objects.filter(is_synthetic=True).delete()  # a bulk cascade: the frozen-round guard is per row (save/delete)


def _experts() -> list[User]:
    out = []
    for i, email in enumerate([EXPERT_EMAIL] + [f"expert{n}@demo.lifelong.test" for n in range(2, 7)]):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, EXPERT_PASSWORD if i == 0 else None, role=Role.OBSERVER,
                                            display_name=f"Demo expert {i + 1}")
        elif i == 0:
            user.set_password(EXPERT_PASSWORD)
            user.save()
        out.append(user)
    return out


REASONS_UP = ["Meer automatisering in de sector vraagt deze kennis.", "Veel pensioneringen de komende jaren.",
              "Nieuwe regelgeving (duurzaamheid) drijft de vraag op.", "Groeiende vraag bij kmo's in onze regio."]
REASONS_DOWN = ["Software neemt een deel van dit werk over.", "De sector krimpt door hoge energieprijzen."]
REASONS_FLAT = ["Vraag en aanbod blijven ongeveer in evenwicht."]


@transaction.atomic
def seed_demo_forecasts(seed: int = 2026) -> dict:
    rng = random.Random(seed)
    _clear()
    _source, synthetic = surveys.population_source()
    if not surveys.population_cells() or synthetic:  # never overwrite an official population table
        surveys.derive_population_from_organisations()
    skills, occupations = _demo_skills(), _demo_occupations()
    growth = [0.12, 0.08, -0.07, 0.0, 0.15, -0.1, 0.04, 0.1]
    records = []
    for i, uri in enumerate(skills):
        records += _series(f"skill:{uri}", rng, level=40 + 15 * i, growth=growth[i % len(growth)])
        if i < 3:
            for j, prov in enumerate(("BE21", "BE23")):
                records += _series(f"skill:{uri}|{prov}", rng, level=12 + 4 * i, growth=growth[(i + j + 2) % len(growth)])
    for i, uri in enumerate(occupations):
        records += _series(f"occupation:{uri}", rng, level=25 + 10 * i, growth=growth[(i + 1) % len(growth)])
    for i, nace in enumerate(("C", "F", "G", "Q")):
        records += _series(f"sector:{nace}", rng, level=300 + 50 * i, growth=growth[(i + 3) % len(growth)])
    records += _series("flanders:all", rng, level=2500, growth=0.02)
    rows = [(n + 2, k, p, v) for n, (_r, k, p, v) in enumerate(records)]
    import_series(records=rows, source=DEMO_SOURCE, freq="M")
    keys = sorted({r[1] for r in rows})
    run = run_forecasts(horizon=12, freq="M", series_keys=keys)

    # the employer demo user answers for one organisation; it has not answered yet
    employer = User.objects.filter(email=EMPLOYER_EMAIL).first()
    orgs = list(Organisation.objects.filter(is_synthetic=True).order_by("id"))
    own = next((o for o in orgs if o.employees >= 10), orgs[0] if orgs else None)
    if employer is not None and own is not None:
        for o in employer.organisations.all():
            o.staff.remove(employer)
        own.staff.add(employer)
    survey = surveys.create_survey(
        title="Werkgeversenquête vraag naar competenties 2026 (demo)", occupations=occupations, skills=skills[:4],
        intro="Demo-enquête: alle antwoorden van andere ondernemingen zijn verzonnen.", max_count=500,
        is_synthetic=True)
    survey.invited.set(orgs)
    surveys.set_status(survey, SurveyStatus.OPEN)
    lines = ["enterprise_number,kind,concept_uri,value"]
    answering = [o for o in orgs if o != own and rng.random() < RESPONSE_SHARE]
    for o in answering:
        size = max(1, o.employees)
        for q in survey.questions.all():
            if q.kind in ("hiring", "hard_to_fill"):
                base = size * (0.08 if q.kind == "hiring" else 0.03)
                value = min(500, int(rng.expovariate(1 / max(base, 0.3))))
            else:
                value = 1 if rng.random() < (0.55 if q.kind == "training" else 0.2 + 0.1 * (q.position % 4)) else 0
            lines.append(f"{o.enterprise_number},{q.kind},{q.concept_uri},{value}")
    report = surveys.import_answers(survey=survey, text="\n".join(lines) + "\n", source="SYNTHETISCH demo-antwoorden")

    experts = _experts()
    panel = panels.open_panel(
        title="Delphi-panel competenties 2026 (demo)", concept_uris=skills[:3] + occupations[:1], experts=experts,
        question="Hoe verandert de vraag naar deze competenties en dit beroep in Vlaanderen in de komende 12 maanden?",
        consensus_iqr=10.0, is_synthetic=True)
    items = list(PanelItem.objects.filter(panel=panel))
    centre = {item.id: [12, 6, -5, 8][n % 4] for n, item in enumerate(items)}

    def give(rnd, expert, spread):
        for item in items:
            change = centre[item.id] + rng.uniform(-spread, spread)
            direction = "up" if change > 0.5 else "down" if change < -0.5 else "stable"
            size = 0.0 if direction == "stable" else round(abs(change), 0) or 1.0
            reasons = REASONS_UP if direction == "up" else REASONS_DOWN if direction == "down" else REASONS_FLAT
            panels.submit_answer(rnd=rnd, item=item, expert=expert, direction=direction, change_pct=size,
                                 confidence=rng.randint(2, 5), reason=rng.choice(reasons))

    first = panels.current_round(panel)
    for e in experts:
        give(first, e, 12)
    panels.close_round(first)
    second = panels.open_next_round(panel)
    for e in experts[1:5]:  # the walk-through expert (experts[0]) has not answered round 2 yet
        give(second, e, 4)
    published = combination.publish([k for k in keys if k.split(":")[0] in combination.KINDS])
    return {"series": len(keys), "forecast_run": run.id, "survey": survey.id, "responses": report.firms,
            "panel": panel.id, "combined": len(published)}
