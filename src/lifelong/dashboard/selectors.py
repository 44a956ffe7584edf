"""Every non-trivial read of the dashboard. Views render these; exports write the same tables."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from lifelong import numbers
from lifelong.accounts.models import AccountKind, Booking, BookingStatus, LedgerEntry, TxKind
from lifelong.actionplan.models import (
    Action,
    ActionStream,
    Barrier,
    BarrierActor,
    BudgetLine,
    Level,
    TargetGroup,
)
from lifelong.casework.selectors import referral_chain
from lifelong.people.models import CompetenceCheck, DevelopmentPlan, Person
from lifelong.reference import NACE_SECTIONS, PROVINCES, FirmSize
from lifelong.web import charts

from . import engine
from .models import ComputationRun, Indicator, IndicatorValue, Measure, Target

FACTS = ("birth_year", "sex", "education_level", "labour_status", "province", "employer__size_class", "sector")
CELL_KEYS = ("birth_year", "sex", "education_level", "labour_status", "province", "size_class", "sector")


@dataclass
class Table:
    """A view's data as one table: what the page shows, and what CSV/XLSX exports write."""
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    params: dict = field(default_factory=dict)
    caption: str = ""


# --- platform cells (input of the computed indicators) ---------------------------------------


def platform_cells(*, year: int, progress=lambda step: None) -> list[dict]:
    """Persons grouped by their facts, with bookings and ledger sums of the year, one dict per cell."""
    cells: dict[tuple, dict] = {}

    def cell(key):
        if key not in cells:
            cells[key] = dict(zip(CELL_KEYS, key, strict=True))
        return cells[key]

    for row in Person.objects.values(*FACTS).annotate(n=Count("id")).order_by():
        cell(tuple(row[f] for f in FACTS))["persons"] = row["n"]
    progress(_("personen geteld"))
    pf = tuple(f"person__{f}" for f in FACTS)
    bookings = (Booking.objects.exclude(status=BookingStatus.CANCELLED).filter(created_at__year=year)
                .values(*pf).annotate(b=Count("id"), p=Count("person", distinct=True)).order_by())
    for row in bookings:
        c = cell(tuple(row[f] for f in pf))
        c["bookings"], c["participants"] = row["b"], row["p"]
    funnel = {
        "checked": CompetenceCheck.objects.filter(completed_at__year=year),
        "planned": DevelopmentPlan.objects.filter(created_at__year=year),
        "completed": Booking.objects.filter(status=BookingStatus.CONFIRMED, created_at__year=year),
    }
    for metric, qs in funnel.items():
        for row in qs.values(*pf).annotate(p=Count("person", distinct=True)).order_by():
            cell(tuple(row[f] for f in pf))[metric] = row["p"]
    for row in referral_chain(year, FACTS):
        c = cell(row[:len(FACTS)])
        accepted, checked, planned, booked = row[len(FACTS):]
        for metric, flag in (("referred", True), ("referral_accepted", accepted),
                             ("referral_stepped", checked or planned or booked), ("referral_booked", booked)):
            c[metric] = c.get(metric, 0) + int(bool(flag))
    progress(_("inschrijvingen, checks, plannen en doorverwijzingen geteld"))
    af = tuple(f"account__person__{f}" for f in FACTS)
    ledger = (LedgerEntry.objects.filter(account__person__isnull=False, transaction__created_at__year=year)
              .filter(Q(transaction__kind=TxKind.ACCRUE, account__kind=AccountKind.AVAILABLE)
                      | Q(transaction__kind=TxKind.CONSUME, account__kind=AccountKind.CONSUMED))
              .values(*af, "transaction__kind", "account__scheme__unit").annotate(s=Sum("amount")).order_by())
    for row in ledger:
        c = cell(tuple(row[f] for f in af))
        what = "accrued" if row["transaction__kind"] == TxKind.ACCRUE else "used"
        unit = "cents" if row["account__scheme__unit"] == "cents" else "minutes"
        c[f"{what}_{unit}"] = c.get(f"{what}_{unit}", 0) + int(row["s"] or 0)
    progress(_("rechten opgeteld"))
    return [c for c in cells.values() if c.get("birth_year") is not None]


