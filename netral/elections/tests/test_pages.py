from datetime import date
from unittest import mock

from django.urls import reverse

from netral.elections.actions import copy_election
from netral.elections.models import Election, RiskPoint, Stage
from netral.elections.reference import load_reference_data
from netral.elections.regime import regime_for
from netral.test import BaseTestCase


class ElectionPagesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_data()
        cls.pilkada = Election.objects.get(slug="pilkada-2024")
        cls.pemilu = Election.objects.get(slug="pemilu-2024")
        RiskPoint.objects.create(unit=cls.upt_a, election=cls.pilkada, phase="campaign", title="Risiko kampanye A",
                                 likelihood=4, impact=4)
        RiskPoint.objects.create(unit=cls.upt_b, election=cls.pilkada, phase="campaign", title="Risiko kampanye B",
                                 likelihood=2, impact=4)

    def test_pages_render_for_each_role(self):
        staff_pages = [reverse("risk_list"), reverse("risk_matrix"), reverse("contestant_list", args=["pilkada-2024"])]
        all_pages = [reverse("election_list"), reverse("election_calendar", args=["pilkada-2024"]),
                     reverse("election_calendar", args=["pemilu-2024"]) + "?tanggal=2024-01-10", reverse("home")]
        for persona in (self.admin, self.pimpinan, self.pengawas, self.operator, self.pegawai, self.outsider):
            self.login(persona)
            for url in all_pages:
                with self.subTest(user=persona.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)
            for url in staff_pages:
                with self.subTest(user=persona.username, url=url):
                    expected = 403 if persona == self.pegawai else 200
                    self.assertEqual(self.client.get(url).status_code, expected)

    def test_admin_pages_are_admin_only(self):
        stage = self.pilkada.stages.first()
        urls = [reverse("election_create"), reverse("election_copy"), reverse("election_edit", args=["pilkada-2024"]),
                reverse("stage_create", args=["pilkada-2024"]), reverse("stage_edit", args=["pilkada-2024", stage.pk])]
        for persona in (self.pimpinan, self.pengawas, self.operator, self.pegawai):
            self.login(persona)
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 403, (persona.username, url))
        self.login(self.admin)
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_calendar_with_chosen_date(self):
        self.login(self.operator)
        r = self.client.get(reverse("election_calendar", args=["pilkada-2024"]), {"tanggal": "2024-10-28"})
        self.assertContains(r, "masa kampanye Pilkada 2024, hari ke-34 dari 60")
        self.assertContains(r, "Risiko kampanye A")
        self.assertNotContains(r, "Risiko kampanye B")  # another UPT
        self.assertContains(r, "Pemantauan maksimal")
        self.assertContains(r, "UU 10/2016")
        self.assertContains(r, 'data-hook="stage-activity"')
        self.assertContains(r, "Tahapan berikutnya")
        r = self.client.get(reverse("election_calendar", args=["pilkada-2024"]), {"tanggal": "28-10-2024"})
        self.assertContains(r, "tidak sah")
        # The first and last days of the calendar have no day before / after: they were a 500 (OverflowError).
        for edge in ("9999-12-31", "0001-01-01", "2023-02-29"):
            r = self.client.get(reverse("election_calendar", args=["pilkada-2024"]), {"tanggal": edge})
            self.assertContains(r, "tidak sah")
        self.assertEqual(self.client.get(reverse("election_calendar", args=["tidak-ada"])).status_code, 404)

    def test_pegawai_sees_the_calendar_without_risk_points(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("election_calendar", args=["pilkada-2024"]), {"tanggal": "2024-10-28"})
        self.assertContains(r, "hari ke-34 dari 60")
        self.assertNotContains(r, "Risiko kampanye A")

    def test_dashboard_card_when_no_election_runs(self):
        self.login(self.pegawai)
        with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 20)):
            r = self.client.get(reverse("home"))
        self.assertContains(r, "Tidak ada tahapan pemilu atau pilkada yang berjalan hari ini")
        self.assertContains(r, "Terakhir: Pilkada 2024")

    def test_dashboard_card_during_an_election(self):
        self.login(self.pimpinan)
        with mock.patch("django.utils.timezone.localdate", return_value=date(2024, 10, 28)):
            r = self.client.get(reverse("home"))
        self.assertContains(r, "Hari ini")
        self.assertContains(r, "masa kampanye Pilkada 2024, hari ke-34 dari 60")

    def test_election_list_with_date(self):
        self.login(self.pimpinan)
        r = self.client.get(reverse("election_list"), {"tanggal": "2024-02-12"})
        self.assertContains(r, "masa tenang Pemilu 2024, hari ke-2 dari 3")

    def test_copy_and_shift(self):
        shift = (date(2029, 2, 14) - date(2024, 2, 14)).days
        e = copy_election(self.pemilu, slug="pemilu-2029", name="Pemilu 2029", shift_days=shift, user=self.admin)
        self.assertEqual(e.voting_day, date(2029, 2, 14))
        self.assertEqual(e.stages.count(), self.pemilu.stages.count())
        self.assertEqual(e.candidates_set_on, self.pemilu.candidates_set_on.replace(year=2028))
        src = self.pemilu.stages.get(phase="campaign")
        dst = e.stages.get(phase="campaign")
        self.assertEqual((dst.start - src.start).days, shift)
        self.assertEqual(dst.days, src.days)
        self.assertEqual(e.contestants.count(), 0)
        self.assertEqual(regime_for(e, date(2029, 2, 14)).phase, "voting")

    def test_copy_view_by_voting_day(self):
        self.login(self.admin)
        r = self.client.post(reverse("election_copy"), {
            "source": self.pilkada.pk, "name": "Pilkada 2029", "slug": "pilkada-2029", "voting_day": "2029-11-28",
            "copy_contestants": ""})
        self.assertRedirects(r, reverse("election_calendar", args=["pilkada-2029"]))
        e = Election.objects.get(slug="pilkada-2029")
        self.assertEqual(e.voting_day, date(2029, 11, 28))
        self.assertEqual(e.stages.get(name="Masa kampanye").days, 60)
        r = self.client.post(reverse("election_copy"), {"source": self.pilkada.pk, "name": "X", "slug": "pilkada-2029"})
        self.assertContains(r, "sudah dipakai")
        self.assertContains(r, "Isi jumlah hari")

    def test_copy_view_by_days_with_contestants(self):
        self.login(self.admin)
        self.client.post(reverse("election_copy"), {"source": self.pemilu.pk, "name": "Pemilu 2029",
                                                    "slug": "pemilu-2029", "shift_days": 1827,
                                                    "copy_contestants": "on"})
        e = Election.objects.get(slug="pemilu-2029")
        self.assertEqual(e.voting_day, date(2029, 2, 14))
        self.assertEqual(e.contestants.count(), self.pemilu.contestants.count())

    def test_admin_manages_elections_and_stages(self):
        self.login(self.admin)
        r = self.client.post(reverse("election_create"), {
            "name": "Pilkada Ulang Uji", "slug": "psu-uji", "kind": "pilkada", "level": "regency",
            "region_name": "Kota Uji", "region_code": "3374", "voting_day": "2025-08-06",
            "candidates_set_on": "2025-06-01"})
        self.assertRedirects(r, reverse("election_calendar", args=["psu-uji"]))
        r = self.client.post(reverse("stage_create", args=["psu-uji"]), {
            "name": "Masa kampanye", "start": "2025-07-01", "end": "2025-06-01", "phase": "campaign"})
        self.assertContains(r, "tidak boleh sebelum")
        r = self.client.post(reverse("stage_create", args=["psu-uji"]), {
            "name": "Masa kampanye", "start": "2025-07-01", "end": "2025-08-02", "phase": "campaign",
            "intensity": "heightened"})
        self.assertEqual(r.status_code, 302)
        stage = Stage.objects.get(election__slug="psu-uji")
        self.assertEqual(stage.effective_intensity, "heightened")
        r = self.client.get(reverse("election_calendar", args=["psu-uji"]), {"tanggal": "2025-07-02"})
        self.assertContains(r, "hari ke-2 dari 33")
        r = self.client.post(reverse("stage_delete", args=["psu-uji", stage.pk]))
        self.assertContains(r, "akan dihapus")
        self.assertTrue(Stage.objects.filter(pk=stage.pk).exists())
        self.client.post(reverse("stage_delete", args=["psu-uji", stage.pk]), {"confirmed": "yes"})
        self.assertFalse(Stage.objects.filter(pk=stage.pk).exists())
        self.client.post(reverse("election_delete", args=["psu-uji"]), {"confirmed": "yes"})
        self.assertFalse(Election.objects.filter(slug="psu-uji").exists())

    def test_navigation_has_the_pemilu_group(self):
        self.login(self.operator)
        r = self.client.get(reverse("election_list"))
        self.assertContains(r, reverse("risk_matrix"))
        self.assertContains(r, "Kalender tahapan")
        self.login(self.pegawai)
        r = self.client.get(reverse("election_list"))
        self.assertNotContains(r, reverse("risk_matrix"))
