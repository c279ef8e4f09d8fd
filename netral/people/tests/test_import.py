import io
from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from netral.core.audit import verify_chain
from netral.core.models import AuditEntry
from netral.core.tabular import read_table
from netral.people import roster_import
from netral.people.models import Employee, EmployeeMove, RosterImport, SocialAccount
from netral.people.tests.base import NIP_A, RosterTestCase

HEADER = "NIP;Nama;Jenis Pegawai;Jabatan;Kelas Jabatan;Golongan;Kode Unit;Instagram\n"
GOOD = [
    "198801012012011001;Andi Wijaya;PNS;Penjaga Tahanan;Fungsional;III/a;UPT-A;@andi.w\n",
    "199202022019022002;Rina Marlina;PPPK;Analis;Pelaksana;9;UPT-B;\n",
]


def upload(content, name="pegawai.csv"):
    return SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())


class RosterImportPlanTestCase(RosterTestCase):
    def plan(self, text, user=None):
        table = read_table(text.encode())
        return roster_import.plan(table, roster_import.guess_mapping(table.header), user or self.admin)

    def test_good_file_creates_and_reimport_is_idempotent(self):
        text = HEADER + "".join(GOOD)
        result = roster_import.apply(self.plan(text), self.admin)
        self.assertEqual(result["summary"]["create"], 2)
        self.assertEqual(Employee.objects.get(nip="198801012012011001").unit, self.upt_a)
        self.assertEqual(SocialAccount.objects.get(handle="andi.w").source, "imported")
        again = self.plan(text)
        self.assertEqual((len(again.creates), len(again.updates), again.unchanged), (0, 0, 2))
        self.assertIsNone(verify_chain()[1])
        self.assertTrue(AuditEntry.objects.filter(model="people.employee", action="create", note="impor").exists())

    def test_bad_rows_are_reported_with_row_number_and_good_rows_kept(self):
        text = (HEADER + GOOD[0]
                + "198801012012011009;;PNS;x;Pelaksana;;UPT-A;\n"               # 3: no name
                + "12345;Salah NIP;PNS;x;Pelaksana;;UPT-A;\n"                    # 4: short NIP
                + "198801012012013009;Jenis Kelamin;PNS;x;Pelaksana;;UPT-A;\n"   # 5: sex digit 3
                + "198801012012011010;Unit Asing;PNS;x;Pelaksana;;UPT-C;\n"      # 6: unit out of scope
                + "198801012012011011;Unit Hilang;PNS;x;Pelaksana;;NOPE;\n"      # 7: unknown unit
                + "198801012012011012;Jenis Aneh;Relawan;x;Pelaksana;;UPT-A;\n"  # 8: unknown type
                + "198801012012011013;Golongan Aneh;PNS;x;Pelaksana;V/z;UPT-A;\n"  # 9: bad grade
                + "198801012012011001;Duplikat;PNS;x;Pelaksana;;UPT-A;\n"        # 10: duplicate NIP in file
                + GOOD[1])
        plan = self.plan(text)
        rows = dict(plan.errors)
        self.assertEqual(sorted(rows), [3, 4, 5, 6, 7, 8, 9, 10])
        self.assertIn("Nama kosong", rows[3])
        self.assertIn("18 digit", rows[4])
        self.assertIn("jenis kelamin", rows[5])
        self.assertIn("luar wewenang", rows[6])
        self.assertIn("tidak dikenal", rows[7])
        self.assertIn("Relawan", rows[8])
        self.assertIn("Golongan", rows[9])
        self.assertIn("baris 2", rows[10])
        roster_import.apply(plan, self.admin)
        self.assertEqual(Employee.objects.filter(nip__in=["198801012012011001", "199202022019022002"]).count(), 2)

    def test_update_moves_an_employee_and_records_it(self):
        text = HEADER + f"{NIP_A};Budi Santoso;PNS;Kepala Seksi;Pengawas;III/d;UPT-B;\n"
        result = roster_import.apply(self.plan(text), self.admin)
        self.assertEqual(result["summary"]["update"], 1)
        self.emp_a.refresh_from_db()
        self.assertEqual((self.emp_a.unit, self.emp_a.position_class), (self.upt_b, "pengawas"))
        self.assertEqual(EmployeeMove.objects.get(employee=self.emp_a).to_unit, self.upt_b)

    def test_operator_cannot_take_over_an_employee_of_another_unit(self):
        text = HEADER + f"{NIP_A};Budi;PNS;x;Pelaksana;;UPT-A;\n".replace(NIP_A, "199001012015032002")
        plan = self.plan(text, user=self.operator)
        self.assertIn("luar wewenang", plan.errors[0][1])

    def test_account_conflict_is_reported_not_merged(self):
        SocialAccount.objects.create(employee=self.emp_b, platform="instagram", handle="andi.w")
        result = roster_import.apply(self.plan(HEADER + GOOD[0]), self.admin)
        self.assertIn("sudah tercatat atas nama Siti Rahayu", result["warnings"][0][1])
        self.assertEqual(SocialAccount.objects.get(handle="andi.w").employee, self.emp_b)

    def test_missing_required_columns_are_named(self):
        table = read_table(b"Nama;Jabatan\nA;B\n")
        with self.assertRaisesMessage(Exception, "Kolom wajib belum dipetakan"):
            roster_import.plan(table, roster_import.guess_mapping(table.header), self.admin)

    def test_ppnpn_matched_by_internal_id(self):
        text = "Nomor Pegawai;Nama;Jenis Pegawai;Kode Unit\nP-777;Slamet;Honorer;UPT-A\n"
        roster_import.apply(self.plan(text), self.admin)
        self.assertEqual(Employee.objects.get(internal_id="P-777").employment_type, "ppnpn")
        self.assertEqual(self.plan(text).unchanged, 1)


