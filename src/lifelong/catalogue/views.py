"""Pages of the training compass: thin; reads through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.accounts.models import FundingCategory
from lifelong.accounts.selectors import scheme_choices
from lifelong.people import selectors as people
from lifelong.people.models import DevelopmentPlan
from lifelong.reference import PROVINCE_CHOICES
from lifelong.taxonomy.models import Concept
from lifelong.taxonomy.selectors import labels_of
from lifelong.texts import translated
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import eligibility, selectors, services, tagging
from .forms import (
    DecisionForm,
    ImportForm,
    OfferForm,
    RatingForm,
    RegisterForm,
    SearchForm,
    SkillsForm,
)
from .geo import place_of
from .models import EligibilityChange, EligibilityStatus, Offer, Provider

PROVIDER_ROLES = services.PROVIDER_ROLES
GAP_ROLES = (Role.PROVIDER, Role.SECRETARIAT, Role.ANALYST, Role.PARTNERSHIP, Role.OBSERVER)


def _lang() -> str:
    return (get_language() or "nl")[:2]


def _scheme_choices():

    return scheme_choices(beneficiary="person")


def search(request):
    form = SearchForm(request.GET or None, schemes=_scheme_choices())
    f, skill, person = selectors.Filters(), None, people.person_of(request.user)
    if form.is_valid():
        d = form.cleaned_data
        skill = selectors.resolve_skill(d["competentie"], _lang())
        f = selectors.Filters(q=d["q"], competence=skill.uri if skill else "", offer_type=d["soort"],
                              mode=d["vorm"], province=d["provincie"], scheme=d["leerrecht"], language=d["taal"],
                              max_price_cents=d["max_prijs"] * 100 if d["max_prijs"] is not None else None,
                              start_from=d["vanaf"], sort=d["sorteer"] or "relevance", max_km=d["max_km"],
                              near=place_of(d["postcode"] or (person.postcode if person else ""))[2])
        if d["competentie"] and skill is None:
            f.competence = "-"  # words that name no competence: no results, said on the page
    result = selectors.search_offers(f, person=person)
    labels = dict(form.fields["soort"].choices + form.fields["vorm"].choices + form.fields["provincie"].choices
                  + form.fields["leerrecht"].choices + form.fields["taal"].choices)
    context = {"form": form, "result": result, "skill": skill,
               "skill_label": labels_of([skill.id], _lang())[skill.id] if skill else None,
               "facet_labels": labels, "person": person, "unknown_skill": f.competence == "-"}
    template = "catalogue/_results.html" if request.headers.get("HX-Request") else "catalogue/search.html"
    return render(request, template, context)


def detail(request, pk: int):
    offer = get_object_or_404(Offer.objects.select_related("provider"), pk=pk, is_active=True)
    person = people.person_of(request.user)
    learner = bool(person and request.user.has_role(Role.LEARNER))
    can_rate = learner and services.attended(person, offer)
    return render(request, "catalogue/detail.html", {
        "offer": offer, "skills": selectors.offer_labels(offer, _lang()), "rating": selectors.rating_of(offer),
        "net": selectors.net_price(person, offer) if person else None, "can_book": learner,
        "can_rate": can_rate, "rating_form": RatingForm() if can_rate else None,
        "can_edit": services.may_manage(request.user, offer.provider),
        "categories": _category_labels(offer),
    })


def _category_labels(offer: Offer) -> list[str]:

    labels = dict(FundingCategory.choices)
    return [str(labels.get(code, code)) for code in offer.category_codes]


@require_POST
@role_required(Role.LEARNER)
def rate(request, pk: int):
    offer = get_object_or_404(Offer, pk=pk, is_active=True)
    form = RatingForm(request.POST)
    if form.is_valid():
        services.rate_offer(user=request.user, offer=offer, stars=form.cleaned_data["stars"],
                            comment=form.cleaned_data["comment"])
        messages.success(request, _("Bedankt, je score is bewaard."))
    return redirect("catalogue:detail", pk=offer.pk)


@role_required(*services.RECOMMEND_ROLES)
def recommend(request):
    """Recommendations for the gaps in your running POP (the default when you have one), or for the
    competences you type."""

    person = people.person_of(request.user)
    form = SkillsForm(request.POST or None, initial={"skills": request.session.get("kompas_skills", "")})
    resolved, results, labels, wanted = [], [], {}, []
    plans = people.running_plans(request.user, person) if person is not None else []
    plan = next((p for p in plans if str(p.pk) == request.GET.get("pop")), plans[0] if plans else None)
    text = request.session.get("kompas_skills", "")
    if request.method == "POST" and form.is_valid():
        text, plan = form.cleaned_data["skills"], None
        request.session["kompas_skills"] = text
    if request.GET.get("pop") == "0":
        plan = None
    picks = request.session.get("kompas_picks", {})
    if request.method == "POST" and "pick" in request.POST:  # the reader chose among the matches of a line
        picks = {**picks, request.POST.get("line", ""): request.POST.get("pick", "")}
        request.session["kompas_picks"] = picks
        return redirect(f"{reverse('catalogue:recommend')}?pop=0")
    if plan is not None:
        wanted = people.plan_gaps(request.user, plan)
    else:
        resolved = selectors.typed_skills(text, picks, _lang())
        wanted = [r["uri"] for r in resolved if r["uri"]]
    if wanted:
        results, labels = selectors.recommendations(person, wanted, language=_lang())
    return render(request, "catalogue/recommend.html", {
        "form": form, "person": person, "plans": plans, "plan": plan,
        "plan_gaps": [labels.get(u, u) for u in wanted] if plan is not None else [],
        "resolved": resolved,
        "results": [{"offer": o, "score": r.score, "net": net, "reasons": [w.text(_) for w in r.reasons],
                     "skill": next((u for u in wanted if u in r.covered), "")}
                    for o, r, net in results],
    })


@role_required(Role.LEARNER)
@require_POST
def recommend_to_plan(request, plan_id: int, offer_id: int):
    """Put a recommended offer in your POP as a training activity (for the first plan gap it covers)."""

    person = people.person_of(request.user)
    plan = get_object_or_404(DevelopmentPlan, pk=plan_id, person=person) if person is not None else None
    if plan is None:
        raise Http404
    offer = get_object_or_404(Offer, pk=offer_id, is_active=True)
    services.put_in_plan(user=request.user, plan=plan, offer=offer, skill_uri=request.POST.get("skill", ""))
    messages.success(request, _("“%(title)s” staat in je ontwikkelplan.") % {"title": offer.title})
    return redirect(f"{reverse('catalogue:recommend')}?pop={plan.pk}")


# -- providers ------------------------------------------------------------------------------------------
def _managed_provider(request, provider_id: int) -> Provider:
    provider = get_object_or_404(Provider, pk=provider_id)
    if not services.may_manage(request.user, provider):
        raise PermissionDenied
    return provider


@role_required(*PROVIDER_ROLES)
def provider_home(request):
    providers = services.managed_providers(request.user)
    runs = tagging.latest_runs(providers)
    return render(request, "catalogue/provider.html", {
        "providers": [(p, selectors.provider_scores(p, language=_lang()), runs.get(p.pk)) for p in providers]})


@role_required(*PROVIDER_ROLES)
@require_POST
def tag_request(request, provider_id: int):
    """Queue automatic competence suggestions for the provider's offers without competences."""
    provider = _managed_provider(request, provider_id)
    if tagging.queue_tagging(provider=provider, only_missing=True) is None:
        messages.info(request, _("Al je aanbod heeft competenties of voorstellen."))
    else:
        messages.success(request, _("We stellen competenties voor. Dat gebeurt op de achtergrond; "
                                    "volg de voortgang hieronder."))
    return redirect("catalogue:provider")


