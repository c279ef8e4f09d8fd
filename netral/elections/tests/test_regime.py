from datetime import date

from netral.elections.models import Election, Intensity, Phase, Stage
from netral.elections.reference import load_reference_data
from netral.elections.regime import current_regimes, intensity_on, nearest_elections, regime_for
from netral.test import BaseTestCase


class RegimeTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_data()
        cls.pilkada = Election.objects.get(slug="pilkada-2024")
        cls.pemilu = Election.objects.get(slug="pemilu-2024")

    def test_it_ships_both_2024_calendars(self):
        self.assertEqual(self.pemilu.voting_day, date(2024, 2, 14))
        self.assertEqual(self.pemilu.candidates_set_on, date(2023, 11, 13))
        self.assertEqual(self.pilkada.voting_day, date(2024, 11, 27))
        self.assertEqual(self.pilkada.candidates_set_on, date(2024, 9, 22))
        campaign = self.pilkada.stages.get(phase=Phase.CAMPAIGN)
        self.assertEqual((campaign.start, campaign.end, campaign.days), (date(2024, 9, 25), date(2024, 11, 23), 60))
        self.assertEqual(self.pemilu.stages.get(phase=Phase.QUIET).start, date(2024, 2, 11))

    def test_it_is_idempotent(self):
        n = Stage.objects.count()
        self.assertEqual(load_reference_data(), 0)
        self.assertEqual(Stage.objects.count(), n)

    def test_it_gives_the_issue_example(self):
        r = regime_for(self.pilkada, date(2024, 10, 28))
        self.assertEqual(r.summary, "masa kampanye Pilkada 2024, hari ke-34 dari 60")
        self.assertEqual(r.phase, Phase.CAMPAIGN)
        self.assertEqual(r.intensity, Intensity.MAXIMUM)

    def test_stage_lookup_on_the_start_day(self):
        r = regime_for(self.pilkada, date(2024, 9, 25))
        self.assertEqual(r.stage.name, "Masa kampanye")
        self.assertEqual((r.day, r.days), (1, 60))

    def test_stage_lookup_on_the_end_day(self):
        r = regime_for(self.pilkada, date(2024, 11, 23))
        self.assertEqual(r.stage.name, "Masa kampanye")
        self.assertEqual((r.day, r.days), (60, 60))

    def test_stage_lookup_on_the_day_after(self):
        r = regime_for(self.pilkada, date(2024, 11, 24))
        self.assertEqual(r.phase, Phase.QUIET)
        self.assertEqual(r.stage.name, "Masa tenang")
        self.assertEqual(r.day, 1)

    def test_voting_day_beats_counting_that_starts_the_same_day(self):
        r = regime_for(self.pilkada, date(2024, 11, 27))
        self.assertEqual(r.phase, Phase.VOTING)
        self.assertEqual(len(r.stages), 2)
        self.assertEqual(regime_for(self.pilkada, date(2024, 11, 28)).phase, Phase.COUNTING)

    def test_gap_between_stages_and_outside_the_span(self):
        r = regime_for(self.pilkada, date(2024, 9, 24))  # between numbering and campaign
        self.assertEqual(r.status, "running")
        self.assertIsNone(r.stage)
        self.assertEqual(r.next_stage.name, "Masa kampanye")
        self.assertEqual(regime_for(self.pilkada, date(2024, 5, 4)).status, "before")
        self.assertEqual(regime_for(self.pilkada, date(2024, 12, 17)).status, "after")
        self.assertEqual(regime_for(self.pilkada, date(2024, 12, 16)).status, "running")

    def test_long_preparation_stage_after_voting_day_is_post_election(self):
        r = regime_for(self.pemilu, date(2024, 5, 1))
        self.assertEqual(r.phase, Phase.POST)
        self.assertEqual(r.intensity, Intensity.NORMAL)
        self.assertEqual(r.summary, "masa pascapemilihan Pemilu 2024")

    def test_regime_before_candidates_are_set(self):
        r = regime_for(self.pilkada, date(2024, 9, 21))
        self.assertFalse(r.candidates_set)
        self.assertIn("bakal calon", r.candidate_status)
        refs = " ".join(ref for rule in r.rules for ref in rule.references)
        self.assertIn("SKB", refs)
        self.assertIn("1447.1/PM.01/K.1/09/2022", refs)
        self.assertNotIn("UU 10/2016", refs)

    def test_regime_after_candidates_are_set_pilkada(self):
        r = regime_for(self.pilkada, date(2024, 9, 22))
        self.assertTrue(r.candidates_set)
        refs = " ".join(ref for rule in r.rules for ref in rule.references)
        self.assertIn("UU 10/2016", refs)
        self.assertIn("UU 1/2015", refs)
        self.assertIn("PP 94/2021", refs)
        self.assertNotIn("SKB", refs)

    def test_regime_after_candidates_are_set_pemilu(self):
        before = regime_for(self.pemilu, date(2023, 11, 12))
        after = regime_for(self.pemilu, date(2023, 11, 13))
        self.assertFalse(before.candidates_set)
        self.assertTrue(after.candidates_set)
        refs = " ".join(ref for rule in after.rules for ref in rule.references)
        self.assertIn("UU 7/2017", refs)
        self.assertNotIn("UU 10/2016", refs)

    def test_stage_intensity_can_be_overridden(self):
        stage = self.pilkada.stages.get(name="Penetapan pasangan calon")
        self.assertEqual(regime_for(self.pilkada, stage.start).intensity, Intensity.HEIGHTENED)
        stage.intensity = Intensity.MAXIMUM
        stage.save()
        self.assertEqual(regime_for(self.pilkada, stage.start).intensity, Intensity.MAXIMUM)

    def test_current_regimes_and_intensity_on(self):
        self.assertEqual([r.election for r in current_regimes(date(2024, 11, 25))], [self.pilkada])
        self.assertEqual(intensity_on(date(2024, 11, 25)), Intensity.MAXIMUM)
        self.assertEqual(intensity_on(date(2024, 9, 1)), Intensity.HEIGHTENED)
        # Both elections run in mid-2024 (the Pemilu budget stage and the Pilkada independent support).
        self.assertEqual(len(current_regimes(date(2024, 6, 1))), 2)
        self.assertEqual(current_regimes(date(2026, 11, 1)), [])
        self.assertEqual(intensity_on(date(2026, 11, 1)), Intensity.NORMAL)

    def test_nearest_elections_when_nothing_runs(self):
        last, nxt = nearest_elections(date(2026, 11, 1))
        self.assertEqual(last, self.pilkada)
        self.assertIsNone(nxt)

    def test_election_without_stages(self):
        e = Election.objects.create(slug="kosong", kind="pilkada", name="Kosong", voting_day=date(2030, 1, 1))
        self.assertEqual(regime_for(e, date(2029, 1, 1)).status, "before")