class RosterImportWebTestCase(RosterTestCase):
    def start(self, f):
        self.login(self.operator)
        r = self.client.post(reverse("roster_import"), {"file": f})
        return r

    def test_upload_preview_dry_run_and_import_in_background(self):
        content = "\ufeff" + (HEADER + GOOD[0]).replace("UPT-A", "UPT-A")
        r = self.start(upload(content.encode("utf-8")))
        imp = RosterImport.objects.get()
        self.assertRedirects(r, reverse("roster_import_detail", args=[imp.pk]))
        r = self.client.get(reverse("roster_import_detail", args=[imp.pk]))
        self.assertContains(r, "Andi Wijaya")  # preview
        mapping = {k: v for k, v in imp.mapping.items()}
        r = self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(mapping, action="dry"))
        self.assertContains(r, "Hasil uji coba")
        self.assertFalse(Employee.objects.filter(name="Andi Wijaya").exists())
        r = self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(mapping, action="run"))
        imp.refresh_from_db()
        self.assertEqual(imp.status, "done")  # tasks run inline in tests
        self.assertTrue(Employee.objects.filter(name="Andi Wijaya").exists())
        r = self.client.get(reverse("roster_import_status", args=[imp.pk]))
        self.assertContains(r, "Impor selesai")

    def test_windows_1252_and_xlsx(self):
        r = self.start(upload((HEADER + "198801012012011001;André Müller;PNS;x;Pelaksana;;UPT-A;\n").encode("cp1252")))
        imp = RosterImport.objects.get()
        self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(imp.mapping, action="run"))
        self.assertTrue(Employee.objects.filter(name="André Müller").exists())

        wb = Workbook()
        ws = wb.active
        ws.append(["NIP", "Nama", "Jenis Pegawai", "Kode Unit", "Golongan"])
        ws.append(["198901012014011001", "Excel Teks", "PNS", "UPT-A", "III/b"])
        ws.append([198901012014011002, "Excel Angka", "PNS", "UPT-A", "III/b"])  # NIP typed as a number
        buf = io.BytesIO()
        wb.save(buf)
        self.start(upload(buf.getvalue(), "pegawai.xlsx"))
        imp = RosterImport.objects.order_by("-pk").first()
        self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(imp.mapping, action="run"))
        imp.refresh_from_db()
        self.assertEqual(imp.status, "done")
        self.assertTrue(Employee.objects.filter(nip="198901012014011001").exists())
        # Excel keeps 15 significant digits: a numeric NIP has lost digits and is refused, not guessed.
        self.assertEqual(imp.result["errors"][0][0], 3)
        self.assertIn("digit ke-15 hilang", imp.result["errors"][0][1])
        self.assertFalse(Employee.objects.filter(name="Excel Angka").exists())

    def test_empty_file_header_only_and_not_a_spreadsheet(self):
        self.assertContains(self.start(upload(b"", "kosong.csv")), "kosong")
        self.assertContains(self.start(upload(HEADER.encode())), "hanya berisi judul kolom")
        self.assertContains(self.start(upload(b"%PDF-1.5 ...", "pegawai.csv")), "bukan spreadsheet")
        self.assertContains(self.start(upload(b"\x89PNG\r\n", "foto.png")), "Jenis berkas tidak didukung")
        self.assertContains(self.start(upload(b"PK\x03\x04broken", "pegawai.xlsx")), "rusak")
        self.assertFalse(RosterImport.objects.exists())

    def test_run_refuses_when_columns_are_unmapped(self):
        self.start(upload((HEADER + GOOD[0]).encode()))
        imp = RosterImport.objects.get()
        r = self.client.post(reverse("roster_import_detail", args=[imp.pk]), {"name": "nama", "action": "run"},
                             follow=True)
        self.assertContains(r, "Kolom wajib belum dipetakan")
        imp.refresh_from_db()
        self.assertEqual(imp.status, "uploaded")

    def test_imports_are_scoped(self):
        self.start(upload((HEADER + GOOD[0]).encode()))
        imp = RosterImport.objects.get()
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("roster_import_detail", args=[imp.pk])).status_code, 404)


class ImportCommandTestCase(RosterTestCase):
    def test_cli_imports_with_progress_and_reports_rows(self):
        import tempfile

        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
            f.write(HEADER + GOOD[0] + "123;Salah;PNS;x;Pelaksana;;UPT-A;\n")
        out, err = StringIO(), StringIO()
        import sys

        old = sys.stderr
        sys.stderr = err
        try:
            call_command("import_roster", f.name, "--as-user", "admin", stdout=out)
        finally:
            sys.stderr = old
        self.assertIn("1 baru", out.getvalue())
        self.assertIn("baris 3", out.getvalue())
        self.assertIn("100.0%", err.getvalue())
