"""Dashboard cards of the pembinaan module."""

from netral.pledges.actions import coverage, templates_for
from netral.pledges.models import Attendance, Event, IntegrityPact


def pact_coverage_card(request):
    template = templates_for(request.user).order_by("-election__voting_day", "-created_at").first()
    if template is None:
        return {"template": None}
    cov = coverage(template, request.user)
    return {"template": template, "total": cov.total, "campaign_start": template.campaign_start()}


def my_status_card(request):
    employee = getattr(request.user, "employee", None)
    if employee is None:
        return {"employee": None}
    pacts = list(IntegrityPact.objects.current().filter(employee=employee).select_related("election")
                 .order_by("-election__voting_day"))
    attended = Attendance.objects.filter(employee=employee)
    return {
        "employee": employee,
        "pacts": pacts,
        "pending": [p for p in pacts if p.status == IntegrityPact.Status.PENDING],
        "socialisations": attended.filter(event__kind=Event.Kind.SOCIALISATION).count(),
        "ikrar": attended.filter(event__kind=Event.Kind.IKRAR).count(),
    }
