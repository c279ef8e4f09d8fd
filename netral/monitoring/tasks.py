"""Monitoring background tasks (ids in, safe to run twice)."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)
SCAN_CHUNK = 500


def enqueue_scans(ids):
    ids = list(ids)
    for i in range(0, len(ids), SCAN_CHUNK):
        scan_content.enqueue(ids[i:i + SCAN_CHUNK])


@task()
def scan_content(ids, force=False):
    from netral.monitoring.scanning import scan_items

    return scan_items(ids, force=force)


@task()
def run_content_import(import_id):
    from netral.monitoring.actions import execute_import
    from netral.monitoring.models import ContentImport

    claimed = ContentImport.objects.filter(pk=import_id, status=ContentImport.Status.QUEUED).update(
        status=ContentImport.Status.RUNNING, progress_done=0)
    if not claimed:
        return "skipped"
    imp = ContentImport.objects.select_related("created_by", "unit").get(pk=import_id)
    try:
        execute_import(imp)
    except Exception as e:  # never leave an import stuck in "running"
        from netral.monitoring.ingest import FormatError

        if isinstance(e, FormatError):
            msg = str(e)
        else:
            log.exception("Impor konten #%s gagal", import_id)
            msg = "Impor gagal karena kesalahan sistem. Baris yang sudah tersimpan tetap ada; hubungi admin."
        ContentImport.objects.filter(pk=import_id).update(
            status=ContentImport.Status.FAILED, finished_at=timezone.now(), error=msg)
        return "failed"
    return "done"


RESCAN_EVERY = {"maximum": timedelta(hours=1), "heightened": timedelta(hours=6), "normal": timedelta(hours=24)}


@task()
def scheduled_rescan():
    """Hourly job: scan what the current detector + contestant list has not scanned yet. How
    often a pass really runs follows the monitoring intensity of the election phase."""
    from netral.core.models import ScheduledJob
    from netral.elections.regime import intensity_on
    from netral.monitoring.scanning import current_detector, unscanned_ids

    now = timezone.now()
    every = RESCAN_EVERY.get(str(intensity_on()), RESCAN_EVERY["normal"])
    row, _ = ScheduledJob.objects.get_or_create(name="monitoring_rescan:pass")
    if row.last_run_at and now - row.last_run_at < every:
        return {"skipped": True}
    ScheduledJob.objects.filter(pk=row.pk).update(last_run_at=now, next_run_at=now + every)
    _det, version = current_detector()
    ids = unscanned_ids(version)
    enqueue_scans(ids)
    return {"enqueued": len(ids)}
