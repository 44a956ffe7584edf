"""Every non-trivial read of the career platform. Reads of a person's data take the asking user and go
through ``guidance.selectors.require_access`` (the person, or a consent in force, logged)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifelong.guidance.models import AccessLog, Consent, Scope
from lifelong.guidance.selectors import NoConsent, persons_who_consented, require_access
from lifelong.taxonomy.models import Broader, Concept, ConceptType, OccupationSkill
from lifelong.taxonomy.selectors import labels_of, named_equivalents, with_competent_codes

from . import credentials as vc
from .engine import Answer, CheckScore, score_check
from .models import (
    CheckAnswer,
    CompetenceCheck,
    CompetenceClaim,
    Credential,
    CredentialRecord,
    CvReading,
    CvReadingStatus,
    DevelopmentPlan,
    Evidence,
    LearningActivity,
    Mastery,
    Person,
    Proof,
    Qualification,
    ValidationRequest,
    ValidationStatus,
    WorkExperience,
)

OTHER_GROUP = 0


# -- whose data: the signed-in user's own person --------------------------------------------------------------
def person_of(user) -> Person | None:
    """The person linked to a login; None for a visitor or a login without one (staff, an employer)."""
    return getattr(user, "person", None)


def own_person(user) -> Person:
    """The person linked to a login; a page about one's own data answers 404 to a login without one."""
    person = person_of(user)
    if person is None:
        raise Http404(_("Er is geen persoon aan je account gekoppeld."))
    return person


# -- skill groups (ESCO broader hierarchy) --------------------------------------------------------------------
def skill_groups_of(skill_ids) -> dict[int, int]:
    """For each skill, the first-level ESCO skill group above it (e.g. S4 'management skills'); 0 if none.

    Walks the broader links upwards one level per query (ESCO is at most ~6 deep)."""
    skill_ids = list(set(skill_ids))
    parents: dict[int, list[int]] = {}
    frontier = set(skill_ids)
    for _depth in range(10):
        frontier -= parents.keys()
        if not frontier:
            break
        for n, b in Broader.objects.filter(narrower_id__in=frontier).values_list("narrower_id", "broader_id"):
            parents.setdefault(n, []).append(b)
        for n in frontier:
            parents.setdefault(n, [])
        frontier = {b for n in frontier for b in parents[n]}

    def top(cid: int, seen=()) -> int:
        path = [cid]
        while True:
            ups = sorted(parents.get(path[-1], ()))
            if not ups or ups[0] in path:
                break
            path.append(ups[0])
        # path ends at a root ('skills', 'knowledge', …); the level below it is the group we show
        return path[-2] if len(path) >= 3 else OTHER_GROUP

    return {sid: top(sid) for sid in skill_ids}


# -- the overview ----------------------------------------------------------------------------------------------
@dataclass
class ClaimRow:
    claim: CompetenceClaim
    label: str
    label_language: str


@dataclass
class Group:
    id: int
    label: str
    rows: list[ClaimRow]


@dataclass
class Overview:
    person: object
    groups: list[Group]
    proof_counts: list[tuple[int, str, int, int]]  # (proof, label, count, percent of all claims)
    total: int
    suggestions: list[tuple[Concept, str, str]]  # (skill, label, occupation label) "to confirm"
    qualifications: list
    experiences: list
    plans: list
    cv_suggestions: list = field(default_factory=list)  # (skill, label, CV sentence) "to confirm"


