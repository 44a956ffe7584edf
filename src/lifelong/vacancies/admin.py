from django.contrib import admin

from .models import ImportRun, ProcessingRun, Vacancy, VacancyOccupation, VacancySkill


class SkillInline(admin.TabularInline):
    model = VacancySkill
    extra = 0


class OccupationInline(admin.TabularInline):
    model = VacancyOccupation
    extra = 0


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "external_id", "employer_name", "province", "nace_section", "language",
                    "posted_on", "state", "duplicate_of"]
    list_filter = ["state", "source", "province", "nace_section", "language"]
    search_fields = ["title", "external_id", "employer_name"]
    raw_id_fields = ["duplicate_of", "import_run"]
    exclude = ["signature"]
    inlines = [SkillInline, OccupationInline]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "started_at", "created", "updated", "unchanged", "duplicates"]


@admin.register(ProcessingRun)
class ProcessingRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "requested_at", "status", "mode", "executor", "done", "total", "demand_rows"]
