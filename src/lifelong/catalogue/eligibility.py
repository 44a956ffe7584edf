"""The provider gate (issue 19.2): which learning rights and kinds of training count for an offer.

A provider says which rights (``eligible_schemes``) and kinds of training (``funding_categories``, e.g. basic
skills: vouchers at 100 %) its offer is for; that decides who pays. So what a provider *adds* counts only once
the secretariat approves it: ``Offer`` keeps the approved values (the rights engine, the booking and the search
read only those) and the request waits as an ``EligibilityChange`` (who, when, what) on the review page
``/kompas/secretariaat/``, where the secretariat approves it or refuses it with a reason. What a provider
*takes away* counts at once (it can only make the offer cheaper for the funders). The secretariat's own edits
and a trusted source — an official register of recognised trainings imported by the secretariat
(``import_register``, ``lifelong catalogue import-eligibility``) — apply directly and are recorded as approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lifelong.accounts.models import FundingCategory, Scheme
from lifelong.users.models import Role

from .models import EligibilityChange, EligibilityStatus, Offer, Provider


def joined(codes) -> str:
    """Codes as stored on an offer: between commas (``,a,b,``), or empty."""
    codes = sorted(set(codes))
    return "," + ",".join(codes) + "," if codes else ""


def trusted(user) -> bool:
    """The secretariat decides eligibility; its own edits apply at once."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(Role.SECRETARIAT)))


def pending_change(offer: Offer) -> EligibilityChange | None:
    if offer.pk is None:
        return None
    return offer.eligibility_changes.filter(status=EligibilityStatus.PENDING).first()


def apply_request(*, user, offer: Offer, schemes, categories) -> EligibilityChange | None:
    """Set the offer's eligibility as ``user`` asks (before ``offer.save()``); returns the change that now waits
    for the secretariat, if any. ``categories`` None: unchanged. The offer must be saved by the caller; the
    pending change is written afterwards by ``record_request``."""
    wanted_schemes = set(schemes)
    current_schemes = set(offer.scheme_codes) if offer.pk else set()
    current_categories = set(offer.category_codes) if offer.pk else set()
    wanted_categories = current_categories if categories is None else set(categories)
    if trusted(user):
        offer.eligible_schemes, offer.funding_categories = joined(wanted_schemes), joined(wanted_categories)
        offer._eligibility_request = None
        return None
    # what is taken away counts at once; what is added waits for the secretariat
    offer.eligible_schemes = joined(wanted_schemes & current_schemes)
    offer.funding_categories = joined(wanted_categories & current_categories)
    adds = bool(wanted_schemes - current_schemes or wanted_categories - current_categories)
    offer._eligibility_request = (joined(wanted_schemes), joined(wanted_categories), joined(current_schemes),
                                  joined(current_categories)) if adds else None
    return None


def record_request(*, user, offer: Offer) -> EligibilityChange | None:
    """After the offer is saved: keep one pending change with the latest request (or withdraw the pending one
    when nothing is asked beyond what was approved)."""
    request = getattr(offer, "_eligibility_request", None)
    pending = pending_change(offer)
    if request is None:
        if pending is not None and not trusted(user):
            pending.status, pending.decided_at = EligibilityStatus.WITHDRAWN, timezone.now()
            pending.reason = gettext_noop("niet meer gevraagd")
            pending.save(update_fields=["status", "decided_at", "reason"])
        elif pending is not None:  # the secretariat edited the offer itself: that is its decision
            pending.status, pending.decided_by, pending.decided_at = EligibilityStatus.WITHDRAWN, user, timezone.now()
            pending.reason = gettext_noop("vervangen door een aanpassing van het secretariaat")
            pending.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        return None
    schemes, categories, previous_schemes, previous_categories = request
    if pending is not None:
        pending.schemes, pending.categories = schemes, categories
        pending.previous_schemes, pending.previous_categories = previous_schemes, previous_categories
        pending.requested_by, pending.requested_at = user, timezone.now()
        pending.save()
        return pending
    return EligibilityChange.objects.create(offer=offer, schemes=schemes, categories=categories,
                                            previous_schemes=previous_schemes,
                                            previous_categories=previous_categories, requested_by=user)


def _require_secretariat(user) -> None:
    if not trusted(user):
        raise PermissionDenied(_("Alleen het secretariaat keurt leerrechten van aanbod goed."))


def _offer_changed() -> None:
    from .selectors import forget_facet_counts

    forget_facet_counts()