def provider_cells(*, year: int) -> list[dict]:
    """Bookings (not cancelled) and persons whose attendance was confirmed, per provider, in the year."""
    rows = (Booking.objects.exclude(status=BookingStatus.CANCELLED).filter(created_at__year=year,
                                                                           provider__isnull=False)
            .values("provider__name")
            .annotate(bookings=Count("id"),
                      completed=Count("person", distinct=True, filter=Q(status=BookingStatus.CONFIRMED)))
            .order_by())
    return [{"provider": r["provider__name"], "bookings": r["bookings"], "completed": r["completed"]} for r in rows]


# --- the matrix -------------------------------------------------------------------------------


def coverage_class(n: int) -> str:
    return f"cov-{min(n, 3)}"


def matrix_streams() -> Table:
    """Actions per action stream × level (an action counts in every level it acts on)."""
    levels = list(Level.objects.all())
    counts = defaultdict(int)
    for stream_id, level_id in Action.objects.values_list("flagship__stream_id", "levels__id"):
        if level_id is not None:
            counts[(stream_id, level_id)] += 1
    table = Table(_("Acties per actiestroom en niveau"), [_("actiestroom")] + [str(lv) for lv in levels],
                  caption=_("Aantal acties per cel; 0 = geen actie."))
    for stream in ActionStream.objects.all():
        table.rows.append([str(stream)] + [counts[(stream.pk, lv.pk)] for lv in levels])
    return table


def matrix_barriers() -> Table:
    """Actions per barrier × level: where no action acts."""
    levels = list(Level.objects.all())
    counts = defaultdict(int)
    for barrier_id, level_id in Action.objects.values_list("barriers__id", "levels__id"):
        if barrier_id is not None and level_id is not None:
            counts[(barrier_id, level_id)] += 1
    totals = dict(Barrier.objects.annotate(n=Count("actions")).values_list("id", "n"))
    actor_label = dict(BarrierActor.choices)
    table = Table(_("Acties per drempel en niveau"),
                  [_("drempel"), _("bij wie"), _("acties in totaal")] + [str(lv) for lv in levels],
                  caption=_("Aantal acties dat op een drempel werkt, per niveau; 0 = geen actie."))
    for b in Barrier.objects.all():
        table.rows.append([b.localized("name"), str(actor_label.get(b.actor, b.actor)), totals.get(b.pk, 0)]
                          + [counts[(b.pk, lv.pk)] for lv in levels])
    return table


def uncovered_barriers() -> list[Barrier]:
    return list(Barrier.objects.annotate(n=Count("actions")).filter(n=0))


# --- macro --------------------------------------------------------------------------------------


MACRO_MEASURES = {"lfs_12m": ["lfs_12m", "aes_12m", "aes_12m_excl_gojt"], "lfs_4w": ["lfs_4w"]}
MACRO_GEOS = ["BE2", "BE", "EU27_2020"]
def names() -> dict[str, str]:
    """Area, sex and measure names in the reader's language (the engine's names are Dutch)."""
    return {"BE": _("België"), "BE1": _("Brussels Hoofdstedelijk Gewest"), "BE2": _("Vlaams Gewest"),
            "BE3": _("Waals Gewest"), "BE21": _("Antwerpen"), "BE22": _("Limburg"), "BE23": _("Oost-Vlaanderen"),
            "BE24": _("Vlaams-Brabant"), "BE25": _("West-Vlaanderen"), "T": _("totaal"), "F": _("vrouwen"),
            "M": _("mannen"), "lfs_4w": _("EAK 4 weken"), "lfs_12m": _("EAK 12 maanden"),
            "aes_12m": _("AES 12 maanden"), "aes_12m_excl_gojt": _("AES 12 m. (EU-doel)")}


