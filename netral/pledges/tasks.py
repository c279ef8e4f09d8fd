"""Pembinaan background tasks (ids in, safe to run twice)."""

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def generate_pacts(gen_id):
    from netral.pledges.actions import run_generation
    from netral.pledges.models import PactGeneration

    try:
        return run_generation(gen_id)
    except Exception:  # never leave a run stuck in "running"
        log.exception("Pembuatan pakta #%s gagal", gen_id)
        PactGeneration.objects.filter(pk=gen_id).update(
            status=PactGeneration.Status.FAILED, finished_at=timezone.now(),
            error="Pembuatan pakta gagal karena kesalahan sistem. Jalankan ulang; pakta yang sudah dibuat tidak "
                  "digandakan.")
        return "failed"


@task()
def send_pact_reminders(template_id, user_id=None):
    """Reminders for one template, limited to the scope of the user who asked for them."""
    from netral.core.models import User
    from netral.pledges.actions import send_reminders
    from netral.pledges.models import PactTemplate

    template = PactTemplate.objects.select_related("unit", "election").filter(pk=template_id).first()
    if template is None:
        return {"sent": 0}
    user = User.objects.select_related("unit").filter(pk=user_id).first() if user_id else None
    if user_id and user is None:
        return {"sent": 0}
    sent, no_email = send_reminders(template, user=user)
    return {"sent": sent, "without_email": no_email}


@task()
def scheduled_pact_reminders():
    """Scheduler job: in the last days before the campaign starts, chase unsigned pacts
    (at most one email a day per pact)."""
    from netral.pledges.actions import send_reminders, templates_due_for_reminders

    total = 0
    for template in templates_due_for_reminders():
        sent, _ = send_reminders(template)
        total += sent
    return {"sent": total}


@task()
def sync_derived_roles():
    """Scheduler job: recompute every role that comes from a task force (catches changes made
    around the normal paths, e.g. a raw update or a restore)."""
    from netral.pledges.actions import sync_roles

    return {"changed": sync_roles()}
