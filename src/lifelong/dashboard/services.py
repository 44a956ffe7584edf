"""Every write of the dashboard: indicator definitions, imports with per-record refusals,
edits with a 'why', and the recomputation of the platform indicators (progress recorded)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.accounts.models import Booking, LedgerTransaction
from lifelong.actionplan import permissions
from lifelong.actionplan.models import Action, TargetGroup
from lifelong.actionplan.services import Refused, record_change, record_edit
from lifelong.jobs import enqueue_for
from lifelong.texts import translated
from lifelong.translations import refresh_translations, translations_from

from . import engine
from .models import ComputationRun, Indicator, IndicatorValue, RunStatus, Target

DATA = Path(__file__).resolve().parent / "data"
DEFINITIONS = DATA / "indicators.yaml"
SERIES = DATA / "indicator_series.csv"
TARGETS = DATA / "targets.csv"
INDICATOR_FIELDS = ("name", "description", "numerator", "denominator", "source", "breaks_note", "headline",
                    "baseline_period", "baseline_value")


@dataclass
class ImportReport:
    kind: str
    accepted: int = 0
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.kind}: {self.accepted} opgenomen, {len(self.refused)} geweigerd"


@dataclass
class IndicatorsReport:
    definitions: int
    series: ImportReport
    targets: ImportReport

    @property
    def refused(self) -> list[str]:
        return self.series.refused + self.targets.refused

    def summary(self) -> str:
        return f"{self.definitions} indicatordefinities; {self.series.summary()}; {self.targets.summary()}"


# The texts of an indicator that have English and French versions: model field → key in indicators.yaml.
TRANSLATED = {"name": "name", "description": "description", "numerator": "numerator",
              "denominator": "denominator", "breaks_note": "breaks"}


@transaction.atomic
def load_definitions(*, path: Path | str | None = None) -> int:
    """Create the indicator definitions that are missing (an edited definition is never overwritten).

    The English and French texts (``name_en``, ``numerator_fr`` …) are brought up to date on every load,
    for each text whose Dutch is still the file's."""
    items = yaml.safe_load(Path(path or DEFINITIONS).read_text(encoding="utf-8"))["indicators"]
    for item in items:
        texts = translations_from(item, **{f: f"{key}_{{lang}}" for f, key in TRANSLATED.items()})
        indicator, created = Indicator.objects.get_or_create(code=item["code"], defaults={
            "name": item["name"], "measure": item["measure"], "unit": item["unit"],
            "numerator": item.get("numerator", ""), "denominator": item.get("denominator", ""),
            "source": item.get("source", ""), "breaks_note": item.get("breaks", ""),
            "computed": item.get("computed", False), "headline": item.get("headline", False),
            "baseline_period": item.get("baseline", ""), "translations": texts})
        if not created:
            refresh_translations(indicator, texts, {f: item.get(key, "") for f, key in TRANSLATED.items()})
        if created and item.get("actions"):
            indicator.actions.set(Action.objects.filter(code__in=item["actions"]))
        if not created and not indicator.baseline_period and item.get("baseline"):  # fill a blank, never overwrite
            Indicator.objects.filter(pk=indicator.pk).update(baseline_period=item["baseline"])
    return len(items)