def series_points(indicator_codes: list[str], geos: list[str]) -> list[dict]:
    """Total series (sex T, no breakdown) for these indicators and areas, with break segments."""
    values = (IndicatorValue.objects.filter(indicator__code__in=indicator_codes, geo__in=geos, sex="T",
                                            dimension="total", is_suppressed=False)
              .select_related("indicator").order_by("indicator__code", "geo", "year"))
    by_series = defaultdict(list)
    for v in values:
        by_series[(v.indicator, v.geo)].append(v)
    points, label = [], names()
    for (indicator, geo), vals in by_series.items():
        name = f"{label.get(geo, engine.GEO.get(geo, geo))} · {label.get(indicator.measure, indicator.measure)}"
        segs = engine.segments([(v.year, v.is_break) for v in vals])
        for v, seg in zip(vals, segs, strict=True):
            flag = "b" if v.is_break else ("e" if v.is_estimate else "")
            points.append({"series": name, "indicator": indicator.code, "geo": geo, "year": v.year,
                           "period": v.period, "value": float(v.value), "segment": f"{name} · {seg}",
                           "flag": flag, "source": v.source})
    return points


def macro(measure: str = "lfs_12m", geos: list[str] | None = None) -> dict:
    codes = MACRO_MEASURES.get(measure, MACRO_MEASURES["lfs_12m"])
    geos = [g for g in (geos or MACRO_GEOS) if g in engine.GEO] or MACRO_GEOS
    points = series_points(codes, geos)
    breaks = [{"year": p["year"], "series": p["series"]} for p in points if p["flag"] == "b"]
    targets = list(Target.objects.filter(indicators__code=codes[0], year__isnull=False).distinct())
    merged: dict[tuple, list] = defaultdict(list)
    for t in targets:
        merged[(t.year, float(t.value))].append(t.scope)
    target_marks = [{"label": f"{'/'.join(scopes)} {year}: {numbers.percent(value)}", "year": year, "value": value}
                    for (year, value), scopes in sorted(merged.items())]
    spec = charts.trend_spec(
        title=_("Deelname aan opleiding, 25-64 jaar: %(m)s") % {"m": dict(Measure.choices)[codes[0]]},
        description=_("Lijnen stoppen bij elke breuk in de reeks (streepjeslijn); ruiten zijn doelen. "
                      "De tabel onder de grafiek bevat dezelfde gegevens."),
        points=points, breaks=breaks, targets=target_marks, y_title="%")
    table = Table(_("Deelname per jaar"), [_("reeks"), _("periode"), _("waarde (%)"), _("vlag"), _("bron")],
                  params={"meting": measure, "gebied": ",".join(geos)},
                  caption=_("Vlag b = breuk in de reeks (niet vergelijkbaar met het jaar ervoor), e = schatting."))
    for p in sorted(points, key=lambda p: (p["series"], p["year"])):
        table.rows.append([p["series"], p["period"], p["value"], p["flag"], p["source"]])
    return {"spec": spec, "svg": charts.render_svg(spec, chart_id="macro-chart", empty=_("(geen gegevens)")), "table": table,
            "targets": targets, "growth": growth_table(codes[0], [g for g in geos if g.startswith("BE")] or geos),
            "measure": measure}


