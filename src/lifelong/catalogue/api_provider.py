"""JSON API for the training compass's signed-in pages: the recommendations (``/kompas/aanbevelingen/``) and the
provider's own pages (``/kompas/aanbieder/``: its offers, new and edited offers, the import and the background
competence suggestions after it). The same selectors and services as the pages, so the same rules: the
recommendations for learners and counsellors, a provider's offers for its own staff and the secretariat.

Session login; every write checks the CSRF token (``X-CSRFToken`` header). Refusals: ``{"detail", "code"}``."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import Field

from lifelong import errors
from lifelong.people import selectors as people
from lifelong.people.models import DevelopmentPlan
from lifelong.texts import translated
from lifelong.users.models import Role
from lifelong.users.permissions import RoleSession

from . import selectors, services, tagging
from .models import Offer, Provider, TaggingRun

router = Router(tags=["training compass: recommendations and providers"], auth=django_auth)
RECOMMENDING = RoleSession(*services.RECOMMEND_ROLES)  # as /kompas/aanbevelingen/
PROVIDING = RoleSession(*services.PROVIDER_ROLES)  # as /kompas/aanbieder/

SKILL = "http://data.europa.eu/esco/skill/0a2d2b7d-4c5e-4b3c-8e6f-2e0b0a3c9d11"


def _lang() -> str:
    return (get_language() or "nl")[:2]


def _example(**example) -> dict:
    return {"json_schema_extra": {"example": example}}


class NotFound(errors.Refused):
    status = 404
    code = "not_found"


class Invalid(errors.Refused):
    status = 422
    code = "invalid"


# -- recommendations ----------------------------------------------------------------------------------------
class RecommendIn(Schema):
    plan: int | None = Field(None, ge=0, le=2**31,
                             description="a running development plan of mine: recommend for its gaps (the default "
                                         "when I have one and type no skills); 0: none")
    skills: list[str] = Field([], max_length=50,
                              description="competences to develop, one per item: a few words (matched to an ESCO "
                                          "skill, see 'typed') or an ESCO skill URI. To choose another match, send "
                                          "that choice's URI instead of the words")


class NamedSkillOut(Schema):
    uri: str
    label: str
    english: bool = Field(description="the label is the English name (no Dutch one yet)")


class TypedOut(Schema):
    line: str
    matched: NamedSkillOut | None = Field(description="the competence the words were matched to; null: none")
    choices: list[NamedSkillOut] = Field(description="the other competences the words may mean: pick one by "
                                                     "sending its uri")


class PlanRefOut(Schema):
    id: int
    title: str


class RecommendationOut(Schema):
    offer_id: int
    title: str
    provider: str
    next_start: date | None
    price_cents: int
    net_price_cents: int = Field(description="after my rights (the list price without a person)")
    score: float
    reasons: list[str]
    skill_uri: str = Field(description="the wanted competence it covers first ('' when none)")


class RecommendationsOut(Schema):
    plans: list[PlanRefOut]
    plan: PlanRefOut | None
    wanted: list[NamedSkillOut]
    typed: list[TypedOut]
    results: list[RecommendationOut]

    model_config = _example(
        plans=[], plan=None,
        wanted=[{"uri": SKILL, "label": "financiële administratie bijhouden", "english": False}],
        typed=[{"line": "boekhouding", "matched": {"uri": SKILL, "label": "financiële administratie bijhouden",
                                                    "english": False},
                "choices": [{"uri": "http://data.europa.eu/esco/skill/…", "label": "boekhoudkundige technieken",
                             "english": False}]}],
        results=[{"offer_id": 412, "title": "Boekhouden voor beginners", "provider": "Syntra Antwerpen",
                  "next_start": "2027-02-01", "price_cents": 45000, "net_price_cents": 22500, "score": 0.82,
                  "reasons": ["leert financiële administratie bijhouden", "je betaalt 225 euro na je rechten"],
                  "skill_uri": SKILL}])


def _named(uri: str, label) -> NamedSkillOut:
    return NamedSkillOut(uri=uri, label=str(label), english=bool(getattr(label, "fallback", False)))


@router.get("/compass/recommendations", response=RecommendationsOut, auth=RECOMMENDING,
            summary="Offers for the gaps of my development plan, or for competences I type (as the page)")
def recommendations(request, params: Query[RecommendIn]):
    person = people.person_of(request.user)
    plans = people.running_plans(request.user, person) if person is not None else []
    typed, wanted, plan = [], [], None
    if params.skills:
        typed = selectors.typed_skills("\n".join(s.replace("\n", " ") for s in params.skills), {}, _lang())
        wanted = [t["uri"] for t in typed if t["uri"]]
    elif params.plan != 0:
        plan = next((p for p in plans if p.pk == params.plan), None) if params.plan else (plans[0] if plans else None)
        if params.plan and plan is None:
            raise NotFound(_("Dit ontwikkelplan loopt niet (meer) of is niet van jou."))
        if plan is not None:
            wanted = people.plan_gaps(request.user, plan)
    results, labels = selectors.recommendations(person, wanted, language=_lang()) if wanted else ([], {})
    return RecommendationsOut(
        plans=[PlanRefOut(id=p.pk, title=p.title) for p in plans],
        plan=PlanRefOut(id=plan.pk, title=plan.title) if plan else None,
        wanted=[NamedSkillOut(uri=u, label=labels.get(u, u), english=False) for u in wanted],
        typed=[TypedOut(line=t["line"], matched=_named(t["uri"], t["label"]) if t["uri"] else None,
                        choices=[NamedSkillOut(uri=c.uri, label=c.label, english=c.language != _lang())
                                 for c in t["choices"] if c.uri != t["uri"]]) for t in typed],
        results=[RecommendationOut(offer_id=o.pk, title=o.title, provider=o.provider.name, next_start=o.next_start,
                                   price_cents=o.price_cents, net_price_cents=net, score=r.score,
                                   reasons=[w.text(_) for w in r.reasons],
                                   skill_uri=next((u for u in wanted if u in r.covered), ""))
                 for o, r, net in results])


class ToPlanIn(Schema):
    skill_uri: str = Field("", max_length=300, description="the plan gap it is for (dropped if the offer does "
                                                           "not teach it)")

    model_config = _example(skill_uri=SKILL)


class PlannedOut(Schema):
    activity_id: int
    plan_id: int
    title: str
    offer_reference: str

    model_config = _example(activity_id=31, plan_id=3, title="Boekhouden voor beginners",
                            offer_reference="kompas:412")


@router.post("/compass/recommendations/plans/{plan_id}/offers/{offer_id}", response={201: PlannedOut},
             auth=RoleSession(Role.LEARNER),  # as the page: a learner, in their own plan
             summary="Put a recommended offer in my development plan as a training activity")
def put_in_plan(request, plan_id: int, offer_id: int, data: ToPlanIn):
    person = people.person_of(request.user)
    plan = DevelopmentPlan.objects.filter(pk=plan_id, person=person).first() if person is not None else None
    offer = Offer.objects.filter(pk=offer_id, is_active=True).first()
    if plan is None or offer is None:
        raise NotFound(_("Dit ontwikkelplan of dit aanbod bestaat niet (meer)."))
    activity = services.put_in_plan(user=request.user, plan=plan, offer=offer, skill_uri=data.skill_uri)
    return Status(201, PlannedOut(activity_id=activity.pk, plan_id=plan.pk, title=activity.title,
                                  offer_reference=activity.offer_reference))


# -- providers ----------------------------------------------------------------------------------------------
class TaggingOut(Schema):
    id: int
    status: str = Field(description="queued | running | done | failed")
    total: int
    done: int
    percent: int
    suggested: int = Field(description="offers that received at least one suggested competence")
    error: str
    created_at: datetime
    finished_at: datetime | None

    model_config = _example(id=7, status="running", total=120, done=45, percent=37, suggested=30, error="",
                            created_at="2026-11-02T10:15:00Z", finished_at=None)


class ProviderOut(Schema):
    id: int
    name: str
    province: str
    offers: int
    suggestions: TaggingOut | None = Field(description="the newest background competence suggestion run "
                                                       "(queued after an import)")

    model_config = _example(id=4, name="Syntra Antwerpen", province="BE21", offers=57, suggestions=None)


def _tagging_out(run: TaggingRun | None) -> TaggingOut | None:
    if run is None:
        return None
    return TaggingOut(id=run.pk, status=run.status, total=run.total, done=run.done, percent=run.percent,
                      suggested=run.suggested, error=run.error, created_at=run.created_at,
                      finished_at=run.finished_at)


def _managed(request, provider_id: int) -> Provider:
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise NotFound(_("Deze aanbieder bestaat niet."))
    if not services.may_manage(request.user, provider):
        raise services.NotAllowed(_("Alleen medewerkers van deze aanbieder beheren dit aanbod."))
    return provider


@router.get("/provider/providers", response=list[ProviderOut], auth=PROVIDING,
            summary="Provider: the providers whose offers I manage (the secretariat: every one)")
def my_providers(request):
    providers = list(services.managed_providers(request.user))
    runs = tagging.latest_runs(providers)
    return [ProviderOut(id=p.pk, name=p.name, province=p.province, offers=p.offers.filter(is_active=True).count(),
                        suggestions=_tagging_out(runs.get(p.pk))) for p in providers]


class OfferDemandOut(Schema):
    uri: str
    label: str
    demand: float
    other_offers: int


class ProviderOfferOut(Schema):
    id: int
    external_id: str
    title: str
    description: str
    offer_type: str
    mode: str
    language: str
    postcode: str
    municipality: str
    hours: int
    price_cents: int
    schemes: list[str]
    categories: list[str]
    sessions: list[date]
    next_start: date | None
    competences: list[OfferDemandOut] = Field(description="its competences with their demand and competing offers")
    suggested: list[str] = Field(description="ESCO URIs suggested automatically, not yet confirmed")
    score: float = Field(description="mean demand per competing offer: higher = more needed, less offered")

    model_config = _example(
        id=412, external_id="HEF-2027-01", title="Heftruckchauffeur (VCA)", description="Praktijkopleiding",
        offer_type="non_formal", mode="classroom", language="nl", postcode="2000", municipality="Antwerpen",
        hours=40, price_cents=60000, schemes=["opleidingscheques"], categories=[], sessions=["2027-02-01"],
        next_start="2027-02-01", competences=[{"uri": SKILL, "label": "heftruck besturen", "demand": 14.0,
                                               "other_offers": 3}], suggested=[], score=3.5)


def _offer_out(offer: Offer, rows=()) -> ProviderOfferOut:
    return ProviderOfferOut(
        id=offer.pk, external_id=offer.external_id, title=offer.title, description=offer.description,
        offer_type=offer.offer_type, mode=offer.mode, language=offer.language, postcode=offer.postcode,
        municipality=offer.municipality, hours=offer.hours, price_cents=offer.price_cents,
        schemes=offer.scheme_codes, categories=offer.category_codes,
        sessions=[s.start_date for s in offer.sessions.order_by("start_date")], next_start=offer.next_start,
        competences=[OfferDemandOut(uri=g.uri, label=str(g.label), demand=g.demand, other_offers=g.offers) for g in rows],
        suggested=list(offer.suggested or []),
        score=round(sum(g.per_offer for g in rows) / len(rows), 2) if rows else 0.0)


@router.get("/provider/providers/{provider_id}/offers", response=list[ProviderOfferOut], auth=PROVIDING,
            summary="Provider: my active offers against the demand for their competences")
def provider_offers(request, provider_id: int):
    provider = _managed(request, provider_id)
    return [_offer_out(s.offer, s.rows) for s in selectors.provider_scores(provider, language=_lang())]


class ProviderOfferIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=20000)
    offer_type: str = "non_formal"
    qualification: str = Field("", max_length=300)
    eqf_level: int | None = Field(None, ge=1, le=8)
    mode: str = "classroom"
    language: str = "nl"
    postcode: str = Field("", max_length=4)
    municipality: str = Field("", max_length=100)
    hours: int = Field(0, ge=0, le=10000)
    price_cents: int = Field(0, ge=0, le=10**9)
    low_literacy: bool = False
    evening: bool = False
    childcare: bool = False
    completion_rate_pct: int | None = Field(None, ge=0, le=100)
    certification: str = Field("", max_length=200)
    schemes: list[str] = Field([], description="codes of the learning rights that pay for it")
    categories: list[str] = Field([], description="kinds of training the rules care about")
    sessions: list[date] = Field([], description="start dates")
    competences: list[str] = Field([], description="ESCO skill URIs you confirm")

    model_config = _example(
        title="Heftruckchauffeur (VCA)", description="Praktijkopleiding met attest", offer_type="non_formal",
        mode="classroom", language="nl", postcode="2000", hours=40, price_cents=60000,
        schemes=["opleidingscheques"], sessions=["2027-02-01"], competences=[SKILL])


VALUE_FIELDS = ("title", "description", "offer_type", "qualification", "eqf_level", "mode", "language", "postcode",
                "municipality", "hours", "price_cents", "low_literacy", "evening", "childcare",
                "completion_rate_pct", "certification")


def _scored(provider: Provider, offer: Offer) -> ProviderOfferOut:
    """A saved offer as the provider's page lists it: its competences against their demand."""
    rows = next((s.rows for s in selectors.provider_scores(provider, language=_lang()) if s.offer.pk == offer.pk), [])
    return _offer_out(offer, rows)


