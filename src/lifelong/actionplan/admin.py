"""Admin: read-mostly for the secretariat; day-to-day edits go through the web pages (with a 'why')."""

from django.contrib import admin

from .models import (
    Action,
    ActionStream,
    AdviceLink,
    Barrier,
    ChangeRecord,
    Flagship,
    Level,
    Plan,
    Stakeholder,
    TargetGroup,
    WorkingGroup,
)

for model in (Plan, ActionStream, Level, TargetGroup, Stakeholder, AdviceLink):
    admin.site.register(model)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(admin.ModelAdmin):
    filter_horizontal = ["members"]


@admin.register(Flagship)
class FlagshipAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "stream", "src"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "status", "working_group", "src"]
    list_filter = ["flagship", "status", "src"]
    readonly_fields = ["inferred"]


@admin.register(Barrier)
class BarrierAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "actor", "type", "src"]


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "subject", "verb", "actor", "why"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
