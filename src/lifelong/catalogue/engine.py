"""Pure computation of the training compass (no Django): search tokens, import validation,
distances and the recommendation score with its reasons in plain Dutch.

Reasons are Dutch templates with parameters, marked with ``gettext_noop`` so the web layer
translates them, as in ``accounts.engine``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from lifelong.taxonomy.textnorm import ALL_STOPWORDS, stem, tokens
from lifelong.texts import Msg

OFFER_TYPES = ("formal", "non_formal", "informal")
MODES = ("classroom", "online", "blended", "workplace")
LANGUAGES = ("nl", "en", "fr")
# Belgium's bounding box (WGS84), a little wider than the land border.
LAT_MIN, LAT_MAX, LON_MIN, LON_MAX = 49.49, 51.51, 2.54, 6.41
TITLE_WEIGHT, DESCRIPTION_WEIGHT = 3, 1
MAX_TOKEN = 60

# The facets of a search, and the offer's columns behind them (the SQL search and the search index share them).
FACETS = ("offer_type", "mode", "province", "language", "scheme")
FACET_COLUMNS = ("offer_type", "mode", "province", "language", "eligible_schemes")


def gettext_noop(message: str) -> str:
    return message


# -- search tokens --------------------------------------------------------------------------------
def stems(text: str, language: str = "nl") -> list[str]:
    """Dutch Snowball stems of the words of ``text``, stop words left out, in order."""
    return [stem(t, language)[:MAX_TOKEN] for t in tokens(text) if t not in ALL_STOPWORDS and len(t) > 1]


def index_tokens(title: str, description: str, extra: str = "", language: str = "nl") -> dict[str, int]:
    """Token → weight for one offer: each word's Snowball stem and the folded word itself (so that a
    word typed halfway matches as a prefix); a title word weighs more than a description word."""
    out: dict[str, int] = {}
    for text, weight in ((description, DESCRIPTION_WEIGHT), (extra, DESCRIPTION_WEIGHT), (title, TITLE_WEIGHT)):
        for word in tokens(text):
            if word in ALL_STOPWORDS or len(word) < 2:
                continue
            for form in {stem(word, language)[:MAX_TOKEN], word[:MAX_TOKEN]}:
                out[form] = max(out.get(form, 0), weight)
    return out


def query_terms(query: str, language: str = "nl") -> list[tuple[str, str, bool]]:
    """(stem, folded word, as prefix) per query word; the last word is also a prefix (search as you type)."""
    words = [t for t in tokens(query) if t not in ALL_STOPWORDS and len(t) > 1]
    out = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        out.append((stem(word, language)[:MAX_TOKEN], word[:MAX_TOKEN], last and len(word) >= 3))
    return out


# -- import validation ------------------------------------------------------------------------------
@dataclass
class Refusal:
    record: int  # 1-based position in the file (CSV: data row number)
    external_id: str
    reasons: list[str]  # Msg: Dutch text that the web layer can translate


@dataclass
class CleanOffer:
    external_id: str
    title: str
    description: str = ""
    offer_type: str = "non_formal"
    qualification: str = ""
    eqf_level: int | None = None
    mode: str = "classroom"
    language: str = "nl"
    postcode: str = ""
    municipality: str = ""
    latitude: float | None = None
    longitude: float | None = None
    hours: int = 0
    price_cents: int = 0
    schemes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # accounts.FundingCategory codes
    competences: list[str] = field(default_factory=list)
    sessions: list[date] = field(default_factory=list)
    low_literacy: bool = False
    evening: bool = False
    childcare: bool = False
    completion_rate_pct: int | None = None
    certification: str = ""


PRICE = re.compile(r"^\s*(?:€\s*)?(\d{1,7})(?:[.,](\d{1,2}))?\s*$")
MAX_PRICE_EUR = 9_999_999
TRUE = {"1", "true", "ja", "yes", "waar", "x", "y", "j"}
FALSE = {"", "0", "false", "nee", "no", "onwaar", "n"}


def parse_price_cents(value) -> int:
    """'250', '250.5', '250,50', '€ 250' → cents. Thousands separators and negatives are refused."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if not 0 <= value <= MAX_PRICE_EUR:  # the same 7-digit limit as a written price
            raise ValueError(value)
        return value * 100
    m = PRICE.match(str(value if value is not None else ""))
    if not m:
        raise ValueError(value)
    euros, cents = m.group(1), (m.group(2) or "0").ljust(2, "0")
    return int(euros) * 100 + int(cents)


