from django.contrib import admin

from .models import (
    CombinationRule,
    CombinedForecast,
    DemandSeries,
    FirmPopulation,
    Forecast,
    ForecastRun,
    Panel,
    PanelItem,
    PanelRound,
    Survey,
    SurveyQuestion,
)


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



@admin.register(FirmPopulation)
class FirmPopulationAdmin(admin.ModelAdmin):
    list_display = ("nace_section", "size_class", "firms", "is_synthetic", "source")
    list_filter = ("is_synthetic", "size_class")


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "created_at", "is_synthetic")
    inlines = [SurveyQuestionInline]
    filter_horizontal = ("invited",)


class PanelItemInline(admin.TabularInline):
    model = PanelItem
    extra = 0


class PanelRoundInline(admin.TabularInline):
    model = PanelRound
    extra = 0
    readonly_fields = ("number", "status", "opened_at", "closed_at")
    can_delete = False


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ("title", "consensus_iqr", "created_at", "is_synthetic")
    inlines = [PanelItemInline, PanelRoundInline]
    filter_horizontal = ("experts",)


@admin.register(CombinationRule)
class CombinationRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "active", "weight_statistical", "weight_survey", "weight_panel", "cap_pct",
                    "stable_band_pct")


@admin.register(CombinedForecast)
class CombinedForecastAdmin(admin.ModelAdmin):
    list_display = ("series_key", "outlook", "confidence", "change_pct", "created_at")
    list_filter = ("outlook", "confidence")
    search_fields = ("series_key",)
    readonly_fields = [f.name for f in CombinedForecast._meta.fields]
