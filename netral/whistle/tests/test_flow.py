"""The reporter's path: form → receipt → status → messages → more evidence; wrong codes."""

import re
from datetime import timedelta

from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from netral.whistle import actions, throttle
from netral.whistle.models import Attachment, Message, Report
from netral.whistle.tests.helpers import PDF, jpeg_with_gps, make_report, receipt_from, upload
from netral.test import BaseTestCase


class FormTestCase(BaseTestCase):
    def test_it_shows_the_form_without_login_in_indonesian(self):
        r = self.client.get("/lapor/")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Apa yang terjadi?")
        self.assertContains(r, "Apa yang disimpan dan apa yang tidak")
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertNotContains(r, "<script")
        self.assertContains(r, "Lapas Uji A")  # the reporter may pick a unit of this installation

    def test_it_keeps_what_was_typed_when_the_form_is_refused(self):
        r = self.client.post("/lapor/", {"what": "pendek", "subject_name": "Nama Tetap Ada", "subject_nip": "123"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "paling sedikit 10 huruf")
        self.assertContains(r, "NIP terdiri dari 18 angka")
        self.assertContains(r, "Nama Tetap Ada")
        self.assertFalse(Report.objects.exists())

    def test_it_files_a_report_and_shows_the_receipt_once(self):
        r = self.client.post("/lapor/", {"what": "Kepala seksi berkampanye di grup WhatsApp kantor.",
                                         "unit": self.upt_a.pk, "subject_nip": "198503122010121001",
                                         "files": [upload("bukti.pdf", PDF)]})
        self.assertEqual(r.status_code, 200)
        grouped = receipt_from(r)
        self.assertRegex(grouped, r"^\d{4} \d{4} \d{4} \d{4}$")
        self.assertContains(r, "Saya sudah mencatat kode ini")
        self.assertContains(r, "hanya ditampilkan sekali")
        report = Report.objects.get()
        self.assertEqual(report.unit, self.upt_a)
        self.assertTrue(report.unit_named)
        self.assertEqual(report.content()["subject_nip"], "198503122010121001")
        self.assertEqual(report.attachments.count(), 1)
        # The code exists nowhere in the row: only a 4-hex bucket and an Argon2id hash.
        code = grouped.replace(" ", "")
        self.assertEqual(len(report.receipt_bucket), 4)
        self.assertTrue(report.receipt_hash.startswith("$argon2id$"))
        self.assertNotIn(code, repr(Report.objects.values().get()))
        # Reports naming no unit go to the Kanwil.
        self.client.post("/lapor/", {"what": "Ada pegawai memasang spanduk calon di depan rumah dinas."})
        self.assertEqual(Report.objects.order_by("pk").last().unit, self.kanwil)

    def test_receipt_confirmation_needs_the_box_ticked(self):
        r = self.client.post(reverse("whistle_receipt_confirm"), {"code": "1234 5678 9012 3456"})
        self.assertContains(r, "1234 5678 9012 3456")
        self.assertContains(r, "Centang dulu")
        r = self.client.post(reverse("whistle_receipt_confirm"), {"code": "1234567890123456", "confirmed": "on"})
        self.assertContains(r, "Terima kasih")
        # Not a code-testing oracle: a junk code just goes to the status page.
        r = self.client.post(reverse("whistle_receipt_confirm"), {"code": "<script>"})
        self.assertRedirects(r, reverse("whistle_status"))

    def test_the_whole_exchange(self):
        r = self.client.post("/lapor/", {"what": "Petugas mengunggah foto dengan salam dua jari bersama calon.",
                                         "unit": self.upt_a.pk})
        code = receipt_from(r)
        report = Report.objects.get()

        r = self.client.post(reverse("whistle_status"), {"code": code})
        self.assertContains(r, "Diterima, belum ditelaah")
        self.assertContains(r, "Belum ada pesan dari tim")

        # The team asks a question.
        self.login(self.pengawas)
        r = self.client.post(reverse("whistle_action", args=[report.pk, "ask"]),
                             {"text": "Kapan tepatnya foto itu diunggah?"})
        self.assertRedirects(r, reverse("whistle_detail", args=[report.pk]))
        self.client.logout()

        # The reporter reads it and answers with a photo (codes may be typed with dashes).
        r = self.client.post(reverse("whistle_status"), {"code": code.replace(" ", "-")})
        self.assertContains(r, "Kapan tepatnya foto itu diunggah?")
        self.assertContains(r, "Sedang ditelaah")
        token = re.search(rb'name="token" value="([^"]+)"', r.content).group(1).decode()
        r = self.client.post(reverse("whistle_status"), {
            "token": token, "text": "Tanggal 3 Oktober, jam 9 pagi.", "files": [upload("foto.jpg", jpeg_with_gps())]})
        self.assertContains(r, "Terkirim")
        self.assertContains(r, "Tanggal 3 Oktober, jam 9 pagi.")
        self.assertContains(r, "foto.jpg")

        reply = Message.objects.get(author=Message.Author.REPORTER)
        self.assertEqual(reply.text(), "Tanggal 3 Oktober, jam 9 pagi.")
        att = Attachment.objects.get(message=reply)
        self.assertEqual(att.info()["mime"], "image/jpeg")

        # The team sees the answer and downloads the photo as an attachment.
        self.login(self.pengawas)
        r = self.client.get(reverse("whistle_detail", args=[report.pk]))
        self.assertContains(r, "Tanggal 3 Oktober, jam 9 pagi.")
        r = self.client.get(reverse("whistle_attachment", args=[report.pk, att.pk]))
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(r["Content-Type"], "application/octet-stream")
        self.assertTrue(r.content.startswith(b"\xff\xd8\xff"))

    def test_a_reply_needs_text_or_a_file_and_keeps_the_page(self):
        report, code = make_report(unit=self.upt_a)
        r = self.client.post(reverse("whistle_status"), {"code": code})
        token = re.search(rb'name="token" value="([^"]+)"', r.content).group(1).decode()
        r = self.client.post(reverse("whistle_status"), {"token": token, "text": "  "})
        self.assertContains(r, "Tulis pesan atau pilih berkas bukti")
        r = self.client.post(reverse("whistle_status"), {"token": token, "files": [upload("x.jpg", b"<html>")]})
        self.assertContains(r, "dibaca dari isinya")
        self.assertFalse(Message.objects.exists())

    def test_a_forged_or_stale_token_sends_back_to_the_code(self):
        report, code = make_report()
        r = self.client.post(reverse("whistle_status"), {"token": f"{report.uuid}:1abc:forged", "text": "hai"})
        self.assertContains(r, "Masukkan kode Anda lagi", status_code=400)
        self.assertFalse(Message.objects.exists())


class WrongCodeTestCase(BaseTestCase):
    def setUp(self):
        self.sleeps = []
        self._sleep = throttle.time.sleep
        throttle.time.sleep = self.sleeps.append

    def tearDown(self):
        throttle.time.sleep = self._sleep

    def test_a_wrong_code_is_refused_and_slowed(self):
        report, code = make_report()
        wrong = "0000000000000000" if code != "0000000000000000" else "1111111111111111"
        with self.settings(WHISTLE_FAILURE_DELAY=1.5):
            r = self.client.post(reverse("whistle_status"), {"code": wrong})
        self.assertContains(r, "Kode tidak dikenal", status_code=400)
        self.assertEqual(self.sleeps, [1.5])
        with self.settings(WHISTLE_FAILURE_DELAY=1.5):
            r = self.client.post(reverse("whistle_status"), {"code": "12ab"})
        self.assertContains(r, "Kode terdiri dari 16 angka", status_code=400)
        self.assertEqual(len(self.sleeps), 2)

    @override_settings(WHISTLE_CLIENT_FAILURES=3)
    def test_a_client_is_stopped_after_some_wrong_codes_even_with_the_right_one(self):
        report, code = make_report()
        for _ in range(3):
            self.client.post(reverse("whistle_status"), {"code": "9" * 15 + "8"}, REMOTE_ADDR="198.51.100.4")
        r = self.client.post(reverse("whistle_status"), {"code": code}, REMOTE_ADDR="198.51.100.4")
        self.assertContains(r, "Terlalu banyak kode yang salah", status_code=429)
        # Another address still gets in; the bucket is keyed by a salted hash, not the address.
        r = self.client.post(reverse("whistle_status"), {"code": code}, REMOTE_ADDR="198.51.100.5")
        self.assertEqual(r.status_code, 200)
        keys = list(caches["whistle"]._cache.keys())
        self.assertFalse(any("198.51.100" in k for k in keys))

    @override_settings(WHISTLE_GLOBAL_FAILURES_PER_MINUTE=2, WHISTLE_CLIENT_FAILURES=100)
    def test_the_global_bucket_stops_guessing_from_many_addresses(self):
        report, code = make_report()
        for i in range(2):
            self.client.post(reverse("whistle_status"), {"code": "9" * 16}, REMOTE_ADDR=f"192.0.2.{i}")
        r = self.client.post(reverse("whistle_status"), {"code": code}, REMOTE_ADDR="192.0.2.99")
        self.assertEqual(r.status_code, 429)

    @override_settings(WHISTLE_ACCESS_DAYS=30)
    def test_access_expires_after_a_time_without_visits(self):
        report, code = make_report()
        Report.objects.filter(pk=report.pk).update(reporter_seen_on=timezone.localdate() - timedelta(days=31))
        r = self.client.post(reverse("whistle_status"), {"code": code})
        self.assertContains(r, "sudah berakhir", status_code=400)
        Report.objects.filter(pk=report.pk).update(reporter_seen_on=timezone.localdate() - timedelta(days=29))
        r = self.client.post(reverse("whistle_status"), {"code": code})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(Report.objects.get().reporter_seen_on, timezone.localdate())

    def test_a_code_typed_in_fullwidth_digits_or_with_odd_spacing_opens_the_report(self):
        # A phone keyboard in a CJK/fullwidth mode sends U+FF10..FF19; the same code, not a wrong one
        # (and not a failure counted against the reporter's address).
        report, code = make_report()
        full = "".join(chr(0xFF10 + int(d)) for d in code)
        for typed in (full, " " + "-".join(code[i:i + 4] for i in range(0, 16, 4)) + " ",
                      "\u3000".join(full[i:i + 4] for i in range(0, 16, 4))):
            r = self.client.post(reverse("whistle_status"), {"code": typed})
            self.assertEqual(r.status_code, 200, ascii(typed))
        self.assertEqual(self.sleeps, [])
        self.assertIsNone(actions.find_by_receipt("\u0661" * 16))  # other scripts' digits stay "not a code"

    def test_find_by_receipt_ignores_other_reports_in_the_same_bucket(self):
        a, code_a = make_report()
        b, code_b = make_report()
        Report.objects.filter(pk=b.pk).update(receipt_bucket=a.receipt_bucket)
        # Both rows are candidates for code_a; only the Argon2id check picks the right one.
        self.assertEqual(actions.find_by_receipt(code_a).pk, a.pk)
        Report.objects.filter(pk=a.pk).update(receipt_bucket=b.receipt_bucket)
        self.assertIsNone(actions.find_by_receipt(code_a[:-1] + str((int(code_a[-1]) + 1) % 10)))
        self.assertIsNone(actions.find_by_receipt("abc"))
