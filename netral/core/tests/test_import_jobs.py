"""Units import as a background job (core.import_jobs): failure paths first.

The same machinery serves the contestant (elections) and attendance (pledges) imports; their own tests cover
what differs (scope of the rows, the KPU format)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from netral.core import imports
from netral.core.actions import import_units
from netral.core.audit import verify_chain
from netral.core.models import AuditEntry, OrgUnit, Role, UnitImport
from netral.core.retention import _import_models
from netral.core.tabular import read_table
from netral.core.tasks import run_import_job
from netral.core.tests.import_helpers import error_rows, upload_and_run
from netral.test import BaseTestCase, run_db_worker

HEADER = "kode,nama,jenis,kode induk,provinsi,kabupaten/kota,alamat\n"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def upload(text, name="unit.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def many_rows(n, bad=()):
    """n unit rows under KW (file rows 2..n+1); the file rows in `bad` carry one fault each."""
    lines = []
    for i in range(n):
        row = i + 2
        kind = "lapas"
        code, parent = f"LP-{i:04d}", "KW"
        if row in bad:
            fault = bad.index(row) % 3
            if fault == 0:
                kind = "kapal"            # unknown kind
            elif fault == 1:
                code = ""                 # no code
            else:
                parent = "KW2"            # parent outside the admin's scope
        lines.append(f"{code},Lapas {i},{kind},{parent},Jawa Tengah,,\n")
    return HEADER + "".join(lines)


class UnitImportJobTestCase(BaseTestCase):
    def start(self, text, user=None, **kw):
        self.login(user or self.admin)
        return upload_and_run(self, reverse("unit_import"), {"file": upload(text)}, UnitImport, **kw)

    def report(self, job, user=None):
        self.login(user or self.admin)
        r = self.client.get(reverse("unit_import_report", args=[job.pk]))
        self.assertEqual(r.status_code, 200)
        return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))

    # --- failure paths ------------------------------------------------------------------------------------------

    def test_three_bad_rows_among_many_are_reported_and_the_good_rows_imported(self):
        bad = (7, 205, 251)  # before, inside and after the first chunk of 200 rows
        _r, job = self.start(many_rows(250, bad))
        self.assertEqual(job.status, "done")
        self.assertEqual(job.result["summary"]["created"], 247)
        self.assertEqual((job.progress_done, job.progress_total), (250, 250))
        self.assertEqual(error_rows(job), list(bad))
        self.assertEqual(OrgUnit.objects.filter(code__startswith="LP-").count(), 247)
        rows = self.report(job)
        self.assertEqual(rows[0], ["Baris", "Kolom", "Alasan"])
        self.assertEqual([(r[0], r[1]) for r in rows[1:]], [("7", "jenis"), ("205", "kode"), ("251", "kode induk")])
        self.assertIn("Jenis unit tidak dikenal", rows[1][2])
        self.assertIn("luar wewenang", rows[3][2])
        self.assertIsNone(job.parsed)  # dropped once applied: the file and the result stay

    def test_the_report_neutralises_formulas(self):
        _r, job = self.start(HEADER + "=HYPERLINK(1),Nama,kapal,KW,,,\n")
        rows = self.report(job)
        self.assertTrue(all(not cell.startswith("=") for row in rows for cell in row))

    @override_settings(TASKS=DUMMY_TASKS)
    def test_a_second_click_on_apply_does_not_enqueue_it_twice(self):
        from django_tasks import default_task_backend

        default_task_backend.clear()
        _r, job = self.start(HEADER + "LP-K,Lapas Kudus,lapas,KW,,,\n")
        self.assertEqual(job.status, "queued")
        r = self.client.post(reverse("unit_import_detail", args=[job.pk]), {"action": "run"})
        self.assertEqual(r.status_code, 200)  # the status page, not a second claim
        self.assertEqual(len(default_task_backend.results), 1)
        self.assertEqual(run_import_job.call("core.unitimport", job.pk), "done")
        self.assertEqual(run_import_job.call("core.unitimport", job.pk), "skipped")  # a second delivery
        self.assertEqual(OrgUnit.objects.filter(code="LP-K").count(), 1)
        self.assertEqual(AuditEntry.objects.filter(model="core.unitimport", note="impor selesai").count(), 1)

    def test_another_units_job_is_a_404_and_other_roles_a_403(self):
        _r, job = self.start(HEADER + "LP-K,Lapas Kudus,lapas,KW,,,\n", run=False)
        self.login(self.other_admin)  # Admin of another Kanwil
        for name in ("unit_import_detail", "unit_import_status", "unit_import_report"):
            self.assertEqual(self.client.get(reverse(name, args=[job.pk])).status_code, 404, name)
        r = self.client.post(reverse("unit_import_detail", args=[job.pk]), {"action": "run"})
        self.assertEqual(r.status_code, 404)
        self.login(self.pimpinan)
        self.assertEqual(self.client.get(reverse("unit_import_detail", args=[job.pk])).status_code, 403)
        job.refresh_from_db()
        self.assertEqual(job.status, "uploaded")
        self.assertFalse(OrgUnit.objects.filter(code="LP-K").exists())

    def test_a_job_whose_uploader_lost_the_scope_writes_nothing(self):
        for change in ({"unit": self.other_kanwil}, {"role": Role.PEGAWAI}, {"is_active": False}):
            with self.subTest(change=change):
                uploader = self.admin.__class__.objects.create(username=f"adm-{len(str(change))}", role=Role.ADMIN,
                                                               unit=self.kanwil)
                with override_settings(TASKS=DUMMY_TASKS):
                    _r, job = self.start(HEADER + "LP-LOST,Lapas Hilang,lapas,KW,,,\n", user=uploader)
                self.assertEqual(job.status, "queued")
                for k, v in change.items():
                    setattr(uploader, k, v)
                uploader.save()
                self.assertEqual(run_import_job.call("core.unitimport", job.pk), "refused")
                job.refresh_from_db()
                self.assertEqual(job.status, "failed")
                self.assertIn("tidak ada data yang disimpan", job.error)
                self.assertFalse(OrgUnit.objects.filter(code="LP-LOST").exists())
                self.assertTrue(AuditEntry.objects.filter(model="core.unitimport", object_pk=str(job.pk),
                                                          note="impor ditolak").exists())
        self.assertIsNone(verify_chain()[1])

    def test_scope_is_rechecked_before_every_chunk(self):
        checks = []

        def recheck():  # the uploader loses the role after the first chunk
            checks.append(1)
            return "" if len(checks) == 1 else "peran dicabut"

        table = read_table(many_rows(450).encode())
        with self.assertRaises(imports.Stopped) as stop:
            import_units(table, self.admin, recheck=recheck)
        self.assertEqual(stop.exception.done, imports.CHUNK_ROWS)
        self.assertEqual(OrgUnit.objects.filter(code__startswith="LP-").count(), imports.CHUNK_ROWS)

    def test_wrong_types_and_missing_columns_never_blank_data(self):
        unit = OrgUnit.objects.create(code="LP-K", name="Lapas Kudus", kind="lapas", parent=self.kanwil,
                                      province="Jawa Tengah", regency="Kudus", address="Jl. Sunan")
        # A file without the optional columns, and a row of the unit with a kind that is not one.
        _r, job = self.start("kode,nama,jenis,kode induk\nLP-K,Lapas Kudus,lapas,KW\nLP-K2,X,99,KW\n")
        self.assertEqual(job.result["summary"], {"created": 0, "updated": 0, "unchanged": 1})
        _r, job = self.start(HEADER + "LP-K,,lapas,KW,,,\n")  # an empty name is refused, not written
        self.assertEqual(error_rows(job), [2])
        # A file missing a required column is refused at upload: no job, nothing written.
        r, job = self.start("kode,jenis\nLP-K,lapas\n")
        self.assertIsNone(job)
        self.assertContains(r, "Kolom wajib tidak ada: nama")
        unit.refresh_from_db()
        self.assertEqual((unit.name, unit.province, unit.regency, unit.address),
                         ("Lapas Kudus", "Jawa Tengah", "Kudus", "Jl. Sunan"))

    # --- the happy path ----------------------------------------------------------------------------------------

    def test_preview_dry_run_apply_and_audit_anchor(self):
        _r, job = self.start(HEADER + "LP-K,Lapas Kudus,lapas,KW,,,\n", run=False, dry=False)
        r = self.client.get(reverse("unit_import_detail", args=[job.pk]))
        self.assertContains(r, "Lapas Kudus")  # preview
        self.assertContains(r, 'value="run" disabled')  # apply only after a dry run
        r = self.client.post(reverse("unit_import_detail", args=[job.pk]), {"action": "dry"})
        self.assertContains(r, "belum ada yang disimpan")
        self.assertFalse(OrgUnit.objects.filter(code="LP-K").exists())
        self.client.post(reverse("unit_import_detail", args=[job.pk]), {"action": "run"})
        r = self.client.get(reverse("unit_import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
        self.assertContains(r, "Impor selesai")
        self.assertContains(r, "1 baru")
        self.assertContains(r, "Lihat unit kerja")  # the polled partial links to the result too
        event = AuditEntry.objects.get(model="core.unitimport", object_pk=str(job.pk), note="impor selesai")
        self.assertEqual(event.after["sha256"], job.file_sha256)
        self.assertEqual(event.after["summary"]["created"], 1)
        created = AuditEntry.objects.get(model="core.orgunit", action="create", object_repr="Lapas Kudus")
        self.assertEqual(created.actor_name, "admin")
        self.assertIsNone(verify_chain()[1])
        self.assertIn(UnitImport, list(_import_models()))  # its file is purged by core.retention

    @override_settings(TASKS=DB_TASKS)
    def test_the_task_runs_on_the_database_backend(self):
        from django_tasks_db.models import DBTaskResult

        _r, job = self.start(HEADER + "LP-K,Lapas Kudus,lapas,KW,,,\nLP-Z,Lapas Z,kapal,KW,,,\n")
        self.assertEqual(job.status, "queued")  # waiting for a worker
        self.assertEqual(DBTaskResult.objects.count(), 1)
        r = self.client.get(reverse("unit_import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
        self.assertContains(r, 'hx-trigger="every 1s"')  # the page polls while queued
        run_db_worker()
        job.refresh_from_db()
        self.assertEqual((job.status, error_rows(job)), ("done", [3]))
        self.assertTrue(OrgUnit.objects.filter(code="LP-K").exists())
        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")
        r = self.client.get(reverse("unit_import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
        self.assertNotContains(r, "hx-trigger")  # polling stops when done