def _save(request, provider: Provider, offer: Offer | None, data: ProviderOfferIn) -> Offer:
    values = {k: getattr(data, k) for k in VALUE_FIELDS}
    suggested = tagging.suggest_for_offer(data.title, data.description, getattr(data, "language", None))
    try:
        return services.save_offer(user=request.user, provider=provider, values=values, competences=data.competences,
                                   schemes=data.schemes, categories=data.categories, sessions=data.sessions,
                                   offer=offer, suggested=[u for u in suggested if u not in data.competences])
    except ValidationError as exc:
        raise Invalid("; ".join(exc.messages)) from None
    except ValueError as exc:
        raise Invalid(str(exc)) from None


@router.post("/provider/providers/{provider_id}/offers", response={201: ProviderOfferOut}, auth=PROVIDING,
             summary="Provider: a new offer (competences suggested automatically come back in 'suggested')")
def create_offer(request, provider_id: int, data: ProviderOfferIn):
    provider = _managed(request, provider_id)
    return Status(201, _scored(provider, _save(request, provider, None, data)))


@router.put("/provider/offers/{offer_id}", response=ProviderOfferOut, auth=PROVIDING,
            summary="Provider: edit one of my offers (every field; what is left out gets its default)")
def update_offer(request, offer_id: int, data: ProviderOfferIn):
    offer = Offer.objects.filter(pk=offer_id).first()
    if offer is None:
        raise NotFound(_("Dit aanbod bestaat niet."))
    provider = _managed(request, offer.provider_id)
    return _scored(provider, _save(request, provider, offer, data))


