from django.contrib import admin

from .models import EligibilityChange, Offer, Provider, Rating


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "quality_status", "province", "is_synthetic")
    list_filter = ("kind", "quality_status", "province")
    search_fields = ("name",)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("title", "provider", "offer_type", "mode", "province", "price_cents", "next_start")
    list_filter = ("offer_type", "mode", "province", "language")
    search_fields = ("title", "external_id")
    raw_id_fields = ("provider", "competences")


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("offer", "person", "stars", "created_at")
    raw_id_fields = ("offer", "person")


@admin.register(EligibilityChange)
class EligibilityChangeAdmin(admin.ModelAdmin):
    """The audit trail of the provider gate (issue 19.2); decisions are taken on /kompas/secretariaat/."""

    list_display = ("offer", "status", "schemes", "categories", "requested_by", "requested_at", "decided_by",
                    "decided_at", "source")
    list_filter = ("status",)
    raw_id_fields = ("offer", "requested_by", "decided_by")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
