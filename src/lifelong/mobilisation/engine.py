"""Segments and campaign effects, pure Python (no Django): the rule language, its validation and its
evaluation on one person's facts, message templates, and the effect of a campaign against its hold-out.

A segment rule is JSON: ``{"all": [cond, ...]}`` or ``{"any": [cond, ...]}`` (nestable), each condition
``{"fact": "age", "op": ">=", "value": 55}``. The facts, their types and the operators each type takes
are listed in ``FACTS`` and ``OPS``; anything else is refused with a reason that names the place.
``selectors.segment_filter`` turns the same rule into one database query; a test checks that both
agree person by person.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

EDUCATION = ("low", "medium", "high")
LABOUR = ("employed", "self_employed", "job_seeker", "inactive")
SEX = ("F", "M", "X")
FIRM_SIZES = ("micro", "small", "medium", "large")

#: fact → (type, allowed values for a choice, plain description)
FACTS: dict[str, tuple[str, tuple | None, str]] = {
    "age": ("int", None, "leeftijd in jaren (dit kalenderjaar)"),
    "education_level": ("choice", EDUCATION, "onderwijsniveau (laag, midden, hoog)"),
    "labour_status": ("choice", LABOUR, "arbeidsmarktpositie"),
    "sex": ("choice", SEX, "geslacht"),
    "province": ("choice", None, "provincie (NUTS-2-code)"),
    "sector": ("choice", None, "sector (NACE-sectie)"),
    "firm_size": ("choice", FIRM_SIZES, "grootte van de werkgever"),
    "has_email": ("bool", None, "heeft een e-mailadres"),
    "has_check": ("bool", None, "deed ooit een competentiecheck"),
    "has_plan": ("bool", None, "heeft een persoonlijk ontwikkelplan"),
    "has_booking": ("bool", None, "schreef ooit in voor een opleiding met leerrechten"),
    "rights_expire_within_days": ("days", None, "heeft leerrechten met saldo die binnen zoveel dagen vervallen"),
}
OPS = {
    "int": ("=", "!=", "<", "<=", ">", ">="),
    "choice": ("=", "!=", "in", "not_in"),
    "bool": ("=",),
    "days": ("<=",),
}
TEMPLATE_VARIABLES = ("first_name", "link")
_VARIABLE = re.compile(r"{{\s*([^{}]*?)\s*}}")


class RuleError(ValueError):
    """A segment rule that cannot be read; ``reasons`` name each problem and where it is."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def validate(rule, *, choices: dict[str, tuple] | None = None) -> None:
    """Raise ``RuleError`` listing every problem of the rule (unknown fact, operator or value type).
    ``choices`` adds the allowed values of choice facts whose list lives in the reference data."""
    reasons: list[str] = []
    _check(rule, "regel", reasons, choices or {})
    if reasons:
        raise RuleError(reasons)


