"""Schemes as data: the cached scheme versions in force, and loading or adding a version (a change of law)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from lifelong.translations import refresh_translations, translations_from

from .. import engine
from ..models import (
    Scheme,
    SchemeVersion,
)
from ..selectors import version_on
from .common import (
    Refused,
    UnknownScheme,
)

SCHEMES_FILE = engine.SCHEMES_FILE


# Schemes and their versions are read on every ledger operation but change rarely (a new law is a new
# version, entered ahead of its start). Each process keeps them for SCHEME_CACHE_SECONDS. A save or delete
# in this process empties the cache and stops caching for SCHEME_CACHE_SECONDS (signals in apps.py), so a
# change that is rolled back is never kept; other processes see a change within the TTL.
SCHEME_CACHE_SECONDS = 60
_scheme_cache: dict[str, tuple[float, Scheme, list[SchemeVersion]]] = {}
_no_cache_until = 0.0


def clear_scheme_cache(**_kwargs) -> None:
    global _no_cache_until
    _scheme_cache.clear()
    _no_cache_until = time.monotonic() + SCHEME_CACHE_SECONDS


def _cached(code: str) -> tuple[Scheme, list[SchemeVersion]] | None:
    now = time.monotonic()
    hit = _scheme_cache.get(code)
    if hit is not None and now - hit[0] < SCHEME_CACHE_SECONDS:
        return hit[1], hit[2]
    scheme = Scheme.objects.filter(code=code).first()
    if scheme is None:
        return None
    versions = list(scheme.versions.order_by("valid_from", "version"))
    if now >= _no_cache_until:
        _scheme_cache[code] = (now, scheme, versions)
    return scheme, versions


def scheme_of(code: str) -> Scheme:
    cached = _cached(code)
    if cached is None:
        raise UnknownScheme(_("De regeling '%(code)s' bestaat niet.") % {"code": code})
    return cached[0]


def version_in_force(scheme: Scheme, on: date) -> SchemeVersion:
    cached = _cached(scheme.code)
    return version_on(scheme, cached[1] if cached is not None else [], on)




# ---------------------------------------------------------------- schemes

@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.created)} versions created, {len(self.unchanged)} unchanged, "
                f"{len(self.refused)} refused")


@transaction.atomic
def add_scheme_version(*, scheme: Scheme, version: int, valid_from: date, valid_until: date | None, period: str,
                       params: dict, source_title: str, source_url: str = "", notes: str = "",
                       actor=None) -> SchemeVersion:
    """A change of law: a new version with its own validity. Overlap with another version is refused."""
    from django.core.exceptions import ValidationError

    Scheme.objects.select_for_update().get(pk=scheme.pk)  # serialises concurrent additions to one scheme
    sv = SchemeVersion(scheme=scheme, version=version, valid_from=valid_from, valid_until=valid_until, period=period,
                       params=params, source_title=source_title, source_url=source_url, notes=notes,
                       created_by=actor if getattr(actor, "pk", None) else None)
    try:
        sv.full_clean()
    except ValidationError as exc:
        raise Refused(" ".join(m for msgs in exc.message_dict.values() for m in msgs)) from None
    sv.save()
    return sv


def load_schemes(*, path: Path | str | None = None, voucher_period: str | None = None, actor=None) -> LoadReport:
    """Load the scheme data file. Existing versions are never edited; a changed version must get a new number.

    The English and French name and description (``name_en``, ``description_fr`` …) are updated on every
    load, for a scheme whose Dutch text is still the file's."""
    data = json.loads(Path(path or SCHEMES_FILE).read_text(encoding="utf-8"))
    report = LoadReport()
    for item in data["schemes"]:
        texts = translations_from(item, name="name_{lang}", description="description_{lang}")
        with transaction.atomic():
            scheme, _created = Scheme.objects.get_or_create(code=item["code"], defaults={
                "name": item["name"], "description": item.get("description", ""), "kind": item["kind"],
                "unit": item["unit"], "beneficiary": item.get("beneficiary", "person"),
                "ledger": item.get("ledger", True), "translations": texts})
            refresh_translations(scheme, texts, {"name": item["name"], "description": item.get("description", "")})
        for v in item["versions"]:
            label = f"{item['code']} v{v['version']}"
            period = v["period"]
            if voucher_period and item["kind"] == "training_vouchers":
                period = voucher_period
            existing = scheme.versions.filter(version=v["version"]).first()
            if existing is not None:
                report.unchanged.append(label)
                continue
            try:
                add_scheme_version(scheme=scheme, version=v["version"], valid_from=date.fromisoformat(v["valid_from"]),
                                   valid_until=date.fromisoformat(v["valid_until"]) if v.get("valid_until") else None,
                                   period=period, params=v["params"], source_title=v["source_title"],
                                   source_url=v.get("source_url", ""), notes=v.get("notes", ""), actor=actor)
                report.created.append(label)
            except Refused as exc:
                report.refused.append(f"{label}: {exc.reason}")
    return report
