"""Retention of departed employees (docs/privacy.md, core/retention.py).

`RETENTION_DEPARTED_EMPLOYEE_DAYS` after an inactive employee's end date:
- **deleted** (with moves and social accounts) when nothing refers to them any more: no pact, no
  attendance, no case, hearing or sanction, no finding, no captured content (each of those kinds has
  its own retention; once they are gone, the next daily run deletes the employee);
- otherwise **minimised**: NIK, e-mail and phone are erased (no case record needs them; the case
  cites name, NIP, position and unit, which stay for it).
Either way their Netral login (kept: the audit chain names it as an actor) loses its e-mail, its
password (made unusable), its second factor and its recovery codes.

Never touched: an employee that an open case names or a finding waiting for triage points at.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from netral.core import audit
from netral.core.retention import record_purge
from netral.people.models import Employee

PERSONAL_FIELDS = {"nik": "", "email": "", "phone": ""}


def _referenced(ids):
    """Ids of `ids` that a record of another kind still points at."""
    from django.apps import apps

    Finding = apps.get_model("monitoring", "Finding")
    ContentItem = apps.get_model("monitoring", "ContentItem")
    Hearing = apps.get_model("cases", "Hearing")
    Sanction = apps.get_model("cases", "Sanction")
    Case = apps.get_model("cases", "Case")
    IntegrityPact = apps.get_model("pledges", "IntegrityPact")
    Attendance = apps.get_model("pledges", "Attendance")
    held = set()
    for model, field in ((Finding, "employee_id"), (ContentItem, "employee_id"), (Hearing, "employee_id"),
                         (Sanction, "employee_id"), (IntegrityPact, "employee_id"), (Attendance, "employee_id"),
                         (Case.employees.through, "employee_id")):
        held |= set(model._base_manager.filter(**{f"{field}__in": ids}).values_list(field, flat=True))
    return held


def departed(now=None):
    """Inactive employees past the period that nothing open needs."""
    from django.apps import apps

    from netral.cases.retention import employees_in_open_cases

    Finding = apps.get_model("monitoring", "Finding")
    limit = timezone.localdate(now or timezone.now()) - timedelta(days=settings.RETENTION_DEPARTED_EMPLOYEE_DAYS)
    pending = Finding.objects.filter(status=Finding.Status.NEW, employee__isnull=False).values("employee_id")
    return (Employee.objects.filter(is_active=False, end_date__lt=limit)
            .exclude(pk__in=employees_in_open_cases().values("pk")).exclude(pk__in=pending))


def _scrub_logins(user_ids):
    from netral.core.models import RecoveryCode, User

    users = User.objects.filter(pk__in=user_ids)
    todo = [u.pk for u in users if u.is_active or u.email or u.has_usable_password() or u.totp_secret]
    if todo:
        User.objects.filter(pk__in=todo).update(is_active=False, email="", password=make_password(None),
                                                totp_secret="", totp_confirmed_at=None, totp_last_step=0)
    RecoveryCode.objects.filter(user_id__in=user_ids).delete()
    return todo


def purge_departed_employees(now=None):
    rows = list(departed(now).values("pk", "user_id", "unit__path", *PERSONAL_FIELDS))
    if not rows:
        return 0
    ids = [r["pk"] for r in rows]
    held = _referenced(ids)
    delete = [pk for pk in ids if pk not in held]
    minimise = [r["pk"] for r in rows if r["pk"] in held and any(r[f] for f in PERSONAL_FIELDS)]
    user_ids = [r["user_id"] for r in rows if r["user_id"]]
    with transaction.atomic():
        with audit.disabled():  # per-row entries would copy the erased values into the chain
            scrubbed = _scrub_logins(user_ids)
            if minimise:
                Employee.objects.filter(pk__in=minimise).update(**PERSONAL_FIELDS, updated_at=timezone.now())
            if delete:
                Employee.objects.filter(pk__in=delete).delete()
        if delete or minimise or scrubbed:
            record_purge("departed_employees", setting="RETENTION_DEPARTED_EMPLOYEE_DAYS",
                         count=len(delete) + len(minimise), unit_paths={r["unit__path"] for r in rows},
                         data={"deleted": delete, "minimised": minimise,
                               "minimised_fields": sorted(PERSONAL_FIELDS), "logins_scrubbed": scrubbed},
                         note="retensi: data pegawai yang telah berhenti dihapus/diminimalkan")
    return len(delete) + len(minimise)
