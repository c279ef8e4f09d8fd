"""Scheduler jobs of the reporting channel (safe to run twice: a purged report is gone, a
reminded report carries the day it was reminded)."""

from django_tasks import task


@task()
def purge_expired_reports():
    from netral.whistle.actions import purge_expired

    return {"purged": purge_expired()}


@task()
def retention_reminders():
    from netral.whistle.actions import send_retention_reminders

    return {"sent": send_retention_reminders()}
