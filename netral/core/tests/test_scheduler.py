from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from netral.core import scheduler
from netral.core.models import ScheduledJob
from netral.test import BaseTestCase

RUNS = []


@task()
def probe_job():
    RUNS.append(1)


class SchedulerTestCase(BaseTestCase):
    def setUp(self):
        RUNS.clear()
        self._jobs = dict(scheduler._jobs)
        scheduler._jobs.clear()
        scheduler.register("probe", probe_job, every=timedelta(hours=1))

    def tearDown(self):
        scheduler._jobs.clear()
        scheduler._jobs.update(self._jobs)

    def test_it_runs_a_due_job_once_per_interval(self):
        now = timezone.now()
        self.assertEqual(scheduler.run_due(now), ["probe"])
        self.assertEqual(scheduler.run_due(now + timedelta(minutes=5)), [])
        self.assertEqual(RUNS, [1])
        self.assertEqual(scheduler.run_due(now + timedelta(hours=1, seconds=1)), ["probe"])
        self.assertEqual(len(RUNS), 2)
        self.assertEqual(ScheduledJob.objects.get(name="probe").last_run_at, now + timedelta(hours=1, seconds=1))

    def test_a_second_scheduler_does_not_claim_the_same_run(self):
        now = timezone.now()
        scheduler.run_due(now)
        row = ScheduledJob.objects.get(name="probe")
        # A stale view of the row (another process read it before our claim) claims nothing.
        claimed = ScheduledJob.objects.filter(pk=row.pk, next_run_at=now).update(next_run_at=now)
        self.assertEqual(claimed, 0)

    def test_audit_check_is_registered(self):
        self.assertIn("verify_audit_chain", self._jobs)
