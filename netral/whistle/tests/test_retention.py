"""Retention: purge by the scheduler, an audit entry without content, reminders before."""

from datetime import timedelta

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from netral.cases.models import Case, State
from netral.core import scheduler
from netral.core.models import AuditEntry, ScheduledJob
from netral.test import BaseTestCase
from netral.whistle import actions, triage
from netral.whistle.models import Attachment, Message, Report, files_dir
from netral.whistle.tests.helpers import PDF, make_report

SECRET = "Isi rahasia yang harus hilang RETENSI-123"


def age(report, days):
    day = timezone.localdate() - timedelta(days=days)
    Report.objects.filter(pk=report.pk).update(received_on=day, reporter_seen_on=day)
    return Report.objects.get(pk=report.pk)


class RetentionTestCase(BaseTestCase):
    def setUp(self):
        self.pengawas.email = "pengawas@example.go.id"
        self.pengawas.save()

    def test_untriaged_reports_are_purged_after_90_days_with_a_contentless_audit_entry(self):
        old, _ = make_report(unit=self.upt_a, text=SECRET, files=[("b.pdf", PDF)])
        actions.ask(old, self.pengawas, "Pertanyaan RETENSI-456")
        actions.reporter_reply(old, "Jawaban RETENSI-789", [])
        old = age(old, 90)
        young = age(make_report(unit=self.upt_a)[0], 89)
        self.assertEqual(len([p for p in files_dir().rglob("*") if p.is_file()]), 1)
        self.assertEqual(actions.purge_expired(), 1)
        self.assertFalse(Report.objects.filter(pk=old.pk).exists())
        self.assertTrue(Report.objects.filter(pk=young.pk).exists())
        self.assertFalse(Message.objects.filter(report_id=old.pk).exists())
        self.assertFalse(Attachment.objects.filter(report_id=old.pk).exists())
        self.assertEqual([p for p in files_dir().rglob("*") if p.is_file()], [])
        entry = AuditEntry.objects.get(model="whistle.report", object_pk=str(old.pk), note__contains="retensi")
        self.assertEqual(entry.after["messages"], 2)
        self.assertEqual(entry.after["files"], 1)
        self.assertEqual(entry.after["number"], old.number)
        audit_text = repr(list(AuditEntry.objects.values()))
        self.assertNotIn("RETENSI", audit_text)
        # Running again removes nothing more (safe to run twice).
        self.assertEqual(actions.purge_expired(), 0)

    def test_rejected_reports_count_from_the_decision(self):
        report = age(make_report()[0], 100)
        actions.reject(report, self.pengawas, "Bukan kewenangan kami.")
        Report.objects.filter(pk=report.pk).update(decided_on=timezone.localdate() - timedelta(days=10))
        self.assertEqual(actions.purge_expired(), 0)
        Report.objects.filter(pk=report.pk).update(decided_on=timezone.localdate() - timedelta(days=90))
        self.assertEqual(actions.purge_expired(), 1)

    @override_settings(WHISTLE_RETENTION_DAYS=730)
    def test_triaged_reports_stay_while_the_case_is_open_then_two_years_after_it_closes(self):
        report = age(make_report(unit=self.upt_a, text=SECRET)[0], 1000)
        dup = age(make_report(unit=self.upt_a)[0], 1000)
        case = triage.triage(report, self.pengawas, title="Kasus retensi")
        actions.merge(dup, Report.objects.get(pk=report.pk), self.pengawas)
        self.assertEqual(actions.purge_expired(), 0)  # the case is open: kept, duplicate too
        closed = timezone.now() - timedelta(days=729)
        Case.objects.filter(pk=case.pk).update(state=State.CLOSED, closed_at=closed)
        self.assertEqual(Report.objects.get(pk=report.pk).expires_on(),
                         timezone.localdate(closed) + timedelta(days=730))
        self.assertEqual(Report.objects.get(pk=report.pk).reporter_status(), "Selesai ditangani")
        self.assertEqual(Report.objects.get(pk=report.pk).get_absolute_url(), f"/pengaduan/{report.pk}/")
        self.assertEqual(actions.purge_expired(), 0)
        Case.objects.filter(pk=case.pk).update(closed_at=closed - timedelta(days=2))
        self.assertEqual(actions.purge_expired(), 2)
        self.assertFalse(Report.objects.exists())
        self.assertTrue(Case.objects.filter(pk=case.pk).exists())  # the case file itself is the cases app's

    @override_settings(WHISTLE_REMINDER_DAYS=14)
    def test_reminders_go_to_the_team_before_a_report_expires_once(self):
        soon = age(make_report(unit=self.upt_a, text=SECRET)[0], 80)  # purged in 10 days
        age(make_report(unit=self.upt_a)[0], 10)  # purged in 80 days: no reminder yet
        age(make_report(unit=self.upt_c)[0], 80)  # another Kanwil: nobody of ours is told
        self.assertEqual(actions.send_retention_reminders(), 1)
        ours = [m for m in mail.outbox if soon.number in m.subject]
        self.assertEqual(len(ours), 1)
        self.assertEqual(ours[0].to, ["pengawas@example.go.id"])
        self.assertNotIn("RETENSI", ours[0].body)
        self.assertIn(f"/pengaduan/{soon.pk}/", ours[0].body)
        self.assertTrue(all("pengawas@example.go.id" not in m.to for m in mail.outbox if soon.number not in m.subject))
        mail.outbox.clear()
        self.assertEqual(actions.send_retention_reminders(), 0)
        self.assertEqual(Report.objects.get(pk=soon.pk).reminded_on, timezone.localdate())

    def test_the_scheduler_runs_the_jobs(self):
        age(make_report()[0], 95)
        self.assertIn("whistle_purge", scheduler.jobs())
        self.assertIn("whistle_reminders", scheduler.jobs())
        enqueued = scheduler.run_due()
        self.assertIn("whistle_purge", enqueued)
        self.assertFalse(Report.objects.exists())
        self.assertTrue(ScheduledJob.objects.filter(name="whistle_purge").exists())
