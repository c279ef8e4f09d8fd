"""Attendance imports as background jobs (core.import_jobs): failure paths first."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from netral.core.audit import verify_chain
from netral.core.models import AuditEntry
from netral.core.tasks import run_import_job
from netral.core.tests.import_helpers import error_rows, upload_and_run
from netral.people.models import Employee
from netral.pledges.models import Attendance, AttendanceImport, Event
from netral.pledges.tests.fixtures import PledgesTestCase, make_employee
from netral.test import run_db_worker

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def csv_file(text, name="hadir.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


class AttendanceImportJobTestCase(PledgesTestCase):
    def setUp(self):
        self.event = Event.objects.create(unit=self.kanwil, title="Sosialisasi Netralitas", place="Aula",
                                          starts_at=timezone.now())
        self.event.targets.set([self.upt_a])

    def start(self, text, user=None, event=None, **kw):
        self.login(user or self.operator)
        return upload_and_run(self, reverse("event_import", args=[(event or self.event).pk]),
                              {"file": csv_file(text)}, AttendanceImport, **kw)

    def test_three_bad_rows_among_many_are_reported_and_the_good_rows_imported(self):
        staff = [make_employee(self.upt_a, f"Pegawai {i}") for i in range(30)]
        lines = [e.nip for e in staff]
        lines[3] = ""                     # row 5: empty
        lines[12] = self.b1.nip           # row 14: an employee of UPT-B, outside the operator's scope
        lines[25] = "19850312201012X999"  # row 27: not a known id
        _r, job = self.start("nip,nama\n" + "".join(f"{nip},Pegawai\n" for nip in lines))
        self.assertEqual(job.status, "done")
        self.assertEqual(job.result["summary"], {"added": 27, "already": 0})
        self.assertEqual(Attendance.objects.filter(event=self.event).count(), 27)
        self.assertFalse(Attendance.objects.filter(employee=self.b1).exists())
        r = self.client.get(reverse("attendance_import_report", args=[job.pk]))
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual([(r[0], r[1]) for r in rows[1:]], [("5", "nip"), ("14", "nip"), ("27", "nip")])
        self.assertIn("NIP kosong", rows[1][2])
        self.assertIn("tidak ditemukan di unit Anda", rows[2][2])  # never says it exists elsewhere

    @override_settings(TASKS=DUMMY_TASKS)
    def test_a_second_click_on_apply_does_not_run_it_twice(self):
        from django_tasks import default_task_backend

        default_task_backend.clear()
        _r, job = self.start(f"nip\n{self.me.nip}\n")
        self.client.post(reverse("attendance_import_detail", args=[job.pk]), {"action": "run"})
        self.assertEqual(len(default_task_backend.results), 1)
        self.assertEqual(run_import_job.call("pledges.attendanceimport", job.pk), "done")
        self.assertEqual(run_import_job.call("pledges.attendanceimport", job.pk), "skipped")
        self.assertEqual(Attendance.objects.filter(event=self.event).count(), 1)
        self.assertEqual(AuditEntry.objects.filter(model="pledges.attendance", note="impor daftar hadir").count(), 1)

    def test_another_units_job_is_a_404(self):
        _r, job = self.start(f"nip\n{self.me.nip}\n", run=False)
        self.login(self.outsider)  # the operator of UPT-B
        for name in ("attendance_import_detail", "attendance_import_status", "attendance_import_report"):
            self.assertEqual(self.client.get(reverse(name, args=[job.pk])).status_code, 404, name)
        self.assertEqual(self.client.post(reverse("attendance_import_detail", args=[job.pk]),
                                          {"action": "run"}).status_code, 404)
        self.login(self.pegawai)
        self.assertEqual(self.client.get(reverse("attendance_import_detail", args=[job.pk])).status_code, 403)
        self.login(self.pengawas)  # the Kanwil sees the jobs of its UPTs
        self.assertEqual(self.client.get(reverse("attendance_import_detail", args=[job.pk])).status_code, 200)
        self.assertFalse(Attendance.objects.exists())

    def test_a_job_whose_uploader_moved_to_another_unit_writes_nothing(self):
        uploader = self.operator.__class__.objects.create(username="operator2", role="operator", unit=self.upt_a)
        with override_settings(TASKS=DUMMY_TASKS):
            _r, job = self.start(f"nip\n{self.me.nip}\n", user=uploader)
        uploader.unit = self.upt_b
        uploader.save()
        self.assertEqual(run_import_job.call("pledges.attendanceimport", job.pk), "refused")
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertIn("tidak ada data yang disimpan", job.error)
        self.assertFalse(Attendance.objects.exists())
        self.assertIsNone(verify_chain()[1])

    def test_wrong_types_and_missing_columns_never_change_attendance(self):
        Attendance.objects.create(event=self.event, employee=self.me, method="self")
        r, job = self.start("nama\nAgus\n")
        self.assertIsNone(job)
        self.assertContains(r, "Kolom NIP tidak ditemukan")
        _r, job = self.start(f"nip\n{self.me.nip}\nbukan-nip\n{self.gone.nip}\n")
        self.assertEqual(job.result["summary"], {"added": 0, "already": 1})
        self.assertEqual(error_rows(job), [3, 4])
        mine = Attendance.objects.get(event=self.event, employee=self.me)
        self.assertEqual(mine.method, "self")  # kept as it was recorded
        self.assertEqual(Attendance.objects.count(), 1)

    @override_settings(TASKS=DB_TASKS)
    def test_the_task_runs_on_the_database_backend(self):
        _r, job = self.start(f"nip\n{self.me.nip}\n{self.a2.nip}\n")
        self.assertEqual(job.status, "queued")
        run_db_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, job.result["summary"]["added"]), ("done", 2))
        event = AuditEntry.objects.get(model="pledges.attendanceimport", object_pk=str(job.pk), note="impor selesai")
        self.assertEqual(event.after["sha256"], job.file_sha256)
        self.assertEqual(event.actor_name, "operator")
        self.assertIsNone(verify_chain()[1])
        self.assertEqual(Employee.objects.filter(attendances__event=self.event).count(), 2)
