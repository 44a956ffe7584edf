"""Top-ups by employers and sector funds (issue 13.6): extra training budget for a group of people.

The funder pays the budget in first: ``amount × recipients`` goes to the funder's own available account of the
scheme (``employer_topup`` for an employer, ``sector_topup`` for a sector fund; from the scheme's funding
account, with the funder's user as actor and the reason as memo); then each recipient's share moves from that
account to the recipient's available account (``transfer_to_person``), so no recipient gets money that was not
paid in, and a replay books nothing twice. The recipients see it under "Mijn rechten" as a right with its source
(the memo names the funder and the reason) and can spend it on compass offers that list the scheme.

Who receives it: the funder's staff on that day (an employer: all its staff or one joint committee of it;
a sector fund: every person whose contract that day is in its joint committee) or a chosen list of people
(a target group) among those."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong.accounts.services import IdempotencyConflict, NotAllowed, Refused, accrue
from lifelong.accounts.services.organisation_ledger import transfer_to_person
from lifelong.organisations.models import (
    Employment,
    Organisation,
    OrganisationKind,
    TopUp,
    TopUpGroup,
)
from lifelong.people.models import Person

MAX_CENTS_PER_PERSON = 1_000_000  # € 10.000 a person: a typing error guard, not a rule of law


def scheme_for(funder: Organisation) -> str:
    return "sector_topup" if funder.kind == OrganisationKind.SECTOR_FUND else "employer_topup"


def recipients(*, funder: Organisation, group: str, on: date, joint_committee: str = "",
               person_ids: list[int] | None = None) -> list[int]:
    """The people the top-up goes to (person ids, sorted)."""
    running = Employment.objects.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    if funder.kind == OrganisationKind.SECTOR_FUND:
        if not joint_committee:
            raise Refused(_("Een sectorfonds kiest het paritair comité van zijn sector."))
        pool = running.filter(joint_committee=joint_committee)
    else:
        pool = running.filter(organisation=funder)
        if group == TopUpGroup.JOINT_COMMITTEE:
            if not joint_committee:
                raise Refused(_("Kies een paritair comité."))
            pool = pool.filter(joint_committee=joint_committee)
    ids = set(pool.values_list("person_id", flat=True))
    if group == TopUpGroup.PEOPLE:
        chosen = {int(p) for p in (person_ids or [])}
        outside = sorted(chosen - ids)
        if outside:
            raise NotAllowed(_("Deze mensen horen niet bij je personeel of je sector: %(p)s")
                             % {"p": ", ".join(map(str, outside))})
        ids = chosen
    if not ids:
        raise Refused(_("Niemand voldoet aan deze keuze: er is niets geboekt."))
    return sorted(ids)


def grant(*, user, funder: Organisation, group: str, amount_cents: int, reason: str, idempotency_key: str,
          joint_committee: str = "", person_ids: list[int] | None = None, on: date | None = None) -> TopUp:
    """Pay in and share out a top-up: all or nothing, once per key."""
    on = on or timezone.localdate()
    if not user.organisations.filter(pk=funder.pk).exists():
        raise NotAllowed(_("Je werkt niet voor deze organisatie."))
    if group not in TopUpGroup.values:
        raise Refused(_("Kies voor wie: alle medewerkers, een paritair comité of gekozen mensen."))
    if isinstance(amount_cents, bool) or not isinstance(amount_cents, int) or not 0 < amount_cents <= MAX_CENTS_PER_PERSON:
        raise Refused(_("Het bedrag per persoon ligt tussen 1 cent en € 10.000."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Schrijf waarom je dit budget geeft; de ontvangers zien het."))
    if not idempotency_key or len(idempotency_key) > 150:
        raise Refused(_("Elke opdracht heeft een sleutel (idempotency key) van 1 tot 150 tekens nodig."))
    key = f"topup:{funder.pk}:{idempotency_key}"
    existing = TopUp.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same(existing, group, amount_cents)
    scheme = scheme_for(funder)
    people = recipients(funder=funder, group=group, on=on, joint_committee=joint_committee, person_ids=person_ids)
    memo = (_("%(funder)s: %(why)s") % {"funder": funder.name, "why": reason})[:300]
    try:
        return _grant(user=user, funder=funder, group=group, amount_cents=amount_cents, reason=reason, key=key,
                      joint_committee=joint_committee, people=people, on=on, scheme=scheme, memo=memo)
    except IntegrityError:  # a racing twin with the same key won
        existing = TopUp.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _same(existing, group, amount_cents)


@transaction.atomic
def _grant(*, user, funder, group, amount_cents, reason, key, joint_committee, people, on, scheme, memo) -> TopUp:
    top_up = TopUp.objects.create(funder=funder, scheme_code=scheme, group=group, joint_committee=joint_committee,
                                  amount_cents=amount_cents, reason=reason[:300], recipients=len(people), on=on,
                                  idempotency_key=key, created_by=user)
    accrue(organisation=funder, scheme_code=scheme, amount=amount_cents * len(people), on=on, actor=user,
           idempotency_key=f"{key}:fund", memo=(_("gestort door %(f)s: %(why)s")
                                                % {"f": funder.name, "why": reason})[:300])
    for person in Person.objects.filter(pk__in=people).order_by("pk"):
        transfer_to_person(organisation=funder, person=person, scheme_code=scheme, amount=amount_cents, on=on,
                           idempotency_key=f"{key}:{person.pk}", actor=user, memo=memo)
    return top_up


def _same(existing: TopUp, group: str, amount_cents: int) -> TopUp:
    if existing.group != group or existing.amount_cents != amount_cents:
        raise IdempotencyConflict(_("Deze sleutel werd al gebruikt voor een ander budget."))
    return existing


def top_ups_of(funder: Organisation) -> list[TopUp]:
    return list(TopUp.objects.filter(funder=funder).select_related("created_by"))
