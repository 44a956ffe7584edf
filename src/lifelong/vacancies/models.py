"""Stored job ads, what the engine found in them, and the runs that imported and processed them.

An ad is identified by (source, external id). The same ad published on several boards is kept
once per board; the later copies point at the first one (``duplicate_of``), so demand counts it
once and every copy stays visible.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from lifelong.jobs import JobStatus as RunStatus
from lifelong.reference import NACE_CHOICES

LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English"), ("de", "Deutsch")]


class VacancyState(models.TextChoices):
    PENDING = "pending", _("wacht op verwerking")
    PROCESSED = "processed", _("verwerkt")
    DUPLICATE = "duplicate", _("kopie (niet apart verwerkt)")


class ImportRun(models.Model):
    """One run of ``lifelong vacancies import``: what came in and every refused record with its reason."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    files = models.JSONField(default=list)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0, help_text="new ads linked to an earlier copy")
    refusals = models.JSONField(default=list, help_text="[{file, line, id, reason}]")

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("importrun vacatures")
        verbose_name_plural = _("importruns vacatures")

    def __str__(self) -> str:
        return f"import #{self.pk} ({self.created} new, {len(self.refusals)} refused)"


class Vacancy(models.Model):
    source = models.CharField(_("bron"), max_length=100)
    external_id = models.CharField(_("id bij de bron"), max_length=200)
    title = models.CharField(_("titel"), max_length=500)
    description = models.TextField(_("beschrijving"))
    employer_name = models.CharField(_("werkgever"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=120, blank=True)
    country = models.CharField(_("land"), max_length=2, default="BE")
    province = models.CharField(_("provincie (NUTS-2)"), max_length=4, blank=True, db_index=True)
    nace_section = models.CharField(_("sector (NACE)"), max_length=1, choices=NACE_CHOICES, blank=True, db_index=True)
    language = models.CharField(_("taal"), max_length=2, choices=LANGUAGES)
    language_detected = models.BooleanField(_("taal herkend (niet opgegeven)"), default=False)
    posted_on = models.DateField(_("gepubliceerd op"), db_index=True)
    expires_on = models.DateField(_("vervalt op"), null=True, blank=True)
    fingerprint = models.CharField(max_length=40, db_index=True, help_text="SHA-1 of the normalised title and text")
    signature = models.BinaryField(help_text="MinHash signature (uint32 × 64) for near-duplicates")
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    state = models.CharField(max_length=10, choices=VacancyState.choices, default=VacancyState.PENDING, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    mode = models.CharField(max_length=10, blank=True, help_text="engine mode of the last processing")
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-posted_on", "id"]
        verbose_name = _("vacature")
        verbose_name_plural = _("vacatures")
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="vacancy_unique_per_source"),
            models.CheckConstraint(condition=~Q(duplicate_of=F("id")), name="vacancy_not_its_own_copy"),
            models.CheckConstraint(condition=Q(expires_on__isnull=True) | Q(expires_on__gte=F("posted_on")),
                                   name="vacancy_expires_after_posting"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.source}:{self.external_id})"


class ExtractedConcept(models.Model):
    uri = models.CharField(max_length=255, db_index=True)
    score = models.FloatField()
    rank = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True
        ordering = ["vacancy", "rank"]


class VacancySkill(ExtractedConcept):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skills")

    class Meta(ExtractedConcept.Meta):
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "uri"], name="vacancyskill_once"),
            models.CheckConstraint(condition=Q(rank__gte=1) & Q(score__gte=0), name="vacancyskill_rank_score"),
        ]


class VacancyOccupation(ExtractedConcept):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="occupations")

    class Meta(ExtractedConcept.Meta):
        constraints = [
            models.UniqueConstraint(fields=["vacancy", "uri"], name="vacancyoccupation_once"),
            models.CheckConstraint(condition=Q(rank__gte=1) & Q(score__gte=0), name="vacancyoccupation_rank_score"),
        ]


class ProcessingRun(models.Model):
    """One extraction run over the stored ads, with its progress (written by the driver after each batch)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    mode = models.CharField(max_length=10, default="fast")
    executor = models.CharField(max_length=200, default="in-process")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    demand_rows = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("verwerking vacatures")
        verbose_name_plural = _("verwerkingen vacatures")

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else (100 if self.status == RunStatus.DONE else 0)
