"""Publishing combined forecasts: statistical forecast + survey signal + panel median (the pure arithmetic: engine/combination.py)."""

from __future__ import annotations

from django.db import transaction

from ..engine.combination import Signal, combine
from ..models import (
    CombinationRule,
    CombinedForecast,
    DemandSeries,
    Forecast,
    ForecastRun,
    PanelItem,
    QuestionKind,
    RoundStatus,
    Survey,
    SurveyQuestion,
)

KINDS = ("skill", "occupation")
HORIZON_MONTHS = 12


def active_rule() -> CombinationRule:
    rule = CombinationRule.objects.filter(active=True).order_by("-created_at").first()
    if rule is None:
        rule = CombinationRule.objects.create(name="standaard")
    return rule


def split_key(series_key: str) -> tuple[str, str, str]:
    """``skill:<uri>|BE21`` → ("skill", uri, "BE21")."""
    kind, _, rest = series_key.partition(":")
    uri, _, province = rest.partition("|")
    return kind, uri, province


def _periods_per_year(freq: str) -> int:
    return 12 if freq == "M" else 4


def statistical_signal(series_key: str, run: ForecastRun, prov: dict | None) -> Signal | None:
    k = _periods_per_year(run.freq)
    future = list(Forecast.objects.filter(run=run, series_key=series_key).order_by("period")
                  .values_list("forecast", flat=True)[:k])
    past = list(DemandSeries.objects.filter(series_key=series_key).order_by("-period").values_list("value", flat=True)[:k])
    if not future or not past:
        return None
    base = sum(past) / len(past)
    if base <= 0:
        return None
    change = 100 * (sum(future) / len(future) / base - 1)
    bands = list(Forecast.objects.filter(run=run, series_key=series_key).order_by("period")
                 .values_list("lo80", "hi80")[:k])
    mean_future = sum(future) / len(future)
    widths = [hi - lo for lo, hi in bands if lo is not None and hi is not None]
    # the chart's 80 % band against the value it surrounds: above 1 the band is wider than the forecast itself
    interval_ratio = (round(sum(widths) / len(widths) / mean_future, 3) if widths and mean_future > 0
                      else None if not widths else float("inf"))
    bt = (prov or {}).get("backtest") or {}
    return Signal("statistical", change, 0.0, {
        "forecast_run": run.id, "engine_version": run.engine_version, "model": (prov or {}).get("model"),
        "selection": (prov or {}).get("selection"), "flags": (prov or {}).get("flags", []),
        "periods_ahead": len(future), "mean_forecast": round(sum(future) / len(future), 3),
        "mean_last_year": round(base, 3), "interval_ratio": interval_ratio, "backtest": bt or None},
        mase=bt.get("mase"))


class _SurveyCache:
    def __init__(self):
        self.results = {}

    def result(self, survey: Survey):
        from .surveys import estimate_survey

        if survey.id not in self.results:
            self.results[survey.id] = estimate_survey(survey)
        return self.results[survey.id]


def survey_signal(kind: str, uri: str, series_key: str, rule: CombinationRule, cache: _SurveyCache) -> Signal | None:
    qkind = QuestionKind.HIRING if kind == "occupation" else QuestionKind.MISSING_SKILL
    q = (SurveyQuestion.objects.filter(kind=qkind, concept_uri=uri, answers__isnull=False)
         .select_related("survey").order_by("-survey__created_at").first())
    if q is None:
        return None
    result = cache.result(q.survey)
    by_q = {qe.question.id: qe for qe in result.questions}
    qe = by_q.get(q.id)
    if qe is None or qe.estimate is None:
        return None
    e = qe.estimate
    prov = {"survey": q.survey.id, "title": q.survey.title, "question": q.code, "method": qe.method,
            "respondents": qe.respondents, "response_rate": result.response_rate,
            "population_synthetic": result.population_synthetic}
    if kind == "occupation":
        national = series_key.split("|")[0]
        past = list(DemandSeries.objects.filter(series_key=national, freq="M").order_by("-period")
                    .values_list("value", flat=True)[:12])
        if len(past) < 12 or sum(past) <= 0:
            return None
        change = 100 * (e.total / sum(past) - 1)
        prov.update(expected_hires=round(e.total, 1), lo95=round(e.total_lo95, 1), hi95=round(e.total_hi95, 1),
                    interval_known=e.interval_known,
                    demand_last_12_months=round(sum(past), 1))
    else:
        shares = [x.estimate.mean for x in result.questions
                  if x.question.kind == QuestionKind.MISSING_SKILL and x.estimate is not None]
        ref = sum(shares) / len(shares)
        change = rule.survey_skill_scale * 100 * (e.mean - ref)
        prov.update(share_missing=round(e.mean, 4), lo95=round(e.mean_lo95, 4), hi95=round(e.mean_hi95, 4),
                    interval_known=e.interval_known,
                    mean_share_all_skills=round(ref, 4))
    return Signal("survey", change, rule.weight_survey, prov)


