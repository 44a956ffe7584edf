from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lifelong.reference import PROVINCE_CHOICES


class ProviderKind(models.TextChoices):
    ADULT_EDUCATION = "adult_education", _("volwassenenonderwijs (CVO, CBE)")
    PUBLIC_EMPLOYMENT = "public_employment", _("publieke dienst voor arbeidsbemiddeling")
    HIGHER_EDUCATION = "higher_education", _("hoger onderwijs")
    SECTOR_FUND = "sector_fund", _("sectorfonds")
    PRIVATE = "private", _("private opleidingsverstrekker")
    NON_PROFIT = "non_profit", _("vzw of sociaal-cultureel werk")


class QualityStatus(models.TextChoices):
    REGISTERED = "registered", _("geregistreerd voor Vlaamse incentives")
    PENDING = "pending", _("registratie in behandeling")
    NONE = "none", _("niet geregistreerd")


class Provider(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=ProviderKind.choices)
    quality_status = models.CharField(_("kwaliteitsstatus"), max_length=12, choices=QualityStatus.choices,
                                      default=QualityStatus.NONE)
    province = models.CharField(_("provincie"), max_length=4, choices=PROVINCE_CHOICES)
    postcode = models.CharField(_("postcode"), max_length=4)
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL)
    staff = models.ManyToManyField("users.User", blank=True, related_name="providers",
                                   help_text=_("gebruikers (rol opleidingsverstrekker) die voor deze aanbieder werken"))
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("opleidingsverstrekker")
        verbose_name_plural = _("opleidingsverstrekkers")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        before = (Provider.objects.filter(pk=self.pk).values_list("quality_status", flat=True).first()
                  if self.pk else None)
        super().save(*args, **kwargs)
        if before is not None and before != self.quality_status:
            # what the offers pay changes with the status: move the compass search index's freshness stamp
            from django.utils import timezone

            self.offers.update(updated_at=timezone.now())

    def is_staffed_by(self, user) -> bool:
        return self.staff.filter(pk=user.pk).exists()


# -- the training compass: offers -------------------------------------------------------------------
class OfferType(models.TextChoices):
    FORMAL = "formal", _("formeel (diploma of erkend certificaat)")
    NON_FORMAL = "non_formal", _("niet-formeel (cursus, opleiding)")
    INFORMAL = "informal", _("informeel (leren op het werk, in een groep, online)")


class Mode(models.TextChoices):
    CLASSROOM = "classroom", _("in een klas")
    ONLINE = "online", _("online")
    BLENDED = "blended", _("gemengd (klas en online)")
    WORKPLACE = "workplace", _("op de werkplek")


class OfferLanguage(models.TextChoices):
    NL = "nl", pgettext_lazy("taal van een opleiding", "Nederlands")
    EN = "en", _("Engels")
    FR = "fr", _("Frans")


class Offer(models.Model):
    """A training or learning opportunity of one provider, tagged with ESCO skills.

    ``eligible_schemes`` holds scheme codes of ``accounts`` between commas (``,vov,opleidingscheques,``)
    so that a facet is a portable ``LIKE`` on SQLite and PostgreSQL alike.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offers")
    external_id = models.CharField(_("eigen referentie"), max_length=100,
                                   help_text=_("de code van het aanbod bij de aanbieder; uniek per aanbieder"))
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("beschrijving"), blank=True)
    offer_type = models.CharField(_("soort leren"), max_length=12, choices=OfferType.choices,
                                  default=OfferType.NON_FORMAL)
    qualification = models.CharField(_("kwalificatie of attest"), max_length=300, blank=True)
    eqf_level = models.PositiveSmallIntegerField(_("niveau (EQF/VKS)"), null=True, blank=True)
    competences = models.ManyToManyField("taxonomy.Concept", blank=True, related_name="offers",
                                         verbose_name=_("competenties (ESCO)"))
    mode = models.CharField(_("vorm"), max_length=10, choices=Mode.choices, default=Mode.CLASSROOM)
    language = models.CharField(_("taal"), max_length=2, choices=OfferLanguage.choices, default=OfferLanguage.NL)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=100, blank=True)
    province = models.CharField(_("provincie"), max_length=4, choices=PROVINCE_CHOICES, blank=True)
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("aantal lesuren"), default=0)
    price_cents = models.BigIntegerField(_("prijs (cent)"), default=0)
    eligible_schemes = models.CharField(_("leerrechten"), max_length=300, blank=True, default="")
    # ``accounts.FundingCategory`` codes between commas, like the schemes: full support for vouchers, …
    funding_categories = models.CharField(_("soort opleiding (voor de leerrechten)"), max_length=300, blank=True,
                                          default="")
    low_literacy = models.BooleanField(_("geschikt als je minder goed leest of schrijft"), default=False)
    evening = models.BooleanField(_("'s avonds"), default=False)
    childcare = models.BooleanField(_("met kinderopvang"), default=False)
    completion_rate_pct = models.PositiveSmallIntegerField(_("slaagt (procent)"), null=True, blank=True)
    certification = models.CharField(_("wat je krijgt op het einde"), max_length=200, blank=True)
    next_start = models.DateField(_("eerstvolgende start"), null=True, blank=True, db_index=True)
    suggested = models.JSONField(default=list, blank=True,
                                 help_text="ESCO URIs suggested by the tagger, not yet confirmed")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the search index's freshness stamp

    class Meta:
        verbose_name = _("opleidingsaanbod")
        verbose_name_plural = _("opleidingsaanbod")
        constraints = [
            models.UniqueConstraint(fields=["provider", "external_id"], name="offer_external_id_per_provider"),
            models.CheckConstraint(condition=models.Q(price_cents__gte=0), name="offer_price_nonnegative"),
            models.CheckConstraint(condition=~models.Q(title=""), name="offer_has_title"),
            models.CheckConstraint(condition=models.Q(eqf_level__isnull=True)
                                   | models.Q(eqf_level__gte=1, eqf_level__lte=8), name="offer_eqf_1_8"),
            models.CheckConstraint(condition=models.Q(latitude__isnull=True)
                                   | models.Q(latitude__gte=49.49, latitude__lte=51.51), name="offer_lat_belgium"),
            models.CheckConstraint(condition=models.Q(longitude__isnull=True)
                                   | models.Q(longitude__gte=2.54, longitude__lte=6.41),
                                   name="offer_lon_belgium"),
        ]
        indexes = [models.Index(fields=["offer_type", "mode", "province"], name="offer_facets"),
                   # covering index for the facet counts: a scan of this index, not of the wide offer rows
                   models.Index(fields=["is_active", "offer_type", "mode", "province", "language", "eligible_schemes"],
                                name="offer_facet_counts"),
                   models.Index(fields=["price_cents"], name="offer_price")]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        """What an accounts ``Booking.offer_ref`` holds for this offer."""
        return f"kompas:{self.pk}"

    @property
    def scheme_codes(self) -> list[str]:
        return [c for c in self.eligible_schemes.split(",") if c]

    @property
    def category_codes(self) -> list[str]:
        return [c for c in self.funding_categories.split(",") if c]


class Session(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    start_date = models.DateField(_("startdatum"))

    class Meta:
        ordering = ["start_date"]
        constraints = [models.UniqueConstraint(fields=["offer", "start_date"], name="session_unique")]


class OfferToken(models.Model):
    """The search index: Dutch Snowball stems of an offer's words, with a weight (title > description)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=60)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "offer"], name="offertoken_unique")]
        # covering index: the word lookups and the relevance sum read the index only, never the table rows
        indexes = [models.Index(fields=["token", "offer", "weight"], name="offertoken_covering")]


