"""The team's intake: scoped queue, deadlines, ask, reject, merge, triage into cases; audited."""

from datetime import date

from django.urls import reverse

from netral.cases.models import Case, CaseLink, Holiday
from netral.core.models import AuditEntry, Role
from netral.test import BaseTestCase, make_user
from netral.whistle import triage
from netral.whistle.models import Message, Report, add_working_days
from netral.whistle.tests.helpers import PDF, make_report


class IntakeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pengawas_b = make_user("pengawas_b", Role.PENGAWAS, cls.upt_b)
        cls.report_a, cls.code_a = make_report(unit=cls.upt_a, text="Pengaduan tentang Lapas A")
        cls.report_b, _ = make_report(unit=cls.upt_b, text="Pengaduan tentang Rutan B")
        cls.report_k, _ = make_report(text="Pengaduan tanpa unit")  # goes to the Kanwil
        cls.report_c, _ = make_report(unit=cls.upt_c, text="Pengaduan Kanwil lain")

    def numbers(self, user):
        self.login(user)
        r = self.client.get(reverse("whistle_list") + "?status=all")
        self.assertEqual(r.status_code, 200)
        return {n for n in (self.report_a.number, self.report_b.number, self.report_k.number, self.report_c.number)
                if n in r.content.decode()}

    def test_the_queue_is_scoped_by_unit(self):
        self.assertEqual(self.report_k.unit, self.kanwil)
        self.assertEqual(self.numbers(self.pengawas), {self.report_a.number, self.report_b.number, self.report_k.number})
        self.assertEqual(self.numbers(self.pengawas_b), {self.report_b.number})
        self.assertEqual(self.numbers(self.other_admin), {self.report_c.number})

    def add_file(self):
        # Files are written per test (MEDIA_ROOT is a per-test folder), not in setUpTestData.
        from netral.whistle.actions import _store_files
        from netral.whistle.uploads import evidence_from_bytes

        _store_files(self.report_a, [evidence_from_bytes("b.pdf", PDF)])
        return self.report_a.attachments.get()

    def test_access_matrix(self):
        """Who gets what for a report of UPT A (GET pages; POST actions must match)."""
        att = self.add_file()
        gets = {"list": reverse("whistle_list"), "detail": reverse("whistle_detail", args=[self.report_a.pk]),
                "file": reverse("whistle_attachment", args=[self.report_a.pk, att.pk])}
        matrix = {
            # persona: (list, detail, file)  (the poster: PosterTestCase)
            "admin": (200, 200, 200), "pimpinan": (200, 200, 200), "pengawas": (200, 200, 200),
            "operator": (403, 404, 404),  # same UPT, but not the oversight team
            "outsider": (403, 404, 404),  # operator of another UPT
            "pengawas_b": (200, 404, 404),  # a UPT-level team sees its own UPT only
            "other_admin": (200, 404, 404),  # another Kanwil
            "pegawai": (403, 403, 403),
        }
        for name, expected in matrix.items():
            self.login(getattr(self, name))
            got = tuple(self.client.get(url).status_code for url in gets.values())
            self.assertEqual(got, expected, name)
            if expected[1] != 200:
                for action in ("acknowledge", "ask", "reject", "merge", "triage"):
                    r = self.client.post(reverse("whistle_action", args=[self.report_a.pk, action]),
                                         {"text": "x", "reason": "x", "title": "x", "target": self.report_b.pk})
                    self.assertIn(r.status_code, (403, 404), (name, action))
        self.client.logout()
        for url in gets.values():
            self.assertEqual(self.client.get(url).status_code, 302)
        self.assertEqual(Message.objects.count(), 0)
        self.assertEqual(Report.objects.get(pk=self.report_a.pk).status, Report.Status.NEW)
        self.assertFalse(Case.objects.exists())

    def test_the_team_reads_the_report_and_downloads_its_files(self):
        self.login(self.pengawas)
        r = self.client.get(reverse("whistle_detail", args=[self.report_a.pk]))
        self.assertContains(r, "Pengaduan tentang Lapas A")
        att = self.add_file()
        self.assertContains(self.client.get(reverse("whistle_detail", args=[self.report_a.pk])), "b.pdf")
        r = self.client.get(reverse("whistle_attachment", args=[self.report_a.pk, att.pk]))
        self.assertEqual(r.content, PDF)
        self.assertIn("sandbox", r["Content-Security-Policy"])
        # An attachment id of another report through this report's URL is a 404.
        other = make_report(unit=self.upt_a, files=[("c.pdf", PDF)])[0].attachments.get()
        r = self.client.get(reverse("whistle_attachment", args=[self.report_a.pk, other.pk]))
        self.assertEqual(r.status_code, 404)

    def test_the_teams_reading_is_logged_with_the_number_only(self):
        from netral.core.models import AccessLog

        self.login(self.other_admin)
        self.assertEqual(self.client.get(reverse("whistle_detail", args=[self.report_a.pk])).status_code, 404)
        self.assertFalse(AccessLog.objects.exists())
        self.login(self.pengawas)
        self.client.get(reverse("whistle_detail", args=[self.report_a.pk]))
        log = AccessLog.objects.get()
        self.assertEqual((log.user, log.kind, log.object_repr), (self.pengawas, "whistle.report", self.report_a.number))
        self.assertNotIn("Lapas A", log.object_repr)

    def test_acknowledge_deadline_is_three_working_days(self):
        self.assertEqual(add_working_days(date(2024, 10, 4), 3), date(2024, 10, 9))  # Friday -> Wednesday
        Holiday.objects.get_or_create(date=date(2024, 10, 7), defaults={"name": "Libur uji"})
        self.assertEqual(add_working_days(date(2024, 10, 4), 3), date(2024, 10, 10))
        report = Report.objects.get(pk=self.report_a.pk)
        Report.objects.filter(pk=report.pk).update(received_on=date(2024, 10, 4), ack_due=date(2024, 10, 10))
        report.refresh_from_db()
        self.login(self.pengawas)
        r = self.client.get(reverse("whistle_list") + "?status=overdue")
        self.assertContains(r, report.number)
        self.assertContains(r, "terlambat")
        self.client.post(reverse("whistle_action", args=[report.pk, "acknowledge"]))
        report.refresh_from_db()
        self.assertEqual(report.status, Report.Status.ACKNOWLEDGED)
        self.assertIsNotNone(report.acknowledged_on)
        r = self.client.get(reverse("whistle_list") + "?status=overdue")
        self.assertNotContains(r, report.number)

    def test_reject_needs_a_reason_that_the_reporter_reads(self):
        self.login(self.pengawas)
        url = reverse("whistle_action", args=[self.report_a.pk, "reject"])
        r = self.client.post(url, {"reason": "  "})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(Report.objects.get(pk=self.report_a.pk).status, Report.Status.NEW)
        r = self.client.post(url, {"reason": "Bukan pelanggaran netralitas: kegiatan dinas biasa."})
        self.assertRedirects(r, reverse("whistle_detail", args=[self.report_a.pk]))
        # A second click says it is decided, never a 500.
        r = self.client.post(url, {"reason": "lagi"}, follow=True)
        self.assertContains(r, "sudah diputuskan")
        self.assertEqual(Message.objects.filter(kind=Message.Kind.REASON).count(), 1)
        self.client.logout()
        r = self.client.post(reverse("whistle_status"), {"code": self.code_a})
        self.assertContains(r, "Tidak ditindaklanjuti")
        self.assertContains(r, "Bukan pelanggaran netralitas: kegiatan dinas biasa.")
        entry = AuditEntry.objects.filter(model="whistle.report", object_pk=str(self.report_a.pk),
                                          action="update").first()
        self.assertEqual(entry.actor_id, self.pengawas.pk)

    def test_merge_duplicates_within_scope_only(self):
        self.login(self.pengawas)
        url = reverse("whistle_action", args=[self.report_b.pk, "merge"])
        r = self.client.post(url, {"target": self.report_c.pk})  # another Kanwil's report
        self.assertEqual(r.status_code, 400)
        r = self.client.post(url, {"target": self.report_b.pk})  # itself
        self.assertEqual(r.status_code, 400)
        r = self.client.post(url, {"target": self.report_a.pk})
        self.assertRedirects(r, reverse("whistle_detail", args=[self.report_b.pk]))
        b = Report.objects.get(pk=self.report_b.pk)
        self.assertEqual((b.status, b.merged_into_id), (Report.Status.MERGED, self.report_a.pk))
        self.assertTrue(AuditEntry.objects.filter(model="whistle.report", object_pk=str(self.report_a.pk),
                                                  note__contains=b.number).exists())
        r = self.client.get(reverse("whistle_detail", args=[self.report_a.pk]))
        self.assertContains(r, b.number)
        # Merging into a merged report is refused (pick the parent).
        r = self.client.post(reverse("whistle_action", args=[self.report_k.pk, "merge"]), {"target": b.pk}, follow=True)
        self.assertContains(r, "pilih pengaduan induknya")
        self.assertEqual(Report.objects.get(pk=self.report_k.pk).status, Report.Status.NEW)

    def test_ask_the_reporter(self):
        self.login(self.pengawas)
        r = self.client.post(reverse("whistle_action", args=[self.report_a.pk, "ask"]), {"text": ""})
        self.assertEqual(r.status_code, 400)
        self.client.post(reverse("whistle_action", args=[self.report_a.pk, "ask"]), {"text": "Siapa saksinya?"})
        msg = Message.objects.get()
        self.assertEqual((msg.author, msg.staff_id, msg.text()), ("team", self.pengawas.pk, "Siapa saksinya?"))
        self.assertEqual(Report.objects.get(pk=self.report_a.pk).status, Report.Status.ACKNOWLEDGED)

    def test_triage_into_a_new_case(self):
        self.login(self.pengawas)
        url = reverse("whistle_action", args=[self.report_a.pk, "triage"])
        r = self.client.post(url, {"title": "", "case": ""})
        self.assertEqual(r.status_code, 400)
        r = self.client.post(url, {"title": "Dugaan kampanye di Lapas A", "unit": self.upt_a.pk})
        self.assertRedirects(r, reverse("whistle_detail", args=[self.report_a.pk]))
        case = Case.objects.get()
        self.assertEqual((case.unit, case.source), (self.upt_a, "report"))
        self.assertNotIn("Pengaduan tentang Lapas A", case.description)  # content stays sealed here
        self.assertTrue(CaseLink.objects.filter(case=case, object_id=str(self.report_a.pk)).exists())
        report = Report.objects.get(pk=self.report_a.pk)
        self.assertEqual(report.status, Report.Status.TRIAGED)
        self.assertEqual(report.cases(), [case])
        self.assertIsNone(report.expires_on())  # kept while the case is open
        r = self.client.get(reverse("whistle_detail", args=[report.pk]))
        self.assertContains(r, case.number)

    def test_triage_into_an_existing_case_is_scoped(self):
        own = triage.triage(self.report_k, self.pengawas, title="Kasus Kanwil")
        foreign = triage.triage(self.report_c, self.other_admin, title="Kasus Kanwil lain")
        self.login(self.pengawas)
        url = reverse("whistle_action", args=[self.report_a.pk, "triage"])
        r = self.client.post(url, {"case": foreign.pk})
        self.assertEqual(r.status_code, 400)
        self.assertFalse(CaseLink.objects.filter(case=foreign, object_id=str(self.report_a.pk)).exists())
        r = self.client.post(url, {"case": own.pk})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(Report.objects.get(pk=self.report_a.pk).cases(), [own])
        # A UPT-B pengawas cannot open a case on a unit outside their scope through triage.
        with self.assertRaises(Exception):
            triage.triage(self.report_b, self.pengawas_b, title="x", unit=self.upt_a)
        self.assertEqual(Report.objects.get(pk=self.report_b.pk).status, Report.Status.NEW)

    def test_dashboard_card(self):
        self.login(self.pengawas)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "Buka antrean pengaduan")
        self.login(self.operator)
        self.assertNotContains(self.client.get(reverse("home")), "Buka antrean pengaduan")


class PosterTestCase(BaseTestCase):
    def test_the_team_prints_an_a4_poster_with_a_qr_code(self):
        self.login(self.pengawas)
        r = self.client.get(reverse("whistle_poster"))
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        self.login(self.operator)
        self.assertEqual(self.client.get(reverse("whistle_poster")).status_code, 403)