def _check(node, where: str, reasons: list[str], choices) -> None:
    if not isinstance(node, dict):
        reasons.append(f"{where}: een voorwaarde of een groep (all/any) verwacht")
        return
    groups = [k for k in ("all", "any") if k in node]
    if groups:
        if len(node) != 1 or not isinstance(node[groups[0]], list) or not node[groups[0]]:
            reasons.append(f"{where}: '{groups[0]}' neemt één niet-lege lijst van voorwaarden")
            return
        for n, child in enumerate(node[groups[0]], 1):
            _check(child, f"{where}.{groups[0]}[{n}]", reasons, choices)
        return
    fact, op, value = node.get("fact"), node.get("op"), node.get("value")
    if set(node) - {"fact", "op", "value"}:
        reasons.append(f"{where}: onbekende sleutels {sorted(set(node) - {'fact', 'op', 'value'})}")
    if fact not in FACTS:
        reasons.append(f"{where}: onbekend gegeven '{fact}' (bekend: {', '.join(FACTS)})")
        return
    kind, allowed, _ = FACTS[fact]
    allowed = allowed or choices.get(fact)
    if op not in OPS[kind]:
        reasons.append(f"{where}: '{fact}' neemt de bewerkingen {', '.join(OPS[kind])}, niet '{op}'")
        return
    if kind in ("int", "days"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 36500:
            reasons.append(f"{where}: '{fact}' vraagt een geheel getal tussen 0 en 36500, niet {value!r}")
    elif kind == "bool":
        if not isinstance(value, bool):
            reasons.append(f"{where}: '{fact}' vraagt true of false, niet {value!r}")
    else:
        values = value if op in ("in", "not_in") else [value]
        if op in ("in", "not_in") and (not isinstance(value, list) or not value):
            reasons.append(f"{where}: '{op}' vraagt een niet-lege lijst")
            return
        for v in values:
            if not isinstance(v, str) or (allowed and v not in allowed):
                reasons.append(f"{where}: '{v}' is geen waarde van '{fact}'"
                               + (f" ({', '.join(allowed)})" if allowed else ""))


def evaluate(rule, facts: dict) -> bool:
    """Whether one person's facts meet the rule (validated first). ``facts['rights_expire_within_days']``
    is the number of days until the person's first right with a balance lapses (None: no such right)."""
    if "all" in rule:
        return all(evaluate(c, facts) for c in rule["all"])
    if "any" in rule:
        return any(evaluate(c, facts) for c in rule["any"])
    fact, op, value = rule["fact"], rule["op"], rule["value"]
    have = facts.get(fact)
    if FACTS[fact][0] == "days":
        return have is not None and 0 <= have <= value
    if have is None or have == "":
        return op in ("!=", "not_in")
    return {
        "=": lambda: have == value, "!=": lambda: have != value, "<": lambda: have < value,
        "<=": lambda: have <= value, ">": lambda: have > value, ">=": lambda: have >= value,
        "in": lambda: have in value, "not_in": lambda: have not in value,
    }[op]()


def template_problems(text: str) -> list[str]:
    """The variables of a message that we cannot fill: only ``{{ first_name }}`` and ``{{ link }}`` exist,
    and a brace left open is a typo."""
    problems = [f"onbekende variabele '{{{{ {name} }}}}' (wel: {', '.join(TEMPLATE_VARIABLES)})"
                for name in _VARIABLE.findall(text) if name not in TEMPLATE_VARIABLES]
    stripped = _VARIABLE.sub("", text)
    if "{{" in stripped or "}}" in stripped:
        problems.append("een variabele is niet goed gesloten: gebruik {{ first_name }} of {{ link }}")
    return problems


def render(text: str, *, first_name: str, link: str) -> str:
    values = {"first_name": first_name, "link": link}
    return _VARIABLE.sub(lambda m: values[m.group(1)], text)


@dataclass(frozen=True)
class Effect:
    """Share that acted among those who got the message minus that share in the hold-out, with a 95 %
    interval (Newcombe's hybrid score interval, method 10: Wilson intervals of each share combined)."""

    difference: float | None
    ci95: tuple[float, float] | None


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def effect(acted: int, targeted: int, holdout_acted: int, holdout: int) -> Effect:
    if targeted == 0 or holdout == 0:
        return Effect(None, None)
    p1, p2 = acted / targeted, holdout_acted / holdout
    l1, u1 = wilson(acted, targeted)
    l2, u2 = wilson(holdout_acted, holdout)
    d = p1 - p2
    lo = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Effect(round(d, 4), (round(lo, 4), round(hi, 4)))


def in_holdout(person_id: int, campaign_id: int, share: float) -> bool:
    """A stable random draw per person and campaign (no state): the same answer after a restart."""
    if share <= 0:
        return False
    x = (person_id * 2654435761 + campaign_id * 40503 + 12345) % 4294967296
    x ^= x >> 16
    x = (x * 73244475) % 4294967296
    x ^= x >> 16
    return x / 4294967296 < share
