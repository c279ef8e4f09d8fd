import io
from unittest import mock
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from netral.core.tabular import read_table
from netral.pledges import actions
from netral.people.models import Employee
from netral.core.tests.import_helpers import upload_and_run
from netral.pledges.models import Attendance, AttendanceImport, Event, Regulation
from netral.pledges.tests.fixtures import PledgesTestCase


class EventTestCase(PledgesTestCase):
    def setUp(self):
        self.event = Event.objects.create(unit=self.kanwil, title="Sosialisasi Netralitas", place="Aula",
                                          starts_at=timezone.now(), speakers="Narasumber Bawaslu")
        self.event.targets.set([self.upt_a])

    def test_operator_creates_an_event(self):
        self.login(self.operator)
        r = self.client.post(reverse("event_create"), {
            "kind": "ikrar", "title": "Ikrar Netralitas", "starts_at": "2024-09-02T09:00", "unit": self.upt_a.pk,
            "targets": [self.upt_a.pk], "place": "Aula Lapas", "pledge_text": "Kami berikrar...",
            "qr_valid_hours": 12})
        event = Event.objects.get(title="Ikrar Netralitas")
        self.assertRedirects(r, reverse("event_detail", args=[event.pk]))
        # An ikrar without its text is refused; a unit outside the scope is not offered.
        r = self.client.post(reverse("event_create"), {
            "kind": "ikrar", "title": "X", "starts_at": "2024-09-02T09:00", "unit": self.upt_b.pk,
            "targets": [self.upt_a.pk], "place": "Aula", "qr_valid_hours": 12})
        self.assertContains(r, "Naskah ikrar wajib diisi")
        self.assertContains(r, "Masukkan pilihan yang valid")

    def test_pegawai_checks_in_while_logged_in(self):
        self.login(self.pegawai)
        r = self.client.post(reverse("event_checkin", args=[self.event.pk]))
        self.assertRedirects(r, reverse("event_detail", args=[self.event.pk]))
        self.assertEqual(Attendance.objects.get().method, "self")
        self.client.post(reverse("event_checkin", args=[self.event.pk]))
        self.assertEqual(Attendance.objects.count(), 1)

    def test_qr_checkin_with_a_signed_expiring_token(self):
        self.login(self.operator)
        r = self.client.get(reverse("event_qr", args=[self.event.pk]))
        self.assertContains(r, "<svg")
        token = actions.checkin_token(self.event)
        url = reverse("event_checkin_token", args=[token])
        self.assertContains(self.client.get(url.replace(token[:5], "AAAAA")), "tidak berlaku", status_code=410)
        self.login(self.pegawai)
        self.assertContains(self.client.get(url), "Konfirmasi hadir")
        self.client.post(url)
        self.assertEqual(Attendance.objects.get().method, "qr")
        # Expired after qr_valid_hours.
        later = timezone.now() + timedelta(hours=13)
        with mock.patch("time.time", return_value=later.timestamp()):
            self.assertIsNone(actions.event_from_token(token))
            self.assertEqual(self.client.get(url).status_code, 410)

    def test_checkin_refused_outside_target_units(self):
        self.login(self.outsider)  # no employee link
        self.assertEqual(self.client.get(reverse("event_detail", args=[self.event.pk])).status_code, 404)
        with self.assertRaises(ValueError):
            actions.check_in(self.event, self.b1, "self", self.outsider)

    def test_it_imports_attendance_reporting_bad_rows(self):
        csv = ("nama;nip\nAgus;{}\nKosong;\nOrang Lain;{}\nAsing;199901012020011001\nAgus lagi;{}\nSlamet;{}\n"
               .format(self.me.nip, self.b1.nip, self.me.nip, self.a3.internal_id)).encode()
        self.login(self.operator)
        _r, job = upload_and_run(self, reverse("event_import", args=[self.event.pk]),
                                 {"file": SimpleUploadedFile("hadir.csv", csv)}, AttendanceImport)
        self.assertEqual(job.result["summary"]["added"], 2)
        rows = {row: reason for row, _column, reason in job.result["errors"]}
        self.assertEqual(set(rows), {3, 4, 5, 6})
        self.assertIn("NIP kosong", rows[3])
        self.assertIn("tidak ditemukan di unit Anda", rows[4])  # UPT B is out of the operator's scope
        self.assertIn("lebih dari sekali", rows[6])
        self.assertEqual(set(Attendance.objects.values_list("employee__name", flat=True)),
                         {"Agus Setiawan", "Slamet Riyadi"})

    def test_it_imports_xlsx_with_numeric_nips(self):
        wb = Workbook()
        ws = wb.active
        ws.append(["NIP", "Nama"])
        ws.append([self.a2.nip, "Budi"])  # NIPs are text: 18 digits do not fit a float
        buf = io.BytesIO()
        wb.save(buf)
        result = actions.import_attendance(self.event, read_table(buf.getvalue()), self.operator)
        self.assertEqual((result.added, result.errors), (1, []))

    def test_event_coverage_per_unit(self):
        Attendance.objects.create(event=self.event, employee=self.me, method="self")
        rows = actions.event_coverage(self.event, self.pimpinan)
        self.assertEqual([(r.label, r.total, r.reached, r.reached_pct) for r in rows], [("Lapas Uji A", 3, 1, 33)])

    def test_scoping_404_for_another_upts_event(self):
        theirs = Event.objects.create(unit=self.upt_b, title="Rutan", place="Aula", starts_at=timezone.now())
        theirs.targets.set([self.upt_b])
        self.login(self.operator)
        self.event.targets.set([self.upt_b])  # the Kanwil event no longer reaches UPT A
        for name in ("event_detail", "event_edit", "event_qr", "event_import"):
            self.assertEqual(self.client.get(reverse(name, args=[self.event.pk])).status_code, 404, name)
        for name in ("event_detail", "event_edit", "event_qr", "event_import"):
            self.assertEqual(self.client.get(reverse(name, args=[theirs.pk])).status_code, 404, name)
        self.assertNotContains(self.client.get(reverse("event_list")), "Rutan")

    def test_regulation_pdf_is_validated_and_served_only_when_logged_in(self):
        self.login(self.admin)
        r = self.client.post(reverse("regulation_create"), {
            "key": "uji", "kind": "pp", "title": "PP Uji", "summary": "Ringkasan", "order": 1,
            "file": SimpleUploadedFile("uji.pdf", b"<html>not a pdf</html>")})
        self.assertContains(r, "bukan PDF yang sah")
        r = self.client.post(reverse("regulation_create"), {
            "key": "uji", "kind": "pp", "title": "PP Uji", "summary": "Ringkasan", "order": 1,
            "file": SimpleUploadedFile("uji.pdf", b"%PDF-1.4\n%%EOF\n")})
        reg = Regulation.objects.get(key="uji")
        self.assertEqual(len(reg.file_sha256), 64)
        self.login(self.pegawai)
        self.assertContains(self.client.get(reverse("regulation_list")), "PP Uji")
        self.assertContains(self.client.get(reverse("regulation_list")), "photo_with_candidate")
        r = self.client.get(reverse("regulation_file", args=[reg.pk]))
        self.assertEqual(b"".join(r.streaming_content), b"%PDF-1.4\n%%EOF\n")
        self.assertEqual(self.client.get(reverse("regulation_create")).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("regulation_file", args=[reg.pk])).status_code, 302)


class AttendanceImportScopeTestCase(PledgesTestCase):
    def test_a_nik_shared_with_another_unit_finds_the_operators_own_employee(self):
        from netral.core.tabular import Table

        nik = "3301010101010009"
        Employee.objects.filter(pk=self.b1.pk).update(nik=nik)  # UPT-B, outside the operator's scope
        Employee.objects.filter(pk=self.a3.pk).update(nik=nik)
        event = Event.objects.create(unit=self.kanwil, title="Sosialisasi", place="Aula", starts_at=timezone.now())
        event.targets.set([self.upt_a])
        result = actions.import_attendance(event, Table(header=["nip"], rows=[(2, {"nip": nik})]), self.operator)
        self.assertEqual((result.added, result.errors), (1, []))
        self.assertTrue(Attendance.objects.filter(event=event, employee=self.a3).exists())