class Rating(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="offer_ratings")
    stars = models.PositiveSmallIntegerField(_("score (1 tot 5)"))
    comment = models.TextField(_("opmerking"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "person"], name="rating_once_per_person"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_5"),
        ]


class TaggingStatus(models.TextChoices):
    QUEUED = "queued", _("wacht op verwerking")
    RUNNING = "running", _("bezig")
    DONE = "done", _("klaar")
    FAILED = "failed", _("mislukt")


class TaggingRun(models.Model):
    """Competences suggested in bulk by the extraction engine (``fast``), for one provider's offers or for
    all offers: after an import, or from ``lifelong catalogue tag``. The suggestions land in
    ``Offer.suggested`` ("automatisch voorgesteld"); the provider confirms them on the edit page."""

    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="tagging_runs", help_text="empty: every provider")
    only_missing = models.BooleanField(default=True, help_text="only offers without competences or suggestions")
    status = models.CharField(max_length=8, choices=TaggingStatus.choices, default=TaggingStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    suggested = models.PositiveIntegerField(default=0, help_text="offers that received at least one suggestion")
    error = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        return 100 if self.status == TaggingStatus.DONE else (self.done * 100 // self.total if self.total else 0)


# -- the provider gate (issue 19.2): eligibility the provider asks for counts once the secretariat approves ------
class EligibilityStatus(models.TextChoices):
    PENDING = "pending", _("wacht op het secretariaat")
    APPROVED = "approved", _("goedgekeurd")
    REFUSED = "refused", _("geweigerd")
    WITHDRAWN = "withdrawn", _("ingetrokken of vervangen")


class EligibilityChange(models.Model):
    """Learning rights (``eligible_schemes``) and kinds of training (``funding_categories``) asked for one offer.

    ``Offer.eligible_schemes`` and ``Offer.funding_categories`` hold only what was approved: the rights engine,
    the booking and the search read those. A provider's request that adds a right or a kind waits here until the
    secretariat approves it (or refuses it with a reason); what it takes away counts at once. A trusted source
    (an official register imported by the secretariat, ``source``) is recorded here as approved right away."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="eligibility_changes")
    schemes = models.CharField(_("gevraagde leerrechten"), max_length=300, blank=True, default="")
    categories = models.CharField(_("gevraagde soorten opleiding"), max_length=300, blank=True, default="")
    previous_schemes = models.CharField(max_length=300, blank=True, default="")
    previous_categories = models.CharField(max_length=300, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=EligibilityStatus.choices,
                              default=EligibilityStatus.PENDING)
    requested_by = models.ForeignKey("users.User", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey("users.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    source = models.CharField(_("bron"), max_length=200, blank=True,
                              help_text=_("een vertrouwde bron (officieel register) die het secretariaat inlas"))

    class Meta:
        verbose_name = _("wijziging van leerrechten")
        verbose_name_plural = _("wijzigingen van leerrechten")
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["offer"], condition=models.Q(status="pending"),
                                               name="one_pending_eligibility_change_per_offer")]

    @staticmethod
    def codes(text: str) -> list[str]:
        return [c for c in text.split(",") if c]

    @property
    def scheme_codes(self) -> list[str]:
        return self.codes(self.schemes)

    @property
    def category_codes(self) -> list[str]:
        return self.codes(self.categories)

    @property
    def added_schemes(self) -> list[str]:
        return sorted(set(self.scheme_codes) - set(self.codes(self.previous_schemes)))

    @property
    def added_categories(self) -> list[str]:
        return sorted(set(self.category_codes) - set(self.codes(self.previous_categories)))