def _list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in re.split(r"[;|]", str(value)) if v.strip()]


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValueError(value)


def _opt_int(value, lo: int, hi: int) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    number = int(str(value).strip())
    if not lo <= number <= hi:
        raise ValueError(value)
    return number


def _opt_float(value) -> float | None:
    if value is None or str(value).strip() == "":
        return None
    return float(str(value).strip().replace(",", "."))


def validate_record(raw: dict, *, today: date, known_schemes: set[str], known_skills: set[str],
                    known_categories: set[str] | None = None) -> tuple[CleanOffer | None, list[str]]:
    """One record of an import file → a clean offer, or None with every reason (Dutch, B1).
    ``known_categories``: the funding categories (``accounts.FundingCategory``); None accepts any."""
    reasons: list[str] = []

    def text(key: str, limit: int) -> str:
        value = str(raw.get(key) or "").strip()
        if "\x00" in value:
            reasons.append(Msg(gettext_noop("%(key)s: bevat een NUL-teken"), key=key))
            value = value.replace("\x00", "")
        if len(value) > limit:
            reasons.append(Msg(gettext_noop("%(key)s: langer dan %(limit)s tekens"), key=key, limit=limit))
        return value[:limit]

    external_id = text("external_id", 100)
    title = text("title", 300)
    if not external_id:
        reasons.append(Msg(gettext_noop("external_id ontbreekt")))
    if not title:
        reasons.append(Msg(gettext_noop("titel ontbreekt")))
    clean = CleanOffer(external_id=external_id, title=title, description=text("description", 20000),
                       qualification=text("qualification", 300), municipality=text("municipality", 100),
                       certification=text("certification", 200))
    for key, allowed in (("offer_type", OFFER_TYPES), ("mode", MODES), ("language", LANGUAGES)):
        value = str(raw.get(key) or getattr(clean, key)).strip().lower()
        if value not in allowed:
            reasons.append(Msg(gettext_noop("%(key)s: '%(value)s' is geen van %(allowed)s"), key=key, value=value,
                               allowed=", ".join(allowed)))
        setattr(clean, key, value)
    try:
        clean.price_cents = parse_price_cents(raw.get("price_eur", "0") if raw.get("price_eur") is not None else 0)
    except ValueError:
        reasons.append(Msg(gettext_noop("prijs '%(v)s' heeft een verkeerde vorm (schrijf bv. 250 of 250,50 euro)"),
                           v=raw.get("price_eur")))
    try:
        clean.hours = _opt_int(raw.get("hours"), 0, 10000) or 0
    except ValueError:
        reasons.append(Msg(gettext_noop("uren '%(v)s' is geen geheel getal tussen 0 en 10000"), v=raw.get("hours")))
    try:
        clean.eqf_level = _opt_int(raw.get("eqf_level"), 1, 8)
    except ValueError:
        reasons.append(Msg(gettext_noop("EQF-niveau '%(v)s' ligt niet tussen 1 en 8"), v=raw.get("eqf_level")))
    try:
        clean.completion_rate_pct = _opt_int(raw.get("completion_rate_pct"), 0, 100)
    except ValueError:
        reasons.append(Msg(gettext_noop("slaagpercentage ligt niet tussen 0 en 100")))
    postcode = str(raw.get("postcode") or "").strip()
    if postcode and not re.fullmatch(r"\d{4}", postcode):
        reasons.append(Msg(gettext_noop("postcode '%(v)s' heeft geen 4 cijfers"), v=postcode))
    clean.postcode = postcode
    try:
        clean.latitude, clean.longitude = _opt_float(raw.get("latitude")), _opt_float(raw.get("longitude"))
        if (clean.latitude is None) != (clean.longitude is None):
            reasons.append(Msg(gettext_noop("geef breedte- en lengtegraad allebei, of geen van beide")))
        elif clean.latitude is not None and not in_belgium(clean.latitude, clean.longitude):
            reasons.append(Msg(gettext_noop("coördinaten (%(lat)s, %(lon)s) liggen buiten België"),
                                   lat=clean.latitude, lon=clean.longitude))
    except ValueError:
        reasons.append(Msg(gettext_noop("coördinaten zijn geen getallen")))
    clean.schemes = [s.lower() for s in _list(raw.get("schemes"))]
    unknown = [s for s in clean.schemes if s not in known_schemes]
    if unknown:
        reasons.append(Msg(gettext_noop("onbekende leerrechten: %(v)s"), v=", ".join(unknown)))
    clean.categories = list(dict.fromkeys(c.lower() for c in _list(raw.get("categories"))))
    unknown = [c for c in clean.categories if known_categories is not None and c not in known_categories]
    if unknown:
        reasons.append(Msg(gettext_noop("onbekende soort opleiding: %(v)s"), v=", ".join(unknown)))
    clean.competences = list(dict.fromkeys(_list(raw.get("competences"))))
    unknown = [c for c in clean.competences if c not in known_skills]
    if unknown:
        reasons.append(Msg(gettext_noop("onbekende competenties (geen ESCO-competentie): %(v)s"), v=", ".join(unknown)))
    for value in _list(raw.get("sessions")):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            reasons.append(Msg(gettext_noop("startdatum '%(v)s' is geen datum (JJJJ-MM-DD)"), v=value))
            continue
        if day < today:
            reasons.append(Msg(gettext_noop("startdatum %(v)s ligt in het verleden"), v=day.isoformat()))
        clean.sessions.append(day)
    clean.sessions = sorted(set(clean.sessions))
    for key in ("low_literacy", "evening", "childcare"):
        try:
            setattr(clean, key, _bool(raw.get(key)))
        except ValueError:
            reasons.append(Msg(gettext_noop("%(key)s: '%(v)s' is geen ja of nee"), key=key, v=raw.get(key)))
    return (None, reasons) if reasons else (clean, [])


