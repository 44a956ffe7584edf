"""Guidance for organisations (issue 14.7, the advice's separate route): a counsellor or bridge figure (a sector
consultant, a trade-union or VDAB counsellor) works with an employer on the employer's consent.

The guide sees the organisation's competence check — only its aggregates (how many staff can do a needed
competence, counts under 5 suppressed by ``employers.plans``) — and its training plan, comments on them and
proposes actions; the employer takes a proposal into the plan or not. No individual's data: a staff member's
profile needs that person's own consent (``guidance``), which this route never gives. Every look and act is in
the organisation's log, refused attempts too; the employer sees it and can revoke the consent at any time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from lifelong.catalogue.models import Offer
from lifelong.employers.plans import coverage, plan_of
from lifelong.guidance.models import GUIDE_ROLES
from lifelong.guidance.selectors import NoConsent
from lifelong.organisations.models import ItemKind, Organisation, PlanItem, TrainingPlan
from lifelong.organisations.selectors import is_staff_of
from lifelong.users.models import User

from .models import OrganisationAccessLog, OrganisationComment, OrganisationConsent, ProposalStatus
from .selectors import is_guide
from .services import Refused

MAX_DAYS = 730  # as a person's consent: two years at most, renewed when still needed


class NoOrganisationConsent(NoConsent):
    """The guide has no consent in force of this organisation (403)."""


class NotYours(PermissionDenied):
    """Only someone who answers for the organisation may do this (403)."""


def _label(user) -> str:
    return f"{user} ({user.get_role_display()})"[:200]


# -- reads ---------------------------------------------------------------------------------------------------------
def consent_in_force(guide, organisation_id: int, at=None) -> OrganisationConsent | None:
    at = at or timezone.now()
    if not is_guide(guide) or not guide.is_active:
        return None
    return (OrganisationConsent.objects.filter(guide=guide, organisation_id=organisation_id, revoked_at__isnull=True,
                                               valid_from__lte=at, valid_until__gt=at)
            .order_by("-valid_until").first())


def _log(user, organisation_id: int, action, *, consent=None, refused: bool = False) -> None:
    with override(settings.LANGUAGE_CODE):  # stored in Dutch, like a person's access log
        text = f"{_('Geweigerd')}: {action}" if refused else str(action)
        OrganisationAccessLog.objects.create(organisation_id=organisation_id, actor=user, actor_label=_label(user),
                                             action=text[:200], consent=consent, refused=refused)


def require_organisation_access(user, organisation_id: int, *, action) -> OrganisationConsent:
    """Pass a guide with a consent in force of the organisation, and log it; refuse (403) otherwise. A guide's
    refused attempt on an existing organisation is logged for it too; other roles are refused unlogged."""
    if not is_guide(user):
        raise NoOrganisationConsent(_("Dit kan alleen een loopbaanbegeleider of brugfiguur."))
    consent = consent_in_force(user, organisation_id)
    if consent is None:
        if Organisation.objects.filter(pk=organisation_id).exists():
            _log(user, organisation_id, action, refused=True)
        raise NoOrganisationConsent(_("Deze organisatie gaf je geen geldige toestemming."))
    _log(user, organisation_id, action, consent=consent)
    return consent


def organisations_guided(user) -> list[OrganisationConsent]:
    """The organisations that gave this guide a consent in force (one consent each, the longest running)."""
    now = timezone.now()
    seen, out = set(), []
    for consent in (OrganisationConsent.objects.filter(guide=user, revoked_at__isnull=True, valid_from__lte=now,
                                                       valid_until__gt=now)
                    .select_related("organisation").order_by("organisation__name", "-valid_until")):
        if consent.organisation_id not in seen:
            seen.add(consent.organisation_id)
            out.append(consent)
    return out


@dataclass
class OrganisationFile:
    organisation: Organisation
    consent: OrganisationConsent
    year: int
    coverage: list  # employers.plans.Coverage: aggregates only
    plan: TrainingPlan | None
    items: list
    comments: list


def organisation_file(user, organisation_id: int, *, year: int | None = None, language: str = "nl") -> OrganisationFile:
    """What a guide sees of an organisation (logged): the competence check's aggregates, the year's training
    plan and the comments. Staff names, contracts and individual claims are not part of it."""
    consent = require_organisation_access(user, organisation_id,
                                          action=gettext_lazy("competentiecheck en opleidingsplan bekeken"))
    organisation = consent.organisation
    year = year or timezone.localdate().year
    plan = plan_of(organisation, year)
    return OrganisationFile(
        organisation=organisation, consent=consent, year=year,
        coverage=coverage(organisation, on=timezone.localdate(), language=language), plan=plan,
        items=list(plan.items.select_related("offer")) if plan else [],
        comments=list(OrganisationComment.objects.filter(organisation=organisation, year=year)
                      .select_related("proposal_offer")))


def consents_of(organisation):
    return OrganisationConsent.objects.filter(organisation=organisation).select_related("guide")


def access_log_of(organisation, limit: int = 100):
    return OrganisationAccessLog.objects.filter(organisation=organisation)[:limit]


def comments_of(organisation):
    return OrganisationComment.objects.filter(organisation=organisation).select_related("proposal_offer")


# -- writes by the employer ----------------------------------------------------------------------------------------
def _require_staff(user, organisation_id: int) -> None:
    if not (user.is_authenticated and user.role == "employer" and is_staff_of(user, organisation_id)):
        raise NotYours(_("Dit kan alleen wie voor deze organisatie antwoordt."))


@transaction.atomic
def grant(*, by, organisation_id: int, guide_email: str, days: int = 365) -> OrganisationConsent:
    """The employer lets a counsellor or bridge figure (found by e-mail address) see the organisation's
    competence check and training plan, and comment on them, for ``days`` days."""
    _require_staff(by, organisation_id)
    guide = User.objects.filter(email__iexact=(guide_email or "").strip(), is_active=True, role__in=GUIDE_ROLES).first()
    if guide is None:
        raise Refused(_("We vinden geen loopbaanbegeleider of brugfiguur met dit e-mailadres."), code="no_such_guide")
    if not 1 <= days <= MAX_DAYS:
        raise Refused(_("Kies een periode van 1 tot %(n)d dagen.") % {"n": MAX_DAYS})
    now = timezone.now()
    return OrganisationConsent.objects.create(organisation_id=organisation_id, guide=guide, given_by=by,
                                              given_by_label=_label(by), valid_from=now,
                                              valid_until=now + timedelta(days=days))


@transaction.atomic
def revoke(*, by, consent_id: int) -> OrganisationConsent:
    consent = OrganisationConsent.objects.select_for_update().filter(pk=consent_id).first()
    if consent is None:
        raise NotYours(_("Dit kan alleen wie voor deze organisatie antwoordt."))
    _require_staff(by, consent.organisation_id)
    if consent.revoked_at is None:
        consent.revoked_at, consent.revoked_by_label = timezone.now(), _label(by)
        consent.save(update_fields=["revoked_at", "revoked_by_label"])
    return consent


@transaction.atomic
def decide_proposal(*, by, comment_id: int, take: bool) -> OrganisationComment:
    """The employer takes a guide's proposed action into the year's training plan (a new action), or not."""
    comment = OrganisationComment.objects.select_for_update().filter(pk=comment_id).first()
    if comment is None:
        raise NotYours(_("Dit kan alleen wie voor deze organisatie antwoordt."))
    _require_staff(by, comment.organisation_id)
    if comment.status != ProposalStatus.PROPOSED:
        raise Refused(_("Over dit voorstel is al beslist."), code="decided")
    if take:
        plan, _created = TrainingPlan.objects.get_or_create(organisation_id=comment.organisation_id, year=comment.year)
        item = PlanItem.objects.create(
            plan=plan, kind=ItemKind.COMPASS_OFFER if comment.proposal_offer_id else ItemKind.INFORMAL,
            offer=comment.proposal_offer, title=comment.proposal_title[:300], deadline=comment.proposal_deadline)
        comment.plan_item_id, comment.status = item.pk, ProposalStatus.TAKEN
    else:
        comment.status = ProposalStatus.DECLINED
    comment.decided_by_label = _label(by)
    comment.save(update_fields=["plan_item_id", "status", "decided_by_label"])
    return comment


# -- writes by the guide ---------------------------------------------------------------------------------------------
def add_comment(*, user, organisation_id: int, text: str, proposal_title: str = "", offer_id: int | None = None,
                deadline: date | None = None, year: int | None = None) -> OrganisationComment:
    """A comment on the competence check or the plan; with a title it is a proposed action the employer decides
    on. (The gate runs before the transaction: a refused attempt stays in the organisation's log.)"""
    action = gettext_lazy("actie voorgesteld") if proposal_title.strip() else gettext_lazy("opmerking geschreven")
    require_organisation_access(user, organisation_id, action=action)
    if not text.strip():
        raise Refused(_("Schrijf eerst iets in de opmerking."))
    offer = None
    if offer_id:
        offer = Offer.objects.filter(pk=offer_id).first()
        if offer is None:
            raise Refused(_("Deze opleiding bestaat niet (meer) in het opleidingskompas."))
    if (offer or deadline) and not proposal_title.strip():
        raise Refused(_("Geef de voorgestelde actie een naam."))
    return OrganisationComment.objects.create(
        organisation_id=organisation_id, author=user, author_label=_label(user),
        year=year or timezone.localdate().year, text=text.strip()[:3000], proposal_title=proposal_title.strip()[:300],
        proposal_offer=offer, proposal_deadline=deadline,
        status=ProposalStatus.PROPOSED if proposal_title.strip() else ProposalStatus.NONE)
