"""Evidence uploads: type from the bytes, metadata stripped, limits; fuzzed."""

import io
import string

from django.test import override_settings
from hypothesis.extra.django import TestCase as HypothesisTestCase
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from netral.whistle.models import Attachment, Report
from netral.whistle.tests.helpers import PDF, jpeg_with_gps, upload
from netral.whistle.uploads import UploadError, evidence_from_bytes, sniff
from netral.test import BaseTestCase, Personas

WHAT = "Pegawai mengunggah video kampanye paslon di akun TikTok pribadinya."
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def exif_of(data):
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return dict(im.getexif()), im.info


class UploadTestCase(BaseTestCase):
    def post(self, *files, **extra):
        return self.client.post("/lapor/", {"what": WHAT, "files": list(files), **extra})

    def test_a_lying_extension_is_refused(self):
        for name, data in (("foto.jpg", HTML), ("gambar.png", SVG), ("bukti.svg", SVG), ("dok.pdf", b"PK\x03\x04zip"),
                           ("video.mp4", b"#!/bin/sh\nrm -rf /\n")):
            r = self.post(upload(name, data, "image/jpeg"))
            self.assertEqual(r.status_code, 200, name)
            self.assertContains(r, "dibaca dari isinya")
            self.assertContains(r, WHAT)  # nothing typed is lost
        self.assertFalse(Report.objects.exists())

    def test_a_pdf_with_javascript_is_refused_as_everywhere_else(self):
        # The team opens what an anonymous sender uploads: a PDF that runs a script on opening was stored (every other
        # upload field refuses it, core.uploads.PDF_ACTIVE).
        for action in (b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>", b"/AA << /O << /S /Launch /F (c.exe) >> >>"):
            pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog " + action + b" >> endobj\n%%EOF\n"
            r = self.post(upload("bukti.pdf", pdf, "application/pdf"))
            self.assertEqual(r.status_code, 200)
            self.assertContains(r, "JavaScript")
            self.assertContains(r, WHAT)  # nothing typed is lost
        self.assertFalse(Report.objects.exists())
        self.assertEqual(evidence_from_bytes("bukti.pdf", PDF).mime, "application/pdf")  # a plain PDF still passes

    def test_a_corrupt_image_is_refused_not_a_500(self):
        r = self.post(upload("rusak.jpg", b"\xff\xd8\xff\xe0" + b"\x00garbage" * 20))
        self.assertContains(r, "Gambar rusak atau tidak dapat dibaca")
        r = self.post(upload("png.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 30))
        self.assertContains(r, "Gambar rusak")
        self.assertFalse(Report.objects.exists())

    def test_gps_and_device_are_stripped_unless_the_original_is_asked_for(self):
        photo = jpeg_with_gps()
        exif, _ = exif_of(photo)
        self.assertIn(0x8825, exif)  # the sample does carry GPS
        self.post(upload("IMG_2024.jpg", photo))
        att = Attachment.objects.get()
        stored = att.read()
        exif, info = exif_of(stored)
        self.assertNotIn(0x8825, exif)
        self.assertNotIn(0x0110, exif)
        self.assertNotIn(b"PonselPelapor", stored)
        self.assertNotIn("exif", info)
        self.assertEqual(att.info()["name"], "IMG_2024.jpg")

        self.post(upload("IMG_2025.jpg", photo), keep_original="on")
        report = Report.objects.order_by("pk").last()
        kept = report.attachments.get(is_original=True)
        self.assertEqual(kept.read(), photo)
        self.assertNotIn(b"PonselPelapor", report.attachments.get(is_original=False).read())

    def test_other_image_formats_lose_their_metadata_too(self):
        from PIL import Image

        for fmt in ("PNG", "WEBP"):
            im = Image.new("RGB", (20, 20), (1, 2, 3))
            exif = Image.Exif()
            exif[0x0110] = "PonselPelapor"
            buf = io.BytesIO()
            im.save(buf, format=fmt, exif=exif.tobytes())
            self.assertIn(b"PonselPelapor", buf.getvalue())
            ev = evidence_from_bytes(f"x.{fmt.lower()}", buf.getvalue())
            self.assertNotIn(b"PonselPelapor", ev.data, fmt)
        from PIL import PngImagePlugin

        samples = {}
        buf = io.BytesIO()
        frames = [Image.new("P", (10, 10), i) for i in range(3)]
        frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], comment=b"PonselPelapor")
        samples["anim.gif"] = buf.getvalue()
        buf = io.BytesIO()
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "PonselPelapor")
        Image.new("RGB", (10, 10)).save(buf, format="PNG", pnginfo=info)
        samples["text.png"] = buf.getvalue()
        buf = io.BytesIO()
        frames = [Image.new("RGB", (10, 10), (i * 50, 0, 0)) for i in range(3)]
        frames[0].save(buf, format="WEBP", save_all=True, append_images=frames[1:], exif=exif.tobytes())
        samples["anim.webp"] = buf.getvalue()
        buf = io.BytesIO()
        Image.new("RGB", (10, 10)).save(buf, format="JPEG", comment=b"PonselPelapor", xmp=b"<x>PonselPelapor</x>")
        samples["xmp.jpg"] = buf.getvalue()
        for name, data in samples.items():
            self.assertIn(b"PonselPelapor", data, name)
            self.assertNotIn(b"PonselPelapor", evidence_from_bytes(name, data).data, name)

    def test_pdf_and_video_are_kept_as_sent_with_their_true_extension(self):
        self.post(upload("laporan.exe", PDF), upload("rekaman", MP4))
        names = sorted(a.info()["name"] for a in Attachment.objects.all())
        self.assertEqual(names, ["laporan.pdf", "rekaman.mp4"])

    @override_settings(WHISTLE_MAX_FILE_SIZE=1000, WHISTLE_MAX_TOTAL_SIZE=1500, WHISTLE_MAX_FILES=2)
    def test_size_and_count_limits(self):
        r = self.post(upload("besar.pdf", PDF + b"0" * 1200))
        self.assertContains(r, "terlalu besar")
        r = self.post(upload("a.pdf", PDF + b"0" * 800), upload("b.pdf", PDF + b"0" * 800))
        self.assertContains(r, "Ukuran semua berkas")
        r = self.post(upload("a.pdf", PDF), upload("b.pdf", PDF), upload("c.pdf", PDF))
        self.assertContains(r, "Paling banyak 2 berkas")
        r = self.post(upload("kosong.pdf", b""))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Report.objects.exists())

    def test_sniff_knows_the_accepted_types(self):
        self.assertEqual(sniff(PDF[:16]), "application/pdf")
        self.assertEqual(sniff(MP4[:16]), "video/mp4")
        self.assertEqual(sniff(b"\x1a\x45\xdf\xa3" + b"\x00" * 12), "video/webm")
        self.assertIsNone(sniff(SVG[:16]))
        self.assertIsNone(sniff(b"\x00\x00\x00\x18ftypXXXX"))
        self.assertIsNone(sniff(b""))


