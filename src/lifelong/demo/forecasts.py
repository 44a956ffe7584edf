"""Demo data of the forecasts: a forecast run over the demo's vacancy demand, an employer survey with answers
from a share of the demo organisations, a Delphi panel (round 1 closed, round 2 open) and the combined
outlooks. Called by ``lifelong demo seed`` after the organisations, offers, people, demo users and the demo
vacancies (``demo.vacancies``: the real pipeline writes the measured demand, source "vacancies") exist.

The forecasts are made FROM the stored demand, as in real use: this seed invents no series of its own under
the keys of the vacancy pipeline (``skill:``, ``occupation:``, ``isco:``, ``province:``, ``sector:``,
``flanders:all``). The demo's 24 months of ads are too short for the models (at horizon 12 a backtest origin
needs 28 monthly values, the seasonality test 36), so each forecast series gets a SYNTHETIC history of 24
months *before* its first month with ads, under its own labelled source (``DEMO_SOURCE``) — where an imported
official history would sit. No (key, month) of vacancy demand is written or shadowed by it."""

from __future__ import annotations

import math
import random
from collections import defaultdict

from django.db import transaction

from lifelong.forecasts.engine.periods import format_period, parse_period
from lifelong.forecasts.models import (
    CombinedForecast,
    DemandSeries,
    Forecast,
    ForecastRun,
    Panel,
    PanelItem,
    Survey,
    SurveyStatus,
)
from lifelong.forecasts.services import combination, panels, surveys
from lifelong.forecasts.services.series import import_series, run_forecasts
from lifelong.organisations.models import Organisation
from lifelong.people.models import PlanCompetence
from lifelong.users.models import Role, User
from lifelong.vacancies.services import DEMAND_SOURCE

DEMO_SOURCE = "SYNTHETISCH — demogeschiedenis vóór de demovacatures, verzonnen (geen echte vacatures)"
EXPERT_EMAIL = "expert@demo.lifelong.test"
EXPERT_PASSWORD = "demo-expert-2026"
EMPLOYER_EMAIL = "employer@demo.lifelong.test"
RESPONSE_SHARE = 0.45
TARGET_MONTHS = 48  # measured months + synthetic history: 3 backtest origins and the seasonality test run
# a series is forecast when it has at least this many ads a month on average: thinner competence series are
# mostly zeros, and their forecasts would be noise (the demo has ~12 ads a month for 28 occupations)
MIN_PER_MONTH = {"skill": 1.0, "skill|": 1.0}
MIN_PER_MONTH_OTHER = 0.5
# how many series of each kind are forecast (the strongest ones; every province and sector, and Flanders)
N_SKILLS, N_SKILLS_BY_PROVINCE, N_OCCUPATIONS = 20, 8, 10
GROWTH_CLIP = (0.75, 1.33)  # yearly growth the synthetic history may take from the measured years


