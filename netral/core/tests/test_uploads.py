"""Uploads are checked by content, not by name (core/uploads.py via core.forms.validate_upload)."""

import io
import zipfile

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from django.urls import reverse
from PIL import Image

from netral.core.forms import validate_upload
from netral.pledges import actions
from netral.pledges.models import IntegrityPact
from netral.pledges.tests.fixtures import PledgesTestCase

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
       b"<script>alert(document.domain)</script></svg>")
PDF_JS = b"%PDF-1.4\n1 0 obj<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>endobj\n%%EOF\n"
PDF = b"%PDF-1.4\n%scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(size=(8, 8)):
    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, "PNG")
    return buf.getvalue()


def zip_bomb():
    """A valid-looking .xlsx whose one sheet expands to 300 MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(300):
                fh.write(chunk)
    return buf.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data)


class ContentCheckTestCase(SimpleTestCase):
    def refused(self, name, data, kinds):
        with self.assertRaises(forms.ValidationError) as cm:
            validate_upload(upload(name, data), kinds=kinds)
        return " ".join(cm.exception.messages)

    def test_it_refuses_an_html_page_named_jpg(self):
        self.assertIn("HTML/SVG/XML", self.refused("foto.jpg", HTML, ["jpeg", "png"]))

    def test_it_refuses_an_svg_with_a_script_named_png(self):
        self.assertIn("HTML/SVG/XML", self.refused("logo.png", SVG, ["jpeg", "png"]))

    def test_it_refuses_html_behind_a_byte_order_mark_or_whitespace(self):
        self.assertIn("HTML/SVG/XML", self.refused("a.pdf", b"\xef\xbb\xbf  \n<html><script>x</script>", ["pdf"]))

    def test_it_refuses_a_pdf_with_javascript(self):
        self.assertIn("JavaScript", self.refused("materi.pdf", PDF_JS, ["pdf"]))

    def test_it_refuses_a_fake_image_with_a_real_magic_number(self):
        self.assertIn("rusak", self.refused("a.png", b"\x89PNG\r\n\x1a\n" + b"<script>" * 20, ["png"]))

    def test_it_refuses_a_pixel_bomb(self):
        # 8000 x 8000 pixels is 64 million: over the limit, though the file is small.
        self.assertIn("terlalu besar", self.refused("a.png", png((8000, 8000)), ["png"]))

    def test_it_refuses_a_zip_bomb_named_xlsx(self):
        data = zip_bomb()
        self.assertLess(len(data), 2 * 1024 * 1024)
        self.assertIn("bom zip", self.refused("daftar.xlsx", data, ["xlsx"]))

    def test_it_refuses_a_plain_zip_named_xlsx(self):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("readme.txt", "halo")
        self.assertIn("bukan berkas Excel", self.refused("daftar.xlsx", buf.getvalue(), ["xlsx"]))

    def test_it_accepts_real_files(self):
        self.assertTrue(validate_upload(upload("a.png", png()), kinds=["png", "jpeg"]))
        self.assertTrue(validate_upload(upload("a.pdf", PDF), kinds=["pdf"]))
        self.assertTrue(validate_upload(upload("a.csv", b"nip;nama\n1;Budi\n"), kinds=["csv", "xlsx"]))


class UploadFieldsTestCase(PledgesTestCase):
    """The real upload fields refuse the same files with an Indonesian message, never a 500."""

    def test_pact_scan_refuses_html_and_svg_disguised_as_images(self):
        actions.generate_pacts(self.template)
        pact = IntegrityPact.objects.get(employee=self.me)
        self.login(self.operator)
        url = reverse("pact_scan", args=[pact.pk])
        for name, data in [("scan.jpg", HTML), ("scan.png", SVG), ("scan.pdf", PDF_JS)]:
            r = self.client.post(url, {"scan": upload(name, data)})
            self.assertEqual(r.status_code, 400, name)
            self.assertContains(r, "Isi berkas bukan PDF, JPEG atau PNG" if data is not PDF_JS else "JavaScript",
                                status_code=400)
        pact.refresh_from_db()
        self.assertEqual(pact.status, "pending")


class OtherUploadFieldsTestCase(SimpleTestCase):
    def test_evidence_screenshots_refuse_markup_and_fake_images(self):
        from netral.monitoring.forms import validate_image

        for name, data in [("bukti.jpg", HTML), ("bukti.png", SVG),
                           ("bukti.png", b"\x89PNG\r\n\x1a\n" + b"<script>" * 20)]:
            with self.assertRaises(forms.ValidationError, msg=name):
                validate_image(upload(name, data))
        self.assertEqual(validate_image(upload("bukti.png", png())).content_type, "image/png")

    def test_pdf_fields_refuse_html_and_pdf_javascript(self):
        from netral.pledges.forms import clean_pdf

        for data in (HTML, PDF_JS):
            with self.assertRaises(forms.ValidationError):
                clean_pdf(upload("materi.pdf", data))
        self.assertTrue(clean_pdf(upload("materi.pdf", PDF)))


class AllowListTestCase(SimpleTestCase):
    def test_every_accepted_audit_finding_has_a_reason_and_an_existing_file(self):
        import tomllib
        from pathlib import Path

        from django.conf import settings

        root = Path(settings.BASE_DIR)
        allow = tomllib.loads((root / ".ci" / "security-allowlist.toml").read_text(encoding="utf-8"))
        for entry in allow.get("bandit", []):
            self.assertTrue(entry.get("reason", "").strip(), entry)
            self.assertTrue((root / entry["file"]).exists(), entry)
        for entry in allow.get("pip_audit", []):
            self.assertTrue(entry.get("reason", "").strip() and entry.get("id"), entry)
