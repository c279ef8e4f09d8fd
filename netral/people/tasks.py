"""Roster background tasks (ids in, safe to run twice)."""

import logging

from django.db import IntegrityError
from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def run_roster_import(import_id):
    from netral.people.actions import execute_import
    from netral.people.models import RosterImport

    # Claim: only a queued import starts; a second delivery of the same task finds it taken.
    claimed = RosterImport.objects.filter(pk=import_id, status=RosterImport.Status.QUEUED).update(
        status=RosterImport.Status.RUNNING, progress_done=0)
    if not claimed:
        return "skipped"
    imp = RosterImport.objects.select_related("created_by").get(pk=import_id)
    try:
        execute_import(imp)
    except IntegrityError as e:
        RosterImport.objects.filter(pk=import_id).update(
            status=RosterImport.Status.FAILED, finished_at=timezone.now(),
            error="Impor dibatalkan seluruhnya (tidak ada data yang tersimpan): data bentrok dengan data yang ada "
                  f"({e.__class__.__name__}). Periksa nomor pegawai internal yang dipakai dua pegawai.")
        return "failed"
    except Exception:  # never leave an import stuck in "running"
        log.exception("Impor daftar pegawai #%s gagal", import_id)
        RosterImport.objects.filter(pk=import_id).update(
            status=RosterImport.Status.FAILED, finished_at=timezone.now(),
            error="Impor gagal karena kesalahan sistem; tidak ada data yang tersimpan. Hubungi admin.")
        return "failed"
    return "done"


@task()
def deactivate_employee_logins():
    """Scheduler job: logins of inactive employees are deactivated (catches bulk changes)."""
    from netral.people.models import deactivate_logins

    return {"deactivated": deactivate_logins()}
