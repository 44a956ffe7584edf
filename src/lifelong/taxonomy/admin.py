from django.contrib import admin

from .models import Concept, EscoVersion, Label


class LabelInline(admin.TabularInline):
    model = Label
    extra = 0


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ("label_en", "concept_type", "skill_type", "reuse_level", "isco_code", "version")
    list_filter = ("concept_type", "skill_type", "reuse_level", "version")
    search_fields = ("label_en", "uri", "code")
    inlines = [LabelInline]


@admin.register(EscoVersion)
class EscoVersionAdmin(admin.ModelAdmin):
    list_display = ("version", "imported_at", "languages", "concepts", "relations", "refused", "source")
