import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from netral.core.models import OrgUnit, UnitImport
from netral.core.tests.import_helpers import error_rows, upload_and_run
from netral.test import BaseTestCase

HEADER = "kode,nama,jenis,kode induk,provinsi,kabupaten/kota,alamat\n"


def upload(content: bytes, name="unit.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


class UnitViewsTestCase(BaseTestCase):
    def test_admin_creates_a_unit_under_own_kanwil(self):
        self.login(self.admin)
        r = self.client.post(reverse("unit_create"), {
            "code": "LP-BARU", "name": "Lapas Baru", "kind": "lapas", "parent": self.kanwil.pk,
            "province": "Jawa Tengah", "regency": "Kabupaten Kudus", "address": "", "is_active": "on"})
        self.assertRedirects(r, reverse("unit_list"))
        unit = OrgUnit.objects.get(code="LP-BARU")
        self.assertTrue(unit.path.startswith(self.kanwil.path))

    def test_admin_cannot_place_a_unit_in_another_kanwil(self):
        self.login(self.admin)
        r = self.client.post(reverse("unit_create"), {
            "code": "LP-X", "name": "Lapas X", "kind": "lapas", "parent": self.other_kanwil.pk, "is_active": "on"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(OrgUnit.objects.filter(code="LP-X").exists())
        self.assertContains(r, "is-invalid")

    def test_admin_edits_own_kanwil_keeping_its_parent_but_cannot_move_it(self):
        # The parent (the ministry) is outside the Kanwil admin's scope, so it was no valid choice: the Kanwil's own
        # name and address could never be saved ("Bidang ini tidak boleh kosong" / "pilihan yang valid").
        self.login(self.admin)
        data = {"code": "KW", "name": "Kanwil Uji Baru", "kind": "kanwil", "province": "Jawa Tengah", "regency": "",
                "address": "Jl. Pahlawan 1", "is_active": "on"}
        r = self.client.post(reverse("unit_edit", args=[self.kanwil.pk]), dict(data, parent=self.other_kanwil.pk))
        self.assertEqual(r.status_code, 200)  # moving it under another Kanwil: refused
        r = self.client.post(reverse("unit_edit", args=[self.kanwil.pk]), dict(data, parent=self.ministry.pk))
        self.assertRedirects(r, reverse("unit_list"))
        self.kanwil.refresh_from_db()
        self.assertEqual((self.kanwil.name, self.kanwil.parent_id), ("Kanwil Uji Baru", self.ministry.pk))
        # Creating a unit under the ministry stays refused: the parent is kept only for the unit that has it.
        r = self.client.post(reverse("unit_create"), {"code": "KW-BARU", "name": "X", "kind": "kanwil",
                                                      "parent": self.ministry.pk, "is_active": "on"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(OrgUnit.objects.filter(code="KW-BARU").exists())

    def test_it_refuses_a_duplicate_code_in_indonesian(self):
        self.login(self.admin)
        r = self.client.post(reverse("unit_create"), {"code": "UPT-B", "name": "Dup", "kind": "lapas",
                                                      "parent": self.kanwil.pk})
        self.assertContains(r, "tidak dapat dipakai")

    def test_moving_a_unit_moves_its_subtree(self):
        child = OrgUnit.objects.create(code="SUB", name="Sub", kind="division", parent=self.upt_a)
        self.upt_a.parent = self.other_kanwil
        self.upt_a.save()
        child.refresh_from_db()
        self.assertTrue(child.path.startswith(self.other_kanwil.path))
        self.assertIn(child, OrgUnit.objects.subtree(self.upt_a))

    def test_delete_refuses_unit_with_users(self):
        self.login(self.admin)
        r = self.client.post(reverse("unit_delete", args=[self.upt_a.pk]), {"confirmed": "yes"}, follow=True)
        self.assertContains(r, "nonaktifkan saja")
        self.assertTrue(OrgUnit.objects.filter(pk=self.upt_a.pk).exists())

    def test_delete_asks_first_and_then_deletes(self):
        leaf = OrgUnit.objects.create(code="UPT-X", name="Bapas Uji X", kind="bapas", parent=self.kanwil)
        self.login(self.other_admin)  # another Kanwil: a 404 before any question
        self.assertEqual(self.client.post(reverse("unit_delete", args=[leaf.pk]), {"confirmed": "yes"}).status_code,
                         404)
        self.login(self.admin)
        r = self.client.post(reverse("unit_delete", args=[leaf.pk]))
        self.assertContains(r, "Bapas Uji X (UPT-X) akan dihapus")
        self.assertContains(r, '<input type="hidden" name="confirmed" value="yes">', html=True)
        self.assertContains(r, "<h1", count=1)
        self.assertTrue(OrgUnit.objects.filter(pk=leaf.pk).exists())
        r = self.client.post(reverse("unit_delete", args=[leaf.pk]), {"confirmed": "yes"})
        self.assertRedirects(r, reverse("unit_list"))
        self.assertFalse(OrgUnit.objects.filter(pk=leaf.pk).exists())

    def test_delete_needs_post(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(reverse("unit_delete", args=[self.upt_b.pk])).status_code, 405)

    def test_operator_sees_only_own_unit_in_list(self):
        self.login(self.operator)
        r = self.client.get(reverse("unit_list"))
        self.assertContains(r, "Lapas Uji A")
        self.assertNotContains(r, "Rutan Uji B")


class UnitImportTestCase(BaseTestCase):
    def post(self, f):
        self.login(self.admin)
        return upload_and_run(self, reverse("unit_import"), {"file": f}, UnitImport)

    def test_it_imports_good_rows_and_reports_bad_ones(self):
        csv = (HEADER
               + "LP-K,Lapas Kelas IIB Kudus,lapas,KW,Jawa Tengah,Kabupaten Kudus,Jl. Sunan Kudus\n"
               + "LP-K-SUB,Seksi Binadik,divisi,LP-K,,,\n"          # parent defined above
               + ",Tanpa Kode,lapas,KW,,,\n"                         # row 4: no code
               + "LP-Z,Lapas Z,kapal,KW,,,\n"                        # row 5: unknown kind
               + "LP-Y,Lapas Y,lapas,KW2,,,\n"                       # row 6: parent outside scope
               + "LP-K,Lapas lagi,lapas,KW,,,\n")                    # row 7: duplicate in file
        _r, job = self.post(upload(csv.encode()))
        self.assertEqual(job.status, "done")
        self.assertContains(self.client.get(reverse("unit_import_detail", args=[job.pk])), "2 baru")
        errors = job.result["errors"]
        self.assertEqual(error_rows(job), [4, 5, 6, 7])
        self.assertEqual([c for _r, c, _m in errors], ["kode", "jenis", "kode induk", "kode"])
        self.assertIn("luar wewenang", errors[2][2])
        self.assertEqual(OrgUnit.objects.get(code="LP-K-SUB").parent.code, "LP-K")

    def test_it_is_idempotent_and_updates_by_code(self):
        csv = HEADER + "LP-K,Lapas Kudus,lapas,KW,,,\n"
        self.post(upload(csv.encode()))
        _r, job = self.post(upload(csv.encode()))
        self.assertEqual(job.result["summary"]["unchanged"], 1)
        _r, job = self.post(upload((HEADER + "LP-K,Lapas Kudus Baru,lapas,KW,,,\n").encode()))
        self.assertEqual(job.result["summary"]["updated"], 1)
        self.assertEqual(OrgUnit.objects.filter(code="LP-K").count(), 1)

    def test_it_reads_semicolons_and_windows_1252(self):
        csv = HEADER.replace(",", ";") + "LP-Ç;Lapas Çilacap;lapas;KW;;;Jl. Nusakambangan\n"
        _r, job = self.post(upload(csv.encode("cp1252")))
        self.assertEqual(job.result["summary"]["created"], 1)
        self.assertEqual(OrgUnit.objects.get(code="LP-Ç").name, "Lapas Çilacap")

    def test_it_reads_xlsx(self):
        wb = Workbook()
        ws = wb.active
        ws.append(["Kode", "Nama", "Jenis", "Kode Induk"])
        ws.append(["KANIM-X", "Kantor Imigrasi X", "Kantor Imigrasi", "KW"])
        buf = io.BytesIO()
        wb.save(buf)
        _r, job = self.post(SimpleUploadedFile("unit.xlsx", buf.getvalue()))
        self.assertEqual(job.result["summary"]["created"], 1)
        self.assertEqual(OrgUnit.objects.get(code="KANIM-X").kind, "imigrasi")

    def test_it_refuses_an_empty_file(self):
        r, job = self.post(upload(b"", "kosong.csv"))
        self.assertContains(r, "kosong")
        r, job = self.post(upload(HEADER.encode()))
        self.assertContains(r, "hanya berisi judul kolom")
        self.assertFalse(UnitImport.objects.exists())

    def test_it_refuses_a_file_that_is_not_a_spreadsheet(self):
        r, _job = self.post(upload(b"%PDF-1.4 binary", "unit.csv"))
        self.assertContains(r, "bukan spreadsheet")
        r, _job = self.post(upload(b"PK\x03\x04garbage", "unit.xlsx"))
        self.assertContains(r, "rusak")
        r, _job = self.post(upload(b"hello", "foto.png"))
        self.assertContains(r, "Jenis berkas tidak didukung")
        self.assertFalse(UnitImport.objects.exists())

    def test_it_names_missing_columns(self):
        r, job = self.post(upload(b"nama,alamat\nLapas,Jl\n"))
        self.assertIsNone(job)
        self.assertContains(r, "Kolom wajib tidak ada: kode")

    def test_it_refuses_oversized_uploads(self):
        r, _job = self.post(upload(b"a" * (10 * 1024 * 1024 + 1)))
        self.assertContains(r, "terlalu besar")

    def test_pimpinan_cannot_import(self):
        self.login(self.pimpinan)
        self.assertEqual(self.client.get(reverse("unit_import")).status_code, 403)


class UnitImportUpsertRulesTestCase(BaseTestCase):
    """The pipeline's upsert rules (core.imports) for units: silence keeps, "-" clears."""

    def test_it_keeps_province_regency_and_address_left_empty_or_absent(self):
        from netral.core.actions import import_units
        from netral.core.tabular import read_table

        import_units(read_table((HEADER + "LP-K,Lapas Kudus,lapas,KW,Jawa Tengah,Kudus,Jl. Sunan\n").encode()),
                     self.admin)
        import_units(read_table(b"kode,nama,jenis,kode induk\nLP-K,Lapas Kudus,lapas,KW\n"), self.admin)
        import_units(read_table((HEADER + "LP-K,Lapas Kudus,lapas,KW,,,\n").encode()), self.admin)
        unit = OrgUnit.objects.get(code="LP-K")
        self.assertEqual((unit.province, unit.regency, unit.address), ("Jawa Tengah", "Kudus", "Jl. Sunan"))
        import_units(read_table((HEADER + "LP-K,Lapas Kudus,lapas,KW,,-,(kosongkan)\n").encode()), self.admin)
        unit.refresh_from_db()
        self.assertEqual((unit.province, unit.regency, unit.address), ("Jawa Tengah", "", ""))

    def test_a_dry_run_reports_the_rows_and_keeps_nothing(self):
        self.login(self.admin)
        csv = HEADER + "LP-K,Lapas Kudus,lapas,KW,,,\n,Tanpa Kode,lapas,KW,,,\n"
        _r, job = upload_and_run(self, reverse("unit_import"), {"file": upload(csv.encode())}, UnitImport, run=False)
        r = self.client.post(reverse("unit_import_detail", args=[job.pk]), {"action": "dry"})
        self.assertContains(r, "belum ada yang disimpan")
        job.refresh_from_db()
        self.assertEqual((job.dry_run["summary"]["created"], error_rows(job.dry_run)), (1, [3]))
        self.assertEqual(job.status, "uploaded")
        self.assertFalse(OrgUnit.objects.filter(code="LP-K").exists())
