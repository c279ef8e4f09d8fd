import sys
from io import StringIO

from django.core.management import CommandError, call_command

from netral.monitoring.models import ContentItem, Finding
from netral.monitoring.tests.helpers import SAMPLES, MonitoringCase


class ImportCommandTestCase(MonitoringCase):
    def run_cmd(self, *args):
        out, err, old = StringIO(), StringIO(), sys.stderr
        sys.stderr = err
        try:
            call_command("import_content", *args, stdout=out)
        finally:
            sys.stderr = old
        return out.getvalue(), err.getvalue()

    def test_it_imports_scans_and_reports_bad_rows_with_progress(self):
        out, err = self.run_cmd(str(SAMPLES / "generic.csv"), "--as-user", "pengawas")
        self.assertIn("konten baru", out)
        self.assertIn("baris 5", out)  # the row without a platform
        self.assertIn("100.0%", err)
        self.assertTrue(ContentItem.objects.filter(external_id="9001").exists())
        self.assertTrue(Finding.objects.filter(content__external_id="9001").exists())
        # Idempotent: the same file again stores nothing new.
        before = ContentItem.objects.count()
        out, _ = self.run_cmd(str(SAMPLES / "generic.csv"), "--as-user", "pengawas")
        self.assertIn("0 konten baru", out)
        self.assertEqual(ContentItem.objects.count(), before)

    def test_it_refuses_unknown_users_units_and_files(self):
        with self.assertRaisesMessage(CommandError, "tidak ditemukan"):
            self.run_cmd(str(SAMPLES / "generic.csv"), "--as-user", "pegawai")
        with self.assertRaisesMessage(CommandError, "Unit 'UPT-C'"):
            self.run_cmd(str(SAMPLES / "generic.csv"), "--as-user", "pengawas", "--unit", "UPT-C")
        with self.assertRaisesMessage(CommandError, "tidak dapat dibaca"):
            self.run_cmd("/tidak/ada.csv", "--as-user", "pengawas")
