from django.contrib import admin

from netral.cases.models import Case, Holiday, SLARule


@admin.register(SLARule)
class SLARuleAdmin(admin.ModelAdmin):
    list_display = ("key", "label", "days", "working_days", "warn_days", "legal_basis")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "kind", "source")
    list_filter = ("kind",)
    date_hierarchy = "date"


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    # Read-only: a case moves only through actions.transition() (audited, conditional UPDATE).
    list_display = ("number", "title", "state", "unit", "opened_at")
    list_filter = ("state",)
    search_fields = ("number", "title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
