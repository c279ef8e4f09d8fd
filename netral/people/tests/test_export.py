import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from netral.people.models import SocialAccount
from netral.people.tests.base import NIP_A, NIP_B, RosterTestCase


class ExportTestCase(RosterTestCase):
    def setUp(self):
        SocialAccount.objects.create(employee=self.emp_a, platform="instagram", handle="budi.s")
        SocialAccount.objects.create(employee=self.emp_b, platform="x", handle="=cmd|calc")  # formula injection

    def csv_rows(self, response):
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(body)))

    def test_csv_contains_scope_only(self):
        self.login(self.operator)
        rows = self.csv_rows(self.client.get(reverse("employee_export"), {"format": "csv"}))
        self.assertEqual(rows[0][0], "NIP")
        self.assertEqual([r[0] for r in rows[1:]], [NIP_A])
        self.assertIn("instagram:@budi.s", rows[1][-1])

    def test_accounts_csv_and_filters(self):
        self.login(self.admin)
        rows = self.csv_rows(self.client.get(reverse("employee_export"), {"format": "csv", "jenis": "akun"}))
        handles = [r[4] for r in rows[1:]]
        self.assertIn("budi.s", handles)
        self.assertIn("'=cmd|calc", handles)  # neutralised for Excel
        rows = self.csv_rows(self.client.get(reverse("employee_export"), {"format": "csv", "type": "pppk"}))
        self.assertEqual([r[0] for r in rows[1:]], [NIP_B])

    def test_xlsx_has_two_sheets(self):
        self.login(self.admin)
        r = self.client.get(reverse("employee_export"), {"format": "xlsx"})
        wb = load_workbook(io.BytesIO(r.content))
        self.assertEqual(wb.sheetnames, ["Pegawai", "Akun media sosial"])
        nips = [row[0].value for row in wb["Pegawai"].iter_rows(min_row=2)]
        self.assertEqual(sorted(nips), sorted([NIP_A, NIP_B]))
        self.assertNotIn("Joko Prasetyo", [row[3].value for row in wb["Pegawai"].iter_rows(min_row=2)])

    def test_unknown_format_is_404(self):
        self.login(self.admin)
        self.assertEqual(self.client.get(reverse("employee_export"), {"format": "pdf"}).status_code, 404)
