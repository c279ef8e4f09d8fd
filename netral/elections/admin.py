from django.contrib import admin

from netral.elections.models import Contestant, Election, Mitigation, RiskPoint, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("name", "start", "end", "phase", "intensity")


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "level", "voting_day", "candidates_set_on")
    list_filter = ("kind", "level")
    search_fields = ("name", "slug", "region_name")
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("name", "election", "start", "end", "phase", "intensity")
    list_filter = ("election", "phase")


@admin.register(Contestant)
class ContestantAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "kind", "election", "region_code", "region_name", "is_local")
    list_filter = ("election", "kind", "is_local")
    search_fields = ("name", "key", "region_name", "region_code")


class MitigationInline(admin.TabularInline):
    model = Mitigation
    extra = 0
    fields = ("action", "owner_name", "owner", "due_on", "status")


@admin.register(RiskPoint)
class RiskPointAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "election", "phase", "likelihood", "impact", "score", "level")
    list_filter = ("election", "phase", "level")
    search_fields = ("title", "unit__name")
    inlines = [MitigationInline]


@admin.register(Mitigation)
class MitigationAdmin(admin.ModelAdmin):
    list_display = ("action", "risk_point", "owner_name", "due_on", "status")
    list_filter = ("status",)
