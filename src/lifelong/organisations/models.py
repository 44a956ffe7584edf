from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lifelong.reference import NACE_CHOICES, PROVINCE_CHOICES, FirmSize


class OrganisationKind(models.TextChoices):
    EMPLOYER = "employer", _("werkgever")
    SECTOR_FUND = "sector_fund", _("sectorfonds")


class Organisation(models.Model):
    """An employer (or any organisation that learns): size, sector and region drive the rules. A sector fund is an
    organisation too (``kind``), with its staff, that funds extra training budget for the people of its sector."""

    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=OrganisationKind.choices,
                            default=OrganisationKind.EMPLOYER)
    enterprise_number = models.CharField(_("ondernemingsnummer"), max_length=12, unique=True)
    nace_section = models.CharField(_("sector (NACE)"), max_length=1, choices=NACE_CHOICES)
    employees = models.PositiveIntegerField(_("werknemers"), validators=[MinValueValidator(0)])
    size_class = models.CharField(_("grootte"), max_length=6, choices=FirmSize.CHOICES)
    province = models.CharField(_("provincie"), max_length=4, choices=PROVINCE_CHOICES)
    postcode = models.CharField(_("postcode"), max_length=4)
    is_synthetic = models.BooleanField(default=False, help_text=_("verzonnen demogegevens"))
    staff = models.ManyToManyField("users.User", blank=True, related_name="organisations",
                                   verbose_name=_("medewerkers met een account"),
                                   help_text=_("gebruikers (rol werkgever) die voor deze organisatie antwoorden"))

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.size_class = FirmSize.of(self.employees)
        super().save(*args, **kwargs)


class Statute(models.TextChoices):
    """The employee's statute in the employment contract."""

    WORKER = "worker", _("arbeider")
    CLERK = "clerk", _("bediende")
    CIVIL_SERVANT = "civil_servant", _("ambtenaar")
    CONTRACT_STAFF = "contract", _("contractueel (openbare sector)")
    TEMPORARY = "temporary", _("uitzendkracht")
    STUDENT = "student", _("jobstudent")
    OTHER = "other", _("ander")