def duplicate_key(title: str, first_session: date | None, postcode: str) -> tuple:
    """Two offers of one provider with the same words in the title, start and place are one offer."""
    return (" ".join(tokens(title)), first_session, postcode)


# -- places -------------------------------------------------------------------------------------------
def in_belgium(lat: float, lon: float) -> bool:
    return LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX


def distance_km(a: tuple[float, float] | None, b: tuple[float, float] | None) -> float | None:
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# -- recommendations ----------------------------------------------------------------------------------
WEIGHTS = {"coverage": 0.5, "demand": 0.2, "price": 0.2, "place": 0.1}
PRICE_SCALE_CENTS = 100_000  # €1,000 net or more scores 0 on price
NEAR_KM, FAR_KM = 10.0, 60.0


@dataclass(frozen=True)
class Candidate:
    offer_id: int
    title: str
    skills: frozenset[str]
    net_cost_cents: int
    price_cents: int
    mode: str
    offer_type: str
    distance_km: float | None


@dataclass(frozen=True)
class Why:
    template: str
    params: dict = field(default_factory=dict)

    def text(self, translate=None) -> str:
        template = translate(self.template) if translate else self.template
        return template % self.params if self.params else template


@dataclass(frozen=True)
class Recommendation:
    offer_id: int
    score: float
    covered: tuple[str, ...]
    reasons: tuple[Why, ...]


