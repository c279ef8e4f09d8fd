from datetime import date

from django.urls import reverse

from netral.core.models import AuditEntry
from netral.elections.actions import adopt_templates
from netral.elections.models import Election, Level, Mitigation, RiskPoint, risk_level, risk_score
from netral.elections.reference import RISK_TEMPLATES, load_reference_data
from netral.test import BaseTestCase


class RiskLevelTestCase(BaseTestCase):
    def test_it_computes_score_and_level(self):
        self.assertEqual(risk_score(4, 5), 20)
        expected = {
            (1, 1): Level.LOW, (2, 2): Level.LOW, (1, 4): Level.LOW, (4, 1): Level.LOW,
            (1, 5): Level.MEDIUM, (3, 3): Level.MEDIUM, (2, 4): Level.MEDIUM,
            (2, 5): Level.HIGH, (3, 4): Level.HIGH, (4, 4): Level.HIGH, (3, 5): Level.HIGH,
            (4, 5): Level.VERY_HIGH, (5, 5): Level.VERY_HIGH,
        }
        for (lk, im), level in expected.items():
            with self.subTest(lk=lk, im=im):
                self.assertEqual(risk_level(lk, im), level)

    def test_every_cell_has_a_level(self):
        levels = {risk_level(lk, im) for lk in range(1, 6) for im in range(1, 6)}
        self.assertEqual(levels, set(Level.values))

    def test_out_of_range_is_refused(self):
        with self.assertRaises(ValueError):
            risk_level(0, 3)
        with self.assertRaises(ValueError):
            risk_level(3, 6)


class RiskPointTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        load_reference_data()
        cls.pilkada = Election.objects.get(slug="pilkada-2024")
        cls.risk_a = RiskPoint.objects.create(unit=cls.upt_a, election=cls.pilkada, phase="campaign",
                                              title="Risiko A", likelihood=4, impact=5)
        cls.risk_b = RiskPoint.objects.create(unit=cls.upt_b, election=cls.pilkada, phase="campaign",
                                              title="Risiko B", likelihood=2, impact=2)
        cls.mit_b = Mitigation.objects.create(risk_point=cls.risk_b, action="Mitigasi B", owner_name="Kepala")

    def test_level_is_stored_on_save(self):
        self.assertEqual((self.risk_a.score, self.risk_a.level), (20, Level.VERY_HIGH))
        self.risk_a.likelihood = 1
        self.risk_a.save()
        self.assertEqual(RiskPoint.objects.get(pk=self.risk_a.pk).level, Level.MEDIUM)

    def test_risk_points_are_audited(self):
        self.assertTrue(AuditEntry.objects.filter(model="elections.riskpoint", object_pk=str(self.risk_a.pk)).exists())
        entry = AuditEntry.objects.filter(model="elections.mitigation").first()
        self.assertEqual(entry.unit_path, self.upt_b.path)

    def test_operator_sees_only_own_unit(self):
        self.assertEqual(list(RiskPoint.objects.for_user(self.operator)), [self.risk_a])
        self.assertEqual(set(RiskPoint.objects.for_user(self.pengawas)), {self.risk_a, self.risk_b})
        self.assertEqual(list(RiskPoint.objects.for_user(self.other_admin)), [])

    def test_deleting_a_risk_point_asks_first(self):
        self.login(self.operator)
        url = reverse("risk_delete", args=[self.risk_a.pk])
        r = self.client.post(url)
        self.assertContains(r, f"Titik rawan {self.risk_a.title} akan dihapus.")
        self.assertTrue(RiskPoint.objects.filter(pk=self.risk_a.pk).exists())
        self.assertRedirects(self.client.post(url, {"confirmed": "yes"}), reverse("risk_list"))
        self.assertFalse(RiskPoint.objects.filter(pk=self.risk_a.pk).exists())

    def test_another_upts_risk_point_is_404_by_url(self):
        self.login(self.operator)
        self.assertEqual(self.client.get(reverse("risk_detail", args=[self.risk_b.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("risk_edit", args=[self.risk_b.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("risk_delete", args=[self.risk_b.pk]),
                                          {"confirmed": "yes"}).status_code, 404)
        self.login(self.pengawas)
        r = self.client.post(reverse("risk_delete", args=[self.risk_b.pk]))
        self.assertContains(r, "akan dihapus beserta 1 mitigasinya")
        self.login(self.operator)
        self.assertTrue(RiskPoint.objects.filter(pk=self.risk_b.pk).exists())
        self.assertEqual(self.client.get(reverse("mitigation_create", args=[self.risk_b.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("mitigation_status", args=[self.mit_b.pk]),
                                          {"status": "done"}).status_code, 404)
        self.assertEqual(self.client.get(reverse("risk_detail", args=[self.risk_a.pk])).status_code, 200)
        self.login(self.other_admin)
        self.assertEqual(self.client.get(reverse("risk_detail", args=[self.risk_a.pk])).status_code, 404)

    def test_list_and_matrix_are_scoped(self):
        self.login(self.operator)
        r = self.client.get(reverse("risk_list"))
        self.assertContains(r, "Risiko A")
        self.assertNotContains(r, "Risiko B")
        r = self.client.get(reverse("risk_matrix"))
        self.assertEqual(r.context["total"], 1)
        self.login(self.pimpinan)
        r = self.client.get(reverse("risk_matrix"))
        self.assertEqual(r.context["total"], 2)
        cell = next(c for row in r.context["rows"] for c in row["cells"] if (c["likelihood"], c["impact"]) == (4, 5))
        self.assertEqual(cell["n"], 1)

    def test_list_filters(self):
        self.login(self.pengawas)
        r = self.client.get(reverse("risk_list"), {"level": "very_high"})
        self.assertContains(r, "Risiko A")
        self.assertNotContains(r, "Risiko B")
        r = self.client.get(reverse("risk_list"), {"unit": self.upt_b.pk})
        self.assertNotContains(r, "Risiko A")
        r = self.client.get(reverse("risk_list"), {"phase": "quiet"})
        self.assertNotContains(r, "Risiko A")
        stage = self.pilkada.stages.get(phase="campaign")
        r = self.client.get(reverse("risk_list"), {"stage": stage.pk})
        self.assertContains(r, "Risiko A")
        r = self.client.get(reverse("risk_list"), {"likelihood": 2, "impact": 2})
        self.assertContains(r, "Risiko B")
        self.assertNotContains(r, "Risiko A")

    def test_operator_creates_a_risk_point_only_in_own_unit(self):
        self.login(self.operator)
        data = {"unit": self.upt_b.pk, "election": self.pilkada.pk, "phase": "campaign", "title": "Baru",
                "likelihood": 3, "impact": 4}
        r = self.client.post(reverse("risk_create"), data)
        self.assertEqual(r.status_code, 200)  # upt_b is not a valid choice
        self.assertFalse(RiskPoint.objects.filter(title="Baru").exists())
        data["unit"] = self.upt_a.pk
        r = self.client.post(reverse("risk_create"), data)
        rp = RiskPoint.objects.get(title="Baru")
        self.assertRedirects(r, reverse("risk_detail", args=[rp.pk]))
        self.assertEqual((rp.level, rp.created_by), (Level.HIGH, self.operator))

    def test_stage_must_match_election_and_phase(self):
        self.login(self.pengawas)
        pemilu_stage = Election.objects.get(slug="pemilu-2024").stages.get(phase="campaign")
        r = self.client.post(reverse("risk_create"), {
            "unit": self.upt_a.pk, "election": self.pilkada.pk, "phase": "campaign", "stage": pemilu_stage.pk,
            "title": "Salah", "likelihood": 3, "impact": 3})
        self.assertContains(r, "bukan milik")

    def test_pimpinan_reads_but_does_not_edit(self):
        self.login(self.pimpinan)
        self.assertEqual(self.client.get(reverse("risk_detail", args=[self.risk_a.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("risk_edit", args=[self.risk_a.pk])).status_code, 403)
        self.assertEqual(self.client.get(reverse("risk_adopt")).status_code, 403)
        self.login(self.pegawai)
        self.assertEqual(self.client.get(reverse("risk_list")).status_code, 403)

    def test_mitigation_workflow(self):
        self.login(self.operator)
        r = self.client.post(reverse("mitigation_create", args=[self.risk_a.pk]), {
            "action": "Pantau akun", "owner_name": "", "due_on": "2024-10-01", "status": "open"})
        self.assertContains(r, "Isi penanggung jawab")
        r = self.client.post(reverse("mitigation_create", args=[self.risk_a.pk]), {
            "action": "Pantau akun", "owner_name": "Kasubag Umum", "due_on": "2024-10-01", "status": "open"})
        self.assertRedirects(r, reverse("risk_detail", args=[self.risk_a.pk]))
        m = self.risk_a.mitigations.get()
        self.assertTrue(m.is_overdue(date(2024, 10, 2)))
        self.client.post(reverse("mitigation_status", args=[m.pk]), {"status": "done"})
        m.refresh_from_db()
        self.assertEqual(m.status, "done")
        self.assertFalse(m.is_overdue(date(2024, 10, 2)))
        self.assertEqual(self.client.post(reverse("mitigation_status", args=[m.pk]), {"status": "x"}).status_code, 404)

    def test_adopt_default_templates(self):
        created = adopt_templates(self.upt_a, self.pilkada, self.operator)
        self.assertEqual(len(created), len(RISK_TEMPLATES))
        self.assertEqual({rp.phase for rp in created}, {"candidacy", "campaign", "quiet", "voting"})
        self.assertTrue(all(rp.mitigations.exists() for rp in created))
        self.assertEqual(adopt_templates(self.upt_a, self.pilkada, self.operator), [])  # idempotent
        # Adjusting an adopted point is the unit's own business.
        rp = created[0]
        rp.likelihood = 1
        rp.save()
        self.assertEqual(RiskPoint.objects.get(pk=rp.pk).likelihood, 1)

    def test_adopt_view(self):
        self.login(self.operator)
        r = self.client.post(reverse("risk_adopt"), {"unit": self.upt_a.pk, "election": self.pilkada.pk,
                                                     "templates": ["socmed_campaign", "money_politics"]})
        self.assertEqual(r.status_code, 302)
        self.assertEqual(RiskPoint.objects.filter(unit=self.upt_a, template_key__in=["socmed_campaign", "money_politics"]).count(), 2)
        r = self.client.post(reverse("risk_adopt"), {"unit": self.upt_b.pk, "election": self.pilkada.pk,
                                                     "templates": ["socmed_campaign"]})
        self.assertEqual(r.status_code, 200)  # another UPT is not a choice
        self.assertFalse(RiskPoint.objects.filter(unit=self.upt_b, template_key="socmed_campaign").exists())