FUZZ_PREFIXES = [b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBP", b"%PDF-",
                 b"\x00\x00\x00\x18ftypisom", b"<svg", b"<html>"]


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(FUZZ_PREFIXES), tail=st.binary(max_size=300), name=st.text(max_size=60))
def test_evidence_parsing_only_ever_refuses_with_a_message(prefix, tail, name):
    try:
        ev = evidence_from_bytes(name, prefix + tail)
    except UploadError as exc:
        assert str(exc)
    else:
        assert ev.data
        assert "/" not in ev.name and sniff(ev.data[:16]) == ev.mime


@hsettings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_receipt_codes_normalise_to_16_digits_or_nothing(text):
    from netral.whistle.crypto import normalise_receipt

    code = normalise_receipt(text)
    assert normalise_receipt("\u0661" * 16) is None  # Arabic-Indic digits are digits, not a code
    assert code is None or (len(code) == 16 and code.isascii() and code.isdigit())


class FuzzTestCase(Personas, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build_personas()

    @hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.dictionaries(st.sampled_from(["what", "unit", "subject_nip", "link", "platform", "occurred",
                                                 "keep_original", "contact", "csrfmiddlewaretoken"]),
                                st.text(alphabet=string.printable + "éø\u200b", max_size=80), max_size=9),
           blob=st.binary(max_size=200))
    def test_the_form_never_fails_with_a_500(self, data, blob):
        post = dict(data)
        post["files"] = [upload("f.jpg", blob or b"x")]
        r = self.client.post("/lapor/", post)
        self.assertIn(r.status_code, (200,))
        r = self.client.post("/lapor/status/", data)
        self.assertIn(r.status_code, (200, 400, 429))


class NoPlainFileOnDiskTestCase(BaseTestCase):
    @override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=10, WHISTLE_MAX_FILE_SIZE=4000, WHISTLE_MAX_TOTAL_SIZE=6000)
    def test_evidence_is_kept_in_memory_and_oversized_files_are_refused(self):
        from django.core.files.uploadedfile import InMemoryUploadedFile

        big = PDF + b"0" * 3000  # above FILE_UPLOAD_MAX_MEMORY_SIZE: Django would spool it to /tmp
        r = self.client.post("/lapor/", {"what": WHAT, "files": [upload("a.pdf", big)]})
        self.assertContains(r, "Pengaduan terkirim")
        self.assertIsInstance(r.wsgi_request.FILES["files"], InMemoryUploadedFile)
        self.assertEqual(Attachment.objects.get().read(), big)
        r = self.client.post("/lapor/", {"what": WHAT, "files": [upload("b.pdf", PDF + b"1" * 5000)]})
        self.assertContains(r, "terlalu besar")
        r = self.client.post("/lapor/", {"what": WHAT, "files": [upload("c.pdf", big), upload("d.pdf", big)]})
        self.assertContains(r, "Ukuran semua berkas")
        self.assertEqual(Report.objects.count(), 1)


class MalformedRequestTestCase(BaseTestCase):
    def test_a_broken_multipart_body_is_a_400_page_not_a_500(self):
        for ctype, body in (("multipart/form-data; boundary=xx", b"--xx\r\nContent-Disposition: form-data; garbage"),
                            ("multipart/form-data", b"tanpa boundary"),
                            ("multipart/form-data; boundary=\xff", b"--\xff\r\n")):
            r = self.client.generic("POST", "/lapor/", body, content_type=ctype)
            self.assertIn(r.status_code, (200, 400, 403), ctype)
            self.assertEqual(r["Cache-Control"], "no-store")
        self.assertFalse(Report.objects.exists())

    @override_settings(WHISTLE_MAX_FILES=3)
    def test_many_files_are_refused_with_a_message(self):
        files = [upload(f"f{i}.pdf", PDF) for i in range(5)]
        r = self.client.post("/lapor/", {"what": WHAT, "files": files})
        self.assertContains(r, "Paling banyak 3 berkas")
        self.assertFalse(Report.objects.exists())
