from django.utils import timezone

from netral.cases.models import Case, Deadline, Notification, State


def cases_card(request):
    qs = Case.objects.for_user(request.user)
    today = timezone.localdate()
    return {
        "open": qs.open().count(),
        "by_state": [(s.label, qs.filter(state=s.value).count()) for s in State if s != State.CLOSED],
        "overdue": Deadline.objects.for_user(request.user).overdue(today).exclude(case__state=State.CLOSED)
        .values("case").distinct().count(),
        "unread": Notification.objects.for_user(request.user).unread().count(),
    }
