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
