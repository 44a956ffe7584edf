from django.contrib import admin

from .models import AccessLog, Consent


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("person", "grantee", "scope", "valid_from", "valid_until", "revoked_at")
    list_filter = ("scope",)
    raw_id_fields = ("person", "grantee")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "person", "actor_label", "scope", "action")
    raw_id_fields = ("person", "actor", "consent")
