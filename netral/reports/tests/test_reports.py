import io
import shutil
import subprocess
import tempfile
from datetime import date

from django.core import mail
from django.test import override_settings

from netral.core.models import Role
from netral.reports import actions, figures
from netral.reports.models import MonevReport
from netral.reports.render import SHEETS
from netral.reports.tests.fixture import ReportFixture
from netral.test import make_user


def pdf_text(data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        return subprocess.run(["pdftotext", "-layout", fh.name, "-"], capture_output=True, text=True,
                              check=True).stdout


FORM = {"title": "Laporan Monev Uji", "election": "", "phase": "kampanye", "date_from": "2024-09-25",
        "date_to": "2024-11-27", "recommendations": "Perkuat sosialisasi.\n=HYPERLINK(\"x\")",
        "place": "Semarang", "report_date": "2024-11-28", "signer_name": "Kepala Uji", "signer_nip": "",
        "signer_title": "Kepala Kanwil Uji"}


class ReportTestCase(ReportFixture):
    def create(self, user, **data):
        self.login(user)
        return self.client.post("/laporan/monev/baru/", {**FORM, "election": self.election.pk, **data})

    def test_it_generates_a_report_with_the_figures_of_the_dashboard(self):
        r = self.create(self.pengawas)
        report = MonevReport.objects.get()
        self.assertRedirects(r, f"/laporan/monev/{report.pk}/")
        self.assertEqual(report.status, "done")
        self.assertEqual(report.unit, self.kanwil)
        expected = figures.compute(self.params([self.kanwil.path], phase="kampanye"))
        for key in ("staff", "pembinaan", "monitoring", "total", "per_100"):
            self.assertEqual(report.figures[key], expected[key], key)
        self.assertEqual(report.figures["findings"]["by_skb"], expected["findings"]["by_skb"])
        self.assertTrue(report.pdf_sha256 and report.xlsx_sha256)

    def test_it_keeps_the_snapshot_when_data_changes(self):
        self.create(self.pengawas)
        report = MonevReport.objects.get()
        before = report.figures
        self.f3.status = "confirmed"
        self.f3.save()
        self.login(self.pimpinan)
        r = self.client.post(f"/laporan/monev/{report.pk}/rekomendasi/", {"recommendations": "Baru."})
        self.assertEqual(r.status_code, 302)
        report.refresh_from_db()
        self.assertEqual(report.figures, before)
        self.assertEqual(report.recommendations, "Baru.")
        self.assertEqual(report.figures["findings"]["confirmed"], 2)

    def test_it_renders_a_pdf_an_office_can_sign(self):
        if shutil.which("pdftotext") is None:
            self.skipTest("pdftotext (poppler-utils) tidak terpasang")
        self.create(self.pengawas)
        report = MonevReport.objects.get()
        text = " ".join(pdf_text(report.pdf.read()).split())
        for phrase in ("LAPORAN MONITORING DAN EVALUASI", "KANWIL UJI", "Kepala Kanwil Uji", "Kepala Uji",
                       "Semarang, 28 November 2024", "I. RINGKASAN", "II. PEMBINAAN", "III. PEMANTAUAN",
                       "IV. PENANGANAN DUGAAN PELANGGARAN", "V. TITIK RAWAN", "VI. REKOMENDASI",
                       "Perkuat sosialisasi.", "LAMPIRAN", "Lapas Uji A", "Periode 25 September 2024 – 27 November 2024",
                       "Pegawai aktif dalam cakupan 7", "Temuan dalam periode 4", "Kasus diputus dalam tenggat 1 50,0%",
                       "Median hari dari temuan sampai keputusan 15,0"):
            self.assertIn(phrase, text)
        self.assertNotIn("Kanim Uji C", text)

    def test_it_writes_a_workbook_with_a_sheet_per_section(self):
        from openpyxl import load_workbook

        self.create(self.pengawas)
        report = MonevReport.objects.get()
        wb = load_workbook(io.BytesIO(report.xlsx.read()))
        self.assertEqual(wb.sheetnames, SHEETS)
        annex = [r for r in wb["Lampiran unit"].iter_rows(values_only=True) if r and r[0] == "Jumlah"]
        # staff, reached, ikrar, signed, monitored, accounts, content, findings, confirmed, per 100
        self.assertEqual(annex[0][1:], (7, 3, 1, 2, 2, 3, 5, 4, 2, 28.57))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    self.assertFalse(c.data_type == "f", f"{ws.title}!{c.coordinate} is a formula")
        cases = {r[0]: r[1] for r in wb["Penanganan kasus"].iter_rows(values_only=True) if r and r[0]}
        self.assertEqual((cases["Kasus dalam periode"], cases["% diputus dalam tenggat"]), (3, 50.0))
        rec = [r[0] for r in wb["Rekomendasi"].iter_rows(values_only=True) if r[0]]
        self.assertIn("'=HYPERLINK(\"x\")", rec)

    def test_it_keeps_an_operator_report_to_the_operator_unit(self):
        self.create(self.operator, units=[self.upt_b.pk])  # a unit outside the scope: refused
        self.assertFalse(MonevReport.objects.exists())
        self.create(self.operator)
        report = MonevReport.objects.get()
        self.assertEqual(report.figures["staff"]["total"], 4)
        self.assertEqual([u["unit_id"] for u in report.figures["units"]], [self.upt_a.pk])
        for user, status in ((self.outsider, 404), (self.other_admin, 404), (self.pimpinan, 200),
                             (self.operator, 200)):
            self.login(user)
            self.assertEqual(self.client.get(f"/laporan/monev/{report.pk}/").status_code, status, user)
            self.assertEqual(self.client.get(f"/laporan/monev/{report.pk}/pdf/").status_code, status, user)

    def test_it_refuses_a_pegawai_and_bad_input(self):
        self.login(self.pegawai)
        self.assertEqual(self.client.get("/laporan/monev/").status_code, 403)
        r = self.create(self.pengawas, signer_nip="123", date_from="2024-11-27", date_to="2024-09-25")
        self.assertContains(r, "NIP penandatangan harus 18 digit angka.")
        self.assertContains(r, "Tanggal akhir tidak boleh sebelum tanggal awal.")
        self.assertFalse(MonevReport.objects.exists())

    def test_it_defaults_the_period_to_the_phase(self):
        self.create(self.pengawas, date_from="", date_to="", phase="pra")
        report = MonevReport.objects.get()
        self.assertEqual((report.date_from, report.date_to), (date(2024, 5, 1), date(2024, 9, 24)))

    def test_it_keeps_the_one_date_given_when_it_lies_beyond_the_phase(self):
        # red team 2: "from 20 Dec" (campaign ended 27 Nov) made a report of 27 Nov only, the date given was dropped;
        # "until 1 Sep" made a one-day report. The given end is kept and the other is 90 days away, as on the dashboard.
        self.create(self.pengawas, date_from="2024-12-20", date_to="", phase="kampanye")
        self.create(self.pengawas, date_from="", date_to="2024-09-01", phase="kampanye")
        after, before = MonevReport.objects.order_by("pk")
        self.assertEqual((after.date_from, after.date_to), (date(2024, 12, 20), date(2025, 3, 19)))
        self.assertEqual((before.date_from, before.date_to), (date(2024, 6, 4), date(2024, 9, 1)))

    def test_it_asks_for_dates_when_the_election_has_no_stage_of_the_phase(self):
        # red team 2: an election without stages gave a report of the last 90 days before today (not the election's
        # time), and a phase without stages the whole election's span under the phase's name
        from netral.elections.models import Election, Stage

        bare = Election.objects.create(slug="tanpa-tahapan", kind="pilkada", name="Tanpa Tahapan",
                                       voting_day=date(2024, 12, 1))
        r = self.create(self.pengawas, election=bare.pk, phase="", date_from="", date_to="")
        self.assertContains(r, "Pemilihan ini tidak punya tahapan untuk fase yang dipilih")
        only_voting = Election.objects.create(slug="hanya-coblos", kind="pilkada", name="Hanya Coblos",
                                              voting_day=date(2024, 12, 1))
        Stage.objects.create(election=only_voting, name="Coblos", start=date(2024, 12, 1), end=date(2024, 12, 1),
                             phase="voting")
        r = self.create(self.pengawas, election=only_voting.pk, phase="pra", date_from="", date_to="")
        self.assertContains(r, "Pemilihan ini tidak punya tahapan untuk fase yang dipilih")
        self.assertFalse(MonevReport.objects.exists())
        r = self.create(self.pengawas, election=only_voting.pk, phase="pra", date_from="2024-10-01",
                        date_to="2024-10-31")  # with both dates given, the report is made
        self.assertEqual(r.status_code, 302)

    def test_it_lists_only_reports_in_scope(self):
        self.create(self.operator)
        self.login(self.outsider)
        r = self.client.get("/laporan/monev/")
        self.assertNotContains(r, "Laporan Monev Uji")
        self.login(self.pimpinan)
        self.assertContains(self.client.get("/laporan/monev/"), "Laporan Monev Uji")

    def test_it_shows_progress_to_htmx(self):
        self.create(self.pengawas)
        report = MonevReport.objects.get()
        MonevReport.objects.filter(pk=report.pk).update(status="running", progress_done=3)
        r = self.client.get(f"/laporan/monev/{report.pk}/", HTTP_HX_REQUEST="true")
        self.assertContains(r, 'hx-trigger="every 1s"')
        self.assertContains(r, "nt-w-40")

    def test_it_runs_a_report_only_once(self):
        self.create(self.pengawas)
        report = MonevReport.objects.get()
        self.assertEqual(actions.run_report(report.pk), "skipped")


@override_settings(MONEV_REPORT_DAY=1)
class ScheduleTestCase(ReportFixture):
    def test_it_writes_last_month_report_on_the_configured_day_once(self):
        self.pimpinan.email = "kakanwil@example.go.id"
        self.pimpinan.save()
        make_user("pimpinan2", Role.PIMPINAN, self.other_kanwil, email="lain@example.go.id")
        self.assertEqual(actions.create_scheduled(date(2024, 11, 2)), [])
        made = actions.create_scheduled(date(2024, 11, 1))
        self.assertEqual(sorted(r.unit.code for r in made), ["KW", "KW2"])
        self.assertEqual(actions.create_scheduled(date(2024, 11, 1)), [])  # second run of the day
        mine = next(r for r in made if r.unit == self.kanwil)
        self.assertEqual((mine.date_from, mine.date_to, mine.phase), (date(2024, 10, 1), date(2024, 10, 31),
                                                                      "kampanye"))
        self.assertEqual(actions.run_report(mine.pk), "done")
        mine.refresh_from_db()
        self.assertEqual(mine.figures["findings"]["total"], 3)  # f1 f2 f3 in October (f6 is another Kanwil)
        self.assertEqual([m.to for m in mail.outbox], [["kakanwil@example.go.id"]])
        self.assertEqual(actions.notify_pimpinan(mine), 0)  # notified once
