"""Every write of the training compass: offers, import, ratings, demo offers."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.accounts.models import Booking, BookingStatus, FundingCategory, Scheme
from lifelong.people import services as people_services
from lifelong.people.selectors import person_of
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import labels_of
from lifelong.users.models import Role

from . import eligibility, engine
from .geo import place_of
from .models import Offer, OfferToken, Provider, Rating, Session

OFFER_FIELDS = ("title", "description", "offer_type", "qualification", "eqf_level", "mode", "language",
                "postcode", "municipality", "latitude", "longitude", "hours", "price_cents", "low_literacy",
                "evening", "childcare", "completion_rate_pct", "certification")


class NotAllowed(PermissionDenied):
    pass


PROVIDER_ROLES = (Role.PROVIDER, Role.SECRETARIAT)  # the provider pages and their API operations
RECOMMEND_ROLES = (Role.LEARNER, Role.COUNSELLOR)  # the recommendations (page and API)


def managed_providers(user, limit: int = 20):
    """The providers whose offers ``user`` manages: the secretariat every one, a provider's staff their own."""
    providers = Provider.objects.all() if user.is_superuser or user.has_role(Role.SECRETARIAT) \
        else user.providers.all()
    return providers.order_by("name")[:limit]


def may_manage(user, provider: Provider) -> bool:
    """Only the provider's own staff (role provider) and the secretariat manage its offers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.has_role(Role.SECRETARIAT):
        return True
    return user.has_role(Role.PROVIDER) and provider.is_staffed_by(user)


def _require(user, provider: Provider) -> None:
    if not may_manage(user, provider):
        raise NotAllowed(_("Alleen medewerkers van deze aanbieder beheren dit aanbod."))


def known_schemes() -> set[str]:

    return set(Scheme.objects.values_list("code", flat=True))


def known_categories() -> set[str]:

    return set(FundingCategory.values)


def reindex(offer: Offer) -> None:
    """Rebuild the offer's stemmed tokens (title, description, qualification, competence labels)."""

    ids = list(offer.competences.values_list("id", flat=True))
    skill_words = " ".join(str(v) for v in labels_of(ids, "nl").values())
    weights = engine.index_tokens(offer.title, offer.description, f"{offer.qualification} {skill_words}")
    OfferToken.objects.filter(offer=offer).delete()
    OfferToken.objects.bulk_create([OfferToken(offer=offer, token=t, weight=w) for t, w in weights.items()])


def _apply_place(offer: Offer) -> None:
    province, municipality, centre = place_of(offer.postcode)
    offer.province = province or ""
    offer.municipality = offer.municipality or municipality
    if offer.latitude is None and centre and offer.mode != "online":
        offer.latitude, offer.longitude = centre


def _set_sessions(offer: Offer, days: list[date]) -> None:
    Session.objects.filter(offer=offer).delete()
    Session.objects.bulk_create([Session(offer=offer, start_date=d) for d in sorted(set(days))])
    today = timezone.localdate()
    offer.next_start = min((d for d in days if d >= today), default=None)