def growth_table(code: str, geos: list[str]) -> Table:
    """The yearly growth needed to reach each target of this indicator, per area and group (latest value)."""
    indicator = Indicator.objects.filter(code=code).first()
    table = Table(_("Nodige groei per jaar om het doel te halen"),
                  [_("groep"), _("laatste waarde"), _("jaar"), _("doel"), _("doeljaar"),
                   _("nodig (procentpunt per jaar)"), _("nodig (% per jaar)"), _("trend sinds laatste breuk"),
                   _("op koers?")],
                  params={"indicator": code, "gebied": ",".join(geos)},
                  caption=_("Trend gemeten sinds de laatste breuk in de reeks, nooit over een breuk heen. "
                            "Een groep met één meting heeft geen trend."))
    if indicator is None:
        return table
    series = defaultdict(list)
    for v in indicator.values.filter(geo__in=geos, is_suppressed=False).order_by("year"):
        if v.dimension == "total" and v.sex == "T":
            group = _("totaal")
        elif v.dimension == "total":
            group = names().get(v.sex, v.sex)
        else:
            group = v.breakdown
        series[(geos.index(v.geo), names().get(v.geo, engine.GEO.get(v.geo, v.geo)), group)].append((v.year, float(v.value), v.is_break))
    for target in indicator.targets.filter(year__isnull=False):
        for (_order, area, group), pts in sorted(series.items()):
            g = engine.growth_needed(pts, float(target.value), target.year)
            if g is None:
                continue
            on_track = {True: _("ja"), False: _("nee"), None: _("onbekend")}[g.on_track]
            table.rows.append([
                f"{area} · {group}", g.from_value, g.from_year, f"{target.scope}: {numbers.percent(target.value)}", target.year,
                None if g.pp_per_year is None else round(g.pp_per_year, 2),
                None if g.pct_per_year is None else round(100 * g.pct_per_year, 1),
                None if g.trend_pp_per_year is None else round(g.trend_pp_per_year, 2),
                _("bereikt") if g.reached else on_track])
    return table


# --- resources → uptake per action ------------------------------------------------------------


def resources(year: int | None = None) -> Table:
    lines = BudgetLine.objects.select_related("action")
    if year:
        lines = lines.filter(year=year)
    by_action = defaultdict(lambda: [0, 0, 0])
    for line in lines:
        acc = by_action[line.action_id]
        acc[0] += line.planned_cents
        acc[1] += line.committed_cents
        acc[2] += line.spent_cents
    table = Table(_("Middelen en gebruik per actie"),
                  [_("actie"), _("gepland (€)"), _("vastgelegd (€)"), _("uitgegeven (€)"), _("resultaatsindicator"),
                   _("laatste waarde"), _("periode"), _("kost per deelnemer (€)"),
                   _("kost per deelnemer uit een prioritaire groep (€)")],
                  params={"jaar": year or _("alle")},
                  caption=_("Bedragen in euro; kleine aantallen (minder dan 10) worden niet getoond."))
    actions = Action.objects.prefetch_related("indicators").select_related("flagship")
    for action in actions:
        money = by_action.get(action.pk)
        indicators = list(action.indicators.all())
        if money is None and not indicators:
            continue
        planned, committed, spent = [Decimal(x) / 100 for x in (money or (0, 0, 0))]
        participants, priority = _participants(action)
        for i, indicator in enumerate(indicators or [None]):
            latest = _latest(indicator) if indicator else None
            row = [str(action) if i == 0 else "", planned if i == 0 and money else None,
                   committed if i == 0 and money else None, spent if i == 0 and money else None,
                   indicator.localized("name") if indicator else _("(geen indicator gekoppeld)"),
                   _shown(latest), latest.period if latest else "",
                   round(spent / participants, 2) if i == 0 and money and participants else None,
                   round(spent / priority, 2) if i == 0 and money and priority else None]
            table.rows.append(row)
    return table


def _latest(indicator):
    return (indicator.values.filter(dimension="total", sex="T", geo="BE2").order_by("-year").first()
            or indicator.values.filter(dimension="total").order_by("-year").first())


def _shown(value):
    if value is None:
        return None
    return _("< 10 (onderdrukt)") if value.is_suppressed else value.value


def _participants(action) -> tuple[int | None, int | None]:
    """Participants (bookings) counted by the platform for an action linked to the bookings indicator."""
    if not action.indicators.filter(code="platform_bookings").exists():
        return None, None
    vals = IndicatorValue.objects.filter(indicator__code="platform_bookings", is_suppressed=False)
    latest = vals.filter(dimension="total").order_by("-year").first()
    if latest is None:
        return None, None
    prio_codes = list(action.target_groups.filter(under_represented=True).values_list("code", flat=True)) or \
        ["kortgeschoolden", "ouderen", "kmos"]
    prio = vals.filter(dimension="target_group", category__in=prio_codes, year=latest.year).aggregate(
        s=Sum("value"))["s"]
    total = int(latest.value) or None
    return total, (int(prio) if prio else None)


