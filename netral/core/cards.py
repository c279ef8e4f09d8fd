"""Dashboard card contexts for core."""

from netral.core.models import AuditEntry, OrgUnit, User


def units_card(request):
    units = OrgUnit.objects.for_user(request.user)
    return {
        "units": units.count(),
        "upts": units.filter(kind__in=OrgUnit.UPT_KINDS).count(),
        "users": User.objects.filter(unit__in=units).count(),
    }


def audit_card(request):
    qs = AuditEntry.objects.visible_to(request.user)
    return {"count": qs.count(), "latest": qs.order_by("-seq").first()}


def todo(title, icon, text):
    def context(request):
        return {"title": title, "icon": icon, "text": text}

    return context
