"""Pages of the personal career platform: thin, every write through services, every read through selectors."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.guidance import services as consent_services
from lifelong.guidance.models import Consent, Scope
from lifelong.guidance.selectors import access_log_of, consent_in_force, consents_of, require_access
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import label_of, labels_of, search_concepts
from lifelong.users.models import Role, User
from lifelong.users.permissions import role_required

from . import credentials as vc
from . import cv_services, selectors, services
from .forms import (
    ActivityForm,
    ActivityStatusForm,
    ConsentForm,
    DecisionForm,
    DeleteForm,
    EvidenceForm,
    ExperienceForm,
    PlanForm,
    QualificationForm,
)
from .models import (
    ClaimSource,
    CompetenceCheck,
    CompetenceClaim,
    Credential,
    CredentialRecord,
    CvReading,
    DevelopmentPlan,
    Evidence,
    LearningActivity,
    Mastery,
    ValidationRequest,
    ValidationStatus,
    WorkExperience,
)

LEARNER = (Role.LEARNER,)
GUIDES = (Role.COUNSELLOR, Role.BRIDGE, Role.EMPLOYER)


def _lang() -> str:
    return (get_language() or "nl")[:2]


def _levels():
    return [(m.value, m.label, selectors.MASTERY_EXAMPLES[m]) for m in Mastery]


# -- overview ---------------------------------------------------------------------------------------------------
@role_required(*LEARNER)
def my_overview(request):
    person = selectors.own_person(request.user)
    data = selectors.overview(request.user, person, _lang())
    return render(request, "people/overview.html", {"o": data, "levels": _levels()})


def pick(request):
    """Search as you type: a list of radio buttons (skills or occupations) for the forms that need one."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    query = request.GET.get("q", "").strip()[:200]
    kind = ConceptType.OCCUPATION if request.GET.get("type") == "occupation" else ConceptType.SKILL
    results = search_concepts(query, language=_lang(), limit=8, concept_type=kind) if query else []
    return render(request, "people/_pick.html", {"results": results, "query": query, "kind": kind})


def _picked(request):
    """The concept chosen before a form came back with an error: shown again, so nothing entered is lost."""

    concept = Concept.objects.filter(uri=request.POST.get("uri", "")).first() if request.method == "POST" else None
    return {"uri": concept.uri, "label": label_of(concept, _lang())} if concept else None


def _refused(request, exc):
    messages.error(request, str(exc))


@role_required(*LEARNER)
def declare(request):
    person = selectors.own_person(request.user)
    if request.method == "POST":
        try:
            level = int(request.POST.get("level", "0"))
            services.declare_competence(user=request.user, person=person, skill_uri=request.POST.get("uri", ""),
                                        level=level)
            messages.success(request, _("De competentie staat in je overzicht."))
            return redirect("people:overview")
        except (services.Refused, ValueError) as exc:
            _refused(request, exc if isinstance(exc, services.Refused) else _("Kies een niveau."))
    return render(request, "people/declare.html", {"levels": _levels(), "q": request.POST.get("q", ""),
                                                   "picked": _picked(request)})


@role_required(*LEARNER)
def confirm_suggestion(request):
    person = selectors.own_person(request.user)
    if request.method != "POST":
        return redirect("people:overview")
    try:
        from_cv = request.POST.get("from") == "cv"
        services.declare_competence(user=request.user, person=person, skill_uri=request.POST.get("uri", ""),
                                    level=int(request.POST.get("level", Mastery.ON_MY_OWN)),
                                    source=ClaimSource.CV if from_cv else ClaimSource.EXPERIENCE,
                                    note=_("voorgesteld door je cv") if from_cv
                                    else _("voorgesteld door je werkervaring"))
        messages.success(request, _("Bevestigd: de competentie staat in je overzicht."))
    except (services.Refused, ValueError) as exc:
        _refused(request, exc)
    if request.POST.get("next") == "cv":  # back to the CV's list: the other suggestions wait there
        return redirect(reverse("people:cv") + "#cv-suggest")
    return redirect("people:overview")