# --- platform (computed) and public --------------------------------------------------------


def platform_table(code: str = "platform_participation", dimension: str = "target_group") -> Table:
    indicator = Indicator.objects.filter(code=code, computed=True).first()
    table = Table(_("Berekend uit het platform"), [_("uitsplitsing"), _("categorie"), _("periode"), _("waarde"),
                                                    _("aantal personen"), _("bron")],
                  params={"indicator": code, "uitsplitsing": dimension},
                  caption=_("Cellen met minder dan 10 personen worden onderdrukt."))
    if indicator is None:
        return table
    label = _category_labels(dimension)
    for v in indicator.values.filter(dimension__in=["total", dimension]).order_by("dimension", "category", "year"):
        table.rows.append([dimension_label(v.dimension), label.get(v.category, v.category), v.period, _shown(v), v.n,
                           v.source])
    return table


FUNNEL_CODES = ("platform_persons", "platform_funnel_checked", "platform_funnel_planned", "platform_funnel_booked",
                "platform_funnel_completed")
DIMENSION_LABELS = {"total": N_("totaal"), "target_group": N_("doelgroep"), "education": N_("onderwijsniveau"),
                    "labour_status": N_("arbeidsmarktpositie"), "age": N_("leeftijd"), "sex": N_("geslacht"),
                    "province": N_("provincie"), "firm_size": N_("grootte van de werkgever"), "sector": N_("sector"),
                    "provider": N_("aanbieder")}


def _category_labels(dimension: str) -> dict[str, str]:
    """Categories are stored by code (target group, BE21, C, low, …); shown by their name in the reader's
    language."""

    if dimension == "target_group":
        return {g.code: g.localized("name") for g in TargetGroup.objects.all()}
    if dimension == "province":
        return {code: p["name"] for code, p in PROVINCES.items()}
    if dimension == "sector":
        return dict(NACE_SECTIONS)
    if dimension == "firm_size":
        return {code: str(name) for code, name in FirmSize.CHOICES}
    if dimension in ("sex", "education_level", "education", "labour_status"):
        field = Person._meta.get_field("education_level" if dimension == "education" else dimension)
        return {code: str(name) for code, name in field.choices}
    return {}


def dimension_label(dimension: str) -> str:
    """A disaggregation in words ("target_group" → "doelgroep")."""
    return _(DIMENSION_LABELS[dimension]) if dimension in DIMENSION_LABELS else dimension


def _computed_grid(codes, dimension: str, year: int | None):
    """{category: {code: shown value}} of computed values for one disaggregation (plus the total), and the
    year shown (the newest computed year when none is asked)."""
    values = IndicatorValue.objects.filter(indicator__code__in=codes, dimension__in=["total", dimension])
    if year is None:
        year = values.order_by("-year").values_list("year", flat=True).first()
    grid: dict[str, dict] = {}
    label = _category_labels(dimension)
    for v in values.filter(year=year).select_related("indicator").order_by("dimension", "category"):
        key = _("totaal") if v.dimension == "total" else label.get(v.category, v.category)
        grid.setdefault(key, {})[v.indicator.code] = None if v.is_suppressed else v.value
    return grid, year


def _funnel_table(codes, steps, dimension: str, year: int | None, title: str, caption: str) -> Table:
    """Persons at each step (``codes``, named by ``steps``: (code, label) pairs) per category, with the share
    that went on from the step before; what ``_computed_grid`` suppressed stays empty."""
    grid, year = _computed_grid(codes, dimension, year)
    names = [_(label) for _code, label in steps]
    columns = [_(DIMENSION_LABELS.get(dimension, dimension)), names[0]]
    for step in names[1:]:
        columns += [step, _("% van de stap ervoor")]
    table = Table(title, columns, params={"uitsplitsing": dimension, "jaar": year or "—"}, caption=caption)
    for category, row in grid.items():
        counts = [row.get(code) for code in codes]
        out = [category, counts[0]]
        for before, now in zip(counts, counts[1:], strict=False):
            share = round(100 * float(now) / float(before), 1) if now is not None and before else None
            out += [now, share]
        table.rows.append(out)
    return table