def overview(user, person, language: str = "nl", suggestions_limit: int = 15) -> Overview:
    require_access(user, person, scope=Scope.PROFILE, action=gettext_lazy("competentieoverzicht bekeken"))
    claims = list(CompetenceClaim.objects.filter(person=person).select_related("skill"))
    group_of = skill_groups_of(c.skill_id for c in claims)
    labels = labels_of([c.skill_id for c in claims] + [g for g in group_of.values() if g], language)
    grouped: dict[int, list[ClaimRow]] = defaultdict(list)
    for c in claims:
        label = labels[c.skill_id]
        grouped[group_of[c.skill_id]].append(ClaimRow(c, str(label), label.language))
    groups = [Group(gid, str(labels[gid]) if gid else _("Andere competenties"),
                    sorted(rows, key=lambda r: (-r.claim.proof, r.label.lower())))
              for gid, rows in grouped.items()]
    groups.sort(key=lambda g: (g.id == OTHER_GROUP, g.label.lower()))
    counts = Counter(c.proof for c in claims)
    total = len(claims)
    proof_counts = [(p.value, str(p.label), counts[p.value], round(100 * counts[p.value] / total) if total else 0)
                    for p in Proof]
    experiences = list(WorkExperience.objects.filter(person=person).select_related("occupation")
                       .order_by("-started_on"))
    occ_labels = labels_of([e.occupation_id for e in experiences], language)
    for e in experiences:
        e.label = occ_labels[e.occupation_id]
    return Overview(person, groups, proof_counts, total,
                    suggestions_from_experience(person, experiences, language, suggestions_limit),
                    list(Qualification.objects.filter(person=person).order_by("-awarded_on")),
                    experiences, list(DevelopmentPlan.objects.filter(person=person)),
                    cv_suggestions(person, language, suggestions_limit))


def suggestions_from_experience(person, experiences, language: str, limit: int):
    """The essential skills of the occupations you worked in that are not yet in your overview: to confirm."""
    occ_ids = [e.occupation_id for e in experiences]
    if not occ_ids:
        return []
    claimed = CompetenceClaim.objects.filter(person=person).values("skill_id")
    links = (OccupationSkill.objects.filter(occupation_id__in=occ_ids, relevance="essential",
                                            skill__concept_type=ConceptType.SKILL)
             .exclude(skill_id__in=claimed).select_related("skill").order_by("skill__label_en")[:limit])
    pairs = [(link.skill, link.occupation_id) for link in links]
    swap = named_equivalents([skill.id for skill, _ in pairs], language)  # Dutch first (issue 18.5)
    if swap:
        mine = set(claimed.values_list("skill_id", flat=True))
        named = Concept.objects.in_bulk(set(swap.values()))
        seen, kept = set(), []
        for skill, occ in pairs:  # the named equivalent instead, once, unless it is in the overview already
            skill = named.get(swap.get(skill.id), skill)
            if skill.id not in mine and skill.id not in seen:
                seen.add(skill.id)
                kept.append((skill, occ))
        pairs = kept
    labels = labels_of([skill.id for skill, _ in pairs] + occ_ids, language)
    return [(skill, str(labels[skill.id]), str(labels[occ])) for skill, occ in pairs]


def cv_readings(user, person):
    require_access(user, person, scope=Scope.PROFILE, action=_("cv-lezingen bekeken"))
    return list(CvReading.objects.filter(person=person).defer("text"))


def cv_suggestions(person, language: str, limit: int = 15):
    """The skills the newest read CV suggests that are not yet in your overview, not rejected and scoring at
    least ``settings.CV_SUGGESTION_FLOOR``: (skill, label, CV sentence)."""
    return cv_result(person, language, limit)["suggestions"]


