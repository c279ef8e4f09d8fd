"""The upsert rules of the import pipeline, as the roster import applies them (issue 11).

A file that leaves a column out, or leaves a cell empty, keeps what is recorded; clearing needs the
explicit marker; a retired employee comes back only through an explicit status; nothing outside
the importing user's scope is read or written, and its error never tells that a NIP exists elsewhere.
"""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from netral.core.tabular import TableError, read_table
from netral.people import roster_import
from netral.people.models import Employee, RosterImport, SocialAccount
from netral.people.tests.base import NIP_A, NIP_B, RosterTestCase


class UpsertRulesTestCase(RosterTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Employee.objects.filter(pk=cls.emp_a.pk).update(email="budi@contoh.go.id", phone="0811111",
                                                        nik="3301010101010001")
        cls.emp_a.refresh_from_db()

    def run_import(self, text, user=None):
        user = user or self.admin
        table = read_table(text.encode())
        plan = roster_import.plan(table, roster_import.guess_mapping(table.header), user)
        return plan, roster_import.apply(plan, user)

    def test_it_keeps_fields_of_columns_absent_from_the_file(self):
        self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit\n{NIP_A};Budi Santoso;PNS;UPT-A\n")
        self.emp_a.refresh_from_db()
        self.assertEqual((self.emp_a.email, self.emp_a.phone, self.emp_a.nik), ("budi@contoh.go.id", "0811111",
                                                                                "3301010101010001"))
        self.assertEqual((self.emp_a.position, self.emp_a.grade, self.emp_a.position_class),
                         ("Penjaga Tahanan", "III/a", "fungsional"))

    def test_it_keeps_fields_whose_cells_are_empty(self):
        plan, _ = self.run_import("NIP;Nama;Jenis Pegawai;Kode Unit;Email;Telepon;NIK;Jabatan;Golongan;Kelas Jabatan\n"
                                  f"{NIP_A};Budi Santoso;PNS;UPT-A;;;;;;\n")
        self.assertEqual(plan.unchanged, 1)
        self.emp_a.refresh_from_db()
        self.assertEqual((self.emp_a.email, self.emp_a.position, self.emp_a.grade, self.emp_a.position_class),
                         ("budi@contoh.go.id", "Penjaga Tahanan", "III/a", "fungsional"))

    def test_it_clears_a_field_only_with_the_explicit_marker(self):
        self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit;Email;Telepon\n{NIP_A};Budi Santoso;PNS;UPT-A;-;(kosongkan)\n")
        self.emp_a.refresh_from_db()
        self.assertEqual((self.emp_a.email, self.emp_a.phone), ("", ""))

    def test_it_changes_a_field_that_has_a_new_value(self):
        self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit;Jabatan\n{NIP_A};Budi Santoso;PNS;UPT-A;Kepala Regu\n")
        self.emp_a.refresh_from_db()
        self.assertEqual((self.emp_a.position, self.emp_a.email), ("Kepala Regu", "budi@contoh.go.id"))

    def test_it_never_reactivates_a_retired_employee_without_an_explicit_status(self):
        Employee.objects.filter(pk=self.emp_a.pk).update(is_active=False, end_date="2024-01-31")
        self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit\n{NIP_A};Budi Santoso;PNS;UPT-A\n")
        self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit;Status\n{NIP_A};Budi Santoso;PNS;UPT-A;\n")
        self.emp_a.refresh_from_db()
        self.assertFalse(self.emp_a.is_active)
        self.assertEqual(str(self.emp_a.end_date), "2024-01-31")
        self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit;Status\n{NIP_A};Budi Santoso;PNS;UPT-A;Aktif\n")
        self.emp_a.refresh_from_db()
        self.assertTrue(self.emp_a.is_active)
        self.assertIsNone(self.emp_a.end_date)

    def test_it_retires_only_from_an_explicit_status(self):
        self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit;Status;Tanggal berakhir\n"
                        f"{NIP_A};Budi Santoso;PNS;UPT-A;Pensiun;2025-06-30\n")
        self.emp_a.refresh_from_db()
        self.assertEqual((self.emp_a.is_active, str(self.emp_a.end_date)), (False, "2025-06-30"))

    def test_a_new_employee_without_status_is_active(self):
        self.run_import("NIP;Nama;Jenis Pegawai;Kode Unit\n198801012012011001;Andi;PNS;UPT-A\n")
        self.assertTrue(Employee.objects.get(nip="198801012012011001").is_active)

    def test_operator_import_never_attaches_an_account_to_another_upts_employee(self):
        # emp_b sits in UPT-B; the operator of UPT-A names its NIP with an account.
        plan, result = self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit;Instagram\n"
                                       f"{NIP_B};Siti Rahayu;PPPK;UPT-A;@siti.lain\n", user=self.operator)
        self.assertFalse(SocialAccount.objects.filter(handle="siti.lain").exists())
        self.assertFalse(SocialAccount.objects.filter(employee=self.emp_b).exists())
        self.emp_b.refresh_from_db()
        self.assertEqual(self.emp_b.unit, self.upt_b)
        self.assertEqual(result["summary"]["accounts_created"], 0)

    def test_error_for_a_nip_elsewhere_is_the_same_as_for_any_nip_outside_scope(self):
        plan, _ = self.run_import(f"NIP;Nama;Jenis Pegawai;Kode Unit\n"
                                  f"{NIP_B};Siti;PPPK;UPT-A\n"
                                  "198801012012011001;Andi;PNS;UPT-C\n", user=self.operator)
        reasons = dict(plan.errors)
        self.assertNotIn("terdaftar", reasons[2])
        for leak in ("Siti", "UPT-B", "Rutan"):
            self.assertNotIn(leak, reasons[2])
        self.assertEqual(reasons[2], roster_import.out_of_scope(("nip", NIP_B)))
        self.assertIn("tidak dikenal atau di luar wewenang", reasons[3])
        self.assertFalse(Employee.objects.filter(nip="198801012012011001").exists())


