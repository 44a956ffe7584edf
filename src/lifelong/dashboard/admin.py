from django.contrib import admin

from .models import ComputationRun, Indicator, IndicatorValue, Target


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "measure", "unit", "computed", "headline"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "scope", "value", "unit", "year", "measure_definition"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "geo", "breakdown", "sex", "period", "value", "is_break", "is_suppressed"]
    list_filter = ["indicator", "geo", "is_break"]


@admin.register(ComputationRun)
class ComputationRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "requested_at", "status", "steps_done", "steps_total", "values_written"]
