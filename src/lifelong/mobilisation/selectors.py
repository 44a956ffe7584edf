"""Reads of mobilisation: a segment's rule as one database query, its size and make-up, and a campaign's
reach and effect. Counts under ``SMALL_CELL`` are suppressed in every table and export."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from lifelong.accounts.models import AccountKind, Booking, BookingStatus, LedgerAccount
from lifelong.people.models import CompetenceCheck, DevelopmentPlan, Person
from lifelong.reference import NACE_SECTIONS, PROVINCES

from . import engine
from .models import (
    BridgeTask,
    CallToAction,
    Campaign,
    CampaignStatus,
    Delivery,
    DeliveryStatus,
    Segment,
)

SMALL_CELL = 10
ACT_WITHIN_DAYS = 30
REFERENCE_CHOICES = {"province": tuple(PROVINCES), "sector": tuple(NACE_SECTIONS)}


def validate_rule(rule) -> None:
    engine.validate(rule, choices=REFERENCE_CHOICES)


def _condition(node, today) -> Q:
    if "all" in node:
        q = Q()
        for child in node["all"]:
            q &= _condition(child, today)
        return q
    if "any" in node:
        q = Q(pk__in=[])
        for child in node["any"]:
            q |= _condition(child, today)
        return q
    fact, op, value = node["fact"], node["op"], node["value"]
    if fact == "age":  # age this calendar year = year − birth year
        year = today.year
        bound = {"=": "exact", "!=": "exact", "<": "gt", "<=": "gte", ">": "lt", ">=": "lte"}[op]
        q = Q(**{f"birth_year__{bound}": year - value})
        return ~q if op == "!=" else q
    if fact in ("has_email", "has_check", "has_plan", "has_booking"):
        q = {"has_email": Q(user__isnull=False) & ~Q(user__email=""),
             "has_check": Q(Exists(CompetenceCheck.objects.filter(person=OuterRef("pk")))),
             "has_plan": Q(Exists(DevelopmentPlan.objects.filter(person=OuterRef("pk")))),
             "has_booking": Q(Exists(Booking.objects.filter(person=OuterRef("pk"))))}[fact]
        return q if value else ~q
    if fact == "rights_expire_within_days":
        return Q(Exists(LedgerAccount.objects.filter(
            person=OuterRef("pk"), kind=AccountKind.AVAILABLE, balance__gt=0,
            period_end__gte=today, period_end__lte=today + timedelta(days=value))))
    field = {"firm_size": "employer__size_class"}.get(fact, fact)
    if op in ("in", "not_in"):
        q = Q(**{f"{field}__in": value})
        return ~q if op == "not_in" else q
    q = Q(**{field: value})
    return ~q if op == "!=" else q


def segment_filter(rule, today=None) -> Q:
    """The rule as one filter on ``Person`` (the same answers as ``engine.evaluate``; a test compares)."""
    validate_rule(rule)
    return _condition(rule, today or timezone.localdate())


def members(segment: Segment, today=None):
    return Person.objects.filter(segment_filter(segment.rule, today))


def facts_of(person, today=None) -> dict:
    """One person's facts as the engine reads them (used to explain and to test the query)."""
    today = today or timezone.localdate()
    lapse = (LedgerAccount.objects.filter(person=person, kind=AccountKind.AVAILABLE, balance__gt=0,
                                          period_end__gte=today).order_by("period_end")
             .values_list("period_end", flat=True).first())
    return {
        "age": today.year - person.birth_year, "education_level": person.education_level,
        "labour_status": person.labour_status, "sex": person.sex, "province": person.province,
        "sector": person.sector, "firm_size": person.employer.size_class if person.employer_id else None,
        "has_email": bool(person.user_id and person.user.email),
        "has_check": person.checks.exists(), "has_plan": person.development_plans.exists(),
        "has_booking": person.bookings.exists(),
        "rights_expire_within_days": (lapse - today).days if lapse else None,
    }


def suppress(n: int) -> int | None:
    """A count small enough to point at people is not shown (None)."""
    return n if n >= SMALL_CELL else None


def segment_sizes(segments=None) -> list[dict]:
    segments = list(segments if segments is not None else Segment.objects.filter(active=True))
    return [{"segment": s, "size": members(s).count()} for s in segments]


def composition(segment: Segment) -> dict[str, list[tuple[str, int | None]]]:
    """The make-up of a segment by education, labour status, age band and province (small cells hidden)."""
    rows = members(segment).values_list("education_level", "labour_status", "birth_year", "province")
    year = timezone.localdate().year
    out = {"education_level": Counter(), "labour_status": Counter(), "age": Counter(), "province": Counter()}
    for education, labour, born, province in rows:
        out["education_level"][education] += 1
        out["labour_status"][labour] += 1
        age = year - born
        out["age"]["<25" if age < 25 else "25-44" if age < 45 else "45-54" if age < 55 else "55+"] += 1
        out["province"][province] += 1
    return {k: [(v, suppress(n)) for v, n in sorted(c.items())] for k, c in out.items()}


