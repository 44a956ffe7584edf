from django.contrib import admin

from .models import DemandSeries, Forecast, ForecastRun


@admin.register(DemandSeries)
class DemandSeriesAdmin(admin.ModelAdmin):
    list_display = ("series_key", "period", "value", "freq", "source")
    list_filter = ("freq", "source")
    search_fields = ("series_key",)


@admin.register(ForecastRun)
class ForecastRunAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "freq", "horizon", "engine_version")


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):
    list_display = ("run", "series_key", "period", "model", "forecast", "lo95", "hi95")
    search_fields = ("series_key",)