def cv_result(person, language: str, limit: int = 30) -> dict:
    """The newest read CV: its ``reading``, the ``suggestions`` still to confirm (as ``cv_suggestions``), the
    ``rejected`` ones (skill, label, CV sentence; to undo), the ``facts`` (work and diplomas) and how many
    suggestions stayed ``under_floor``."""
    reading = CvReading.objects.filter(person=person, status=CvReadingStatus.DONE).defer("text").first()
    if reading is None:
        return {"reading": None, "suggestions": [], "rejected": [], "facts": [], "under_floor": 0}
    claimed = set(CompetenceClaim.objects.filter(person=person).values_list("skill__uri", flat=True))
    rejected = set(reading.rejected)
    floor = settings.CV_SUGGESTION_FLOOR
    open_rows = [r for r in reading.suggestions if r["uri"] not in claimed and r["uri"] not in rejected]
    shown = [r for r in open_rows if _confidence(r) >= floor][:limit]
    turned_down = [r for r in reading.suggestions if r["uri"] in rejected]
    skills = {c.uri: c for c in Concept.objects.filter(uri__in=[r["uri"] for r in shown + turned_down])}
    labels = labels_of([c.pk for c in skills.values()], language)

    def rows(found):
        return [(skills[r["uri"]], str(labels[skills[r["uri"]].pk]), r["evidence"]) for r in found
                if r["uri"] in skills]

    return {"reading": reading, "suggestions": rows(shown), "rejected": rows(turned_down),
            "facts": reading.facts, "under_floor": sum(_confidence(r) < floor for r in open_rows)}


def _confidence(row: dict) -> float:
    """A suggestion's confidence (``people.cv.confidence``); a reading from before confidences is shown whole."""
    return float(row.get("confidence", float("inf")))


# -- checks --------------------------------------------------------------------------------------------------
def checks_of(user, person):
    require_access(user, person, scope=Scope.PROFILE, action=gettext_lazy("competentiechecks bekeken"))
    return CompetenceCheck.objects.filter(person=person).select_related("occupation")


def next_question(check: CompetenceCheck, essential_only: bool = False) -> CheckAnswer | None:
    qs = check.answers.filter(rating__isnull=True, skipped=False)
    if essential_only:
        qs = qs.filter(essential=True)
    return qs.select_related("skill").first()


def check_progress(check: CompetenceCheck) -> dict:
    """How far the check is, honestly: answered and skipped counted apart (``*_done`` = seen: answered or
    skipped, what decides whether questions are left)."""
    rows = list(check.answers.values_list("essential", "rating", "skipped"))
    ess = [r for r in rows if r[0]]
    opt = [r for r in rows if not r[0]]
    out = {"essential_total": len(ess), "optional_total": len(opt)}
    for name, part in (("essential", ess), ("optional", opt)):
        out[f"{name}_answered"] = sum(1 for r in part if r[1] is not None)
        out[f"{name}_skipped"] = sum(1 for r in part if r[1] is None and r[2])
        out[f"{name}_done"] = out[f"{name}_answered"] + out[f"{name}_skipped"]
    out["skipped"] = out["essential_skipped"] + out["optional_skipped"]
    return out


@dataclass
class CheckResult:
    check: CompetenceCheck
    occupation_label: str
    score: CheckScore
    labels: dict = field(default_factory=dict)

    def explanation(self) -> str:
        s = self.score
        if s.match_percent is None:
            return _("Voor dit beroep zijn geen essentiële competenties bekend.")
        text = _("Dit beroep vraagt %(total)d essentiële competenties. Je zegt dat je er %(strong)d zelfstandig "
                 "beheerst (niveau 'zelfstandig' of 'ik kan het anderen leren'): dat is %(pct)d%%.") % {
            "total": s.essential_total, "strong": s.essential_strong, "pct": s.match_percent}
        missing = s.essential_total - s.essential_answered
        if missing:
            text += " " + _("%(n)d essentiële vragen heb je overgeslagen of nog niet beantwoord: we weten dus niet "
                            "of je die beheerst. Ze tellen niet mee als sterkte en komen in je ontwikkelplan als "
                            "mogelijk leerpunt.") % {"n": missing}
        return text


def check_result(user, check: CompetenceCheck, language: str = "nl") -> CheckResult:
    require_access(user, check.person, scope=Scope.PROFILE, action=gettext_lazy("resultaat competentiecheck bekeken"))
    rows = list(check.answers.values_list("skill_id", "essential", "rating", "skipped"))
    score = score_check([Answer(s, e, r, sk) for s, e, r, sk in rows])
    labels = labels_of([r[0] for r in rows] + [check.occupation_id], language)
    return CheckResult(check, str(labels[check.occupation_id]), score, labels)


