"""Reads for the analyst page and the API: rising and falling competences, a competence's trend."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count
from django.db.models.functions import TruncMonth

from lifelong.taxonomy import selectors as taxonomy_selectors
from lifelong.taxonomy.models import LocalLabel
from lifelong.web.charts import render_svg, trend_spec

from .models import ProcessingRun, Vacancy, VacancySkill, VacancyState

WINDOW = 3  # months: the last WINDOW months against the WINDOW before
MIN_ADS = 3  # a competence needs this many ads over both windows to be ranked


@dataclass
class Trend:
    uri: str
    label: LocalLabel
    recent: int  # ads in the last window
    previous: int  # ads in the window before
    recent_share: float  # % of the window's ads
    previous_share: float

    @property
    def change(self) -> float:
        """Change in percentage points of the share of ads that ask for the competence."""
        return round(self.recent_share - self.previous_share, 2)


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _shift(month: str, delta: int) -> str:
    y, m = map(int, month.split("-"))
    total = y * 12 + (m - 1) + delta
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def counted_ads(province: str = "", sector: str = ""):
    """First copies that were processed, optionally in one province and sector."""
    qs = Vacancy.objects.filter(duplicate_of__isnull=True, state=VacancyState.PROCESSED)
    if province:
        qs = qs.filter(province=province)
    if sector:
        qs = qs.filter(nace_section=sector)
    return qs


def labels_by_uri(uris, language: str) -> dict[str, LocalLabel]:
    """Every URI with a label: ESCO's, or the URI itself (marked as not translated) when ESCO lacks it."""
    uris = list(uris)
    known = taxonomy_selectors.labels_by_uri(uris, language)
    return {u: known.get(u, LocalLabel(u, "en", True)) for u in uris}


def last_month(province: str = "", sector: str = "") -> str | None:
    latest = counted_ads(province, sector).order_by("-posted_on").values_list("posted_on", flat=True).first()
    return _month(latest) if latest else None


def trends(*, province: str = "", sector: str = "", language: str = "nl", limit: int = 15) -> dict:
    """Rising and falling competences: the share of ads that ask for a competence in the last
    ``WINDOW`` months with data against the ``WINDOW`` months before (percentage points)."""
    end = last_month(province, sector)
    empty = {"rising": [], "falling": [], "windows": None, "ads": (0, 0)}
    if end is None:
        return empty
    recent_from, previous_from = _shift(end, -(WINDOW - 1)), _shift(end, -(2 * WINDOW - 1))
    ads = counted_ads(province, sector).filter(posted_on__gte=date.fromisoformat(f"{previous_from}-01"))
    per_month = {_month(r["m"]): r["n"] for r in ads.annotate(m=TruncMonth("posted_on")).values("m")
                 .annotate(n=Count("id"))}
    n_recent = sum(n for m, n in per_month.items() if m >= recent_from)
    n_previous = sum(n for m, n in per_month.items() if m < recent_from)
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in (VacancySkill.objects.filter(vacancy__in=ads).annotate(m=TruncMonth("vacancy__posted_on"))
                .values("uri", "m").annotate(n=Count("id"))):
        counts[row["uri"]]["recent" if _month(row["m"]) >= recent_from else "previous"] += row["n"]
    rows = [(uri, c["recent"], c["previous"]) for uri, c in counts.items() if c["recent"] + c["previous"] >= MIN_ADS]
    labels = labels_by_uri([u for u, _r, _p in rows], language)
    items = [Trend(uri, labels[uri], r, p, round(100 * r / max(n_recent, 1), 2), round(100 * p / max(n_previous, 1), 2))
             for uri, r, p in rows]
    rising = sorted((t for t in items if t.change > 0), key=lambda t: (-t.change, t.uri))[:limit]
    falling = sorted((t for t in items if t.change < 0), key=lambda t: (t.change, t.uri))[:limit]
    windows = {"recent": (recent_from, end), "previous": (previous_from, _shift(recent_from, -1))}
    return {"rising": rising, "falling": falling, "windows": windows, "ads": (n_recent, n_previous)}


def skill_series(uri: str, *, province: str = "", sector: str = "") -> list[dict]:
    """Per month with processed ads: the ads, those asking for the competence, and their share (%)."""
    ads = counted_ads(province, sector)
    totals = {_month(r["m"]): r["n"] for r in ads.annotate(m=TruncMonth("posted_on")).values("m").annotate(n=Count("id"))}
    hits = {_month(r["m"]): r["n"] for r in VacancySkill.objects.filter(vacancy__in=ads, uri=uri)
            .annotate(m=TruncMonth("vacancy__posted_on")).values("m").annotate(n=Count("id"))}
    return [{"period": m, "ads": totals[m], "value": hits.get(m, 0),
             "share": round(100 * hits.get(m, 0) / totals[m], 1)} for m in sorted(totals)]


def trend_chart(uri: str, label: str, series: list[dict]) -> dict:
    """The dashboard's chart spec and its inline SVG (x: the month as a fractional year)."""
    points = [{"series": label, "year": int(p["period"][:4]) + (int(p["period"][5:]) - 1) / 12, "value": p["value"],
               "segment": 0, "flag": p["period"]} for p in series]
    spec = trend_spec(title=f"Vacatures die vragen naar: {label}",
                      description=f"Aantal vacatures per maand dat {label} vraagt ({len(series)} maanden; de tabel "
                                  "eronder geeft dezelfde cijfers).",
                      points=points, breaks=[], targets=[], y_title="vacatures per maand")
    return {"spec": spec, "svg": render_svg(spec, chart_id="skill-chart")}


def latest_run() -> ProcessingRun | None:
    return ProcessingRun.objects.first()


def status_counts() -> dict[str, int]:
    rows = dict(Vacancy.objects.values("state").annotate(n=Count("id")).values_list("state", "n"))
    return {s: rows.get(s, 0) for s in VacancyState.values}