def _vacancy_series() -> dict[str, dict[str, float]]:
    """The measured demand (source "vacancies") per key and month."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for key, period, value in DemandSeries.objects.filter(source=DEMAND_SOURCE, freq="M").values_list(
            "series_key", "period", "value"):
        out[key][period] = value
    return out


def _pop_skills() -> list[str]:
    """Competences of the demo POPs and the demo learner's plan: forecast first when the ads ask for them,
    so that their outlook shows on the plan and offer pages."""
    learner = User.objects.filter(email="learner@demo.lifelong.test").first()
    person = getattr(learner, "person", None) if learner else None
    uris = list(PlanCompetence.objects.filter(plan__person=person).values_list("skill__uri", flat=True)) if person else []
    uris += list(PlanCompetence.objects.order_by("id").values_list("skill__uri", flat=True)[:200])
    return list(dict.fromkeys(uris))


def select_keys(series: dict[str, dict[str, float]]) -> dict[str, list[str]]:
    """The vacancy series the demo forecasts, per kind, strongest first: a series must cover every month of
    the ads (a series starts with its first ad, so it has no hole) and average ``MIN_PER_MONTH`` ads."""
    if not series:
        return {}
    first = min(min(s) for s in series.values())
    months = len({p for s in series.values() for p in s})
    kinds: dict[str, list[str]] = defaultdict(list)
    total = {k: sum(s.values()) for k, s in series.items()}
    for key in sorted(series, key=lambda k: (-total[k], k)):
        kind = key.split(":")[0] + ("|" if "|" in key else "")
        s = series[key]
        if min(s) == first and len(s) == months and total[key] >= MIN_PER_MONTH.get(kind, MIN_PER_MONTH_OTHER) * months:
            kinds[kind].append(key)
    pop = {f"skill:{u}" for u in _pop_skills()}
    skills = sorted(kinds["skill"], key=lambda k: (k not in pop, -total[k], k))[:N_SKILLS]
    return {"flanders": kinds["flanders"], "province": kinds["province"], "sector": kinds["sector"],
            "occupation": kinds["occupation"][:N_OCCUPATIONS], "skill": skills,
            "skill|": [k for k in kinds["skill|"] if k.split("|")[0] in skills][:N_SKILLS_BY_PROVINCE]}


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth; the demo's means are small)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def synthetic_history(key: str, measured: dict[str, float], *, seed: int, months: int) -> list[tuple[str, float]]:
    """``months`` monthly counts before the first measured month: the level of the first measured year,
    going back with the growth between the two measured years (clipped to ``GROWTH_CLIP``), the demo ads'
    seasonal factors and Poisson noise. Deterministic for a key and seed."""
    from .vacancy_ads import SEASONAL  # the seasonal factors of the demo ads

    periods = sorted(measured)
    year1 = [measured[p] for p in periods[:12]]
    level, growth = sum(year1) / len(year1), _growth(measured)
    rng = random.Random(f"{seed}|{key}")
    start = parse_period(periods[0])[1]
    out = []
    for back in range(months, 0, -1):
        index = start - back
        centre = (len(year1) - 1) / 2  # the first measured year's level is its middle month's
        mean = level * growth ** ((-back - centre) / 12) * SEASONAL[index % 12]
        out.append((format_period("M", index), float(_poisson(rng, mean))))
    return out


def clear_demo_forecasts() -> None:
    """Remove what this seed made (its history rows, the forecasts and outlooks of those keys, the synthetic
    survey and panel). ``lifelong demo seed`` calls it before the vacancy demo, so that no old synthetic
    history can stand in a month the new demo ads cover."""
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
    """Forecast the strongest demo vacancy series (run ``demo.vacancies.seed_demo_vacancies`` first), with a
    synthetic history before the ads where a series is shorter than ``TARGET_MONTHS``; then the survey, the
    panel and the combined outlooks about the forecast competences and occupations."""
    rng = random.Random(seed)
    clear_demo_forecasts()
    _source, synthetic = surveys.population_source()
    if not surveys.population_cells() or synthetic:  # never overwrite an official population table
        surveys.derive_population_from_organisations()
    measured = _vacancy_series()
    chosen = select_keys(measured)
    keys = sorted(k for kind in chosen.values() for k in kind)

    other = set(DemandSeries.objects.filter(series_key__in=keys).exclude(source__in=[DEMO_SOURCE, DEMAND_SOURCE])
                .values_list("series_key", flat=True).distinct())  # a real, imported history: no synthetic one
    rows = []
    for key in keys:
        missing = TARGET_MONTHS - len(measured[key])
        if key not in other and missing > 0:
            rows += [(len(rows) + 2, key, period, value)
                     for period, value in synthetic_history(key, measured[key], seed=seed, months=missing)]
    history = import_series(records=rows, source=DEMO_SOURCE, freq="M") if rows else None
    run = run_forecasts(horizon=12, freq="M", series_keys=keys) if keys else None
    skills = [k.split(":", 1)[1] for k in chosen.get("skill", [])]
    occupations = [k.split(":", 1)[1] for k in chosen.get("occupation", [])][:3]
    growth = {k: _growth(measured[k]) for k in keys}

    # the employer demo user answers for one organisation; it has not answered yet
    employer = User.objects.filter(email=EMPLOYER_EMAIL).first()
    orgs = list(Organisation.objects.filter(is_synthetic=True).order_by("id"))
    # the firm the organisations demo gave the employer (the demo learner's employer) when there is one
    linked = employer.organisations.filter(is_synthetic=True).order_by("id").first() if employer else None
    own = linked or next((o for o in orgs if o.employees >= 10), orgs[0] if orgs else None)
    if employer is not None and own is not None:
        for o in employer.organisations.exclude(pk=own.pk):
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
    # expected hires follow the measured ads: per occupation, the ads of the last 12 months times the growth
    # between the two measured years, spread over the firms by size (so the weighted total lands near it)
    staff = sum(max(1, o.employees) for o in orgs) or 1
    hires = {uri: _last_year(measured[f"occupation:{uri}"]) * growth[f"occupation:{uri}"] for uri in occupations}
    for o in answering:
        size = max(1, o.employees)
        for q in survey.questions.all():
            if q.kind in ("hiring", "hard_to_fill"):
                mean = hires[q.concept_uri] * size / staff * (1.0 if q.kind == "hiring" else 0.4)
                value = min(500, _poisson(rng, mean))
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
    # the experts lean the way the measured ads went (half the growth between the two years, at most ±20 %)
    kind_of = {uri: "skill" for uri in skills} | {uri: "occupation" for uri in occupations}
    centre = {item.id: max(-20.0, min(20.0, 50 * (growth[f"{kind_of[item.concept_uri]}:{item.concept_uri}"] - 1)))
              for item in items}

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
    return {"series": len(keys), "history_values": history.created if history else 0,
            "forecast_run": run.id if run else None, "survey": survey.id, "responses": report.firms,
            "panel": panel.id, "combined": len(published)}


def _last_year(measured: dict[str, float]) -> float:
    return sum(v for _p, v in sorted(measured.items())[-12:])


def _growth(measured: dict[str, float]) -> float:
    """Yearly growth between the first and the last 12 measured months (clipped to ``GROWTH_CLIP``)."""
    values = [v for _p, v in sorted(measured.items())]
    before, after = sum(values[:12]), sum(values[-12:])
    return min(max(after / before, GROWTH_CLIP[0]), GROWTH_CLIP[1]) if before > 0 else 1.0