def panel_signal(uri: str, rule: CombinationRule) -> Signal | None:
    from .panels import round_results

    item = (PanelItem.objects.filter(concept_uri=uri, panel__rounds__status=RoundStatus.CLOSED)
            .select_related("panel").order_by("-panel__created_at").first())
    if item is None:
        return None
    rnd = item.panel.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()
    res = next((r for r in round_results(rnd, with_reasons=False) if r.item.id == item.id), None)
    if res is None or res.summary.median is None:
        return None
    s = res.summary
    return Signal("panel", s.median, rule.weight_panel, {
        "panel": item.panel.id, "title": item.panel.title, "round": rnd.number, "experts": s.n,
        "median": s.median, "q1": s.q1, "q3": s.q3, "iqr": s.iqr, "consensus": s.consensus,
        "consensus_threshold": item.panel.consensus_iqr})


def latest_run_for(series_key: str) -> ForecastRun | None:
    f = Forecast.objects.filter(series_key=series_key).select_related("run").order_by("-run__created_at", "-run_id").first()
    return f.run if f else None


@transaction.atomic
def publish(series_keys: list[str] | None = None, *, rule: CombinationRule | None = None) -> list[CombinedForecast]:
    """Combine and store one CombinedForecast per ``skill:``/``occupation:`` key (default: every key with
    a stored forecast). Each stores every source's signal, weight, contribution and provenance."""
    rule = rule or active_rule()
    if series_keys is None:
        series_keys = sorted({k for k in Forecast.objects.values_list("series_key", flat=True).distinct()
                              if k.split(":")[0] in KINDS})
    cache = _SurveyCache()
    prov_cache: dict[int, dict] = {}
    out = []
    for key in series_keys:
        kind, uri, province = split_key(key)
        if kind not in KINDS or not uri:
            continue
        run = latest_run_for(key)
        signals = []
        stat = None
        if run is not None:
            if run.id not in prov_cache:
                prov_cache[run.id] = {p["series_id"]: p for p in run.provenance}
            stat = statistical_signal(key, run, prov_cache[run.id].get(key))
            if stat is not None:
                stat.base_weight = rule.weight_statistical
                signals.append(stat)
        for sig in (survey_signal(kind, uri, key, rule, cache), panel_signal(uri, rule)):
            if sig is not None:
                signals.append(sig)
        if not any(s.base_weight > 0 for s in signals):
            continue
        res = combine(signals, cap=rule.cap_pct, band=rule.stable_band_pct)
        bt = (stat.provenance.get("backtest") if stat else None) or {}
        out.append(CombinedForecast.objects.create(
            series_key=key, concept_uri=uri, province=province, horizon_months=HORIZON_MONTHS,
            change_pct=res["change_pct"], outlook=res["outlook"], confidence=res["confidence"],
            contributions=res["contributions"],
            past_accuracy={"statistical_model": stat.provenance.get("model") if stat else None,
                           "mase": bt.get("mase"), "smape": bt.get("smape"), "cov80": bt.get("cov80"),
                           "cov95": bt.get("cov95"), "backtest_origins": bt.get("origins"),
                           "combined": "nog geen eigen track record: wordt gemeten zodra de periodes voorbij zijn"},
            rule=rule, rule_snapshot={f: getattr(rule, f) for f in (
                "name", "weight_statistical", "weight_survey", "weight_panel", "cap_pct", "stable_band_pct",
                "survey_skill_scale")},
            forecast_run=run))
    return out
