"""Pure computation for the dashboard (no Django import): validation of imported records,
series segments at breaks, the growth needed to reach a target, computed indicators with
small-cell suppression. Runs unchanged in a worker, a benchmark or a notebook.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from lifelong.texts import Msg, gettext_noop

SMALL_CELL = 10  # cells with fewer than 10 persons are never shown

GEO = {
    "BE": "België", "BE1": "Brussels Hoofdstedelijk Gewest", "BE2": "Vlaams Gewest", "BE3": "Waals Gewest",
    "BE21": "Antwerpen", "BE22": "Limburg", "BE23": "Oost-Vlaanderen", "BE24": "Vlaams-Brabant",
    "BE25": "West-Vlaanderen", "EU27_2020": "EU-27 (2020)", "EU28": "EU-28",
}
SEXES = {"T": "totaal", "F": "vrouwen", "M": "mannen"}
FLAGS = {"b": "break", "e": "estimate", "u": "unreliable"}
# breakdown prefixes in the source files → dimension code
DIMENSIONS = {
    "education": "education", "status": "labour_status", "firm size": "firm_size", "age": "age",
    "sex": "sex", "province": "province", "sector": "sector", "target group": "target_group",
}
UNITS = {"pct", "persons", "hours", "cheques", "applications", "EUR", "cents", "minutes", "count", "days"}
PERIOD_YEAR = re.compile(r"^(\d{4})$")
PERIOD_SCHOOL = re.compile(r"^(\d{4})-(\d{4})$")


@dataclass
class Checked:
    """One validated record, or the reasons it was refused (all of them, not only the first)."""

    line: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_period(text: str) -> int | None:
    """End year of a period 'YYYY' or a school year 'YYYY-YYYY' (consecutive years), else None."""
    text = (text or "").strip()
    if m := PERIOD_YEAR.match(text):
        year = int(m.group(1))
    elif (m := PERIOD_SCHOOL.match(text)) and int(m.group(2)) == int(m.group(1)) + 1:
        year = int(m.group(2))
    else:
        return None
    return year if 1990 <= year <= 2100 else None


def parse_breakdown(text: str) -> tuple[str, str] | None:
    text = (text or "").strip()
    if text == "total":
        return "total", ""
    for prefix, dim in sorted(DIMENSIONS.items(), key=lambda kv: -len(kv[0])):
        if text.startswith(prefix + ":") or text.startswith(prefix + " "):
            category = text[len(prefix):].lstrip(": ").strip()
            if category:
                return dim, category
    return None


def parse_number(text: str) -> Decimal | None:
    text = (text or "").strip()
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def check_series_row(line: int, row: dict, indicators: dict[str, str]) -> Checked:
    """Validate one row of indicator_series.csv; ``indicators`` maps code → unit."""
    c = Checked(line)
    code = (row.get("series_id") or "").strip()
    unit = (row.get("unit") or "").strip()
    if code not in indicators:
        c.errors.append(Msg(gettext_noop("onbekende indicator '%(v)s'"), v=code))
    elif unit != indicators[code]:
        c.errors.append(Msg(gettext_noop("eenheid '%(unit)s' past niet bij indicator %(code)s (verwacht '%(want)s'); "
                                         "er wordt niets omgerekend"), unit=unit, code=code, want=indicators[code]))
    geo = (row.get("geo") or "").strip()
    if geo not in GEO:
        c.errors.append(Msg(gettext_noop("onbekende gebiedscode '%(v)s'"), v=geo))
    sex = (row.get("sex") or "").strip()
    if sex not in SEXES:
        c.errors.append(Msg(gettext_noop("onbekende code voor geslacht '%(v)s' (T, F of M)"), v=sex))
    period = (row.get("period") or "").strip()
    year = parse_period(period)
    if year is None:
        c.errors.append(Msg(gettext_noop("ongeldige periode '%(v)s' (JJJJ of schooljaar JJJJ-JJJJ)"), v=period))
    breakdown = (row.get("breakdown") or "").strip()
    parsed = parse_breakdown(breakdown)
    if parsed is None:
        c.errors.append(Msg(gettext_noop("onbekende uitsplitsing '%(v)s'"), v=breakdown))
    raw = row.get("value") or ""
    value = parse_number(raw)
    if value is None:
        c.errors.append(Msg(gettext_noop("waarde '%(v)s' is geen getal (decimaalpunt, geen duizendtallen)"), v=raw))
    elif value < 0:
        c.errors.append(Msg(gettext_noop("negatieve waarde %(v)s"), v=value))
    elif unit == "pct" and value > 100:
        c.errors.append(Msg(gettext_noop("percentage %(v)s ligt boven 100"), v=value))
    flag = (row.get("flag") or "").strip()
    if any(ch not in FLAGS for ch in flag):
        c.errors.append(Msg(gettext_noop("onbekende vlag '%(v)s' (b = breuk, e = schatting, u = onbetrouwbaar)"), v=flag))
    source = (row.get("source") or "").strip()
    if not source:
        c.errors.append(Msg(gettext_noop("geen bron")))
    if c.ok:
        dim, category = parsed
        c.values = {"code": code, "geo": geo, "sex": sex, "age": (row.get("age") or "").strip(),
                    "breakdown": breakdown, "dimension": dim, "category": category, "period": period, "year": year,
                    "value": value, "is_break": "b" in flag, "is_estimate": "e" in flag,
                    "is_unreliable": "u" in flag, "source": source[:500], "note": (row.get("note") or "").strip()}
    return c


def check_target_row(line: int, row: dict) -> Checked:
    c = Checked(line)
    code = (row.get("target_id") or "").strip()
    if not re.fullmatch(r"[a-z0-9_-]+", code):
        c.errors.append(f"ongeldige code '{code}'")
    definition = (row.get("measure") or "").strip()
    if not definition:
        c.errors.append("een doel zonder meetdefinitie wordt niet opgenomen")
    raw = (row.get("target_value") or "").strip()
    value = parse_number(raw)
    if value is None:
        c.errors.append(f"geen geldige doelwaarde ('{raw}'); status: {(row.get('status') or '').strip()[:80]}")
    unit = (row.get("unit") or "").strip()
    if unit not in UNITS:
        c.errors.append(f"onbekende eenheid '{unit}'")
    elif unit == "pct" and value is not None and not 0 <= value <= 100:
        c.errors.append(f"percentage {value} buiten 0-100")
    year_raw = (row.get("target_year") or "").strip()
    year = None
    if year_raw:
        year = int(year_raw) if year_raw.isdigit() and 1990 <= int(year_raw) <= 2100 else None
        if year is None:
            c.errors.append(f"ongeldig doeljaar '{year_raw}'")
    source = (row.get("source") or "").strip()
    if not source:
        c.errors.append("geen bron")
    if c.ok:
        c.values = {"code": code, "scope": (row.get("scope") or "").strip(),
                    "description": (row.get("indicator") or "").strip(), "measure_definition": definition,
                    "age": (row.get("age") or "").strip(), "value": value, "unit": unit, "year": year,
                    "status": (row.get("status") or "").strip()[:300], "source": source[:500],
                    "note": (row.get("note") or "").strip()}
    return c


# --- series and targets ---------------------------------------------------------------------


def segments(points: Iterable[tuple[int, bool]]) -> list[int]:
    """Segment number per point (sorted by year): a break starts a new segment, so no line spans it."""
    out, seg = [], 0
    for i, (_year, is_break) in enumerate(points):
        if is_break and i > 0:
            seg += 1
        out.append(seg)
    return out


@dataclass(frozen=True)
class Growth:
    from_value: float
    from_year: int
    target: float
    target_year: int
    pp_per_year: float | None  # percentage points (or units) per year needed
    pct_per_year: float | None  # relative growth per year needed
    trend_pp_per_year: float | None  # observed since the last break, None if fewer than 2 points
    reached: bool

    @property
    def on_track(self) -> bool | None:
        if self.reached:
            return True
        if self.trend_pp_per_year is None or self.pp_per_year is None:
            return None
        return self.trend_pp_per_year >= self.pp_per_year


def growth_needed(series: list[tuple[int, float, bool]], target: float, target_year: int) -> Growth | None:
    """From the latest value of a series [(year, value, is_break)], the yearly growth that reaches the target.

    The observed trend uses only the points since the last break (never across a break).
    """
    pts = sorted((y, float(v), b) for y, v, b in series if v is not None)
    if not pts:
        return None
    last_year, last_value, _b = pts[-1]
    years = target_year - last_year
    reached = last_value >= target
    pp = pct = None
    if years > 0:
        pp = (target - last_value) / years
        pct = (target / last_value) ** (1 / years) - 1 if last_value > 0 else None
    seg = segments([(y, b) for y, _v, b in pts])
    tail = [p for p, s in zip(pts, seg, strict=True) if s == seg[-1]]
    trend = None
    if len(tail) >= 2 and tail[-1][0] > tail[0][0]:
        trend = (tail[-1][1] - tail[0][1]) / (tail[-1][0] - tail[0][0])
    return Growth(last_value, last_year, target, target_year, pp, pct, trend, reached)


# --- computed indicators from the platform's own data ----------------------------------------

AGE_BANDS = [(0, 24, "<25"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54"), (55, 64, "55-64"),
             (65, 200, "65+")]
METRICS = ("persons", "participants", "bookings", "accrued_cents", "used_cents", "accrued_minutes",
           "used_minutes", "checked", "planned", "completed", "referred", "referral_accepted", "referral_stepped",
           "referral_booked")
# The learner funnel (micro view): persons at each step in the year, in this order.
# The labels are Dutch msgids (the dashboard translates them; the engine has no Django import).
FUNNEL = (("persons", gettext_noop("personen op het platform")),
          ("checked", gettext_noop("deden een competentiecheck")),
          ("planned", gettext_noop("maakten een ontwikkelplan (POP)")),
          ("participants", gettext_noop("schreven zich in voor een opleiding")),
          ("completed", gettext_noop("volgden de opleiding (aanwezigheid bevestigd)")))


# The referral chain (issue 14.4): persons referred by a bridge figure or counsellor in the year, and how far
# they went after their first referral of the year.
REFERRAL_FUNNEL = (("referred", gettext_noop("werden doorverwezen")),
                   ("referral_accepted", gettext_noop("doorverwijzing aanvaard")),
                   ("referral_stepped", gettext_noop("zetten daarna een eerste stap (check, plan of inschrijving)")),
                   ("referral_booked", gettext_noop("schreven zich daarna in voor een opleiding")))
REFERRAL_CODES = {"referred": "platform_referral_made", "referral_accepted": "platform_referral_accepted",
                  "referral_stepped": "platform_referral_step", "referral_booked": "platform_referral_booked"}


def age_band(age: int) -> str:
    return next(label for lo, hi, label in AGE_BANDS if lo <= age <= hi)


def in_group(rule: dict, cell: dict, year: int) -> bool:
    """Does a facts cell belong to a target group? An empty rule matches nothing (cannot be computed)."""
    if not rule:
        return False
    age = year - cell["birth_year"]
    checks = {
        "education_level": lambda v: cell["education_level"] in v,
        "labour_status": lambda v: cell["labour_status"] in v,
        "age_min": lambda v: age >= v,
        "age_max": lambda v: age <= v,
        "firm_size": lambda v: cell.get("size_class") in v,
        "sector": lambda v: cell.get("sector") in v,
    }
    return all(checks[k](v) if k in checks else False for k, v in rule.items())


def compute_platform_values(cells: list[dict], groups: dict[str, dict], year: int) -> list[dict]:
    """From cells of person facts with summed metrics, the values per disaggregation.

    ``cells``: dicts of facts (birth_year, sex, education_level, labour_status, province, size_class,
    sector) and METRICS. ``groups``: target-group code → rule. Every cell with fewer than SMALL_CELL persons,
    or a count below SMALL_CELL, is suppressed (value None).
    """
    totals: dict[tuple[str, str], dict] = defaultdict(lambda: dict.fromkeys(METRICS, 0))

    def add(key, cell):
        acc = totals[key]
        for m in METRICS:
            acc[m] += cell.get(m, 0) or 0

    for cell in cells:
        add(("total", ""), cell)
        add(("sex", cell["sex"]), cell)
        add(("education", cell["education_level"]), cell)
        add(("labour_status", cell["labour_status"]), cell)
        add(("province", cell["province"]), cell)
        add(("age", age_band(year - cell["birth_year"])), cell)
        if cell.get("size_class"):
            add(("firm_size", cell["size_class"]), cell)
        if cell.get("sector"):
            add(("sector", cell["sector"]), cell)
        for code, rule in groups.items():
            if in_group(rule, cell, year):
                add(("target_group", code), cell)
    out = []
    for (dim, cat), acc in sorted(totals.items()):
        n = acc["persons"]
        small = n < SMALL_CELL

        def row(code, value, count_small=False, *, _dim=dim, _cat=cat, _n=n, _small=small):
            hidden = _small or count_small
            return {"code": code, "dimension": _dim, "category": _cat, "value": None if hidden else value,
                    "n": None if hidden else _n, "is_suppressed": hidden}

        out += [
            row("platform_rights_accrued_cents", acc["accrued_cents"]),
            row("platform_rights_used_cents", acc["used_cents"]),
            row("platform_rights_accrued_minutes", acc["accrued_minutes"]),
            row("platform_rights_used_minutes", acc["used_minutes"]),
            row("platform_bookings", acc["bookings"], 0 < acc["bookings"] < SMALL_CELL),
            row("platform_participation", round(100 * acc["participants"] / n, 2) if n else 0,
                0 < acc["participants"] < SMALL_CELL),
            row("platform_persons", n),
            row("platform_funnel_checked", acc["checked"], 0 < acc["checked"] < SMALL_CELL),
            row("platform_funnel_planned", acc["planned"], 0 < acc["planned"] < SMALL_CELL),
            row("platform_funnel_booked", acc["participants"], 0 < acc["participants"] < SMALL_CELL),
            row("platform_funnel_completed", acc["completed"], 0 < acc["completed"] < SMALL_CELL),
        ]
        out += [row(code, acc[metric], 0 < acc[metric] < SMALL_CELL) for metric, code in REFERRAL_CODES.items()]
    return out


def compute_provider_values(rows: list[dict]) -> list[dict]:
    """Meso view of providers: bookings and confirmed attendances per provider, small counts suppressed.

    ``rows``: {provider, bookings, completed} (provider = its name)."""
    out = []
    for r in sorted(rows, key=lambda r: r["provider"]):
        for code, value in (("platform_bookings", r["bookings"]), ("platform_funnel_completed", r["completed"])):
            hidden = 0 < value < SMALL_CELL
            out.append({"code": code, "dimension": "provider", "category": r["provider"][:100],
                        "value": None if hidden else value, "n": None if hidden else value, "is_suppressed": hidden})
    return out