@role_required(*LEARNER)
def qualification(request):
    person = selectors.own_person(request.user)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_qualification(user=request.user, person=person, **form.cleaned_data)
        messages.success(request, _("Je diploma of certificaat is toegevoegd."))
        return redirect("people:overview")
    return render(request, "people/form.html", {"form": form, "title": _("Diploma of certificaat toevoegen")})


@role_required(*LEARNER)
def experience(request):
    person = selectors.own_person(request.user)
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            d = form.cleaned_data
            services.add_experience(user=request.user, person=person, occupation_uri=request.POST.get("uri", ""),
                                    started_on=d["started_on"], ended_on=d["ended_on"],
                                    employer_name=d["employer_name"])
            messages.success(request, _("Je werkervaring is toegevoegd. Bekijk de voorgestelde competenties."))
            return redirect("people:overview")
        except services.Refused as exc:
            _refused(request, exc)
    return render(request, "people/experience.html", {"form": form, "q": request.POST.get("q", ""),
                                                      "picked": _picked(request)})


@role_required(*LEARNER)
def cv(request):
    """Paste or upload a CV; it is read in the background and suggests competences to confirm."""
    person = selectors.own_person(request.user)
    if request.method == "POST":
        try:
            # no flash message: the "we lezen je cv" notice is part of the status block, which the page
            # refreshes while the CV is read and which no longer holds it once the reading is done
            cv_services.submit_cv(user=request.user, person=person, text=request.POST.get("text", ""),
                               upload=request.FILES.get("file"))
            return redirect(reverse("people:cv") + "#cv-status")
        except services.Refused as exc:
            _refused(request, exc)
    return render(request, "people/cv.html", _cv_context(request, person))


@role_required(*LEARNER)
def cv_status(request):
    """The part of the CV page that changes while a CV is being read (htmx polls it)."""
    return render(request, "people/_cv_status.html", _cv_context(request, selectors.own_person(request.user)))


def _cv_context(request, person) -> dict:
    readings = selectors.cv_readings(request.user, person)
    result = selectors.cv_result(person, _lang(), limit=30)
    return {"readings": readings, "busy": any(r.status in ("queued", "running") for r in readings),
            "result": result, "suggestions": result["suggestions"], "levels": _levels(),
            "text": request.POST.get("text", "") if request.method == "POST" else ""}


@role_required(*LEARNER)
@require_POST
def cv_reject(request, pk: int):
    """Reject one suggestion of a read CV (kept, undoable): it leaves the list and does not come back."""
    reading = get_object_or_404(CvReading, pk=pk, person=selectors.own_person(request.user))
    try:
        cv_services.reject_cv_suggestion(user=request.user, reading=reading, uri=request.POST.get("uri", ""))
        messages.success(request, _("Afgewezen. Je vindt het onder „Afgewezen voorstellen”, als je je vergist."))
    except services.Refused as exc:
        _refused(request, exc)
    return redirect(reverse("people:cv") + "#cv-suggest")


@role_required(*LEARNER)
@require_POST
def cv_restore(request, pk: int):
    """Undo a rejection: the suggestion is back in the list."""
    reading = get_object_or_404(CvReading, pk=pk, person=selectors.own_person(request.user))
    cv_services.restore_cv_suggestion(user=request.user, reading=reading, uri=request.POST.get("uri", ""))
    messages.success(request, _("Het voorstel staat weer in de lijst."))
    return redirect(reverse("people:cv") + "#cv-suggest")


@role_required(*LEARNER)
@require_POST
def cv_forget(request, pk: int):
    reading = get_object_or_404(CvReading, pk=pk, person=selectors.own_person(request.user))
    cv_services.forget_cv(user=request.user, reading=reading)
    messages.success(request, _("Je cv en de voorstellen eruit zijn gewist."))
    return redirect("people:cv")