@transaction.atomic
def decide(*, user, change: EligibilityChange, approve: bool, reason: str = "") -> EligibilityChange:
    """Approve (the offer's eligibility becomes what was asked) or refuse (a reason is required; the offer keeps
    its approved values) one pending change."""
    _require_secretariat(user)
    change = EligibilityChange.objects.select_for_update().select_related("offer").get(pk=change.pk)
    if change.status != EligibilityStatus.PENDING:
        raise ValueError(_("Over deze aanvraag is al beslist."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValueError(_("Geef een reden waarom je weigert: de aanbieder leest ze."))
    change.status = EligibilityStatus.APPROVED if approve else EligibilityStatus.REFUSED
    change.decided_by, change.decided_at, change.reason = user, timezone.now(), reason
    change.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if approve:
        offer = change.offer
        offer.eligible_schemes, offer.funding_categories = change.schemes, change.categories
        offer.save(update_fields=["eligible_schemes", "funding_categories", "updated_at"])
        _offer_changed()
    return change


def queue():
    """The pending changes, oldest first (the review page)."""
    return (EligibilityChange.objects.filter(status=EligibilityStatus.PENDING)
            .select_related("offer__provider", "requested_by").order_by("requested_at", "id"))


# -- a trusted source: an official register, imported by the secretariat -------------------------------------
REGISTER_COLUMNS = ("provider", "external_id", "schemes", "categories")


@dataclass
class RegisterReport:
    applied: int = 0
    unchanged: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    def summary(self) -> str:
        return (f"{self.applied} toegepast, {self.unchanged} ongewijzigd, {len(self.refused)} geweigerd")

    def lines(self) -> list[str]:
        return [f"regel {line}: {reason}" for line, reason in self.refused]


def _codes(text) -> list[str]:
    return [c.strip() for c in str(text or "").replace("|", ";").replace(",", ";").split(";") if c.strip()]


def import_register(*, user, records: list[dict], source: str) -> RegisterReport:
    """Eligibility from an official register (e.g. the list of trainings recognised for training leave and
    training vouchers) applies directly: every line names the provider (id), the offer (``external_id``) and the
    rights and kinds that count; a bad line is refused with its reason (line numbers count the header as 1) and
    the rest applies. Each applied line is recorded as an approved change with ``source``."""
    _require_secretariat(user)
    source = (source or "").strip()
    if not source:
        raise ValueError(_("Zeg uit welke bron dit register komt (--source)."))
    schemes_known = set(Scheme.objects.values_list("code", flat=True))
    categories_known = set(FundingCategory.values)
    report = RegisterReport()
    for line, raw in enumerate(records, start=2):
        raw = raw if isinstance(raw, dict) else {}
        provider_id = str(raw.get("provider") or "").strip()
        ext = str(raw.get("external_id") or "").strip()
        schemes, categories = _codes(raw.get("schemes")), _codes(raw.get("categories"))
        reasons = []
        if any("\x00" in str(v or "") for v in raw.values()):
            reasons.append(_("een NUL-teken"))
        provider = Provider.objects.filter(pk=int(provider_id)).first() if provider_id.isdigit() else None
        offer = None
        if provider is None:
            reasons.append(_("onbekende aanbieder '%(v)s'") % {"v": provider_id[:40]})
        elif not ext:
            reasons.append(_("external_id ontbreekt"))
        else:
            offer = Offer.objects.filter(provider=provider, external_id=ext).first()
            if offer is None:
                reasons.append(_("aanbieder %(p)s heeft geen aanbod '%(v)s'") % {"p": provider.pk, "v": ext[:100]})
        unknown = sorted(set(schemes) - schemes_known)
        if unknown:
            reasons.append(_("onbekende leerrechten: %(codes)s") % {"codes": ", ".join(unknown)[:200]})
        unknown = sorted(set(categories) - categories_known)
        if unknown:
            reasons.append(_("onbekende soorten opleiding: %(codes)s") % {"codes": ", ".join(unknown)[:200]})
        if reasons:
            report.refused.append((line, "; ".join(reasons)))
            continue
        with transaction.atomic():
            offer = Offer.objects.select_for_update().get(pk=offer.pk)
            new_schemes, new_categories = joined(schemes), joined(categories)
            if (offer.eligible_schemes, offer.funding_categories) == (new_schemes, new_categories):
                report.unchanged += 1
                continue
            now = timezone.now()
            offer.eligibility_changes.filter(status=EligibilityStatus.PENDING).update(
                status=EligibilityStatus.WITHDRAWN, decided_by=user, decided_at=now,
                reason=gettext_noop("vervangen door een officieel register"))
            EligibilityChange.objects.create(
                offer=offer, schemes=new_schemes, categories=new_categories, previous_schemes=offer.eligible_schemes,
                previous_categories=offer.funding_categories, status=EligibilityStatus.APPROVED, requested_by=user,
                decided_by=user, decided_at=now, source=source[:200])
            offer.eligible_schemes, offer.funding_categories = new_schemes, new_categories
            offer.save(update_fields=["eligible_schemes", "funding_categories", "updated_at"])
        report.applied += 1
    if report.applied:
        _offer_changed()
    return report
