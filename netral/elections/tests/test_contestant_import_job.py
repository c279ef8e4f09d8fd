"""Contestant imports (CSV and KPU JSON) as background jobs (core.import_jobs): failure paths first."""

import csv
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from netral.core.audit import verify_chain
from netral.core.models import AuditEntry, Role
from netral.core.tasks import run_import_job
from netral.core.tests.import_helpers import error_rows, upload_and_run
from netral.elections.models import Contestant, ContestantImport, Election
from netral.test import BaseTestCase

HEADER = "key,election,number,name,aliases,hashtags\n"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def csv_file(text, name="peserta.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


class ContestantImportJobTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.election = Election.objects.create(slug="pilkada-uji", name="Pilkada Uji", kind="pilkada",
                                               voting_day="2030-11-27")

    def start(self, data, user=None, **kw):
        self.login(user or self.admin)
        return upload_and_run(self, reverse("contestant_import"), data, ContestantImport, **kw)

    def test_three_bad_rows_among_many_are_reported_and_the_good_rows_imported(self):
        lines = [f"paslon-{i},pilkada-uji,{i},Paslon {i},Alias {i},#p{i}\n" for i in range(1, 41)]
        lines[4] = "paslon-5,pilkada-tidak-ada,5,Paslon 5,,\n"   # row 6: unknown election
        lines[19] = "paslon-20,pilkada-uji,dua puluh,Paslon 20,,\n"  # row 21: the number is not a number
        lines[38] = "paslon-39,pilkada-uji,39,,,\n"                 # row 40: no name
        _r, job = self.start({"file": csv_file(HEADER + "".join(lines))})
        self.assertEqual(job.status, "done")
        self.assertEqual(job.result["summary"]["created"], 37)
        self.assertEqual(Contestant.objects.filter(election=self.election).count(), 37)
        r = self.client.get(reverse("contestant_import_report", args=[job.pk]))
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual([(r[0], r[1]) for r in rows[1:]], [("6", "election"), ("21", "number"), ("40", "name")])
        self.assertIn("Nomor urut harus bilangan", rows[2][2])

    def test_kpu_records_of_the_wrong_shape_are_reported_by_region_and_id(self):
        data = {"31": {"1": {"nama": "BUDI - SITI", "nomor_urut": 1}, "2": {"nama": None, "nomor_urut": 2},
                       "3": {"nama": "ANI - BAMBANG", "nomor_urut": "kemarin"}, "4": 5,
                       "5": {"nama": "DEDI - EKA", "nomor_urut": 4}},
                "XX": {"9": {"nama": "A", "nomor_urut": 1}}}
        _r, job = self.start({"file": SimpleUploadedFile("kpu.json", json.dumps(data).encode()),
                              "election": self.election.pk})
        self.assertEqual(job.status, "done")
        self.assertEqual(job.result["summary"]["created"], 2)
        self.assertEqual(sorted(error_rows(job)), ["31/2", "31/3", "31/4", "XX"])
        columns = {row: column for row, column, _reason in job.result["errors"]}
        self.assertEqual((columns["31/2"], columns["31/3"], columns["XX"]), ("nama", "nomor_urut", "kode wilayah"))

    @override_settings(TASKS=DUMMY_TASKS)
    def test_a_second_click_on_apply_does_not_run_it_twice(self):
        from django_tasks import default_task_backend

        default_task_backend.clear()
        _r, job = self.start({"file": csv_file(HEADER + "a,pilkada-uji,1,Paslon A,,\n")})
        self.client.post(reverse("contestant_import_detail", args=[job.pk]), {"action": "run"})
        self.assertEqual(len(default_task_backend.results), 1)
        self.assertEqual(run_import_job.call("elections.contestantimport", job.pk), "done")
        self.assertEqual(run_import_job.call("elections.contestantimport", job.pk), "skipped")
        self.assertEqual(Contestant.objects.filter(election=self.election).count(), 1)

    def test_another_kanwils_job_is_a_404(self):
        _r, job = self.start({"file": csv_file(HEADER + "a,pilkada-uji,1,Paslon A,,\n")}, run=False)
        self.login(self.other_admin)
        for name in ("contestant_import_detail", "contestant_import_status", "contestant_import_report"):
            self.assertEqual(self.client.get(reverse(name, args=[job.pk])).status_code, 404, name)
        self.assertEqual(self.client.post(reverse("contestant_import_detail", args=[job.pk]),
                                          {"action": "run"}).status_code, 404)
        self.assertFalse(Contestant.objects.filter(election=self.election).exists())

    def test_a_job_whose_uploader_lost_the_role_or_whose_election_is_gone_writes_nothing(self):
        uploader = self.admin.__class__.objects.create(username="admin2", role=Role.ADMIN, unit=self.kanwil)
        with override_settings(TASKS=DUMMY_TASKS):
            _r, job = self.start({"file": csv_file(HEADER + "a,pilkada-uji,1,Paslon A,,\n")}, user=uploader)
        uploader.role = Role.OPERATOR
        uploader.save()
        self.assertEqual(run_import_job.call("elections.contestantimport", job.pk), "refused")
        job.refresh_from_db()
        self.assertEqual(job.status, "failed")
        self.assertIn("peran", job.error)
        other = Election.objects.create(slug="pilkada-hapus", name="Pilkada Dihapus", kind="pilkada",
                                        voting_day="2030-11-27")
        with override_settings(TASKS=DUMMY_TASKS):
            _r, job = self.start({"file": SimpleUploadedFile("kpu.json", b'{"31": {"1": {"nama": "A - B", '
                                                                         b'"nomor_urut": 1}}}'),
                                  "election": other.pk})
        other.delete()
        self.assertEqual(run_import_job.call("elections.contestantimport", job.pk), "refused")
        job.refresh_from_db()
        self.assertIn("sudah dihapus", job.error)
        self.assertFalse(Contestant.objects.filter(election__slug__in=["pilkada-uji", "pilkada-hapus"]).exists())
        self.assertIsNone(verify_chain()[1])

    def test_wrong_types_and_missing_columns_never_blank_data(self):
        kept = Contestant.objects.create(election=self.election, key="a", number=1, name="Paslon A",
                                         aliases=["Pak A"], hashtags=["#A1"], gesture=1)
        # No list columns in the file, then a wrong number and a wrong kind for the same key: nothing changes.
        _r, job = self.start({"file": csv_file("key,election,number,name\na,pilkada-uji,1,Paslon A\n")})
        self.assertEqual(job.result["summary"]["unchanged"], 1)
        _r, job = self.start({"file": csv_file("key,election,number,name,kind,gesture\n"
                                               "a,pilkada-uji,satu,Paslon A,,\na,pilkada-uji,1,Paslon A,kapal,\n")})
        self.assertEqual(error_rows(job), ["2", "3"])
        r, job = self.start({"file": csv_file("key,election,name\na,pilkada-uji,Paslon A\n")})
        self.assertIsNone(job)
        self.assertContains(r, "Kolom wajib tidak ada: number")
        kept.refresh_from_db()
        self.assertEqual((kept.name, kept.aliases, kept.hashtags, kept.gesture, kept.kind),
                         ("Paslon A", ["Pak A"], ["#A1"], 1, "pair"))

    def test_the_import_is_anchored_in_the_audit_chain(self):
        _r, job = self.start({"file": csv_file(HEADER + "a,pilkada-uji,1,Paslon A,,\n")})
        event = AuditEntry.objects.get(model="elections.contestantimport", object_pk=str(job.pk),
                                       note="impor selesai")
        self.assertEqual((event.after["sha256"], event.after["summary"]["created"]), (job.file_sha256, 1))
        self.assertTrue(AuditEntry.objects.filter(model="elections.contestant", action="create",
                                                  actor_name="admin").exists())
        self.assertIsNone(verify_chain()[1])
