"""Periodic work: one loop (`manage.py scheduler`) enqueues registered jobs when they are due.

A job is a task (django-tasks) with an interval. Claiming a run is a conditional UPDATE on the
ScheduledJob row (healthchecks style), so two scheduler processes never enqueue the same run.
Apps register jobs in AppConfig.ready():

    scheduler.register("reminders", send_pact_reminders, every=timedelta(hours=1))
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    task: object  # a django_tasks Task
    every: timedelta


_jobs: dict[str, Job] = {}


def register(name, task, every):
    _jobs[name] = Job(name, task, every)


def jobs():
    return dict(_jobs)


def run_due(now=None):
    """Enqueue every job whose time has come. Returns the names enqueued."""
    from netral.core.models import ScheduledJob

    now = now or timezone.now()
    enqueued = []
    for job in _jobs.values():
        row = ScheduledJob.objects.filter(name=job.name).first()
        if row is None:
            try:
                row = ScheduledJob.objects.create(name=job.name, next_run_at=now)
            except IntegrityError:
                row = ScheduledJob.objects.get(name=job.name)
        claimed = ScheduledJob.objects.filter(pk=row.pk).filter(
            Q(next_run_at__isnull=True) | Q(next_run_at__lte=now)
        ).filter(next_run_at=row.next_run_at).update(last_run_at=now, next_run_at=now + job.every)
        if not claimed:
            continue
        try:
            job.task.enqueue()
        except Exception:  # one broken job must not stop the others
            log.exception("Gagal mengantrekan tugas terjadwal %s", job.name)
            continue
        enqueued.append(job.name)
    return enqueued