# -- development plans ---------------------------------------------------------------------------------------
def has_development_plan(person, skill_uri: str | None = None) -> bool:
    """True when the person has a running or finished POP (naming ``skill_uri`` when given).

    Read by the rules of other apps (e.g. training vouchers for highly educated people only for training in
    a POP); it reveals one yes/no about the person and is meant for those rules, not for display."""
    plans = DevelopmentPlan.objects.filter(person=person).exclude(status="stopped")
    if skill_uri is None:
        return plans.exists()
    return (plans.filter(competences__skill__uri=skill_uri).exists()
            or LearningActivity.objects.filter(plan__in=plans, skill__uri=skill_uri).exists())


def running_plans(user, person) -> list[DevelopmentPlan]:
    require_access(user, person, scope=Scope.PROFILE, action=_("ontwikkelplannen bekeken"))
    return list(DevelopmentPlan.objects.filter(person=person, status="active"))


def plan_gaps(user, plan: DevelopmentPlan) -> list[str]:
    """The plan's competences still to develop (URIs, in the plan's order): the person's level is under the
    plan's target and no activity for it is finished. What the training compass recommends for."""
    require_access(user, plan.person, scope=Scope.PROFILE, action=_("ontwikkelplan bekeken"))
    levels = dict(CompetenceClaim.objects.filter(person=plan.person).values_list("skill_id", "level"))
    finished = set(plan.activities.filter(status="done", skill__isnull=False).values_list("skill_id", flat=True))
    return [uri for skill_id, uri, target in plan.competences.order_by("id")
            .values_list("skill_id", "skill__uri", "target_level")
            if levels.get(skill_id, 0) < target and skill_id not in finished]


def plan_detail(user, plan: DevelopmentPlan, language: str = "nl") -> dict:
    require_access(user, plan.person, scope=Scope.PROFILE, action=gettext_lazy("ontwikkelplan bekeken"))
    competences = list(plan.competences.select_related("skill"))
    activities = list(plan.activities.select_related("skill"))
    labels = labels_of([c.skill_id for c in competences] + [a.skill_id for a in activities if a.skill_id], language)
    for c in competences:
        c.label = labels[c.skill_id]
    for a in activities:
        a.label = labels.get(a.skill_id) if a.skill_id else None
        ref = a.offer_reference
        a.offer_id = int(ref[7:]) if ref.startswith("kompas:") and ref[7:].isdigit() else None
    done = sum(1 for a in activities if a.status == "done")
    progress = round(sum(a.progress for a in activities) / len(activities)) if activities else 0
    return {"plan": plan, "competences": competences, "activities": activities, "done": done, "progress": progress}


# -- EVC -----------------------------------------------------------------------------------------------------
def evidence_of(user, person, language: str = "nl"):
    require_access(user, person, scope=Scope.PROFILE, action=gettext_lazy("bewijzen bekeken"))
    claims = list(CompetenceClaim.objects.filter(person=person, evidence__isnull=False).distinct()
                  .select_related("skill").prefetch_related("evidence", "validations"))
    labels = labels_of([c.skill_id for c in claims], language)
    for c in claims:
        c.label = labels[c.skill_id]
        c.open_request = next((v for v in c.validations.all() if v.status == ValidationStatus.SUBMITTED), None)
        c.decisions = [v for v in c.validations.all() if v.status != ValidationStatus.SUBMITTED]
    return claims