@transaction.atomic
def save_offer(*, user, provider: Provider, values: dict, competences: list[str], schemes: list[str],
               sessions: list[date], offer: Offer | None = None, suggested: list[str] | None = None,
               categories: list[str] | None = None) -> Offer:
    """Create or edit one offer of ``provider``; ``competences`` are ESCO skill URIs the provider confirmed,
    ``categories`` the kinds of training the rules care about (``accounts.FundingCategory``; None: unchanged)."""
    _require(user, provider)
    if offer is not None and offer.provider_id != provider.pk:
        raise NotAllowed(_("Dit aanbod hoort bij een andere aanbieder."))
    offer = offer or Offer(provider=provider)
    if not offer.external_id:
        offer.external_id = values.pop("external_id", "") or f"web-{timezone.now():%Y%m%d%H%M%S%f}"
    for key in OFFER_FIELDS:
        if key in values:
            setattr(offer, key, values[key])
    unknown = set(schemes) - known_schemes()
    if unknown:
        raise ValueError(_("Onbekende leerrechten: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    if categories is not None:
        unknown = set(categories) - known_categories()
        if unknown:
            raise ValueError(_("Onbekende soorten opleiding: %(codes)s") % {"codes": ", ".join(sorted(unknown))})
    # rights and kinds a provider adds wait for the secretariat (issue 19.2); what it removes counts at once
    eligibility.apply_request(user=user, offer=offer, schemes=schemes, categories=categories)
    if suggested is not None:
        offer.suggested = suggested
    _apply_place(offer)
    offer.full_clean(exclude=["competences"])
    offer.save()
    offer.eligibility_pending = eligibility.record_request(user=user, offer=offer)
    skills = list(Concept.objects.filter(uri__in=competences, concept_type=ConceptType.SKILL))
    if len(skills) != len(set(competences)):
        raise ValueError(_("Niet elke competentie is een ESCO-competentie."))
    offer.competences.set(skills)
    _set_sessions(offer, sessions)
    offer.save(update_fields=["next_start"])
    reindex(offer)
    from .selectors import forget_facet_counts

    forget_facet_counts()
    return offer


# -- bulk import ------------------------------------------------------------------------------------
@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    pending: int = 0  # offers whose asked-for learning rights wait for the secretariat (issue 19.2)
    refused: list[engine.Refusal] = field(default_factory=list)
    tagging: object = None  # the TaggingRun queued for imported offers without competences, if any

    def summary(self) -> str:
        text = f"{self.created} nieuw, {self.updated} bijgewerkt, {len(self.refused)} geweigerd"
        if self.pending:
            text += f"; bij {self.pending} wachten de leerrechten op goedkeuring door het secretariaat"
        if self.tagging is not None:
            text += f"; {self.tagging.total} zonder competenties: automatisch voorstel in de wachtrij"
        return text

    def lines(self) -> list[str]:
        return [f"record {r.record} ({r.external_id or '?'}): {'; '.join(r.reasons)}" for r in self.refused]


def format_of(name: str) -> str:
    """The format a file's name (or suffix) says: ``json`` for ``.json`` in any case, else ``csv``."""
    return "json" if (name or "").lower().endswith(".json") else "csv"


def read_records(content: bytes | str, fmt: str) -> list[dict]:
    """CSV (header row, ',' or ';') or JSON (a list, or {"offers": [...]}) → raw records."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    if fmt == "json":
        try:
            data = json.loads(text)
        except RecursionError:
            raise ValueError(_("Het JSON-bestand is te diep genest.")) from None
        data = data.get("offers", []) if isinstance(data, dict) else data
        if not isinstance(data, list):
            raise ValueError(_("Het JSON-bestand bevat geen lijst van aanbod."))
        return [r if isinstance(r, dict) else {} for r in data]
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;") if text.strip() else csv.excel
    except csv.Error:  # one column: no delimiter to find; every record is then checked (and refused) on its own
        dialect = csv.excel
    try:
        return list(csv.DictReader(io.StringIO(text), dialect=dialect))
    except csv.Error as exc:
        raise ValueError(_("Het CSV-bestand is onleesbaar: %(e)s") % {"e": exc}) from None


def import_file(*, user, provider: Provider, path: Path | str) -> ImportReport:
    path = Path(path)
    records = read_records(path.read_bytes(), format_of(path.suffix))
    return import_offers(user=user, provider=provider, records=records)


def import_offers(*, user, provider: Provider, records: list[dict], today: date | None = None) -> ImportReport:
    """Validate every record; refuse each bad one with its reasons and import the rest.

    Idempotent per (provider, external_id): a second run updates the same offers.
    """
    _require(user, provider)
    today = today or timezone.localdate()
    schemes, categories = known_schemes(), known_categories()
    uris = {u for r in records for u in engine._list(r.get("competences"))}
    skills = set(Concept.objects.filter(uri__in=uris, concept_type=ConceptType.SKILL).values_list("uri", flat=True))
    existing = {o.external_id: o for o in Offer.objects.filter(provider=provider).prefetch_related("sessions")}
    seen_ids: set[str] = set()
    seen_keys = {engine.duplicate_key(o.title, min((s.start_date for s in o.sessions.all()), default=None),
                                      o.postcode): o.external_id for o in existing.values()}
    report = ImportReport()
    for number, raw in enumerate(records, start=1):
        clean, reasons = engine.validate_record(raw, today=today, known_schemes=schemes, known_skills=skills,
                                                known_categories=categories)
        ext = str(raw.get("external_id") or "").strip()
        if clean is not None:
            key = engine.duplicate_key(clean.title, clean.sessions[0] if clean.sessions else None, clean.postcode)
            if ext in seen_ids:
                reasons.append(engine.Msg(engine.gettext_noop("dubbel: external_id '%(v)s' staat al eerder in dit bestand"),
                                          v=ext))
            elif seen_keys.get(key, ext) != ext:
                reasons.append(engine.Msg(engine.gettext_noop("dubbel aanbod: zelfde titel, start en plaats als '%(v)s'"),
                                          v=seen_keys[key]))
            else:
                seen_keys[key] = ext
        if reasons:
            report.refused.append(engine.Refusal(number, ext, reasons))
            continue
        seen_ids.add(ext)
        values = {k: getattr(clean, k) for k in OFFER_FIELDS}
        try:
            with transaction.atomic():
                saved = save_offer(user=user, provider=provider, values=values, competences=clean.competences,
                           schemes=clean.schemes, sessions=clean.sessions, categories=clean.categories,
                           offer=existing.get(ext) or Offer(provider=provider, external_id=ext))
        except Exception as exc:  # a database constraint the validation did not foresee: refuse, go on
            report.refused.append(engine.Refusal(number, ext, [str(exc)]))
            continue
        report.pending += saved.eligibility_pending is not None
        if ext in existing:
            report.updated += 1
        else:
            report.created += 1
    if report.created or report.updated:
        from .tagging import queue_tagging

        # offers imported without competences get suggestions from the extraction engine in the background
        report.tagging = queue_tagging(provider=provider, only_missing=True)
    return report


def put_in_plan(*, user, plan, offer: Offer, skill_uri: str = ""):
    """A recommended offer becomes a training activity of a development plan (for the plan gap it covers:
    ``skill_uri`` is dropped when the offer does not teach it). The plan's own rule decides who may."""
    if skill_uri and not offer.competences.filter(uri=skill_uri).exists():
        skill_uri = ""
    return people_services.add_activity(user=user, plan=plan, kind="training", title=offer.title[:200],
                                        skill_uri=skill_uri, offer_reference=f"kompas:{offer.pk}",
                                        deadline=offer.next_start)


# -- ratings ----------------------------------------------------------------------------------------
def attended(person, offer: Offer) -> bool:

    return Booking.objects.filter(person=person, offer_ref=offer.reference, status=BookingStatus.CONFIRMED).exists()


@transaction.atomic
def rate_offer(*, user, offer: Offer, stars: int, comment: str = "") -> Rating:
    """Only a learner whose attendance the provider confirmed rates the offer (once; a new score replaces it)."""
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise ValueError(_("Geef een score van 1 tot 5."))
    person = person_of(user)
    if person is None or not user.has_role(Role.LEARNER) or not attended(person, offer):
        raise NotAllowed(_("Alleen wie aanwezig was (bevestigd door de aanbieder) kan een score geven."))
    rating, _created = Rating.objects.update_or_create(offer=offer, person=person,
                                                       defaults={"stars": stars, "comment": comment})
    return rating