def _euro(cents: int) -> str:
    return f"€ {cents // 100},{cents % 100:02d}"


def recommend(wanted: list[str], candidates: list[Candidate], demand: dict[str, float],
              labels: dict[str, str], limit: int = 20) -> list[Recommendation]:
    """Rank offers by the share of the wanted skills they cover, their demand outlook (0..1 per
    skill, 0.5 = neutral), net price after rights, distance and format; each with its reasons."""
    wanted_set = set(wanted)
    out = []
    for c in candidates:
        covered = tuple(u for u in wanted if u in c.skills)
        if not covered:
            continue
        coverage = len(covered) / len(wanted_set)
        outlook = sum(demand.get(u, 0.5) for u in covered) / len(covered)
        price = 1.0 - min(c.net_cost_cents, PRICE_SCALE_CENTS) / PRICE_SCALE_CENTS
        if c.mode in ("online", "workplace") or c.distance_km is None:
            place = 1.0 if c.mode in ("online", "workplace") else 0.5
        else:
            place = 1.0 - min(max(c.distance_km - NEAR_KM, 0.0), FAR_KM) / FAR_KM
        score = (WEIGHTS["coverage"] * coverage + WEIGHTS["demand"] * outlook + WEIGHTS["price"] * price
                 + WEIGHTS["place"] * place)
        why = [Why(gettext_noop("Je leert %(n)s van de %(total)s competenties die je zoekt: %(names)s."),
                   {"n": len(covered), "total": len(wanted_set),
                    "names": ", ".join(labels.get(u, u) for u in covered)})]
        if outlook >= 0.6:
            why.append(Why(gettext_noop("Werkgevers vragen deze competenties meer dan gemiddeld.")))
        elif outlook <= 0.4:
            why.append(Why(gettext_noop("Werkgevers vragen deze competenties minder dan gemiddeld.")))
        if c.net_cost_cents == 0:
            why.append(Why(gettext_noop("Met je leerrechten betaal je niets (prijs %(price)s)."),
                           {"price": _euro(c.price_cents)}))
        elif c.net_cost_cents < c.price_cents:
            why.append(Why(gettext_noop("Met je leerrechten betaal je %(net)s in plaats van %(price)s."),
                           {"net": _euro(c.net_cost_cents), "price": _euro(c.price_cents)}))
        else:
            why.append(Why(gettext_noop("Je betaalt %(net)s."), {"net": _euro(c.net_cost_cents)}))
        if c.mode == "online":
            why.append(Why(gettext_noop("Je volgt het online, van thuis uit.")))
        elif c.mode == "workplace":
            why.append(Why(gettext_noop("Je leert op de werkplek.")))
        elif c.distance_km is not None:
            why.append(Why(gettext_noop("Het is ongeveer %(km)s km van je woonplaats."),
                           {"km": round(c.distance_km)}))
        if c.offer_type == "informal":
            why.append(Why(gettext_noop("Het is informeel leren: zonder examen, in je eigen tempo.")))
        out.append(Recommendation(c.offer_id, round(score, 4), covered, tuple(why)))
    out.sort(key=lambda r: (-r.score, r.offer_id))
    return out[:limit]


def demand_outlook(values: dict[str, float]) -> dict[str, float]:
    """Demand per skill → 0..1 by rank among the given skills (0.5 when all are equal or unknown)."""
    if not values:
        return {}
    ordered = sorted(set(values.values()))
    if len(ordered) == 1:
        return {k: 0.5 for k in values}
    return {k: ordered.index(v) / (len(ordered) - 1) for k, v in values.items()}


def box(centre: tuple[float, float], km: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The (latitude, longitude) ranges of the square of ±km around the centre: a portable,
    index-friendly approximation of the circle."""
    lat, lon = centre
    dlat = km / 111.0
    dlon = km / (111.320 * math.cos(math.radians(lat)))
    return (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)