def validations_for_assessor(assessor, language: str = "nl"):
    """Open requests of the persons who gave this assessor an 'evc' consent in force (names only)."""

    now = timezone.now()
    persons = Consent.objects.filter(grantee=assessor, scope=Scope.EVC, revoked_at__isnull=True,
                                     valid_from__lte=now, valid_until__gt=now).values("person_id")
    requests = list(ValidationRequest.objects.filter(status=ValidationStatus.SUBMITTED,
                                                     claim__person_id__in=persons)
                    .select_related("claim__person", "claim__skill"))
    labels = labels_of([r.claim.skill_id for r in requests], language)
    for r in requests:
        r.label = labels[r.claim.skill_id]
    return requests


def validation_for_assessor(assessor, request: ValidationRequest, language: str = "nl") -> dict:
    require_access(assessor, request.claim.person, scope=Scope.EVC, action=gettext_lazy("EVC-aanvraag en bewijzen bekeken"))
    claim = request.claim
    return {"vr": request, "claim": claim, "label": labels_of([claim.skill_id], language)[claim.skill_id],
            "evidence": list(Evidence.objects.filter(claim=claim).order_by("created_at"))}


@dataclass(frozen=True)
class CredentialStatus:
    state: str  # "valid", "invalid", "revoked", "unknown"
    reason: str
    credential: Credential | None = None


def verify_credential(document: dict | None, public_key, credential: Credential | None = None) -> CredentialStatus:
    """Check a credential: the signature over the document (``public_key``: the current key, or a list with the
    retired ones), and whether the issuer has revoked it. A credential whose holder was erased is checked against
    its tombstone (``CredentialRecord``): a revocation survives the erasure."""
    if document is None:
        return CredentialStatus("unknown", _("Dit bewijs kennen we niet."))
    keys = public_key if isinstance(public_key, list | tuple) else [public_key]
    if not any(vc.verify(document, key).ok for key in keys):
        return CredentialStatus("invalid", _("De handtekening klopt niet: dit bewijs is veranderd of niet van ons."),
                                credential)
    if credential is None:
        cid = str(document.get("id", "")).removeprefix("urn:uuid:")
        credential = Credential.objects.filter(id=cid).first() if _is_uuid(cid) else None
        if credential is None:
            record = CredentialRecord.objects.filter(id=cid).first() if _is_uuid(cid) else None
            if record is None:
                return CredentialStatus("unknown", _("De handtekening klopt, maar wij hebben dit bewijs niet uitgereikt."))
            if record.digest != vc.digest(document):
                return CredentialStatus("invalid", _("Dit bewijs verschilt van wat wij uitreikten."))
            return status_of_record(record)
        if vc.canonical(credential.document) != vc.canonical(document):
            return CredentialStatus("invalid", _("Dit bewijs verschilt van wat wij uitreikten."), credential)
    if credential.revoked_at:
        return CredentialStatus("revoked", _("Dit bewijs is ingetrokken: %(why)s") % {"why": credential.revoked_reason},
                                credential)
    return CredentialStatus("valid", _("Dit bewijs is echt: de handtekening klopt en het is niet ingetrokken."),
                            credential)


def status_of_record(record: CredentialRecord) -> CredentialStatus:
    """The status of a credential known only by its tombstone (the holder's account is erased)."""
    if record.revoked_at:
        return CredentialStatus("revoked", _("Dit bewijs is ingetrokken op %(day)s.")
                                % {"day": timezone.localtime(record.revoked_at).date().isoformat()})
    return CredentialStatus("valid", _("Dit bewijs is echt: de handtekening klopt en het is niet ingetrokken."))


def _is_uuid(text: str) -> bool:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


# -- privacy: everything about me -----------------------------------------------------------------------------
# Other apps that hold data about a person add their part of the export here (name → function of the person,
# returning plain JSON values), from their AppConfig.ready, so that this app never imports them.
_PERSONAL_DATA: dict[str, Callable] = {}


def register_personal_data(name: str, section: Callable) -> None:
    """Add ``name: section(person)`` to every "download my data" export (e.g. the learning account)."""
    _PERSONAL_DATA[name] = section


