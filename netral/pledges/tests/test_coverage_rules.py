"""Coverage counts only the election concerned (ikrar included), check-in only near the event,
and a PPNPN signs with their own id whatever characters it holds."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from netral.elections.models import Election
from netral.pledges import actions
from netral.pledges.models import Attendance, Event, IntegrityPact, SignError
from netral.pledges.tests.fixtures import PledgesTestCase

JKT = ZoneInfo("Asia/Jakarta")


class CoverageRulesTestCase(PledgesTestCase):
    def event(self, election, kind="sosialisasi", starts_at=None):
        e = Event.objects.create(unit=self.kanwil, title=f"{kind} {election}", kind=kind, election=election,
                                 starts_at=starts_at or timezone.now(), place="Aula", pledge_text="Kami berikrar")
        e.targets.set([self.kanwil])
        return e

    def test_it_counts_reach_only_for_events_of_the_election_concerned(self):
        other = Election.objects.create(slug="pemilu-lain", kind="pemilu", name="Pemilu Lain", voting_day="2029-02-14")
        Attendance.objects.create(event=self.event(other), employee=self.me, method="self")
        Attendance.objects.create(event=self.event(None), employee=self.a2, method="self")
        cov = actions.coverage(self.template, self.pimpinan)
        self.assertEqual(cov.total.reached, 0)
        Attendance.objects.create(event=self.event(self.election), employee=self.me, method="self")
        self.assertEqual(actions.coverage(self.template, self.pimpinan).total.reached, 1)

    def test_it_counts_ikrar_attendance_as_reach(self):
        Attendance.objects.create(event=self.event(self.election, "ikrar"), employee=self.b1, method="self")
        cov = actions.coverage(self.template, self.pimpinan)
        self.assertEqual(cov.total.reached, 1)
        self.assertEqual({r.label: r.reached for r in cov.by_unit}, {"Lapas Uji A": 0, "Rutan Uji B": 1})


class CheckinWindowTestCase(PledgesTestCase):
    def make(self, starts_at):
        e = Event.objects.create(unit=self.kanwil, title="Sosialisasi", starts_at=starts_at, place="Aula")
        e.targets.set([self.upt_a])
        return e

    def test_it_refuses_checkin_for_an_event_years_away(self):
        event = self.make(timezone.now() + timedelta(days=3 * 365))
        with self.assertRaisesMessage(ValueError, "belum dibuka"):
            actions.check_in(event, self.me, "self", self.pegawai)
        self.login(self.pegawai)
        r = self.client.post(reverse("event_checkin", args=[event.pk]), follow=True)
        self.assertContains(r, "belum dibuka")
        url = reverse("event_checkin_token", args=[actions.checkin_token(event)])
        r = self.client.get(url)
        self.assertContains(r, "belum dibuka")
        self.assertNotContains(r, "Konfirmasi hadir")
        self.assertContains(self.client.post(url, follow=True), "belum dibuka")
        self.assertFalse(Attendance.objects.exists())

    def test_it_refuses_checkin_after_the_event_day(self):
        event = self.make(timezone.now() - timedelta(days=2))
        with self.assertRaisesMessage(ValueError, "sudah ditutup"):
            actions.check_in(event, self.me, "qr", self.pegawai)
        self.assertFalse(Attendance.objects.exists())

    def test_it_opens_an_hour_before_and_closes_at_the_end_of_the_event_day(self):
        start = datetime(2024, 9, 2, 9, 0, tzinfo=JKT)
        event = self.make(start)
        self.assertFalse(actions.checkin_open(event, start - timedelta(minutes=61))[0])
        self.assertTrue(actions.checkin_open(event, start - timedelta(minutes=59))[0])
        self.assertTrue(actions.checkin_open(event, datetime(2024, 9, 2, 23, 59, tzinfo=JKT))[0])
        self.assertFalse(actions.checkin_open(event, datetime(2024, 9, 3, 0, 0, 1, tzinfo=JKT))[0])
        with override_settings(CHECKIN_OPENS_MINUTES_BEFORE=180, CHECKIN_CLOSES_DAYS_AFTER=1):
            self.assertTrue(actions.checkin_open(event, start - timedelta(minutes=170))[0])
            self.assertTrue(actions.checkin_open(event, datetime(2024, 9, 3, 20, 0, tzinfo=JKT))[0])
            self.assertFalse(actions.checkin_open(event, datetime(2024, 9, 4, 0, 0, 1, tzinfo=JKT))[0])

    def test_it_still_imports_a_paper_attendance_list_after_the_event(self):
        from netral.core.tabular import read_table
        from django.core.files.uploadedfile import SimpleUploadedFile

        event = self.make(timezone.now() - timedelta(days=30))
        table = read_table(SimpleUploadedFile("h.csv", f"nip\n{self.me.nip}\n".encode()))
        self.assertEqual(actions.import_attendance(event, table, self.operator).added, 1)


class PpnpnSignTestCase(PledgesTestCase):
    def test_a_ppnpn_whose_id_has_a_hyphen_signs_with_it(self):
        self.a3.user = self.pegawai
        self.me.user = None
        self.me.save()
        self.a3.save()
        self.assertIn("-", self.a3.internal_id)
        actions.generate_pacts(self.template)
        pact = IntegrityPact.objects.get(employee=self.a3)
        self.pegawai.refresh_from_db()
        with self.assertRaises(SignError):
            pact.sign_electronic(self.pegawai, typed_id="PPNPN-999", consent=True, text_sha256=pact.text_sha256)
        self.login(self.pegawai)
        r = self.client.post(reverse("pact_sign", args=[pact.pk]),
                             {"consent": "on", "nip": self.a3.internal_id, "text_sha256": pact.text_sha256})
        self.assertRedirects(r, reverse("pact_verify", args=[pact.code]))
        pact.refresh_from_db()
        self.assertEqual(pact.status, "signed")

    def test_an_id_with_slashes_and_lowercase_typed_differently_still_matches(self):
        self.a3.internal_id = "ppnpn/2024/07"
        self.a3.user = self.pegawai
        self.me.user = None
        self.me.save()
        self.a3.save()
        actions.generate_pacts(self.template)
        pact = IntegrityPact.objects.get(employee=self.a3)
        self.pegawai.refresh_from_db()
        pact.sign_electronic(self.pegawai, typed_id=" PPNPN/2024/07 ", consent=True, text_sha256=pact.text_sha256)
        pact.refresh_from_db()
        self.assertEqual(pact.status, "signed")
