from django.db.models import Count, Q

from netral.monitoring.models import Finding


def triage_card(request):
    qs = Finding.objects.for_user(request.user)
    agg = qs.aggregate(open=Count("pk", filter=Q(status="new")), partisan=Count("pk", filter=Q(status="new", partisan=True)),
                       hate=Count("pk", filter=Q(status="new", hate=True)), hoax=Count("pk", filter=Q(status="new", hoax=True)),
                       confirmed=Count("pk", filter=Q(status="confirmed")))
    return agg
