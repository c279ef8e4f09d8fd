"""Encryption at rest and key rotation."""

import base64
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from netral.core.models import AuditEntry
from netral.whistle import actions, crypto
from netral.whistle.models import Attachment, Message, Report, files_dir
from netral.whistle.tests.helpers import PDF, make_report
from netral.test import BaseTestCase

SECRET_TEXT = "Kepala Lapas menyuruh staf memasang baliho paslon di halaman kantor (RAHASIA-777)."


def raw_rows(table):
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {table}")
        return repr(cur.fetchall())


class EncryptionTestCase(BaseTestCase):
    def test_database_and_files_reveal_nothing_without_the_key(self):
        report, code = make_report(unit=self.upt_a, text=SECRET_TEXT, files=[("bukti.pdf", PDF)])
        actions.ask(report, self.pengawas, "Pertanyaan tim RAHASIA-888")
        actions.reporter_reply(report, "Jawaban pelapor RAHASIA-999", [])
        for table in ("whistle_report", "whistle_message", "whistle_attachment", "core_auditentry"):
            rows = raw_rows(table)
            for needle in ("RAHASIA", "Kepala Lapas", "bukti.pdf", code):
                self.assertNotIn(needle, rows, table)
        blobs = list(files_dir().rglob("*"))
        files = [p for p in blobs if p.is_file()]
        self.assertEqual(len(files), 1)
        self.assertNotIn(b"RAHASIA", files[0].read_bytes())
        self.assertNotIn(b"%PDF", files[0].read_bytes())
        # Nothing of it under a served path: MEDIA_URL is not routed and the folder is not static.
        self.assertEqual(self.client.get("/media/whistle/" + files[0].name).status_code, 404)
        # With the key, all of it opens.
        report = Report.objects.get(pk=report.pk)
        self.assertEqual(report.content()["what"], SECRET_TEXT)
        self.assertEqual([m.text() for m in Message.objects.filter(report=report)],
                         ["Pertanyaan tim RAHASIA-888", "Jawaban pelapor RAHASIA-999"])
        self.assertEqual(Attachment.objects.get().read(), PDF)

    def test_a_wrong_key_or_a_moved_ciphertext_does_not_open(self):
        a, _ = make_report(text=SECRET_TEXT)
        b, _ = make_report(text="Lain")
        other = base64.b64decode(crypto.new_key_text())
        with self.assertRaises(crypto.KeyError_):
            crypto.unwrap(a.wrapped_key, a.kek_id, key=other)
        with self.assertRaises(crypto.KeyError_):
            crypto.unwrap(a.wrapped_key, "", key=other)
        # Each report has its own data key, bound to its uuid.
        self.assertNotEqual(a.data_key(), b.data_key())
        b.body = a.body
        with self.assertRaises(Exception):
            b.content()

    def test_key_rotation_keeps_reports_readable(self):
        path = Path(settings.MEDIA_ROOT).parent / "kek-test"
        crypto.write_key_file(path, crypto.new_key_text())
        with self.settings(WHISTLE_KEK_FILE=str(path)):
            report, code = make_report(text=SECRET_TEXT, files=[("b.pdf", PDF)])
            actions.ask(report, self.pengawas, "Pertanyaan sebelum rotasi")
            old_key, old_id = crypto.kek(), report.kek_id
            call_command("rotate_whistle_key", stdout=open(os.devnull, "w"))
            self.assertNotEqual(crypto.kek(), old_key)
            self.assertFalse(Path(f"{path}.new").exists())
            report = Report.objects.get(pk=report.pk)
            self.assertNotEqual(report.kek_id, old_id)
            self.assertEqual(report.kek_id, crypto.key_id(crypto.kek()))
            self.assertEqual(report.content()["what"], SECRET_TEXT)
            self.assertEqual(report.messages.get().text(), "Pertanyaan sebelum rotasi")
            self.assertEqual(report.attachments.get().read(), PDF)
            self.assertEqual(actions.find_by_receipt(code).pk, report.pk)  # the pepper did not change
            with self.assertRaises(crypto.KeyError_):
                crypto.unwrap(report.wrapped_key, "", key=old_key)
            self.assertTrue(AuditEntry.objects.filter(model="whistle.report", note__contains="dirotasi").exists())
            # A second rotation works as well (and a report with the current key is skipped).
            call_command("rotate_whistle_key", stdout=open(os.devnull, "w"))
            self.assertEqual(Report.objects.get(pk=report.pk).content()["what"], SECRET_TEXT)

    def test_rotation_with_the_key_in_the_environment_needs_a_target_file(self):
        from django.core.management.base import CommandError

        with self.settings(WHISTLE_KEK=crypto.new_key_text()):
            make_report()
            with self.assertRaises(CommandError):
                call_command("rotate_whistle_key")
            target = Path(settings.MEDIA_ROOT).parent / "kek-new"
            call_command("rotate_whistle_key", new_key_file=str(target), stdout=open(os.devnull, "w"))
            new_text = target.read_text().strip()
        with self.settings(WHISTLE_KEK=new_text):
            self.assertEqual(Report.objects.get().content()["what"], "Isi pengaduan uji yang cukup panjang.")

    def test_keys_not_given_are_generated_once_outside_the_database(self):
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, SECRET_KEY="x" * 50, VAR_DIR=tmp, DJANGO_SETTINGS_MODULE="netral.settings")
            for name in ("WHISTLE_KEK", "WHISTLE_KEK_FILE", "WHISTLE_PEPPER", "WHISTLE_PEPPER_FILE"):
                env.pop(name, None)
            code = "import django; django.setup(); from netral.whistle import crypto; print(crypto.kek().hex())"
            run = lambda e: subprocess.run([sys.executable, "-c", code], env=e, capture_output=True,  # noqa: E731
                                           text=True, cwd=settings.BASE_DIR)
            first, second = run(env), run(env)
            self.assertEqual(first.returncode, 0, first.stderr)
            self.assertEqual(first.stdout, second.stdout)  # the same key on every start
            path = Path(tmp) / "whistle" / "kek"
            self.assertEqual(oct(path.stat().st_mode & 0o777), "0o600")
            given = crypto.new_key_text()
            self.assertEqual(run(dict(env, WHISTLE_KEK=given)).stdout.strip(),
                             base64.b64decode(given).hex())  # the environment wins

    def test_a_malformed_key_is_refused_with_a_message(self):
        from django.core.exceptions import ImproperlyConfigured

        for bad in ("tidak-base64!!", base64.b64encode(b"pendek").decode()):
            with self.settings(WHISTLE_KEK=bad), self.assertRaises(ImproperlyConfigured):
                crypto.kek()


class WrongKeyPageTestCase(BaseTestCase):
    def test_a_report_the_key_cannot_open_gets_an_explained_503(self):
        report, code = make_report(unit=self.upt_a)
        actions.ask(report, self.pengawas, "Pertanyaan")
        with self.settings(WHISTLE_KEK=crypto.new_key_text()):
            self.login(self.pengawas)
            r = self.client.get(f"/pengaduan/{report.pk}/")
            self.assertContains(r, "WHISTLE_KEK", status_code=503)
            self.client.logout()
            r = self.client.post("/lapor/status/", {"code": code})
            self.assertContains(r, "Kode Anda tetap berlaku", status_code=503)
            self.assertEqual(r["Cache-Control"], "no-store")