def funnel(dimension: str = "target_group", year: int | None = None) -> Table:
    """The learner funnel (micro view): persons at each step of check → POP → booking → completion, per
    category, with the share that went on from the step before. Small cells (n < 10) are suppressed."""
    return _funnel_table(FUNNEL_CODES, engine.FUNNEL, dimension, year,
                         _("Het leerpad: van check tot gevolgde opleiding"),
                         _("Personen per stap in het jaar; leeg = minder dan 10 personen (onderdrukt)."))


REFERRAL_FUNNEL_CODES = tuple(engine.REFERRAL_CODES[metric] for metric, _label in engine.REFERRAL_FUNNEL)


def referral_funnel(dimension: str = "target_group", year: int | None = None) -> Table:
    """The referral chain (issue 14.4): persons referred by a bridge figure or counsellor → referral accepted →
    a first step after it → a booking after it, per category, with the share that went on. n < 10 suppressed."""
    return _funnel_table(REFERRAL_FUNNEL_CODES, engine.REFERRAL_FUNNEL, dimension, year,
                         _("De doorverwijzing: van doorverwezen tot inschrijving"),
                         _("Personen die in het jaar doorverwezen werden, en hoe ver ze daarna kwamen; "
                           "leeg = minder dan 10 personen (onderdrukt)."))


MESO_CODES = ("platform_persons", "platform_participation", "platform_bookings", "platform_funnel_completed",
              "platform_rights_used_cents")


def meso(dimension: str = "province", year: int | None = None) -> Table:
    """The meso view: per province, sector, firm size or provider, the platform's uptake figures."""
    grid, year = _computed_grid(MESO_CODES, dimension, year)
    table = Table(_("Per %(what)s") % {"what": _(DIMENSION_LABELS.get(dimension, dimension))},
                  [_(DIMENSION_LABELS.get(dimension, dimension)), _("personen"), _("deelname (%)"),
                   _("inschrijvingen"), _("gevolgd (personen)"), _("rechten gebruikt (€)")],
                  params={"uitsplitsing": dimension, "jaar": year or "—"},
                  caption=_("Berekend uit het platform; leeg = minder dan 10 (onderdrukt)."))
    for category, row in grid.items():
        used = row.get("platform_rights_used_cents")
        table.rows.append([category, row.get("platform_persons"), row.get("platform_participation"),
                           row.get("platform_bookings"), row.get("platform_funnel_completed"),
                           round(Decimal(used) / 100, 2) if used is not None else None])
    return table


def latest_run() -> ComputationRun | None:
    return ComputationRun.objects.first()


def headline() -> list[dict]:
    out = []
    for indicator in Indicator.objects.filter(headline=True).prefetch_related("targets"):
        latest = _latest(indicator)
        out.append({"indicator": indicator, "latest": latest, "shown": _shown(latest),
                    "targets": [t for t in indicator.targets.all() if t.year]})
    return out


def headline_table() -> Table:
    table = Table(_("Kernindicatoren"), [_("indicator"), _("meetdefinitie"), _("laatste waarde"), _("eenheid"),
                                         _("periode"), _("breuk"), _("doelen"), _("bron")])
    for h in headline():
        latest, ind = h["latest"], h["indicator"]
        table.rows.append([ind.localized("name"), ind.get_measure_display(), h["shown"], ind.get_unit_display(),
                           latest.period if latest else "", _("ja") if latest and latest.is_break else "",
                           "; ".join(f"{t.scope} {t.year}: {numbers.percent(t.value)} ({t.measure_definition})"
                                     for t in h["targets"]), latest.source if latest else ""])
    return table