def _bomb_xlsx(inflated_mb=400):
    """A real workbook whose sheet carries a huge run of blanks: a few hundred KB, inflating far past the limit."""
    wb = Workbook()
    wb.active.append(["NIP", "Nama", "Jenis Pegawai", "Kode Unit"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, tail = body.partition(b"</sheetData>")
                pad = b" " * (1024 * 1024)
                with z.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(head)
                    for _ in range(inflated_mb):
                        fh.write(pad)
                    fh.write(b"</sheetData>" + tail)
            else:
                z.writestr(info, body)
    return out.getvalue()


class XlsxBombTestCase(RosterTestCase):
    def test_it_refuses_an_xlsx_that_inflates_past_the_limit(self):
        bomb = _bomb_xlsx(400)
        self.assertLess(len(bomb), 1024 * 1024)
        with self.assertRaisesMessage(TableError, "terlalu besar"):
            read_table(bomb)

    def test_upload_of_a_bomb_is_refused_with_a_message(self):
        self.login(self.admin)
        r = self.client.post(reverse("roster_import"),
                             {"file": SimpleUploadedFile("pegawai.xlsx", _bomb_xlsx(400))})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "terlalu besar")
        self.assertFalse(RosterImport.objects.exists())

    def test_the_import_page_never_parses_the_upload_again(self):
        self.login(self.admin)
        wb = Workbook()
        wb.active.append(["NIP", "Nama", "Jenis Pegawai", "Kode Unit"])
        wb.active.append([NIP_A, "Budi Santoso", "PNS", "UPT-A"])
        buf = io.BytesIO()
        wb.save(buf)
        self.client.post(reverse("roster_import"), {"file": SimpleUploadedFile("pegawai.xlsx", buf.getvalue())})
        imp = RosterImport.objects.get()
        imp.file.delete(save=False)  # whatever the page shows now comes from what was parsed at upload
        r = self.client.get(reverse("roster_import_detail", args=[imp.pk]))
        self.assertContains(r, "Budi Santoso")
        r = self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(imp.mapping, action="dry"))
        self.assertEqual(r.status_code, 200)
        r = self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(imp.mapping, action="run"))
        imp.refresh_from_db()
        self.assertEqual(imp.status, "done")


class ImportReportTestCase(RosterTestCase):
    def test_it_downloads_the_rejected_rows_with_row_column_and_reason(self):
        self.login(self.operator)
        text = ("NIP;Nama;Jenis Pegawai;Kode Unit;Email\n"
                "198801012012011001;Andi;PNS;UPT-A;bukan-email\n"
                f"{NIP_B};Siti;PPPK;UPT-A;\n"
                "198801012012011002;=HYPERLINK(1);Relawan;UPT-A;\n")
        self.client.post(reverse("roster_import"), {"file": SimpleUploadedFile("p.csv", text.encode())})
        imp = RosterImport.objects.get()
        self.assertEqual(self.client.get(reverse("roster_import_report", args=[imp.pk])).status_code, 404)
        self.client.post(reverse("roster_import_detail", args=[imp.pk]), dict(imp.mapping, action="dry"))
        r = self.client.get(reverse("roster_import_report", args=[imp.pk]))
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        lines = r.content.decode("utf-8-sig").splitlines()
        self.assertEqual(lines[0], "Baris;Kolom;Alasan")
        self.assertTrue(lines[1].startswith("2;email;Email tidak sah"), lines)
        self.assertTrue(lines[2].startswith("3;nip;"), lines)
        self.assertTrue(lines[3].startswith("4;jenis pegawai;"), lines)
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("roster_import_report", args=[imp.pk])).status_code, 404)