def _competence_choices(offer: Offer | None, suggested: list[str]):
    current = list(offer.competences.values_list("uri", flat=True)) if offer and offer.pk else []
    uris = list(dict.fromkeys(current + suggested))

    ids = dict(Concept.objects.filter(uri__in=uris).values_list("uri", "id"))
    local = labels_of(ids.values(), _lang())
    return [(u, f"{local[ids[u]]}" + ("" if u in current else f" ({_('automatisch voorgesteld')})"))
            for u in uris if u in ids]


def _edit(request, provider: Provider, offer: Offer | None):
    suggested = list(offer.suggested) if offer else []
    form = OfferForm(request.POST or None, instance=offer, schemes=_scheme_choices(),
                     competence_choices=_competence_choices(offer, suggested))
    pending = eligibility.pending_change(offer) if offer else None
    if pending is not None:  # the form shows what was asked, so that saving again does not withdraw it
        form.initial["schemes"], form.initial["categories"] = pending.scheme_codes, pending.category_codes
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        values = {k: d[k] for k in form.Meta.fields} | {"price_cents": d["price_eur"]}
        competences = list(d["competence_uris"])
        extra = selectors.resolve_skill(d["extra_competence"], _lang())
        if d["extra_competence"] and extra is None:
            form.add_error("extra_competence", _("Geen ESCO-competentie gevonden voor deze woorden."))
        else:
            if extra:
                competences.append(extra.uri)
            new_suggestions = tagging.suggest_for_offer(d["title"], d["description"], d.get("language"))
            try:
                saved = services.save_offer(user=request.user, provider=provider, values=values,
                                            competences=competences, schemes=d["schemes"],
                                            categories=d["categories"],
                                            sessions=d["sessions_text"], offer=offer,
                                            suggested=[u for u in new_suggestions if u not in competences])
            except (ValidationError, ValueError) as exc:
                form.add_error(None, "; ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("Het aanbod is bewaard. Kijk de voorgestelde competenties na."))
                if saved.eligibility_pending is not None:
                    messages.info(request, _("De leerrechten en soorten opleiding die je toevoegde, tellen pas als "
                                             "het secretariaat ze goedkeurt. Tot dan gelden de vorige."))
                return redirect("catalogue:edit", pk=saved.pk)
    decided = (offer.eligibility_changes.exclude(status=EligibilityStatus.PENDING).first()
               if offer and offer.pk else None)
    return render(request, "catalogue/edit.html", {"form": form, "provider": provider, "offer": offer,
                                                   "pending": pending, "decided": decided,
                                                   "scheme_names": dict(_scheme_choices()),
                                                   "category_names": dict(FundingCategory.choices)})


@role_required(*PROVIDER_ROLES)
def create(request, provider_id: int):
    return _edit(request, _managed_provider(request, provider_id), None)


@role_required(*PROVIDER_ROLES)
def edit(request, pk: int):
    offer = get_object_or_404(Offer.objects.select_related("provider"), pk=pk)
    return _edit(request, _managed_provider(request, offer.provider_id), offer)


def _records_of(form) -> list[dict] | None:
    """The records of the form's uploaded file (CSV or JSON, by its name); None, with the reason on the form,
    when it cannot be read."""
    upload = form.cleaned_data["file"]
    try:
        return services.read_records(upload.read(), services.format_of(upload.name))
    except (ValueError, UnicodeDecodeError) as exc:
        form.add_error("file", _("Dit bestand kan ik niet lezen: %(e)s") % {"e": exc})
        return None


@role_required(*PROVIDER_ROLES)
def import_page(request, provider_id: int):
    provider = _managed_provider(request, provider_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        records = _records_of(form)
        if records is not None:
            report = services.import_offers(user=request.user, provider=provider, records=records)
            for refusal in report.refused:
                refusal.reasons = translated(refusal.reasons, _)
    return render(request, "catalogue/import.html", {"form": form, "provider": provider, "report": report})


@role_required(*GAP_ROLES)
def gaps(request):
    province = request.GET.get("provincie", "")
    province = province if province in dict(PROVINCE_CHOICES) else ""
    rows = selectors.gaps(province=province, language=_lang())
    return render(request, "catalogue/gaps.html", {"rows": rows, "province": province,
                                                   "provinces": PROVINCE_CHOICES,
                                                   "source": rows[0].source if rows else "proxy",
                                                   "today": timezone.localdate()})


# -- the provider gate: the secretariat approves learning rights asked for offers (issue 19.2) ------------------
@role_required(Role.SECRETARIAT)
def eligibility_queue(request):
    """Pending changes of learning rights and kinds of training, oldest first; and the official register's import."""
    register_form = RegisterForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and register_form.is_valid():
        records = _records_of(register_form)
        if records is not None:
            report = eligibility.import_register(user=request.user, records=records,
                                                 source=register_form.cleaned_data["source"])
    names, kinds = dict(_scheme_choices()), dict(FundingCategory.choices)
    changes = list(eligibility.queue()[:300])
    for change in changes:
        change.added_names = [names.get(c, c) for c in change.added_schemes] + [
            kinds.get(c, c) for c in change.added_categories]
        change.asked_names = [names.get(c, c) for c in change.scheme_codes] + [
            kinds.get(c, c) for c in change.category_codes]
    return render(request, "catalogue/eligibility.html", {"changes": changes, "register_form": register_form,
                                                          "report": report, "decision_form": DecisionForm()})


@role_required(Role.SECRETARIAT)
@require_POST
def eligibility_decide(request, pk: int):
    change = get_object_or_404(EligibilityChange, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies goedkeuren of weigeren."))
        return redirect("catalogue:eligibility")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        eligibility.decide(user=request.user, change=change, approve=approve, reason=form.cleaned_data["reason"])
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, (_("Goedgekeurd: de leerrechten van '%(t)s' gelden nu.") if approve else
                                   _("Geweigerd: '%(t)s' houdt zijn vorige leerrechten.")) % {"t": change.offer.title})
    return redirect("catalogue:eligibility")
