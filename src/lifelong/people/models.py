from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lifelong.reference import NACE_CHOICES, PROVINCE_CHOICES, EducationLevel, LabourStatus


class Person(models.Model):
    """An adult using the platform. The facts here are what the rules (rights, target groups) read."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="person")
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("familienaam"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"))
    sex = models.CharField(_("geslacht"), max_length=1, choices=[("F", _("vrouw")), ("M", _("man")), ("X", _("X"))])
    education_level = models.CharField(_("onderwijsniveau"), max_length=6, choices=EducationLevel.CHOICES)
    labour_status = models.CharField(_("arbeidsmarktpositie"), max_length=14, choices=LabourStatus.CHOICES)
    province = models.CharField(_("provincie"), max_length=4, choices=PROVINCE_CHOICES)
    postcode = models.CharField(_("postcode"), max_length=4)
    sector = models.CharField(_("sector (NACE)"), max_length=1, choices=NACE_CHOICES, blank=True)
    employer = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="employees_set")
    is_synthetic = models.BooleanField(default=False, help_text=_("verzonnen demogegevens"))

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.CheckConstraint(condition=models.Q(birth_year__gte=1900, birth_year__lte=2100),
                                   name="person_birth_year_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


# -- the competence overview ---------------------------------------------------------------------------------
class Proof(models.IntegerChoices):
    """How strongly a competence is proven: each step up needs more than the one below."""

    SELF_DECLARED = 1, _("zelf aangegeven")
    CHECKED = 2, _("gecheckt")
    EVIDENCED = 3, _("met bewijs")
    VALIDATED = 4, _("erkend (EVC)")
    CERTIFIED = 5, _("gecertificeerd")


class Mastery(models.IntegerChoices):
    """The 4-level self-rating of the check, also the level of a claim."""

    NOT_YET = 1, _("Nog niet")
    WITH_HELP = 2, _("Met hulp")
    ON_MY_OWN = 3, _("Zelfstandig")
    CAN_TEACH = 4, _("Ik kan het anderen leren")


class ClaimSource(models.TextChoices):
    SELF = "self", _("zelf toegevoegd")
    EXPERIENCE = "experience", _("werkervaring, door jou bevestigd")
    CHECK = "check", _("competentiecheck")
    PLAN = "plan", _("leeractiviteit afgerond")
    EVIDENCE = "evidence", _("bewijs")
    EVC = "evc", _("EVC-beoordeling")
    QUALIFICATION = "qualification", _("diploma of certificaat")
    CV = "cv", _("je cv, door jou bevestigd")


class CompetenceClaim(models.Model):
    """Person × ESCO skill: the level, how strongly it is proven, and where that proof came from."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="claims")
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Mastery.choices)
    proof = models.PositiveSmallIntegerField(_("bewijs"), choices=Proof.choices, default=Proof.SELF_DECLARED)
    source = models.CharField(_("bron"), max_length=14, choices=ClaimSource.choices)
    source_note = models.CharField(max_length=300, blank=True)
    proven_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    on = models.DateField(_("datum"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="claim_one_per_skill"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="claim_level_valid"),
            models.CheckConstraint(condition=models.Q(proof__gte=1, proof__lte=5), name="claim_proof_valid"),
        ]


class Qualification(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("naam van het diploma of certificaat"), max_length=300)
    awarded_by = models.CharField(_("uitgereikt door"), max_length=200, blank=True)
    awarded_on = models.DateField(_("datum"), null=True, blank=True)
    eqf_level = models.PositiveSmallIntegerField(_("niveau (EQF/VKS)"), null=True, blank=True,
                                                 choices=[(i, str(i)) for i in range(1, 9)])
    # An assessor who saw the original confirms it; the competences it covers then count as certified.
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(eqf_level__isnull=True)
                                              | models.Q(eqf_level__gte=1, eqf_level__lte=8),
                                              name="qualification_eqf_1_8")]


class WorkExperience(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="experiences")
    occupation = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+")
    employer_name = models.CharField(_("werkgever"), max_length=200, blank=True)
    started_on = models.DateField(_("van"))
    ended_on = models.DateField(_("tot"), null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(ended_on__isnull=True)
                                              | models.Q(ended_on__gte=models.F("started_on")),
                                              name="experience_period_ordered")]


# -- the competence check -------------------------------------------------------------------------------------
class CompetenceCheck(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checks")
    occupation = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]


class CheckAnswer(models.Model):
    """One question of a check: made when the check starts (so the check survives a newer ESCO), answered later."""

    check_run = models.ForeignKey(CompetenceCheck, on_delete=models.CASCADE, related_name="answers")
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+")
    essential = models.BooleanField()
    position = models.PositiveSmallIntegerField()
    rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=Mastery.choices)
    skipped = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["check_run", "skill"], name="answer_one_per_skill"),
            models.UniqueConstraint(fields=["check_run", "position"], name="answer_position_unique"),
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(skipped=False),
                                   name="answer_rated_or_skipped"),
        ]


# -- the personal development plan (POP) ----------------------------------------------------------------------
class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("loopt")
    DONE = "done", _("afgerond")
    STOPPED = "stopped", _("gestopt")


class DevelopmentPlan(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="development_plans")
    title = models.CharField(_("titel"), max_length=200)
    goal = models.TextField(_("doel"), blank=True)
    from_check = models.ForeignKey(CompetenceCheck, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="plans")
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_at = models.DateTimeField(null=True, blank=True)  # the person agreed; a guide's change clears it

    class Meta:
        ordering = ["-created_at", "-id"]


