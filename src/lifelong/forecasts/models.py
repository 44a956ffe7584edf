"""Demand series (one long table) and stored forecasts with their provenance."""

from django.db import models
from django.db.models import F, Q


class Frequency(models.TextChoices):
    MONTHLY = "M", "monthly"
    QUARTERLY = "Q", "quarterly"


class DemandSeries(models.Model):
    """One value of one demand series (competence, occupation, sector, region…) in one period."""

    series_key = models.CharField(max_length=200, db_index=True)
    freq = models.CharField(max_length=1, choices=Frequency.choices)
    period = models.CharField(max_length=7, help_text="YYYY-MM or YYYY-Qn")
    value = models.FloatField()
    source = models.CharField(max_length=200, help_text="where the value comes from (file, feed, publisher)")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("series_key", "period")
        constraints = [
            models.UniqueConstraint(fields=("series_key", "period"), name="demandseries_one_value_per_period"),
            models.CheckConstraint(condition=Q(freq__in=("M", "Q")), name="demandseries_freq_m_or_q"),
        ]

    def __str__(self) -> str:
        return f"{self.series_key} {self.period} = {self.value}"


class ForecastRun(models.Model):
    """One run of the engine over stored series; ``provenance`` holds one record per series."""

    created_at = models.DateTimeField(auto_now_add=True)
    freq = models.CharField(max_length=1, choices=Frequency.choices)
    horizon = models.PositiveSmallIntegerField()
    engine_version = models.CharField(max_length=50)
    provenance = models.JSONField(default=list)
    refused = models.JSONField(default=list)

    class Meta:
        ordering = ("-created_at",)


class Forecast(models.Model):
    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="forecasts")
    series_key = models.CharField(max_length=200, db_index=True)
    period = models.CharField(max_length=7)
    model = models.CharField(max_length=30)
    forecast = models.FloatField()
    lo80 = models.FloatField()
    hi80 = models.FloatField()
    lo95 = models.FloatField()
    hi95 = models.FloatField()

    class Meta:
        ordering = ("run", "series_key", "period")
        constraints = [
            models.UniqueConstraint(fields=("run", "series_key", "period"), name="forecast_one_per_period"),
            models.CheckConstraint(condition=Q(lo95__lte=F("lo80")) & Q(lo80__lte=F("forecast"))
                                   & Q(forecast__lte=F("hi80")) & Q(hi80__lte=F("hi95")),
                                   name="forecast_intervals_nested"),
        ]
