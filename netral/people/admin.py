from django.contrib import admin

from netral.people.models import Employee, SocialAccount


class SocialAccountInline(admin.TabularInline):
    model = SocialAccount
    extra = 0
    fk_name = "employee"


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ("name", "nip", "employment_type", "position_class", "unit", "is_active")
    list_filter = ("employment_type", "position_class", "is_active")
    search_fields = ("name", "nip", "nik", "internal_id")
    raw_id_fields = ("unit", "user")
    inlines = [SocialAccountInline]
