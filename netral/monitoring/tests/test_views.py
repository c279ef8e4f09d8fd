import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from netral.core.models import AuditEntry
from netral.monitoring import ingest, ocr
from netral.monitoring.evidence import verify_stored, verify_zip
from netral.cases.models import Case
from netral.monitoring.models import ContentImport, ContentItem, Finding, MediaFile
from netral.monitoring.scanning import scan_items
from netral.monitoring.store import save_records
from netral.monitoring.tests.helpers import MonitoringCase, sample


def png_with_text(text):
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (900, 120), "white")
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 40)
    except OSError:
        font = ImageFont.load_default()
    ImageDraw.Draw(img).text((20, 30), text, fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


class TriageTests(MonitoringCase):
    def setUp(self):
        records = list(ingest.parse(sample("x_v2.json"), "x_v2"))
        records += list(ingest.parse(
            "platform,id,akun,teks\ninstagram,i1,siti.pns,Jangan lupa coblos nomor 2 ya! ✌️\n"
            "instagram,i2,orang_lain,Jangan lupa coblos nomor 2 ya! ✌️\n".encode(), "generic"))
        save_records(records, unit=self.kanwil, user=self.pengawas)
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        self.f_budi = Finding.objects.get(content__external_id="1855000000000000301")
        self.f_siti = Finding.objects.get(content__external_id="i1")
        self.f_other = Finding.objects.get(content__external_id="i2")

    def test_it_lists_and_filters_the_queue_with_highlights(self):
        self.login(self.pengawas)
        r = self.client.get(reverse("finding_list"))
        assert r.status_code == 200 and f"#{self.f_budi.pk}" in r.text
        r = self.client.get(reverse("finding_list"), {"platform": "instagram", "label": "partisan"})
        assert f"#{self.f_siti.pk}" in r.text and f"#{self.f_budi.pk}<" not in r.text
        r = self.client.get(reverse("finding_detail", args=[self.f_budi.pk]))
        assert '<mark class="nt-hit">nomor 2</mark>' in r.text
        assert "Cocok leksikon" in r.text

    def test_it_corrects_content_as_a_new_item_and_keeps_the_original(self):
        item = self.f_siti.content
        self.login(self.operator)  # capture role only: may not correct
        r = self.client.post(reverse("content_correct", args=[item.pk]), {"text": "x", "note": "y"})
        assert r.status_code == 403
        self.login(self.pengawas)
        r = self.client.post(reverse("content_correct", args=[item.pk]), {"text": "Teks benar", "note": ""},
                             follow=True)
        assert "Alasan koreksi wajib diisi" in r.text
        r = self.client.post(reverse("content_correct", args=[item.pk]),
                             {"text": "Jangan lupa coblos nomor 2 ya!", "note": "salah ketik OCR"})
        new = ContentItem.objects.get(supersedes=item)
        assert r.status_code == 302 and new.correction_note == "salah ketik OCR"
        item.refresh_from_db()
        assert item.text == "Jangan lupa coblos nomor 2 ya! ✌️"  # the original stays as found
        r = self.client.post(reverse("content_correct", args=[item.pk]), {"text": "lagi", "note": "z"}, follow=True)
        assert "sudah dikoreksi" in r.text
        self.login(self.outsider)
        assert self.client.post(reverse("content_correct", args=[new.pk]), {"text": "a", "note": "b"}).status_code in (403, 404)

    def test_admin_reopens_a_decided_finding_with_a_reason(self):
        self.login(self.pengawas)
        self.client.post(reverse("finding_action", args=[self.f_siti.pk]), {"action": "dismiss", "confirmed": "yes", "reason": "netral"})
        r = self.client.get(reverse("finding_detail", args=[self.f_siti.pk]))
        assert "Buka kembali" not in r.text  # only admin
        self.login(self.admin)
        assert "Buka kembali" in self.client.get(reverse("finding_detail", args=[self.f_siti.pk])).text
        self.client.post(reverse("finding_action", args=[self.f_siti.pk]), {"action": "reopen", "reason": ""})
        self.f_siti.refresh_from_db()
        assert self.f_siti.status == "dismissed"
        self.client.post(reverse("finding_action", args=[self.f_siti.pk]),
                         {"action": "reopen", "reason": "keputusan keliru"})
        self.f_siti.refresh_from_db()
        assert self.f_siti.status == "new"

    def test_it_filters_by_local_day(self):
        import datetime as dt

        from django.utils import timezone

        # 23:30 WIB on 1 Feb 2024 is 16:30 UTC: it belongs to 1 Feb for an office in Jakarta.
        late = timezone.make_aware(dt.datetime(2024, 2, 1, 23, 30))
        Finding.objects.filter(pk=self.f_siti.pk).update(posted_at=late)
        Finding.objects.filter(pk=self.f_other.pk).update(posted_at=late + dt.timedelta(hours=1))
        self.login(self.pengawas)
        r = self.client.get(reverse("finding_list"), {"date_from": "2024-02-01", "date_to": "2024-02-01"})
        assert f"#{self.f_siti.pk}<" in r.text and f"#{self.f_other.pk}<" not in r.text
        r = self.client.get(reverse("finding_list"), {"date_from": "2024-02-02", "date_to": "2024-02-02"})
        assert f"#{self.f_other.pk}<" in r.text and f"#{self.f_siti.pk}<" not in r.text

    def test_it_confirms_into_a_case_and_joins_the_open_case(self):
        self.login(self.pengawas)
        r = self.client.post(reverse("finding_action", args=[self.f_budi.pk]), {"action": "confirm", "confirmed": "yes"})
        self.f_budi.refresh_from_db()
        assert self.f_budi.status == "confirmed" and list(self.f_budi.case.employees.all()) == [self.budi]
        assert r.url == reverse("case_detail", args=[self.f_budi.case_id])
        second = Finding.objects.get(content__external_id="1855000000000000302")
        self.client.post(reverse("finding_action", args=[second.pk]), {"action": "confirm", "confirmed": "yes"})
        second.refresh_from_db()
        assert second.case_id == self.f_budi.case_id and Case.objects.count() == 1
        assert AuditEntry.objects.filter(model="monitoring.finding", object_pk=str(self.f_budi.pk),
                                         note__contains="dikonfirmasi", actor=self.pengawas).exists()

    def test_it_requires_a_reason_to_dismiss(self):
        self.login(self.pengawas)
        self.client.post(reverse("finding_action", args=[self.f_budi.pk]), {"action": "dismiss", "confirmed": "yes", "reason": " "})
        self.f_budi.refresh_from_db()
        assert self.f_budi.status == "new"
        self.client.post(reverse("finding_action", args=[self.f_budi.pk]),
                         {"action": "dismiss", "confirmed": "yes", "reason": "Kutipan berita, bukan ajakan"})
        self.f_budi.refresh_from_db()
        assert self.f_budi.status == "dismissed" and self.f_budi.reason == "Kutipan berita, bukan ajakan"
        entry = AuditEntry.objects.filter(model="monitoring.finding", object_pk=str(self.f_budi.pk),
                                          action="event").first()
        assert entry.after["reason"] == "Kutipan berita, bukan ajakan"

    def test_it_groups_near_duplicates_and_marks_duplicates(self):
        assert self.f_siti.group_key and self.f_siti.group_key == self.f_other.group_key
        self.login(self.pengawas)
        self.client.post(reverse("finding_action", args=[self.f_other.pk]), {"action": "duplicate", "confirmed": "yes"})
        self.f_other.refresh_from_db()
        assert self.f_other.status == "duplicate" and self.f_other.duplicate_of == self.f_siti

    def test_it_applies_bulk_actions(self):
        self.login(self.pengawas)
        ids = [self.f_siti.pk, self.f_other.pk]
        self.client.post(reverse("finding_bulk"), {"ids": ids, "action": "dismiss", "confirmed": "yes", "reason": ""})
        assert Finding.objects.filter(pk__in=ids, status="new").count() == 2
        self.client.post(reverse("finding_bulk"), {"ids": ids, "action": "dismiss", "confirmed": "yes", "reason": "Akun parodi"})
        assert Finding.objects.filter(pk__in=ids, status="dismissed").count() == 2
        assert AuditEntry.objects.filter(model="monitoring.finding", note__contains="ditolak").count() == 2

    def test_it_scopes_findings_and_content(self):
        # The outsider (operator at upt_b) has no triage role; the other kanwil's admin sees nothing here.
        self.login(self.other_admin)
        assert self.client.get(reverse("finding_detail", args=[self.f_budi.pk])).status_code == 404
        assert self.client.post(reverse("finding_action", args=[self.f_budi.pk]),
                                {"action": "confirm", "confirmed": "yes"}).status_code == 404
        assert self.client.get(reverse("content_detail", args=[self.f_budi.content_id])).status_code == 404
        assert f"#{self.f_budi.pk}" not in self.client.get(reverse("finding_list")).text
        self.login(self.outsider)
        assert self.client.get(reverse("content_detail", args=[self.f_budi.content_id])).status_code == 404
        assert self.client.get(reverse("content_detail", args=[self.f_siti.content_id])).status_code == 200
        assert self.client.get(reverse("finding_list")).status_code == 403
        self.login(self.pegawai)
        assert self.client.get(reverse("content_list")).status_code == 403
        self.login(self.pimpinan)
        assert self.client.get(reverse("finding_list")).status_code == 200
        assert self.client.post(reverse("finding_action", args=[self.f_budi.pk]),
                                {"action": "confirm", "confirmed": "yes"}).status_code == 403

    def test_it_exports_evidence_and_verification_catches_tampering(self):
        self.login(self.pengawas)
        r = self.client.get(reverse("finding_evidence", args=[self.f_budi.pk]))
        assert r.status_code == 200 and r["Content-Type"] == "application/zip"
        data = r.content
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert {"manifest.json", "payload.json", "content.json", "scans.json", "finding.json"} <= set(names)
        assert verify_zip(io.BytesIO(data)) == []
        tampered = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(tampered, "w") as dst:
            for n in src.namelist():
                body = src.read(n)
                if n == "payload.json":
                    body = body.replace(b"coblos", b"COBLOS")
                dst.writestr(n, body)
        problems = verify_zip(io.BytesIO(tampered.getvalue()))
        assert any("payload.json" in p for p in problems)
        assert verify_stored()[1] == []
        ContentItem.objects.filter(pk=self.f_budi.content_id).update(payload={"text": "diubah"})
        checked, problems = verify_stored()
        assert problems and problems[0][0] == self.f_budi.content_id
        with self.assertRaises(CommandError):
            call_command("verify_evidence", stdout=io.StringIO())


class CaptureTests(MonitoringCase):
    def test_it_imports_a_file_through_the_web_with_row_errors(self):
        self.login(self.operator)
        f = SimpleUploadedFile("konten.csv", sample("generic.csv"), content_type="text/csv")
        r = self.client.post(reverse("content_import"), {"file": f, "format": ""})
        imp = ContentImport.objects.get()
        assert r.url == reverse("content_import_detail", args=[imp.pk])
        assert imp.status == "done" and imp.result["summary"]["create"] == 3 and imp.format == "generic"
        assert imp.result["errors"][0][0] == 5
        page = self.client.get(reverse("content_import_detail", args=[imp.pk])).text
        assert "ditolak" in page
        assert Finding.objects.filter(content__external_id="9001").exists()  # scanned after import
        # Operators capture but do not triage.
        assert self.client.get(reverse("finding_list")).status_code == 403

    def test_a_lone_surrogate_in_a_json_export_keeps_the_row_and_the_rest_of_the_file(self):
        # "\\ud800" (half of a surrogate pair, as a broken exporter writes it) decodes to a str UTF-8 cannot encode:
        # the evidence hash of the row raised and the whole import failed.
        self.login(self.operator)
        lines = [b'{"platform": "x", "id": "s1", "handle": "budi_x", "text": "Ayo \\ud800 coblos"}',
                 b'{"platform": "x", "id": "s2", "handle": "budi_x", "text": "Selamat pagi", "k\\udfff": 1}']
        f = SimpleUploadedFile("konten.jsonl", b"\n".join(lines) + b"\n", content_type="application/json")
        self.client.post(reverse("content_import"), {"file": f, "format": ""})
        imp = ContentImport.objects.get()
        assert imp.status == "done", imp.error
        assert imp.result["summary"]["create"] == 2
        assert ContentItem.objects.get(external_id="s1").text == "Ayo \ufffd coblos"

    def test_a_lone_surrogate_in_a_refused_value_does_not_break_the_import_page(self):
        # The rows' reasons quote the refused value (an unknown platform or interaction): with a lone surrogate in it
        # the import's result could not be stored on PostgreSQL, and its page could not be encoded on SQLite.
        self.login(self.pengawas)
        lines = [b'{"platform": "x\\ud800", "id": "s1", "handle": "budi_x", "text": "a"}',
                 b'{"platform": "x", "id": "s3", "handle": "budi_x", "text": "a", "interaction": "\\udfff"}',
                 b'{"platform": "x", "id": "s4", "handle": "budi_x", "text": "a", "posted_at": "2024-01-01\\ud800"}',
                 b'{"platform": "x", "id": "s5", "handle": "budi_x", "text": "baik"}']
        f = SimpleUploadedFile("konten.jsonl", b"\n".join(lines) + b"\n", content_type="application/json")
        self.client.post(reverse("content_import"), {"file": f, "format": ""})
        imp = ContentImport.objects.get()
        assert imp.status == "done", imp.error
        assert imp.result["summary"]["create"] == 1 and imp.result["summary"]["error"] == 3
        assert self.client.get(reverse("content_import_detail", args=[imp.pk])).status_code == 200
        assert self.client.get(reverse("content_import_report", args=[imp.pk])).status_code == 200

    def test_it_reports_a_broken_file_as_failed_import(self):
        self.login(self.pengawas)
        f = SimpleUploadedFile("x.json", sample("x_broken.json"), content_type="application/json")
        self.client.post(reverse("content_import"), {"file": f, "format": "x_v2"})
        imp = ContentImport.objects.get()
        assert imp.status == "failed" and "X API v2" in imp.error

    def test_it_refuses_a_fake_image(self):
        self.login(self.pengawas)
        fake = SimpleUploadedFile("poster.png", b"GIF? no, a script <svg>", content_type="image/png")
        r = self.client.post(reverse("content_create"), {"platform": "facebook", "handle": "budi_asn",
                                                         "interaction": "photo", "images": [fake]})
        assert r.status_code == 200 and "bukan gambar" in r.text
        assert not ContentItem.objects.exists()

    def test_a_media_file_missing_from_storage_is_a_404_not_a_500(self):
        from django.core.files.base import ContentFile

        save_records(list(ingest.parse(sample("x_v2.json"), "x_v2")), unit=self.kanwil, user=self.pengawas)
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        f = Finding.objects.order_by("pk").first()
        m = MediaFile(content=f.content, original_name="bukti.png", size=3, sha256="0" * 64)
        m.file.save("bukti.png", ContentFile(b"png"), save=True)
        self.login(self.pengawas)
        assert self.client.get(reverse("media_file", args=[m.pk])).status_code == 200
        m.file.storage.delete(m.file.name)
        assert self.client.get(reverse("media_file", args=[m.pk])).status_code == 404
        # The evidence export of a finding on that content is refused with a message, not a 500 (nor a zip that
        # leaves the picture out silently).
        r = self.client.get(reverse("finding_evidence", args=[f.pk]), follow=True)
        self.assertContains(r, "bukti.png")
        assert not AuditEntry.objects.filter(model="monitoring.finding", object_pk=str(f.pk),
                                             note="ekspor bukti").exists()

    def test_it_captures_manually_with_ocr_and_serves_files_only_in_scope(self):
        if not ocr.available():
            self.skipTest("OCR DILEWATI: tesseract (tesseract-ocr + tesseract-ocr-ind) tidak terpasang.")
        self.login(self.pengawas)
        img = SimpleUploadedFile("poster.png", png_with_text("COBLOS NOMOR 2 PRABOWO GIBRAN"), content_type="image/png")
        r = self.client.post(reverse("content_create"), {
            "url": "https://www.facebook.com/budi_asn/posts/123", "handle": "budi_asn", "interaction": "photo",
            "text": "", "images": [img]})
        item = ContentItem.objects.get()
        assert r.url == reverse("content_detail", args=[item.pk])
        assert item.employee == self.budi and item.ocr_status == "done"
        assert "COBLOS" in item.ocr_text.upper()
        m = MediaFile.objects.get()
        assert m.sha256 == m.compute_sha256()
        f = Finding.objects.get(content=item)
        assert f.partisan
        assert self.client.get(reverse("media_file", args=[m.pk])).status_code == 200
        self.login(self.outsider)
        assert self.client.get(reverse("media_file", args=[m.pk])).status_code == 404
        # Same URL again: not duplicated.
        self.login(self.pengawas)
        self.client.post(reverse("content_create"), {
            "url": "https://www.facebook.com/budi_asn/posts/123", "handle": "budi_asn", "interaction": "photo",
            "text": "lagi"})
        assert ContentItem.objects.count() == 1

    def test_it_marks_ocr_unavailable_without_tesseract(self):
        from unittest import mock

        self.login(self.pengawas)
        img = SimpleUploadedFile("poster.png", png_with_text("halo"), content_type="image/png")
        with mock.patch("netral.monitoring.ocr.tesseract_path", return_value=None):
            self.client.post(reverse("content_create"), {"handle": "budi_asn", "platform": "x",
                                                         "interaction": "photo", "text": "foto kegiatan",
                                                         "images": [img]})
        item = ContentItem.objects.get()
        assert item.ocr_status == "unavailable" and item.media.count() == 1
        r = self.client.get(reverse("content_detail", args=[item.pk]))
        assert "OCR tidak tersedia" in r.text


class SafeActionsTestCase(MonitoringCase):
    setUp = TriageTests.setUp

    def test_confirming_asks_first_and_names_the_employee(self):
        self.login(self.pengawas)
        r = self.client.post(reverse("finding_action", args=[self.f_budi.pk]), {"action": "confirm"})
        self.assertContains(r, "Periksa sebelum melanjutkan")
        self.assertContains(r, self.f_budi.employee.name)
        self.assertContains(r, "dugaan pelanggaran")
        self.f_budi.refresh_from_db()
        self.assertEqual(self.f_budi.status, "new")

    def test_a_bulk_action_asks_first_and_lists_every_finding(self):
        self.login(self.pengawas)
        ids = [self.f_budi.pk, self.f_siti.pk]
        r = self.client.post(reverse("finding_bulk"), {"ids": ids, "action": "confirm"})
        for pk in ids:
            self.assertContains(r, f"#{pk}")
        self.assertEqual(Finding.objects.filter(pk__in=ids, status="new").count(), 2)
        r = self.client.post(reverse("finding_bulk"), {"ids": ids, "action": "confirm", "confirmed": "yes"})
        self.assertEqual(Finding.objects.filter(pk__in=ids, status="confirmed").count(), 2)


class DoubtOrderTestCase(MonitoringCase):
    setUp = TriageTests.setUp

    def test_scans_keep_the_detectors_uncertainty_and_the_queue_sorts_by_it(self):
        findings = list(Finding.objects.all())
        assert findings and all(f.uncertainty == f.scan.uncertainty for f in findings)
        Finding.objects.filter(pk=self.f_other.pk).update(uncertainty=0.9, score=0.1)
        Finding.objects.filter(pk=self.f_budi.pk).update(uncertainty=0.0, score=0.99)
        self.login(self.pengawas)
        r = self.client.get(reverse("finding_list"), {"order": "doubt"})
        rows = [f.pk for f in r.context["rows"]]
        assert rows[0] == self.f_other.pk
        self.assertContains(r, "ragu")
        r = self.client.get(reverse("finding_list"))
        scores = [f.score for f in r.context["rows"]]
        assert scores == sorted(scores, reverse=True) and r.context["rows"][-1].pk == self.f_other.pk
        # A value outside the choices falls back to the default order, never an error.
        assert self.client.get(reverse("finding_list"), {"order": "'; drop"}).status_code == 200
