from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "nace_section", "size_class", "province", "is_synthetic")
    list_filter = ("nace_section", "size_class", "province", "is_synthetic")
    search_fields = ("name", "enterprise_number")
    filter_horizontal = ("staff",)