class PlanCompetence(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="competences")
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+")
    current_level = models.PositiveSmallIntegerField(null=True, blank=True, choices=Mastery.choices)
    target_level = models.PositiveSmallIntegerField(choices=Mastery.choices, default=Mastery.ON_MY_OWN)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "skill"], name="plan_skill_unique")]


class PlanChange(models.Model):
    """One change of a development plan, marked with its author (the person or a guide on their behalf)."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="changes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_label = models.CharField(max_length=200)
    by_person = models.BooleanField(default=False)
    what = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("opleiding")
    ON_THE_JOB = "on_the_job", _("leren op het werk")
    INFORMAL = "informal", _("zelf of informeel leren")
    MENTORING = "mentoring", _("begeleiding door een mentor")
    EVC = "evc", _("EVC-procedure (erkenning)")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    DOING = "doing", _("bezig")
    DONE = "done", _("klaar")


class LearningActivity(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("soort"), max_length=10, choices=ActivityKind.choices)
    title = models.CharField(_("wat ga je doen?"), max_length=200)
    skill = models.ForeignKey("taxonomy.Concept", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    offer_reference = models.CharField(_("code van de opleiding"), max_length=100, blank=True,
                                       help_text=_("uit de opleidingskompas, als je die hebt"))
    deadline = models.DateField(_("tegen wanneer?"), null=True, blank=True)
    status = models.CharField(max_length=8, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(default=0)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(progress__lte=100), name="activity_progress_pct")]


# -- EVC: evidence, validation, credentials --------------------------------------------------------------------
class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("document")
    WITNESS = "witness", _("getuige")
    EMPLOYER = "employer", _("verklaring van een werkgever")
    OTHER = "other", _("iets anders")


def evidence_path(instance, filename):
    return f"people/evidence/{instance.claim.person_id}/{filename}"


class Evidence(models.Model):
    claim = models.ForeignKey(CompetenceClaim, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("soort bewijs"), max_length=10, choices=EvidenceKind.choices)
    description = models.TextField(_("wat toont dit bewijs?"))
    file = models.FileField(upload_to=evidence_path, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    witness_name = models.CharField(_("naam van de getuige"), max_length=200, blank=True)
    witness_contact = models.CharField(_("e-mail of telefoon van de getuige"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ValidationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("ingediend")
    VALIDATED = "validated", _("erkend")
    REFUSED = "refused", _("niet erkend")


class ValidationRequest(models.Model):
    claim = models.ForeignKey(CompetenceClaim, on_delete=models.CASCADE, related_name="validations")
    status = models.CharField(max_length=10, choices=ValidationStatus.choices, default=ValidationStatus.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    assessor_name = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True, choices=Mastery.choices)
    reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["claim"], condition=models.Q(status="submitted"),
                                    name="validation_one_open_per_claim"),
            models.CheckConstraint(condition=models.Q(status="submitted") | ~models.Q(reasons=""),
                                   name="validation_decision_has_reasons"),
        ]


class Credential(models.Model):
    """A signed statement of a validated competence (Open Badges 3.0 / W3C VC); the JSON is stored as issued."""

    id = models.UUIDField(primary_key=True)
    validation = models.OneToOneField(ValidationRequest, on_delete=models.CASCADE, related_name="credential")
    document = models.JSONField()
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)


class CredentialRecord(models.Model):
    """The tombstone of an issued credential: what a verifier needs after the holder's erasure, no personal data.
    The id and a SHA-256 of the signed document (canonical JSON) tell which credential; issued and revoked dates
    tell its status. It has no link to the person, so erasing the account leaves it (and a revocation) in place."""

    id = models.UUIDField(primary_key=True)
    digest = models.CharField(max_length=64, help_text=_("SHA-256 van het ondertekende bewijs (canonieke JSON)"))
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)


# -- a CV read by the extraction engine: suggestions only ----------------------------------------------------
class CvReadingStatus(models.TextChoices):
    QUEUED = "queued", _("wacht op verwerking")
    RUNNING = "running", _("wordt gelezen")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class CvReading(models.Model):
    """A CV the person pasted or uploaded, read in the background. The text is erased once it is read; what
    stays is the list of suggested skills, each with the CV sentence that suggested it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cv_readings")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=CvReadingStatus.choices, default=CvReadingStatus.QUEUED)
    filename = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True, help_text=_("gewist zodra het cv gelezen is"))
    language = models.CharField(max_length=2, blank=True)
    suggestions = models.JSONField(default=list, help_text=_("[{uri, score, evidence}] beste eerst"))
    facts = models.JSONField(default=list, blank=True,
                             help_text=_("wat het cv verder zegt: werk (periode, functie, werkgever) en diploma's "
                                         "(met EQF-niveau)"))
    rejected = models.JSONField(default=list, blank=True,
                                help_text=_("de voorstellen die de persoon afwees (ESCO-URI's); ze komen niet terug"))
    error = models.CharField(max_length=300, blank=True)
    refusal = models.CharField(max_length=300, blank=True, help_text=_("waarom het bestand niet gelezen kon worden"))
    upload = models.BinaryField(blank=True, default=b"", help_text=_("het geüploade bestand; gewist zodra het gelezen is"))
    task_id = models.CharField(max_length=64, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
