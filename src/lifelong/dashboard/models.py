"""Indicators: definitions, targets (each with its own measure), values per period × disaggregation.

Every value carries its source and its flags (break, estimate, unreliable, suppressed). Values are
either imported (official series) or computed by the background job from the platform's tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lifelong.jobs import JobStatus as RunStatus
from lifelong.translations import Translated


class Measure(models.TextChoices):
    LFS_4W = "lfs_4w", _("EAK: leren in de laatste 4 weken")
    LFS_12M = "lfs_12m", _("EAK: leren in de laatste 12 maanden")
    AES_12M = "aes_12m", _("AES: leren in de laatste 12 maanden")
    AES_12M_EXCL_GOJT = "aes_12m_excl_gojt", _("AES: 12 maanden, zonder begeleide opleiding op de werkplek")
    ADMIN = "admin", _("administratieve gegevens")
    PLATFORM = "platform", _("gegevens van het platform")


class Unit(models.TextChoices):
    PCT = "pct", _("procent")
    PERSONS = "persons", _("personen")
    HOURS = "hours", _("uren")
    CHEQUES = "cheques", _("cheques")
    APPLICATIONS = "applications", _("aanvragen")
    EUR = "EUR", _("euro")
    CENTS = "cents", _("eurocent")
    MINUTES = "minutes", _("minuten")
    COUNT = "count", _("aantal")
    DAYS = "days", _("dagen")


class Indicator(Translated):
    """An indicator; its Dutch texts have English and French versions in ``translations``."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    measure = models.CharField(_("meetdefinitie"), max_length=20, choices=Measure.choices)
    unit = models.CharField(_("eenheid"), max_length=14, choices=Unit.choices)
    numerator = models.CharField(_("teller"), max_length=300, blank=True)
    denominator = models.CharField(_("noemer"), max_length=300, blank=True)
    source = models.CharField(_("bron"), max_length=500, blank=True)
    breaks_note = models.CharField(_("breuken in de reeks"), max_length=300, blank=True)
    baseline_period = models.CharField(_("basisjaar"), max_length=9, blank=True)
    baseline_value = models.DecimalField(_("basiswaarde (Vlaams Gewest, totaal)"), max_digits=18, decimal_places=4,
                                         null=True, blank=True)
    computed = models.BooleanField(_("berekend uit het platform"), default=False)
    headline = models.BooleanField(_("kernindicator (publiek)"), default=False)
    actions = models.ManyToManyField("actionplan.Action", blank=True, related_name="indicators",
                                     verbose_name=_("resultaatsindicator van"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__in=[u.value for u in Unit]), name="indicator_unit_valid"),
            models.CheckConstraint(condition=Q(measure__in=[m.value for m in Measure]),
                                   name="indicator_measure_valid"),
        ]

    def __str__(self) -> str:
        return self.localized("name")


class Target(models.Model):
    """A target with its own definition; compared only with indicators linked to it."""

    code = models.SlugField(max_length=60, unique=True)
    scope = models.CharField(_("voor"), max_length=60)
    description = models.CharField(_("indicator volgens het doel"), max_length=300)
    measure_definition = models.CharField(_("meetdefinitie van het doel"), max_length=300)
    age = models.CharField(_("leeftijd"), max_length=20, blank=True)
    value = models.DecimalField(_("doelwaarde"), max_digits=14, decimal_places=3)
    unit = models.CharField(_("eenheid"), max_length=14, choices=Unit.choices)
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=300, blank=True)
    source = models.CharField(_("bron"), max_length=500)
    note = models.TextField(_("opmerking"), blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="targets")

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["year", "code"]
        constraints = [models.CheckConstraint(condition=~Q(measure_definition=""), name="target_has_definition")]

    def __str__(self) -> str:
        return f"{self.scope}: {self.value} {self.unit} ({self.year or '—'})"


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    geo = models.CharField(_("gebied"), max_length=12)
    sex = models.CharField(_("geslacht"), max_length=1, default="T")
    age = models.CharField(_("leeftijd"), max_length=12, blank=True)
    dimension = models.CharField(_("uitsplitsing"), max_length=30, default="total")
    category = models.CharField(_("categorie"), max_length=100, blank=True)
    breakdown = models.CharField(_("uitsplitsing zoals in de bron"), max_length=120, default="total")
    period = models.CharField(_("periode"), max_length=9)
    year = models.PositiveSmallIntegerField(_("jaar (einde van de periode)"))
    value = models.DecimalField(_("waarde"), max_digits=18, decimal_places=4, null=True, blank=True)
    n = models.PositiveIntegerField(_("aantal waarnemingen"), null=True, blank=True)
    is_break = models.BooleanField(_("breuk in de reeks"), default=False)
    is_estimate = models.BooleanField(_("schatting"), default=False)
    is_unreliable = models.BooleanField(_("onbetrouwbaar"), default=False)
    is_suppressed = models.BooleanField(_("onderdrukt (n < 10)"), default=False)
    source = models.CharField(_("bron"), max_length=500)
    note = models.TextField(_("opmerking"), blank=True)
    run = models.ForeignKey("ComputationRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("waarde")
        verbose_name_plural = _("waarden")
        ordering = ["indicator", "geo", "dimension", "category", "sex", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "geo", "sex", "age", "breakdown", "period"],
                                    name="value_unique_cell"),
            models.CheckConstraint(condition=Q(is_suppressed=True, value__isnull=True)
                                   | Q(is_suppressed=False, value__isnull=False), name="value_present_unless_suppressed"),
            models.CheckConstraint(condition=~Q(source=""), name="value_has_source"),
        ]
        indexes = [models.Index(fields=["indicator", "geo", "dimension", "year"], name="value_series")]


class ComputationRun(models.Model):
    """One recomputation of the platform indicators, with its progress (written by the job)."""

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    steps_total = models.PositiveSmallIntegerField(default=0)
    steps_done = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=9, blank=True)
    values_written = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("herberekening")
        verbose_name_plural = _("herberekeningen")
        ordering = ["-requested_at", "-id"]

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0