def _acted(deliveries, campaign: Campaign) -> int:
    """How many of these people did the campaign's call to action within 30 days of the sending."""
    start = campaign.sent_at
    if start is None:
        return 0
    end = start + timedelta(days=ACT_WITHIN_DAYS)
    people = deliveries.values("person_id")
    if campaign.call_to_action == CallToAction.CHECK:
        did = CompetenceCheck.objects.filter(person_id__in=people, started_at__gte=start, started_at__lt=end)
    elif campaign.call_to_action == CallToAction.BOOK:
        did = Booking.objects.filter(person_id__in=people, created_at__gte=start, created_at__lt=end).exclude(
            status=BookingStatus.CANCELLED)
    else:  # seeing one's rights: opening the link is the act (the hold-out has no link: it cannot act)
        return deliveries.filter(opened_at__isnull=False, opened_at__lt=end).count()
    return did.values("person_id").distinct().count()


def reach(campaign: Campaign) -> dict:
    """Targeted, delivered, bounced, opened and acted, the hold-out and the effect with its 95 % interval,
    and the same per active segment the people belong to (small cells suppressed)."""
    deliveries = Delivery.objects.filter(campaign=campaign)
    treated = deliveries.exclude(status=DeliveryStatus.HELD_OUT)
    holdout = deliveries.filter(status=DeliveryStatus.HELD_OUT)
    counts = Counter(treated.values_list("status", flat=True))
    targeted, n_holdout = treated.count(), holdout.count()
    acted, holdout_acted = _acted(treated, campaign), _acted(holdout, campaign)
    eff = engine.effect(acted, targeted, holdout_acted, n_holdout)
    by_segment = []
    for segment in Segment.objects.filter(active=True):
        inside = Person.objects.filter(segment_filter(segment.rule)).values("pk")
        seg_treated = treated.filter(person_id__in=inside)
        n = seg_treated.count()
        if n == 0:
            continue
        by_segment.append({"segment": segment.code, "targeted": suppress(n),
                           "delivered": suppress(seg_treated.filter(status=DeliveryStatus.SENT).count()),
                           "acted": suppress(_acted(seg_treated, campaign)) if n >= SMALL_CELL else None})
    return {
        "targeted": targeted,
        "delivered": counts[DeliveryStatus.SENT],
        "bounced": counts[DeliveryStatus.BOUNCED],
        "skipped": counts[DeliveryStatus.SKIPPED],
        "letters": treated.filter(channel="letter", status=DeliveryStatus.SENT).count(),
        "opened": treated.filter(opened_at__isnull=False).count(),
        "sms_parts": treated.filter(channel="sms").aggregate(n=Sum("parts"))["n"] or 0,
        "bridge_tasks": treated.filter(channel="bridge", status=DeliveryStatus.SENT).count(),
        "acted": acted,
        "holdout": n_holdout,
        "holdout_acted": holdout_acted,
        "effect": {"difference": eff.difference, "ci95": list(eff.ci95) if eff.ci95 else None},
        "by_segment": by_segment,
    }


def skip_reasons(campaign: Campaign) -> list[tuple[str, int]]:
    return Counter(Delivery.objects.filter(campaign=campaign, status__in=[
        DeliveryStatus.SKIPPED, DeliveryStatus.BOUNCED]).values_list("reason", flat=True)).most_common()


def tasks_of(guide):
    """A guide's tasks to pass a message on, open ones first."""
    return BridgeTask.objects.filter(guide=guide).select_related("person")[:300]


def dashboard_reach(limit: int = 5) -> list[dict]:
    """The latest campaigns that went out, for the dashboard beside the target groups: targeted, delivered,
    opened and acted, overall and per segment, every count under 10 suppressed, and the effect."""
    rows = []
    for campaign in (Campaign.objects.filter(status__in=[CampaignStatus.SENT, CampaignStatus.SENDING])
                     .select_related("segment").order_by("-sent_at")[:limit]):
        r = reach(campaign)
        rows.append({"campaign": campaign, "targeted": suppress(r["targeted"]), "delivered": suppress(r["delivered"]),
                     "opened": suppress(r["opened"]), "acted": suppress(r["acted"]), "holdout": suppress(r["holdout"]),
                     "effect": r["effect"] if suppress(r["acted"]) is not None else None,
                     "by_segment": r["by_segment"]})
    return rows


def preference_of(person) -> dict:
    """A person's wishes as a form's initial values (empty when they chose nothing)."""
    from .models import Preference

    p = Preference.objects.filter(person=person).first()
    if p is None:
        return {}
    return {"channel": p.channel, "phone": p.phone, "quiet_from": p.quiet_from, "quiet_until": p.quiet_until,
            "no_campaigns": p.no_campaigns, "no_email": p.no_email, "no_kinds": p.no_kinds, "consents": p.consents}


def notice_summary() -> list[dict]:
    """The account's notices by kind, status and reason (counts under 10 suppressed)."""
    from django.db.models import Count

    from .models import Notice

    rows = Notice.objects.values("kind", "status", "reason").annotate(n=Count("pk")).order_by("kind", "status", "reason")
    return [{"kind": r["kind"], "status": r["status"], "reason": r["reason"], "n": suppress(r["n"])} for r in rows]