class RefusedRecordOut(Schema):
    record: int
    external_id: str
    reasons: list[str]


class ImportOut(Schema):
    created: int
    updated: int
    refused: list[RefusedRecordOut]
    summary: str
    suggestions: TaggingOut | None = Field(description="the background competence suggestions queued for "
                                                       "imported offers without competences")

    model_config = _example(created=12, updated=3, summary="12 nieuw, 3 bijgewerkt, 1 geweigerd",
                            refused=[{"record": 7, "external_id": "HEF-7",
                                      "reasons": ["postcode: geen Belgische postcode"]}], suggestions=None)


@router.post("/provider/providers/{provider_id}/import", response=ImportOut, auth=PROVIDING,
             summary="Provider: import offers from a CSV or JSON file (multipart 'file'); bad records are "
                     "refused with their reasons, the rest imported",
             openapi_extra={"requestBody": {"content": {"multipart/form-data": {"example": {
                 "file": "(aanbod.csv: external_id;title;postcode;price_eur;hours;sessions;schemes;competences)"}}}}})
def import_offers(request, provider_id: int, file: File[UploadedFile]):
    provider = _managed(request, provider_id)
    limit = settings.IMPORT_UPLOAD_MAX_BYTES
    if file.size > limit:
        raise Invalid(_("Dit bestand is te groot (%(size)s MB); het mag hoogstens %(limit)s MB zijn.")
                      % {"size": round(file.size / 1_000_000, 1), "limit": round(limit / 1_000_000, 1)})
    try:
        records = services.read_records(file.read(), services.format_of(file.name))
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid(_("Dit bestand kan ik niet lezen: %(e)s") % {"e": exc}) from None
    report = services.import_offers(user=request.user, provider=provider, records=records)
    return ImportOut(created=report.created, updated=report.updated, summary=report.summary(),
                     refused=[RefusedRecordOut(record=r.record, external_id=r.external_id,
                                               reasons=translated(r.reasons, _)) for r in report.refused],
                     suggestions=_tagging_out(report.tagging))


@router.get("/provider/providers/{provider_id}/import-status", response=TaggingOut | None, auth=PROVIDING,
            summary="Provider: how far the competence suggestions after my last import are (null: none yet)")
def import_status(request, provider_id: int):
    provider = _managed(request, provider_id)
    return _tagging_out(tagging.latest_runs([provider]).get(provider.pk))
