"""The secretariat edits schemes here. A version that exists is never edited: a change of law is a new version."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Booking,
    Hold,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    Scheme,
    SchemeVersion,
)


class SchemeVersionInline(admin.TabularInline):
    model = SchemeVersion
    extra = 0
    fields = ("version", "valid_from", "valid_until", "period", "source_title")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "beneficiary", "ledger")
    search_fields = ("code", "name")
    inlines = [SchemeVersionInline]

    def get_readonly_fields(self, request, obj=None):
        return ("code", "kind", "unit", "beneficiary") if obj else ()


@admin.register(SchemeVersion)
class SchemeVersionAdmin(admin.ModelAdmin):
    list_display = ("scheme", "version", "valid_from", "valid_until", "period", "source_title")
    list_filter = ("scheme",)
    readonly_fields = ("created_at", "created_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # Only closing an open version (setting its end date once) is allowed; the rest is history.
        fixed = [f.name for f in SchemeVersion._meta.fields if f.name not in ("id",)]
        if obj.valid_until is None:
            fixed.remove("valid_until")
        return fixed

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EntryInline(admin.TabularInline):
    model = LedgerEntry
    fields = ("account", "amount")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "created_at", "actor", "memo", "idempotency_key")
    list_filter = ("kind",)
    search_fields = ("idempotency_key", "memo")
    inlines = [EntryInline]


@admin.register(LedgerAccount)
class LedgerAccountAdmin(ReadOnlyAdmin):
    list_display = ("id", "scheme", "kind", "person", "organisation", "period_start", "period_end", "balance")
    list_filter = ("scheme", "kind")
    raw_id_fields = ("person", "organisation")


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ("id", "person", "scheme", "amount", "status", "expires_at")
    list_filter = ("status", "scheme")


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("id", "person", "offer_title", "provider", "price_cents", "status", "flag_list", "created_at")
    list_filter = ("status",)
    search_fields = ("offer_title",)

    @admin.display(description=_("signalen"))
    def flag_list(self, obj):
        return ", ".join(obj.flags)