def import_series(*, path: Path | str | None = None) -> ImportReport:
    """Import official values; each refused record is reported with its line and all its reasons."""
    report = ImportReport("reeksen")
    indicators = {i.code: i for i in Indicator.objects.filter(computed=False)}
    units = {code: i.unit for code, i in indicators.items()}
    seen: dict[tuple, int] = {}
    with open(path or SERIES, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for line, row in enumerate(reader, start=2):
            checked = engine.check_series_row(line, row, units)
            if checked.ok:
                v = checked.values
                key = (v["code"], v["geo"], v["sex"], v["age"], v["breakdown"], v["period"])
                if key in seen:
                    checked.errors.append(f"dezelfde cel staat al op regel {seen[key]}")
                else:
                    seen[key] = line
            if not checked.ok:
                report.refused.append(f"{Path(handle.name).name}:{line}: " + "; ".join(checked.errors))
                continue
            v = checked.values
            with transaction.atomic():
                IndicatorValue.objects.update_or_create(
                    indicator=indicators[v["code"]], geo=v["geo"], sex=v["sex"], age=v["age"],
                    breakdown=v["breakdown"], period=v["period"],
                    defaults={k: v[k] for k in ("dimension", "category", "year", "value", "is_break", "is_estimate",
                                                "is_unreliable", "source", "note")})
            report.accepted += 1
    return report


def import_targets(*, path: Path | str | None = None, links: dict[str, list[str]] | None = None) -> ImportReport:
    report = ImportReport("doelen")
    if links is None:
        items = yaml.safe_load(DEFINITIONS.read_text(encoding="utf-8"))["indicators"]
        links = {}
        for item in items:
            for code in item.get("targets", []):
                links.setdefault(code, []).append(item["code"])
    with open(path or TARGETS, newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            checked = engine.check_target_row(line, row)
            if not checked.ok:
                report.refused.append(f"{Path(handle.name).name}:{line} ({row.get('target_id', '')}): "
                                      + "; ".join(checked.errors))
                continue
            v = checked.values
            with transaction.atomic():
                target, _c = Target.objects.update_or_create(code=v["code"], defaults={
                    k: v[k] for k in v if k != "code"})
                target.indicators.add(*Indicator.objects.filter(code__in=links.get(v["code"], [])))
            report.accepted += 1
    return report


def import_indicators() -> IndicatorsReport:
    """Definitions, then the official series and targets (the packaged copies). Idempotent."""
    n = load_definitions()
    report = IndicatorsReport(n, import_series(), import_targets())
    fill_baselines()
    return report


def fill_baselines() -> int:
    """Baseline value = the Flemish total of the baseline period (left empty when that value is missing)."""
    filled = 0
    for indicator in Indicator.objects.exclude(baseline_period="").filter(baseline_value__isnull=True):
        value = indicator.values.filter(geo="BE2", sex="T", dimension="total", period=indicator.baseline_period,
                                        is_suppressed=False).first()
        if value is not None:
            Indicator.objects.filter(pk=indicator.pk).update(baseline_value=value.value)
            filled += 1
    return filled


@transaction.atomic
def update_indicator(*, actor, indicator: Indicator, why: str, **values) -> Indicator:
    if not permissions.can_edit_plan(actor):
        raise Refused(_("Alleen het secretariaat wijzigt indicatoren."))
    unknown = set(values) - set(INDICATOR_FIELDS) - {"actions"}
    if unknown:
        raise ValueError(f"unknown indicator fields: {sorted(unknown)}")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    record_edit(actor=actor, obj=indicator, values=values, fields=INDICATOR_FIELDS, m2m=("actions",), why=why)
    return indicator


@transaction.atomic
def record_value(*, actor, indicator: Indicator, why: str, row: dict) -> IndicatorValue:
    """Add or correct one official value by hand; the same checks as the import, nothing converted."""
    if not permissions.can_edit_plan(actor):
        raise Refused(_("Alleen het secretariaat voert waarden in."))
    if indicator.computed:
        raise Refused(_("Een berekende indicator krijgt zijn waarden alleen van de herberekening."))
    checked = engine.check_series_row(0, {"series_id": indicator.code, "unit": indicator.unit, **row},
                                      {indicator.code: indicator.unit})
    if not checked.ok:
        raise Refused("; ".join(translated(checked.errors, _)))
    v = checked.values
    old = IndicatorValue.objects.filter(indicator=indicator, geo=v["geo"], sex=v["sex"], age=v["age"],
                                        breakdown=v["breakdown"], period=v["period"]).first()
    value, _c = IndicatorValue.objects.update_or_create(
        indicator=indicator, geo=v["geo"], sex=v["sex"], age=v["age"], breakdown=v["breakdown"], period=v["period"],
        defaults={k: v[k] for k in ("dimension", "category", "year", "value", "is_break", "is_estimate",
                                    "is_unreliable", "source", "note")})
    record_change(actor=actor, subject=indicator, verb="value", why=why,
                  changes={f"{v['geo']}/{v['breakdown']}/{v['sex']}/{v['period']}":
                           (str(old.value) if old else None, str(v["value"]))})
    return value


# --- recomputation of the platform indicators ------------------------------------------------


def request_recompute(*, actor=None, year: int | None = None) -> ComputationRun:
    """Queue a recomputation on the background worker; the run row shows its progress."""
    if actor is not None and not permissions.can_edit_plan(actor):
        raise Refused(_("Alleen het secretariaat start een herberekening."))
    run = ComputationRun.objects.create(requested_by=actor, period=str(year or timezone.localdate().year))
    enqueue_for("lifelong.dashboard.tasks.recompute_indicators", run)
    run.refresh_from_db()  # an immediate task backend has run it already
    return run


def last_platform_change():
    """When the data behind the platform indicators last changed: a booking or a ledger posting (a new person
    gets their rights posted; people carry no change time of their own)."""

    stamps = [Booking.objects.aggregate(m=Max("updated_at"))["m"],
              LedgerTransaction.objects.aggregate(m=Max("created_at"))["m"]]
    return max((s for s in stamps if s is not None), default=None)


def refresh_if_stale() -> ComputationRun | None:
    """Queue a recomputation when bookings or rights changed after the latest one started (or none ran yet),
    so that a page never shows "0 %" for bookings made since: at most one run waits at a time. Returns the
    queued run, or None when the values are current or a run is already on its way."""
    if ComputationRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
        return None
    latest = ComputationRun.objects.filter(status=RunStatus.DONE).order_by("-started_at", "-id").first()
    changed = last_platform_change()
    if latest is not None and (changed is None or changed <= latest.started_at):
        return None
    return request_recompute(actor=None)


def _progress(run: ComputationRun, step: str) -> None:
    run.steps_done = min(run.steps_done + 1, run.steps_total)
    run.step = step
    ComputationRun.objects.filter(pk=run.pk).update(steps_done=run.steps_done, step=step)


def run_computation(run: ComputationRun) -> ComputationRun:
    """Compute the platform indicators for one calendar year and replace that year's computed values."""
    from . import selectors

    year = int(run.period or timezone.localdate().year)
    run.status, run.started_at, run.steps_total, run.steps_done = RunStatus.RUNNING, timezone.now(), 5, 0
    run.save(update_fields=["status", "started_at", "steps_total", "steps_done"])
    try:
        cells = selectors.platform_cells(year=year, progress=lambda step: _progress(run, step))
        groups = dict(TargetGroup.objects.values_list("code", "rule"))
        rows = engine.compute_platform_values(cells, groups, year)
        rows += engine.compute_provider_values(selectors.provider_cells(year=year))
        _progress(run, "waarden berekend")
        written = _write_computed(run, rows, year)
        _progress(run, "waarden opgeslagen")
        run.status, run.values_written = RunStatus.DONE, written
    except Exception as exc:  # the run records the failure; the worker logs the traceback
        run.status, run.error = RunStatus.FAILED, f"{type(exc).__name__}: {exc}"
        raise
    finally:
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "values_written", "error", "finished_at"])
    return run


@transaction.atomic
def _write_computed(run, rows, year) -> int:
    indicators = {i.code: i for i in Indicator.objects.filter(computed=True)}
    IndicatorValue.objects.filter(indicator__in=indicators.values(), period=str(year)).delete()
    source = f"lifelong, herberekening #{run.pk} ({timezone.now():%Y-%m-%d %H:%M})"
    objs = [IndicatorValue(indicator=indicators[r["code"]], geo="BE2", sex="T", age="",
                           dimension=r["dimension"], category=r["category"],
                           breakdown="total" if r["dimension"] == "total" else f"{r['dimension']}: {r['category']}",
                           period=str(year), year=year, value=r["value"], n=r["n"],
                           is_suppressed=r["is_suppressed"], source=source, run=run)
            for r in rows if r["code"] in indicators]
    IndicatorValue.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def recompute_now(*, actor=None, year: int | None = None) -> ComputationRun:
    """Compute in this process (demo seed, tests, the command line)."""
    run = ComputationRun.objects.create(requested_by=actor, period=str(year or timezone.localdate().year))
    return run_computation(run)
