from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("__str__", "birth_year", "education_level", "labour_status", "province", "is_synthetic")
    list_filter = ("education_level", "labour_status", "province", "is_synthetic")
    search_fields = ("given_name", "family_name")
