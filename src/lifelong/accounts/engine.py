"""The rule engine for learning rights: pure Python, no Django.

Input: a person's facts, the scheme versions in force (as plain data from
``data/schemes.json`` or the database) and, for a simulation, an offer and the
current balances. Output: each right with the reasons why, in plain Dutch
(B1). Amounts are integers in the scheme's smallest unit: euro cents or
minutes. Nothing here rounds in floating point.

The amounts and thresholds live in the scheme data; the logic per scheme kind
lives in ``RULES`` below. A reason is a Dutch template plus parameters so that
the web layer can translate it (``makemessages`` extracts the literals passed to
``_ok``/``_no``, see ``web/management/commands/makemessages.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

CENTS, MINUTES = "cents", "minutes"
FLEMISH_REGION = "flanders"
SCHEMES_FILE = Path(__file__).resolve().parent / "data" / "schemes.json"


def gettext_noop(message: str) -> str:
    """Marks a message for translation without translating it (keeps the engine free of Django)."""
    return message


@dataclass(frozen=True)
class Reason:
    template: str
    params: dict = field(default_factory=dict)
    ok: bool = True

    def text(self, translate=None) -> str:
        template = translate(self.template) if translate else self.template
        if not self.params:
            return template
        params = {k: v.text(translate) if isinstance(v, Hours) else v for k, v in self.params.items()}
        return template % params


@dataclass(frozen=True)
class Hours:
    """A duration in a reason: Dutch by default, translated with the reason."""

    minutes: int

    def text(self, translate=None) -> str:
        h, m = divmod(self.minutes, 60)
        template = gettext_noop("%(h)s uur") if not m else gettext_noop("%(h)s uur %(m)s min")
        return (translate(template) if translate else template) % {"h": h, "m": m}

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Facts:
    """What the rules read about a person (or, for the SME wallet, about an organisation)."""

    on: date
    birth_year: int
    labour_status: str  # employed, self_employed, job_seeker, inactive
    education_level: str  # low, medium, high
    region: str = FLEMISH_REGION
    employer_size: int | None = None  # head count of the employer; None when there is none
    fte_permille: int = 1000  # 1000 = full time, 500 = half time
    has_pop: bool = False  # a personal development plan (POP) exists
    years_worked: int = 0
    public_sector: bool = False
    # (employer head count, FTE ‰) of each employment on ``on`` (organisations.Employment); empty: the person's
    # one employer above and ``fte_permille``. Two employers: the federal right of each, added up.
    jobs: tuple[tuple[int, int], ...] = ()

    @property
    def age(self) -> int:
        return self.on.year - self.birth_year


@dataclass(frozen=True)
class Rule:
    """One version of one scheme, as plain data."""

    code: str
    version: int
    name: str
    unit: str
    kind: str  # which logic in RULES applies
    valid_from: date
    valid_until: date | None
    period: str  # calendar_year, school_year, multi_year, none
    params: dict
    source_title: str = ""
    source_url: str = ""
    beneficiary: str = "person"  # person or organisation
    ledger: bool = True  # False: information only (no balance kept, e.g. a monthly premium)

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class Right:
    code: str
    name: str
    unit: str
    eligible: bool
    amount: int  # the yearly (or per-period) entitlement in the unit; 0 when not eligible
    period_start: date | None
    period_end: date | None
    reasons: tuple[Reason, ...]
    version: int = 0

    def explanation(self, translate=None) -> str:
        return " ".join(r.text(translate) for r in self.reasons)


@dataclass(frozen=True)
class Offer:
    """A plain offer reference (the training compass will provide the real thing)."""

    title: str
    price_cents: int
    hours: int
    provider: str
    eligible_schemes: frozenset[str] = frozenset()
    categories: frozenset[str] = frozenset()  # e.g. basic_skills, shortage_occupation
    in_working_time: bool = True
    in_pop: bool = False  # the training is named in the person's POP
    # the provider holds a valid quality status (``catalogue.QualityStatus.REGISTERED``); False: no Flemish
    # incentive pays for it (see REGISTERED_PROVIDER_KINDS)
    provider_registered: bool = True

    def __post_init__(self):
        for name in ("price_cents", "hours"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number ≥ 0, got {value!r}")


@dataclass(frozen=True)
class Use:
    """How much of one right a simulation uses."""

    code: str
    unit: str
    amount: int  # taken from the balance (what is reserved)
    covers: int  # what it takes off the learner's cost (cents or minutes)
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Simulation:
    offer: Offer
    uses: tuple[Use, ...]
    refused: tuple[tuple[str, tuple[Reason, ...]], ...]
    net_cost_cents: int
    net_time_minutes: int

    @property
    def covered_cents(self) -> int:
        return self.offer.price_cents - self.net_cost_cents


# ---------------------------------------------------------------- periods

def period_of(period: str, day: date, params: dict | None = None) -> tuple[date | None, date | None]:
    """The period a day falls in: calendar year, school year (1 Sep–31 Aug) or a block of n years."""
    params = params or {}
    if period == "calendar_year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if period == "school_year":
        start_year = day.year if day.month >= 9 else day.year - 1
        return date(start_year, 9, 1), date(start_year + 1, 8, 31)
    if period == "multi_year":
        years = int(params.get("period_years", 1))
        anchor = int(params.get("anchor_year", 2000))
        start_year = anchor + ((day.year - anchor) // years) * years
        return date(start_year, 1, 1), date(start_year + years - 1, 12, 31)
    if period == "none":
        return None, None
    raise ValueError(f"unknown period kind {period!r}")


def rules_in_force(rules, day: date) -> dict[str, Rule]:
    """The one version per scheme code that is valid on ``day``."""
    found: dict[str, Rule] = {}
    for rule in rules:
        if rule.in_force(day):
            if rule.code in found:
                raise ValueError(f"two versions of {rule.code} are valid on {day}")
            found[rule.code] = rule
    return found


# ---------------------------------------------------------------- per-scheme logic

def _ok(template, **params):
    return Reason(gettext_noop(template), params, True)


def _no(template, **params):
    return Reason(gettext_noop(template), params, False)


def _hours(minutes: int) -> Hours:
    return Hours(minutes)


def _euro(cents: int) -> str:
    e, c = divmod(cents, 100)
    return f"€ {e:,}".replace(",", ".") + f",{c:02d}"


def _common(facts: Facts, rule: Rule) -> list[Reason]:
    """Checks shared by all schemes: region and age limits when the data sets them."""
    reasons = []
    regions = rule.params.get("regions")
    if regions and facts.region not in regions:
        reasons.append(_no("Je woont of werkt niet in Vlaanderen. Dit recht geldt alleen in Vlaanderen."))
    min_age, max_age = rule.params.get("min_age"), rule.params.get("max_age")
    if min_age is not None and facts.age < min_age:
        reasons.append(_no("Je bent jonger dan %(age)s jaar.", age=min_age))
    if max_age is not None and facts.age > max_age:
        reasons.append(_no("Je bent ouder dan %(age)s jaar.", age=max_age))
    return reasons


def _training_leave(facts: Facts, rule: Rule):
    p = rule.params
    reasons = []
    if facts.labour_status != "employed":
        reasons.append(_no("Opleidingsverlof is er alleen voor werknemers. Je bent nu geen werknemer."))
    elif facts.public_sector and not p.get("public_sector", False):
        reasons.append(_no("Opleidingsverlof is er voor werknemers in de privésector. Je werkt in de openbare sector."))
    if facts.fte_permille < p["min_fte_permille"]:
        reasons.append(_no("Je werkt minder dan %(pct)s%% van een voltijdse baan.", pct=p["min_fte_permille"] // 10))
    amount = p["minutes_per_period"]
    if not any(not r.ok for r in reasons):
        reasons.append(_ok("Je bent werknemer in Vlaanderen en werkt minstens %(pct)s%%. Je mag %(hours)s per "
                           "schooljaar opleiding volgen tijdens de werkuren, met behoud van loon. De opleiding "
                           "moet minstens %(min)s contacturen hebben.",
                           pct=p["min_fte_permille"] // 10, hours=_hours(amount), min=p["min_offer_hours"]))
    return amount, reasons


def _vouchers(facts: Facts, rule: Rule):
    p = rule.params
    reasons = []
    if facts.labour_status not in p["statuses"]:
        reasons.append(_no("Opleidingscheques zijn er voor werknemers. Je bent nu geen werknemer."))
    amount = p["ceiling_cents"]
    if facts.education_level == "high" and not facts.has_pop:
        reasons.append(_ok("Je bent hooggeschoold. Je kan cheques alleen gebruiken voor een opleiding uit je "
                           "persoonlijk ontwikkelingsplan (POP). Je hebt nog geen POP: maak er eerst een."))
    if not any(not r.ok for r in reasons):
        reasons.insert(0, _ok("Je mag per jaar voor %(ceiling)s opleidingscheques kopen. De overheid betaalt "
                              "%(share)s%%, je betaalt de rest. Voor basisvaardigheden, Nederlands, een diploma "
                              "secundair onderwijs of een knelpuntberoep betaal je niets.",
                              ceiling=_euro(amount), share=p["government_share_pct"]))
    return amount, reasons


def _training_credit(facts: Facts, rule: Rule):
    p = rule.params
    reasons = []
    if facts.labour_status != "employed":
        reasons.append(_no("Opleidingskrediet is er alleen voor werknemers met tijdskrediet."))
    amount = p["monthly_premium_full_cents"]
    if not any(not r.ok for r in reasons):
        reasons.append(_ok("Als je tijdskrediet neemt om een opleiding te volgen, krijg je van Vlaanderen een "
                           "premie van %(full)s per maand (voltijds), %(half)s (halftijds) of %(fifth)s (1/5). "
                           "De opleiding moet in de opleidingsdatabank staan of in je POP.",
                           full=_euro(amount), half=_euro(p["monthly_premium_half_cents"]),
                           fifth=_euro(p["monthly_premium_fifth_cents"])))
    return amount, reasons


def _career_vouchers(facts: Facts, rule: Rule):
    p = rule.params
    reasons = []
    if facts.labour_status not in p["statuses"]:
        reasons.append(_no("Loopbaancheques zijn er voor werkenden (werknemers en zelfstandigen)."))
    if facts.years_worked < p["min_years_worked"]:
        reasons.append(_no("Je moet minstens %(years)s jaar gewerkt hebben. Je hebt nu %(have)s jaar.",
                           years=p["min_years_worked"], have=facts.years_worked))
    amount = p["minutes_per_period"]
    if not any(not r.ok for r in reasons):
        reasons.append(_ok("Je hebt recht op %(hours)s loopbaanbegeleiding per %(years)s jaar, in twee "
                           "delen. Je betaalt %(own)s per deel. Je maakt er een ontwikkelingsplan (POP) mee.",
                           hours=_hours(amount), years=p["period_years"], own=_euro(p["own_share_cents_per_voucher"])))
    return amount, reasons


def federal_days_per_fte(params: dict, employer_size: int) -> int:
    """Days per FTE a firm of this head count owes (the scheme version's ``firm_size_bands``, smallest first)."""
    for band in params["firm_size_bands"]:
        if employer_size < band["below"]:
            return band["days"]
    return params["days_per_fte"]


def _federal_right(facts: Facts, rule: Rule):
    p = rule.params
    reasons = []
    if facts.labour_status != "employed":
        reasons.append(_no("Het federale opleidingsrecht is er alleen voor werknemers."))
        return 0, reasons
    jobs = facts.jobs or ((facts.employer_size, facts.fte_permille),)
    total = 0
    for size, fte in jobs:
        if size is None:
            reasons.append(_no("We kennen je werkgever niet. Zonder werkgever is er geen federaal opleidingsrecht."))
            continue
        days = federal_days_per_fte(p, size)
        if days != p["days_per_fte"]:
            below = next(b["below"] for b in p["firm_size_bands"] if size < b["below"])
            reasons.append(_ok("Je werkgever heeft minder dan %(n)s werknemers. Dan is het recht %(days)s "
                               "dag(en) per jaar.", n=below, days=days))
        minutes = days * p["minutes_per_day"] * fte // 1000
        if minutes == 0:
            reasons.append(_no("Voor je werkgever geldt geen federaal opleidingsrecht."))
            continue
        reasons.append(_ok("Je hebt als werknemer recht op %(days)s opleidingsdagen per jaar bij voltijds werk. Je werkt "
                           "%(pct)s%%, dus je krijgt %(hours)s.", days=days, pct=fte // 10, hours=_hours(minutes)))
        total += minutes
    return total, reasons


def _sme_wallet(facts: Facts, rule: Rule):
    p = rule.params
    size = facts.employer_size
    if size is None or size >= p["max_employees"]:
        return 0, [_no("De KMO-portefeuille is er voor kleine en middelgrote ondernemingen (minder dan "
                       "%(n)s werknemers).", n=p["max_employees"])]
    pct = p["small_share_pct"] if size < p["small_below"] else p["medium_share_pct"]
    return p["yearly_cap_cents"], [_ok("Je werkgever is een kmo. Vlaanderen betaalt %(pct)s%% van de opleiding "
                                       "die de werkgever betaalt, tot %(cap)s per jaar.", pct=pct,
                                       cap=_euro(p["yearly_cap_cents"]))]


def _top_up(facts: Facts, rule: Rule):
    return 0, [_ok("Je werkgever of sector kan extra budget op je rekening zetten. Je ziet het saldo hieronder.")]


RULES = {
    "training_leave": _training_leave,
    "training_vouchers": _vouchers,
    "training_credit": _training_credit,
    "career_vouchers": _career_vouchers,
    "federal_training_right": _federal_right,
    "sme_wallet": _sme_wallet,
    "top_up": _top_up,
}


def evaluate(facts: Facts, rule: Rule) -> Right:
    """One right of one person under one scheme version, with the reasons."""
    if rule.kind not in RULES:
        raise ValueError(f"unknown scheme kind {rule.kind!r}")
    common = _common(facts, rule)
    amount, reasons = RULES[rule.kind](facts, rule)
    reasons = [*common, *reasons]
    eligible = not any(not r.ok for r in reasons)
    start, end = period_of(rule.period, facts.on, rule.params)
    return Right(rule.code, rule.name, rule.unit, eligible, amount if eligible else 0, start, end,
                 tuple(reasons), rule.version)


def rights_of(facts: Facts, rules, *, beneficiary: str = "person") -> list[Right]:
    """Every right under every scheme in force on ``facts.on``."""
    in_force = rules_in_force(rules, facts.on)
    return [evaluate(facts, rule) for code, rule in sorted(in_force.items(), key=lambda kv: kv[1].params.get(
        "stack_order", 99)) if rule.beneficiary == beneficiary]


# ---------------------------------------------------------------- stacking

# The Flemish training incentives pay only for training of a provider registered for them (quality label):
# Besluit van de Vlaamse Regering van 26 april 2019 betreffende de Vlaamse opleidingsincentives (training
# leave and training vouchers), and career vouchers only at recognised career-guidance centres
# (Besluit van de Vlaamse Regering van 5 april 2013 over de loopbaanbegeleiding). The federal training right
# and the top-ups have no such condition.
REGISTERED_PROVIDER_KINDS = frozenset({"training_leave", "training_vouchers", "career_vouchers"})


def simulate(facts: Facts, offer: Offer, rules, balances: dict[str, int]) -> Simulation:
    """Every right that applies to ``offer``, how they stack, and the learner's net cost in money and time.

    Stacking order (``stack_order`` in the data): money rights first the training vouchers (the
    government pays its share of the face value), then sector and employer top-ups; time rights
    first Flemish training leave, then the federal training right. A right never covers more than
    the remaining cost and never more than its balance.
    """
    in_force = rules_in_force(rules, facts.on)
    remaining_cents = offer.price_cents
    remaining_minutes = offer.hours * 60 if offer.in_working_time else 0
    uses, refused = [], []
    for rule in sorted(in_force.values(), key=lambda r: (r.params.get("stack_order", 99), r.code)):
        if rule.beneficiary != "person" or not rule.ledger:
            continue
        if rule.code not in offer.eligible_schemes:
            refused.append((rule.code, (_no("Deze opleiding komt niet in aanmerking voor %(name)s.",
                                            name=rule.name),)))
            continue
        if rule.kind in REGISTERED_PROVIDER_KINDS and not offer.provider_registered:
            refused.append((rule.code, (_no("De opleidingsverstrekker is niet geregistreerd voor de Vlaamse "
                                            "opleidingsincentives: %(name)s kan niet voor deze opleiding.",
                                            name=rule.name),)))
            continue
        right = evaluate(facts, rule)
        if not right.eligible:
            refused.append((rule.code, right.reasons))
            continue
        balance = max(0, int(balances.get(rule.code, 0)))
        use = _use(rule, facts, offer, balance, remaining_cents, remaining_minutes)
        if isinstance(use, Use):
            uses.append(use)
            if rule.unit == CENTS:
                remaining_cents -= use.covers
            else:
                remaining_minutes -= use.covers
        else:
            refused.append((rule.code, use))
    return Simulation(offer, tuple(uses), tuple(refused), remaining_cents, remaining_minutes)


def _use(rule: Rule, facts: Facts, offer: Offer, balance: int, cents: int, minutes: int):
    p = rule.params
    if balance <= 0:
        return (_no("Je saldo voor %(name)s is op.", name=rule.name),)
    if rule.kind == "training_leave":
        if offer.hours < p["min_offer_hours"]:
            return (_no("De opleiding heeft minder dan %(min)s contacturen.", min=p["min_offer_hours"]),)
        take = min(minutes, balance)
        if take == 0:
            return (_no("De opleiding valt niet tijdens de werkuren."),)
        return Use(rule.code, MINUTES, take, take, (_ok("Opleidingsverlof dekt %(h)s van de lesuren.", h=_hours(take)),))
    if rule.kind == "federal_training_right":
        take = min(minutes, balance)
        if take == 0:
            return (_no("Er blijven geen lesuren over tijdens de werkuren."),)
        return Use(rule.code, MINUTES, take, take, (_ok("Je federaal opleidingsrecht dekt %(h)s.", h=_hours(take)),))
    if rule.kind == "training_vouchers":
        if facts.education_level == "high" and not offer.in_pop:
            return (_no("Je bent hooggeschoold: cheques kunnen alleen voor een opleiding uit je POP."),)
        face = min(cents, balance)
        full = bool(offer.categories & set(p["full_support_categories"]))
        share = 100 if full else p["government_share_pct"]
        covers = face * share // 100
        if face == 0:
            return (_no("Er blijft niets te betalen."),)
        why = (_ok("Je gebruikt %(face)s aan cheques. De overheid betaalt daarvan %(share)s%%: %(cov)s.",
                   face=_euro(face), share=share, cov=_euro(covers)),)
        return Use(rule.code, CENTS, face, covers, why)
    if rule.kind == "top_up":
        take = min(cents, balance)
        if take == 0:
            return (_no("Er blijft niets te betalen."),)
        return Use(rule.code, CENTS, take, take, (_ok("%(name)s betaalt %(c)s.", name=rule.name, c=_euro(take)),))
    if rule.kind == "career_vouchers":
        if "career_guidance" not in offer.categories:
            return (_no("Loopbaancheques zijn alleen voor loopbaanbegeleiding."),)
        take = min(offer.hours * 60, balance)
        if take == 0:  # a zero-hour offer uses nothing: no reservation of nothing
            return (_no("Deze begeleiding duurt 0 uur; er wordt niets gebruikt."),)
        return Use(rule.code, MINUTES, take, 0, (_ok("Je gebruikt %(h)s loopbaanbegeleiding.", h=_hours(take)),))
    return (_no("Dit recht wordt niet gebruikt voor een opleiding."),)


# ---------------------------------------------------------------- the packaged data file

def load_rules(path=None) -> list[Rule]:
    """The rules from the data file, without a database (for tests, benchmarks and notebooks)."""
    import json

    data = json.loads(Path(path or SCHEMES_FILE).read_text(encoding="utf-8"))
    return [Rule(code=s["code"], version=v["version"], name=s["name"], unit=s["unit"], kind=s["kind"],
                 valid_from=date.fromisoformat(v["valid_from"]),
                 valid_until=date.fromisoformat(v["valid_until"]) if v.get("valid_until") else None,
                 period=v["period"], params=v["params"], source_title=v.get("source_title", ""),
                 source_url=v.get("source_url", ""), beneficiary=s.get("beneficiary", "person"),
                 ledger=s.get("ledger", True))
            for s in data["schemes"] for v in s["versions"]]