# -- competence check -------------------------------------------------------------------------------------------
@role_required(*LEARNER)
def check_start(request):
    person = selectors.own_person(request.user)
    if request.method == "POST":
        try:
            check = services.start_check(user=request.user, person=person, occupation_uri=request.POST.get("uri", ""),
                                         language=_lang())
            return redirect("people:check_question", pk=check.pk)
        except services.Refused as exc:
            _refused(request, exc)
    current = list(WorkExperience.objects.filter(person=person, ended_on__isnull=True).select_related("occupation"))
    labels = labels_of([e.occupation_id for e in current], _lang())
    for e in current:
        e.label = labels[e.occupation_id]
    checks = list(selectors.checks_of(request.user, person)[:20])
    check_labels = labels_of([c.occupation_id for c in checks], _lang())
    for c in checks:
        c.progress, c.label = selectors.check_progress(c), check_labels[c.occupation_id]
    return render(request, "people/check_start.html", {"current": current, "checks": checks,
                                                       "picked": _picked(request)})


def _own_check(request, pk) -> CompetenceCheck:
    return get_object_or_404(CompetenceCheck.objects.select_related("occupation", "person"), pk=pk,
                             person=selectors.own_person(request.user))


@role_required(*LEARNER)
def check_question(request, pk: int):
    check = _own_check(request, pk)
    if request.method == "POST":
        action = request.POST.get("action", "answer")
        try:
            if action == "finish":
                services.complete_check(user=request.user, check=check)
                return redirect("people:check_result", pk=check.pk)
            position = int(request.POST.get("position", "0"))
            rating = None if action == "skip" else int(request.POST.get("rating") or 0) or None
            if action == "answer" and rating is None:
                raise services.Refused(_("Kies een antwoord, of kies 'Overslaan'."))
            services.answer_question(user=request.user, check=check, position=position, rating=rating)
        except (services.Refused, ValueError) as exc:
            _refused(request, exc)
        return redirect("people:check_question", pk=check.pk)
    if check.completed_at:
        return redirect("people:check_result", pk=check.pk)
    progress = selectors.check_progress(check)
    question = selectors.next_question(check)
    label = None
    if question:

        label = label_of(question.skill, _lang())
    result = selectors.check_result(request.user, check, _lang())
    return render(request, "people/check_question.html", {
        "check": check, "q": question, "label": label, "progress": progress, "levels": _levels(),
        "occupation": result.occupation_label,
        "essentials_done": progress["essential_done"] == progress["essential_total"],
    })


@role_required(*LEARNER)
def check_result_page(request, pk: int):
    check = _own_check(request, pk)
    result = selectors.check_result(request.user, check, _lang())
    return render(request, "people/check_result.html", {"r": result, "check": check, "labels": result.labels,
                                                        "progress": selectors.check_progress(check)})


@role_required(*LEARNER)
@require_POST
def check_answer_skipped(request, pk: int):
    """Answer the skipped questions now: they come back in the check."""
    check = _own_check(request, pk)
    try:
        services.answer_skipped_later(user=request.user, check=check)
    except services.Refused as exc:
        _refused(request, exc)
        return redirect("people:check_result", pk=check.pk)
    return redirect("people:check_question", pk=check.pk)


@role_required(*LEARNER)
@require_POST
def plan_from_check(request, pk: int):
    check = _own_check(request, pk)
    plan = services.create_plan_from_check(user=request.user, check=check)
    messages.success(request, _("Je ontwikkelplan is klaar. Voeg nu leeractiviteiten toe."))
    return redirect("people:plan", pk=plan.pk)