class Employment(models.Model):
    """One employment contract: a person works for an organisation from a date, possibly to a date, at an FTE share.

    The rights engine reads FTE, firm size and years worked from these records (``accounts.selectors.facts_of``)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="employments",
                               verbose_name=_("persoon"))
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="employments",
                                     verbose_name=_("organisatie"))
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True, help_text=_("leeg: loopt nog"))
    fte_permille = models.PositiveSmallIntegerField(
        _("tewerkstelling (‰ van voltijds)"), help_text=_("1000 = voltijds, 800 = 4/5, 500 = halftijds"))
    statute = models.CharField(_("statuut"), max_length=14, choices=Statute.choices, default=Statute.CLERK)
    occupation = models.ForeignKey("taxonomy.Concept", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("beroep (ESCO)"))
    joint_committee = models.CharField(_("paritair comité"), max_length=10, blank=True,
                                       help_text=_("bv. 200 of 124; leeg als je het niet weet"))
    site = models.CharField(_("vestiging"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tewerkstelling")
        verbose_name_plural = _("tewerkstellingen")
        ordering = ["organisation_id", "person_id", "start_date"]
        indexes = [models.Index(fields=["organisation", "start_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(fte_permille__gte=1, fte_permille__lte=1000),
                                   name="employment_fte_between_1_and_1000"),
            models.CheckConstraint(condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                                   name="employment_end_not_before_start"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation} ({self.fte_permille / 10:g}%)"

    @property
    def fte(self) -> float:
        return self.fte_permille / 1000

    def active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("verwerkt")
    REJECTED = "rejected", _("afgewezen")


class CorrectionRequest(models.Model):
    """A learner asks the employer to correct an employment record; the employer sees it on the portal."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="corrections")
    message = models.TextField(_("wat klopt er niet?"), max_length=2000)
    status = models.CharField(max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vraag om correctie")
        verbose_name_plural = _("vragen om correctie")
        ordering = ["-created_at"]


class EmployerTraining(models.Model):
    """A training the employer registers for an employee: counts toward the federal days used. Registered by hand,
    by a done action of the training plan (``plan_item``) or by an SME-wallet booking the provider confirmed
    (``wallet_booking``); each of those once per employment."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("opleiding"), max_length=200)
    on = models.DateField(_("datum"))
    minutes = models.PositiveIntegerField(_("duur (minuten)"))
    plan_item = models.ForeignKey("PlanItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="trainings")
    wallet_booking = models.OneToOneField("WalletBooking", null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="training")

    class Meta:
        verbose_name = _("opleiding geregistreerd door de werkgever")
        verbose_name_plural = _("opleidingen geregistreerd door de werkgever")
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__gte=1), name="employer_training_minutes_positive"),
            models.UniqueConstraint(fields=["plan_item", "employment"], condition=models.Q(plan_item__isnull=False),
                                    name="plan_item_counted_once_per_employment"),
        ]


class Horizon(models.TextChoices):
    NOW = "now", _("nu")
    IN_3_YEARS = "3y", _("binnen 3 jaar")


class CompetenceNeed(models.Model):
    """The organisation's competence check: an ESCO skill it needs now or in three years."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="competence_needs")
    skill = models.ForeignKey("taxonomy.Concept", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("competentie (ESCO)"))
    horizon = models.CharField(_("wanneer nodig"), max_length=3, choices=Horizon.choices, default=Horizon.NOW)
    people_needed = models.PositiveSmallIntegerField(_("hoeveel mensen"), default=1)

    class Meta:
        verbose_name = _("nodige competentie")
        verbose_name_plural = _("nodige competenties")
        constraints = [models.UniqueConstraint(fields=["organisation", "skill", "horizon"], name="need_once_per_horizon")]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("ontwerp")
    ADOPTED = "adopted", _("vastgelegd")


class TrainingPlan(models.Model):
    """The yearly training plan (firms with 20 workers or more must draw one up), built from the competence check."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="training_plans")
    year = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)

    class Meta:
        verbose_name = _("opleidingsplan")
        verbose_name_plural = _("opleidingsplannen")
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="one_plan_per_year")]


class ItemKind(models.TextChoices):
    COMPASS_OFFER = "offer", _("opleiding uit het kompas")
    INFORMAL = "informal", _("informeel leren")
    ON_THE_JOB = "on_the_job", _("leren op de werkvloer")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    BUSY = "busy", _("bezig")
    DONE = "done", _("gedaan")


class PlanItem(models.Model):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=10, choices=ItemKind.choices)
    skill = models.ForeignKey("taxonomy.Concept", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey("catalogue.Offer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("actie"), max_length=300)
    target_group = models.CharField(_("doelgroep"), max_length=200, blank=True)
    deadline = models.DateField(_("tegen"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLANNED)

    class Meta:
        verbose_name = _("actie in het opleidingsplan")
        verbose_name_plural = _("acties in het opleidingsplan")
        ordering = ["deadline", "id"]


class WalletStatus(models.TextChoices):
    PROPOSED = "proposed", _("voorgesteld aan de werknemer")
    ACCEPTED = "accepted", _("aanvaard door de werknemer")
    CONFIRMED = "confirmed", _("aanwezigheid bevestigd")
    DECLINED = "declined", _("geweigerd door de werknemer")
    CANCELLED = "cancelled", _("geannuleerd door de werkgever")


class WalletBooking(models.Model):
    """The employer books a compass offer for one employee with the SME wallet (KMO-portefeuille).

    The wallet's share is reserved in the organisation's ledger accounts at once (``reserve_tx``: available →
    held); the employee accepts (or declines: the share goes back); the provider confirms attendance
    (``settle_tx``: held → consumed) and the training counts toward the employee's federal days at this employer.
    The employee's own rights are never touched by it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="wallet_bookings")
    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="wallet_bookings")
    offer = models.ForeignKey("catalogue.Offer", null=True, on_delete=models.SET_NULL, related_name="+")
    provider = models.ForeignKey("catalogue.Provider", null=True, on_delete=models.SET_NULL, related_name="+")
    offer_title = models.CharField(_("opleiding"), max_length=300)
    hours = models.PositiveIntegerField(_("uren"))
    price_cents = models.BigIntegerField(_("prijs (cent)"))
    share_pct = models.PositiveSmallIntegerField(_("aandeel van de KMO-portefeuille (%)"))
    subsidy_cents = models.BigIntegerField(_("steun van de KMO-portefeuille (cent)"))
    rule = models.CharField(_("regel"), max_length=60)
    status = models.CharField(max_length=10, choices=WalletStatus.choices, default=WalletStatus.PROPOSED)
    idempotency_key = models.CharField(max_length=200, unique=True)
    booked_by = models.ForeignKey("users.User", null=True, on_delete=models.SET_NULL, related_name="+")
    reserve_tx = models.OneToOneField("accounts.LedgerTransaction", on_delete=models.PROTECT, related_name="+")
    settle_tx = models.OneToOneField("accounts.LedgerTransaction", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("boeking met de KMO-portefeuille")
        verbose_name_plural = _("boekingen met de KMO-portefeuille")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(subsidy_cents__gt=0, price_cents__gt=0),
                                   name="wallet_booking_amounts_positive"),
            models.CheckConstraint(condition=models.Q(settle_tx__isnull=True)
                                   | models.Q(status__in=["confirmed", "declined", "cancelled"]),
                                   name="wallet_booking_settled_only_when_closed"),
        ]


class TopUpGroup(models.TextChoices):
    ALL_STAFF = "all_staff", _("alle medewerkers")
    JOINT_COMMITTEE = "joint_committee", _("een paritair comité")
    PEOPLE = "people", _("gekozen mensen (doelgroep)")


class TopUp(models.Model):
    """An employer or a sector fund gives extra training budget to a group of people: the funder's budget is paid
    in first (its own ledger account), each recipient's share moves from it to their account, with who and why."""

    funder = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="top_ups")
    scheme_code = models.CharField(_("regeling"), max_length=40)  # employer_topup or sector_topup
    group = models.CharField(_("voor wie"), max_length=16, choices=TopUpGroup.choices)
    joint_committee = models.CharField(_("paritair comité"), max_length=10, blank=True)
    amount_cents = models.BigIntegerField(_("bedrag per persoon (cent)"))
    reason = models.CharField(_("waarom"), max_length=300)
    recipients = models.PositiveIntegerField(default=0)
    on = models.DateField(_("datum"))
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_by = models.ForeignKey("users.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extra opleidingsbudget")
        verbose_name_plural = _("extra opleidingsbudgetten")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_cents__gt=0), name="top_up_amount_positive")]
