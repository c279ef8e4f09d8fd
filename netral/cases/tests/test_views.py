import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from netral.cases import actions
from netral.cases.models import Case, CaseEvent, Holiday, SLARule, State
from netral.cases.tests.helpers import CasesTestCase


class CaseViewScopeTests(CasesTestCase):
    def setUp(self):
        self.case = self.open(skb_items=["banner"], description="Baliho")
        actions.transition(self.case, State.VERIFICATION, self.pengawas)
        actions.transition(self.case, State.CLARIFICATION, self.pengawas)
        Case.objects.filter(pk=self.case.pk).update(opened_at=timezone.make_aware(dt.datetime(2024, 1, 2, 9)))
        self.case.refresh_from_db()
        self.hearing = actions.schedule_hearing(
            self.case, user=self.pengawas, employee=self.budi, summons_sent_on=dt.date(2024, 3, 1),
            scheduled_at=timezone.make_aware(dt.datetime(2024, 3, 14, 9)), place="Aula")
        self.doc = actions.generate_letter(self.hearing, "invitation", self.pengawas)

    def urls(self):
        c, h = self.case.pk, self.hearing.pk
        gets = [reverse("case_detail", args=[c]), reverse("case_document", args=[c, self.doc.pk]),
                reverse("employee_file", args=[self.budi.pk])]
        posts = [reverse("case_transition", args=[c]), reverse("case_assign", args=[c]),
                 reverse("case_note", args=[c]), reverse("case_extend", args=[c]), reverse("case_evidence", args=[c]),
                 reverse("hearing_create", args=[c]), reverse("hearing_attendance", args=[c, h]),
                 reverse("hearing_letter", args=[c, h, "invitation"]), reverse("hearing_minutes_upload", args=[c, h]),
                 reverse("case_recommend", args=[c]), reverse("case_sanction", args=[c]),
                 reverse("case_forward", args=[c]), reverse("forwarding_reply", args=[c, 999999])]
        return gets, posts

    def test_it_answers_404_to_another_kanwil_and_403_to_other_roles_on_every_case_view(self):
        gets, posts = self.urls()
        for user, expected in ((self.other_admin, 404), (self.other_pengawas, 404), (self.other_pimpinan, 404),
                               (self.operator, 403), (self.outsider, 403), (self.pegawai, 403)):
            self.login(user)
            for url in gets:
                with self.subTest(user=user.username, url=url):
                    assert self.client.get(url).status_code == expected
            for url in posts:
                with self.subTest(user=user.username, url=url):
                    r = self.client.post(url, {"note": "x", "to_state": "recommendation",
                                               "expected_state": "clarification"})
                    # a role that may never post there gets 403 before any lookup
                    assert r.status_code in (expected, 403)
        assert Case.objects.get(pk=self.case.pk).state == State.CLARIFICATION
        assert not CaseEvent.objects.filter(case=self.case, kind="note").exists()
        self.login(self.pengawas)
        for url in gets:
            assert self.client.get(url).status_code == 200, url
        self.login(self.pimpinan)
        assert self.client.get(gets[0]).status_code == 200

    def test_a_document_whose_file_is_missing_is_a_404_not_a_500(self):
        self.doc.file.storage.delete(self.doc.file.name)
        self.login(self.pengawas)
        r = self.client.get(reverse("case_document", args=[self.case.pk, self.doc.pk]))
        assert r.status_code == 404

    def test_reading_a_case_or_an_employee_file_is_logged_and_a_refused_read_is_not(self):
        from netral.core.models import AccessLog

        self.login(self.other_admin)
        self.assertEqual(self.client.get(reverse("case_detail", args=[self.case.pk])).status_code, 404)
        self.assertFalse(AccessLog.objects.exists())
        self.login(self.pengawas)
        self.assertEqual(self.client.get(reverse("case_detail", args=[self.case.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("employee_file", args=[self.budi.pk])).status_code, 200)
        got = set(AccessLog.objects.filter(user=self.pengawas).values_list("kind", "object_pk"))
        self.assertEqual(got, {("cases.case", str(self.case.pk)), ("cases.employee_file", str(self.budi.pk))})

    def test_it_shows_the_suggestion_for_every_employee_type(self):
        self.case.employees.add(self.siti)
        ppnpn = self.open(user=self.other_pengawas, employees=[self.joko], unit=self.upt_c, skb_items=["banner"])
        self.login(self.pengawas)
        r = self.client.get(reverse("case_detail", args=[self.case.pk]))
        assert "PP 49/2018" in r.text and "Penurunan jabatan setingkat" in r.text and 'id="suggestion"' in r.text
        self.login(self.other_pengawas)
        r = self.client.get(reverse("case_detail", args=[ppnpn.pk]))
        assert "SE MenPANRB 01/2023" in r.text and "Pemutusan kontrak" in r.text

    def test_it_lists_only_cases_in_scope(self):
        other = self.open(user=self.other_pengawas, employees=[self.joko], unit=self.upt_c, title="Kasus Joko")
        for user, sees, hidden in ((self.pengawas, self.case, other), (self.other_admin, other, self.case)):
            self.login(user)
            r = self.client.get(reverse("case_list"))
            assert sees.number in r.text and hidden.number not in r.text
            r = self.client.get(reverse("case_export"), {"format": "csv"})
            body = b"".join(r.streaming_content).decode("utf-8-sig")
            assert sees.number in body and hidden.number not in body

    def test_it_filters_the_list(self):
        second = self.open(title="Hadir kampanye", skb_items=["attend_campaign"])
        self.login(self.pengawas)
        r = self.client.get(reverse("case_list"), {"skb": "attend_campaign"})
        assert second.number in r.text and self.case.number not in r.text
        r = self.client.get(reverse("case_list"), {"state": "clarification"})
        assert self.case.number in r.text and second.number not in r.text
        r = self.client.get(reverse("case_list"), {"unit": self.upt_b.pk})
        assert "Belum ada kasus" in r.text
        r = self.client.get(reverse("case_list"), {"state": "tidak-ada"})
        assert r.status_code == 200  # a bad filter is ignored, not a 500

    def test_it_exports_csv_and_excel_with_formulas_neutralised(self):
        Case.objects.filter(pk=self.case.pk).update(title="=HYPERLINK(\"http://x\")")
        self.login(self.pengawas)
        r = self.client.get(reverse("case_export"), {"format": "csv"})
        rows = list(csv.reader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig"))))
        assert rows[0][0] == "Nomor" and rows[1][1].startswith("'=HYPERLINK")
        r = self.client.get(reverse("case_export"), {"format": "xlsx"})
        from openpyxl import load_workbook

        ws = load_workbook(io.BytesIO(r.content)).active
        assert ws.cell(2, 2).value.startswith("'=") and ws.cell(2, 1).value == self.case.number
        assert self.client.get(reverse("case_export"), {"format": "pdf"}).status_code == 404

    def test_it_moves_the_case_from_the_page_and_tells_the_loser(self):
        self.login(self.pengawas)
        url = reverse("case_transition", args=[self.case.pk])
        r = self.client.post(url, {"to_state": "recommendation", "expected_state": "clarification", "note": "cukup"},
                             follow=True)
        assert "Status kasus" in r.text and Case.objects.get(pk=self.case.pk).state == "recommendation"
        r = self.client.post(url, {"to_state": "recommendation", "expected_state": "clarification", "note": "dua"},
                             follow=True)
        assert "sudah dipindahkan oleh pengguna lain" in r.text

    def test_it_opens_a_case_by_hand_with_clear_errors(self):
        self.login(self.pengawas)
        url = reverse("case_create")
        r = self.client.post(url, {"title": "", "description": ""})
        assert r.status_code == 200 and "Bidang ini tidak boleh kosong" in r.text
        r = self.client.post(url, {"title": "Spanduk", "description": "Spanduk di pagar", "employees": [self.joko.pk]})
        # another Kanwil's employee is not a choice
        assert r.status_code == 200 and "bukan salah satu dari pilihan" in r.text
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        r = self.client.post(url, {"title": "Spanduk", "description": "x", "employees": [self.siti.pk],
                                   "occurred_on": tomorrow})
        assert "masa depan" in r.text
        r = self.client.post(url, {"title": "Spanduk", "description": "Spanduk di pagar", "employees": [self.siti.pk],
                                   "skb_items": ["banner"]})
        case = Case.objects.get(title="Spanduk")
        assert r.status_code == 302 and case.unit == self.upt_b and case.source == "manual"
        self.login(self.pimpinan)
        assert self.client.get(url).status_code == 403

    def test_it_uploads_signed_minutes_and_refuses_a_fake(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.login(self.pengawas)
        url = reverse("hearing_minutes_upload", args=[self.case.pk, self.hearing.pk])
        r = self.client.post(url, {"file": SimpleUploadedFile("ba.pdf", b"GIF89a not a pdf")}, follow=True)
        assert "bukan PDF" in r.text and not self.case.documents.filter(kind="minutes_signed").exists()
        r = self.client.post(url, {"file": SimpleUploadedFile("ba.pdf", b"%PDF-1.7 signed")}, follow=True)
        assert "tersimpan" in r.text and self.case.documents.filter(kind="minutes_signed").count() == 1

    def test_it_keeps_uploaded_evidence_with_its_hash_and_puts_it_in_the_package(self):
        import io
        import zipfile

        from django.core.files.uploadedfile import SimpleUploadedFile

        from netral.cases.models import CaseDocument

        self.login(self.pengawas)
        url = reverse("case_evidence", args=[self.case.pk])
        r = self.client.post(url, {"file": SimpleUploadedFile("foto.jpg", b"<?php evil")}, follow=True)
        assert "bukan PDF, JPEG, PNG atau DOCX" in r.text
        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (8, 8), "white").save(buf, "JPEG")  # a real photo: the content check decodes it
        photo = buf.getvalue()
        r = self.client.post(url, {"file": SimpleUploadedFile("../../foto spanduk.jpg", photo),
                                   "note": "Spanduk di pagar"}, follow=True)
        doc = CaseDocument.objects.get(case=self.case, kind="evidence")
        assert doc.original_name == "foto-spanduk.jpg" and doc.sha256 == CaseDocument.digest(photo)
        assert "Spanduk di pagar" in r.text
        actions.transition(self.case, State.RECOMMENDATION, self.pengawas)
        fw = actions.forward(self.case, user=self.pimpinan, to="bawaslu", sent_on=timezone.localdate())
        with fw.package.file.open("rb") as fh:
            z = zipfile.ZipFile(io.BytesIO(fh.read()))
        assert z.read(f"dokumen/{doc.pk}-foto-spanduk.jpg") == photo

    def test_admin_edits_sla_and_holidays(self):
        self.login(self.pengawas)
        assert self.client.get(reverse("case_settings")).status_code == 403
        self.login(self.admin)
        assert self.client.get(reverse("case_settings")).status_code == 200
        rule = SLARule.objects.get(key="verification")
        r = self.client.post(reverse("case_settings"), {"what": "sla", "pk": rule.pk, "label": rule.label,
                                                         "days": "0", "warn_days": "1", "legal_basis": ""}, follow=True)
        assert "antara 1 dan 365" in r.text
        self.client.post(reverse("case_settings"), {"what": "sla", "pk": rule.pk, "label": rule.label, "days": "5",
                                                     "working_days": "on", "warn_days": "1", "legal_basis": "x"})
        rule.refresh_from_db()
        assert rule.days == 5 and rule.working_days
        self.client.post(reverse("case_settings"), {"what": "holiday", "date": "2028-01-01", "name": "Tahun Baru 2028",
                                                     "kind": "national", "source": "SKB 2026"})
        assert Holiday.objects.filter(date=dt.date(2028, 1, 1)).exists()
        r = self.client.post(reverse("case_settings"), {"what": "holiday", "date": "2028-01-01", "name": "dup",
                                                         "kind": "national"}, follow=True)
        assert "sudah ada" in r.text
        holiday = Holiday.objects.get(date=dt.date(2028, 1, 1))
        r = self.client.post(reverse("case_settings"), {"what": "holiday_delete", "pk": "x"}, follow=True)
        assert "tidak ditemukan" in r.text
        r = self.client.post(reverse("case_settings"), {"what": "holiday_delete", "pk": holiday.pk})
        assert r.status_code == 200 and "Tahun Baru 2028 (1 Januari 2028) akan dihapus" in r.text
        assert Holiday.objects.filter(pk=holiday.pk).exists()
        self.client.post(reverse("case_settings"), {"what": "holiday_delete", "pk": holiday.pk, "confirmed": "yes"})
        assert not Holiday.objects.filter(pk=holiday.pk).exists()


class CasePagesAccessTests(CasesTestCase):
    LIST_PAGES = ["case_list", "case_overdue", "case_notifications", "case_export", "case_create", "case_settings"]

    def test_every_url_of_the_app_is_in_an_access_test(self):
        from netral.cases.urls import urlpatterns

        case_views = {"case_detail", "case_document", "employee_file", "case_transition", "case_assign", "case_note",
                      "case_evidence",
                      "case_extend", "hearing_create", "hearing_attendance", "hearing_letter",
                      "hearing_minutes_upload", "case_recommend", "case_sanction", "case_forward", "forwarding_reply"}
        assert {p.name for p in urlpatterns} == case_views | set(self.LIST_PAGES) | {"case_notifications_read"}

    def test_list_pages_follow_the_role(self):
        allowed = {"case_create": ("admin", "pengawas"), "case_settings": ("admin",)}
        for user in (self.admin, self.pimpinan, self.pengawas, self.operator, self.outsider, self.pegawai):
            self.login(user)
            for name in self.LIST_PAGES:
                ok = user.username in allowed.get(name, ("admin", "pimpinan", "pengawas"))
                with self.subTest(user=user.username, page=name):
                    assert self.client.get(reverse(name)).status_code == (200 if ok else 403)
        self.client.logout()
        assert self.client.get(reverse("case_list")).status_code == 302

    def test_notifications_are_the_users_own(self):
        from netral.cases.models import Notification

        case = self.open()
        Notification.objects.create(user=self.pimpinan, case=case, kind="escalation", message="Pesan pimpinan")
        self.login(self.pengawas)
        assert "Pesan pimpinan" not in self.client.get(reverse("case_notifications")).text
        self.client.post(reverse("case_notifications_read"))
        assert Notification.objects.get().read_at is None
        self.login(self.pimpinan)
        assert "Pesan pimpinan" in self.client.get(reverse("case_notifications")).text
        self.client.post(reverse("case_notifications_read"))
        assert Notification.objects.get().read_at is not None

    def test_it_assigns_a_handler_and_a_team_in_scope_only(self):
        import datetime as dt

        from netral.pledges.models import TaskForce

        case = self.open()
        mine = TaskForce.objects.create(unit=self.kanwil, name="Tim A", decree_number="1", decree_date=dt.date(2024, 1, 1))
        theirs = TaskForce.objects.create(unit=self.other_kanwil, name="Tim B", decree_number="2",
                                          decree_date=dt.date(2024, 1, 1))
        with self.assertRaisesMessage(actions.CaseError, "Tim tidak ditemukan"):
            actions.assign(case, self.pengawas, self.pengawas, team=theirs)
        with self.assertRaisesMessage(actions.CaseError, "Penanggung jawab harus"):
            actions.assign(case, self.other_pengawas, self.pengawas)
        with self.assertRaisesMessage(actions.CaseError, "Penanggung jawab harus"):
            actions.assign(case, self.operator, self.pengawas)
        self.login(self.pengawas)
        self.client.post(reverse("case_assign", args=[case.pk]), {"assignee": self.admin.pk, "team": mine.pk})
        case.refresh_from_db()
        assert case.assignee == self.admin and case.team == mine


class DashboardCardTests(CasesTestCase):
    def test_it_counts_open_and_overdue_cases_in_scope(self):
        from netral.cases.models import Deadline

        case = self.open()
        self.open(user=self.other_pengawas, employees=[self.joko], unit=self.upt_c)
        Deadline.objects.filter(case=case).update(due=timezone.localdate() - dt.timedelta(days=1))
        self.login(self.pimpinan)
        r = self.client.get(reverse("home"))
        assert "Dugaan pelanggaran" in r.text and "1 kasus lewat batas waktu" in r.text
        assert '<div class="display-6 fw-semibold">1</div>' in r.text
