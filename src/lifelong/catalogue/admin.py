from django.contrib import admin

from .models import Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "quality_status", "province", "is_synthetic")
    list_filter = ("kind", "quality_status", "province")
    search_fields = ("name",)
