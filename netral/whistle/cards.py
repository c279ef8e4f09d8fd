"""Dashboard card: reports waiting for the team."""

from netral.whistle.actions import overdue_q
from netral.whistle.models import Report


def intake_card(request):
    qs = Report.objects.for_user(request.user)
    return {"new": qs.filter(status=Report.Status.NEW).count(), "open": qs.open().count(),
            "overdue": qs.filter(overdue_q()).count()}