# -- development plans -------------------------------------------------------------------------------------------
@role_required(*LEARNER)
def plans(request):
    person = selectors.own_person(request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(user=request.user, person=person, **form.cleaned_data)
        return redirect("people:plan", pk=plan.pk)
    return render(request, "people/plans.html", {"form": form, "plans": DevelopmentPlan.objects.filter(person=person)})


def _own_plan(request, pk) -> DevelopmentPlan:
    return get_object_or_404(DevelopmentPlan.objects.select_related("person"), pk=pk, person=selectors.own_person(request.user))


def _activity_form(detail, data=None):
    return ActivityForm(data, skills=[(c.skill.uri, str(c.label)) for c in detail["competences"]])


@role_required(*LEARNER)
def plan_page(request, pk: int):
    plan = _own_plan(request, pk)
    detail = selectors.plan_detail(request.user, plan, _lang())
    return render(request, "people/plan.html", {**detail, "form": _activity_form(detail),
                                                 "status_form": ActivityStatusForm()})


@role_required(*LEARNER)
@require_POST
def activity_add(request, pk: int):
    plan = _own_plan(request, pk)
    detail = selectors.plan_detail(request.user, plan, _lang())
    form = _activity_form(detail, request.POST)
    if form.is_valid():
        services.add_activity(user=request.user, plan=plan, **form.cleaned_data)
        messages.success(request, _("De leeractiviteit is toegevoegd."))
        return redirect("people:plan", pk=plan.pk)
    return render(request, "people/plan.html", {**detail, "form": form, "status_form": ActivityStatusForm()},
                  status=400)


@role_required(*LEARNER)
@require_POST
def activity_update(request, pk: int):
    activity = get_object_or_404(LearningActivity.objects.select_related("plan__person"), pk=pk,
                                 plan__person=selectors.own_person(request.user))
    form = ActivityStatusForm(request.POST)
    if form.is_valid():
        services.update_activity(user=request.user, activity=activity, status=form.cleaned_data["status"],
                                 progress=form.cleaned_data["progress"])
        messages.success(request, _("Bijgewerkt."))
    return redirect("people:plan", pk=activity.plan_id)


# -- EVC ----------------------------------------------------------------------------------------------------------
@role_required(*LEARNER)
def evidence(request):
    person = selectors.own_person(request.user)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                d = form.cleaned_data
                services.record_evidence(user=request.user, person=person, skill_uri=request.POST.get("uri", ""),
                                         kind=d["kind"], description=d["description"], upload=d["file"],
                                         witness_name=d["witness_name"], witness_contact=d["witness_contact"])
                messages.success(request, _("Je bewijs is bewaard."))
                return redirect("people:evidence")
            except services.Refused as exc:
                form.add_error(None, str(exc))
        status = 400
    claims = selectors.evidence_of(request.user, person, _lang())
    return render(request, "people/evidence.html", {"form": form, "claims": claims, "q": request.POST.get("q", ""),
                                                    "picked": _picked(request)}, status=status)


@role_required(*LEARNER)
@require_POST
def evidence_remove(request, pk: int):
    """Take a piece of evidence back (refused while its recognition request is being judged)."""
    evidence = get_object_or_404(Evidence, pk=pk, claim__person=selectors.own_person(request.user))
    try:
        services.remove_evidence(user=request.user, evidence=evidence)
        messages.success(request, _("Het bewijs is weggehaald."))
    except services.Refused as exc:
        _refused(request, exc)
    return redirect("people:evidence")


@role_required(*LEARNER)
@require_POST
def submit(request, pk: int):
    claim = get_object_or_404(CompetenceClaim, pk=pk, person=selectors.own_person(request.user))
    try:
        services.submit_for_validation(user=request.user, claim=claim)
        messages.success(request, _("Je aanvraag is ingediend. Een begeleider met je toestemming beoordeelt ze."))
    except services.Refused as exc:
        _refused(request, exc)
    return redirect("people:evidence")


@role_required(*LEARNER)
def credential_download(request, pk: int):
    validation = get_object_or_404(ValidationRequest, pk=pk, claim__person=selectors.own_person(request.user))
    try:
        credential = services.issue_credential(user=request.user, validation=validation)
    except services.Refused as exc:
        _refused(request, exc)
        return redirect("people:evidence")
    response = HttpResponse(json.dumps(credential.document, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="erkenning-{credential.id}.json"'
    return response


def _public_key():
    return [services.signing_key().public_key(), *services.retired_public_keys()]


def verify(request, pk):
    """Public: anyone holding the link sees whether the credential is valid, invalid or revoked (also after the
    holder's erasure: then from the credential's tombstone, without the document)."""
    credential = Credential.objects.filter(pk=pk).first()
    record = None if credential else CredentialRecord.objects.filter(pk=pk).first()
    if record is not None:
        status = selectors.status_of_record(record)
    else:
        status = selectors.verify_credential(credential.document if credential else None, _public_key(), credential)
    return render(request, "people/verify.html", {"status": status, "doc": credential.document if credential else None},
                  status=200 if credential or record else 404)


def verify_upload(request):
    """Public: paste or upload a credential file to check its signature and status."""
    status, doc = None, None
    if request.method == "POST":
        raw = request.FILES["file"].read(200_000) if "file" in request.FILES else request.POST.get("json", "")
        try:
            doc = json.loads(raw)
            status = selectors.verify_credential(doc if isinstance(doc, dict) else {}, _public_key())
        except (ValueError, UnicodeDecodeError):
            status = selectors.CredentialStatus("invalid", _("Dit is geen leesbaar JSON-bestand."))
    return render(request, "people/verify.html", {"status": status, "doc": doc, "upload": True})


def issuer(request):
    """Public issuer profile with the verification key (multibase Ed25519)."""
    try:
        base = services.site_url()
    except services.Refused as exc:
        return JsonResponse({"detail": str(exc)}, status=503)
    key = vc.public_multibase(services.signing_key().public_key())
    return JsonResponse({
        "@context": vc.CONTEXTS, "id": f"{base}/loopbaan/uitgever", "type": ["Profile"],
        "name": "lifelong — EVC Vlaanderen",
        "verificationMethod": [{"id": f"{base}/loopbaan/uitgever#key-1", "type": "Multikey",
                                "controller": f"{base}/loopbaan/uitgever", "publicKeyMultibase": key}],
    })


# -- privacy -------------------------------------------------------------------------------------------------------
@role_required(*LEARNER)
def privacy(request):
    person = selectors.own_person(request.user)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grantee = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        try:
            if grantee is None or grantee.role not in GUIDES:
                raise ValidationError(_("We vinden geen loopbaanbegeleider, brugfiguur of werkgever met dit e-mailadres."))
            consent_services.grant_consent(person=person, grantee=grantee, scopes=form.cleaned_data["scopes"],
                                           days=form.cleaned_data["days"])
            messages.success(request, _("Je toestemming is bewaard. Je kan ze altijd intrekken."))
            return redirect("people:privacy")
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
    from django.utils import timezone

    return render(request, "people/privacy.html", {"form": form, "consents": consents_of(person),
                                                    "log": access_log_of(person), "now": timezone.now()})


@role_required(*LEARNER)
@require_POST
def revoke(request, pk: int):
    try:
        consent_services.revoke_consent(person=selectors.own_person(request.user), consent_id=pk)
    except Consent.DoesNotExist:
        raise Http404(_("Deze toestemming bestaat niet of is niet van jou.")) from None
    messages.success(request, _("De toestemming is ingetrokken."))
    return redirect("people:privacy")


@role_required(*LEARNER)
def export(request):
    data = selectors.export_of(request.user, selectors.own_person(request.user))
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@role_required(*LEARNER)
def delete_account(request):
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = request.user
            services.delete_my_account(user=user, password=form.cleaned_data["password"])
            logout(request)
            messages.success(request, _("Je account en al je gegevens zijn gewist."))
            return redirect("web:home")
        except services.Refused as exc:
            form.add_error("password", str(exc))
    return render(request, "people/delete.html", {"form": form})


# -- counsellors and employers ------------------------------------------------------------------------------------
@role_required(*GUIDES)
def guide_home(request):
    requests = selectors.validations_for_assessor(request.user, _lang()) \
        if request.user.role == Role.COUNSELLOR else []
    issued = (Credential.objects.filter(validation__assessor=request.user)
              .select_related("validation__claim__person").order_by("-issued_at")[:50])
    return render(request, "people/guide_home.html", {"people": selectors.people_who_consented(request.user),
                                                      "requests": requests, "issued": issued})


@role_required(Role.COUNSELLOR, Role.SECRETARIAT)
@require_POST
def guide_revoke(request, pk):
    credential = get_object_or_404(Credential, pk=pk)
    try:
        services.revoke_credential(actor=request.user, credential=credential, reason=request.POST.get("reason", ""))
        messages.success(request, _("Het bewijs is ingetrokken. Wie het controleert, ziet dat nu."))
    except services.Refused as exc:
        _refused(request, exc)
    return redirect("people:guide_home")


@role_required(*GUIDES)
def guide_person(request, pk: int):
    from lifelong.people.models import Person

    person = get_object_or_404(Person, pk=pk)
    data = selectors.overview(request.user, person, _lang())  # refuses (403) without a consent in force
    checks = list(CompetenceCheck.objects.filter(person=person, completed_at__isnull=False)
                  .select_related("occupation"))

    can_confirm = consent_in_force(grantee=request.user, person=person, scope=Scope.CHECK) is not None
    can_assess = consent_in_force(grantee=request.user, person=person, scope=Scope.EVC) is not None
    return render(request, "people/guide_person.html", {"o": data, "checks": checks, "can_confirm": can_confirm,
                                                        "can_assess": can_assess})


@role_required(Role.COUNSELLOR)
@require_POST
def guide_certify(request, pk: int):
    from .models import Qualification

    qualification = get_object_or_404(Qualification, pk=pk)
    try:
        n = services.certify_qualification(assessor=request.user, qualification=qualification,
                                           skill_uris=request.POST.getlist("uri"))
        messages.success(request, _("Diploma bevestigd: %(n)d competenties tellen nu als gecertificeerd.") % {"n": n})
    except services.Refused as exc:
        _refused(request, exc)
    return redirect("people:guide_person", pk=qualification.person_id)


@role_required(Role.COUNSELLOR)
@require_POST
def guide_confirm_check(request, pk: int):
    check = get_object_or_404(CompetenceCheck, pk=pk)
    try:
        n = services.confirm_check(counsellor=request.user, check=check)
        messages.success(request, _("Bevestigd: %(n)d competenties tellen nu als gecheckt.") % {"n": n})
    except services.Refused as exc:
        _refused(request, exc)
    return redirect("people:guide_person", pk=check.person_id)


@role_required(Role.COUNSELLOR)
def guide_decide(request, pk: int):
    vr = get_object_or_404(ValidationRequest.objects.select_related("claim__person", "claim__skill"), pk=pk)
    data = selectors.validation_for_assessor(request.user, vr, _lang())
    form = DecisionForm(request.POST or None, initial={"level": vr.claim.level})
    if request.method == "POST" and form.is_valid():
        try:
            d = form.cleaned_data
            services.decide_validation(assessor=request.user, request=vr, approve=d["decision"] == "approve",
                                       reasons=d["reasons"], level=d["level"])
            messages.success(request, _("Je beslissing is bewaard."))
            return redirect("people:guide_home")
        except services.Refused as exc:
            form.add_error(None, str(exc))
    return render(request, "people/guide_decide.html", {**data, "form": form,
                                                        "decided": vr.status != ValidationStatus.SUBMITTED})


@role_required(Role.LEARNER, Role.COUNSELLOR)
def evidence_file(request, pk: int):
    """An evidence file, for its owner or an assessor with an 'evc' consent (logged); never public."""
    from django.http import FileResponse

    from .models import Evidence

    item = get_object_or_404(Evidence.objects.select_related("claim__person"), pk=pk)
    require_access(request.user, item.claim.person, scope=Scope.EVC, action=gettext_lazy("bewijsbestand geopend"))
    if not item.file:
        raise Http404
    from django.conf import settings

    response = FileResponse(item.file.open("rb"), content_type=item.content_type or "application/octet-stream",
                            as_attachment=True, filename=Path(item.file.name).name)
    response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY_SANDBOX  # never runs as our page
    return response
