from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from netral.core.models import AuditEntry, OrgUnit, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province", "regency", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (("Netral", {"fields": ("role", "unit")}),)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("seq", "at", "actor_name", "action", "model", "object_repr")
    list_filter = ("action", "model")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
