"""Core background tasks."""

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def verify_audit_chain():
    """Nightly check of the audit chain; a break is logged as an error for the operators."""
    from netral.core.audit import verify_chain

    checked, problem = verify_chain()
    if problem:
        log.error("Rantai audit rusak pada entri #%s: %s", *problem)
        return {"checked": checked, "broken_at": problem[0], "reason": problem[1]}
    return {"checked": checked, "broken_at": None}


@task()
def purge_expired_data():
    """Daily: delete personal data past its retention period (core/retention.py)."""
    from netral.core.retention import purge

    done = purge()
    log.info("Retensi data: %s", done)
    return done


@task()
def export_audit_head():
    """Periodic export of the signed chain head (AUDIT_HEAD_DIR and/or AUDIT_HEAD_EMAILS)."""
    from netral.core.audit import export_head

    doc = export_head()
    return {"seq": doc["seq"]} if doc else {"seq": None}


@task()
def run_import_job(model_label, job_id):
    """Apply an uploaded units, contestants or attendance import (core.import_jobs). Ids in, safe to run twice:
    only a queued job is claimed (queued -> running, one conditional UPDATE); a second delivery is skipped."""
    from django.apps import apps

    from netral.core.import_jobs import execute
    from netral.core.models import StagedImport

    model = apps.get_model(model_label)
    if not issubclass(model, StagedImport):
        raise ValueError(f"{model_label} bukan impor berlatar")
    claimed = model.objects.filter(pk=job_id, status=model.Status.QUEUED).update(
        status=model.Status.RUNNING, progress_done=0)
    if not claimed:
        return "skipped"
    return execute(model.objects.select_related("created_by", "unit").get(pk=job_id))
