from django.contrib import admin

from .models import CorrectionRequest, EmployerTraining, Employment, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "nace_section", "size_class", "province", "is_synthetic")
    list_filter = ("nace_section", "size_class", "province", "is_synthetic")
    search_fields = ("name", "enterprise_number")
    filter_horizontal = ("staff",)


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ("person", "organisation", "fte_permille", "statute", "start_date", "end_date")
    list_filter = ("statute",)
    search_fields = ("person__family_name", "organisation__name", "organisation__enterprise_number")
    raw_id_fields = ("person", "organisation", "occupation")


admin.site.register(CorrectionRequest)
admin.site.register(EmployerTraining)
