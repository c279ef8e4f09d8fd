
import shutil
import subprocess
import tempfile

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.core.models import AuditEntry
from netral.pledges import actions
from netral.pledges.models import IntegrityPact, PactGeneration, SignError, sha256_text
from netral.pledges.tests.fixtures import PledgesTestCase

PDF = b"%PDF-1.4\n%scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png():
    # A real (tiny) PNG: uploads are decoded to check they are images (core/uploads.py).
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (8, 8), 255).save(buf, "PNG")
    return buf.getvalue()


PNG = _png()


def pdf_text(data):
    """Text of a PDF: pdftotext (poppler-utils) when installed, else the raw stream is useless
    (compressed), so the test falls back to the HTML WeasyPrint rendered."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        # Reading order, not -layout: the status box beside the signature would interleave with it.
        return subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def page_texts(document):
    """The text of each page of a WeasyPrint document, whitespace collapsed (no poppler needed)."""
    from weasyprint.formatting_structure.boxes import TextBox

    def texts(box):
        if isinstance(box, TextBox):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    return [" ".join(" ".join(texts(page._page_box)).split()) for page in document.pages]


class PactTestCase(PledgesTestCase):
    def generate(self):
        actions.generate_pacts(self.template)
        return IntegrityPact.objects.get(employee=self.me)

    def test_it_generates_one_pact_per_active_employee_in_scope(self):
        self.assertEqual(actions.generate_pacts(self.template), 5)  # not the inactive one, not another Kanwil
        self.assertEqual(actions.generate_pacts(self.template), 0)  # safe to run twice
        pact = IntegrityPact.objects.get(employee=self.me)
        self.assertIn("Nama: Agus Setiawan", pact.text)
        self.assertIn(f"NIP: {self.me.nip}", pact.text)
        self.assertIn("Unit kerja: Lapas Uji A", pact.text)
        # The text carries the law in force; the place and date are those of signing, printed below it.
        self.assertIn("Undang-Undang Nomor 20 Tahun 2023", pact.text)
        self.assertNotIn("Nomor 5 Tahun 2014", pact.text)
        self.assertNotIn("1 September 2024", pact.text)
        self.assertEqual(pact.text_sha256, sha256_text(pact.text))
        ppnpn = IntegrityPact.objects.get(employee=self.a3)
        self.assertIn(f"NIP: {self.a3.internal_id}", ppnpn.text)

    def test_it_runs_generation_as_a_task_with_progress(self):
        self.login(self.pimpinan)
        r = self.client.post(reverse("template_generate", args=[self.template.pk]))
        gen = PactGeneration.objects.get()
        self.assertRedirects(r, reverse("generation_detail", args=[gen.pk]))
        self.assertEqual((gen.status, gen.progress_done, gen.progress_total, gen.created), ("done", 5, 5, 5))
        r = self.client.get(reverse("generation_detail", args=[gen.pk]), HTTP_HX_REQUEST="true")
        self.assertContains(r, "5 pakta baru dibuat")
        self.assertNotContains(r, "<html")

    def test_pact_pdf_contains_the_employee_data(self):
        pact = self.generate()
        if shutil.which("pdftotext") is None:
            self.skipTest("pdftotext (poppler-utils) tidak terpasang")
        text = " ".join(pdf_text(actions.pact_pdf(pact)).split())
        for expected in ("Agus Setiawan", self.me.nip, "Lapas Uji A", "Pengelola Data", "Semarang",
                         pact.code, "KANWIL UJI"):  # the letterhead falls back to the Kanwil
            self.assertIn(expected, text)
        self.assertIn(pact.text_sha256, "".join(text.split()))  # the hash wraps inside the status box
        self.assertNotIn("1 September 2024", text)  # not signed yet: no date invented

    def test_signed_pact_pdf_is_dated_where_and_when_it_was_signed(self):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from netral.core.models import OfficeProfile

        OfficeProfile.objects.create(unit=self.kanwil, parent_name="Kementerian Uji", name="Kantor Wilayah Uji",
                                     city="Kudus", address="Jl. Uji No. 1")
        self.template.place = ""
        self.template.save()
        pact = self.generate()
        pact.status, pact.method = IntegrityPact.Status.SIGNED, IntegrityPact.Method.ESIGN
        pact.signed_at = datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC"))  # 2 December in Jakarta
        pact.save()
        if shutil.which("pdftotext") is None:
            self.skipTest("pdftotext (poppler-utils) tidak terpasang")
        text = " ".join(pdf_text(actions.pact_pdf(pact)).split())
        self.assertIn("Kudus, 2 Desember 2026", text)
        self.assertIn("KANTOR WILAYAH UJI", text)
        self.assertIn("Jl. Uji No. 1", text)

    def _office_with_logo(self):
        import io

        from PIL import Image

        from netral.core.models import OfficeProfile

        buf = io.BytesIO()
        Image.new("RGB", (300, 300), (20, 60, 140)).save(buf, "PNG")
        OfficeProfile.objects.create(
            unit=self.kanwil, parent_name="Kementerian Hukum dan Hak Asasi Manusia",
            name="Kantor Wilayah Kementerian Hukum dan HAM Jawa Tengah", address="Jl. Dr. Cipto No. 64, Semarang",
            city="Semarang", phone="(024) 3545869", email="kanwil@example.go.id",
            logo=SimpleUploadedFile("logo.png", buf.getvalue()))

    def test_a_pact_with_a_long_text_keeps_its_signature_with_the_closing_line(self):
        # Failure path first: a template longer than the default cannot fit one page. Wherever the page
        # break falls (the text grows line by line over the whole signature block), the closing line, the
        # signature and the name stay on one page: never a lone signature on page 2.
        from netral.pledges.models import DEFAULT_PACT_TEXT, IntegrityPact

        self._office_with_logo()
        body = DEFAULT_PACT_TEXT.rstrip("\n").split("\n")
        closing = " ".join(body[-1].split())
        two_pages = 0
        for extra in range(0, 10):
            IntegrityPact.objects.all().delete()
            self.template.body = "\n".join(body[:-2] + [f"{6 + i}. baris tambahan nomor {i + 1}." for i in range(extra)]
                                           + body[-2:])
            self.template.save()
            pages = page_texts(actions.pact_document(self.generate()))
            two_pages += len(pages) == 2
            signature = [i for i, page in enumerate(pages) if "Yang menyatakan" in page]
            self.assertEqual(len(signature), 1, extra)
            page = pages[signature[0]]
            self.assertIn(closing, page, extra)
            self.assertIn("Agus Setiawan", page.split("Yang menyatakan")[1], extra)
        self.assertGreater(two_pages, 3)  # the sweep did reach past the end of page 1

    def test_the_default_pact_fits_one_page_with_a_logo_and_a_long_office_name(self):
        self._office_with_logo()
        for status in (IntegrityPact.Status.PENDING, IntegrityPact.Status.SIGNED):
            pact = self.generate()
            pact.status = status
            if status == IntegrityPact.Status.SIGNED:
                from django.utils import timezone

                pact.method, pact.signed_at = IntegrityPact.Method.ESIGN, timezone.now()
            pact.save()
            self.assertEqual(len(actions.pact_document(pact).pages), 1, status)
        if shutil.which("pdftotext") is None:
            self.skipTest("pdftotext (poppler-utils) tidak terpasang")
        pages = [p for p in pdf_text(actions.pact_pdf(pact)).split("\f") if p.strip()]
        self.assertEqual(len(pages), 1)
        text = " ".join(pages[0].split())
        for expected in ("Demikian pakta integritas", "Yang menyatakan", "Agus Setiawan", "Halaman 1 / 1"):
            self.assertIn(expected, text)

    def test_a_pact_pdf_downloaded_in_english_stays_indonesian(self):
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from django.utils import translation

        pact = self.generate()
        pact.status, pact.method = IntegrityPact.Status.SIGNED, IntegrityPact.Method.ESIGN
        pact.signed_at = datetime(2026, 8, 17, 3, 0, tzinfo=ZoneInfo("UTC"))
        pact.save()
        with translation.override("en"):
            text = page_texts(actions.pact_document(pact))[0]
        self.assertIn("Semarang, 17 Agustus 2026", text)
        self.assertIn("17 Agustus 2026 10:00 WIB", text)  # the status box too
        self.assertNotIn("August", text)

    def test_pegawai_downloads_own_pdf_but_not_others(self):
        pact = self.generate()
        other = IntegrityPact.objects.get(employee=self.a2)
        self.login(self.pegawai)
        r = self.client.get(reverse("pact_pdf", args=[pact.pk]))
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF-"))
        self.assertEqual(self.client.get(reverse("pact_pdf", args=[other.pk])).status_code, 404)

    def test_esign_requires_the_right_nip_and_stores_the_hash(self):
        pact = self.generate()
        self.login(self.pegawai)
        url = reverse("pact_sign", args=[pact.pk])
        r = self.client.get(url)
        self.assertContains(r, "Agus Setiawan")
        data = {"consent": "on", "nip": "198503122010121999", "text_sha256": pact.text_sha256}
        r = self.client.post(url, data)
        self.assertContains(r, "tidak sesuai", status_code=400)
        pact.refresh_from_db()
        self.assertEqual(pact.status, "pending")
        r = self.client.post(url, dict(data, nip=self.me.nip, consent=""))
        self.assertEqual(r.status_code, 400)
        # NIP typed with the spaces people use is accepted.
        spaced = f"{self.me.nip[:8]} {self.me.nip[8:14]} {self.me.nip[14]} {self.me.nip[15:]}"
        r = self.client.post(url, dict(data, nip=spaced))
        self.assertRedirects(r, reverse("pact_verify", args=[pact.code]))
        pact.refresh_from_db()
        self.assertEqual((pact.status, pact.method, pact.signed_by), ("signed", "esign", self.pegawai))
        self.assertIsNotNone(pact.signed_at)
        self.assertEqual(pact.text_sha256, sha256_text(pact.text))
        entry = AuditEntry.objects.filter(model="pledges.integritypact", action="event").first()
        self.assertEqual(entry.after["text_sha256"], pact.text_sha256)

    def test_esign_refuses_a_text_changed_since_it_was_read(self):
        pact = self.generate()
        with self.assertRaises(SignError):
            pact.sign_electronic(self.pegawai, typed_id=self.me.nip, consent=True, text_sha256="0" * 64)

    def test_a_second_signature_is_refused(self):
        pact = self.generate()
        pact.sign_electronic(self.pegawai, typed_id=self.me.nip, consent=True, text_sha256=pact.text_sha256)
        with self.assertRaisesMessage(SignError, "tanda tangan kedua"):
            pact.sign_electronic(self.pegawai, typed_id=self.me.nip, consent=True, text_sha256=pact.text_sha256)
        stale = IntegrityPact.objects.get(pk=pact.pk)
        stale.status = "pending"  # a second tab that loaded the page before the first signature
        with self.assertRaises(SignError):
            stale.sign_electronic(self.pegawai, typed_id=self.me.nip, consent=True, text_sha256=pact.text_sha256)
        # The operator cannot overwrite it with a scan either, unless replacing explicitly.
        with self.assertRaises(SignError):
            pact.attach_scan(self.operator, SimpleUploadedFile("p.pdf", PDF))
        self.assertEqual(IntegrityPact.objects.filter(employee=self.me).count(), 1)

    def test_operator_replaces_a_pact_keeping_the_old_one(self):
        pact = self.generate()
        pact.sign_electronic(self.pegawai, typed_id=self.me.nip, consent=True, text_sha256=pact.text_sha256)
        self.login(self.operator)
        r = self.client.post(reverse("pact_scan", args=[pact.pk]), {
            "scan": SimpleUploadedFile("p.pdf", PDF), "replace": "on", "reason": "Tanda tangan ulang di kertas"})
        new = IntegrityPact.objects.exclude(pk=pact.pk).get(employee=self.me)
        self.assertRedirects(r, reverse("pact_detail", args=[new.pk]))
        pact.refresh_from_db()
        self.assertEqual(pact.status, "superseded")
        self.assertEqual((new.status, new.method, new.supersedes_id), ("signed", "paper", pact.pk))
        r = self.client.get(reverse("pact_verify", args=[pact.code]))
        self.assertContains(r, "sudah digantikan")
        self.assertContains(r, new.code)

    def test_scan_upload_validates_type_and_size(self):
        pact = self.generate()
        self.login(self.operator)
        url = reverse("pact_scan", args=[pact.pk])
        r = self.client.post(url, {"scan": SimpleUploadedFile("p.pdf", b"MZ\x90\x00 not a pdf")})
        self.assertContains(r, "bukan PDF, JPEG atau PNG", status_code=400)
        r = self.client.post(url, {"scan": SimpleUploadedFile("p.exe", PDF)})
        self.assertContains(r, "Jenis berkas tidak didukung", status_code=400)
        big = SimpleUploadedFile("p.pdf", PDF + b"0" * (10 * 1024 * 1024))
        r = self.client.post(url, {"scan": big})
        self.assertContains(r, "terlalu besar", status_code=400)
        pact.refresh_from_db()
        self.assertEqual(pact.status, "pending")
        r = self.client.post(url, {"scan": SimpleUploadedFile("p.png", PNG)})
        pact.refresh_from_db()
        self.assertEqual((pact.status, pact.method), ("signed", "paper"))
        self.assertTrue(pact.scan.name.endswith(".png"))
        r = self.client.get(reverse("pact_scan_file", args=[pact.pk]))
        self.assertEqual(b"".join(r.streaming_content), PNG)

    def test_coverage_numbers_on_a_known_fixture(self):
        actions.generate_pacts(self.template)
        for e in (self.me, self.b1):
            IntegrityPact.objects.filter(employee=e).update(status="signed", method="paper")
        from netral.pledges.models import Attendance, Event
        from django.utils import timezone

        event = Event.objects.create(unit=self.kanwil, title="Sosialisasi", starts_at=timezone.now(), place="Aula",
                                     election=self.election)
        Attendance.objects.create(event=event, employee=self.me, method="self")
        Attendance.objects.create(event=event, employee=self.a2, method="self")
        cov = actions.coverage(self.template, self.pimpinan)
        self.assertEqual((cov.total.total, cov.total.signed, cov.total.pending, cov.total.reached), (5, 2, 3, 2))
        by_unit = {r.label: (r.total, r.signed, r.reached) for r in cov.by_unit}
        self.assertEqual(by_unit, {"Lapas Uji A": (3, 1, 2), "Rutan Uji B": (2, 1, 0)})
        by_type = {r.key: (r.total, r.signed) for r in cov.by_type}
        self.assertEqual(by_type, {"pns": (3, 2), "pppk": (1, 0), "ppnpn": (1, 0)})
        self.assertEqual(cov.total.signed_pct, 40)
        # The operator of UPT A sees only UPT A.
        op = actions.coverage(self.template, self.operator)
        self.assertEqual((op.total.total, op.total.signed), (3, 1))
        unsigned = set(actions.unsigned_employees(self.template, self.operator).values_list("name", flat=True))
        self.assertEqual(unsigned, {"Budi Hartono", "Slamet Riyadi"})

    def test_reminders_go_only_to_unsigned_in_the_users_scope(self):
        actions.generate_pacts(self.template)
        IntegrityPact.objects.filter(employee=self.a2).update(status="signed", method="paper")
        self.login(self.operator)
        r = self.client.post(reverse("template_remind", args=[self.template.pk]))
        self.assertContains(r, "saat ini 2 pakta belum ditandatangani")  # in the operator's unit only
        self.assertEqual(len(mail.outbox), 0)
        r = self.client.post(reverse("template_remind", args=[self.template.pk]), {"confirmed": "yes"})
        self.assertRedirects(r, reverse("template_detail", args=[self.template.pk]))
        sent_to = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(sent_to, sorted([self.me.email, self.a3.email]))  # not a2 (signed), not UPT B
        self.assertIn(reverse("my_pledges"), mail.outbox[0].body)
        # Not twice the same day.
        mail.outbox.clear()
        self.client.post(reverse("template_remind", args=[self.template.pk]), {"confirmed": "yes"})
        self.assertEqual(len(mail.outbox), 0)

    def test_scheduler_reminds_in_the_last_days_before_the_campaign(self):
        from datetime import date

        actions.generate_pacts(self.template)
        self.assertEqual(actions.templates_due_for_reminders(date(2024, 8, 1)), [])
        self.assertEqual(actions.templates_due_for_reminders(date(2024, 9, 20)), [self.template])
        self.assertEqual(actions.templates_due_for_reminders(date(2024, 9, 26)), [])
        sent, _ = actions.send_reminders(self.template)
        self.assertEqual(sent, 5)

    def test_scoping_404_for_another_upts_pact(self):
        actions.generate_pacts(self.template)
        theirs = IntegrityPact.objects.get(employee=self.b1)
        self.login(self.operator)
        for name in ("pact_detail", "pact_scan", "pact_pdf", "pact_scan_file"):
            self.assertEqual(self.client.get(reverse(name, args=[theirs.pk])).status_code, 404, name)
        self.login(self.other_admin)
        self.assertEqual(self.client.get(reverse("template_detail", args=[self.template.pk])).status_code, 404)

    def test_verification_page_shows_status_and_hash(self):
        pact = self.generate()
        self.login(self.outsider)
        r = self.client.get(reverse("pact_verify_form"), {"code": pact.code.replace("-", "").lower()})
        self.assertRedirects(r, reverse("pact_verify", args=[pact.code]))
        r = self.client.get(reverse("pact_verify", args=[pact.code]))
        self.assertContains(r, "Belum ditandatangani")
        self.assertContains(r, pact.text_sha256)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("pact_verify", args=[pact.code])).status_code, 302)

    def test_dashboard_cards(self):
        actions.generate_pacts(self.template)
        self.login(self.pegawai)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "belum ditandatangani")
        self.assertContains(r, reverse("pact_sign", args=[IntegrityPact.objects.get(employee=self.me).pk]))
        self.login(self.pimpinan)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "0 dari 5 pegawai sudah menandatangani")

    def test_pages_render(self):
        pact = self.generate()
        self.login(self.pimpinan)
        for url in (reverse("pledges_home"), reverse("template_detail", args=[self.template.pk]),
                    reverse("pact_detail", args=[pact.pk]), reverse("template_create"),
                    reverse("template_edit", args=[self.template.pk])):
            self.assertEqual(self.client.get(url).status_code, 200, url)
        self.login(self.pegawai)
        self.assertContains(self.client.get(reverse("my_pledges")), "Baca & tanda tangani")
        self.assertEqual(self.client.get(reverse("pledges_home")).status_code, 403)

    def test_template_rejects_unknown_placeholders(self):
        self.login(self.pimpinan)
        r = self.client.post(reverse("template_create"), {
            "election": self.election.pk, "unit": self.upt_a.pk, "title": "Pakta", "place": "Semarang",
            "pact_date": "2024-09-01", "body": "Nama {nama} {golongan}"})
        self.assertContains(r, "Tempat isian tidak dikenal")