def export_of(user, person) -> dict:
    """All data the platform holds about the person, as plain JSON (the person only)."""

    if person.user_id != user.pk:

        raise NoConsent(_("Alleen de persoon zelf kan al haar of zijn gegevens downloaden."))

    def rows(qs, *fields):
        return [{f: _plain(v) for f, v in zip(fields, values, strict=True)} for values in qs.values_list(*fields)]

    return {
        "person": {f: _plain(getattr(person, f)) for f in ("given_name", "family_name", "birth_year", "sex",
                                                           "education_level", "labour_status", "province",
                                                           "postcode", "sector")},
        "login": {"email": user.email, "role": user.role, "language": user.preferred_language},
        "claims": with_competent_codes(rows(CompetenceClaim.objects.filter(person=person), "skill__uri",
                                            "skill__label_en", "level", "proof", "source", "source_note", "on"),
                                       "skill__uri", "skill__competent_codes"),
        "qualifications": rows(Qualification.objects.filter(person=person), "title", "awarded_by", "awarded_on",
                               "eqf_level"),
        "experience": rows(WorkExperience.objects.filter(person=person), "occupation__uri", "occupation__label_en",
                           "employer_name", "started_on", "ended_on"),
        "checks": [{"occupation": c.occupation.uri, "started_at": _plain(c.started_at),
                    "completed_at": _plain(c.completed_at), "confirmed_at": _plain(c.confirmed_at),
                    "answers": rows(c.answers.all(), "skill__uri", "essential", "rating", "skipped", "answered_at")}
                   for c in CompetenceCheck.objects.filter(person=person).select_related("occupation")],
        "plans": [{"title": p.title, "goal": p.goal, "status": p.status, "created_at": _plain(p.created_at),
                   "competences": rows(p.competences.all(), "skill__uri", "current_level", "target_level"),
                   "activities": rows(p.activities.all(), "kind", "title", "skill__uri", "offer_reference",
                                      "deadline", "status", "progress", "completed_on")}
                  for p in DevelopmentPlan.objects.filter(person=person)],
        "evidence": rows(Evidence.objects.filter(claim__person=person), "claim__skill__uri", "kind", "description",
                         "file", "content_type", "witness_name", "witness_contact", "created_at"),
        "validations": rows(ValidationRequest.objects.filter(claim__person=person), "claim__skill__uri", "status",
                            "submitted_at", "assessor_name", "decided_at", "level", "reasons"),
        "credentials": [c.document for c in Credential.objects.filter(validation__claim__person=person)],
        "cv_readings": rows(CvReading.objects.filter(person=person), "created_at", "filename", "status", "language",
                            "suggestions", "facts", "rejected", "read_at"),
        "consents": rows(Consent.objects.filter(person=person), "grantee__email", "scope", "valid_from",
                         "valid_until", "revoked_at"),
        "access_log": rows(AccessLog.objects.filter(person=person), "actor_label", "scope", "action", "at"),
        **{name: section(person) for name, section in sorted(_PERSONAL_DATA.items())},
        "exported_at": _plain(timezone.now()),
    }


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):
        return value.name or None
    return value


MASTERY_EXAMPLES = {
    Mastery.NOT_YET: gettext_lazy("Ik heb dit nog nooit gedaan, of ik weet niet hoe het moet."),
    Mastery.WITH_HELP: gettext_lazy("Ik kan het als iemand me helpt of me zegt wat ik moet doen."),
    Mastery.ON_MY_OWN: gettext_lazy("Ik doe dit alleen, ook als er iets misloopt."),
    Mastery.CAN_TEACH: gettext_lazy("Ik doe dit goed en kan het aan een nieuwe collega uitleggen."),
}


def people_who_consented(grantee, at=None):
    """The persons that gave ``grantee`` a consent in force (ids and names only: no other data)."""
    return Person.objects.filter(id__in=persons_who_consented(grantee, at)).order_by("family_name", "given_name")
